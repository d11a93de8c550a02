//! Client options as Python keyword arguments: `Client(base_url, timeout=10.0, max_retries=3, ...)`.
//!
//! Every constructor (`Client(...)`, `Client.login`, `Client.from_env`, their async twins and the
//! sandbox's `client()`) takes the same `**options`; this module maps them onto the core's
//! `ClientBuilder` (and `with_options` onto `RequestOptions`). Durations are seconds as floats,
//! as in `httpx` and `requests`. The name lists are exported so that the generated `.pyi`
//! stubs spell out each keyword with its type.

use std::time::Duration;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use smtpprovider::{ClientBuilder, RequestOptions};

use crate::errors;

/// Keyword options of every client constructor, with their Python types (for the stubs).
pub(crate) const CLIENT_OPTIONS: &[(&str, &str)] = &[
    ("timeout", "float"),
    ("deadline", "float"),
    ("connect_timeout", "float"),
    ("max_retries", "int"),
    ("retry_non_idempotent", "bool"),
    ("backoff", "tuple[float, float]"),
    ("root_certificates", "Sequence[str | bytes]"),
    ("proxy", "str"),
    ("user_agent", "str"),
    ("allow_insecure_http", "bool"),
    ("max_response_bytes", "int"),
];

/// Keyword options of `with_options` (per-call settings), with their Python types.
pub(crate) const CALL_OPTIONS: &[(&str, &str)] = &[
    ("timeout", "float"),
    ("deadline", "float"),
    ("max_retries", "int"),
    ("retry_non_idempotent", "bool"),
];

/// Applies `options` (a `**kwargs` dict) to `builder`. An unknown name is a `TypeError`, as for
/// any Python function; a value the core cannot use (a negative timeout) is `InvalidInputError`.
pub(crate) fn client_builder(
    py: Python<'_>,
    mut builder: ClientBuilder,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<ClientBuilder> {
    let Some(options) = options else {
        return Ok(builder);
    };
    for (key, value) in options.iter() {
        let name = key.cast::<PyString>()?.to_cow()?;
        builder = match &*name {
            "timeout" => builder.timeout(seconds(py, &name, &value)?),
            "deadline" => builder.deadline(seconds(py, &name, &value)?),
            "connect_timeout" => builder.connect_timeout(seconds(py, &name, &value)?),
            "max_retries" => builder.max_retries(value.extract()?),
            "retry_non_idempotent" => builder.retry_non_idempotent(value.extract()?),
            "backoff" => {
                let (initial, max): (Bound<'_, PyAny>, Bound<'_, PyAny>) = value.extract()?;
                builder.backoff(
                    seconds(py, "backoff", &initial)?,
                    seconds(py, "backoff", &max)?,
                )
            }
            "root_certificates" => {
                for pem in value.try_iter()? {
                    builder = builder.add_root_certificate_pem(pem_bytes(&pem?)?);
                }
                builder
            }
            "proxy" => builder.proxy(value.extract::<String>()?),
            "user_agent" => builder.user_agent(value.extract::<String>()?),
            "allow_insecure_http" => builder.allow_insecure_http(value.extract()?),
            "max_response_bytes" => builder.max_response_bytes(value.extract()?),
            other => return Err(unexpected(other, CLIENT_OPTIONS)),
        };
    }
    Ok(builder)
}

/// `with_options(**options)` as the core's per-call `RequestOptions`.
pub(crate) fn request_options(
    py: Python<'_>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<RequestOptions> {
    let mut result = RequestOptions::new();
    let Some(options) = options else {
        return Ok(result);
    };
    for (key, value) in options.iter() {
        let name = key.cast::<PyString>()?.to_cow()?;
        result = match &*name {
            "timeout" => result.timeout(seconds(py, &name, &value)?),
            "deadline" => result.deadline(seconds(py, &name, &value)?),
            "max_retries" => result.max_retries(value.extract()?),
            "retry_non_idempotent" => result.retry_non_idempotent(value.extract()?),
            other => return Err(unexpected(other, CALL_OPTIONS)),
        };
    }
    Ok(result)
}

/// A duration in seconds: a non-negative, finite number.
fn seconds(py: Python<'_>, name: &str, value: &Bound<'_, PyAny>) -> PyResult<Duration> {
    let secs: f64 = value.extract()?;
    Duration::try_from_secs_f64(secs).map_err(|_| {
        errors::invalid_input(
            py,
            None,
            format!("{name} must be a non-negative number of seconds, not {secs}"),
        )
    })
}

/// A PEM certificate given as text or bytes.
fn pem_bytes(value: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    Ok(value.extract::<String>()?.into_bytes())
}

fn unexpected(name: &str, known: &[(&str, &str)]) -> PyErr {
    let names: Vec<&str> = known.iter().map(|(name, _)| *name).collect();
    PyTypeError::new_err(format!(
        "unexpected keyword argument {name:?}; the options are {}",
        names.join(", ")
    ))
}
