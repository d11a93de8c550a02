//! The [`Client`] object: how a client is made (token, login, environment), its options, and the
//! generic JSON call. The per-endpoint methods live on the resource objects ([`crate::resources`]).

use std::sync::Arc;
use std::time::Duration;

use smtpprovider::{ClientBuilder, ClientSettings, User};

use crate::error::{invalid_input, SmtpProviderError};

/// How a client connects, times and retries its calls; every field left `null`/`nil` keeps the
/// core's default (30 s per attempt, 90 s per call, 2 retries).
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct ClientOptions {
    /// The API's base URL, e.g. `https://smtp.example.net/api`; without it `SMTPPROVIDER_BASE_URL`
    /// is used, and with neither the client is refused (`InvalidInput`).
    #[uniffi(default)]
    pub base_url: Option<String>,
    /// Time limit of one attempt, in milliseconds.
    #[uniffi(default)]
    pub timeout_ms: Option<u64>,
    /// Time limit of a whole call, retries included, in milliseconds.
    #[uniffi(default)]
    pub deadline_ms: Option<u64>,
    /// Time limit of opening a connection, in milliseconds.
    #[uniffi(default)]
    pub connect_timeout_ms: Option<u64>,
    /// How many times a failed attempt may be retried.
    #[uniffi(default)]
    pub max_retries: Option<u32>,
    /// Retry POSTs even when they may have been processed (the API has no idempotency keys).
    #[uniffi(default)]
    pub retry_non_idempotent: Option<bool>,
    /// Allow `http://` to hosts other than loopback (the token would travel in clear).
    #[uniffi(default)]
    pub allow_insecure_http: Option<bool>,
    /// Send every request through this proxy: `http://`, `https://`, `socks5://` or `socks5h://`,
    /// with `user:password@` if it asks for credentials (another scheme is `InvalidInput`).
    /// Without it `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (either case) apply,
    /// read when the client is built.
    #[uniffi(default)]
    pub proxy: Option<String>,
    /// A PEM certificate (or bundle) to trust as a root, besides the operating system's store and
    /// the certificates `SSL_CERT_FILE` and `SSL_CERT_DIR` name.
    #[uniffi(default)]
    pub root_certificates: Option<String>,
    /// The `User-Agent` header.
    #[uniffi(default)]
    pub user_agent: Option<String>,
    /// The largest response body accepted, in bytes (default 32 MiB); a larger one is a
    /// `Decode` error, refused as soon as it passes the limit.
    #[uniffi(default)]
    pub max_response_bytes: Option<u64>,
}

/// Per-call overrides for [`Client::with_options`]; `null`/`nil` keeps the client's value.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct RequestOptions {
    /// Time limit of one attempt, in milliseconds.
    #[uniffi(default)]
    pub timeout_ms: Option<u64>,
    /// Time limit of the whole call, in milliseconds.
    #[uniffi(default)]
    pub deadline_ms: Option<u64>,
    /// How many times a failed attempt may be retried.
    #[uniffi(default)]
    pub max_retries: Option<u32>,
    /// Retry POSTs even when they may have been processed.
    #[uniffi(default)]
    pub retry_non_idempotent: Option<bool>,
}

impl ClientOptions {
    /// These options on top of `builder`.
    pub(crate) fn apply(self, builder: ClientBuilder) -> ClientBuilder {
        let ms = |millis: Option<u64>| millis.map(Duration::from_millis);
        builder.settings(ClientSettings {
            base_url: self.base_url,
            timeout: ms(self.timeout_ms),
            deadline: ms(self.deadline_ms),
            connect_timeout: ms(self.connect_timeout_ms),
            max_retries: self.max_retries,
            retry_non_idempotent: self.retry_non_idempotent,
            root_certificates: self.root_certificates.map(String::into_bytes),
            proxy: self.proxy,
            user_agent: self.user_agent,
            allow_insecure_http: self.allow_insecure_http,
            max_response_bytes: self
                .max_response_bytes
                .map(|max| usize::try_from(max).unwrap_or(usize::MAX)),
        })
    }
}

/// The SMTPProvider client. Calls are grouped by resource: `client.domains().add("example.com")`.
/// Cheap to share between threads and coroutines; `close()` (Kotlin) or dropping it frees it,
/// from any thread.
#[derive(uniffi::Object)]
pub struct Client {
    pub(crate) inner: smtpprovider::Client,
}

impl Client {
    pub(crate) fn wrap(inner: smtpprovider::Client) -> Arc<Client> {
        Arc::new(Client { inner })
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Client {
    /// A client holding a token from an earlier login and its user id.
    #[uniffi::constructor(default(options = None))]
    pub fn new(
        token: String,
        user_id: u64,
        options: Option<ClientOptions>,
    ) -> Result<Arc<Client>, SmtpProviderError> {
        let builder = new_builder().token(token).user_id(user_id);
        let client = options.unwrap_or_default().apply(builder).build()?;
        Ok(Client::wrap(client))
    }

    /// A client without a session, for the base URL and options alone: its protected calls fail
    /// with `Authentication` before sending anything (log in, or use a token, to make them).
    #[uniffi::constructor(default(options = None))]
    pub fn anonymous(options: Option<ClientOptions>) -> Result<Arc<Client>, SmtpProviderError> {
        let client = options.unwrap_or_default().apply(new_builder()).build()?;
        Ok(Client::wrap(client))
    }

    /// Logs in with an email and password; the client keeps the token and user id, not the
    /// password. Bad credentials are an `Authentication` error.
    #[uniffi::constructor(default(options = None))]
    pub async fn login(
        email: String,
        password: String,
        options: Option<ClientOptions>,
    ) -> Result<Arc<Client>, SmtpProviderError> {
        let builder = options.unwrap_or_default().apply(new_builder());
        let client = crate::runtime::run(async move { builder.login(&email, &password).await });
        Ok(Client::wrap(client.await?))
    }

    /// A client from `SMTPPROVIDER_BASE_URL`, `SMTPPROVIDER_TOKEN` and `SMTPPROVIDER_USER_ID`,
    /// with these options on top.
    #[uniffi::constructor(default(options = None))]
    pub fn from_env(options: Option<ClientOptions>) -> Result<Arc<Client>, SmtpProviderError> {
        let builder = options
            .unwrap_or_default()
            .apply(identified(ClientBuilder::from_env)?);
        Ok(Client::wrap(builder.build()?))
    }

    /// A client sharing this one's connections and session, with other timing or retry
    /// settings for the calls made through it.
    pub fn with_options(&self, options: RequestOptions) -> Arc<Client> {
        let ms = Duration::from_millis;
        let mut overrides = smtpprovider::RequestOptions::new();
        overrides.timeout = options.timeout_ms.map(ms);
        overrides.deadline = options.deadline_ms.map(ms);
        overrides.max_retries = options.max_retries;
        overrides.retry_non_idempotent = options.retry_non_idempotent;
        Client::wrap(self.inner.with_options(overrides))
    }

    /// The base URL calls go to (without a trailing `/`).
    pub fn base_url(&self) -> String {
        self.inner.base_url().to_owned()
    }

    /// The session's user id, sent as `user_id` with every protected call.
    pub fn user_id(&self) -> Option<u64> {
        self.inner.user_id()
    }

    /// The bearer token, to store for a later `Client(token, userId)`.
    pub fn token(&self) -> Option<String> {
        self.inner.token().map(|token| token.expose().to_owned())
    }

    /// The logged-in user, when the client was made by logging in.
    pub fn user(&self) -> Option<User> {
        self.inner.user().cloned()
    }

    /// Any call of the endpoint table by its id (`domains.add`) with its arguments as a JSON
    /// object keyed by the table's argument names; answers with the result's JSON text, in the
    /// API's shape. The typed methods are the usual way; this serves tools and the shared
    /// scenarios.
    pub async fn call_json(
        &self,
        call: String,
        args_json: String,
    ) -> Result<String, SmtpProviderError> {
        let args: serde_json::Value = serde_json::from_str(&args_json)
            .map_err(|e| invalid_input(format!("{call}: the arguments are not JSON: {e}")))?;
        let client = self.inner.clone();
        let text = crate::runtime::run(async move { client.call_json_text(&call, &args).await });
        Ok(text.await?.into_string())
    }
}

/// A builder whose default `User-Agent` names this binding's language.
fn new_builder() -> ClientBuilder {
    identified(ClientBuilder::new)
}

/// `make`'s builder, made once the core knows the language it serves: Swift in the XCFramework
/// (feature `swift`, set by `scripts/build-xcframework.sh`), Kotlin everywhere else (the JVM
/// artifacts, the AAR). One library cannot tell which language loaded it.
fn identified<T>(make: impl FnOnce() -> T) -> T {
    let language = if cfg!(feature = "swift") {
        "swift"
    } else {
        "kotlin"
    };
    smtpprovider::identify_binding(language, None);
    make()
}
