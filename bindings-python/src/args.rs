//! Python arguments as the core's argument kinds (see the grammar in the core's `endpoints`
//! module): `string` and `optional_string` are extracted by pyo3 itself; ids and request objects
//! are converted here, so that a bad value raises `InvalidInputError` naming the call and the
//! argument, as the core's own checks do.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyInt};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use smtpprovider::fields::{fields_of, RequestField};

use crate::{errors, keywords};

/// An `id` argument: a positive integer (the core rejects 0 with its own message).
pub(crate) fn id(
    py: Python<'_>,
    call: &'static str,
    name: &str,
    value: &Bound<'_, PyAny>,
) -> PyResult<u64> {
    match value.extract::<u64>() {
        Ok(id) => Ok(id),
        // A negative or huge int: the same kind of error as an id of 0, not an OverflowError.
        Err(_) if value.is_instance_of::<PyInt>() => Err(errors::invalid_input(
            py,
            Some(call),
            format!("{name} must be a positive integer, not {value}"),
        )),
        Err(not_an_int) => Err(not_an_int),
    }
}

/// A request-object argument (`NewTemplate`, `CampaignChanges`, ...): the struct's fields as
/// keywords (`keywords.rs`), or, the alternative, one mapping shaped as the `TypedDict`s in
/// `smtpprovider.types` describe. Not both: which fields would win is no question to answer.
pub(crate) fn request<T>(
    py: Python<'_>,
    call: &'static str,
    name: &str,
    mapping: Option<&Bound<'_, PyAny>>,
    keywords: Option<&Bound<'_, PyDict>>,
) -> PyResult<T>
where
    T: DeserializeOwned + Serialize + RequestField,
{
    let has_keywords = keywords.is_some_and(|keywords| !keywords.is_empty());
    match mapping.filter(|mapping| !mapping.is_none()) {
        Some(_) if has_keywords => Err(PyTypeError::new_err(format!(
            "{call}() takes its fields as keywords or as one mapping ({name}), not both"
        ))),
        Some(mapping) => from_mapping(py, call, name, mapping),
        None => {
            let json = keywords::to_json(py, call, fields_of::<T>(), keywords)?;
            T::deserialize(&json).map_err(|e| errors::invalid_input(py, Some(call), e.to_string()))
        }
    }
}

/// A request object given as one mapping.
///
/// A key the struct does not have is refused rather than ignored, so that a misspelt optional
/// field (`"begins"` for `"begins_at"`) is an error instead of a silently different campaign.
/// Request objects are small; going through `serde_json::Value` here costs nothing measurable.
fn from_mapping<T>(
    py: Python<'_>,
    call: &'static str,
    name: &str,
    value: &Bound<'_, PyAny>,
) -> PyResult<T>
where
    T: DeserializeOwned + Serialize,
{
    let invalid = |detail: String| {
        errors::invalid_input(py, Some(call), format!("argument {name:?}: {detail}"))
    };
    let given: Value = pythonize::depythonize(value).map_err(|e| invalid(e.to_string()))?;
    if !given.is_object() {
        return Err(invalid(format!(
            "expected a mapping, not {}",
            value.get_type().name()?
        )));
    }
    let parsed = T::deserialize(&given).map_err(|e| invalid(e.to_string()))?;
    let understood = serde_json::to_value(&parsed).map_err(|e| invalid(e.to_string()))?;
    if let Some(unknown) = unknown_key(&given, &understood, "") {
        return Err(invalid(format!("unknown field {unknown:?}")));
    }
    Ok(parsed)
}

/// The first key of `given` (with a non-null value) that `understood` lacks, as a dotted path.
fn unknown_key(given: &Value, understood: &Value, prefix: &str) -> Option<String> {
    let (Value::Object(given), Value::Object(understood)) = (given, understood) else {
        return None;
    };
    given
        .iter()
        .filter(|(_, value)| !value.is_null())
        .find_map(|(key, value)| match understood.get(key) {
            None => Some(format!("{prefix}{key}")),
            Some(known) => unknown_key(value, known, &format!("{prefix}{key}.")),
        })
}
