//! [`SmtpProviderError`]: the core's [`Error`] as a uniffi error, one variant per kind, each
//! carrying one [`ErrorDetails`] (Kotlin: `catch (e: SmtpProviderException.NotFound)` and
//! `e.details.status`; Swift: `catch SmtpProviderError.NotFound(let details)`), so callers
//! `when`/`catch` on the kind and read the fields as properties, not by position.

use std::collections::HashMap;
use std::time::Duration;

use smtpprovider::{Error, ErrorContext, ErrorKind, RateLimit};

/// What a failed call knows, the same for every kind. No credential is ever in it.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ErrorDetails {
    /// The kind, as a value, for code that logs or counts errors.
    pub kind: ErrorKind,
    /// The HTTP status, when an answer came.
    pub status: Option<u16>,
    /// The call, e.g. `domains.add`.
    pub endpoint: Option<String>,
    /// The API's messages, in order (a validation error's list).
    pub messages: Vec<String>,
    /// How long the API asked to wait (`RateLimited`).
    pub retry_after: Option<Duration>,
    /// The rate limit as the client knew it when the call failed: limit, remaining, reset.
    pub rate_limit: Option<RateLimit>,
    /// The answer's headers (lower-case names), when an answer arrived; empty otherwise.
    pub headers: HashMap<String, String>,
    /// Where a `Decode` error was found in the JSON, e.g. `data.domains[3].id`.
    pub field_path: Option<String>,
    /// Where a redirect that was not followed pointed (`Server`).
    pub location: Option<String>,
    /// The first bytes of a body that was not the API's JSON (`Server`, a proxy's page).
    pub body_excerpt: Option<String>,
    /// The whole description, as the core's `Display` writes it.
    pub detail: String,
}

impl From<&Error> for ErrorDetails {
    fn from(error: &Error) -> Self {
        ErrorDetails {
            kind: error.kind(),
            status: error.status(),
            endpoint: error.endpoint().map(str::to_owned),
            messages: error.messages().to_vec(),
            retry_after: error.retry_after(),
            rate_limit: error.rate_limit(),
            headers: error.headers().iter().cloned().collect(),
            field_path: error.field_path().map(str::to_owned),
            location: error.location().map(str::to_owned),
            body_excerpt: error.context().body_excerpt.clone(),
            detail: error.to_string(),
        }
    }
}

/// Declares the error enum, one variant per kind, each with the [`ErrorDetails`], and the
/// conversion from the core's error. The `match` on [`ErrorKind`] in the conversion is
/// exhaustive, so a kind added to the core does not compile until it has its variant here.
macro_rules! error_enum {
    ($( $kind:ident, )+) => {
        /// Why a call failed: one variant per [`ErrorKind`], each with the [`ErrorDetails`].
        /// (The field is not named `message`: Kotlin exceptions have one of their own, which
        /// uniffi writes from the fields.)
        #[derive(Debug, uniffi::Error)]
        pub enum SmtpProviderError {
            $( $kind { details: ErrorDetails }, )+
        }

        impl From<Error> for SmtpProviderError {
            fn from(error: Error) -> Self {
                let details = ErrorDetails::from(&error);
                match error.kind() {
                    $( ErrorKind::$kind => SmtpProviderError::$kind { details }, )+
                }
            }
        }

        impl SmtpProviderError {
            /// What the error knows.
            pub fn details(&self) -> &ErrorDetails {
                match self {
                    $( SmtpProviderError::$kind { details } )|+ => details,
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
        f.write_str(&self.details().detail)
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
            let details = error.details();
            assert_eq!(details.kind, kind);
            let debug = format!("{error:?}");
            assert!(
                debug.starts_with(&format!("{} {{", kind.as_str())),
                "{kind:?} is the variant {debug}"
            );
            assert!(
                details.detail.contains("what happened"),
                "{}",
                details.detail
            );
            assert_eq!(details.endpoint.as_deref(), Some("domains.add"));
        }
    }
}
