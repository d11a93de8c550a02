//! Templates: each user's own, plus the default ones (`user_id: null`) everyone may use but not edit.

use hyper::StatusCode;

use super::{authorize, record_id, Call, Outcome};
use crate::app::{lock, App};
use crate::models::Template;
use crate::respond::Reply;
use crate::state::IdKind;

/// Longest template body accepted (MySQL's MEDIUMTEXT); the request body limit usually bites first.
const MAX_HTML: usize = 16 * 1024 * 1024;

fn not_found() -> Reply {
    Reply::error(StatusCode::NOT_FOUND, "Template not found.")
}

pub fn index(app: &App, call: &Call) -> Outcome {
    let (user, ()) = authorize(call, true, |_, _| ())?;
    let state = lock(&app.state);
    let templates: Vec<&Template> = state.user_templates(user).collect();
    Ok(Reply::success_under("templates", &templates))
}

pub fn defaults(app: &App, call: &Call) -> Outcome {
    authorize(call, false, |_, _| ())?;
    let state = lock(&app.state);
    let defaults: Vec<&Template> = state
        .templates
        .values()
        .filter(|t| t.user_id.is_none())
        .collect();
    Ok(Reply::success_under("default_templates", &defaults))
}

pub fn show(app: &App, call: &Call) -> Outcome {
    let (user, id) = authorize(call, true, |v, f| v.req_int(f, "template_id"))?;
    let state = lock(&app.state);
    let template = state
        .usable_template(user, record_id(id.unwrap_or(-1)))
        .ok_or_else(not_found)?;
    Ok(Reply::success_under("templates", &template))
}

pub fn add(app: &App, call: &Call) -> Outcome {
    let (user, (name, html_body, active)) = authorize(call, true, |v, f| {
        (
            v.req_string(f, "name", 255),
            v.req_string(f, "html_body", MAX_HTML),
            v.opt_bool(f, "active"),
        )
    })?;
    let mut state = lock(&app.state);
    let now = state.now_text();
    let id = state.ids.next(IdKind::Template);
    let template = Template {
        id,
        user_id: Some(user),
        name: name.unwrap_or_default(),
        html_body: html_body.unwrap_or_default(),
        active: active.unwrap_or(true),
        created_at: now.clone(),
        updated_at: now,
    };
    let reply = Reply::success_under("template", &template);
    state.templates.insert(id, template);
    Ok(reply)
}

pub fn update(app: &App, call: &Call) -> Outcome {
    let (user, (id, name, html_body, active)) = authorize(call, true, |v, f| {
        (
            v.req_int(f, "template_id"),
            v.opt_string(f, "name", 255),
            v.opt_string(f, "html_body", MAX_HTML),
            v.opt_bool(f, "active"),
        )
    })?;
    let mut state = lock(&app.state);
    let now = state.now_text();
    // Default templates belong to no user, so they are "not found" for updating.
    let template = state
        .templates
        .get_mut(&record_id(id.unwrap_or(-1)))
        .filter(|t| t.user_id == Some(user))
        .ok_or_else(not_found)?;
    if let Some(name) = name {
        template.name = name;
    }
    if let Some(html_body) = html_body {
        template.html_body = html_body;
    }
    if let Some(active) = active {
        template.active = active;
    }
    template.updated_at = now;
    Ok(Reply::success_under("template", &template))
}
