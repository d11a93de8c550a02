//! Methods a resource class has beyond its calls of the endpoint table: the core's helpers built
//! on those calls. Only `domains` has one, `wait_verified` (the core's `Domains::wait_verified`,
//! whose polling loop is reused as is, not re-implemented here).
//!
//! pyo3 accepts a single `#[pymethods]` block per class (a second one needs its
//! `multiple-pymethods` feature and the `inventory` crate's link-time registration), and that
//! block is generated from the table (`generate.rs`). So rather than a block of its own, a helper
//! is spliced into the generated one: `resource_class!` hands each finished resource to
//! [`with_helpers!`], which adds the methods of the resources that have some and passes every
//! other resource through unchanged.

use std::time::Duration;

use pyo3::prelude::*;

use crate::errors;

/// Adds a resource's helper methods (none for most) to its generated class, for one flavor.
macro_rules! with_helpers {
    (blocking domains $Resource:ident [$($rdoc:tt)*] $($calls:tt)*) => {
        emit_resource! { blocking domains $Resource [$($rdoc)*] {
            /// Polls `verify` every `interval` seconds until the domain is verified, and returns
            /// that answer; raises `APITimeoutError` once `timeout` seconds have passed without it.
            #[pyo3(signature = (domain_name, timeout = 60.0, interval = 2.0))]
            fn wait_verified(
                &self,
                py: Python<'_>,
                domain_name: String,
                timeout: f64,
                interval: f64,
            ) -> PyResult<smtpprovider::DomainVerification> {
                let (timeout, interval) = $crate::helpers::wait_durations(py, timeout, interval)?;
                let client = self.client.bind(py).borrow_mut().connection.current(py)?;
                $crate::logging::refresh(py);
                // A wait can last minutes: Ctrl-C must still interrupt it.
                let result = $crate::runtime::block_on_interruptible(py, async move {
                    client.domains().wait_verified(&domain_name, timeout, interval).await
                })?;
                result.map_err(|error| $crate::errors::to_py(py, &error))
            }
        } $($calls)* }
    };
    (asyncio domains $Resource:ident [$($rdoc:tt)*] $($calls:tt)*) => {
        emit_resource! { asyncio domains $Resource [$($rdoc)*] {
            /// Polls `verify` every `interval` seconds until the domain is verified; awaits to
            /// that answer, or raises `APITimeoutError` once `timeout` seconds have passed without it.
            #[pyo3(signature = (domain_name, timeout = 60.0, interval = 2.0))]
            fn wait_verified<'py>(
                &self,
                py: Python<'py>,
                domain_name: String,
                timeout: f64,
                interval: f64,
            ) -> PyResult<Bound<'py, PyAny>> {
                let (timeout, interval) = $crate::helpers::wait_durations(py, timeout, interval)?;
                let client = self.client.bind(py).borrow_mut().connection.current(py)?;
                $crate::logging::refresh(py);
                $crate::aio::coroutine(py, "domains.wait_verified", move || async move {
                    $crate::reply::Reply(client.domains().wait_verified(&domain_name, timeout, interval).await)
                })
            }
        } $($calls)* }
    };
    ($flavor:ident $resource:ident $Resource:ident [$($rdoc:tt)*] $($calls:tt)*) => {
        emit_resource! { $flavor $resource $Resource [$($rdoc)*] {} $($calls)* }
    };
}

/// `wait_verified`'s `timeout` and `interval` (seconds) as durations, checked as the core's
/// declaration of the helper says (`smtpprovider::helpers::WAIT_VERIFIED`: finite, not negative,
/// a zero interval refused); a refusal is `InvalidInputError`.
pub(crate) fn wait_durations(
    py: Python<'_>,
    timeout: f64,
    interval: f64,
) -> PyResult<(Duration, Duration)> {
    let helper = &smtpprovider::helpers::WAIT_VERIFIED;
    let duration = |name: &str, seconds: f64| {
        helper
            .arg(name)
            .duration(helper.id, seconds)
            .map_err(|error| errors::to_py(py, &error))
    };
    Ok((
        duration("timeout", timeout)?,
        duration("interval", interval)?,
    ))
}
