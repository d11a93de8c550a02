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

#[cfg(test)]
mod tests {
    #[test]
    fn camel_case() {
        assert_eq!(super::camel("send_welcome"), "sendWelcome");
        assert_eq!(super::camel("list"), "list");
        assert_eq!(super::camel("toggle_pause"), "togglePause");
    }
}
