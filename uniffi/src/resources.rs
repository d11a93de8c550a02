//! The resource objects (`Domains`, `Senders`, ...) and their async methods, one per endpoint,
//! expanded from the core's [`smtpprovider::for_each_endpoint!`] table.
//!
//! Why the macro and not `codegen/`: uniffi reads Rust items, so what has to exist is Rust code,
//! and the table's own macro produces it at compile time with the argument kinds typed by the
//! compiler; a generator would write the same Rust into a checked-in file that then needs a drift
//! check. The Kotlin and Swift are in turn written by uniffi from this library, and
//! `uniffi/kotlin`'s `TableTest` compares the generated Kotlin API with `ENDPOINTS`.
//!
//! Each method lends its arguments to the core's method as the core's [`smtpprovider::CallArg`]
//! says (Kotlin/Swift `String` as `&str`, records by reference), calls the core's method of the same name on the library's runtime ([`crate::runtime`]) and
//! converts its error; there is nothing else here.

use std::sync::Arc;

use smtpprovider::models::*;

use crate::client::Client;
use crate::error::SmtpProviderError;

/// The foreign-facing type of an argument kind.
macro_rules! ffi_arg_type {
    (string) => { String };
    (optional_string) => { Option<String> };
    (id) => { u64 };
    ($request:ident) => { $request };
}

macro_rules! define_ffi_resources {
    (login $login:tt $( resource $resource:ident $Resource:ident [$(#[doc = $rdoc:literal])*] {
        $( $name:ident [$(#[doc = $doc:literal])+] ($($arg:ident : $kind:ident),*) -> $ret:ty, $method:ident $path:literal, $info:block; )*
    } )*) => {
        $(
            $(#[doc = $rdoc])*
            #[derive(uniffi::Object)]
            pub struct $Resource {
                pub(crate) client: smtpprovider::Client,
            }

            #[uniffi::export(async_runtime = "tokio")]
            impl $Resource {
                $(
                    $(#[doc = $doc])+
                    pub async fn $name(&self, $( $arg: ffi_arg_type!($kind) ),*) -> Result<$ret, SmtpProviderError> {
                        let client = self.client.clone();
                        crate::runtime::run(async move {
                            Ok(client.$resource().$name($( smtpprovider::CallArg::as_param(&$arg) ),*).await?)
                        })
                        .await
                    }
                )*
            }
        )*

        #[uniffi::export]
        impl Client {
            $(
                $(#[doc = $rdoc])*
                pub fn $resource(&self) -> Arc<$Resource> {
                    Arc::new($Resource { client: self.inner.clone() })
                }
            )*
        }
    };
}

smtpprovider::for_each_endpoint!(define_ffi_resources);
