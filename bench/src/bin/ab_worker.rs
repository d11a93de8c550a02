//! The Rust core's worker for `bench/ab/compare.py`, which compares two builds of the SDK (two
//! commits) round by round: one worker process per build, each with its own in-process sandbox
//! answering `GET /v1/smtp-domain-list` with the tiny envelope `one_at_a_time` serves (one domain,
//! a scripted `status` fault).
//!
//! The worker starts the sandbox, logs in, waits until the sandbox's start-up work (its DKIM key
//! pool) is done, prints `{"ready": true, ...}` and then answers each line of JSON on stdin,
//! `{"contender": "sdk", "in_flight": N, "seconds": S}`, with one line of JSON:
//! `{"calls": .., "seconds": .., "cpu_seconds": .., "sleeps": ..}`, measured after a warm-up.
//!
//! - `in_flight` 1: each call spawned onto a two-worker runtime from a thread outside it and
//!   awaited there, as in `one_at_a_time` (and as the Node binding spawns each call);
//! - `in_flight` N > 1: N tasks on that runtime, each calling in a loop.
//!
//! `cpu_seconds` is the whole process's user and system time over the measured calls, the
//! in-process sandbox's share included; `sleeps` the voluntary context switches of its threads.
//! It uses only the core's and the sandbox's public API as it has been since the hyper-util
//! transport, so `bench/ab/build.sh` can build it against an older commit's core.
//!
//! `cargo build --release -p smtpprovider-bench --bin ab_worker`

use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

use smtpprovider::Client;
use smtpprovider_sandbox::{FaultSpec, Sandbox, SandboxConfig};
use tokio::runtime::Runtime;

type Failure = Box<dyn std::error::Error + Send + Sync>;

// By path rather than through the library: bench/ab/build.sh copies this file and process.rs into
// an older checkout, whose library may not have the module yet.
#[path = "../process.rs"]
mod process;
use process::{cpu_seconds, thread_sleeps};

const LIST: &str = "/v1/smtp-domain-list";
const WARM_UP_CALLS: usize = 50;

fn main() -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let sandbox = Sandbox::start(SandboxConfig {
        rate_limit_per_minute: 0,
        ..Default::default()
    })?;
    let body = serde_json::json!({
        "success": true,
        "data": {"domains": [smtpprovider_bench::domain_json(1)]},
    });
    sandbox.add_fault(serde_json::from_value::<FaultSpec>(serde_json::json!({
        "path": LIST, "kind": "status", "status": 200, "body": body, "times": u32::MAX,
    }))?)?;
    let client = runtime.block_on(Client::login(
        sandbox.base_url(),
        "demo@example.com",
        "demo-password",
    ))?;
    settle()?;
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "{}",
        serde_json::json!({"ready": true, "language": "rust"})
    )?;
    stdout.flush()?;

    for line in std::io::stdin().lock().lines() {
        let command: serde_json::Value = serde_json::from_str(&line?)?;
        if command["contender"] != "sdk" {
            return Err(format!("unknown contender in {command}").into());
        }
        let in_flight = command["in_flight"].as_u64().ok_or("no in_flight")? as usize;
        let seconds = command["seconds"].as_f64().ok_or("no seconds")?;
        let round = measure(
            &runtime,
            &client,
            in_flight.max(1),
            Duration::from_secs_f64(seconds),
        )?;
        writeln!(stdout, "{round}")?;
        stdout.flush()?;
    }
    drop(sandbox);
    Ok(())
}

/// Calls, wall seconds, CPU seconds and sleeps of `in_flight` loops of `domains().list()` over
/// `duration`, after a warm-up.
fn measure(
    runtime: &Runtime,
    client: &Client,
    in_flight: usize,
    duration: Duration,
) -> Result<serde_json::Value, Failure> {
    let call = |client: &Client| {
        let client = client.clone();
        async move {
            match client.domains().list().await?.len() {
                1 => Ok::<(), Failure>(()),
                other => Err(format!("expected 1 domain, got {other}").into()),
            }
        }
    };
    if in_flight == 1 {
        for _ in 0..WARM_UP_CALLS {
            runtime.block_on(runtime.spawn(call(client)))??;
        }
    } else {
        // Opens the connections the measured loops reuse.
        runtime.block_on(async {
            let calls: Vec<_> = (0..in_flight).map(|_| tokio::spawn(call(client))).collect();
            for finished in calls {
                finished.await??;
            }
            Ok::<(), Failure>(())
        })?;
    }

    let (cpu_before, sleeps_before) = (cpu_seconds()?, thread_sleeps()?);
    let started = Instant::now();
    let deadline = started + duration;
    let calls = if in_flight == 1 {
        let mut calls = 0u64;
        while Instant::now() < deadline {
            runtime.block_on(runtime.spawn(call(client)))??;
            calls += 1;
        }
        calls
    } else {
        runtime.block_on(async {
            let loops: Vec<_> = (0..in_flight)
                .map(|_| {
                    let client = client.clone();
                    tokio::spawn(async move {
                        let mut calls = 0u64;
                        while Instant::now() < deadline {
                            call(&client).await?;
                            calls += 1;
                        }
                        Ok::<u64, Failure>(calls)
                    })
                })
                .collect();
            let mut calls = 0;
            for finished in loops {
                calls += finished.await??;
            }
            Ok::<u64, Failure>(calls)
        })?
    };
    let seconds = started.elapsed().as_secs_f64();
    Ok(serde_json::json!({
        "calls": calls,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds()? - cpu_before,
        "sleeps": thread_sleeps()? - sleeps_before,
    }))
}

/// Waits until the process is idle: a starting sandbox fills its pool of 2048-bit DKIM keys on a
/// background thread, seconds of CPU that would otherwise land on the first rounds.
fn settle() -> Result<(), Failure> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let before = cpu_seconds()?;
        std::thread::sleep(Duration::from_millis(500));
        if cpu_seconds()? - before < 0.05 {
            break;
        }
    }
    Ok(())
}
