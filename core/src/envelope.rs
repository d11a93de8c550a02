//! Reading an answer: the envelope here, what a failure says in `errors.rs`, decoding `data`
//! into the result in `keyed.rs`, the JSON-text shortcut in `plain.rs`.
//!
//! Shapes read (`docs/api.md`, its objects and "Robustness rules"):
//! - the standard envelope `{"success": true, "data": {...}}`, `data` holding the result under the
//!   endpoint's key (or being the result); an envelope-less object or list is taken as `data`
//!   itself;
//! - an inner `{"success": false, ...}` inside `data` (domain-add) is a failure; `domains.verify`
//!   reads its inner flag as the answer (`DomainVerification::verified`) instead;
//! - the token envelope `{"status": true, "message", "token", "user"}`;
//! - errors as `data: ["msg", ...]`, `data`/`errors: {"field": ["msg"]}`, a bare `message`, or
//!   Laravel's `{"message", "errors"}`;
//! - bodies that are not JSON (an HTML 502 from a proxy) or are cut short.
//!
//! The envelope is parsed once with `data` borrowed as raw JSON, then `data` is decoded straight
//! into the model, so a long list is never built as a `serde_json::Value`. Bindings that want the
//! result as JSON text ([`decode_text`]) skip the models when they can: a plain success whose
//! result needs no lenient fix is handed on as the API's own text, found and checked in one pass
//! (`plain.rs`).

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::endpoints::EndpointInfo;
use crate::error::{Error, ErrorContext, ErrorKind, Result};
use crate::json_text::JsonText;
use crate::lenient::canonical::Canonical;
use crate::lenient::{Lenient, LenientSeed};
use crate::models::{Session, User};
use crate::secret::Secret;
use crate::transport::{header_pairs, RawResponse};

mod errors;
mod keyed;
mod plain;

use errors::{
    decode_error, envelope_error, excerpt, is_error_status, kind_for_status, not_the_apis_json,
};
use keyed::{decode_keyed, decode_raw};

/// The top level of every answer; each part stays raw until we know what the answer is.
#[derive(Deserialize, Default)]
struct Envelope<'a> {
    #[serde(borrow, default)]
    success: Option<&'a RawValue>,
    #[serde(borrow, default)]
    status: Option<&'a RawValue>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
    #[serde(borrow, default)]
    message: Option<&'a RawValue>,
    #[serde(borrow, default)]
    errors: Option<&'a RawValue>,
    #[serde(borrow, default)]
    token: Option<&'a RawValue>,
    #[serde(borrow, default)]
    user: Option<&'a RawValue>,
}

/// Decodes a raw answer of `endpoint` exactly as the clients do: the result, or the error the
/// answer carries. For tools that replay recorded answers, and for the decode benchmarks.
///
/// ```
/// use smtpprovider::{decode_body, Domain, ENDPOINTS};
/// let add = ENDPOINTS.iter().find(|e| e.id == "domains.add").unwrap();
/// let body = br#"{"success":true,"data":{"success":true,"domain":{"id":"10","domain_name":"example.com"}}}"#;
/// let domain: Domain = decode_body(add, 200, bytes::Bytes::from_static(body)).unwrap();
/// assert_eq!(domain.id, 10);
/// ```
pub fn decode_body<T: Lenient>(
    endpoint: &'static EndpointInfo,
    status: u16,
    body: bytes::Bytes,
) -> Result<T> {
    decode(endpoint, &RawResponse::body_only(status, body))
}

/// [`decode_body`] answering with the result's JSON text, as [`crate::Client::call_json_text`]
/// does. Hidden, like [`decode_session_body`]: the property tests and fuzz targets check that it
/// is always the same JSON as [`decode_body`]'s result, and the benchmarks time it.
#[doc(hidden)]
pub fn decode_body_text<T: Lenient + Canonical + Serialize>(
    endpoint: &'static EndpointInfo,
    status: u16,
    body: bytes::Bytes,
) -> Result<JsonText> {
    decode_text::<T>(endpoint, &RawResponse::body_only(status, body))
}

/// [`decode_body`] for the token endpoint (`client.login`), whose answer has an envelope of its
/// own. Hidden: it exists so that the property tests (`core/tests/decoding.rs`) and the fuzz
/// targets (`fuzz/`) reach every decoder from outside the crate.
#[doc(hidden)]
pub fn decode_session_body(status: u16, body: bytes::Bytes) -> Result<Session> {
    decode_session(
        &crate::endpoints::LOGIN,
        &RawResponse::body_only(status, body),
    )
}

/// Decodes an endpoint's answer into its result type, or the error it carries.
pub(crate) fn decode<T: Lenient>(info: &'static EndpointInfo, response: &RawResponse) -> Result<T> {
    let data = successful_data(info, response)?;
    match info.data_key {
        Some(key) => decode_keyed(info, response, data, key),
        None => decode_raw(info, response, data, "data", LenientSeed::<T>::new()),
    }
}

/// Decodes an endpoint's answer into the JSON text of its result, the same JSON (key order and
/// string escapes aside) as `serde_json::to_string` of [`decode`]'s result: the API's own text of
/// the result when it is canonical (`lenient::canonical`; the common case, and far cheaper on a
/// long list), otherwise the decoded result encoded again. Errors are always [`decode`]'s.
pub(crate) fn decode_text<T>(
    info: &'static EndpointInfo,
    response: &RawResponse,
) -> Result<JsonText>
where
    T: Lenient + Canonical + Serialize,
{
    if !is_error_status(response.status) {
        if let Some(text) = plain::canonical_result::<T>(info, &response.body) {
            return Ok(JsonText::within(&response.body, text));
        }
    }
    let result = decode::<T>(info, response)?;
    serde_json::to_string(&result)
        .map(JsonText::from)
        .map_err(|e| encoding_failed(info, e))
}

/// A decoded result that could not be written back as JSON (no model of ours fails that; the
/// guard keeps a bug an error rather than a panic).
pub(crate) fn encoding_failed(info: &'static EndpointInfo, error: serde_json::Error) -> Error {
    Error::local(
        ErrorKind::Decode,
        Some(info.id),
        format!("cannot encode the result: {error}"),
    )
}

/// The success's `data`, or the error the answer carries.
fn successful_data<'a>(
    info: &'static EndpointInfo,
    response: &'a RawResponse,
) -> Result<&'a RawValue> {
    let envelope = parse(info, response)?;
    if let Some(error) = envelope_error(info, response, &envelope) {
        return Err(error);
    }
    match envelope.data {
        Some(data) => Ok(data),
        // No envelope: the whole body is the data (parse() already proved it is a JSON object
        // or list).
        None => serde_json::from_slice::<&RawValue>(&response.body)
            .map_err(|e| decode_error(info, response, "", e.to_string())),
    }
}

/// Decodes the token endpoint's answer.
pub(crate) fn decode_session(
    info: &'static EndpointInfo,
    response: &RawResponse,
) -> Result<Session> {
    let envelope = parse(info, response)?;
    if let Some(error) = envelope_error(info, response, &envelope) {
        return Err(error);
    }
    // Some deployments wrap the token answer in the standard envelope; accept both.
    let (token, user) = match (envelope.token, envelope.user, envelope.data) {
        (Some(token), user, _) => (token, user),
        (None, _, Some(data)) => {
            let inner: Envelope<'_> = serde_json::from_str(data.get())
                .map_err(|e| decode_error(info, response, "data", e.to_string()))?;
            let token = inner
                .token
                .ok_or_else(|| decode_error(info, response, "data.token", "missing".into()))?;
            (token, inner.user)
        }
        (None, _, None) => return Err(decode_error(info, response, "token", "missing".into())),
    };
    let token: String = decode_raw(info, response, token, "token", LenientSeed::<String>::new())?;
    let user = user.ok_or_else(|| decode_error(info, response, "user", "missing".into()))?;
    let user: User = decode_raw(info, response, user, "user", LenientSeed::<User>::new())?;
    Ok(Session {
        token: Secret::new(token),
        user,
    })
}

/// Parses the envelope (one pass; `data` stays raw); a body that is neither a JSON object nor a
/// list is an error named by its status.
fn parse<'a>(info: &'static EndpointInfo, response: &'a RawResponse) -> Result<Envelope<'a>> {
    let parsed = if response.body.trim_ascii_start().starts_with(b"[") {
        // A bare list is the data of an answer that dropped its envelope, not an envelope whose
        // fields are read by position, which is what serde makes of a list (found by the
        // property tests, tests/decoding.rs: `[]` was a list result, `[false]` a failure).
        serde_json::from_slice::<IgnoredAny>(&response.body).map(|_| Envelope::default())
    } else {
        serde_json::from_slice::<Envelope<'a>>(&response.body)
    };
    parsed.map_err(|_| {
        let status = response.status;
        let kind = if is_error_status(status) {
            kind_for_status(status, &[])
        } else {
            ErrorKind::Server
        };
        Error::new(
            kind,
            ErrorContext {
                endpoint: Some(info.id),
                status: Some(status),
                retry_after: response.retry_after,
                body_excerpt: Some(excerpt(&response.body)),
                detail: Some(not_the_apis_json(status).to_owned()),
                headers: header_pairs(&response.headers),
                ..ErrorContext::default()
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::errors::EXCERPT_BYTES;
    use super::*;
    use crate::endpoints::ENDPOINTS;
    use crate::models::{Domain, DomainVerification, Message};

    fn info(id: &str) -> &'static EndpointInfo {
        ENDPOINTS.iter().find(|e| e.id == id).unwrap()
    }

    fn response(status: u16, body: &str) -> RawResponse {
        RawResponse::body_only(status, bytes::Bytes::copy_from_slice(body.as_bytes()))
    }

    #[test]
    fn a_keyed_list_decodes() {
        let body = r#"{"success":true,"data":{"domains":[{"id":1,"domain_name":"a.com"},{"id":"2","domain_name":"b.com"}]}}"#;
        let domains: Vec<Domain> = decode(info("domains.list"), &response(200, body)).unwrap();
        assert_eq!(domains.iter().map(|d| d.id).collect::<Vec<_>>(), [1, 2]);
    }

    #[test]
    fn a_list_without_its_key_or_envelope_still_decodes() {
        let bare = r#"{"success":"1","data":[{"id":1,"domain_name":"a.com"}]}"#;
        assert_eq!(
            decode::<Vec<Domain>>(info("domains.list"), &response(200, bare))
                .unwrap()
                .len(),
            1
        );
        let no_envelope = r#"{"domains":[{"id":1,"domain_name":"a.com"}]}"#;
        assert_eq!(
            decode::<Vec<Domain>>(info("domains.list"), &response(200, no_envelope))
                .unwrap()
                .len(),
            1
        );
    }

    /// Found by the property tests: serde reads a list as a struct by position, so `[]` was an
    /// envelope with nothing in it and `[false]` one with `success: false`.
    #[test]
    fn a_bare_list_is_data_without_its_envelope_not_an_envelope_by_position() {
        let list = info("domains.list");
        let empty: Vec<Domain> = decode(list, &response(200, "[]")).unwrap();
        assert!(empty.is_empty());
        let one = r#" [{"id":1,"domain_name":"a.com"}]"#;
        assert_eq!(
            decode::<Vec<Domain>>(list, &response(200, one)).unwrap()[0].id,
            1
        );
        let not_domains = decode::<Vec<Domain>>(list, &response(200, "[false]")).unwrap_err();
        assert_eq!(
            not_domains.kind(),
            ErrorKind::Decode,
            "an item that is not a domain"
        );
        assert_eq!(not_domains.field_path(), Some("data[0]"));
        let cut = decode::<Vec<Domain>>(list, &response(200, "[{\"id\":1")).unwrap_err();
        assert_eq!(
            cut.kind(),
            ErrorKind::Server,
            "cut short: not the API's JSON"
        );
        let add = decode::<Domain>(info("domains.add"), &response(200, "[]")).unwrap_err();
        assert_eq!(add.kind(), ErrorKind::Decode);
    }

    #[test]
    fn an_inner_success_false_is_a_validation_error() {
        let body = r#"{"success":true,"data":{"success":false,"message":"DKIM key could not be created"}}"#;
        let err = decode::<Domain>(info("domains.add"), &response(200, body)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation);
        assert_eq!(err.messages(), ["DKIM key could not be created"]);
    }

    #[test]
    fn verify_reads_the_inner_flag_as_its_answer() {
        let body = r#"{"success":true,"data":{"success":false,"message":"DKIM record not found"}}"#;
        let answer: DomainVerification =
            decode(info("domains.verify"), &response(200, body)).unwrap();
        assert!(!answer.verified);
        assert_eq!(answer.message.as_deref(), Some("DKIM record not found"));
    }

    #[test]
    fn error_shapes_become_message_lists() {
        let cases = [
            (
                422,
                r#"{"success":false,"data":["The domain name field is required."]}"#,
                ErrorKind::Validation,
                vec!["The domain name field is required."],
            ),
            (
                422,
                r#"{"message":"The name field is required. (and 1 more error)","errors":{"name":["The name field is required."],"html_body":["The html body field is required."]}}"#,
                ErrorKind::Validation,
                vec![
                    "The name field is required.",
                    "The html body field is required.",
                ],
            ),
            (
                401,
                r#"{"message":"Unauthenticated."}"#,
                ErrorKind::Authentication,
                vec!["Unauthenticated."],
            ),
            (
                403,
                r#"{"success":false,"data":["wrong user id"]}"#,
                ErrorKind::WrongUser,
                vec!["wrong user id"],
            ),
            (
                200,
                r#"{"success":false,"data":["wrong user id"]}"#,
                ErrorKind::WrongUser,
                vec!["wrong user id"],
            ),
            (
                200,
                r#"{"success":false,"data":{"domain_name":["The domain name has already been taken."]}}"#,
                ErrorKind::Validation,
                vec!["The domain name has already been taken."],
            ),
            (
                404,
                r#"{"success":false,"data":["Domain not found."]}"#,
                ErrorKind::NotFound,
                vec!["Domain not found."],
            ),
            (
                405,
                r#"{"message":"The GET method is not supported for route api/v1/x. Supported methods: POST."}"#,
                ErrorKind::NotFound,
                vec![
                    "The GET method is not supported for route api/v1/x. Supported methods: POST.",
                ],
            ),
            (
                429,
                r#"{"message":"Too Many Attempts."}"#,
                ErrorKind::RateLimited,
                vec!["Too Many Attempts."],
            ),
            (
                500,
                r#"{"message":"Server Error"}"#,
                ErrorKind::Server,
                vec!["Server Error"],
            ),
            (
                413,
                r#"{"message":"Payload Too Large"}"#,
                ErrorKind::Validation,
                vec!["Payload Too Large"],
            ),
        ];
        for (status, body, kind, messages) in cases {
            let err = decode::<Domain>(info("domains.add"), &response(status, body)).unwrap_err();
            assert_eq!(err.kind(), kind, "{status} {body}");
            assert_eq!(err.messages(), messages.as_slice(), "{status} {body}");
            assert_eq!(err.status(), Some(status));
            assert_eq!(err.endpoint(), Some("domains.add"));
        }
    }

    #[test]
    fn non_json_bodies_quote_status_and_excerpt() {
        let html = format!(
            "<html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
            "x".repeat(400)
        );
        let err = decode::<Domain>(info("domains.add"), &response(502, &html)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Server);
        let excerpt = err.context().body_excerpt.clone().unwrap();
        assert!(
            excerpt.starts_with("<html><head><title>502 Bad Gateway"),
            "{excerpt}"
        );
        assert!(excerpt.chars().count() <= EXCERPT_BYTES + 1);
        assert!(err.to_string().contains("HTTP 502"), "{err}");

        let truncated = decode::<Domain>(
            info("domains.add"),
            &response(200, r#"{"success":true,"data":{"dom"#),
        )
        .unwrap_err();
        assert_eq!(truncated.kind(), ErrorKind::Server);
        let html_401 = decode::<Domain>(info("domains.add"), &response(401, "<html>login</html>"))
            .unwrap_err();
        assert_eq!(html_401.kind(), ErrorKind::Authentication);
        // A proxy's refusal of a plain-HTTP request (one tunnelling HTTPS refuses in `tunnel.rs`).
        let html_407 = decode::<Domain>(
            info("domains.add"),
            &response(407, "<html>Proxy Authentication Required</html>"),
        )
        .unwrap_err();
        assert_eq!(html_407.kind(), ErrorKind::Connection);
        assert_eq!(html_407.status(), Some(407));
        assert!(
            html_407.to_string().contains("proxy URL's user:password"),
            "{html_407}"
        );
    }

    #[test]
    fn an_odd_field_does_not_fail_the_call() {
        let body = r#"{"success":true,"data":{"domains":[{"id":1,"domain_name":"a.com"},{"id":"x","domain_name":"b.com","status":["?"]}]}}"#;
        let domains: Vec<Domain> = decode(info("domains.list"), &response(200, body)).unwrap();
        assert_eq!(domains[0].id, 1);
        assert_eq!(domains[1].domain_name, "b.com");
        assert_eq!(
            domains[1].id, 0,
            "a plain field that does not fit reads as its empty value"
        );
        assert_eq!(domains[1].status, None);
        assert_eq!(domains[1].extra.get("id"), Some(&serde_json::json!("x")));
        assert_eq!(
            domains[1].extra.get("status"),
            Some(&serde_json::json!(["?"]))
        );
    }

    #[test]
    fn a_wrong_shape_is_a_decode_error_with_its_path() {
        let list = info("domains.list");
        let cases = [
            (
                r#"{"success":true,"data":{"domains":{"id":1}}}"#,
                "data.domains",
            ),
            (
                r#"{"success":true,"data":{"domains":[{"id":1,"domain_name":"a.com"},7]}}"#,
                "data.domains[1]",
            ),
            (
                r#"{"success":true,"data":{"domain_list":[]}}"#,
                "data.domains",
            ),
            (
                r#"{"success":true,"data":[{"id":1,"domain_name":"a.com"},7]}"#,
                "data[1]",
            ),
            (
                r#"{"success":true,"data":{"domains":[{"id":1}]}}"#,
                "data.domains[0]",
            ),
        ];
        for (body, path) in cases {
            let err = decode::<Vec<Domain>>(list, &response(200, body)).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Decode, "{body}");
            assert_eq!(err.field_path(), Some(path), "{body}: {err}");
        }
        let missing = decode::<Domain>(
            info("domains.add"),
            &response(200, r#"{"success":true,"data":{}}"#),
        )
        .unwrap_err();
        assert_eq!(missing.field_path(), Some("data.domain"));
    }

    /// Found by the fuzz targets: JSON allows numbers no `f64` holds (RFC 8259 lets parsers limit
    /// them). In a model, even in a field the SDK does not model, that is a `Decode` error naming
    /// the field, not a panic and not a silent infinity.
    #[test]
    fn a_number_beyond_f64_is_a_decode_error_naming_its_field() {
        let body =
            r#"{"success":true,"data":{"domains":[{"id":1,"domain_name":"a.com","score":1e400}]}}"#;
        let err = decode::<Vec<Domain>>(info("domains.list"), &response(200, body)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode);
        assert_eq!(err.field_path(), Some("data.domains[0].score"));
        let outside_the_data = r#"{"success":true,"data":{"domains":[]},"took":1e400}"#;
        assert!(
            decode::<Vec<Domain>>(info("domains.list"), &response(200, outside_the_data)).is_ok()
        );
    }

    #[test]
    fn the_token_envelope() {
        let login = info("client.login");
        let ok = r#"{"status":true,"message":"Token Created Successfully","token":"1|abc","user":{"id":"123","name":"Demo","email":"d@example.com"}}"#;
        let session = decode_session(login, &response(200, ok)).unwrap();
        assert_eq!(session.token.expose(), "1|abc");
        assert_eq!(session.user.id, 123);
        let wrapped =
            r#"{"success":true,"data":{"token":"2|x","user":{"id":1,"email":"d@example.com"}}}"#;
        assert_eq!(
            decode_session(login, &response(200, wrapped))
                .unwrap()
                .token
                .expose(),
            "2|x"
        );
        let bad = r#"{"status":false,"message":"Invalid email or password"}"#;
        for status in [200, 401] {
            let err = decode_session(login, &response(status, bad)).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Authentication);
            assert_eq!(err.messages(), ["Invalid email or password"]);
        }
    }

    #[test]
    fn a_message_under_its_key() {
        let body = r#"{"success":true,"data":{"campaigns":"update sucessfully"}}"#;
        let message: Message = decode(info("campaigns.update"), &response(200, body)).unwrap();
        assert_eq!(message.message.as_deref(), Some("update sucessfully"));
    }
}
