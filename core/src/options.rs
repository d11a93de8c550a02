//! The client's options, declared once: [`for_each_client_option!`](crate::for_each_client_option)
//! holds the table (name, what it holds, default, whether a call may override it, doc), and
//! everything else is expanded from it: [`OPTIONS`], the run-time rows that Python's keyword
//! arguments, Node's option objects, the generated TypeScript and Python types and the parity test
//! read; [`ClientSettings`], every option as a plain optional value applied to a
//! [`ClientBuilder`] in one go; and [`ClientSettings::set`], which a binding whose options arrive
//! by name (a Python `**kwargs`, a JS object) calls once it has converted the value by its kind.
//! uniffi's `ClientOptions` record is expanded from the same table in the uniffi crate.
//!
//! Adding a client option is one row here (with the [`ClientBuilder`] method it calls) and a run
//! of `cargo run -p smtpprovider-codegen`. A `per_call` row also needs its field in
//! [`RequestOptions`] (and [`ClientSettings::request_options`]), which a test holds to the table.

use std::time::Duration;

use crate::config::{ClientBuilder, RequestOptions};
use crate::error::{Error, ErrorKind, Result};

/// Calls `$callback!` with the option table. Each row:
///
/// ```text
/// /// doc
/// name: Kind(RustType) => builder_method, default "text", per_call;   // or `client`
/// ```
///
/// `per_call` options may also be set for one call or one `with_options` handle
/// ([`RequestOptions`]); `client` ones only when the client is made.
#[macro_export]
macro_rules! for_each_client_option {
    ($callback:ident) => {
        $callback! {
            /// The API's base URL, e.g. `https://smtp.example.net/api`; without it
            /// `SMTPPROVIDER_BASE_URL` is used, and with neither the client is refused (`InvalidInput`).
            base_url: Text(String) => base_url, default "$SMTPPROVIDER_BASE_URL", client;
            /// Time limit of one attempt (sending and reading the whole response).
            timeout: Duration(std::time::Duration) => timeout, default "30 s", per_call;
            /// Time limit of a whole call, retries and waits included.
            deadline: Duration(std::time::Duration) => deadline, default "90 s", per_call;
            /// Time limit of opening a connection (TCP, proxy and TLS handshakes).
            connect_timeout: Duration(std::time::Duration) => connect_timeout, default "10 s", client;
            /// How many times a failed attempt may be retried.
            max_retries: Count(u32) => max_retries, default "2", per_call;
            /// Retry POSTs even when they may have been processed (the API has no idempotency keys).
            retry_non_idempotent: Flag(bool) => retry_non_idempotent, default "false", per_call;
            /// The first pause between retries; each next one doubles, up to the longest pause, less up to
            /// 25 % jitter (a `Retry-After` from the server is followed instead).
            initial_backoff: Duration(std::time::Duration) => initial_backoff, default "0.5 s", client;
            /// The longest pause between retries.
            max_backoff: Duration(std::time::Duration) => max_backoff, default "8 s", client;
            /// A PEM certificate (or bundle) to trust as a root, besides the operating system's store
            /// and the certificates `SSL_CERT_FILE` and `SSL_CERT_DIR` name.
            root_certificates: Pem(String) => add_root_certificate_pem, default "none", client;
            /// Send every request through this proxy: `http://`, `https://`, `socks5://` or
            /// `socks5h://`, with `user:password@` if it asks for credentials. Without it
            /// `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` apply.
            proxy: Text(String) => proxy, default "from the environment", client;
            /// The `User-Agent` header.
            user_agent: Text(String) => user_agent, default "smtpprovider-<language>/<version> (<runtime>; <os> <arch>)", client;
            /// Allow `http://` to hosts other than loopback (the token would travel in clear).
            allow_insecure_http: Flag(bool) => allow_insecure_http, default "false", client;
            /// Keep under the API's rate limit: a call the window's budget does not cover waits for
            /// the window to reopen instead of being sent and refused with a 429. Off, calls are
            /// sent as they come and a 429 is retried after its `Retry-After`.
            pace_requests: Flag(bool) => pace_requests, default "true", client;
            /// When pacing finds the budget spent, wait for the window to reopen (within the
            /// call's deadline); off, the call fails at once with `RateLimited`, nothing sent.
            wait_for_rate_limit: Flag(bool) => wait_for_rate_limit, default "true", per_call;
            /// The length of the API's rate-limit window (Laravel's throttle counts per minute),
            /// which pacing assumes: the API says how many calls a window allows, not when it began.
            rate_limit_window: Duration(std::time::Duration) => rate_limit_window, default "60 s", client;
            /// The largest response body accepted, in bytes; a larger one is a `Decode` error,
            /// refused as soon as it passes the limit.
            max_response_bytes: Bytes(u64) => max_response_bytes, default "32 MiB", client;
        }
    };
}

/// What an option holds. Each language spells it its own way: a duration is seconds as a float in
/// Python and the CLI, milliseconds in Node, `java.time.Duration` in Kotlin and `TimeInterval` in
/// Swift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum OptionKind {
    /// A length of time.
    Duration,
    /// A small whole number (a count of retries).
    Count,
    /// A number of bytes.
    Bytes,
    /// On or off.
    Flag,
    /// Text.
    Text,
    /// PEM text: one or more certificates.
    Pem,
}

/// One row of the option table, for code that reads it at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionInfo {
    /// The option's name, snake_case (`max_retries`); each language cases it its own way.
    pub name: &'static str,
    /// What it holds.
    pub kind: OptionKind,
    /// The default, as the docs say it (`30 s`).
    pub default: &'static str,
    /// Whether a call (and `with_options`) may override it.
    pub per_call: bool,
    /// What it does.
    pub doc: &'static str,
}

impl OptionKind {
    /// The type of the option's keyword argument in Python (the stubs and `CLIENT_OPTIONS`).
    pub fn python_type(self) -> &'static str {
        match self {
            OptionKind::Duration => "float",
            OptionKind::Count | OptionKind::Bytes => "int",
            OptionKind::Flag => "bool",
            OptionKind::Pem => "str | bytes | Sequence[str | bytes]",
            OptionKind::Text => "str",
        }
    }
}

/// The options a language takes as keyword arguments: a constructor's (every option but
/// `base_url`, which is a parameter of its own) or, `per_call`, `with_options`'s.
pub fn keyword_options(per_call: bool) -> impl Iterator<Item = &'static OptionInfo> {
    OPTIONS
        .iter()
        .filter(move |row| row.name != "base_url" && (row.per_call || !per_call))
}

impl OptionInfo {
    /// The doc as one line of text (the table's doc comment joined).
    pub fn summary(&self) -> String {
        self.doc
            .split('\n')
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// An option's value, converted by a binding from its language according to the row's
/// [`OptionKind`] (`Pem` text arrives as `Text`).
#[derive(Debug, Clone, PartialEq)]
pub enum OptionValue {
    /// For [`OptionKind::Duration`].
    Duration(Duration),
    /// For [`OptionKind::Count`].
    Count(u32),
    /// For [`OptionKind::Bytes`].
    Bytes(u64),
    /// For [`OptionKind::Flag`].
    Flag(bool),
    /// For [`OptionKind::Text`] and [`OptionKind::Pem`].
    Text(String),
}

/// The option `name`, if there is one.
pub fn option(name: &str) -> Option<&'static OptionInfo> {
    OPTIONS.iter().find(|option| option.name == name)
}

/// A Rust type an option holds, taken out of the [`OptionValue`] that carries it (`Pem` text
/// arrives as `Text`, like any `String`).
trait OptionType: Sized {
    fn take(value: OptionValue) -> Option<Self>;
}

macro_rules! option_types {
    ($($ty:ty => $variant:ident),*) => {$(
        impl OptionType for $ty {
            fn take(value: OptionValue) -> Option<Self> {
                match value {
                    OptionValue::$variant(v) => Some(v),
                    _ => None,
                }
            }
        }
    )*};
}

option_types!(Duration => Duration, u32 => Count, u64 => Bytes, bool => Flag, String => Text);

macro_rules! __per_call {
    (per_call) => {
        true
    };
    (client) => {
        false
    };
}

macro_rules! expand_options {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident : $kind:ident($ty:ty) => $method:ident, default $default:literal, $scope:ident;
    )*) => {
        /// Every client option, in the table's order.
        pub const OPTIONS: &[OptionInfo] = &[$(
            OptionInfo {
                name: stringify!($name),
                kind: OptionKind::$kind,
                default: $default,
                per_call: __per_call!($scope),
                doc: concat!($($doc, "\n"),*),
            },
        )*];

        /// Every client option, `None` keeping the builder's value.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct ClientSettings {
            $(
                $(#[doc = $doc])*
                pub $name: Option<$ty>,
            )*
        }

        impl ClientSettings {
            /// Sets the option `name` from a value a binding converted by the row's kind. An
            /// unknown name or a value of another kind is `InvalidInput`.
            pub fn set(&mut self, name: &str, value: OptionValue) -> Result<()> {
                match name {
                    $(stringify!($name) => {
                        self.$name = Some(<$ty as OptionType>::take(value).ok_or_else(|| wrong_kind(name))?);
                    })*
                    _ => return Err(unknown_option(name)),
                }
                Ok(())
            }
        }

        impl ClientBuilder {
            /// Applies every option `settings` gives; the others keep their value.
            pub fn settings(mut self, settings: ClientSettings) -> Self {
                $(
                    if let Some(value) = settings.$name {
                        self = self.$method(value);
                    }
                )*
                self
            }
        }
    };
}

for_each_client_option!(expand_options);

impl ClientSettings {
    /// The per-call options among these (the rows marked `per_call`, which are
    /// [`RequestOptions`]' fields), as a call's overrides; the others are left out.
    pub fn request_options(&self) -> RequestOptions {
        RequestOptions {
            timeout: self.timeout,
            deadline: self.deadline,
            max_retries: self.max_retries,
            retry_non_idempotent: self.retry_non_idempotent,
            wait_for_rate_limit: self.wait_for_rate_limit,
        }
    }
}

impl RequestOptions {
    /// Sets the per-call option `name` (a row marked `per_call`); any other name is
    /// `InvalidInput`, as is a value of another kind.
    pub fn set(&mut self, name: &str, value: OptionValue) -> Result<()> {
        if !option(name).is_some_and(|row| row.per_call) {
            let per_call: Vec<&str> = OPTIONS
                .iter()
                .filter(|o| o.per_call)
                .map(|o| o.name)
                .collect();
            return Err(Error::local(
                ErrorKind::InvalidInput,
                None,
                format!(
                    "{name:?} is not an option of a call; those are {}",
                    per_call.join(", ")
                ),
            ));
        }
        let mut settings = ClientSettings::default();
        settings.set(name, value)?;
        let set = settings.request_options();
        self.timeout = set.timeout.or(self.timeout);
        self.deadline = set.deadline.or(self.deadline);
        self.max_retries = set.max_retries.or(self.max_retries);
        self.retry_non_idempotent = set.retry_non_idempotent.or(self.retry_non_idempotent);
        self.wait_for_rate_limit = set.wait_for_rate_limit.or(self.wait_for_rate_limit);
        Ok(())
    }
}

fn unknown_option(name: &str) -> Error {
    let names: Vec<&str> = OPTIONS.iter().map(|option| option.name).collect();
    Error::local(
        ErrorKind::InvalidInput,
        None,
        format!(
            "unknown option {name:?}; the options are {}",
            names.join(", ")
        ),
    )
}

fn wrong_kind(name: &str) -> Error {
    let kind = option(name).map(|row| row.kind);
    Error::local(
        ErrorKind::InvalidInput,
        None,
        format!("{name} takes a value of kind {kind:?}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_settings_replace_the_defaults_and_missing_ones_keep_them() {
        let builder = ClientBuilder::new().settings(ClientSettings {
            base_url: Some("https://api.example.com/api".into()),
            timeout: Some(Duration::from_secs(3)),
            max_retries: Some(0),
            proxy: Some("http://127.0.0.1:3128".into()),
            allow_insecure_http: Some(true),
            max_response_bytes: Some(1024),
            ..ClientSettings::default()
        });
        assert_eq!(
            builder.base_url.as_deref(),
            Some("https://api.example.com/api")
        );
        assert_eq!(builder.policy.timeout, Duration::from_secs(3));
        assert_eq!(builder.policy.max_retries, 0);
        assert_eq!(
            builder.proxy.map(|p| p.0).as_deref(),
            Some("http://127.0.0.1:3128")
        );
        assert!(builder.allow_insecure_http);
        assert_eq!(builder.max_response_bytes, 1024);
        let defaults = ClientBuilder::new();
        assert_eq!(builder.policy.deadline, defaults.policy.deadline);
        assert_eq!(builder.connect_timeout, defaults.connect_timeout);
        assert_eq!(builder.user_agent, defaults.user_agent);
        assert!(builder.root_certificates_pem.is_empty());
    }

    #[test]
    fn set_takes_each_option_by_name_and_refuses_what_it_cannot_use() {
        let mut settings = ClientSettings::default();
        settings
            .set("timeout", OptionValue::Duration(Duration::from_secs(3)))
            .unwrap();
        settings
            .set("root_certificates", OptionValue::Text("PEM".into()))
            .unwrap();
        settings
            .set("max_response_bytes", OptionValue::Bytes(9))
            .unwrap();
        assert_eq!(settings.timeout, Some(Duration::from_secs(3)));
        assert_eq!(settings.root_certificates.as_deref(), Some("PEM"));
        assert_eq!(settings.max_response_bytes, Some(9));

        let unknown = settings.set("tiemout", OptionValue::Count(1)).unwrap_err();
        assert_eq!(unknown.kind(), ErrorKind::InvalidInput);
        assert!(unknown
            .to_string()
            .contains("the options are base_url, timeout"));
        let wrong = settings
            .set("max_retries", OptionValue::Flag(true))
            .unwrap_err();
        assert_eq!(wrong.kind(), ErrorKind::InvalidInput);
        assert_eq!(settings.max_retries, None);
    }

    #[test]
    fn per_call_options_are_the_rows_marked_so() {
        let mut options = RequestOptions::new();
        options.set("max_retries", OptionValue::Count(5)).unwrap();
        options
            .set("deadline", OptionValue::Duration(Duration::from_secs(1)))
            .unwrap();
        assert_eq!(
            options,
            RequestOptions::new()
                .max_retries(5)
                .deadline(Duration::from_secs(1))
        );
        let client_only = options.set("proxy", OptionValue::Text("http://p".into()));
        assert_eq!(client_only.unwrap_err().kind(), ErrorKind::InvalidInput);
        let per_call: Vec<&str> = OPTIONS
            .iter()
            .filter(|o| o.per_call)
            .map(|o| o.name)
            .collect();
        assert_eq!(
            per_call,
            [
                "timeout",
                "deadline",
                "max_retries",
                "retry_non_idempotent",
                "wait_for_rate_limit"
            ]
        );
    }
}
