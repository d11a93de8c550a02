//! Android's platform verifier with the extra roots as a second opinion (`trust.rs`), since
//! rustls-platform-verifier cannot add roots to Android's trust manager. Written here because no
//! crate offers "either of two verifiers"; it only delegates.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

/// Accepts what the platform accepts, else what chains to the extra roots.
#[derive(Debug)]
pub(super) struct EitherVerifier {
    pub(super) platform: Arc<rustls_platform_verifier::Verifier>,
    pub(super) extra: Arc<WebPkiServerVerifier>,
}

impl ServerCertVerifier for EitherVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verify = |verifier: &dyn ServerCertVerifier| {
            verifier.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        };
        // The platform's refusal is the one reported when the extra roots do not help either.
        verify(self.platform.as_ref())
            .or_else(|refusal| verify(self.extra.as_ref()).map_err(|_| refusal))
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.platform.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.platform.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.platform.supported_verify_schemes()
    }
}
