//! Input rejected before sending: `InvalidInput`, and the sandbox's request log stays empty.

mod common;

use smtpprovider::{
    CampaignContent, Client, ClientBuilder, Error, ErrorKind, NewCampaign, NewTemplate,
    TemplateChanges,
};

fn assert_invalid(result: Result<impl std::fmt::Debug, Error>, field: &str) {
    let err = result.expect_err(field);
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{field}: {err}");
    assert!(err.to_string().contains(field), "{field} is named: {err}");
}

#[tokio::test]
async fn invalid_calls_send_nothing() {
    let (sandbox, admin, client) = common::demo().await;
    sandbox.clear_requests();

    assert_invalid(
        client.domains().add("no spaces allowed.com").await,
        "domain_name",
    );
    assert_invalid(client.domains().view("-bad-.com").await, "domain_name");
    assert_invalid(client.domains().verify("").await, "domain_name");
    assert_invalid(
        client
            .senders()
            .add("ok.example.com", "not-an-email", "News")
            .await,
        "from_email",
    );
    assert_invalid(
        client
            .senders()
            .add("ok.example.com", "news@ok.example.com", "  ")
            .await,
        "sender_name",
    );
    assert_invalid(client.senders().verify("news@").await, "from_email");
    assert_invalid(client.templates().get(0).await, "id");
    assert_invalid(
        client.templates().add(&NewTemplate::new("", "<p>")).await,
        "name",
    );
    let blank_html = TemplateChanges {
        html_body: Some(" ".into()),
        ..Default::default()
    };
    assert_invalid(client.templates().update(1, &blank_html).await, "html_body");
    assert_invalid(client.mailing_lists().add("").await, "name");
    let content = CampaignContent::new("news@ok.example.com", "S", "<p>");
    let no_template = NewCampaign {
        content: content.clone(),
        ..Default::default()
    };
    assert_invalid(client.campaigns().create(&no_template).await, "template_id");
    let bad_time = NewCampaign {
        template_id: 1,
        begins_at: Some("tomorrow".into()),
        content: content.clone(),
        ..Default::default()
    };
    assert_invalid(client.campaigns().create(&bad_time).await, "begins_at");
    let bad_from = NewCampaign {
        template_id: 1,
        content: CampaignContent::new("nope", "S", "<p>"),
        ..Default::default()
    };
    assert_invalid(
        client.campaigns().create(&bad_from).await,
        "all_request.from_email",
    );
    assert_invalid(client.campaigns().toggle_pause(0).await, "id");
    assert_invalid(client.campaigns().edit_options(0).await, "id");
    assert_invalid(
        client
            .mail()
            .send_welcome("owner@shop.example", "Shop", Some("Hi"), None)
            .await,
        "html_content",
    );
    assert_invalid(
        client
            .mail()
            .send_welcome("owner", "Shop", None, None)
            .await,
        "to_email",
    );
    assert_invalid(
        client
            .mail()
            .send_welcome("owner@shop.example", "", None, None)
            .await,
        "shop_name",
    );
    assert_invalid(
        Client::login(sandbox.base_url(), "not-an-email", "pw").await,
        "email",
    );
    assert_invalid(
        Client::login(sandbox.base_url(), common::DEMO_EMAIL, "").await,
        "password",
    );

    assert!(
        admin.all_requests().await.is_empty(),
        "nothing reached the API"
    );
}

#[test]
fn construction_is_checked() {
    let refused = |builder: ClientBuilder| builder.build().map(|_| ()).unwrap_err().kind();
    let https = || Client::builder().base_url("https://api.example.com/api");
    assert_eq!(
        refused(
            Client::builder()
                .base_url("http://api.example.com/api")
                .token("1|t")
                .user_id(1)
        ),
        ErrorKind::InvalidInput
    );
    assert_eq!(refused(https().token("1|t")), ErrorKind::InvalidInput);
    assert_eq!(
        refused(https().token("bad\ntoken").user_id(1)),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        refused(https().token("1|t").user_id(0)),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        refused(https().proxy("::not a url::")),
        ErrorKind::InvalidInput
    );
    assert!(https().proxy("http://127.0.0.1:3128").build().is_ok());
}
