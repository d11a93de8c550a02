//! Opt-in logging to stderr, for the bindings whose languages give `tracing` nothing to forward
//! to (Node, Swift/Kotlin): with `SMTPPROVIDER_LOG` set to a filter (`debug`, `trace`,
//! `smtpprovider=debug,reqwest=trace`: a default level and levels per module, the syntax of
//! `tracing_subscriber`'s `Targets`), every event that passes it is written to stderr, one line
//! each. Unset, nothing is installed and
//! logging costs nothing. Python forwards to its `logging` module instead (bindings-python).
//!
//! The core keeps credentials out of every event (they are [`Secret`](crate::Secret)s), so the
//! lines carry no token and no password; each binding's secrets test checks it at `trace`.

use std::sync::Once;

use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;

/// The variable naming what to log.
pub const ENV_LOG: &str = "SMTPPROVIDER_LOG";

/// Installs the stderr logger if `SMTPPROVIDER_LOG` asks for one; only the first call does
/// anything. Another global subscriber installed before it wins, and this one stays out.
pub fn install_from_env() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let Some(directives) = std::env::var(ENV_LOG).ok().filter(|d| !d.trim().is_empty()) else {
            return;
        };
        match directives.parse::<Targets>() {
            Ok(filter) => {
                let _ = tracing::subscriber::set_global_default(to_stderr(filter));
            }
            // No logger, and one line saying why, rather than failing the host's start.
            Err(error) => {
                eprintln!("smtpprovider: {ENV_LOG}={directives:?} is not a filter: {error}")
            }
        }
    });
}

/// A subscriber writing the events `filter` lets through to stderr, one plain line each.
pub fn to_stderr(filter: Targets) -> impl tracing::Subscriber + Send + Sync {
    tracing_subscriber::fmt()
        // The builder's own cap is INFO; `filter` alone decides.
        .with_max_level(tracing::level_filters::LevelFilter::TRACE)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .finish()
        .with(filter)
}
