//! Opt-in logging to stderr, for the bindings whose languages give `tracing` nothing to forward
//! to (Node, Swift/Kotlin): with `SMTPPROVIDER_LOG` set to a filter (`debug`, `trace`,
//! `smtpprovider=debug,hyper_util=trace`: `tracing_subscriber`'s `EnvFilter` syntax), every
//! event that passes it is written to stderr, one line each. Unset, nothing is installed and
//! logging costs nothing. Python forwards to its `logging` module instead (bindings-python).
//!
//! The core keeps credentials out of every event (they are [`Secret`](crate::Secret)s), so the
//! lines carry no token and no password; each binding's secrets test checks it at `trace`.

use std::sync::Once;

use tracing_subscriber::EnvFilter;

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
        match EnvFilter::try_new(&directives) {
            Ok(filter) => {
                let subscriber = tracing_subscriber::fmt()
                    .with_env_filter(filter)
                    .with_writer(std::io::stderr)
                    .with_ansi(false)
                    .finish();
                let _ = tracing::subscriber::set_global_default(subscriber);
            }
            // No logger, and one line saying why, rather than failing the host's start.
            Err(error) => {
                eprintln!("smtpprovider: {ENV_LOG}={directives:?} is not a filter: {error}")
            }
        }
    });
}
