//! Pacing against a throttled sandbox (a short window, so the tests run in seconds): concurrent
//! callers end at the rate limit's floor without one 429 in the sandbox's request log, a call
//! whose deadline would pass while waiting fails at once with nothing sent, and the rate-limit
//! state is readable on the client and on errors.

mod common;

use std::time::{Duration, Instant};

use smtpprovider::{Client, ErrorKind, RequestOptions};
use smtpprovider_sandbox::{Sandbox, SandboxConfig};

const LIMIT: u32 = 10;
const WINDOW: Duration = Duration::from_millis(1500);

fn throttled() -> Sandbox {
    Sandbox::start(SandboxConfig {
        rate_limit_per_minute: LIMIT,
        rate_limit_window: WINDOW,
        ..Default::default()
    })
    .expect("sandbox starts")
}

async fn client(sandbox: &Sandbox, pace: bool) -> Client {
    common::fast_builder(sandbox)
        .rate_limit_window(WINDOW)
        .pace_requests(pace)
        .max_retries(5)
        .login(common::DEMO_EMAIL, common::DEMO_PASSWORD)
        .await
        .expect("demo login")
}

/// The statuses the sandbox answered on the API's routes, login aside.
fn statuses(sandbox: &Sandbox) -> Vec<Option<u16>> {
    sandbox
        .requests(None)
        .into_iter()
        .filter(|r| !r.path.ends_with("/smtp-token-generate"))
        .map(|r| r.status)
        .collect()
}

/// `calls` calls of `domains.list` from 8 tasks at once, through clones of `client`.
async fn bulk(client: &Client, calls: usize) -> Duration {
    let started = Instant::now();
    let workers: Vec<_> = (0..8)
        .map(|worker| {
            let client = client.clone();
            tokio::spawn(async move {
                for _ in (worker..calls).step_by(8) {
                    client.domains().list().await.expect("paced calls succeed");
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.unwrap();
    }
    started.elapsed()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_callers_reach_the_floor_without_a_429() {
    let sandbox = throttled();
    let client = client(&sandbox, true).await;
    sandbox.clear_requests();
    let calls = 35;
    let elapsed = bulk(&client, calls).await;
    let statuses = statuses(&sandbox);
    assert_eq!(statuses.len(), calls, "every call sent once: {statuses:?}");
    assert!(statuses.iter().all(|s| *s == Some(200)), "{statuses:?}");
    // 35 calls at 10 per window take at least 3 windows after the first.
    let floor = WINDOW * ((calls as u32 - 1) / LIMIT);
    assert!(elapsed >= floor, "{elapsed:?} is under the floor {floor:?}");
    assert!(
        elapsed < floor + WINDOW,
        "{elapsed:?}: more than a window over the floor {floor:?}"
    );

    let state = client.rate_limit().expect("the headers were read");
    assert_eq!(state.limit, LIMIT);
    assert!(state.reset.is_some());
}

#[tokio::test]
async fn without_pacing_the_same_job_provokes_429s_and_retries_them() {
    let sandbox = throttled();
    let client = client(&sandbox, false).await;
    sandbox.clear_requests();
    bulk(&client, 15).await;
    let refused = statuses(&sandbox)
        .iter()
        .filter(|s| **s == Some(429))
        .count();
    assert!(refused > 0, "today's behaviour: sent until refused");
    assert_eq!(client.rate_limit(), None, "nothing paced, nothing kept");
}

#[tokio::test]
async fn a_deadline_shorter_than_the_wait_fails_at_once_with_nothing_sent() {
    let sandbox = throttled();
    let client = client(&sandbox, true).await;
    for _ in 0..LIMIT {
        client.domains().list().await.unwrap();
    }
    sandbox.clear_requests();

    let hurried = client.with_options(RequestOptions::new().deadline(Duration::from_millis(200)));
    let started = Instant::now();
    let error = hurried.domains().list().await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_millis(150),
        "failed at once"
    );
    assert_eq!(error.kind(), ErrorKind::RateLimited);
    assert!(error
        .retry_after()
        .is_some_and(|wait| wait > Duration::ZERO));
    assert_eq!(error.rate_limit().map(|r| r.remaining), Some(0));
    assert!(error.to_string().contains("not sent"), "{error}");

    let impatient = client.with_options(RequestOptions::new().wait_for_rate_limit(false));
    let error = impatient.domains().list().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::RateLimited);
    assert!(statuses(&sandbox).is_empty(), "nothing was sent");

    // The default waits for the window instead.
    client.domains().list().await.unwrap();
    assert_eq!(statuses(&sandbox), [Some(200)]);
}

#[tokio::test]
async fn clients_made_separately_from_one_token_share_the_budget() {
    let sandbox = throttled();
    let first = client(&sandbox, true).await;
    let token = first.token().unwrap().expose().to_owned();
    let second = common::fast_builder(&sandbox)
        .rate_limit_window(WINDOW)
        .token(token)
        .user_id(first.user_id().unwrap())
        .build()
        .unwrap();
    sandbox.clear_requests();
    for _ in 0..LIMIT / 2 {
        first.domains().list().await.unwrap();
        second.domains().list().await.unwrap();
    }
    let error = second
        .with_options(RequestOptions::new().wait_for_rate_limit(false))
        .domains()
        .list()
        .await
        .unwrap_err();
    assert_eq!(
        error.kind(),
        ErrorKind::RateLimited,
        "the first client's calls count too"
    );
    assert!(statuses(&sandbox).iter().all(|s| *s == Some(200)));
}

#[tokio::test]
async fn a_server_without_rate_limit_headers_is_not_paced() {
    let (sandbox, _admin, client) = common::demo().await;
    for _ in 0..30 {
        client.domains().list().await.unwrap();
    }
    assert_eq!(client.rate_limit(), None);
    drop(sandbox);
}

#[test]
fn a_window_of_zero_or_over_a_day_is_refused_before_anything_is_sent() {
    for window in [Duration::ZERO, Duration::from_secs(2 * 24 * 3600)] {
        let refused = Client::builder()
            .base_url("http://127.0.0.1:9/api")
            .rate_limit_window(window)
            .build()
            .unwrap_err();
        assert_eq!(refused.kind(), ErrorKind::InvalidInput, "{window:?}");
    }
}

/// The value of header `name` in `headers`.
fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

#[tokio::test]
async fn the_last_answer_is_readable_on_the_handle_that_made_the_call() {
    let sandbox = throttled();
    let client = client(&sandbox, true).await;
    assert_eq!(client.last_response(), None, "no call made through it yet");

    client.domains().list().await.unwrap();
    let listed = client.last_response().expect("an answer was recorded");
    assert_eq!((listed.endpoint, listed.status), ("domains.list", 200));
    let stated = |name| header(&listed.headers, name).and_then(|v| v.parse::<u32>().ok());
    assert_eq!(stated("x-ratelimit-limit"), Some(LIMIT));
    let rate = listed.rate_limit.expect("the answer stated the rate limit");
    assert_eq!(rate.limit, LIMIT);
    assert_eq!(Some(rate.remaining), stated("x-ratelimit-remaining"));
    assert!(
        rate.reset.is_some(),
        "the pacer's estimate of the window's end"
    );
    assert_eq!(
        client.clone().last_response(),
        Some(listed.clone()),
        "clones share it"
    );

    // A handle of its own: its answers, an error's among them, are not the client's.
    let own = client.with_options(RequestOptions::default());
    assert_eq!(own.last_response(), None);
    let error = own.templates().get(999_999).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    let missing = own
        .last_response()
        .expect("the error's answer was recorded");
    assert_eq!((missing.endpoint, missing.status), ("templates.get", 404));
    assert_eq!(missing.headers, error.headers());
    assert_eq!(
        client.last_response(),
        Some(listed),
        "the client's own is unchanged"
    );

    // The blocking facade reads it the same way.
    let blocking = smtpprovider::blocking::Client::from_async(&client).unwrap();
    let counted = tokio::task::spawn_blocking(move || {
        blocking.domains().list().unwrap();
        (blocking.last_response(), blocking.rate_limit())
    })
    .await
    .unwrap();
    assert_eq!(counted.0.map(|r| r.status), Some(200));
    assert!(counted.1.is_some_and(|state| state.limit == LIMIT));
}

#[tokio::test]
async fn an_unpaced_client_reads_the_rate_limit_each_answer_states() {
    let sandbox = throttled();
    let client = client(&sandbox, false).await;
    client.domains().list().await.unwrap();
    let listed = client.last_response().unwrap();
    let rate = listed.rate_limit.expect("stated on every answer");
    assert_eq!(rate.limit, LIMIT);
    // A success says no reset time, and without pacing there is no estimate.
    assert_eq!(rate.reset, None);
    assert_eq!(client.rate_limit(), None, "the budget is the pacer's alone");
    let error = client.templates().get(999_999).await.unwrap_err();
    let failed = client.last_response().unwrap();
    assert_eq!(failed.status, 404);
    assert_eq!(
        error.rate_limit(),
        failed.rate_limit,
        "the error tells what its answer said"
    );
    assert!(error.rate_limit().is_some());

    let (plain, _admin, unthrottled) = common::demo().await;
    unthrottled.domains().list().await.unwrap();
    let answer = unthrottled.last_response().unwrap();
    assert_eq!((answer.status, answer.rate_limit), (200, None));
    drop(plain);
}
