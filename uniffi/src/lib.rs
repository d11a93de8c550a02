//! # smtpprovider-uniffi
//!
//! The Swift and Kotlin bindings of the SMTPProvider SDK: uniffi objects over the Rust core
//! (`smtpprovider`), from which `uniffi-bindgen` writes the Kotlin and Swift sources
//! (`uniffi/scripts/build.sh`).
//!
//! - [`Client`]: made from a token and user id, by [`Client::login`] or from the environment;
//!   its resource objects (`client.domains()`) carry one async method per endpoint, expanded from
//!   the core's endpoint table ([`resources`]), so none is written here by hand.
//! - Models and request structs are the core's own types, uniffi Records through the core's
//!   `uniffi` feature; unknown response fields are `extra`, JSON object text.
//! - Every failure is a [`SmtpProviderError`], one variant per [`smtpprovider::ErrorKind`].
//! - The API sandbox for tests is another library, `smtpprovider-uniffi-testing`
//!   (`uniffi/testing/`): this one, which apps ship, has no emulator and no test hook.
//!
//! Async methods run on tokio (`async_runtime = "tokio"`): each call is spawned on the library's
//! one runtime ([`runtime`]), which no object owns, so dropping an object never stops a runtime
//! and is safe from any thread (a JVM cleaner thread, a Swift task). uniffi catches a panic in any call and
//! hands it to the foreign side as an exception (Kotlin `InternalException`, Swift `fatalError`-free
//! `InternalError`): none unwinds into the JVM or Swift.

// Every method returns `Result<_, SmtpProviderError>`, whose `ErrorDetails` (nine fields) is larger
// than clippy's `result_large_err` threshold. It is built once per failed call and serialized at
// the FFI boundary right after; uniffi takes record fields by value, so it cannot be boxed.
#![allow(clippy::result_large_err)]

uniffi::setup_scaffolding!("smtpprovider_uniffi");

#[cfg(target_os = "android")]
mod android;
mod client;
mod error;
mod helpers;
pub mod resources;
mod response_info;
mod runtime;
mod table;

pub use client::{Client, ClientOptions, RequestOptions};
pub use error::SmtpProviderError;
pub use response_info::ResponseInfo;
pub use table::{endpoints, helpers, EndpointEntry};
