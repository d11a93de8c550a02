//! The CLI's view of the endpoint table: the core's run-time table (`smtpprovider::ENDPOINTS`,
//! `smtpprovider::RESOURCES`), so each endpoint gets a subcommand without one being written by
//! hand and none can drift from the SDK. This file only says how each argument kind is given on
//! the command line.

use smtpprovider::{ArgKind, EndpointInfo, ENDPOINTS};

/// How an argument is given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgShape {
    /// A required positional value (the table's `string`).
    Text,
    /// An optional `--flag VALUE` (`optional_string`).
    OptionalText,
    /// A required positional positive integer (`id`).
    Id,
    /// A request struct, given as `--file FILE` and/or `--set FIELD=VALUE`.
    Request,
}

impl ArgShape {
    /// The shape of an argument of this kind. A password is only ever an argument of
    /// `client.login`, which `smtpprovider login` asks for instead of taking on the command line.
    pub fn of(kind: ArgKind) -> ArgShape {
        match kind {
            ArgKind::Text | ArgKind::Secret => ArgShape::Text,
            ArgKind::OptionalText => ArgShape::OptionalText,
            ArgKind::Id => ArgShape::Id,
            ArgKind::Request(_) => ArgShape::Request,
        }
    }
}

/// Every call of the resources, in the table's order; `client.login` is left out (a
/// constructor: see `smtpprovider login`).
pub fn calls() -> impl Iterator<Item = &'static EndpointInfo> {
    ENDPOINTS.iter().filter(|call| call.resource != "client")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_endpoint_but_login_has_a_call() {
        let mut ids: Vec<&str> = calls().map(|c| c.id).collect();
        ids.push("client.login");
        ids.sort_unstable();
        let mut table: Vec<&str> = ENDPOINTS.iter().map(|e| e.id).collect();
        table.sort_unstable();
        assert_eq!(ids, table);
    }

    #[test]
    fn argument_shapes_follow_the_table_kinds() {
        let find = |id: &str| calls().find(|c| c.id == id).unwrap();
        let shapes = |id: &str| {
            find(id)
                .args
                .iter()
                .map(|a| ArgShape::of(a.kind))
                .collect::<Vec<_>>()
        };
        assert_eq!(find("domains.add").args[0].name, "domain_name");
        assert_eq!(shapes("domains.add"), [ArgShape::Text]);
        assert_eq!(
            shapes("templates.update"),
            [ArgShape::Id, ArgShape::Request]
        );
        assert_eq!(
            find("templates.update").args[1].kind.as_str(),
            "TemplateChanges"
        );
        assert_eq!(shapes("mail.send_welcome")[2], ArgShape::OptionalText);
        assert!(find("domains.list").args.is_empty());
    }
}
