//! `docs/reference.md`: the API reference page (every call with its arguments, checks and errors,
//! every helper, model, request struct, error kind and option), from the core's run-time tables
//! through the template `templates/docs/reference.md.j2`.

use minijinja::value::Serde;
use minijinja::{context, Environment};
use serde::Serialize;
use smtpprovider::{
    ArgKind, Check, EndpointInfo, ErrorKind, HelperArgKind, HttpMethod, Wire, HELPERS, REQUESTS,
    RESOURCES,
};

use crate::models::returned_models;
use crate::readme::{options_table, Casing};

const TEMPLATE: &str = include_str!("../templates/docs/reference.md.j2");

#[derive(Serialize)]
struct Resource {
    name: &'static str,
    doc: &'static str,
    calls: Vec<Call>,
    helpers: Vec<Helper>,
}

#[derive(Serialize)]
struct Call {
    id: &'static str,
    doc: &'static str,
    method: &'static str,
    path: &'static str,
    returns: String,
    data_key: Option<&'static str>,
    idempotent: bool,
    args: Vec<Arg>,
    errors: String,
}

#[derive(Serialize)]
struct Arg {
    name: &'static str,
    kind: String,
    wire: String,
    check: String,
}

#[derive(Serialize)]
struct Helper {
    id: &'static str,
    doc: &'static str,
    returns: &'static str,
    args: Vec<HelperArg>,
}

#[derive(Serialize)]
struct HelperArg {
    name: &'static str,
    kind: String,
    doc: &'static str,
}

#[derive(Serialize)]
struct Model {
    name: &'static str,
    doc: &'static str,
    fields: Vec<ModelField>,
}

#[derive(Serialize)]
struct ModelField {
    name: &'static str,
    key: &'static str,
    ty: String,
    doc: &'static str,
}

#[derive(Serialize)]
struct Request {
    name: &'static str,
    fields: Vec<RequestField>,
}

#[derive(Serialize)]
struct RequestField {
    name: &'static str,
    kind: &'static str,
    required: bool,
    doc: &'static str,
}

#[derive(Serialize)]
struct Kind {
    name: &'static str,
    class_name: &'static str,
    exit_code: u8,
    description: &'static str,
}

/// The page.
pub fn page() -> String {
    let mut env = Environment::new();
    env.set_syntax(crate::templates::syntax());
    env.add_template("reference.md", TEMPLATE)
        .expect("the reference template parses");
    let resources: Vec<Resource> = RESOURCES
        .iter()
        .filter(|resource| resource.name != "client")
        .map(|resource| Resource {
            name: resource.name,
            doc: resource.doc,
            calls: EndpointInfo::of_resource(resource.name).map(call).collect(),
            helpers: HELPERS
                .iter()
                .filter(|helper| helper.resource == resource.name)
                .map(|helper| Helper {
                    id: helper.id,
                    doc: helper.doc,
                    returns: helper.returns,
                    args: helper
                        .args
                        .iter()
                        .map(|arg| HelperArg {
                            name: arg.name,
                            kind: match arg.kind {
                                HelperArgKind::Text => "text".to_owned(),
                                HelperArgKind::Seconds { default, positive } => format!(
                                    "a duration, default {default} s{}",
                                    if positive { ", more than zero" } else { "" }
                                ),
                            },
                            doc: arg.doc,
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let models: Vec<Model> = {
        let mut models = returned_models();
        models.sort_by_key(|model| model.name);
        models
            .into_iter()
            .map(|model| Model {
                name: model.name,
                doc: model.doc,
                fields: model
                    .fields
                    .iter()
                    .map(|field| ModelField {
                        name: field.name,
                        key: field.key,
                        ty: field.ty.rust_name(),
                        doc: field.doc,
                    })
                    .collect(),
            })
            .collect()
    };
    let requests: Vec<Request> = REQUESTS
        .iter()
        .map(|request| Request {
            name: request.name,
            fields: request
                .fields
                .iter()
                .map(|field| RequestField {
                    name: field.name,
                    kind: field.kind.as_str(),
                    required: field.required,
                    doc: field.doc,
                })
                .collect(),
        })
        .collect();
    let kinds: Vec<Kind> = ErrorKind::ALL
        .iter()
        .map(|kind| {
            let info = kind.info();
            Kind {
                name: info.name,
                class_name: info.class_name,
                exit_code: info.exit_code,
                description: info.description,
            }
        })
        .collect();
    let rendered = env
        .get_template("reference.md")
        .and_then(|template| {
            template.render(context! {
                header => "<!-- Generated by smtpprovider-codegen from the core's run-time tables: do not edit; run `cargo run -p smtpprovider-codegen`. -->",
                resources => Serde(resources),
                models => Serde(models),
                requests => Serde(requests),
                kinds => Serde(kinds),
                options => options_table(Casing::Snake, "duration"),
            })
        })
        .unwrap_or_else(|e| panic!("the reference template renders: {e:#}"));
    format!("{}\n", rendered.trim_end())
}

fn call(endpoint: &'static EndpointInfo) -> Call {
    let args: Vec<Arg> = endpoint
        .args
        .iter()
        .map(|arg| Arg {
            name: arg.name,
            kind: match arg.kind {
                ArgKind::Text => "text".to_owned(),
                ArgKind::OptionalText => "text, optional".to_owned(),
                ArgKind::Secret => "secret text".to_owned(),
                ArgKind::Id => "id".to_owned(),
                ArgKind::Request(request) => format!("`{}`", request.name),
            },
            wire: match arg.wire {
                Wire::Name(name) => format!("`{name}`"),
                Wire::Flatten => "its fields".to_owned(),
            },
            check: match (arg.kind, arg.check) {
                (_, Some(Check::Hostname)) => "a DNS hostname".to_owned(),
                (_, Some(Check::Email)) => "an email address".to_owned(),
                (_, Some(Check::NonEmpty)) => "not blank".to_owned(),
                (_, Some(Check::RequiredWith(other))) => format!("only with `{other}`"),
                (ArgKind::Id, None) => "more than zero".to_owned(),
                (ArgKind::Request(_), None) => "its fields' rules".to_owned(),
                _ => String::new(),
            },
        })
        .collect();
    // What the arguments and the method add to the errors every protected call can raise.
    let mut errors = Vec::new();
    if !args.is_empty() {
        errors.push("`InvalidInput` (an argument refused before sending)");
    }
    if endpoint.method == HttpMethod::Post {
        errors.push("`Validation` (the API refused the input)");
    }
    Call {
        id: endpoint.id,
        doc: endpoint.doc,
        method: endpoint.method.as_str(),
        path: endpoint.path,
        returns: endpoint.returns.rust_name(),
        data_key: endpoint.data_key,
        idempotent: endpoint.idempotent,
        errors: if errors.is_empty() {
            "none".to_owned()
        } else {
            errors.join(", ")
        },
        args,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_page_has_every_call_model_and_kind() {
        let page = super::page();
        for endpoint in smtpprovider::ENDPOINTS
            .iter()
            .filter(|e| e.resource != "client")
        {
            assert!(
                page.contains(&format!("#### `{}`", endpoint.id)),
                "{}",
                endpoint.id
            );
        }
        for kind in smtpprovider::ErrorKind::ALL {
            assert!(page.contains(&format!("| `{}` |", kind.as_str())));
        }
        assert!(page.contains("### `DomainVerification`"));
        assert!(page.contains("| `domain_name` | text | `domain_name` | a DNS hostname |"));
    }
}
