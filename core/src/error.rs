//! [`Error`] and its stable [`ErrorKind`]: the one error type every call returns, in every language.
//!
//! How HTTP statuses map to kinds (the body's messages are kept in every case):
//!
//! | status | kind | why |
//! |---|---|---|
//! | 400, 413, 422, other 4xx | `Validation` | the API refused this input (413: the request body was too large) |
//! | 401 | `Authentication` | missing, invalid or revoked token; bad credentials at login |
//! | 403 | `WrongUser` when the API says "wrong user id", else `Authentication` | |
//! | 404, 405 | `NotFound` | an unknown id, or a route/method the API does not have (it may have moved) |
//! | 407 | `Connection` | a proxy on the way refused its credentials (the proxy URL's user:password); not retried |
//! | 408 | `Timeout` | the server gave up waiting for the request |
//! | 409, 5xx, 1xx | `Server` | a transient conflict, a server fault, or not the API's answer |
//! | 3xx not followed | `Server` | a redirect of a POST, to another origin, past 3 hops, or without a `Location` (see `redirect.rs`); [`Error::location`] says where |
//! | 429 | `RateLimited` | with `retry_after` from `Retry-After` / `retry-after-ms` |
//! | 2xx with `success:false` | `WrongUser` / `NotFound` / `Authentication` by the message, else `Validation` | PHP apps often answer errors with 200 |

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::pacing::RateLimit;

/// The result of every SDK call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The underlying cause of a transport or decoding error.
pub type Source = Arc<dyn StdError + Send + Sync>;

/// What every language shows of one kind: declared once, in [`KINDS`].
#[derive(Debug)]
pub struct KindInfo {
    /// The kind.
    pub kind: ErrorKind,
    /// Its name, as every binding spells it (`RateLimited`): Node's `code`, the CLI's
    /// `error[RateLimited]`, Kotlin's and Swift's variant.
    pub name: &'static str,
    /// Its error class in Python and Node (`RateLimitError`; `APITimeoutError` and
    /// `APIConnectionError` in openai's spelling, since `TimeoutError` and `ConnectionError` are
    /// Python builtins), so that the languages read alike.
    pub class_name: &'static str,
    /// When it happens, one sentence for every language's docs.
    pub description: &'static str,
    /// The CLI's exit code (10 to 19, stable, in `cli/README.md`).
    pub exit_code: u8,
}

/// Declares [`ErrorKind`] and [`KINDS`] from one list, so that each kind's description is written
/// once: the variant's doc (which uniffi carries to Kotlin and Swift) and the table's.
macro_rules! error_kinds {
    ($( $kind:ident, $class_name:literal, $exit_code:literal, $description:literal; )+) => {
        /// What went wrong, as a stable, language-independent category (the same kinds in every
        /// binding); what each language shows of it is in [`KINDS`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
        pub enum ErrorKind {
            $( #[doc = $description] $kind, )+
        }

        /// Every kind, in declaration order, with what each language shows of it.
        pub const KINDS: [KindInfo; 10] = [
            $( KindInfo {
                kind: ErrorKind::$kind,
                name: stringify!($kind),
                class_name: $class_name,
                description: $description,
                exit_code: $exit_code,
            }, )+
        ];
    };
}

error_kinds! {
    Authentication, "AuthenticationError", 10, "Bad credentials, a 401, or no token configured.";
    WrongUser, "WrongUserError", 11, "The API's \"wrong user id\": the user id is not the token's user.";
    Validation, "ValidationError", 12, "The API refused the input (422 or `success: false`); the messages say why.";
    NotFound, "NotFoundError", 13, "An unknown id or name (404), or an unknown route or method.";
    RateLimited, "RateLimitError", 14, "Too many requests: a 429, or a paced call not sent because the window would not reopen before its deadline; the retry-after says how long to wait.";
    Server, "ServerError", 15, "A 5xx, a body that is not the API's JSON, or a redirect that is not followed.";
    Timeout, "APITimeoutError", 16, "An attempt or the overall deadline ran out.";
    Connection, "APIConnectionError", 17, "The connection could not be made or broke (TLS and proxy refusals included).";
    Decode, "DecodeError", 18, "An answer of the wrong shape (the field path says where), or one over the size limit.";
    InvalidInput, "InvalidInputError", 19, "Rejected before sending: nothing reached the network.";
}

impl ErrorKind {
    /// Every kind, in declaration order: for bindings and tests that must cover each one.
    pub const ALL: [ErrorKind; 10] = {
        let mut all = [ErrorKind::Authentication; 10];
        let mut i = 0;
        while i < KINDS.len() {
            all[i] = KINDS[i].kind;
            i += 1;
        }
        all
    };

    /// What every language shows of this kind ([`KINDS`]).
    pub fn info(self) -> &'static KindInfo {
        // The table is in declaration order; the test below keeps it so.
        &KINDS[self as usize]
    }

    /// The kind's name, as every binding spells it (`"RateLimited"`).
    pub fn as_str(self) -> &'static str {
        self.info().name
    }

    /// The name of the kind's error class in Python and Node ([`KindInfo::class_name`]).
    pub fn class_name(self) -> &'static str {
        self.info().class_name
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an error knows about the call that failed. Never holds a credential.
#[derive(Debug, Clone, Default)]
pub struct ErrorContext {
    /// The endpoint's call name, e.g. `domains.add`.
    pub endpoint: Option<&'static str>,
    /// The HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// The API's messages, in the order it sent them.
    pub messages: Vec<String>,
    /// How long the API asked us to wait.
    pub retry_after: Option<Duration>,
    /// The first bytes of a body that was not the API's JSON.
    pub body_excerpt: Option<String>,
    /// Where a redirect that was not followed pointed (its `Location`, resolved).
    pub location: Option<String>,
    /// Where in the JSON decoding failed, e.g. `data.domains` (an object where the list belongs).
    pub field_path: Option<String>,
    /// The SDK's own explanation, when the API said nothing.
    pub detail: Option<String>,
    /// The rate limit as the client knew it when the call failed: a paced client's budget, or
    /// what the failing answer stated (servers that send the headers).
    pub rate_limit: Option<RateLimit>,
    /// The answer's headers, `(name, value)` in the order received, when an answer arrived
    /// (`Set-Cookie` left out; a repeated header once, its values joined by `, `).
    pub headers: Vec<(String, String)>,
}

impl fmt::Display for ErrorContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(endpoint) = self.endpoint {
            parts.push(endpoint.to_owned());
        }
        if let Some(status) = self.status {
            parts.push(format!("HTTP {status}"));
        }
        if !self.messages.is_empty() {
            parts.push(self.messages.join("; "));
        }
        if let Some(detail) = &self.detail {
            parts.push(detail.clone());
        }
        if let Some(location) = &self.location {
            parts.push(format!("Location: {location}"));
        }
        if let Some(path) = &self.field_path {
            parts.push(format!("at {path}"));
        }
        if let Some(retry_after) = self.retry_after {
            parts.push(format!("retry after {:.1}s", retry_after.as_secs_f64()));
        }
        if let Some(excerpt) = &self.body_excerpt {
            parts.push(format!("body: {excerpt:?}"));
        }
        f.write_str(&parts.join(": "))
    }
}

/// The context of any variant of an [`Error`] (by reference or mutably, as the error is given).
macro_rules! context_of {
    ($error:expr) => {
        match $error {
            Error::Authentication { context, .. }
            | Error::WrongUser { context, .. }
            | Error::Validation { context, .. }
            | Error::NotFound { context, .. }
            | Error::RateLimited { context, .. }
            | Error::Server { context, .. }
            | Error::Timeout { context, .. }
            | Error::Connection { context, .. }
            | Error::Decode { context, .. }
            | Error::InvalidInput { context, .. } => context,
        }
    };
}

/// The error every call returns: one variant per [`ErrorKind`], each with the call's
/// [`ErrorContext`] and, for transport and decoding failures, the underlying cause.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// See [`ErrorKind::Authentication`].
    #[error("authentication failed: {context}")]
    Authentication {
        /// What is known about the failed call.
        context: Box<ErrorContext>,
        /// The underlying cause, if any.
        #[source]
        source: Option<Source>,
    },
    /// See [`ErrorKind::WrongUser`].
    #[error("wrong user id: {context}")]
    WrongUser {
        /// What is known about the failed call.
        context: Box<ErrorContext>,
        /// The underlying cause, if any.
        #[source]
        source: Option<Source>,
    },
    /// See [`ErrorKind::Validation`].
    #[error("validation failed: {context}")]
    Validation {
        /// What is known about the failed call.
        context: Box<ErrorContext>,
        /// The underlying cause, if any.
        #[source]
        source: Option<Source>,
    },
    /// See [`ErrorKind::NotFound`].
    #[error("not found: {context}")]
    NotFound {
        /// What is known about the failed call.
        context: Box<ErrorContext>,
        /// The underlying cause, if any.
        #[source]
        source: Option<Source>,
    },
    /// See [`ErrorKind::RateLimited`].
    #[error("rate limited: {context}")]
    RateLimited {
        /// What is known about the failed call.
        context: Box<ErrorContext>,
        /// The underlying cause, if any.
        #[source]
        source: Option<Source>,
    },
    /// See [`ErrorKind::Server`].
    #[error("server error: {context}")]
    Server {
        /// What is known about the failed call.
        context: Box<ErrorContext>,
        /// The underlying cause, if any.
        #[source]
        source: Option<Source>,
    },
    /// See [`ErrorKind::Timeout`].
    #[error("timed out: {context}")]
    Timeout {
        /// What is known about the failed call.
        context: Box<ErrorContext>,
        /// The underlying cause, if any.
        #[source]
        source: Option<Source>,
    },
    /// See [`ErrorKind::Connection`].
    #[error("connection failed: {context}")]
    Connection {
        /// What is known about the failed call.
        context: Box<ErrorContext>,
        /// The underlying cause, if any.
        #[source]
        source: Option<Source>,
    },
    /// See [`ErrorKind::Decode`].
    #[error("could not decode the response: {context}")]
    Decode {
        /// What is known about the failed call.
        context: Box<ErrorContext>,
        /// The underlying cause, if any.
        #[source]
        source: Option<Source>,
    },
    /// See [`ErrorKind::InvalidInput`].
    #[error("invalid input: {context}")]
    InvalidInput {
        /// What is known about the failed call.
        context: Box<ErrorContext>,
        /// The underlying cause, if any.
        #[source]
        source: Option<Source>,
    },
}

impl Error {
    /// An error of `kind` with this context and no underlying cause.
    pub fn new(kind: ErrorKind, context: ErrorContext) -> Self {
        Self::with_source(kind, context, None)
    }

    /// An error of `kind` with this context and cause.
    pub fn with_source(kind: ErrorKind, context: ErrorContext, source: Option<Source>) -> Self {
        let context = Box::new(context);
        match kind {
            ErrorKind::Authentication => Error::Authentication { context, source },
            ErrorKind::WrongUser => Error::WrongUser { context, source },
            ErrorKind::Validation => Error::Validation { context, source },
            ErrorKind::NotFound => Error::NotFound { context, source },
            ErrorKind::RateLimited => Error::RateLimited { context, source },
            ErrorKind::Server => Error::Server { context, source },
            ErrorKind::Timeout => Error::Timeout { context, source },
            ErrorKind::Connection => Error::Connection { context, source },
            ErrorKind::Decode => Error::Decode { context, source },
            ErrorKind::InvalidInput => Error::InvalidInput { context, source },
        }
    }

    /// An error the SDK raises itself, explained by `detail`.
    pub(crate) fn local(
        kind: ErrorKind,
        endpoint: Option<&'static str>,
        detail: impl Into<String>,
    ) -> Self {
        Self::new(
            kind,
            ErrorContext {
                endpoint,
                detail: Some(detail.into()),
                ..ErrorContext::default()
            },
        )
    }

    /// The stable category of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Authentication { .. } => ErrorKind::Authentication,
            Error::WrongUser { .. } => ErrorKind::WrongUser,
            Error::Validation { .. } => ErrorKind::Validation,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::RateLimited { .. } => ErrorKind::RateLimited,
            Error::Server { .. } => ErrorKind::Server,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Connection { .. } => ErrorKind::Connection,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::InvalidInput { .. } => ErrorKind::InvalidInput,
        }
    }

    /// The error with the client's rate-limit state added to its context.
    pub(crate) fn with_rate_limit(mut self, rate_limit: Option<RateLimit>) -> Self {
        self.context_mut().rate_limit = rate_limit;
        self
    }

    fn context_mut(&mut self) -> &mut ErrorContext {
        context_of!(self)
    }

    /// Everything the error knows about the failed call.
    pub fn context(&self) -> &ErrorContext {
        context_of!(self)
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        self.context().status
    }

    /// The call that failed, e.g. `domains.add`.
    pub fn endpoint(&self) -> Option<&'static str> {
        self.context().endpoint
    }

    /// The API's messages (validation errors, "wrong user id", ...), possibly empty.
    pub fn messages(&self) -> &[String] {
        &self.context().messages
    }

    /// How long the API asked to wait before trying again (429s).
    pub fn retry_after(&self) -> Option<Duration> {
        self.context().retry_after
    }

    /// The answer's headers, when an answer arrived (see [`ErrorContext::headers`]).
    pub fn headers(&self) -> &[(String, String)] {
        &self.context().headers
    }

    /// The rate limit as the client knew it when the call failed: limit, remaining, reset.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.context().rate_limit
    }

    /// Where decoding failed, e.g. `data.domains[3]` (for [`ErrorKind::Decode`]).
    pub fn field_path(&self) -> Option<&str> {
        self.context().field_path.as_deref()
    }

    /// Where a redirect that was not followed pointed (for [`ErrorKind::Server`] with a 3xx
    /// status): a redirected POST, another origin, too many hops.
    pub fn location(&self) -> Option<&str> {
        self.context().location.as_deref()
    }

    /// Whether the same call may succeed if tried again later: timeouts, connection failures,
    /// rate limiting, 5xx and 409. The client's own retries already follow this (and are stricter
    /// for non-idempotent calls, which may have been processed).
    pub fn is_retryable(&self) -> bool {
        match self.kind() {
            ErrorKind::Timeout | ErrorKind::Connection | ErrorKind::RateLimited => true,
            ErrorKind::Server => self
                .status()
                .is_some_and(|status| status >= 500 || status == 409),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kinds_table_is_in_declaration_order_with_distinct_names_and_codes() {
        for (index, info) in KINDS.iter().enumerate() {
            assert_eq!(info.kind as usize, index, "{}", info.name);
            assert_eq!(format!("{:?}", info.kind), info.name);
        }
        let mut codes: Vec<u8> = KINDS.iter().map(|info| info.exit_code).collect();
        codes.dedup();
        assert_eq!(codes.len(), KINDS.len());
        let mut classes: Vec<&str> = KINDS.iter().map(|info| info.class_name).collect();
        classes.sort_unstable();
        classes.dedup();
        assert_eq!(classes.len(), KINDS.len());
    }

    #[test]
    fn kind_and_accessors_round_trip() {
        let context = ErrorContext {
            endpoint: Some("domains.add"),
            status: Some(422),
            messages: vec!["The domain name has already been taken.".into()],
            ..ErrorContext::default()
        };
        let error = Error::new(ErrorKind::Validation, context);
        assert_eq!(error.kind(), ErrorKind::Validation);
        assert_eq!(error.status(), Some(422));
        assert_eq!(error.endpoint(), Some("domains.add"));
        assert_eq!(
            error.messages(),
            ["The domain name has already been taken."]
        );
        assert!(!error.is_retryable());
        assert_eq!(
            error.to_string(),
            "validation failed: domains.add: HTTP 422: The domain name has already been taken."
        );
    }

    #[test]
    fn retryable_kinds() {
        let server = |status| {
            Error::new(
                ErrorKind::Server,
                ErrorContext {
                    status,
                    ..ErrorContext::default()
                },
            )
        };
        assert!(server(Some(503)).is_retryable());
        assert!(server(Some(409)).is_retryable());
        assert!(
            !server(Some(200)).is_retryable(),
            "HTML at 200 is not transient"
        );
        assert!(Error::local(ErrorKind::Timeout, None, "x").is_retryable());
        assert!(!Error::local(ErrorKind::InvalidInput, None, "x").is_retryable());
    }

    #[test]
    fn every_kind_builds_its_variant() {
        for kind in ErrorKind::ALL {
            let error = Error::local(kind, None, "detail");
            assert_eq!(error.kind(), kind);
            assert_eq!(kind.to_string(), kind.as_str());
        }
    }

    #[test]
    fn the_source_is_chained() {
        let cause: Source = Arc::new(std::io::Error::other("refused"));
        let error = Error::with_source(ErrorKind::Connection, ErrorContext::default(), Some(cause));
        assert_eq!(
            error.source().map(|s| s.to_string()).as_deref(),
            Some("refused")
        );
    }
}
