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

/// One endpoint's call from its arguments, in scope under their table names: each argument
/// checked (returning `InvalidInput` early, before anything is sent), then put in the request
/// under its wire name. The typed methods (`client.rs`) and the calls named at run time
/// (`json_calls.rs`) both build their calls with it, so the two make the same request.
macro_rules! build_call {
    ($resource:ident, $name:ident,
     ( $( $arg:ident : $kind:ident $([$($check:tt)+])? => $wire:tt ),* ) -> $ret:ty,
     $method:ident, $path:literal, $data:tt, $idem:literal, [$($doc:literal)+]) => {{
        const INFO: EndpointInfo = $crate::endpoint_info!(
            $resource, $name, ( $( $arg : $kind $([$($check)+])? => $wire ),* ) -> $ret,
            $method, $path, $data, $idem, true, [$($doc)+]);
        $( check_arg!(INFO.id, $arg, $kind $(, $($check)+)?); )*
        #[allow(unused_mut)]
        let mut call = Call::new(&INFO);
        $( add_arg!(call, $arg, $kind, $wire); )*
        call
    }};
}
