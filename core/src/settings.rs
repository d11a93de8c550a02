//! A client's options as plain optional values, applied to a [`ClientBuilder`] in one go.
//!
//! The Node and Swift/Kotlin bindings read their options from an object of their language (`{
//! timeout, proxy, ... }`, a `ClientOptions` record), where every option may be left out. Each
//! converts its units and names into a [`ClientSettings`]; which builder method each option
//! calls, and that a missing one keeps the default, is written once, here.

use std::time::Duration;

use crate::config::ClientBuilder;

/// Every client option, `None` keeping the builder's value. See the [`ClientBuilder`] method of
/// the same name for what each one does.
#[derive(Debug, Clone, Default)]
pub struct ClientSettings {
    /// [`ClientBuilder::base_url`].
    pub base_url: Option<String>,
    /// [`ClientBuilder::timeout`].
    pub timeout: Option<Duration>,
    /// [`ClientBuilder::deadline`].
    pub deadline: Option<Duration>,
    /// [`ClientBuilder::connect_timeout`].
    pub connect_timeout: Option<Duration>,
    /// [`ClientBuilder::max_retries`].
    pub max_retries: Option<u32>,
    /// [`ClientBuilder::retry_non_idempotent`].
    pub retry_non_idempotent: Option<bool>,
    /// [`ClientBuilder::add_root_certificate_pem`].
    pub root_certificates: Option<Vec<u8>>,
    /// [`ClientBuilder::proxy`].
    pub proxy: Option<String>,
    /// [`ClientBuilder::user_agent`].
    pub user_agent: Option<String>,
    /// [`ClientBuilder::allow_insecure_http`].
    pub allow_insecure_http: Option<bool>,
    /// [`ClientBuilder::max_response_bytes`].
    pub max_response_bytes: Option<usize>,
}

impl ClientBuilder {
    /// Applies every option `settings` gives; the others keep their value.
    pub fn settings(mut self, settings: ClientSettings) -> Self {
        let ClientSettings {
            base_url,
            timeout,
            deadline,
            connect_timeout,
            max_retries,
            retry_non_idempotent,
            root_certificates,
            proxy,
            user_agent,
            allow_insecure_http,
            max_response_bytes,
        } = settings;
        if let Some(base_url) = base_url {
            self = self.base_url(base_url);
        }
        if let Some(timeout) = timeout {
            self = self.timeout(timeout);
        }
        if let Some(deadline) = deadline {
            self = self.deadline(deadline);
        }
        if let Some(timeout) = connect_timeout {
            self = self.connect_timeout(timeout);
        }
        if let Some(retries) = max_retries {
            self = self.max_retries(retries);
        }
        if let Some(retry) = retry_non_idempotent {
            self = self.retry_non_idempotent(retry);
        }
        if let Some(pem) = root_certificates {
            self = self.add_root_certificate_pem(pem);
        }
        if let Some(proxy) = proxy {
            self = self.proxy(proxy);
        }
        if let Some(user_agent) = user_agent {
            self = self.user_agent(user_agent);
        }
        if let Some(allow) = allow_insecure_http {
            self = self.allow_insecure_http(allow);
        }
        if let Some(max) = max_response_bytes {
            self = self.max_response_bytes(max);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_settings_replace_the_defaults_and_missing_ones_keep_them() {
        let builder = ClientBuilder::new().settings(ClientSettings {
            base_url: Some("https://api.example.com/api".into()),
            timeout: Some(Duration::from_secs(3)),
            max_retries: Some(0),
            proxy: Some("http://127.0.0.1:3128".into()),
            allow_insecure_http: Some(true),
            max_response_bytes: Some(1024),
            ..ClientSettings::default()
        });
        assert_eq!(
            builder.base_url.as_deref(),
            Some("https://api.example.com/api")
        );
        assert_eq!(builder.policy.timeout, Duration::from_secs(3));
        assert_eq!(builder.policy.max_retries, 0);
        assert_eq!(
            builder.proxy.map(|p| p.0).as_deref(),
            Some("http://127.0.0.1:3128")
        );
        assert!(builder.allow_insecure_http);
        assert_eq!(builder.max_response_bytes, 1024);
        let defaults = ClientBuilder::new();
        assert_eq!(builder.policy.deadline, defaults.policy.deadline);
        assert_eq!(builder.connect_timeout, defaults.connect_timeout);
        assert_eq!(builder.user_agent, defaults.user_agent);
        assert!(builder.root_certificates_pem.is_empty());
    }
}
