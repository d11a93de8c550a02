//! Binding the listeners and serving connections with hyper directly (not a framework), so that a
//! fault can cut a connection or send a body shorter than its Content-Length.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicU32, AtomicU64};
use std::sync::{Arc, Mutex, Once};
use std::time::Duration;

use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, Notify};
use tokio_rustls::TlsAcceptor;

use crate::app::App;
use crate::config::SandboxConfig;
use crate::dkim::take_key;
use crate::dns::{spawn_zone_server, Zone};
use crate::faults::Faults;
use crate::pipeline;
use crate::ratelimit::RateLimiter;
use crate::requestlog::RequestLog;
use crate::state::State;
use crate::tls;

/// Bounds on slow clients: the TLS handshake and the request head must arrive within these.
const HANDSHAKE_DEADLINE: Duration = Duration::from_secs(10);
const HEADER_DEADLINE: Duration = Duration::from_secs(30);

/// What the caller learns once the sandbox listens.
pub struct Started {
    pub addr: SocketAddr,
    pub dns_addr: SocketAddr,
    pub root_url: String,
    pub app: Arc<App>,
}

/// The bound listener, ready to serve.
pub struct Server {
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    app: Arc<App>,
}

/// An address clients can reach: a wildcard bind is reached over loopback.
fn reachable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    }
}

/// `http://127.0.0.1:PORT`, or `https://localhost:PORT` with TLS on loopback (certificates name
/// hosts, and test certificates are issued for `localhost`).
fn root_url(addr: SocketAddr, tls: bool) -> String {
    let addr = reachable(addr);
    let host = match addr.ip() {
        ip if tls && ip.is_loopback() => "localhost".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    format!(
        "{}://{host}:{}",
        if tls { "https" } else { "http" },
        addr.port()
    )
}

/// Starts the process-wide DKIM key pool's refill thread now rather than on the first domain-add,
/// so that even the first add finds a key ready. Once per process; the key taken to start it is discarded.
fn warm_dkim_pool() {
    static WARM: Once = Once::new();
    WARM.call_once(|| {
        let _ = std::thread::Builder::new()
            .name("dkim-pool-warmup".into())
            .spawn(|| drop(take_key()));
    });
}

/// Binds the HTTP listener and the DNS zone server (same IP) and builds the shared state.
pub async fn bind(config: SandboxConfig) -> io::Result<(Started, Server)> {
    warm_dkim_pool();
    let tls = config.tls.as_ref().map(tls::acceptor).transpose()?;
    let listener = TcpListener::bind((config.host, config.port)).await?;
    let addr = listener.local_addr()?;
    let zone = Zone::default();
    // The task lives as long as the runtime, which the sandbox shuts down when it stops.
    let (dns_addr, _zone_task) = spawn_zone_server(zone.clone(), config.host).await?;
    let dns_addr = reachable(dns_addr);
    let root_url = root_url(addr, tls.is_some());
    let app = Arc::new(App {
        state: Mutex::new(State::new(config.users)),
        zone,
        nameserver: config.dns.unwrap_or(dns_addr),
        rate_limit: AtomicU32::new(config.rate_limit_per_minute),
        // Set below, by the function that also changes it at run time.
        rate_limit_window_ms: AtomicU64::new(0),
        limiter: Mutex::new(RateLimiter::default()),
        faults: Mutex::new(Faults::default()),
        requests: Mutex::new(RequestLog::default()),
        root_url: root_url.clone(),
        max_body_bytes: config.max_body_bytes,
    });
    crate::admin::set_rate_limit_window(&app, config.rate_limit_window);
    let started = Started {
        addr: reachable(addr),
        dns_addr,
        root_url,
        app: Arc::clone(&app),
    };
    Ok((started, Server { listener, tls, app }))
}

impl Server {
    /// Accepts connections until `stop` fires (or its sender is dropped).
    pub async fn run(self, mut stop: oneshot::Receiver<()>) {
        loop {
            tokio::select! {
                _ = &mut stop => break,
                accepted = self.listener.accept() => match accepted {
                    Ok((stream, peer)) => {
                        tokio::spawn(connection(stream, peer.ip(), Arc::clone(&self.app), self.tls.clone()));
                    }
                    // Out of file descriptors and the like: back off instead of spinning.
                    Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
                },
            }
        }
    }
}

async fn connection(stream: TcpStream, peer: IpAddr, app: Arc<App>, tls: Option<TlsAcceptor>) {
    // Small JSON answers: send them at once rather than waiting for more to coalesce.
    let _ = stream.set_nodelay(true);
    match tls {
        None => serve_http(stream, peer, app).await,
        Some(acceptor) => {
            if let Ok(Ok(stream)) =
                tokio::time::timeout(HANDSHAKE_DEADLINE, acceptor.accept(stream)).await
            {
                serve_http(stream, peer, app).await;
            }
        }
    }
}

/// Serves HTTP/1.1 or HTTP/2 on one connection until the client leaves or a fault cuts it.
async fn serve_http<IO>(io: IO, peer: IpAddr, app: Arc<App>)
where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let close = Arc::new(Notify::new());
    let service = {
        let close = Arc::clone(&close);
        service_fn(move |request| {
            pipeline::handle(Arc::clone(&app), request, peer, Arc::clone(&close))
        })
    };
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_DEADLINE);
    let connection = builder.serve_connection(TokioIo::new(io), service);
    // Dropping the connection future closes the socket without another byte being written.
    tokio::select! {
        _ = connection => {}
        _ = close.notified() => {}
    }
}
