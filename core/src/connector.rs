//! How the pooled HTTP client opens a connection: TCP (directly, to an `http://` proxy, or through
//! the proxy's `CONNECT` tunnel), then TLS for `https://` with ALPN offering h2 and HTTP/1.1. The
//! whole of it, TLS handshake and tunnel included, is bounded by the connect timeout.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::header::HeaderValue;
use hyper::Uri;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;
use tower_service::Service;

use crate::proxies::{Proxies, UnsupportedProxy};
use crate::tunnel;

pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The connect timeout passed: a cause the transport recognises as `Timeout`, nothing sent.
#[derive(Debug, thiserror::Error)]
#[error("connecting timed out")]
pub(crate) struct ConnectTimedOut;

/// Opens the client's connections; cloned by the pool for each one.
#[derive(Clone)]
pub(crate) struct Connector {
    tcp: HttpConnector,
    tls: TlsConnector,
    proxies: Arc<Proxies>,
    timeout: Duration,
    /// Sent in a proxy's `CONNECT` too.
    user_agent: HeaderValue,
}

impl Connector {
    pub(crate) fn new(
        tls: rustls::ClientConfig,
        proxies: Arc<Proxies>,
        timeout: Duration,
        user_agent: HeaderValue,
    ) -> Connector {
        let mut tcp = HttpConnector::new();
        // The same connector dials `https://` targets; TLS is added here, over what it returns.
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        // Per TCP connect, and shared among a host's addresses, so that a dead first address
        // leaves time for the next; `timeout` also bounds the whole connection below.
        tcp.set_connect_timeout(Some(timeout));
        Connector {
            tcp,
            tls: TlsConnector::from(Arc::new(tls)),
            proxies,
            timeout,
            user_agent,
        }
    }

    async fn connect(mut self, target: Uri) -> Result<TokioIo<Stream>, BoxError> {
        let https = target.scheme_str() == Some("https");
        let tcp = match self.proxies.route(&target) {
            None => self.tcp.call(target.clone()).await?.into_inner(),
            Some(proxy) => {
                if proxy.uri().scheme_str() != Some("http") {
                    return Err(UnsupportedProxy::new(proxy.uri()).into());
                }
                if !https {
                    // Plain HTTP is sent to the proxy itself, in absolute form (`Connected::proxy`).
                    let tcp = self.tcp.call(proxy.uri().clone()).await?.into_inner();
                    return Ok(TokioIo::new(Stream::Plain { tcp, proxied: true }));
                }
                let tcp = self.tcp.call(proxy.uri().clone()).await?.into_inner();
                tunnel::open(tcp, &target, &self.user_agent, proxy.basic_auth()).await?
            }
        };
        if !https {
            return Ok(TokioIo::new(Stream::Plain {
                tcp,
                proxied: false,
            }));
        }
        let host = target.host().unwrap_or_default();
        // An IPv6 literal is bracketed in a URI and bare in a server name.
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let name = ServerName::try_from(host.to_owned())?;
        let tls = self.tls.connect(name, tcp).await?;
        Ok(TokioIo::new(Stream::Tls(Box::new(tls))))
    }
}

impl Service<Uri> for Connector {
    type Response = TokioIo<Stream>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        // Dialling has no capacity to wait for (HttpConnector is always ready).
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, target: Uri) -> Self::Future {
        let timeout = self.timeout;
        let connecting = self.clone().connect(target);
        Box::pin(async move {
            match tokio::time::timeout(timeout, connecting).await {
                Ok(result) => result,
                Err(_) => Err(ConnectTimedOut.into()),
            }
        })
    }
}

/// One connection: plain TCP (maybe to a proxy) or TLS.
pub(crate) enum Stream {
    Plain { tcp: TcpStream, proxied: bool },
    Tls(Box<TlsStream<TcpStream>>),
}

impl Connection for Stream {
    fn connected(&self) -> Connected {
        match self {
            Stream::Plain { proxied, .. } => Connected::new().proxy(*proxied),
            Stream::Tls(tls) if tls.get_ref().1.alpn_protocol() == Some(b"h2") => {
                Connected::new().negotiated_h2()
            }
            Stream::Tls(_) => Connected::new(),
        }
    }
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain { tcp, .. } => Pin::new(tcp).poll_read(cx, buf),
            Stream::Tls(tls) => Pin::new(tls.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain { tcp, .. } => Pin::new(tcp).poll_write(cx, buf),
            Stream::Tls(tls) => Pin::new(tls.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain { tcp, .. } => Pin::new(tcp).poll_write_vectored(cx, bufs),
            Stream::Tls(tls) => Pin::new(tls.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    // hyper sends headers and body in one `writev` when the stream says it can.
    fn is_write_vectored(&self) -> bool {
        match self {
            Stream::Plain { tcp, .. } => tcp.is_write_vectored(),
            Stream::Tls(tls) => tls.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain { tcp, .. } => Pin::new(tcp).poll_flush(cx),
            Stream::Tls(tls) => Pin::new(tls.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain { tcp, .. } => Pin::new(tcp).poll_shutdown(cx),
            Stream::Tls(tls) => Pin::new(tls.as_mut()).poll_shutdown(cx),
        }
    }
}

/// rustls with ring, trusting the web's roots (webpki-roots, as browsers do) plus `extra_pems`.
pub(crate) fn tls_config(extra_pems: &[Vec<u8>]) -> Result<rustls::ClientConfig, String> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;

    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for pem in extra_pems {
        let certificates = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("root certificate: {e}"))?;
        if certificates.is_empty() {
            return Err("root certificate: no certificate in the PEM".into());
        }
        for certificate in certificates {
            roots
                .add(certificate)
                .map_err(|e| format!("root certificate: {e}"))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}
