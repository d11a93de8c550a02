//! Every message the sandbox "sends" (sender verification, welcome mail, campaign messages), kept
//! for tests to read through `/_sandbox/outbox` or [`crate::Sandbox::outbox`].

use serde::{Deserialize, Serialize};

/// Why a message was sent.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// Holds the one-time link that verifies a sender.
    SenderVerification,
    /// Sent by `smtp-welcome-mail`.
    Welcome,
    /// One campaign message to one subscriber.
    Campaign,
}

/// One message in the outbox.
#[derive(Clone, Debug, Serialize)]
pub struct OutboxMessage {
    /// Position in the outbox, from 1.
    pub id: u64,
    /// Why it was sent.
    pub kind: MessageKind,
    /// Recipient address.
    pub to: String,
    /// Sender address.
    pub from: String,
    /// Rendered subject.
    pub subject: String,
    /// Rendered HTML body.
    pub html_body: String,
    /// Rendered text body, when there is one.
    pub text_body: Option<String>,
    /// The campaign that sent it (campaign messages only).
    pub campaign_id: Option<u64>,
    /// The one-time verification link (sender verification only).
    pub link: Option<String>,
    /// Sandbox time it was sent, `Y-m-d H:i:s`.
    pub sent_at: String,
}

/// Which messages to return; every field that is set must match.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct OutboxFilter {
    /// Recipient address (case-insensitive).
    pub to: Option<String>,
    /// Message kind.
    pub kind: Option<MessageKind>,
    /// Sending campaign.
    pub campaign_id: Option<u64>,
}

impl OutboxFilter {
    fn matches(&self, message: &OutboxMessage) -> bool {
        self.to
            .as_ref()
            .is_none_or(|to| to.eq_ignore_ascii_case(&message.to))
            && self.kind.is_none_or(|kind| kind == message.kind)
            && self
                .campaign_id
                .is_none_or(|id| Some(id) == message.campaign_id)
    }
}

/// A message about to be sent; the outbox gives it an id.
pub struct Draft {
    pub kind: MessageKind,
    pub to: String,
    pub from: String,
    pub subject: String,
    pub html_body: String,
    pub text_body: Option<String>,
    pub campaign_id: Option<u64>,
    pub link: Option<String>,
}

#[derive(Default)]
pub struct Outbox {
    messages: Vec<OutboxMessage>,
    next_id: u64,
}

impl Outbox {
    pub fn send(&mut self, draft: Draft, sent_at: String) -> &OutboxMessage {
        self.next_id += 1;
        self.messages.push(OutboxMessage {
            id: self.next_id,
            kind: draft.kind,
            to: draft.to,
            from: draft.from,
            subject: draft.subject,
            html_body: draft.html_body,
            text_body: draft.text_body,
            campaign_id: draft.campaign_id,
            link: draft.link,
            sent_at,
        });
        &self.messages[self.messages.len() - 1]
    }

    pub fn list(&self, filter: &OutboxFilter) -> Vec<OutboxMessage> {
        self.messages
            .iter()
            .filter(|m| filter.matches(m))
            .cloned()
            .collect()
    }

    pub fn clear(&mut self) {
        self.messages.clear();
    }
}
