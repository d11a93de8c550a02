//! Many writes at once: nothing lost, nothing duplicated, every id unique.

mod common;

use std::collections::HashSet;
use std::sync::Arc;

use common::{start, Session};
use serde_json::json;
use tokio::sync::Semaphore;

const USERS: usize = 10;
const WRITES_PER_USER: usize = 100;
/// Requests in flight at once; bounded so the test fits a 1024-descriptor limit.
const IN_FLIGHT: usize = 250;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_writes_from_ten_users() {
    let sandbox = start();
    let mut sessions = Vec::new();
    for n in 0..USERS {
        sessions.push(Arc::new(
            Session::new_user(&sandbox, &format!("user{n}@example.com")).await,
        ));
    }
    let gate = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut tasks = Vec::new();
    for (user, session) in sessions.iter().enumerate() {
        for write in 0..WRITES_PER_USER {
            let (session, gate) = (Arc::clone(session), Arc::clone(&gate));
            tasks.push(tokio::spawn(async move {
                let _permit = gate.acquire().await.unwrap();
                let name = format!("u{user}-w{write}");
                // Half templates, half mailing lists, interleaved.
                let (path, body, key) = if write % 2 == 0 {
                    (
                        "/v1/smtp-template-add",
                        json!({"name": name, "html_body": "<p>x</p>"}),
                        "template",
                    )
                } else {
                    ("/v1/smtp-mailing-add", json!({"name": name}), "mailing")
                };
                let answer = session.post(path, body).await;
                answer.data()[key]["id"].as_u64().unwrap()
            }));
        }
    }
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap());
    }
    assert_eq!(ids.len(), USERS * WRITES_PER_USER);

    let mut template_ids = HashSet::new();
    let mut list_ids = HashSet::new();
    for (user, session) in sessions.iter().enumerate() {
        let templates = session.get("/v1/smtp-template-index", json!({})).await;
        let templates = templates.data()["templates"].as_array().unwrap().clone();
        let lists = session.get("/v1/smtp-mailing-list", json!({})).await;
        let lists = lists.data()["mailing_list"].as_array().unwrap().clone();
        assert_eq!(
            templates.len(),
            WRITES_PER_USER / 2,
            "user {user} templates"
        );
        assert_eq!(lists.len(), WRITES_PER_USER / 2, "user {user} lists");
        let mut names: Vec<String> = templates
            .iter()
            .chain(&lists)
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect();
        names.sort();
        let mut expected: Vec<String> = (0..WRITES_PER_USER)
            .map(|w| format!("u{user}-w{w}"))
            .collect();
        expected.sort();
        assert_eq!(names, expected, "each write landed once, for its own user");
        template_ids.extend(templates.iter().map(|t| t["id"].as_u64().unwrap()));
        list_ids.extend(lists.iter().map(|l| l["id"].as_u64().unwrap()));
    }
    let half = USERS * WRITES_PER_USER / 2;
    assert_eq!(
        list_ids,
        (1..=half as u64).collect(),
        "list ids are unique and gap-free"
    );
    assert_eq!(template_ids.len(), half, "template ids are unique");
    let returned: HashSet<u64> = ids.into_iter().collect();
    assert!(template_ids.is_subset(&returned) && list_ids.is_subset(&returned));
}
