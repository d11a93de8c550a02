//! The blocking client: the async client driven on one process-wide runtime this module owns
//! (OpenDAL's `blocking::Operator` pattern). There is no second HTTP stack.
//!
//! Called from inside a tokio runtime (where `block_on` would panic), a call runs on a short-lived
//! helper thread instead, so it still works; prefer the async [`crate::Client`] there.
//!
//! ```no_run
//! # fn demo() -> smtpprovider::Result<()> {
//! let client = smtpprovider::blocking::Client::login("https://smtp.example.net/api", "me@example.com", "secret")?;
//! for domain in client.domains().list()? {
//!     println!("{} {}", domain.domain_name, domain.status.unwrap_or_default());
//! }
//! # Ok(()) }
//! ```
//!
//! Calls named at run time work too: `client.call_json("domains.add", &json!({"domain_name": "example.com"}))`.

use std::future::Future;
use std::sync::OnceLock;
use std::time::Duration;

use crate::config::{ClientBuilder, RequestOptions};
use crate::error::{Error, ErrorKind, Result};
use crate::last_response::ResponseInfo;
use crate::models::*;
use crate::pacing::RateLimit;
use crate::secret::Secret;

/// The runtime every blocking client shares, started on first use. Two workers drive the
/// connections; each blocking call drives its own request on the calling thread.
fn runtime() -> Result<&'static tokio::runtime::Runtime> {
    static RUNTIME: OnceLock<std::result::Result<tokio::runtime::Runtime, String>> =
        OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("smtpprovider-blocking")
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| {
            Error::local(
                ErrorKind::Connection,
                None,
                format!("cannot start the runtime: {e}"),
            )
        })
}

/// Runs `future` to completion on the shared runtime.
fn block_on<F>(future: F) -> Result<F::Output>
where
    F: Future + Send,
    F::Output: Send,
{
    let runtime = runtime()?;
    if tokio::runtime::Handle::try_current().is_err() {
        return Ok(runtime.block_on(future));
    }
    // Inside a runtime `block_on` panics; drive the call from a scoped helper thread instead.
    std::thread::scope(
        |scope| match scope.spawn(|| runtime.block_on(future)).join() {
            Ok(output) => Ok(output),
            Err(panic) => std::panic::resume_unwind(panic),
        },
    )
}

/// Runs an SDK call to completion.
fn run<T: Send>(call: impl Future<Output = Result<T>> + Send) -> Result<T> {
    block_on(call)?
}

/// The blocking SMTPProvider client: the same calls as [`crate::Client`], returning directly.
/// Cheap to clone, `Send + Sync`; clones share one connection pool, so share one between threads.
#[derive(Debug, Clone)]
pub struct Client {
    inner: crate::Client,
}

impl ClientBuilder {
    /// Builds a blocking client (see [`ClientBuilder::build`]).
    pub fn build_blocking(self) -> Result<Client> {
        self.build().map(|inner| Client { inner })
    }

    /// Builds a blocking client and logs in (see [`ClientBuilder::login`]).
    pub fn login_blocking(self, email: &str, password: &str) -> Result<Client> {
        // Logging in on the shared runtime opens the pool's connections there.
        run(self.login(email, password)).map(|inner| Client { inner })
    }
}

impl Client {
    /// A builder for every option; finish with [`ClientBuilder::build_blocking`] or
    /// [`ClientBuilder::login_blocking`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// Logs in with an email and password and returns a client holding the token.
    pub fn login(base_url: impl Into<String>, email: &str, password: &str) -> Result<Client> {
        ClientBuilder::new()
            .base_url(base_url)
            .login_blocking(email, password)
    }

    /// A client from `SMTPPROVIDER_BASE_URL`, `SMTPPROVIDER_TOKEN` and `SMTPPROVIDER_USER_ID`.
    pub fn from_env() -> Result<Client> {
        ClientBuilder::from_env()?.build_blocking()
    }

    /// A blocking client with `client`'s session and settings, on a connection pool of its own
    /// (connections belong to the runtime that opened them; sharing the async client's pool would
    /// deadlock when called from that runtime's only thread).
    pub fn from_async(client: &crate::Client) -> Result<Client> {
        client.with_own_pool().map(|inner| Client { inner })
    }

    /// A handle with other timing or retry settings (see [`crate::Client::with_options`]).
    pub fn with_options(&self, options: RequestOptions) -> Client {
        Client {
            inner: self.inner.with_options(options),
        }
    }

    /// The async client this one drives (same pool and session; usable from any runtime, since its
    /// connections run on the blocking client's own runtime).
    pub fn as_async(&self) -> &crate::Client {
        &self.inner
    }

    /// The base URL calls go to.
    pub fn base_url(&self) -> &str {
        self.inner.base_url()
    }

    /// The session's user id.
    pub fn user_id(&self) -> Option<u64> {
        self.inner.user_id()
    }

    /// The logged-in user, when the client was made by logging in.
    pub fn user(&self) -> Option<&User> {
        self.inner.user()
    }

    /// The bearer token; `Debug` redacts it.
    pub fn token(&self) -> Option<&Secret> {
        self.inner.token()
    }

    /// The rate limit as the token last knew it (see [`crate::Client::rate_limit`]).
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.inner.rate_limit()
    }

    /// What the server said to the last call made through this handle (see
    /// [`crate::Client::last_response`]).
    pub fn last_response(&self) -> Option<ResponseInfo> {
        self.inner.last_response()
    }

    /// Makes the call named `call` (a table id such as `domains.add`) with `args` keyed by
    /// argument name, and returns its result as JSON (see [`crate::Client::call_json`]).
    pub fn call_json(&self, call: &str, args: &serde_json::Value) -> Result<serde_json::Value> {
        run(self.inner.call_json(call, args))
    }
}

/// The table callback for this client's handles (see `endpoint_args.rs`).
macro_rules! define_blocking_resources {
    ($($table:tt)*) => { define_resource_handles! { blocking; $($table)* } };
}

crate::for_each_endpoint!(define_blocking_resources);

impl Domains<'_> {
    /// Polls verification until the domain is verified or `timeout` passes
    /// (see [`crate::Domains::wait_verified`]).
    pub fn wait_verified(
        &self,
        domain_name: &str,
        timeout: Duration,
        interval: Duration,
    ) -> Result<DomainVerification> {
        run(self
            .client
            .inner
            .domains()
            .wait_verified(domain_name, timeout, interval))
    }
}
