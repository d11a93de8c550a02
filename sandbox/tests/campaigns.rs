//! Campaigns: the form options, store/update validation, and the state machine and delivery
//! driven by the sandbox clock.

mod common;

use chrono::{NaiveDateTime, TimeDelta};
use common::{start, Session};
use serde_json::{json, Value};
use smtpprovider_sandbox::{MessageKind, OutboxFilter, Sandbox};

const FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// The sandbox clock plus `seconds`, in the API's format.
fn in_seconds(sandbox: &Sandbox, seconds: i64) -> String {
    let now = NaiveDateTime::parse_from_str(&sandbox.clock().now, FORMAT).unwrap();
    (now + TimeDelta::seconds(seconds))
        .format(FORMAT)
        .to_string()
}

/// A session with a verified sender `news@news.example.com` and a list of `subscribers`.
async fn ready(sandbox: &Sandbox, subscribers: usize) -> (Session, u64) {
    let session = Session::demo(sandbox).await;
    session
        .verified_sender(sandbox, "news.example.com", "news@news.example.com")
        .await;
    let list = session.mailing_list(sandbox, "Readers", subscribers).await;
    (session, list)
}

fn all_request(speed: u64) -> Value {
    json!({
        "subject": "Hello {{email}}",
        "html_body": "<h1>Hello</h1>",
        "text_body": "Hello",
        "from_email": "news@news.example.com",
        "from_name": "Demo Team",
        "reply_email": "support@example.com",
        "sender_email": "news@news.example.com",
        "speed": speed,
        "vmta_id": 0,
        "bounce_email_id": 1,
        "url_domain_id": 1
    })
}

async fn store(
    session: &Session,
    list: Option<u64>,
    begins_at: Option<String>,
    speed: u64,
) -> Value {
    let mut body = json!({"template_id": 2, "campaign_name": "May Newsletter", "segment": "all", "all_request": all_request(speed)});
    if let Some(list) = list {
        body["mailing_list_id"] = json!(list);
    }
    if let Some(begins_at) = begins_at {
        body["begins_at"] = json!(begins_at);
    }
    session.post("/v1/smtp-campaign-store", body).await.data()["campaign"].clone()
}

async fn campaign(session: &Session, id: &Value) -> Value {
    session
        .get("/v1/smtp-campaign-edit", json!({"campaign_id": id}))
        .await
        .data()["campaign"]
        .clone()
}

async fn toggle_pause(session: &Session, id: &Value) -> Value {
    session
        .post("/v1/smtp-campaign-pause", json!({"campaign_id": id}))
        .await
        .data()["campaign"]
        .clone()
}

#[tokio::test]
async fn create_offers_the_form_options() {
    let sandbox = start();
    let (session, list) = ready(&sandbox, 0).await;
    let options = session.get("/v1/smtp-campaign-create", json!({})).await;
    let data = options.data();
    assert_eq!(data["speed"], 1000);
    assert_eq!(
        data["vmtas"][0],
        json!({"id": 0, "name": "System Default Route", "type": "default"})
    );
    assert!(data["vmtas"].as_array().unwrap().len() >= 2);
    assert_eq!(data["mailing_lists"][0]["id"], list);
    assert_eq!(
        data["senderDetails"][0]["from_email"],
        "news@news.example.com"
    );
    assert!(!data["templates"].as_array().unwrap().is_empty());
    assert!(data["url_domains"][0]["domain"].is_string());
    assert!(data["bounce_email_id"][0]["email"].is_string());
}

#[tokio::test]
async fn store_returns_the_campaign_with_delivery_fields_flattened() {
    let sandbox = start();
    let (session, list) = ready(&sandbox, 3).await;
    let begins_at = in_seconds(&sandbox, 3600);
    let stored = store(&session, Some(list), Some(begins_at.clone()), 1000).await;
    assert_eq!(stored["template_id"], 2);
    assert_eq!(stored["mailing_list_id"], list);
    assert_eq!(stored["campaign_name"], "May Newsletter");
    assert_eq!(stored["begins_at"], begins_at);
    assert_eq!(stored["segment"], "all");
    assert_eq!(stored["subject"], "Hello {{email}}");
    assert_eq!(stored["from_email"], "news@news.example.com");
    assert_eq!(stored["speed"], 1000);
    assert_eq!(stored["vmta_id"], 0);
    assert_eq!(stored["state"], "scheduled");
    assert_eq!(stored["paused"], false);
    assert_eq!(stored["sent_count"], 0);
    let index = session.get("/v1/smtp-campaign-index", json!({})).await;
    assert_eq!(index.data()["campaigns"][0]["id"], stored["id"]);
}

#[tokio::test]
async fn store_speed_defaults_to_1000() {
    let sandbox = start();
    let (session, _) = ready(&sandbox, 0).await;
    let mut request = all_request(0);
    request.as_object_mut().unwrap().remove("speed");
    let stored = session
        .post(
            "/v1/smtp-campaign-store",
            json!({"template_id": 1, "all_request": request}),
        )
        .await;
    assert_eq!(stored.data()["campaign"]["speed"], 1000);
    assert_eq!(stored.data()["campaign"]["state"], "idle");
}

#[tokio::test]
async fn store_validates_shape_then_references() {
    let sandbox = start();
    let (session, _) = ready(&sandbox, 0).await;
    let other = Session::new_user(&sandbox, "other@example.com").await;
    let foreign_list = other.mailing_list(&sandbox, "Theirs", 0).await;

    let empty = session
        .post("/v1/smtp-campaign-store", json!({"all_request": {}}))
        .await;
    assert_eq!(
        empty.errors(422),
        [
            "The template id field is required.",
            "The all request field is required."
        ]
    );

    let shape = session
        .post("/v1/smtp-campaign-store", json!({"template_id": "x", "begins_at": "2026-05-06T18:00", "all_request": {"subject": "Hi", "speed": -1, "reply_email": "nope"}}))
        .await;
    assert_eq!(
        shape.errors(422),
        [
            "The template id field must be an integer.",
            "The begins at field must match the format Y-m-d H:i:s.",
            "The all request.html body field is required.",
            "The all request.from email field is required.",
            "The all request.reply email field must be a valid email address.",
            "The all request.speed field must be at least 0.",
        ]
    );

    let mut request = all_request(10);
    request["vmta_id"] = json!(7);
    request["from_email"] = json!("someone@news.example.com");
    let references = session
        .post(
            "/v1/smtp-campaign-store",
            json!({"template_id": 9999, "mailing_list_id": foreign_list, "all_request": request}),
        )
        .await;
    assert_eq!(
        references.errors(422),
        [
            "The selected template id is invalid.",
            "The selected mailing list id is invalid.",
            "The all request.from email must be a verified sender of a verified domain.",
            "The selected all request.vmta id is invalid.",
        ]
    );
    let wrong_user = session
        .post(
            "/v1/smtp-campaign-store",
            json!({"user_id": 77, "template_id": 1, "all_request": all_request(1)}),
        )
        .await;
    assert_eq!(wrong_user.errors(403), ["wrong user id"]);
}

#[tokio::test]
async fn an_unverified_sender_cannot_send() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    session.verified_domain(&sandbox, "news.example.com").await;
    session
        .add_sender("news.example.com", "news@news.example.com")
        .await
        .data();
    let answer = session
        .post(
            "/v1/smtp-campaign-store",
            json!({"template_id": 1, "all_request": all_request(1)}),
        )
        .await;
    assert_eq!(
        answer.errors(422),
        ["The all request.from email must be a verified sender of a verified domain."]
    );
}

#[tokio::test]
async fn scheduled_then_sending_then_finished_at_the_given_speed() {
    let sandbox = start();
    let (session, list) = ready(&sandbox, 10).await;
    // 60 messages per hour: one a minute.
    let stored = store(&session, Some(list), Some(in_seconds(&sandbox, 3600)), 60).await;
    let id = stored["id"].clone();
    assert_eq!(stored["state"], "scheduled");

    sandbox.advance_clock(3600).unwrap();
    let started = campaign(&session, &id).await;
    assert_eq!(
        (started["state"].as_str(), started["sent_count"].as_u64()),
        (Some("sending"), Some(0))
    );

    sandbox.advance_clock(5 * 60).unwrap();
    assert_eq!(campaign(&session, &id).await["sent_count"], 5);
    let sent = sandbox.outbox(&OutboxFilter {
        kind: Some(MessageKind::Campaign),
        campaign_id: id.as_u64(),
        ..Default::default()
    });
    assert_eq!(sent.len(), 5);
    assert_eq!(sent[0].to, "subscriber1@example.com");
    assert_eq!(sent[0].subject, "Hello subscriber1@example.com");
    assert_eq!(sent[0].from, "news@news.example.com");
    assert!(sent[0].html_body.contains("<h1>Hello</h1>"));
    assert_eq!(sent[0].text_body.as_deref(), Some("Hello"));

    sandbox.advance_clock(10 * 60).unwrap();
    let done = campaign(&session, &id).await;
    assert_eq!(
        (done["state"].as_str(), done["sent_count"].as_u64()),
        (Some("finished"), Some(10))
    );
    let all = sandbox.outbox(&OutboxFilter {
        campaign_id: id.as_u64(),
        ..Default::default()
    });
    let mut recipients: Vec<&str> = all.iter().map(|m| m.to.as_str()).collect();
    recipients.dedup();
    assert_eq!(
        recipients.len(),
        10,
        "each subscriber gets exactly one message"
    );
}

#[tokio::test]
async fn unlimited_speed_sends_everything_when_it_begins() {
    let sandbox = start();
    let (session, list) = ready(&sandbox, 25).await;
    let stored = store(&session, Some(list), Some(in_seconds(&sandbox, 60)), 0).await;
    sandbox.advance_clock(61).unwrap();
    let done = campaign(&session, &stored["id"]).await;
    assert_eq!(
        (done["state"].as_str(), done["sent_count"].as_u64()),
        (Some("finished"), Some(25))
    );
}

#[tokio::test]
async fn paused_time_does_not_count() {
    let sandbox = start();
    let (session, list) = ready(&sandbox, 10).await;
    let stored = store(&session, Some(list), Some(in_seconds(&sandbox, 60)), 60).await;
    let id = stored["id"].clone();
    sandbox.advance_clock(60 + 120).unwrap();
    assert_eq!(campaign(&session, &id).await["sent_count"], 2);

    let paused = toggle_pause(&session, &id).await;
    assert_eq!(paused["paused"], true);
    assert_eq!(paused["state"], "sending");
    sandbox.advance_clock(600).unwrap();
    assert_eq!(
        campaign(&session, &id).await["sent_count"],
        2,
        "nothing is delivered while paused"
    );

    let resumed = toggle_pause(&session, &id).await;
    assert_eq!(resumed["paused"], false);
    sandbox.advance_clock(120).unwrap();
    assert_eq!(
        campaign(&session, &id).await["sent_count"],
        4,
        "the paused ten minutes are not made up"
    );
}

#[tokio::test]
async fn pause_is_refused_when_idle_or_finished() {
    let sandbox = start();
    let (session, list) = ready(&sandbox, 1).await;
    let idle = store(&session, None, Some(in_seconds(&sandbox, 60)), 60).await;
    assert_eq!(idle["state"], "idle");
    let refused = session
        .post(
            "/v1/smtp-campaign-pause",
            json!({"campaign_id": idle["id"]}),
        )
        .await;
    assert_eq!(
        refused.errors(422),
        ["The campaign can only be paused or resumed while it is scheduled or sending."]
    );

    let quick = store(&session, Some(list), Some(in_seconds(&sandbox, 1)), 0).await;
    sandbox.advance_clock(2).unwrap();
    assert_eq!(campaign(&session, &quick["id"]).await["state"], "finished");
    let refused = session
        .post(
            "/v1/smtp-campaign-pause",
            json!({"campaign_id": quick["id"]}),
        )
        .await;
    assert_eq!(refused.status.as_u16(), 422);
}

#[tokio::test]
async fn update_while_scheduled_then_refused_once_sending() {
    let sandbox = start();
    let (session, list) = ready(&sandbox, 100).await;
    let stored = store(&session, Some(list), Some(in_seconds(&sandbox, 3600)), 60).await;
    let id = stored["id"].clone();
    let mut request = all_request(120);
    request["subject"] = json!("Updated Subject");
    let updated = session
        .post(
            "/v1/smtp-campaign-update",
            json!({"campaign_id": id, "campaign_name": "Renamed", "all_request": request}),
        )
        .await;
    assert_eq!(updated.data(), &json!({"campaigns": "update sucessfully"}));

    let edit = session
        .get("/v1/smtp-campaign-edit", json!({"campaign_id": id}))
        .await;
    let data = edit.data();
    for key in [
        "campaign",
        "senderDetails",
        "templates",
        "url_domains",
        "vmtas",
        "bounce_email_id",
        "speed",
    ] {
        assert!(data.get(key).is_some(), "edit lacks {key}");
    }
    assert_eq!(data["campaign"]["subject"], "Updated Subject");
    assert_eq!(data["campaign"]["campaign_name"], "Renamed");
    assert_eq!(data["campaign"]["speed"], 120);
    assert_eq!(
        data["campaign"]["begins_at"], stored["begins_at"],
        "begins_at is kept when not sent"
    );

    sandbox.advance_clock(3600).unwrap();
    let refused = session
        .post(
            "/v1/smtp-campaign-update",
            json!({"campaign_id": id, "all_request": all_request(1)}),
        )
        .await;
    assert_eq!(
        refused.errors(422),
        ["The campaign can no longer be updated once it is sending or finished."]
    );
    let missing = session
        .post("/v1/smtp-campaign-update", json!({"campaign_id": id}))
        .await;
    assert_eq!(missing.errors(422), ["The all request field is required."]);
}

#[tokio::test]
async fn campaigns_are_private() {
    let sandbox = start();
    let (session, list) = ready(&sandbox, 1).await;
    let other = Session::new_user(&sandbox, "other@example.com").await;
    let stored = store(&session, Some(list), None, 60).await;
    let id = stored["id"].clone();
    assert_eq!(
        other
            .get("/v1/smtp-campaign-edit", json!({"campaign_id": id}))
            .await
            .errors(404),
        ["Campaign not found."]
    );
    assert_eq!(
        other
            .post("/v1/smtp-campaign-pause", json!({"campaign_id": id}))
            .await
            .errors(404),
        ["Campaign not found."]
    );
    assert_eq!(
        other
            .post(
                "/v1/smtp-campaign-update",
                json!({"campaign_id": id, "all_request": all_request(1)})
            )
            .await
            .errors(404),
        ["Campaign not found."]
    );
    assert!(
        other.get("/v1/smtp-campaign-index", json!({})).await.data()["campaigns"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        session
            .get("/v1/smtp-campaign-edit", json!({}))
            .await
            .errors(422),
        ["The campaign id field is required."]
    );
}
