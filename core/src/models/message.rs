//! `Message`: the result of calls that answer with a sentence rather than an object.

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::fmt;

use crate::lenient::canonical::Canonical;
use crate::lenient::{is_blank, next_field, KeySeed, Lenient};

model! {
    #[decoded_by_hand]
    /// The API's confirmation, e.g. `Verification email sent`, `Mail sent successfully` or (for
    /// `campaigns.update`, spelling kept) `update sucessfully`.
    pub struct Message {
        /// The sentence the API answered with, when it sent one.
        pub message: Option<String>,
    }
}

/// Accepts `{"message": "..."}` (with any other fields kept) or a bare string.
impl Lenient for Message {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MessageVisitor;
        impl<'de> Visitor<'de> for MessageVisitor {
            type Value = Message;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a message string or an object with a message")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Message, E> {
                // Blank text is absent, as in the `message` field: `""` and `{"message": ""}`
                // read alike (the round-trip property found them apart).
                let message = (!is_blank(v)).then(|| v.to_owned());
                Ok(Message {
                    message,
                    extra: serde_json::Map::new(),
                })
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Message, E> {
                Ok(Message {
                    message: None,
                    extra: serde_json::Map::new(),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Message, A::Error> {
                let mut message = None;
                let mut extra = serde_json::Map::new();
                while let Some(key) = map.next_key_seed(KeySeed)? {
                    if key == "message" {
                        message = next_field(&mut map, "Message", "message", &mut extra)?;
                    } else {
                        extra.insert(key.into_owned(), map.next_value()?);
                    }
                }
                Ok(Message { message, extra })
            }
        }
        d.deserialize_any(MessageVisitor)
    }

    fn when_unfit() -> Self {
        Message {
            message: None,
            extra: serde_json::Map::new(),
        }
    }

    const HAS_FIELDS: bool = true;
}

/// Always decoded rather than checked: a bare string and blank text are rewritten, and the
/// answers are a sentence long.
impl Canonical for Message {
    fn check_canonical<'de, D: Deserializer<'de>>(_: D) -> Result<(), D::Error> {
        Err(serde::de::Error::custom("decoded, not checked"))
    }
}

impl<'de> serde::Deserialize<'de> for Message {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Message::deserialize_lenient(d)
    }
}

/// The API's shape: `message` (as sent, when it was not text), then the other fields.
impl Serialize for Message {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let own = usize::from(!self.extra.contains_key("message"));
        let mut map = serializer.serialize_map(Some(own + self.extra.len()))?;
        if own == 1 {
            map.serialize_entry("message", &self.message)?;
        }
        for (key, value) in &self.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}
