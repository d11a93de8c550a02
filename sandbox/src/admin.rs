//! The sandbox-only operations (clock, outbox, DNS, subscribers, faults, request log, users, reset).
//! Both the `/_sandbox` routes and the in-process [`crate::Sandbox`] methods call these, so the two
//! can never disagree.

use std::collections::HashSet;
use std::fmt;
use std::sync::atomic::Ordering;
use std::time::Duration;

use serde::Serialize;

use crate::app::{lock, App};
use crate::clock;
use crate::delivery;
use crate::dns::TxtRecord;
use crate::faults::{Fault, FaultSpec};
use crate::models::{MailingList, Sender, SenderStatus, UserInfo};
use crate::outbox::{OutboxFilter, OutboxMessage};
use crate::requestlog::RequestRecord;
use crate::validate::is_email;

/// Why a sandbox operation was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdminError {
    /// The input is invalid (HTTP 422).
    Invalid(String),
    /// The thing named does not exist (HTTP 404).
    NotFound(String),
    /// A one-time link was already used (HTTP 410).
    Gone(String),
}

impl fmt::Display for AdminError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AdminError::Invalid(m) | AdminError::NotFound(m) | AdminError::Gone(m) => {
                f.write_str(m)
            }
        }
    }
}

impl std::error::Error for AdminError {}

/// The sandbox clock as `/_sandbox/clock` shows it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ClockView {
    /// Sandbox time, `Y-m-d H:i:s` (UTC).
    pub now: String,
    /// Seconds the clock is ahead of real time (negative: behind).
    pub offset_seconds: i64,
}

/// The running configuration as `/_sandbox/config` shows it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ConfigView {
    /// Requests per window per token; 0 = off.
    pub rate_limit: u32,
    /// The rate limit's window, in milliseconds (60,000 as the API's).
    pub rate_limit_window_ms: u64,
    /// Largest accepted request body.
    pub max_body_bytes: usize,
    /// Nameserver used by domain verification.
    pub dns: String,
}

/// Subscribers to add to a mailing list.
#[derive(Clone, Debug)]
pub enum Subscribers {
    /// These addresses.
    Emails(Vec<String>),
    /// This many generated addresses (`subscriber<N>@example.com`).
    Count(usize),
}

/// Most subscribers one call may add. Campaign delivery writes one outbox message per subscriber,
/// so this and the per-list bound keep the sandbox's memory bounded.
pub const MAX_SUBSCRIBERS_PER_CALL: usize = 10_000;
/// Most subscribers one mailing list may hold.
pub const MAX_SUBSCRIBERS_PER_LIST: usize = 100_000;

/// The sandbox clock's reading.
pub fn clock(app: &App) -> ClockView {
    let state = lock(&app.state);
    ClockView {
        now: clock::format(state.clock.now()),
        offset_seconds: state.clock.offset_seconds(),
    }
}

/// Moves the clock and delivers every campaign up to the new time.
pub fn advance_clock(app: &App, seconds: i64) -> Result<ClockView, AdminError> {
    {
        let mut state = lock(&app.state);
        state.clock.advance(seconds).map_err(AdminError::Invalid)?;
        delivery::catch_up(&mut state);
    }
    Ok(clock(app))
}

/// Sets the clock to a `Y-m-d H:i:s` time and delivers every campaign up to it.
pub fn set_clock(app: &App, at: &str) -> Result<ClockView, AdminError> {
    let at = clock::parse(at).ok_or_else(|| {
        AdminError::Invalid("The set field must match the format Y-m-d H:i:s.".into())
    })?;
    {
        let mut state = lock(&app.state);
        state.clock.set(at).map_err(AdminError::Invalid)?;
        delivery::catch_up(&mut state);
    }
    Ok(clock(app))
}

/// Messages sent so far (campaigns first deliver what is due), filtered.
pub fn outbox(app: &App, filter: &OutboxFilter) -> Vec<OutboxMessage> {
    let mut state = lock(&app.state);
    delivery::catch_up(&mut state);
    state.outbox.list(filter)
}

pub fn clear_outbox(app: &App) {
    lock(&app.state).outbox.clear();
}

/// The record the zone now holds for `name` (what `GET /_sandbox/dns` would list).
fn zone_record(app: &App, name: &str, fallback: Vec<String>) -> TxtRecord {
    let wanted = name.trim_end_matches('.');
    app.zone
        .records()
        .into_iter()
        .rev()
        .find(|r| r.name.trim_end_matches('.').eq_ignore_ascii_case(wanted))
        .unwrap_or(TxtRecord {
            name: name.to_string(),
            values: fallback,
        })
}

fn check_dns_name(name: &str) -> Result<(), AdminError> {
    let name = name.trim_end_matches('.');
    let valid = !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    if valid {
        Ok(())
    } else {
        Err(AdminError::Invalid(
            "The name field must be a DNS name.".into(),
        ))
    }
}

/// Publishes a TXT value; the zone splits it into 255-byte strings when serving it.
pub fn publish_dns_value(app: &App, name: &str, value: &str) -> Result<TxtRecord, AdminError> {
    check_dns_name(name)?;
    app.zone.publish_value(name, value);
    Ok(zone_record(app, name, vec![value.to_string()]))
}

/// Publishes a TXT record made of these character-strings (any over 255 bytes is split).
pub fn publish_dns_strings(
    app: &App,
    name: &str,
    values: Vec<String>,
) -> Result<TxtRecord, AdminError> {
    check_dns_name(name)?;
    app.zone.publish(name, values.clone());
    Ok(zone_record(app, name, values))
}

pub fn remove_dns(app: &App, name: &str) -> bool {
    app.zone.remove(name)
}

pub fn dns_records(app: &App) -> Vec<TxtRecord> {
    app.zone.records()
}

/// Adds subscribers to any user's mailing list (addresses already on it are skipped).
pub fn add_subscribers(
    app: &App,
    mailing_list_id: u64,
    subscribers: Subscribers,
) -> Result<MailingList, AdminError> {
    let wanted = match &subscribers {
        Subscribers::Emails(emails) => {
            if let Some(bad) = emails.iter().find(|e| !is_email(e.trim())) {
                return Err(AdminError::Invalid(format!(
                    "{bad:?} is not a valid email address."
                )));
            }
            emails.len()
        }
        Subscribers::Count(count) => *count,
    };
    let too_many = || {
        AdminError::Invalid(format!("At most {MAX_SUBSCRIBERS_PER_CALL} subscribers per call and {MAX_SUBSCRIBERS_PER_LIST} per list."))
    };
    if wanted > MAX_SUBSCRIBERS_PER_CALL {
        return Err(too_many());
    }
    let mut state = lock(&app.state);
    let list = state
        .mailing_lists
        .get_mut(&mailing_list_id)
        .ok_or_else(|| AdminError::NotFound("Mailing list not found.".into()))?;
    if list.subscribers.len() + wanted > MAX_SUBSCRIBERS_PER_LIST {
        return Err(too_many());
    }
    let mut known: HashSet<String> = list
        .subscribers
        .iter()
        .map(|s| s.to_ascii_lowercase())
        .collect();
    match subscribers {
        Subscribers::Emails(emails) => {
            for email in emails {
                let email = email.trim().to_string();
                if known.insert(email.to_ascii_lowercase()) {
                    list.subscribers.push(email);
                }
            }
        }
        Subscribers::Count(count) => {
            // Numbered from the list's size, skipping any address the list already holds.
            let mut number = list.subscribers.len();
            let mut added = 0;
            while added < count {
                number += 1;
                let email = format!("subscriber{number}@example.com");
                if known.insert(email.clone()) {
                    list.subscribers.push(email);
                    added += 1;
                }
            }
        }
    }
    list.subscribers_count = list.subscribers.len();
    Ok(list.summary())
}

/// Queues a fault.
pub fn add_fault(app: &App, spec: FaultSpec) -> Result<Fault, AdminError> {
    lock(&app.faults).add(spec).map_err(AdminError::Invalid)
}

pub fn faults(app: &App) -> Vec<Fault> {
    lock(&app.faults).list()
}

pub fn clear_faults(app: &App) {
    lock(&app.faults).clear();
}

/// Logged `/api` requests, all or those to one path.
pub fn requests(app: &App, path: Option<&str>) -> Vec<RequestRecord> {
    lock(&app.requests).list(path)
}

pub fn clear_requests(app: &App) {
    lock(&app.requests).clear();
}

/// Back to the start: seed users only (all tokens revoked), clock offset 0, and the outbox, DNS
/// zone, faults, request log and rate-limit windows emptied. The rate limit setting is kept.
pub fn reset(app: &App) {
    lock(&app.state).reset();
    app.zone.clear();
    lock(&app.faults).clear();
    lock(&app.requests).clear();
    lock(&app.limiter).clear();
}

/// Creates a user (gone again after a reset, unlike seed users).
pub fn create_user(
    app: &App,
    email: &str,
    password: &str,
    name: Option<&str>,
) -> Result<UserInfo, AdminError> {
    let email = email.trim();
    if !is_email(email) {
        return Err(AdminError::Invalid(
            "The email field must be a valid email address.".into(),
        ));
    }
    if password.is_empty() {
        return Err(AdminError::Invalid(
            "The password field is required.".into(),
        ));
    }
    let name = name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| email.split('@').next().unwrap_or(email));
    lock(&app.state)
        .add_user(email, password, name)
        .map_err(AdminError::Invalid)
}

pub fn config(app: &App) -> ConfigView {
    ConfigView {
        rate_limit: app.rate_limit.load(Ordering::Relaxed),
        rate_limit_window_ms: app.rate_limit_window_ms.load(Ordering::Relaxed),
        max_body_bytes: app.max_body_bytes,
        dns: app.nameserver.to_string(),
    }
}

/// Changes the rate limit (requests per window per token; 0 = off).
pub fn set_rate_limit(app: &App, per_minute: u32) -> ConfigView {
    app.rate_limit.store(per_minute, Ordering::Relaxed);
    config(app)
}

/// Changes the rate limit's window (at least 1 ms); windows already open keep their start.
pub fn set_rate_limit_window(app: &App, window: Duration) -> ConfigView {
    let millis = u64::try_from(window.as_millis()).unwrap_or(u64::MAX).max(1);
    app.rate_limit_window_ms.store(millis, Ordering::Relaxed);
    config(app)
}

/// Follows a sender verification link: marks the sender verified, once.
pub fn follow_verification_link(app: &App, token: &str) -> Result<Sender, AdminError> {
    let mut state = lock(&app.state);
    let now = state.now_text();
    let link = state
        .verification_links
        .get_mut(token)
        .ok_or_else(|| AdminError::NotFound("Unknown verification link.".into()))?;
    if link.used {
        return Err(AdminError::Gone(
            "This verification link has already been used.".into(),
        ));
    }
    link.used = true;
    let sender_id = link.sender_id;
    let sender = state
        .senders
        .get_mut(&sender_id)
        .ok_or_else(|| AdminError::NotFound("The sender no longer exists.".into()))?;
    if sender.status != SenderStatus::Verified {
        sender.status = SenderStatus::Verified;
        sender.verified_at = Some(now);
    }
    Ok(sender.clone())
}
