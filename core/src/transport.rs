//! The HTTP layer: one pooled hyper client (rustls with ring, `connector.rs`) and one attempt of a
//! request.
//!
//! - every request sends `Accept: application/json` and the user agent; POSTs send
//!   `Content-Type: application/json`;
//! - redirects are followed here, not by the client: only same-origin GET redirects, at most 3,
//!   each hop sent with the token (`redirect.rs` decides; tested in `tests/redirects.rs`);
//! - the response body is read up to `max_response_bytes` and no further;
//! - the attempt's time limit covers sending and reading the whole body.
//!
//! hyper-util's pooled client is used directly rather than through reqwest: reqwest's layers
//! (its redirect policy re-parses every response's URL, with IDNA) cost about 30 µs a call one at
//! a time, none of which the SDK used (bench/node/README.md).

use std::error::Error as StdError;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Incoming};
use hyper::header::{
    HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, LOCATION, PROXY_AUTHORIZATION, USER_AGENT,
};
use hyper::{Method, Request, Response, Uri};
use hyper_util::client::legacy::Client as PooledClient;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::attempt_timer::AttemptTimers;
use crate::call::Prepared;
use crate::config::ClientBuilder;
use crate::connector::{self, ConnectTimedOut, Connector};
use crate::endpoints::{EndpointInfo, HttpMethod};
use crate::error::{Error, ErrorContext, ErrorKind, Result};
use crate::proxies::{Proxies, UnsupportedProxy};
use crate::redirect::{self, Refused};
use crate::retry::{self, Attempt};
use crate::tunnel::TunnelRefused;

/// The connection pool and what every request carries; one per [`crate::Client`], shared by its
/// handles.
#[derive(Clone)]
pub(crate) struct HttpClient {
    pool: PooledClient<Connector, Full<Bytes>>,
    proxies: Arc<Proxies>,
    user_agent: HeaderValue,
}

/// Builds the HTTP client of `config`, refusing a bad root certificate, proxy or user agent.
pub(crate) fn http_client(config: &ClientBuilder) -> Result<HttpClient> {
    let invalid = |detail: String| Error::local(ErrorKind::InvalidInput, None, detail);
    let tls = connector::tls_config(&config.root_certificates_pem).map_err(invalid)?;
    let proxies = Arc::new(Proxies::new(config.proxy.as_ref().map(|p| p.0.as_str()))?);
    let user_agent = HeaderValue::from_str(&config.user_agent).map_err(|_| {
        invalid(format!(
            "user agent {:?}: not a header value",
            config.user_agent
        ))
    })?;
    let connector = Connector::new(
        tls,
        proxies.clone(),
        config.connect_timeout,
        user_agent.clone(),
    );
    let pool = PooledClient::builder(TokioExecutor::new())
        // Idle connections are closed after the pool's idle timeout (90 s), which needs a timer.
        .pool_timer(TokioTimer::new())
        .timer(TokioTimer::new())
        // An h2 connection carries every call to its host: one that died silently is found by a
        // ping within 40 s, rather than by each call multiplexed onto it timing out.
        .http2_keep_alive_interval(Duration::from_secs(30))
        .http2_keep_alive_timeout(Duration::from_secs(10))
        .http2_keep_alive_while_idle(true)
        .build(connector);
    Ok(HttpClient {
        pool,
        proxies,
        user_agent,
    })
}

impl HttpClient {
    /// One request of an attempt (the first, or a redirect's hop), with the headers all carry.
    fn request(
        &self,
        method: Method,
        target: Uri,
        body: Option<Bytes>,
        authorization: Option<&HeaderValue>,
    ) -> Request<Full<Bytes>> {
        let proxy_authorization = self.proxies.authorization_for_plain_http(&target);
        let mut request = Request::new(Full::new(body.clone().unwrap_or_default()));
        *request.method_mut() = method;
        *request.uri_mut() = target;
        let headers = request.headers_mut();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, self.user_agent.clone());
        if body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        if let Some(authorization) = authorization {
            headers.insert(AUTHORIZATION, authorization.clone());
        }
        if let Some(proxy_authorization) = proxy_authorization {
            headers.insert(PROXY_AUTHORIZATION, proxy_authorization);
        }
        request
    }
}

/// A response, read whole.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    /// The wait the server asked for, uncapped (the retry loop applies the cap).
    pub(crate) retry_after: Option<Duration>,
    pub(crate) body: Bytes,
}

/// Why an attempt produced no response, with what the retry policy needs to know.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) attempt: Attempt,
    pub(crate) error: Error,
}

/// Sends one attempt, follows the redirects `redirect::next_hop` allows, and reads the body,
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
        let (method, body) = match info.method {
            HttpMethod::Get => (Method::GET, None),
            HttpMethod::Post => (
                Method::POST,
                Some(prepared.body.clone().unwrap_or_default()),
            ),
        };
        let mut request = http.request(method, uri_of(info, &prepared.url)?, body, authorization);
        let mut hops = 0;
        // The URL the current request went to; parsed back only when a redirect needs it.
        let mut sent_to = None;
        let response = loop {
            let response = http
                .pool
                .request(request)
                .await
                .map_err(|e| transport_failure(info, e))?;
            let status = response.status().as_u16();
            if !(300..400).contains(&status) {
                break response;
            }
            let from = sent_to.as_ref().unwrap_or(&prepared.url);
            let location = response.headers().get(LOCATION);
            match redirect::next_hop(info.method, from, status, location, hops) {
                Ok(None) => break response,
                Ok(Some(target)) => {
                    tracing::debug!(status, location = %target, "following a redirect");
                    hops += 1;
                    request =
                        http.request(Method::GET, uri_of(info, &target)?, None, authorization);
                    sent_to = Some(target);
                }
                Err(refused) => return Err(refused_redirect(info, refused)),
            }
        };
        let status = response.status().as_u16();
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok());
        let retry_after = retry::parse_retry_after(
            header("retry-after-ms"),
            header("retry-after"),
            SystemTime::now(),
        );
        let body = read_bounded(info, response, max_response_bytes).await?;
        Ok(RawResponse {
            status,
            retry_after,
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

/// The request target of `url`, without `user:password@` (the base URL has none; a redirect's
/// `Location` may, and it would go on the wire in an h2 `:authority` or a proxy's request line).
/// The url crate has validated and percent-encoded it already, so a refusal here (a character
/// hyper's stricter grammar rejects) is not expected; it is still an error rather than a panic.
fn uri_of(info: &'static EndpointInfo, url: &url::Url) -> std::result::Result<Uri, Failure> {
    let parsed = if url.username().is_empty() && url.password().is_none() {
        Uri::try_from(url.as_str())
    } else {
        let mut bare = url.clone();
        // Cannot fail: the URL has a host, or it would have no credentials.
        let _ = bare.set_username("");
        let _ = bare.set_password(None);
        Uri::try_from(bare.as_str())
    };
    parsed.map_err(|e| Failure {
        attempt: Attempt::Permanent,
        error: Error::local(
            ErrorKind::InvalidInput,
            Some(info.id),
            format!("the request's URL is not a valid HTTP request target ({e})"),
        ),
    })
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
    response: Response<Incoming>,
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
    let mut body = response.into_body();
    // hyper stops at a declared `Content-Length`, so one over the bound is refused unread.
    let declared = body.size_hint().lower();
    if declared > max as u64 {
        return Err(too_large());
    }
    // Most bodies arrive in one frame, which is kept as it is; more are gathered into one buffer.
    let mut first: Option<Bytes> = None;
    let mut gathered = BytesMut::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| transport_failure(info, e))?;
        let Ok(chunk) = frame.into_data() else {
            continue; // trailers
        };
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

/// Classifies a failure of the pooled client (`hyper_util` wraps the connector's errors) or of
/// the body (`hyper::Error`) for the retry policy and the caller.
fn transport_failure(
    info: &'static EndpointInfo,
    error: impl StdError + Send + Sync + 'static,
) -> Failure {
    let cause: &(dyn StdError + 'static) = &error;
    let refusal = certificate_refusal(cause);
    let is_connect = cause
        .downcast_ref::<hyper_util::client::legacy::Error>()
        .is_some_and(|e| e.is_connect());
    let timed_out = find_cause::<ConnectTimedOut>(cause).is_some();
    let unsupported_proxy = find_cause::<UnsupportedProxy>(cause).map(ToString::to_string);
    let tunnel_refused = find_cause::<TunnelRefused>(cause);
    let tunnel_detail = tunnel_refused.map(ToString::to_string);
    let is_body = cause.is::<hyper::Error>();
    let (attempt, kind, detail) = if let Some(refusal) = &refusal {
        (Attempt::Permanent, ErrorKind::Connection, refusal.as_str())
    } else if let Some(unsupported) = &unsupported_proxy {
        (
            Attempt::Permanent,
            ErrorKind::InvalidInput,
            unsupported.as_str(),
        )
    } else if let (Some(refused), Some(detail)) = (tunnel_refused, &tunnel_detail) {
        // The same credentials would be refused again; anything else (a 502: the proxy could
        // not reach the server) may pass, and nothing reached the API.
        let attempt = if refused.credentials_refused() {
            Attempt::Permanent
        } else {
            Attempt::NotSent
        };
        (attempt, ErrorKind::Connection, detail.as_str())
    } else if is_connect && timed_out {
        (Attempt::NotSent, ErrorKind::Timeout, "connecting timed out")
    } else if is_connect {
        (Attempt::NotSent, ErrorKind::Connection, "could not connect")
    } else if is_body {
        (
            Attempt::MaybeProcessed,
            ErrorKind::Connection,
            "the connection broke while reading the response",
        )
    } else {
        (
            Attempt::MaybeProcessed,
            ErrorKind::Connection,
            "the connection failed before a response",
        )
    };
    let context = ErrorContext {
        endpoint: Some(info.id),
        detail: Some(detail.to_owned()),
        ..ErrorContext::default()
    };
    // hyper's messages name neither the URL nor the headers, so never the token.
    let source: Arc<dyn StdError + Send + Sync> = Arc::new(error);
    Failure {
        attempt,
        error: Error::with_source(kind, context, Some(source)),
    }
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
