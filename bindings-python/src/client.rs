//! The blocking `Client`: each call drives its request on the calling thread (`runtime::block_on`)
//! with the GIL released for the whole network round trip, so calls from several Python threads
//! run in parallel.
//!
//! The resource classes (`Domains`, `Senders`, ...) and the `_ClientBase` they hang off are
//! generated from the endpoint table (see `generate.rs`); this file adds the constructors and
//! settings.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::connection::Connection;
use crate::construct;
use crate::errors;
use crate::runtime;
// The table names result types by their bare names (`Vec<Domain>`).
use smtpprovider::models::*;

smtpprovider::for_each_endpoint!(blocking_resources);

/// The SMTPProvider client (blocking).
///
/// `Client.login(email, password, base_url=...)` logs in; `Client(token=..., user_id=...,
/// base_url=...)` reuses a saved token; without `base_url`, `SMTPPROVIDER_BASE_URL` is used.
/// `Client.from_env()` reads all of `SMTPPROVIDER_*`. Calls are grouped by resource:
/// `client.domains.add("example.com")`. Usable as a context manager (closes the pool).
#[pyclass(module = "smtpprovider._native", extends = ClientBase)]
pub(crate) struct Client;

impl Client {
    /// A new Python `Client` driving `client`.
    pub(crate) fn wrap(py: Python<'_>, client: smtpprovider::Client) -> PyResult<Py<Client>> {
        Py::new(py, Self::initializer(client))
    }

    fn initializer(client: smtpprovider::Client) -> PyClassInitializer<Client> {
        PyClassInitializer::from(ClientBase {
            connection: Connection::new(client),
        })
        .add_subclass(Client)
    }
}

#[pymethods]
impl Client {
    /// A client for `base_url` (else `SMTPPROVIDER_BASE_URL`), with a token and user id saved from
    /// an earlier login (or none: calls then raise `AuthenticationError`). Nothing is sent.
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

    /// Logs in with an email and password at `base_url` (else `SMTPPROVIDER_BASE_URL`); the
    /// client keeps the token and user id, not the password.
    #[staticmethod]
    #[pyo3(signature = (email, password, *, base_url = None, **options))]
    fn login(
        py: Python<'_>,
        email: String,
        password: String,
        base_url: Option<String>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<Client>> {
        let builder = construct::login_builder(py, base_url, options)?;
        crate::logging::refresh(py);
        let client = runtime::block_on(py, async move { builder.login(&email, &password).await })?;
        Self::wrap(py, client.map_err(|error| errors::to_py(py, &error))?)
    }

    /// A client from `SMTPPROVIDER_BASE_URL`, `SMTPPROVIDER_TOKEN` and `SMTPPROVIDER_USER_ID`.
    #[staticmethod]
    #[pyo3(signature = (**options))]
    fn from_env(py: Python<'_>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Py<Client>> {
        Self::wrap(py, construct::from_env(py, options)?)
    }

    /// A client with other timing or retry settings (`timeout`, `deadline`, `max_retries`,
    /// `retry_non_idempotent`), sharing this one's connection pool and session.
    #[pyo3(signature = (**options))]
    fn with_options(
        mut slf: PyRefMut<'_, Self>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<Client>> {
        let py = slf.py();
        let client = construct::with_options(py, &mut slf.as_super().connection, options)?;
        Self::wrap(py, client)
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_exc_info))]
    fn __exit__(mut slf: PyRefMut<'_, Self>, _exc_info: &Bound<'_, PyTuple>) {
        slf.as_super().close();
    }

    fn __repr__(slf: PyRef<'_, Self>) -> String {
        construct::repr("Client", &slf.as_super().connection)
    }
}
