//! One call's arguments, gathered by the generated methods and turned into a URL and body once,
//! before the first attempt (retries resend the same bytes). Each argument is checked and placed
//! as its row of the endpoint table says ([`Param`]): the table's `check` and `wire` are what
//! the client does, not a description beside it.

use bytes::Bytes;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::endpoints::{ArgInfo, Check, EndpointInfo, HttpMethod, Wire};
use crate::error::{Error, ErrorKind, Result};
use crate::validate::{self, Validate};

/// The arguments of one call, by the names the API knows them by.
pub(crate) struct Call {
    pub(crate) info: &'static EndpointInfo,
    params: Map<String, Value>,
}

/// A request ready to send: the full URL (query included) and, for POST, the JSON body.
pub(crate) struct Prepared {
    pub(crate) url: url::Url,
    pub(crate) body: Option<Bytes>,
}

/// An argument as the typed method takes it, one impl per argument kind: checked (returning
/// `InvalidInput` early, before anything is sent) and put in the call, as its row says.
pub(crate) trait Param {
    fn add_to(self, call: &mut Call, row: &ArgInfo) -> Result<()>;
}

/// Text (`string`): its row's check, then under its wire name.
impl Param for &str {
    fn add_to(self, call: &mut Call, row: &ArgInfo) -> Result<()> {
        check_text(call.info.id, row, self)?;
        call.text(wire_name(row), self);
        Ok(())
    }
}

/// Optional text (`optional_string`): absent, nothing is sent; given, the row's check applies.
/// `RequiredWith(other)` refuses it absent when `other` was given (an earlier argument).
impl Param for Option<&str> {
    fn add_to(self, call: &mut Call, row: &ArgInfo) -> Result<()> {
        if let Some(Check::RequiredWith(other)) = row.check {
            let given = call
                .info
                .args
                .iter()
                .find(|arg| arg.name == other)
                .and_then(|arg| call.params.get(wire_name(arg)).and_then(Value::as_str));
            validate::required_with(call.info.id, row.name, self, other, given)?;
        }
        if let Some(value) = self {
            check_text(call.info.id, row, value)?;
            call.text(wire_name(row), value);
        }
        Ok(())
    }
}

/// An id (`id`): positive.
impl Param for u64 {
    fn add_to(self, call: &mut Call, row: &ArgInfo) -> Result<()> {
        validate::positive_id(call.info.id, row.name, self)?;
        call.id(wire_name(row), self);
        Ok(())
    }
}

/// A request struct: its own checks, then its fields merged into the body.
impl<T: Validate + Serialize> Param for &T {
    fn add_to(self, call: &mut Call, _row: &ArgInfo) -> Result<()> {
        self.validate(call.info.id)?;
        call.flatten(self)
    }
}

/// A text argument's check, by its row.
fn check_text(endpoint: &'static str, row: &ArgInfo, value: &str) -> Result<()> {
    match row.check {
        Some(Check::Hostname) => validate::hostname(endpoint, row.name, value),
        Some(Check::Email) => validate::email(endpoint, row.name, value),
        Some(Check::NonEmpty) => validate::non_empty(endpoint, row.name, value),
        // Checked with its partner (`validate::required_with`, not blank when given).
        Some(Check::RequiredWith(_)) | None => Ok(()),
    }
}

/// The name the API knows an argument by (a request struct's fields go under their own).
fn wire_name(row: &ArgInfo) -> &'static str {
    match row.wire {
        Wire::Name(name) => name,
        Wire::Flatten => row.name,
    }
}

impl Call {
    pub(crate) fn new(info: &'static EndpointInfo) -> Self {
        Call {
            info,
            params: Map::new(),
        }
    }

    pub(crate) fn text(&mut self, wire: &str, value: &str) {
        self.params
            .insert(wire.to_owned(), Value::String(value.to_owned()));
    }

    pub(crate) fn id(&mut self, wire: &str, value: u64) {
        self.params.insert(wire.to_owned(), Value::from(value));
    }

    /// Merges a request struct's fields into the arguments.
    pub(crate) fn flatten<T: Serialize>(&mut self, request: &T) -> Result<()> {
        match serde_json::to_value(request) {
            Ok(Value::Object(fields)) => {
                self.params.extend(fields);
                Ok(())
            }
            // Our request structs always serialise to objects; this guards the table, not the network.
            _ => Err(Error::local(
                ErrorKind::InvalidInput,
                Some(self.info.id),
                "the request is not a JSON object",
            )),
        }
    }

    /// Builds the URL (`base` with the endpoint's path appended) and body; `user_id` is added for
    /// authenticated calls (query for GET, body for POST).
    pub(crate) fn prepare(mut self, base: &url::Url, user_id: Option<u64>) -> Result<Prepared> {
        if let Some(user_id) = user_id {
            self.params
                .insert("user_id".to_owned(), Value::from(user_id));
        }
        let mut url = base.clone();
        let mut path = String::with_capacity(base.path().len() + self.info.path.len());
        path.push_str(base.path().trim_end_matches('/'));
        path.push_str(self.info.path);
        url.set_path(&path);
        match self.info.method {
            HttpMethod::Get => {
                if !self.params.is_empty() {
                    let mut query = url.query_pairs_mut();
                    for (key, value) in &self.params {
                        match value {
                            Value::Null => {}
                            Value::String(text) => {
                                query.append_pair(key, text);
                            }
                            Value::Bool(flag) => {
                                query.append_pair(key, if *flag { "1" } else { "0" });
                            }
                            other => {
                                query.append_pair(key, &other.to_string());
                            }
                        }
                    }
                }
                Ok(Prepared { url, body: None })
            }
            HttpMethod::Post => {
                let body = serde_json::to_vec(&self.params).map_err(|e| {
                    Error::local(
                        ErrorKind::InvalidInput,
                        Some(self.info.id),
                        format!("cannot encode the body: {e}"),
                    )
                })?;
                Ok(Prepared {
                    url,
                    body: Some(Bytes::from(body)),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoints::ENDPOINTS;
    use crate::models::NewTemplate;

    fn info(id: &str) -> &'static EndpointInfo {
        ENDPOINTS.iter().find(|e| e.id == id).unwrap()
    }

    fn base(url: &str) -> url::Url {
        url::Url::parse(url).unwrap()
    }

    #[test]
    fn get_arguments_go_in_the_query_with_user_id() {
        let mut call = Call::new(info("domains.view"));
        call.text("domain_name", "a b&c.com");
        let prepared = call.prepare(&base("http://h/api"), Some(7)).unwrap();
        let (path, query) = prepared.url.as_str().split_once('?').unwrap();
        assert_eq!(path, "http://h/api/v1/smtp-domain-view");
        let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        pairs.sort();
        assert_eq!(
            pairs,
            [
                ("domain_name".into(), "a b&c.com".into()),
                ("user_id".into(), "7".into())
            ]
        );
        assert!(prepared.body.is_none());
    }

    #[test]
    fn post_arguments_go_in_a_json_body_with_user_id() {
        let mut call = Call::new(info("templates.update"));
        call.id("template_id", 3);
        call.flatten(&NewTemplate::new("N", "<p>")).unwrap();
        let prepared = call.prepare(&base("http://h/api"), Some(7)).unwrap();
        assert_eq!(
            prepared.url.as_str(),
            "http://h/api/v1/smtp-template-update"
        );
        let body: Value = serde_json::from_slice(&prepared.body.unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"template_id": 3, "user_id": 7, "name": "N", "html_body": "<p>", "active": true})
        );
    }

    #[test]
    fn the_path_goes_after_the_base_path_with_or_without_one() {
        for (root, expected) in [
            ("http://h", "http://h/v1/smtp-domain-list?user_id=7"),
            ("http://h/", "http://h/v1/smtp-domain-list?user_id=7"),
            (
                "https://h:8443/x/api",
                "https://h:8443/x/api/v1/smtp-domain-list?user_id=7",
            ),
        ] {
            let prepared = Call::new(info("domains.list"))
                .prepare(&base(root), Some(7))
                .unwrap();
            assert_eq!(prepared.url.as_str(), expected, "base {root}");
        }
    }

    #[test]
    fn login_sends_no_user_id() {
        let mut call = Call::new(info("client.login"));
        call.text("email", "a@b.co");
        let prepared = call.prepare(&base("http://h/api"), None).unwrap();
        let body: Value = serde_json::from_slice(&prepared.body.unwrap()).unwrap();
        assert_eq!(body, serde_json::json!({"email": "a@b.co"}));
    }
}
