//! The test CA as a certificate directory in OpenSSL's hashed layout, for the `SSL_CERT_DIR`
//! tests: OpenSSL (and what reads such directories the same way) looks a certificate up by the
//! hash of its issuer's name, in the file `<hash>.0`.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::daemon::find_binary;

/// Makes `dir/ca` holding only `ca_pem`, named `<subject hash>.0` as `openssl rehash` would name
/// it, and returns the directory. The hash is the `openssl` binary's (`x509 -hash`) rather than
/// our own: it is a SHA-1 of the name in OpenSSL's canonical form (case-folded, spaces collapsed,
/// re-encoded), which the binary gets right by definition.
pub fn write(dir: &Path, ca_pem: &Path) -> io::Result<PathBuf> {
    let openssl = find_binary("openssl", "openssl")?;
    let output = Command::new(openssl)
        .args(["x509", "-hash", "-noout", "-in"])
        .arg(ca_pem)
        .output()?;
    let hash = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if !output.status.success() || hash.is_empty() {
        return Err(io::Error::other(format!(
            "openssl x509 -hash failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    let ca_dir = dir.join("ca");
    std::fs::create_dir(&ca_dir)?;
    std::fs::copy(ca_pem, ca_dir.join(format!("{hash}.0")))?;
    Ok(ca_dir)
}
