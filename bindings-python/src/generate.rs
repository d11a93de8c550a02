//! The Python methods, generated from the core's endpoint table (`smtpprovider::for_each_endpoint!`).
//!
//! `client.rs` expands the table with [`blocking_resources!`] and `async_client.rs` with
//! [`asyncio_resources!`]. Each resource of the table (`domains Domains { ... }`) becomes a
//! Python class (`Domains`, `AsyncDomains`) whose methods are the resource's calls, and a base
//! class (`_ClientBase`, `_AsyncClientBase`) gets one attribute per resource (`client.domains`).
//! The hand-written `Client` and `AsyncClient` extend those bases with constructors and settings.
//!
//! pyo3's `#[pymethods]` must see every method of a class in one block, fully formed, so the
//! Python signature of each call (`subject=None` for an optional argument) is worked out first by
//! a token muncher (`resource_class!`), and the whole block is emitted at the end, with any
//! helper methods the resource has beyond the table spliced in (`helpers.rs`).
//!
//! Argument kinds (the table's grammar) become:
//!
//! | kind | Python parameter | passed to the core as |
//! |---|---|---|
//! | `string` | `str` | `&str` |
//! | `optional_string` | `str \| None = None` | `Option<&str>` |
//! | `id` | `int` (a bad one is `InvalidInputError`) | `u64` |
//! | a request struct | its fields as keywords (`**fields`), or one mapping of them | `&NewTemplate`, ... |
//!
//! A request struct's keywords are checked against the core's field list of the struct
//! (`keywords.rs`); the stubs spell them out, typed, from the same list.

/// Converts one Python argument to the core's type (ids and request objects; strings are
/// extracted by pyo3 itself). `$fields` is the call's `**fields`, which only a request uses.
macro_rules! convert_arg {
    ($py:ident, $call:ident, $arg:ident, string, $fields:ident) => {
        $arg
    };
    ($py:ident, $call:ident, $arg:ident, optional_string, $fields:ident) => {
        $arg
    };
    ($py:ident, $call:ident, $arg:ident, id, $fields:ident) => {
        $crate::args::id($py, $call, stringify!($arg), $arg)?
    };
    ($py:ident, $call:ident, $arg:ident, $request:ident, $fields:ident) => {
        $crate::args::request::<smtpprovider::$request>(
            $py,
            $call,
            stringify!($arg),
            $arg,
            $fields,
        )?
    };
}

/// The table callback for the blocking client.
macro_rules! blocking_resources {
    ($($table:tt)*) => { expand_table! { blocking; $($table)* } };
}

/// The table callback for the asyncio client.
macro_rules! asyncio_resources {
    ($($table:tt)*) => { expand_table! { asyncio; $($table)* } };
}

/// One resource class per resource, and the base class with an attribute per resource.
macro_rules! expand_table {
    ($flavor:ident; login $login:tt $( resource $resource:ident $Resource:ident [$(#[doc = $rdoc:literal])*] { $($calls:tt)* } )*) => {
        $( resource_class! { $flavor $resource $Resource [$($rdoc)*] [] $($calls)* } )*
        base_class! { $flavor $($resource $Resource [$($rdoc)*])* }
    };
}

/// Munches a resource's calls one by one, working out each call's Python signature and parameter
/// types, then hands the finished list to `with_helpers!` (and so to `emit_resource!`).
macro_rules! resource_class {
    // The next call: start on its arguments, keeping the (name, kind) list for the body. The
    // `fields` written here names the `**fields` parameter of a request both in the parameter
    // list and in the body (macro hygiene lets a local be named only by tokens of one origin).
    (
        $flavor:ident $resource:ident $Resource:ident [$($rdoc:literal)*] [$($done:tt)*]
        $name:ident [$(#[doc = $doc:literal])+] ($($arg:ident : $kind:ident),*) -> $ret:ty, $method:ident $path:literal, $info:block;
        $($rest:tt)*
    ) => {
        resource_class! { @args $flavor $resource $Resource [$($rdoc)*] [$($done)*]
            { [$($doc)+] $name [$ret] [$($arg $kind)*] fields } fields [] [] [$($arg $kind)*] $($rest)* }
    };
    // An optional argument defaults to None.
    (
        @args $flavor:ident $resource:ident $Resource:ident [$($rdoc:literal)*] [$($done:tt)*] { $($call:tt)* } $fields:ident
        [$($sig:tt)*] [$($param:tt)*] [$arg:ident optional_string $($more:tt)*] $($rest:tt)*
    ) => {
        resource_class! { @args $flavor $resource $Resource [$($rdoc)*] [$($done)*] { $($call)* } $fields
            [$($sig)* $arg = None,] [$($param)* $arg: Option<String>,] [$($more)*] $($rest)* }
    };
    (
        @args $flavor:ident $resource:ident $Resource:ident [$($rdoc:literal)*] [$($done:tt)*] { $($call:tt)* } $fields:ident
        [$($sig:tt)*] [$($param:tt)*] [$arg:ident string $($more:tt)*] $($rest:tt)*
    ) => {
        resource_class! { @args $flavor $resource $Resource [$($rdoc)*] [$($done)*] { $($call)* } $fields
            [$($sig)* $arg,] [$($param)* $arg: String,] [$($more)*] $($rest)* }
    };
    // Ids arrive as Python objects and are converted in the body.
    (
        @args $flavor:ident $resource:ident $Resource:ident [$($rdoc:literal)*] [$($done:tt)*] { $($call:tt)* } $fields:ident
        [$($sig:tt)*] [$($param:tt)*] [$arg:ident id $($more:tt)*] $($rest:tt)*
    ) => {
        resource_class! { @args $flavor $resource $Resource [$($rdoc)*] [$($done)*] { $($call)* } $fields
            [$($sig)* $arg,] [$($param)* $arg: &Bound<'_, PyAny>,] [$($more)*] $($rest)* }
    };
    // A request struct: its fields as keywords, or (the alternative) one mapping of them. The
    // table puts a request last, so `**fields` ends the signature.
    (
        @args $flavor:ident $resource:ident $Resource:ident [$($rdoc:literal)*] [$($done:tt)*] { $($call:tt)* } $fields:ident
        [$($sig:tt)*] [$($param:tt)*] [$arg:ident $request:ident] $($rest:tt)*
    ) => {
        resource_class! { @args $flavor $resource $Resource [$($rdoc)*] [$($done)*] { $($call)* } $fields
            [$($sig)* $arg = None, **$fields] [$($param)* $arg: Option<&Bound<'_, PyAny>>, $fields: Option<&Bound<'_, pyo3::types::PyDict>>,] [] $($rest)* }
    };
    // Every argument done: file the call.
    (
        @args $flavor:ident $resource:ident $Resource:ident [$($rdoc:literal)*] [$($done:tt)*] { $($call:tt)* } $fields:ident
        [$($sig:tt)*] [$($param:tt)*] [] $($rest:tt)*
    ) => {
        resource_class! { $flavor $resource $Resource [$($rdoc)*] [$($done)* { $($call)* [$($sig)*] [$($param)*] }] $($rest)* }
    };
    // Every call done: add the resource's helper methods, if it has any (`helpers.rs`).
    ($flavor:ident $resource:ident $Resource:ident [$($rdoc:literal)*] [$($done:tt)*]) => {
        with_helpers! { $flavor $resource $Resource [$($rdoc)*] $($done)* }
    };
}

/// The resource class and its methods, for one flavor.
macro_rules! emit_resource {
    (
        blocking $resource:ident $Resource:ident [$($rdoc:literal)*] { $($helpers:tt)* }
        $( { [$($doc:literal)+] $name:ident [$ret:ty] [$($arg:ident $kind:ident)*] $fields:ident [$($sig:tt)*] [$($param:tt)*] } )*
    ) => {
        $(#[doc = $rdoc])*
        #[pyclass(module = "smtpprovider._native", frozen)]
        pub(crate) struct $Resource {
            client: Py<ClientBase>,
        }

        #[pymethods]
        impl $Resource {
            $(
                $(#[doc = $doc])+
                #[pyo3(signature = ($($sig)*))]
                #[allow(unused_variables, dead_code)]
                fn $name(&self, py: Python<'_>, $($param)*) -> PyResult<smtpprovider::models::python::Untracked<$ret>> {
                    const CALL: &str = concat!(stringify!($resource), ".", stringify!($name));
                    $( let $arg = convert_arg!(py, CALL, $arg, $kind, $fields); )*
                    let client = self.client.bind(py).borrow_mut().connection.current(py)?;
                    $crate::logging::refresh(py);
                    let result = $crate::runtime::block_on(py, async move {
                        client.$resource().$name($(<smtpprovider::arg_type!($kind) as smtpprovider::arg_types::ArgType>::lend(&$arg)),*).await
                    })?;
                    result.map(smtpprovider::models::python::Untracked).map_err(|error| $crate::errors::to_py(py, &error))
                }
            )*

            $($helpers)*

            fn __repr__(&self) -> &'static str {
                concat!("<smtpprovider ", stringify!($resource), ">")
            }
        }
    };
    (
        asyncio $resource:ident $Resource:ident [$($rdoc:literal)*] { $($helpers:tt)* }
        $( { [$($doc:literal)+] $name:ident [$ret:ty] [$($arg:ident $kind:ident)*] $fields:ident [$($sig:tt)*] [$($param:tt)*] } )*
    ) => {
        pastey::paste! {
            $(#[doc = $rdoc])*
            #[doc = ""]
            #[doc = "Every method returns a coroutine."]
            #[pyclass(module = "smtpprovider._native", frozen)]
            pub(crate) struct [<Async $Resource>] {
                client: Py<AsyncClientBase>,
            }

            #[pymethods]
            impl [<Async $Resource>] {
                $(
                    $(#[doc = $doc])+
                    #[pyo3(signature = ($($sig)*))]
                    #[allow(unused_variables, dead_code)]
                    fn $name<'py>(&self, py: Python<'py>, $($param)*) -> PyResult<Bound<'py, PyAny>> {
                        const CALL: &str = concat!(stringify!($resource), ".", stringify!($name));
                        $( let $arg = convert_arg!(py, CALL, $arg, $kind, $fields); )*
                        let client = self.client.bind(py).borrow_mut().connection.current(py)?;
                        $crate::logging::refresh(py);
                        $crate::aio::coroutine(py, CALL, move || async move {
                            let result: smtpprovider::Result<$ret> = client.$resource().$name($(<smtpprovider::arg_type!($kind) as smtpprovider::arg_types::ArgType>::lend(&$arg)),*).await;
                            $crate::reply::Reply(result.map(smtpprovider::models::python::Untracked))
                        })
                    }
                )*

                $($helpers)*

                fn __repr__(&self) -> &'static str {
                    concat!("<smtpprovider async ", stringify!($resource), ">")
                }
            }
        }
    };
}

/// The client base class of a flavor: the connection, one attribute per resource, and the
/// session accessors both `Client` and `AsyncClient` share.
macro_rules! base_class {
    (blocking $($resource:ident $Resource:ident [$($rdoc:literal)*])*) => {
        base_class! { @emit ClientBase "_ClientBase" "What `Client` is built on: the connection, the session and one attribute per resource of the table.";
            $($resource $Resource [$($rdoc)*])* }
    };
    (asyncio $($resource:ident $Resource:ident [$($rdoc:literal)*])*) => {
        pastey::paste! {
            base_class! { @emit AsyncClientBase "_AsyncClientBase" "What `AsyncClient` is built on: the connection, the session and one attribute per resource of the table.";
                $($resource [<Async $Resource>] [$($rdoc)*])* }
        }
    };
    (@emit $Base:ident $python_name:literal $doc:literal; $($resource:ident $Class:ident [$($rdoc:literal)*])*) => {
        #[doc = $doc]
        #[pyclass(module = "smtpprovider._native", name = $python_name, subclass)]
        pub(crate) struct $Base {
            pub(crate) connection: $crate::connection::Connection,
        }

        #[pymethods]
        impl $Base {
            $(
                $(#[doc = $rdoc])*
                #[getter]
                fn $resource(slf: Py<Self>) -> $Class {
                    $Class { client: slf }
                }
            )*

            /// The base URL calls go to; `None` once closed.
            #[getter]
            fn base_url(&self) -> Option<String> {
                $crate::construct::base_url(&self.connection)
            }

            /// The session's user id, sent with every call.
            #[getter]
            fn user_id(&self) -> Option<u64> {
                $crate::construct::user_id(&self.connection)
            }

            /// The bearer token, to save for a new client (`token=..., user_id=...`). Keep it secret.
            #[getter]
            fn token(&self) -> Option<String> {
                $crate::construct::token(&self.connection)
            }

            /// The logged-in user, when the client was made by `login`.
            #[getter]
            fn user(&self) -> Option<smtpprovider::User> {
                $crate::construct::user(&self.connection)
            }

            /// The rate limit as the token last knew it (every client of the token in the
            /// process shares it): `limit`, `remaining`, `reset`; `None` before an answer carried
            /// the API's rate-limit headers, or with `pace_requests=False`.
            #[getter]
            fn rate_limit(&self) -> Option<$crate::rate_limit::RateLimit> {
                $crate::construct::rate_limit(&self.connection)
            }

            /// What the server said to the last call made through this client that got an
            /// answer: `endpoint`, `status`, `headers`, `rate_limit`; `None` before any. A
            /// client from `with_options()` keeps its own, for reading one call's answer among
            /// many made at once.
            #[getter]
            fn last_response(&self) -> Option<$crate::response_info::ResponseInfo> {
                $crate::construct::last_response(&self.connection)
            }

            /// Releases the connection pool; later calls raise `InvalidInputError`.
            fn close(&mut self) {
                self.connection.close();
            }
        }

        /// Adds the base and the resource classes to the module.
        pub(crate) fn register_resources(module: &Bound<'_, PyModule>) -> PyResult<()> {
            module.add_class::<$Base>()?;
            $( module.add_class::<$Class>()?; )*
            Ok(())
        }
    };
}
