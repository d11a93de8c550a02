//! `bindings-python/python/smtpprovider/_native.pyi`: the type stubs of the Rust extension, from
//! the core's tables (models, resources and calls, request fields, helpers, options) through the
//! template `templates/python/_native.pyi.j2`, which also holds the stubs of the hand-written
//! classes (`Endpoint`, `RateLimit`, `ResponseInfo`, the sandbox).
//!
//! pyo3's own stub tooling cannot see methods that `macro_rules` expansions write, which is every
//! call here; the tables can.

use minijinja::value::Serde;
use minijinja::{context, Environment};
use serde::Serialize;
use smtpprovider::{fields, ArgKind, EndpointInfo, HelperArgKind, TypeInfo, HELPERS, RESOURCES};

use crate::header;
use crate::models::returned_models_by_name;

const TEMPLATE: &str = include_str!("../templates/python/_native.pyi.j2");

/// The blocking or the asyncio side: its resource classes and the client base holding them.
#[derive(Serialize)]
struct Flavour {
    base: &'static str,
    resources: Vec<Resource>,
}

#[derive(Serialize)]
struct Resource {
    name: &'static str,
    class: String,
    doc: String,
    calls: Vec<Call>,
}

/// A method: a call of the table or a helper.
#[derive(Serialize)]
struct Call {
    name: &'static str,
    /// The parameters after `self`, each with its leading `, `.
    params: String,
    returns: String,
    doc: String,
    /// For a call taking a request struct: its fields as keywords, the first overload.
    request: Option<Request>,
}

#[derive(Serialize)]
struct Request {
    arg: &'static str,
    name: &'static str,
    keywords: String,
    doc: String,
}

#[derive(Serialize)]
struct Client {
    name: &'static str,
    base: &'static str,
    doc: &'static str,
    login_returns: &'static str,
}

/// The stub file.
pub fn module() -> String {
    let mut env = Environment::new();
    env.set_syntax(crate::templates::syntax());
    env.add_filter("docstring", docstring);
    env.add_template("_native.pyi", TEMPLATE)
        .expect("the stub template parses");
    let models = returned_models_by_name();
    let flavours = [
        Flavour {
            base: "_ClientBase",
            resources: resources(false),
        },
        Flavour {
            base: "_AsyncClientBase",
            resources: resources(true),
        },
    ];
    let clients = [
        Client {
            name: "Client",
            base: "_ClientBase",
            doc: "The SMTPProvider client (blocking).",
            login_returns: "Client",
        },
        Client {
            name: "AsyncClient",
            base: "_AsyncClientBase",
            doc: "The SMTPProvider client for asyncio: the same calls as `Client`, each returning a coroutine.",
            login_returns: "Coroutine[Any, Any, AsyncClient]",
        },
    ];
    let rendered = env
        .get_template("_native.pyi")
        .and_then(|template| {
            template.render(context! {
                header => header("#"),
                models => Serde(models),
                flavours => Serde(flavours),
                clients => Serde(clients),
                client_options => keyword_options(false),
                call_options => keyword_options(true),
            })
        })
        .unwrap_or_else(|e| panic!("the stub template renders: {e:#}"));
    format!("{}\n", rendered.trim_end())
}

/// `name: annotation = ...` for each keyword option of the constructors (all but `base_url`,
/// a parameter of its own), or of `with_options` (`per_call`).
fn keyword_options(per_call: bool) -> String {
    smtpprovider::keyword_options(per_call)
        .map(|row| format!("{}: {} = ...", row.name, row.kind.python_type()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn resources(asyncio: bool) -> Vec<Resource> {
    RESOURCES
        .iter()
        .filter(|resource| resource.name != "client")
        .map(|resource| {
            let prefix = if asyncio { "Async" } else { "" };
            let doc = if asyncio {
                format!("{}\n\nEvery method returns a coroutine.", resource.doc)
            } else {
                resource.doc.to_owned()
            };
            let returning = |returns: String| {
                if asyncio {
                    format!("Coroutine[Any, Any, {returns}]")
                } else {
                    returns
                }
            };
            let mut calls: Vec<Call> = EndpointInfo::of_resource(resource.name)
                .map(|endpoint| call(endpoint, returning(result_type(endpoint.returns))))
                .collect();
            calls.extend(
                HELPERS
                    .iter()
                    .filter(|helper| helper.resource == resource.name)
                    .map(|helper| helper_call(helper, returning(helper.returns.to_owned()))),
            );
            Resource {
                name: resource.name,
                class: format!("{prefix}{}", resource.handle),
                doc,
                calls,
            }
        })
        .collect()
}

/// A call's result as Python annotates it. `builtins.list`: inside a resource class, `list` is
/// the resource's own `list()` method.
fn result_type(ty: &TypeInfo) -> String {
    match ty {
        TypeInfo::List(inner) => format!("builtins.list[{}]", inner.python_name()),
        other => other.python_name(),
    }
}

fn call(endpoint: &'static EndpointInfo, returns: String) -> Call {
    let doc = format!(
        "{}\n\n``{} {}``",
        endpoint.doc,
        endpoint.method.as_str(),
        endpoint.path
    );
    let mut params = String::new();
    let mut request = None;
    for arg in endpoint.args {
        match arg.kind {
            ArgKind::Text | ArgKind::Secret => params += &format!(", {}: str", arg.name),
            ArgKind::OptionalText => params += &format!(", {}: str | None = None", arg.name),
            ArgKind::Id => params += &format!(", {}: int", arg.name),
            ArgKind::Request(info) => {
                let flat = fields::flatten(info.fields);
                let keywords = flat
                    .iter()
                    .map(|flat| {
                        let annotation = field_type(flat.field.kind);
                        if flat.required {
                            format!("{}: {annotation}", flat.field.name)
                        } else {
                            format!("{}: {annotation} | None = None", flat.field.name)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                let described = flat
                    .iter()
                    .map(|flat| format!("    {}: {}", flat.field.name, flat.field.doc))
                    .collect::<Vec<_>>()
                    .join("\n");
                request = Some(Request {
                    arg: arg.name,
                    name: info.name,
                    keywords,
                    doc: format!("{doc}\n\nKeyword arguments:\n\n{described}"),
                });
            }
        }
    }
    Call {
        name: endpoint.name,
        params,
        returns,
        doc,
        request,
    }
}

/// The Python type of a request field's keyword (a nested object's fields are keywords of their
/// own, `fields::flatten`).
fn field_type(kind: smtpprovider::FieldKind) -> &'static str {
    match kind {
        smtpprovider::FieldKind::Integer => "int",
        smtpprovider::FieldKind::Bool => "bool",
        smtpprovider::FieldKind::DateTime => "str | datetime",
        _ => "str",
    }
}

fn helper_call(helper: &'static smtpprovider::HelperInfo, returns: String) -> Call {
    let mut params = String::new();
    let mut described = Vec::new();
    for arg in helper.args {
        match arg.kind {
            HelperArgKind::Text => params += &format!(", {}: str", arg.name),
            HelperArgKind::Seconds { default, .. } => {
                params += &format!(", {}: float = {default:?}", arg.name);
            }
        }
        let unit = match arg.kind {
            HelperArgKind::Seconds { .. } => ", in seconds",
            HelperArgKind::Text => "",
        };
        described.push(format!("    {}: {}{unit}", arg.name, arg.doc));
    }
    Call {
        name: helper.name,
        params,
        returns,
        doc: format!(
            "{}\n\nArguments:\n\n{}",
            crate::names::python_words(helper.doc),
            described.join("\n")
        ),
        request: None,
    }
}

/// Where docstring lines are wrapped (the table's docs are one line per paragraph).
const WIDTH: usize = 100;

/// `text` as a docstring indented by `indent`: one line in its quotes, or its first line after
/// the opening quotes and the closing ones on a line of their own; lines longer than [`WIDTH`]
/// wrapped at spaces.
fn docstring(text: String, indent: String) -> String {
    let text = text.trim().replace("\"\"\"", "'''");
    if text.is_empty() {
        return format!("{indent}...");
    }
    // The quotes count as part of the first and the last line; a text ending in `"` takes the
    // long form, whose closing quotes stand apart (four quotes in a row would end the string).
    if !text.contains('\n') && !text.ends_with('"') && indent.len() + text.len() + 6 <= WIDTH {
        return format!("{indent}\"\"\"{text}\"\"\"");
    }
    let wrapped: Vec<String> = text
        .lines()
        .flat_map(|line| wrap(line, WIDTH - indent.len() - 3))
        .collect();
    let body = wrapped
        .iter()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!("{indent}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    format!("{indent}\"\"\"{}\n{indent}\"\"\"", body.trim_start())
}

/// `line` in pieces of at most `width` characters, broken at spaces (a longer word stays whole);
/// each piece keeps the line's own indentation.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let indent = &line[..line.len() - line.trim_start().len()];
    let mut pieces = Vec::new();
    let mut current = indent.to_owned();
    for word in line.split_whitespace() {
        if current.len() > indent.len() && current.len() + 1 + word.len() > width {
            pieces.push(std::mem::replace(&mut current, indent.to_owned()));
        }
        if current.len() > indent.len() {
            current.push(' ');
        }
        current.push_str(word);
    }
    pieces.push(current);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::returned_models;
    use smtpprovider::ENDPOINTS;

    #[test]
    fn every_model_and_call_is_in_the_stubs() {
        let stubs = module();
        for model in returned_models() {
            assert!(
                stubs.contains(&format!("class {}:", model.name)),
                "{}",
                model.name
            );
        }
        for endpoint in ENDPOINTS.iter().filter(|e| e.resource != "client") {
            assert!(
                stubs.contains(&format!("    def {}(self", endpoint.name)),
                "{}",
                endpoint.id
            );
        }
        assert!(stubs.contains("def wait_verified(self, domain_name: str, timeout: float = 60.0, interval: float = 2.0) -> DomainVerification:"));
    }

    #[test]
    fn a_docstring_is_one_line_or_opens_and_closes_on_lines_of_its_own() {
        assert_eq!(docstring("One.".into(), "  ".into()), "  \"\"\"One.\"\"\"");
        assert_eq!(
            docstring("Says \"hi\"".into(), "  ".into()),
            "  \"\"\"Says \"hi\"\n  \"\"\""
        );
        assert_eq!(
            docstring("One.\n\nTwo.".into(), "  ".into()),
            "  \"\"\"One.\n\n  Two.\n  \"\"\""
        );
        let long = "word ".repeat(30);
        let wrapped = docstring(long.clone(), "    ".into());
        assert!(wrapped.lines().all(|line| line.len() <= WIDTH), "{wrapped}");
        assert_eq!(
            wrapped
                .split_whitespace()
                .filter(|w| *w != "\"\"\"")
                .count(),
            30
        );
    }
}
