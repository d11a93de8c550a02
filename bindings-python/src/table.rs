//! `smtpprovider.ENDPOINTS`: the core's endpoint table as Python objects, with each call's
//! arguments and result type, read from the core's run-time table (`smtpprovider::ENDPOINTS`,
//! made from the same `for_each_endpoint!` table the methods are generated from). The test
//! suite compares the clients' methods with it, and the request structs' keyword arguments with
//! [`request_fields`]. (The `.pyi` stubs are written from the core's tables by `codegen/`.)

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

/// One call of the API.
#[pyclass(module = "smtpprovider", frozen, get_all)]
#[derive(Clone)]
pub(crate) struct Endpoint {
    /// `resource.call`, e.g. `domains.add`; `client.login` for the token endpoint.
    id: &'static str,
    /// The client attribute, e.g. `domains` (`client` for login).
    resource: &'static str,
    /// The method's name, e.g. `add`.
    name: &'static str,
    /// `GET` or `POST`.
    method: &'static str,
    /// The path relative to the base URL, e.g. `/v1/smtp-domain-add`.
    path: &'static str,
    /// Whether the call sends the token and `user_id`.
    authenticated: bool,
    /// The key of the answer's `data` holding the result; `None` for all of `data`.
    data_key: Option<&'static str>,
    /// Whether repeating the call is harmless (so it is retried freely).
    idempotent: bool,
    /// What the call does.
    doc: &'static str,
    /// The arguments as `(name, kind)`: kinds `string`, `optional_string`, `id`, or a request
    /// type's name (`NewTemplate`).
    args: Vec<(&'static str, &'static str)>,
    /// The result type as the core declares it, e.g. `Vec<Domain>`.
    returns: String,
}

#[pymethods]
impl Endpoint {
    fn __repr__(&self) -> String {
        format!("Endpoint({} {} {})", self.id, self.method, self.path)
    }
}

/// Every endpoint, in the order of the core's `ENDPOINTS`.
pub(crate) fn endpoints() -> Vec<Endpoint> {
    smtpprovider::ENDPOINTS
        .iter()
        .map(|info| Endpoint {
            id: info.id,
            resource: info.resource,
            name: info.name,
            method: info.method.as_str(),
            path: info.path,
            authenticated: info.authenticated,
            data_key: info.data_key,
            idempotent: info.idempotent,
            doc: info.doc,
            args: info
                .args
                .iter()
                .map(|arg| (arg.name, arg.kind.as_str()))
                .collect(),
            returns: info.returns.rust_name(),
        })
        .collect()
}

/// `smtpprovider.REQUEST_FIELDS`: each request struct's keyword arguments, from the core's field
/// lists (`smtpprovider::fields`), flattened as the methods take them: name to a tuple of
/// `(keyword, kind, required, doc)`, kinds `text`, `integer`, `bool` and `datetime`.
pub(crate) fn request_fields(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let requests = PyDict::new(py);
    for request in smtpprovider::REQUESTS {
        let keywords: Vec<(&str, &str, bool, &str)> = smtpprovider::fields::flatten(request.fields)
            .iter()
            .map(|flat| {
                (
                    flat.field.name,
                    flat.field.kind.as_str(),
                    flat.required,
                    flat.field.doc,
                )
            })
            .collect();
        requests.set_item(request.name, PyTuple::new(py, keywords)?)?;
    }
    Ok(requests)
}
