//! What `Client` and `AsyncClient` share: building the core client from Python arguments, and
//! the settings they show (`base_url`, `user_id`, `token`, `user`, `repr()`).

use pyo3::prelude::*;
use pyo3::types::PyDict;
use smtpprovider::ClientBuilder;

use crate::connection::Connection;
use crate::errors;
use crate::options;

/// `Client(token=..., user_id=..., base_url=..., **options)`: no request is made.
pub(crate) fn from_arguments(
    py: Python<'_>,
    token: Option<String>,
    user_id: Option<u64>,
    base_url: Option<String>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<smtpprovider::Client> {
    let mut builder = with_base_url(base_url);
    if let Some(token) = token {
        builder = builder.token(token);
    }
    if let Some(user_id) = user_id {
        builder = builder.user_id(user_id);
    }
    let builder = options::client_builder(py, builder, options)?;
    builder.build().map_err(|error| errors::to_py(py, &error))
}

/// `Client.from_env(**options)`: `SMTPPROVIDER_BASE_URL`, `SMTPPROVIDER_TOKEN`, `SMTPPROVIDER_USER_ID`.
pub(crate) fn from_env(
    py: Python<'_>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<smtpprovider::Client> {
    let builder = ClientBuilder::from_env().map_err(|error| errors::to_py(py, &error))?;
    let builder = options::client_builder(py, builder, options)?;
    builder.build().map_err(|error| errors::to_py(py, &error))
}

/// The builder `login` starts from: the base URL and the options.
pub(crate) fn login_builder(
    py: Python<'_>,
    base_url: Option<String>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<ClientBuilder> {
    options::client_builder(py, with_base_url(base_url), options)
}

/// A builder with `base_url=`, or with none: the core then reads `SMTPPROVIDER_BASE_URL`, and
/// refuses a client with neither (`InvalidInputError` naming both), as in every language.
fn with_base_url(base_url: Option<String>) -> ClientBuilder {
    match base_url {
        Some(base_url) => ClientBuilder::new().base_url(base_url),
        None => ClientBuilder::new(),
    }
}

/// `with_options(**options)`: a client sharing this one's pool and session, with other timing
/// or retry settings.
pub(crate) fn with_options(
    py: Python<'_>,
    connection: &mut Connection,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<smtpprovider::Client> {
    let request_options = options::request_options(py, options)?;
    Ok(connection.current(py)?.with_options(request_options))
}

/// `repr()` of a client: its class, base URL and user id, never the token.
pub(crate) fn repr(class: &str, connection: &Connection) -> String {
    match connection.peek() {
        Some(client) => match client.user_id() {
            Some(user_id) => format!(
                "{class}(base_url={:?}, user_id={user_id})",
                client.base_url()
            ),
            None => format!("{class}(base_url={:?}, logged_in=False)", client.base_url()),
        },
        None => format!("{class}(closed)"),
    }
}

/// The settings a client shows, read from a connection that may be closed.
pub(crate) fn base_url(connection: &Connection) -> Option<String> {
    connection.peek().map(|client| client.base_url().to_owned())
}

/// The session's user id.
pub(crate) fn user_id(connection: &Connection) -> Option<u64> {
    connection.peek().and_then(|client| client.user_id())
}

/// The bearer token, to store for a later `Client(token=..., user_id=..., base_url=...)`.
pub(crate) fn token(connection: &Connection) -> Option<String> {
    connection
        .peek()
        .and_then(|client| client.token())
        .map(|token| token.expose().to_owned())
}

/// The logged-in user (a `User` model), when the client was made by logging in.
pub(crate) fn user(connection: &Connection) -> Option<smtpprovider::User> {
    connection.peek().and_then(|client| client.user()).cloned()
}

/// What the server said to the client's last call that got an answer.
pub(crate) fn last_response(connection: &Connection) -> Option<crate::response_info::ResponseInfo> {
    connection
        .peek()
        .and_then(|client| client.last_response())
        .map(Into::into)
}

/// The rate limit as the client's token last knew it.
pub(crate) fn rate_limit(connection: &Connection) -> Option<crate::rate_limit::RateLimit> {
    connection
        .peek()
        .and_then(|client| client.rate_limit())
        .map(Into::into)
}
