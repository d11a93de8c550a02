//! The fields campaign-store and campaign-update share: the top-level ones and `all_request`,
//! validated for shape first, then resolved against the user's records under the state lock.

use hyper::StatusCode;

use super::record_id;
use crate::models::{Delivery, DomainStatus, SenderStatus};
use crate::respond::Reply;
use crate::state::State;
use crate::validate::{Scope, Validator};

/// Messages per hour when `all_request.speed` is not given (also the create form's default).
pub const DEFAULT_SPEED: u64 = 1000;
const MAX_HTML: usize = 16 * 1024 * 1024;

/// `all_request` as sent, shape-checked.
pub struct DeliveryFields {
    subject: Option<String>,
    html_body: Option<String>,
    text_body: Option<String>,
    from_email: Option<String>,
    from_name: Option<String>,
    reply_email: Option<String>,
    sender_email: Option<String>,
    speed: Option<i64>,
    vmta_id: Option<i64>,
    bounce_email_id: Option<i64>,
    url_domain_id: Option<i64>,
}

/// A store or update request, shape-checked.
pub struct CampaignFields {
    pub template_id: Option<i64>,
    pub mailing_list_id: Option<i64>,
    pub campaign_name: Option<String>,
    pub begins_at: Option<String>,
    pub segment: Option<String>,
    delivery: Option<DeliveryFields>,
}

/// Reads and shape-checks the fields; `template_required` is true for store.
pub fn read(v: &mut Validator, f: Scope<'_>, template_required: bool) -> CampaignFields {
    let template_id = if template_required {
        v.req_int(f, "template_id")
    } else {
        v.opt_int(f, "template_id")
    };
    let fields = CampaignFields {
        template_id,
        mailing_list_id: v.opt_int(f, "mailing_list_id"),
        campaign_name: v.opt_string(f, "campaign_name", 255),
        begins_at: v.opt_datetime(f, "begins_at"),
        segment: v.opt_string(f, "segment", 255),
        delivery: None,
    };
    let delivery = v
        .req_object(f, "all_request", "all_request.")
        .map(|all| DeliveryFields {
            subject: v.req_string(all, "subject", 998),
            html_body: v.req_string(all, "html_body", MAX_HTML),
            text_body: v.opt_string(all, "text_body", MAX_HTML),
            from_email: v.req_email(all, "from_email"),
            from_name: v.opt_string(all, "from_name", 255),
            reply_email: v.opt_email(all, "reply_email"),
            sender_email: v.opt_email(all, "sender_email"),
            speed: v.opt_int_min(all, "speed", 0),
            vmta_id: v.opt_int(all, "vmta_id"),
            bounce_email_id: v.opt_int(all, "bounce_email_id"),
            url_domain_id: v.opt_int(all, "url_domain_id"),
        });
    CampaignFields { delivery, ..fields }
}

/// The references of a request, checked to exist and to belong to the user.
pub struct Resolved {
    pub template_id: Option<u64>,
    pub mailing_list_id: Option<u64>,
    pub delivery: Delivery,
}

fn invalid(v: &mut Validator, path: &str) {
    v.fail(
        path,
        format!("The selected {} is invalid.", path.replace('_', " ")),
    );
}

/// Checks every reference (422 "The selected ... is invalid." for each bad one).
pub fn resolve(state: &State, user: u64, fields: CampaignFields) -> Result<Resolved, Reply> {
    let mut v = Validator::new();
    let template_id = fields.template_id.map(record_id);
    if template_id.is_some_and(|id| state.usable_template(user, id).is_none()) {
        invalid(&mut v, "template_id");
    }
    let mailing_list_id = fields.mailing_list_id.map(record_id);
    if mailing_list_id.is_some_and(|id| {
        state
            .mailing_lists
            .get(&id)
            .is_none_or(|list| list.user_id != user)
    }) {
        invalid(&mut v, "mailing_list_id");
    }
    let d = fields
        .delivery
        .ok_or_else(|| Reply::message(StatusCode::INTERNAL_SERVER_ERROR, "Server Error"))?;
    let from_email = d.from_email.unwrap_or_default();
    let sendable = state.user_sender(user, &from_email).is_some_and(|s| {
        s.status == SenderStatus::Verified
            && state
                .domains
                .get(&s.domain_id)
                .is_some_and(|domain| domain.status == DomainStatus::Verified)
    });
    if !sendable {
        v.fail(
            "all_request.from_email",
            "The all request.from email must be a verified sender of a verified domain.".into(),
        );
    }
    let vmta_id = d.vmta_id.map(record_id);
    if vmta_id.is_some_and(|id| !state.vmtas.iter().any(|x| x.id == id)) {
        invalid(&mut v, "all_request.vmta_id");
    }
    let bounce_email_id = d.bounce_email_id.map(record_id);
    if bounce_email_id.is_some_and(|id| !state.bounce_emails.iter().any(|x| x.id == id)) {
        invalid(&mut v, "all_request.bounce_email_id");
    }
    let url_domain_id = d.url_domain_id.map(record_id);
    if url_domain_id.is_some_and(|id| !state.url_domains.iter().any(|x| x.id == id)) {
        invalid(&mut v, "all_request.url_domain_id");
    }
    v.finish()?;
    Ok(Resolved {
        template_id,
        mailing_list_id,
        delivery: Delivery {
            subject: d.subject.unwrap_or_default(),
            html_body: d.html_body.unwrap_or_default(),
            text_body: d.text_body,
            from_email,
            from_name: d.from_name,
            reply_email: d.reply_email,
            sender_email: d.sender_email,
            speed: d
                .speed
                .map_or(DEFAULT_SPEED, |s| u64::try_from(s).unwrap_or(0)),
            vmta_id,
            bounce_email_id,
            url_domain_id,
        },
    })
}
