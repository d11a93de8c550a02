//! Python classes for the response models (feature `python`, used by `bindings-python`).
//!
//! `model!` marks each model `#[pyo3::pyclass(frozen, eq)]` and expands [`python_model!`], which
//! gives it a read-only attribute per field, `extra` (unknown fields as a dict), `to_dict()`
//! (the API's JSON shape, as `Serialize` writes it), `__repr__` and `__fields__` (each field's
//! Python type, which the binding's stub generator reads). The classes wrap the Rust values
//! themselves: a 10,000-domain list becomes 10,000 small Python objects without any
//! intermediate JSON tree, and a field is converted only when it is read.

use pyo3::prelude::*;
use pyo3::IntoPyObjectExt;

/// The Python type of a field, as written in a `.pyi` stub.
pub trait PyTypeName {
    /// E.g. `int`, `str | None`, `list[Template]`.
    fn py_type_name() -> String;
}

impl PyTypeName for u64 {
    fn py_type_name() -> String {
        "int".into()
    }
}

impl PyTypeName for String {
    fn py_type_name() -> String {
        "str".into()
    }
}

impl PyTypeName for bool {
    fn py_type_name() -> String {
        "bool".into()
    }
}

impl<T: PyTypeName> PyTypeName for Option<T> {
    fn py_type_name() -> String {
        format!("{} | None", T::py_type_name())
    }
}

impl<T: PyTypeName> PyTypeName for Vec<T> {
    fn py_type_name() -> String {
        format!("list[{}]", T::py_type_name())
    }
}

/// `repr()` of one field value.
pub fn repr_value<'py, T>(py: Python<'py>, value: &T) -> PyResult<String>
where
    T: Clone + IntoPyObject<'py>,
{
    Ok(value.clone().into_bound_py_any(py)?.repr()?.to_string())
}

/// `repr()` of JSON values (`extra`) as Python objects.
pub fn repr_json<T: serde::Serialize>(py: Python<'_>, value: &T) -> PyResult<String> {
    Ok(pythonize::pythonize(py, value)?.repr()?.to_string())
}

/// The Python side of a model: attributes, `extra`, `to_dict()`, `__repr__`, `__fields__`.
macro_rules! python_model {
    ($name:ident { $( $(#[doc = $doc:literal])* $field:ident : $ty:ty, )* }) => {
        impl $crate::models::python::PyTypeName for $name {
            fn py_type_name() -> String {
                stringify!($name).into()
            }
        }

        #[pyo3::pymethods]
        impl $name {
            $(
                $(#[doc = $doc])*
                #[getter]
                // Getters are named after their fields, `from_email` included.
                #[allow(clippy::wrong_self_convention)]
                fn $field(&self) -> $ty {
                    self.$field.clone()
                }
            )*

            /// Fields the API sent that the SDK does not model, as a dict of JSON values.
            #[getter]
            fn extra<'py>(&self, py: pyo3::Python<'py>) -> pyo3::PyResult<pyo3::Bound<'py, pyo3::PyAny>> {
                Ok(pythonize::pythonize(py, &self.extra)?)
            }

            /// The model as the API's JSON: its key names (`"success"` for `verified`, ...),
            /// unknown fields included.
            fn to_dict<'py>(&self, py: pyo3::Python<'py>) -> pyo3::PyResult<pyo3::Bound<'py, pyo3::PyAny>> {
                Ok(pythonize::pythonize(py, self)?)
            }

            fn __repr__(&self, py: pyo3::Python<'_>) -> pyo3::PyResult<String> {
                #[allow(unused_mut)]
                let mut parts: Vec<String> = Vec::new();
                $( parts.push(format!("{}={}", stringify!($field), $crate::models::python::repr_value(py, &self.$field)?)); )*
                if !self.extra.is_empty() {
                    parts.push(format!("extra={}", $crate::models::python::repr_json(py, &self.extra)?));
                }
                Ok(format!("{}({})", stringify!($name), parts.join(", ")))
            }

            /// Each field's name and Python type (the stub generator reads this).
            #[classattr]
            fn __fields__() -> Vec<(&'static str, String)> {
                vec![$( (stringify!($field), <$ty as $crate::models::python::PyTypeName>::py_type_name()), )*]
            }
        }
    };
}
