//! Campaign delivery, simulated lazily: whenever a campaign is read or the clock moves, each
//! campaign's state is recomputed from the sandbox clock and the messages due by now (at `speed`
//! per hour of unpaused time since `begins_at`) are put in the outbox.

use std::ops::RangeBounds;

use chrono::NaiveDateTime;

use crate::clock;
use crate::models::{Campaign, CampaignState, MailingList, Template};
use crate::outbox::{Draft, MessageKind, Outbox};
use crate::state::State;

/// Brings every campaign up to the sandbox's current time.
pub fn catch_up(state: &mut State) {
    advance_range(state, ..);
}

/// Brings one campaign up to the sandbox's current time.
pub fn refresh(state: &mut State, campaign_id: u64) {
    advance_range(state, campaign_id..=campaign_id);
}

/// Advances the campaigns whose ids fall in `ids`. The state is split so that each campaign can be
/// changed while its list and template are read and the outbox is written.
fn advance_range(state: &mut State, ids: impl RangeBounds<u64>) {
    let now = state.clock.now();
    let State {
        campaigns,
        mailing_lists,
        templates,
        outbox,
        ..
    } = state;
    for (_, campaign) in campaigns.range_mut(ids) {
        advance(
            campaign,
            now,
            |id| mailing_lists.get(&id),
            |id| templates.get(&id),
            outbox,
        );
    }
}

/// Seconds of unpaused time between `begins_at` and `now`.
fn active_seconds(campaign: &Campaign, begins_at: NaiveDateTime, now: NaiveDateTime) -> i64 {
    let until = campaign.paused_since.map_or(now, |since| since.min(now));
    let elapsed = until.signed_duration_since(begins_at).num_seconds().max(0);
    (elapsed - campaign.paused_seconds).max(0)
}

/// How many messages are due after `active` seconds at `speed` per hour (0 = all at once).
fn due_count(speed: u64, active: i64, subscribers: usize) -> u64 {
    let subscribers = subscribers as u64;
    if speed == 0 {
        return subscribers;
    }
    let due = u128::from(speed) * u128::try_from(active).unwrap_or(0) / 3600;
    u64::try_from(due).unwrap_or(u64::MAX).min(subscribers)
}

fn advance<'a>(
    campaign: &mut Campaign,
    now: NaiveDateTime,
    list_of: impl Fn(u64) -> Option<&'a MailingList>,
    template_of: impl Fn(u64) -> Option<&'a Template>,
    outbox: &mut Outbox,
) {
    if campaign.state == CampaignState::Finished {
        return;
    }
    let begins_at = campaign.begins_at.as_deref().and_then(clock::parse);
    let (Some(list_id), Some(begins_at)) = (campaign.mailing_list_id, begins_at) else {
        campaign.state = CampaignState::Idle;
        return;
    };
    if now < begins_at {
        campaign.state = CampaignState::Scheduled;
        return;
    }
    campaign.state = CampaignState::Sending;
    let subscribers: &[String] = list_of(list_id).map_or(&[], |list| &list.subscribers);
    let due = due_count(
        campaign.delivery.speed,
        active_seconds(campaign, begins_at, now),
        subscribers.len(),
    );
    let template = template_of(campaign.template_id);
    let sent_at = clock::format(now);
    while campaign.sent_count < due {
        let Some(to) = usize::try_from(campaign.sent_count)
            .ok()
            .and_then(|i| subscribers.get(i))
        else {
            break;
        };
        outbox.send(render(campaign, template, to), sent_at.clone());
        campaign.sent_count += 1;
    }
    if campaign.sent_count >= subscribers.len() as u64 {
        campaign.state = CampaignState::Finished;
        campaign.paused = false;
        campaign.paused_since = None;
    }
}

/// One campaign message: the campaign's HTML placed in the template's `{{content}}` slot when the
/// template has one; `{{email}}` becomes the subscriber's address everywhere.
fn render(campaign: &Campaign, template: Option<&Template>, to: &str) -> Draft {
    let delivery = &campaign.delivery;
    let subject = delivery.subject.replace("{{email}}", to);
    let html = match template {
        Some(t) if t.html_body.contains("{{content}}") => t
            .html_body
            .replace("{{content}}", &delivery.html_body)
            .replace("{{subject}}", &subject),
        _ => delivery.html_body.clone(),
    };
    Draft {
        kind: MessageKind::Campaign,
        to: to.to_string(),
        from: delivery.from_email.clone(),
        html_body: html.replace("{{email}}", to),
        text_body: delivery
            .text_body
            .as_ref()
            .map(|t| t.replace("{{email}}", to)),
        subject,
        campaign_id: Some(campaign.id),
        link: None,
    }
}

/// Pauses a scheduled or sending campaign, or resumes a paused one, at `now`.
/// Returns false (nothing changed) in any other state.
pub fn toggle_pause(campaign: &mut Campaign, now: NaiveDateTime) -> bool {
    if !matches!(
        campaign.state,
        CampaignState::Scheduled | CampaignState::Sending
    ) {
        return false;
    }
    match campaign.paused_since.take() {
        None => {
            campaign.paused = true;
            campaign.paused_since = Some(now);
        }
        Some(since) => {
            // Only paused time after begins_at delays delivery.
            let begins_at = campaign
                .begins_at
                .as_deref()
                .and_then(clock::parse)
                .unwrap_or(since);
            let from = since.max(begins_at);
            campaign.paused_seconds += now.signed_duration_since(from).num_seconds().max(0);
            campaign.paused = false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_counts_follow_speed() {
        assert_eq!(due_count(1000, 3600, 5000), 1000);
        assert_eq!(due_count(1000, 1800, 5000), 500);
        assert_eq!(due_count(1000, 36000, 5000), 5000);
        assert_eq!(due_count(0, 0, 7), 7);
        assert_eq!(due_count(60, 59, 7), 0);
        assert_eq!(due_count(u64::MAX, i64::MAX, 7), 7);
    }
}
