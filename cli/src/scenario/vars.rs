//! Scenario variables: results kept with `save`, read back with `${name.path}`.
//!
//! A string that is exactly one `${...}` becomes the saved JSON value itself (a number stays a
//! number); `${...}` inside a longer string is replaced by the value's text. A path walks object
//! keys and array indexes: `${campaign.id}`, `${outbox.messages.0.link}`.

use serde_json::{Map, Value};

/// The variables saved so far.
#[derive(Debug, Default)]
pub struct Vars(Map<String, Value>);

impl Vars {
    /// Saves `value` as `name`.
    pub fn set(&mut self, name: &str, value: Value) {
        self.0.insert(name.to_owned(), value);
    }

    /// `value` with every `${...}` in its strings replaced.
    pub fn interpolate(&self, value: &Value) -> Result<Value, String> {
        Ok(match value {
            Value::String(text) => self.interpolate_text(text)?,
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|v| self.interpolate(v))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| Ok((k.clone(), self.interpolate(v)?)))
                    .collect::<Result<_, String>>()?,
            ),
            scalar => scalar.clone(),
        })
    }

    fn interpolate_text(&self, text: &str) -> Result<Value, String> {
        if let Some(reference) = text
            .strip_prefix("${")
            .and_then(|rest| rest.strip_suffix('}'))
        {
            if !reference.contains("${") {
                return self.lookup(reference).cloned();
            }
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after
                .find('}')
                .ok_or_else(|| format!("unclosed ${{ in {text:?}"))?;
            match self.lookup(&after[..end])? {
                Value::String(inner) => out.push_str(inner),
                other => out.push_str(&other.to_string()),
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(Value::String(out))
    }

    fn lookup(&self, reference: &str) -> Result<&Value, String> {
        let mut segments = reference.split('.');
        let name = segments.next().unwrap_or_default();
        let mut value = self.0.get(name).ok_or_else(|| {
            let known: Vec<&String> = self.0.keys().collect();
            format!("unknown variable {name:?} in ${{{reference}}} (saved so far: {known:?})")
        })?;
        for segment in segments {
            let next = match value {
                Value::Object(map) => map.get(segment),
                Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            value =
                next.ok_or_else(|| format!("${{{reference}}}: {segment:?} is not in {value}"))?;
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn vars() -> Vars {
        let mut vars = Vars::default();
        vars.set(
            "domain",
            json!({"id": 4, "host": "smtp._domainkey.example.com", "tags": ["a", "b"]}),
        );
        vars
    }

    #[test]
    fn a_whole_reference_keeps_the_json_type_and_embedded_ones_become_text() {
        let out = vars()
            .interpolate(
                &json!({"id": "${domain.id}", "label": "#${domain.id} at ${domain.host}", "n": 1}),
            )
            .unwrap();
        assert_eq!(
            out,
            json!({"id": 4, "label": "#4 at smtp._domainkey.example.com", "n": 1})
        );
        assert_eq!(
            vars().interpolate(&json!(["${domain.tags.1}"])).unwrap(),
            json!(["b"])
        );
    }

    #[test]
    fn unknown_names_and_paths_are_errors_that_say_which() {
        let unknown = vars().interpolate(&json!("${sender.id}")).unwrap_err();
        assert!(
            unknown.contains("\"sender\"") && unknown.contains("domain"),
            "{unknown}"
        );
        let path = vars().interpolate(&json!("x ${domain.nope}")).unwrap_err();
        assert!(path.contains("\"nope\""), "{path}");
        assert!(vars().interpolate(&json!("${domain.id")).is_err());
    }
}
