//! The HTTP layer: one reqwest client (rustls with ring) and one attempt of a request.
//!
//! - every request sends `Accept: application/json`; POSTs send `Content-Type: application/json`;
//! - redirects are ours, not reqwest's: only same-origin GET redirects, at most 3, each hop sent
//!   with the token (`redirect.rs` decides; tested in `tests/redirects.rs`);
//! - the response body is read up to `max_response_bytes` and no further;
//! - the attempt's time limit covers sending and reading the whole body.

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
use crate::redirect::{self, Refused};
use crate::retry::{self, Attempt};

/// Builds the one reqwest client every handle of a [`crate::Client`] shares (one connection pool).
pub(crate) fn http_client(config: &ClientBuilder) -> Result<reqwest::Client> {
    let invalid = |detail: String| Error::local(ErrorKind::InvalidInput, None, detail);
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .default_headers(headers)
        .user_agent(config.user_agent.as_str())
        .connect_timeout(config.connect_timeout)
        // Redirects are followed in `attempt`, which keeps the token and refuses other origins.
        .redirect(reqwest::redirect::Policy::none());
    for pem in &config.root_certificates_pem {
        let certificates = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|e| invalid(format!("root certificate: {e}")))?;
        if certificates.is_empty() {
            return Err(invalid(
                "root certificate: no certificate in the PEM".into(),
            ));
        }
        for certificate in certificates {
            builder = builder.add_root_certificate(certificate);
        }
    }
    if let Some(proxy) = &config.proxy {
        builder = builder.proxy(
            reqwest::Proxy::all(proxy.as_str())
                .map_err(|e| invalid(format!("proxy {proxy:?}: {e}")))?,
        );
    }
    builder
        .build()
        .map_err(|e| invalid(format!("cannot build the HTTP client: {e}")))
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
    http: &reqwest::Client,
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
        let mut hops = 0;
        let response = loop {
            if let Some(authorization) = authorization {
                request = request.header(AUTHORIZATION, authorization.clone());
            }
            let response = request
                .send()
                .await
                .map_err(|e| transport_failure(info, e))?;
            let status = response.status().as_u16();
            let location = response.headers().get(LOCATION);
            match redirect::next_hop(info.method, response.url(), status, location, hops) {
                Ok(None) => break response,
                Ok(Some(target)) => {
                    tracing::debug!(status, location = %target, "following a redirect");
                    hops += 1;
                    request = http.get(target);
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
    match response.content_length() {
        // hyper stops at the declared length, so a declared size within bounds is safe to read whole.
        Some(length) if length > max as u64 => Err(too_large()),
        Some(_) => response
            .bytes()
            .await
            .map_err(|e| transport_failure(info, e)),
        None => {
            let mut body = BytesMut::new();
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| transport_failure(info, e))?
            {
                if body.len() + chunk.len() > max {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk);
            }
            Ok(body.freeze())
        }
    }
}

/// Classifies a reqwest error for the retry policy and the caller.
fn transport_failure(info: &'static EndpointInfo, error: reqwest::Error) -> Failure {
    let refusal = certificate_refusal(&error);
    let (attempt, kind, detail) = if let Some(refusal) = &refusal {
        (Attempt::Permanent, ErrorKind::Connection, refusal.as_str())
    } else if error.is_connect() && error.is_timeout() {
        (Attempt::NotSent, ErrorKind::Timeout, "connecting timed out")
    } else if error.is_connect() {
        (Attempt::NotSent, ErrorKind::Connection, "could not connect")
    } else if error.is_timeout() {
        (
            Attempt::MaybeProcessed,
            ErrorKind::Timeout,
            "the request timed out",
        )
    } else if error.is_body() || error.is_decode() {
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
    // The URL reqwest puts in its message holds the query (user_id, names), never the token.
    let source: Arc<dyn StdError + Send + Sync> = Arc::new(error);
    Failure {
        attempt,
        error: Error::with_source(kind, context, Some(source)),
    }
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
