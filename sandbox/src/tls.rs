//! HTTPS: a rustls acceptor (ring provider) built from the configured PEM certificate and key.

use std::io;
use std::sync::Arc;

use rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

use crate::config::TlsConfig;

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// Builds the acceptor, offering HTTP/2 and HTTP/1.1 through ALPN.
pub fn acceptor(config: &TlsConfig) -> io::Result<TlsAcceptor> {
    let certs =
        rustls_pemfile::certs(&mut config.cert_pem.as_slice()).collect::<Result<Vec<_>, _>>()?;
    if certs.is_empty() {
        return Err(invalid(
            "the TLS certificate PEM holds no certificate".into(),
        ));
    }
    let key = rustls_pemfile::private_key(&mut config.key_pem.as_slice())?
        .ok_or_else(|| invalid("the TLS key PEM holds no private key".into()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut server = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| invalid(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| invalid(format!("invalid TLS certificate or key: {e}")))?;
    server.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(server)))
}
