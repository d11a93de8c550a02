//! `POST /smtp-token-generate`: email and password in, a new Sanctum token out, with the
//! endpoint's own `{"status": ..., "message": ...}` envelope.

use hyper::StatusCode;
use serde::Serialize;
use serde_json::{json, Map, Value};
use subtle::ConstantTimeEq;

use super::{Call, Outcome};
use crate::app::{lock, App};
use crate::auth::issue_token;
use crate::models::UserInfo;
use crate::respond::Reply;
use crate::validate::Validator;

/// Laravel's summary of a failed validation: the first message, then "(and N more errors)".
fn summary(messages: &[String]) -> String {
    let first = messages.first().cloned().unwrap_or_default();
    match messages.len() {
        0 | 1 => first,
        2 => format!("{first} (and 1 more error)"),
        n => format!("{first} (and {} more errors)", n - 1),
    }
}

fn validation_failure(errors: Vec<(String, String)>) -> Reply {
    let messages: Vec<String> = errors.iter().map(|(_, m)| m.clone()).collect();
    let mut by_field: Map<String, Value> = Map::new();
    for (field, message) in errors {
        if let Value::Array(list) = by_field
            .entry(field)
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            list.push(Value::String(message));
        }
    }
    Reply::json(
        StatusCode::UNPROCESSABLE_ENTITY,
        &json!({"status": false, "message": summary(&messages), "errors": by_field}),
    )
}

pub fn generate(app: &App, call: &Call) -> Outcome {
    let mut v = Validator::new();
    let email = v.req_email(call.fields(), "email");
    // The password is compared as sent: Laravel does not trim it.
    let password = match call.input.get("password") {
        Some(Value::String(p)) if !p.trim().is_empty() => Some(p.clone()),
        Some(Value::Null | Value::String(_)) | None => {
            v.fail("password", "The password field is required.".into());
            None
        }
        Some(_) => {
            v.fail("password", "The password field must be a string.".into());
            None
        }
    };
    let (Some(email), Some(password), true) = (email, password, v.is_ok()) else {
        return Err(validation_failure(v.into_errors()));
    };
    let mut state = lock(&app.state);
    let account = state.accounts.values().find(|a| {
        a.user.email.eq_ignore_ascii_case(&email)
            && bool::from(a.password.as_bytes().ct_eq(password.as_bytes()))
    });
    let Some(user) = account.map(|a| a.user.clone()) else {
        return Err(Reply::json(
            StatusCode::UNAUTHORIZED,
            &json!({"status": false, "message": "Invalid email or password"}),
        ));
    };
    let token = issue_token(&mut state, user.id);
    drop(state);
    // Field order as in the reference: status, message, token, user.
    #[derive(Serialize)]
    struct Created<'a> {
        status: bool,
        message: &'a str,
        token: String,
        user: UserInfo,
    }
    Ok(Reply::json(
        StatusCode::OK,
        &Created {
            status: true,
            message: "Token Created Successfully",
            token,
            user,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::summary;

    #[test]
    fn summarises_like_laravel() {
        let one = vec!["A.".to_string()];
        assert_eq!(summary(&one), "A.");
        let three = vec!["A.".to_string(), "B.".into(), "C.".into()];
        assert_eq!(summary(&three[..2]), "A. (and 1 more error)");
        assert_eq!(summary(&three), "A. (and 2 more errors)");
    }
}
