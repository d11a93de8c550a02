//! Senders: addresses on a user's domain that campaigns send from, verified through a one-time
//! link the sandbox "mails" to the address.

use hyper::StatusCode;
use rand::distributions::Alphanumeric;
use rand::Rng;

use super::{authorize, Call, Outcome, SYSTEM_FROM};
use crate::app::{lock, App};
use crate::models::{Sender, SenderStatus};
use crate::outbox::{Draft, MessageKind};
use crate::respond::Reply;
use crate::state::{IdKind, VerificationLink};

pub fn list(app: &App, call: &Call) -> Outcome {
    let (user, ()) = authorize(call, true, |_, _| ())?;
    let state = lock(&app.state);
    Ok(Reply::success_under(
        "sender_lists",
        &state.user_senders(user),
    ))
}

pub fn add(app: &App, call: &Call) -> Outcome {
    let (user, (domain_name, from_email, sender_name)) = authorize(call, true, |v, f| {
        (
            v.req_string(f, "domain_name", 253),
            v.req_email(f, "from_email"),
            v.opt_string(f, "sender_name", 255),
        )
    })?;
    let (domain_name, from_email) = (
        domain_name.unwrap_or_default(),
        from_email.unwrap_or_default(),
    );
    let mut state = lock(&app.state);
    let domain = state
        .user_domain(user, &domain_name)
        .ok_or_else(super::domains::not_found)?;
    let (domain_id, domain_name) = (domain.id, domain.domain_name.clone());
    let on_domain = from_email
        .rsplit_once('@')
        .is_some_and(|(_, host)| host.eq_ignore_ascii_case(&domain_name));
    if !on_domain {
        return Err(Reply::error(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("The from email must be an address at {domain_name}."),
        ));
    }
    if state
        .senders
        .values()
        .any(|s| s.domain_id == domain_id && s.from_email.eq_ignore_ascii_case(&from_email))
    {
        return Err(Reply::error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The from email has already been taken.",
        ));
    }
    let id = state.ids.next(IdKind::Sender);
    let sender = Sender {
        id,
        user_id: user,
        domain_id,
        domain_name,
        sender_name,
        from_email,
        status: SenderStatus::Pending,
        verified_at: None,
        created_at: state.now_text(),
    };
    let reply = Reply::success_under("sender", &sender);
    state.senders.insert(id, sender);
    Ok(reply)
}

/// Length of the random token in a verification link.
const LINK_TOKEN_LEN: usize = 32;

pub fn verify(app: &App, call: &Call) -> Outcome {
    let (user, from_email) = authorize(call, true, |v, f| v.req_email(f, "from_email"))?;
    let from_email = from_email.unwrap_or_default();
    let mut state = lock(&app.state);
    let sender = state
        .user_sender(user, &from_email)
        .ok_or_else(|| Reply::error(StatusCode::NOT_FOUND, "Sender not found."))?;
    let (sender_id, to) = (sender.id, sender.from_email.clone());
    let token: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(LINK_TOKEN_LEN)
        .map(char::from)
        .collect();
    let link = format!("{}/_sandbox/verify-sender/{token}", app.root_url);
    state.verification_links.insert(
        token,
        VerificationLink {
            sender_id,
            used: false,
        },
    );
    let sent_at = state.now_text();
    state.outbox.send(
        Draft {
            kind: MessageKind::SenderVerification,
            from: SYSTEM_FROM.into(),
            subject: "Verify your sender address".into(),
            html_body: format!("<p>Confirm that {to} may send through SMTPProvider:</p><p><a href=\"{link}\">Verify {to}</a></p>"),
            text_body: Some(format!("Confirm that {to} may send through SMTPProvider: {link}")),
            to,
            campaign_id: None,
            link: Some(link),
        },
        sent_at,
    );
    Ok(Reply::success_under("message", &"Verification email sent"))
}
