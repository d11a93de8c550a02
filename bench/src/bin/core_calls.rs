//! The Rust core's side of `bench/kotlin`: `domains().list()` through the async client against a
//! running sandbox, with `in_flight` calls at a time, for `seconds`; prints one line of JSON,
//! `{"calls": N, "seconds": S, "per_call_us": T}`. The Kotlin benchmark starts it against the
//! sandbox it started itself, with the same scripted answer, so both sides make the same call.
//!
//! `cargo run --release -p smtpprovider-bench --bin core_calls -- BASE_URL TOKEN USER_ID SECONDS IN_FLIGHT`

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

type Failure = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base_url, token, user_id, seconds, in_flight] = args.as_slice() else {
        return Err("usage: core_calls BASE_URL TOKEN USER_ID SECONDS IN_FLIGHT".into());
    };
    let client = smtpprovider::Client::builder()
        .base_url(base_url)
        .token(token.as_str())
        .user_id(user_id.parse()?)
        .max_retries(0)
        .build()?;
    let duration = Duration::from_secs_f64(seconds.parse()?);
    let in_flight: usize = in_flight.parse()?;
    // A warm-up opens the connections the measured loops reuse.
    client.domains().list().await?;

    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + duration;
    let mut loops = Vec::with_capacity(in_flight);
    for _ in 0..in_flight {
        let (client, done) = (client.clone(), Arc::clone(&done));
        loops.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                client.domains().list().await?;
                done.fetch_add(1, Ordering::Relaxed);
            }
            Ok::<(), smtpprovider::Error>(())
        }));
    }
    for task in loops {
        task.await??;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let calls = done.load(Ordering::Relaxed);
    let per_call_us = elapsed * 1e6 / calls.max(1) as f64;
    println!(
        "{{\"calls\": {calls}, \"seconds\": {elapsed:.3}, \"per_call_us\": {per_call_us:.1}}}"
    );
    Ok(())
}
