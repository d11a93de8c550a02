//! Mailing lists. Subscribers are added through the sandbox-only `/_sandbox/subscribers` route,
//! since the API itself has no endpoint for them.

use super::{authorize, Call, Outcome};
use crate::app::{lock, App};
use crate::models::MailingList;
use crate::respond::Reply;
use crate::state::IdKind;

pub fn list(app: &App, call: &Call) -> Outcome {
    let (user, ()) = authorize(call, true, |_, _| ())?;
    let state = lock(&app.state);
    Ok(Reply::success_under(
        "mailing_list",
        &state.user_mailing_lists(user),
    ))
}

pub fn add(app: &App, call: &Call) -> Outcome {
    let (user, name) = authorize(call, true, |v, f| v.req_string(f, "name", 255))?;
    let mut state = lock(&app.state);
    let id = state.ids.next(IdKind::MailingList);
    let list = MailingList {
        id,
        user_id: user,
        name: name.unwrap_or_default(),
        subscribers_count: 0,
        created_at: state.now_text(),
        subscribers: Vec::new(),
    };
    let reply = Reply::success_under("mailing", &list);
    state.mailing_lists.insert(id, list);
    Ok(reply)
}
