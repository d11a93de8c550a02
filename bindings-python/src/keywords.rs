//! A request struct's fields as Python keyword arguments: `templates.add(name=..., html_body=...)`.
//!
//! The names, kinds and required-ness come from the core's field list of the struct
//! (`smtpprovider::fields`), flattened so that a campaign's content fields (the API's
//! `all_request`) sit beside its other fields, as the `Campaign` result shows them. Every keyword
//! is checked against that list before anything is sent: an unknown or missing one is a
//! `TypeError` worded as Python's own, a value of the wrong type a `TypeError` naming the keyword.
//!
//! Why `**fields` rather than one pyo3 parameter per field: pyo3's signature is fixed when the
//! macro expands, and the field list is data in the core (so that the Node generator reads the
//! same list); the typed parameters live in the stubs, generated from that list. A call has a
//! handful of keywords, so matching them against the list costs nothing next to the request.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyInt, PyString, PyType};
use serde_json::{Map, Value};
use smtpprovider::fields::{flatten, FieldInfo, FieldKind, FlatField};

use crate::errors;

/// The JSON object the keywords describe, nested objects (`all_request`) filled in, ready for
/// the struct's serde `Deserialize`. `None` values count as not given.
pub(crate) fn to_json(
    py: Python<'_>,
    call: &'static str,
    fields: &'static [FieldInfo],
    keywords: Option<&Bound<'_, PyDict>>,
) -> PyResult<Value> {
    let flat = flatten(fields);
    let mut object = Map::new();
    // The nested objects' fields (`all_request`), by object, added to `object` at the end; a
    // required object is sent even when none of its fields is given.
    let mut nested: Vec<(&'static str, Map<String, Value>)> = fields
        .iter()
        .filter(|f| f.required && matches!(f.kind, FieldKind::Object(_)))
        .map(|f| (f.name, Map::new()))
        .collect();
    let mut given = Vec::with_capacity(flat.len());
    for (key, value) in keywords.into_iter().flat_map(|keywords| keywords.iter()) {
        let name = key.cast::<PyString>()?.to_cow()?;
        let Some(field) = flat.iter().find(|f| f.field.name == name) else {
            return Err(PyTypeError::new_err(format!(
                "{call}() got an unexpected keyword argument '{name}'; its fields are {}",
                names(&flat)
            )));
        };
        if value.is_none() {
            continue;
        }
        let json = field_value(py, call, field.field, &value)?;
        let target = match field.within {
            None => &mut object,
            Some(parent) => {
                let index = match nested.iter().position(|(name, _)| *name == parent) {
                    Some(index) => index,
                    None => {
                        nested.push((parent, Map::new()));
                        nested.len() - 1
                    }
                };
                &mut nested[index].1
            }
        };
        target.insert(field.field.name.to_owned(), json);
        given.push(field.field.name);
    }
    let missing: Vec<String> = flat
        .iter()
        .filter(|f| f.required && !given.contains(&f.field.name))
        .map(|f| format!("'{}'", f.field.name))
        .collect();
    if !missing.is_empty() {
        return Err(PyTypeError::new_err(format!(
            "{call}() missing required keyword argument{}: {}",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        )));
    }
    for (parent, fields) in nested {
        object.insert(parent.to_owned(), Value::Object(fields));
    }
    Ok(Value::Object(object))
}

/// The keyword names, for an error message.
fn names(flat: &[FlatField]) -> String {
    let names: Vec<&str> = flat.iter().map(|f| f.field.name).collect();
    names.join(", ")
}

/// One keyword's value as the JSON its field takes.
fn field_value(
    py: Python<'_>,
    call: &'static str,
    field: &FieldInfo,
    value: &Bound<'_, PyAny>,
) -> PyResult<Value> {
    let wrong_type = |expected: &str| -> PyResult<Value> {
        Err(PyTypeError::new_err(format!(
            "{call}() argument '{}' must be {expected}, not {}",
            field.name,
            value.get_type().name()?
        )))
    };
    match field.kind {
        FieldKind::Text => match value.cast::<PyString>() {
            Ok(text) => Ok(Value::String(text.to_cow()?.into_owned())),
            Err(_) => wrong_type("str"),
        },
        FieldKind::DateTime => match value.cast::<PyString>() {
            Ok(text) => Ok(Value::String(text.to_cow()?.into_owned())),
            Err(_) if value.is_instance(datetime_class(py)?)? => {
                Ok(Value::String(api_timestamp(value)?))
            }
            Err(_) => wrong_type("str or datetime"),
        },
        // `True` is an int to Python; as a speed or an id it is a mistake.
        FieldKind::Integer if value.is_instance_of::<PyBool>() => wrong_type("int"),
        FieldKind::Integer => match value.extract::<u64>() {
            Ok(number) => Ok(Value::from(number)),
            Err(_) if value.is_instance_of::<PyInt>() => Err(errors::invalid_input(
                py,
                Some(call),
                format!("{} must be a non-negative integer, not {value}", field.name),
            )),
            Err(_) => wrong_type("int"),
        },
        FieldKind::Bool => match value.cast::<PyBool>() {
            Ok(flag) => Ok(Value::Bool(flag.is_true())),
            Err(_) => wrong_type("bool"),
        },
        // Flattening leaves no object among the keywords; were one added, a mapping is its value.
        FieldKind::Object(_) => pythonize::depythonize(value)
            .map_err(|e| errors::invalid_input(py, Some(call), format!("{}: {e}", field.name))),
    }
}

/// `datetime.datetime`, imported once.
fn datetime_class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    CLASS.import(py, "datetime", "datetime")
}

/// A `datetime` in the API's `Y-m-d H:i:s` form. The API's timestamps carry no zone (they are
/// in the account's timezone), so a naive datetime is sent as it reads, and an aware one is
/// converted to UTC first, the sandbox's zone. Microseconds are dropped: the API has seconds.
fn api_timestamp(value: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = value.py();
    let value = if value.call_method0("utcoffset")?.is_none() {
        value.clone()
    } else {
        static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let utc = UTC.get_or_try_init(py, || {
            Ok::<_, PyErr>(
                py.import("datetime")?
                    .getattr("timezone")?
                    .getattr("utc")?
                    .unbind(),
            )
        })?;
        value.call_method1("astimezone", (utc,))?
    };
    let kwargs = PyDict::new(py);
    kwargs.set_item("microsecond", 0)?;
    kwargs.set_item("tzinfo", py.None())?;
    // `isoformat` pads the year to four digits, which `strftime("%Y")` does not everywhere.
    value
        .call_method("replace", (), Some(&kwargs))?
        .call_method1("isoformat", (" ",))?
        .extract()
}
