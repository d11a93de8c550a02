//! [`Background`]: a server on a thread and tokio runtime of its own, so that it can be started
//! from synchronous code and from inside another runtime alike, and stopped by dropping it. The
//! sandbox and the hostile server both run this way.

use std::future::Future;
use std::io;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::runtime::Runtime;
use tokio::sync::oneshot;

/// How long `start` waits for the server thread to bind.
const START_DEADLINE: Duration = Duration::from_secs(30);
/// How long stopping waits for in-flight blocking work (a DKIM key generation) before giving up on it.
const STOP_DEADLINE: Duration = Duration::from_secs(2);

/// A running server thread; dropping it stops the server and joins the thread.
pub(crate) struct Background {
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// Starts a thread named `name` with the runtime `build` makes, and on it `bind(stop)`: binding
/// answers what the caller learns (`T`) and the serving future, which returns once `stop` fires.
/// Returns once the server listens, or with the error binding met.
pub(crate) fn start<T, Bound, Serve>(
    name: &str,
    build: fn() -> io::Result<Runtime>,
    bind: impl FnOnce(oneshot::Receiver<()>) -> Bound + Send + 'static,
) -> io::Result<(T, Background)>
where
    T: Send + 'static,
    Bound: Future<Output = io::Result<(T, Serve)>>,
    Serve: Future<Output = ()>,
{
    let (ready_tx, ready_rx) = mpsc::channel();
    let (stop_tx, stop_rx) = oneshot::channel();
    let thread = std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            let runtime = match build() {
                Ok(runtime) => runtime,
                Err(error) => {
                    let _ = ready_tx.send(Err(error));
                    return;
                }
            };
            runtime.block_on(async move {
                match bind(stop_rx).await {
                    Ok((started, serve)) => {
                        let _ = ready_tx.send(Ok(started));
                        serve.await;
                    }
                    Err(error) => {
                        let _ = ready_tx.send(Err(error));
                    }
                }
            });
            // Connections still open (a client mid-drip) are dropped; blocking work gets a moment.
            runtime.shutdown_timeout(STOP_DEADLINE);
        })?;
    match ready_rx.recv_timeout(START_DEADLINE) {
        Ok(Ok(started)) => Ok((
            started,
            Background {
                stop: Some(stop_tx),
                thread: Some(thread),
            },
        )),
        Ok(Err(error)) => {
            let _ = thread.join();
            Err(error)
        }
        Err(_) => Err(io::Error::new(
            io::ErrorKind::TimedOut,
            format!("{name} did not start listening in time"),
        )),
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            // The thread ends promptly: the accept loop stops at once and the runtime's shutdown is bounded.
            let _ = thread.join();
        }
    }
}
