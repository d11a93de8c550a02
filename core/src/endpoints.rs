//! The endpoint table: all 22 endpoints, declared once.
//!
//! [`for_each_endpoint!`](crate::for_each_endpoint) hands the whole table to a callback macro. This crate expands it three
//! times — the async resource methods (`client.rs`), the blocking ones (`blocking.rs`) and
//! [`ENDPOINTS`] — and the CLI and the bindings expand it again, so no layer writes a method per
//! endpoint by hand and none can drift from the others.
//!
//! # Grammar the callback receives
//!
//! ```text
//! client {                                   // the token endpoint; a constructor, not a method
//!     /// doc line
//!     fn login(email: string [email] => "email", password: secret [non_empty] => "password") -> Session
//!         { method: POST, path: "/smtp-token-generate", data: token, idempotent: false }
//! }
//! /// doc line of the resource
//! domains Domains {                           // accessor name, handle type name
//!     /// doc line
//!     fn add(domain_name: string [hostname] => "domain_name") -> Domain
//!         { method: POST, path: "/v1/smtp-domain-add", data: "domain", idempotent: false }
//!     ...
//! }
//! ```
//!
//! - argument kinds: `string` (`&str`), `optional_string` (`Option<&str>`), `secret` (a password),
//!   `id` (`u64`), or a request struct's name (`&NewTemplate`); bindings map each to their own type.
//! - `[check]` (optional) is what the client validates before sending: `hostname`, `email`,
//!   `non_empty`, `required_with other_arg`; ids must be positive and structs validate themselves.
//! - `=> "wire"` is the name the API knows the argument by (`to_email` is sent as `from_email`), in
//!   the query for GET and the JSON body for POST; `=> flatten` merges a struct's fields into the body.
//! - `data: "key"` is the key of `data` that holds the result; `data: whole` decodes all of `data`.
//! - `user_id` is never an argument: the client adds it to every authenticated call.

/// The HTTP method of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`: arguments go in the query string; safe to retry.
    Get,
    /// `POST`: arguments go in a JSON body; retried only when it cannot have been processed.
    Post,
}

impl HttpMethod {
    /// `"GET"` or `"POST"`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        }
    }
}

/// One row of the endpoint table, for code that inspects it at run time (binding tests compare
/// their methods with [`ENDPOINTS`]; the CLI lists them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointInfo {
    /// `resource.call`, e.g. `domains.add`; `client.login` for the token endpoint.
    pub id: &'static str,
    /// The resource accessor, e.g. `domains` (`client` for login).
    pub resource: &'static str,
    /// The call's name within its resource, e.g. `add`.
    pub name: &'static str,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path relative to the base URL, e.g. `/v1/smtp-domain-add`.
    pub path: &'static str,
    /// Whether the call sends a bearer token and `user_id`.
    pub authenticated: bool,
    /// The key of the response's `data` that holds the result; `None` when it is all of `data`.
    pub data_key: Option<&'static str>,
    /// Whether repeating the call is harmless (GETs), which makes it safe to retry.
    pub idempotent: bool,
    /// One line saying what the call does.
    pub doc: &'static str,
}

/// Calls `$callback!` with the whole endpoint table (see the [module docs](crate::endpoints)).
#[macro_export]
macro_rules! for_each_endpoint {
    ($callback:ident) => {
        $callback! {
            client {
                /// Exchanges an email and password for a token; the client keeps the token and user id.
                fn login(email: string [email] => "email", password: secret [non_empty] => "password") -> Session
                    { method: POST, path: "/smtp-token-generate", data: token, idempotent: false }
            }

            /// Sending domains: add one, publish its DKIM record, verify it.
            domains Domains {
                /// Adds a sending domain; the result holds the DKIM TXT record to publish.
                fn add(domain_name: string [hostname] => "domain_name") -> Domain
                    { method: POST, path: "/v1/smtp-domain-add", data: "domain", idempotent: false }
                /// Lists the user's domains.
                fn list() -> Vec<Domain>
                    { method: GET, path: "/v1/smtp-domain-list", data: "domains", idempotent: true }
                /// Shows a domain with the DNS records it needs.
                fn view(domain_name: string [hostname] => "domain_name") -> DomainView
                    { method: GET, path: "/v1/smtp-domain-view", data: whole, idempotent: true }
                /// Checks the domain's DKIM record in DNS; a missing record is `verified: false`, not an error.
                fn verify(domain_name: string [hostname] => "domain_name") -> DomainVerification
                    { method: GET, path: "/v1/smtp-domain-verify", data: whole, idempotent: true }
            }

            /// Sender addresses on the user's domains.
            senders Senders {
                /// Lists the user's senders.
                fn list() -> Vec<Sender>
                    { method: GET, path: "/v1/smtp-sender-list", data: "sender_lists", idempotent: true }
                /// Adds a sender address to one of the user's domains.
                fn add(domain_name: string [hostname] => "domain_name", from_email: string [email] => "from_email",
                       sender_name: string [non_empty] => "sender_name") -> Sender
                    { method: POST, path: "/v1/smtp-domain-sender-add", data: "sender", idempotent: false }
                /// Sends the sender a message with a verification link.
                fn verify(from_email: string [email] => "from_email") -> Message
                    { method: POST, path: "/v1/smtp-domain-sender-verify", data: whole, idempotent: false }
            }

            /// Email templates: the user's own and the defaults.
            templates Templates {
                /// Lists the user's templates.
                fn list() -> Vec<Template>
                    { method: GET, path: "/v1/smtp-template-index", data: "templates", idempotent: true }
                /// Lists the default templates every user can start from.
                fn defaults() -> Vec<Template>
                    { method: GET, path: "/v1/smtp-template-default", data: "default_templates", idempotent: true }
                /// Shows one template.
                fn get(id: id => "template_id") -> Template
                    { method: GET, path: "/v1/smtp-template-show", data: "templates", idempotent: true }
                /// Adds a template.
                fn add(template: NewTemplate => flatten) -> Template
                    { method: POST, path: "/v1/smtp-template-add", data: "template", idempotent: false }
                /// Changes a template.
                fn update(id: id => "template_id", changes: TemplateChanges => flatten) -> Template
                    { method: POST, path: "/v1/smtp-template-update", data: "template", idempotent: false }
            }

            /// Mailing lists campaigns are sent to.
            mailing_lists MailingLists {
                /// Lists the user's mailing lists.
                fn list() -> Vec<MailingList>
                    { method: GET, path: "/v1/smtp-mailing-list", data: "mailing_list", idempotent: true }
                /// Adds a mailing list.
                fn add(name: string [non_empty] => "name") -> MailingList
                    { method: POST, path: "/v1/smtp-mailing-add", data: "mailing", idempotent: false }
            }

            /// Campaigns: create, schedule, pause and edit.
            campaigns Campaigns {
                /// Lists the user's campaigns.
                fn list() -> Vec<Campaign>
                    { method: GET, path: "/v1/smtp-campaign-index", data: "campaigns", idempotent: true }
                /// What a new campaign can use: templates, lists, senders, VMTAs, bounce mailboxes, speed.
                fn options() -> CampaignOptions
                    { method: GET, path: "/v1/smtp-campaign-create", data: whole, idempotent: true }
                /// Creates a campaign.
                fn create(campaign: NewCampaign => flatten) -> Campaign
                    { method: POST, path: "/v1/smtp-campaign-store", data: "campaign", idempotent: false }
                /// Pauses a scheduled or sending campaign, or resumes a paused one.
                fn toggle_pause(id: id => "campaign_id") -> Campaign
                    { method: POST, path: "/v1/smtp-campaign-pause", data: "campaign", idempotent: false }
                /// A campaign with what its edit form can use.
                fn edit_options(id: id => "campaign_id") -> CampaignEditOptions
                    { method: GET, path: "/v1/smtp-campaign-edit", data: whole, idempotent: true }
                /// Changes a campaign that has not started sending.
                fn update(id: id => "campaign_id", changes: CampaignChanges => flatten) -> Message
                    { method: POST, path: "/v1/smtp-campaign-update", data: "campaigns", idempotent: false }
            }

            /// Transactional mail.
            mail Mail {
                /// Sends the welcome mail to `to_email` (the API's `from_email`); a custom subject needs HTML.
                fn send_welcome(to_email: string [email] => "from_email", shop_name: string [non_empty] => "shop_name",
                                subject: optional_string [non_empty] => "subject",
                                html_content: optional_string [required_with subject] => "html_content") -> Message
                    { method: POST, path: "/v1/smtp-welcome-mail", data: whole, idempotent: false }
            }
        }
    };
}

/// Builds an [`EndpointInfo`] from one table row (used by the expansions in this crate).
#[doc(hidden)]
#[macro_export]
macro_rules! endpoint_info {
    ($resource:ident, $name:ident, $method:ident, $path:literal, $data:tt, $idempotent:literal, $authenticated:literal,
     [$($doc:literal)+]) => {
        $crate::EndpointInfo {
            id: concat!(stringify!($resource), ".", stringify!($name)),
            resource: stringify!($resource),
            name: stringify!($name),
            method: $crate::__http_method!($method),
            path: $path,
            authenticated: $authenticated,
            data_key: $crate::__data_key!($data),
            idempotent: $idempotent,
            doc: concat!($($doc),+),
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __http_method {
    (GET) => {
        $crate::HttpMethod::Get
    };
    (POST) => {
        $crate::HttpMethod::Post
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __data_key {
    (whole) => {
        None
    };
    (token) => {
        None
    };
    ($key:literal) => {
        Some($key)
    };
}

macro_rules! define_endpoint_list {
    (
        client {
            $(#[doc = $ldoc:literal])+
            fn login($($login_args:tt)*) -> $login_ret:ty {
                method: $lmethod:ident, path: $lpath:literal, data: $ldata:tt, idempotent: $lidem:literal
            }
        }
        $(
            $(#[doc = $rdoc:literal])*
            $resource:ident $Resource:ident {
                $(
                    $(#[doc = $doc:literal])+
                    fn $name:ident ($($args:tt)*) -> $ret:ty {
                        method: $method:ident, path: $path:literal, data: $data:tt, idempotent: $idem:literal
                    }
                )*
            }
        )*
    ) => {
        /// The token endpoint's row of the table.
        pub(crate) const LOGIN: EndpointInfo =
            endpoint_info!(client, login, $lmethod, $lpath, $ldata, $lidem, false, [$($ldoc)+]);

        /// Every endpoint, in the order of the API reference: the token endpoint, then each resource's calls.
        pub static ENDPOINTS: &[EndpointInfo] = &[
            LOGIN,
            $($( endpoint_info!($resource, $name, $method, $path, $data, $idem, true, [$($doc)+]), )*)*
        ];
    };
}

for_each_endpoint!(define_endpoint_list);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_the_22_endpoints_of_the_reference() {
        assert_eq!(ENDPOINTS.len(), 22);
        let mut paths: Vec<&str> = ENDPOINTS.iter().map(|e| e.path).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), 22, "every path appears once");
        let mut ids: Vec<&str> = ENDPOINTS.iter().map(|e| e.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 22, "every call name appears once");
    }

    #[test]
    fn gets_are_idempotent_and_posts_are_not() {
        for endpoint in ENDPOINTS {
            assert_eq!(
                endpoint.idempotent,
                endpoint.method == HttpMethod::Get,
                "{}",
                endpoint.id
            );
            assert!(
                !endpoint.doc.trim().is_empty(),
                "{} has a doc line",
                endpoint.id
            );
        }
    }

    #[test]
    fn rows_carry_the_design_names() {
        let find = |id: &str| ENDPOINTS.iter().find(|e| e.id == id).copied();
        let login = find("client.login").unwrap();
        assert!(!login.authenticated);
        assert_eq!(login.path, "/smtp-token-generate");
        let show = find("templates.get").unwrap();
        assert_eq!(
            (show.method, show.path, show.data_key),
            (HttpMethod::Get, "/v1/smtp-template-show", Some("templates"))
        );
        assert_eq!(
            find("campaigns.toggle_pause").unwrap().path,
            "/v1/smtp-campaign-pause"
        );
        assert_eq!(find("domains.verify").unwrap().data_key, None);
        assert_eq!(find("mail.send_welcome").unwrap().method, HttpMethod::Post);
    }
}
