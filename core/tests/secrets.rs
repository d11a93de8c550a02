//! Secrets kept out of `Debug` output and error messages.

mod common;

use smtpprovider::{Client, Secret};

#[tokio::test]
async fn debug_and_errors_redact_the_token() {
    let sandbox = common::sandbox();
    let client = common::demo_client(&sandbox).await;
    let token = client.token().unwrap().expose().to_owned();
    let secret_part = token.split('|').nth(1).unwrap().to_owned();
    let builder = Client::builder()
        .base_url(sandbox.base_url())
        .token(token.as_str())
        .user_id(1);
    let shown = format!("{client:?} {builder:?} {:?}", Secret::new(token.as_str()));
    assert!(!shown.contains(&secret_part), "{shown}");
    assert!(shown.contains("***"));
    let err = client.templates().get(123_456).await.unwrap_err();
    assert!(!format!("{err} {err:?}").contains(&secret_part));
}
