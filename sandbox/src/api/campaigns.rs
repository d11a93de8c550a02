//! Campaigns: the create/edit form options, store, update, pause/resume and the list. Every read
//! first brings delivery up to the sandbox clock (`delivery.rs`).

use hyper::StatusCode;
use serde_json::json;

use super::campaign_input::{self, DEFAULT_SPEED};
use super::{authorize, record_id, Call, Outcome};
use crate::app::{lock, App};
use crate::delivery;
use crate::models::{Campaign, CampaignState, Delivery};
use crate::respond::Reply;
use crate::state::{IdKind, State};

fn not_found() -> Reply {
    Reply::error(StatusCode::NOT_FOUND, "Campaign not found.")
}

/// The user's campaign `id`, brought up to date.
fn own_campaign(state: &mut State, user: u64, id: Option<i64>) -> Result<u64, Reply> {
    let id = record_id(id.unwrap_or(-1));
    if state.campaigns.get(&id).is_none_or(|c| c.user_id != user) {
        return Err(not_found());
    }
    delivery::refresh(state, id);
    Ok(id)
}

pub fn index(app: &App, call: &Call) -> Outcome {
    let (user, ()) = authorize(call, true, |_, _| ())?;
    let mut state = lock(&app.state);
    delivery::catch_up(&mut state);
    let campaigns: Vec<&Campaign> = state
        .campaigns
        .values()
        .filter(|c| c.user_id == user)
        .collect();
    Ok(Reply::success_under("campaigns", &campaigns))
}

pub fn create(app: &App, call: &Call) -> Outcome {
    let (user, ()) = authorize(call, true, |_, _| ())?;
    let state = lock(&app.state);
    Ok(Reply::success(&json!({
        "templates": state.usable_templates(user),
        "mailing_lists": state.user_mailing_lists(user),
        "senderDetails": state.user_senders(user),
        "url_domains": state.url_domains,
        "vmtas": state.vmtas,
        "bounce_email_id": state.bounce_emails,
        "speed": DEFAULT_SPEED,
    })))
}

pub fn store(app: &App, call: &Call) -> Outcome {
    let (user, fields) = authorize(call, true, |v, f| campaign_input::read(v, f, true))?;
    let (campaign_name, begins_at, segment) = (
        fields.campaign_name.clone(),
        fields.begins_at.clone(),
        fields.segment.clone(),
    );
    let mut state = lock(&app.state);
    let resolved = campaign_input::resolve(&state, user, fields)?;
    let now = state.now_text();
    let id = state.ids.next(IdKind::Campaign);
    state.campaigns.insert(
        id,
        Campaign {
            id,
            user_id: user,
            template_id: resolved.template_id.unwrap_or_default(),
            mailing_list_id: resolved.mailing_list_id,
            campaign_name,
            begins_at,
            segment,
            delivery: resolved.delivery,
            state: CampaignState::Idle,
            paused: false,
            sent_count: 0,
            created_at: now.clone(),
            updated_at: now,
            paused_since: None,
            paused_seconds: 0,
        },
    );
    delivery::refresh(&mut state, id);
    Ok(Reply::success_under("campaign", &state.campaigns.get(&id)))
}

pub fn pause(app: &App, call: &Call) -> Outcome {
    let (user, id) = authorize(call, true, |v, f| v.req_int(f, "campaign_id"))?;
    let mut state = lock(&app.state);
    let id = own_campaign(&mut state, user, id)?;
    let now = state.clock.now();
    let now_text = state.now_text();
    let campaign = state.campaigns.get_mut(&id).ok_or_else(not_found)?;
    if !delivery::toggle_pause(campaign, now) {
        return Err(Reply::error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The campaign can only be paused or resumed while it is scheduled or sending.",
        ));
    }
    campaign.updated_at = now_text;
    Ok(Reply::success_under("campaign", &campaign))
}

pub fn edit(app: &App, call: &Call) -> Outcome {
    let (user, id) = authorize(call, true, |v, f| v.req_int(f, "campaign_id"))?;
    let mut state = lock(&app.state);
    let id = own_campaign(&mut state, user, id)?;
    Ok(Reply::success(&json!({
        "campaign": state.campaigns.get(&id),
        "senderDetails": state.user_senders(user),
        "templates": state.usable_templates(user),
        "url_domains": state.url_domains,
        "vmtas": state.vmtas,
        "bounce_email_id": state.bounce_emails,
        "speed": DEFAULT_SPEED,
    })))
}

pub fn update(app: &App, call: &Call) -> Outcome {
    let (user, (id, fields)) = authorize(call, true, |v, f| {
        (
            v.req_int(f, "campaign_id"),
            campaign_input::read(v, f, false),
        )
    })?;
    let mut state = lock(&app.state);
    let id = own_campaign(&mut state, user, id)?;
    if state
        .campaigns
        .get(&id)
        .is_some_and(|c| matches!(c.state, CampaignState::Sending | CampaignState::Finished))
    {
        return Err(Reply::error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The campaign can no longer be updated once it is sending or finished.",
        ));
    }
    let (campaign_name, begins_at, segment) = (
        fields.campaign_name.clone(),
        fields.begins_at.clone(),
        fields.segment.clone(),
    );
    let resolved = campaign_input::resolve(&state, user, fields)?;
    let now = state.now_text();
    let campaign = state.campaigns.get_mut(&id).ok_or_else(not_found)?;
    apply_update(
        campaign,
        resolved.template_id,
        resolved.mailing_list_id,
        resolved.delivery,
    );
    campaign.campaign_name = campaign_name.or(campaign.campaign_name.take());
    campaign.begins_at = begins_at.or(campaign.begins_at.take());
    campaign.segment = segment.or(campaign.segment.take());
    campaign.updated_at = now;
    delivery::refresh(&mut state, id);
    Ok(Reply::success_under("campaigns", &"update sucessfully"))
}

/// Replaces the delivery fields and any reference given; absent references are kept.
fn apply_update(
    campaign: &mut Campaign,
    template_id: Option<u64>,
    mailing_list_id: Option<u64>,
    delivery: Delivery,
) {
    if let Some(template_id) = template_id {
        campaign.template_id = template_id;
    }
    if mailing_list_id.is_some() {
        campaign.mailing_list_id = mailing_list_id;
    }
    campaign.delivery = delivery;
}
