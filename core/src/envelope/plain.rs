//! The result of a plain success, found and checked in one pass, for [`super::decode_text`].
//!
//! A *plain success* is the standard envelope with `success` exactly `true`, no `status` flag,
//! and `data` holding the result under the endpoint's key alone (or being the result, for an
//! endpoint without a key). When its result is canonical for the result type
//! ([`crate::lenient::canonical`]), the result's own text is the answer. Everything else (no
//! envelope, an inner `success` flag, a list sent without its key, a key sent twice or with
//! escapes in it, a PHP spelling of `true`, a failure) is left to [`super::decode`].
//!
//! Why one pass matters: on a 10,000-domain list each pass over the body costs about as much as
//! the check itself (`bench/node/README.md`). The parser cannot both check a value and hand over
//! its text, so the result's text is found from the keys around it, which the parser lends as
//! slices of the body: the result starts after its key and `:`, and ends before what must follow
//! it (the closing `}` of `data`, then a `,` and the next key's quote, or the envelope's `}`),
//! with nothing but whitespace in between.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::endpoints::EndpointInfo;
use crate::lenient::canonical::{Canonical, CanonicalSeed};
use crate::lenient::KeySeed;

/// The result's text in `body`, when `body` is a plain success whose result is canonical for `T`.
pub(super) fn canonical_result<'a, T: Canonical>(
    info: &'static EndpointInfo,
    body: &'a [u8],
) -> Option<&'a str> {
    let text = std::str::from_utf8(body).ok()?;
    let mut de = serde_json::Deserializer::from_str(text);
    let keys = PlainSuccess::<T> {
        data_key: info.data_key,
        marker: PhantomData,
    }
    .deserialize(&mut de)
    .ok()?;
    de.end().ok()?;
    let start = after_key(
        text,
        offset_in(text, keys.result_key)? + keys.result_key.len(),
    )?;
    let keyed = info.data_key.is_some();
    let end = match keys.next_key {
        // Backwards from the next key: its quote, the `,`, and the `}` closing `data` when the
        // result is under a key in it.
        Some(next) => before(
            text,
            offset_in(text, next)?,
            &[b'"', b',', b'}'][..2 + usize::from(keyed)],
        )?,
        // Backwards from the end: the envelope's `}`, and `data`'s.
        None => before(text, text.len(), &[b'}', b'}'][..1 + usize::from(keyed)])?,
    };
    text.get(start..end)
}

/// Where `part` (a slice the parser lent) begins in `text`.
fn offset_in(text: &str, part: &str) -> Option<usize> {
    let offset = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (offset + part.len() <= text.len()).then_some(offset)
}

fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// Where the value begins after a key that ends at `key_end` (the closing quote, `:` and
/// whitespace skipped).
fn after_key(text: &str, key_end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = key_end;
    for expected in [b'"', b':'] {
        while bytes.get(at).copied().is_some_and(is_whitespace) {
            at += 1;
        }
        (bytes.get(at) == Some(&expected)).then_some(())?;
        at += 1;
    }
    while bytes.get(at).copied().is_some_and(is_whitespace) {
        at += 1;
    }
    Some(at)
}

/// Where the value ends that is followed, up to `until`, by `expected` (in reverse order) and
/// whitespace only.
fn before(text: &str, until: usize, expected: &[u8]) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = until;
    for &token in expected {
        while at > 0 && is_whitespace(bytes[at - 1]) {
            at -= 1;
        }
        (at > 0 && bytes[at - 1] == token).then_some(())?;
        at -= 1;
    }
    while at > 0 && is_whitespace(bytes[at - 1]) {
        at -= 1;
    }
    Some(at)
}

/// The keys around a canonical result, as slices of the body: the one just before it (`data`'s
/// own key for an endpoint without a key), and the envelope's next key after `data`, if any.
struct Keys<'de> {
    result_key: &'de str,
    next_key: Option<&'de str>,
}

/// The error that ends the pass: the answer is not a plain success with a canonical result.
fn not_plain<E: serde::de::Error>() -> E {
    E::custom("not a plain success with a canonical result")
}

/// A key as a slice of the body; a key with escapes in it is an owned copy, and not plain.
fn lent<'de, E: serde::de::Error>(key: Cow<'de, str>) -> Result<&'de str, E> {
    match key {
        Cow::Borrowed(key) => Ok(key),
        Cow::Owned(_) => Err(not_plain()),
    }
}

/// The envelope of a plain success, `data` checked as it goes by.
struct PlainSuccess<T> {
    data_key: Option<&'static str>,
    marker: PhantomData<T>,
}

impl<'de, T: Canonical> DeserializeSeed<'de> for PlainSuccess<T> {
    type Value = Keys<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Keys<'de>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: Canonical> Visitor<'de> for PlainSuccess<T> {
    type Value = Keys<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the standard envelope")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys<'de>, A::Error> {
        let mut succeeded = false;
        let mut result_key = None;
        let mut next_key = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if result_key.is_some() && next_key.is_none() {
                next_key = Some(lent(key.clone())?);
            }
            match &*key {
                "success" if !succeeded => succeeded = map.next_value::<bool>()?,
                "data" if result_key.is_none() => {
                    let data_key = lent(key)?;
                    result_key = Some(match self.data_key {
                        Some(key) => map.next_value_seed(SoleKey::<T> {
                            key,
                            marker: PhantomData,
                        })?,
                        None => {
                            map.next_value_seed(CanonicalSeed::<T>::new())?;
                            data_key
                        }
                    });
                }
                "success" | "data" | "status" => return Err(not_plain()),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match result_key {
            Some(result_key) if succeeded => Ok(Keys {
                result_key,
                next_key,
            }),
            _ => Err(not_plain()),
        }
    }
}

/// `data` holding the result under `key` and nothing else, the result canonical; hands back the
/// key as a slice of the body.
struct SoleKey<T> {
    key: &'static str,
    marker: PhantomData<T>,
}

impl<'de, T: Canonical> DeserializeSeed<'de> for SoleKey<T> {
    type Value = &'de str;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<&'de str, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: Canonical> Visitor<'de> for SoleKey<T> {
    type Value = &'de str;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object with only `{}`", self.key)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<&'de str, A::Error> {
        let key = match map.next_key_seed(KeySeed)? {
            Some(key) if key == self.key => lent(key)?,
            _ => return Err(not_plain()),
        };
        map.next_value_seed(CanonicalSeed::<T>::new())?;
        match map.next_key_seed(KeySeed)? {
            None => Ok(key),
            Some(_) => Err(not_plain()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoints::ENDPOINTS;
    use crate::models::{Domain, DomainVerification};

    fn info(id: &str) -> &'static EndpointInfo {
        ENDPOINTS.iter().find(|e| e.id == id).unwrap()
    }

    fn list(body: &str) -> Option<&str> {
        canonical_result::<Vec<Domain>>(info("domains.list"), body.as_bytes())
    }

    const DOMAIN: &str = r#"{"id":1,"domain_name":"a.com","host":null,"selector":"smtp","public_key":null,"status":"pending","verified_at":null,"created_at":null,"updated_at":null}"#;

    #[test]
    fn the_result_is_found_between_the_keys_around_it() {
        let result = format!("[{DOMAIN}, {DOMAIN}]");
        for body in [
            format!(r#"{{"success":true,"data":{{"domains":{result}}}}}"#),
            format!(r#"{{"data":{{"domains":{result}}},"success":true}}"#),
            format!(r#"{{"success":true,"data":{{"domains":{result}}},"message":"OK"}}"#),
            format!(
                "{{ \"success\" : true ,\n \"data\" :\t{{ \"domains\" :\r\n {result} \n}} , \"message\" : \"\" }}\n"
            ),
            format!(" {{\"success\":true,\"data\":{{\"domains\": {result} }} }} "),
        ] {
            assert_eq!(list(&body), Some(result.as_str()), "{body}");
        }
    }

    #[test]
    fn an_endpoint_without_a_key_hands_over_data_itself() {
        let verify = info("domains.verify");
        let data = r#"{"success":false,"message":"DKIM record not found"}"#;
        for body in [
            format!(r#"{{"success":true,"data":{data}}}"#),
            format!(r#"{{"success":true,"data": {data} ,"message":"x"}}"#),
        ] {
            assert_eq!(
                canonical_result::<DomainVerification>(verify, body.as_bytes()),
                Some(data),
                "{body}"
            );
        }
    }

    #[test]
    fn anything_but_a_plain_success_with_a_canonical_result_is_left_to_decode() {
        let lenient_id = DOMAIN.replace(r#""id":1"#, r#""id":"1""#);
        let missing_key = DOMAIN.replace(r#","selector":"smtp""#, "");
        for body in [
            format!(r#"{{"success":true,"data":{{"domains":[{lenient_id}]}}}}"#),
            format!(r#"{{"success":true,"data":{{"domains":[{missing_key}]}}}}"#),
            format!(r#"{{"success":"1","data":{{"domains":[{DOMAIN}]}}}}"#),
            format!(r#"{{"success":false,"data":{{"domains":[{DOMAIN}]}}}}"#),
            format!(r#"{{"data":{{"domains":[{DOMAIN}]}}}}"#),
            format!(r#"{{"success":true,"status":true,"data":{{"domains":[{DOMAIN}]}}}}"#),
            format!(r#"{{"success":true,"success":true,"data":{{"domains":[{DOMAIN}]}}}}"#),
            format!(r#"{{"success":true,"data":{{"domains":[{DOMAIN}],"total":1}}}}"#),
            format!(r#"{{"success":true,"data":{{"success":true,"domains":[{DOMAIN}]}}}}"#),
            format!(r#"{{"success":true,"data":{{"\u0064omains":[{DOMAIN}]}}}}"#),
            format!(r#"{{"success":true,"d\u0061ta":{{"domains":[{DOMAIN}]}}}}"#),
            format!(r#"{{"success":true,"data":{{"domains":[{DOMAIN}]}},"m\u0065ssage":""}}"#),
            format!(r#"{{"success":true,"data":[{DOMAIN}]}}"#),
            format!(r#"[{DOMAIN}]"#),
            format!(r#"{{"success":true,"data":{{"domains":[{DOMAIN}]}}}} x"#),
            format!(r#"{{"success":true,"data":{{"domains":[{DOMAIN}]"#),
        ] {
            assert_eq!(list(&body), None, "{body}");
        }
    }
}
