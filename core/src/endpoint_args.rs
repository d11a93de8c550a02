//! Helper macros the expansions of the endpoint table share (`client.rs`, `blocking.rs`,
//! `json_calls.rs`): the Rust type of each argument kind, and a call built from its arguments
//! (checked and placed by `call::Param`, as each argument's row of the table says).

/// The Rust parameter type of an argument kind.
macro_rules! arg_type {
    (string) => { &str };
    (optional_string) => { Option<&str> };
    (id) => { u64 };
    ($request:ident) => { &$request };
}

/// One endpoint's call from its arguments, in scope under their table names: each argument
/// checked (returning `InvalidInput` early, before anything is sent) and put in the request as
/// its row of the table says. The typed methods (`client.rs`) and the calls named at run time
/// (`json_calls.rs`) both build their calls with it, so the two make the same request.
macro_rules! build_call {
    ($resource:ident, $name:ident,
     ( $( $arg:ident : $kind:ident $([$($check:tt)+])? => $wire:tt ),* ) -> $ret:ty,
     $method:ident, $path:literal, $data:tt, $idem:literal, [$($doc:literal)+]) => {{
        const INFO: EndpointInfo = $crate::endpoint_info!(
            $resource, $name, ( $( $arg : $kind $([$($check)+])? => $wire ),* ) -> $ret,
            $method, $path, $data, $idem, true, [$($doc)+]);
        #[allow(unused_mut)]
        let mut call = Call::new(&INFO);
        // `endpoint_info!` made one row per argument, in the same order.
        #[allow(unused_mut, unused_variables)]
        let mut rows = INFO.args.iter();
        $( $crate::call::Param::add_to($arg, &mut call, rows.next().expect("a row per argument"))?; )*
        call
    }};
}
