//! The core's [`smtpprovider::Error`] as a Python exception.
//!
//! The exception classes are plain Python (`smtpprovider/_errors.py`: one subclass of
//! `SmtpProviderError` per kind, easy to read and to type); this module picks the class by the
//! error's kind and fills in what the error knows. It never sees a credential: the core's errors
//! carry none.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};
use smtpprovider::{Error, ErrorKind};

/// The Python module holding the exception classes.
const ERRORS_MODULE: &str = "smtpprovider._errors";

/// The exception class of `kind`, imported once.
fn exception_class(py: Python<'_>, kind: ErrorKind) -> PyResult<Bound<'_, PyType>> {
    static CLASSES: PyOnceLock<Vec<Py<PyType>>> = PyOnceLock::new();
    let classes = CLASSES.get_or_try_init(py, || {
        let module = py.import(ERRORS_MODULE)?;
        ErrorKind::ALL
            .iter()
            .map(|kind| {
                Ok(module
                    .getattr(kind.class_name())?
                    .cast_into::<PyType>()?
                    .unbind())
            })
            .collect::<PyResult<Vec<_>>>()
    })?;
    let index = ErrorKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    Ok(classes[index].bind(py).clone())
}

/// The Python exception for a core error: its class by kind, `str()` the core's message, and
/// `.status`, `.endpoint`, `.messages`, `.retry_after` (seconds), `.rate_limit`, `.headers`,
/// `.field_path`, `.body_excerpt`, `.location`.
pub(crate) fn to_py(py: Python<'_>, error: &Error) -> PyErr {
    match build(py, error) {
        Ok(exception) => exception,
        // Only if the package is broken (the classes cannot be imported): say so, with the error.
        Err(import_failure) => import_failure,
    }
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let class = exception_class(py, error.kind())?;
    let context = error.context();
    let kwargs = PyDict::new(py);
    kwargs.set_item("status", context.status)?;
    kwargs.set_item("endpoint", context.endpoint)?;
    kwargs.set_item("messages", &context.messages)?;
    kwargs.set_item("retry_after", context.retry_after.map(|d| d.as_secs_f64()))?;
    kwargs.set_item(
        "rate_limit",
        context.rate_limit.map(crate::rate_limit::RateLimit::from),
    )?;
    let headers = PyDict::new(py);
    for (name, value) in &context.headers {
        headers.set_item(name, value)?;
    }
    kwargs.set_item("headers", headers)?;
    kwargs.set_item("field_path", context.field_path.as_deref())?;
    kwargs.set_item("body_excerpt", context.body_excerpt.as_deref())?;
    kwargs.set_item("location", context.location.as_deref())?;
    let exception = class.call((error.to_string(),), Some(&kwargs))?;
    Ok(PyErr::from_value(exception))
}

/// An `InvalidInputError` raised by the binding itself (an argument Python could not hand to the
/// core, a closed client), worded like the core's own.
pub(crate) fn invalid_input(
    py: Python<'_>,
    endpoint: Option<&'static str>,
    detail: impl Into<String>,
) -> PyErr {
    let error = Error::new(
        ErrorKind::InvalidInput,
        smtpprovider::ErrorContext {
            endpoint,
            detail: Some(detail.into()),
            ..Default::default()
        },
    );
    to_py(py, &error)
}
