//! One known field of a model, decoded so that its value can never fail the model: a value that
//! does not fit the field's type is handed back as raw JSON, for `extra`.
//!
//! Scalars (the common case: every field of a long list of domains) are decoded straight from the
//! parser and only turned into a `serde_json::Value` when they do not fit. An object or a list has
//! to be kept whole in case part of it does not fit, so it is buffered as a `Value` first; only
//! fields that hold models or lists of them (`DomainView::domain`, the lists of
//! `CampaignOptions`) take that path, never the items of a result list.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{
    BoolDeserializer, BorrowedStrDeserializer, F64Deserializer, I64Deserializer,
    MapAccessDeserializer, SeqAccessDeserializer, StrDeserializer, U64Deserializer,
    UnitDeserializer,
};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::odd::{self, Segment};
use super::Lenient;

/// Decodes the value of the known field `key` of `model` (the map is just past the key): the
/// value if it fits `T`, otherwise `T::when_unfit()`, with the raw value put in `extra` under
/// `key` and the field recorded as odd.
///
/// A key sent twice reads as its last value, as in a `serde_json::Value`: a value that fits takes
/// back an earlier odd one from `extra`, or the model would serialise the stale one (found by the
/// fuzz target `models`).
#[inline]
pub(crate) fn next_field<'de, A, T>(
    map: &mut A,
    model: &'static str,
    key: &'static str,
    extra: &mut Map<String, Value>,
) -> Result<T, A::Error>
where
    A: MapAccess<'de>,
    T: Lenient,
{
    let mark = if T::HAS_FIELDS { odd::mark() } else { 0 };
    let field = map.next_value_seed(FieldSeed::<T>(PhantomData))?;
    if T::HAS_FIELDS {
        odd::prefix_since(mark, Segment::Key(key));
    }
    Ok(match field {
        Field::Fits(value) => {
            extra.remove(key);
            value
        }
        Field::Odd(raw) => {
            odd::record(model, key, &raw);
            extra.insert(key.to_owned(), raw);
            T::when_unfit()
        }
    })
}

/// A field's value: decoded, or the JSON that did not fit.
enum Field<T> {
    Fits(T),
    Odd(Value),
}

struct FieldSeed<T>(PhantomData<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for FieldSeed<T> {
    type Value = Field<T>;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Field<T>, D::Error> {
        d.deserialize_any(FieldVisitor(PhantomData))
    }
}

/// Hands each value to `T` through a deserializer of that one value, so a refusal leaves the
/// value in hand rather than the parser in the middle of it.
struct FieldVisitor<T>(PhantomData<T>);

/// `decoded` if it worked, else the raw value.
#[inline]
fn scalar<T, E>(decoded: Result<T, E>, raw: impl FnOnce() -> Value) -> Field<T> {
    match decoded {
        Ok(value) => Field::Fits(value),
        Err(_) => Field::Odd(raw()),
    }
}

/// Decodes an object or list buffered as `raw`; if it does not fit, it goes to `extra` whole, and
/// the odd fields met inside it are not reported on their own.
fn buffered<T: Lenient>(raw: Value) -> Field<T> {
    let mark = odd::mark();
    match T::deserialize_lenient(&raw) {
        Ok(value) => Field::Fits(value),
        Err(_) => {
            odd::forget_since(mark);
            Field::Odd(raw)
        }
    }
}

impl<'de, T: Lenient> Visitor<'de> for FieldVisitor<T> {
    type Value = Field<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    #[inline]
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Field<T>, E> {
        Ok(scalar(
            T::deserialize_lenient(BoolDeserializer::<E>::new(v)),
            || Value::Bool(v),
        ))
    }
    #[inline]
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Field<T>, E> {
        Ok(scalar(
            T::deserialize_lenient(U64Deserializer::<E>::new(v)),
            || Value::from(v),
        ))
    }
    #[inline]
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Field<T>, E> {
        Ok(scalar(
            T::deserialize_lenient(I64Deserializer::<E>::new(v)),
            || Value::from(v),
        ))
    }
    #[inline]
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Field<T>, E> {
        Ok(scalar(
            T::deserialize_lenient(F64Deserializer::<E>::new(v)),
            || Value::from(v),
        ))
    }
    #[inline]
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Field<T>, E> {
        Ok(scalar(
            T::deserialize_lenient(BorrowedStrDeserializer::<E>::new(v)),
            || Value::from(v),
        ))
    }
    #[inline]
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Field<T>, E> {
        Ok(scalar(
            T::deserialize_lenient(StrDeserializer::<E>::new(v)),
            || Value::from(v),
        ))
    }
    #[inline]
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Field<T>, E> {
        let decoded = T::deserialize_lenient(StrDeserializer::<E>::new(&v));
        Ok(scalar(decoded, || Value::String(v)))
    }
    #[inline]
    fn visit_unit<E: serde::de::Error>(self) -> Result<Field<T>, E> {
        Ok(scalar(
            T::deserialize_lenient(UnitDeserializer::<E>::new()),
            || Value::Null,
        ))
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Field<T>, E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Field<T>, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Field<T>, A::Error> {
        Ok(buffered(Value::deserialize(SeqAccessDeserializer::new(
            seq,
        ))?))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Field<T>, A::Error> {
        Ok(buffered(Value::deserialize(MapAccessDeserializer::new(
            map,
        ))?))
    }
}
