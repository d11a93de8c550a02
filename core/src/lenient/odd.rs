//! Odd fields: values that did not fit their field's type, warned about with their full path
//! (`data.campaigns[3].bounce_email_id`) once the whole answer is decoded.
//!
//! A model does not know where it sits in the answer, so the path is built on the way back up: the
//! model records the odd field under its key, and each enclosing list item and model field adds
//! its own index or key to the records made while it was decoded. Only the types that can hold a
//! model ([`super::Lenient::HAS_FIELDS`]) do this, so a scalar field pays nothing and a list item
//! one read of a thread-local length. Decoding is synchronous, so one thread decodes one answer at
//! a time and a thread-local is exactly its scope.
//!
//! Outside a [`collect`] scope (a model decoded with plain serde, not through a client call) the
//! warning is logged at once, naming the model and the key.

use std::cell::{Cell, RefCell};

use serde_json::Value;

thread_local! {
    static COLLECTING: Cell<bool> = const { Cell::new(false) };
    static RECORDS: RefCell<Vec<OddField>> = const { RefCell::new(Vec::new()) };
    /// `RECORDS.len()`, kept apart so that the check every list item makes is one plain read.
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

/// Replaces the records, keeping `COUNT` in step; returns the old ones.
fn replace_records(new: Vec<OddField>) -> Vec<OddField> {
    COUNT.with(|count| count.set(new.len()));
    RECORDS.with(|records| std::mem::replace(&mut *records.borrow_mut(), new))
}

/// One step of a field's path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Segment {
    /// An object key.
    Key(&'static str),
    /// A list index.
    Index(usize),
}

/// A field whose value did not fit its type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OddField {
    /// The path, innermost segment first (enclosing levels push theirs as decoding returns).
    segments: Vec<Segment>,
    /// The model holding the field, e.g. `Campaign`.
    pub(crate) model: &'static str,
    /// The JSON type of the value it had, e.g. `string`.
    pub(crate) json_type: &'static str,
}

impl OddField {
    /// The field's path under `root` (e.g. `data`), written as decode errors write theirs.
    pub(crate) fn path(&self, root: &str) -> String {
        let mut path = root.to_owned();
        for segment in self.segments.iter().rev() {
            match segment {
                Segment::Key(key) if path.is_empty() => path.push_str(key),
                Segment::Key(key) => {
                    path.push('.');
                    path.push_str(key);
                }
                Segment::Index(index) => path.push_str(&format!("[{index}]")),
            }
        }
        path
    }
}

/// Notes that `key` of `model` held `raw`, which did not fit its type.
pub(crate) fn record(model: &'static str, key: &'static str, raw: &Value) {
    let json_type = json_type(raw);
    if COLLECTING.with(Cell::get) {
        RECORDS.with(|records| {
            let mut records = records.borrow_mut();
            records.push(OddField {
                segments: vec![Segment::Key(key)],
                model,
                json_type,
            });
            COUNT.with(|count| count.set(records.len()));
        });
    } else {
        tracing::warn!(
            field = format_args!("{model}.{key}"),
            json_type,
            "a field's value does not fit its type: it reads as absent, the raw value is in `extra`"
        );
    }
}

/// How many fields are recorded so far; pass it to [`prefix_since`] or [`forget_since`].
#[inline]
pub(crate) fn mark() -> usize {
    COUNT.with(Cell::get)
}

/// Adds `segment` to the paths of the fields recorded since `since` (a [`mark`]); returns the
/// new mark.
#[inline]
pub(crate) fn prefix_since(since: usize, segment: Segment) -> usize {
    let now = mark();
    if now != since {
        RECORDS.with(|records| {
            for record in records.borrow_mut().iter_mut().skip(since) {
                record.segments.push(segment);
            }
        });
    }
    now
}

/// Drops the fields recorded since `mark` (their value went to `extra` whole, with an odd field
/// of its own).
pub(crate) fn forget_since(mark: usize) {
    RECORDS.with(|records| records.borrow_mut().truncate(mark));
    COUNT.with(|count| count.set(count.get().min(mark)));
}

/// Runs `decode` and returns what it decoded with the odd fields it met, which are then not
/// warned about one by one: the caller knows the answer's root and warns with full paths.
pub(crate) fn collect<R>(decode: impl FnOnce() -> R) -> (R, Vec<OddField>) {
    /// Restores the enclosing scope even if `decode` panics.
    struct Scope {
        outer_records: Vec<OddField>,
        outer_collecting: bool,
    }
    impl Drop for Scope {
        fn drop(&mut self) {
            replace_records(std::mem::take(&mut self.outer_records));
            COLLECTING.with(|collecting| collecting.set(self.outer_collecting));
        }
    }
    let scope = Scope {
        outer_records: replace_records(Vec::new()),
        outer_collecting: COLLECTING.with(|collecting| collecting.replace(true)),
    };
    let decoded = decode();
    let odd = replace_records(Vec::new());
    drop(scope);
    (decoded, odd)
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_built_on_the_way_up() {
        let ((), odd) = collect(|| {
            record("Campaign", "bounce_email_id", &Value::from("bm-7"));
            let after_item = prefix_since(0, Segment::Index(3));
            assert_eq!(after_item, 1);
            prefix_since(0, Segment::Key("campaigns"));
        });
        assert_eq!(odd.len(), 1);
        assert_eq!(odd[0].path("data"), "data.campaigns[3].bounce_email_id");
        assert_eq!(odd[0].path(""), "campaigns[3].bounce_email_id");
        assert_eq!((odd[0].model, odd[0].json_type), ("Campaign", "string"));
        assert_eq!(mark(), 0, "the scope leaves nothing behind");
    }

    #[test]
    fn forgotten_records_and_nested_scopes() {
        let ((), outer) = collect(|| {
            record("Domain", "id", &Value::Null);
            let ((), inner) = collect(|| record("Template", "active", &Value::from(7)));
            assert_eq!(inner.len(), 1);
            let mark = mark();
            record("Vmta", "id", &Value::Bool(true));
            forget_since(mark);
        });
        assert_eq!(
            outer.len(),
            1,
            "the inner scope and the forgotten record are not here"
        );
        assert_eq!(outer[0].path("user"), "user.id");
    }
}
