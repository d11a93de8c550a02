//! The [`Client`] object: how a client is made (token, login, environment), its options, and the
//! generic JSON call. The per-endpoint methods live on the resource objects ([`crate::resources`]).

use std::sync::Arc;

use smtpprovider::{ClientBuilder, ClientSettings, User};

use crate::error::{invalid_input, SmtpProviderError};

/// The records of the core's option table (`smtpprovider::for_each_client_option!`): every
/// option in `ClientOptions`, the per-call ones in `RequestOptions`, each field optional and
/// typed as the core's (durations are `java.time.Duration` in Kotlin, `TimeInterval` in Swift).
macro_rules! option_records {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident : $kind:ident($ty:ty) => $method:ident, default $default:literal, $scope:ident;
    )*) => {
        /// How a client connects, times and retries its calls; every field left `null`/`nil`
        /// keeps the core's default (30 s per attempt, 90 s per call, 2 retries).
        #[derive(Debug, Clone, Default, uniffi::Record)]
        pub struct ClientOptions {
            $(
                $(#[doc = $doc])*
                #[uniffi(default)]
                pub $name: Option<$ty>,
            )*
        }

        impl ClientOptions {
            /// These options as the core's settings.
            pub(crate) fn settings(self) -> ClientSettings {
                ClientSettings { $($name: self.$name,)* }
            }
        }

        per_call_record! { [] [] $($(#[doc = $doc])* $name: $ty, $scope;)* }
    };
}

/// `RequestOptions`: the rows of `option_records!` marked `per_call`, gathered one row at a time.
macro_rules! per_call_record {
    ([$($field:tt)*] [$($name:ident)*]) => {
        /// Per-call overrides for [`Client::with_options`]; `null`/`nil` keeps the client's value.
        #[derive(Debug, Clone, Default, uniffi::Record)]
        pub struct RequestOptions {
            $($field)*
        }

        impl RequestOptions {
            /// These overrides as the core's.
            fn overrides(self) -> smtpprovider::RequestOptions {
                ClientSettings { $($name: self.$name,)* ..ClientSettings::default() }.request_options()
            }
        }
    };
    ([$($field:tt)*] [$($names:ident)*] $(#[doc = $doc:literal])* $name:ident: $ty:ty, per_call; $($rest:tt)*) => {
        per_call_record! {
            [$($field)* $(#[doc = $doc])* #[uniffi(default)] pub $name: Option<$ty>,]
            [$($names)* $name]
            $($rest)*
        }
    };
    ($fields:tt $names:tt $(#[doc = $doc:literal])* $name:ident: $ty:ty, client; $($rest:tt)*) => {
        per_call_record! { $fields $names $($rest)* }
    };
}

smtpprovider::for_each_client_option!(option_records);

impl ClientOptions {
    /// These options on top of `builder`.
    pub(crate) fn apply(self, builder: ClientBuilder) -> ClientBuilder {
        builder.settings(self.settings())
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
        Client::wrap(self.inner.with_options(options.overrides()))
    }

    /// The rate limit as the token last knew it (every client of the token in the process
    /// shares it): limit, remaining and when the window reopens; `null`/`nil` before an answer
    /// carried the API's rate-limit headers, or with `paceRequests = false`.
    pub fn rate_limit(&self) -> Option<smtpprovider::RateLimit> {
        self.inner.rate_limit()
    }

    /// What the server said to the last call made through this client that got an answer: the
    /// call, the HTTP status, the headers and the rate limit the answer stated; `null`/`nil`
    /// before any. A client from `withOptions` keeps its own, for reading one call's answer
    /// among many made at once.
    pub fn last_response(&self) -> Option<crate::ResponseInfo> {
        self.inner.last_response().map(Into::into)
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
