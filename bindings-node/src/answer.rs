//! What a settled call hands JS: the server's answer to the call as a line of JSON
//! (`{"endpoint", "status", "headers", "rateLimit"}`, or none) beside the result's JSON text, two
//! strings (`settle.rs`). The JS layer keeps the line as the handle's `lastResponse` and parses it
//! only when that is read. A failed call's answer rides in its error's payload (`errors.rs`).
//! Also the rate-limit and header forms errors share.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use smtpprovider::{JsonText, RateLimit, ResponseInfo};

/// The server's answer to a call as JS reads it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ResponseJson<'a> {
    endpoint: &'static str,
    status: u16,
    headers: Headers<'a>,
    rate_limit: Option<RateLimitJson>,
}

/// Headers as a JS object, name to value, in the order received (written straight from the
/// pairs: every call pays for this, so no intermediate map).
#[derive(Clone, Copy, Default)]
pub(crate) struct Headers<'a>(pub(crate) &'a [(String, String)]);

impl Serialize for Headers<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// A rate-limit state as JS reads it: `reset` in milliseconds since the epoch (a `Date`'s time).
#[derive(Serialize)]
pub(crate) struct RateLimitJson {
    limit: u32,
    remaining: u32,
    reset: Option<f64>,
}

impl From<RateLimit> for RateLimitJson {
    fn from(state: RateLimit) -> Self {
        let reset = state
            .reset
            .and_then(|at| at.duration_since(std::time::UNIX_EPOCH).ok());
        RateLimitJson {
            limit: state.limit,
            remaining: state.remaining,
            reset: reset.map(|since| since.as_millis() as f64),
        }
    }
}

impl<'a> From<&'a ResponseInfo> for ResponseJson<'a> {
    fn from(answer: &'a ResponseInfo) -> Self {
        ResponseJson {
            endpoint: answer.endpoint,
            status: answer.status,
            headers: Headers(&answer.headers),
            rate_limit: answer.rate_limit.map(RateLimitJson::from),
        }
    }
}

/// What a call settles with: the answer's line (when an answer came) and the result's text,
/// handed to JS as they are (the result is not copied into anything larger).
pub(crate) struct Answered {
    pub(crate) answer: Option<String>,
    pub(crate) result: JsonText,
}

impl Answered {
    /// `result`, and what the server said of it.
    pub(crate) fn new(result: JsonText, answer: Option<&ResponseInfo>) -> Self {
        Answered {
            // Serialising these plain fields cannot fail; were it to, the answer would be missing,
            // not the result.
            answer: answer
                .and_then(|answer| serde_json::to_string(&ResponseJson::from(answer)).ok()),
            result,
        }
    }
}
