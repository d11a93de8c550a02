//! Which proxy a request goes through, as reqwest decides it: the builder's `proxy` option for
//! every request, or else the environment (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`,
//! `NO_PROXY`, either case, with curl's rules) and, on macOS and Windows, the system's proxy
//! settings, read once when the client is built. Loopback is not exempt unless `NO_PROXY` lists
//! it, as with curl. Proxy URLs may be `http://`, `https://` (TLS to the proxy itself),
//! `socks5://` or `socks5h://` (the proxy resolves the host), with `user:password@`.
//! Tested with real tinyproxy, nginx and microsocks servers in `tests/proxies.rs`.

use std::fmt;

use url::Url;

use crate::error::{Error, ErrorKind, Result};

/// The schemes a proxy URL may have.
const SCHEMES: [&str; 4] = ["http", "https", "socks5", "socks5h"];

/// The builder's proxy URL, whose `Debug` leaves its credentials out.
#[derive(Clone)]
pub(crate) struct ProxyUrl(pub(crate) String);

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match Url::parse(&self.0) {
            Ok(url) => fmt::Debug::fmt(&without_credentials(&url), f),
            Err(_) => f.write_str("(not a URL, not shown)"),
        }
    }
}

/// Routes every request of `builder` through `option`, or leaves reqwest to read the
/// environment and the system's settings.
pub(crate) fn configure(
    builder: reqwest::ClientBuilder,
    option: Option<&ProxyUrl>,
) -> Result<reqwest::ClientBuilder> {
    let Some(ProxyUrl(raw)) = option else {
        return Ok(builder);
    };
    let invalid = |shown: &str, why: &str| {
        Error::local(
            ErrorKind::InvalidInput,
            None,
            format!("proxy {shown}: {why}"),
        )
    };
    // Unparsed, the URL's credentials cannot be told apart, so none of it is shown.
    let url = Url::parse(raw).map_err(|e| invalid("(not shown)", &format!("not a URL ({e})")))?;
    let shown = without_credentials(&url);
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid(&shown, "no host"));
    }
    if !SCHEMES.contains(&url.scheme()) {
        return Err(invalid(
            &shown,
            "the scheme is not one of http://, https://, socks5:// or socks5h://",
        ));
    }
    // reqwest's message would repeat the URL, credentials and all; it is left out.
    let proxy = reqwest::Proxy::all(url).map_err(|_| invalid(&shown, "not a proxy URL"))?;
    Ok(builder.proxy(proxy))
}

/// `scheme://host[:port]`: what a message may say of a proxy URL, whose `user:password@` must
/// stay out of errors and logs.
fn without_credentials(proxy: &Url) -> String {
    let port = proxy.port().map(|p| format!(":{p}")).unwrap_or_default();
    format!(
        "{}://{}{port}",
        proxy.scheme(),
        proxy.host_str().unwrap_or("")
    )
}
