//! Campaigns, the options their forms offer, and the requests that create or change them.

use serde::{Deserialize, Serialize};

use super::{MailingList, Sender, Template};

model! {
    /// A campaign: a template sent to a mailing list from a verified sender, with its delivery settings
    /// (the `all_request` fields, flattened in by the API).
    pub struct Campaign {
        /// The campaign's id.
        pub id: u64,
        /// The template it sends.
        pub template_id: Option<u64>,
        /// The list it is sent to.
        pub mailing_list_id: Option<u64>,
        /// The campaign's name.
        pub campaign_name: Option<String>,
        /// When sending starts (`Y-m-d H:i:s`).
        pub begins_at: Option<String>,
        /// The audience segment, e.g. `all`.
        pub segment: Option<String>,
        /// The subject line.
        pub subject: Option<String>,
        /// The HTML body.
        pub html_body: Option<String>,
        /// The plain-text body.
        pub text_body: Option<String>,
        /// The sender address (a verified sender).
        pub from_email: Option<String>,
        /// The sender's display name.
        pub from_name: Option<String>,
        /// The Reply-To address.
        pub reply_email: Option<String>,
        /// The envelope sender address.
        pub sender_email: Option<String>,
        /// Messages per hour; 0 is unlimited.
        pub speed: Option<u64>,
        /// The virtual MTA it sends through.
        pub vmta_id: Option<u64>,
        /// The bounce mailbox id. The contract leaves it untyped (unlike `vmta_id`), so it is
        /// text: `1` arrives as `"1"`, and an id that is not a number is kept as sent.
        pub bounce_email_id: Option<String>,
        /// The tracking-link domain id.
        pub url_domain_id: Option<u64>,
        /// `idle`, `scheduled`, `sending`, `finished`, `cancelled` or `failed`.
        pub state: Option<String>,
        /// Whether sending is paused.
        pub paused: Option<bool>,
        /// How many messages went out so far.
        pub sent_count: Option<u64>,
        /// When the campaign was created (`Y-m-d H:i:s`).
        pub created_at: Option<String>,
        /// When the campaign last changed (`Y-m-d H:i:s`).
        pub updated_at: Option<String>,
    }
}

model! {
    /// A virtual MTA: the outbound IP or pool a campaign sends through (id 0 is the system default).
    pub struct Vmta {
        /// The VMTA's id.
        pub id: u64,
        /// Its name, e.g. `System Default Route`.
        pub name: Option<String>,
        /// Its kind, as the API names it (`type`).
        pub kind: Option<String> = "type",
    }
}

model! {
    /// A tracking-link domain.
    pub struct UrlDomain {
        /// The domain's id.
        pub id: u64,
        /// The domain.
        pub domain: Option<String>,
    }
}

model! {
    /// A bounce (Return-Path) mailbox.
    pub struct BounceEmail {
        /// The mailbox's id.
        pub id: u64,
        /// The address.
        pub email: Option<String>,
    }
}

model! {
    /// What a new campaign can use (`campaigns.options`, the API's campaign-create form data).
    pub struct CampaignOptions {
        /// The templates to choose from.
        pub templates: Vec<Template>,
        /// The mailing lists to choose from.
        pub mailing_lists: Vec<MailingList>,
        /// The senders to choose from (`senderDetails`).
        pub senders: Vec<Sender> = "senderDetails",
        /// The tracking-link domains to choose from.
        pub url_domains: Vec<UrlDomain>,
        /// The virtual MTAs to choose from.
        pub vmtas: Vec<Vmta>,
        /// The bounce mailboxes to choose from (the API's key is `bounce_email_id`).
        pub bounce_emails: Vec<BounceEmail> = "bounce_email_id",
        /// The default speed, in messages per hour.
        pub speed: Option<u64>,
    }
}

model! {
    /// A campaign with what its edit form can use (`campaigns.edit_options`).
    pub struct CampaignEditOptions {
        /// The campaign being edited.
        pub campaign: Campaign,
        /// The templates to choose from.
        pub templates: Vec<Template>,
        /// The senders to choose from (`senderDetails`).
        pub senders: Vec<Sender> = "senderDetails",
        /// The tracking-link domains to choose from.
        pub url_domains: Vec<UrlDomain>,
        /// The virtual MTAs to choose from.
        pub vmtas: Vec<Vmta>,
        /// The bounce mailboxes to choose from (the API's key is `bounce_email_id`).
        pub bounce_emails: Vec<BounceEmail> = "bounce_email_id",
        /// The default speed, in messages per hour.
        pub speed: Option<u64>,
    }
}

request! {
    /// A campaign's content and delivery settings: the API's `all_request` object.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct CampaignContent {
        /// The sender address: a verified sender of a verified domain (required).
        pub from_email: String,
        /// The subject line (the sandbox requires it when storing a campaign).
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub subject: Option<String>,
        /// The HTML body (the sandbox requires it when storing a campaign).
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub html_body: Option<String>,
        /// The plain-text body.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub text_body: Option<String>,
        /// The sender's display name.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub from_name: Option<String>,
        /// The Reply-To address.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub reply_email: Option<String>,
        /// The envelope sender address.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub sender_email: Option<String>,
        /// Messages per hour; 0 is unlimited.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub speed: Option<u64>,
        /// The virtual MTA to send through.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub vmta_id: Option<u64>,
        /// The bounce mailbox id.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub bounce_email_id: Option<u64>,
        /// The tracking-link domain id.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub url_domain_id: Option<u64>,
    }
}

impl CampaignContent {
    /// Content sent from `from_email` with this subject and HTML body.
    pub fn new(
        from_email: impl Into<String>,
        subject: impl Into<String>,
        html_body: impl Into<String>,
    ) -> Self {
        CampaignContent {
            from_email: from_email.into(),
            subject: Some(subject.into()),
            html_body: Some(html_body.into()),
            ..CampaignContent::default()
        }
    }
}

request! {
    /// A new campaign (`campaigns.create`).
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct NewCampaign {
        /// The template to send (required).
        pub template_id: u64,
        /// The list to send to.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub mailing_list_id: Option<u64>,
        /// The campaign's name.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub campaign_name: Option<String>,
        /// When sending starts, `Y-m-d H:i:s` in the account's timezone.
        #[field(DateTime)]
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub begins_at: Option<String>,
        /// The audience segment, e.g. `all`.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub segment: Option<String>,
        /// Content and delivery settings (the API's `all_request`).
        #[serde(rename = "all_request")]
        pub content: CampaignContent,
    }
}

request! {
    /// Changes to a campaign (`campaigns.update`): the content is sent whole, as the API requires;
    /// other fields left `None` stay as they are.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct CampaignChanges {
        /// A new name.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub campaign_name: Option<String>,
        /// A new start time, `Y-m-d H:i:s`.
        #[field(DateTime)]
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub begins_at: Option<String>,
        /// A new audience segment.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub segment: Option<String>,
        /// A new mailing list.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub mailing_list_id: Option<u64>,
        /// A new template.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "uniffi", uniffi(default))]
        pub template_id: Option<u64>,
        /// Content and delivery settings (the API's `all_request`, required).
        #[serde(rename = "all_request")]
        pub content: CampaignContent,
    }
}
