//! # smtpprovider
//!
//! The SDK of the SMTPProvider API: sending domains and their DKIM records, senders, templates,
//! mailing lists, campaigns and welcome mail. This crate is the one implementation every language
//! uses: the CLI and the Python, Node and Swift/Kotlin bindings all call into it.
//!
//! - [`Client`] is async (tokio); [`blocking::Client`] offers the same calls without async.
//! - Every call is declared once in the endpoint table ([`for_each_endpoint!`], [`ENDPOINTS`]).
//! - Responses decode leniently (ids as strings, `0`/`1` booleans, `""` as absent) into typed
//!   [`models`] that keep unknown fields.
//! - Every failure is an [`Error`] with a stable [`ErrorKind`]; transient ones are retried.
//!
//! ```no_run
//! # async fn demo() -> smtpprovider::Result<()> {
//! use smtpprovider::{Client, ErrorKind};
//!
//! let client = Client::login("https://smtp.example.net/api", "me@example.com", "secret").await?;
//! let domain = client.domains().add("example.com").await?;
//! // publish domain.public_key at domain.host, then:
//! let answer = client.domains().verify("example.com").await?;
//! if !answer.verified {
//!     println!("not yet: {}", answer.message.unwrap_or_default());
//! }
//! match client.templates().get(42).await {
//!     Err(e) if e.kind() == ErrorKind::NotFound => println!("no template 42"),
//!     other => println!("{:?}", other?.name),
//! }
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

// The models' uniffi Records and `ErrorKind` belong to this crate's uniffi namespace; the
// `uniffi/` crate's objects use them (its Kotlin package imports this one's).
#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("smtpprovider");

#[macro_use]
mod handle_examples;
#[macro_use]
mod endpoint_args;

#[doc(hidden)] // for the bindings' expansions of the endpoint table
pub mod arg_types;
mod attempt_timer;
mod call;
mod client;
mod config;
pub mod endpoints;
mod envelope;
mod error;
mod error_fields;
mod json_text;
mod last_response;
#[macro_use]
pub mod fields;
pub mod lenient;
pub mod models;
mod options;
mod pacing;
mod proxies;
mod redirect;
mod retry;
mod secret;
mod send;
mod transport;
mod trust;
mod user_agent;
mod validate;

pub mod blocking;
pub mod helpers;
mod json_calls;
#[cfg(feature = "stderr-log")]
pub mod stderr_log;

pub use client::{Campaigns, Client, Domains, Mail, MailingLists, Senders, Templates};
pub use config::{ClientBuilder, RequestOptions, ENV_BASE_URL, ENV_TOKEN, ENV_USER_ID};
pub use endpoints::{
    ArgInfo, ArgKind, Check, EndpointInfo, HttpMethod, ResourceInfo, Wire, ENDPOINTS, RESOURCES,
};
pub use envelope::decode_body;
#[doc(hidden)]
pub use envelope::{decode_body_text, decode_session_body};
pub use error::{Error, ErrorContext, ErrorKind, KindInfo, Result, Source, KINDS};
pub use error_fields::{ErrorFieldInfo, ErrorFieldKind, ERROR_FIELDS};
pub use fields::{FieldInfo, FieldKind, RequestInfo, REQUESTS};
pub use helpers::{HelperArg, HelperArgKind, HelperInfo, HELPERS};
pub use json_text::JsonText;
pub use last_response::ResponseInfo;
pub use models::info::{ModelField, ModelInfo, ResponseType, TypeInfo};
pub use models::*;
pub use options::{
    keyword_options, option, ClientSettings, OptionInfo, OptionKind, OptionValue, OPTIONS,
};
pub use pacing::RateLimit;
pub use secret::Secret;
pub use user_agent::identify_binding;
