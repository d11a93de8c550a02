//! The async [`Client`] and its resource handles, generated from the endpoint table.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::HeaderValue;

use crate::attempt_timer::AttemptTimers;
use crate::call::Call;
use crate::config::{CallPolicy, ClientBuilder, RequestOptions};
use crate::endpoints::{EndpointInfo, LOGIN};
use crate::envelope;
use crate::error::{Error, ErrorContext, ErrorKind, Result};
use crate::last_response::{LastResponse, ResponseInfo};
use crate::lenient::Lenient;
use crate::models::*;
use crate::pacing::{Pacer, RateLimit, LONGEST_WINDOW};
use crate::secret::Secret;
use crate::send::SendLoop;
use crate::transport::{self, RawResponse};
use crate::validate;

/// The async SMTPProvider client.
///
/// Cheap to clone (one `Arc`): clones share the connection pool, the session and the record of
/// [`Client::last_response`]. `Send + Sync`. Calls are grouped by resource: `client.domains().add("example.com").await`.
///
/// ```no_run
/// # async fn demo() -> smtpprovider::Result<()> {
/// let client = smtpprovider::Client::login("https://smtp.example.net/api", "me@example.com", "secret").await?;
/// let domain = client.domains().add("example.com").await?;
/// println!("publish {} at {}", domain.public_key.unwrap_or_default(), domain.host.unwrap_or_default());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
    policy: CallPolicy,
    /// This handle's last answer (its clones share it; `with_options` makes a new one).
    last_response: Arc<LastResponse>,
}

/// What every clone of a client shares.
struct Shared {
    http: transport::HttpClient,
    /// The transport settings (no credentials), to open a separate pool for a blocking client.
    transport: ClientBuilder,
    base_url: String,
    /// `base_url` parsed once: each call's URL is this with its path and query set, which spares
    /// parsing (host, IDNA and all) a URL string per call.
    base: url::Url,
    max_response_bytes: usize,
    session: Option<SessionState>,
    timers: AttemptTimers,
}

/// The credentials protected calls send.
#[derive(Clone)]
struct SessionState {
    /// `Bearer <token>`, marked sensitive so that hyper redacts it in their `Debug`.
    authorization: HeaderValue,
    token: Secret,
    user_id: u64,
    user: Option<User>,
    /// The token's rate-limit budget, shared with every client of the token in the process;
    /// `None` when the client does not pace its calls.
    pacer: Option<Arc<Pacer>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.shared.base_url)
            .field("user_id", &self.user_id())
            .field("token", &self.token())
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Builds the client. Without a token it can only [`ClientBuilder::login`]-style log in;
    /// protected calls then fail with `Authentication` before sending anything.
    pub fn build(self) -> Result<Client> {
        let base_url = self.checked_base_url()?;
        if self.rate_limit_window.is_zero() || self.rate_limit_window > LONGEST_WINDOW {
            return Err(Error::local(
                ErrorKind::InvalidInput,
                None,
                "rate_limit_window must be more than 0 and at most a day",
            ));
        }
        let base = url::Url::parse(&base_url)
            .map_err(|e| Error::local(ErrorKind::InvalidInput, None, format!("base URL: {e}")))?;
        let http = transport::http_client(&self)?;
        let session = match (self.token.clone(), self.user_id) {
            (Some(token), Some(user_id)) => Some(session_state(
                token,
                user_id,
                None,
                pacing(&self, &base_url),
            )?),
            (None, None) => None,
            _ => {
                return Err(Error::local(
                    ErrorKind::InvalidInput,
                    None,
                    "a token needs its user id and a user id needs its token",
                ))
            }
        };
        let transport = ClientBuilder {
            token: None,
            user_id: None,
            ..self
        };
        let shared = Shared {
            http,
            transport,
            base_url,
            base,
            max_response_bytes: self.max_response_bytes,
            session,
            timers: AttemptTimers::default(),
        };
        Ok(Client {
            shared: Arc::new(shared),
            policy: self.policy,
            last_response: Arc::default(),
        })
    }

    /// Builds the client and logs in: the token endpoint's token and user id are kept,
    /// the password is not.
    pub async fn login(self, email: &str, password: &str) -> Result<Client> {
        let anonymous = ClientBuilder {
            token: None,
            user_id: None,
            ..self
        }
        .build()?;
        let session = anonymous.create_session(email, password).await?;
        anonymous.with_session(session)
    }
}

/// Where a session of `builder`'s clients takes its rate-limit budget: the base URL and the
/// window, when they pace their calls.
fn pacing<'a>(builder: &ClientBuilder, base_url: &'a str) -> Option<(&'a str, Duration)> {
    builder
        .pace_requests
        .then_some((base_url, builder.rate_limit_window))
}

fn session_state(
    token: Secret,
    user_id: u64,
    user: Option<User>,
    pacing: Option<(&str, Duration)>,
) -> Result<SessionState> {
    let invalid = |detail: &str| Error::local(ErrorKind::InvalidInput, None, detail);
    if token.is_blank() {
        return Err(invalid("the token is empty"));
    }
    validate::positive_id("client", "user_id", user_id)?;
    let mut authorization = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
        .map_err(|_| invalid("the token holds characters a header cannot carry"))?;
    authorization.set_sensitive(true);
    let pacer = pacing.map(|(base_url, window)| Pacer::for_token(base_url, token.expose(), window));
    Ok(SessionState {
        authorization,
        token,
        user_id,
        user,
        pacer,
    })
}

impl Client {
    /// A builder for every option (timeouts, retries, TLS roots, proxy, ...).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// Logs in with an email and password and returns a client holding the token.
    /// Fails with `Authentication` on bad credentials.
    pub async fn login(base_url: impl Into<String>, email: &str, password: &str) -> Result<Client> {
        ClientBuilder::new()
            .base_url(base_url)
            .login(email, password)
            .await
    }

    /// A client from `SMTPPROVIDER_BASE_URL`, `SMTPPROVIDER_TOKEN` and `SMTPPROVIDER_USER_ID`.
    pub fn from_env() -> Result<Client> {
        ClientBuilder::from_env()?.build()
    }

    /// A handle with other timing or retry settings for the calls made through it; it shares
    /// everything else (pool, session, rate-limit budget) with this one but keeps its own
    /// [`Client::last_response`] (`with_options(RequestOptions::default())` makes a handle for
    /// that alone).
    pub fn with_options(&self, options: RequestOptions) -> Client {
        Client {
            shared: Arc::clone(&self.shared),
            policy: options.apply(self.policy),
            last_response: Arc::default(),
        }
    }

    /// The base URL calls go to (without a trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The session's user id, sent as `user_id` with every protected call.
    pub fn user_id(&self) -> Option<u64> {
        self.shared.session.as_ref().map(|s| s.user_id)
    }

    /// The logged-in user, when the client was made by logging in.
    pub fn user(&self) -> Option<&User> {
        self.shared.session.as_ref().and_then(|s| s.user.as_ref())
    }

    /// The bearer token (to store for a later [`ClientBuilder::token`]); `Debug` redacts it.
    pub fn token(&self) -> Option<&Secret> {
        self.shared.session.as_ref().map(|s| &s.token)
    }

    fn sender(&self) -> SendLoop<'_> {
        SendLoop {
            http: &self.shared.http,
            timers: &self.shared.timers,
            policy: self.policy,
            max_response_bytes: self.shared.max_response_bytes,
            pacer: None,
        }
    }

    async fn create_session(&self, email: &str, password: &str) -> Result<Session> {
        validate::email(LOGIN.id, "email", email)?;
        validate::non_empty(LOGIN.id, "password", password)?;
        let mut call = Call::new(&LOGIN);
        call.text("email", email);
        call.text("password", password);
        let prepared = call.prepare(&self.shared.base, None)?;
        let response = self.sender().send(&LOGIN, &prepared, None).await?;
        envelope::decode_session(&LOGIN, &response)
    }

    fn with_session(&self, session: Session) -> Result<Client> {
        let pacing = pacing(&self.shared.transport, &self.shared.base_url);
        let state = session_state(session.token, session.user.id, Some(session.user), pacing)?;
        Ok(self.replace_shared(self.shared.http.clone(), Some(state)))
    }

    /// The same client (session, settings) on a connection pool of its own. A pooled connection
    /// is driven by the runtime that opened it, so the blocking client, which runs on its own
    /// runtime, must not reuse connections a caller's runtime opened (that deadlocks when the
    /// caller's runtime is the blocked thread).
    pub(crate) fn with_own_pool(&self) -> Result<Client> {
        let http = transport::http_client(&self.shared.transport)?;
        Ok(self.replace_shared(http, self.shared.session.clone()))
    }

    fn replace_shared(&self, http: transport::HttpClient, session: Option<SessionState>) -> Client {
        let shared = Shared {
            http,
            transport: self.shared.transport.clone(),
            base_url: self.shared.base_url.clone(),
            base: self.shared.base.clone(),
            max_response_bytes: self.shared.max_response_bytes,
            session,
            timers: AttemptTimers::default(),
        };
        Client {
            shared: Arc::new(shared),
            policy: self.policy,
            last_response: Arc::default(),
        }
    }

    /// Sends an authenticated call and decodes its result.
    async fn execute<T: Lenient>(&self, call: Call) -> Result<T> {
        let info: &'static EndpointInfo = call.info;
        self.call_authenticated(call, |response| envelope::decode(info, response))
            .await
    }

    /// Sends an authenticated call (retrying as its policy allows) and decodes the answer with
    /// `decode` (`call_json` decodes it as its caller asked). A failure, sending or decoding (a
    /// 429 is decoded into `RateLimited`), carries the token's rate-limit state.
    pub(crate) async fn call_authenticated<R>(
        &self,
        call: Call,
        decode: impl FnOnce(&RawResponse) -> Result<R>,
    ) -> Result<R> {
        let info: &'static EndpointInfo = call.info;
        let session = self.shared.session.as_ref().ok_or_else(|| {
            Error::local(
                ErrorKind::Authentication,
                Some(info.id),
                "no token: log in, or build the client with a token and user id",
            )
        })?;
        let prepared = call.prepare(&self.shared.base, Some(session.user_id))?;
        let sender = SendLoop {
            pacer: session.pacer.as_deref(),
            ..self.sender()
        };
        let pacer_state = || session.pacer.as_ref().and_then(|pacer| pacer.state());
        match sender
            .send(info, &prepared, Some(&session.authorization))
            .await
        {
            Ok(response) => {
                let decoded = decode(&response);
                let estimated_reset = pacer_state().and_then(|state| state.reset);
                let stated = self.last_response.record(info, response, estimated_reset);
                // Paced, the budget as the pacer knows it; else what the answer said.
                decoded.map_err(|error| error.with_rate_limit(pacer_state().or(stated)))
            }
            Err(error) if session.pacer.is_some() => Err(error.with_rate_limit(pacer_state())),
            Err(error) => Err(error),
        }
    }

    /// What the server said to the last call made through this handle that got an answer: the
    /// call, the HTTP status, the headers and the rate limit the answer stated. `None` before any.
    /// Clones share it; a failed call's error carries the same of its own. With calls in flight
    /// at once through one handle it is the last to finish: give each task its own handle with
    /// [`Client::with_options`].
    ///
    /// ```no_run
    /// # async fn demo(client: smtpprovider::Client) -> smtpprovider::Result<()> {
    /// let domains = client.domains().list().await?;
    /// if let Some(response) = client.last_response() {
    ///     println!("{} domains, HTTP {}, {:?}", domains.len(), response.status, response.rate_limit);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn last_response(&self) -> Option<ResponseInfo> {
        self.last_response.get()
    }

    /// The rate limit as this client's token last knew it (every client of the token in the
    /// process shares it): the limit, what remains of the window and when it reopens. `None`
    /// before any answer carried the API's rate-limit headers, or when the client does not pace.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.shared.session.as_ref()?.pacer.as_ref()?.state()
    }
}

/// The table callback for this client's handles (see `endpoint_args.rs`).
macro_rules! define_async_resources {
    ($($table:tt)*) => { define_resource_handles! { async; $($table)* } };
}

crate::for_each_endpoint!(define_async_resources);

impl Domains<'_> {
    /// Polls [`Domains::verify`] every `interval` until the domain is verified or `timeout` has
    /// passed. Returns the verifying answer, or a `Timeout` error carrying the last answer's message.
    /// A zero `interval` is `InvalidInput`, before anything is sent (the helper's declaration,
    /// [`crate::helpers::WAIT_VERIFIED`]).
    ///
    /// ```no_run
    /// # async fn demo(client: smtpprovider::Client) -> smtpprovider::Result<()> {
    /// use std::time::Duration;
    /// let done = client.domains().wait_verified("example.com", Duration::from_secs(300), Duration::from_secs(10)).await?;
    /// assert!(done.verified);
    /// # Ok(()) }
    /// ```
    pub async fn wait_verified(
        &self,
        domain_name: &str,
        timeout: Duration,
        interval: Duration,
    ) -> Result<DomainVerification> {
        let helper = &crate::helpers::WAIT_VERIFIED;
        helper.arg("interval").check(helper.id, interval)?;
        // Elapsed time is compared rather than an `Instant` deadline, which `Duration::MAX` would overflow.
        let started = Instant::now();
        loop {
            let answer = self.verify(domain_name).await?;
            if answer.verified {
                return Ok(answer);
            }
            if started.elapsed().saturating_add(interval) > timeout {
                return Err(Error::new(
                    ErrorKind::Timeout,
                    ErrorContext {
                        endpoint: Some(helper.id),
                        messages: answer.message.into_iter().collect(),
                        detail: Some(format!("not verified within {:.1}s", timeout.as_secs_f64())),
                        ..ErrorContext::default()
                    },
                ));
            }
            tokio::time::sleep(interval).await;
        }
    }
}
