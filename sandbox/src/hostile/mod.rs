//! [`HostileServer`]: a raw TCP server on 127.0.0.1 that misbehaves exactly as a fault case file
//! (`tests/faults/cases.json`) scripts it, for what the sandbox's own faults cannot express
//! through hyper: a body that drips, a chunk cut in half, a reset mid-body, bytes that are not
//! UTF-8, an endless body without a length, a refused connection.
//!
//! Each case is reached under its own path prefix, `/{case}/{run}` (`run` names one run of the
//! case, e.g. `get` or `post`): a client whose base URL is [`HostileServer::base_url`] appends
//! the endpoint's path to it, so the server knows the case from the first segment and counts the
//! requests of each run apart ([`HostileServer::stats`]).

mod play;
mod script;

use std::collections::HashMap;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::oneshot;

use crate::admin::AdminError;
use crate::background::{self, Background};
use play::{Links, Written};
use script::{CaseFile, Response, Step};

/// What the server saw of one run of a case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct HostileStats {
    /// Requests received (a followed redirect's hop is one more).
    pub requests: u32,
    /// Bytes of the last response's body written (chunk framing included).
    pub body_bytes_sent: u64,
    /// Whether the client went away before the last response was all written.
    pub closed_early: bool,
}

/// A running hostile server; dropping it stops the server and joins its thread.
pub struct HostileServer {
    shared: Arc<Shared>,
    /// The server's thread; dropping it stops the server.
    _background: Background,
}

/// What the connections share: the script and the counts.
struct Shared {
    port: u16,
    /// A port that is bound but not listening, so connecting to it is refused.
    refused_port: u16,
    ok: Response,
    cases: HashMap<String, script::Behaviour>,
    stats: Mutex<HashMap<(String, String), HostileStats>>,
}

impl HostileServer {
    /// Starts a server playing the cases of this case file (its JSON text).
    pub fn start(case_file: &str) -> io::Result<HostileServer> {
        let file = CaseFile::parse(case_file)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        let build = || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
        };
        let (shared, background) =
            background::start("smtpprovider-hostile", build, |stop| async {
                let (listener, refused, shared) = bind(file).await?;
                let serving = Arc::clone(&shared);
                Ok((shared, async move {
                    serve(listener, serving, stop).await;
                    drop(refused);
                }))
            })?;
        Ok(HostileServer {
            shared,
            _background: background,
        })
    }

    /// The base URL a client uses for one run of `case`: `http://127.0.0.1:PORT/{case}/{run}`,
    /// on a port that refuses connections for a `refuse` case.
    pub fn base_url(&self, case: &str, run: &str) -> Result<String, AdminError> {
        let behaviour = self
            .shared
            .cases
            .get(case)
            .ok_or_else(|| AdminError::NotFound(format!("no fault case {case:?}")))?;
        if run.is_empty() || !run.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(AdminError::Invalid(format!(
                "run {run:?}: letters, digits and _ only"
            )));
        }
        let port = if behaviour.refuse {
            self.shared.refused_port
        } else {
            self.shared.port
        };
        Ok(format!("http://127.0.0.1:{port}/{case}/{run}"))
    }

    /// What the server saw of one run of a case so far (zeros before its first request).
    pub fn stats(&self, case: &str, run: &str) -> HostileStats {
        let stats = self.shared.stats.lock().unwrap_or_else(|p| p.into_inner());
        stats
            .get(&(case.to_owned(), run.to_owned()))
            .copied()
            .unwrap_or_default()
    }
}

async fn bind(file: CaseFile) -> io::Result<(TcpListener, TcpSocket, Arc<Shared>)> {
    let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let listener = TcpListener::bind(loopback).await?;
    // Bound and never listening: the kernel answers a connection with a reset, and the port
    // stays ours for the server's life, so no other program can take it meanwhile.
    let refused = TcpSocket::new_v4()?;
    refused.bind(loopback)?;
    let shared = Arc::new(Shared {
        port: listener.local_addr()?.port(),
        refused_port: refused.local_addr()?.port(),
        ok: file.ok_response,
        cases: file
            .cases
            .into_iter()
            .map(|case| (case.name, case.server))
            .collect(),
        stats: Mutex::new(HashMap::new()),
    });
    Ok((listener, refused, shared))
}

async fn serve(listener: TcpListener, shared: Arc<Shared>, mut stop: oneshot::Receiver<()>) {
    loop {
        tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    tokio::spawn(answer(stream, Arc::clone(&shared)));
                }
            }
        }
    }
}

/// Serves one connection: one request, one scripted response, then the scripted end.
async fn answer(mut stream: TcpStream, shared: Arc<Shared>) {
    let Some(request) = play::read_request(&mut stream).await else {
        return;
    };
    let mut segments = request.path.trim_start_matches('/').splitn(3, '/');
    let (case, run) = (segments.next().unwrap_or(""), segments.next().unwrap_or(""));
    let Some(behaviour) = shared.cases.get(case) else {
        let unknown = not_found();
        play::write_response(stream, &unknown, &shared.links(case, run)).await;
        return;
    };
    let key = (
        case.to_owned(),
        run.split('?').next().unwrap_or("").to_owned(),
    );
    let attempt = {
        let mut stats = shared.stats.lock().unwrap_or_else(|p| p.into_inner());
        let entry = stats.entry(key.clone()).or_default();
        entry.requests += 1;
        entry.requests as usize - 1
    };
    let last = behaviour.responses.len().saturating_sub(1);
    let links = shared.links(&key.0, &key.1);
    let written = match behaviour.responses.get(attempt.min(last)) {
        Some(Step::Response(response)) => play::write_response(stream, response, &links).await,
        Some(Step::Raw(raw)) => play::write_raw(stream, raw).await,
        // `CaseFile::parse` allows no other name than "ok".
        Some(Step::Named(_)) => play::write_response(stream, &shared.ok, &links).await,
        None => return,
    };
    shared.record(key, written);
}

impl Shared {
    fn links(&self, case: &str, run: &str) -> Links {
        Links {
            self_url: format!("http://127.0.0.1:{}/{case}/{run}", self.port),
            other_host_url: format!("http://localhost:{}/{case}/{run}", self.port),
        }
    }

    fn record(&self, key: (String, String), written: Written) {
        let mut stats = self.stats.lock().unwrap_or_else(|p| p.into_inner());
        let entry = stats.entry(key).or_default();
        entry.body_bytes_sent = written.body_bytes;
        entry.closed_early = written.closed_early;
    }
}

/// The answer to a path that names no case.
fn not_found() -> Response {
    serde_json::from_value(serde_json::json!({
        "status": 404, "reason": "Not Found",
        "headers": {"Content-Type": "application/json"},
        "body": "{\"message\":\"no such fault case\"}"
    }))
    .expect("a fixed, valid response")
}
