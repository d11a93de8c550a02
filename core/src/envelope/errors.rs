//! What a failed answer says: its [`ErrorKind`] (from the status, the envelope's flags and the
//! API's messages, as the table in `error.rs` has it) and the messages themselves, gathered from
//! whichever shape the API sent them in; and the errors of an answer that is not what it should be.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::Envelope;
use crate::endpoints::EndpointInfo;
use crate::error::{Error, ErrorContext, ErrorKind};
use crate::lenient::Lenient;
use crate::transport::{header_pairs, RawResponse};

/// What a proxy answers to missing or wrong credentials on a plain-HTTP request.
pub(super) const PROXY_AUTHENTICATION_REQUIRED: u16 = 407;

/// How many bytes of a non-JSON body an error quotes.
pub(super) const EXCERPT_BYTES: usize = 200;

/// Why a body that is not the API's JSON came back: a proxy's refusal says so. A 401 the API
/// sends is JSON, so a 401 without it may be a proxy's too: some (tinyproxy) answer a wrong
/// password so, where the standard says 407.
pub(super) fn not_the_apis_json(status: u16) -> &'static str {
    match status {
        PROXY_AUTHENTICATION_REQUIRED => {
            "a proxy refused the request: it wants other credentials, given as the proxy URL's \
             user:password"
        }
        401 => {
            "the response is not the API's JSON; if requests go through a proxy, it may be the \
             proxy refusing the credentials given as the proxy URL's user:password"
        }
        _ => "the response is not the API's JSON",
    }
}

pub(super) fn is_error_status(status: u16) -> bool {
    !(200..300).contains(&status)
}

/// The error an envelope carries, if it is a failure: an error status, `success:false` or
/// (token endpoint) `status:false`.
pub(super) fn envelope_error(
    info: &'static EndpointInfo,
    response: &RawResponse,
    envelope: &Envelope<'_>,
) -> Option<Error> {
    let failed_flag = envelope.success.and_then(flag) == Some(false)
        || envelope.status.and_then(flag) == Some(false);
    if !is_error_status(response.status) && !failed_flag {
        return None;
    }
    let mut messages = Vec::new();
    for part in [envelope.data, envelope.errors].into_iter().flatten() {
        collect_messages(part, &mut messages);
    }
    if messages.is_empty() {
        if let Some(message) = envelope.message {
            collect_messages(message, &mut messages);
        }
    }
    let kind = if is_error_status(response.status) {
        kind_for_status(response.status, &messages)
    } else {
        kind_for_failure_at_200(info, &messages)
    };
    Some(api_error(kind, info, response, messages))
}

pub(super) fn api_error(
    kind: ErrorKind,
    info: &'static EndpointInfo,
    response: &RawResponse,
    messages: Vec<String>,
) -> Error {
    Error::new(
        kind,
        ErrorContext {
            endpoint: Some(info.id),
            status: Some(response.status),
            messages,
            retry_after: response.retry_after,
            headers: header_pairs(&response.headers),
            ..ErrorContext::default()
        },
    )
}

pub(super) fn mentions(messages: &[String], needle: &str) -> bool {
    messages
        .iter()
        .any(|m| m.to_ascii_lowercase().contains(needle))
}

/// The kind of an error status (see the table in `error.rs`).
pub(super) fn kind_for_status(status: u16, messages: &[String]) -> ErrorKind {
    match status {
        _ if (400..500).contains(&status) && mentions(messages, "wrong user") => {
            ErrorKind::WrongUser
        }
        401 | 403 => ErrorKind::Authentication,
        404 | 405 => ErrorKind::NotFound,
        PROXY_AUTHENTICATION_REQUIRED => ErrorKind::Connection,
        408 => ErrorKind::Timeout,
        409 => ErrorKind::Server,
        429 => ErrorKind::RateLimited,
        400..=499 => ErrorKind::Validation,
        _ => ErrorKind::Server,
    }
}

/// The kind of a `success:false` answered with a 2xx status, read from its messages.
pub(super) fn kind_for_failure_at_200(
    info: &'static EndpointInfo,
    messages: &[String],
) -> ErrorKind {
    if mentions(messages, "wrong user") {
        ErrorKind::WrongUser
    } else if !info.authenticated || mentions(messages, "unauthenticated") {
        ErrorKind::Authentication
    } else if mentions(messages, "not found") {
        ErrorKind::NotFound
    } else {
        ErrorKind::Validation
    }
}

/// A raw JSON boolean flag read leniently; anything unreadable counts as absent.
pub(super) fn flag(raw: &RawValue) -> Option<bool> {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    <Option<bool>>::deserialize_lenient(&mut de).ok().flatten()
}

/// Gathers the human-readable strings of an error part — strings, lists of them, `{field: [..]}` —
/// in the order the API sent them.
pub(super) fn collect_messages(raw: &RawValue, out: &mut Vec<String>) {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    // A part we cannot read adds no messages; the status still says what happened.
    let _ = MessageCollector(out).deserialize(&mut de);
}

/// Walks any JSON value, pushing its non-blank strings; numbers, booleans and nulls are skipped.
struct MessageCollector<'a>(&'a mut Vec<String>);

impl<'de> DeserializeSeed<'de> for MessageCollector<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MessageCollector<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<(), E> {
        if !v.trim().is_empty() {
            self.0.push(v.to_owned());
        }
        Ok(())
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while seq
            .next_element_seed(MessageCollector(&mut *self.0))?
            .is_some()
        {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        while map.next_key::<IgnoredAny>()?.is_some() {
            map.next_value_seed(MessageCollector(&mut *self.0))?;
        }
        Ok(())
    }
}

/// The first bytes of a body, as text, cut at a character boundary.
pub(super) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(EXCERPT_BYTES)]);
    let text = text.trim_end_matches('\u{FFFD}');
    let mut cut = text.trim().to_owned();
    if body.len() > EXCERPT_BYTES {
        cut.push('…');
    }
    cut
}

pub(super) fn decode_error(
    info: &'static EndpointInfo,
    response: &RawResponse,
    path: &str,
    detail: String,
) -> Error {
    Error::new(
        ErrorKind::Decode,
        ErrorContext {
            endpoint: Some(info.id),
            status: Some(response.status),
            field_path: Some(path.to_owned()),
            detail: Some(detail),
            headers: header_pairs(&response.headers),
            ..ErrorContext::default()
        },
    )
}
