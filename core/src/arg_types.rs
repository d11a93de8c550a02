//! The argument kinds of the endpoint table as types, one [`ArgType`] impl per kind: the typed
//! method's parameter, the value a binding holds or a JSON argument decodes to, how that value is
//! lent as the parameter, and how the run-time table describes the kind. The expansions of the
//! table (the JSON dispatch, uniffi's objects, Python's classes) handle every argument through
//! it; what each kind is *checked* for and *where* it goes in the request is `call::Param`'s.
//!
//! [`arg_type!`](crate::arg_type) names the type of a table kind: `string` is [`Text`],
//! `optional_string` [`OptionalText`], `secret` [`Secret`], `id` [`Id`], and a request struct
//! (`NewTemplate`) is its own `ArgType` (`fields::request!` implements it).

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::endpoints::ArgKind;
use crate::error::{Error, ErrorKind, Result};

/// An argument kind of the endpoint table (see the [module docs](self)).
pub trait ArgType {
    /// How [`ArgInfo::kind`](crate::ArgInfo::kind) describes it.
    const KIND: ArgKind;

    /// The typed method's parameter: `&str`, `Option<&str>`, `u64`, `&NewTemplate`.
    type Param<'a>;

    /// The value a binding holds and a JSON argument decodes to: `String`, `Option<String>`,
    /// `u64`, `NewTemplate`.
    type Owned;

    /// The held value as the typed method's parameter.
    fn lend(value: &Self::Owned) -> Self::Param<'_>;

    /// The value of JSON argument `name` of `call` (`value` is `None` when the argument is
    /// absent or `null`); a required one missing or an ill-typed one is `InvalidInput`.
    fn from_json(call: &'static str, name: &str, value: Option<&Value>) -> Result<Self::Owned>;
}

/// Text (`string`).
pub struct Text;

/// Text that may be left out (`optional_string`).
pub struct OptionalText;

/// A password (`secret`): text, never logged or kept.
pub struct Secret;

/// A positive id (`id`).
pub struct Id;

/// The type of a table kind (see the [module docs](crate::arg_types)).
#[doc(hidden)]
#[macro_export]
macro_rules! arg_type {
    (string) => {
        $crate::arg_types::Text
    };
    (optional_string) => {
        $crate::arg_types::OptionalText
    };
    (secret) => {
        $crate::arg_types::Secret
    };
    (id) => {
        $crate::arg_types::Id
    };
    ($request:ident) => {
        $crate::models::$request
    };
}

fn invalid(call: &'static str, detail: String) -> Error {
    Error::local(ErrorKind::InvalidInput, Some(call), detail)
}

fn missing(call: &'static str, name: &str) -> Error {
    invalid(call, format!("missing argument {name:?}"))
}

impl ArgType for OptionalText {
    const KIND: ArgKind = ArgKind::OptionalText;
    type Param<'a> = Option<&'a str>;
    type Owned = Option<String>;

    fn lend(value: &Option<String>) -> Option<&str> {
        value.as_deref()
    }

    fn from_json(call: &'static str, name: &str, value: Option<&Value>) -> Result<Option<String>> {
        match value {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(invalid(
                call,
                format!("argument {name:?} must be a string, not {other}"),
            )),
        }
    }
}

impl ArgType for Text {
    const KIND: ArgKind = ArgKind::Text;
    type Param<'a> = &'a str;
    type Owned = String;

    fn lend(value: &String) -> &str {
        value
    }

    fn from_json(call: &'static str, name: &str, value: Option<&Value>) -> Result<String> {
        OptionalText::from_json(call, name, value)?.ok_or_else(|| missing(call, name))
    }
}

impl ArgType for Secret {
    const KIND: ArgKind = ArgKind::Secret;
    type Param<'a> = &'a str;
    type Owned = String;

    fn lend(value: &String) -> &str {
        value
    }

    fn from_json(call: &'static str, name: &str, value: Option<&Value>) -> Result<String> {
        Text::from_json(call, name, value)
    }
}

impl ArgType for Id {
    const KIND: ArgKind = ArgKind::Id;
    type Param<'a> = u64;
    type Owned = u64;

    fn lend(value: &u64) -> u64 {
        *value
    }

    fn from_json(call: &'static str, name: &str, value: Option<&Value>) -> Result<u64> {
        let id = match value.ok_or_else(|| missing(call, name))? {
            Value::Number(number) => number.as_u64(),
            // Shells and captured variables hand ids over as text.
            Value::String(text) => text.trim().parse().ok(),
            _ => None,
        };
        id.ok_or_else(|| {
            invalid(
                call,
                format!("argument {name:?} must be a positive integer"),
            )
        })
    }
}

/// A request struct's JSON argument: an object of its fields (for `fields::request!`'s impls).
pub(crate) fn request_from_json<T: DeserializeOwned>(
    call: &'static str,
    name: &str,
    value: Option<&Value>,
) -> Result<T> {
    let value = value.ok_or_else(|| missing(call, name))?;
    T::deserialize(value).map_err(|e| invalid(call, format!("argument {name:?}: {e}")))
}
