//! What a settled call hands JS: one text, the server's answer to the call as a line of JSON
//! (`{"endpoint", "status", "headers", "rateLimit"}`, or `null`), then the result's JSON. The JS
//! layer keeps the line as the handle's `lastResponse` and parses it only when that is read, so a
//! call that never looks pays one short copy, not a parse. Also the rate-limit and header forms
//! errors share.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use smtpprovider::{JsonText, RateLimit, ResponseInfo};

/// The server's answer to a call as JS reads it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResponseJson<'a> {
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

/// The answer's line, then the result's JSON text. (serde_json writes compact JSON, whose only
/// newlines are escaped inside strings, so the first `\n` ends the line.)
pub(crate) fn answered(data: JsonText, response: Option<ResponseInfo>) -> JsonText {
    let response = response.as_ref().map(|answer| ResponseJson {
        endpoint: answer.endpoint,
        status: answer.status,
        headers: Headers(&answer.headers),
        rate_limit: answer.rate_limit.map(RateLimitJson::from),
    });
    // Serialising these plain fields cannot fail; `null` would only hide the answer, not the data.
    let mut text = serde_json::to_string(&response).unwrap_or_else(|_| "null".to_owned());
    text.push('\n');
    // Borrowed, not copied: the result's text is UTF-8 already.
    text.push_str(&String::from_utf8_lossy(data.as_bytes()));
    JsonText::from(text)
}
