//! What every package README's generated tables share: the regions they sit in (each between a
//! `<!-- generated:NAME ... -->` and a `<!-- /generated:NAME -->` line, the README written by
//! hand around them) and the options table, which reads the same in every language but for the
//! names' casing and the unit of durations.

use smtpprovider::{ErrorKind, OptionKind, OPTIONS};

use crate::names::camel;

/// `text` (the README at `path`) with the region `name` holding `table`.
pub fn fill(path: &str, text: &str, name: &str, table: &str) -> String {
    let open = format!("<!-- generated:{name} ");
    let close = format!("<!-- /generated:{name} -->");
    let start = text
        .find(&open)
        .unwrap_or_else(|| panic!("{path} has no `{open}...-->` line"));
    let body = start + text[start..].find('\n').expect("the marker line ends") + 1;
    let end = text[body..]
        .find(&close)
        .map(|at| body + at)
        .unwrap_or_else(|| panic!("{path} has no `{close}` line"));
    format!("{}{table}{}", &text[..body], &text[end..])
}

/// The error classes of Python or Node: each kind's class, its name in the attribute
/// `kind_column` heads (`.kind`, `code`), and when it happens.
pub fn error_classes_table(kind_column: &str) -> String {
    let mut out = format!("| class | {kind_column} | when |\n|---|---|---|\n");
    for kind in ErrorKind::ALL {
        out.push_str(&format!(
            "| `{}` | `{}` | {} |\n",
            kind.class_name(),
            kind.as_str(),
            kind.info().description
        ));
    }
    out
}

/// How a language spells the table's names.
#[derive(Clone, Copy)]
pub enum Casing {
    /// `max_retries` (Python).
    Snake,
    /// `maxRetries` (Node, Kotlin, Swift).
    Camel,
}

/// The options table of a README: each option in the language's casing, what it holds (with the
/// language's `duration_unit`), whether a call may set it, its default and what it does.
pub fn options_table(casing: Casing, duration_unit: &str) -> String {
    let mut out =
        String::from("| option | holds | per call | default | |\n|---|---|---|---|---|\n");
    for option in OPTIONS {
        let name = match casing {
            Casing::Snake => option.name.to_owned(),
            Casing::Camel => camel(option.name),
        };
        let holds = match option.kind {
            OptionKind::Duration => duration_unit,
            OptionKind::Count => "count",
            OptionKind::Bytes => "bytes",
            OptionKind::Flag => "flag",
            OptionKind::Pem => "PEM text",
            _ => "text",
        };
        out.push_str(&format!(
            "| `{name}` | {holds} | {} | {} | {} |\n",
            if option.per_call { "yes" } else { "" },
            option.default,
            option.summary().replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn a_region_is_replaced_whole_and_the_text_around_it_kept() {
        let text =
            "# T\n<!-- generated:calls (note) -->\nold\nrows\n<!-- /generated:calls -->\nafter\n";
        let filled = fill("T.md", text, "calls", "| new |\n");
        assert_eq!(
            filled,
            "# T\n<!-- generated:calls (note) -->\n| new |\n<!-- /generated:calls -->\nafter\n"
        );
        assert_eq!(
            fill("T.md", &filled, "calls", "| new |\n"),
            filled,
            "filling twice changes nothing"
        );
    }

    #[test]
    fn the_options_table_has_a_row_per_option() {
        let table = super::options_table(super::Casing::Camel, "ms");
        assert_eq!(table.lines().count(), 2 + smtpprovider::OPTIONS.len());
        assert!(table.contains("| `maxRetries` | count | yes | 2 |"));
    }
}
