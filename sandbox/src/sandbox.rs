//! [`Sandbox`]: a running emulator, on its own thread and tokio runtime so that it can be started
//! from synchronous code and from inside another runtime alike, and stopped by dropping it
//! ([`crate::background`]).

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use crate::admin::{self, AdminError, ClockView, ConfigView, Subscribers};
use crate::app::App;
use crate::background::{self, Background};
use crate::config::SandboxConfig;
use crate::dns::TxtRecord;
use crate::faults::{Fault, FaultSpec};
use crate::models::{MailingList, UserInfo};
use crate::outbox::{OutboxFilter, OutboxMessage};
use crate::requestlog::RequestRecord;
use crate::server;

/// A running sandbox. Dropping it stops the server and joins its thread.
///
/// The admin methods (`outbox`, `publish_dns`, `advance_clock`, ...) do exactly what the matching
/// `/_sandbox/...` routes do, without HTTP.
pub struct Sandbox {
    app: Arc<App>,
    addr: SocketAddr,
    dns_addr: SocketAddr,
    root_url: String,
    base_url: String,
    /// The server's thread; dropping it stops the server.
    _background: Background,
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.base_url)
            .field("dns_addr", &self.dns_addr)
            .finish()
    }
}

impl Sandbox {
    /// Starts a sandbox and returns once it is listening.
    pub fn start(config: SandboxConfig) -> io::Result<Sandbox> {
        let build = || {
            tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .thread_name("sandbox-worker")
                .build()
        };
        let (started, background) =
            background::start("smtpprovider-sandbox", build, |stop| async {
                let (started, server) = server::bind(config).await?;
                Ok((started, server.run(stop)))
            })?;
        Ok(Sandbox {
            base_url: format!("{}/api", started.root_url),
            root_url: started.root_url,
            app: started.app,
            addr: started.addr,
            dns_addr: started.dns_addr,
            _background: background,
        })
    }

    /// The API base URL, `http://127.0.0.1:PORT/api` (`https://localhost:PORT/api` with TLS).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The server root, `http://127.0.0.1:PORT`; sandbox routes live under `/_sandbox/`.
    pub fn root_url(&self) -> &str {
        &self.root_url
    }

    /// The HTTP listener's address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The sandbox's own DNS zone server (UDP and TCP), whatever nameserver verification uses.
    pub fn dns_addr(&self) -> SocketAddr {
        self.dns_addr
    }

    /// Messages sent so far that match `filter` (campaigns first deliver what is due).
    pub fn outbox(&self, filter: &OutboxFilter) -> Vec<OutboxMessage> {
        admin::outbox(&self.app, filter)
    }

    /// Empties the outbox.
    pub fn clear_outbox(&self) {
        admin::clear_outbox(&self.app);
    }

    /// Publishes a TXT record holding `value` (served split into 255-byte strings).
    pub fn publish_dns(&self, name: &str, value: &str) -> Result<TxtRecord, AdminError> {
        admin::publish_dns_value(&self.app, name, value)
    }

    /// Publishes a TXT record made of these character-strings.
    pub fn publish_dns_strings(
        &self,
        name: &str,
        values: Vec<String>,
    ) -> Result<TxtRecord, AdminError> {
        admin::publish_dns_strings(&self.app, name, values)
    }

    /// Removes every TXT record at `name`; false when there was none.
    pub fn remove_dns(&self, name: &str) -> bool {
        admin::remove_dns(&self.app, name)
    }

    /// Every record in the sandbox's zone.
    pub fn dns_records(&self) -> Vec<TxtRecord> {
        admin::dns_records(&self.app)
    }

    /// The sandbox clock.
    pub fn clock(&self) -> ClockView {
        admin::clock(&self.app)
    }

    /// Moves the clock by `seconds`; campaigns deliver up to the new time.
    pub fn advance_clock(&self, seconds: i64) -> Result<ClockView, AdminError> {
        admin::advance_clock(&self.app, seconds)
    }

    /// Sets the clock to a `Y-m-d H:i:s` time; campaigns deliver up to it.
    pub fn set_clock(&self, at: &str) -> Result<ClockView, AdminError> {
        admin::set_clock(&self.app, at)
    }

    /// Adds subscribers to a mailing list (of any user).
    pub fn add_subscribers(
        &self,
        mailing_list_id: u64,
        subscribers: Subscribers,
    ) -> Result<MailingList, AdminError> {
        admin::add_subscribers(&self.app, mailing_list_id, subscribers)
    }

    /// Scripts a fault for the next matching `/api` requests.
    pub fn add_fault(&self, spec: FaultSpec) -> Result<Fault, AdminError> {
        admin::add_fault(&self.app, spec)
    }

    /// Faults still pending.
    pub fn faults(&self) -> Vec<Fault> {
        admin::faults(&self.app)
    }

    /// Cancels every pending fault.
    pub fn clear_faults(&self) {
        admin::clear_faults(&self.app);
    }

    /// Logged `/api` requests, all of them or those to `path` (full or relative to `/api`).
    pub fn requests(&self, path: Option<&str>) -> Vec<RequestRecord> {
        admin::requests(&self.app, path)
    }

    /// Empties the request log.
    pub fn clear_requests(&self) {
        admin::clear_requests(&self.app);
    }

    /// Back to the start (see `POST /_sandbox/reset`).
    pub fn reset(&self) {
        admin::reset(&self.app);
    }

    /// Creates a user; it is gone after a reset, unlike the configured users.
    pub fn create_user(
        &self,
        email: &str,
        password: &str,
        name: Option<&str>,
    ) -> Result<UserInfo, AdminError> {
        admin::create_user(&self.app, email, password, name)
    }

    /// The running configuration.
    pub fn config(&self) -> ConfigView {
        admin::config(&self.app)
    }

    /// Changes the rate limit (requests per minute per token; 0 turns it off).
    pub fn set_rate_limit(&self, per_minute: u32) -> ConfigView {
        admin::set_rate_limit(&self.app, per_minute)
    }

    /// Changes the rate limit's window (a minute, as the API's, unless configured shorter).
    pub fn set_rate_limit_window(&self, window: std::time::Duration) -> ConfigView {
        admin::set_rate_limit_window(&self.app, window)
    }
}
