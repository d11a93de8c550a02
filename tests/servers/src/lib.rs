//! Real servers around a sandbox, for the TLS and proxy tests of every language: nginx serving
//! the sandbox over HTTPS with certificates from a test CA (a good one, an expired one, one for
//! another host, one from a CA nobody trusts), and tinyproxy and a SOCKS5 proxy (microsocks)
//! relaying to all of them; one tinyproxy is behind TLS (nginx's stream module), an HTTPS proxy.
//! The test CA comes as a PEM file and as a directory in OpenSSL's hashed layout, and a script runs
//! a command with it in the system's trust store, in that command's view only.
//!
//! Rust tests start it in-process ([`TestServers::start`]); the other languages run the
//! `smtpprovider-test-servers` binary, which prints this same description as one JSON line and
//! stops everything when its stdin closes. Everything listens on 127.0.0.1 and runs unprivileged
//! out of one temporary directory. nginx, its stream module, tinyproxy, microsocks and openssl are
//! the Debian packages `nginx`, `libnginx-mod-stream`, `tinyproxy-bin`, `microsocks` and `openssl`;
//! without them [`TestServers::start`] fails, naming the package.

mod ca_dir;
mod certs;
mod daemon;
mod microsocks;
mod nginx;
mod tinyproxy;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;
use smtpprovider_sandbox::{Sandbox, SandboxConfig};

use crate::daemon::{free_port, Daemon};

pub use crate::certs::WRONG_HOST;
pub use crate::tinyproxy::PLAIN_HTTP_DOMAIN;

/// Every variable a client reads for proxies (curl's names, either case): the tests of a proxy
/// set the ones they mean and clear the rest, so that the machine's own settings stay out.
pub const PROXY_VARIABLES: [&str; 8] = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// What the servers are and where their logs are. The binary prints exactly this, as JSON.
#[derive(Serialize)]
pub struct TestServers {
    /// The test CA's certificate (a PEM file): `trusted`, `expired` and `wrong_host` chain to it.
    pub ca_pem: PathBuf,
    /// A directory holding only `ca_pem`, as `<subject hash>.0` (OpenSSL's hashed layout), for
    /// `SSL_CERT_DIR`.
    pub ca_dir: PathBuf,
    /// The absolute path of `with-system-ca.sh` (beside this crate's `Cargo.toml`):
    /// `with-system-ca.sh CA_PEM COMMAND [ARGS...]` runs COMMAND with CA_PEM in the operating
    /// system's trust store as COMMAND alone sees it (a mount namespace of its own; needs root).
    pub with_system_ca: PathBuf,
    /// A good certificate for `localhost` and `127.0.0.1`.
    pub trusted: HttpsServer,
    /// A certificate for `localhost` that expired in 2021.
    pub expired: HttpsServer,
    /// A certificate valid only for [`WRONG_HOST`], served at `localhost`.
    pub wrong_host: HttpsServer,
    /// A certificate for `localhost` signed by a CA that is not `ca_pem`.
    pub untrusted: HttpsServer,
    /// The sandbox itself, plain HTTP on loopback (`http://127.0.0.1:PORT/api`).
    pub sandbox_url: String,
    /// The forward proxy.
    pub proxy: Proxy,
    /// Another one, which answers 407 unless the request carries its credentials; its `url` has
    /// them (`http://smtp:proxy-secret@127.0.0.1:PORT`).
    pub proxy_with_credentials: Proxy,
    /// An HTTPS proxy: TLS to the proxy itself (its certificate is `trusted`'s), then the HTTP
    /// proxy protocol inside. Its own tinyproxy behind nginx, so its log holds only the requests
    /// that came this way.
    pub https_proxy: Proxy,
    /// A SOCKS5 proxy.
    pub socks_proxy: SocksProxy,
    #[serde(skip)]
    _running: Running,
}

/// One nginx server: the sandbox's API behind one certificate.
#[derive(Serialize)]
pub struct HttpsServer {
    /// `https://localhost:PORT/api`.
    pub url: String,
    /// The same server by address, `https://127.0.0.1:PORT/api` (for `NO_PROXY=127.0.0.1`).
    pub ip_url: String,
    /// The same server by its IPv6 address, `https://[::1]:PORT/api`.
    pub ipv6_url: String,
    /// This server's nginx error log: one line per failed TLS handshake.
    pub error_log: PathBuf,
    /// Its access log: per request, the protocol it came in (nginx speaks h2 and HTTP/1.1 by
    /// ALPN) and the request line.
    pub access_log: PathBuf,
}

impl HttpsServer {
    fn new(dir: &Path, site: &str, port: u16) -> HttpsServer {
        HttpsServer {
            url: format!("https://localhost:{port}/api"),
            ip_url: format!("https://127.0.0.1:{port}/api"),
            ipv6_url: format!("https://[::1]:{port}/api"),
            error_log: nginx::error_log(dir, site),
            access_log: nginx::access_log(dir, site),
        }
    }

    /// The requests this server answered so far, each as `PROTOCOL METHOD TARGET PROTOCOL`.
    pub fn requests(&self) -> Vec<String> {
        read(&self.access_log).lines().map(str::to_owned).collect()
    }

    /// How many TLS handshakes with this server failed so far: the attempts a client made. nginx
    /// logs a refused handshake a moment after the client gave up, so this waits until the log
    /// has been quiet for a while (at most [`LOG_SETTLE`] after the first line).
    pub fn failed_handshakes(&self) -> usize {
        let count = || {
            read(&self.error_log)
                .lines()
                .filter(|line| line.contains(HANDSHAKE_FAILED))
                .count()
        };
        let deadline = Instant::now() + LOG_SETTLE;
        let mut seen = count();
        while Instant::now() < deadline {
            std::thread::sleep(LOG_QUIET);
            let now = count();
            if now == seen && now > 0 {
                break;
            }
            seen = now;
        }
        seen
    }
}

/// What nginx logs when a client refused the handshake with an alert (rustls sends one, e.g.
/// "alert certificate expired"). The startup probes, which close without a word, log "client
/// closed connection" instead and are not counted.
const HANDSHAKE_FAILED: &str = "SSL_do_handshake() failed";
/// How long [`HttpsServer::failed_handshakes`] waits for nginx's log at most.
pub const LOG_SETTLE: Duration = Duration::from_secs(2);
/// How long the log must stay unchanged to count as settled.
const LOG_QUIET: Duration = Duration::from_millis(150);

/// tinyproxy, relaying to every server here.
#[derive(Serialize)]
pub struct Proxy {
    /// `http://127.0.0.1:PORT`; `https://localhost:PORT` for [`TestServers::https_proxy`].
    pub url: String,
    /// Its log: `CONNECT localhost:PORT` per HTTPS tunnel, the request line per plain-HTTP request.
    pub log: PathBuf,
    /// The sandbox as `http://api.smtp.test/api`: plain HTTP to a host that is not loopback,
    /// reachable only through this proxy (which relays that domain to the sandbox unresolved).
    pub plain_http_url: String,
}

impl Proxy {
    /// Starts tinyproxy as `name` (its files' names in `dir`), relaying plain HTTP for
    /// [`PLAIN_HTTP_DOMAIN`] to the sandbox at `upstream`; returns it with its port.
    fn start(
        dir: &Path,
        name: &str,
        upstream: u16,
        with_credentials: bool,
    ) -> io::Result<(Daemon, u16, Proxy)> {
        let log = dir.join(format!("{name}.log"));
        let (daemon, port) = retry_ports(|| {
            let port = free_port()?;
            let daemon = tinyproxy::start(dir, name, port, &log, upstream, with_credentials)?;
            Ok((daemon, port))
        })?;
        let (user, password) = tinyproxy::CREDENTIALS;
        let credentials = if with_credentials {
            format!("{user}:{password}@")
        } else {
            String::new()
        };
        let proxy = Proxy {
            url: format!("http://{credentials}127.0.0.1:{port}"),
            log,
            plain_http_url: format!("http://api.{PLAIN_HTTP_DOMAIN}/api"),
        };
        Ok((daemon, port, proxy))
    }

    /// The requests the proxy relayed so far, as their request lines (`CONNECT localhost:PORT
    /// HTTP/1.1`, `POST http://api.smtp.test/api/... HTTP/1.1`), read from its log. tinyproxy
    /// writes each line before it relays the request, so a call that returned is in it.
    pub fn requests(&self) -> Vec<String> {
        read(&self.log)
            .lines()
            .filter_map(|line| line.split_once(REQUEST_MARK))
            .filter_map(|(_, rest)| rest.split_once("): "))
            .map(|(_, request)| request.trim().to_owned())
            .collect()
    }
}

/// What precedes a request line in tinyproxy's log: `Request (file descriptor 5): CONNECT ...`.
const REQUEST_MARK: &str = "Request (file descriptor ";

/// microsocks, a SOCKS5 proxy without credentials, relaying TCP to every server here.
#[derive(Serialize)]
pub struct SocksProxy {
    /// `socks5h://127.0.0.1:PORT` (`h`: the client sends host names, the proxy resolves them). It
    /// tries only the first address a name resolves to: `localhost` may be `::1`, where the nginx
    /// servers listen but the sandbox does not.
    pub url: String,
    /// Its output: `client[N] 127.0.0.1: connected to HOST:PORT` per connection it opened.
    pub log: PathBuf,
}

impl SocksProxy {
    /// Starts microsocks on a free port, its log in `dir`.
    fn start(dir: &Path) -> io::Result<(Daemon, SocksProxy)> {
        let log = dir.join("microsocks.log");
        let (daemon, port) = retry_ports(|| {
            let port = free_port()?;
            Ok((microsocks::start(port, &log)?, port))
        })?;
        let proxy = SocksProxy {
            url: format!("socks5h://127.0.0.1:{port}"),
            log,
        };
        Ok((daemon, proxy))
    }

    /// The destinations the proxy connected to so far, as the clients named them (`HOST:PORT`),
    /// read from its log. microsocks writes each line before it answers the client, so a
    /// connection that was opened is in it.
    pub fn connections(&self) -> Vec<String> {
        read(&self.log)
            .lines()
            .filter_map(|line| line.split_once(CONNECTED_MARK))
            .map(|(_, destination)| destination.to_owned())
            .collect()
    }
}

/// What precedes the destination in microsocks' log: `client[5] 127.0.0.1: connected to ...`.
const CONNECTED_MARK: &str = ": connected to ";

/// The processes and the directory; dropped in this order.
struct Running {
    _nginx: Daemon,
    _proxies: [Daemon; 4],
    _sandbox: Sandbox,
    _dir: TempDir,
}

/// How many times to pick new ports when another process took one first.
const PORT_ATTEMPTS: usize = 3;

/// The nginx servers, in the order of [`TestServers`]' fields.
const SITES: [&str; 4] = ["trusted", "expired", "wrong_host", "untrusted"];
/// The site whose certificate the HTTPS proxy presents.
const HTTPS_PROXY_CERTIFICATE: &str = SITES[0];

impl TestServers {
    /// Generates the certificates, starts a sandbox (rate limiting off), nginx and the proxies,
    /// and returns once all of them accept connections.
    pub fn start() -> io::Result<TestServers> {
        let dir = TempDir::new()?;
        let ca_pem = write_certificates(&dir.0)?;
        let ca_dir = ca_dir::write(&dir.0, &ca_pem)?;
        let sandbox = Sandbox::start(SandboxConfig {
            rate_limit_per_minute: 0,
            ..Default::default()
        })?;
        let upstream = sandbox.addr().port();
        let (open_proxy, _, proxy) = Proxy::start(&dir.0, "tinyproxy", upstream, false)?;
        let (closed_proxy, _, proxy_with_credentials) =
            Proxy::start(&dir.0, "tinyproxy-with-credentials", upstream, true)?;
        let (relayed_proxy, relayed_port, relayed) =
            Proxy::start(&dir.0, "tinyproxy-behind-tls", upstream, false)?;
        let (socks, socks_proxy) = SocksProxy::start(&dir.0)?;
        let (nginx, ports, https_proxy_port) = retry_ports(|| {
            let ports = [free_port()?, free_port()?, free_port()?, free_port()?];
            let sites: Vec<_> = (SITES.iter().zip(ports))
                .map(|(&name, port)| nginx::Site { name, port })
                .collect();
            let relay = nginx::TlsRelay {
                certificate: HTTPS_PROXY_CERTIFICATE,
                port: free_port()?,
                to: relayed_port,
            };
            let nginx = nginx::start(&dir.0, &sites, upstream, &relay)?;
            Ok((nginx, ports, relay.port))
        })?;
        let https_proxy = Proxy {
            url: format!("https://localhost:{https_proxy_port}"),
            ..relayed
        };

        let [trusted, expired, wrong_host, untrusted] =
            [0, 1, 2, 3].map(|i| HttpsServer::new(&dir.0, SITES[i], ports[i]));
        Ok(TestServers {
            ca_pem,
            ca_dir,
            with_system_ca: Path::new(env!("CARGO_MANIFEST_DIR")).join("with-system-ca.sh"),
            trusted,
            expired,
            wrong_host,
            untrusted,
            sandbox_url: sandbox.base_url().to_owned(),
            proxy,
            proxy_with_credentials,
            https_proxy,
            socks_proxy,
            _running: Running {
                _nginx: nginx,
                _proxies: [open_proxy, closed_proxy, relayed_proxy, socks],
                _sandbox: sandbox,
                _dir: dir,
            },
        })
    }

    /// The test CA's certificate, PEM text.
    pub fn ca_pem_text(&self) -> String {
        read(&self.ca_pem)
    }
}

/// Writes the test CA (returning its file) and each of [`SITES`]' certificate and key.
fn write_certificates(dir: &Path) -> io::Result<PathBuf> {
    let tls = |error: rcgen::Error| io::Error::other(format!("certificate: {error}"));
    let ca = certs::Authority::new("smtpprovider test CA").map_err(tls)?;
    let stranger = certs::Authority::new("a CA nobody trusts").map_err(tls)?;
    let leaves = [
        ca.leaf(&certs::SERVER_NAMES),
        ca.expired_leaf(&certs::SERVER_NAMES),
        ca.leaf(&[WRONG_HOST]),
        stranger.leaf(&certs::SERVER_NAMES),
    ];
    for (name, leaf) in SITES.into_iter().zip(leaves) {
        leaf.map_err(tls)?.write(dir, name)?;
    }
    let ca_pem = dir.join("ca.pem");
    std::fs::write(&ca_pem, ca.pem())?;
    Ok(ca_pem)
}

/// Runs `start` (which picks free ports) again when the server did not come up, since a port may
/// have been taken before it bound it (tinyproxy does not say so: "Could not create listening
/// sockets"). A missing binary is not retried.
fn retry_ports<T>(mut start: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    let mut attempt = 1;
    loop {
        match start() {
            Err(error) if attempt < PORT_ATTEMPTS && error.kind() != io::ErrorKind::NotFound => {
                attempt += 1;
            }
            result => return result,
        }
    }
}

/// A file's text, or "" before it exists (a log nobody has written to yet).
fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// A fresh directory under the system's temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> io::Result<TempDir> {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "smtpprovider-test-servers-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let dir = std::env::temp_dir().join(name);
        // A leftover of an earlier process with the same pid.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
