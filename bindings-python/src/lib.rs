//! `smtpprovider._native`: the Rust half of the `smtpprovider` Python package (pyo3, abi3).
//!
//! Thin by design: Python arguments become the core's argument types, the core makes the call,
//! and its models and errors become Python objects. Everything about the API itself (validation,
//! retries, decoding, error kinds) is the core's (`smtpprovider` crate). The Python half
//! (`python/smtpprovider/`) holds the exception classes and re-exports all of this.

use pyo3::prelude::*;
use pyo3::types::PyTuple;

#[macro_use]
mod generate;
#[macro_use]
mod helpers;

mod aio;
mod args;
mod async_client;
mod client;
mod connection;
mod construct;
mod errors;
#[cfg(feature = "sandbox")]
mod hostile;
mod keywords;
mod logging;
mod options;
mod pid;
mod rate_limit;
mod reply;
mod response_info;
mod runtime;
mod table;
#[cfg(feature = "sandbox")]
mod testing;

/// Raises a Rust panic inside a call (blocking when `awaitable` is false, else in a coroutine),
/// so that the test suite can show that a panic surfaces as a Python exception and never
/// takes the interpreter down. Not part of the API.
#[pyfunction]
fn _raise_rust_panic(py: Python<'_>, awaitable: bool) -> PyResult<Bound<'_, PyAny>> {
    if awaitable {
        aio::coroutine(py, "_raise_rust_panic", || async {
            if std::hint::black_box(true) {
                panic!("a deliberate panic in an async call");
            }
        })
    } else {
        runtime::block_on(py, async {
            if std::hint::black_box(true) {
                panic!("a deliberate panic in a blocking call");
            }
        })?;
        Ok(py.None().into_bound(py))
    }
}

/// The interpreter, for the `User-Agent`: `CPython 3.11.2`, `PyPy 3.10.14`.
fn python_runtime(py: Python<'_>) -> PyResult<String> {
    let sys = py.import("sys")?;
    let name: String = sys.getattr("implementation")?.getattr("name")?.extract()?;
    let name = match name.as_str() {
        "cpython" => "CPython".to_owned(),
        "pypy" => "PyPy".to_owned(),
        other => other.to_owned(),
    };
    let version = py.version_info();
    Ok(format!(
        "{name} {}.{}.{}",
        version.major, version.minor, version.patch
    ))
}

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    logging::install();
    smtpprovider::identify_binding("python", Some(&python_runtime(py)?));

    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    module.add_class::<client::Client>()?;
    module.add_class::<async_client::AsyncClient>()?;
    aio::register(py)?;
    client::register_resources(module)?;
    async_client::register_resources(module)?;

    module.add_class::<table::Endpoint>()?;
    module.add_class::<rate_limit::RateLimit>()?;
    module.add_class::<response_info::ResponseInfo>()?;
    module.add("ENDPOINTS", PyTuple::new(py, table::endpoints())?)?;
    module.add("REQUEST_FIELDS", table::request_fields(py)?)?;
    module.add(
        "CLIENT_OPTIONS",
        PyTuple::new(py, options::option_types(false))?,
    )?;
    module.add(
        "CALL_OPTIONS",
        PyTuple::new(py, options::option_types(true))?,
    )?;
    // The core's own tables, as they are, for the parity test (tests/test_parity.py) to check
    // the Python surface against: options as (name, kind, per_call), error fields, error kinds as
    // (name, class name).
    let option_rows = smtpprovider::OPTIONS
        .iter()
        .map(|o| (o.name, format!("{:?}", o.kind), o.per_call));
    module.add("OPTION_ROWS", PyTuple::new(py, option_rows)?)?;
    let error_fields = smtpprovider::ERROR_FIELDS.iter().map(|f| f.name);
    module.add("ERROR_FIELDS", PyTuple::new(py, error_fields)?)?;
    let error_kinds = smtpprovider::KINDS.iter().map(|k| (k.name, k.class_name));
    module.add("ERROR_KINDS", PyTuple::new(py, error_kinds)?)?;
    // The core's helpers (`smtpprovider::HELPERS`) as (id, resource, name).
    let helpers = smtpprovider::HELPERS
        .iter()
        .map(|h| (h.id, h.resource, h.name));
    module.add("HELPERS", PyTuple::new(py, helpers)?)?;

    // Every response model (the core's types, Python classes through its `python` feature).
    module.add_class::<smtpprovider::User>()?;
    module.add_class::<smtpprovider::Domain>()?;
    module.add_class::<smtpprovider::DnsRecord>()?;
    module.add_class::<smtpprovider::DomainView>()?;
    module.add_class::<smtpprovider::DomainVerification>()?;
    module.add_class::<smtpprovider::Sender>()?;
    module.add_class::<smtpprovider::Template>()?;
    module.add_class::<smtpprovider::MailingList>()?;
    module.add_class::<smtpprovider::Campaign>()?;
    module.add_class::<smtpprovider::CampaignOptions>()?;
    module.add_class::<smtpprovider::CampaignEditOptions>()?;
    module.add_class::<smtpprovider::Vmta>()?;
    module.add_class::<smtpprovider::UrlDomain>()?;
    module.add_class::<smtpprovider::BounceEmail>()?;
    module.add_class::<smtpprovider::Message>()?;

    #[cfg(feature = "sandbox")]
    module.add_class::<testing::Sandbox>()?;
    #[cfg(feature = "sandbox")]
    module.add_class::<hostile::HostileServer>()?;

    module.add_function(wrap_pyfunction!(_raise_rust_panic, module)?)?;
    Ok(())
}
