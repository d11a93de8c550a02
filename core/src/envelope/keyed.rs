//! Decoding `data` into the result: straight from the raw JSON into the model, with the odd
//! fields warned about, the result found under its key in one pass, and, on failure, the path of
//! the field that failed.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

use super::errors::{api_error, collect_messages, decode_error, kind_for_failure_at_200};
use crate::endpoints::EndpointInfo;
use crate::error::Result;
use crate::lenient::odd::{self, OddField, Segment};
use crate::lenient::{KeySeed, Lenient, LenientSeed};
use crate::transport::RawResponse;

/// Decodes `raw` with `seed`, warning about each field whose value did not fit (see
/// [`crate::lenient`]); on failure decodes again, tracking the path, to say where it failed.
pub(super) fn decode_raw<'de, S>(
    info: &'static EndpointInfo,
    response: &RawResponse,
    raw: &'de RawValue,
    prefix: &str,
    seed: S,
) -> Result<S::Value>
where
    S: DeserializeSeed<'de> + Clone,
{
    let mut de = serde_json::Deserializer::from_str(raw.get());
    let (decoded, odd_fields) = odd::collect(|| seed.clone().deserialize(&mut de));
    match decoded {
        Ok(value) => {
            warn_odd_fields(info, prefix, &odd_fields);
            Ok(value)
        }
        Err(first) => {
            // The slow, path-tracking pass runs only on the error path. The call fails, so the
            // odd fields either pass meets are not worth a warning.
            let mut track = serde_path_to_error::Track::new();
            let mut de = serde_json::Deserializer::from_str(raw.get());
            let (again, _) = odd::collect(|| {
                seed.deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track))
            });
            let detail = match again {
                Err(again) => again.to_string(),
                Ok(_) => first.to_string(),
            };
            let path = track.path().to_string();
            let full = if path.is_empty() || path == "." {
                prefix.to_owned()
            } else if path.starts_with('[') {
                // An item of a list that is `data` itself: `data[1]`, as `odd.rs` writes it.
                format!("{prefix}{path}")
            } else {
                format!("{prefix}.{path}")
            };
            Err(decode_error(info, response, &full, detail))
        }
    }
}

/// One warning per field whose value did not fit its type: the call still succeeds, the field
/// reads as absent and its raw value is in the model's `extra`.
pub(super) fn warn_odd_fields(info: &'static EndpointInfo, prefix: &str, odd_fields: &[OddField]) {
    for odd in odd_fields {
        tracing::warn!(
            endpoint = info.id,
            field = %odd.path(prefix),
            model = odd.model,
            json_type = odd.json_type,
            "a field's value does not fit its type: it reads as absent, the raw value is in `extra`"
        );
    }
}

/// Decodes the result found under `key` in `data`, failing on an inner `success:false`.
pub(super) fn decode_keyed<T: Lenient>(
    info: &'static EndpointInfo,
    response: &RawResponse,
    data: &RawValue,
    key: &'static str,
) -> Result<T> {
    let found = decode_raw(
        info,
        response,
        data,
        "data",
        KeyedSeed::<T> {
            key,
            marker: PhantomData,
        },
    )?;
    if found.inner_success == Some(false) {
        let mut messages = Vec::new();
        collect_messages(data, &mut messages);
        let kind = kind_for_failure_at_200(info, &messages);
        return Err(api_error(kind, info, response, messages));
    }
    // A missing key is a wrong shape even for a list: an empty list is sent as `[]`.
    match found.value {
        Some(value) => Ok(value),
        None => Err(decode_error(
            info,
            response,
            &format!("data.{key}"),
            "missing".to_owned(),
        )),
    }
}

/// What [`KeyedSeed`] finds in `data`.
struct Keyed<T> {
    value: Option<T>,
    inner_success: Option<bool>,
}

/// Walks `data` once: decodes `key` into `T`, reads `success`, skips everything else.
/// A `data` that is itself a list is taken as the result (some APIs drop the key for lists).
struct KeyedSeed<T> {
    key: &'static str,
    marker: PhantomData<T>,
}

impl<T> Clone for KeyedSeed<T> {
    fn clone(&self) -> Self {
        KeyedSeed {
            key: self.key,
            marker: PhantomData,
        }
    }
}

impl<'de, T: Lenient> DeserializeSeed<'de> for KeyedSeed<T> {
    type Value = Keyed<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Keyed<T>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: Lenient> Visitor<'de> for KeyedSeed<T> {
    type Value = Keyed<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object with `{}`", self.key)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Keyed<T>, A::Error> {
        let mut found = Keyed {
            value: None,
            inner_success: None,
        };
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if key == self.key {
                let mark = odd::mark();
                found.value = Some(map.next_value_seed(LenientSeed::<T>::new())?);
                odd::prefix_since(mark, Segment::Key(self.key));
            } else if key == "success" {
                let value: Value = map.next_value()?;
                found.inner_success = <Option<bool>>::deserialize_lenient(&value).ok().flatten();
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<Keyed<T>, A::Error> {
        let value = T::deserialize_lenient(serde::de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Keyed {
            value: Some(value),
            inner_success: None,
        })
    }
}
