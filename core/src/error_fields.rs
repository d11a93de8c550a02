//! [`ERROR_FIELDS`]: what every language's error exposes besides its kind and message, declared
//! once. `codegen/` writes Node's error class from it, and the parity test
//! (`tests/parity/check.py`) checks that Python's, Node's, Kotlin's and Swift's errors carry each
//! field, in the language's casing.

/// What an error field holds, so that each language gives it its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorFieldKind {
    /// An HTTP status (a small whole number), when a response arrived.
    Status,
    /// Text, when known.
    Text,
    /// A list of texts, possibly empty.
    Messages,
    /// A length of time, when known (seconds in Python and Node, `Duration`/`TimeInterval` in
    /// Kotlin and Swift).
    Duration,
    /// The rate limit as the client knew it ([`crate::RateLimit`]: limit, remaining, reset), when
    /// known.
    RateLimit,
    /// The answer's headers, name to value (empty when no answer arrived).
    Headers,
}

/// One field of every error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorFieldInfo {
    /// Its name, snake_case (`retry_after`); each language cases it its own way.
    pub name: &'static str,
    /// What it holds.
    pub kind: ErrorFieldKind,
    /// What it is, one sentence for every language's docs.
    pub doc: &'static str,
}

/// Every error field, in the order the docs list them (the core's [`crate::ErrorContext`] and
/// [`crate::Error`]'s accessors hold them).
pub const ERROR_FIELDS: [ErrorFieldInfo; 9] = [
    ErrorFieldInfo {
        name: "status",
        kind: ErrorFieldKind::Status,
        doc: "The HTTP status, when a response arrived.",
    },
    ErrorFieldInfo {
        name: "endpoint",
        kind: ErrorFieldKind::Text,
        doc: "The call that failed, e.g. `domains.add`.",
    },
    ErrorFieldInfo {
        name: "messages",
        kind: ErrorFieldKind::Messages,
        doc: "The API's messages, in the order it sent them.",
    },
    ErrorFieldInfo {
        name: "retry_after",
        kind: ErrorFieldKind::Duration,
        doc: "How long the API asked to wait (`RateLimited`).",
    },
    ErrorFieldInfo {
        name: "rate_limit",
        kind: ErrorFieldKind::RateLimit,
        doc: "The rate limit as the client knew it when the call failed: limit, remaining, reset.",
    },
    ErrorFieldInfo {
        name: "headers",
        kind: ErrorFieldKind::Headers,
        doc: "The answer's headers, when an answer arrived (`Set-Cookie` left out).",
    },
    ErrorFieldInfo {
        name: "field_path",
        kind: ErrorFieldKind::Text,
        doc: "Where in the JSON decoding failed, e.g. `data.domains[3].id` (`Decode`).",
    },
    ErrorFieldInfo {
        name: "location",
        kind: ErrorFieldKind::Text,
        doc: "Where a redirect that was not followed pointed (`Server`).",
    },
    ErrorFieldInfo {
        name: "body_excerpt",
        kind: ErrorFieldKind::Text,
        doc: "The first bytes of a body that was not the API's JSON (`Server`, a proxy's page).",
    },
];
