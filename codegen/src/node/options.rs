//! `options.js` / `options.d.ts`: the client and call options of the core's table
//! (`smtpprovider::OPTIONS`) as JS spells them: camelCase names, durations in milliseconds. The
//! JS layer refuses any other name (`lib/options.js`); TypeScript users get each option's type
//! and doc.

use smtpprovider::{OptionInfo, OptionKind, OPTIONS};

use super::jsdoc;
use crate::header;
use crate::names::camel;

/// The TypeScript type of each kind of option value.
fn ts_type(kind: OptionKind) -> &'static str {
    match kind {
        OptionKind::Duration | OptionKind::Count | OptionKind::Bytes => "number",
        OptionKind::Flag => "boolean",
        _ => "string",
    }
}

/// The option's doc for JS: durations say their unit, and the default.
fn doc(option: &OptionInfo) -> String {
    let unit = if option.kind == OptionKind::Duration {
        " In milliseconds."
    } else {
        ""
    };
    format!("{}{unit} Default: {}.", option.summary(), option.default)
}

fn names(per_call: bool) -> String {
    OPTIONS
        .iter()
        .filter(|option| option.per_call || !per_call)
        .map(|option| format!("'{}'", camel(option.name)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn javascript() -> String {
    let mut out = header("//");
    out.push_str("'use strict'\n\n");
    out.push_str("/** The client options' names (the core's option table). */\n");
    out.push_str(&format!("exports.CLIENT_OPTIONS = [{}]\n", names(false)));
    out.push_str("/** The options a call, or `client.withOptions()`, may override. */\n");
    out.push_str(&format!("exports.CALL_OPTIONS = [{}]\n", names(true)));
    out
}

pub(super) fn declarations() -> String {
    let mut out = header("//");
    for (name, intro, per_call) in [
        (
            "ClientOptions",
            "The settings of a client; every field is optional.",
            false,
        ),
        (
            "CallSettings",
            "What a call, or `client.withOptions()`, may override.",
            true,
        ),
    ] {
        out.push_str(&format!(
            "\n{}export interface {name} {{\n",
            jsdoc("", intro)
        ));
        for option in OPTIONS.iter().filter(|option| option.per_call || !per_call) {
            out.push_str(&jsdoc("  ", &doc(option)));
            out.push_str(&format!(
                "  {}?: {}\n",
                camel(option.name),
                ts_type(option.kind)
            ));
        }
        out.push_str("}\n");
    }
    out
}
