//! Helper macros the expansions of the endpoint table share (`client.rs`, `blocking.rs`): the Rust
//! type of each argument kind, its check before sending, and where it goes in the request.

/// The Rust parameter type of an argument kind.
macro_rules! arg_type {
    (string) => { &str };
    (optional_string) => { Option<&str> };
    (id) => { u64 };
    ($request:ident) => { &$request };
}

/// Validates one argument; returns early with `InvalidInput` (nothing is sent).
macro_rules! check_arg {
    ($endpoint:expr, $arg:ident, string, hostname) => {
        $crate::validate::hostname($endpoint, stringify!($arg), $arg)?
    };
    ($endpoint:expr, $arg:ident, string, email) => {
        $crate::validate::email($endpoint, stringify!($arg), $arg)?
    };
    ($endpoint:expr, $arg:ident, string, non_empty) => {
        $crate::validate::non_empty($endpoint, stringify!($arg), $arg)?
    };
    ($endpoint:expr, $arg:ident, optional_string, non_empty) => {
        if let Some(value) = $arg {
            $crate::validate::non_empty($endpoint, stringify!($arg), value)?
        }
    };
    ($endpoint:expr, $arg:ident, optional_string, required_with $other:ident) => {
        $crate::validate::required_with(
            $endpoint,
            stringify!($arg),
            $arg,
            stringify!($other),
            $other,
        )?
    };
    ($endpoint:expr, $arg:ident, id) => {
        $crate::validate::positive_id($endpoint, stringify!($arg), $arg)?
    };
    ($endpoint:expr, $arg:ident, $request:ident) => {
        $crate::validate::Validate::validate($arg, $endpoint)?
    };
}

/// Adds one argument to the call under the name the API knows it by.
macro_rules! add_arg {
    ($call:ident, $arg:ident, string, $wire:literal) => {
        $call.text($wire, $arg)
    };
    ($call:ident, $arg:ident, optional_string, $wire:literal) => {
        if let Some(value) = $arg {
            $call.text($wire, value)
        }
    };
    ($call:ident, $arg:ident, id, $wire:literal) => {
        $call.id($wire, $arg)
    };
    ($call:ident, $arg:ident, $request:ident, flatten) => {
        $call.flatten($arg)?
    };
}
