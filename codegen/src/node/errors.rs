//! One error class per `ErrorKind`, under `SmtpProviderError`, whose fields are the core's
//! `ERROR_FIELDS`.

use smtpprovider::{ErrorFieldKind, ErrorKind, ERROR_FIELDS};

use super::jsdoc;
use crate::header;
use crate::names::camel;

/// Every exported name of `errors.js`.
pub(super) fn exported_names() -> Vec<&'static str> {
    let mut names = vec!["SmtpProviderError"];
    names.extend(ErrorKind::ALL.iter().map(|kind| kind.class_name()));
    names
}

pub(super) fn javascript() -> String {
    let mut out = header("//");
    out.push_str(
        "'use strict'\n\n\
         const { rateLimitOf } = require('../lib/answers.js')\n\n\
         /** The base class of every error the SDK raises; `code` is its kind. */\n\
         class SmtpProviderError extends Error {\n\
         \x20 constructor(payload) {\n\
         \x20   super(payload.message)\n\
         \x20   this.name = new.target.name\n\
         \x20   this.code = payload.kind\n",
    );
    for field in ERROR_FIELDS {
        let name = camel(field.name);
        out.push_str(&match field.kind {
            ErrorFieldKind::Messages => format!("    this.{name} = payload.{name} ?? []\n"),
            ErrorFieldKind::RateLimit => format!("    this.{name} = rateLimitOf(payload.{name})\n"),
            ErrorFieldKind::Headers => format!("    this.{name} = payload.{name} ?? {{}}\n"),
            _ => format!("    this.{name} = payload.{name} ?? null\n"),
        });
    }
    out.push_str("  }\n}\n\n");

    for kind in ErrorKind::ALL {
        out.push_str(&jsdoc("", kind.info().description));
        out.push_str(&format!(
            "class {} extends SmtpProviderError {{}}\n\n",
            kind.class_name()
        ));
    }
    out.push_str(
        "/** The class of each error kind, by `code`. */\nconst ERROR_CLASSES = Object.freeze({\n",
    );
    for kind in ErrorKind::ALL {
        out.push_str(&format!("  {}: {},\n", kind.as_str(), kind.class_name()));
    }
    out.push_str("})\n\nmodule.exports = {\n");
    for name in exported_names() {
        out.push_str(&format!("  {name},\n"));
    }
    out.push_str("  ERROR_CLASSES,\n}\n");
    out
}

pub(super) fn declarations() -> String {
    let mut out = header("//");
    let codes: Vec<String> = ErrorKind::ALL
        .iter()
        .map(|kind| format!("'{}'", kind.as_str()))
        .collect();
    out.push_str(&format!(
        "\n/** Every error kind: the `code` of an error. */\nexport type ErrorCode = {}\n\n",
        codes.join(" | ")
    ));
    out.push_str(concat!(
        "/** The rate limit as the client knew it: `limit` calls per window, `remaining` in this\n",
        " * one, and when the window reopens (the API's own after a 429, else the latest it can end). */\n",
        "export interface RateLimit {\n",
        "  readonly limit: number\n",
        "  readonly remaining: number\n",
        "  readonly reset: Date | null\n",
        "}\n\n",
    ));
    out.push_str(
        "/** The base class of every error the SDK raises; `code` is its kind. */\n\
         export declare class SmtpProviderError extends Error {\n\
         \x20 /** The error's kind. */\n\
         \x20 readonly code: ErrorCode\n",
    );
    for field in ERROR_FIELDS {
        let ty = match field.kind {
            ErrorFieldKind::Status => "number | null",
            ErrorFieldKind::Messages => "string[]",
            ErrorFieldKind::Duration => "number | null",
            ErrorFieldKind::RateLimit => "RateLimit | null",
            ErrorFieldKind::Headers => "Record<string, string>",
            _ => "string | null",
        };
        let unit = if field.kind == ErrorFieldKind::Duration {
            " In seconds."
        } else {
            ""
        };
        out.push_str(&jsdoc("  ", &format!("{}{unit}", field.doc)));
        out.push_str(&format!("  readonly {}: {ty}\n", camel(field.name)));
    }
    out.push_str("}\n\n");
    for kind in ErrorKind::ALL {
        out.push_str(&jsdoc("", kind.info().description));
        out.push_str(&format!(
            "export declare class {} extends SmtpProviderError {{\n  readonly code: '{}'\n}}\n\n",
            kind.class_name(),
            kind.as_str()
        ));
    }
    out.push_str(
        "/** The class of each error kind, by `code`. */\nexport declare const ERROR_CLASSES: {\n",
    );
    for kind in ErrorKind::ALL {
        out.push_str(&format!(
            "  readonly {}: typeof {}\n",
            kind.as_str(),
            kind.class_name()
        ));
    }
    out.push_str("}\n");
    out
}
