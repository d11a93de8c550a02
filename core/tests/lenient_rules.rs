//! The lenient rules of `core/src/lenient.rs` as properties: every spelling a PHP app uses for a
//! value reads as that value, and no JSON at all makes a lenient decoder panic (it fits or it is
//! an error, which a model turns into an odd field).

use proptest::prelude::*;
use serde_json::{json, Value};
use smtpprovider::lenient::Lenient;
use smtpprovider::models::*;

fn decode<T: Lenient>(json: &str) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(json);
    T::deserialize_lenient(&mut de)
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Decodes `json` as each lenient type a model field or result can have; returning is the point.
fn decode_as_every_type(json: &str) {
    let _ = decode::<u64>(json);
    let _ = decode::<u32>(json);
    let _ = decode::<i64>(json);
    let _ = decode::<bool>(json);
    let _ = decode::<String>(json);
    let _ = decode::<Value>(json);
    let _ = decode::<Option<u64>>(json);
    let _ = decode::<Option<String>>(json);
    let _ = decode::<Option<bool>>(json);
    let _ = decode::<Vec<u64>>(json);
    let _ = decode::<Vec<Domain>>(json);
    let _ = decode::<Option<Vec<Template>>>(json);
    let _ = decode::<Message>(json);
    let _ = decode::<DomainView>(json);
    let _ = decode::<CampaignEditOptions>(json);
    let _ = decode::<CampaignOptions>(json);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn integers_read_as_numbers_and_numeric_text(n in any::<u64>(), pad in " {0,2}") {
        prop_assert_eq!(decode::<u64>(&n.to_string()).unwrap(), n);
        prop_assert_eq!(decode::<u64>(&format!("\"{pad}{n}{pad}\"")).unwrap(), n);
        prop_assert_eq!(decode::<Option<u64>>(&format!("\"{n}\"")).unwrap(), Some(n));
        let small = u32::try_from(n);
        prop_assert_eq!(decode::<u32>(&n.to_string()).ok(), small.ok());
    }

    #[test]
    fn negative_integers_only_fit_signed_fields(n in i64::MIN..0) {
        prop_assert_eq!(decode::<i64>(&format!("\"{n}\"")).unwrap(), n);
        prop_assert!(decode::<u64>(&n.to_string()).is_err());
    }

    #[test]
    fn whole_floats_are_integers_and_fractions_are_not(n in 0u32..1_000_000, fraction in 1u32..100) {
        prop_assert_eq!(decode::<u64>(&format!("{n}.0")).unwrap(), u64::from(n));
        let fractional = format!("{n}.{fraction:02}");
        prop_assert!(decode::<u64>(&fractional).is_err());
    }

    #[test]
    fn text_is_kept_and_blank_text_is_absent(text in "\\PC{0,20}") {
        let json = json!(text).to_string();
        prop_assert_eq!(decode::<String>(&json).unwrap(), text.clone());
        let expected = if text.trim().is_empty() { None } else { Some(text) };
        prop_assert_eq!(decode::<Option<String>>(&json).unwrap(), expected);
    }

    #[test]
    fn scalars_read_as_their_text(n in any::<i64>(), b in any::<bool>()) {
        prop_assert_eq!(decode::<String>(&n.to_string()).unwrap(), n.to_string());
        prop_assert_eq!(decode::<String>(&b.to_string()).unwrap(), b.to_string());
    }

    #[test]
    fn booleans_read_in_every_php_spelling(b in any::<bool>(), pad in " {0,1}") {
        let digit = u8::from(b);
        for json in [b.to_string(), digit.to_string(), format!("\"{pad}{digit}{pad}\""), format!("\"{b}\"")] {
            prop_assert_eq!(decode::<bool>(&json).unwrap(), b, "{}", json);
        }
    }

    #[test]
    fn no_json_makes_a_lenient_decoder_panic(value in any_json()) {
        decode_as_every_type(&value.to_string());
    }

    #[test]
    fn no_text_makes_a_lenient_decoder_panic(text in "\\PC{0,40}") {
        decode_as_every_type(&text);
    }
}
