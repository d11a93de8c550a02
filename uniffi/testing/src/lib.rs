//! # smtpprovider-uniffi-testing
//!
//! The API sandbox for tests written in Kotlin or Swift, as a native library of its own
//! (`libsmtpprovider_uniffi_testing`), so that the SDK's library (`smtpprovider-uniffi`), which an
//! app ships, holds no emulator and no test hook:
//!
//! - [`TestSandbox`]: the API emulator in-process, serving real HTTP on loopback;
//! - [`TestHostileServer`]: the raw TCP server that plays the fault matrix (`tests/faults/`).
//!
//! Neither hands out an SDK object: a client of the sandbox is made by the SDK's library from
//! the sandbox's URL and demo login (the `client()` extension in Kotlin and Swift).

uniffi::setup_scaffolding!("smtpprovider_uniffi_testing");

mod hostile;
mod sandbox;

pub use hostile::{HostileStats, TestHostileServer};
pub use sandbox::{DemoUser, SandboxError, SandboxOptions, TestSandbox};
