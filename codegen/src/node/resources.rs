//! `resources.js` / `.d.ts`: a class per resource (`Domains`, `MailingLists`) with one camelCase
//! method per endpoint, each a call of the client's generic `_call(id, args, options)`, and the
//! `Resources` base class that gives a client its resource properties.
//!
//! Arguments are positional in the table's order. Optional text arguments come last and may be
//! left out, so the call options object can follow the required arguments directly
//! (`mail.sendWelcome(to, shop, { signal })`); the `.d.ts` has an overload per count given.

use smtpprovider::{
    ArgInfo, ArgKind, EndpointInfo, HelperArgKind, HelperInfo, ResourceInfo, HELPERS, RESOURCES,
};

use super::jsdoc;
use super::models::result_type;
use crate::header;
use crate::names::camel;

/// The calls of a resource, checked for the one rule the generated methods rely on: optional
/// arguments come after the required ones.
fn calls(resource: &ResourceInfo) -> Vec<&'static EndpointInfo> {
    let calls: Vec<_> = EndpointInfo::of_resource(resource.name).collect();
    for call in &calls {
        let first_optional = call.args.iter().position(is_optional);
        if let Some(first) = first_optional {
            assert!(
                call.args[first..].iter().all(is_optional),
                "{}: optional arguments must come last for the Node methods",
                call.id
            );
        }
    }
    calls
}

fn is_optional(arg: &ArgInfo) -> bool {
    arg.kind == ArgKind::OptionalText
}

fn arg_type(kind: ArgKind) -> &'static str {
    match kind {
        ArgKind::Text | ArgKind::Secret => "string",
        ArgKind::OptionalText => "string | null | undefined",
        ArgKind::Id => "number",
        ArgKind::Request(request) => request.name,
    }
}

fn method_doc(call: &EndpointInfo) -> String {
    format!("{} `{} {}`", call.doc, call.method.as_str(), call.path)
}

/// The helpers of a resource (`domains.waitVerified`).
fn helpers(resource: &ResourceInfo) -> impl Iterator<Item = &'static HelperInfo> + '_ {
    HELPERS.iter().filter(move |h| h.resource == resource.name)
}

/// A helper's arguments: the required (text) ones, positional, and the durations, which are
/// fields of its last argument, in milliseconds as every time in the Node API.
fn helper_args(helper: &HelperInfo) -> (Vec<&'static str>, Vec<(&'static str, f64, &'static str)>) {
    let mut texts = Vec::new();
    let mut durations = Vec::new();
    for arg in helper.args {
        match arg.kind {
            HelperArgKind::Text => texts.push(arg.name),
            HelperArgKind::Seconds { default, .. } => durations.push((arg.name, default, arg.doc)),
        }
    }
    (texts, durations)
}

fn helper_javascript(helper: &HelperInfo) -> String {
    let (texts, durations) = helper_args(helper);
    let params: Vec<String> = texts
        .iter()
        .map(|name| camel(name))
        .chain(["options".to_owned()])
        .collect();
    let wire: Vec<String> = texts
        .iter()
        .map(|name| format!("{name}: {}", camel(name)))
        .chain(["...own".to_owned()])
        .collect();
    let names: Vec<String> = durations
        .iter()
        .map(|(name, ..)| format!("'{}'", camel(name)))
        .collect();
    let mut out = String::from("\n");
    out.push_str(&jsdoc("  ", helper.doc));
    out.push_str(&format!(
        "  {}({}) {{\n    const [own, rest] = helperOptions(options, [{}])\n    return this.#client._call('{id}', {{ {} }}, rest)\n  }}\n",
        camel(helper.name),
        params.join(", "),
        names.join(", "),
        wire.join(", "),
        id = helper.id,
    ));
    out
}

fn helper_declaration(helper: &HelperInfo) -> String {
    let (texts, durations) = helper_args(helper);
    let fields: Vec<String> = durations
        .iter()
        .map(|(name, default, doc)| {
            format!(
                "/** {} (default {} ms) */ {}?: number",
                capitalized(doc),
                default * 1000.0,
                camel(name)
            )
        })
        .collect();
    let params: Vec<String> = texts
        .iter()
        .map(|name| format!("{}: string", camel(name)))
        .chain([format!(
            "options?: Omit<CallOptions, 'timeout'> & {{ {} }}",
            fields.join("; ")
        )])
        .collect();
    let mut out = jsdoc("  ", helper.doc);
    out.push_str(&format!(
        "  {}({}): Promise<{}>\n",
        camel(helper.name),
        params.join(", "),
        helper.returns
    ));
    out
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub(super) fn javascript() -> String {
    let mut out = header("//");
    out.push_str(
        "'use strict'\n\nconst { helperOptions, trailing } = require('../lib/args.js')\n\n",
    );
    for resource in RESOURCES {
        out.push_str(&jsdoc("", resource.doc));
        out.push_str(&format!(
            "class {} {{\n  #client\n\n  constructor(client) {{\n    this.#client = client\n  }}\n",
            resource.handle
        ));
        for call in calls(resource) {
            let required: Vec<&ArgInfo> = call.args.iter().filter(|a| !is_optional(a)).collect();
            let optional: Vec<&ArgInfo> = call.args.iter().filter(|a| is_optional(a)).collect();
            let mut params: Vec<String> = required.iter().map(|a| camel(a.name)).collect();
            params.push(if optional.is_empty() {
                "options".to_owned()
            } else {
                "...rest".to_owned()
            });
            out.push('\n');
            out.push_str(&jsdoc("  ", &method_doc(call)));
            out.push_str(&format!(
                "  {}({}) {{\n",
                camel(call.name),
                params.join(", ")
            ));
            if !optional.is_empty() {
                let names: Vec<String> = optional.iter().map(|a| camel(a.name)).collect();
                out.push_str(&format!(
                    "    const [{}, options] = trailing(rest, {})\n",
                    names.join(", "),
                    optional.len()
                ));
            }
            let args: Vec<String> = call
                .args
                .iter()
                .map(|a| {
                    let js = camel(a.name);
                    if js == a.name {
                        js
                    } else {
                        format!("{}: {js}", a.name)
                    }
                })
                .collect();
            let args = if args.is_empty() {
                "{}".to_owned()
            } else {
                format!("{{ {} }}", args.join(", "))
            };
            out.push_str(&format!(
                "    return this.#client._call('{}', {args}, options)\n  }}\n",
                call.id
            ));
        }
        for helper in helpers(resource) {
            out.push_str(&helper_javascript(helper));
        }
        out.push_str("}\n\n");
    }
    out.push_str("/** Gives a client one property per resource (`client.domains`, `client.mailingLists`). */\nclass Resources {\n  constructor() {\n");
    for resource in RESOURCES {
        out.push_str(&format!(
            "    this.{} = new {}(this)\n",
            camel(resource.name),
            resource.handle
        ));
    }
    out.push_str("  }\n}\n\nmodule.exports = {\n");
    for resource in RESOURCES {
        out.push_str(&format!("  {},\n", resource.handle));
    }
    out.push_str("  Resources,\n}\n");
    out
}

pub(super) fn declarations() -> String {
    let mut out = header("//");
    let mut types: Vec<&str> = Vec::new();
    for resource in RESOURCES {
        for call in calls(resource) {
            for name in
                call.returns
                    .model()
                    .map(|m| m.name)
                    .into_iter()
                    .chain(call.args.iter().filter_map(|a| match a.kind {
                        ArgKind::Request(request) => Some(request.name),
                        _ => None,
                    }))
            {
                if !types.contains(&name) {
                    types.push(name);
                }
            }
        }
    }
    out.push_str(&format!(
        "import type {{ {} }} from './models'\nimport type {{ CallOptions }} from '../lib/options'\n\n",
        types.join(", ")
    ));
    for resource in RESOURCES {
        out.push_str(&jsdoc("", resource.doc));
        out.push_str(&format!("export declare class {} {{\n", resource.handle));
        for call in calls(resource) {
            let returns = format!("Promise<{}>", result_type(call.returns));
            let required: Vec<String> = call
                .args
                .iter()
                .filter(|a| !is_optional(a))
                .map(|a| format!("{}: {}", camel(a.name), arg_type(a.kind)))
                .collect();
            let optional: Vec<String> = call
                .args
                .iter()
                .filter(|a| is_optional(a))
                .map(|a| format!("{}: {}", camel(a.name), arg_type(a.kind)))
                .collect();
            for given in 0..=optional.len() {
                let mut params = required.clone();
                params.extend(optional[..given].iter().cloned());
                params.push("options?: CallOptions".to_owned());
                out.push_str(&jsdoc("  ", &method_doc(call)));
                out.push_str(&format!(
                    "  {}({}): {returns}\n",
                    camel(call.name),
                    params.join(", ")
                ));
            }
        }
        for helper in helpers(resource) {
            out.push_str(&helper_declaration(helper));
        }
        out.push_str("}\n\n");
    }
    out.push_str("/** The resource properties every client has. */\nexport declare abstract class Resources {\n");
    for resource in RESOURCES {
        out.push_str(&jsdoc("  ", resource.doc));
        out.push_str(&format!(
            "  readonly {}: {}\n",
            camel(resource.name),
            resource.handle
        ));
    }
    out.push_str("}\n");
    out
}

/// Every exported name of `resources.js`.
pub(super) fn exported_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = RESOURCES.iter().map(|r| r.handle).collect();
    names.push("Resources");
    names
}
