//! Core errors (and panics, and aborts) as the payload the JS layer turns into error classes.
//!
//! A rejected native Promise carries an `Error` whose message is a JSON object:
//! `{"kind", "message", "status", "endpoint", "messages", "retryAfter", "rateLimit", "headers",
//! "fieldPath", "location", "bodyExcerpt"}`, and `"response"`, the answer the client recorded.
//! `kind` is an `ErrorKind` name, or `Aborted` (the caller's signal) or `Panic` (a bug in the
//! native code, reported rather than crashing Node). `errors.js` reads it.

use serde::Serialize;
use smtpprovider::{Error, ErrorContext, ErrorKind, ResponseInfo};

use crate::answer::{Headers, RateLimitJson, ResponseJson};

/// The payload of a rejected call.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Payload<'a> {
    kind: &'a str,
    message: String,
    status: Option<u16>,
    endpoint: Option<&'a str>,
    messages: &'a [String],
    /// Seconds, as `Retry-After` says them.
    retry_after: Option<f64>,
    rate_limit: Option<RateLimitJson>,
    /// The answer's headers, name to value, in the order received.
    headers: Headers<'a>,
    field_path: Option<&'a str>,
    location: Option<&'a str>,
    body_excerpt: Option<&'a str>,
    /// The answer the client recorded for the call (its `lastResponse`), when one came.
    #[serde(skip_serializing_if = "Option::is_none")]
    response: Option<ResponseJson<'a>>,
}

fn rejection(payload: &Payload<'_>) -> napi::Error {
    let text = serde_json::to_string(payload).unwrap_or_else(|_| {
        format!(
            r#"{{"kind":"{}","message":"","messages":[]}}"#,
            payload.kind
        )
    });
    napi::Error::from_reason(text)
}

/// A core error, with everything it knows (it never holds a credential).
pub(crate) fn from_core(error: &Error) -> napi::Error {
    from_call(error, None)
}

/// A call's error, with the answer its client recorded (the handle's `lastResponse` in JS).
pub(crate) fn from_call(error: &Error, answer: Option<&ResponseInfo>) -> napi::Error {
    let context = error.context();
    rejection(&Payload {
        kind: error.kind().as_str(),
        message: error.to_string(),
        status: context.status,
        endpoint: context.endpoint,
        messages: &context.messages,
        retry_after: context.retry_after.map(|d| d.as_secs_f64()),
        rate_limit: context.rate_limit.map(RateLimitJson::from),
        headers: Headers(&context.headers),
        field_path: context.field_path.as_deref(),
        location: context.location.as_deref(),
        body_excerpt: context.body_excerpt.as_deref(),
        response: answer.map(ResponseJson::from),
    })
}

/// An argument the binding refuses before calling the core (a bad option, a closed client).
pub(crate) fn invalid_input(detail: impl Into<String>) -> napi::Error {
    from_core(&Error::new(
        ErrorKind::InvalidInput,
        ErrorContext {
            detail: Some(detail.into()),
            ..ErrorContext::default()
        },
    ))
}

/// A call the caller's `AbortSignal` cancelled (its Rust future was dropped).
pub(crate) fn aborted(call: &str) -> napi::Error {
    rejection(&Payload {
        kind: "Aborted",
        message: format!("{call}: the call was aborted"),
        ..Payload::default()
    })
}

/// A panic in native code, with its message when it has one.
pub(crate) fn panicked(what: &str, panic: Box<dyn std::any::Any + Send>) -> napi::Error {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned());
    rejection(&Payload {
        kind: "Panic",
        message: format!(
            "{what}: the native module panicked ({detail}); this is a bug in smtpprovider"
        ),
        ..Payload::default()
    })
}
