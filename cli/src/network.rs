//! How the CLI reaches the API: `--proxy` and `--ca-file`, given to every client it builds, the
//! SDK's ([`Network::builder`]) and the sandbox routes' ([`Network::http_client`]). Without them
//! both clients do what the SDK does: the environment's proxy (`HTTPS_PROXY`, `HTTP_PROXY`,
//! `ALL_PROXY`, `NO_PROXY`) and the operating system's trust store plus `SSL_CERT_FILE` and
//! `SSL_CERT_DIR`.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use smtpprovider::{Client, ClientBuilder};

/// One `--ca-file`: its path and the PEM text read from it while the command line was parsed, so
/// that a file that cannot be used stops the command before anything is sent.
#[derive(Clone)]
pub struct CaFile {
    /// The file as given.
    pub path: PathBuf,
    /// Its text: one or more PEM certificates (other PEM sections, such as keys, are skipped).
    pub pem: Vec<u8>,
}

impl fmt::Debug for CaFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaFile")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Reads a `--ca-file` (clap's value parser, so a failure is a usage error, exit code 2): the
/// file must be readable and hold at least one PEM certificate.
pub fn read_ca_file(path: PathBuf) -> Result<CaFile, String> {
    let pem = std::fs::read(&path).map_err(|e| format!("cannot read it: {e}"))?;
    let certificates = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("not a PEM file of certificates: {e}"))?;
    if certificates.is_empty() {
        return Err("no PEM certificate in it (no -----BEGIN CERTIFICATE----- line)".into());
    }
    Ok(CaFile { path, pem })
}

/// The proxy and the extra root certificates of one command.
#[derive(Clone, Default)]
pub struct Network {
    /// `--proxy`: every request through it, the environment's proxy variables ignored.
    proxy: Option<String>,
    /// The `--ca-file`s' PEM texts, trusted besides the system's roots.
    roots: Vec<Vec<u8>>,
}

/// The proxy URL may hold a password: `Debug` says only whether there is one.
impl fmt::Debug for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Network")
            .field("proxy", &self.proxy.as_ref().map(|_| "(set, not shown)"))
            .field("roots", &self.roots.len())
            .finish()
    }
}

impl Network {
    /// The network of `--proxy` and `--ca-file`.
    pub fn new(proxy: Option<String>, ca_files: &[CaFile]) -> Network {
        Network {
            proxy,
            roots: ca_files.iter().map(|file| file.pem.clone()).collect(),
        }
    }

    /// The builder every SDK client of the CLI starts from: `base_url`, the extra roots and the
    /// proxy. A proxy URL the SDK cannot use is refused when the client is built, before any
    /// request (`InvalidInput`, without its credentials).
    pub fn builder(&self, base_url: &str) -> ClientBuilder {
        let mut builder = Client::builder().base_url(base_url);
        for pem in &self.roots {
            builder = builder.add_root_certificate_pem(pem.clone());
        }
        match &self.proxy {
            Some(proxy) => builder.proxy(proxy.as_str()),
            None => builder,
        }
    }

    /// A reqwest client for the sandbox-only routes, reaching them the way the SDK does.
    pub fn http_client(&self, timeout: Duration) -> Result<reqwest::Client, String> {
        // The CLI is an application, so it may choose the process's crypto provider for reqwest's
        // rustls: ring, as the SDK's own client uses (the workspace's reqwest brings none).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder().timeout(timeout);
        for pem in &self.roots {
            let certificates = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| format!("--ca-file: {e}"))?;
            builder = builder.tls_certs_merge(certificates);
        }
        if let Some(proxy) = &self.proxy {
            // reqwest's error would repeat the URL, credentials and all.
            let proxy = reqwest::Proxy::all(proxy.as_str())
                .map_err(|_| "--proxy: not a proxy URL (not shown)".to_owned())?;
            builder = builder.proxy(proxy);
        }
        builder
            .build()
            .map_err(|e| format!("cannot build an HTTP client: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_neither_the_proxy_url_nor_the_certificates() {
        let network = Network::new(
            Some("http://user:pw-not-shown@127.0.0.1:3128".into()),
            &[CaFile {
                path: "ca.pem".into(),
                pem: b"-----BEGIN CERTIFICATE-----".to_vec(),
            }],
        );
        let shown = format!("{network:?} {:?}", network.clone());
        assert!(
            !shown.contains("pw-not-shown") && !shown.contains("127.0.0.1"),
            "{shown}"
        );
        assert!(shown.contains("roots: 1"), "{shown}");
    }

    #[test]
    fn a_file_without_a_certificate_is_refused() {
        let file = std::env::temp_dir().join(format!(
            "smtpprovider-cli-not-a-ca-{}.pem",
            std::process::id()
        ));
        std::fs::write(&file, "{\"not\": \"a certificate\"}").unwrap();
        let refused = read_ca_file(file.clone());
        std::fs::remove_file(&file).unwrap();
        assert!(
            refused
                .as_ref()
                .is_err_and(|e| e.contains("no PEM certificate")),
            "{refused:?}"
        );
    }
}
