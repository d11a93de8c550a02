//! Subset matching of a result against a step's `expect`: every key the expectation names must be
//! there with a matching value; keys it does not name are ignored. Arrays match element by element
//! and must have the same length. Numbers compare by value (`1` equals `1.0`).

use serde_json::Value;

/// `None` when `actual` matches `expected`, else where and how they first differ, e.g.
/// `at $.domain.status: expected "verified", got "pending"`.
pub fn mismatch(expected: &Value, actual: &Value) -> Option<String> {
    compare(expected, actual, "$")
}

fn compare(expected: &Value, actual: &Value, path: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Object(want), Value::Object(got)) => {
            want.iter()
                .find_map(|(key, want_value)| match got.get(key) {
                    Some(got_value) => compare(want_value, got_value, &format!("{path}.{key}")),
                    None => Some(format!("at {path}: expected key {key:?}, which is missing")),
                })
        }
        (Value::Array(want), Value::Array(got)) if want.len() != got.len() => Some(format!(
            "at {path}: expected {} items, got {}",
            want.len(),
            got.len()
        )),
        (Value::Array(want), Value::Array(got)) => want
            .iter()
            .zip(got)
            .enumerate()
            .find_map(|(i, (w, g))| compare(w, g, &format!("{path}[{i}]"))),
        (Value::Number(want), Value::Number(got)) if want.as_f64() == got.as_f64() => None,
        (want, got) if want == got => None,
        (want, got) => Some(format!("at {path}: expected {want}, got {got}")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn extra_keys_are_ignored_and_nested_values_compared() {
        let actual =
            json!({"id": 3, "domain": {"status": "verified", "host": "h"}, "list": [1, 2]});
        assert_eq!(
            mismatch(
                &json!({"domain": {"status": "verified"}, "list": [1, 2.0]}),
                &actual
            ),
            None
        );
        assert_eq!(
            mismatch(&json!({"domain": {"status": "pending"}}), &actual).unwrap(),
            "at $.domain.status: expected \"pending\", got \"verified\""
        );
    }

    #[test]
    fn missing_keys_lengths_and_types_are_reported_with_their_path() {
        let actual = json!({"items": [{"a": 1}], "n": "1"});
        assert!(mismatch(&json!({"gone": null}), &actual)
            .unwrap()
            .contains("\"gone\""));
        assert!(mismatch(&json!({"items": []}), &actual)
            .unwrap()
            .contains("expected 0 items, got 1"));
        assert!(mismatch(&json!({"items": [{"a": 2}]}), &actual)
            .unwrap()
            .starts_with("at $.items[0].a"));
        assert!(
            mismatch(&json!({"n": 1}), &actual).is_some(),
            "a string is not a number"
        );
    }
}
