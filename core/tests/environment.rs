//! `Client::from_env()`: one test in its own process, since it sets environment variables.

mod common;

use smtpprovider::{blocking, Client, ErrorKind, ENV_BASE_URL, ENV_TOKEN, ENV_USER_ID};

#[tokio::test]
async fn a_client_from_the_environment_calls_the_api() {
    let sandbox = common::sandbox();
    let demo = common::demo_client(&sandbox).await;

    std::env::remove_var(ENV_TOKEN);
    std::env::set_var(ENV_BASE_URL, sandbox.base_url());
    std::env::set_var(ENV_USER_ID, demo.user_id().unwrap().to_string());
    let missing = Client::from_env().unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::InvalidInput);
    assert!(missing.to_string().contains(ENV_TOKEN), "{missing}");

    std::env::set_var(ENV_TOKEN, demo.token().unwrap().expose());
    let client = Client::from_env().unwrap();
    assert_eq!(client.user_id(), demo.user_id());
    assert!(client.domains().list().await.unwrap().is_empty());
    let blocking = blocking::Client::from_env().unwrap();
    assert_eq!(blocking.base_url(), sandbox.base_url());

    std::env::set_var(ENV_USER_ID, "not-a-number");
    assert_eq!(
        Client::from_env().unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
}
