//! The property behind "one odd field never fails a call", over every response model: replace any
//! one field of a valid example with a value of another JSON type (string, number, bool, null,
//! object, list) and the model still decodes, every other field is intact, and the value either
//! fits the field (and is the field's value) or is in `extra` under the field's API name while the
//! field reads as absent.
//!
//! `model!` implements [`Inspect`] for every model under `cfg(test)`, so a new model or field is
//! covered as soon as its example below names it (`examples_name_every_field` checks that).

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

use super::*;
use crate::lenient::Lenient;

/// A model seen field by field through its `model!` declaration.
pub(crate) trait Inspect {
    /// The API names of the fields, in declaration order.
    const KEYS: &'static [&'static str];
    /// The model's `extra`.
    fn extra(&self) -> &Map<String, Value>;
    /// Each field's value as JSON, under its API name (without `extra`).
    fn known(&self) -> Map<String, Value>;
    /// What the field `key` decodes `value` to alone, if it fits the field's type.
    fn alone(key: &str, value: &Value) -> Option<Value>;
    /// What the field `key` reads as when its value does not fit.
    fn unfit(key: &str) -> Value;
}

/// `Message` is written by hand (it also reads a bare string), so it says its one field here.
impl Inspect for Message {
    const KEYS: &'static [&'static str] = &["message"];
    fn extra(&self) -> &Map<String, Value> {
        &self.extra
    }
    fn known(&self) -> Map<String, Value> {
        Map::from_iter([("message".to_owned(), json!(self.message))])
    }
    fn alone(_: &str, value: &Value) -> Option<Value> {
        <Option<String>>::deserialize_lenient(value)
            .ok()
            .map(|v| json!(v))
    }
    fn unfit(_: &str) -> Value {
        Value::Null
    }
}

/// Valid answers for every model, as a PHP app sends them (ids as strings here and there), each
/// with one field the SDK does not model.
mod examples {
    use serde_json::{json, Value};

    fn with_unknown(mut example: Value) -> Value {
        example["team_id"] = json!(7);
        example
    }

    pub fn user() -> Value {
        with_unknown(json!({"id": "123", "name": "Demo", "email": "demo@example.com"}))
    }
    pub fn domain() -> Value {
        with_unknown(json!({
            "id": 10, "domain_name": "example.com", "host": "smtp._domainkey.example.com",
            "selector": "smtp", "public_key": "v=DKIM1; h=sha256; k=rsa; p=MIIB",
            "status": "verified", "verified_at": "2026-05-06 18:00:00",
            "created_at": "2026-05-06 17:00:00", "updated_at": "2026-05-06 18:00:00"
        }))
    }
    pub fn dns_record() -> Value {
        with_unknown(json!({
            "type": "TXT", "purpose": "dkim", "host": "smtp._domainkey.example.com",
            "value": "v=DKIM1; k=rsa; p=MIIB", "status": "pending"
        }))
    }
    pub fn domain_view() -> Value {
        with_unknown(json!({"domain": domain(), "dns_records": [dns_record(), dns_record()]}))
    }
    pub fn domain_verification() -> Value {
        with_unknown(json!({"success": "1", "message": "Verified Successfully"}))
    }
    pub fn sender() -> Value {
        with_unknown(json!({
            "id": 4, "domain_id": "10", "domain_name": "example.com", "sender_name": "News",
            "from_email": "news@example.com", "status": "verified",
            "verified_at": "2026-05-06 18:00:00", "created_at": "2026-05-06 17:00:00"
        }))
    }
    pub fn template() -> Value {
        with_unknown(json!({
            "id": 456, "user_id": 123, "name": "Welcome", "html_body": "<h1>Hi</h1>",
            "active": 1, "created_at": "2026-05-06 17:00:00", "updated_at": "2026-05-06 17:00:00"
        }))
    }
    pub fn mailing_list() -> Value {
        with_unknown(json!({
            "id": 789, "name": "Newsletter Subscribers", "subscribers_count": "250",
            "created_at": "2026-05-06 17:00:00"
        }))
    }
    pub fn campaign() -> Value {
        with_unknown(json!({
            "id": 31, "template_id": 456, "mailing_list_id": 789, "campaign_name": "May Newsletter",
            "begins_at": "2026-05-06 18:00:00", "segment": "all", "subject": "Hello",
            "html_body": "<h1>Hello</h1>", "text_body": "Hello", "from_email": "news@example.com",
            "from_name": "Demo Team", "reply_email": "support@example.com",
            "sender_email": "news@example.com", "speed": 1000, "vmta_id": 0,
            "bounce_email_id": 1, "url_domain_id": 1, "state": "scheduled", "paused": false,
            "sent_count": 0, "created_at": "2026-05-06 17:00:00", "updated_at": "2026-05-06 17:00:00"
        }))
    }
    pub fn vmta() -> Value {
        with_unknown(json!({"id": 0, "name": "System Default Route", "type": "default"}))
    }
    pub fn url_domain() -> Value {
        with_unknown(json!({"id": 1, "domain": "links.example.com"}))
    }
    pub fn bounce_email() -> Value {
        with_unknown(json!({"id": "1", "email": "bounces@example.com"}))
    }
    pub fn campaign_options() -> Value {
        with_unknown(json!({
            "templates": [template()], "mailing_lists": [mailing_list()],
            "senderDetails": [sender()], "url_domains": [url_domain()], "vmtas": [vmta()],
            "bounce_email_id": [bounce_email()], "speed": 1000
        }))
    }
    pub fn campaign_edit_options() -> Value {
        with_unknown(json!({
            "campaign": campaign(), "templates": [template()], "senderDetails": [sender()],
            "url_domains": [url_domain()], "vmtas": [vmta()],
            "bounce_email_id": [bounce_email()], "speed": "1000"
        }))
    }
    pub fn message() -> Value {
        with_unknown(json!({"message": "Verification email sent"}))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum JsonType {
    String,
    Number,
    Bool,
    Null,
    Object,
    List,
}

const JSON_TYPES: [JsonType; 6] = [
    JsonType::String,
    JsonType::Number,
    JsonType::Bool,
    JsonType::Null,
    JsonType::Object,
    JsonType::List,
];

fn json_type(value: &Value) -> JsonType {
    match value {
        Value::String(_) => JsonType::String,
        Value::Number(_) => JsonType::Number,
        Value::Bool(_) => JsonType::Bool,
        Value::Null => JsonType::Null,
        Value::Object(_) => JsonType::Object,
        Value::Array(_) => JsonType::List,
    }
}

/// Strings a PHP app sends, with the tricky ones (blank, numeric, boolean-looking) made likely.
fn any_string() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["", " ", "0", "1", "12", " 7 ", "true", "abc", "bm-7"])
            .prop_map(str::to_owned),
        "\\PC{0,12}",
    ]
}

fn any_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        // Few digits: serde_json's default float parsing is exact only for short mantissas.
        (-100_000_000i64..100_000_000).prop_map(|n| Value::from(n as f64 / 100.0)),
        Just(json!(12.0)),
        Just(json!(0)),
    ]
}

fn any_scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        any_string().prop_map(Value::from),
        any_number(),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
    ]
}

fn value_of(json_type: JsonType) -> BoxedStrategy<Value> {
    match json_type {
        JsonType::String => any_string().prop_map(Value::from).boxed(),
        JsonType::Number => any_number().boxed(),
        JsonType::Bool => any::<bool>().prop_map(Value::from).boxed(),
        JsonType::Null => Just(Value::Null).boxed(),
        JsonType::Object => prop::collection::btree_map("[a-z_]{1,8}", any_scalar(), 0..4)
            .prop_map(|map| Value::Object(map.into_iter().collect()))
            .boxed(),
        JsonType::List => prop::collection::vec(any_scalar(), 0..4)
            .prop_map(Value::Array)
            .boxed(),
    }
}

/// A field of `example` and a value of another JSON type for it.
fn odd_value_for<M: Inspect>(example: Value) -> impl Strategy<Value = (&'static str, Value)> {
    prop::sample::select(M::KEYS.to_vec()).prop_flat_map(move |key| {
        let own = json_type(&example[key]);
        let others: Vec<JsonType> = JSON_TYPES.into_iter().filter(|t| *t != own).collect();
        prop::sample::select(others)
            .prop_flat_map(value_of)
            .prop_map(move |value| (key, value))
    })
}

/// The property, for one model, one field and one value.
fn decodes_around_the_odd_field<M>(
    example: &Value,
    key: &str,
    value: Value,
) -> Result<(), TestCaseError>
where
    M: Inspect + DeserializeOwned + serde::Serialize,
{
    let baseline: M = serde_json::from_str(&example.to_string()).expect("the example decodes");
    let mut changed = example.clone();
    changed[key] = value.clone();
    // From text, as the clients decode: the streaming path.
    let decoded: M = serde_json::from_str(&changed.to_string())
        .map_err(|e| TestCaseError::fail(format!("the call would fail: {e}")))?;

    let (before, after) = (baseline.known(), decoded.known());
    for other in M::KEYS.iter().filter(|k| **k != key) {
        prop_assert_eq!(&after[*other], &before[*other], "field {} changed", other);
    }
    let mut other_extra = decoded.extra().clone();
    other_extra.remove(key);
    prop_assert_eq!(&other_extra, baseline.extra(), "the unknown fields changed");

    match M::alone(key, &value) {
        Some(fitted) => {
            prop_assert_eq!(
                &after[key],
                &fitted,
                "a value that fits is the field's value"
            );
            prop_assert!(!decoded.extra().contains_key(key));
        }
        None => {
            prop_assert_eq!(&after[key], &M::unfit(key), "an odd field reads as absent");
            prop_assert_eq!(
                decoded.extra().get(key),
                Some(&value),
                "the odd value is in extra"
            );
            let back = serde_json::to_value(&decoded).expect("serialises");
            prop_assert_eq!(
                &back[key],
                &value,
                "serialising gives back what the API sent"
            );
        }
    }
    // Whatever the lenient rules are, an object or a list never fits a scalar field.
    let scalar_field = !matches!(example[key], Value::Object(_) | Value::Array(_));
    if scalar_field && matches!(value, Value::Object(_) | Value::Array(_)) {
        prop_assert_eq!(decoded.extra().get(key), Some(&value));
    }
    Ok(())
}

macro_rules! odd_field_properties {
    ($($test:ident: $model:ty = $example:expr;)*) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]
            $(
                #[test]
                fn $test((key, value) in odd_value_for::<$model>($example)) {
                    decodes_around_the_odd_field::<$model>(&$example, key, value)?;
                }
            )*
        }

        #[test]
        fn examples_name_every_field() {
            $(
                let example = $example;
                for key in <$model as Inspect>::KEYS {
                    assert!(example.get(*key).is_some(), "the {} example lacks {key}", stringify!($model));
                }
                let decoded: $model = serde_json::from_value(example).unwrap();
                assert_eq!(decoded.extra, Map::from_iter([("team_id".to_owned(), json!(7))]));
            )*
        }
    };
}

odd_field_properties! {
    user: User = examples::user();
    domain: Domain = examples::domain();
    dns_record: DnsRecord = examples::dns_record();
    domain_view: DomainView = examples::domain_view();
    domain_verification: DomainVerification = examples::domain_verification();
    sender: Sender = examples::sender();
    template: Template = examples::template();
    mailing_list: MailingList = examples::mailing_list();
    campaign: Campaign = examples::campaign();
    vmta: Vmta = examples::vmta();
    url_domain: UrlDomain = examples::url_domain();
    bounce_email: BounceEmail = examples::bounce_email();
    campaign_options: CampaignOptions = examples::campaign_options();
    campaign_edit_options: CampaignEditOptions = examples::campaign_edit_options();
    message: Message = examples::message();
}

#[test]
fn an_odd_field_inside_a_nested_model_stays_in_that_model() {
    let mut example = examples::campaign_edit_options();
    example["campaign"]["sent_count"] = json!("many");
    example["templates"][0]["active"] = json!({"on": true});
    let decoded: CampaignEditOptions = serde_json::from_value(example).unwrap();
    assert_eq!(decoded.campaign.sent_count, None);
    assert_eq!(decoded.campaign.extra["sent_count"], "many");
    assert_eq!(
        decoded.campaign.campaign_name.as_deref(),
        Some("May Newsletter")
    );
    assert_eq!(decoded.templates[0].active, None);
    assert_eq!(decoded.templates[0].extra["active"], json!({"on": true}));
    assert_eq!(decoded.templates[0].name, "Welcome");
    assert!(
        !decoded.extra.contains_key("campaign"),
        "the campaign itself fits"
    );
}

#[test]
fn a_nested_list_with_an_item_that_is_not_a_model_goes_to_extra_whole() {
    let mut example = examples::campaign_options();
    example["templates"] = json!([examples::template(), 5]);
    let decoded: CampaignOptions = serde_json::from_value(example.clone()).unwrap();
    assert!(decoded.templates.is_empty(), "the field reads as absent");
    assert_eq!(decoded.extra["templates"], example["templates"]);
    assert_eq!(decoded.mailing_lists.len(), 1);
}

#[test]
fn untyped_fields_are_text_that_accepts_numbers() {
    let mut example = examples::campaign();
    let numeric: Campaign = serde_json::from_value(example.clone()).unwrap();
    assert_eq!(numeric.bounce_email_id.as_deref(), Some("1"));
    example["bounce_email_id"] = json!("bm-7");
    let text: Campaign = serde_json::from_value(example).unwrap();
    assert_eq!(text.bounce_email_id.as_deref(), Some("bm-7"));
    assert!(text.extra.get("bounce_email_id").is_none(), "text fits");
}

/// Found by the fuzz target `models`: a key sent twice, first with a value that did not fit, kept
/// that value in `extra` beside the one that did, so the model serialised the stale one.
#[test]
fn a_key_sent_twice_reads_as_its_last_value() {
    let domain: Domain =
        serde_json::from_str(r#"{"id":"x","domain_name":"a.com","id":"12"}"#).unwrap();
    assert_eq!(domain.id, 12);
    assert!(domain.extra.is_empty(), "{:?}", domain.extra);
    let odd_last: Domain =
        serde_json::from_str(r#"{"id":12,"domain_name":"a.com","id":"x"}"#).unwrap();
    assert_eq!(odd_last.id, 0);
    assert_eq!(odd_last.extra["id"], "x");

    let template = examples::template().to_string();
    let options = format!(r#"{{"templates":[5],"speed":1,"templates":[{template}]}}"#);
    let decoded: CampaignOptions = serde_json::from_str(&options).unwrap();
    assert_eq!(decoded.templates.len(), 1);
    assert!(!decoded.extra.contains_key("templates"));
    for model in [&domain, &odd_last] {
        let again: Domain = serde_json::from_str(&serde_json::to_string(model).unwrap()).unwrap();
        assert_eq!(
            &again, model,
            "serialising gives back the value that was read"
        );
    }
    let again: CampaignOptions =
        serde_json::from_str(&serde_json::to_string(&decoded).unwrap()).unwrap();
    assert_eq!(
        again, decoded,
        "serialising gives back the value that was read"
    );

    let message: Message = serde_json::from_str(r#"{"message":[1],"message":"sent"}"#).unwrap();
    assert_eq!(message.message.as_deref(), Some("sent"));
    assert!(message.extra.is_empty());
}
