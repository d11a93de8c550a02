//! The core's tables as the foreign side sees them, for binding tests: Kotlin's `TableTest` lists
//! the generated classes' methods and records and compares them with [`endpoints()`],
//! [`helpers()`], [`options()`], [`error_fields()`] and [`error_kinds()`], and `SwiftApiTest` does
//! the same with the generated Swift.

use smtpprovider::{ArgKind, ENDPOINTS, RESOURCES};

/// One call of the table.
#[derive(Debug, Clone, uniffi::Record)]
pub struct EndpointEntry {
    /// `resource.call`, e.g. `domains.add` (`client.login` for the token endpoint).
    pub id: String,
    /// The resource accessor, e.g. `mailing_lists`.
    pub resource: String,
    /// The resource object's type, e.g. `MailingLists` (`Client` for login).
    pub handle: String,
    /// The call's name, e.g. `toggle_pause`.
    pub name: String,
    /// The argument names, in order.
    pub args: Vec<String>,
    /// Each argument's kind: `string`, `optional_string`, `secret`, `id` or a request struct's name.
    pub arg_kinds: Vec<String>,
    /// `GET` or `POST`.
    pub method: String,
    /// The path relative to the base URL.
    pub path: String,
}

/// Every call of the endpoint table, in its order.
#[uniffi::export]
pub fn endpoints() -> Vec<EndpointEntry> {
    ENDPOINTS
        .iter()
        .map(|endpoint| EndpointEntry {
            id: endpoint.id.to_owned(),
            resource: endpoint.resource.to_owned(),
            handle: handle_of(endpoint.resource),
            name: endpoint.name.to_owned(),
            args: endpoint.args.iter().map(|a| a.name.to_owned()).collect(),
            arg_kinds: endpoint
                .args
                .iter()
                .map(|a| match a.kind {
                    ArgKind::Request(request) => request.name.to_owned(),
                    kind => kind.as_str().to_owned(),
                })
                .collect(),
            method: endpoint.method.as_str().to_owned(),
            path: endpoint.path.to_owned(),
        })
        .collect()
}

/// Every helper of the core ([`smtpprovider::HELPERS`]) as the resource objects offer it: the
/// arguments as the core names them (durations are `Duration`s); `method` and `path` are empty.
#[uniffi::export]
pub fn helpers() -> Vec<EndpointEntry> {
    smtpprovider::HELPERS
        .iter()
        .map(|helper| {
            let (args, arg_kinds) = helper
                .args
                .iter()
                .map(|arg| match arg.kind {
                    smtpprovider::HelperArgKind::Text => (arg.name.to_owned(), "string".to_owned()),
                    smtpprovider::HelperArgKind::Seconds { .. } => {
                        (arg.name.to_owned(), "duration".to_owned())
                    }
                })
                .unzip();
            EndpointEntry {
                id: helper.id.to_owned(),
                resource: helper.resource.to_owned(),
                handle: handle_of(helper.resource),
                name: helper.name.to_owned(),
                args,
                arg_kinds,
                method: String::new(),
                path: String::new(),
            }
        })
        .collect()
}

/// One client option of the core's table ([`smtpprovider::OPTIONS`]).
#[derive(Debug, Clone, uniffi::Record)]
pub struct OptionEntry {
    /// The option's name, snake_case (`max_retries`): a field of `ClientOptions`.
    pub name: String,
    /// Whether a call may override it: then a field of `RequestOptions` too.
    pub per_call: bool,
}

/// Every client option of the core's table, in its order.
#[uniffi::export]
pub fn options() -> Vec<OptionEntry> {
    smtpprovider::OPTIONS
        .iter()
        .map(|option| OptionEntry {
            name: option.name.to_owned(),
            per_call: option.per_call,
        })
        .collect()
}

/// The fields every error carries besides its kind ([`smtpprovider::ERROR_FIELDS`]), snake_case:
/// each a field of `ErrorDetails`.
#[uniffi::export]
pub fn error_fields() -> Vec<String> {
    smtpprovider::ERROR_FIELDS
        .iter()
        .map(|field| field.name.to_owned())
        .collect()
}

/// Every error kind's name ([`smtpprovider::KINDS`]): each a variant of `SmtpProviderError`.
#[uniffi::export]
pub fn error_kinds() -> Vec<String> {
    smtpprovider::KINDS
        .iter()
        .map(|kind| kind.name.to_owned())
        .collect()
}

/// The object type of a resource (`MailingLists` for `mailing_lists`; `Client` for `client`).
fn handle_of(resource: &str) -> String {
    RESOURCES
        .iter()
        .find(|r| r.name == resource)
        .map_or("Client", |r| r.handle)
        .to_owned()
}
