//! Client and per-call options as JS passes them (camelCase, times in milliseconds), applied to
//! the core's [`ClientBuilder`] and [`RequestOptions`].

use std::time::Duration;

use napi_derive::napi;
use smtpprovider::{ClientBuilder, RequestOptions};

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
    /// Extra root certificates to trust, as PEM text.
    pub ca_pem: Option<String>,
    /// A proxy URL for every request (else `HTTPS_PROXY`/`NO_PROXY` apply).
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
    /// How many times a failed attempt may be retried.
    pub max_retries: Option<u32>,
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
        if let Some(base_url) = self.base_url {
            builder = builder.base_url(base_url);
        }
        match (self.token, self.user_id) {
            (Some(token), Some(user_id)) => {
                builder = builder.token(token).user_id(whole("userId", user_id)?)
            }
            (None, None) => {}
            _ => return Err(errors::invalid_input("token and userId go together")),
        }
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(millis("timeout", timeout)?);
        }
        if let Some(deadline) = self.deadline {
            builder = builder.deadline(millis("deadline", deadline)?);
        }
        if let Some(connect_timeout) = self.connect_timeout {
            builder = builder.connect_timeout(millis("connectTimeout", connect_timeout)?);
        }
        if let Some(max_retries) = self.max_retries {
            builder = builder.max_retries(max_retries);
        }
        if let Some(retry) = self.retry_non_idempotent {
            builder = builder.retry_non_idempotent(retry);
        }
        if let Some(pem) = self.ca_pem {
            builder = builder.add_root_certificate_pem(pem.into_bytes());
        }
        if let Some(proxy) = self.proxy {
            builder = builder.proxy(proxy);
        }
        if let Some(user_agent) = self.user_agent {
            builder = builder.user_agent(user_agent);
        }
        if let Some(allow) = self.allow_insecure_http {
            builder = builder.allow_insecure_http(allow);
        }
        if let Some(max) = self.max_response_bytes {
            builder = builder.max_response_bytes(whole("maxResponseBytes", max)? as usize);
        }
        Ok(builder)
    }
}

impl CallOptions {
    /// The core's per-call overrides, or `None` when there are none (the common, cheaper case).
    pub(crate) fn request_options(&self) -> napi::Result<Option<RequestOptions>> {
        if self.timeout.is_none() && self.max_retries.is_none() {
            return Ok(None);
        }
        let mut options = RequestOptions::new();
        if let Some(timeout) = self.timeout {
            options = options.timeout(millis("timeout", timeout)?);
        }
        if let Some(max_retries) = self.max_retries {
            options = options.max_retries(max_retries);
        }
        Ok(Some(options))
    }
}
