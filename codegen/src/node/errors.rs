//! One error class per `ErrorKind`, under `SmtpProviderError`.

use smtpprovider::ErrorKind;

use super::jsdoc;
use crate::header;

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
         /** The base class of every error the SDK raises; `code` is its kind. */\n\
         class SmtpProviderError extends Error {\n\
         \x20 constructor(payload) {\n\
         \x20   super(payload.message)\n\
         \x20   this.name = new.target.name\n\
         \x20   this.code = payload.kind\n\
         \x20   this.status = payload.status ?? null\n\
         \x20   this.endpoint = payload.endpoint ?? null\n\
         \x20   this.messages = payload.messages ?? []\n\
         \x20   this.retryAfter = payload.retryAfter ?? null\n\
         \x20   this.fieldPath = payload.fieldPath ?? null\n\
         \x20   this.location = payload.location ?? null\n\
         \x20   this.bodyExcerpt = payload.bodyExcerpt ?? null\n\
         \x20 }\n\
         }\n\n",
    );
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
    out.push_str(
        "/** The base class of every error the SDK raises; `code` is its kind. */\n\
         export declare class SmtpProviderError extends Error {\n\
         \x20 /** The error's kind. */\n\
         \x20 readonly code: ErrorCode\n\
         \x20 /** The HTTP status, when a response arrived. */\n\
         \x20 readonly status: number | null\n\
         \x20 /** The call that failed, e.g. `domains.add`. */\n\
         \x20 readonly endpoint: string | null\n\
         \x20 /** The API's messages, in the order it sent them. */\n\
         \x20 readonly messages: string[]\n\
         \x20 /** How many seconds the API asked to wait (429). */\n\
         \x20 readonly retryAfter: number | null\n\
         \x20 /** Where in the JSON decoding failed (`Decode`). */\n\
         \x20 readonly fieldPath: string | null\n\
         \x20 /** Where a redirect that was not followed pointed (`Server`). */\n\
         \x20 readonly location: string | null\n\
         \x20 /** The first bytes of a body that was not the API's JSON (`Server`, a proxy's refusal). */\n\
         \x20 readonly bodyExcerpt: string | null\n\
         }\n\n",
    );
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
