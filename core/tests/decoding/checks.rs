//! What decoding guarantees for any answer at all, checked on one answer: [`check_answer`] decodes
//! a body exactly as the clients do, with the endpoint's own result type, and panics if a
//! guarantee does not hold. One file for both the property tests (`core/tests/decoding.rs`) and
//! the fuzz targets (`fuzz/fuzz_targets/`, which include it by path), so the two cannot disagree.
//!
//! The guarantees, whatever the bytes:
//! - decoding returns (no panic; a hang is caught by the fuzzer's timeout);
//! - an error status (anything outside 2xx) is always an error, of the kind the status table in
//!   `core/src/error.rs` gives it; the body's messages only ever turn a 4xx into `WrongUser`;
//! - a 2xx is the result (only from a JSON object, or a list: an answer without its envelope), or
//!   an error the answer explains: `Decode` with the field's path (a wrong shape, or a number
//!   beyond `f64`'s range such as `1e400`, which no JSON parser of ours represents), `Server` with
//!   an excerpt (not the API's JSON), or a failure the answer reports
//!   (`success:false`) with its kind read from the messages as `error.rs` says;
//! - every error names the endpoint and the status, and renders with `Display` and `Debug`;
//! - a result written back as JSON (`Serialize`, the API's shape) and wrapped in the standard
//!   envelope decodes to the same result;
//! - the JSON text a binding is handed (`decode_body_text`, the API's own text of a canonical
//!   result) is that same JSON, and an answer that fails to decode fails there with the same kind.

use std::fmt::Debug;

use bytes::Bytes;
use serde::Serialize;
use serde_json::{json, Value};
use smtpprovider::lenient::canonical::Canonical;
use smtpprovider::lenient::Lenient;
use smtpprovider::models::*;
use smtpprovider::{
    decode_body, decode_body_text, decode_session_body, EndpointInfo, Error, ErrorKind, JsonText,
    Result,
};

/// What an answer decoded to: the result as JSON (its `Serialize`, what `call_json` returns), or
/// the error's kind.
pub type Decoded = std::result::Result<Value, ErrorKind>;

/// Decodes `body`, answered by `endpoint` with `status`, and checks every guarantee above.
pub fn check_answer(endpoint: &'static EndpointInfo, status: u16, body: &[u8]) -> Decoded {
    check_with_result_type(endpoint, status, body)
}

/// The kind an error status gives when no message says "wrong user" (`core/src/error.rs`).
pub fn kind_of_error_status(status: u16) -> ErrorKind {
    const TABLE: &[(u16, ErrorKind)] = &[
        (401, ErrorKind::Authentication),
        (403, ErrorKind::Authentication),
        (404, ErrorKind::NotFound),
        (405, ErrorKind::NotFound),
        (407, ErrorKind::Connection),
        (408, ErrorKind::Timeout),
        (409, ErrorKind::Server),
        (429, ErrorKind::RateLimited),
    ];
    match TABLE.iter().find(|(listed, _)| *listed == status) {
        Some((_, kind)) => *kind,
        None if (400..500).contains(&status) => ErrorKind::Validation,
        None => ErrorKind::Server,
    }
}

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

fn mentions(error: &Error, needle: &str) -> bool {
    error
        .messages()
        .iter()
        .any(|message| message.to_ascii_lowercase().contains(needle))
}

/// Checks a decoded outcome; hands back the result of a 2xx that decoded, or the error's kind.
fn check_outcome<T: Debug>(
    endpoint: &'static EndpointInfo,
    status: u16,
    body: &[u8],
    outcome: Result<T>,
) -> std::result::Result<T, ErrorKind> {
    let error = match outcome {
        Ok(result) => {
            assert!(
                is_success(status),
                "{}: HTTP {status} decoded as a result: {result:?}",
                endpoint.id
            );
            let text = body.trim_ascii_start();
            assert!(
                text.starts_with(b"{") || text.starts_with(b"["),
                "{}: a body that is not a JSON object or list decoded as a result: {result:?}",
                endpoint.id
            );
            return Ok(result);
        }
        Err(error) => error,
    };
    let shown = format!("{error} / {error:?}");
    assert_eq!(error.endpoint(), Some(endpoint.id), "{shown}");
    assert_eq!(error.status(), Some(status), "{shown}");
    let wrong_user = mentions(&error, "wrong user");
    let expected = if !is_success(status) {
        if wrong_user && (400..500).contains(&status) {
            ErrorKind::WrongUser
        } else {
            kind_of_error_status(status)
        }
    } else {
        match error.kind() {
            ErrorKind::Decode => {
                let path = error.field_path().expect("a Decode error names a path");
                // Written as the odd-field warnings write theirs: `data[1]`, not `data.[1]`
                // (further on, keys are written as sent, dots and brackets included).
                assert!(!path.starts_with("data.["), "{shown}");
                return Err(ErrorKind::Decode);
            }
            ErrorKind::Server => {
                assert!(
                    error.context().body_excerpt.is_some(),
                    "at 2xx, Server means the body is not the API's JSON: {shown}"
                );
                return Err(ErrorKind::Server);
            }
            // A failure the answer reports (`success:false`), named by its messages.
            _ if wrong_user => ErrorKind::WrongUser,
            _ if !endpoint.authenticated || mentions(&error, "unauthenticated") => {
                ErrorKind::Authentication
            }
            _ if mentions(&error, "not found") => ErrorKind::NotFound,
            _ => ErrorKind::Validation,
        }
    };
    assert_eq!(error.kind(), expected, "HTTP {status}: {shown}");
    Err(expected)
}

/// The standard envelope around a result, under the endpoint's data key.
fn standard_envelope(endpoint: &EndpointInfo, result: &Value) -> Bytes {
    let data = match endpoint.data_key {
        Some(key) => json!({ key: result }),
        None => result.clone(),
    };
    Bytes::from(serde_json::to_vec(&json!({"success": true, "data": data})).unwrap())
}

/// Decodes as `T`, checks the outcome, that the JSON text a binding is handed says the same,
/// and a result's round trip through the standard envelope.
fn check_as<T>(endpoint: &'static EndpointInfo, status: u16, body: &[u8]) -> Decoded
where
    T: Lenient + Canonical + Serialize + PartialEq + Debug,
{
    let outcome = decode_body::<T>(endpoint, status, Bytes::copy_from_slice(body));
    let text = decode_body_text::<T>(endpoint, status, Bytes::copy_from_slice(body));
    check_text(endpoint, body, &outcome, &text);
    let result = check_outcome(endpoint, status, body, outcome)?;
    let json = serde_json::to_value(&result).expect("a result serialises");
    let again = decode_body::<T>(endpoint, 200, standard_envelope(endpoint, &json));
    match again {
        Ok(again) => assert_eq!(again, result, "{}: the round trip of {json}", endpoint.id),
        Err(error) => panic!("{}: the round trip of {json} fails: {error}", endpoint.id),
    }
    Ok(json)
}

/// The text `call_json_text` hands a binding (the API's own text when it is canonical, the typed
/// result written out otherwise) is the typed result's JSON, or fails as the typed decoding does.
fn check_text<T: Serialize + Debug>(
    endpoint: &EndpointInfo,
    body: &[u8],
    typed: &Result<T>,
    text: &Result<JsonText>,
) {
    let shown = String::from_utf8_lossy(body);
    match (typed, text) {
        (Ok(result), Ok(text)) => {
            let parsed: Value = serde_json::from_slice(text.as_bytes()).unwrap_or_else(|e| {
                panic!(
                    "{}: the text {text} of {shown} is not JSON: {e}",
                    endpoint.id
                )
            });
            let expected = serde_json::to_value(result).expect("a result serialises");
            assert_eq!(parsed, expected, "{}: the text of {shown}", endpoint.id);
        }
        (Err(typed), Err(text)) => {
            assert_eq!(typed.kind(), text.kind(), "{}: {shown}", endpoint.id)
        }
        (typed, text) => panic!(
            "{}: {shown} decodes as {typed:?} but its text as {text:?}",
            endpoint.id
        ),
    }
}

/// `client.login`: its own envelope, and a session (whose token is no JSON field) written back
/// into that envelope.
fn check_session(endpoint: &'static EndpointInfo, status: u16, body: &[u8]) -> Decoded {
    let outcome = decode_session_body(status, Bytes::copy_from_slice(body));
    let session = check_outcome(endpoint, status, body, outcome)?;
    let json = json!({"status": true, "token": session.token.expose(), "user": session.user});
    let again = decode_session_body(200, Bytes::from(serde_json::to_vec(&json).unwrap()));
    match again {
        Ok(again) => assert_eq!(again, session, "client.login: the round trip of {json}"),
        Err(error) => panic!("client.login: the round trip of {json} fails: {error}"),
    }
    Ok(json)
}

/// Generates `check_with_result_type` from the endpoint table: each endpoint decodes as the
/// type its typed method returns, so a new endpoint is checked as soon as it is declared.
macro_rules! checks_by_result_type {
    (login $login:tt $( resource $resource:ident $Resource:ident $rdocs:tt {
        $( $name:ident $docs:tt $args:tt -> $ret:ty, $method:ident $path:literal, $info:block; )*
    } )*) => {
        fn check_with_result_type(
            endpoint: &'static EndpointInfo,
            status: u16,
            body: &[u8],
        ) -> Decoded {
            match endpoint.id {
                "client.login" => check_session(endpoint, status, body),
                $($(
                    concat!(stringify!($resource), ".", stringify!($name)) => {
                        check_as::<$ret>(endpoint, status, body)
                    }
                )*)*
                other => panic!("{other} is not in the endpoint table"),
            }
        }
    };
}

smtpprovider::for_each_endpoint!(checks_by_result_type);
