//! Logging to stderr, so that stdout stays the command's result: `-v` and `-vv`, else
//! `SMTPPROVIDER_LOG` with the bindings' syntax (the core's `stderr_log`), else the SDK's
//! warnings alone (a long wait a server imposes, an odd field, an unreadable `SSL_CERT_FILE`).
//! The `log` records of reqwest and rustls are passed on too, so that `-vv` shows connections,
//! proxies and TLS handshakes.
//!
//! The SDK keeps the token and the password out of every event; `cli/tests/network.rs` checks
//! the CLI's stderr at every level for them.

use smtpprovider::stderr_log::{self, ENV_LOG};
use tracing::level_filters::LevelFilter;
use tracing_log::AsLog;
use tracing_subscriber::filter::Targets;

/// What each `-v` count logs (`tracing_subscriber`'s `Targets` syntax, as `SMTPPROVIDER_LOG`).
pub fn directives(verbose: u8) -> &'static str {
    match verbose {
        // The SDK's warnings: rare, and each one something a person should see.
        0 => "smtpprovider=warn",
        // One line per attempt of a call (endpoint, method, attempt, status, latency) and retries.
        1 => "smtpprovider=debug",
        // Also the HTTP client: connections, proxies, tunnels, TLS handshakes, HTTP/2.
        2 => "smtpprovider=trace,reqwest=trace,hyper_util=trace,rustls=debug,h2=debug",
        // Everything, every frame included.
        _ => "trace",
    }
}

/// Installs the stderr logger for this process: `-v` when given, else `SMTPPROVIDER_LOG` when
/// set, else the SDK's warnings. Only the first call in a process does anything.
pub fn install(verbose: u8) {
    if tracing::dispatcher::has_been_set() {
        return;
    }
    let from_env = std::env::var(ENV_LOG).is_ok_and(|d| !d.trim().is_empty());
    if verbose == 0 && from_env {
        // The bindings' logger; it installs nothing when the filter does not parse (and says so),
        // and then the warnings below still come.
        stderr_log::install_from_env();
    }
    if !tracing::dispatcher::has_been_set() {
        let filter = directives(verbose)
            .parse::<Targets>()
            .expect("every verbosity is a valid filter (tested below)");
        let _ = tracing::subscriber::set_global_default(stderr_log::to_stderr(filter));
    }
    // reqwest and rustls log through `log`: their records become events of the logger above,
    // filtered by it (the level hint keeps the ones it would drop from being formatted).
    let _ = tracing_log::LogTracer::builder()
        .with_max_level(LevelFilter::current().as_log())
        .init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_verbosity_is_a_valid_filter() {
        for verbose in 0..=3 {
            directives(verbose).parse::<Targets>().unwrap();
        }
    }
}
