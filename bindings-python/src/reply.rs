//! [`Reply`]: a core call's result on its way to Python.
//!
//! An async call finishes on a tokio thread that does not hold the GIL, and building a Python
//! exception needs it. The asyncio bridge (`aio.rs`) converts a call's output to Python on the
//! event loop's thread, so the call returns a `Reply` and that conversion does both: the models
//! become Python objects, or the error becomes its exception.

use pyo3::prelude::*;
use pyo3::IntoPyObjectExt;

use crate::errors;

/// A core result, converted to Python (value or exception) only once the GIL is held.
pub(crate) struct Reply<T>(pub(crate) smtpprovider::Result<T>);

impl<'py, T> IntoPyObject<'py> for Reply<T>
where
    T: IntoPyObject<'py>,
{
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        match self.0 {
            Ok(value) => value.into_bound_py_any(py),
            Err(error) => Err(errors::to_py(py, &error)),
        }
    }
}
