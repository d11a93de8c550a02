//! Whether an answer is already in the form the SDK would write it back in, so that a binding
//! that wants JSON text (Node's `JSON.parse`, Kotlin's decoder) can be handed the API's own text
//! instead of decoding it into models and encoding them again: on a 10,000-domain list the check
//! is a borrowed pass with nothing allocated, where decoding and re-encoding cost most of the call.
//!
//! A value is *canonical* for a type when reading it with the lenient rules changes nothing that
//! parsing both texts as JSON could tell apart:
//!
//! | type | canonical | not (the lenient rules would rewrite it) |
//! |---|---|---|
//! | integers | a JSON integer in range | `"12"`, `12.0`, `-1` for unsigned |
//! | `bool` | `true`, `false` | `1`, `"1"`, `"true"` |
//! | `String` | a string | a number or a boolean |
//! | `Option<T>` | `null`, or a canonical `T` | `""` and blank text (read as absent) |
//! | `Vec<T>` | a list of canonical `T` | `null` (read as empty) |
//! | a model | an object with every known key once, each canonical; unknown keys hold any JSON | a missing known key (written back as `null` or `[]`), one sent twice |
//! | `serde_json::Value` | any JSON the parser can hold | `1e400` |
//!
//! Key order and string escapes may differ from what the models would write, which no JSON
//! parser tells apart. A value that is not canonical is no error: the caller decodes it with the
//! lenient rules as usual (`envelope::decode_text`), so every odd field still warns and every
//! wrong shape still fails with its path.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{
    BoolDeserializer, BorrowedStrDeserializer, F64Deserializer, I64Deserializer,
    MapAccessDeserializer, SeqAccessDeserializer, StrDeserializer, U64Deserializer,
};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::KeySeed;

/// A type whose JSON can be checked for the canonical form (see the module documentation).
pub trait Canonical {
    /// Succeeds when the value is canonical for this type; any error means it is not (or is not
    /// JSON this type can be read from at all), and the caller decodes it instead.
    fn check_canonical<'de, D: Deserializer<'de>>(d: D) -> Result<(), D::Error>;
}

/// Whether `json` (one complete JSON value) is canonical for `T`.
pub fn is_canonical<T: Canonical>(json: &str) -> bool {
    let mut de = serde_json::Deserializer::from_str(json);
    T::check_canonical(&mut de).is_ok() && de.end().is_ok()
}

/// The error that ends a check early: nothing reads it, the caller decodes instead.
fn rewritten<E: serde::de::Error>() -> E {
    E::custom("not in canonical form")
}

/// A [`DeserializeSeed`] running `T`'s check, for list items and field values.
pub(crate) struct CanonicalSeed<T>(PhantomData<T>);

impl<T> CanonicalSeed<T> {
    pub(crate) fn new() -> Self {
        CanonicalSeed(PhantomData)
    }
}

impl<'de, T: Canonical> DeserializeSeed<'de> for CanonicalSeed<T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        T::check_canonical(d)
    }
}

/// A JSON scalar as the parser handed it over, for [`ScalarCheck`].
#[derive(Clone, Copy)]
enum Scalar {
    Bool,
    Text,
    Unsigned(u64),
    Signed(i64),
}

/// Accepts the scalars `accepts` allows; anything else (floats, `null`, lists, objects) is
/// rewritten for every scalar type.
struct ScalarCheck {
    expecting: &'static str,
    accepts: fn(Scalar) -> bool,
}

impl ScalarCheck {
    fn check<E: serde::de::Error>(&self, scalar: Scalar) -> Result<(), E> {
        if (self.accepts)(scalar) {
            Ok(())
        } else {
            Err(rewritten())
        }
    }
}

impl<'de> Visitor<'de> for ScalarCheck {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.check(Scalar::Bool)
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        self.check(Scalar::Text)
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<(), E> {
        self.check(Scalar::Unsigned(v))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<(), E> {
        self.check(Scalar::Signed(v))
    }
}

macro_rules! canonical_scalar {
    ($($ty:ty => $expecting:literal, $accepts:expr;)*) => {$(
        impl Canonical for $ty {
            fn check_canonical<'de, D: Deserializer<'de>>(d: D) -> Result<(), D::Error> {
                d.deserialize_any(ScalarCheck { expecting: $expecting, accepts: $accepts })
            }
        }
    )*};
}

canonical_scalar! {
    u64 => "an integer", |s| match s {
        Scalar::Unsigned(_) => true,
        Scalar::Signed(v) => u64::try_from(v).is_ok(),
        _ => false,
    };
    u32 => "an integer", |s| match s {
        Scalar::Unsigned(v) => u32::try_from(v).is_ok(),
        Scalar::Signed(v) => u32::try_from(v).is_ok(),
        _ => false,
    };
    i64 => "an integer", |s| match s {
        Scalar::Unsigned(v) => i64::try_from(v).is_ok(),
        Scalar::Signed(_) => true,
        _ => false,
    };
    bool => "a boolean", |s| matches!(s, Scalar::Bool);
    String => "a string", |s| matches!(s, Scalar::Text);
}

impl<T: Canonical> Canonical for Vec<T> {
    fn check_canonical<'de, D: Deserializer<'de>>(d: D) -> Result<(), D::Error> {
        struct ListCheck<T>(PhantomData<T>);
        impl<'de, T: Canonical> Visitor<'de> for ListCheck<T> {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
                while seq.next_element_seed(CanonicalSeed::<T>::new())?.is_some() {}
                Ok(())
            }
        }
        d.deserialize_any(ListCheck::<T>(PhantomData))
    }
}

/// `null`, or `T`'s check on anything else, re-wrapped as a deserializer as the lenient
/// `OptionVisitor` does; blank text is what the lenient rules read as absent.
impl<T: Canonical> Canonical for Option<T> {
    fn check_canonical<'de, D: Deserializer<'de>>(d: D) -> Result<(), D::Error> {
        d.deserialize_any(OptionCheck::<T>(PhantomData))
    }
}

struct OptionCheck<T>(PhantomData<T>);

impl<'de, T: Canonical> Visitor<'de> for OptionCheck<T> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value or null")
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<(), E> {
        T::check_canonical(BoolDeserializer::<E>::new(v))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<(), E> {
        T::check_canonical(U64Deserializer::<E>::new(v))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<(), E> {
        T::check_canonical(I64Deserializer::<E>::new(v))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<(), E> {
        T::check_canonical(F64Deserializer::<E>::new(v))
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<(), E> {
        if super::is_blank(v) {
            return Err(rewritten());
        }
        T::check_canonical(BorrowedStrDeserializer::<E>::new(v))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        if super::is_blank(v) {
            return Err(rewritten());
        }
        T::check_canonical(StrDeserializer::<E>::new(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        T::check_canonical(SeqAccessDeserializer::new(seq))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        T::check_canonical(MapAccessDeserializer::new(map))
    }
}

/// Any JSON at all, parsed as a `serde_json::Value` would parse it (strings and keys unescaped
/// and checked, numbers read), with nothing kept: unknown fields are given back as sent.
impl Canonical for serde_json::Value {
    fn check_canonical<'de, D: Deserializer<'de>>(d: D) -> Result<(), D::Error> {
        d.deserialize_any(AnyJson)
    }
}

struct AnyJson;

impl<'de> Visitor<'de> for AnyJson {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(CanonicalSeed::<serde_json::Value>::new())?
            .is_some()
        {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(KeySeed)?.is_some() {
            map.next_value_seed(CanonicalSeed::<serde_json::Value>::new())?;
        }
        Ok(())
    }
}

/// Marks a known key as seen; a key sent twice is not canonical (a parser keeps one of the two).
pub(crate) fn first_sighting<E: serde::de::Error>(seen: &mut bool) -> Result<(), E> {
    if std::mem::replace(seen, true) {
        Err(rewritten())
    } else {
        Ok(())
    }
}

/// Fails unless every known key was seen: a missing one is written back as `null` or `[]`.
pub(crate) fn all_seen<E: serde::de::Error>(seen: &[bool]) -> Result<(), E> {
    if seen.iter().all(|seen| *seen) {
        Ok(())
    } else {
        Err(rewritten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{Domain, DomainView};

    /// A type's name, its check, JSON that is canonical for it and JSON that is not.
    type Case = (
        &'static str,
        fn(&str) -> bool,
        &'static [&'static str],
        &'static [&'static str],
    );

    /// Every row of the module's table, both ways.
    #[test]
    fn the_canonical_forms() {
        let cases: &[Case] = &[
            (
                "u64",
                is_canonical::<u64>,
                &["0", "12", "18446744073709551615"],
                &["\"12\"", "12.0", "-1", "1e2", "null", "true"],
            ),
            ("u32", is_canonical::<u32>, &["7"], &["4294967296", "\"7\""]),
            (
                "i64",
                is_canonical::<i64>,
                &["-3", "3"],
                &["-0", "9223372036854775808", "\"3\""],
            ),
            (
                "bool",
                is_canonical::<bool>,
                &["true", "false"],
                &["1", "0", "\"1\"", "\"true\"", "null"],
            ),
            (
                "String",
                is_canonical::<String>,
                &["\"\"", "\"a\"", "\"\\u00e9\""],
                &["12", "true", "null", "[]"],
            ),
            (
                "Option<String>",
                is_canonical::<Option<String>>,
                &["null", "\"a\"", "\" a \""],
                &["\"\"", "\"  \"", "12"],
            ),
            (
                "Option<u64>",
                is_canonical::<Option<u64>>,
                &["null", "5"],
                &["\"\"", "\"5\""],
            ),
            (
                "Vec<u64>",
                is_canonical::<Vec<u64>>,
                &["[]", "[1,2]"],
                &["null", "[1,\"2\"]", "{}"],
            ),
            (
                "Value",
                is_canonical::<serde_json::Value>,
                &["null", "{\"a\":[1,2.5,\"x\",{}]}", "1e300"],
                &["1e400", "[1e400]", "{\"a\":\"\\ud800\"}"],
            ),
        ];
        for (name, check, canonical, rewritten) in cases {
            for json in *canonical {
                assert!(check(json), "{name}: {json} is canonical");
            }
            for json in *rewritten {
                assert!(!check(json), "{name}: {json} is rewritten");
            }
        }
    }

    #[test]
    fn a_model_needs_every_known_key_once_and_takes_any_unknown_one() {
        let domain = r#"{"id":1,"domain_name":"a.com","host":null,"selector":"smtp","public_key":null,"status":"pending","verified_at":null,"created_at":null,"updated_at":null"#;
        assert!(is_canonical::<Domain>(&format!("{domain}}}")));
        assert!(is_canonical::<Domain>(&format!(
            r#"{domain},"new":{{"x":[true]}}}}"#
        )));
        assert!(
            !is_canonical::<Domain>(&format!(r#"{domain},"id":2}}"#)),
            "a key twice"
        );
        let without_host = domain.replace(r#""host":null,"#, "");
        assert!(
            !is_canonical::<Domain>(&format!("{without_host}}}")),
            "a key missing"
        );
        assert!(!is_canonical::<Domain>("[]"), "not an object");
        let view = format!(r#"{{"domain":{domain}}},"dns_records":[]}}"#);
        assert!(is_canonical::<DomainView>(&view));
        assert!(
            !is_canonical::<DomainView>(&view.replace(r#""id":1"#, r#""id":"1""#)),
            "a nested field rewritten"
        );
    }
}
