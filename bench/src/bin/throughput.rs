//! Requests per second of the SDK's async client (`domains().list()`) against a raw reqwest loop
//! doing the same GET with the same headers and concurrency, on one in-process sandbox.
//!
//! Run in release: `cargo run --release -p smtpprovider-bench --bin throughput`.
//! Each side warms up, then both run alternately three times; the table shows every round and the
//! SDK's share of the raw loop. The raw loop reads the body and parses it as `serde_json::Value`,
//! what a hand-written client minimally does; the SDK also checks the envelope and builds models.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use smtpprovider::Client;
use smtpprovider_sandbox::{Sandbox, SandboxConfig};

const CONCURRENCY: usize = 32;
const WARM_UP: Duration = Duration::from_secs(1);
const ROUND: Duration = Duration::from_secs(3);
const ROUNDS: usize = 3;
const DOMAINS: usize = 10;

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// Runs `CONCURRENCY` loops of `request` for `duration`; returns completed requests per second.
async fn measure<F, Fut>(duration: Duration, request: F) -> Result<f64, Failure>
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Result<(), Failure>> + Send,
{
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::with_capacity(CONCURRENCY);
    for _ in 0..CONCURRENCY {
        let (request, done) = (request.clone(), Arc::clone(&done));
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                request().await?;
                done.fetch_add(1, Ordering::Relaxed);
            }
            Ok::<(), Failure>(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    Ok(done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64())
}

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let sandbox = Sandbox::start(SandboxConfig {
        rate_limit_per_minute: 0,
        ..Default::default()
    })?;
    let client = Client::login(sandbox.base_url(), "demo@example.com", "demo-password").await?;
    for i in 0..DOMAINS {
        client
            .domains()
            .add(&format!("bench-{i}.example.com"))
            .await?;
    }
    let user_id = client.user_id().ok_or("no user id after login")?;
    let token = client
        .token()
        .ok_or("no token after login")?
        .expose()
        .to_owned();

    let raw_http = {
        // ring, as the SDK uses; the workspace's reqwest brings no crypto provider of its own.
        let _ = rustls::crypto::ring::default_provider().install_default();
        reqwest::Client::builder().build()?
    };
    let raw_url = format!(
        "{}/v1/smtp-domain-list?user_id={user_id}",
        sandbox.base_url()
    );
    let raw_auth = format!("Bearer {token}");
    let raw = move || {
        let (http, url, auth) = (raw_http.clone(), raw_url.clone(), raw_auth.clone());
        async move {
            let response = http
                .get(url)
                .header("accept", "application/json")
                .header("authorization", auth)
                .send()
                .await?;
            let body = response.error_for_status()?.bytes().await?;
            let value: serde_json::Value = serde_json::from_slice(&body)?;
            if value["data"]["domains"].as_array().map(Vec::len) != Some(DOMAINS) {
                return Err("unexpected list".into());
            }
            Ok(())
        }
    };
    let sdk_client = client.clone();
    let sdk = move || {
        let client = sdk_client.clone();
        async move {
            let domains = client.domains().list().await?;
            if domains.len() != DOMAINS {
                return Err("unexpected list".into());
            }
            Ok(())
        }
    };

    measure(WARM_UP, raw.clone()).await?;
    measure(WARM_UP, sdk.clone()).await?;
    println!(
        "domains().list() of {DOMAINS} domains, {CONCURRENCY} in flight, {}s rounds",
        ROUND.as_secs()
    );
    println!(
        "{:<6} {:>12} {:>12} {:>8}",
        "round", "raw req/s", "sdk req/s", "sdk/raw"
    );
    let (mut raw_total, mut sdk_total) = (0.0, 0.0);
    for round in 1..=ROUNDS {
        let raw_rate = measure(ROUND, raw.clone()).await?;
        let sdk_rate = measure(ROUND, sdk.clone()).await?;
        raw_total += raw_rate;
        sdk_total += sdk_rate;
        println!(
            "{round:<6} {raw_rate:>12.0} {sdk_rate:>12.0} {:>7.1}%",
            100.0 * sdk_rate / raw_rate
        );
    }
    println!(
        "{:<6} {:>12.0} {:>12.0} {:>7.1}%",
        "mean",
        raw_total / ROUNDS as f64,
        sdk_total / ROUNDS as f64,
        100.0 * sdk_total / raw_total
    );
    Ok(())
}
