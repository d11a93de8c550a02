//! The core's helpers ([`smtpprovider::HELPERS`]) on the resource objects, beside the endpoint
//! methods `resources.rs` expands: each converts its arguments (a duration left out is the
//! helper's declared default) and runs the core's own method, whose checks and loop are not
//! repeated here.

use std::time::Duration;

use smtpprovider::helpers::WAIT_VERIFIED;
use smtpprovider::models::DomainVerification;

use crate::error::SmtpProviderError;
use crate::resources::Domains;

#[uniffi::export(async_runtime = "tokio")]
impl Domains {
    /// Checks the domain's DKIM record every `interval` (default 2 s) until it is verified, or
    /// fails with `Timeout` once `timeout` (default 60 s) has passed, carrying the last answer's
    /// message. A zero interval is `InvalidInput`, before anything is sent.
    #[uniffi::method(default(timeout = None, interval = None))]
    pub async fn wait_verified(
        &self,
        domain_name: String,
        timeout: Option<Duration>,
        interval: Option<Duration>,
    ) -> Result<DomainVerification, SmtpProviderError> {
        let client = self.client.clone();
        let or_default = |given: Option<Duration>, name| {
            given
                .or_else(|| WAIT_VERIFIED.arg(name).default_duration())
                .unwrap_or_default()
        };
        let (timeout, interval) = (
            or_default(timeout, "timeout"),
            or_default(interval, "interval"),
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
