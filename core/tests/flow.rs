//! The whole API flow over real HTTP against the sandbox: every endpoint, through the async client
//! and again through the blocking one.

mod common;

use std::time::Duration;

use serde_json::json;
use smtpprovider::{CampaignChanges, CampaignContent, NewCampaign, NewTemplate, TemplateChanges};
use smtpprovider_sandbox::{MessageKind, OutboxFilter, Subscribers};

use common::{Admin, DEMO_EMAIL, DEMO_PASSWORD};

#[tokio::test]
async fn every_endpoint_through_the_async_client() {
    let sandbox = common::sandbox();
    let admin = Admin::new(&sandbox);

    // client.login
    let client = common::demo_client(&sandbox).await;
    let user = client.user().expect("login keeps the user").clone();
    assert_eq!(user.email, DEMO_EMAIL);
    assert_eq!(client.user_id(), Some(user.id));

    // domains.add / list / view / verify
    let domain = client.domains().add("flow-example.com").await.unwrap();
    assert_eq!(domain.domain_name, "flow-example.com");
    let host = domain.host.clone().expect("a DKIM host");
    let public_key = domain.public_key.clone().expect("a DKIM key");
    assert_eq!(host, "smtp._domainkey.flow-example.com");
    assert!(public_key.starts_with("v=DKIM1;"), "{public_key}");
    let domains = client.domains().list().await.unwrap();
    assert!(domains.iter().any(|d| d.id == domain.id));
    let view = client.domains().view("flow-example.com").await.unwrap();
    assert_eq!(view.domain.id, domain.id);
    assert!(
        view.dns_records
            .iter()
            .any(|r| r.purpose.as_deref() == Some("dkim")),
        "{:?}",
        view.dns_records
    );
    let before = client.domains().verify("flow-example.com").await.unwrap();
    assert!(!before.verified, "nothing is published yet");
    assert!(before.message.is_some());

    admin.publish_txt(&host, &public_key).await;
    let after = client.domains().verify("flow-example.com").await.unwrap();
    assert!(after.verified, "{after:?}");
    let waited = client
        .domains()
        .wait_verified(
            "flow-example.com",
            Duration::from_secs(5),
            Duration::from_millis(50),
        )
        .await
        .unwrap();
    assert!(waited.verified);

    // senders.add / list / verify, then the link from the outbox
    let sender = client
        .senders()
        .add("flow-example.com", "news@flow-example.com", "Flow News")
        .await
        .unwrap();
    assert_eq!(sender.from_email, "news@flow-example.com");
    assert_eq!(sender.status.as_deref(), Some("pending"));
    let sent = client
        .senders()
        .verify("news@flow-example.com")
        .await
        .unwrap();
    assert_eq!(sent.message.as_deref(), Some("Verification email sent"));
    let messages = admin
        .outbox("to=news@flow-example.com&kind=sender_verification")
        .await;
    let link = messages[0]["link"].as_str().expect("a verification link");
    assert_eq!(admin.follow(link).await, 200);
    let senders = client.senders().list().await.unwrap();
    let verified = senders.iter().find(|s| s.id == sender.id).unwrap();
    assert_eq!(verified.status.as_deref(), Some("verified"));

    // templates.defaults / add / get / update / list
    let defaults = client.templates().defaults().await.unwrap();
    assert!(!defaults.is_empty());
    let template = client
        .templates()
        .add(&NewTemplate::new("Flow", "<h1>Hello</h1>"))
        .await
        .unwrap();
    assert_eq!(
        client.templates().get(template.id).await.unwrap().name,
        "Flow"
    );
    let changes = TemplateChanges {
        name: Some("Flow v2".into()),
        ..TemplateChanges::default()
    };
    let updated = client
        .templates()
        .update(template.id, &changes)
        .await
        .unwrap();
    assert_eq!(updated.name, "Flow v2");
    assert_eq!(
        updated.html_body.as_deref(),
        Some("<h1>Hello</h1>"),
        "unchanged fields stay"
    );
    assert!(client
        .templates()
        .list()
        .await
        .unwrap()
        .iter()
        .any(|t| t.name == "Flow v2"));

    // mailing_lists.add / list, with subscribers added through the sandbox
    let list = client
        .mailing_lists()
        .add("Flow subscribers")
        .await
        .unwrap();
    admin
        .post(
            "/_sandbox/subscribers",
            json!({"mailing_list_id": list.id, "count": 5}),
        )
        .await;
    let lists = client.mailing_lists().list().await.unwrap();
    assert_eq!(
        lists
            .iter()
            .find(|l| l.id == list.id)
            .unwrap()
            .subscribers_count,
        Some(5)
    );

    // campaigns.options / create / toggle_pause / edit_options / update / list
    let options = client.campaigns().options().await.unwrap();
    assert!(options.templates.iter().any(|t| t.id == template.id));
    assert!(options
        .senders
        .iter()
        .any(|s| s.from_email == "news@flow-example.com"));
    assert!(!options.vmtas.is_empty());
    let mut content = CampaignContent::new("news@flow-example.com", "Hello", "<h1>Hello</h1>");
    content.vmta_id = Some(options.vmtas[0].id);
    let campaign = client
        .campaigns()
        .create(&NewCampaign {
            template_id: template.id,
            mailing_list_id: Some(list.id),
            campaign_name: Some("Flow campaign".into()),
            begins_at: Some("2099-01-01 09:00:00".into()),
            segment: Some("all".into()),
            content: content.clone(),
        })
        .await
        .unwrap();
    assert_eq!(campaign.state.as_deref(), Some("scheduled"));
    let paused = client.campaigns().toggle_pause(campaign.id).await.unwrap();
    assert_eq!(paused.paused, Some(true));
    let resumed = client.campaigns().toggle_pause(campaign.id).await.unwrap();
    assert_eq!(resumed.paused, Some(false));
    let edit = client.campaigns().edit_options(campaign.id).await.unwrap();
    assert_eq!(edit.campaign.id, campaign.id);
    assert!(!edit.senders.is_empty());
    let changes = CampaignChanges {
        campaign_name: Some("Flow campaign, renamed".into()),
        content,
        ..Default::default()
    };
    let answer = client
        .campaigns()
        .update(campaign.id, &changes)
        .await
        .unwrap();
    assert_eq!(answer.message.as_deref(), Some("update sucessfully"));
    let campaigns = client.campaigns().list().await.unwrap();
    let renamed = campaigns.iter().find(|c| c.id == campaign.id).unwrap();
    assert_eq!(
        renamed.campaign_name.as_deref(),
        Some("Flow campaign, renamed")
    );

    // mail.send_welcome: to_email is sent as the API's from_email, the recipient
    let welcome = client
        .mail()
        .send_welcome("owner@shop.example", "Demo Store", None, None)
        .await
        .unwrap();
    assert_eq!(welcome.message.as_deref(), Some("Mail sent successfully"));
    let custom = client
        .mail()
        .send_welcome(
            "owner@shop.example",
            "Demo Store",
            Some("Hi there"),
            Some("<p>Hi</p>"),
        )
        .await
        .unwrap();
    assert!(custom.message.is_some());
    let welcomes = admin.outbox("to=owner@shop.example&kind=welcome").await;
    assert_eq!(welcomes.len(), 2);
    assert!(welcomes.iter().any(|m| m["subject"] == "Hi there"));
}

#[test]
fn every_endpoint_through_the_blocking_client() {
    let sandbox = common::sandbox();
    let client = common::fast_builder(&sandbox)
        .login_blocking(DEMO_EMAIL, DEMO_PASSWORD)
        .unwrap();
    assert_eq!(client.user().map(|u| u.email.as_str()), Some(DEMO_EMAIL));

    let domain = client.domains().add("blocking-example.com").unwrap();
    assert_eq!(client.domains().list().unwrap().len(), 1);
    assert_eq!(
        client
            .domains()
            .view("blocking-example.com")
            .unwrap()
            .domain
            .id,
        domain.id
    );
    assert!(
        !client
            .domains()
            .verify("blocking-example.com")
            .unwrap()
            .verified
    );
    sandbox
        .publish_dns(
            domain.host.as_deref().unwrap(),
            domain.public_key.as_deref().unwrap(),
        )
        .unwrap();
    let verified = client
        .domains()
        .wait_verified(
            "blocking-example.com",
            Duration::from_secs(5),
            Duration::from_millis(50),
        )
        .unwrap();
    assert!(verified.verified);

    let sender = client
        .senders()
        .add("blocking-example.com", "hi@blocking-example.com", "Hi")
        .unwrap();
    client.senders().verify("hi@blocking-example.com").unwrap();
    let filter = OutboxFilter {
        to: Some("hi@blocking-example.com".into()),
        kind: Some(MessageKind::SenderVerification),
        ..Default::default()
    };
    let link = sandbox.outbox(&filter)[0].link.clone().unwrap();
    let status = reqwest_status(&link);
    assert_eq!(status, 200);
    assert_eq!(client.senders().list().unwrap()[0].id, sender.id);

    assert!(!client.templates().defaults().unwrap().is_empty());
    let template = client
        .templates()
        .add(&NewTemplate::new("B", "<p>b</p>"))
        .unwrap();
    assert_eq!(client.templates().get(template.id).unwrap().id, template.id);
    let inactive = TemplateChanges {
        active: Some(false),
        ..Default::default()
    };
    assert_eq!(
        client
            .templates()
            .update(template.id, &inactive)
            .unwrap()
            .active,
        Some(false)
    );
    assert_eq!(client.templates().list().unwrap().len(), 1);

    let list = client.mailing_lists().add("B list").unwrap();
    sandbox
        .add_subscribers(list.id, Subscribers::Count(3))
        .unwrap();
    assert_eq!(
        client.mailing_lists().list().unwrap()[0].subscribers_count,
        Some(3)
    );

    assert!(!client.campaigns().options().unwrap().vmtas.is_empty());
    let content = CampaignContent::new("hi@blocking-example.com", "S", "<p>s</p>");
    let new = NewCampaign {
        template_id: template.id,
        mailing_list_id: Some(list.id),
        begins_at: Some("2099-01-01 09:00:00".into()),
        content: content.clone(),
        ..Default::default()
    };
    let campaign = client.campaigns().create(&new).unwrap();
    assert_eq!(
        client.campaigns().toggle_pause(campaign.id).unwrap().paused,
        Some(true)
    );
    assert_eq!(
        client
            .campaigns()
            .edit_options(campaign.id)
            .unwrap()
            .campaign
            .id,
        campaign.id
    );
    let changes = CampaignChanges {
        campaign_name: Some("B2".into()),
        content,
        ..Default::default()
    };
    assert!(client
        .campaigns()
        .update(campaign.id, &changes)
        .unwrap()
        .message
        .is_some());
    assert_eq!(
        client.campaigns().list().unwrap()[0]
            .campaign_name
            .as_deref(),
        Some("B2")
    );

    let welcome = client
        .mail()
        .send_welcome("owner@b.example", "B Store", None, None)
        .unwrap();
    assert_eq!(welcome.message.as_deref(), Some("Mail sent successfully"));
}

/// Follows a link without an async runtime (the blocking test has none of its own).
fn reqwest_status(link: &str) -> u16 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        common::plain_http()
            .get(link)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    })
}

/// Every request names the SDK, its version, the language (Rust here; each binding says its own)
/// and the platform; a `user_agent` given to the builder replaces it.
#[tokio::test]
async fn the_user_agent_names_the_sdk_the_language_and_the_platform() {
    let sandbox = common::sandbox();
    let client = common::demo_client(&sandbox).await;
    client.domains().list().await.unwrap();
    let expected = format!(
        "smtpprovider-rust/{} ({} {})",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    let sent: Vec<_> = sandbox
        .requests(None)
        .into_iter()
        .map(|r| r.user_agent)
        .collect();
    assert_eq!(
        sent,
        [Some(expected.clone()), Some(expected)],
        "login, then the list"
    );

    let own = common::fast_builder(&sandbox)
        .user_agent("shop-sync/2.0")
        .token("1|not-a-token")
        .user_id(1)
        .build()
        .unwrap();
    // Sent, and refused: only the header is looked at.
    own.domains().list().await.unwrap_err();
    let last = sandbox.requests(None).pop().unwrap();
    assert_eq!(last.user_agent.as_deref(), Some("shop-sync/2.0"));
}
