//! The tables of `bindings-node/README.md` that the core's tables give: the calls, the error
//! classes and the options. The README is written by hand around them; each sits between a
//! `<!-- generated:NAME ... -->` and a `<!-- /generated:NAME -->` line.

use smtpprovider::{ArgKind, HelperArgKind, HELPERS, RESOURCES};

use super::models::result_type;
use crate::names::camel;
use crate::readme::{error_classes_table, fill, options_table, Casing};

const README: &str = "bindings-node/README.md";

fn calls_table() -> String {
    let mut out = String::from(
        "| call | endpoint | resolves with |\n|---|---|---|\n\
         | `Client.login({ email, password, ...options })` | `POST /smtp-token-generate` | a `Client` |\n",
    );
    for resource in RESOURCES {
        for call in smtpprovider::EndpointInfo::of_resource(resource.name) {
            let args: Vec<String> = call
                .args
                .iter()
                .map(|arg| match arg.kind {
                    ArgKind::OptionalText => format!("{}?", camel(arg.name)),
                    _ => camel(arg.name),
                })
                .collect();
            out.push_str(&format!(
                "| `client.{}.{}({})` | `{} {}` | `{}` |\n",
                camel(resource.name),
                camel(call.name),
                args.join(", "),
                call.method.as_str(),
                call.path,
                result_type(call.returns)
            ));
        }
        for helper in HELPERS.iter().filter(|h| h.resource == resource.name) {
            let mut args: Vec<String> = Vec::new();
            let mut options: Vec<String> = Vec::new();
            for arg in helper.args {
                match arg.kind {
                    HelperArgKind::Text => args.push(camel(arg.name)),
                    HelperArgKind::Seconds { .. } => options.push(format!("{}?", camel(arg.name))),
                }
            }
            args.push(format!("{{ {} }}?", options.join(", ")));
            out.push_str(&format!(
                "| `client.{}.{}({})` | a helper: {} | `{}` |\n",
                camel(resource.name),
                camel(helper.name),
                args.join(", "),
                helper.doc.replace('|', "\\|"),
                helper.returns
            ));
        }
    }
    out
}

/// The README with its generated tables filled in from the current text at `root`.
pub(super) fn readme(root: &std::path::Path) -> crate::Output {
    let path = root.join(README);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let text = fill(README, &text, "calls", &calls_table());
    let text = fill(README, &text, "errors", &error_classes_table("`code`"));
    crate::Output {
        path: README,
        content: fill(
            README,
            &text,
            "options",
            &options_table(Casing::Camel, "milliseconds"),
        ),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_call_table_has_a_row_per_endpoint() {
        let table = super::calls_table();
        assert_eq!(
            table.lines().count(),
            2 + smtpprovider::ENDPOINTS.len() + smtpprovider::HELPERS.len()
        );
        assert!(table.contains("| `client.mail.sendWelcome(toEmail, shopName, subject?, htmlContent?)` | `POST /v1/smtp-welcome-mail` | `Message` |"));
        assert!(table.contains("| `client.campaigns.togglePause(id)` |"));
    }
}
