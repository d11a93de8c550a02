//! The `smtpprovider-sandbox` binary: starts the emulator, prints `listening <base URL>` first (so
//! scripts can wait for that line), then the seeded users and the rate limit, and runs until
//! SIGINT or SIGTERM. Unlike an in-process sandbox it limits requests as the API does by default,
//! so that a client developed against it meets its 429s.

use std::io::Write;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use smtpprovider_sandbox::{
    Sandbox, SandboxConfig, SeedUser, TlsConfig, API_RATE_LIMIT_PER_MINUTE, API_RATE_LIMIT_WINDOW,
};

/// A stateful emulator of the SMTPProvider API, for development and tests.
#[derive(Parser)]
#[command(name = "smtpprovider-sandbox", version)]
struct Args {
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port to bind; 0 picks a free port.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Seed a user (repeatable); the demo user is seeded when none is given.
    #[arg(long = "user", value_name = "EMAIL:PASSWORD[:NAME]", value_parser = SeedUser::parse)]
    users: Vec<SeedUser>,
    /// Requests per window per token, as the API limits them; 0 turns rate limiting off.
    #[arg(long = "rate-limit", value_name = "N", default_value_t = API_RATE_LIMIT_PER_MINUTE)]
    rate_limit: u32,
    /// The rate limit's window in seconds (the API's is 60); shorter ones let tests and
    /// benchmarks run in seconds.
    #[arg(long = "rate-limit-window", value_name = "SECONDS", default_value = "60", value_parser = parse_window)]
    rate_limit_window: Duration,
    /// Nameserver used by domain verification (default: the sandbox's own zone).
    #[arg(long, value_name = "HOST:PORT", value_parser = parse_nameserver)]
    dns: Option<SocketAddr>,
    /// Serve HTTPS with this PEM certificate (needs --tls-key).
    #[arg(long = "tls-cert", value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The PEM private key of --tls-cert.
    #[arg(long = "tls-key", value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Larger request bodies answer 413.
    #[arg(long = "max-body", value_name = "BYTES", default_value_t = 1024 * 1024)]
    max_body: usize,
}

fn parse_window(text: &str) -> Result<Duration, String> {
    match text.parse::<f64>() {
        Ok(seconds) if seconds >= 0.001 => {
            Duration::try_from_secs_f64(seconds).map_err(|e| e.to_string())
        }
        _ => Err(format!(
            "{text:?} is not a number of seconds of at least 0.001"
        )),
    }
}

fn parse_nameserver(text: &str) -> Result<SocketAddr, String> {
    text.to_socket_addrs()
        .map_err(|e| format!("{text:?} is not HOST:PORT ({e})"))?
        .next()
        .ok_or_else(|| format!("{text:?} resolves to no address"))
}

fn config(args: Args) -> Result<SandboxConfig, String> {
    let tls = match (args.tls_cert, args.tls_key) {
        (Some(cert), Some(key)) => {
            let read = |path: &PathBuf| {
                std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
            };
            Some(TlsConfig {
                cert_pem: read(&cert)?,
                key_pem: read(&key)?,
            })
        }
        _ => None,
    };
    let defaults = SandboxConfig::default();
    Ok(SandboxConfig {
        host: args.host,
        port: args.port,
        users: if args.users.is_empty() {
            defaults.users
        } else {
            args.users
        },
        rate_limit_per_minute: args.rate_limit,
        rate_limit_window: args.rate_limit_window,
        dns: args.dns,
        tls,
        max_body_bytes: args.max_body,
    })
}

/// What the start-up output says about rate limiting, and how to change it: a user whose script
/// stalls on a 429 should find the reason in the first lines the sandbox printed.
fn rate_limit_line(per_window: u32, window: Duration) -> String {
    if per_window == 0 {
        "rate limit: off".to_owned()
    } else if window == API_RATE_LIMIT_WINDOW {
        format!("rate limit: {per_window} requests a minute per token, as the API (--rate-limit 0 turns it off)")
    } else {
        let seconds = window.as_secs_f64();
        format!("rate limit: {per_window} requests per {seconds} s per token (the API's window is 60 s; --rate-limit 0 turns it off)")
    }
}

/// Waits for Ctrl-C or (on Unix) SIGTERM.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

fn run(args: Args) -> Result<(), String> {
    let config = config(args)?;
    let demo = config.users == [SeedUser::demo()];
    let users = config.users.clone();
    let rate_limit = rate_limit_line(config.rate_limit_per_minute, config.rate_limit_window);
    let sandbox = Sandbox::start(config).map_err(|e| format!("cannot start: {e}"))?;
    let mut out = std::io::stdout().lock();
    let mut lines = vec![format!("listening {}", sandbox.base_url())];
    for user in &users {
        let label = if demo { "demo user" } else { "user" };
        lines.push(format!("{label}: {} / {}", user.email, user.password));
    }
    lines.push(rate_limit);
    for line in lines {
        writeln!(out, "{line}").map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())?;
    drop(out);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(shutdown_signal());
    drop(sandbox);
    Ok(())
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("smtpprovider-sandbox: {message}");
            ExitCode::FAILURE
        }
    }
}
