//! Client and per-call options as JS passes them (camelCase, times in milliseconds), applied to
//! the core's [`ClientBuilder`] and [`RequestOptions`].

use std::time::Duration;

use napi_derive::napi;
use smtpprovider::{ClientBuilder, ClientSettings, RequestOptions};

use crate::errors;

/// The settings of a client; every field is optional.
#[napi(object)]
#[derive(Default)]
pub struct ClientOptions {
    /// The API's base URL; `SMTPPROVIDER_BASE_URL` when left out.
    pub base_url: Option<String>,
    /// A bearer token from an earlier login (with `userId`).
    pub token: Option<String>,
    /// The token's user id.
    pub user_id: Option<f64>,
    /// Time limit of one attempt, in milliseconds (default 30 000).
    pub timeout: Option<f64>,
    /// Time limit of a whole call, retries included, in milliseconds (default 90 000).
    pub deadline: Option<f64>,
    /// Time limit of opening a connection, in milliseconds (default 10 000).
    pub connect_timeout: Option<f64>,
    /// How many times a failed attempt may be retried (default 2).
    pub max_retries: Option<u32>,
    /// Retry POSTs even when they may have been processed (default false).
    pub retry_non_idempotent: Option<bool>,
    /// Extra root certificates to trust, as PEM text, besides the operating system's store (and
    /// `SSL_CERT_FILE`/`SSL_CERT_DIR`).
    pub root_certificates: Option<String>,
    /// A proxy URL for every request: `http://`, `https://`, `socks5://` or `socks5h://` (else
    /// `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY` apply).
    pub proxy: Option<String>,
    /// The `User-Agent` header.
    pub user_agent: Option<String>,
    /// Allow `http://` to hosts other than loopback (default false).
    pub allow_insecure_http: Option<bool>,
    /// The largest response body accepted, in bytes.
    pub max_response_bytes: Option<f64>,
}

/// Per-call overrides, and the ticket an `AbortSignal` cancels the call by.
#[napi(object)]
#[derive(Default)]
pub struct CallOptions {
    /// Time limit of one attempt, in milliseconds.
    pub timeout: Option<f64>,
    /// Time limit of the whole call, retries included, in milliseconds.
    pub deadline: Option<f64>,
    /// How many times a failed attempt may be retried.
    pub max_retries: Option<u32>,
    /// Retry POSTs even when they may have been processed.
    pub retry_non_idempotent: Option<bool>,
    /// Registers the call for `NativeClient.cancel(ticket)`.
    pub ticket: Option<u32>,
}

fn millis(name: &str, value: f64) -> napi::Result<Duration> {
    if value.is_finite() && value >= 0.0 {
        Ok(Duration::from_secs_f64(value / 1000.0))
    } else {
        Err(errors::invalid_input(format!(
            "{name} must be a number of milliseconds, not {value}"
        )))
    }
}

fn whole(name: &str, value: f64) -> napi::Result<u64> {
    if value.fract() == 0.0 && value >= 1.0 && value <= u64::MAX as f64 {
        Ok(value as u64)
    } else {
        Err(errors::invalid_input(format!(
            "{name} must be a positive integer, not {value}"
        )))
    }
}

impl ClientOptions {
    /// Applies every option that was given to `builder`.
    pub(crate) fn apply(self, mut builder: ClientBuilder) -> napi::Result<ClientBuilder> {
        match (self.token, self.user_id) {
            (Some(token), Some(user_id)) => {
                builder = builder.token(token).user_id(whole("userId", user_id)?)
            }
            (None, None) => {}
            _ => return Err(errors::invalid_input("token and userId go together")),
        }
        let millis_of = |name: &str, value: Option<f64>| value.map(|v| millis(name, v)).transpose();
        Ok(builder.settings(ClientSettings {
            base_url: self.base_url,
            timeout: millis_of("timeout", self.timeout)?,
            deadline: millis_of("deadline", self.deadline)?,
            connect_timeout: millis_of("connectTimeout", self.connect_timeout)?,
            max_retries: self.max_retries,
            retry_non_idempotent: self.retry_non_idempotent,
            root_certificates: self.root_certificates.map(String::into_bytes),
            proxy: self.proxy,
            user_agent: self.user_agent,
            allow_insecure_http: self.allow_insecure_http,
            max_response_bytes: self
                .max_response_bytes
                .map(|max| whole("maxResponseBytes", max).map(|max| max as usize))
                .transpose()?,
        }))
    }
}

impl CallOptions {
    /// The core's per-call overrides, or `None` when there are none (the common, cheaper case).
    pub(crate) fn request_options(&self) -> napi::Result<Option<RequestOptions>> {
        if self.timeout.is_none()
            && self.deadline.is_none()
            && self.max_retries.is_none()
            && self.retry_non_idempotent.is_none()
        {
            return Ok(None);
        }
        let mut options = RequestOptions::new();
        options.timeout = self.timeout.map(|v| millis("timeout", v)).transpose()?;
        options.deadline = self.deadline.map(|v| millis("deadline", v)).transpose()?;
        options.max_retries = self.max_retries;
        options.retry_non_idempotent = self.retry_non_idempotent;
        Ok(Some(options))
    }
}
