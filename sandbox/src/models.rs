//! The records the sandbox keeps, serialised exactly as the API returns them (`docs/api.md`, "Objects").
//! Fields the API never shows (owner ids, passwords, bookkeeping) are `#[serde(skip)]`.

use serde::Serialize;

/// A user as the API shows it (`user` in the token answer).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct UserInfo {
    /// User id, the `user_id` every protected call sends.
    pub id: u64,
    /// Display name.
    pub name: String,
    /// Login email.
    pub email: String,
}

/// A user with the password the token endpoint checks.
#[derive(Clone)]
pub struct Account {
    pub user: UserInfo,
    pub password: String,
}

/// Whether a domain's DKIM record has been found in DNS.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DomainStatus {
    Pending,
    Verified,
    Failed,
}

#[derive(Clone, Serialize)]
pub struct Domain {
    pub id: u64,
    #[serde(skip)]
    pub user_id: u64,
    pub domain_name: String,
    pub host: String,
    pub selector: String,
    /// The DKIM TXT value the user must publish at `host`.
    pub public_key: String,
    /// The `p=` part of `public_key`, which verification compares with DNS.
    #[serde(skip)]
    pub public_key_b64: String,
    pub status: DomainStatus,
    pub verified_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// One DNS record the domain view asks the user to publish.
#[derive(Clone, Serialize)]
pub struct DnsRecord {
    #[serde(rename = "type")]
    pub record_type: &'static str,
    pub purpose: &'static str,
    pub host: String,
    pub value: String,
    pub status: &'static str,
}

/// Whether a sender's address has been confirmed through its verification link.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SenderStatus {
    Pending,
    Verified,
}

#[derive(Clone, Serialize)]
pub struct Sender {
    pub id: u64,
    #[serde(skip)]
    pub user_id: u64,
    pub domain_id: u64,
    pub domain_name: String,
    pub sender_name: Option<String>,
    pub from_email: String,
    pub status: SenderStatus,
    pub verified_at: Option<String>,
    pub created_at: String,
}

#[derive(Clone, Serialize)]
pub struct Template {
    pub id: u64,
    /// `None` for the default templates every user sees.
    pub user_id: Option<u64>,
    pub name: String,
    pub html_body: String,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// A mailing list as returned by the API; public because the in-process admin API returns it.
#[derive(Clone, Debug, Serialize)]
pub struct MailingList {
    /// List id.
    pub id: u64,
    #[serde(skip)]
    pub(crate) user_id: u64,
    /// List name.
    pub name: String,
    /// How many subscribers the list holds.
    pub subscribers_count: usize,
    /// Creation time, `Y-m-d H:i:s`.
    pub created_at: String,
    #[serde(skip)]
    pub(crate) subscribers: Vec<String>,
}

impl MailingList {
    /// A copy without the subscriber addresses (which the API never shows).
    pub fn summary(&self) -> MailingList {
        MailingList {
            id: self.id,
            user_id: self.user_id,
            name: self.name.clone(),
            subscribers_count: self.subscribers_count,
            created_at: self.created_at.clone(),
            subscribers: Vec::new(),
        }
    }
}

/// Where a campaign is in its life (`docs/api.md`, "Rules the sandbox enforces").
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CampaignState {
    Idle,
    Scheduled,
    Sending,
    Finished,
}

/// The `all_request` part of a campaign, flattened into the campaign object.
#[derive(Clone, Serialize)]
pub struct Delivery {
    pub subject: String,
    pub html_body: String,
    pub text_body: Option<String>,
    pub from_email: String,
    pub from_name: Option<String>,
    pub reply_email: Option<String>,
    pub sender_email: Option<String>,
    /// Messages per hour; 0 means as fast as possible.
    pub speed: u64,
    pub vmta_id: Option<u64>,
    pub bounce_email_id: Option<u64>,
    pub url_domain_id: Option<u64>,
}

#[derive(Clone, Serialize)]
pub struct Campaign {
    pub id: u64,
    #[serde(skip)]
    pub user_id: u64,
    pub template_id: u64,
    pub mailing_list_id: Option<u64>,
    pub campaign_name: Option<String>,
    pub begins_at: Option<String>,
    pub segment: Option<String>,
    #[serde(flatten)]
    pub delivery: Delivery,
    pub state: CampaignState,
    pub paused: bool,
    pub sent_count: u64,
    pub created_at: String,
    pub updated_at: String,
    /// Sandbox time the current pause began, while paused.
    #[serde(skip)]
    pub paused_since: Option<chrono::NaiveDateTime>,
    /// Seconds after `begins_at` spent paused (finished pauses only); delivery does not count them.
    #[serde(skip)]
    pub paused_seconds: i64,
}

#[derive(Clone, Serialize)]
pub struct Vmta {
    pub id: u64,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Clone, Serialize)]
pub struct UrlDomain {
    pub id: u64,
    pub domain: String,
}

#[derive(Clone, Serialize)]
pub struct BounceEmail {
    pub id: u64,
    pub email: String,
}
