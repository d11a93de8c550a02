//! How results are printed for people: an object as aligned `key: value` lines (nested objects
//! indented), a list of records as a table, or as one block per record when a table would have
//! too many columns. `--json` bypasses all of this. Also what `--include` prints of the answer.
//!
//! serde_json's maps come sorted by key, so fields are shown in a fixed readable order instead:
//! `id` first, timestamps (`*_at`) last, the rest alphabetically.

use serde_json::{json, Map, Value};
use smtpprovider::ResponseInfo;

/// Widest a table cell gets before it is cut short with `…` (`--json` shows every value whole).
const MAX_CELL: usize = 40;
/// Most columns a table gets; wider records are listed one block each instead.
const MAX_COLUMNS: usize = 8;

/// What the server answered a call (`--include`), for stderr: `HTTP 200 domains.list` and the
/// headers as `name: value` lines, as `curl -i` shows them, then a blank line; with `json`, one
/// line `{"response": {"endpoint", "status", "headers", "rate_limit"}}` (`reset` in seconds since
/// the epoch).
pub fn answer(answer: &ResponseInfo, json: bool) -> String {
    if json {
        let headers: Map<String, Value> = answer
            .headers
            .iter()
            .map(|(name, value)| (name.clone(), Value::from(value.as_str())))
            .collect();
        let rate_limit = answer.rate_limit.map(|rate| {
            let reset = rate
                .reset
                .and_then(|at| at.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|since| since.as_secs());
            json!({"limit": rate.limit, "remaining": rate.remaining, "reset": reset})
        });
        let response = json!({"response": {
            "endpoint": answer.endpoint,
            "status": answer.status,
            "headers": headers,
            "rate_limit": rate_limit,
        }});
        return format!("{response}\n");
    }
    let mut out = format!("HTTP {} {}\n", answer.status, answer.endpoint);
    for (name, value) in &answer.headers {
        out.push_str(&format!("{name}: {value}\n"));
    }
    out.push('\n');
    out
}

/// The human rendering of a result, ending with a newline.
pub fn human(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) => object(map, 0, &mut out),
        Value::Array(items) => list(items, 0, &mut out),
        scalar => {
            out.push_str(&text(scalar));
            out.push('\n');
        }
    }
    out
}

/// A scalar as text; `null` shows as `-`.
fn text(value: &Value) -> String {
    match value {
        Value::Null => "-".to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The keys of `map` in display order (see the module docs).
fn ordered(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let rank = |key: &str| match key {
        "id" => 0,
        _ if key.ends_with("_at") => 2,
        _ => 1,
    };
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by_key(|(key, _)| rank(key));
    entries
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

fn object(map: &Map<String, Value>, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    let width = map.keys().map(|k| k.chars().count()).max().unwrap_or(0);
    for (key, value) in ordered(map) {
        match value {
            Value::Object(inner) if inner.is_empty() => {
                out.push_str(&format!("{pad}{key:width$}  -\n"))
            }
            Value::Object(inner) => {
                out.push_str(&format!("{pad}{key}:\n"));
                object(inner, indent + 2, out);
            }
            Value::Array(items) if items.is_empty() => {
                out.push_str(&format!("{pad}{key:width$}  (none)\n"))
            }
            Value::Array(items) if items.iter().all(is_scalar) => {
                let joined: Vec<String> = items.iter().map(text).collect();
                out.push_str(&format!("{pad}{key:width$}  {}\n", joined.join(", ")));
            }
            Value::Array(items) => {
                out.push_str(&format!("{pad}{key}: ({})\n", items.len()));
                list(items, indent + 2, out);
            }
            scalar => out.push_str(&format!("{pad}{key:width$}  {}\n", text(scalar))),
        }
    }
}

fn list(items: &[Value], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    if items.is_empty() {
        out.push_str(&format!("{pad}(none)\n"));
        return;
    }
    let records: Option<Vec<&Map<String, Value>>> = items.iter().map(Value::as_object).collect();
    let Some(records) = records else {
        for item in items {
            out.push_str(&format!("{pad}{}\n", text(item)));
        }
        return;
    };
    let columns = table_columns(&records);
    if columns.len() > MAX_COLUMNS {
        for (index, record) in records.iter().enumerate() {
            out.push_str(&format!("{pad}[{}]\n", index + 1));
            object(record, indent + 2, out);
        }
    } else {
        table(&records, &columns, indent, out);
    }
}

/// The keys holding a non-null scalar in some record, in the order they first appear.
fn table_columns<'a>(records: &[&'a Map<String, Value>]) -> Vec<&'a str> {
    let mut columns: Vec<&str> = Vec::new();
    for record in records {
        for (key, value) in ordered(record) {
            if is_scalar(value) && !value.is_null() && !columns.contains(&key.as_str()) {
                columns.push(key);
            }
        }
    }
    columns
}

fn cell(value: Option<&Value>) -> String {
    let full = value.map_or_else(|| "-".to_owned(), text);
    let full = full.replace(['\n', '\r'], " ");
    if full.chars().count() > MAX_CELL {
        let cut: String = full.chars().take(MAX_CELL - 1).collect();
        format!("{cut}…")
    } else {
        full
    }
}

fn table(records: &[&Map<String, Value>], columns: &[&str], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|r| columns.iter().map(|c| cell(r.get(*c))).collect())
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            rows.iter()
                .map(|row| row[i].chars().count())
                .chain([c.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:w$}"))
            .collect();
        format!("{pad}{}\n", padded.join("  ").trim_end())
    };
    out.push_str(&line(columns.iter().map(|c| c.to_uppercase()).collect()));
    for row in rows {
        out.push_str(&line(row));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn objects_are_aligned_key_value_lines() {
        let shown =
            human(&json!({"verified_at": null, "id": 3, "domain_name": "example.com", "tags": []}));
        assert_eq!(
            shown,
            "id           3\ndomain_name  example.com\ntags         (none)\nverified_at  -\n"
        );
    }

    #[test]
    fn lists_of_records_are_tables_with_long_cells_cut() {
        let key = "p=".repeat(40);
        let shown = human(&json!([
            {"id": 1, "domain_name": "a.com", "public_key": key, "verified_at": null},
            {"id": 2, "domain_name": "bb.com", "public_key": "short", "verified_at": null},
        ]));
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(
            lines[0], "ID  DOMAIN_NAME  PUBLIC_KEY",
            "all-null columns are dropped"
        );
        assert!(
            lines[1].starts_with("1   a.com        p=p=") && lines[1].ends_with('…'),
            "{}",
            lines[1]
        );
        assert_eq!(lines[2], "2   bb.com       short");
    }

    #[test]
    fn wide_records_and_nested_lists_stay_readable() {
        let wide: Map<String, Value> = (0..10).map(|i| (format!("f{i}"), json!(i))).collect();
        let shown = human(&json!({"campaign": {"id": 1}, "campaigns": [wide]}));
        assert!(
            shown.starts_with("campaign:\n  id  1\ncampaigns: (1)\n  [1]\n    f0  0\n"),
            "{shown}"
        );
    }
}
