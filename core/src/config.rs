//! Client configuration: [`ClientBuilder`] and per-call [`RequestOptions`].

use std::time::Duration;

use crate::error::{Error, ErrorKind, Result};
use crate::proxies::ProxyUrl;
use crate::secret::Secret;

/// How one call is timed and retried. Copied into every client handle, so per-call overrides
/// ([`crate::Client::with_options`]) cost nothing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CallPolicy {
    pub(crate) timeout: Duration,
    pub(crate) deadline: Duration,
    pub(crate) max_retries: u32,
    pub(crate) retry_non_idempotent: bool,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) max_retry_after: Duration,
    pub(crate) wait_for_rate_limit: bool,
}

impl Default for CallPolicy {
    fn default() -> Self {
        CallPolicy {
            timeout: Duration::from_secs(30),
            deadline: Duration::from_secs(90),
            max_retries: 2,
            retry_non_idempotent: false,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            wait_for_rate_limit: true,
        }
    }
}

/// Per-call overrides of the client's timing and retry settings; `None` keeps the client's value.
///
/// ```no_run
/// # async fn demo(client: smtpprovider::Client) -> smtpprovider::Result<()> {
/// use std::time::Duration;
/// use smtpprovider::RequestOptions;
/// let patient = client.with_options(RequestOptions::new().timeout(Duration::from_secs(120)).max_retries(5));
/// let domains = patient.domains().list().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RequestOptions {
    /// Time limit of one attempt (sending and reading the whole response).
    pub timeout: Option<Duration>,
    /// Time limit of the whole call, retries and waits included.
    pub deadline: Option<Duration>,
    /// How many times a failed attempt may be retried.
    pub max_retries: Option<u32>,
    /// Retry POSTs even when they may have been processed (the API has no idempotency keys).
    pub retry_non_idempotent: Option<bool>,
    /// Wait for the rate limit's window to reopen (else fail at once with `RateLimited`).
    pub wait_for_rate_limit: Option<bool>,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets [`RequestOptions::timeout`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
    /// Sets [`RequestOptions::deadline`].
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }
    /// Sets [`RequestOptions::max_retries`].
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }
    /// Sets [`RequestOptions::retry_non_idempotent`].
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = Some(retry);
        self
    }
    /// Sets [`RequestOptions::wait_for_rate_limit`].
    pub fn wait_for_rate_limit(mut self, wait: bool) -> Self {
        self.wait_for_rate_limit = Some(wait);
        self
    }

    pub(crate) fn apply(&self, policy: CallPolicy) -> CallPolicy {
        CallPolicy {
            timeout: self.timeout.unwrap_or(policy.timeout),
            deadline: self.deadline.unwrap_or(policy.deadline),
            max_retries: self.max_retries.unwrap_or(policy.max_retries),
            retry_non_idempotent: self
                .retry_non_idempotent
                .unwrap_or(policy.retry_non_idempotent),
            wait_for_rate_limit: self
                .wait_for_rate_limit
                .unwrap_or(policy.wait_for_rate_limit),
            ..policy
        }
    }
}

/// Builds a [`crate::Client`] (or, with [`ClientBuilder::build_blocking`], a
/// [`crate::blocking::Client`]).
///
/// ```no_run
/// # async fn demo() -> smtpprovider::Result<()> {
/// use std::time::Duration;
/// let client = smtpprovider::Client::builder()
///     .base_url("https://smtp.example.net/api")
///     .token("1|plain-text-token")
///     .user_id(123)
///     .timeout(Duration::from_secs(10))
///     .max_retries(3)
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    pub(crate) base_url: Option<String>,
    pub(crate) token: Option<Secret>,
    pub(crate) user_id: Option<u64>,
    pub(crate) policy: CallPolicy,
    pub(crate) connect_timeout: Duration,
    pub(crate) root_certificates_pem: Vec<Vec<u8>>,
    pub(crate) proxy: Option<ProxyUrl>,
    pub(crate) user_agent: String,
    pub(crate) allow_insecure_http: bool,
    pub(crate) max_response_bytes: usize,
    pub(crate) pace_requests: bool,
    pub(crate) rate_limit_window: Duration,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            token: None,
            user_id: None,
            policy: CallPolicy::default(),
            connect_timeout: Duration::from_secs(10),
            root_certificates_pem: Vec::new(),
            proxy: None,
            user_agent: crate::user_agent::default_user_agent(),
            allow_insecure_http: false,
            max_response_bytes: 32 * 1024 * 1024,
            pace_requests: true,
            rate_limit_window: Duration::from_secs(60),
        }
    }
}

/// The environment variables [`ClientBuilder::from_env`] reads.
pub const ENV_BASE_URL: &str = "SMTPPROVIDER_BASE_URL";
/// See [`ENV_BASE_URL`].
pub const ENV_TOKEN: &str = "SMTPPROVIDER_TOKEN";
/// See [`ENV_BASE_URL`].
pub const ENV_USER_ID: &str = "SMTPPROVIDER_USER_ID";

impl ClientBuilder {
    /// A builder with the defaults: 30 s per attempt, 90 s per call, 2 retries, 32 MiB responses.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder holding `SMTPPROVIDER_BASE_URL`, `SMTPPROVIDER_TOKEN` and `SMTPPROVIDER_USER_ID`
    /// (all three required).
    pub fn from_env() -> Result<Self> {
        let read = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| {
                    Error::local(
                        ErrorKind::InvalidInput,
                        None,
                        format!("environment variable {name} is not set"),
                    )
                })
        };
        let base_url = read(ENV_BASE_URL)?;
        let token = read(ENV_TOKEN)?;
        let user_id = read(ENV_USER_ID)?.trim().parse::<u64>().map_err(|_| {
            Error::local(
                ErrorKind::InvalidInput,
                None,
                format!("{ENV_USER_ID} is not a positive integer"),
            )
        })?;
        Ok(Self::new().base_url(base_url).token(token).user_id(user_id))
    }

    /// The API's base URL, e.g. `https://smtp.example.net/api`; without it, `SMTPPROVIDER_BASE_URL`
    /// is used, and a client with neither is refused (`InvalidInput`).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }
    /// A bearer token from an earlier login.
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.token = Some(token.into());
        self
    }
    /// The token's user id (required with a token).
    pub fn user_id(mut self, user_id: u64) -> Self {
        self.user_id = Some(user_id);
        self
    }
    /// Time limit of one attempt (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.policy.timeout = timeout;
        self
    }
    /// Time limit of a whole call, retries included (default 90 s).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.policy.deadline = deadline;
        self
    }
    /// Time limit of opening a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }
    /// How many times a failed attempt may be retried (default 2).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.policy.max_retries = max_retries;
        self
    }
    /// Retry POSTs even when they may have been processed (default off: the API has no idempotency keys).
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.policy.retry_non_idempotent = retry;
        self
    }
    /// The backoff between retries: `min(initial · 2^n, max)`, less up to 25 % jitter
    /// (default 0.5 s and 8 s).
    pub fn backoff(self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff(initial).max_backoff(max)
    }
    /// The first pause between retries (default 0.5 s); see [`ClientBuilder::backoff`].
    pub fn initial_backoff(mut self, initial: Duration) -> Self {
        self.policy.initial_backoff = initial;
        self
    }
    /// The longest pause between retries (default 8 s); see [`ClientBuilder::backoff`].
    pub fn max_backoff(mut self, max: Duration) -> Self {
        self.policy.max_backoff = max;
        self
    }
    /// Trusts this PEM certificate (or bundle) as a root, besides the operating system's store
    /// and the certificates `SSL_CERT_FILE` and `SSL_CERT_DIR` name (read when the client is
    /// built; see `src/trust.rs`).
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates_pem.push(pem.into());
        self
    }
    /// Sends every request through this proxy: `http://`, `https://` (TLS to the proxy itself),
    /// `socks5://` or `socks5h://` (the proxy resolves the host), with `user:password@` if it asks
    /// for credentials; another scheme is `InvalidInput` when the client is built. The proxy
    /// environment variables and system settings are then ignored. Without it,
    /// `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY` (either case, curl's rules) and, on macOS
    /// and Windows, the system's proxy settings apply, read when the client is built, loopback
    /// hosts included unless `NO_PROXY` lists them (tested in `tests/proxies.rs`).
    pub fn proxy(mut self, proxy_url: impl Into<String>) -> Self {
        self.proxy = Some(ProxyUrl(proxy_url.into()));
        self
    }
    /// The `User-Agent` header (default `smtpprovider-<binding>/<version> (<runtime>; <os> <arch>)`,
    /// `smtpprovider-rust/<version> (<os> <arch>)` from Rust: see [`crate::identify_binding`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }
    /// Allows `http://` to hosts other than loopback (default off: the token would travel in clear).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }
    /// The largest response body accepted (default 32 MiB); a larger one is a `Decode` error.
    pub fn max_response_bytes(mut self, max: u64) -> Self {
        // Beyond the address space, no limit is reached before memory runs out anyway.
        self.max_response_bytes = usize::try_from(max).unwrap_or(usize::MAX);
        self
    }

    /// Keeps under the API's rate limit (default on): a call the window's budget does not cover
    /// waits for the window to reopen, within its deadline, instead of being sent and refused
    /// with a 429 (see `src/pacing.rs`). Every client of the token in the process shares the
    /// budget. Off, calls go out as they come and a 429 is retried after its `Retry-After`.
    pub fn pace_requests(mut self, pace: bool) -> Self {
        self.pace_requests = pace;
        self
    }
    /// Whether a call waits for the rate limit's window to reopen (default) or fails at once
    /// with `RateLimited`, nothing sent, when pacing finds the budget spent.
    pub fn wait_for_rate_limit(mut self, wait: bool) -> Self {
        self.policy.wait_for_rate_limit = wait;
        self
    }
    /// The length of the API's rate-limit window, which pacing assumes (default 60 s, as
    /// Laravel's `throttle:60,1`): the API says how many calls a window allows, not when it began.
    pub fn rate_limit_window(mut self, window: Duration) -> Self {
        self.rate_limit_window = window;
        self
    }

    /// The base URL (given, else `SMTPPROVIDER_BASE_URL`), checked: `https`, or `http` to a
    /// loopback host (or with [`ClientBuilder::allow_insecure_http`]); returned without a
    /// trailing `/`.
    pub(crate) fn checked_base_url(&self) -> Result<String> {
        let from_env = || std::env::var(ENV_BASE_URL).ok();
        check_base_url(
            &base_url_or_env(self.base_url.as_deref(), from_env)?,
            self.allow_insecure_http,
        )
    }
}

/// The base URL given, else `SMTPPROVIDER_BASE_URL` (as `env` reads it); every binding's
/// `base_url=None` ends here, so the fallback and its error are the same in each language.
fn base_url_or_env(explicit: Option<&str>, env: impl FnOnce() -> Option<String>) -> Result<String> {
    match explicit {
        Some(base_url) => Ok(base_url.to_owned()),
        None => env()
            .filter(|value| !value.trim().is_empty())
            .ok_or_else(|| {
                Error::local(
                    ErrorKind::InvalidInput,
                    None,
                    format!("no base URL: give base_url or set {ENV_BASE_URL}"),
                )
            }),
    }
}

/// `raw` checked: `https`, or `http` to a loopback host (or when `allow_insecure_http`);
/// returned without a trailing `/`.
fn check_base_url(raw: &str, allow_insecure_http: bool) -> Result<String> {
    let invalid = |detail: String| Error::local(ErrorKind::InvalidInput, None, detail);
    let parsed = url::Url::parse(raw).map_err(|e| {
        // A URL that does not parse may still hold `user:password@`.
        let shown = if raw.contains('@') {
            "(not shown)".to_owned()
        } else {
            format!("{raw:?}")
        };
        invalid(format!("base URL {shown}: {e}"))
    })?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        // Not echoed: the URL holds a password.
        return Err(invalid(
            "the base URL must not carry credentials (user:password@); the API takes a token"
                .to_owned(),
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid(format!(
            "base URL {raw:?} must not have a query or fragment"
        )));
    }
    match parsed.scheme() {
            "https" => {}
            "http" if allow_insecure_http || is_loopback(&parsed) => {}
            "http" => {
                return Err(invalid(format!(
                    "base URL {raw:?} is plain http to a non-loopback host; use https or allow_insecure_http(true)"
                )))
            }
            other => return Err(invalid(format!("base URL {raw:?}: unsupported scheme {other:?}"))),
        }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// Whether the URL's host is this machine (`localhost`, 127.0.0.0/8, `::1`).
pub(crate) fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost" || domain.ends_with(".localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(url: &str) -> Result<String> {
        ClientBuilder::new().base_url(url).checked_base_url()
    }

    #[test]
    fn https_and_loopback_http_are_accepted() {
        assert_eq!(
            checked("https://api.example.com/api/").unwrap(),
            "https://api.example.com/api"
        );
        assert_eq!(
            checked("http://127.0.0.1:8025/api").unwrap(),
            "http://127.0.0.1:8025/api"
        );
        assert_eq!(
            checked("http://localhost:1/api").unwrap(),
            "http://localhost:1/api"
        );
        assert_eq!(checked("http://[::1]:1/api").unwrap(), "http://[::1]:1/api");
    }

    #[test]
    fn plain_http_elsewhere_needs_the_opt_in() {
        let err = checked("http://api.example.com/api").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        let allowed = ClientBuilder::new()
            .base_url("http://api.example.com/api")
            .allow_insecure_http(true);
        assert!(allowed.checked_base_url().is_ok());
    }

    #[test]
    fn malformed_base_urls_are_refused() {
        for bad in [
            "",
            "api.example.com",
            "ftp://api.example.com",
            "https://u:p@api.example.com",
            "https://h/api?x=1",
        ] {
            assert_eq!(
                checked(bad).unwrap_err().kind(),
                ErrorKind::InvalidInput,
                "{bad}"
            );
        }
    }

    #[test]
    fn without_a_base_url_the_environment_s_is_used_and_neither_is_refused() {
        fn env(value: Option<&'static str>) -> impl FnOnce() -> Option<String> {
            move || value.map(str::to_owned)
        }
        let given = base_url_or_env(
            Some("https://a.example/api"),
            env(Some("https://b.example/api")),
        );
        assert_eq!(
            given.unwrap(),
            "https://a.example/api",
            "an explicit one wins"
        );
        let fallback = base_url_or_env(None, env(Some("https://b.example/api")));
        assert_eq!(fallback.unwrap(), "https://b.example/api");
        for unset in [None, Some(""), Some("  ")] {
            let err = base_url_or_env(None, env(unset)).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput);
            let message = err.to_string();
            assert!(
                message.contains("base_url") && message.contains(ENV_BASE_URL),
                "{message}"
            );
        }
    }

    #[test]
    fn request_options_override_only_what_they_set() {
        let base = CallPolicy::default();
        let policy = RequestOptions::new()
            .max_retries(0)
            .timeout(Duration::from_secs(1))
            .apply(base);
        assert_eq!(policy.max_retries, 0);
        assert_eq!(policy.timeout, Duration::from_secs(1));
        assert_eq!(policy.deadline, base.deadline);
        assert_eq!(policy.retry_non_idempotent, base.retry_non_idempotent);
    }
}
