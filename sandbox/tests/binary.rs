//! The `smtpprovider-sandbox` binary, run as a subprocess.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Kills the child if a test fails before stopping it.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary and returns it with its first `count` stdout lines.
fn spawn_reading(args: &[&str], count: usize) -> (Running, Vec<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_smtpprovider-sandbox"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        // Keep reading after the test stops listening: a closed pipe would fail the sandbox's
        // later writes (it prints more lines than a test may read) and make it exit.
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let running = Running(child);
    let lines = (0..count)
        .map(|_| {
            rx.recv_timeout(Duration::from_secs(30))
                .expect("a line on stdout")
        })
        .collect();
    (running, lines)
}

/// Starts the binary and returns it with its first two stdout lines.
fn spawn(args: &[&str]) -> (Running, Vec<String>) {
    spawn_reading(args, 2)
}

fn login(base: &str, email: &str, password: &str) -> u16 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        {
            let _ = rustls::crypto::ring::default_provider().install_default();
            reqwest::Client::new()
        }
        .post(format!("{base}/smtp-token-generate"))
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .body(serde_json::json!({"email": email, "password": password}).to_string())
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
    })
}

fn wait_for_exit(running: &mut Running, within: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + within;
    loop {
        if let Some(status) = running.0.try_wait().unwrap() {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "the sandbox did not exit in time"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn prints_its_url_first_answers_and_stops_on_sigterm() {
    let (mut running, lines) = spawn(&["--port", "0", "--rate-limit", "0"]);
    assert!(
        lines[0].starts_with("listening http://127.0.0.1:"),
        "{lines:?}"
    );
    assert!(lines[0].ends_with("/api"));
    assert_eq!(lines[1], "demo user: demo@example.com / demo-password");
    let base = lines[0].trim_start_matches("listening ");
    assert_eq!(login(base, "demo@example.com", "demo-password"), 200);

    let terminated = Command::new("kill")
        .args(["-TERM", &running.0.id().to_string()])
        .status()
        .unwrap();
    assert!(terminated.success());
    assert!(wait_for_exit(&mut running, Duration::from_secs(10)).success());
}

#[test]
fn seeds_the_users_given_instead_of_the_demo_user() {
    let (_running, lines) = spawn(&[
        "--port",
        "0",
        "--user",
        "ann@example.com:secret:Ann",
        "--user",
        "bob@example.com:pw",
    ]);
    assert_eq!(lines[1], "user: ann@example.com / secret");
    let base = lines[0].trim_start_matches("listening ");
    assert_eq!(login(base, "ann@example.com", "secret"), 200);
    assert_eq!(login(base, "demo@example.com", "demo-password"), 401);
}

#[test]
fn limits_requests_as_the_api_does_by_default_and_says_so() {
    let (_running, lines) = spawn_reading(&["--port", "0"], 3);
    assert_eq!(
        lines[2],
        "rate limit: 60 requests a minute per token, as the API (--rate-limit 0 turns it off)"
    );
    let base = lines[0].trim_start_matches("listening ");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let limit = runtime.block_on(async {
        {
            let _ = rustls::crypto::ring::default_provider().install_default();
            reqwest::Client::new()
        }
        .get(format!("{base}/v1/smtp-domain-list"))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap()
        .headers()["x-ratelimit-limit"]
            .to_str()
            .unwrap()
            .to_owned()
    });
    assert_eq!(limit, "60");

    let (_off, lines) = spawn_reading(&["--port", "0", "--rate-limit", "0"], 3);
    assert_eq!(lines[2], "rate limit: off");
}

#[test]
fn refuses_bad_flags() {
    let output = Command::new(env!("CARGO_BIN_EXE_smtpprovider-sandbox"))
        .args(["--user", "no-password"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let output = Command::new(env!("CARGO_BIN_EXE_smtpprovider-sandbox"))
        .args(["--tls-cert", "/nonexistent"])
        .output()
        .unwrap();
    assert!(!output.status.success(), "--tls-cert needs --tls-key");
}
