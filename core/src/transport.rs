//! The HTTP layer: one reqwest client (rustls with ring and the platform's verifier, `trust.rs`;
//! proxies, `proxies.rs`) and one attempt of a request.
//!
//! - every request sends `Accept: application/json` and the user agent; POSTs send
//!   `Content-Type: application/json`;
//! - redirects: only same-origin GET redirects, at most 3, each hop sent with the token
//!   (`redirect.rs` decides, as reqwest's policy; tested in `tests/redirects.rs`);
//! - the response body is read up to `max_response_bytes` and no further;
//! - the attempt's time limit covers sending, every hop and reading the whole body.
//!
//! What stays ours by nature: the body limit, the failures' classification for the retry policy
//! and the caller, and the words a refused certificate or proxy is explained with.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, LOCATION};

use crate::attempt_timer::AttemptTimers;
use crate::call::Prepared;
use crate::config::ClientBuilder;
use crate::endpoints::{EndpointInfo, HttpMethod};
use crate::error::{Error, ErrorContext, ErrorKind, Result};
use crate::pacing::RateHeaders;
use crate::redirect::{self, Refused};
use crate::retry::{self, Attempt};
use crate::{proxies, trust};

/// The connection pool every handle of a [`crate::Client`] shares.
pub(crate) type HttpClient = reqwest::Client;

/// Builds the HTTP client of `config`, refusing a bad root certificate, proxy or user agent.
pub(crate) fn http_client(config: &ClientBuilder) -> Result<HttpClient> {
    let invalid = |detail: String| Error::local(ErrorKind::InvalidInput, None, detail);
    let user_agent = HeaderValue::from_str(&config.user_agent).map_err(|_| {
        invalid(format!(
            "user agent {:?}: not a header value",
            config.user_agent
        ))
    })?;
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    let builder = reqwest::Client::builder()
        .tls_backend_preconfigured(
            trust::tls_config(&config.root_certificates_pem).map_err(invalid)?,
        )
        .default_headers(headers)
        .user_agent(user_agent)
        .connect_timeout(config.connect_timeout)
        .tcp_nodelay(true)
        .redirect(redirect::policy())
        // An h2 connection carries every call to its host: one that died silently is found by a
        // ping within 40 s, rather than by each call multiplexed onto it timing out.
        .http2_keep_alive_interval(Duration::from_secs(30))
        .http2_keep_alive_timeout(Duration::from_secs(10))
        .http2_keep_alive_while_idle(true);
    proxies::configure(builder, config.proxy.as_ref())?
        .build()
        .map_err(|e| invalid(format!("cannot build the HTTP client: {e}")))
}

/// A response, read whole.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    /// The wait the server asked for, uncapped (the retry loop applies the cap).
    pub(crate) retry_after: Option<Duration>,
    /// What the answer said about the rate limit, if anything.
    pub(crate) rate: Option<RateHeaders>,
    /// The answer's headers, for an error made from it.
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// An answer of `status` and `body` alone, no header: what the decoders' own entry points
    /// (property tests, fuzz targets, benchmarks) and unit tests hand them.
    pub(crate) fn body_only(status: u16, body: Bytes) -> Self {
        RawResponse {
            status,
            retry_after: None,
            rate: None,
            headers: HeaderMap::new(),
            body,
        }
    }
}

/// Why an attempt produced no response, with what the retry policy needs to know.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) attempt: Attempt,
    pub(crate) error: Error,
}

/// Sends one attempt, following the redirects `redirect::next_hop` allows, and reads the body,
/// all within `timeout`.
pub(crate) async fn attempt(
    http: &HttpClient,
    timers: &AttemptTimers,
    info: &'static EndpointInfo,
    prepared: &Prepared,
    authorization: Option<&HeaderValue>,
    timeout: Duration,
    max_response_bytes: usize,
) -> std::result::Result<RawResponse, Failure> {
    let exchange = async {
        let mut request = match info.method {
            HttpMethod::Get => http.get(prepared.url.clone()),
            HttpMethod::Post => http
                .post(prepared.url.clone())
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(prepared.body.clone().unwrap_or_default()),
        };
        if let Some(authorization) = authorization {
            request = request.header(AUTHORIZATION, authorization.clone());
        }
        let mut response = redirect::for_method(info.method, request.send())
            .await
            .map_err(|e| transport_failure(info, e))?;
        let status = response.status().as_u16();
        if (300..400).contains(&status) {
            let location = response.headers().get(LOCATION);
            let refused = redirect::refusal(info.method, response.url(), status, location);
            return Err(refused_redirect(info, refused));
        }
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok());
        let retry_after = retry::parse_retry_after(
            header("retry-after-ms"),
            header("retry-after"),
            SystemTime::now(),
        );
        let rate = RateHeaders::parse(|name| header(name).map(str::to_owned));
        // Kept for an error's `headers` (moved out, not copied: the body is read without them).
        let headers = std::mem::take(response.headers_mut());
        let body = read_bounded(info, response, max_response_bytes).await?;
        Ok(RawResponse {
            status,
            retry_after,
            rate,
            headers,
            body,
        })
    };
    match timers.within(timeout, exchange).await {
        Some(result) => result,
        None => Err(Failure {
            attempt: Attempt::MaybeProcessed,
            error: Error::local(
                ErrorKind::Timeout,
                Some(info.id),
                format!("no complete response within {:.1}s", timeout.as_secs_f64()),
            ),
        }),
    }
}

/// A redirect that is not followed: a `Server` error with its status and `Location`, never
/// retried (the answer would be the same, and a redirected POST must not be repeated).
fn refused_redirect(info: &'static EndpointInfo, refused: Refused) -> Failure {
    Failure {
        attempt: Attempt::Permanent,
        error: Error::new(
            ErrorKind::Server,
            ErrorContext {
                endpoint: Some(info.id),
                status: Some(refused.status),
                location: refused.location,
                detail: Some(refused.reason.to_owned()),
                ..ErrorContext::default()
            },
        ),
    }
}

/// The most of a declared `Content-Length` reserved before its bytes arrive: room for the
/// 10,000-domain list (6.7 MB), not the whole of `max_response_bytes` for every response.
const RESERVE_AHEAD: usize = 8 * 1024 * 1024;

/// Reads the body, refusing (and no longer reading) one over `max` bytes.
async fn read_bounded(
    info: &'static EndpointInfo,
    mut response: reqwest::Response,
    max: usize,
) -> std::result::Result<Bytes, Failure> {
    let status = response.status().as_u16();
    let too_large = || Failure {
        attempt: Attempt::Permanent,
        error: Error::new(
            ErrorKind::Decode,
            ErrorContext {
                endpoint: Some(info.id),
                status: Some(status),
                detail: Some(format!(
                    "the response is larger than max_response_bytes ({max})"
                )),
                ..ErrorContext::default()
            },
        ),
    };
    // hyper stops at a declared `Content-Length`, so one over the bound is refused unread.
    let declared = response.content_length().unwrap_or(0);
    if declared > max as u64 {
        return Err(too_large());
    }
    // Most bodies arrive in one chunk, which is kept as it is; more are gathered into one buffer.
    let mut first: Option<Bytes> = None;
    let mut gathered = BytesMut::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| transport_failure(info, e))?
    {
        let length = first.as_ref().map_or(0, Bytes::len) + gathered.len();
        if length + chunk.len() > max {
            return Err(too_large());
        }
        match first.take() {
            None if gathered.is_empty() => first = Some(chunk),
            None => gathered.extend_from_slice(&chunk),
            Some(previous) => {
                // Room for the declared length at once, rather than doubling up to it; but no
                // more than RESERVE_AHEAD on a server's word before the bytes arrive.
                let ahead = (declared as usize).min(RESERVE_AHEAD);
                gathered.reserve(ahead.max(previous.len() + chunk.len()));
                gathered.extend_from_slice(&previous);
                gathered.extend_from_slice(&chunk);
            }
        }
    }
    Ok(first.unwrap_or_else(|| gathered.freeze()))
}

/// What hyper-util's `CONNECT` tunnel says when the proxy answered 407. Its error type is not
/// exported, so its words are what can be matched; `tests/proxies.rs` fails if they change.
const TUNNEL_AUTH_REQUIRED: &str = "proxy authorization required";
/// What hyper-util's tunnel says of any other refusal (its status is not kept).
const TUNNEL_UNSUCCESSFUL: &str = "tunnel error: unsuccessful";

/// Classifies a reqwest error for the retry policy and the caller.
fn transport_failure(info: &'static EndpointInfo, error: reqwest::Error) -> Failure {
    if let Some(refused) = find_cause::<Refused>(&error) {
        return refused_redirect(info, refused.clone());
    }
    let says = |words: &str| has_cause_saying(&error, words);
    let (attempt, kind, detail): (Attempt, ErrorKind, Cow<'static, str>) =
        if let Some(refusal) = certificate_refusal(&error) {
            (Attempt::Permanent, ErrorKind::Connection, refusal.into())
        } else if error.is_connect() && says(TUNNEL_AUTH_REQUIRED) {
            // The same credentials would be refused again.
            (
                Attempt::Permanent,
                ErrorKind::Connection,
                "the proxy refused the tunnel (407): it wants other credentials, given as the \
                 proxy URL's user:password"
                    .into(),
            )
        } else if error.is_connect() && says(TUNNEL_UNSUCCESSFUL) {
            // A 502 (the proxy could not reach the server) may pass; nothing reached the API.
            (
                Attempt::NotSent,
                ErrorKind::Connection,
                "the proxy refused the tunnel; if it asks for credentials, give them as the proxy \
                 URL's user:password"
                    .into(),
            )
        } else if error.is_connect() && error.is_timeout() {
            (
                Attempt::NotSent,
                ErrorKind::Timeout,
                "connecting timed out".into(),
            )
        } else if error.is_connect() {
            // The bindings show an error's message, not its chain of causes: a refused or reset
            // connection says which in words.
            let why = format!("could not connect ({})", root_cause(&error));
            (Attempt::NotSent, ErrorKind::Connection, why.into())
        } else if error.is_body() || error.is_decode() {
            (
                Attempt::MaybeProcessed,
                ErrorKind::Connection,
                "the connection broke while reading the response".into(),
            )
        } else {
            (
                Attempt::MaybeProcessed,
                ErrorKind::Connection,
                "the connection failed before a response".into(),
            )
        };
    let context = ErrorContext {
        endpoint: Some(info.id),
        detail: Some(detail.into_owned()),
        ..ErrorContext::default()
    };
    // reqwest's message names the URL (its query holds user_id and names, never the token) and
    // never a proxy's credentials.
    let source: Arc<dyn StdError + Send + Sync> = Arc::new(error.without_url());
    Failure {
        attempt,
        error: Error::with_source(kind, context, Some(source)),
    }
}

/// What the last of `error`'s causes says (looking inside an `io::Error`, whose `source()` skips
/// the error it wraps), e.g. `Connection refused (os error 111)`.
fn root_cause(error: &(dyn StdError + 'static)) -> String {
    let mut last = error;
    loop {
        let inner = last
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .map(|inner| inner as &(dyn StdError + 'static));
        match last.source().or(inner) {
            Some(cause) => last = cause,
            None => return last.to_string(),
        }
    }
}

/// Whether one of `error`'s causes says `words`.
fn has_cause_saying(error: &(dyn StdError + 'static), words: &str) -> bool {
    let mut current = Some(error);
    while let Some(cause) = current {
        if cause.to_string().contains(words) {
            return true;
        }
        current = cause.source();
    }
    false
}

/// The first of `error`'s causes that is a `T`.
fn find_cause<'a, T: StdError + 'static>(error: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut current = Some(error);
    while let Some(cause) = current {
        if let Some(found) = cause.downcast_ref::<T>() {
            return Some(found);
        }
        current = cause.source();
    }
    None
}

/// Why rustls refused the server's certificate, if that is what happened somewhere in the error's
/// causes: a sentence for the error's message, since the source is not part of it in every
/// language. Retrying would meet the same certificate, so the caller does not.
fn certificate_refusal(error: &(dyn StdError + 'static)) -> Option<String> {
    let mut current: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(cause) = current {
        match cause.downcast_ref::<rustls::Error>() {
            Some(rustls::Error::InvalidCertificate(problem)) => {
                return Some(certificate_problem(problem))
            }
            Some(rustls::Error::NoCertificatesPresented) => {
                return Some("the server presented no TLS certificate".to_owned())
            }
            Some(_) => return None,
            None => {}
        }
        // io::Error::source() skips the error it wraps; look inside explicitly.
        if let Some(inner) = cause
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            if let Some(refusal) = certificate_refusal(inner) {
                return Some(refusal);
            }
        }
        current = cause.source();
    }
    None
}

/// The refusal in words, the common cases first, with rustls's own account of it.
fn certificate_problem(problem: &rustls::CertificateError) -> String {
    use rustls::CertificateError as Problem;
    let why = match problem {
        Problem::Expired | Problem::ExpiredContext { .. } => "has expired",
        Problem::NotValidYet | Problem::NotValidYetContext { .. } => "is not valid yet",
        Problem::NotValidForName | Problem::NotValidForNameContext { .. } => {
            "is not valid for the host name in the base URL"
        }
        Problem::UnknownIssuer => {
            "is not signed by a trusted certificate authority (a private CA can be added as an \
             extra root certificate)"
        }
        _ => "is not trusted",
    };
    format!("the server's TLS certificate {why} ({problem})")
}

/// `headers` as an error shows them: `(name, value)` in the order received, a repeated header
/// once with its values joined by `, `, values that are not text and `Set-Cookie` (a credential
/// of the server's) left out.
pub(crate) fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::with_capacity(headers.keys_len());
    for name in headers
        .keys()
        .filter(|name| *name != reqwest::header::SET_COOKIE)
    {
        let values: Vec<&str> = headers
            .get_all(name)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .collect();
        if !values.is_empty() {
            pairs.push((name.as_str().to_owned(), values.join(", ")));
        }
    }
    pairs
}
