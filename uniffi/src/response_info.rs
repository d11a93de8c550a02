//! [`ResponseInfo`]: what the server said to a client's last call, as a uniffi record (the core's
//! own has its headers as pairs, which uniffi cannot carry; Kotlin and Swift read a map, as an
//! error's `details.headers` is).

use std::collections::HashMap;

use smtpprovider::RateLimit;

/// What the server said to the last call made through a client that got an answer.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ResponseInfo {
    /// The call, e.g. `domains.list`.
    pub endpoint: String,
    /// The HTTP status of the final answer (after any retries).
    pub status: u16,
    /// The answer's headers (lower-case names).
    pub headers: HashMap<String, String>,
    /// What the answer said about the rate limit; `null`/`nil` when it said nothing.
    pub rate_limit: Option<RateLimit>,
}

impl From<smtpprovider::ResponseInfo> for ResponseInfo {
    fn from(answer: smtpprovider::ResponseInfo) -> Self {
        ResponseInfo {
            endpoint: answer.endpoint.to_owned(),
            status: answer.status,
            headers: answer.headers.into_iter().collect(),
            rate_limit: answer.rate_limit,
        }
    }
}
