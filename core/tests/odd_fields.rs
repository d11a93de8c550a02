//! One odd field never fails a call: through the real clients, against answers the sandbox sends
//! over loopback (its fault injection replays a PHP app's quirks), with the `tracing` warning that
//! names the field's path. A test binary of its own, with the one global subscriber of
//! `common::logs`.

mod common;

use serde_json::{json, Value};
use smtpprovider::Campaign;

use common::logs::logs;

const CAMPAIGN_LIST: &str = "/v1/smtp-campaign-index";
const CAMPAIGN_EDIT: &str = "/v1/smtp-campaign-edit";

/// Two campaigns as the API lists them.
fn campaigns() -> Value {
    let campaign = |id: u64, name: &str| {
        json!({
            "id": id, "template_id": 4, "mailing_list_id": "2", "campaign_name": name,
            "begins_at": "2026-05-06 18:00:00", "segment": "all", "subject": "Hello",
            "html_body": "<h1>Hello</h1>", "from_email": "news@example.com", "speed": 1000,
            "vmta_id": 0, "bounce_email_id": 1, "url_domain_id": 1, "state": "scheduled",
            "paused": 0, "sent_count": 0, "created_at": "2026-05-06 17:00:00"
        })
    };
    json!([campaign(1, "May"), campaign(2, "June")])
}

async fn answer_once(admin: &common::Admin, path: &str, data: Value) {
    let body = json!({"success": true, "data": data});
    admin
        .fault(json!({"path": path, "kind": "status", "status": 200, "body": body}))
        .await;
}

#[tokio::test]
async fn a_campaign_list_with_an_odd_field_still_lists() {
    logs();
    let (_sandbox, admin, client) = common::demo().await;
    answer_once(&admin, CAMPAIGN_LIST, json!({"campaigns": campaigns()})).await;
    let plain = client.campaigns().list().await.unwrap();
    assert_eq!(
        plain[1].bounce_email_id.as_deref(),
        Some("1"),
        "untyped: text"
    );

    let mut odd = campaigns();
    odd[1]["bounce_email_id"] = json!("bm-7"); // untyped, so text: it fits
    odd[1]["sent_count"] = json!("lots"); // an integer field: it does not
    answer_once(&admin, CAMPAIGN_LIST, json!({"campaigns": odd})).await;
    let listed = client
        .campaigns()
        .list()
        .await
        .expect("one odd field never fails the call");

    assert_eq!(listed[0], plain[0]);
    assert_eq!(listed[1].bounce_email_id.as_deref(), Some("bm-7"));
    assert_eq!(listed[1].sent_count, None, "the odd field reads as absent");
    assert_eq!(listed[1].extra.get("sent_count"), Some(&json!("lots")));
    let unchanged = Campaign {
        bounce_email_id: plain[1].bounce_email_id.clone(),
        sent_count: plain[1].sent_count,
        extra: plain[1].extra.clone(),
        ..listed[1].clone()
    };
    assert_eq!(unchanged, plain[1], "every other field is intact");

    let logs = logs();
    let line = logs
        .lines()
        .find(|line| line.contains("data.campaigns[1].sent_count"))
        .unwrap_or_else(|| panic!("a warning names the path: {logs}"));
    assert!(line.contains("WARN"), "{line}");
    assert!(line.contains("endpoint=\"campaigns.list\""), "{line}");
    assert!(line.contains("model=\"Campaign\""), "{line}");
    assert!(
        !logs
            .lines()
            .any(|line| line.contains("WARN") && line.contains("bounce_email_id")),
        "text in an untyped field is no warning: {logs}"
    );
}

#[test]
fn an_odd_field_in_a_nested_model_through_the_blocking_client() {
    logs();
    let sandbox = common::sandbox();
    let admin = common::Admin::new(&sandbox);
    let client = smtpprovider::blocking::Client::builder()
        .base_url(sandbox.base_url())
        .login_blocking(common::DEMO_EMAIL, common::DEMO_PASSWORD)
        .unwrap();
    let mut campaign = campaigns()[0].clone();
    campaign["paused"] = json!("perhaps");
    let data = json!({
        "campaign": campaign, "templates": [{"id": 4, "name": "Welcome", "active": [1]}],
        "senderDetails": [], "url_domains": [], "vmtas": [], "bounce_email_id": [], "speed": 1000
    });
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(answer_once(&admin, CAMPAIGN_EDIT, data));
    let edit = client.campaigns().edit_options(1).unwrap();
    assert_eq!(edit.campaign.paused, None);
    assert_eq!(edit.campaign.extra.get("paused"), Some(&json!("perhaps")));
    assert_eq!(edit.campaign.campaign_name.as_deref(), Some("May"));
    assert_eq!(edit.templates[0].active, None);
    assert_eq!(edit.templates[0].name, "Welcome");
    let logs = logs();
    for path in ["data.campaign.paused", "data.templates[0].active"] {
        assert!(
            logs.lines()
                .any(|l| l.contains(path) && l.contains("campaigns.edit_options")),
            "{path}: {logs}"
        );
    }
}

#[tokio::test]
async fn a_campaign_list_of_the_wrong_shape_is_still_decode() {
    let (_sandbox, admin, client) = common::demo().await;
    for data in [
        json!({"campaigns": campaigns()[0]}),
        json!({"campaign": campaigns()}),
    ] {
        answer_once(&admin, CAMPAIGN_LIST, data.clone()).await;
        let err = client.campaigns().list().await.unwrap_err();
        assert_eq!(err.kind(), smtpprovider::ErrorKind::Decode, "{data}");
        assert_eq!(err.field_path(), Some("data.campaigns"), "{data}");
    }
}
