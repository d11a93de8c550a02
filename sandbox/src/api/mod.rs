//! The 22 endpoints. Each handler follows the order a Laravel controller behind `auth:sanctum`
//! does: 401 without a valid token, then 422 for invalid input, then 403 when `user_id` is not the
//! token's user, then lookups (404 for the record operated on, 422 for a bad reference).

mod campaign_input;
mod campaigns;
mod domains;
mod mailing;
mod senders;
mod templates;
mod token;
mod welcome;

use hyper::StatusCode;

use crate::app::App;
use crate::auth::Principal;
use crate::input::Input;
use crate::respond::Reply;
use crate::router::Route;
use crate::validate::{Scope, Validator};

/// A handler's result: the error side short-circuits with `?`; both are sent as they are.
pub type Outcome = Result<Reply, Reply>;

/// One API request after routing, rate limiting and body parsing.
pub struct Call {
    pub input: Input,
    pub principal: Option<Principal>,
}

/// Where the sandbox's own mail comes from.
pub const SYSTEM_FROM: &str = "no-reply@smtpprovider.test";

impl Call {
    /// The token's user, or Laravel's 401.
    pub fn user(&self) -> Result<u64, Reply> {
        self.principal
            .map(|p| p.user_id)
            .ok_or_else(|| Reply::message(StatusCode::UNAUTHORIZED, "Unauthenticated."))
    }

    /// The fields to validate.
    pub fn fields(&self) -> Scope<'_> {
        Scope::root(&self.input)
    }
}

/// The API's "wrong user id" answer when the `user_id` sent is not the token's user.
pub fn check_owner(user: u64, user_id: Option<i64>) -> Result<(), Reply> {
    match user_id {
        Some(id) if u64::try_from(id).ok() != Some(user) => {
            Err(Reply::error(StatusCode::FORBIDDEN, "wrong user id"))
        }
        _ => Ok(()),
    }
}

/// The most common preamble: authenticate, validate `user_id` plus the endpoint's own fields
/// (read by `fields`), then check the owner. Returns the user and what `fields` read.
pub fn authorize<T>(
    call: &Call,
    user_id_required: bool,
    fields: impl FnOnce(&mut Validator, Scope<'_>) -> T,
) -> Result<(u64, T), Reply> {
    let user = call.user()?;
    let mut v = Validator::new();
    let scope = call.fields();
    let user_id = if user_id_required {
        v.req_int(scope, "user_id")
    } else {
        v.opt_int(scope, "user_id")
    };
    let read = fields(&mut v, scope);
    v.finish()?;
    check_owner(user, user_id)?;
    Ok((user, read))
}

/// An id from the request as a record key; negative ids match nothing.
pub fn record_id(id: i64) -> u64 {
    u64::try_from(id).unwrap_or(u64::MAX)
}

/// Runs the endpoint behind `route`.
pub async fn dispatch(route: Route, app: &App, call: Call) -> Reply {
    let outcome = match route {
        Route::TokenGenerate => token::generate(app, &call),
        Route::DomainAdd => domains::add(app, &call).await,
        Route::DomainList => domains::list(app, &call),
        Route::DomainView => domains::view(app, &call),
        Route::DomainVerify => domains::verify(app, &call).await,
        Route::SenderList => senders::list(app, &call),
        Route::SenderAdd => senders::add(app, &call),
        Route::SenderVerify => senders::verify(app, &call),
        Route::TemplateIndex => templates::index(app, &call),
        Route::TemplateDefault => templates::defaults(app, &call),
        Route::TemplateShow => templates::show(app, &call),
        Route::TemplateAdd => templates::add(app, &call),
        Route::TemplateUpdate => templates::update(app, &call),
        Route::MailingList => mailing::list(app, &call),
        Route::MailingAdd => mailing::add(app, &call),
        Route::CampaignIndex => campaigns::index(app, &call),
        Route::CampaignCreate => campaigns::create(app, &call),
        Route::CampaignStore => campaigns::store(app, &call),
        Route::CampaignPause => campaigns::pause(app, &call),
        Route::CampaignEdit => campaigns::edit(app, &call),
        Route::CampaignUpdate => campaigns::update(app, &call),
        Route::WelcomeMail => welcome::send(app, &call),
    };
    outcome.unwrap_or_else(|reply| reply)
}
