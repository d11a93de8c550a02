//! The asyncio `AsyncClient`: each call returns a coroutine (`aio.rs`) whose request runs on the
//! shared tokio runtime; cancelling the awaiting task drops the request.
//!
//! The resource classes (`AsyncDomains`, ...) and `_AsyncClientBase` are generated from the
//! endpoint table (see `generate.rs`); this file adds the constructors and settings.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::aio;
use crate::connection::Connection;
use crate::construct;
use crate::reply::Reply;
// The table names result types by their bare names (`Vec<Domain>`).
use smtpprovider::models::*;

smtpprovider::for_each_endpoint!(asyncio_resources);

/// The SMTPProvider client for asyncio: the same calls as `Client`, each returning a coroutine.
///
/// `await AsyncClient.login(email, password, base_url=...)`; `AsyncClient(token=..., user_id=...,
/// base_url=...)`; without `base_url`, `SMTPPROVIDER_BASE_URL` is used; `AsyncClient.from_env()`.
/// Usable as `async with`.
#[pyclass(module = "smtpprovider._native", extends = AsyncClientBase)]
pub(crate) struct AsyncClient;

impl AsyncClient {
    fn initializer(client: smtpprovider::Client) -> PyClassInitializer<AsyncClient> {
        PyClassInitializer::from(AsyncClientBase {
            connection: Connection::new(client),
        })
        .add_subclass(AsyncClient)
    }

    pub(crate) fn wrap(py: Python<'_>, client: smtpprovider::Client) -> PyResult<Py<AsyncClient>> {
        Py::new(py, Self::initializer(client))
    }
}

/// A logged-in core client that becomes a Python `AsyncClient` once back under the GIL.
struct LoggedIn(smtpprovider::Client);

impl<'py> IntoPyObject<'py> for LoggedIn {
    type Target = AsyncClient;
    type Output = Bound<'py, AsyncClient>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        Bound::new(py, AsyncClient::initializer(self.0))
    }
}

#[pymethods]
impl AsyncClient {
    /// A client for `base_url` (else `SMTPPROVIDER_BASE_URL`), with a token and user id saved from
    /// an earlier login. Nothing is sent.
    #[new]
    #[pyo3(signature = (*, token = None, user_id = None, base_url = None, **options))]
    fn new(
        py: Python<'_>,
        token: Option<String>,
        user_id: Option<u64>,
        base_url: Option<String>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyClassInitializer<Self>> {
        Ok(Self::initializer(construct::from_arguments(
            py, token, user_id, base_url, options,
        )?))
    }

    /// Logs in with an email and password at `base_url` (else `SMTPPROVIDER_BASE_URL`); awaits to
    /// an `AsyncClient` holding the token.
    #[staticmethod]
    #[pyo3(signature = (email, password, *, base_url = None, **options))]
    fn login<'py>(
        py: Python<'py>,
        email: String,
        password: String,
        base_url: Option<String>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let builder = construct::login_builder(py, base_url, options)?;
        crate::logging::refresh(py);
        aio::coroutine(py, "AsyncClient.login", move || async move {
            Reply(builder.login(&email, &password).await.map(LoggedIn))
        })
    }

    /// A client from `SMTPPROVIDER_BASE_URL`, `SMTPPROVIDER_TOKEN` and `SMTPPROVIDER_USER_ID`.
    #[staticmethod]
    #[pyo3(signature = (**options))]
    fn from_env(py: Python<'_>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Py<AsyncClient>> {
        Self::wrap(py, construct::from_env(py, options)?)
    }

    /// A client with other timing or retry settings, sharing this one's pool and session.
    #[pyo3(signature = (**options))]
    fn with_options(
        mut slf: PyRefMut<'_, Self>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<AsyncClient>> {
        let py = slf.py();
        let client = construct::with_options(py, &mut slf.as_super().connection, options)?;
        Self::wrap(py, client)
    }

    fn __aenter__<'py>(slf: Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let this = slf.unbind();
        aio::coroutine(py, "AsyncClient.__aenter__", move || async move { this })
    }

    #[pyo3(signature = (*_exc_info))]
    fn __aexit__<'py>(
        mut slf: PyRefMut<'py, Self>,
        _exc_info: &Bound<'py, PyTuple>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        slf.as_super().close();
        aio::coroutine(py, "AsyncClient.__aexit__", || async {})
    }

    fn __repr__(slf: PyRef<'_, Self>) -> String {
        construct::repr("AsyncClient", &slf.as_super().connection)
    }
}
