//! Input checks run before anything is sent: a call that fails them returns
//! [`ErrorKind::InvalidInput`] and the network sees nothing.

use crate::error::{Error, ErrorKind, Result};
use crate::models::{CampaignChanges, CampaignContent, NewCampaign, NewTemplate, TemplateChanges};

/// Longest value the SDK sends for a name-like field: far above real use, far below a body limit.
const MAX_TEXT_LEN: usize = 100_000;

fn invalid(endpoint: &'static str, field: &str, why: impl std::fmt::Display) -> Error {
    Error::local(
        ErrorKind::InvalidInput,
        Some(endpoint),
        format!("{field}: {why}"),
    )
}

/// A fully qualified domain name: 2+ dot-separated labels of letters, digits and inner hyphens,
/// each 1-63 bytes, 253 bytes at most, and a TLD that is not all digits.
pub(crate) fn hostname(endpoint: &'static str, field: &str, value: &str) -> Result<()> {
    if is_hostname(value) {
        Ok(())
    } else {
        Err(invalid(
            endpoint,
            field,
            format!("{value:?} is not a valid domain name"),
        ))
    }
}

fn is_hostname(value: &str) -> bool {
    let name = value.strip_suffix('.').unwrap_or(value);
    let labels: Vec<&str> = name.split('.').collect();
    let label_ok = |label: &&str| {
        !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    name.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(label_ok)
        && labels
            .last()
            .is_some_and(|tld| !tld.bytes().all(|b| b.is_ascii_digit()))
}

/// An address `local@domain`: a local part of 1-64 printable bytes without spaces or `@`,
/// and a domain that passes [`hostname`].
pub(crate) fn email(endpoint: &'static str, field: &str, value: &str) -> Result<()> {
    let valid = match value.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && local.len() <= 64
                && local.bytes().all(|b| b.is_ascii_graphic() && b != b'@')
                && is_hostname(domain)
        }
        None => false,
    };
    if valid {
        Ok(())
    } else {
        Err(invalid(
            endpoint,
            field,
            format!("{value:?} is not a valid email address"),
        ))
    }
}

/// Text that is not blank and not absurdly long.
pub(crate) fn non_empty(endpoint: &'static str, field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(invalid(endpoint, field, "must not be empty"))
    } else if value.len() > MAX_TEXT_LEN {
        Err(invalid(
            endpoint,
            field,
            format!("longer than {MAX_TEXT_LEN} bytes"),
        ))
    } else {
        Ok(())
    }
}

/// An id the API could have issued (ids start at 1).
pub(crate) fn positive_id(endpoint: &'static str, field: &str, value: u64) -> Result<()> {
    if value == 0 {
        Err(invalid(endpoint, field, "must be a positive id"))
    } else {
        Ok(())
    }
}

/// `value` must be given (and not blank) when `other` is given.
pub(crate) fn required_with(
    endpoint: &'static str,
    field: &str,
    value: Option<&str>,
    other_field: &str,
    other: Option<&str>,
) -> Result<()> {
    match (other, value) {
        (Some(_), None) => Err(invalid(
            endpoint,
            field,
            format!("is required when {other_field} is given"),
        )),
        (_, Some(value)) => non_empty(endpoint, field, value),
        (None, None) => Ok(()),
    }
}

/// A timestamp in the API's `Y-m-d H:i:s` form (checked for shape and ranges, not the calendar).
fn timestamp(endpoint: &'static str, field: &str, value: &str) -> Result<()> {
    let bytes = value.as_bytes();
    let shape_ok = bytes.len() == 19
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            10 => *b == b' ',
            13 | 16 => *b == b':',
            _ => b.is_ascii_digit(),
        });
    let number = |range: std::ops::Range<usize>| {
        value
            .get(range)
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(99)
    };
    if shape_ok
        && (1..=12).contains(&number(5..7))
        && (1..=31).contains(&number(8..10))
        && number(11..13) < 24
        && number(14..16) < 60
        && number(17..19) < 60
    {
        Ok(())
    } else {
        Err(invalid(
            endpoint,
            field,
            format!("{value:?} is not a \"Y-m-d H:i:s\" timestamp"),
        ))
    }
}

fn optional(
    endpoint: &'static str,
    field: &str,
    value: Option<&str>,
    check: fn(&'static str, &str, &str) -> Result<()>,
) -> Result<()> {
    value.map_or(Ok(()), |value| check(endpoint, field, value))
}

/// A request struct that checks itself before it is sent.
pub(crate) trait Validate {
    fn validate(&self, endpoint: &'static str) -> Result<()>;
}

impl Validate for NewTemplate {
    fn validate(&self, endpoint: &'static str) -> Result<()> {
        non_empty(endpoint, "name", &self.name)?;
        non_empty(endpoint, "html_body", &self.html_body)
    }
}

impl Validate for TemplateChanges {
    fn validate(&self, endpoint: &'static str) -> Result<()> {
        optional(endpoint, "name", self.name.as_deref(), non_empty)?;
        optional(endpoint, "html_body", self.html_body.as_deref(), non_empty)
    }
}

impl Validate for CampaignContent {
    fn validate(&self, endpoint: &'static str) -> Result<()> {
        email(endpoint, "all_request.from_email", &self.from_email)?;
        optional(
            endpoint,
            "all_request.reply_email",
            self.reply_email.as_deref(),
            email,
        )?;
        optional(
            endpoint,
            "all_request.sender_email",
            self.sender_email.as_deref(),
            email,
        )
    }
}

/// What a new campaign and a campaign's changes share: an optional name and start, and the content.
fn campaign_fields(
    endpoint: &'static str,
    campaign_name: Option<&str>,
    begins_at: Option<&str>,
    content: &CampaignContent,
) -> Result<()> {
    optional(endpoint, "campaign_name", campaign_name, non_empty)?;
    optional(endpoint, "begins_at", begins_at, timestamp)?;
    content.validate(endpoint)
}

impl Validate for NewCampaign {
    fn validate(&self, endpoint: &'static str) -> Result<()> {
        positive_id(endpoint, "template_id", self.template_id)?;
        campaign_fields(
            endpoint,
            self.campaign_name.as_deref(),
            self.begins_at.as_deref(),
            &self.content,
        )
    }
}

impl Validate for CampaignChanges {
    fn validate(&self, endpoint: &'static str) -> Result<()> {
        campaign_fields(
            endpoint,
            self.campaign_name.as_deref(),
            self.begins_at.as_deref(),
            &self.content,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostnames() {
        for good in [
            "example.com",
            "mail.example.co.uk",
            "a-b.example.com",
            "xn--bcher-kva.example",
            "example.com.",
        ] {
            assert!(hostname("t", "domain_name", good).is_ok(), "{good}");
        }
        let long_label = format!("{}.com", "a".repeat(64));
        for bad in [
            "",
            "localhost",
            "-a.com",
            "a-.com",
            "a..com",
            "exa mple.com",
            "1.2.3.4",
            "a_b.com",
            &long_label,
        ] {
            let err = hostname("t", "domain_name", bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn emails() {
        for good in ["news@example.com", "a.b+c@mail.example.org"] {
            assert!(email("t", "from_email", good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "news",
            "@example.com",
            "news@",
            "news@localhost",
            "a b@example.com",
            "news@exa_mple.com",
        ] {
            assert!(email("t", "from_email", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn blank_text_and_dependent_fields() {
        assert!(non_empty("t", "name", " \t").is_err());
        assert!(non_empty("t", "name", &"x".repeat(MAX_TEXT_LEN + 1)).is_err());
        assert!(required_with("t", "html_content", None, "subject", Some("Hi")).is_err());
        assert!(required_with("t", "html_content", Some(" "), "subject", Some("Hi")).is_err());
        assert!(required_with("t", "html_content", None, "subject", None).is_ok());
        assert!(required_with("t", "html_content", Some("<p>"), "subject", Some("Hi")).is_ok());
    }

    #[test]
    fn timestamps() {
        assert!(timestamp("t", "begins_at", "2026-05-06 18:00:00").is_ok());
        for bad in [
            "2026-05-06",
            "2026-13-01 00:00:00",
            "2026-05-06T18:00:00",
            "2026-05-06 24:00:00",
        ] {
            assert!(timestamp("t", "begins_at", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn request_structs() {
        let mut campaign = NewCampaign {
            template_id: 1,
            content: CampaignContent::new("news@example.com", "Hi", "<p>"),
            ..NewCampaign::default()
        };
        assert!(campaign.validate("campaigns.create").is_ok());
        campaign.content.reply_email = Some("nope".into());
        let err = campaign.validate("campaigns.create").unwrap_err();
        assert!(err.to_string().contains("all_request.reply_email"), "{err}");
        assert!(NewTemplate::new("", "<p>")
            .validate("templates.add")
            .is_err());
        assert!(TemplateChanges {
            name: Some(String::new()),
            ..Default::default()
        }
        .validate("t")
        .is_err());
        assert!(TemplateChanges::default().validate("t").is_ok());
    }
}
