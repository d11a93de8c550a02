//! Secrets kept out of `Debug` output, error messages and logs: a session that logs in and makes
//! every call of the endpoint table, then fails in every way a call can (proxy and base URLs with
//! the password in them included), with every `tracing` event of the process captured at TRACE
//! (the SDK's, hyper's, rustls's and the sandbox's), and neither the token nor the password found
//! in any of it.
//! A test binary of its own, with the one global subscriber of `common::logs` (which says why).

mod common;

use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::time::Duration;

use serde_json::{json, Value};
use smtpprovider::{blocking, Client, Error, ErrorKind, Secret, ENDPOINTS};
use smtpprovider_sandbox::{FaultSpec, OutboxFilter};

use common::logs::logs;

const EMAIL: &str = "secrets@example.com";
/// Distinctive, so that finding it anywhere can only be a leak.
const PASSWORD: &str = "pw-Secrets-5d1f8a-never-shown";

/// Everything the session produced as text: `Debug` and `Display` of clients, results and errors.
#[derive(Default)]
struct Shown {
    texts: Vec<String>,
    calls: BTreeSet<String>,
    kinds: HashSet<ErrorKind>,
}

impl Shown {
    fn show(&mut self, value: &impl std::fmt::Debug) {
        self.texts.push(format!("{value:?} {value:#?}"));
    }

    fn error(&mut self, error: &Error) {
        self.kinds.insert(error.kind());
        self.texts.push(format!("{error} {error:?} {error:#?}"));
    }

    /// Makes a call by its table id and keeps what it shows; the result on success.
    async fn call(&mut self, client: &Client, call: &str, args: Value) -> Option<Value> {
        self.calls.insert(call.to_owned());
        match client.call_json(call, &args).await {
            Ok(result) => {
                self.texts.push(result.to_string());
                Some(result)
            }
            Err(error) => {
                self.error(&error);
                None
            }
        }
    }
}

/// Every call of the table, in an order where each finds what it needs (a verified sender for the
/// campaign, a template and a list).
async fn every_call(sandbox: &smtpprovider_sandbox::Sandbox, client: &Client, shown: &mut Shown) {
    let domain = shown
        .call(
            client,
            "domains.add",
            json!({"domain_name": "secrets.example"}),
        )
        .await
        .expect("domains.add");
    let (host, key) = (
        domain["host"].as_str().unwrap(),
        domain["public_key"].as_str().unwrap(),
    );
    sandbox.publish_dns(host, key).unwrap();
    let domain_name = json!({"domain_name": "secrets.example"});
    shown.call(client, "domains.list", json!({})).await;
    shown
        .call(client, "domains.view", domain_name.clone())
        .await;
    shown.call(client, "domains.verify", domain_name).await;

    let sender = json!({"domain_name": "secrets.example", "from_email": "news@secrets.example", "sender_name": "News"});
    shown.call(client, "senders.add", sender).await;
    shown
        .call(
            client,
            "senders.verify",
            json!({"from_email": "news@secrets.example"}),
        )
        .await;
    let filter = OutboxFilter {
        to: Some("news@secrets.example".into()),
        ..Default::default()
    };
    let link = sandbox
        .outbox(&filter)
        .last()
        .and_then(|m| m.link.clone())
        .expect("a link");
    common::plain_http()
        .get(link)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    shown.call(client, "senders.list", json!({})).await;

    shown.call(client, "templates.defaults", json!({})).await;
    let template = json!({"template": {"name": "Secrets", "html_body": "<p>s</p>"}});
    let template_id = shown.call(client, "templates.add", template).await.unwrap()["id"].clone();
    shown.call(client, "templates.list", json!({})).await;
    shown
        .call(client, "templates.get", json!({"id": template_id}))
        .await;
    let changes = json!({"id": template_id, "changes": {"name": "Secrets 2"}});
    shown.call(client, "templates.update", changes).await;

    let list_id = shown
        .call(client, "mailing_lists.add", json!({"name": "Secrets"}))
        .await
        .unwrap()["id"]
        .clone();
    shown.call(client, "mailing_lists.list", json!({})).await;

    shown.call(client, "campaigns.options", json!({})).await;
    let content =
        json!({"from_email": "news@secrets.example", "subject": "S", "html_body": "<p>s</p>"});
    let campaign = json!({"campaign": {"template_id": template_id, "mailing_list_id": list_id,
        "begins_at": "2099-01-01 09:00:00", "all_request": content}});
    let campaign_id = shown
        .call(client, "campaigns.create", campaign)
        .await
        .expect("a campaign")["id"]
        .clone();
    shown.call(client, "campaigns.list", json!({})).await;
    shown
        .call(client, "campaigns.toggle_pause", json!({"id": campaign_id}))
        .await;
    shown
        .call(client, "campaigns.edit_options", json!({"id": campaign_id}))
        .await;
    let changes =
        json!({"id": campaign_id, "changes": {"campaign_name": "S2", "all_request": content}});
    shown.call(client, "campaigns.update", changes).await;

    let welcome = json!({"to_email": "owner@secrets.example", "shop_name": "Shop"});
    shown.call(client, "mail.send_welcome", welcome).await;
}

/// The error of every kind a call can end in, each with the session's token on the request.
async fn every_failure(
    sandbox: &smtpprovider_sandbox::Sandbox,
    client: &Client,
    shown: &mut Shown,
) {
    let fault = |spec: Value| {
        sandbox
            .add_fault(serde_json::from_value::<FaultSpec>(spec).unwrap())
            .unwrap()
    };
    let list = "/v1/smtp-domain-list";
    fault(json!({"path": list, "kind": "status", "status": 503}));
    fault(json!({"path": list, "kind": "status", "status": 429, "headers": {"Retry-After": "1"}}));
    fault(
        json!({"path": list, "kind": "status", "status": 200, "body": "<html>proxy</html>", "content_type": "text/html"}),
    );
    fault(
        json!({"path": list, "kind": "status", "status": 200, "body": {"success": true, "data": {"domains": 1}}}),
    );
    fault(json!({"path": list, "kind": "drop"}));
    fault(json!({"path": list, "kind": "delay", "delay_ms": 1500}));
    let strict = client.with_options(
        smtpprovider::RequestOptions::new()
            .max_retries(0)
            .timeout(Duration::from_millis(500)),
    );
    for _ in 0..6 {
        shown.call(&strict, "domains.list", json!({})).await;
    }
    let refused = [
        ("templates.get", json!({"id": 999_999})), // NotFound
        ("domains.add", json!({"domain_name": "secrets.example"})), // Validation
        ("senders.verify", json!({"from_email": "not an email"})), // InvalidInput
    ];
    for (call, args) in refused {
        shown.call(client, call, args).await;
    }

    // Another user's id with this token: every authenticated call of the table is refused.
    let token = client.token().unwrap().expose();
    let wrong_user = common::fast_builder(sandbox)
        .token(token)
        .user_id(1)
        .max_retries(0)
        .build()
        .unwrap();
    for endpoint in ENDPOINTS.iter().filter(|e| e.authenticated) {
        shown.call(&wrong_user, endpoint.id, json!({})).await;
    }
    // Nothing listening, with the token.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let nowhere = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}/api"))
        .token(token)
        .user_id(client.user_id().unwrap())
        .max_retries(0)
        .build()
        .unwrap();
    shown.show(&nowhere);
    shown.call(&nowhere, "domains.list", json!({})).await; // Connection

    // The password in a proxy URL: a proxy that is not there, then ones the client refuses.
    let proxied = Client::builder()
        .base_url(sandbox.base_url())
        .proxy(format!("http://user:{PASSWORD}@127.0.0.1:{port}"))
        .token(token)
        .user_id(client.user_id().unwrap())
        .max_retries(0);
    shown.show(&proxied);
    let proxied = proxied.build().unwrap();
    shown.show(&proxied);
    shown.call(&proxied, "domains.list", json!({})).await;
    let refused_proxies = [
        format!("ftp://user:{PASSWORD}@127.0.0.1:3128"),
        format!("socks4://user:{PASSWORD}@127.0.0.1:1080"),
        format!("http://user:{PASSWORD}@"),
        format!("http://user:{PASSWORD}@proxy example:3128"),
    ];
    for proxy in refused_proxies {
        let builder = Client::builder().base_url(sandbox.base_url()).proxy(proxy);
        shown.show(&builder);
        shown.error(&builder.build().unwrap_err());
    }
    // And in a base URL, which takes none.
    for base_url in [
        format!("https://user:{PASSWORD}@example.com/api"),
        format!("https://user:{PASSWORD}@exa mple.com/api"),
    ] {
        shown.error(&Client::builder().base_url(base_url).build().unwrap_err());
    }
    // A wrong password (Authentication) and this password with a mistyped email.
    for (email, password) in [(EMAIL, "wrong-password"), ("nobody@example.com", PASSWORD)] {
        let failed = common::fast_builder(sandbox).login(email, password).await;
        shown.error(&failed.unwrap_err());
    }
}

#[test]
fn a_whole_session_never_shows_the_token_or_the_password() {
    logs();
    let sandbox = common::sandbox();
    sandbox.create_user(EMAIL, PASSWORD, None).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut shown = Shown::default();
    let token = runtime.block_on(async {
        let builder = common::fast_builder(&sandbox);
        shown.show(&builder);
        let client = builder.login(EMAIL, PASSWORD).await.expect("login");
        shown.calls.insert("client.login".into());
        shown.show(&client);
        shown.show(&client.user());
        every_call(&sandbox, &client, &mut shown).await;
        every_failure(&sandbox, &client, &mut shown).await;
        let token = client.token().unwrap().expose().to_owned();
        let builder = Client::builder()
            .base_url(sandbox.base_url())
            .token(token.as_str())
            .user_id(1);
        shown.show(&builder);
        shown.show(&Secret::new(token.as_str()));
        token
    });
    // The blocking client over the same session.
    let blocking = blocking::Client::login(sandbox.base_url(), EMAIL, PASSWORD).unwrap();
    shown.show(&blocking);
    shown.texts.push(format!(
        "{:?}",
        blocking.templates().get(999_999).unwrap_err()
    ));

    let table: BTreeSet<String> = ENDPOINTS.iter().map(|e| e.id.to_owned()).collect();
    assert_eq!(
        table.difference(&shown.calls).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "calls of the table the session did not make"
    );
    let logs = logs();
    assert!(logs.contains("TRACE"), "nothing at TRACE was captured");
    assert!(logs.contains("endpoint=\"campaigns.update\""), "{logs}");
    let secret_part = token.split('|').nth(1).expect("an id|secret token");
    let texts = shown.texts.join("\n");
    assert_eq!(
        shown.kinds,
        HashSet::from(ErrorKind::ALL),
        "errors of every kind"
    );
    for (what, haystack) in [("logs", &logs), ("Debug and error texts", &texts)] {
        assert!(
            !haystack.contains(secret_part),
            "the token is in the {what}"
        );
        assert!(
            !haystack.contains(PASSWORD),
            "the password is in the {what}"
        );
    }
    // Past the test harness's capture (it takes `print!` only), so the CI log shows it.
    writeln!(
        std::io::stdout(),
        "secrets rust: {} log lines, {} texts, {} calls of the table; no token, no password",
        logs.lines().count(),
        shown.texts.len(),
        shown.calls.len()
    )
    .unwrap();
}
