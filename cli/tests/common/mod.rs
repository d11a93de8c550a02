//! Running the built `smtpprovider` binary in a test: with only the environment the test gives
//! it, a deadline, and stdout and stderr kept apart.
#![allow(dead_code)] // each test file uses its own subset of these helpers

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use smtpprovider_test_servers::PROXY_VARIABLES;

/// Longest any one run of the binary may take before the test kills it and fails.
const RUN_DEADLINE: Duration = Duration::from_secs(120);

/// Every variable of the caller's environment the binary would read besides the proxies'
/// (`PROXY_VARIABLES`): the session, extra CAs and logging. A test sets the ones it means.
const CALLERS_VARIABLES: [&str; 9] = [
    "SMTPPROVIDER_BASE_URL",
    "SMTPPROVIDER_TOKEN",
    "SMTPPROVIDER_USER_ID",
    "SMTPPROVIDER_EMAIL",
    "SMTPPROVIDER_PASSWORD",
    "SMTPPROVIDER_PROXY",
    "SMTPPROVIDER_LOG",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
];

/// What a run of the binary left.
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary with `args` and, of the variables it reads, only those in `env`.
pub fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_smtpprovider"));
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for name in CALLERS_VARIABLES.iter().chain(&PROXY_VARIABLES) {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    let mut child = command.spawn().unwrap();
    // Drain the pipes on their own threads so a chatty child never blocks on a full pipe.
    let mut stdout_pipe = child.stdout.take().unwrap();
    let mut stderr_pipe = child.stderr.take().unwrap();
    let stdout = std::thread::spawn(move || {
        let mut text = String::new();
        stdout_pipe.read_to_string(&mut text).unwrap();
        text
    });
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        stderr_pipe.read_to_string(&mut text).unwrap();
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > RUN_DEADLINE {
            child.kill().unwrap();
            panic!("smtpprovider {args:?} ran longer than {RUN_DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// `text` parsed as JSON, or a panic showing it.
pub fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// `env` as the `(name, value)` pairs [`run`] takes.
pub fn with<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}
