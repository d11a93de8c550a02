//! What the generators share about the response models.

use serde::Serialize;
use smtpprovider::{ModelInfo, ENDPOINTS};

/// Every model a call can return, in the order the table first reaches them. `client.login`'s
/// `Session` is left out but its `User` kept: logging in makes a client, whose `user` is that
/// model.
pub fn returned_models() -> Vec<&'static ModelInfo> {
    let mut found: Vec<&'static ModelInfo> = Vec::new();
    let mut pending: Vec<&'static ModelInfo> = Vec::new();
    for endpoint in ENDPOINTS {
        let Some(model) = endpoint.returns.model() else {
            continue;
        };
        if endpoint.resource == "client" {
            pending.extend(model.fields.iter().filter_map(|field| field.ty.model()));
        } else {
            pending.push(model);
        }
    }
    pending.reverse();
    while let Some(model) = pending.pop() {
        if found.iter().any(|seen| seen.name == model.name) {
            continue;
        }
        found.push(model);
        pending.extend(
            model
                .fields
                .iter()
                .rev()
                .filter_map(|field| field.ty.model()),
        );
    }
    found
}

/// A model as the templates read it.
#[derive(Serialize)]
pub struct Model {
    pub name: &'static str,
    pub doc: &'static str,
    pub fields: Vec<Field>,
}

/// A model's field, with its type in each spelling a template writes.
#[derive(Serialize)]
pub struct Field {
    pub name: &'static str,
    /// The API's key for it.
    pub key: &'static str,
    pub rust: String,
    pub python: String,
    pub doc: &'static str,
}

/// [`returned_models`] by name, as the reference page and the stubs list them.
pub fn returned_models_by_name() -> Vec<Model> {
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
                .map(|field| Field {
                    name: field.name,
                    key: field.key,
                    rust: field.ty.rust_name(),
                    python: field.ty.python_name(),
                    doc: field.doc,
                })
                .collect(),
        })
        .collect()
}
