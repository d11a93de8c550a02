//! `POST /v1/smtp-welcome-mail`: mails a shop owner the default welcome template, or the given
//! subject and HTML. Its `from_email` field is in fact the recipient, as the reference says.

use super::{authorize, Call, Outcome, SYSTEM_FROM};
use crate::app::{lock, App};
use crate::outbox::{Draft, MessageKind};
use crate::respond::Reply;
use crate::state::WELCOME_TEMPLATE_ID;

/// The welcome template's body if the default template were ever missing.
const FALLBACK_HTML: &str = "<h1>Welcome to {{shop_name}}</h1>";

pub fn send(app: &App, call: &Call) -> Outcome {
    let (_, (to, shop_name, subject, html_content)) = authorize(call, false, |v, f| {
        let read = (
            v.req_email(f, "from_email"),
            v.req_string(f, "shop_name", 255),
            v.opt_string(f, "subject", 998),
            v.opt_string(f, "html_content", 16 * 1024 * 1024),
        );
        v.required_with(f, "html_content", "subject");
        read
    })?;
    let (to, shop_name) = (to.unwrap_or_default(), shop_name.unwrap_or_default());
    let mut state = lock(&app.state);
    let html = match html_content {
        Some(html) => html,
        None => {
            let template = state
                .templates
                .get(&WELCOME_TEMPLATE_ID)
                .map_or(FALLBACK_HTML, |t| t.html_body.as_str());
            template.replace("{{shop_name}}", &shop_name)
        }
    };
    let sent_at = state.now_text();
    state.outbox.send(
        Draft {
            kind: MessageKind::Welcome,
            to,
            from: SYSTEM_FROM.into(),
            subject: subject.unwrap_or_else(|| format!("Welcome to {shop_name}")),
            html_body: html,
            text_body: None,
            campaign_id: None,
            link: None,
        },
        sent_at,
    );
    Ok(Reply::success_under("message", &"Mail sent successfully"))
}
