//! Where trust comes from besides the builder's extra roots, against nginx with certificates from
//! a test CA (`tests/servers`): `SSL_CERT_FILE`, `SSL_CERT_DIR`, and the operating system's store
//! (the test CA installed with `update-ca-certificates` in a child process's own mount namespace,
//! so the machine's store is never touched). The tests set the process's environment, so they
//! run one at a time and in their own test binary.

mod common;

use std::path::Path;
use std::process::Command;

use common::environment::Environment;
use smtpprovider::{blocking, Client, ErrorKind};

/// What a call to a server whose CA is not trusted says.
const UNKNOWN_ISSUER: &str = "not signed by a trusted certificate authority";

const TRUST_VARIABLES: [&str; 2] = ["SSL_CERT_FILE", "SSL_CERT_DIR"];

/// The trust variables of one test: exactly `set`, removed again when dropped.
fn trust_environment(set: &[(&str, &Path)]) -> Environment {
    Environment::set(&TRUST_VARIABLES, set)
}

/// Lists the domains at `url` with a client built now, given no extra root.
fn list_at(url: &str) -> smtpprovider::Result<usize> {
    let client: blocking::Client = Client::builder()
        .base_url(url)
        .token("1|not-used")
        .user_id(1)
        .max_retries(0)
        .build_blocking()?;
    // The sandbox answers an unknown token 401: reaching it is what counts here.
    match client.domains().list() {
        Err(e) if e.kind() == ErrorKind::Authentication => Ok(0),
        other => other.map(|domains| domains.len()),
    }
}

fn assert_refused(result: smtpprovider::Result<usize>) {
    let err = result.expect_err("the test CA is not trusted");
    assert_eq!(err.kind(), ErrorKind::Connection, "{err}");
    assert!(err.to_string().contains(UNKNOWN_ISSUER), "{err}");
}

#[test]
fn ssl_cert_file_names_an_extra_root() {
    let servers = common::servers::start();
    {
        let _env = trust_environment(&[]);
        assert_refused(list_at(&servers.trusted.url));
    }
    let _env = trust_environment(&[("SSL_CERT_FILE", &servers.ca_pem)]);
    list_at(&servers.trusted.url).unwrap();
    assert_eq!(
        servers.trusted.failed_handshakes(),
        1,
        "only the first call"
    );
}

#[test]
fn ssl_cert_dir_names_a_directory_of_extra_roots() {
    let servers = common::servers::start();
    let _env = trust_environment(&[("SSL_CERT_DIR", &servers.ca_dir)]);
    list_at(&servers.trusted.url).unwrap();
    // A certificate from another CA is still refused.
    assert_refused(list_at(&servers.untrusted.url));
}

#[test]
fn an_unreadable_ssl_cert_file_is_skipped_not_fatal() {
    let servers = common::servers::start();
    let _env = trust_environment(&[("SSL_CERT_FILE", Path::new("/nonexistent/ca.pem"))]);
    // The client still builds and calls, trusting the system's store, which does not include the
    // test CA.
    assert_refused(list_at(&servers.trusted.url));
    let client = Client::builder()
        .base_url(&servers.sandbox_url)
        .token("1|not-used")
        .user_id(1)
        .build_blocking()
        .unwrap();
    let err = client.domains().list().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication, "{err}");
}

/// Set in the child process of the next test: the URL it calls.
const CHILD_URL: &str = "SMTPPROVIDER_TEST_CHILD_URL";
/// What the child prints when its call reached the server.
const REACHED: &str = "child: reached the server";

#[test]
fn the_operating_systems_store_is_trusted() {
    if let Ok(url) = std::env::var(CHILD_URL) {
        // The child half: one call, its outcome printed for the parent.
        match list_at(&url) {
            Ok(_) => println!("{REACHED}"),
            Err(e) => println!("child: {e}"),
        }
        return;
    }
    let servers = common::servers::start();
    let store = Path::new("/etc/ssl/certs/ca-certificates.crt");
    let before = std::fs::read(store).unwrap();
    let this_test = |wrapper: Option<&Path>, cert_file: Option<&Path>| {
        let exe = std::env::current_exe().unwrap();
        let mut command = match wrapper {
            Some(wrapper) => {
                let mut command = Command::new(wrapper);
                command.arg(&servers.ca_pem).arg(exe);
                command
            }
            None => Command::new(exe),
        };
        command
            .args(["--exact", "the_operating_systems_store_is_trusted"])
            .args(["--nocapture", "--test-threads=1"])
            .env(CHILD_URL, &servers.trusted.url)
            .env_remove("SSL_CERT_FILE")
            .env_remove("SSL_CERT_DIR");
        if let Some(file) = cert_file {
            command.env("SSL_CERT_FILE", file);
        }
        let output = command.output().unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let with_the_ca_installed = this_test(Some(&servers.with_system_ca), None);
    assert!(
        with_the_ca_installed.contains(REACHED),
        "{with_the_ca_installed}"
    );
    // SSL_CERT_FILE naming another CA (a company's) adds it: the system's store still counts, where
    // OpenSSL's convention, and rustls-native-certs', would read the file alone.
    let other_ca = std::env::temp_dir().join(format!("other-ca-{}.pem", std::process::id()));
    std::fs::write(&other_ca, first_certificate(&before)).unwrap();
    let with_another_ca_in_the_variable = this_test(Some(&servers.with_system_ca), Some(&other_ca));
    std::fs::remove_file(&other_ca).unwrap();
    assert!(
        with_another_ca_in_the_variable.contains(REACHED),
        "{with_another_ca_in_the_variable}"
    );
    let without = this_test(None, None);
    assert!(without.contains(UNKNOWN_ISSUER), "{without}");
    assert_eq!(std::fs::read(store).unwrap(), before, "the store changed");
}

/// The first certificate of a PEM bundle, as PEM.
fn first_certificate(bundle: &[u8]) -> String {
    const END: &str = "-----END CERTIFICATE-----";
    let text = String::from_utf8_lossy(bundle);
    let start = text
        .find("-----BEGIN CERTIFICATE-----")
        .expect("a certificate");
    let end = text[start..].find(END).expect("its end") + start + END.len();
    format!("{}\n", &text[start..end])
}
