//! [`Secret`]: a string that never shows itself in `Debug`, logs or errors.

use std::fmt;

/// A credential (the API token or a password). Its `Debug` prints `Secret("***")` and it has no
/// `Display`, so it cannot leak through `{:?}`, `tracing` fields or an error message by accident;
/// reading it takes an explicit [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The credential itself, for the one place that must send it (or a caller that stores it).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the credential is empty or only whitespace.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new("1|plain-text-token");
        let shown = format!("{secret:?} {:#?}", Some(&secret));
        assert!(!shown.contains("plain-text-token"), "{shown}");
        assert!(shown.contains("***"));
        assert_eq!(secret.expose(), "1|plain-text-token");
    }

    #[test]
    fn blank_detection() {
        assert!(Secret::new("  ").is_blank());
        assert!(!Secret::from("x").is_blank());
    }
}
