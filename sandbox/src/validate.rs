//! Laravel-style validation: each rule reads a field and, when it fails, records Laravel's message
//! ("The user id field is required."). All fields are checked so every error is reported at once.
//! As Laravel's `TrimStrings` and `ConvertEmptyStringsToNull` middleware do, strings are trimmed
//! and an empty string counts as absent.

use hyper::StatusCode;
use serde_json::{Map, Value};

use crate::respond::Reply;

/// Where fields are read from: the whole input, or an object inside it (`all_request`).
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    fields: &'a Map<String, Value>,
    prefix: &'a str,
}

impl<'a> Scope<'a> {
    pub fn root(fields: &'a Map<String, Value>) -> Self {
        Scope { fields, prefix: "" }
    }
}

/// Collected validation failures, as (field path, message).
#[derive(Default)]
pub struct Validator {
    errors: Vec<(String, String)>,
}

/// Laravel's attribute name: `all_request.from_email` -> `all request.from email`.
fn attribute(path: &str) -> String {
    path.replace('_', " ")
}

/// A field with its value, unless absent (missing, null, blank string, empty array or object).
fn present<'a>(scope: Scope<'a>, key: &str) -> Option<&'a Value> {
    match scope.fields.get(key)? {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::Array(a) if a.is_empty() => None,
        Value::Object(o) if o.is_empty() => None,
        value => Some(value),
    }
}

/// An integer as PHP's `FILTER_VALIDATE_INT` accepts it: a JSON integer or a numeric string.
fn as_int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean as Laravel's `boolean` rule accepts it: true, false, 1, 0, "1", "0".
fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_i64() {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
        Value::String(s) => match s.trim() {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A valid fully qualified hostname: two or more labels, an alphabetic top-level label.
pub fn is_hostname(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    name.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| is_label(l))
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

fn is_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// An email address as an RFC-minded validator accepts it (the domain may be a single label).
pub fn is_email(address: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    let local_ok = (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    local_ok && domain.len() <= 253 && domain.split('.').all(is_label)
}

impl Validator {
    pub fn new() -> Self {
        Validator::default()
    }

    /// Records a failure of `path`.
    pub fn fail(&mut self, path: &str, message: String) {
        self.errors.push((path.to_string(), message));
    }

    fn path(scope: Scope<'_>, key: &str) -> String {
        format!("{}{key}", scope.prefix)
    }

    fn required<'a>(&mut self, scope: Scope<'a>, key: &str) -> Option<&'a Value> {
        let value = present(scope, key);
        if value.is_none() {
            let path = Self::path(scope, key);
            self.fail(
                &path,
                format!("The {} field is required.", attribute(&path)),
            );
        }
        value
    }

    fn check<T>(
        &mut self,
        scope: Scope<'_>,
        key: &str,
        value: Option<&Value>,
        read: impl FnOnce(&Value) -> Option<T>,
        rule: &str,
    ) -> Option<T> {
        let value = value?;
        let read = read(value);
        if read.is_none() {
            self.fail_rule(scope, key, rule);
        }
        read
    }

    /// Required integer.
    pub fn req_int(&mut self, scope: Scope<'_>, key: &str) -> Option<i64> {
        let value = self.required(scope, key);
        self.check(scope, key, value, as_int, "must be an integer")
    }

    /// Optional integer.
    pub fn opt_int(&mut self, scope: Scope<'_>, key: &str) -> Option<i64> {
        self.check(
            scope,
            key,
            present(scope, key),
            as_int,
            "must be an integer",
        )
    }

    /// Optional integer no smaller than `min`.
    pub fn opt_int_min(&mut self, scope: Scope<'_>, key: &str, min: i64) -> Option<i64> {
        let value = self.opt_int(scope, key)?;
        if value < min {
            self.fail_rule(scope, key, &format!("must be at least {min}"));
            return None;
        }
        Some(value)
    }

    fn read_string(value: &Value, max: usize) -> Result<String, String> {
        let Value::String(text) = value else {
            return Err("must be a string".into());
        };
        let text = text.trim();
        if text.chars().count() > max {
            return Err(format!("must not be greater than {max} characters"));
        }
        Ok(text.to_string())
    }

    fn string(
        &mut self,
        scope: Scope<'_>,
        key: &str,
        value: Option<&Value>,
        max: usize,
    ) -> Option<String> {
        match Self::read_string(value?, max) {
            Ok(text) => Some(text),
            Err(rule) => {
                self.fail_rule(scope, key, &rule);
                None
            }
        }
    }

    /// Required string of at most `max` characters.
    pub fn req_string(&mut self, scope: Scope<'_>, key: &str, max: usize) -> Option<String> {
        let value = self.required(scope, key);
        self.string(scope, key, value, max)
    }

    /// Optional string of at most `max` characters.
    pub fn opt_string(&mut self, scope: Scope<'_>, key: &str, max: usize) -> Option<String> {
        self.string(scope, key, present(scope, key), max)
    }

    /// Records that `key` broke `rule` ("must be an integer", "format is invalid").
    fn fail_rule(&mut self, scope: Scope<'_>, key: &str, rule: &str) {
        let path = Self::path(scope, key);
        self.fail(&path, format!("The {} field {rule}.", attribute(&path)));
    }

    /// Keeps `text` when `valid`, else records the failed `rule`.
    fn keep_if(
        &mut self,
        scope: Scope<'_>,
        key: &str,
        text: String,
        valid: bool,
        rule: &str,
    ) -> Option<String> {
        if valid {
            return Some(text);
        }
        self.fail_rule(scope, key, rule);
        None
    }

    fn email(&mut self, scope: Scope<'_>, key: &str, value: Option<&Value>) -> Option<String> {
        let text = self.string(scope, key, value, 255)?;
        let valid = is_email(&text);
        self.keep_if(scope, key, text, valid, "must be a valid email address")
    }

    /// Required email address.
    pub fn req_email(&mut self, scope: Scope<'_>, key: &str) -> Option<String> {
        let value = self.required(scope, key);
        self.email(scope, key, value)
    }

    /// Optional email address.
    pub fn opt_email(&mut self, scope: Scope<'_>, key: &str) -> Option<String> {
        self.email(scope, key, present(scope, key))
    }

    /// Required hostname, lower-cased.
    pub fn req_hostname(&mut self, scope: Scope<'_>, key: &str) -> Option<String> {
        let value = self.required(scope, key);
        let text = self.string(scope, key, value, 253)?;
        let text = text.to_ascii_lowercase();
        let valid = is_hostname(&text);
        self.keep_if(scope, key, text, valid, "format is invalid")
    }

    /// Optional boolean.
    pub fn opt_bool(&mut self, scope: Scope<'_>, key: &str) -> Option<bool> {
        self.check(
            scope,
            key,
            present(scope, key),
            as_bool,
            "must be true or false",
        )
    }

    /// Optional `Y-m-d H:i:s` date and time, returned as given.
    pub fn opt_datetime(&mut self, scope: Scope<'_>, key: &str) -> Option<String> {
        let text = self.string(scope, key, present(scope, key), 255)?;
        let valid = crate::clock::parse(&text).is_some();
        self.keep_if(scope, key, text, valid, "must match the format Y-m-d H:i:s")
    }

    /// Required object (Laravel's `array`); returns a scope to validate its fields.
    pub fn req_object<'a>(
        &mut self,
        scope: Scope<'a>,
        key: &'a str,
        prefix: &'a str,
    ) -> Option<Scope<'a>> {
        match self.required(scope, key)?.as_object() {
            Some(fields) => Some(Scope { fields, prefix }),
            None => {
                self.fail_rule(scope, key, "must be an array");
                None
            }
        }
    }

    /// Laravel's `required_with`: `key` must be present when `other` is.
    pub fn required_with(&mut self, scope: Scope<'_>, key: &str, other: &str) {
        if present(scope, other).is_some() && present(scope, key).is_none() {
            let path = Self::path(scope, key);
            self.fail(
                &path,
                format!(
                    "The {} field is required when {} is present.",
                    attribute(&path),
                    attribute(other)
                ),
            );
        }
    }

    /// Whether nothing has failed so far.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The failures as (field path, message), in the order found.
    pub fn into_errors(self) -> Vec<(String, String)> {
        self.errors
    }

    /// `Ok` when valid, else the 422 answer listing every message.
    pub fn finish(self) -> Result<(), Reply> {
        if self.errors.is_empty() {
            return Ok(());
        }
        Err(Reply::errors(
            StatusCode::UNPROCESSABLE_ENTITY,
            self.errors.into_iter().map(|(_, m)| m).collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn messages(v: Validator) -> Vec<String> {
        v.into_errors().into_iter().map(|(_, m)| m).collect()
    }

    #[test]
    fn reports_laravel_messages() {
        let input = json!({"user_id": "abc", "domain_name": "not a host", "from_email": "nope", "active": "yes",
            "begins_at": "2026-05-06", "all_request": {"subject": "x"}});
        let input = input.as_object().unwrap();
        let root = Scope::root(input);
        let mut v = Validator::new();
        assert_eq!(v.req_int(root, "user_id"), None);
        assert_eq!(v.req_hostname(root, "domain_name"), None);
        assert_eq!(v.req_email(root, "from_email"), None);
        assert_eq!(v.opt_bool(root, "active"), None);
        assert_eq!(v.opt_datetime(root, "begins_at"), None);
        let all = v.req_object(root, "all_request", "all_request.").unwrap();
        assert_eq!(v.req_email(all, "from_email"), None);
        v.required_with(root, "html_content", "subject");
        assert_eq!(v.req_string(root, "shop_name", 255), None);
        assert_eq!(
            messages(v),
            [
                "The user id field must be an integer.",
                "The domain name field format is invalid.",
                "The from email field must be a valid email address.",
                "The active field must be true or false.",
                "The begins at field must match the format Y-m-d H:i:s.",
                "The all request.from email field is required.",
                "The shop name field is required.",
            ]
        );
    }

    #[test]
    fn accepts_loose_php_values() {
        let input = json!({"a": "12", "b": 12, "c": "1", "d": 0, "e": "  padded  ", "f": "", "g": "Sub.Example.COM"});
        let input = input.as_object().unwrap();
        let root = Scope::root(input);
        let mut v = Validator::new();
        assert_eq!(v.req_int(root, "a"), Some(12));
        assert_eq!(v.req_int(root, "b"), Some(12));
        assert_eq!(v.opt_bool(root, "c"), Some(true));
        assert_eq!(v.opt_bool(root, "d"), Some(false));
        assert_eq!(v.req_string(root, "e", 255).as_deref(), Some("padded"));
        assert_eq!(v.opt_string(root, "f", 255), None);
        assert_eq!(
            v.req_hostname(root, "g").as_deref(),
            Some("sub.example.com")
        );
        assert!(v.is_ok());
        v.required_with(root, "html_content", "c");
        assert_eq!(
            messages(v),
            ["The html content field is required when c is present."]
        );
    }

    #[test]
    fn hostnames_and_emails() {
        assert!(is_hostname("example.com") && is_hostname("a-b.c.example.co"));
        assert!(
            !is_hostname("example")
                && !is_hostname("-a.com")
                && !is_hostname("a..com")
                && !is_hostname("a.c0m")
        );
        assert!(is_email("news@example.com") && is_email("a.b+c@localhost"));
        assert!(
            !is_email("news@")
                && !is_email("@x.com")
                && !is_email("a b@x.com")
                && !is_email("a..b@x.com")
        );
    }
}
