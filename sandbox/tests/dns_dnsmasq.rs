//! Domain verification against a real DNS server (dnsmasq), not just the sandbox's own zone server:
//! proves the resolver side works with an independent implementation, including multi-string TXT
//! records and a TCP retry after a truncated UDP answer.
//!
//! Needs the `dnsmasq` binary (Debian/Ubuntu: `apt-get install dnsmasq`; CI installs it). Each test
//! runs its own instance on a free loopback port; the system service, if any, plays no part.

use std::io::Read as _;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, UdpSocket};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hickory_proto::op::{Message, Query};
use hickory_proto::rr::{Name, RecordType};
use serde_json::{json, Value};
use smtpprovider_sandbox::{Sandbox, SandboxConfig};

/// Every name the test publishes is under this domain.
const TEST_ZONE: &str = "example.com";

/// Long enough that the DKIM answer (~420 bytes of key plus the name, twice) exceeds 512 bytes:
/// dnsmasq truncates the UDP answer and the sandbox's resolver must retry over TCP.
const LONG_DOMAIN: &str = "dkim-record-too-long-for-a-plain-udp-answer-forces-tcp.example.com";

/// How long dnsmasq may take to answer its first query.
const STARTUP_DEADLINE: Duration = Duration::from_secs(10);

/// A dnsmasq process serving fixed TXT records on 127.0.0.1; killed on drop.
struct Dnsmasq {
    child: Child,
    address: SocketAddr,
}

impl Dnsmasq {
    /// Starts dnsmasq on a free port. `records` are `(name, character-strings)`.
    fn start(records: &[(&str, Vec<String>)]) -> Self {
        // A port taken between probing and dnsmasq's bind makes it exit; try another.
        let mut last_failure = String::new();
        for _ in 0..5 {
            match Self::start_on(free_port(), records) {
                Ok(dnsmasq) => return dnsmasq,
                Err(failure) => last_failure = failure,
            }
        }
        panic!("dnsmasq did not start: {last_failure}");
    }

    /// Starts dnsmasq on `port`, waiting until it answers a query.
    fn start_on(port: u16, records: &[(&str, Vec<String>)]) -> Result<Self, String> {
        let mut command = Command::new(dnsmasq_binary());
        command.args([
            // Stay in the foreground (so the child is dnsmasq itself) and log to stderr.
            "--no-daemon",
            // Ignore /etc/dnsmasq.conf, /etc/hosts and resolv.conf: answer only what is given here.
            "--conf-file=/dev/null",
            "--no-hosts",
            "--no-resolv",
            // No pid file: its default place under /run needs root.
            "--pid-file",
            // Bind only this address, so that several instances (and a system one) coexist.
            "--listen-address=127.0.0.1",
            "--bind-interfaces",
            // Answer NXDOMAIN for unknown names in the test domain, as its authoritative server
            // would; without upstreams dnsmasq otherwise answers REFUSED.
            &format!("--local=/{TEST_ZONE}/"),
            &format!("--port={port}"),
        ]);
        for (name, strings) in records {
            command.arg(txt_record_flag(name, strings));
        }
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|error| format!("cannot run {:?}: {error}", command.get_program()))?;
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));

        let deadline = Instant::now() + STARTUP_DEADLINE;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                let mut stderr = String::new();
                if let Some(mut pipe) = child.stderr.take() {
                    let _ = pipe.read_to_string(&mut stderr);
                }
                return Err(format!("dnsmasq exited with {status}: {}", stderr.trim()));
            }
            if answers_queries(address) {
                return Ok(Self { child, address });
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "dnsmasq on {address} did not answer within {STARTUP_DEADLINE:?}"
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Dnsmasq {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `--txt-record=<name>,<string>,<string>`: dnsmasq serves each comma-separated part as one
/// character-string of the same record. (Quotes in an argument are not parsed but served literally;
/// only a shell or dnsmasq's config file would strip them.)
fn txt_record_flag(name: &str, strings: &[String]) -> String {
    for string in strings {
        assert!(
            !string.contains(',') && string.len() <= 255,
            "cannot pass {string:?} to dnsmasq"
        );
    }
    format!("--txt-record={name},{}", strings.join(","))
}

/// The dnsmasq binary: on PATH, or in an sbin directory (not on PATH for non-root users on Debian).
fn dnsmasq_binary() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default();
    let sbin = ["/usr/sbin", "/sbin", "/usr/local/sbin"].map(PathBuf::from);
    on_path
        .into_iter()
        .chain(sbin)
        .map(|dir| dir.join("dnsmasq"))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "dnsmasq is required by this test and was not found on PATH or in /usr/sbin; \
                 install it (Debian/Ubuntu: `apt-get install -y dnsmasq`)"
            )
        })
}

/// A loopback port free for both UDP and TCP right now.
fn free_port() -> u16 {
    loop {
        let udp = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind a UDP probe");
        let port = udp.local_addr().expect("probe address").port();
        if TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok() {
            return port;
        }
    }
}

/// Whether a DNS server answers a query at `address` (any answer counts, NXDOMAIN included).
fn answers_queries(address: SocketAddr) -> bool {
    let mut query = Message::new();
    query.set_id(1);
    query.add_query(Query::query(
        Name::from_ascii("probe.invalid.").expect("name"),
        RecordType::A,
    ));
    let bytes = query.to_vec().expect("encode the probe");
    let Ok(socket) = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)) else {
        return false;
    };
    let _ = socket.set_read_timeout(Some(Duration::from_millis(200)));
    let mut buffer = [0u8; 512];
    socket.send_to(&bytes, address).is_ok() && socket.recv_from(&mut buffer).is_ok()
}

/// The domain's DKIM value as two character-strings, as DNS hosting panels publish long keys.
fn in_two_strings(value: &str) -> Vec<String> {
    let (first, second) = value.split_at(value.len() / 2);
    vec![first.to_owned(), second.to_owned()]
}

/// A logged-in HTTP client of a running sandbox.
struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
    user_id: Value,
}

impl Api {
    async fn login(base: String) -> Self {
        let http = {
            let _ = rustls::crypto::ring::default_provider().install_default();
            reqwest::Client::new()
        };
        let (status, body) = send(
            http.post(format!("{base}/smtp-token-generate")),
            Some(json!({"email": "demo@example.com", "password": "demo-password"})),
        )
        .await;
        assert_eq!(status, 200, "login: {body}");
        let token = body["token"].as_str().expect("a token").to_owned();
        let user_id = body["user"]["id"].clone();
        assert!(!user_id.is_null(), "login returns the user: {body}");
        Self {
            http,
            base,
            token,
            user_id,
        }
    }

    async fn add_domain(&self, domain_name: &str) -> Value {
        let (status, body) = send(
            self.http
                .post(format!("{}/v1/smtp-domain-add", self.base))
                .bearer_auth(&self.token),
            Some(json!({"user_id": self.user_id, "domain_name": domain_name})),
        )
        .await;
        assert!(
            status == 200 || status == 201,
            "domain-add: {status} {body}"
        );
        body["data"]["domain"].clone()
    }

    /// The `data` object of domain-verify.
    async fn verify(&self, domain_name: &str) -> Value {
        let user_id = match &self.user_id {
            Value::String(id) => id.clone(),
            id => id.to_string(),
        };
        let (_, body) = send(
            self.http
                .get(format!("{}/v1/smtp-domain-verify", self.base))
                .query(&[("user_id", user_id.as_str()), ("domain_name", domain_name)])
                .bearer_auth(&self.token),
            None,
        )
        .await;
        body["data"].clone()
    }
}

async fn send(request: reqwest::RequestBuilder, json_body: Option<Value>) -> (u16, Value) {
    let mut request = request
        .header("Accept", "application/json")
        .timeout(Duration::from_secs(30));
    if let Some(body) = json_body {
        request = request
            .header("Content-Type", "application/json")
            .body(body.to_string());
    }
    let response = request.send().await.expect("the sandbox answers");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("a body");
    let body = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
        panic!(
            "JSON body, got {status}: {}",
            String::from_utf8_lossy(&bytes)
        )
    });
    (status, body)
}

fn host_and_key(domain: &Value) -> (String, String) {
    let host = domain["host"].as_str().expect("domain.host").to_owned();
    let public_key = domain["public_key"]
        .as_str()
        .expect("domain.public_key")
        .to_owned();
    (host, public_key)
}

#[tokio::test]
async fn verification_reads_dkim_records_from_dnsmasq() {
    // A dnsmasq serving nothing yet: the sandbox is pointed at it for its whole life.
    let empty = Dnsmasq::start(&[]);
    let nameserver = empty.address;
    let sandbox = Sandbox::start(SandboxConfig {
        dns: Some(nameserver),
        rate_limit_per_minute: 0,
        ..Default::default()
    })
    .expect("sandbox starts");
    let api = Api::login(sandbox.base_url().to_string()).await;

    let good = api.add_domain(LONG_DOMAIN).await;
    let wrong = api.add_domain("dnsmasq-wrong.example.com").await;
    let (good_host, good_key) = host_and_key(&good);
    let (wrong_host, _) = host_and_key(&wrong);
    assert_eq!(good_host, format!("smtp._domainkey.{LONG_DOMAIN}"));
    assert!(good_key.starts_with("v=DKIM1;"), "{good_key}");

    let not_found = api.verify(LONG_DOMAIN).await;
    assert_eq!(not_found["success"], false, "{not_found}");
    assert_eq!(not_found["message"], "DKIM record not found");

    // dnsmasq cannot change its records while running: restart it on the same port, now serving
    // the good domain's own key, and the good domain's key under the wrong domain's host.
    drop(empty);
    let _serving = Dnsmasq::start_on(
        nameserver.port(),
        &[
            (good_host.as_str(), in_two_strings(&good_key)),
            (wrong_host.as_str(), in_two_strings(&good_key)),
        ],
    )
    .expect("dnsmasq restarts on the same port");

    let verified = api.verify(LONG_DOMAIN).await;
    assert_eq!(verified["success"], true, "{verified}");
    assert_eq!(verified["message"], "Verified Successfully");

    let mismatch = api.verify("dnsmasq-wrong.example.com").await;
    assert_eq!(mismatch["success"], false, "{mismatch}");
    assert_eq!(mismatch["message"], "DKIM record does not match");
}
