//! The resource objects (`Domains`, `Senders`, ...) and their async methods, one per endpoint,
//! expanded from the core's [`smtpprovider::for_each_endpoint!`] table.
//!
//! Why the macro and not `codegen/`: uniffi reads Rust items, so what has to exist is Rust code,
//! and the table's own macro produces it at compile time with the argument kinds typed by the
//! compiler; a generator would write the same Rust into a checked-in file that then needs a drift
//! check. The Kotlin and Swift are in turn written by uniffi from this library, and
//! `uniffi/kotlin`'s `TableTest` compares the generated Kotlin API with `ENDPOINTS`.
//!
//! Each method takes its arguments as the values their kind's [`ArgType`] holds (`String`,
//! `Option<String>`, `u64`, a request record), lends them (`&str`, records by reference) to the
//! core's method of the same name, runs that on the library's runtime ([`crate::runtime`]) and
//! converts its error; there is nothing else here.

use std::sync::Arc;

use smtpprovider::arg_types::ArgType;
use smtpprovider::models::*;

use crate::client::Client;
use crate::error::SmtpProviderError;

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
                    pub async fn $name(&self, $( $arg: <smtpprovider::arg_type!($kind) as ArgType>::Owned ),*) -> Result<$ret, SmtpProviderError> {
                        let client = self.client.clone();
                        crate::runtime::run(async move {
                            Ok(client.$resource().$name($( <smtpprovider::arg_type!($kind) as ArgType>::lend(&$arg) ),*).await?)
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
