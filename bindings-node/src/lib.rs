//! The native half of the `smtpprovider` npm package: a thin bridge from Node to the Rust core.
//!
//! It exports a handful of classes (`NativeClient`, `NativeSandbox`, `NativeHostileServer`) with
//! one generic call — a table id and the arguments as JSON text in, the result's JSON text out —
//! so nothing here is written per endpoint. The per-endpoint API (`client.domains.add(...)`, typed interfaces,
//! error classes) is TypeScript generated from the core's run-time table (`codegen/`), in
//! `bindings-node/generated/`. Results cross as JSON text and JS parses them with `JSON.parse`,
//! which beats building napi objects field by field; errors cross as a JSON payload that the JS
//! layer turns into the error class of their kind. No panic crosses into Node: each call's
//! future runs under `catch_unwind` (a panic rejects its Promise), and every synchronous method
//! is `#[napi(catch_unwind)]` (a panic throws an `Error`).

// napi-rs registers the exported functions only outside `cfg(test)`, where they look unused.
#![cfg_attr(test, allow(dead_code))]

mod answer;
mod client;
mod errors;
mod guard;
mod hostile;
mod options;
mod settle;
mod stoppable;
mod table;
mod testing;

/// When the module loads: `SMTPPROVIDER_LOG=debug node app.js` logs the SDK's events to stderr
/// (Node has no logging system to forward them to; see the core's `stderr_log`), and the clients'
/// `User-Agent` names Node and its version (`smtpprovider-node/0.1.0 (Node 22.12.0; linux x86_64)`).
#[napi_derive::napi(module_exports)]
pub fn on_load(_exports: napi::bindgen_prelude::Object, env: napi::Env) -> napi::Result<()> {
    smtpprovider::stderr_log::install_from_env();
    let node = env.get_node_version()?;
    let runtime = format!("Node {}.{}.{}", node.major, node.minor, node.patch);
    smtpprovider::identify_binding("node", Some(&runtime));
    Ok(())
}
