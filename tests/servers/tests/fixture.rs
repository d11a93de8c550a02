//! The fixture itself: what the other languages' tests take for granted about it.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};
use smtpprovider_test_servers::{TestServers, PLAIN_HTTP_DOMAIN};

/// `ca_dir` holds the test CA alone, under the name OpenSSL looks it up by (`<8 hex digits>.0`).
#[test]
fn ca_dir_holds_only_the_hashed_ca() {
    let servers = TestServers::start().expect("the test servers start");
    let names: Vec<String> = std::fs::read_dir(&servers.ca_dir)
        .expect("ca_dir is a directory")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .into_string()
                .expect("UTF-8")
        })
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let (hash, suffix) = names[0].split_once('.').expect("a dot");
    assert!(
        suffix == "0" && hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "{names:?}"
    );
    let copy = std::fs::read_to_string(servers.ca_dir.join(&names[0])).expect("readable");
    assert_eq!(copy, servers.ca_pem_text());
}

/// `with_system_ca` names the script, executable (the mode git keeps), so it runs by its path.
#[test]
fn with_system_ca_is_an_executable_script() {
    use std::os::unix::fs::PermissionsExt as _;
    let servers = TestServers::start().expect("the test servers start");
    assert!(servers.with_system_ca.is_absolute());
    let mode = std::fs::metadata(&servers.with_system_ca)
        .expect("the script exists")
        .permissions()
        .mode();
    assert_eq!(mode & 0o111, 0o111, "{mode:o}");
}

/// The SOCKS proxy resolves a name and relays the bytes both ways (here a TLS connection to
/// `trusted`), and its log names the destination as the client gave it.
#[test]
fn socks_proxy_relays_a_connection_and_logs_its_destination() {
    let servers = TestServers::start().expect("the test servers start");
    let port = port_of(&servers.trusted.url);
    let proxy = servers
        .socks_proxy
        .url
        .strip_prefix("socks5h://")
        .expect("socks5h");
    let tunnel = socks5_connect(proxy, "localhost", port);
    let status = over_tls(tunnel, &servers, "GET /api/through-socks", "localhost");
    assert!(status.starts_with("HTTP/1.1 "), "{status:?}");
    assert_eq!(
        servers.socks_proxy.connections(),
        [format!("localhost:{port}")]
    );
}

/// The HTTPS proxy presents a certificate for `localhost` from the test CA, takes an ordinary
/// proxy request inside the TLS (here plain HTTP, absolute-form), and only its own log has it.
#[test]
fn https_proxy_relays_a_request_inside_tls_and_logs_it_alone() {
    let servers = TestServers::start().expect("the test servers start");
    let port = port_of(&servers.https_proxy.url);
    let stream = TcpStream::connect(("localhost", port)).expect("the HTTPS proxy accepts");
    let target = format!("{}/through-https-proxy", servers.https_proxy.plain_http_url);
    let host = format!("api.{PLAIN_HTTP_DOMAIN}");
    let status = over_tls(stream, &servers, &format!("GET {target}"), &host);
    assert!(status.starts_with("HTTP/1.1 "), "{status:?}");
    assert_eq!(
        servers.https_proxy.requests(),
        [format!("GET {target} HTTP/1.1")]
    );
    assert_eq!(servers.proxy.requests(), Vec::<String>::new());
}

/// The port of `scheme://host:PORT/...`.
fn port_of(url: &str) -> u16 {
    let authority = url.split('/').nth(2).expect("an authority");
    let (_, port) = authority.rsplit_once(':').expect("a port");
    port.parse().expect("a port number")
}

/// A TCP connection to `host:port` through the SOCKS5 proxy at `proxy` (no credentials), the host
/// sent as a name for the proxy to resolve (RFC 1928).
fn socks5_connect(proxy: &str, host: &str, port: u16) -> TcpStream {
    let mut stream = TcpStream::connect(proxy).expect("the SOCKS proxy accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    // Version 5, one method offered: no authentication.
    stream.write_all(&[5, 1, 0]).expect("greeting sent");
    let mut choice = [0; 2];
    stream.read_exact(&mut choice).expect("method chosen");
    assert_eq!(choice, [5, 0], "no authentication");
    // CONNECT, reserved, address type 3: a name, length-prefixed; then the port.
    let mut request = vec![5, 1, 0, 3, u8::try_from(host.len()).expect("a short name")];
    request.extend(host.as_bytes());
    request.extend(port.to_be_bytes());
    stream.write_all(&request).expect("request sent");
    // microsocks always answers with an IPv4 bound address: 10 bytes.
    let mut reply = [0; 10];
    stream.read_exact(&mut reply).expect("a reply");
    assert_eq!(reply[..2], [5, 0], "connected");
    stream
}

/// Sends the request `method_and_target` for `host` over TLS to `localhost` on `stream`, trusting
/// the test CA alone, and returns the answer's status line.
fn over_tls(
    stream: TcpStream,
    servers: &TestServers,
    method_and_target: &str,
    host: &str,
) -> String {
    let tls = ClientConnection::new(trusting_the_test_ca(servers), localhost()).expect("a client");
    let mut tls = StreamOwned::new(tls, stream);
    let request =
        format!("{method_and_target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    tls.write_all(request.as_bytes())
        .expect("handshake done (the certificate checked) and request sent");
    let mut status = String::new();
    BufReader::new(tls)
        .read_line(&mut status)
        .expect("an answer");
    status
}

fn trusting_the_test_ca(servers: &TestServers) -> Arc<ClientConfig> {
    let mut roots = RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_file(&servers.ca_pem).expect("the CA's certificate"))
        .expect("a usable root");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS 1.2 and 1.3")
        .with_root_certificates(roots)
        .with_no_client_auth();
    Arc::new(config)
}

fn localhost() -> ServerName<'static> {
    ServerName::try_from("localhost").expect("a name")
}
