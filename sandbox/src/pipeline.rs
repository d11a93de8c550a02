//! One HTTP request's way through the sandbox. `/_sandbox/...` goes to the admin routes untouched;
//! `/api/...` meets, in order: a scripted fault, the body limit (413), the route table (404/405),
//! the rate limiter (429), then its endpoint; every `/api` request ends up in the request log.

use std::fmt;
use std::net::IpAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::header::{
    HeaderName, HeaderValue, ALLOW, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER,
};
use hyper::http::request::Parts;
use hyper::{Request, Response, StatusCode};
use tokio::sync::Notify;

use crate::admin_routes;
use crate::api::{self, Call};
use crate::app::{lock, App};
use crate::auth::{authenticate, bearer_token};
use crate::body::SandboxBody;
use crate::faults::{api_relative, FaultAction, MAX_DELAY_MS};
use crate::input;
use crate::ratelimit::{Decision, RateKey};
use crate::requestlog::RequestRecord;
use crate::respond::Reply;
use crate::router::{self, Lookup};

/// How long a client may take to send a request body.
const BODY_DEADLINE: Duration = Duration::from_secs(30);

/// Returned to hyper to make it close the connection without an answer (the `drop` fault).
#[derive(Debug)]
pub struct DroppedByFault;

impl fmt::Display for DroppedByFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by a sandbox fault")
    }
}

impl std::error::Error for DroppedByFault {}

/// Answers one request. `close` is notified to cut the whole connection.
pub async fn handle(
    app: Arc<App>,
    request: Request<Incoming>,
    peer: IpAddr,
    close: Arc<Notify>,
) -> Result<Response<SandboxBody>, DroppedByFault> {
    let (head, body) = request.into_parts();
    let path = head.uri.path();
    if path == "/api" || path.starts_with("/api/") {
        return api_request(&app, head, body, peer, close).await;
    }
    // Like PHP, read the whole body before answering, so the client is never cut off mid-send.
    let body = read_body(body, &head, app.max_body_bytes).await;
    let reply = if path == "/_sandbox" || path.starts_with("/_sandbox/") {
        admin_routes::handle(&app, &head, body)
    } else {
        route_not_found(path)
    };
    Ok(reply.into_response())
}

/// Laravel's answer to an unknown route.
pub fn route_not_found(path: &str) -> Reply {
    Reply::message(
        StatusCode::NOT_FOUND,
        &format!(
            "The route {} could not be found.",
            path.trim_start_matches('/')
        ),
    )
}

fn header(name: &'static str, value: impl Into<HeaderValue>) -> (HeaderName, HeaderValue) {
    (HeaderName::from_static(name), value.into())
}

async fn api_request(
    app: &App,
    head: Parts,
    body: Incoming,
    peer: IpAddr,
    close: Arc<Notify>,
) -> Result<Response<SandboxBody>, DroppedByFault> {
    let method = head.method.to_string();
    let path = head.uri.path().to_string();
    let fault = lock(&app.faults).take(&method, &api_relative(&path));
    let mut record = RequestRecord {
        id: 0,
        method,
        query: head.uri.query().map(str::to_string),
        user_agent: head
            .headers
            .get(hyper::header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string),
        status: None,
        fault: fault.as_ref().map(FaultAction::kind_name),
        at: lock(&app.state).now_text(),
        path,
    };
    if let Some(FaultAction::Drop) = fault {
        lock(&app.requests).push(record);
        close.notify_one();
        return Err(DroppedByFault);
    }
    let body = read_body(body, &head, app.max_body_bytes).await;
    let reply = match &fault {
        Some(FaultAction::Status {
            status,
            body,
            content_type,
            headers,
        }) => fault_reply(*status, body.as_ref(), content_type.as_deref(), headers),
        Some(FaultAction::Delay { delay_ms }) => {
            tokio::time::sleep(Duration::from_millis((*delay_ms).min(MAX_DELAY_MS))).await;
            process(app, &head, body, peer).await
        }
        _ => process(app, &head, body, peer).await,
    };
    record.status = Some(reply.status.as_u16());
    lock(&app.requests).push(record);
    Ok(match fault {
        Some(FaultAction::Truncate) => reply.into_truncated_response(),
        _ => reply.into_response(),
    })
}

/// The answer a `status` fault scripted.
fn fault_reply(
    status: u16,
    body: Option<&serde_json::Value>,
    content_type: Option<&str>,
    headers: &std::collections::BTreeMap<String, String>,
) -> Reply {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let content_type = content_type
        .and_then(|ct| HeaderValue::from_str(ct).ok())
        .unwrap_or(HeaderValue::from_static("application/json"));
    let body = match body {
        Some(serde_json::Value::String(text)) => Bytes::from(text.clone()),
        Some(value) => Bytes::from(value.to_string()),
        None => {
            // Laravel hides exception details behind "Server Error"; other statuses get their reason.
            let message = if status == StatusCode::INTERNAL_SERVER_ERROR {
                "Server Error"
            } else {
                status.canonical_reason().unwrap_or("Error")
            };
            Bytes::from(serde_json::json!({ "message": message }).to_string())
        }
    };
    let mut reply = Reply::raw(status, content_type, body);
    for (name, value) in headers {
        // Names and values were validated when the fault was added.
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            reply = reply.with_header(name, value);
        }
    }
    reply
}

/// The body limit (as Laravel's global middleware, before routing), then routing, rate limiting
/// and the endpoint itself.
async fn process(app: &App, head: &Parts, body: Result<Bytes, Reply>, peer: IpAddr) -> Reply {
    let body = match body {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let path = head.uri.path();
    let route = match router::lookup(&head.method, path) {
        Lookup::Found(route) => route,
        Lookup::NotFound => return route_not_found(path),
        Lookup::Options(allowed) => {
            return Reply::raw(
                StatusCode::OK,
                HeaderValue::from_static("text/plain"),
                Bytes::new(),
            )
            .with_header(ALLOW, HeaderValue::from_static(allowed))
        }
        Lookup::MethodNotAllowed(allowed) => {
            let message = format!(
                "The {} method is not supported for route {}. Supported methods: {allowed}.",
                head.method,
                path.trim_start_matches('/')
            );
            return Reply::message(StatusCode::METHOD_NOT_ALLOWED, &message)
                .with_header(ALLOW, HeaderValue::from_static(allowed));
        }
    };
    let principal = head
        .headers
        .get(AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(bearer_token)
        .and_then(|token| authenticate(&lock(&app.state), token));
    let key = principal.map_or(RateKey::Ip(peer), |p| RateKey::Token(p.token_id));
    let window = Duration::from_millis(app.rate_limit_window_ms.load(Ordering::Relaxed));
    let limit = app.rate_limit.load(Ordering::Relaxed);
    let decision = lock(&app.limiter).hit(key, limit, window, Instant::now());
    let reply = match decision {
        Decision::Limited { .. } => {
            Reply::message(StatusCode::TOO_MANY_REQUESTS, "Too Many Attempts.")
        }
        _ => {
            let content_type = head.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
            let input = input::parse(head.uri.query(), content_type, &body);
            api::dispatch(route, app, Call { input, principal }).await
        }
    };
    with_rate_headers(reply, decision)
}

/// Laravel's throttle headers: limit and remaining on every answer, plus when to retry on a 429.
fn with_rate_headers(mut reply: Reply, decision: Decision) -> Reply {
    match decision {
        Decision::Off => {}
        Decision::Allowed { limit, remaining } => {
            reply.headers.push(header("x-ratelimit-limit", limit));
            reply
                .headers
                .push(header("x-ratelimit-remaining", remaining));
        }
        Decision::Limited { limit, retry_after } => {
            let reset = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
                + retry_after;
            reply.headers.push(header("x-ratelimit-limit", limit));
            reply.headers.push(header("x-ratelimit-remaining", 0u32));
            reply
                .headers
                .push((RETRY_AFTER, HeaderValue::from(retry_after)));
            reply.headers.push(header("x-ratelimit-reset", reset));
        }
    }
    reply
}

/// How much of an oversized body is still read (and thrown away) so that the client, which is
/// still sending, gets to read the 413 instead of a broken pipe. Beyond it the connection is cut.
const DRAIN_LIMIT: u64 = 16 * 1024 * 1024;

/// Reads a request body of at most `max` bytes: 413 beyond it, 408 if it takes too long, 400 if
/// the client breaks off.
pub async fn read_body(mut body: Incoming, head: &Parts, max: usize) -> Result<Bytes, Reply> {
    let too_large = || {
        Reply::message(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("The request body is larger than the limit of {max} bytes."),
        )
    };
    let max = max as u64;
    let declared = head
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > max.saturating_add(DRAIN_LIMIT)) {
        return Err(too_large());
    }
    let deadline = tokio::time::Instant::now() + BODY_DEADLINE;
    let mut kept = BytesMut::new();
    let mut seen: u64 = 0;
    loop {
        let frame = match tokio::time::timeout_at(deadline, body.frame()).await {
            Err(_) => {
                return Err(Reply::message(
                    StatusCode::REQUEST_TIMEOUT,
                    "Request Timeout",
                ))
            }
            Ok(None) => break,
            Ok(Some(Err(_))) => return Err(Reply::message(StatusCode::BAD_REQUEST, "Bad Request")),
            Ok(Some(Ok(frame))) => frame,
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        seen = seen.saturating_add(data.len() as u64);
        if seen <= max {
            kept.extend_from_slice(&data);
        } else if seen > max.saturating_add(DRAIN_LIMIT) {
            return Err(too_large());
        }
    }
    if seen > max {
        return Err(too_large());
    }
    Ok(kept.freeze())
}
