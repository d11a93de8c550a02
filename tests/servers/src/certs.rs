//! The certificates nginx serves: one test CA the clients are told to trust, and leaves that are
//! good, expired, for another host name, or signed by a CA nobody trusts.

use std::io;
use std::path::{Path, PathBuf};

use rcgen::{
    date_time_ymd, BasicConstraints, Certificate, CertificateParams, DnType, IsCa, KeyPair,
};

/// The names the good leaves are valid for: what the servers' URLs use (`localhost`), the
/// address the `NO_PROXY` tests reach the same server by, and its IPv6 address.
pub const SERVER_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "::1"];
/// The only name the wrong-host leaf is valid for.
pub const WRONG_HOST: &str = "wrong-host.example";

/// A certificate and its private key, PEM-encoded.
pub struct Pem {
    pub cert: String,
    pub key: String,
}

impl Pem {
    /// Writes `dir/{name}.pem` and `dir/{name}.key`, where [`cert_file`] and [`key_file`] find them.
    pub fn write(&self, dir: &Path, name: &str) -> io::Result<()> {
        std::fs::write(cert_file(dir, name), &self.cert)?;
        std::fs::write(key_file(dir, name), &self.key)
    }
}

pub fn cert_file(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.pem"))
}

pub fn key_file(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.key"))
}

/// A CA that signs leaves.
pub struct Authority {
    certificate: Certificate,
    key: KeyPair,
}

impl Authority {
    pub fn new(name: &str) -> Result<Self, rcgen::Error> {
        let mut params = CertificateParams::new(Vec::<String>::new())?;
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        let key = KeyPair::generate()?;
        let certificate = params.self_signed(&key)?;
        Ok(Authority { certificate, key })
    }

    pub fn pem(&self) -> String {
        self.certificate.pem()
    }

    /// A leaf for `names`, valid from long ago to far ahead (rcgen's defaults).
    pub fn leaf(&self, names: &[&str]) -> Result<Pem, rcgen::Error> {
        self.sign(leaf_params(names)?)
    }

    /// A leaf for `names` that expired years ago.
    pub fn expired_leaf(&self, names: &[&str]) -> Result<Pem, rcgen::Error> {
        let mut params = leaf_params(names)?;
        params.not_before = date_time_ymd(2020, 1, 1);
        params.not_after = date_time_ymd(2021, 1, 1);
        self.sign(params)
    }

    fn sign(&self, params: CertificateParams) -> Result<Pem, rcgen::Error> {
        let key = KeyPair::generate()?;
        let certificate = params.signed_by(&key, &self.certificate, &self.key)?;
        Ok(Pem {
            cert: certificate.pem(),
            key: key.serialize_pem(),
        })
    }
}

fn leaf_params(names: &[&str]) -> Result<CertificateParams, rcgen::Error> {
    let names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
    let mut params = CertificateParams::new(names.clone())?;
    params
        .distinguished_name
        .push(DnType::CommonName, &names[0]);
    Ok(params)
}
