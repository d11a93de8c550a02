//! `NativeSandbox`: the API emulator (`smtpprovider-sandbox`) started in-process, for the
//! `smtpprovider/testing` module. It serves real HTTP on loopback from a thread of its own; the
//! sandbox routes (outbox, DNS, clock, subscribers, faults, request log) are methods that call
//! the same code as the routes and answer with the routes' JSON, as text JS parses.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use napi_derive::napi;
use serde::Serialize;
use smtpprovider_sandbox::{
    AdminError, FaultSpec, OutboxFilter, SandboxConfig, SeedUser, Subscribers, TlsConfig,
};

use crate::errors;
use crate::stoppable::Stoppable;

/// A user to seed the sandbox with.
#[napi(object)]
pub struct SandboxUser {
    /// The login email.
    pub email: String,
    /// The password.
    pub password: String,
    /// The display name (the email's local part when left out).
    pub name: Option<String>,
}

/// How to start a sandbox; every field is optional.
#[napi(object)]
#[derive(Default)]
pub struct SandboxOptions {
    /// The users (default: the demo user `demo@example.com` / `demo-password`).
    pub users: Option<Vec<SandboxUser>>,
    /// Requests per window per token; 0 (the default here, unlike the binary's 60) is off.
    pub rate_limit: Option<u32>,
    /// The rate limit's window in milliseconds (default 60 000, as the API's).
    pub rate_limit_window: Option<u32>,
    /// The address to listen on (default `127.0.0.1`).
    pub host: Option<String>,
    /// The port (default: a free one).
    pub port: Option<u16>,
    /// A nameserver (`host:port`) to verify domains against instead of the sandbox's own zone.
    pub dns: Option<String>,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: Option<u32>,
    /// Serve HTTPS with this certificate (PEM), with `tlsKeyPem`.
    pub tls_cert_pem: Option<String>,
    /// The certificate's private key (PEM).
    pub tls_key_pem: Option<String>,
}

/// A running sandbox; stopped by `stop()` or when collected.
#[napi]
pub struct NativeSandbox {
    inner: Stoppable<smtpprovider_sandbox::Sandbox>,
}

/// A refused sandbox operation, with the status its route answers with.
pub(crate) fn sandbox_error(error: AdminError) -> napi::Error {
    let status = match &error {
        AdminError::Invalid(_) => 422,
        AdminError::NotFound(_) => 404,
        AdminError::Gone(_) => 410,
    };
    napi::Error::from_reason(
        serde_json::json!({"kind": "Sandbox", "message": error.to_string(), "status": status})
            .to_string(),
    )
}

fn json<T: Serialize>(value: &T) -> napi::Result<String> {
    serde_json::to_string(value).map_err(|e| errors::invalid_input(e.to_string()))
}

/// A rate-limit window of `millis`: at least one.
fn window(millis: u32) -> napi::Result<Duration> {
    if millis == 0 {
        return Err(errors::invalid_input(
            "rateLimitWindow must be at least 1 ms",
        ));
    }
    Ok(Duration::from_millis(u64::from(millis)))
}

fn config_from(options: SandboxOptions) -> napi::Result<SandboxConfig> {
    let mut config = SandboxConfig {
        rate_limit_per_minute: options.rate_limit.unwrap_or(0),
        rate_limit_window: window(options.rate_limit_window.unwrap_or(60_000))?,
        port: options.port.unwrap_or(0),
        ..SandboxConfig::default()
    };
    if let Some(host) = options.host {
        config.host = host
            .parse::<IpAddr>()
            .map_err(|e| errors::invalid_input(format!("host {host:?}: {e}")))?;
    }
    if let Some(users) = options.users {
        config.users = users
            .into_iter()
            .map(|user| SeedUser {
                name: user
                    .name
                    .unwrap_or_else(|| user.email.split('@').next().unwrap_or_default().to_owned()),
                email: user.email,
                password: user.password,
            })
            .collect();
    }
    if let Some(dns) = options.dns {
        config.dns = Some(
            dns.parse::<SocketAddr>()
                .map_err(|e| errors::invalid_input(format!("dns {dns:?}: {e}")))?,
        );
    }
    if let Some(max) = options.max_body_bytes {
        config.max_body_bytes = max as usize;
    }
    config.tls = match (options.tls_cert_pem, options.tls_key_pem) {
        (Some(cert), Some(key)) => Some(TlsConfig {
            cert_pem: cert.into_bytes(),
            key_pem: key.into_bytes(),
        }),
        (None, None) => None,
        _ => {
            return Err(errors::invalid_input(
                "tlsCertPem and tlsKeyPem go together",
            ))
        }
    };
    Ok(config)
}

#[napi]
impl NativeSandbox {
    /// Starts a sandbox.
    #[napi(catch_unwind, factory)]
    pub fn start(options: Option<SandboxOptions>) -> napi::Result<Self> {
        let config = config_from(options.unwrap_or_default())?;
        let sandbox = smtpprovider_sandbox::Sandbox::start(config)
            .map_err(|e| errors::invalid_input(format!("the sandbox did not start: {e}")))?;
        Ok(NativeSandbox {
            inner: Stoppable::new("the sandbox", sandbox),
        })
    }

    /// The API base URL, `http://127.0.0.1:PORT/api`.
    #[napi(catch_unwind, getter)]
    pub fn base_url(&self) -> napi::Result<String> {
        self.inner.with(|s| Ok(s.base_url().to_owned()))
    }

    /// The server root; the sandbox routes are under `/_sandbox/`.
    #[napi(catch_unwind, getter)]
    pub fn root_url(&self) -> napi::Result<String> {
        self.inner.with(|s| Ok(s.root_url().to_owned()))
    }

    /// The sandbox's own DNS server, `127.0.0.1:PORT`.
    #[napi(catch_unwind, getter)]
    pub fn dns_addr(&self) -> napi::Result<String> {
        self.inner.with(|s| Ok(s.dns_addr().to_string()))
    }

    /// Messages "sent" so far, oldest first; `filter` is `{"to"?, "kind"?, "campaign_id"?}` JSON.
    #[napi(catch_unwind)]
    pub fn outbox(&self, filter: String) -> napi::Result<String> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Filter {
            to: Option<String>,
            kind: Option<smtpprovider_sandbox::MessageKind>,
            campaign_id: Option<u64>,
        }
        let Filter {
            to,
            kind,
            campaign_id,
        } = serde_json::from_str(&filter)
            .map_err(|e| errors::invalid_input(format!("outbox filter: {e}")))?;
        let filter = OutboxFilter {
            to,
            kind,
            campaign_id,
        };
        self.inner.with(|s| json(&s.outbox(&filter)))
    }

    /// Empties the outbox.
    #[napi(catch_unwind)]
    pub fn clear_outbox(&self) -> napi::Result<()> {
        self.inner.with(|s| {
            s.clear_outbox();
            Ok(())
        })
    }

    /// Publishes a TXT record (a domain's DKIM key at its `host`).
    #[napi(catch_unwind)]
    pub fn publish_dns(&self, name: String, value: String) -> napi::Result<String> {
        self.inner
            .with(|s| json(&s.publish_dns(&name, &value).map_err(sandbox_error)?))
    }

    /// Removes the TXT records at `name`; false when there were none.
    #[napi(catch_unwind)]
    pub fn remove_dns(&self, name: String) -> napi::Result<bool> {
        self.inner.with(|s| Ok(s.remove_dns(&name)))
    }

    /// Every record of the sandbox's DNS zone.
    #[napi(catch_unwind)]
    pub fn dns_records(&self) -> napi::Result<String> {
        self.inner.with(|s| json(&s.dns_records()))
    }

    /// The clock: `{"now", "offset_seconds"}`.
    #[napi(catch_unwind)]
    pub fn clock(&self) -> napi::Result<String> {
        self.inner.with(|s| json(&s.clock()))
    }

    /// Moves the clock; campaigns deliver up to the new time.
    #[napi(catch_unwind)]
    pub fn advance_clock(&self, seconds: i64) -> napi::Result<String> {
        self.inner
            .with(|s| json(&s.advance_clock(seconds).map_err(sandbox_error)?))
    }

    /// Sets the clock to a `Y-m-d H:i:s` time.
    #[napi(catch_unwind)]
    pub fn set_clock(&self, at: String) -> napi::Result<String> {
        self.inner
            .with(|s| json(&s.set_clock(&at).map_err(sandbox_error)?))
    }

    /// Adds these `emails`, or `count` generated addresses, to a mailing list.
    #[napi(catch_unwind)]
    pub fn add_subscribers(
        &self,
        mailing_list_id: u32,
        emails: Option<Vec<String>>,
        count: Option<u32>,
    ) -> napi::Result<String> {
        let subscribers = match (emails, count) {
            (Some(emails), None) => Subscribers::Emails(emails),
            (None, Some(count)) => Subscribers::Count(count as usize),
            _ => return Err(errors::invalid_input("give either emails or count")),
        };
        self.inner.with(|s| {
            json(
                &s.add_subscribers(u64::from(mailing_list_id), subscribers)
                    .map_err(sandbox_error)?,
            )
        })
    }

    /// Scripts a fault (`spec` is the `/_sandbox/faults` body as JSON text).
    #[napi(catch_unwind)]
    pub fn add_fault(&self, spec: String) -> napi::Result<String> {
        let spec: FaultSpec = serde_json::from_str(&spec)
            .map_err(|e| errors::invalid_input(format!("fault: {e}")))?;
        self.inner
            .with(|s| json(&s.add_fault(spec).map_err(sandbox_error)?))
    }

    /// Faults still pending.
    #[napi(catch_unwind)]
    pub fn faults(&self) -> napi::Result<String> {
        self.inner.with(|s| json(&s.faults()))
    }

    /// Cancels every pending fault.
    #[napi(catch_unwind)]
    pub fn clear_faults(&self) -> napi::Result<()> {
        self.inner.with(|s| {
            s.clear_faults();
            Ok(())
        })
    }

    /// The `/api` requests received, all or those to `path`.
    #[napi(catch_unwind)]
    pub fn requests(&self, path: Option<String>) -> napi::Result<String> {
        self.inner.with(|s| json(&s.requests(path.as_deref())))
    }

    /// Empties the request log.
    #[napi(catch_unwind)]
    pub fn clear_requests(&self) -> napi::Result<()> {
        self.inner.with(|s| {
            s.clear_requests();
            Ok(())
        })
    }

    /// Back to the start: seeded users only, clock, outbox, DNS, faults and request log emptied.
    #[napi(catch_unwind)]
    pub fn reset(&self) -> napi::Result<()> {
        self.inner.with(|s| {
            s.reset();
            Ok(())
        })
    }

    /// Creates a user; returns `{"id", "name", "email"}`.
    #[napi(catch_unwind)]
    pub fn create_user(
        &self,
        email: String,
        password: String,
        name: Option<String>,
    ) -> napi::Result<String> {
        self.inner.with(|s| {
            json(
                &s.create_user(&email, &password, name.as_deref())
                    .map_err(sandbox_error)?,
            )
        })
    }

    /// The running configuration: `{"rate_limit", "rate_limit_window_ms", "max_body_bytes", "dns"}`.
    #[napi(catch_unwind)]
    pub fn config(&self) -> napi::Result<String> {
        self.inner.with(|s| json(&s.config()))
    }

    /// Changes the rate limit (requests per window per token; 0 turns it off).
    #[napi(catch_unwind)]
    pub fn set_rate_limit(&self, per_minute: u32) -> napi::Result<String> {
        self.inner.with(|s| json(&s.set_rate_limit(per_minute)))
    }

    /// Changes the rate limit's window, in milliseconds.
    #[napi(catch_unwind)]
    pub fn set_rate_limit_window(&self, millis: u32) -> napi::Result<String> {
        let window = window(millis)?;
        self.inner.with(|s| json(&s.set_rate_limit_window(window)))
    }

    /// Stops the server (idempotent).
    #[napi(catch_unwind)]
    pub fn stop(&self) {
        self.inner.stop();
    }
}
