//! The generated tables of the Rust, Python, CLI and Swift/Kotlin READMEs: calls, errors and
//! options, from the core's endpoint, helper, error-kind and option tables, each in its language's
//! spelling (Node's are written with its other tables, `node/readme.rs`). Each fills a
//! `<!-- generated:NAME ... -->` region; one README's regions are filled together, so that each
//! file is written once.

use smtpprovider::{
    ArgInfo, ArgKind, EndpointInfo, ErrorKind, HelperArg, HelperArgKind, HelperInfo, TypeInfo,
    HELPERS, RESOURCES,
};

use crate::readme::{error_classes_table, fill, options_table, Casing};

/// One row of a call table: a call of the table or a helper.
enum Row {
    Call(&'static EndpointInfo),
    Helper(&'static HelperInfo),
}

/// Every call of the resources, then each resource's helpers, in the table's order.
fn rows() -> Vec<(&'static str, Row)> {
    let mut rows = Vec::new();
    for resource in RESOURCES.iter().filter(|r| r.name != "client") {
        rows.extend(
            EndpointInfo::of_resource(resource.name).map(|c| (resource.name, Row::Call(c))),
        );
        rows.extend(
            HELPERS
                .iter()
                .filter(|h| h.resource == resource.name)
                .map(|h| (resource.name, Row::Helper(h))),
        );
    }
    rows
}

/// The endpoint column: `POST /v1/...`, or what the helper does (in the language's `words`).
fn endpoint_cell(row: &Row, words: fn(&str) -> String) -> String {
    match row {
        Row::Call(call) => format!("`{} {}`", call.method.as_str(), call.path),
        Row::Helper(helper) => format!("a helper: {}", words(helper.doc).replace('|', "\\|")),
    }
}

/// How a language writes a call table's cells.
struct Spelling {
    /// The header and the login row.
    head: &'static str,
    /// The method from the resource and the call's name: `client.domains().add`.
    method: fn(&str, &str) -> String,
    arg: fn(&ArgInfo) -> String,
    helper_arg: fn(&HelperArg) -> String,
    returns: fn(&TypeInfo) -> String,
    /// A language-neutral doc in the language's words (its error classes).
    words: fn(&str) -> String,
}

/// A call table: the spelling's head, then a row per call and helper.
fn calls_table(spelling: Spelling) -> String {
    let mut out = String::from(spelling.head);
    for (resource, row) in rows() {
        let (name, args, returns): (&str, Vec<String>, String) = match &row {
            Row::Call(call) => (
                call.name,
                call.args.iter().map(spelling.arg).collect(),
                (spelling.returns)(call.returns),
            ),
            Row::Helper(helper) => (
                helper.name,
                helper.args.iter().map(spelling.helper_arg).collect(),
                helper.returns.to_owned(),
            ),
        };
        out.push_str(&format!(
            "| `{}({})` | {} | `{returns}` |\n",
            (spelling.method)(resource, name),
            args.join(", "),
            endpoint_cell(&row, spelling.words)
        ));
    }
    out
}

/// The Rust README's calls: `client.domains().add(domain_name)`.
fn rust_calls() -> String {
    calls_table(Spelling {
        head: "| call | endpoint | returns |\n|---|---|---|\n\
               | `Client::login(base_url, email, password)` | `POST /smtp-token-generate` | `Client` |\n",
        method: |resource, name| format!("client.{resource}().{name}"),
        arg: |arg| match arg.kind {
            ArgKind::Request(request) => format!("&{}", request.name),
            ArgKind::OptionalText => format!("{}: Option<&str>", arg.name),
            _ => arg.name.to_owned(),
        },
        helper_arg: |arg| arg.name.to_owned(),
        returns: TypeInfo::rust_name,
        words: str::to_owned,
    })
}

/// The Python README's calls: `client.domains.add(domain_name)`, request fields as keywords
/// (the required ones, then `...` for the rest).
fn python_calls() -> String {
    calls_table(Spelling {
        head: "| call | endpoint | returns |\n|---|---|---|\n\
               | `Client.login(email, password, *, base_url=None, **options)` | `POST /smtp-token-generate` | `Client` |\n",
        method: |resource, name| format!("client.{resource}.{name}"),
        arg: |arg| match arg.kind {
            ArgKind::Request(request) => {
                let flat = smtpprovider::fields::flatten(request.fields);
                let mut keywords: Vec<String> = flat
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| format!("{}=", f.field.name))
                    .collect();
                if flat.iter().any(|f| !f.required) {
                    keywords.push("...".to_owned());
                }
                keywords.join(", ")
            }
            ArgKind::OptionalText => format!("{}=None", arg.name),
            _ => arg.name.to_owned(),
        },
        helper_arg: |arg| match arg.kind {
            HelperArgKind::Seconds { default, .. } => format!("{}={default:?}", arg.name),
            HelperArgKind::Text => arg.name.to_owned(),
        },
        returns: TypeInfo::python_name,
        words: crate::names::python_words,
    })
}

/// The CLI README's commands: `smtpprovider domains add DOMAIN_NAME`, one per call of the table
/// (as `cli/src/table.rs` gives them: positional values, optional `--flags`, a request struct as
/// `--file` and `--set`).
fn cli_calls() -> String {
    let mut out = String::from(
        "| command | call | endpoint |\n|---|---|---|\n\
         | `smtpprovider login --email E` | `client.login` | `POST /smtp-token-generate` |\n",
    );
    for (_, row) in rows() {
        let Row::Call(call) = row else { continue };
        let args: Vec<String> = call
            .args
            .iter()
            .map(|arg| match arg.kind {
                ArgKind::Request(_) => "[--file FILE] [--set FIELD=VALUE]...".to_owned(),
                ArgKind::OptionalText => {
                    format!("[--{} {}]", kebab(arg.name), arg.name.to_uppercase())
                }
                _ => arg.name.to_uppercase(),
            })
            .collect();
        let command = [kebab(call.resource), kebab(call.name)]
            .into_iter()
            .chain(args)
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&format!(
            "| `smtpprovider {command}` | `{}` | `{} {}` |\n",
            call.id,
            call.method.as_str(),
            call.path
        ));
    }
    out
}

fn kebab(snake: &str) -> String {
    snake.replace('_', "-")
}

/// The Swift/Kotlin README's error cases (the exception's subclass in Kotlin, the enum case in
/// Swift: the kind's name in both).
fn uniffi_errors() -> String {
    let mut out = String::from(
        "| Kotlin `SmtpProviderException.` / Swift `SmtpProviderError.` | when |\n|---|---|\n",
    );
    for kind in ErrorKind::ALL {
        out.push_str(&format!(
            "| `{}` | {} |\n",
            kind.as_str(),
            kind.info().description
        ));
    }
    out
}

/// The CLI's exit codes: its own three, then one per error kind.
fn cli_exit_codes() -> String {
    let mut out = String::from(
        "| code | meaning |\n|---|---|\n\
         | 0 | success |\n\
         | 1 | a failure outside the API: a `--file` could not be read, the sandbox could not start, a quickstart or scenario check failed |\n\
         | 2 | usage: bad flags or arguments (a `--ca-file` that cannot be read or holds no certificate included), no base URL |\n",
    );
    for kind in ErrorKind::ALL {
        out.push_str(&format!(
            "| {} | `{}`: {} |\n",
            kind.info().exit_code,
            kind.as_str(),
            kind.info().description
        ));
    }
    out
}

/// The Python README's exception classes.
fn python_errors() -> String {
    error_classes_table("`.kind`")
}

fn rust_options() -> String {
    options_table(Casing::Snake, "`Duration`")
}

fn python_options() -> String {
    options_table(Casing::Snake, "seconds")
}

/// The READMEs with their generated tables filled in from the files at `root`.
pub fn outputs(root: &std::path::Path) -> Vec<crate::Output> {
    type Table = fn() -> String;
    let readmes: [(&'static str, &[(&str, Table)]); 4] = [
        (
            "core/README.md",
            &[("options", rust_options), ("calls", rust_calls)],
        ),
        (
            "bindings-python/README.md",
            &[
                ("options", python_options),
                ("calls", python_calls),
                ("errors", python_errors),
            ],
        ),
        (
            "cli/README.md",
            &[("calls", cli_calls), ("exit-codes", cli_exit_codes)],
        ),
        ("uniffi/README.md", &[("errors", uniffi_errors)]),
    ];
    readmes
        .into_iter()
        .map(|(readme, tables)| {
            let path = root.join(readme);
            let mut text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            for (name, table) in tables {
                text = fill(readme, &text, name, &table());
            }
            crate::Output {
                path: readme,
                content: text,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_table_has_a_row_per_call() {
        let calls = smtpprovider::ENDPOINTS.len();
        let helpers = HELPERS.len();
        assert_eq!(rust_calls().lines().count(), 2 + calls + helpers);
        assert_eq!(python_calls().lines().count(), 2 + calls + helpers);
        assert_eq!(cli_calls().lines().count(), 2 + calls);
        assert!(rust_calls().contains(
            "| `client.mail().send_welcome(to_email, shop_name, subject: Option<&str>, html_content: Option<&str>)` | `POST /v1/smtp-welcome-mail` | `Message` |"
        ));
        assert!(python_calls().contains(
            "| `client.templates.add(name=, html_body=, ...)` | `POST /v1/smtp-template-add` | `Template` |"
        ));
        assert!(python_calls()
            .contains("`client.domains.wait_verified(domain_name, timeout=60.0, interval=2.0)`"));
        assert!(cli_calls().contains(
            "| `smtpprovider mail send-welcome TO_EMAIL SHOP_NAME [--subject SUBJECT] [--html-content HTML_CONTENT]` | `mail.send_welcome` |"
        ));
    }

    #[test]
    fn each_error_table_has_a_row_per_kind() {
        let kinds = ErrorKind::ALL.len();
        assert_eq!(python_errors().lines().count(), 2 + kinds);
        assert_eq!(uniffi_errors().lines().count(), 2 + kinds);
        assert_eq!(cli_exit_codes().lines().count(), 2 + 3 + kinds);
        assert!(cli_exit_codes().contains("| 14 | `RateLimited`: "));
    }
}
