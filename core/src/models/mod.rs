//! Typed requests and responses for every endpoint.
//!
//! Responses are declared with `model!` (see `macros.rs`): lenient decoding through
//! [`crate::lenient`], unknown fields kept in `extra`, and `Serialize` back to the API's shape.
//! Requests are plain serde structs, validated by the client before anything is sent.
//!
//! Per-binding derives sit on the declarations themselves, behind this crate's `python` and
//! `uniffi` features (the Node binding needs none: its models cross as JSON), the pattern
//! bitwarden/sdk-internal and matrix-rust-sdk use. The macros apply them to every model alike:
//! `python` (a Python class needs getters, `repr()` and `to_dict()` written from the field list,
//! `python.rs`) and `uniffi` (`model!` and `request!` derive `uniffi::Record`; the unknown fields
//! cross as JSON text, `uniffi.rs`).
//!
//! `Message` is a `model!` decoded by hand (a bare string is a message too), and `Session` a
//! `plain_model!` (`info.rs`): each is declared once, its docs included.

#[cfg(feature = "python")]
#[macro_use]
pub mod python;

#[cfg(feature = "uniffi")]
mod uniffi;

#[macro_use]
mod macros;
#[macro_use]
pub mod info;

mod account;
mod campaigns;
mod domains;
mod mailing_lists;
mod message;
mod senders;
mod templates;

#[cfg(test)]
mod odd_field_tests;

pub use account::{Session, User};
pub use campaigns::{
    BounceEmail, Campaign, CampaignChanges, CampaignContent, CampaignEditOptions, CampaignOptions,
    NewCampaign, UrlDomain, Vmta,
};
pub use domains::{DnsRecord, Domain, DomainVerification, DomainView};
pub use mailing_lists::MailingList;
pub use message::Message;
pub use senders::Sender;
pub use templates::{NewTemplate, Template, TemplateChanges};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_domain_keeps_unknown_fields_and_reads_php_values() {
        let json = r#"{"id":"10","domain_name":"example.com","host":"","selector":null,
            "public_key":"v=DKIM1; k=rsa; p=AB","status":"pending","team_id":7,"tags":["a"]}"#;
        let domain: Domain = serde_json::from_str(json).unwrap();
        assert_eq!(domain.id, 10);
        assert_eq!(domain.host, None, "\"\" is absent");
        assert_eq!(domain.selector, None);
        assert_eq!(
            domain.created_at, None,
            "a missing optional field is absent"
        );
        assert_eq!(domain.extra.get("team_id"), Some(&serde_json::json!(7)));
        assert_eq!(domain.extra.get("tags"), Some(&serde_json::json!(["a"])));
    }

    #[test]
    fn a_missing_required_field_is_an_error_naming_it() {
        let err = serde_json::from_str::<Domain>(r#"{"id":1}"#).unwrap_err();
        assert!(err.to_string().contains("domain_name"), "{err}");
    }

    #[test]
    fn renamed_keys_and_absent_lists() {
        let json = r#"{"senderDetails":[{"id":1,"from_email":"a@b.co"}],"bounce_email_id":[{"id":"2","email":"b@b.co"}],
            "vmtas":[{"id":0,"name":"System Default Route","type":"default"}],"speed":"1000"}"#;
        let options: CampaignOptions = serde_json::from_str(json).unwrap();
        assert_eq!(options.senders[0].from_email, "a@b.co");
        assert_eq!(options.bounce_emails[0].id, 2);
        assert_eq!(options.vmtas[0].kind.as_deref(), Some("default"));
        assert!(options.templates.is_empty(), "an absent list is empty");
        assert_eq!(options.speed, Some(1000));
    }

    #[test]
    fn serialising_restores_the_api_shape() {
        let json = r#"{"success":"1","message":"Verified Successfully","checked_at":"now"}"#;
        let verification: DomainVerification = serde_json::from_str(json).unwrap();
        assert!(verification.verified);
        let back = serde_json::to_value(&verification).unwrap();
        assert_eq!(
            back,
            serde_json::json!({"success": true, "message": "Verified Successfully", "checked_at": "now"})
        );
    }

    /// Found by the round-trip property (tests/decoding.rs): without serde_json's
    /// `float_roundtrip` this number came back one ulp off (`...8222e+151`).
    #[test]
    fn a_number_kept_in_extra_is_given_back_exactly() {
        let json = r#"{"id":1,"domain_name":"a.com","score":-5.0580885047182225e151}"#;
        let domain: Domain = serde_json::from_str(json).unwrap();
        let back = serde_json::to_string(&domain.extra["score"]).unwrap();
        assert_eq!(back, "-5.0580885047182225e+151");
        let again: Domain = serde_json::from_str(&serde_json::to_string(&domain).unwrap()).unwrap();
        assert_eq!(again, domain);
    }

    #[test]
    fn a_message_is_an_object_or_a_bare_string() {
        let from_object: Message =
            serde_json::from_str(r#"{"message":"Mail sent successfully","id":3}"#).unwrap();
        assert_eq!(
            from_object.message.as_deref(),
            Some("Mail sent successfully")
        );
        assert_eq!(from_object.extra.get("id"), Some(&serde_json::json!(3)));
        let from_string: Message = serde_json::from_str(r#""update sucessfully""#).unwrap();
        assert_eq!(from_string.message.as_deref(), Some("update sucessfully"));
        for blank in [r#""""#, r#"" ""#, r#"{"message":""}"#] {
            let message: Message = serde_json::from_str(blank).unwrap();
            assert_eq!(message.message, None, "{blank} is no message");
        }
    }

    #[test]
    fn requests_serialise_as_the_api_expects() {
        let campaign = NewCampaign {
            template_id: 4,
            campaign_name: Some("May".into()),
            content: CampaignContent::new("news@example.com", "Hi", "<p>Hi</p>"),
            ..NewCampaign::default()
        };
        let json = serde_json::to_value(&campaign).unwrap();
        assert_eq!(json["all_request"]["from_email"], "news@example.com");
        assert_eq!(json["template_id"], 4);
        assert!(json.get("begins_at").is_none(), "unset fields are not sent");
        let template = serde_json::to_value(NewTemplate::new("Welcome", "<h1>Hi</h1>")).unwrap();
        assert_eq!(
            template,
            serde_json::json!({"name": "Welcome", "html_body": "<h1>Hi</h1>", "active": true})
        );
    }
}
