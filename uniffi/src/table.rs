//! The endpoint table as the foreign side sees it, for binding tests: Kotlin's `TableTest` lists
//! the generated classes' methods and compares them with [`endpoints()`], and the Swift check does
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
/// arguments as this API names them (durations in milliseconds, `timeout_ms`); `method` and
/// `path` are empty.
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
                        (format!("{}_ms", arg.name), "milliseconds".to_owned())
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

/// The object type of a resource (`MailingLists` for `mailing_lists`; `Client` for `client`).
fn handle_of(resource: &str) -> String {
    RESOURCES
        .iter()
        .find(|r| r.name == resource)
        .map_or("Client", |r| r.handle)
        .to_owned()
}
