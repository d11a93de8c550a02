//! Which servers the client trusts: the operating system's verifier (rustls-platform-verifier:
//! the OS store on Linux, the keychain and its settings on Apple platforms, Windows' CryptoAPI,
//! Android's `X509TrustManager`, so user- and MDM-installed CAs count), plus extra roots:
//!
//! - the PEM certificates given to the builder (every language's `root_certificates` option);
//! - `SSL_CERT_FILE` and `SSL_CERT_DIR`, on every platform. On macOS, Windows and Android the
//!   platform ignores them, so they are read here and added. On Linux and the BSDs the OS store's
//!   loader (rustls-native-certs) reads them itself, but *instead of* the system's locations
//!   (OpenSSL's convention), so there the system's locations are read here and added back: a
//!   company CA in `SSL_CERT_FILE` must not make every public server untrusted.
//!
//! When the system has no CA certificates at all (a `scratch` or distroless container, Alpine
//! without `ca-certificates`), the web's roots compiled into the library (webpki-roots, as
//! browsers trust them) are used instead, with a warning, rather than refusing to build a client.
//!
//! Reading the store costs milliseconds (about 150 certificates parsed), on the thread that builds
//! the client, which in Python and Node is the event loop's. So the config is built once per
//! process for each set of settings and cloned after: a CA installed while the process runs is
//! trusted by the next process, as with Go's and Java's system pools.
//!
//! The config is built here and handed to reqwest whole, with ring as its crypto provider: ring
//! builds for every target with a C compiler alone (aws-lc-rs, reqwest's default, needs cmake to
//! cross-compile), and reqwest's `rustls-no-provider` would otherwise need a process-wide default
//! provider installed, which a library must not impose on its host application.

use std::ffi::OsString;
use std::path::Path;
use std::sync::{Arc, Mutex};

use rustls::client::danger::ServerCertVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;

#[cfg(target_os = "android")]
mod either;

/// What a config is built from.
#[derive(PartialEq, Eq)]
struct Settings {
    extra_pems: Vec<Vec<u8>>,
    cert_file: Option<OsString>,
    cert_dir: Option<OsString>,
}

/// The TLS config of one client, offering h2 and HTTP/1.1 by ALPN: the last one built when the
/// settings are the same (one slot: a process's clients nearly always share their settings).
pub(crate) fn tls_config(extra_pems: &[Vec<u8>]) -> Result<rustls::ClientConfig, String> {
    static LAST: Mutex<Option<(Settings, rustls::ClientConfig)>> = Mutex::new(None);
    let settings = Settings {
        extra_pems: extra_pems.to_vec(),
        cert_file: std::env::var_os("SSL_CERT_FILE"),
        cert_dir: std::env::var_os("SSL_CERT_DIR"),
    };
    let mut last = LAST.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((built_for, config)) = last.as_ref() {
        if *built_for == settings {
            return Ok(config.clone());
        }
    }
    let config = build(&settings)?;
    *last = Some((settings, config.clone()));
    Ok(config)
}

fn build(settings: &Settings) -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut extra_roots = given_roots(&settings.extra_pems)?;
    extra_roots.extend(roots_the_platform_leaves_out(settings));
    let verifier = verifier(extra_roots, provider.clone())?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// The certificates of the builder's PEMs; a PEM without one, or a bad one, is refused.
fn given_roots(pems: &[Vec<u8>]) -> Result<Vec<CertificateDer<'static>>, String> {
    let mut roots = Vec::new();
    for pem in pems {
        let certificates = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("root certificate: {e}"))?;
        if certificates.is_empty() {
            return Err("root certificate: no certificate in the PEM".into());
        }
        roots.extend(certificates);
    }
    Ok(roots)
}

/// Linux and the BSDs: when `SSL_CERT_FILE` or `SSL_CERT_DIR` is set, the OS store's loader
/// reads only what they name, so the system's own locations (those it probes otherwise,
/// openssl-probe's list) are added here.
#[cfg(all(unix, not(target_os = "android"), not(target_vendor = "apple")))]
fn roots_the_platform_leaves_out(settings: &Settings) -> Vec<CertificateDer<'static>> {
    if settings.cert_file.is_none() && settings.cert_dir.is_none() {
        return Vec::new();
    }
    let system_dirs = openssl_probe::candidate_cert_dirs().map(Path::to_path_buf);
    load_skipping_errors("the system's CA certificates", None, system_dirs)
}

/// macOS, Windows and Android: the platform ignores `SSL_CERT_FILE` and `SSL_CERT_DIR` (a list
/// of directories, in OpenSSL's hashed layout), so what they name is read here.
#[cfg(not(all(unix, not(target_os = "android"), not(target_vendor = "apple"))))]
fn roots_the_platform_leaves_out(settings: &Settings) -> Vec<CertificateDer<'static>> {
    let dirs = settings.cert_dir.iter().flat_map(std::env::split_paths);
    load_skipping_errors(
        "SSL_CERT_FILE/SSL_CERT_DIR",
        settings.cert_file.as_deref().map(Path::new),
        dirs,
    )
}

/// The certificates in `file` and `dirs`. What cannot be read is logged and skipped, as the OS
/// store's loader does: a stale variable must not stop every client from being built.
fn load_skipping_errors(
    what: &str,
    file: Option<&Path>,
    dirs: impl Iterator<Item = std::path::PathBuf>,
) -> Vec<CertificateDer<'static>> {
    let mut found = rustls_native_certs::load_certs_from_paths(file, None);
    for dir in dirs {
        let loaded = rustls_native_certs::load_certs_from_paths(None, Some(&dir));
        found.certs.extend(loaded.certs);
        found.errors.extend(loaded.errors);
    }
    for error in &found.errors {
        tracing::warn!("{what}: {error}");
    }
    found.certs
}

/// The platform's verifier with `extra_roots` added.
#[cfg(not(target_os = "android"))]
fn verifier(
    extra_roots: Vec<CertificateDer<'static>>,
    provider: Arc<CryptoProvider>,
) -> Result<Arc<dyn ServerCertVerifier>, String> {
    use rustls_platform_verifier::Verifier;
    match Verifier::new_with_extra_roots(extra_roots.clone(), provider.clone()) {
        Ok(platform) => Ok(Arc::new(platform)),
        // Only Linux and the BSDs load roots eagerly, and fail only when there are none at all.
        Err(rustls::Error::General(why)) if cfg!(unix) => {
            tracing::warn!("{why}: trusting the web's roots built into the SDK instead");
            bundled_verifier(extra_roots, provider)
        }
        Err(e) => Err(format!("root certificate: {e}")),
    }
}

/// Android's verifier cannot take extra roots, so they are a second opinion: a certificate the
/// platform refuses is accepted when it chains to one of them.
#[cfg(target_os = "android")]
fn verifier(
    extra_roots: Vec<CertificateDer<'static>>,
    provider: Arc<CryptoProvider>,
) -> Result<Arc<dyn ServerCertVerifier>, String> {
    let platform = Arc::new(
        rustls_platform_verifier::Verifier::new(provider.clone())
            .map_err(|e| format!("TLS: {e}"))?,
    );
    if extra_roots.is_empty() {
        return Ok(platform);
    }
    let extra = webpki_verifier(rustls::RootCertStore::empty(), extra_roots, provider)?;
    Ok(Arc::new(either::EitherVerifier { platform, extra }))
}

/// The web's roots (webpki-roots) plus `extra_roots`, checked by rustls's own verifier.
#[cfg(not(target_os = "android"))]
fn bundled_verifier(
    extra_roots: Vec<CertificateDer<'static>>,
    provider: Arc<CryptoProvider>,
) -> Result<Arc<dyn ServerCertVerifier>, String> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    Ok(webpki_verifier(roots, extra_roots, provider)?)
}

/// rustls's own verifier trusting `roots` and `extra_roots`.
fn webpki_verifier(
    mut roots: rustls::RootCertStore,
    extra_roots: Vec<CertificateDer<'static>>,
    provider: Arc<CryptoProvider>,
) -> Result<Arc<rustls::client::WebPkiServerVerifier>, String> {
    for root in extra_roots {
        roots
            .add(root)
            .map_err(|e| format!("root certificate: {e}"))?;
    }
    rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
        .build()
        .map_err(|e| format!("TLS: {e}"))
}
