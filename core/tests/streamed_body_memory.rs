//! A body without a Content-Length is refused as soon as it passes `max_response_bytes`, and the
//! call's peak memory stays near the limit: the hostile server streams an endless chunked body
//! (it would send 512 MiB before giving up), and the process's peak resident memory during the
//! call is measured from `/proc/self/status` (`VmHWM`, reset first through `/proc/self/clear_refs`).
//!
//! The only test of its binary, so that no other test's allocations land in the measurement.

use std::time::{Duration, Instant};

use smtpprovider::{Client, ErrorKind};
use smtpprovider_sandbox::HostileServer;

const LIMIT: usize = 8 * 1024 * 1024;
const MIB: u64 = 1024 * 1024;

/// An endless chunked body of 16 KiB chunks, and a well-formed answer to warm up with.
fn case_file() -> String {
    let chunk = "x".repeat(16 * 1024);
    serde_json::json!({
        "ok_response": {"status": 200, "headers": {"Content-Type": "application/json"},
                        "body": r#"{"success":true,"data":{"domains":[]}}"#},
        "cases": [
            {"name": "ok", "server": {"responses": ["ok"]}},
            {"name": "endless", "server": {"responses": [
                {"status": 200, "headers": {"Content-Type": "application/json"},
                 "body": chunk, "framing": "chunked", "endless": true}]}}
        ]
    })
    .to_string()
}

/// A line of `/proc/self/status`, in bytes.
fn status_bytes(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|line| line.starts_with(field))
        .unwrap_or_else(|| panic!("{field} in /proc/self/status"));
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

fn client(server: &HostileServer, case: &str) -> Client {
    Client::builder()
        .base_url(server.base_url(case, "memory").unwrap())
        .token("1|t")
        .user_id(1)
        .max_response_bytes(LIMIT as u64)
        .max_retries(0)
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_endless_body_is_refused_at_the_limit_with_memory_near_the_limit() {
    let server = HostileServer::start(&case_file()).unwrap();
    // The runtime, the connection pool and the server's thread exist before the measurement.
    client(&server, "ok").domains().list().await.unwrap();
    let endless = client(&server, "endless");

    // Writing 5 resets the peak (VmHWM) to the current resident size (Linux >= 4.0).
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let before = status_bytes("VmRSS:");
    let started = Instant::now();
    let error = endless.domains().list().await.unwrap_err();
    let elapsed = started.elapsed();
    let peak_growth = status_bytes("VmHWM:").saturating_sub(before);

    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
    assert!(error.to_string().contains("max_response_bytes"), "{error}");
    // The body buffer never holds more than the limit (the size is checked before each copy);
    // a reallocation may briefly hold the old buffer beside the new one (at most 1.5 times the
    // limit with doubling), plus hyper's read buffer. Reading the whole stream would be 512 MiB.
    let bound = 2 * LIMIT as u64 + 4 * MIB;
    eprintln!(
        "limit {} MiB: peak resident growth {:.1} MiB (bound {} MiB), refused after {elapsed:?}",
        LIMIT as u64 / MIB,
        peak_growth as f64 / MIB as f64,
        bound / MIB
    );
    assert!(
        peak_growth < bound,
        "peak growth {peak_growth} bytes, bound {bound}"
    );

    // The server learns that the client hung up when its next write fails.
    let give_up = Instant::now() + Duration::from_secs(5);
    let stats = loop {
        let stats = server.stats("endless", "memory");
        if stats.closed_early || Instant::now() > give_up {
            break stats;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    eprintln!(
        "the server wrote {:.1} MiB before the client closed",
        stats.body_bytes_sent as f64 / MIB as f64
    );
    assert!(stats.closed_early, "the client closed the connection early");
    assert_eq!(
        stats.requests, 1,
        "a response over the limit is not retried"
    );
    // What the loopback socket buffers hold beyond what the client read, not the whole stream.
    assert!(
        stats.body_bytes_sent < LIMIT as u64 + 32 * MIB,
        "the server wrote {} bytes",
        stats.body_bytes_sent
    );
}
