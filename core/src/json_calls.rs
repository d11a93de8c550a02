//! Calls named at run time, with JSON in and out: `client.call_json("domains.add", &args)`.
//!
//! For callers that only know a call by its table id — the CLI, the shared scenario runner
//! (`tests/scenarios`), bindings that pass JSON across. The dispatcher is generated from the
//! endpoint table like the typed clients, so it cannot miss or misname a call; each arm decodes
//! the arguments and builds the call with the typed method's own `build_call!`, so input checks,
//! retries and errors are the typed client's. Only reading the answer is its own: into the typed
//! result and back to JSON ([`Client::call_json`]), or as JSON text ([`Client::call_json_text`]).
//!
//! Arguments are one JSON object keyed by the table's argument names (not the wire names):
//!
//! | argument kind | JSON |
//! |---|---|
//! | `string` | a string |
//! | `optional_string` | a string, `null` or absent |
//! | `id` | a positive integer (a string of digits is accepted too) |
//! | a request struct (`NewTemplate`, `NewCampaign`, ...) | an object with the struct's fields (`{"template": {"name": ..., "html_body": ..., "active": true}}`) |
//!
//! The helpers ([`crate::HELPERS`]) are called the same way: `domains.wait_verified` takes
//! `{"domain_name": ..., "timeout": 60, "interval": 2}`, the durations in seconds and optional.
//!
//! ```no_run
//! # async fn demo(client: smtpprovider::Client) -> smtpprovider::Result<()> {
//! use serde_json::json;
//! let domain = client.call_json("domains.add", &json!({"domain_name": "example.com"})).await?;
//! println!("publish {} at {}", domain["public_key"], domain["host"]);
//! let template = client.call_json("templates.get", &json!({"id": 3})).await?;
//! # Ok(()) }
//! ```

use serde::Serialize;
use serde_json::{Map, Value};

use crate::arg_types::{ArgType, Text};
use crate::config::ClientBuilder;
use crate::endpoints::{EndpointInfo, ENDPOINTS};
use crate::envelope;
use crate::error::{Error, ErrorKind, Result};
use crate::helpers::{HELPERS, WAIT_VERIFIED};
use crate::json_text::JsonText;
use crate::lenient::canonical::Canonical;
use crate::lenient::Lenient;
use crate::models::*;
use crate::transport::RawResponse;
use crate::Client;

fn invalid(call: Option<&'static str>, detail: impl Into<String>) -> Error {
    Error::local(ErrorKind::InvalidInput, call, detail)
}

/// The arguments object; `null` means no arguments. Names not in `expected` are refused, so a
/// misspelt optional argument is an error rather than silently ignored.
fn arguments<'a>(
    call: &'static str,
    args: &'a Value,
    expected: &[&str],
) -> Result<Option<&'a Map<String, Value>>> {
    let map = match args {
        Value::Null => return Ok(None),
        Value::Object(map) => map,
        other => {
            return Err(invalid(
                Some(call),
                format!("the arguments must be a JSON object, not {other}"),
            ))
        }
    };
    if let Some(unknown) = map.keys().find(|key| !expected.contains(&key.as_str())) {
        return Err(invalid(
            Some(call),
            format!("unknown argument {unknown:?}; {call} takes {expected:?}"),
        ));
    }
    Ok(Some(map))
}

/// The argument's value; `null` counts as absent.
fn lookup<'a>(args: Option<&'a Map<String, Value>>, name: &str) -> Option<&'a Value> {
    args.and_then(|map| map.get(name))
        .filter(|value| !value.is_null())
}

/// How a dispatched call reads its answer: as a JSON tree or as JSON text.
trait ResultForm {
    type Output;
    fn read<T>(info: &'static EndpointInfo, response: &RawResponse) -> Result<Self::Output>
    where
        T: Lenient + Canonical + Serialize;
    /// A helper's typed result in this form.
    fn from_typed<T: Serialize>(result: &T) -> Result<Self::Output>;
}

/// A [`Value`] of the typed result ([`Client::call_json`]).
struct AsValue;

impl ResultForm for AsValue {
    type Output = Value;
    fn read<T>(info: &'static EndpointInfo, response: &RawResponse) -> Result<Value>
    where
        T: Lenient + Canonical + Serialize,
    {
        let result: T = envelope::decode(info, response)?;
        serde_json::to_value(result).map_err(|e| envelope::encoding_failed(info, e))
    }
    fn from_typed<T: Serialize>(result: &T) -> Result<Value> {
        serde_json::to_value(result).map_err(unwritable)
    }
}

/// JSON text with no [`Value`] tree in between: the API's own text of a canonical result, or
/// the typed result written out ([`Client::call_json_text`], for bindings that hand the text to
/// a JSON parser of their own; see [`envelope::decode_text`]).
struct AsText;

impl ResultForm for AsText {
    type Output = JsonText;
    fn read<T>(info: &'static EndpointInfo, response: &RawResponse) -> Result<JsonText>
    where
        T: Lenient + Canonical + Serialize,
    {
        envelope::decode_text::<T>(info, response)
    }
    fn from_typed<T: Serialize>(result: &T) -> Result<JsonText> {
        Ok(serde_json::to_string(result).map_err(unwritable)?.into())
    }
}

/// A model that cannot be written as JSON: not reachable (models are plain data), kept an error.
fn unwritable(error: serde_json::Error) -> Error {
    Error::local(
        ErrorKind::Decode,
        None,
        format!("writing the result as JSON: {error}"),
    )
}

impl Client {
    /// `domains.wait_verified` from JSON: `{"domain_name": ..., "timeout": seconds, "interval":
    /// seconds}`, the two durations optional with the helper's defaults.
    async fn wait_verified_json(&self, args: &Value) -> Result<DomainVerification> {
        let helper = &WAIT_VERIFIED;
        let names: Vec<&str> = helper.args.iter().map(|arg| arg.name).collect();
        let args = arguments(helper.id, args, &names)?;
        let domain_name = Text::from_json(helper.id, "domain_name", lookup(args, "domain_name"))?;
        let duration = |name: &str| -> Result<std::time::Duration> {
            let arg = helper.arg(name);
            let seconds = match lookup(args, name) {
                None => arg.default_seconds().unwrap_or_default(),
                Some(value) => value.as_f64().ok_or_else(|| {
                    invalid(
                        Some(helper.id),
                        format!("argument {name:?} must be a number of seconds"),
                    )
                })?,
            };
            arg.duration(helper.id, seconds)
        };
        let (timeout, interval) = (duration("timeout")?, duration("interval")?);
        self.domains()
            .wait_verified(&domain_name, timeout, interval)
            .await
    }
}

macro_rules! define_json_dispatch {
    (login { $ldocs:tt ($($larg:ident : $lkind:ident),*) -> $lret:ty, $($login:tt)* }
     $( resource $resource:ident $Resource:ident $rdocs:tt {
        $( $name:ident $docs:tt ($($arg:ident : $kind:ident),*) -> $ret:ty, $method:ident $path:literal, $info:block; )*
    } )*) => {
        impl Client {
            /// Makes the call named `call` (a table id such as `domains.add`, see
            /// [`crate::ENDPOINTS`]) with `args` keyed by argument name, and returns its result
            /// as JSON in the API's shape. An unknown call or ill-typed arguments are
            /// `InvalidInput` errors; everything else behaves as the typed method does.
            pub async fn call_json(&self, call: &str, args: &Value) -> Result<Value> {
                self.dispatch::<AsValue>(call, args).await
            }

            /// [`Client::call_json`] answering with the result's JSON text: the API's own text
            /// when it is already in the form the typed result would write (key order and string
            /// escapes aside), otherwise the typed result written out. The Node binding parses it
            /// with `JSON.parse`.
            pub async fn call_json_text(&self, call: &str, args: &Value) -> Result<JsonText> {
                self.dispatch::<AsText>(call, args).await
            }

            async fn dispatch<F: ResultForm>(&self, call: &str, args: &Value) -> Result<F::Output> {
                match call {
                    $($(
                        concat!(stringify!($resource), ".", stringify!($name)) => {
                            const CALL: &str = concat!(stringify!($resource), ".", stringify!($name));
                            #[allow(unused_variables)]
                            let args = arguments(CALL, args, &[$(stringify!($arg)),*])?;
                            $( let $arg = <$crate::arg_type!($kind) as ArgType>::from_json(CALL, stringify!($arg), lookup(args, stringify!($arg)))?; )*
                            $( let $arg = <$crate::arg_type!($kind) as ArgType>::lend(&$arg); )*
                            let call = build_call!($info, $($arg: $kind),*);
                            let info = call.info;
                            self.call_authenticated(call, |response| F::read::<$ret>(info, response)).await
                        }
                    )*)*
                    "client.login" => Err(invalid(
                        Some("client.login"),
                        "logging in makes a new client: use ClientBuilder::login_json",
                    )),
                    helper if helper == WAIT_VERIFIED.id => {
                        F::from_typed(&self.wait_verified_json(args).await?)
                    }
                    unknown => {
                        let known: Vec<&str> = ENDPOINTS.iter().map(|e| e.id)
                            .chain(HELPERS.iter().map(|h| h.id)).collect();
                        Err(invalid(None, format!("unknown call {unknown:?}; the calls are {}", known.join(", "))))
                    }
                }
            }
        }

        impl ClientBuilder {
            /// [`ClientBuilder::login`] with the table's `client.login` arguments as JSON
            /// (`{"email": ..., "password": ...}`).
            pub async fn login_json(self, args: &Value) -> Result<Client> {
                const CALL: &str = "client.login";
                let args = arguments(CALL, args, &[$(stringify!($larg)),*])?;
                $( let $larg = <$crate::arg_type!($lkind) as ArgType>::from_json(CALL, stringify!($larg), lookup(args, stringify!($larg)))?; )*
                self.login($(<$crate::arg_type!($lkind) as ArgType>::lend(&$larg)),*).await
            }
        }
    };
}

crate::for_each_endpoint!(define_json_dispatch);

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A client whose calls cannot reach anything: port 9 on loopback is closed, so an
    /// `InvalidInput` below proves the dispatcher refused before sending.
    fn offline_client() -> Client {
        Client::builder()
            .base_url("http://127.0.0.1:9/api")
            .token("1|t")
            .user_id(1)
            .max_retries(0)
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn unknown_calls_and_ill_typed_arguments_are_invalid_input() {
        let client = offline_client();
        let cases = [
            ("domains.frobnicate", json!({})),
            ("domains.add", json!({})),
            ("domains.add", json!({"domain_name": 7})),
            (
                "domains.add",
                json!({"domain_name": "example.com", "domian": "x"}),
            ),
            ("domains.add", json!(["example.com"])),
            ("templates.get", json!({"id": -3})),
            ("templates.add", json!({"template": {"name": "no body"}})),
            ("client.login", json!({"email": "a@b.co", "password": "p"})),
        ];
        for (call, args) in cases {
            let error = client.call_json(call, &args).await.unwrap_err();
            assert_eq!(
                error.kind(),
                ErrorKind::InvalidInput,
                "{call} {args}: {error}"
            );
        }
        let unknown = client.call_json("nope", &Value::Null).await.unwrap_err();
        assert!(
            unknown.to_string().contains("domains.add"),
            "lists the known calls: {unknown}"
        );
    }

    #[tokio::test]
    async fn the_typed_checks_still_run() {
        let error = offline_client()
            .call_json("domains.add", &json!({"domain_name": "not a host"}))
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidInput);
        assert!(error.to_string().contains("domain_name"), "{error}");
    }

    #[tokio::test]
    async fn calls_reach_the_sandbox_and_answer_in_the_api_shape() {
        let sandbox =
            smtpprovider_sandbox::Sandbox::start(smtpprovider_sandbox::SandboxConfig::default())
                .unwrap();
        let credentials = json!({"email": "demo@example.com", "password": "demo-password"});
        let client = Client::builder()
            .base_url(sandbox.base_url())
            .login_json(&credentials)
            .await
            .unwrap();
        assert_eq!(
            client.user().map(|u| u.email.as_str()),
            Some("demo@example.com")
        );

        let template = json!({"name": "Hi", "html_body": "<p>Hi</p>", "active": true});
        let added = client
            .call_json("templates.add", &json!({"template": template}))
            .await
            .unwrap();
        let id = added["id"].as_u64().unwrap();
        let shown = client
            .call_json("templates.get", &json!({"id": id.to_string()}))
            .await
            .unwrap();
        assert_eq!(shown["name"], "Hi");
        let updated = client
            .call_json(
                "templates.update",
                &json!({"id": id, "changes": {"name": "Hello"}}),
            )
            .await
            .unwrap();
        assert_eq!(updated["name"], "Hello");
        let missing = client
            .call_json("templates.get", &json!({"id": id + 1000}))
            .await
            .unwrap_err();
        assert_eq!(missing.kind(), ErrorKind::NotFound);
        let text = client
            .call_json_text("templates.get", &json!({"id": id}))
            .await
            .unwrap();
        let reparsed: Value = serde_json::from_slice(text.as_bytes()).unwrap();
        assert_eq!(
            reparsed, updated,
            "the text is the same JSON as call_json's tree"
        );
        let mail = json!({"to_email": "a@example.com", "shop_name": "Shop", "subject": null});
        let sent = client.call_json("mail.send_welcome", &mail).await.unwrap();
        assert_eq!(sent["message"], "Mail sent successfully");
    }
}
