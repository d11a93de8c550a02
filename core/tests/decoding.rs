//! Decoding any answer, as properties over every endpoint: arbitrary bytes, arbitrary JSON, the
//! API's answers with any value in any place, valid answers in every envelope the SDK accepts,
//! and error answers with any status. Each case goes through `decoding/checks.rs`, the same
//! checks the fuzz targets (`fuzz/`) run: it never panics, an error status is an error of the
//! status's kind, a 2xx is the result or an error the answer explains, and a result round-trips
//! through the standard envelope. The one-odd-field property per model is
//! `core/src/models/odd_field_tests.rs`; the lenient scalar rules are `lenient_rules.rs`.
//!
//! Decoding is pure, so these call `decode_body` (and `decode_session_body`), the function every
//! client call decodes its answer with, with no server in between;
//! `a_client_over_http_decodes_each_answer_as_decode_body` proves that the answers a client gets
//! from the sandbox decode the same way.

#[path = "decoding/checks.rs"]
mod checks;
mod common;

use std::collections::BTreeMap;

use bytes::Bytes;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{json, Map, Value};
use smtpprovider::{decode_body, Domain, EndpointInfo, ErrorKind, TypeInfo, ENDPOINTS};

use checks::{check_answer, kind_of_error_status};

/// An endpoint of the table, shown by its id when a case fails.
#[derive(Clone, Copy)]
struct Endpoint(&'static EndpointInfo);

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.id)
    }
}

impl std::ops::Deref for Endpoint {
    type Target = EndpointInfo;
    fn deref(&self) -> &EndpointInfo {
        self.0
    }
}

fn any_endpoint() -> impl Strategy<Value = Endpoint> {
    prop::sample::select(ENDPOINTS.iter().map(Endpoint).collect::<Vec<_>>())
}

/// Every key the decoders look for: the envelopes', the data keys and every model field's.
fn known_keys() -> Vec<&'static str> {
    fn model_keys(ty: &'static TypeInfo, keys: &mut Vec<&'static str>) {
        if let Some(model) = ty.model() {
            for field in model.fields {
                keys.push(field.key);
                model_keys(&field.ty, keys);
            }
        }
    }
    let mut keys = vec![
        "success", "status", "data", "message", "errors", "token", "user",
    ];
    for endpoint in ENDPOINTS {
        keys.extend(endpoint.data_key);
        model_keys(endpoint.returns, &mut keys);
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

fn any_key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(known_keys()).prop_map(str::to_owned),
        1 => "[a-z_]{1,8}",
    ]
}

/// Strings a PHP app sends, the tricky ones (blank, numeric, boolean-looking, the messages the
/// error kinds are read from) made likely.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            " ",
            "0",
            "1",
            " 7 ",
            "-3",
            "12.0",
            "true",
            "False",
            "null",
            "wrong user id",
            "Unauthenticated.",
            "Domain not found.",
            "\u{FEFF}",
            "é",
        ])
        .prop_map(str::to_owned),
        "\\PC{0,16}",
    ]
}

fn any_scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        // Whole and fractional numbers, the huge and the tiny: every float serde_json can write.
        any::<f64>().prop_map(Value::from),
        (-1000i64..1000).prop_map(|n| Value::from(n as f64)),
        any_text().prop_map(Value::from),
    ]
}

fn any_json() -> impl Strategy<Value = Value> {
    any_scalar().prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(any_key(), inner, 0..5).prop_map(object),
        ]
    })
}

fn object(fields: BTreeMap<String, Value>) -> Value {
    Value::Object(fields.into_iter().collect())
}

/// A value of `ty` as the API may send it, with `odd_weight` (of 10) the chance that any one
/// value is replaced by arbitrary JSON instead; 0 gives a valid answer.
fn shaped(ty: &'static TypeInfo, odd_weight: u32) -> BoxedStrategy<Value> {
    let valid = match ty {
        TypeInfo::Integer => prop_oneof![
            any::<u32>().prop_map(Value::from),
            any::<u32>().prop_map(|n| Value::from(n.to_string())),
            any::<u32>().prop_map(|n| Value::from(format!(" {n} "))),
            (0u32..1000).prop_map(|n| Value::from(f64::from(n))),
        ]
        .boxed(),
        TypeInfo::Text => prop_oneof![
            4 => any_text().prop_map(Value::from),
            1 => any::<i64>().prop_map(Value::from),
            1 => any::<bool>().prop_map(Value::from),
        ]
        .boxed(),
        TypeInfo::Bool => prop::sample::select(vec![
            json!(true),
            json!(false),
            json!(0),
            json!(1),
            json!("0"),
            json!("1"),
            json!("true"),
            json!("False"),
        ])
        .boxed(),
        TypeInfo::Optional(inner) => prop_oneof![
            1 => Just(Value::Null),
            1 => Just(json!("")),
            4 => shaped(inner, odd_weight),
        ]
        .boxed(),
        TypeInfo::List(inner) => prop_oneof![
            1 => Just(Value::Null),
            6 => prop::collection::vec(shaped(inner, odd_weight), 0..4).prop_map(Value::Array),
        ]
        .boxed(),
        TypeInfo::Model(model) => {
            let fields: Vec<_> = model
                .fields
                .iter()
                .map(|field| {
                    let may_be_absent =
                        matches!(field.ty, TypeInfo::Optional(_) | TypeInfo::List(_));
                    let value = shaped(&field.ty, odd_weight);
                    let value = if may_be_absent {
                        prop::option::weighted(0.8, value).boxed()
                    } else {
                        value.prop_map(Some).boxed()
                    };
                    (Just(field.key), value)
                })
                .collect();
            let unknown = prop::collection::btree_map("x_[a-z]{1,6}", any_scalar(), 0..2);
            (fields, unknown)
                .prop_map(|(fields, unknown)| {
                    let mut map: Map<String, Value> = unknown.into_iter().collect();
                    for (key, value) in fields {
                        if let Some(value) = value {
                            map.insert(key.to_owned(), value);
                        }
                    }
                    Value::Object(map)
                })
                .boxed()
        }
    };
    if odd_weight == 0 {
        valid
    } else {
        prop_oneof![10 - odd_weight => valid, odd_weight => any_json()].boxed()
    }
}

/// A success flag as a PHP app writes it.
fn truthy() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![json!(true), json!(1), json!("1"), json!("true")])
}

/// `endpoint`'s result, shaped by `shaped(_, odd_weight)`, in one of the envelopes the SDK reads.
fn answer(endpoint: Endpoint, odd_weight: u32) -> BoxedStrategy<Value> {
    let result = shaped(endpoint.returns, odd_weight);
    if endpoint.id == "client.login" {
        // `returns` is `Session`: `{token, user}`, in the token envelope or the standard one.
        return (result, truthy(), any::<bool>())
            .prop_map(|(session, flag, wrapped)| match session {
                Value::Object(mut fields) if !wrapped => {
                    fields.insert("status".to_owned(), flag);
                    fields.insert("message".to_owned(), json!("Token Created Successfully"));
                    Value::Object(fields)
                }
                session => json!({"success": flag, "data": session}),
            })
            .boxed();
    }
    (result, truthy(), 0..3u8)
        .prop_map(
            move |(result, flag, form)| match (endpoint.data_key, form) {
                (Some(key), 0) => json!({"success": flag, "data": {key: result}}),
                // No envelope: the object holding the key is the data.
                (Some(key), 1) => json!({ key: result }),
                // A list sent as `data` itself, its key dropped.
                (Some(_), _) if result.is_array() => json!({"success": flag, "data": result}),
                (Some(key), _) => json!({"success": flag, "data": {key: result}, "message": "OK"}),
                (None, _) => json!({"success": flag, "data": result}),
            },
        )
        .boxed()
}

fn any_success_status() -> impl Strategy<Value = u16> {
    prop_oneof![4 => Just(200u16), 1 => Just(201u16), 1 => 202u16..300]
}

fn any_error_status() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => prop::sample::select(vec![400u16, 401, 403, 404, 405, 408, 409, 413, 422, 429, 500, 502, 503]),
        1 => any::<u16>().prop_filter("an error status", |s| !(200..300).contains(s)),
    ]
}

/// The error answers of `docs/api.md` and Laravel, with any messages; all but the last two carry
/// a `false` flag, so that they are errors at 2xx too.
fn error_body() -> impl Strategy<Value = (bool, Vec<u8>)> {
    let messages = || prop::collection::vec(any_text(), 0..3);
    let field = || prop::sample::select(vec!["domain_name", "name", "user_id"]);
    let json_body = |value: Value| serde_json::to_vec(&value).unwrap();
    prop_oneof![
        messages().prop_map(move |m| (true, json_body(json!({"success": false, "data": m})))),
        (field(), messages()).prop_map(move |(f, m)| {
            (true, json_body(json!({"success": false, "data": {f: m}})))
        }),
        any_text().prop_map(move |m| (true, json_body(json!({"status": false, "message": m})))),
        (any_text(), field(), messages()).prop_map(move |(m, f, ms)| {
            (false, json_body(json!({"message": m, "errors": {f: ms}})))
        }),
        "\\PC{0,40}".prop_map(|text| (
            false,
            format!("<html><body>{text}</body></html>").into_bytes()
        )),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_bytes_with_any_status(
        endpoint in any_endpoint(),
        status in any::<u16>(),
        body in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        let _ = check_answer(endpoint.0, status, &body);
    }

    #[test]
    fn any_json_with_any_status(endpoint in any_endpoint(), status in any::<u16>(), body in any_json()) {
        let _ = check_answer(endpoint.0, status, &serde_json::to_vec(&body).unwrap());
    }

    #[test]
    fn any_json_as_the_data_of_a_success(
        endpoint in any_endpoint(),
        status in any_success_status(),
        data in any_json(),
        under_key in any::<bool>(),
    ) {
        let data = match endpoint.data_key {
            Some(key) if under_key => json!({ key: data }),
            _ => data,
        };
        let body = json!({"success": true, "data": data});
        let _ = check_answer(endpoint.0, status, &serde_json::to_vec(&body).unwrap());
    }

    #[test]
    fn an_answer_with_any_value_in_any_place(
        (endpoint, body) in any_endpoint().prop_flat_map(|e| (Just(e), answer(e, 1))),
        status in any_success_status(),
    ) {
        let _ = check_answer(endpoint.0, status, &serde_json::to_vec(&body).unwrap());
    }

    #[test]
    fn a_valid_answer_in_any_envelope_decodes_and_round_trips(
        (endpoint, body) in any_endpoint().prop_flat_map(|e| (Just(e), answer(e, 0))),
        status in any_success_status(),
    ) {
        let text = serde_json::to_vec(&body).unwrap();
        let decoded = check_answer(endpoint.0, status, &text);
        prop_assert!(decoded.is_ok(), "{}: {} did not decode: {:?}", endpoint.id, body, decoded);
    }

    #[test]
    fn an_error_answer_is_an_error_of_its_status_kind(
        endpoint in any_endpoint(),
        status in any_error_status(),
        (_, body) in error_body(),
    ) {
        prop_assert!(check_answer(endpoint.0, status, &body).is_err());
    }

    #[test]
    fn a_failure_flag_at_2xx_is_an_error(
        endpoint in any_endpoint(),
        status in any_success_status(),
        (flagged, body) in error_body(),
    ) {
        let decoded = check_answer(endpoint.0, status, &body);
        prop_assert!(!flagged || decoded.is_err(), "{}: {} decoded", endpoint.id, String::from_utf8_lossy(&body));
    }
}

/// Every status there is, for three bodies: the kind is the status table's, or `WrongUser` for a
/// 4xx that says so; 2xx alone decodes.
#[test]
fn the_status_to_kind_mapping_is_total() {
    let list = ENDPOINTS.iter().find(|e| e.id == "domains.list").unwrap();
    let bodies: [&[u8]; 3] = [
        b"<html>502 Bad Gateway</html>",
        br#"{"message":"Server Error"}"#,
        br#"{"success":false,"data":["wrong user id"]}"#,
    ];
    for status in (0..=u16::MAX).filter(|s| !(200..300).contains(s)) {
        for body in bodies {
            let _ = check_answer(list, status, body);
        }
    }
    // The statuses docs/reliability.md names, through the decoder itself.
    let named: [(&[u16], ErrorKind); 6] = [
        (&[400, 413, 422, 499], ErrorKind::Validation),
        (&[401, 403], ErrorKind::Authentication),
        (&[404, 405], ErrorKind::NotFound),
        (&[408], ErrorKind::Timeout),
        (&[429], ErrorKind::RateLimited),
        (&[0, 100, 302, 409, 500, 503, 600], ErrorKind::Server),
    ];
    for (statuses, kind) in named {
        for &status in statuses {
            let body = Bytes::from_static(br#"{"message":"No."}"#);
            let error = decode_body::<Vec<Domain>>(list, status, body).unwrap_err();
            assert_eq!(error.kind(), kind, "{status}");
            assert_eq!(kind_of_error_status(status), kind, "{status}");
        }
    }
}

/// Generated answers, sent by the sandbox over HTTP (a scripted fault each) to a client that does
/// not retry, give the result or the error kind `decode_body` gives for the same bytes.
#[tokio::test]
async fn a_client_over_http_decodes_each_answer_as_decode_body() {
    let (_sandbox, admin, client) = common::demo().await;
    let client = client.with_options(smtpprovider::RequestOptions::new().max_retries(0));
    // The calls without arguments, so that any of them can be made with `call_json`.
    let calls: Vec<Endpoint> = ENDPOINTS
        .iter()
        .filter(|e| e.authenticated && e.args.is_empty())
        .map(Endpoint)
        .collect();
    let case = (prop::sample::select(calls), any::<bool>()).prop_flat_map(|(endpoint, fails)| {
        let status = prop::sample::select(vec![
            400u16, 401, 403, 404, 405, 408, 409, 422, 429, 500, 502, 503,
        ]);
        let answer = if fails {
            (status, error_body().prop_map(|(_, body)| body)).boxed()
        } else {
            let body = answer(endpoint, 1).prop_map(|body| serde_json::to_vec(&body).unwrap());
            (Just(200u16), body).boxed()
        };
        (Just(endpoint), answer)
    });
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for _ in 0..48 {
        let (endpoint, (status, body)) = case.new_tree(&mut runner).unwrap().current();
        let text = String::from_utf8(body.clone()).unwrap();
        let content_type = if text.starts_with('<') {
            "text/html"
        } else {
            "application/json"
        };
        let path = endpoint.path;
        admin
            .fault(json!({"path": path, "kind": "status", "status": status,
                          "body": text, "content_type": content_type}))
            .await;
        let over_http = client.call_json(endpoint.id, &Value::Null).await;
        let direct = check_answer(endpoint.0, status, &body);
        assert_eq!(
            over_http.map_err(|e| e.kind()),
            direct,
            "{} {status} {text}",
            endpoint.id
        );
    }
}
