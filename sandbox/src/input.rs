//! A request's input as Laravel sees it: query parameters merged with the body's fields (the body
//! wins). A body that is not a JSON object (malformed JSON, an array, a string) contributes nothing,
//! so the request then fails validation exactly as an empty one would.

use serde_json::{Map, Value};

/// All fields of a request.
pub type Input = Map<String, Value>;

/// Merges the query string and the body.
pub fn parse(query: Option<&str>, content_type: Option<&str>, body: &[u8]) -> Input {
    let mut input = Input::new();
    if let Some(query) = query {
        for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
            input.insert(key.into_owned(), Value::String(value.into_owned()));
        }
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return input;
    }
    let is_form = content_type.is_some_and(|ct| {
        ct.to_ascii_lowercase()
            .starts_with("application/x-www-form-urlencoded")
    });
    if is_form {
        for (key, value) in url::form_urlencoded::parse(body) {
            input.insert(key.into_owned(), Value::String(value.into_owned()));
        }
    } else if let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(body) {
        input.extend(fields);
    }
    input
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_query_and_json_body() {
        let input = parse(
            Some("user_id=1&domain_name=a%2Eb.test"),
            Some("application/json"),
            br#"{"user_id": 2}"#,
        );
        assert_eq!(input["user_id"], 2);
        assert_eq!(input["domain_name"], "a.b.test");
    }

    #[test]
    fn ignores_bodies_that_are_not_objects() {
        assert!(parse(None, Some("application/json"), b"{not json").is_empty());
        assert!(parse(None, Some("application/json"), b"[1,2]").is_empty());
        assert!(parse(None, None, b"\"text\"").is_empty());
    }

    #[test]
    fn reads_form_bodies() {
        let input = parse(
            None,
            Some("application/x-www-form-urlencoded; charset=utf-8"),
            b"name=a+b&active=1",
        );
        assert_eq!(input["name"], "a b");
        assert_eq!(input["active"], "1");
    }
}
