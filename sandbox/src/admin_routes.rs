//! The `/_sandbox/...` routes (see the README's table): thin JSON wrappers over `admin.rs`.
//! They need no token and are never faulted, throttled or logged.

use std::time::Duration;

use bytes::Bytes;
use hyper::header::{HeaderValue, ALLOW};
use hyper::http::request::Parts;
use hyper::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::admin::{self, AdminError, Subscribers};
use crate::app::App;
use crate::dns::TxtRecord;
use crate::faults::FaultSpec;
use crate::outbox::{MessageKind, OutboxFilter};
use crate::pipeline::route_not_found;
use crate::respond::Reply;

/// The methods each sandbox path answers.
fn allowed_methods(path: &str) -> Option<&'static str> {
    Some(match path {
        "/_sandbox/health" => "GET",
        "/_sandbox/reset" | "/_sandbox/users" | "/_sandbox/subscribers" => "POST",
        "/_sandbox/config" | "/_sandbox/clock" => "GET, POST",
        "/_sandbox/dns" | "/_sandbox/faults" => "GET, POST, DELETE",
        "/_sandbox/outbox" | "/_sandbox/requests" => "GET, DELETE",
        _ if path.starts_with("/_sandbox/verify-sender/") => "GET",
        _ => return None,
    })
}

fn admin_error(error: AdminError) -> Reply {
    let status = match error {
        AdminError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AdminError::NotFound(_) => StatusCode::NOT_FOUND,
        AdminError::Gone(_) => StatusCode::GONE,
    };
    Reply::message(status, &error.to_string())
}

fn invalid(message: &str) -> Reply {
    admin_error(AdminError::Invalid(message.to_string()))
}

fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, Reply> {
    serde_json::from_slice(body)
        .map_err(|e| invalid(&format!("The body is not the JSON this route expects: {e}")))
}

/// The query string's parameters.
fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

fn query_value(query: Option<&str>, name: &str) -> Option<String> {
    query_pairs(query)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

/// A TXT record as the DNS routes show it.
#[derive(Serialize)]
struct DnsView {
    name: String,
    #[serde(rename = "type")]
    kind: &'static str,
    values: Vec<String>,
}

impl From<TxtRecord> for DnsView {
    fn from(record: TxtRecord) -> Self {
        DnsView {
            name: record.name,
            kind: "TXT",
            values: record.values,
        }
    }
}

#[derive(Deserialize)]
struct NewUser {
    email: String,
    password: String,
    name: Option<String>,
}

#[derive(Deserialize)]
struct ConfigChange {
    rate_limit: Option<u32>,
    rate_limit_window_ms: Option<u64>,
}

#[derive(Deserialize)]
struct ClockChange {
    advance_seconds: Option<i64>,
    set: Option<String>,
}

#[derive(Deserialize)]
struct NewDnsRecord {
    name: String,
    #[serde(rename = "type")]
    kind: Option<String>,
    value: Option<String>,
    values: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct NewSubscribers {
    mailing_list_id: u64,
    emails: Option<Vec<String>>,
    count: Option<usize>,
}

fn outbox_filter(query: Option<&str>) -> Result<OutboxFilter, Reply> {
    let kind =
        match query_value(query, "kind") {
            Some(kind) => Some(serde_json::from_value::<MessageKind>(json!(kind)).map_err(
                |_| invalid("The kind must be sender_verification, welcome or campaign."),
            )?),
            None => None,
        };
    let campaign_id = match query_value(query, "campaign_id") {
        Some(id) => Some(
            id.parse()
                .map_err(|_| invalid("The campaign id must be an integer."))?,
        ),
        None => None,
    };
    Ok(OutboxFilter {
        to: query_value(query, "to"),
        kind,
        campaign_id,
    })
}

/// Answers a `/_sandbox/...` request whose body has been read.
pub fn handle(app: &App, head: &Parts, body: Result<Bytes, Reply>) -> Reply {
    let path = head.uri.path();
    let path = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    let Some(allowed) = allowed_methods(path) else {
        return route_not_found(path);
    };
    let method = if head.method == Method::HEAD {
        Method::GET
    } else {
        head.method.clone()
    };
    if !allowed.split(", ").any(|m| m == method.as_str()) {
        let message = format!(
            "The {method} method is not supported for route {}. Supported methods: {allowed}.",
            path.trim_start_matches('/')
        );
        return Reply::message(StatusCode::METHOD_NOT_ALLOWED, &message)
            .with_header(ALLOW, HeaderValue::from_static(allowed));
    }
    match body {
        Ok(body) => {
            route(app, &method, path, head.uri.query(), &body).unwrap_or_else(|reply| reply)
        }
        Err(reply) => reply,
    }
}

fn ok(value: serde_json::Value) -> Result<Reply, Reply> {
    Ok(Reply::json(StatusCode::OK, &value))
}

fn created(value: serde_json::Value) -> Result<Reply, Reply> {
    Ok(Reply::json(StatusCode::CREATED, &value))
}

fn route(
    app: &App,
    method: &Method,
    path: &str,
    query: Option<&str>,
    body: &Bytes,
) -> Result<Reply, Reply> {
    if let Some(token) = path.strip_prefix("/_sandbox/verify-sender/") {
        let sender = admin::follow_verification_link(app, token).map_err(admin_error)?;
        return ok(json!({"message": "Sender verified", "sender": sender}));
    }
    match (method.as_str(), path) {
        ("GET", "/_sandbox/health") => ok(json!({"status": "ok"})),
        ("POST", "/_sandbox/reset") => {
            admin::reset(app);
            ok(json!({"status": "ok"}))
        }
        ("POST", "/_sandbox/users") => {
            let new: NewUser = parse(body)?;
            let user = admin::create_user(app, &new.email, &new.password, new.name.as_deref())
                .map_err(admin_error)?;
            created(json!({ "user": user }))
        }
        ("GET", "/_sandbox/config") => ok(json!(admin::config(app))),
        ("POST", "/_sandbox/config") => {
            let change: ConfigChange = parse(body)?;
            if let Some(limit) = change.rate_limit {
                admin::set_rate_limit(app, limit);
            }
            if let Some(millis) = change.rate_limit_window_ms {
                admin::set_rate_limit_window(app, Duration::from_millis(millis));
            }
            ok(json!(admin::config(app)))
        }
        ("GET", "/_sandbox/clock") => ok(json!(admin::clock(app))),
        ("POST", "/_sandbox/clock") => {
            let change: ClockChange = parse(body)?;
            let clock = match (change.advance_seconds, change.set) {
                (Some(seconds), None) => admin::advance_clock(app, seconds),
                (None, Some(at)) => admin::set_clock(app, &at),
                _ => return Err(invalid("Give exactly one of advance_seconds and set.")),
            };
            ok(json!(clock.map_err(admin_error)?))
        }
        ("GET", "/_sandbox/dns") => {
            let records: Vec<DnsView> = admin::dns_records(app)
                .into_iter()
                .map(DnsView::from)
                .collect();
            ok(json!({ "records": records }))
        }
        ("POST", "/_sandbox/dns") => {
            let new: NewDnsRecord = parse(body)?;
            if new
                .kind
                .as_deref()
                .is_some_and(|k| !k.eq_ignore_ascii_case("TXT"))
            {
                return Err(invalid("Only TXT records can be published."));
            }
            let record = match (new.value, new.values) {
                (Some(value), None) => admin::publish_dns_value(app, &new.name, &value),
                (None, Some(values)) => admin::publish_dns_strings(app, &new.name, values),
                _ => return Err(invalid("Give exactly one of value and values.")),
            };
            created(json!(DnsView::from(record.map_err(admin_error)?)))
        }
        ("DELETE", "/_sandbox/dns") => {
            let name = query_value(query, "name")
                .ok_or_else(|| invalid("The name query parameter is required."))?;
            ok(json!({ "removed": admin::remove_dns(app, &name) }))
        }
        ("POST", "/_sandbox/subscribers") => {
            let new: NewSubscribers = parse(body)?;
            let subscribers = match (new.emails, new.count) {
                (Some(emails), None) => Subscribers::Emails(emails),
                (None, Some(count)) => Subscribers::Count(count),
                _ => return Err(invalid("Give exactly one of emails and count.")),
            };
            let list = admin::add_subscribers(app, new.mailing_list_id, subscribers)
                .map_err(admin_error)?;
            ok(json!({ "mailing_list": list }))
        }
        ("GET", "/_sandbox/outbox") => {
            ok(json!({ "messages": admin::outbox(app, &outbox_filter(query)?) }))
        }
        ("DELETE", "/_sandbox/outbox") => {
            admin::clear_outbox(app);
            ok(json!({ "messages": [] }))
        }
        ("POST", "/_sandbox/faults") => {
            let spec: FaultSpec = parse(body)?;
            created(json!({ "fault": admin::add_fault(app, spec).map_err(admin_error)? }))
        }
        ("GET", "/_sandbox/faults") => ok(json!({ "faults": admin::faults(app) })),
        ("DELETE", "/_sandbox/faults") => {
            admin::clear_faults(app);
            ok(json!({ "faults": [] }))
        }
        ("GET", "/_sandbox/requests") => {
            ok(json!({ "requests": admin::requests(app, query_value(query, "path").as_deref()) }))
        }
        ("DELETE", "/_sandbox/requests") => {
            admin::clear_requests(app);
            ok(json!({ "requests": [] }))
        }
        _ => Err(route_not_found(path)),
    }
}
