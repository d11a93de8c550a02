//! The response models' field lists at run time, for generators (the Node TypeScript interfaces)
//! and binding tests: every model declared with `model!` gets a [`ModelInfo`] (`Domain::MODEL`)
//! from the same field list its decoder is generated from, and every type a model field or an
//! endpoint returns has a [`TypeInfo`] ([`ResponseType::TYPE`]), so the endpoint table can name
//! what each call returns as data.
//!
//! The request structs' lists are [`crate::fields`]; these describe what comes back.

use crate::secret::Secret;

/// The shape of a value a call returns or a model field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeInfo {
    /// A non-negative integer (ids, counts, speeds).
    Integer,
    /// Text.
    Text,
    /// `true` or `false`.
    Bool,
    /// A value that may be absent (`null` in the JSON the SDK hands out).
    Optional(&'static TypeInfo),
    /// A list.
    List(&'static TypeInfo),
    /// An object with the model's fields (and any unknown ones the API sent).
    Model(&'static ModelInfo),
}

impl TypeInfo {
    /// The type as the core declares it, e.g. `Vec<Domain>` or `Option<u64>`.
    pub fn rust_name(&self) -> String {
        match self {
            TypeInfo::Integer => "u64".to_owned(),
            TypeInfo::Text => "String".to_owned(),
            TypeInfo::Bool => "bool".to_owned(),
            TypeInfo::Optional(inner) => format!("Option<{}>", inner.rust_name()),
            TypeInfo::List(inner) => format!("Vec<{}>", inner.rust_name()),
            TypeInfo::Model(model) => model.name.to_owned(),
        }
    }

    /// The type as Python annotates it, e.g. `list[Domain]` or `int | None` (the stubs and a
    /// model's `__fields__`).
    pub fn python_name(&self) -> String {
        match self {
            TypeInfo::Integer => "int".to_owned(),
            TypeInfo::Text => "str".to_owned(),
            TypeInfo::Bool => "bool".to_owned(),
            TypeInfo::Optional(inner) => format!("{} | None", inner.python_name()),
            TypeInfo::List(inner) => format!("list[{}]", inner.python_name()),
            TypeInfo::Model(model) => model.name.to_owned(),
        }
    }

    /// The model this type is or holds (`Vec<Domain>` holds `Domain`), if any.
    pub fn model(&self) -> Option<&'static ModelInfo> {
        match self {
            TypeInfo::Optional(inner) | TypeInfo::List(inner) => inner.model(),
            TypeInfo::Model(model) => Some(model),
            _ => None,
        }
    }
}

/// A response model: its name and fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelInfo {
    /// The type's name, e.g. `Domain`.
    pub name: &'static str,
    /// What it is (its doc comment's lines joined).
    pub doc: &'static str,
    /// Its fields, in declaration order.
    pub fields: &'static [ModelField],
}

/// One field of a response model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelField {
    /// The field's name in Rust, e.g. `verified`.
    pub name: &'static str,
    /// The key the API sends it under, e.g. `success`; the JSON the SDK hands out keeps it.
    pub key: &'static str,
    /// Its type.
    pub ty: TypeInfo,
    /// What it is, as one line.
    pub doc: &'static str,
}

/// A type a model field holds or a call returns, with its [`TypeInfo`].
pub trait ResponseType {
    /// The type's shape.
    const TYPE: TypeInfo;
}

impl ResponseType for u64 {
    const TYPE: TypeInfo = TypeInfo::Integer;
}

impl ResponseType for String {
    const TYPE: TypeInfo = TypeInfo::Text;
}

impl ResponseType for bool {
    const TYPE: TypeInfo = TypeInfo::Bool;
}

impl ResponseType for Secret {
    const TYPE: TypeInfo = TypeInfo::Text;
}

impl<T: ResponseType> ResponseType for Option<T> {
    const TYPE: TypeInfo = TypeInfo::Optional(&T::TYPE);
}

impl<T: ResponseType> ResponseType for Vec<T> {
    const TYPE: TypeInfo = TypeInfo::List(&T::TYPE);
}

/// A result type that is no `model!` (`Session`: decoded with the token endpoint's own envelope,
/// no unknown fields, no binding class): its struct and its `MODEL`, from one declaration.
macro_rules! plain_model {
    (
        $(#[doc = $mdoc:literal])*
        pub struct $name:ident { $( $(#[doc = $doc:literal])* pub $field:ident : $ty:ty, )* }
    ) => {
        $(#[doc = $mdoc])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name {
            $( $(#[doc = $doc])* pub $field: $ty, )*
        }

        model_info! { $(#[doc = $mdoc])* $name { $( $(#[doc = $doc])* $field : $ty, )* } }
    };
}

/// Gives a `model!` type its `MODEL` and [`ResponseType`] (called by `model!` itself).
macro_rules! model_info {
    ($(#[doc = $mdoc:literal])* $name:ident { $( $(#[doc = $doc:literal])* $field:ident : $ty:ty $(= $json:literal)?, )* }) => {
        impl $name {
            /// The model's fields (see [`crate::models::info`]).
            pub const MODEL: $crate::models::info::ModelInfo = $crate::models::info::ModelInfo {
                name: stringify!($name),
                doc: $crate::fields::trim_doc(concat!($($mdoc),*)),
                fields: &[$(
                    $crate::models::info::ModelField {
                        name: stringify!($field),
                        key: json_key!($field $($json)?),
                        ty: <$ty as $crate::models::info::ResponseType>::TYPE,
                        doc: $crate::fields::trim_doc(concat!($($doc),*)),
                    },
                )*],
            };
        }

        impl $crate::models::info::ResponseType for $name {
            const TYPE: $crate::models::info::TypeInfo = $crate::models::info::TypeInfo::Model(&$name::MODEL);
        }
    };
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::models::*;

    /// Every model that can come back, reached from the endpoint table's return types.
    fn reachable_models() -> Vec<&'static ModelInfo> {
        let mut found: Vec<&'static ModelInfo> = Vec::new();
        let mut pending: Vec<&'static ModelInfo> = crate::ENDPOINTS
            .iter()
            .filter_map(|endpoint| endpoint.returns.model())
            .collect();
        while let Some(model) = pending.pop() {
            if found.iter().any(|seen| seen.name == model.name) {
                continue;
            }
            found.push(model);
            pending.extend(model.fields.iter().filter_map(|field| field.ty.model()));
        }
        found
    }

    #[test]
    fn every_returned_model_is_reached_with_documented_unique_keys() {
        let names: Vec<&str> = reachable_models().iter().map(|m| m.name).collect();
        for expected in [
            "Domain",
            "DnsRecord",
            "CampaignOptions",
            "Vmta",
            "Message",
            "User",
        ] {
            assert!(names.contains(&expected), "{expected} in {names:?}");
        }
        for model in reachable_models() {
            let mut keys: Vec<&str> = model.fields.iter().map(|f| f.key).collect();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), model.fields.len(), "{}", model.name);
            for field in model.fields {
                assert!(
                    !field.doc.is_empty() && !field.doc.starts_with(' '),
                    "{}.{}",
                    model.name,
                    field.name
                );
            }
        }
    }

    /// The list names exactly the keys the model serialises (what bindings hand out as JSON).
    fn keys_match_serialisation<T: serde::Serialize>(value: &T, model: &ModelInfo) {
        let Value::Object(json) = serde_json::to_value(value).unwrap() else {
            panic!("{} serialises to an object", model.name);
        };
        let listed: Vec<&str> = model.fields.iter().map(|f| f.key).collect();
        let sent: Vec<&str> = json.keys().map(String::as_str).collect();
        let mut listed_sorted = listed.clone();
        listed_sorted.sort_unstable();
        assert_eq!(sent, listed_sorted, "{}", model.name);
    }

    #[test]
    fn field_lists_match_what_models_serialise() {
        let domain: Domain = serde_json::from_str(r#"{"id":1,"domain_name":"a.co"}"#).unwrap();
        keys_match_serialisation(&domain, &Domain::MODEL);
        let verification: DomainVerification = serde_json::from_str(r#"{"success":1}"#).unwrap();
        keys_match_serialisation(&verification, &DomainVerification::MODEL);
        let options: CampaignOptions = serde_json::from_str("{}").unwrap();
        keys_match_serialisation(&options, &CampaignOptions::MODEL);
        let vmta: Vmta = serde_json::from_str(r#"{"id":0}"#).unwrap();
        keys_match_serialisation(&vmta, &Vmta::MODEL);
        let message: Message = serde_json::from_str(r#"{"message":"ok"}"#).unwrap();
        keys_match_serialisation(&message, &Message::MODEL);
    }

    #[test]
    fn types_name_themselves_as_the_core_declares_them() {
        assert_eq!(<Vec<Domain>>::TYPE.rust_name(), "Vec<Domain>");
        assert_eq!(<Option<u64>>::TYPE.rust_name(), "Option<u64>");
        let verified = DomainVerification::MODEL.fields[0];
        assert_eq!(
            (verified.name, verified.key, verified.ty),
            ("verified", "success", TypeInfo::Bool)
        );
        assert_eq!(
            CampaignOptions::MODEL.fields[2].ty.model().map(|m| m.name),
            Some("Sender")
        );
    }
}
