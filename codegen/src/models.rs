//! What the generators share about the response models.

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
