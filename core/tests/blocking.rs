//! The blocking client: shared by many threads, and usable (on a helper thread) from inside a runtime.

mod common;

use std::sync::Arc;

use serde_json::{json, Value};
use smtpprovider::{blocking, ErrorKind};

fn assert_send_sync<T: Send + Sync + Clone>() {}

#[test]
fn both_clients_are_send_sync_and_clone() {
    assert_send_sync::<smtpprovider::Client>();
    assert_send_sync::<blocking::Client>();
}

#[test]
fn sixteen_threads_share_one_blocking_client() {
    let sandbox = common::sandbox();
    let client = Arc::new(
        common::fast_builder(&sandbox)
            .login_blocking(common::DEMO_EMAIL, common::DEMO_PASSWORD)
            .unwrap(),
    );
    let threads: Vec<_> = (0..16)
        .map(|i| {
            let client = Arc::clone(&client);
            std::thread::spawn(move || {
                let list = client.mailing_lists().add(&format!("thread {i}")).unwrap();
                client.domains().list().unwrap();
                list.id
            })
        })
        .collect();
    let mut ids: Vec<u64> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 16, "every thread created its own list");
    assert_eq!(client.mailing_lists().list().unwrap().len(), 16);
    assert_eq!(sandbox.requests(Some("/v1/smtp-domain-list")).len(), 16);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocking_call_inside_a_runtime_runs_on_a_helper_thread_instead_of_panicking() {
    let sandbox = common::sandbox();
    let client = common::fast_builder(&sandbox)
        .login_blocking(common::DEMO_EMAIL, common::DEMO_PASSWORD)
        .unwrap();
    assert!(client.domains().list().unwrap().is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn a_blocking_client_made_from_an_async_one_works_inside_its_current_thread_runtime() {
    let sandbox = common::sandbox();
    let async_client = common::demo_client(&sandbox).await;
    let client = blocking::Client::from_async(&async_client).unwrap();
    assert_eq!(client.user_id(), async_client.user_id());
    assert_eq!(client.mailing_lists().add("shared").unwrap().name, "shared");
    assert_eq!(async_client.mailing_lists().list().await.unwrap().len(), 1);
}

#[test]
fn blocking_call_json_reaches_the_sandbox_and_refuses_unknown_calls() {
    let sandbox = common::sandbox();
    let client = common::fast_builder(&sandbox)
        .login_blocking(common::DEMO_EMAIL, common::DEMO_PASSWORD)
        .unwrap();
    let added = client
        .call_json("mailing_lists.add", &json!({"name": "by name"}))
        .unwrap();
    assert_eq!(added["name"], "by name");
    let listed = client
        .call_json("mailing_lists.list", &Value::Null)
        .unwrap();
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!(listed[0]["id"], added["id"]);

    let requests_before = sandbox.requests(None).len();
    let unknown = client
        .call_json("mailing_lists.frobnicate", &json!({}))
        .unwrap_err();
    assert_eq!(unknown.kind(), ErrorKind::InvalidInput);
    assert!(
        unknown.to_string().contains("mailing_lists.add"),
        "{unknown}"
    );
    assert_eq!(
        sandbox.requests(None).len(),
        requests_before,
        "nothing was sent"
    );
}
