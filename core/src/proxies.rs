//! Which proxy, if any, a request goes through: the builder's `proxy` option for every request,
//! or else curl's environment variables (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`,
//! either case), read once when the client is built. Loopback is not exempt unless `NO_PROXY`
//! lists it, as with curl. Tested with a real tinyproxy in `tests/proxies.rs`.
//!
//! Only `http://` proxies are spoken: HTTPS targets through a `CONNECT` tunnel, plain HTTP ones
//! as absolute-form requests (`connector.rs` and `transport.rs`).

use std::fmt;

use hyper::header::HeaderValue;
use hyper::Uri;
use hyper_util::client::proxy::matcher::{Intercept, Matcher};

use crate::error::{Error, ErrorKind, Result};

/// The proxy rules of one client.
#[derive(Debug)]
pub(crate) struct Proxies {
    matcher: Matcher,
}

impl Proxies {
    /// The rules for `option` (the builder's proxy URL), else for the environment.
    pub(crate) fn new(option: Option<&str>) -> Result<Proxies> {
        let Some(url) = option else {
            return Ok(Proxies {
                matcher: Matcher::from_env(),
            });
        };
        let invalid = |shown: &str, why: &str| {
            Error::local(
                ErrorKind::InvalidInput,
                None,
                format!("proxy {shown}: {why}"),
            )
        };
        // Unparsed, the URL's credentials cannot be told apart, so none of it is shown.
        let uri: Uri = url
            .parse()
            .map_err(|e| invalid("(not shown)", &format!("not a URL ({e})")))?;
        let invalid = |why: &str| invalid(&without_credentials(&uri), why);
        if uri.host().map_or(true, str::is_empty) {
            return Err(invalid("no host"));
        }
        if uri.scheme_str().is_some_and(|scheme| scheme != "http") {
            return Err(invalid(
                "only http:// proxies are supported (HTTPS still travels inside their CONNECT \
                 tunnel)",
            ));
        }
        Ok(Proxies {
            matcher: Matcher::builder().all(url).build(),
        })
    }

    /// The proxy for `target`, or `None` to connect directly.
    pub(crate) fn route(&self, target: &Uri) -> Option<Intercept> {
        self.matcher.intercept(target)
    }

    /// The `Proxy-Authorization` a plain-HTTP request to `target` carries: the proxy reads that
    /// request itself, where an HTTPS one sends its credentials in the `CONNECT` instead.
    pub(crate) fn authorization_for_plain_http(&self, target: &Uri) -> Option<HeaderValue> {
        if target.scheme_str() != Some("http") {
            return None;
        }
        self.route(target)?.basic_auth().cloned()
    }
}

/// A proxy from the environment that the SDK cannot speak (`https://`, SOCKS): found when a
/// connection would use it, and then `InvalidInput`, not retried.
#[derive(Debug, thiserror::Error)]
#[error("the proxy {0} from the environment is not supported: only http:// proxies are")]
pub(crate) struct UnsupportedProxy(String);

impl UnsupportedProxy {
    pub(crate) fn new(proxy: &Uri) -> UnsupportedProxy {
        UnsupportedProxy(without_credentials(proxy))
    }
}

/// The builder's proxy URL, whose `Debug` leaves its credentials out.
#[derive(Clone)]
pub(crate) struct ProxyUrl(pub(crate) String);

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.parse::<Uri>() {
            Ok(uri) => fmt::Debug::fmt(&without_credentials(&uri), f),
            Err(_) => f.write_str("(not a URL, not shown)"),
        }
    }
}

/// `scheme://host[:port]`: what a message may say of a proxy URL, whose `user:password@` must
/// stay out of errors and logs.
fn without_credentials(proxy: &Uri) -> String {
    let port = proxy
        .port_u16()
        .map(|p| format!(":{p}"))
        .unwrap_or_default();
    format!(
        "{}://{}{port}",
        proxy.scheme_str().unwrap_or(""),
        proxy.host().unwrap_or("")
    )
}
