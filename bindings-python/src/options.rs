//! Client options as Python keyword arguments: `Client(base_url, timeout=10.0, max_retries=3, ...)`.
//!
//! The options are the core's table (`smtpprovider::OPTIONS`); this module only converts each kind
//! of value: durations are seconds as floats (as in `httpx` and `requests`), counts and sizes
//! `int`, flags `bool`, text `str`, and PEM certificates `str` or `bytes` or a sequence of them
//! (the annotations, `OptionKind::python_type`, are the core's, which the stubs use too). Every
//! constructor (`Client(...)`, `Client.login`, `Client.from_env`, their async twins and the
//! sandbox's `client()`) takes the same `**options`; `with_options` takes the rows marked
//! per-call. `CLIENT_OPTIONS` and `CALL_OPTIONS` list them with their Python types, for
//! introspection and `help()`.

use std::time::Duration;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use smtpprovider::{
    option, ClientBuilder, ClientSettings, OptionInfo, OptionKind, OptionValue, RequestOptions,
};

use crate::errors;

/// The keyword options of the constructors (all but `base_url`, which is a parameter of its
/// own), or of `with_options` (`per_call`), with their Python types.
pub(crate) fn option_types(per_call: bool) -> Vec<(&'static str, &'static str)> {
    smtpprovider::keyword_options(per_call)
        .map(|row| (row.name, row.kind.python_type()))
        .collect()
}

/// Applies `options` (a `**kwargs` dict) to `builder`. An unknown name is a `TypeError`, as for
/// any Python function; a value the core cannot use (a negative timeout) is `InvalidInputError`.
pub(crate) fn client_builder(
    py: Python<'_>,
    builder: ClientBuilder,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<ClientBuilder> {
    let mut settings = ClientSettings::default();
    for (row, value) in rows(options, false)? {
        settings
            .set(row.name, value_of(py, row, &value)?)
            .map_err(|e| errors::to_py(py, &e))?;
    }
    Ok(builder.settings(settings))
}

/// `with_options(**options)` as the core's per-call `RequestOptions`.
pub(crate) fn request_options(
    py: Python<'_>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<RequestOptions> {
    let mut result = RequestOptions::new();
    for (row, value) in rows(options, true)? {
        result
            .set(row.name, value_of(py, row, &value)?)
            .map_err(|e| errors::to_py(py, &e))?;
    }
    Ok(result)
}

/// Each keyword of `options` with its row of the table; a name that is not an option here is a
/// `TypeError` listing the ones that are.
fn rows<'py>(
    options: Option<&Bound<'py, PyDict>>,
    per_call: bool,
) -> PyResult<Vec<(&'static OptionInfo, Bound<'py, PyAny>)>> {
    let Some(options) = options else {
        return Ok(Vec::new());
    };
    let known = option_types(per_call);
    let mut found = Vec::with_capacity(options.len());
    for (key, value) in options.iter() {
        let name = key.cast::<PyString>()?.to_cow()?;
        match option(&name).filter(|row| known.iter().any(|(known, _)| *known == row.name)) {
            Some(row) => found.push((row, value)),
            None => {
                let names: Vec<&str> = known.iter().map(|(name, _)| *name).collect();
                return Err(PyTypeError::new_err(format!(
                    "unexpected keyword argument {name:?}; the options are {}",
                    names.join(", ")
                )));
            }
        }
    }
    Ok(found)
}

/// A Python value as the core's value of the row's kind.
fn value_of(py: Python<'_>, row: &OptionInfo, value: &Bound<'_, PyAny>) -> PyResult<OptionValue> {
    Ok(match row.kind {
        OptionKind::Duration => OptionValue::Duration(seconds(py, row.name, value)?),
        OptionKind::Count => OptionValue::Count(value.extract()?),
        OptionKind::Bytes => OptionValue::Bytes(value.extract()?),
        OptionKind::Flag => OptionValue::Flag(value.extract()?),
        OptionKind::Pem => OptionValue::Text(pem_text(py, value)?),
        _ => OptionValue::Text(value.extract()?),
    })
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

/// PEM certificates given as text, bytes, or a sequence of either: one bundle of text.
fn pem_text(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<String> {
    let one = |value: &Bound<'_, PyAny>| -> PyResult<String> {
        if let Ok(bytes) = value.cast::<PyBytes>() {
            return String::from_utf8(bytes.as_bytes().to_vec()).map_err(|_| {
                errors::invalid_input(
                    py,
                    None,
                    "root_certificates: PEM is ASCII text, these bytes are not",
                )
            });
        }
        value.extract::<String>()
    };
    if value.is_instance_of::<PyString>() || value.is_instance_of::<PyBytes>() {
        return one(value);
    }
    let mut bundle = String::new();
    for pem in value.try_iter()? {
        bundle.push_str(&one(&pem?)?);
        bundle.push('\n');
    }
    Ok(bundle)
}
