//! `RateLimit`: the core's rate-limit state (`smtpprovider::RateLimit`) as a Python object, what
//! `client.rate_limit` and an error's `.rate_limit` hold.

use std::time::SystemTime;

use pyo3::prelude::*;

/// The rate limit as the client last knew it: `limit` calls per window, `remaining` in this one
/// (as the API's last answer said), and `reset`, when the window reopens (a UTC `datetime`: the
/// API's own after a 429, else the latest the window can end), or `None`.
#[pyclass(frozen, eq, module = "smtpprovider")]
#[derive(Clone, PartialEq)]
pub(crate) struct RateLimit {
    #[pyo3(get)]
    limit: u32,
    #[pyo3(get)]
    remaining: u32,
    #[pyo3(get)]
    reset: Option<SystemTime>,
}

impl From<smtpprovider::RateLimit> for RateLimit {
    fn from(state: smtpprovider::RateLimit) -> Self {
        RateLimit {
            limit: state.limit,
            remaining: state.remaining,
            reset: state.reset,
        }
    }
}

#[pymethods]
impl RateLimit {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let reset = self.reset.into_pyobject(py)?.repr()?;
        Ok(format!(
            "RateLimit(limit={}, remaining={}, reset={reset})",
            self.limit, self.remaining
        ))
    }
}
