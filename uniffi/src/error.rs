//! [`SmtpProviderError`]: the core's [`Error`] as a uniffi error, one variant per kind, each with
//! the same fields (Kotlin: `SmtpProviderException.NotFound(...)`, Swift:
//! `SmtpProviderError.NotFound(...)`), so callers `when`/`catch` on the kind and read the details.

use smtpprovider::{Error, ErrorContext, ErrorKind};

/// Declares the error enum with the same fields on every variant, and the conversion from the
/// core's error. The `match` on [`ErrorKind`] in the conversion is exhaustive, so a kind added to
/// the core does not compile until it has its variant here.
macro_rules! error_enum {
    ($( $kind:ident, )+) => {
        /// Why a call failed. Each variant is one of the core's [`ErrorKind`]s and carries:
        ///
        /// - `kind`: the same kind as a value, for code that logs or counts errors;
        /// - `status`: the HTTP status, when an answer came;
        /// - `endpoint`: the call, e.g. `domains.add`;
        /// - `messages`: the API's messages (a validation error's list);
        /// - `retry_after_ms`: how long the API asked to wait (`RateLimited`);
        /// - `field_path`: where a `Decode` error was found in the JSON;
        /// - `detail`: the whole description, as the core's `Display` writes it (no token in it).
        ///
        /// (No field is named `message`: Kotlin exceptions have one of their own, which uniffi
        /// writes from these fields.)
        #[derive(Debug, uniffi::Error)]
        pub enum SmtpProviderError {
            $(
                $kind {
                    kind: ErrorKind,
                    status: Option<u16>,
                    endpoint: Option<String>,
                    messages: Vec<String>,
                    retry_after_ms: Option<u64>,
                    field_path: Option<String>,
                    detail: String,
                },
            )+
        }

        impl From<Error> for SmtpProviderError {
            fn from(error: Error) -> Self {
                let kind = error.kind();
                let status = error.status();
                let endpoint = error.endpoint().map(str::to_owned);
                let messages = error.messages().to_vec();
                let retry_after_ms = error.retry_after().map(|d| d.as_millis() as u64);
                let field_path = error.field_path().map(str::to_owned);
                let detail = error.to_string();
                match kind {
                    $( ErrorKind::$kind => SmtpProviderError::$kind {
                        kind, status, endpoint, messages, retry_after_ms, field_path, detail,
                    }, )+
                }
            }
        }

        impl SmtpProviderError {
            /// The error's kind.
            pub fn kind(&self) -> ErrorKind {
                match self {
                    $( SmtpProviderError::$kind { kind, .. } )|+ => *kind,
                }
            }

            /// The whole description.
            pub fn detail(&self) -> &str {
                match self {
                    $( SmtpProviderError::$kind { detail, .. } )|+ => detail,
                }
            }
        }
    };
}

// The kinds' meanings are documented once, on the core's `ErrorKind` (which Kotlin and Swift also get).
error_enum! {
    Authentication,
    WrongUser,
    Validation,
    NotFound,
    RateLimited,
    Server,
    Timeout,
    Connection,
    Decode,
    InvalidInput,
}

impl std::fmt::Display for SmtpProviderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.detail())
    }
}

impl std::error::Error for SmtpProviderError {}

/// An `InvalidInput` error for a bad argument of this binding's own (not the core's).
pub(crate) fn invalid_input(detail: impl Into<String>) -> SmtpProviderError {
    local(ErrorKind::InvalidInput, None, detail.into()).into()
}

fn local(kind: ErrorKind, endpoint: Option<&'static str>, detail: String) -> Error {
    let context = ErrorContext {
        endpoint,
        detail: Some(detail),
        ..ErrorContext::default()
    };
    Error::new(kind, context)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_becomes_the_variant_of_its_name_with_the_details() {
        for kind in ErrorKind::ALL {
            let error: SmtpProviderError =
                local(kind, Some("domains.add"), "what happened".into()).into();
            assert_eq!(error.kind(), kind);
            let debug = format!("{error:?}");
            assert!(
                debug.starts_with(&format!("{} {{", kind.as_str())),
                "{kind:?} is the variant {debug}"
            );
            assert!(
                error.detail().contains("what happened"),
                "{}",
                error.detail()
            );
            assert!(debug.contains("endpoint: Some(\"domains.add\")"), "{debug}");
        }
    }
}
