//! The core's run-time endpoint table as JSON, so the test suite can compare the package's
//! methods with the table itself rather than with anything generated from it.

use napi_derive::napi;
use serde_json::{json, Value};
use smtpprovider::ENDPOINTS;

/// Every endpoint: `[{id, resource, name, method, path, args: [{name, kind}], returns}]`.
#[napi(catch_unwind)]
pub fn endpoints_json() -> String {
    let rows: Vec<Value> = ENDPOINTS
        .iter()
        .map(|endpoint| {
            let args: Vec<Value> = endpoint
                .args
                .iter()
                .map(|arg| json!({"name": arg.name, "kind": arg.kind.as_str()}))
                .collect();
            json!({
                "id": endpoint.id,
                "resource": endpoint.resource,
                "name": endpoint.name,
                "method": endpoint.method.as_str(),
                "path": endpoint.path,
                "args": args,
                "returns": endpoint.returns.rust_name(),
            })
        })
        .collect();
    Value::Array(rows).to_string()
}

/// Every helper (`smtpprovider::HELPERS`): `[{id, resource, name, args: [name], returns}]`.
#[napi(catch_unwind)]
pub fn helpers_json() -> String {
    let rows: Vec<Value> = smtpprovider::HELPERS
        .iter()
        .map(|helper| {
            let args: Vec<&str> = helper.args.iter().map(|arg| arg.name).collect();
            json!({
                "id": helper.id,
                "resource": helper.resource,
                "name": helper.name,
                "args": args,
                "returns": helper.returns,
            })
        })
        .collect();
    Value::Array(rows).to_string()
}

/// The core's option and error tables, as they are, for the parity test:
/// `{options: [{name, kind, perCall}], errorFields: [name], errorKinds: [{name, className}]}`.
#[napi(catch_unwind)]
pub fn core_tables_json() -> String {
    let options: Vec<Value> = smtpprovider::OPTIONS
        .iter()
        .map(|o| json!({"name": o.name, "kind": format!("{:?}", o.kind), "perCall": o.per_call}))
        .collect();
    let fields: Vec<&str> = smtpprovider::ERROR_FIELDS.iter().map(|f| f.name).collect();
    let kinds: Vec<Value> = smtpprovider::KINDS
        .iter()
        .map(|k| json!({"name": k.name, "className": k.class_name}))
        .collect();
    json!({"options": options, "errorFields": fields, "errorKinds": kinds}).to_string()
}
