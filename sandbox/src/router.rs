//! The `/api` route table: each path, the method it answers and the endpoint behind it. Lookup
//! tells a missing route (404) from a wrong method (405 with the allowed ones), as Laravel does.

use hyper::Method;

/// One of the 22 endpoints of the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    TokenGenerate,
    DomainAdd,
    DomainList,
    DomainView,
    DomainVerify,
    SenderList,
    SenderAdd,
    SenderVerify,
    TemplateIndex,
    TemplateDefault,
    TemplateShow,
    TemplateAdd,
    TemplateUpdate,
    MailingList,
    MailingAdd,
    CampaignIndex,
    CampaignCreate,
    CampaignStore,
    CampaignPause,
    CampaignEdit,
    CampaignUpdate,
    WelcomeMail,
}

const GET: bool = true;
const POST: bool = false;

/// (path, is GET, endpoint). Paths are full request paths.
const ROUTES: [(&str, bool, Route); 22] = [
    ("/api/smtp-token-generate", POST, Route::TokenGenerate),
    ("/api/v1/smtp-domain-add", POST, Route::DomainAdd),
    ("/api/v1/smtp-domain-list", GET, Route::DomainList),
    ("/api/v1/smtp-domain-view", GET, Route::DomainView),
    ("/api/v1/smtp-domain-verify", GET, Route::DomainVerify),
    ("/api/v1/smtp-sender-list", GET, Route::SenderList),
    ("/api/v1/smtp-domain-sender-add", POST, Route::SenderAdd),
    (
        "/api/v1/smtp-domain-sender-verify",
        POST,
        Route::SenderVerify,
    ),
    ("/api/v1/smtp-template-index", GET, Route::TemplateIndex),
    ("/api/v1/smtp-template-default", GET, Route::TemplateDefault),
    ("/api/v1/smtp-template-show", GET, Route::TemplateShow),
    ("/api/v1/smtp-template-add", POST, Route::TemplateAdd),
    ("/api/v1/smtp-template-update", POST, Route::TemplateUpdate),
    ("/api/v1/smtp-mailing-list", GET, Route::MailingList),
    ("/api/v1/smtp-mailing-add", POST, Route::MailingAdd),
    ("/api/v1/smtp-campaign-index", GET, Route::CampaignIndex),
    ("/api/v1/smtp-campaign-create", GET, Route::CampaignCreate),
    ("/api/v1/smtp-campaign-store", POST, Route::CampaignStore),
    ("/api/v1/smtp-campaign-pause", POST, Route::CampaignPause),
    ("/api/v1/smtp-campaign-edit", GET, Route::CampaignEdit),
    ("/api/v1/smtp-campaign-update", POST, Route::CampaignUpdate),
    ("/api/v1/smtp-welcome-mail", POST, Route::WelcomeMail),
];

/// What a path and method resolve to.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    Found(Route),
    /// The path exists; an `OPTIONS` request, answered with the allowed methods.
    Options(&'static str),
    /// The path exists but not for this method; the allowed methods, `Allow`-header style.
    MethodNotAllowed(&'static str),
    NotFound,
}

/// Resolves a request. A trailing slash is ignored, as Laravel's router does.
pub fn lookup(method: &Method, path: &str) -> Lookup {
    let path = if path.len() > 1 {
        path.strip_suffix('/').unwrap_or(path)
    } else {
        path
    };
    let Some(&(_, is_get, route)) = ROUTES.iter().find(|(p, _, _)| *p == path) else {
        return Lookup::NotFound;
    };
    let allowed = if is_get { "GET, HEAD" } else { "POST" };
    let matches = if is_get {
        method == Method::GET || method == Method::HEAD
    } else {
        method == Method::POST
    };
    if matches {
        Lookup::Found(route)
    } else if method == Method::OPTIONS {
        Lookup::Options(allowed)
    } else {
        Lookup::MethodNotAllowed(allowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_routes_methods_and_misses() {
        assert_eq!(
            lookup(&Method::GET, "/api/v1/smtp-domain-list"),
            Lookup::Found(Route::DomainList)
        );
        assert_eq!(
            lookup(&Method::HEAD, "/api/v1/smtp-domain-list/"),
            Lookup::Found(Route::DomainList)
        );
        assert_eq!(
            lookup(&Method::POST, "/api/v1/smtp-domain-list"),
            Lookup::MethodNotAllowed("GET, HEAD")
        );
        assert_eq!(
            lookup(&Method::GET, "/api/smtp-token-generate"),
            Lookup::MethodNotAllowed("POST")
        );
        assert_eq!(
            lookup(&Method::OPTIONS, "/api/smtp-token-generate"),
            Lookup::Options("POST")
        );
        assert_eq!(lookup(&Method::GET, "/api/v1/nothing"), Lookup::NotFound);
        // 22 rows, and no path or route appears twice.
        for (i, (path, _, route)) in ROUTES.iter().enumerate() {
            let later = &ROUTES[i + 1..];
            assert!(
                later.iter().all(|(p, _, r)| p != path && r != route),
                "{path} repeats"
            );
        }
    }
}
