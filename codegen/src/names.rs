//! Spelling table names in other languages' conventions.

/// `send_welcome` → `sendWelcome`, `mailing_lists` → `mailingLists`.
pub fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A language-neutral doc as Python reads it: each error kind it names in backticks (`` `Timeout` ``)
/// as its exception class (`` `APITimeoutError` ``).
pub fn python_words(doc: &str) -> String {
    smtpprovider::ErrorKind::ALL
        .iter()
        .fold(doc.to_owned(), |text, kind| {
            text.replace(
                &format!("`{}`", kind.as_str()),
                &format!("`{}`", kind.class_name()),
            )
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn python_names_the_exception_classes() {
        assert_eq!(
            super::python_words("fails with `Timeout`, or `InvalidInput`; Timeout"),
            "fails with `APITimeoutError`, or `InvalidInputError`; Timeout"
        );
    }

    #[test]
    fn camel_case() {
        assert_eq!(super::camel("send_welcome"), "sendWelcome");
        assert_eq!(super::camel("list"), "list");
        assert_eq!(super::camel("toggle_pause"), "togglePause");
    }
}
