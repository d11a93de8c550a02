//! `models.d.ts`: an interface per response model (the JSON shape the SDK hands out: the API's
//! keys, ids as `number`) and per request struct (what a call takes; a misspelt field is a
//! type error).

use smtpprovider::{FieldKind, TypeInfo, REQUESTS};

use super::jsdoc;
use crate::header;
use crate::models::returned_models;

/// The TypeScript type of a result value.
pub(super) fn result_type(ty: &TypeInfo) -> String {
    match ty {
        TypeInfo::Integer => "number".to_owned(),
        TypeInfo::Text => "string".to_owned(),
        TypeInfo::Bool => "boolean".to_owned(),
        TypeInfo::Optional(inner) => format!("{} | null", result_type(inner)),
        TypeInfo::List(inner) => format!("Array<{}>", result_type(inner)),
        TypeInfo::Model(model) => model.name.to_owned(),
    }
}

/// The name of the request struct whose field list `fields` is (nested objects are listed in
/// `REQUESTS` too: `CampaignContent`).
fn request_name(fields: &'static [smtpprovider::FieldInfo]) -> &'static str {
    REQUESTS
        .iter()
        .find(|request| request.fields == fields)
        .map(|request| request.name)
        .expect("every nested request object is listed in REQUESTS")
}

fn request_field_type(kind: FieldKind) -> String {
    match kind {
        FieldKind::Text | FieldKind::DateTime => "string".to_owned(),
        FieldKind::Integer => "number".to_owned(),
        FieldKind::Bool => "boolean".to_owned(),
        FieldKind::Object(fields) => request_name(fields).to_owned(),
    }
}

pub(super) fn declarations() -> String {
    let mut out = header("//");
    out.push_str(
        "\n// Results: the API's JSON, as the core decodes it (fields the SDK does not model are\n\
         // kept in the object too; read them with a cast).\n\n",
    );
    for model in returned_models() {
        out.push_str(&format!("export interface {} {{\n", model.name));
        for field in model.fields {
            out.push_str(&jsdoc("  ", field.doc));
            out.push_str(&format!("  {}: {}\n", field.key, result_type(&field.ty)));
        }
        out.push_str("}\n\n");
    }
    out.push_str(
        "// Requests: what the calls that take an object send (the API's field names).\n\n",
    );
    for request in REQUESTS {
        out.push_str(&format!("export interface {} {{\n", request.name));
        for field in request.fields {
            out.push_str(&jsdoc("  ", field.doc));
            let optional = if field.required { "" } else { "?" };
            out.push_str(&format!(
                "  {}{optional}: {}\n",
                field.name,
                request_field_type(field.kind)
            ));
        }
        out.push_str("}\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
