//! [`TestSandbox`]: the API emulator (`smtpprovider-sandbox`) in-process, for tests written in
//! Kotlin or Swift, as Python's `smtpprovider.testing.Sandbox` offers it. A client of it is made by
//! the SDK's own library from [`TestSandbox::base_url`] and [`TestSandbox::demo_user`]: the
//! `client()` extension written in Kotlin and Swift beside the generated code, since an object of
//! one native library cannot be handed to another. It serves real HTTP on
//! loopback from a thread and runtime of its own (the sandbox's, not this library's), starts with
//! rate limiting off, and offers the sandbox routes (outbox, DNS, clock, subscribers, faults,
//! request log) as methods calling the same code as the routes. Their results are the routes'
//! JSON, as text.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;
use smtpprovider_sandbox::{
    AdminError, FaultSpec, OutboxFilter, SandboxConfig, SeedUser, Subscribers,
};

/// The login of the demo user every sandbox has.
#[derive(Debug, Clone, uniffi::Record)]
pub struct DemoUser {
    pub email: String,
    pub password: String,
}

/// A sandbox operation that was refused or could not run.
#[derive(Debug, uniffi::Error)]
pub enum SandboxError {
    /// The operation was refused, with the status its route answers (422, 404 or 410).
    Refused { status: u16, detail: String },
    /// The sandbox could not start, or is stopped.
    Unavailable { detail: String },
}

impl std::fmt::Display for SandboxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SandboxError::Refused { status, detail } => write!(f, "{status}: {detail}"),
            SandboxError::Unavailable { detail } => f.write_str(detail),
        }
    }
}

impl From<AdminError> for SandboxError {
    fn from(error: AdminError) -> Self {
        let status = match &error {
            AdminError::Invalid(_) => 422,
            AdminError::NotFound(_) => 404,
            AdminError::Gone(_) => 410,
        };
        SandboxError::Refused {
            status,
            detail: error.to_string(),
        }
    }
}

/// How a sandbox starts.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct SandboxOptions {
    /// Requests per window per token; `0` (the default here) turns rate limiting off.
    #[uniffi(default)]
    pub rate_limit_per_minute: u32,
    /// The rate limit's window (a minute, as the API's, when left out).
    #[uniffi(default)]
    pub rate_limit_window: Option<Duration>,
    /// The port to listen on; `0` (the default) picks a free one.
    #[uniffi(default)]
    pub port: u16,
}

/// A running sandbox; `stop()`, `close()` or dropping it stops the server.
#[derive(uniffi::Object)]
pub struct TestSandbox {
    // A Mutex, not an RwLock: `stop()` takes the sandbox out, and the other methods are quick.
    inner: Mutex<Option<smtpprovider_sandbox::Sandbox>>,
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()))
}

fn invalid(detail: String) -> SandboxError {
    SandboxError::Refused {
        status: 422,
        detail,
    }
}

impl TestSandbox {
    fn running(&self) -> Result<SandboxRef<'_>, SandboxError> {
        let guard = self
            .inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if guard.is_none() {
            return Err(SandboxError::Unavailable {
                detail: "the sandbox is stopped".to_owned(),
            });
        }
        Ok(SandboxRef(guard))
    }
}

/// The running sandbox, borrowed from the lock.
struct SandboxRef<'a>(MutexGuard<'a, Option<smtpprovider_sandbox::Sandbox>>);

impl std::ops::Deref for SandboxRef<'_> {
    type Target = smtpprovider_sandbox::Sandbox;
    fn deref(&self) -> &Self::Target {
        self.0.as_ref().expect("checked by running()")
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl TestSandbox {
    /// Starts a sandbox on 127.0.0.1 with the demo user (`demo@example.com` / `demo-password`).
    #[uniffi::constructor(default(options = None))]
    pub fn new(options: Option<SandboxOptions>) -> Result<Arc<TestSandbox>, SandboxError> {
        let options = options.unwrap_or_default();
        let config = SandboxConfig {
            rate_limit_per_minute: options.rate_limit_per_minute,
            rate_limit_window: options
                .rate_limit_window
                .unwrap_or(smtpprovider_sandbox::API_RATE_LIMIT_WINDOW),
            port: options.port,
            ..SandboxConfig::default()
        };
        let sandbox = smtpprovider_sandbox::Sandbox::start(config).map_err(|e| {
            SandboxError::Unavailable {
                detail: format!("the sandbox did not start: {e}"),
            }
        })?;
        Ok(Arc::new(TestSandbox {
            inner: Mutex::new(Some(sandbox)),
        }))
    }

    /// The API base URL, `http://127.0.0.1:PORT/api`.
    pub fn base_url(&self) -> Result<String, SandboxError> {
        Ok(self.running()?.base_url().to_owned())
    }

    /// The server root; the sandbox routes are under `/_sandbox/`.
    pub fn root_url(&self) -> Result<String, SandboxError> {
        Ok(self.running()?.root_url().to_owned())
    }

    /// The sandbox's own DNS server, `127.0.0.1:PORT`.
    pub fn dns_addr(&self) -> Result<String, SandboxError> {
        Ok(self.running()?.dns_addr().to_string())
    }

    /// The demo user's login (`demo@example.com` / `demo-password`).
    pub fn demo_user(&self) -> DemoUser {
        let demo = SeedUser::demo();
        DemoUser {
            email: demo.email,
            password: demo.password,
        }
    }

    /// Messages "sent" so far (sender verification, welcome and campaign mail), oldest first,
    /// as `{"messages": [...]}`-shaped JSON: a list of the outbox's messages.
    #[uniffi::method(default(to = None, kind = None, campaign_id = None))]
    pub fn outbox(
        &self,
        to: Option<String>,
        kind: Option<String>,
        campaign_id: Option<u64>,
    ) -> Result<String, SandboxError> {
        let kind = kind
            .map(|kind| serde_json::from_value(serde_json::Value::String(kind)))
            .transpose()
            .map_err(|e| invalid(format!("kind: {e}")))?;
        let filter = OutboxFilter {
            to,
            kind,
            campaign_id,
        };
        Ok(json(&self.running()?.outbox(&filter)))
    }

    /// Empties the outbox.
    pub fn clear_outbox(&self) -> Result<(), SandboxError> {
        self.running()?.clear_outbox();
        Ok(())
    }

    /// Publishes a TXT record (e.g. a domain's DKIM key at its `host`); answers the record.
    pub fn publish_dns(&self, name: String, value: String) -> Result<String, SandboxError> {
        Ok(json(&self.running()?.publish_dns(&name, &value)?))
    }

    /// Removes the TXT records at `name`; false when there were none.
    pub fn remove_dns(&self, name: String) -> Result<bool, SandboxError> {
        Ok(self.running()?.remove_dns(&name))
    }

    /// Every record of the sandbox's DNS zone.
    pub fn dns_records(&self) -> Result<String, SandboxError> {
        Ok(json(&self.running()?.dns_records()))
    }

    /// The sandbox clock: `{"now": "Y-m-d H:i:s", "offset_seconds": N}`.
    pub fn clock(&self) -> Result<String, SandboxError> {
        Ok(json(&self.running()?.clock()))
    }

    /// Moves the clock; campaigns deliver up to the new time.
    pub fn advance_clock(&self, seconds: i64) -> Result<String, SandboxError> {
        Ok(json(&self.running()?.advance_clock(seconds)?))
    }

    /// Sets the clock to a `Y-m-d H:i:s` time; campaigns deliver up to it.
    pub fn set_clock(&self, at: String) -> Result<String, SandboxError> {
        Ok(json(&self.running()?.set_clock(&at)?))
    }

    /// Adds these subscribers to a mailing list; answers the list.
    pub fn add_subscribers(
        &self,
        mailing_list_id: u64,
        emails: Vec<String>,
    ) -> Result<String, SandboxError> {
        let subscribers = Subscribers::Emails(emails);
        Ok(json(
            &self
                .running()?
                .add_subscribers(mailing_list_id, subscribers)?,
        ))
    }

    /// Scripts a fault, given as the `/_sandbox/faults` route's JSON body, e.g.
    /// `{"path": "/v1/smtp-domain-list", "kind": "delay", "delay_ms": 2000}` or
    /// `{"path": "...", "kind": "status", "status": 503, "times": 3}`; answers the fault.
    pub fn add_fault(&self, spec_json: String) -> Result<String, SandboxError> {
        let spec: FaultSpec =
            serde_json::from_str(&spec_json).map_err(|e| invalid(format!("fault: {e}")))?;
        Ok(json(&self.running()?.add_fault(spec)?))
    }

    /// Faults still pending.
    pub fn faults(&self) -> Result<String, SandboxError> {
        Ok(json(&self.running()?.faults()))
    }

    /// Cancels every pending fault.
    pub fn clear_faults(&self) -> Result<(), SandboxError> {
        self.running()?.clear_faults();
        Ok(())
    }

    /// The `/api` requests received, all or those to `path`.
    #[uniffi::method(default(path = None))]
    pub fn requests(&self, path: Option<String>) -> Result<String, SandboxError> {
        Ok(json(&self.running()?.requests(path.as_deref())))
    }

    /// Empties the request log.
    pub fn clear_requests(&self) -> Result<(), SandboxError> {
        self.running()?.clear_requests();
        Ok(())
    }

    /// Back to the start: seeded users only, clock, outbox, DNS, faults and request log emptied.
    pub fn reset(&self) -> Result<(), SandboxError> {
        self.running()?.reset();
        Ok(())
    }

    /// Creates a user (gone again after `reset()`); answers `{"id", "name", "email"}`.
    #[uniffi::method(default(name = None))]
    pub fn create_user(
        &self,
        email: String,
        password: String,
        name: Option<String>,
    ) -> Result<String, SandboxError> {
        let user = self
            .running()?
            .create_user(&email, &password, name.as_deref())?;
        Ok(json(&user))
    }

    /// Changes the rate limit (requests per window per token; 0 turns it off).
    pub fn set_rate_limit(&self, per_minute: u32) -> Result<String, SandboxError> {
        Ok(json(&self.running()?.set_rate_limit(per_minute)))
    }

    /// Changes the rate limit's window.
    pub fn set_rate_limit_window(&self, window: Duration) -> Result<String, SandboxError> {
        Ok(json(&self.running()?.set_rate_limit_window(window)))
    }

    /// Stops the server (idempotent); the sandbox's thread is joined.
    pub fn stop(&self) {
        let sandbox = self
            .inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        drop(sandbox);
    }

    /// Panics, on purpose: a test hook proving that uniffi turns a Rust panic in an async call
    /// into a Kotlin or Swift exception instead of unwinding into the foreign runtime or
    /// aborting the process. In this testing library only: the SDK's library exports no test hook
    /// (its own half, a panic on its runtime raised again in the call, is a Rust test there).
    pub async fn panic_for_test(&self, reason: String) {
        panic!("panic_for_test: {reason}")
    }
}
