//! Helper macros the expansions of the endpoint table share (`client.rs`, `blocking.rs`,
//! `json_calls.rs`): the Rust type of each argument kind, the resource handles of both clients,
//! and a call built from its arguments (checked and placed by `call::Param`, as each argument's
//! row of the table says).

/// The typed methods' parameter type of an argument kind: the kind's `ArgType::Param`, spelled
/// out so that rustdoc and editors show `&str` rather than a projection (`build_call!` makes the
/// compiler check that the two agree).
macro_rules! param_type {
    (string) => { &str };
    (optional_string) => { Option<&str> };
    (id) => { u64 };
    ($request:ident) => { &$request };
}

/// One endpoint's call from its row's [`EndpointInfo`](crate::EndpointInfo) block and its
/// arguments, in scope under their table names: each argument checked (returning `InvalidInput`
/// early, before anything is sent) and put in the request as its row of the table says. The
/// typed methods (`client.rs`) and the calls named at run time (`json_calls.rs`) both build their
/// calls with it, so the two make the same request.
macro_rules! build_call {
    ($info:block, $($arg:ident : $kind:ident),*) => {{
        const INFO: $crate::EndpointInfo = $info;
        #[allow(unused_mut)]
        let mut call = $crate::call::Call::new(&INFO);
        // `endpoint_info!` made one row per argument, in the same order.
        #[allow(unused_mut, unused_variables)]
        let mut rows = INFO.args.iter();
        $(
            // The kind's `ArgType::Param`: the one `param_type!` spells out for the methods.
            let $arg: <$crate::arg_type!($kind) as $crate::arg_types::ArgType>::Param<'_> = $arg;
            $crate::call::Param::add_to($arg, &mut call, rows.next().expect("a row per argument"))?;
        )*
        call
    }};
}

/// The resource handles (`Domains`, ...) of a client, their accessors (`client.domains()`) and a
/// method per call, for the async client (`client.rs`, flavor `async`) and the blocking one
/// (`blocking.rs`, flavor `blocking`) alike: the two differ only in a method's body
/// ([`handle_method!`]) and the async handles' examples. `Client` is the invoking module's.
macro_rules! define_resource_handles {
    ($flavor:ident; login $login:tt $( resource $resource:ident $Resource:ident [$(#[doc = $rdoc:literal])*] {
        $( $name:ident [$(#[doc = $doc:literal])+] ($($arg:ident : $kind:ident),*) -> $ret:ty, $method:ident $path:literal, $info:block; )*
    } )*) => {
        $(
            $(#[doc = $rdoc])*
            #[doc = resource_example!($flavor $resource)]
            #[derive(Debug, Clone, Copy)]
            pub struct $Resource<'a> {
                client: &'a Client,
            }

            impl Client {
                $(#[doc = $rdoc])*
                pub fn $resource(&self) -> $Resource<'_> {
                    $Resource { client: self }
                }
            }

            impl<'a> $Resource<'a> {
                $(
                    handle_method!($flavor $resource $name
                        [$(#[doc = $doc])+ #[doc = ""] #[doc = concat!("`", stringify!($method), " ", $path, "`")]]
                        ($($arg: $kind),*) -> $ret, $info);
                )*
            }
        )*
    };
}

/// One method of a resource handle: the async one builds and executes its call; the blocking one
/// runs the async method of the same name on the blocking runtime.
macro_rules! handle_method {
    (async $resource:ident $name:ident [$(#[$doc:meta])+] ($($arg:ident : $kind:ident),*) -> $ret:ty, $info:block) => {
        $(#[$doc])+
        pub async fn $name(&self, $($arg: param_type!($kind)),*) -> Result<$ret> {
            let call = build_call!($info, $($arg: $kind),*);
            self.client.execute::<$ret>(call).await
        }
    };
    (blocking $resource:ident $name:ident [$(#[$doc:meta])+] ($($arg:ident : $kind:ident),*) -> $ret:ty, $info:block) => {
        $(#[$doc])+
        pub fn $name(&self, $($arg: param_type!($kind)),*) -> Result<$ret> {
            run(self.client.inner.$resource().$name($($arg),*))
        }
    };
}
