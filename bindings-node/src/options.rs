//! Client and per-call options as JS passes them: an object keyed by the core's option names in
//! camelCase (`maxRetries`), durations in milliseconds. Which options exist is the core's table
//! (`smtpprovider::OPTIONS`); this module only says how JS spells each kind of value, and reads
//! the two keys that are not options: the session (`token` with `userId`) and the cancellation
//! `ticket` the JS layer adds for a call with an `AbortSignal`.

use std::time::Duration;

use serde_json::{Map, Value};
use smtpprovider::{
    option, ClientBuilder, ClientSettings, OptionInfo, OptionKind, OptionValue, RequestOptions,
};

use crate::errors;

/// A JS options object (`undefined` and `null` are none); napi-rs hands it over as JSON.
pub(crate) type JsOptions = Option<Map<String, Value>>;

/// `maxRetries` -> `max_retries`.
fn snake_case(name: &str) -> String {
    let mut snake = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            snake.push('_');
        }
        snake.push(c.to_ascii_lowercase());
    }
    snake
}

/// The option row of a JS key; anything else is `InvalidInput` (the JS layer refuses unknown
/// names first, with the list; this guards the native API).
fn row_of(key: &str) -> napi::Result<&'static OptionInfo> {
    option(&snake_case(key)).ok_or_else(|| errors::invalid_input(format!("unknown option {key:?}")))
}

/// A JS value as the core's value of the row's kind.
fn value_of(key: &str, row: &OptionInfo, value: &Value) -> napi::Result<OptionValue> {
    let refused = |what: &str| errors::invalid_input(format!("{key} must be {what}, not {value}"));
    Ok(match row.kind {
        OptionKind::Duration => {
            let duration = value
                .as_f64()
                .and_then(|ms| Duration::try_from_secs_f64(ms / 1000.0).ok());
            OptionValue::Duration(duration.ok_or_else(|| refused("a number of milliseconds"))?)
        }
        OptionKind::Count => {
            let count = value.as_u64().and_then(|n| u32::try_from(n).ok());
            OptionValue::Count(count.ok_or_else(|| refused("a whole number"))?)
        }
        OptionKind::Bytes => OptionValue::Bytes(
            value
                .as_u64()
                .ok_or_else(|| refused("a whole number of bytes"))?,
        ),
        OptionKind::Flag => OptionValue::Flag(value.as_bool().ok_or_else(|| refused("a boolean"))?),
        _ => OptionValue::Text(
            value
                .as_str()
                .ok_or_else(|| refused("a string"))?
                .to_owned(),
        ),
    })
}

/// Applies a client's options (and its session, `token` with `userId`) to `builder`.
pub(crate) fn client_builder(
    options: JsOptions,
    mut builder: ClientBuilder,
) -> napi::Result<ClientBuilder> {
    let Some(mut options) = options else {
        return Ok(builder);
    };
    match (options.remove("token"), options.remove("userId")) {
        (Some(Value::String(token)), Some(user_id)) => {
            let user_id = user_id.as_u64().filter(|id| *id >= 1).ok_or_else(|| {
                errors::invalid_input(format!("userId must be a positive integer, not {user_id}"))
            })?;
            builder = builder.token(token).user_id(user_id);
        }
        (None, None) => {}
        _ => {
            return Err(errors::invalid_input(
                "token (a string) and userId go together",
            ))
        }
    }
    let mut settings = ClientSettings::default();
    for (key, value) in &options {
        let row = row_of(key)?;
        settings
            .set(row.name, value_of(key, row, value)?)
            .map_err(|e| errors::from_core(&e))?;
    }
    Ok(builder.settings(settings))
}

/// A call's options: the core's per-call overrides (`None` when there are none, the common and
/// cheaper case) and the cancellation ticket, if any.
pub(crate) fn call_options(
    options: JsOptions,
) -> napi::Result<(Option<RequestOptions>, Option<u32>)> {
    let Some(mut options) = options else {
        return Ok((None, None));
    };
    let ticket = match options.remove("ticket") {
        Some(ticket) => Some(
            ticket
                .as_u64()
                .and_then(|t| u32::try_from(t).ok())
                .ok_or_else(|| errors::invalid_input("ticket must be a whole number"))?,
        ),
        None => None,
    };
    if options.is_empty() {
        return Ok((None, ticket));
    }
    let mut overrides = RequestOptions::new();
    for (key, value) in &options {
        let row = row_of(key)?;
        overrides
            .set(row.name, value_of(key, row, value)?)
            .map_err(|e| errors::from_core(&e))?;
    }
    Ok((Some(overrides), ticket))
}

#[cfg(test)]
mod tests {
    use super::snake_case;

    #[test]
    fn js_names_map_onto_the_tables_names() {
        assert_eq!(snake_case("maxRetries"), "max_retries");
        assert_eq!(snake_case("timeout"), "timeout");
        assert_eq!(snake_case("allowInsecureHttp"), "allow_insecure_http");
    }
}
