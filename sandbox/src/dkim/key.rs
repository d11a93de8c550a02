//! One DKIM key pair and the TXT value that publishes its public half.

use std::fmt;

use base64::Engine as _;
use rsa::pkcs8::EncodePublicKey as _;
use rsa::RsaPrivateKey;

/// The size the provider's keys have (and the minimum RFC 8301 asks verifiers to accept).
const KEY_BITS: usize = 2048;

/// A freshly generated 2048-bit RSA DKIM key.
///
/// Only the public half is kept: the sandbox never signs mail, and the contract says the private
/// key is never returned. (Tests keep the private half to prove the public key belongs to it.)
pub struct DkimKey {
    /// Base64 of the DER `SubjectPublicKeyInfo`, the form a DKIM `p=` tag carries.
    public_key_b64: String,
    #[cfg(test)]
    private_key: RsaPrivateKey,
}

impl DkimKey {
    /// Generates a new key pair. Slow (tens to hundreds of milliseconds): callers go through the pool.
    pub(super) fn generate() -> Self {
        // Generation with two primes and e = 65537 only fails for invalid sizes, and a valid key
        // always encodes; neither depends on input, so a failure here is a bug, not a runtime case.
        let private_key = RsaPrivateKey::new(&mut rand::rngs::OsRng, KEY_BITS)
            .expect("generating a 2048-bit RSA key cannot fail");
        let spki = private_key
            .to_public_key()
            .to_public_key_der()
            .expect("encoding a valid RSA public key cannot fail");
        Self {
            public_key_b64: base64::engine::general_purpose::STANDARD.encode(spki.as_bytes()),
            #[cfg(test)]
            private_key,
        }
    }

    /// The DKIM TXT record value: `v=DKIM1; h=sha256; k=rsa; p=<base64 SubjectPublicKeyInfo>`.
    pub fn txt_value(&self) -> String {
        format!("v=DKIM1; h=sha256; k=rsa; p={}", self.public_key_b64)
    }

    /// The public key alone, as the `p=` tag carries it (base64 of the DER `SubjectPublicKeyInfo`).
    pub fn public_key_b64(&self) -> &str {
        &self.public_key_b64
    }
}

/// Shows the public key only, so that a key inside logged state never prints anything secret.
impl fmt::Debug for DkimKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DkimKey")
            .field("public_key_b64", &self.public_key_b64)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs8::DecodePublicKey as _;
    use rsa::traits::PublicKeyParts as _;
    use rsa::{Pkcs1v15Encrypt, RsaPublicKey};

    fn decode_p(value: &str) -> RsaPublicKey {
        let p = value.rsplit_once("p=").expect("a p= tag").1;
        let der = base64::engine::general_purpose::STANDARD
            .decode(p)
            .expect("p= is standard base64");
        RsaPublicKey::from_public_key_der(&der).expect("p= is a DER SubjectPublicKeyInfo")
    }

    #[test]
    fn txt_value_has_the_dkim_tags_in_order_and_the_public_key() {
        let key = DkimKey::generate();
        let value = key.txt_value();
        assert_eq!(
            value,
            format!("v=DKIM1; h=sha256; k=rsa; p={}", key.public_key_b64())
        );
        assert!(!key.public_key_b64().contains(char::is_whitespace));
    }

    #[test]
    fn p_decodes_to_a_2048_bit_key_that_belongs_to_the_private_key() {
        let key = DkimKey::generate();
        let public = decode_p(&key.txt_value());
        assert_eq!(public.size() * 8, 2048);

        // Encrypting to the published key and decrypting with the private one proves they are a pair.
        let message = b"dkim pair check";
        let sealed = public
            .encrypt(&mut rand::rngs::OsRng, Pkcs1v15Encrypt, message)
            .expect("encrypt");
        let opened = key
            .private_key
            .decrypt(Pkcs1v15Encrypt, &sealed)
            .expect("decrypt");
        assert_eq!(opened, message);
    }

    #[test]
    fn two_keys_differ() {
        assert_ne!(
            DkimKey::generate().public_key_b64(),
            DkimKey::generate().public_key_b64()
        );
    }

    #[test]
    fn debug_output_shows_no_private_material() {
        let key = DkimKey::generate();
        let shown = format!("{key:?}");
        assert!(shown.contains(key.public_key_b64()));
        assert!(!shown.contains("private"));
    }
}
