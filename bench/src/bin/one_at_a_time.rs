//! Where one call's time goes when calls are made one at a time: the SDK's `domains().list()`
//! against the HTTP layers under it, each doing the same GET on one in-process sandbox that
//! answers with a fixed tiny envelope (the body `bench/node/bench.mjs` serves).
//!
//! Every call is spawned onto a two-worker runtime from a thread outside it and awaited there,
//! as the Node binding spawns each call from Node's thread, so each layer pays the same two
//! cross-thread hops. From the top of the stack down:
//!
//! - `sdk`: the core's async client (reqwest, the retry loop, a timeout per attempt, decoding);
//! - `reqwest`: a default reqwest client, the body parsed as `serde_json::Value`;
//! - `hyper-util`: the pooled client reqwest is built on, with no timers;
//! - `hyper conn`: one hyper HTTP/1 connection with nothing around it.
//!
//! The contenders take turns, round by round; the best round counts. The CPU column is the whole
//! process (sandbox included) per call, which moves less than wall time on a noisy machine.
//!
//! `cargo run --release -p smtpprovider-bench --bin one_at_a_time`

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::client::conn::http1::SendRequest;
use hyper_util::client::legacy;
use hyper_util::rt::{TokioExecutor, TokioIo};
use smtpprovider::Client;
use smtpprovider_bench::process::{cpu_seconds, thread_sleeps};
use smtpprovider_sandbox::{FaultSpec, Sandbox, SandboxConfig};
use tokio::sync::Mutex;

type Failure = Box<dyn std::error::Error + Send + Sync>;
type Call = Pin<Box<dyn Future<Output = Result<(), Failure>> + Send>>;
type Contender = (&'static str, Box<dyn Fn() -> Call>);

const ROUNDS: usize = 5;
const ROUND: Duration = Duration::from_millis(1500);
const WARM_UP_CALLS: usize = 50;
const LIST: &str = "/v1/smtp-domain-list";

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
    let contenders = runtime.block_on(contenders(&sandbox, client))?;
    // Starting the sandbox fills its DKIM key pool on one core for a few seconds.
    std::thread::sleep(Duration::from_secs(8));

    let mut best: Vec<Option<Round>> = vec![None; contenders.len()];
    for _ in 0..ROUNDS {
        for ((_, call), best) in contenders.iter().zip(&mut best) {
            let round = per_call(&runtime, call)?;
            if best.is_none_or(|best| round.wall_us < best.wall_us) {
                *best = Some(round);
            }
        }
    }
    println!(
        "one call at a time, spawned from outside a 2-worker runtime; the best of {ROUNDS} rounds"
    );
    println!(
        "{:<22} {:>10} {:>10} {:>8}",
        "per call", "µs", "CPU µs", "sleeps"
    );
    for ((name, _), round) in contenders.iter().zip(best.into_iter().flatten()) {
        println!(
            "{name:<22} {:>10.1} {:>10.1} {:>8.2}",
            round.wall_us, round.cpu_us, round.sleeps
        );
    }
    Ok(())
}

/// One round's figures, per call.
#[derive(Clone, Copy)]
struct Round {
    wall_us: f64,
    /// The whole process's CPU time, the sandbox's included.
    cpu_us: f64,
    /// Times a thread of the process went to sleep and had to be woken (voluntary context
    /// switches), the sandbox's threads included.
    sleeps: f64,
}

/// Wall time, process CPU time and sleeps per call over one round.
fn per_call(runtime: &tokio::runtime::Runtime, call: &dyn Fn() -> Call) -> Result<Round, Failure> {
    for _ in 0..WARM_UP_CALLS {
        runtime.block_on(runtime.spawn(call()))??;
    }
    let (started, cpu_before, sleeps_before) = (Instant::now(), cpu_seconds()?, thread_sleeps()?);
    let mut calls = 0u32;
    while started.elapsed() < ROUND {
        runtime.block_on(runtime.spawn(call()))??;
        calls += 1;
    }
    let per = |amount: f64| amount / f64::from(calls);
    Ok(Round {
        wall_us: per(started.elapsed().as_secs_f64() * 1e6),
        cpu_us: per((cpu_seconds()? - cpu_before) * 1e6),
        sleeps: per((thread_sleeps()? - sleeps_before) as f64),
    })
}

async fn contenders(sandbox: &Sandbox, client: Client) -> Result<Vec<Contender>, Failure> {
    let user_id = client.user_id().ok_or("no user id after login")?;
    let authorization = format!("Bearer {}", client.token().ok_or("no token")?.expose());
    let url = format!("{}{LIST}?user_id={user_id}", sandbox.base_url());
    let request = {
        let (url, authorization) = (url.clone(), authorization.clone());
        move || {
            hyper::Request::get(url.as_str())
                .header("accept", "application/json")
                .header("authorization", authorization.as_str())
                .body(Empty::<Bytes>::new())
        }
    };
    let connection = Arc::new(Connection {
        addr: sandbox.addr(),
        sender: Mutex::new(None),
    });
    let pooled: legacy::Client<_, Empty<Bytes>> =
        legacy::Client::builder(TokioExecutor::new()).build_http();
    let reqwest = {
        // ring, as the SDK uses; the workspace's reqwest brings no crypto provider of its own.
        let _ = rustls::crypto::ring::default_provider().install_default();
        reqwest::Client::builder().build()?
    };

    let sdk = move || -> Call {
        let client = client.clone();
        Box::pin(async move { expect_one(client.domains().list().await?.len()) })
    };
    let plain_reqwest = move || -> Call {
        let (http, url, authorization) = (reqwest.clone(), url.clone(), authorization.clone());
        Box::pin(async move {
            let response = http
                .get(url)
                .header("accept", "application/json")
                .header("authorization", authorization)
                .send()
                .await?;
            unwrap_list(&response.error_for_status()?.bytes().await?)
        })
    };
    let hyper_util = {
        let request = request.clone();
        move || -> Call {
            let (pooled, request) = (pooled.clone(), request());
            Box::pin(async move {
                let response = pooled.request(request?).await?;
                unwrap_list(&response.into_body().collect().await?.to_bytes())
            })
        }
    };
    let conn = move || -> Call {
        let (connection, request) = (connection.clone(), request());
        Box::pin(async move { connection.get(request?).await })
    };
    Ok(vec![
        ("sdk", Box::new(sdk)),
        ("reqwest", Box::new(plain_reqwest)),
        ("hyper-util", Box::new(hyper_util)),
        ("hyper conn", Box::new(conn)),
    ])
}

/// One HTTP/1 connection, opened again when the sandbox closed it between rounds (keep-alive).
struct Connection {
    addr: std::net::SocketAddr,
    sender: Mutex<Option<SendRequest<Empty<Bytes>>>>,
}

impl Connection {
    async fn get(&self, request: hyper::Request<Empty<Bytes>>) -> Result<(), Failure> {
        let mut sender = self.sender.lock().await;
        if sender.as_ref().is_none_or(|open| open.is_closed()) {
            let stream = tokio::net::TcpStream::connect(self.addr).await?;
            stream.set_nodelay(true)?;
            let (opened, connection) =
                hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
            tokio::spawn(connection);
            *sender = Some(opened);
        }
        let open = sender.as_mut().expect("opened above");
        open.ready().await?;
        let response = open.send_request(request).await?;
        drop(sender);
        unwrap_list(&response.into_body().collect().await?.to_bytes())
    }
}

/// What a hand-written client minimally does: parse the JSON and take `data.domains`.
fn unwrap_list(body: &[u8]) -> Result<(), Failure> {
    let value: serde_json::Value = serde_json::from_slice(body)?;
    if value["success"] != true {
        return Err("the API said no".into());
    }
    expect_one(value["data"]["domains"].as_array().map_or(0, Vec::len))
}

fn expect_one(domains: usize) -> Result<(), Failure> {
    match domains {
        1 => Ok(()),
        other => Err(format!("expected 1 domain, got {other}").into()),
    }
}
