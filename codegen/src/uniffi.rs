//! The Kotlin and Swift that uniffi cannot write: `details` on the error type itself, whatever
//! its case. uniffi gives each case of `SmtpProviderError` its own `details` (Kotlin
//! `SmtpProviderException.NotFound.details`, Swift `.NotFound(details:)`), not the type, so code
//! that catches any error would have to list the kinds; these accessors list them, from the
//! core's [`smtpprovider::KINDS`], so a kind added there is here after the next run.

use smtpprovider::KINDS;

use crate::{header, Output};

/// The Kotlin extension, in the SDK artifact's sources, and the Swift extension, which
/// `uniffi/scripts/generate.sh` copies beside the generated Swift of the `SmtpProvider` module.
pub fn outputs() -> Vec<Output> {
    vec![
        Output {
            path:
                "uniffi/jvm/smtpprovider/src/main/kotlin/com/smtpprovider/ErrorDetailsOfAnyKind.kt",
            content: kotlin(),
        },
        Output {
            path: "uniffi/swift/ErrorDetailsOfAnyKind.swift",
            content: swift(),
        },
    ]
}

fn kotlin() -> String {
    let mut out = header("//");
    out.push_str(
        "package com.smtpprovider\n\n\
         /** What a failed call knows, whatever its kind: `catch (e: SmtpProviderException) { e.details.status }`. */\n\
         val SmtpProviderException.details: ErrorDetails\n    get() = when (this) {\n",
    );
    for kind in &KINDS {
        out.push_str(&format!(
            "        is SmtpProviderException.{name} -> details\n",
            name = kind.name
        ));
    }
    out.push_str("    }\n");
    out
}

fn swift() -> String {
    let mut out = header("//");
    out.push_str(
        "extension SmtpProviderError {\n    \
         /// What a failed call knows, whatever its kind: `catch let error as SmtpProviderError { error.details.status }`.\n    \
         public var details: ErrorDetails {\n        switch self {\n",
    );
    for kind in &KINDS {
        out.push_str(&format!(
            "        case .{name}(let details): return details\n",
            name = kind.name
        ));
    }
    out.push_str("        }\n    }\n}\n");
    out
}
