//! `smtpprovider-test-servers`: starts the TLS and proxy test servers (see the library), prints
//! their description as one JSON line on stdout, and stops them all when stdin closes (the test
//! suite that started it ended, however it ended) or on SIGINT/SIGTERM.

use std::io::{Read as _, Write as _};
use std::process::ExitCode;

use smtpprovider_test_servers::TestServers;

fn main() -> ExitCode {
    let servers = match TestServers::start() {
        Ok(servers) => servers,
        Err(error) => {
            eprintln!("smtpprovider-test-servers: {error}");
            return ExitCode::FAILURE;
        }
    };
    let description = serde_json::to_string(&servers).expect("the description serializes");
    let mut stdout = std::io::stdout();
    if writeln!(stdout, "{description}")
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    wait_for_the_end();
    drop(servers);
    ExitCode::SUCCESS
}

/// Returns when stdin reaches its end or a SIGINT/SIGTERM arrives, so that the servers are
/// stopped (by `drop`) in either case rather than left running.
fn wait_for_the_end() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        use tokio::signal::unix::{signal, SignalKind};
        let mut terminate = signal(SignalKind::terminate()).expect("SIGTERM handler");
        let stdin_closed = tokio::task::spawn_blocking(|| {
            let _ = std::io::stdin().read_to_end(&mut Vec::new());
        });
        tokio::select! {
            _ = stdin_closed => {}
            _ = terminate.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    });
    // The blocking stdin read may still be running; the runtime is not waited for.
    runtime.shutdown_background();
}
