//! Python classes for the response models (feature `python`, used by `bindings-python`).
//!
//! `model!` marks each model `#[pyo3::pyclass(frozen, eq)]` and expands [`python_model!`], which
//! gives it a read-only attribute per field, `extra` (unknown fields as a dict), `to_dict()`
//! (the API's JSON shape, as `Serialize` writes it), `__repr__` and `__fields__` (each field's
//! Python type, from [`crate::ModelInfo`]). The classes wrap the Rust values
//! themselves: a 10,000-domain list becomes 10,000 small Python objects without any
//! intermediate JSON tree, and a field is converted only when it is read.

use pyo3::prelude::*;
use pyo3::IntoPyObjectExt;

/// A call's result (a model, or a list of models) on its way to Python, each model object
/// untracked by Python's cycle collector as soon as it is made.
///
/// A model holds Rust values only, never a reference to a Python object, so it cannot be part of
/// a reference cycle. Tracked, the 10,000 objects of a large list each counted towards the
/// collector's thresholds and were scanned by the collections that triggered, including full ones
/// over the whole heap: a fifth of the call's time.
pub struct Untracked<T>(pub T);

/// A new Python object for `model`, untracked (see [`Untracked`]).
pub fn untracked<T>(py: Python<'_>, model: T) -> PyResult<Bound<'_, T>>
where
    T: pyo3::PyClass + Into<pyo3::PyClassInitializer<T>>,
{
    let object = Bound::new(py, model)?;
    // SAFETY: `object` is a live `#[pyclass]` instance, and pyo3 gives every such type
    // `Py_TPFLAGS_HAVE_GC`, which is what `PyObject_GC_UnTrack` needs; a model holds no Python
    // reference, so no cycle can go through it (its `tp_traverse` visits nothing).
    unsafe { pyo3::ffi::PyObject_GC_UnTrack(object.as_ptr().cast()) };
    Ok(object)
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

/// The Python side of a model: attributes, `extra`, `to_dict()`, `__repr__`, `__fields__`, and
/// its conversion as an [`Untracked`] result (alone or in a list).
macro_rules! python_model {
    ($name:ident { $( $(#[doc = $doc:literal])* $field:ident : $ty:ty, )* }) => {
        impl<'py> pyo3::IntoPyObject<'py> for $crate::models::python::Untracked<$name> {
            type Target = $name;
            type Output = pyo3::Bound<'py, $name>;
            type Error = pyo3::PyErr;

            fn into_pyobject(self, py: pyo3::Python<'py>) -> pyo3::PyResult<Self::Output> {
                $crate::models::python::untracked(py, self.0)
            }
        }

        impl<'py> pyo3::IntoPyObject<'py> for $crate::models::python::Untracked<Vec<$name>> {
            type Target = pyo3::types::PyList;
            type Output = pyo3::Bound<'py, pyo3::types::PyList>;
            type Error = pyo3::PyErr;

            fn into_pyobject(self, py: pyo3::Python<'py>) -> pyo3::PyResult<Self::Output> {
                let objects = self
                    .0
                    .into_iter()
                    .map(|model| $crate::models::python::untracked(py, model))
                    .collect::<pyo3::PyResult<Vec<_>>>()?;
                pyo3::types::PyList::new(py, objects)
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

            /// Each field's name and Python type, from the model's field list.
            #[classattr]
            fn __fields__() -> Vec<(&'static str, String)> {
                $name::MODEL.fields.iter().map(|field| (field.name, field.ty.python_name())).collect()
            }
        }
    };
}
