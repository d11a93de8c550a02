//! `smtpprovider.testing.Sandbox`: the API emulator (`smtpprovider-sandbox`) started in-process,
//! for users' own tests. It runs on a thread and runtime of its own, serves real HTTP on
//! loopback, and offers the sandbox routes (outbox, DNS, clock, subscribers, faults, request log)
//! as methods that call the same code as the routes. Results are plain dicts, in the routes' JSON.

use std::net::{IpAddr, SocketAddr};

use pyo3::exceptions::PyOSError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};
use serde::Serialize;
use smtpprovider_sandbox::{
    AdminError, FaultSpec, OutboxFilter, SandboxConfig, SeedUser, Subscribers, TlsConfig,
};

use crate::async_client::AsyncClient;
use crate::client::Client;
use crate::{construct, errors, runtime};

/// The demo user every default sandbox has.
const DEMO_EMAIL: &str = "demo@example.com";
const DEMO_PASSWORD: &str = "demo-password";

/// A running sandbox; stopped by `stop()`, by leaving its `with` block, or when collected.
#[pyclass(module = "smtpprovider.testing", name = "Sandbox", subclass)]
pub(crate) struct Sandbox {
    inner: Option<smtpprovider_sandbox::Sandbox>,
}

/// `SandboxError`: a refused sandbox operation (`.status` 422, 404 or 410, as the route answers).
pub(crate) fn sandbox_error(py: Python<'_>, error: AdminError) -> PyErr {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let status = match &error {
        AdminError::Invalid(_) => 422,
        AdminError::NotFound(_) => 404,
        AdminError::Gone(_) => 410,
    };
    let class = CLASS.import(py, "smtpprovider._errors", "SandboxError");
    match class.and_then(|class| class.call1((error.to_string(), status))) {
        Ok(exception) => PyErr::from_value(exception),
        Err(broken_package) => broken_package,
    }
}

/// A sandbox result (`Serialize`) as Python dicts and lists.
pub(crate) fn to_python<'py, T: Serialize>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, value)?)
}

impl Sandbox {
    fn running(&self) -> PyResult<&smtpprovider_sandbox::Sandbox> {
        self.inner
            .as_ref()
            .ok_or_else(|| PyOSError::new_err("the sandbox is stopped"))
    }
}

#[pymethods]
impl Sandbox {
    /// Starts a sandbox on `host:port` (a free port by default) with the demo user
    /// (`demo@example.com` / `demo-password`) or the given `users` (`(email, password[, name])`).
    #[new]
    ///
    /// `rate_limit` is requests per window per token, 0 (the default) for none: a test sandbox is
    /// not throttled unless asked (`rate_limit=60` is the API's limit); `rate_limit_window` is
    /// the window in seconds (60, as the API's; shorter lets a test run in seconds).
    #[pyo3(signature = (*, users = None, rate_limit = 0, rate_limit_window = 60.0, host = "127.0.0.1", port = 0, dns = None, max_body_bytes = None, tls_cert_pem = None, tls_key_pem = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        users: Option<Vec<Vec<String>>>,
        rate_limit: u32,
        rate_limit_window: f64,
        host: &str,
        port: u16,
        dns: Option<&str>,
        max_body_bytes: Option<usize>,
        tls_cert_pem: Option<Vec<u8>>,
        tls_key_pem: Option<Vec<u8>>,
    ) -> PyResult<Self> {
        let mut config = SandboxConfig {
            rate_limit_per_minute: rate_limit,
            rate_limit_window: window(py, rate_limit_window)?,
            port,
            ..SandboxConfig::default()
        };
        config.host = host
            .parse::<IpAddr>()
            .map_err(|e| errors::invalid_input(py, None, format!("host {host:?}: {e}")))?;
        if let Some(users) = users {
            config.users = users
                .iter()
                .map(|user| seed_user(py, user))
                .collect::<PyResult<_>>()?;
        }
        if let Some(dns) = dns {
            config.dns = Some(
                dns.parse::<SocketAddr>()
                    .map_err(|e| errors::invalid_input(py, None, format!("dns {dns:?}: {e}")))?,
            );
        }
        if let Some(max_body_bytes) = max_body_bytes {
            config.max_body_bytes = max_body_bytes;
        }
        config.tls = match (tls_cert_pem, tls_key_pem) {
            (Some(cert_pem), Some(key_pem)) => Some(TlsConfig { cert_pem, key_pem }),
            (None, None) => None,
            _ => {
                return Err(errors::invalid_input(
                    py,
                    None,
                    "tls_cert_pem and tls_key_pem go together",
                ))
            }
        };
        let sandbox = py
            .detach(|| smtpprovider_sandbox::Sandbox::start(config))
            .map_err(|e| PyOSError::new_err(e.to_string()))?;
        Ok(Sandbox {
            inner: Some(sandbox),
        })
    }

    /// The demo user's email.
    #[classattr]
    const DEMO_EMAIL: &'static str = DEMO_EMAIL;

    /// The demo user's password.
    #[classattr]
    const DEMO_PASSWORD: &'static str = DEMO_PASSWORD;

    /// The API base URL, `http://127.0.0.1:PORT/api`.
    #[getter]
    fn base_url(&self) -> PyResult<String> {
        Ok(self.running()?.base_url().to_owned())
    }

    /// The server root; the sandbox routes are under `/_sandbox/`.
    #[getter]
    fn root_url(&self) -> PyResult<String> {
        Ok(self.running()?.root_url().to_owned())
    }

    /// The sandbox's own DNS server, `127.0.0.1:PORT` (UDP and TCP).
    #[getter]
    fn dns_addr(&self) -> PyResult<String> {
        Ok(self.running()?.dns_addr().to_string())
    }

    /// A `Client` logged in as `email` (the demo user by default).
    #[pyo3(signature = (email = DEMO_EMAIL, password = DEMO_PASSWORD, **options))]
    fn client(
        &self,
        py: Python<'_>,
        email: &str,
        password: &str,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<Client>> {
        let builder = self.login_builder(py, options)?;
        let client = runtime::block_on(py, async move { builder.login(email, password).await })?;
        Client::wrap(py, client.map_err(|error| errors::to_py(py, &error))?)
    }

    /// An `AsyncClient` logged in as `email` (the demo user by default); logs in before returning.
    #[pyo3(signature = (email = DEMO_EMAIL, password = DEMO_PASSWORD, **options))]
    fn async_client(
        &self,
        py: Python<'_>,
        email: &str,
        password: &str,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<AsyncClient>> {
        let builder = self.login_builder(py, options)?;
        // On the asyncio runtime, where this client's later calls find the login's connection.
        let client =
            runtime::block_on_tasks(py, async move { builder.login(email, password).await })?;
        AsyncClient::wrap(py, client.map_err(|error| errors::to_py(py, &error))?)
    }

    /// Messages "sent" so far (sender verification, welcome and campaign mail), oldest first.
    #[pyo3(signature = (*, to = None, kind = None, campaign_id = None))]
    fn outbox<'py>(
        &self,
        py: Python<'py>,
        to: Option<String>,
        kind: Option<&Bound<'py, PyAny>>,
        campaign_id: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let kind = kind
            .map(pythonize::depythonize)
            .transpose()
            .map_err(|e| errors::invalid_input(py, None, format!("kind: {e}")))?;
        let filter = OutboxFilter {
            to,
            kind,
            campaign_id,
        };
        let sandbox = self.running()?;
        to_python(py, &py.detach(|| sandbox.outbox(&filter)))
    }

    /// Empties the outbox.
    fn clear_outbox(&self) -> PyResult<()> {
        self.running()?.clear_outbox();
        Ok(())
    }

    /// Publishes a TXT record (e.g. a domain's DKIM key at its `host`).
    fn publish_dns<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        value: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let record = self
            .running()?
            .publish_dns(name, value)
            .map_err(|e| sandbox_error(py, e))?;
        to_python(py, &record)
    }

    /// Publishes a TXT record made of these character-strings.
    fn publish_dns_strings<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        values: Vec<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let record = self
            .running()?
            .publish_dns_strings(name, values)
            .map_err(|e| sandbox_error(py, e))?;
        to_python(py, &record)
    }

    /// Removes the TXT records at `name`; False when there were none.
    fn remove_dns(&self, name: &str) -> PyResult<bool> {
        Ok(self.running()?.remove_dns(name))
    }

    /// Every record of the sandbox's DNS zone.
    fn dns_records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.running()?.dns_records())
    }

    /// The sandbox clock: `{"now": "Y-m-d H:i:s", "offset_seconds": N}`.
    fn clock<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.running()?.clock())
    }

    /// Moves the clock; campaigns deliver up to the new time.
    fn advance_clock<'py>(&self, py: Python<'py>, seconds: i64) -> PyResult<Bound<'py, PyAny>> {
        let sandbox = self.running()?;
        let clock = py
            .detach(|| sandbox.advance_clock(seconds))
            .map_err(|e| sandbox_error(py, e))?;
        to_python(py, &clock)
    }

    /// Sets the clock to a `Y-m-d H:i:s` time; campaigns deliver up to it.
    fn set_clock<'py>(&self, py: Python<'py>, at: &str) -> PyResult<Bound<'py, PyAny>> {
        let sandbox = self.running()?;
        let clock = py
            .detach(|| sandbox.set_clock(at))
            .map_err(|e| sandbox_error(py, e))?;
        to_python(py, &clock)
    }

    /// Adds subscribers to a mailing list: these `emails`, or `count` generated addresses.
    #[pyo3(signature = (mailing_list_id, *, emails = None, count = None))]
    fn add_subscribers<'py>(
        &self,
        py: Python<'py>,
        mailing_list_id: u64,
        emails: Option<Vec<String>>,
        count: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let subscribers = match (emails, count) {
            (Some(emails), None) => Subscribers::Emails(emails),
            (None, Some(count)) => Subscribers::Count(count),
            _ => {
                return Err(errors::invalid_input(
                    py,
                    None,
                    "give either emails or count",
                ))
            }
        };
        let list = self
            .running()?
            .add_subscribers(mailing_list_id, subscribers)
            .map_err(|e| sandbox_error(py, e))?;
        to_python(py, &list)
    }

    /// Scripts a fault for the next `times` requests to `path` (relative to `/api`): `kind` is
    /// `"status"` (with `status`, `body`, `content_type`, `headers`), `"delay"` (`delay_ms`),
    /// `"truncate"` or `"drop"`.
    #[pyo3(signature = (path, kind, *, method = None, times = None, status = None, body = None, content_type = None, headers = None, delay_ms = None))]
    #[allow(clippy::too_many_arguments)]
    fn add_fault<'py>(
        &self,
        py: Python<'py>,
        path: &str,
        kind: &str,
        method: Option<&str>,
        times: Option<u32>,
        status: Option<u16>,
        body: Option<&Bound<'py, PyAny>>,
        content_type: Option<&str>,
        headers: Option<&Bound<'py, PyDict>>,
        delay_ms: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let spec = PyDict::new(py);
        spec.set_item("path", path)?;
        spec.set_item("kind", kind)?;
        // Only what was given: the fault's own defaults apply to the rest.
        if let Some(method) = method {
            spec.set_item("method", method)?;
        }
        if let Some(times) = times {
            spec.set_item("times", times)?;
        }
        if let Some(status) = status {
            spec.set_item("status", status)?;
        }
        if let Some(body) = body {
            spec.set_item("body", body)?;
        }
        if let Some(content_type) = content_type {
            spec.set_item("content_type", content_type)?;
        }
        if let Some(headers) = headers {
            spec.set_item("headers", headers)?;
        }
        if let Some(delay_ms) = delay_ms {
            spec.set_item("delay_ms", delay_ms)?;
        }
        let spec: FaultSpec = pythonize::depythonize(spec.as_any())
            .map_err(|e| errors::invalid_input(py, None, format!("fault: {e}")))?;
        let fault = self
            .running()?
            .add_fault(spec)
            .map_err(|e| sandbox_error(py, e))?;
        to_python(py, &fault)
    }

    /// Faults still pending.
    fn faults<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.running()?.faults())
    }

    /// Cancels every pending fault.
    fn clear_faults(&self) -> PyResult<()> {
        self.running()?.clear_faults();
        Ok(())
    }

    /// The `/api` requests received, all or those to `path`.
    #[pyo3(signature = (path = None))]
    fn requests<'py>(&self, py: Python<'py>, path: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.running()?.requests(path))
    }

    /// Empties the request log.
    fn clear_requests(&self) -> PyResult<()> {
        self.running()?.clear_requests();
        Ok(())
    }

    /// Back to the start: seeded users only (tokens revoked), clock, outbox, DNS, faults and
    /// request log emptied.
    fn reset(&self) -> PyResult<()> {
        self.running()?.reset();
        Ok(())
    }

    /// Creates a user (gone again after `reset()`); returns `{"id", "name", "email"}`.
    #[pyo3(signature = (email, password, name = None))]
    fn create_user<'py>(
        &self,
        py: Python<'py>,
        email: &str,
        password: &str,
        name: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let user = self
            .running()?
            .create_user(email, password, name)
            .map_err(|e| sandbox_error(py, e))?;
        to_python(py, &user)
    }

    /// The running configuration: `{"rate_limit", "rate_limit_window_ms", "max_body_bytes", "dns"}`.
    fn config<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.running()?.config())
    }

    /// Changes the rate limit (requests per window per token; 0 turns it off).
    fn set_rate_limit<'py>(&self, py: Python<'py>, per_minute: u32) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.running()?.set_rate_limit(per_minute))
    }

    /// Changes the rate limit's window, in seconds.
    fn set_rate_limit_window<'py>(
        &self,
        py: Python<'py>,
        seconds: f64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let window = window(py, seconds)?;
        to_python(py, &self.running()?.set_rate_limit_window(window))
    }

    /// Stops the server (idempotent).
    fn stop(&mut self, py: Python<'_>) {
        if let Some(sandbox) = self.inner.take() {
            // Stopping joins the server thread; let other Python threads run meanwhile.
            py.detach(move || drop(sandbox));
        }
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_exc_info))]
    fn __exit__(&mut self, py: Python<'_>, _exc_info: &Bound<'_, PyTuple>) {
        self.stop(py);
    }

    fn __repr__(&self) -> String {
        match &self.inner {
            Some(sandbox) => format!("Sandbox(base_url={:?})", sandbox.base_url()),
            None => "Sandbox(stopped)".to_owned(),
        }
    }
}

impl Sandbox {
    /// What logging in on this sandbox starts from.
    fn login_builder(
        &self,
        py: Python<'_>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<smtpprovider::ClientBuilder> {
        let base_url = self.running()?.base_url().to_owned();
        let builder = construct::login_builder(py, Some(base_url), options)?;
        crate::logging::refresh(py);
        Ok(builder)
    }
}

/// `(email, password)` or `(email, password, name)`; the name defaults to the email's local part.
fn seed_user(py: Python<'_>, user: &[String]) -> PyResult<SeedUser> {
    let (email, password, name) = match user {
        [email, password] => (email, password, email.split('@').next().unwrap_or(email)),
        [email, password, name] => (email, password, name.as_str()),
        _ => {
            return Err(errors::invalid_input(
                py,
                None,
                "a user is (email, password) or (email, password, name)",
            ))
        }
    };
    Ok(SeedUser {
        email: email.clone(),
        password: password.clone(),
        name: name.to_owned(),
    })
}

/// A rate-limit window of `seconds`: at least a millisecond.
fn window(py: Python<'_>, seconds: f64) -> PyResult<std::time::Duration> {
    std::time::Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|window| window.as_millis() >= 1)
        .ok_or_else(|| {
            errors::invalid_input(
                py,
                None,
                format!("rate_limit_window must be at least 0.001 seconds, not {seconds}"),
            )
        })
}
