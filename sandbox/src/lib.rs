//! `smtpprovider-sandbox`: a stateful emulator of the SMTPProvider API for development and tests.
//!
//! It serves every endpoint of the API contract with its envelopes, statuses and Laravel-worded
//! messages, keeps state per user, and adds what tests need under `/_sandbox/`: a clock, an outbox,
//! a DNS zone, subscribers, rate limiting, scripted faults and a request log (see the README).
//! [`HostileServer`] plays the byte-level faults of `tests/faults/cases.json` (drips, cut chunks,
//! resets, endless bodies) that a well-behaved HTTP server cannot.
//!
//! ```no_run
//! let sandbox = smtpprovider_sandbox::Sandbox::start(smtpprovider_sandbox::SandboxConfig::default())?;
//! println!("{}", sandbox.base_url()); // http://127.0.0.1:PORT/api
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! An in-process sandbox has no rate limit unless its config asks for one; the binary keeps the
//! API's 60 requests a minute ([`API_RATE_LIMIT_PER_MINUTE`]) by default.

#![warn(missing_docs)]

mod admin;
mod admin_routes;
mod api;
mod app;
mod auth;
mod background;
mod body;
mod clock;
mod config;
mod delivery;
mod dkim;
mod dns;
mod faults;
mod hostile;
mod input;
mod models;
mod outbox;
mod pipeline;
mod ratelimit;
mod requestlog;
mod respond;
mod router;
mod sandbox;
mod server;
mod state;
mod tls;
mod validate;

pub use admin::{
    AdminError, ClockView, ConfigView, Subscribers, MAX_SUBSCRIBERS_PER_CALL,
    MAX_SUBSCRIBERS_PER_LIST,
};
pub use config::{
    SandboxConfig, SeedUser, TlsConfig, API_RATE_LIMIT_PER_MINUTE, API_RATE_LIMIT_WINDOW,
};
pub use dns::TxtRecord;
pub use faults::{Fault, FaultAction, FaultSpec};
pub use hostile::{HostileServer, HostileStats};
pub use models::{MailingList, UserInfo};
pub use outbox::{MessageKind, OutboxFilter, OutboxMessage};
pub use requestlog::RequestRecord;
pub use sandbox::Sandbox;
