//! Which redirects a call follows, as a pure decision ([`next_hop`]) that reqwest's redirect
//! policy asks at each 3xx ([`policy`]).
//!
//! An API never legitimately sends a call to another origin, and a redirected POST was not
//! processed where it was sent (HTTP clients re-send it as a body-less GET, which then looks like
//! a success). So only a GET answered 301, 302, 303, 307 or 308 with a `Location` on the same
//! scheme, host and port is followed, at most [`MAX_REDIRECTS`] times, keeping the token (reqwest
//! drops `Authorization` only when the origin changes, which is refused here first); every other
//! 3xx is a refusal the caller sees as a `Server` error naming the status and `Location`. The
//! hops run inside the attempt's future, so its time limit covers them.
//!
//! reqwest's policy is the client's, not the request's, and sees neither the method nor the
//! headers, so the transport runs each request inside [`for_method`], which tells the policy the
//! method through a task-local.

use reqwest::header::HeaderValue;
use reqwest::redirect::Policy;
use url::Url;

use crate::endpoints::HttpMethod;

tokio::task_local! {
    /// The method of the request whose redirects the policy is deciding.
    static METHOD: HttpMethod;
}

/// Runs `request` with its method known to [`policy`].
pub(crate) async fn for_method<F: std::future::Future>(
    method: HttpMethod,
    request: F,
) -> F::Output {
    METHOD.scope(method, request).await
}

/// The client's redirect policy: [`next_hop`] at every redirect reqwest meets. A refusal is an
/// error carrying [`Refused`], which the transport finds among the error's causes.
pub(crate) fn policy() -> Policy {
    Policy::custom(|attempt| {
        // Outside `for_method` nothing is known of the request; refusing is the safe answer.
        let method = METHOD
            .try_with(|method| *method)
            .unwrap_or(HttpMethod::Post);
        let previous = attempt.previous();
        let Some(from) = previous.last() else {
            return attempt.stop();
        };
        // reqwest resolved the `Location` already; resolving it again against `from` is a no-op.
        let location = HeaderValue::from_str(attempt.url().as_str()).ok();
        let hops = previous.len() - 1;
        let decision = next_hop(
            method,
            from,
            attempt.status().as_u16(),
            location.as_ref(),
            hops,
        );
        match decision {
            Ok(Some(target)) => {
                tracing::debug!(status = attempt.status().as_u16(), location = %target, "following a redirect");
                attempt.follow()
            }
            Ok(None) => attempt.stop(),
            Err(refused) => attempt.error(refused),
        }
    })
}

/// Why a 3xx response that reqwest handed back (no usable `Location`, or a status it does not
/// follow) is not the call's answer.
pub(crate) fn refusal(
    method: HttpMethod,
    from: &Url,
    status: u16,
    location: Option<&HeaderValue>,
) -> Refused {
    next_hop(method, from, status, location, 0)
        .err()
        .unwrap_or_else(|| Refused {
            status,
            location: location.map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned()),
            reason: "a redirect without a usable Location",
        })
}

/// The most redirects one attempt follows.
pub(crate) const MAX_REDIRECTS: usize = 3;

/// A 3xx the call does not follow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason} ({status})")]
pub(crate) struct Refused {
    pub(crate) status: u16,
    /// The `Location`, resolved against the request's URL when it parses, else as sent.
    pub(crate) location: Option<String>,
    /// Why it is not followed, worded for the error message.
    pub(crate) reason: &'static str,
}

/// What to do with a response of `status` to `method` at `from`, after `hops` redirects already
/// followed: `Ok(None)` when it is not a redirect, `Ok(Some(url))` to request `url` next.
pub(crate) fn next_hop(
    method: HttpMethod,
    from: &Url,
    status: u16,
    location: Option<&HeaderValue>,
    hops: usize,
) -> Result<Option<Url>, Refused> {
    if !(300..400).contains(&status) {
        return Ok(None);
    }
    let raw = location.map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    let target = raw.as_deref().and_then(|raw| from.join(raw.trim()).ok());
    let refuse = |reason| {
        Err(Refused {
            status,
            location: target
                .as_ref()
                .map(|url| url.as_str().to_owned())
                .or(raw.clone()),
            reason,
        })
    };
    if method == HttpMethod::Post {
        return refuse("the API redirected a POST, so it was not processed where it was sent");
    }
    if !matches!(status, 301 | 302 | 303 | 307 | 308) {
        return refuse("a 3xx answer that is not a redirect the SDK follows");
    }
    let Some(target) = target.clone() else {
        return refuse("a redirect without a usable Location");
    };
    if !target.username().is_empty() || target.password().is_some() {
        return refuse("a redirect to a URL with credentials, which is not followed");
    }
    if target.origin() != from.origin() {
        return refuse(
            "a redirect to another origin (scheme, host or port), which is not followed",
        );
    }
    if hops >= MAX_REDIRECTS {
        return refuse("more than 3 redirects");
    }
    Ok(Some(target))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FROM: &str = "https://api.example.com/api/v1/smtp-domain-list?user_id=1";

    fn decide(
        method: HttpMethod,
        status: u16,
        location: Option<&str>,
        hops: usize,
    ) -> Result<Option<Url>, Refused> {
        let from = Url::parse(FROM).unwrap();
        let header = location.map(|l| HeaderValue::from_str(l).unwrap());
        next_hop(method, &from, status, header.as_ref(), hops)
    }

    fn followed(location: &str) -> String {
        decide(HttpMethod::Get, 302, Some(location), 0)
            .unwrap()
            .unwrap()
            .to_string()
    }

    #[test]
    fn a_non_redirect_status_is_the_answer() {
        for status in [200, 204, 299, 400, 404, 500] {
            assert_eq!(decide(HttpMethod::Get, status, Some("/x"), 0), Ok(None));
            assert_eq!(decide(HttpMethod::Post, status, Some("/x"), 0), Ok(None));
        }
    }

    #[test]
    fn same_origin_get_redirects_are_followed_with_locations_resolved() {
        for status in [301, 302, 303, 307, 308] {
            assert!(
                decide(HttpMethod::Get, status, Some("/api/v2/x"), 0).is_ok_and(|u| u.is_some())
            );
        }
        assert_eq!(
            followed("/api/v2/list?user_id=1"),
            "https://api.example.com/api/v2/list?user_id=1"
        );
        assert_eq!(
            followed("smtp-domain-index"),
            "https://api.example.com/api/v1/smtp-domain-index"
        );
        assert_eq!(
            followed("https://api.example.com:443/api/v2/x"),
            "https://api.example.com/api/v2/x",
            "the default port is the same origin"
        );
    }

    #[test]
    fn a_post_is_never_redirected() {
        for status in [301, 302, 303, 307, 308] {
            let refused =
                decide(HttpMethod::Post, status, Some("/api/v1/elsewhere"), 0).unwrap_err();
            assert_eq!(refused.status, status);
            assert_eq!(
                refused.location.as_deref(),
                Some("https://api.example.com/api/v1/elsewhere")
            );
            assert!(refused.reason.contains("POST"), "{}", refused.reason);
        }
    }

    #[test]
    fn another_scheme_host_or_port_is_refused() {
        for location in [
            "http://api.example.com/api/v1/x",
            "https://evil.example.com/api/v1/x",
            "https://api.example.com:8443/api/v1/x",
            "//other.example.com/x",
        ] {
            let refused = decide(HttpMethod::Get, 302, Some(location), 0).unwrap_err();
            assert!(refused.reason.contains("another origin"), "{location}");
            assert!(refused.location.is_some(), "{location}");
        }
    }

    #[test]
    fn the_fourth_redirect_is_refused() {
        for hops in 0..MAX_REDIRECTS {
            assert!(decide(HttpMethod::Get, 307, Some("/x"), hops).is_ok());
        }
        let refused = decide(HttpMethod::Get, 307, Some("/x"), MAX_REDIRECTS).unwrap_err();
        assert_eq!(refused.reason, "more than 3 redirects");
    }

    #[test]
    fn no_location_or_not_a_redirect_status_is_refused() {
        let missing = decide(HttpMethod::Get, 302, None, 0).unwrap_err();
        assert_eq!(missing.location, None);
        assert!(missing.reason.contains("Location"));
        let unparseable = decide(HttpMethod::Get, 302, Some("http://[::1"), 0).unwrap_err();
        assert_eq!(unparseable.location.as_deref(), Some("http://[::1"));
        for status in [300, 304, 305] {
            let refused = decide(HttpMethod::Get, status, Some("/x"), 0).unwrap_err();
            assert_eq!(refused.status, status);
        }
    }
}
