//! The core's helpers ([`smtpprovider::HELPERS`]) on the resource objects, beside the endpoint
//! methods `resources.rs` expands: each converts its arguments (durations in milliseconds, as
//! every time in this API) and runs the core's own method, whose checks and loop are not
//! repeated here.

use std::time::Duration;

use smtpprovider::models::DomainVerification;

use crate::error::SmtpProviderError;
use crate::resources::Domains;

#[uniffi::export(async_runtime = "tokio")]
impl Domains {
    /// Checks the domain's DKIM record every `interval_ms` until it is verified, or fails with
    /// `Timeout` once `timeout_ms` has passed, carrying the last answer's message. A zero
    /// interval is `InvalidInput`, before anything is sent.
    #[uniffi::method(default(timeout_ms = 60000, interval_ms = 2000))]
    pub async fn wait_verified(
        &self,
        domain_name: String,
        timeout_ms: u64,
        interval_ms: u64,
    ) -> Result<DomainVerification, SmtpProviderError> {
        let client = self.client.clone();
        let (timeout, interval) = (
            Duration::from_millis(timeout_ms),
            Duration::from_millis(interval_ms),
        );
        crate::runtime::run(async move {
            Ok(client
                .domains()
                .wait_verified(&domain_name, timeout, interval)
                .await?)
        })
        .await
    }
}

/// The defaults above (uniffi takes literals only) are the helper's declared ones.
#[cfg(test)]
#[test]
fn the_defaults_are_the_helpers() {
    use smtpprovider::helpers::WAIT_VERIFIED;
    let seconds = |name| WAIT_VERIFIED.arg(name).default_seconds().unwrap();
    assert_eq!(seconds("timeout"), 60.0);
    assert_eq!(seconds("interval"), 2.0);
}
