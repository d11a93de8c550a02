//! `model!`: declares a response model and its hand-rolled serde impls.
//!
//! Why not `#[derive(Deserialize)]` with `#[serde(flatten)] extra`? Flatten makes serde buffer every
//! field of every object into an intermediate tree before decoding it again. On a 10,000-domain
//! list (`bench/benches/decode.rs`) the two came out close: 21.4 ms with flatten against 18.7 ms for
//! this visitor on a loaded machine, 14.6 ms against 14.2 ms on a quiet one (a derive that drops
//! unknown fields: 13.3 ms). Speed is not the reason, then: the visitor picks each field's lenient
//! decoding from its type (no per-field attributes) and gives `Serialize` back to the API's shape
//! and the per-binding conversions in one place.
//! It decodes each known field in one pass through [`crate::lenient::Lenient`] and keeps only the
//! unknown ones, and the known ones whose value does not fit their type, as `serde_json::Value`.
//!
//! Syntax: a model takes doc comments only (they become [`crate::ModelInfo::doc`] too; the
//! per-binding derives are the macro's own), and `= "json"` after a field's type names its JSON
//! key when it differs from the field.
//!
//! With the `python` feature every model is also a frozen Python class (see `python.rs`): the
//! getters, `to_dict()` and `repr()` need the field list, which only this macro has.

/// The JSON key of a model field: its name, or the `= "json"` rename.
macro_rules! json_key {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident $json:literal) => {
        $json
    };
}

macro_rules! model {
    // A model whose decoding and `Serialize` are written by hand (`Message`): the struct, its
    // unknown fields, the per-binding derives, the Python class and the field list, no more.
    (
        #[decoded_by_hand]
        $(#[doc = $mdoc:literal])*
        pub struct $name:ident {
            $(
                $(#[doc = $doc:literal])*
                pub $field:ident : $ty:ty $(= $json:literal)?,
            )*
        }
    ) => {
        $(#[doc = $mdoc])*
        #[derive(Debug, Clone, PartialEq)]
        #[cfg_attr(feature = "python", pyo3::pyclass(frozen, eq, module = "smtpprovider"))]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
        pub struct $name {
            $( $(#[doc = $doc])* pub $field: $ty, )*
            /// Fields the API sent that this SDK does not model, and any whose value did not fit
            /// its type, kept as raw JSON.
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        #[cfg(feature = "python")]
        python_model! { $name { $( $(#[doc = $doc])* $field : $ty, )* } }

        model_info! { $(#[doc = $mdoc])* $name { $( $(#[doc = $doc])* $field : $ty $(= $json)?, )* } }
    };
    (
        $(#[doc = $mdoc:literal])*
        pub struct $name:ident {
            $(
                $(#[doc = $doc:literal])*
                pub $field:ident : $ty:ty $(= $json:literal)?,
            )*
        }
    ) => {
        model! {
            #[decoded_by_hand]
            $(#[doc = $mdoc])*
            pub struct $name { $( $(#[doc = $doc])* pub $field : $ty $(= $json)?, )* }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ModelVisitor;
                impl<'de> serde::de::Visitor<'de> for ModelVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        $( let mut $field: Option<$ty> = None; )*
                        let mut extra = serde_json::Map::new();
                        while let Some(key) = map.next_key_seed($crate::lenient::KeySeed)? {
                            match &*key {
                                $( json_key!($field $($json)?) => {
                                    $field = Some($crate::lenient::next_field::<_, $ty>(
                                        &mut map, stringify!($name), json_key!($field $($json)?), &mut extra)?);
                                } )*
                                _ => {
                                    let value: serde_json::Value = map.next_value()?;
                                    extra.insert(key.into_owned(), value);
                                }
                            }
                        }
                        Ok($name {
                            $( $field: match $field {
                                Some(value) => value,
                                None => <$ty as $crate::lenient::Lenient>::when_absent().ok_or_else(|| {
                                    <A::Error as serde::de::Error>::missing_field(json_key!($field $($json)?))
                                })?,
                            }, )*
                            extra,
                        })
                    }
                }
                deserializer.deserialize_map(ModelVisitor)
            }
        }

        impl $crate::lenient::Lenient for $name {
            fn deserialize_lenient<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <$name as serde::Deserialize>::deserialize(d)
            }

            fn when_unfit() -> Self {
                $name {
                    $( $field: <$ty as $crate::lenient::Lenient>::when_unfit(), )*
                    extra: serde_json::Map::new(),
                }
            }

            const HAS_FIELDS: bool = true;
        }

        impl $crate::lenient::canonical::Canonical for $name {
            fn check_canonical<'de, D: serde::Deserializer<'de>>(d: D) -> Result<(), D::Error> {
                struct CanonicalCheck;
                impl<'de> serde::de::Visitor<'de> for CanonicalCheck {
                    type Value = ();
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
                        use $crate::lenient::canonical::{all_seen, first_sighting, CanonicalSeed};
                        $( let mut $field = false; )*
                        while let Some(key) = map.next_key_seed($crate::lenient::KeySeed)? {
                            match &*key {
                                $( json_key!($field $($json)?) => {
                                    first_sighting(&mut $field)?;
                                    map.next_value_seed(CanonicalSeed::<$ty>::new())?;
                                } )*
                                _ => map.next_value_seed(CanonicalSeed::<serde_json::Value>::new())?,
                            }
                        }
                        all_seen(&[$($field),*])
                    }
                }
                d.deserialize_map(CanonicalCheck)
            }
        }

        #[cfg(test)]
        impl $crate::models::odd_field_tests::Inspect for $name {
            const KEYS: &'static [&'static str] = &[$( json_key!($field $($json)?) ),*];

            fn extra(&self) -> &serde_json::Map<String, serde_json::Value> {
                &self.extra
            }

            fn known(&self) -> serde_json::Map<String, serde_json::Value> {
                #[allow(unused_mut)]
                let mut known = serde_json::Map::new();
                $( known.insert(json_key!($field $($json)?).to_owned(),
                        serde_json::to_value(&self.$field).expect("a model field serialises")); )*
                known
            }

            fn alone(key: &str, value: &serde_json::Value) -> Option<serde_json::Value> {
                match key {
                    $( json_key!($field $($json)?) => {
                        <$ty as $crate::lenient::Lenient>::deserialize_lenient(value)
                            .ok()
                            .map(|v| serde_json::to_value(&v).expect("a model field serialises"))
                    } )*
                    _ => panic!("{key} is not a field of {}", stringify!($name)),
                }
            }

            fn unfit(key: &str) -> serde_json::Value {
                match key {
                    $( json_key!($field $($json)?) => serde_json::to_value(
                        <$ty as $crate::lenient::Lenient>::when_unfit()).expect("a model field serialises"), )*
                    _ => panic!("{key} is not a field of {}", stringify!($name)),
                }
            }
        }

        /// Serialises back to the API's JSON shape, unknown fields included. A field whose value
        /// did not fit its type is written as the API sent it (kept in `extra`).
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let known = [$( json_key!($field $($json)?) ),*]
                    .into_iter()
                    .filter(|key| !self.extra.contains_key(*key))
                    .count();
                let mut map = serializer.serialize_map(Some(known + self.extra.len()))?;
                $( if !self.extra.contains_key(json_key!($field $($json)?)) {
                    map.serialize_entry(json_key!($field $($json)?), &self.$field)?;
                } )*
                for (key, value) in &self.extra {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    };
}
