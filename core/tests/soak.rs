//! Load and soak through the async client: 50,000 calls at 256 in flight against the sandbox, with
//! zero errors, nothing lost on the sandbox's side, and memory and descriptors back near their
//! baseline afterwards. A test binary of its own with one test, so that the process's RSS and
//! descriptors are this test's alone (the bindings run the same load: see the report it prints).

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use smtpprovider::Client;

/// Calls in the measured run, and how many are in flight at once.
const CALLS: usize = 50_000;
const IN_FLIGHT: usize = 256;
/// Calls before the baseline is read, at the same concurrency: the pool's 256 connections (and
/// the sandbox's side of them), the runtimes' threads and the allocator's arenas then exist, and
/// the sandbox's request log is full (it keeps the last 10,000).
const WARM_UP: usize = 10_000;
/// Every `WRITE_EVERY`-th call creates a mailing list, so that "nothing lost" is countable.
const WRITE_EVERY: usize = 10;

/// How far RSS may end above the baseline. What legitimately grows is the sandbox's state (5,000
/// more mailing lists, ~1 MiB) plus the allocator's slack (3 MiB measured in all); a leak of 340
/// bytes per call (one small `String`) would pass 16 MiB.
const RSS_SLACK_KIB: u64 = 16 * 1024;
/// Descriptors may differ from the baseline by a few connections that the pool or the sandbox
/// closed and reopened; a leaked socket per 1,000 calls would exceed it.
const FD_SLACK: usize = 32;

/// The process's resident memory (`VmRSS` of /proc/self/status) in KiB.
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS line")
}

/// The process's open descriptors (entries of /proc/self/fd).
fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .expect("/proc/self/fd")
        .count()
}

/// Runs `calls` calls on `IN_FLIGHT` tasks that each take the next index until none is left:
/// every `WRITE_EVERY`-th adds mailing list `soak-<first + i>`, the others read `template_id`.
/// Returns how many failed (the first few are printed).
async fn hammer(client: &Client, template_id: u64, first: usize, calls: usize) -> usize {
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..IN_FLIGHT {
        let (client, next) = (client.clone(), next.clone());
        workers.spawn(async move {
            let mut errors = 0;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= calls {
                    return errors;
                }
                let outcome = if (first + i) % WRITE_EVERY == 0 {
                    let name = format!("soak-{}", first + i);
                    client.mailing_lists().add(&name).await.map(drop)
                } else {
                    client.templates().get(template_id).await.map(drop)
                };
                if let Err(error) = outcome {
                    if errors < 3 {
                        eprintln!("soak call {} failed: {error}", first + i);
                    }
                    errors += 1;
                }
            }
        });
    }
    let mut errors = 0;
    while let Some(worker) = workers.join_next().await {
        errors += worker.expect("a soak worker panicked");
    }
    errors
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_thousand_calls_at_256_in_flight() {
    let sandbox = common::sandbox();
    // No retries: an error shows as an error instead of being absorbed by a second attempt.
    let client = common::fast_builder(&sandbox)
        .max_retries(0)
        .login(common::DEMO_EMAIL, common::DEMO_PASSWORD)
        .await
        .expect("demo login");
    let template = client
        .templates()
        .add(&smtpprovider::NewTemplate::new("Soak", "<p>soak</p>"))
        .await
        .unwrap();

    assert_eq!(hammer(&client, template.id, 0, WARM_UP).await, 0);
    let (rss_before, fds_before) = (rss_kib(), open_fds());
    let started = Instant::now();
    let errors = hammer(&client, template.id, WARM_UP, CALLS).await;
    let seconds = started.elapsed().as_secs_f64();
    let (rss_after, fds_after) = (rss_kib(), open_fds());
    // Past the test harness's capture (it takes `print!` only), so the CI log shows it.
    writeln!(
        std::io::stdout(),
        "soak rust async: calls={CALLS} in_flight={IN_FLIGHT} errors={errors} seconds={seconds:.1} \
         rss_kib={rss_before}->{rss_after} fds={fds_before}->{fds_after}"
    )
    .unwrap();
    assert_eq!(errors, 0);

    // Nothing lost: every write made exactly one list, and the sandbox logged every request
    // (login, template, warm-up, soak; ids count every request, though the log keeps the last
    // 10,000) with a 200.
    let names: BTreeSet<String> = client
        .mailing_lists()
        .list()
        .await
        .unwrap()
        .into_iter()
        .map(|list| list.name)
        .collect();
    let expected: BTreeSet<String> = (0..WARM_UP + CALLS)
        .filter(|i| i % WRITE_EVERY == 0)
        .map(|i| format!("soak-{i}"))
        .collect();
    assert_eq!(names.len(), expected.len());
    assert!(
        names == expected,
        "the mailing lists differ from the writes"
    );
    let log = sandbox.requests(None);
    assert_eq!(
        log.last().map(|r| r.id),
        Some((2 + WARM_UP + CALLS + 1) as u64)
    );
    assert!(log
        .iter()
        .all(|r| r.status == Some(200) && r.fault.is_none()));

    assert!(
        rss_after <= rss_before + RSS_SLACK_KIB,
        "RSS grew from {rss_before} KiB to {rss_after} KiB"
    );
    assert!(
        fds_after <= fds_before + FD_SLACK,
        "descriptors went from {fds_before} to {fds_after}"
    );
}
