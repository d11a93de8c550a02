//! `NativeClient`: one core client, and the one generic call every generated method goes
//! through (`call("domains.add", '{"domain_name":"example.com"}')` → the result's JSON text).

use std::sync::RwLock;

use napi::bindgen_prelude::PromiseRaw;
use napi::Env;
use napi_derive::napi;
use serde_json::Value;
use smtpprovider::{Client, ClientBuilder, JsonText};

use crate::answer::Answered;
use crate::errors;
use crate::guard::{guarded, Tickets};
use crate::options::{call_options, client_builder, JsOptions};
use crate::settle::spawn_settled;

/// A session with the API (the generated `Client` class wraps it).
#[napi]
pub struct NativeClient {
    /// `None` once closed.
    client: RwLock<Option<Client>>,
    tickets: Tickets,
}

impl NativeClient {
    fn wrap(client: Client) -> Self {
        NativeClient {
            client: RwLock::new(Some(client)),
            tickets: Tickets::default(),
        }
    }

    /// The core client to call with (a cheap clone); refused once closed.
    fn current(&self) -> napi::Result<Client> {
        let guard = self.client.read().unwrap_or_else(|p| p.into_inner());
        guard
            .clone()
            .ok_or_else(|| errors::invalid_input("the client is closed"))
    }

    fn peek<T>(&self, read: impl FnOnce(&Client) -> T) -> Option<T> {
        let guard = self.client.read().unwrap_or_else(|p| p.into_inner());
        guard.as_ref().map(read)
    }
}

fn parse_args(call: &str, args: &str) -> napi::Result<Value> {
    serde_json::from_str(args)
        .map_err(|e| errors::invalid_input(format!("{call}: the arguments are not JSON: {e}")))
}

#[napi]
impl NativeClient {
    /// A client from a token and user id (or neither, for calls that need no session); the
    /// base URL falls back to `SMTPPROVIDER_BASE_URL`.
    #[napi(catch_unwind, constructor)]
    pub fn new(options: JsOptions) -> napi::Result<Self> {
        let builder = client_builder(options, ClientBuilder::new())?;
        let client = builder.build().map_err(|e| errors::from_core(&e))?;
        Ok(Self::wrap(client))
    }

    /// A client from `SMTPPROVIDER_BASE_URL`, `SMTPPROVIDER_TOKEN` and `SMTPPROVIDER_USER_ID`,
    /// with `options` on top.
    #[napi(catch_unwind, factory)]
    pub fn from_env(options: JsOptions) -> napi::Result<Self> {
        let builder = ClientBuilder::from_env().map_err(|e| errors::from_core(&e))?;
        let builder = client_builder(options, builder)?;
        let client = builder.build().map_err(|e| errors::from_core(&e))?;
        Ok(Self::wrap(client))
    }

    /// Makes the call `call` (a table id) with `args` (JSON text keyed by the table's argument
    /// names) and resolves with the server's answer as a line of JSON and the result's JSON text
    /// (`[answer, result]`, see [`crate::answer`]).
    #[napi(catch_unwind, ts_return_type = "Promise<[string | null, string]>")]
    pub fn call<'env>(
        &self,
        env: &'env Env,
        call: String,
        args: String,
        options: JsOptions,
    ) -> napi::Result<PromiseRaw<'env, Vec<Option<String>>>> {
        let name = call.clone();
        // A refused option rejects the Promise, as any other failure of the call does.
        let (overrides, ticket) = match call_options(options) {
            Ok((overrides, ticket)) => (Ok(overrides), ticket),
            Err(refused) => (Err(refused), None),
        };
        let prepared = (|| -> napi::Result<(Client, Value)> {
            // A handle of the call's own, so that the answer read after it is this call's.
            let client = self.current()?.with_options(overrides?.unwrap_or_default());
            Ok((client, parse_args(&call, &args)?))
        })();
        let work = async move {
            let (client, args) = prepared?;
            match client.call_json_text(&call, &args).await {
                Ok(result) => Ok(Answered::new(result, client.last_response().as_ref())),
                Err(error) => Err(errors::from_call(&error, client.last_response().as_ref())),
            }
        };
        match ticket {
            Some(ticket) => {
                let work = self.tickets.cancellable(ticket, name, work);
                spawn_settled(env, guarded("call", work))
            }
            None => spawn_settled(env, guarded("call", work)),
        }
    }

    /// Cancels the call given this ticket: its request is dropped and its Promise rejects.
    #[napi(catch_unwind)]
    pub fn cancel(&self, ticket: u32) {
        self.tickets.cancel(ticket);
    }

    /// Drops the client and its connection pool; calls in flight finish, later ones are refused.
    #[napi(catch_unwind)]
    pub fn close(&self) {
        let mut guard = self.client.write().unwrap_or_else(|p| p.into_inner());
        *guard = None;
    }

    /// The base URL in use; `null` once closed.
    #[napi(catch_unwind, getter)]
    pub fn base_url(&self) -> Option<String> {
        self.peek(|client| client.base_url().to_owned())
    }

    /// The session's user id; `null` without a session.
    #[napi(catch_unwind, getter)]
    pub fn user_id(&self) -> Option<f64> {
        self.peek(|client| client.user_id().map(|id| id as f64))
            .flatten()
    }

    /// The bearer token (to keep a session for later: `new Client({ token, userId })`);
    /// `null` without a session.
    #[napi(catch_unwind, getter)]
    pub fn token(&self) -> Option<String> {
        self.peek(|client| client.token().map(|token| token.expose().to_owned()))
            .flatten()
    }

    /// The rate limit as the token last knew it, as JSON text (`{"limit", "remaining", "reset"}`,
    /// `reset` in epoch milliseconds); `null` when unknown.
    #[napi(catch_unwind, getter)]
    pub fn rate_limit_json(&self) -> Option<String> {
        self.peek(|client| {
            let state = crate::answer::RateLimitJson::from(client.rate_limit()?);
            serde_json::to_string(&state).ok()
        })
        .flatten()
    }

    /// The logged-in user as JSON text (`{"id", "name", "email"}`); `null` when unknown.
    #[napi(catch_unwind, getter)]
    pub fn user_json(&self) -> Option<String> {
        self.peek(|client| {
            client
                .user()
                .and_then(|user| serde_json::to_string(user).ok())
        })
        .flatten()
    }
}

/// Logs in (`args` is `{"email", "password"}` as JSON text) and resolves with the new client.
#[napi]
pub async fn login(args: String, options: JsOptions) -> napi::Result<NativeClient> {
    guarded("client.login", async move {
        let builder = client_builder(options, ClientBuilder::new())?;
        let args = parse_args("client.login", &args)?;
        let client = builder
            .login_json(&args)
            .await
            .map_err(|e| errors::from_core(&e))?;
        Ok(NativeClient::wrap(client))
    })
    .await
}

/// Panics, so that the test suite can prove no panic crashes Node: in the Promise's future under
/// the guard every call runs under (`inFuture`: the Promise rejects), or at once in the sync
/// part, which `catch_unwind` turns into a thrown `Error`. An empty `message` does not panic.
#[napi(
    catch_unwind,
    js_name = "__panicForTesting",
    ts_return_type = "Promise<[string | null, string]>"
)]
pub fn panic_for_testing<'env>(
    env: &'env Env,
    message: String,
    in_future: bool,
) -> napi::Result<PromiseRaw<'env, Vec<Option<String>>>> {
    if !in_future && !message.is_empty() {
        panic!("{message}");
    }
    spawn_settled(
        env,
        guarded("__panicForTesting", async move {
            if !message.is_empty() {
                panic!("{message}");
            }
            Ok(Answered::new(JsonText::from(message), None))
        }),
    )
}
