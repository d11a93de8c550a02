//! [`JsonText`]: a result's JSON text, as [`crate::Client::call_json_text`] answers.

use std::fmt;

use bytes::Bytes;

/// A result's JSON text (UTF-8), in the API's shape. Usually a slice of the response body itself
/// (the API's own text of the result, when it needed no lenient fix), so a long list is handed
/// on without being copied; otherwise the text written from the typed result.
#[derive(Clone, PartialEq, Eq)]
pub struct JsonText(Bytes);

impl JsonText {
    /// A slice of an answer's body: `text` must lie within `body`.
    pub(crate) fn within(body: &Bytes, text: &str) -> Self {
        JsonText(body.slice_ref(text.as_bytes()))
    }

    /// The text's bytes, always UTF-8 (what a binding hands to its JSON parser).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The text as a `String` (a copy, when it is a slice of the body).
    pub fn into_string(self) -> String {
        match String::from_utf8(Vec::from(self.0)) {
            Ok(text) => text,
            // Unreachable: both sources are `str`s. Kept lossy rather than a panic.
            Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
        }
    }
}

impl From<String> for JsonText {
    fn from(text: String) -> Self {
        JsonText(Bytes::from(text))
    }
}

impl fmt::Debug for JsonText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&String::from_utf8_lossy(&self.0), f)
    }
}

impl fmt::Display for JsonText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.0))
    }
}
