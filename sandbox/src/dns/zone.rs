//! The TXT records the sandbox serves, shared between the HTTP routes that edit them and the DNS
//! server that answers with them.

use std::collections::BTreeMap;
use std::sync::{Arc, PoisonError, RwLock};

/// A DNS character-string holds at most 255 bytes (RFC 1035 §3.3); longer values span several.
const MAX_CHARACTER_STRING: usize = 255;

/// The sandbox's own zone of TXT records. Cheap to clone; clones share the records.
///
/// Names are compared case-insensitively and a trailing dot is ignored. A name can hold several
/// TXT records, like real DNS: publishing adds a record (an identical one is not added twice),
/// `remove` deletes them all.
#[derive(Clone, Default)]
pub struct Zone {
    /// Normalised name -> its TXT records, each a list of character-strings.
    records: Arc<RwLock<BTreeMap<String, Vec<Vec<String>>>>>,
}

/// One TXT record: its name and its character-strings (each at most 255 bytes).
#[derive(Clone, Debug, serde::Serialize)]
pub struct TxtRecord {
    /// The owner name, lower-cased, without a trailing dot.
    pub name: String,
    /// The record's character-strings; a resolver joins them into one value.
    pub values: Vec<String>,
}

impl Zone {
    /// Adds a TXT record made of these character-strings. A string over 255 bytes is split (on a
    /// char boundary) so the record can always be served; no strings means one empty string.
    pub fn publish(&self, name: &str, strings: Vec<String>) {
        let mut record: Vec<String> = strings
            .iter()
            .flat_map(|s| split_character_strings(s))
            .collect();
        if record.is_empty() {
            record.push(String::new());
        }
        let mut zone = self.records.write().unwrap_or_else(PoisonError::into_inner);
        let at_name = zone.entry(normalize(name)).or_default();
        if !at_name.contains(&record) {
            at_name.push(record);
        }
    }

    /// Adds a TXT record holding one value, split into character-strings of at most 255 bytes.
    pub fn publish_value(&self, name: &str, value: &str) {
        self.publish(name, split_character_strings(value));
    }

    /// Removes every TXT record at `name`; `false` when there was none.
    pub fn remove(&self, name: &str) -> bool {
        let mut zone = self.records.write().unwrap_or_else(PoisonError::into_inner);
        zone.remove(&normalize(name)).is_some()
    }

    /// All records, ordered by name, then in the order they were published.
    pub fn records(&self) -> Vec<TxtRecord> {
        let zone = self.records.read().unwrap_or_else(PoisonError::into_inner);
        zone.iter()
            .flat_map(|(name, records)| {
                records.iter().map(|values| TxtRecord {
                    name: name.clone(),
                    values: values.clone(),
                })
            })
            .collect()
    }

    /// Removes every record.
    pub fn clear(&self) {
        self.records
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// What the zone holds at `name`: `None` when the name does not exist (NXDOMAIN), otherwise its
    /// TXT records, empty for a name that exists only as the parent of another (RFC 8020).
    pub(super) fn txt_at(&self, name: &str) -> Option<Vec<Vec<String>>> {
        let name = normalize(name);
        let zone = self.records.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(records) = zone.get(&name) {
            return Some(records.clone());
        }
        let suffix = format!(".{name}");
        zone.keys()
            .any(|owner| name.is_empty() || owner.ends_with(&suffix))
            .then(Vec::new)
    }
}

/// The form names are stored in: no surrounding whitespace, no trailing dot, ASCII lower case.
fn normalize(name: &str) -> String {
    let name = name.trim();
    name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase()
}

/// Splits a value into character-strings of at most 255 bytes, never inside a UTF-8 character.
fn split_character_strings(value: &str) -> Vec<String> {
    if value.is_empty() {
        return vec![String::new()];
    }
    let mut parts = Vec::with_capacity(value.len() / MAX_CHARACTER_STRING + 1);
    let mut rest = value;
    while !rest.is_empty() {
        let mut end = rest.len().min(MAX_CHARACTER_STRING);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (part, tail) = rest.split_at(end);
        parts.push(part.to_owned());
        rest = tail;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_value_splits_into_255_byte_strings_that_join_back() {
        let value = "k".repeat(600);
        let zone = Zone::default();
        zone.publish_value("a.example.com", &value);
        let records = zone.records();
        assert_eq!(records.len(), 1);
        let lengths: Vec<usize> = records[0].values.iter().map(String::len).collect();
        assert_eq!(lengths, [255, 255, 90]);
        assert_eq!(records[0].values.concat(), value);
    }

    #[test]
    fn splitting_never_cuts_a_multibyte_character() {
        // 254 ASCII bytes, then a 2-byte character that would straddle byte 255.
        let value = format!("{}é{}", "a".repeat(254), "b".repeat(10));
        let parts = split_character_strings(&value);
        assert_eq!(parts[0].len(), 254);
        assert!(parts.iter().all(|p| p.len() <= 255));
        assert_eq!(parts.concat(), value);
    }

    #[test]
    fn exactly_255_bytes_is_one_string_and_empty_is_one_empty_string() {
        assert_eq!(split_character_strings(&"x".repeat(255)).len(), 1);
        assert_eq!(split_character_strings(""), [""]);
        let zone = Zone::default();
        zone.publish("empty.example.com", Vec::new());
        assert_eq!(zone.records()[0].values, [""]);
    }

    #[test]
    fn publish_splits_overlong_strings_it_is_given() {
        let zone = Zone::default();
        zone.publish("a.example.com", vec!["x".repeat(300), "y".into()]);
        let lengths: Vec<usize> = zone.records()[0].values.iter().map(String::len).collect();
        assert_eq!(lengths, [255, 45, 1]);
    }

    #[test]
    fn names_are_case_insensitive_and_tolerate_a_trailing_dot() {
        let zone = Zone::default();
        zone.publish_value("Smtp._DomainKey.Example.COM.", "v=DKIM1; p=abc");
        assert_eq!(zone.records()[0].name, "smtp._domainkey.example.com");
        assert_eq!(
            zone.txt_at("SMTP._domainkey.example.com"),
            Some(vec![vec!["v=DKIM1; p=abc".to_owned()]])
        );
        assert!(zone.remove("smtp._domainkey.example.com."));
        assert!(!zone.remove("smtp._domainkey.example.com"));
        assert!(zone.records().is_empty());
    }

    #[test]
    fn a_name_holds_several_records_without_duplicates() {
        let zone = Zone::default();
        zone.publish_value("a.example.com", "one");
        zone.publish_value("a.example.com", "two");
        zone.publish_value("A.example.com", "one");
        let values: Vec<Vec<String>> = zone.records().into_iter().map(|r| r.values).collect();
        assert_eq!(values, [vec!["one".to_owned()], vec!["two".to_owned()]]);
    }

    #[test]
    fn parents_of_published_names_exist_empty_and_others_do_not_exist() {
        let zone = Zone::default();
        zone.publish_value("smtp._domainkey.example.com", "v=DKIM1; p=abc");
        assert_eq!(zone.txt_at("_domainkey.example.com"), Some(Vec::new()));
        assert_eq!(zone.txt_at("example.com."), Some(Vec::new()));
        assert_eq!(zone.txt_at("ample.com"), None);
        assert_eq!(zone.txt_at("other.example.com"), None);
    }

    #[test]
    fn clear_empties_the_zone_for_every_clone() {
        let zone = Zone::default();
        let shared = zone.clone();
        zone.publish_value("a.example.com", "x");
        assert_eq!(shared.records().len(), 1);
        shared.clear();
        assert!(zone.records().is_empty());
        assert_eq!(zone.txt_at("a.example.com"), None);
    }
}
