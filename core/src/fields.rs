//! The request structs' field lists at run time: each struct declared with `request!` gets a
//! `FIELDS` constant from the same declaration as its serde derive, so the list cannot drift from
//! what is sent. Bindings read it to offer the fields as keyword arguments (Python's
//! `templates.add(name=..., html_body=...)`), check a caller's names before anything is sent,
//! and generate typed signatures; [`REQUESTS`] lists every request struct by name.
//!
//! A field's kind comes from its Rust type ([`RequestField`]), except that a `String` holding
//! one of the API's `Y-m-d H:i:s` timestamps is marked `#[field(DateTime)]`. It is optional when
//! its type is an `Option` or serde fills it in (`#[serde(default = ...)]`).

use crate::models::{CampaignChanges, CampaignContent, NewCampaign, NewTemplate, TemplateChanges};

/// One field of a request struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldInfo {
    /// The name the API knows it by (its JSON key), e.g. `all_request`.
    pub name: &'static str,
    /// What value it takes.
    pub kind: FieldKind,
    /// Whether a request without it is refused.
    pub required: bool,
    /// What it is, as one line (the doc comment's lines joined).
    pub doc: &'static str,
}

/// The kind of value a request field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Text.
    Text,
    /// A non-negative integer (ids, speeds).
    Integer,
    /// `true` or `false`.
    Bool,
    /// A timestamp in the API's `Y-m-d H:i:s` form, in the account's timezone.
    DateTime,
    /// A nested object with these fields (a campaign's `all_request`).
    Object(&'static [FieldInfo]),
}

impl FieldKind {
    /// `text`, `integer`, `bool`, `datetime` or `object`.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Integer => "integer",
            FieldKind::Bool => "bool",
            FieldKind::DateTime => "datetime",
            FieldKind::Object(_) => "object",
        }
    }
}

/// A field as a flat argument: nested objects' fields sit beside the others (a campaign's
/// `from_email` beside its `template_id`, as the `Campaign` result shows them), remembering the
/// object they go into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlatField {
    /// The field.
    pub field: &'static FieldInfo,
    /// The key of the nested object it belongs in (`all_request`), or `None` at the top.
    pub within: Option<&'static str>,
    /// Whether the request is refused without it (it and the object holding it are required).
    pub required: bool,
}

/// The fields of `fields` with nested objects' fields flattened in, in declaration order.
/// Nesting is one level deep (a test proves every request struct keeps to that, and that the
/// flat names are unique).
pub fn flatten(fields: &'static [FieldInfo]) -> Vec<FlatField> {
    let mut flat = Vec::with_capacity(fields.len() + 12);
    for field in fields {
        match field.kind {
            FieldKind::Object(inner) => flat.extend(inner.iter().map(|nested| FlatField {
                field: nested,
                within: Some(field.name),
                required: field.required && nested.required,
            })),
            _ => flat.push(FlatField {
                field,
                within: None,
                required: field.required,
            }),
        }
    }
    flat
}

/// A request struct by name, for generators and binding tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestInfo {
    /// The struct's name, e.g. `NewTemplate` (the endpoint table's argument kind).
    pub name: &'static str,
    /// Its fields.
    pub fields: &'static [FieldInfo],
}

/// Every request struct the endpoint table takes, and the content object campaigns nest.
pub static REQUESTS: &[RequestInfo] = &[
    RequestInfo {
        name: "NewTemplate",
        fields: NewTemplate::FIELDS,
    },
    RequestInfo {
        name: "TemplateChanges",
        fields: TemplateChanges::FIELDS,
    },
    RequestInfo {
        name: "NewCampaign",
        fields: NewCampaign::FIELDS,
    },
    RequestInfo {
        name: "CampaignChanges",
        fields: CampaignChanges::FIELDS,
    },
    RequestInfo {
        name: "CampaignContent",
        fields: CampaignContent::FIELDS,
    },
];

/// The field list of the request struct named `name`.
pub fn request_fields(name: &str) -> Option<&'static [FieldInfo]> {
    REQUESTS
        .iter()
        .find(|request| request.name == name)
        .map(|request| request.fields)
}

/// The fields of a request struct `T` (its `FIELDS`), for code generic over the struct.
pub fn fields_of<T: RequestField>() -> &'static [FieldInfo] {
    match T::KIND {
        FieldKind::Object(fields) => fields,
        _ => &[],
    }
}

/// The kind a Rust type gives a request field, and whether it may be left out.
pub trait RequestField {
    /// The field's kind.
    const KIND: FieldKind;
    /// Whether the type itself makes the field optional (`Option<T>`).
    const OPTIONAL: bool = false;
}

impl RequestField for String {
    const KIND: FieldKind = FieldKind::Text;
}

impl RequestField for u64 {
    const KIND: FieldKind = FieldKind::Integer;
}

impl RequestField for bool {
    const KIND: FieldKind = FieldKind::Bool;
}

impl<T: RequestField> RequestField for Option<T> {
    const KIND: FieldKind = T::KIND;
    const OPTIONAL: bool = true;
}

/// Declares a request struct (serde derives are the caller's) and its `FIELDS`, from one list.
///
/// Per field, in this order: doc comments, an optional `#[field(Kind)]` that overrides the kind
/// the type gives ([`FieldKind`]'s variant name), serde attributes, then per-binding `cfg_attr`s
/// (`#[cfg_attr(feature = "uniffi", uniffi(default))]`: Kotlin and Swift may leave it out). `rename = "..."` names
/// the API's key and `default` makes the field optional; both are read from the serde attributes
/// themselves, so what serde does and what `FIELDS` says come from the same tokens.
macro_rules! request {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[doc = $doc:literal])*
                $(#[field($kind:ident)])?
                $(#[serde($($serde:tt)*)])*
                $(#[cfg_attr($($binding:tt)*)])*
                pub $field:ident : $ty:ty,
            )*
        }
    ) => {
        $(#[$meta])*
        #[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
        pub struct $name {
            $(
                $(#[doc = $doc])*
                $(#[serde($($serde)*)])*
                $(#[cfg_attr($($binding)*)])*
                pub $field: $ty,
            )*
        }

        impl $name {
            /// The fields the API receives, in order (see [`crate::fields`]).
            pub const FIELDS: &'static [$crate::fields::FieldInfo] = &[$(
                $crate::fields::FieldInfo {
                    name: __api_name!($field; $($($serde)*)*),
                    kind: __field_kind!($ty $(, $kind)?),
                    required: !(<$ty as $crate::fields::RequestField>::OPTIONAL
                        || __has_default!($($($serde)*)*)),
                    doc: __doc_line!($($doc)*),
                },
            )*];
        }

        impl $crate::fields::RequestField for $name {
            const KIND: $crate::fields::FieldKind = $crate::fields::FieldKind::Object($name::FIELDS);
        }

        /// A request struct is an argument kind of its own, lent to the typed method by
        /// reference and given in JSON as an object of its fields.
        impl $crate::arg_types::ArgType for $name {
            const KIND: $crate::endpoints::ArgKind =
                $crate::endpoints::ArgKind::Request(&$crate::fields::RequestInfo {
                    name: stringify!($name),
                    fields: $name::FIELDS,
                });
            type Param<'a> = &'a $name;
            type Owned = $name;

            fn lend(value: &$name) -> &$name {
                value
            }

            fn from_json(
                call: &'static str,
                name: &str,
                value: Option<&serde_json::Value>,
            ) -> $crate::Result<$name> {
                $crate::arg_types::request_from_json(call, name, value)
            }
        }
    };
}

/// The JSON key of a request field: serde's `rename = "..."`, else the field's name.
macro_rules! __api_name {
    ($field:ident;) => {
        stringify!($field)
    };
    ($field:ident; rename = $json:literal $($rest:tt)*) => {
        $json
    };
    ($field:ident; $skip:tt $($rest:tt)*) => {
        __api_name!($field; $($rest)*)
    };
}

/// Whether serde attributes give a field a default (`default` or `default = "..."`).
macro_rules! __has_default {
    () => {
        false
    };
    (default $($rest:tt)*) => {
        true
    };
    ($skip:tt $($rest:tt)*) => {
        __has_default!($($rest)*)
    };
}

/// A field's kind: the `#[field(Kind)]` override, else its type's.
macro_rules! __field_kind {
    ($ty:ty) => {
        <$ty as $crate::fields::RequestField>::KIND
    };
    ($ty:ty, $kind:ident) => {
        $crate::fields::FieldKind::$kind
    };
}

/// A doc comment as one line: its lines joined (each `/// x` arrives as `" x"`, so they join
/// with spaces), the leading space trimmed.
macro_rules! __doc_line {
    ($($doc:literal)*) => {
        $crate::fields::trim_doc(concat!($($doc),*))
    };
}

/// `" The name."` as `"The name."` (a `const fn`, so `FIELDS` stays a constant).
#[doc(hidden)]
pub const fn trim_doc(doc: &'static str) -> &'static str {
    let mut bytes = doc.as_bytes();
    while let [b' ', rest @ ..] = bytes {
        bytes = rest;
    }
    match std::str::from_utf8(bytes) {
        Ok(trimmed) => trimmed,
        Err(_) => doc,
    }
}

#[cfg(test)]
mod tests {
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use serde_json::{json, Map, Value};

    use super::*;

    /// A value of the field's kind, and one serde must refuse for it.
    fn sample(kind: FieldKind, all: bool) -> (Value, Value) {
        match kind {
            FieldKind::Text => (json!("text"), json!(["not text"])),
            FieldKind::Integer => (json!(7), json!("seven")),
            FieldKind::Bool => (json!(true), json!("yes")),
            FieldKind::DateTime => (json!("2030-01-01 09:00:00"), json!(1)),
            FieldKind::Object(fields) => (object(fields, all), json!("not an object")),
        }
    }

    /// Every field (`all`) or only the required ones, with sample values.
    fn object(fields: &[FieldInfo], all: bool) -> Value {
        let map: Map<String, Value> = fields
            .iter()
            .filter(|field| all || field.required)
            .map(|field| (field.name.to_owned(), sample(field.kind, all).0))
            .collect();
        Value::Object(map)
    }

    /// The list says exactly what serde sends and accepts: every listed field round-trips under
    /// its name (and nothing else is sent), the required ones alone are enough, leaving out any
    /// of them is refused, and a value of another kind is refused.
    fn matches_serde<T: Serialize + DeserializeOwned>(fields: &'static [FieldInfo]) {
        let name = std::any::type_name::<T>();
        let full = object(fields, true);
        let parsed: T =
            serde_json::from_value(full.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            serde_json::to_value(&parsed).unwrap(),
            full,
            "{name} sends every field and only those"
        );

        let minimal = object(fields, false);
        assert!(
            serde_json::from_value::<T>(minimal.clone()).is_ok(),
            "{name}: the required fields are enough"
        );
        for field in fields {
            let mut without = full.clone();
            without.as_object_mut().unwrap().remove(field.name);
            let refused = serde_json::from_value::<T>(without).is_err();
            assert_eq!(refused, field.required, "{name}.{}: required", field.name);

            let mut wrong = full.clone();
            wrong[field.name] = sample(field.kind, true).1;
            assert!(
                serde_json::from_value::<T>(wrong).is_err(),
                "{name}.{} is {:?}",
                field.name,
                field.kind
            );
            assert!(
                !field.doc.is_empty() && !field.doc.starts_with(' '),
                "{name}.{} has a doc line",
                field.name
            );
        }
    }

    #[test]
    fn every_field_list_matches_what_serde_sends_and_accepts() {
        matches_serde::<NewTemplate>(NewTemplate::FIELDS);
        matches_serde::<TemplateChanges>(TemplateChanges::FIELDS);
        matches_serde::<NewCampaign>(NewCampaign::FIELDS);
        matches_serde::<CampaignChanges>(CampaignChanges::FIELDS);
        matches_serde::<CampaignContent>(CampaignContent::FIELDS);
    }

    #[test]
    fn every_request_struct_is_listed_by_its_name() {
        let names: Vec<&str> = REQUESTS.iter().map(|request| request.name).collect();
        assert_eq!(
            names,
            [
                "NewTemplate",
                "TemplateChanges",
                "NewCampaign",
                "CampaignChanges",
                "CampaignContent"
            ]
        );
        assert_eq!(request_fields("NewTemplate"), Some(NewTemplate::FIELDS));
        assert_eq!(fields_of::<NewCampaign>(), NewCampaign::FIELDS);
        assert_eq!(request_fields("Nope"), None);
    }

    #[test]
    fn flat_names_are_unique_and_nesting_is_one_level() {
        for request in REQUESTS {
            let flat = flatten(request.fields);
            let mut names: Vec<&str> = flat.iter().map(|f| f.field.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), flat.len(), "{}", request.name);
            assert!(
                flat.iter()
                    .all(|f| !matches!(f.field.kind, FieldKind::Object(_))),
                "{}",
                request.name
            );
        }
    }

    #[test]
    fn a_new_campaign_flattens_its_content_beside_the_other_fields() {
        let flat = flatten(NewCampaign::FIELDS);
        let find = |name: &str| flat.iter().find(|f| f.field.name == name).copied().unwrap();
        assert_eq!(
            (find("template_id").within, find("template_id").required),
            (None, true)
        );
        assert_eq!(find("begins_at").field.kind, FieldKind::DateTime);
        assert_eq!(
            (find("from_email").within, find("from_email").required),
            (Some("all_request"), true)
        );
        assert_eq!(
            (find("speed").within, find("speed").required),
            (Some("all_request"), false)
        );
        let active = NewTemplate::FIELDS
            .iter()
            .find(|f| f.name == "active")
            .unwrap();
        assert!(!active.required, "serde's default makes it optional");
        assert_eq!(
            active.doc,
            "Whether the template can be used (default: yes)."
        );
    }
}
