//! Lenient decoding of what PHP apps really send.
//!
//! The API is a Laravel app: ids arrive as `123` or `"123"`, booleans as `true`, `1` or `"1"`, and a
//! missing optional value as a missing key, `null` or `""`. Every model field is decoded through
//! [`Lenient`], chosen by the field's Rust type, so the rules live here once:
//!
//! | type | accepts | a value that does not fit reads as |
//! |---|---|---|
//! | integers | numbers, numeric strings (`" 12 "` too) | `0` |
//! | `bool` | `true`/`false`, `0`/`1`, `"0"`/`"1"`, `"true"`/`"false"` | `false` |
//! | `String` | strings, and numbers or booleans as their text | `""` |
//! | `Option<T>` | absent, `null` or `""` as `None`, otherwise `T`'s rules | `None` |
//! | `Vec<T>` | a list of `T`, absent or `null` as empty | empty |
//! | a model | an object | every field as it reads when it does not fit |
//!
//! Fields the contract leaves untyped (`Campaign::bounce_email_id`) are `Option<String>`: text that
//! also accepts numbers.
//!
//! **One odd field never fails a call.** A field value that still does not fit its type makes the
//! field read as in the last column (absent for `Option` and lists; a plain field keeps its type
//! and reads as its empty value, which the client's argument checks refuse as an id or a name, so
//! it cannot be sent back by mistake), keeps the raw value in the model's `extra` under its API
//! name, and logs one `tracing` warning naming its path (`data.campaigns[3].bounce_email_id`; see
//! `odd.rs`). Only a wrong *shape* fails: a result that is not what its endpoint returns (an
//! object where the list belongs, an item of a result list that is not an object, the data key
//! missing) or an object that lacks a required key, which is then not that model. Those are
//! `ErrorKind::Decode` errors with the path. So is a number beyond `f64`'s range (`1e400`)
//! anywhere in a model: JSON allows it, the parser cannot hold it, and no API sends one.
//!
//! Whether a value needs any of these rules at all is [`canonical`]'s question: a result that
//! needs none can be handed to a binding as the API's own text.
//!
//! Decoding stays streaming (no intermediate `serde_json::Value` for the answer): scalar fields are
//! decoded straight from the parser; only a field that holds a model or a list of models is
//! buffered, so that it can go to `extra` whole (see `field.rs`).

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{
    BoolDeserializer, BorrowedStrDeserializer, F64Deserializer, I64Deserializer,
    MapAccessDeserializer, SeqAccessDeserializer, StrDeserializer, StringDeserializer,
    U64Deserializer,
};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

pub mod canonical;
mod field;
pub(crate) mod odd;

pub(crate) use field::next_field;

/// A type decoded with the API's lenient rules (see the module documentation).
pub trait Lenient: Sized {
    /// Decodes a value, accepting the spellings a PHP app uses.
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;

    /// The value of a field that is absent from the object; `None` makes absence an error.
    fn when_absent() -> Option<Self> {
        None
    }

    /// What a model field of this type reads as when its value does not fit (the raw value goes
    /// to the model's `extra`): absent where the type can say so, otherwise its empty value.
    fn when_unfit() -> Self;

    /// Whether the value is or holds a model, whose odd fields are reported with a path that the
    /// enclosing list items and fields extend (see `odd.rs`). Scalars skip that bookkeeping.
    const HAS_FIELDS: bool = false;
}

/// A [`DeserializeSeed`] that decodes any [`Lenient`] type, for hand-written visitors.
pub struct LenientSeed<T>(PhantomData<T>);

impl<T> LenientSeed<T> {
    /// The seed for `T`.
    pub fn new() -> Self {
        LenientSeed(PhantomData)
    }
}

impl<T> Clone for LenientSeed<T> {
    fn clone(&self) -> Self {
        Self::new()
    }
}

impl<T> Default for LenientSeed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Lenient> DeserializeSeed<'de> for LenientSeed<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_lenient(deserializer)
    }
}

/// For `#[serde(deserialize_with = "crate::lenient::deserialize")]` on derived structs.
pub fn deserialize<'de, D: Deserializer<'de>, T: Lenient>(deserializer: D) -> Result<T, D::Error> {
    T::deserialize_lenient(deserializer)
}

macro_rules! lenient_integer {
    ($($int:ty),*) => {$(
        impl Lenient for $int {
            fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct IntVisitor;
                impl<'de> Visitor<'de> for IntVisitor {
                    type Value = $int;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str(concat!("an integer (", stringify!($int), ") or a numeric string"))
                    }
                    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<$int, E> {
                        <$int>::try_from(v).map_err(|_| E::custom(format!("{v} is out of range")))
                    }
                    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<$int, E> {
                        <$int>::try_from(v).map_err(|_| E::custom(format!("{v} is out of range")))
                    }
                    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<$int, E> {
                        // PHP sometimes serialises whole numbers as floats (`12.0`).
                        if v.fract() == 0.0 && v >= <$int>::MIN as f64 && v <= <$int>::MAX as f64 {
                            Ok(v as $int)
                        } else {
                            Err(E::custom(format!("{v} is not a whole number")))
                        }
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$int, E> {
                        v.trim().parse().map_err(|_| E::custom(format!("{v:?} is not an integer")))
                    }
                }
                d.deserialize_any(IntVisitor)
            }

            fn when_unfit() -> Self {
                0
            }
        }
    )*};
}
lenient_integer!(u64, u32, i64);

impl Lenient for bool {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct BoolVisitor;
        impl<'de> Visitor<'de> for BoolVisitor {
            type Value = bool;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a boolean, 0/1 or \"0\"/\"1\"")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<bool, E> {
                Ok(v)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<bool, E> {
                match v {
                    0 => Ok(false),
                    1 => Ok(true),
                    _ => Err(E::custom(format!("{v} is not a boolean"))),
                }
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<bool, E> {
                self.visit_u64(
                    u64::try_from(v).map_err(|_| E::custom(format!("{v} is not a boolean")))?,
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<bool, E> {
                match v.trim() {
                    "1" | "true" | "TRUE" | "True" => Ok(true),
                    "0" | "false" | "FALSE" | "False" => Ok(false),
                    _ => Err(E::custom(format!("{v:?} is not a boolean"))),
                }
            }
        }
        d.deserialize_any(BoolVisitor)
    }

    fn when_unfit() -> Self {
        false
    }
}

impl Lenient for String {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct StringVisitor;
        impl<'de> Visitor<'de> for StringVisitor {
            type Value = String;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_owned())
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
                Ok(v)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<String, E> {
                Ok(v.to_string())
            }
        }
        d.deserialize_any(StringVisitor)
    }

    fn when_unfit() -> Self {
        String::new()
    }
}

/// Raw JSON (used for values the SDK does not model) is kept exactly as sent.
impl Lenient for serde_json::Value {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::Deserialize::deserialize(d)
    }

    fn when_unfit() -> Self {
        serde_json::Value::Null
    }
}

impl<T: Lenient> Lenient for Vec<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct SeqVisitor<T>(PhantomData<T>);
        impl<'de, T: Lenient> Visitor<'de> for SeqVisitor<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
                Ok(Vec::new())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                // Cap the pre-allocation: the hint comes from the network.
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                let mut odd_mark = if T::HAS_FIELDS { odd::mark() } else { 0 };
                while let Some(item) = seq.next_element_seed(LenientSeed::<T>::new())? {
                    if T::HAS_FIELDS {
                        odd_mark = odd::prefix_since(odd_mark, odd::Segment::Index(items.len()));
                    }
                    items.push(item);
                }
                Ok(items)
            }
        }
        d.deserialize_any(SeqVisitor(PhantomData))
    }

    fn when_absent() -> Option<Self> {
        Some(Vec::new())
    }

    fn when_unfit() -> Self {
        Vec::new()
    }

    const HAS_FIELDS: bool = T::HAS_FIELDS;
}

impl<T: Lenient> Lenient for Option<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(OptionVisitor(PhantomData))
    }

    fn when_absent() -> Option<Self> {
        Some(None)
    }

    fn when_unfit() -> Self {
        None
    }

    const HAS_FIELDS: bool = T::HAS_FIELDS;
}

/// Whether text reads as absent in an optional field (`""` or only whitespace); the canonical
/// check rejects the same text, as the lenient rules would rewrite it.
pub(crate) fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// Maps `null` and `""` to `None` and hands any other value, re-wrapped as a deserializer, to `T`.
struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value, null or an empty string")
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Option<T>, E> {
        T::deserialize_lenient(BoolDeserializer::<E>::new(v)).map(Some)
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Option<T>, E> {
        T::deserialize_lenient(U64Deserializer::<E>::new(v)).map(Some)
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Option<T>, E> {
        T::deserialize_lenient(I64Deserializer::<E>::new(v)).map(Some)
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Option<T>, E> {
        T::deserialize_lenient(F64Deserializer::<E>::new(v)).map(Some)
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Option<T>, E> {
        if is_blank(v) {
            return Ok(None);
        }
        T::deserialize_lenient(BorrowedStrDeserializer::<E>::new(v)).map(Some)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Option<T>, E> {
        if is_blank(v) {
            return Ok(None);
        }
        T::deserialize_lenient(StrDeserializer::<E>::new(v)).map(Some)
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Option<T>, E> {
        if is_blank(&v) {
            return Ok(None);
        }
        T::deserialize_lenient(StringDeserializer::<E>::new(v)).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<T>, A::Error> {
        T::deserialize_lenient(SeqAccessDeserializer::new(seq)).map(Some)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
        T::deserialize_lenient(MapAccessDeserializer::new(map)).map(Some)
    }
}

/// Reads an object key without allocating when the JSON text holds it verbatim.
pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = std::borrow::Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = std::borrow::Cow<'de, str>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                v: &'de str,
            ) -> Result<Self::Value, E> {
                Ok(std::borrow::Cow::Borrowed(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(std::borrow::Cow::Owned(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(std::borrow::Cow::Owned(v))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode<T: Lenient>(json: &str) -> Result<T, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        T::deserialize_lenient(&mut de)
    }

    #[test]
    fn integers_accept_numbers_and_numeric_strings() {
        assert_eq!(decode::<u64>("123").unwrap(), 123);
        assert_eq!(decode::<u64>("\"123\"").unwrap(), 123);
        assert_eq!(decode::<u64>("\" 7 \"").unwrap(), 7);
        assert_eq!(decode::<u64>("12.0").unwrap(), 12);
        assert_eq!(decode::<i64>("-4").unwrap(), -4);
        assert!(decode::<u64>("-1").is_err());
        assert!(decode::<u64>("\"abc\"").is_err());
        assert!(decode::<u64>("1.5").is_err());
        assert!(decode::<u32>("4294967296").is_err());
    }

    #[test]
    fn booleans_accept_php_spellings() {
        for (json, want) in [("true", true), ("false", false), ("1", true), ("0", false)] {
            assert_eq!(decode::<bool>(json).unwrap(), want, "{json}");
        }
        for (json, want) in [
            ("\"1\"", true),
            ("\"0\"", false),
            ("\"true\"", true),
            ("\"false\"", false),
        ] {
            assert_eq!(decode::<bool>(json).unwrap(), want, "{json}");
        }
        assert!(decode::<bool>("2").is_err());
        assert!(decode::<bool>("\"yes\"").is_err());
    }

    #[test]
    fn options_treat_null_and_empty_string_as_absent() {
        assert_eq!(decode::<Option<u64>>("null").unwrap(), None);
        assert_eq!(decode::<Option<u64>>("\"\"").unwrap(), None);
        assert_eq!(decode::<Option<u64>>("\"5\"").unwrap(), Some(5));
        assert_eq!(decode::<Option<String>>("\"\"").unwrap(), None);
        assert_eq!(
            decode::<Option<String>>("\"a\\\"b\"").unwrap(),
            Some("a\"b".to_owned())
        );
        assert_eq!(decode::<Option<bool>>("\"0\"").unwrap(), Some(false));
        assert_eq!(<Option<u64>>::when_absent(), Some(None));
    }

    #[test]
    fn strings_accept_scalars_as_text() {
        assert_eq!(decode::<String>("42").unwrap(), "42");
        assert_eq!(decode::<String>("true").unwrap(), "true");
        assert!(decode::<String>("[1]").is_err());
    }

    #[test]
    fn lists_accept_null_and_lenient_items() {
        assert_eq!(decode::<Vec<u64>>("[1, \"2\", 3]").unwrap(), vec![1, 2, 3]);
        assert_eq!(decode::<Vec<u64>>("null").unwrap(), Vec::<u64>::new());
        assert_eq!(<Vec<u64>>::when_absent(), Some(Vec::new()));
        assert_eq!(
            decode::<Option<Vec<u64>>>("[\"9\"]").unwrap(),
            Some(vec![9])
        );
        assert!(decode::<Vec<u64>>("{}").is_err());
        assert_eq!(u64::when_absent(), None);
    }
}
