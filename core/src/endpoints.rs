//! The endpoint table: all 22 endpoints, declared once.
//!
//! The table is written in the grammar below, and one macro reads it (`__endpoint_rows!`):
//! [`for_each_endpoint!`](crate::for_each_endpoint) hands a callback macro its rows, one per
//! call, each with the call's [`EndpointInfo`]. This crate expands them for the async resource
//! methods (`client.rs`), the blocking ones (`blocking.rs`), the JSON dispatcher
//! (`json_calls.rs`) and the run-time table, [`ENDPOINTS`] and [`RESOURCES`]: every call with its
//! arguments (kind, wire name, check) and return type, so the CLI, the bindings' tests and the
//! generator (`codegen/`) read data. No layer writes a method per endpoint by hand and none can
//! drift from the others.
//!
//! # The table's grammar
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
//!   `id` (`u64`), or a request struct's name (`&NewTemplate`); each is a type with one
//!   [`ArgType`](crate::arg_types::ArgType) impl ([`crate::arg_types`]).
//! - `[check]` (optional) is what the client validates before sending: `hostname`, `email`,
//!   `non_empty`, `required_with other_arg`; ids must be positive and structs validate themselves.
//! - `=> "wire"` is the name the API knows the argument by (`to_email` is sent as `from_email`), in
//!   the query for GET and the JSON body for POST; `=> flatten` merges a struct's fields into the body.
//! - `data: "key"` is the key of `data` that holds the result; `data: whole` decodes all of `data`.
//! - `user_id` is never an argument: the client adds it to every authenticated call.
//!
//! # The rows a callback receives
//!
//! ```text
//! login { [#[doc = "..."]...] (email: string, password: secret) -> Session, POST "/smtp-token-generate", { EndpointInfo }; }
//! resource domains Domains [#[doc = "..."]...] {
//!     add [#[doc = "..."]...] (domain_name: string) -> Domain, POST "/v1/smtp-domain-add", { EndpointInfo };
//!     ...
//! }
//! ```
//!
//! A callback matches the rows with a pattern of three lines (`define_resource_handles!` in
//! `endpoint_args.rs`, for one). Checks, wire names and the rest of a row are in its
//! `EndpointInfo` block, by which `build_call!` checks and places the arguments.

use crate::fields::RequestInfo;
use crate::models::info::TypeInfo;
// The table names its return types (`Domain`, `Vec<Template>`) unqualified.
use crate::models::*;

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

/// One row of the endpoint table, for code that inspects it at run time: binding tests compare
/// their methods with [`ENDPOINTS`], the CLI builds its subcommands from it, and the generator
/// (`codegen/`) writes the Node TypeScript layer from it.
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
    /// What the call does (its doc lines joined).
    pub doc: &'static str,
    /// The call's arguments, in order.
    pub args: &'static [ArgInfo],
    /// What the call returns (`Vec<Domain>` is a list of `Domain` models).
    pub returns: &'static TypeInfo,
}

/// One argument of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArgInfo {
    /// The argument's name in the table (and its key for [`Client::call_json`](crate::Client::call_json)).
    pub name: &'static str,
    /// What value it takes.
    pub kind: ArgKind,
    /// Where it goes in the request.
    pub wire: Wire,
    /// What the client checks before sending, beyond the kind's own rule (ids are positive,
    /// request structs validate themselves).
    pub check: Option<Check>,
}

/// The kind of value an argument takes; each binding maps it to a type of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// Text (`&str`).
    Text,
    /// Text that may be left out (`Option<&str>`).
    OptionalText,
    /// A password: text never logged or kept.
    Secret,
    /// A positive id (`u64`).
    Id,
    /// A request struct, e.g. `NewTemplate`, with its field list.
    Request(&'static RequestInfo),
}

impl ArgKind {
    /// The table's spelling: `string`, `optional_string`, `secret`, `id` or the struct's name.
    pub fn as_str(self) -> &'static str {
        match self {
            ArgKind::Text => "string",
            ArgKind::OptionalText => "optional_string",
            ArgKind::Secret => "secret",
            ArgKind::Id => "id",
            ArgKind::Request(request) => request.name,
        }
    }
}

/// Where an argument goes in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// Under this name, in the query (GET) or the JSON body (POST).
    Name(&'static str),
    /// A request struct's fields, merged into the body.
    Flatten,
}

/// A check the client makes on an argument before sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// A DNS hostname.
    Hostname,
    /// An email address.
    Email,
    /// Not blank.
    NonEmpty,
    /// Only given together with the named argument.
    RequiredWith(&'static str),
}

/// A resource of the table: the accessor and handle type each call hangs off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceInfo {
    /// The accessor, e.g. `mailing_lists`.
    pub name: &'static str,
    /// The Rust handle type, e.g. `MailingLists`.
    pub handle: &'static str,
    /// What the resource is for (its doc lines joined).
    pub doc: &'static str,
}

impl EndpointInfo {
    /// The endpoints of resource `name`, in the table's order.
    pub fn of_resource(name: &str) -> impl Iterator<Item = &'static EndpointInfo> + '_ {
        ENDPOINTS.iter().filter(move |e| e.resource == name)
    }
}

/// Calls `$callback!` with the endpoint table's rows (see the [module docs](crate::endpoints)).
#[macro_export]
macro_rules! for_each_endpoint {
    ($callback:ident) => {
        $crate::__endpoint_rows! { $callback;
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

/// Reads the table's grammar, the one place that does, and calls `$callback!` with its rows (see
/// the module docs): each call's name, doc attributes, arguments with their kinds, return type,
/// HTTP method and path, and its [`EndpointInfo`] as a constant block.
#[doc(hidden)]
#[macro_export]
macro_rules! __endpoint_rows {
    (
        $callback:ident;
        client {
            $(#[doc = $ldoc:literal])+
            fn login ( $( $larg:ident : $lkind:ident $([$($lcheck:tt)+])? => $lwire:tt ),* ) -> $lret:ty {
                method: $lmethod:ident, path: $lpath:literal, data: $ldata:tt, idempotent: $lidem:literal
            }
        }
        $(
            $(#[doc = $rdoc:literal])*
            $resource:ident $Resource:ident {
                $(
                    $(#[doc = $doc:literal])+
                    fn $name:ident ( $( $arg:ident : $kind:ident $([$($check:tt)+])? => $wire:tt ),* ) -> $ret:ty {
                        method: $method:ident, path: $path:literal, data: $data:tt, idempotent: $idem:literal
                    }
                )*
            }
        )*
    ) => {
        $callback! {
            login {
                [$(#[doc = $ldoc])+] ($($larg : $lkind),*) -> $lret, $lmethod $lpath,
                { $crate::endpoint_info!(client, login, ( $( $larg : $lkind $([$($lcheck)+])? => $lwire ),* ) -> $lret,
                    $lmethod, $lpath, $ldata, $lidem, false, [$($ldoc)+]) };
            }
            $(
                resource $resource $Resource [$(#[doc = $rdoc])*] {
                    $(
                        $name [$(#[doc = $doc])+] ($($arg : $kind),*) -> $ret, $method $path,
                        { $crate::endpoint_info!($resource, $name, ( $( $arg : $kind $([$($check)+])? => $wire ),* ) -> $ret,
                            $method, $path, $data, $idem, true, [$($doc)+]) };
                    )*
                }
            )*
        }
    };
}

/// Builds an [`EndpointInfo`] from one table row (used by the expansions in this crate).
#[doc(hidden)]
#[macro_export]
macro_rules! endpoint_info {
    ($resource:ident, $name:ident, ( $( $arg:ident : $kind:ident $([$($check:tt)+])? => $wire:tt ),* ) -> $ret:ty,
     $method:ident, $path:literal, $data:tt, $idempotent:literal, $authenticated:literal, [$($doc:literal)+]) => {
        $crate::EndpointInfo {
            id: concat!(stringify!($resource), ".", stringify!($name)),
            resource: stringify!($resource),
            name: stringify!($name),
            method: $crate::__http_method!($method),
            path: $path,
            authenticated: $authenticated,
            data_key: $crate::__data_key!($data),
            idempotent: $idempotent,
            doc: $crate::fields::trim_doc(concat!($($doc),+)),
            args: &[$(
                $crate::endpoints::ArgInfo {
                    name: stringify!($arg),
                    kind: <$crate::arg_type!($kind) as $crate::arg_types::ArgType>::KIND,
                    wire: $crate::__wire!($wire),
                    check: $crate::__check!($($($check)+)?),
                }
            ),*],
            returns: &<$ret as $crate::models::info::ResponseType>::TYPE,
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __wire {
    (flatten) => {
        $crate::endpoints::Wire::Flatten
    };
    ($wire:literal) => {
        $crate::endpoints::Wire::Name($wire)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __check {
    () => {
        None
    };
    (hostname) => {
        Some($crate::endpoints::Check::Hostname)
    };
    (email) => {
        Some($crate::endpoints::Check::Email)
    };
    (non_empty) => {
        Some($crate::endpoints::Check::NonEmpty)
    };
    (required_with $other:ident) => {
        Some($crate::endpoints::Check::RequiredWith(stringify!($other)))
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
    (login { $ldocs:tt $largs:tt -> $lret:ty, $lmethod:ident $lpath:literal, $login:block; }
     $( resource $resource:ident $Resource:ident [$(#[doc = $rdoc:literal])*] {
         $( $name:ident $docs:tt $args:tt -> $ret:ty, $method:ident $path:literal, $info:block; )*
     } )*) => {
        /// The token endpoint's row of the table.
        pub(crate) const LOGIN: EndpointInfo = $login;

        /// Every endpoint, in the order of the API reference: the token endpoint, then each resource's calls.
        pub static ENDPOINTS: &[EndpointInfo] = &[LOGIN, $($( $info, )*)*];

        /// Every resource, in the table's order (`client.login` belongs to none: it makes a client).
        pub static RESOURCES: &[ResourceInfo] = &[
            $( ResourceInfo {
                name: stringify!($resource),
                handle: stringify!($Resource),
                doc: $crate::fields::trim_doc(concat!($($rdoc),*)),
            }, )*
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

    #[test]
    fn rows_carry_their_arguments_and_return_types() {
        let find = |id: &str| ENDPOINTS.iter().find(|e| e.id == id).unwrap();
        let add = find("domains.add");
        assert_eq!(
            add.args,
            [ArgInfo {
                name: "domain_name",
                kind: ArgKind::Text,
                wire: Wire::Name("domain_name"),
                check: Some(Check::Hostname),
            }]
        );
        assert_eq!(add.returns.rust_name(), "Domain");
        assert_eq!(
            add.doc,
            "Adds a sending domain; the result holds the DKIM TXT record to publish."
        );

        let update = find("templates.update");
        assert_eq!(update.args[0].kind, ArgKind::Id);
        assert_eq!(update.args[0].wire, Wire::Name("template_id"));
        let ArgKind::Request(changes) = update.args[1].kind else {
            panic!("changes is a request struct");
        };
        assert_eq!(changes.name, "TemplateChanges");
        assert_eq!(changes.fields, crate::models::TemplateChanges::FIELDS);
        assert_eq!(update.args[1].wire, Wire::Flatten);

        let welcome = find("mail.send_welcome");
        let names: Vec<&str> = welcome.args.iter().map(|a| a.name).collect();
        assert_eq!(names, ["to_email", "shop_name", "subject", "html_content"]);
        assert_eq!(
            welcome.args[0].wire,
            Wire::Name("from_email"),
            "the API's name for the recipient"
        );
        assert_eq!(welcome.args[2].kind, ArgKind::OptionalText);
        assert_eq!(welcome.args[3].check, Some(Check::RequiredWith("subject")));
        assert_eq!(welcome.returns.rust_name(), "Message");

        assert_eq!(find("campaigns.list").returns.rust_name(), "Vec<Campaign>");
        assert_eq!(find("client.login").args[1].kind, ArgKind::Secret);
    }

    #[test]
    fn every_argument_is_consistent_and_every_resource_listed() {
        for endpoint in ENDPOINTS {
            for arg in endpoint.args {
                if let Some(Check::RequiredWith(other)) = arg.check {
                    assert!(
                        endpoint.args.iter().any(|a| a.name == other),
                        "{}.{}",
                        endpoint.id,
                        arg.name
                    );
                }
                // Only request structs merge their fields into the body; the others have a name.
                assert_eq!(
                    arg.wire == Wire::Flatten,
                    matches!(arg.kind, ArgKind::Request(_)),
                    "{}.{}",
                    endpoint.id,
                    arg.name
                );
            }
            assert!(
                endpoint.resource == "client"
                    || RESOURCES.iter().any(|r| r.name == endpoint.resource),
                "{}",
                endpoint.id
            );
        }
        let handles: Vec<&str> = RESOURCES.iter().map(|r| r.handle).collect();
        assert_eq!(
            handles,
            [
                "Domains",
                "Senders",
                "Templates",
                "MailingLists",
                "Campaigns",
                "Mail"
            ]
        );
        assert!(RESOURCES
            .iter()
            .all(|r| !r.doc.is_empty() && !r.doc.starts_with(' ')));
        assert_eq!(EndpointInfo::of_resource("mailing_lists").count(), 2);
    }
}
