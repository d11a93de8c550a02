//! `ResponseInfo`: what the server said to a client's last call (`smtpprovider::ResponseInfo`) as
//! a Python object, what `client.last_response` holds.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::rate_limit::RateLimit;

/// What the server said to the last call made through a client that got an answer: `endpoint`
/// (e.g. `"domains.list"`), the HTTP `status`, the `headers` (lower-case names) and the
/// `rate_limit` the answer stated, or `None` when it stated none.
#[pyclass(frozen, module = "smtpprovider")]
pub(crate) struct ResponseInfo {
    #[pyo3(get)]
    endpoint: &'static str,
    #[pyo3(get)]
    status: u16,
    headers: Vec<(String, String)>,
    #[pyo3(get)]
    rate_limit: Option<RateLimit>,
}

impl From<smtpprovider::ResponseInfo> for ResponseInfo {
    fn from(answer: smtpprovider::ResponseInfo) -> Self {
        ResponseInfo {
            endpoint: answer.endpoint,
            status: answer.status,
            headers: answer.headers,
            rate_limit: answer.rate_limit.map(RateLimit::from),
        }
    }
}

#[pymethods]
impl ResponseInfo {
    /// The answer's headers, name to value, in the order received (a new `dict` each read).
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let headers = PyDict::new(py);
        for (name, value) in &self.headers {
            headers.set_item(name, value)?;
        }
        Ok(headers)
    }

    fn __repr__(&self) -> String {
        format!(
            "ResponseInfo(endpoint={:?}, status={})",
            self.endpoint, self.status
        )
    }
}
