//! The fault matrix (`tests/faults/cases.json`, format in its README) through the async client:
//! every case, for GET and for POST, against the sandbox crate's hostile server. Each run must
//! end with the expected outcome (a success or an error kind, with its status), after exactly the
//! requests the server expects (so a POST that may have been processed is never sent twice unless
//! the caller opted in), within the call's deadline; and the process must still make calls after.
//! The Python, Node and Kotlin suites run the same file.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use smtpprovider::{Client, ClientBuilder};
use smtpprovider_sandbox::HostileServer;

const CASES: &str = include_str!("../../tests/faults/cases.json");

/// The client options a case may set, each applied to the builder.
fn options(mut builder: ClientBuilder, client: &Map<String, Value>) -> ClientBuilder {
    for (name, value) in client {
        let number = || value.as_u64().unwrap_or_else(|| panic!("{name}: {value}"));
        builder = match name.as_str() {
            "timeout_ms" => builder.timeout(Duration::from_millis(number())),
            "deadline_ms" => builder.deadline(Duration::from_millis(number())),
            "max_retries" => builder.max_retries(number() as u32),
            "max_response_bytes" => builder.max_response_bytes(number()),
            "retry_non_idempotent" => builder.retry_non_idempotent(value == &Value::Bool(true)),
            other => panic!("unknown client option {other:?}: every runner must learn it"),
        };
    }
    builder
}

/// One run of a case: what happened, as the file words it.
struct Seen {
    case: String,
    method: String,
    outcome: String,
    status: Option<u16>,
    attempts: u32,
    elapsed: Duration,
}

async fn run(server: &HostileServer, file: &Value, case: &Value, method: &str) -> Seen {
    let name = case["name"].as_str().unwrap();
    let run = method.to_ascii_lowercase();
    let builder = Client::builder()
        .base_url(server.base_url(name, &run).unwrap())
        .token(file["token"].as_str().unwrap())
        .user_id(file["user_id"].as_u64().unwrap());
    let client = options(builder, case["client"].as_object().unwrap())
        .build()
        .unwrap();
    let call = &file["calls"][method];
    let started = Instant::now();
    let result = client
        .call_json(call["call"].as_str().unwrap(), &call["args"])
        .await;
    let elapsed = started.elapsed();
    let (outcome, status) = match &result {
        Ok(_) => ("ok".to_owned(), None),
        Err(error) => (error.kind().as_str().to_owned(), error.status()),
    };
    Seen {
        case: name.to_owned(),
        method: method.to_owned(),
        outcome,
        status,
        attempts: server.stats(name, &run).requests,
        elapsed,
    }
}

/// What is wrong with `seen` against the case's expectation, if anything.
fn mismatches(seen: &Seen, case: &Value, expected: &Value, slack: Duration) -> Vec<String> {
    let mut wrong = Vec::new();
    let ms = |key: &str| expected[key].as_u64().map(Duration::from_millis);
    if expected["outcome"] != seen.outcome.as_str() {
        wrong.push(format!(
            "outcome {} (status {:?})",
            seen.outcome, seen.status
        ));
    }
    if let Some(status) = expected["status"].as_u64() {
        if seen.status != Some(status as u16) {
            wrong.push(format!("status {:?}, expected {status}", seen.status));
        }
    }
    if expected["attempts"] != seen.attempts {
        wrong.push(format!(
            "{} requests, expected {}",
            seen.attempts, expected["attempts"]
        ));
    }
    let deadline = case["client"]["deadline_ms"]
        .as_u64()
        .map(Duration::from_millis);
    for bound in [deadline, ms("max_elapsed_ms")].into_iter().flatten() {
        if seen.elapsed > bound + slack {
            wrong.push(format!("took {:?}, over {bound:?}", seen.elapsed));
        }
    }
    if let Some(least) = ms("min_elapsed_ms") {
        if seen.elapsed < least {
            wrong.push(format!("took {:?}, under {least:?}", seen.elapsed));
        }
    }
    wrong
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_case_ends_as_the_case_file_says_for_get_and_post() {
    let file: Arc<Value> = Arc::new(serde_json::from_str(CASES).unwrap());
    let server = Arc::new(HostileServer::start(CASES).unwrap());
    let slack = Duration::from_millis(file["slack_ms"].as_u64().unwrap());
    let cases = file["cases"].as_array().unwrap();
    // Every run at once: the cases have their own paths and counts, and the suite then takes as
    // long as its slowest case.
    let mut runs = tokio::task::JoinSet::new();
    for (index, case) in cases.iter().enumerate() {
        for method in case["expect"].as_object().unwrap().keys() {
            let (server, file, method) = (Arc::clone(&server), Arc::clone(&file), method.clone());
            runs.spawn(async move { run(&server, &file, &file["cases"][index], &method).await });
        }
    }
    let mut seen = runs.join_all().await;
    seen.sort_by(|a, b| (&a.case, &a.method).cmp(&(&b.case, &b.method)));
    let mut failures = Vec::new();
    for seen in &seen {
        let case = cases
            .iter()
            .find(|c| c["name"] == seen.case.as_str())
            .unwrap();
        let expected = &case["expect"][&seen.method];
        let wrong = mismatches(seen, case, expected, slack);
        eprintln!(
            "{:<36} {:<4} {:<10} status {:<5} requests {} in {:>5} ms {}",
            seen.case,
            seen.method,
            seen.outcome,
            seen.status.map_or("-".into(), |s| s.to_string()),
            seen.attempts,
            seen.elapsed.as_millis(),
            if wrong.is_empty() { "" } else { "<- WRONG" }
        );
        if !wrong.is_empty() {
            failures.push(format!(
                "{} {}: {}",
                seen.case,
                seen.method,
                wrong.join("; ")
            ));
        }
    }
    assert!(
        seen.len() >= 2 * cases.len() - 1,
        "every case runs for GET and POST"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Still alive and still working: a fresh run of the baseline case succeeds.
    let alive = Client::builder()
        .base_url(server.base_url("ok", "alive").unwrap())
        .token("1|t")
        .user_id(1)
        .build()
        .unwrap();
    alive.domains().list().await.unwrap();
}
