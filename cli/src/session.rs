//! The options every command shares, and the SDK client they describe. Nothing is read from or
//! written to disk: a session lives in the environment (`eval "$(smtpprovider login ...)"`) or
//! is made for one command with `--email` and `--password`.

use std::time::Duration;

use clap::builder::{PathBufValueParser, TypedValueParser};
use clap::{ArgAction, Args};
use smtpprovider::{
    Client, ClientBuilder, ClientSettings, Error, ErrorContext, ErrorKind, ENV_BASE_URL, ENV_TOKEN,
    ENV_USER_ID,
};

use crate::failure::CliError;
use crate::network::{read_ca_file, CaFile, Network};

/// Options shared by every command.
#[derive(Args, Debug, Clone, Default)]
pub struct GlobalArgs {
    /// The API base URL, e.g. https://smtp.example.net/api [API commands default to $SMTPPROVIDER_BASE_URL;
    /// quickstart and scenario start an embedded sandbox without it]
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,

    /// Log in as this user for this one command (with --password), instead of $SMTPPROVIDER_TOKEN
    #[arg(long, global = true, env = "SMTPPROVIDER_EMAIL", value_name = "EMAIL")]
    pub email: Option<String>,

    /// The password for --email (prefer the environment variable: a flag shows in `ps`)
    #[arg(
        long,
        global = true,
        env = "SMTPPROVIDER_PASSWORD",
        hide_env_values = true,
        value_name = "PASSWORD"
    )]
    pub password: Option<String>,

    /// Print results (and errors, on stderr) as JSON
    #[arg(long, global = true)]
    pub json: bool,

    /// Also print what the server answered (HTTP status, headers, rate limit) on stderr, as
    /// `curl -i` shows it (as JSON with --json)
    #[arg(short = 'i', long, global = true)]
    pub include: bool,

    /// Seconds one attempt of a call may take (the SDK's default is 30)
    #[arg(long, global = true, value_name = "SECONDS", value_parser = parse_seconds)]
    pub timeout: Option<Duration>,

    /// Send every request through this proxy: http://, https://, socks5:// or socks5h://, with
    /// user:password@ when it asks for them [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and
    /// NO_PROXY from the environment]
    #[arg(
        long,
        global = true,
        env = "SMTPPROVIDER_PROXY",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub proxy: Option<String>,

    /// Also trust the root certificates in this PEM file, besides the system's (repeatable)
    #[arg(
        long = "ca-file",
        global = true,
        value_name = "PEM_FILE",
        action = ArgAction::Append,
        value_parser = PathBufValueParser::new().try_map(read_ca_file)
    )]
    pub ca_files: Vec<CaFile>,

    /// Log to stderr: -v each call's attempts, -vv also connections, proxies and TLS, -vvv
    /// everything [default: $SMTPPROVIDER_LOG, else the SDK's warnings]
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,

    /// The SDK's other client options, one flag each (`--max-retries`, `--pace-requests`, ...),
    /// read from the core's option table by `option_flags.rs`.
    #[arg(skip)]
    pub settings: ClientSettings,
}

fn parse_seconds(text: &str) -> Result<Duration, String> {
    match text.parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds <= 3600.0 => Ok(Duration::from_secs_f64(seconds)),
        _ => Err(format!(
            "{text:?} is not a number of seconds between 0 and 3600"
        )),
    }
}

impl GlobalArgs {
    /// The base URL from `--base-url`, else `$SMTPPROVIDER_BASE_URL`.
    pub fn api_base_url(&self) -> Result<String, CliError> {
        self.base_url
            .clone()
            .or_else(|| {
                std::env::var(ENV_BASE_URL)
                    .ok()
                    .filter(|v| !v.trim().is_empty())
            })
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "no API base URL: pass --base-url or set {ENV_BASE_URL}"
                ))
            })
    }

    /// The `--proxy` and `--ca-file` of this command. An empty proxy (`SMTPPROVIDER_PROXY=`) is
    /// none, as the other variables: the environment's proxy variables decide.
    pub fn network(&self) -> Network {
        let proxy = self.proxy.clone().filter(|p| !p.trim().is_empty());
        Network::new(proxy, &self.ca_files)
    }

    /// A builder for `base_url` with the network options, the option flags and `--timeout`
    /// applied.
    pub fn builder(&self, base_url: &str) -> ClientBuilder {
        let builder = self
            .network()
            .builder(base_url)
            .settings(self.settings.clone());
        match self.timeout {
            Some(timeout) => builder.timeout(timeout),
            None => builder,
        }
    }

    /// Logs in with `--email`/`--password` on `base_url`.
    pub async fn login(&self, base_url: &str) -> Result<Client, CliError> {
        let (Some(email), Some(password)) = (&self.email, &self.password) else {
            return Err(CliError::Usage(
                "logging in needs --email and --password".into(),
            ));
        };
        Ok(self.builder(base_url).login(email, password).await?)
    }

    /// The client for an API command: logged in with `--email`/`--password` when given, else
    /// holding `$SMTPPROVIDER_TOKEN` and `$SMTPPROVIDER_USER_ID`.
    pub async fn client(&self) -> Result<Client, CliError> {
        let base_url = self.api_base_url()?;
        if self.email.is_some() {
            return self.login(&base_url).await;
        }
        let token = std::env::var(ENV_TOKEN)
            .ok()
            .filter(|v| !v.trim().is_empty());
        let user_id = std::env::var(ENV_USER_ID)
            .ok()
            .filter(|v| !v.trim().is_empty());
        let (Some(token), Some(user_id)) = (token, user_id) else {
            return Err(not_logged_in());
        };
        let user_id = user_id.trim().parse::<u64>().map_err(|_| {
            CliError::Usage(format!(
                "{ENV_USER_ID} must be a positive integer, not {user_id:?}"
            ))
        })?;
        Ok(self
            .builder(&base_url)
            .token(token)
            .user_id(user_id)
            .build()?)
    }
}

fn not_logged_in() -> CliError {
    let detail = format!(
        "not logged in: set {ENV_TOKEN} and {ENV_USER_ID} (eval \"$(smtpprovider login --email EMAIL)\") \
         or pass --email and --password"
    );
    CliError::Api(Error::new(
        ErrorKind::Authentication,
        ErrorContext {
            detail: Some(detail),
            ..ErrorContext::default()
        },
    ))
}
