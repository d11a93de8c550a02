//! Templates (own and default) and mailing lists.

mod common;

use common::{start, Session};
use serde_json::json;

#[tokio::test]
async fn default_templates_are_seeded_and_shared() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let defaults = session.get("/v1/smtp-template-default", json!({})).await;
    let defaults = defaults.data()["default_templates"]
        .as_array()
        .unwrap()
        .clone();
    assert!(defaults.len() >= 3);
    assert!(defaults
        .iter()
        .all(|t| t["user_id"].is_null() && t["active"] == true));
    // user_id is optional here, but still checked when sent.
    let without = session
        .raw(reqwest::Method::GET, "/v1/smtp-template-default", json!({}))
        .await;
    assert_eq!(
        without.data()["default_templates"]
            .as_array()
            .unwrap()
            .len(),
        defaults.len()
    );
    assert_eq!(
        session
            .get("/v1/smtp-template-default", json!({"user_id": 42}))
            .await
            .errors(403),
        ["wrong user id"]
    );
    let shown = session
        .get(
            "/v1/smtp-template-show",
            json!({"template_id": defaults[0]["id"]}),
        )
        .await;
    assert_eq!(shown.data()["templates"]["name"], defaults[0]["name"]);
    assert!(session
        .get("/v1/smtp-template-index", json!({}))
        .await
        .data()["templates"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn add_show_update_and_index_own_templates() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let added = session
        .post(
            "/v1/smtp-template-add",
            json!({"name": "Welcome Template", "html_body": "<h1>Welcome</h1>", "active": true}),
        )
        .await;
    let template = added.data()["template"].clone();
    assert_eq!(template["user_id"], session.user_id);
    assert_eq!(template["name"], "Welcome Template");
    assert_eq!(template["active"], true);
    let id = template["id"].clone();

    let shown = session
        .get("/v1/smtp-template-show", json!({"template_id": id}))
        .await;
    assert!(
        shown.data()["templates"].is_object(),
        "one object under the plural key"
    );
    assert_eq!(shown.data()["templates"]["html_body"], "<h1>Welcome</h1>");

    let updated = session
        .post(
            "/v1/smtp-template-update",
            json!({"template_id": id, "name": "Renamed", "active": "0"}),
        )
        .await;
    assert_eq!(updated.data()["template"]["name"], "Renamed");
    assert_eq!(updated.data()["template"]["active"], false);
    assert_eq!(updated.data()["template"]["html_body"], "<h1>Welcome</h1>");

    let index = session.get("/v1/smtp-template-index", json!({})).await;
    assert_eq!(index.data()["templates"].as_array().unwrap().len(), 1);
    assert_eq!(index.data()["templates"][0]["name"], "Renamed");
}

#[tokio::test]
async fn template_validation_and_privacy() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let other = Session::new_user(&sandbox, "other@example.com").await;
    assert_eq!(
        session
            .post("/v1/smtp-template-add", json!({"name": 5, "active": "yes"}))
            .await
            .errors(422),
        [
            "The name field must be a string.",
            "The html body field is required.",
            "The active field must be true or false."
        ]
    );
    assert_eq!(
        session
            .get("/v1/smtp-template-show", json!({}))
            .await
            .errors(422),
        ["The template id field is required."]
    );
    let mine = session
        .post(
            "/v1/smtp-template-add",
            json!({"name": "Mine", "html_body": "<p>x</p>"}),
        )
        .await
        .data()["template"]["id"]
        .clone();
    assert_eq!(
        other
            .get("/v1/smtp-template-show", json!({"template_id": mine}))
            .await
            .errors(404),
        ["Template not found."]
    );
    assert_eq!(
        other
            .post(
                "/v1/smtp-template-update",
                json!({"template_id": mine, "name": "Stolen"})
            )
            .await
            .errors(404),
        ["Template not found."]
    );
    assert_eq!(
        session
            .post(
                "/v1/smtp-template-update",
                json!({"template_id": 1, "name": "Edited default"})
            )
            .await
            .errors(404),
        ["Template not found."]
    );
    assert_eq!(
        session
            .get("/v1/smtp-template-show", json!({"template_id": 9999}))
            .await
            .errors(404),
        ["Template not found."]
    );
}

#[tokio::test]
async fn mailing_lists_are_added_listed_and_private() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let other = Session::new_user(&sandbox, "other@example.com").await;
    let mailing = session
        .post(
            "/v1/smtp-mailing-add",
            json!({"name": "Newsletter Subscribers"}),
        )
        .await;
    let list = mailing.data()["mailing"].clone();
    assert_eq!(list["name"], "Newsletter Subscribers");
    assert_eq!(list["subscribers_count"], 0);
    sandbox
        .add_subscribers(
            list["id"].as_u64().unwrap(),
            smtpprovider_sandbox::Subscribers::Count(3),
        )
        .unwrap();
    let lists = session.get("/v1/smtp-mailing-list", json!({})).await;
    assert_eq!(lists.data()["mailing_list"][0]["subscribers_count"], 3);
    assert!(
        other.get("/v1/smtp-mailing-list", json!({})).await.data()["mailing_list"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        session
            .post("/v1/smtp-mailing-add", json!({}))
            .await
            .errors(422),
        ["The name field is required."]
    );
}
