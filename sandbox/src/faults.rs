//! Scripted faults: the next `times` requests to a path misbehave in a chosen way, so client retry
//! and error handling can be tested against real sockets.

use std::collections::BTreeMap;

use hyper::header::{HeaderName, HeaderValue};
use serde::{Deserialize, Serialize};

/// Longest delay a fault may ask for; every wait in the sandbox is bounded.
pub const MAX_DELAY_MS: u64 = 600_000;

/// What a faulted request suffers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum FaultAction {
    /// Answer with this status and body instead of processing the request.
    Status {
        /// HTTP status, 200–599.
        status: u16,
        /// The body: a string is sent as is, any other JSON value is sent encoded.
        /// Absent: `{"message": "<reason>"}`, Laravel style.
        #[serde(default)]
        body: Option<serde_json::Value>,
        /// Content type of `body`; `application/json` when absent.
        #[serde(default)]
        content_type: Option<String>,
        /// Extra response headers.
        #[serde(default)]
        headers: BTreeMap<String, String>,
    },
    /// Wait this long, then process the request normally.
    Delay {
        /// Milliseconds to wait (at most 600 000).
        delay_ms: u64,
    },
    /// Process the request, then cut the connection partway through the body.
    Truncate,
    /// Close the connection without answering; the request is not processed.
    Drop,
}

impl FaultAction {
    /// The `kind` name, as the request log shows it.
    pub fn kind_name(&self) -> &'static str {
        match self {
            FaultAction::Status { .. } => "status",
            FaultAction::Delay { .. } => "delay",
            FaultAction::Truncate => "truncate",
            FaultAction::Drop => "drop",
        }
    }
}

/// A fault to script, as posted to `/_sandbox/faults` or passed to [`crate::Sandbox::add_fault`].
#[derive(Clone, Debug, Deserialize)]
pub struct FaultSpec {
    /// Path relative to `/api` (`/v1/smtp-domain-list`); an `/api/...` path is accepted too.
    pub path: String,
    /// Only requests with this method; any method when absent.
    #[serde(default)]
    pub method: Option<String>,
    /// How many requests to affect (default 1).
    #[serde(default)]
    pub times: Option<u32>,
    /// What happens to them.
    #[serde(flatten)]
    pub action: FaultAction,
}

impl FaultSpec {
    /// A fault of this kind on the next request to `path`.
    pub fn new(path: &str, action: FaultAction) -> Self {
        FaultSpec {
            path: path.to_string(),
            method: None,
            times: None,
            action,
        }
    }

    /// Affects the next `times` matching requests instead of one.
    pub fn times(mut self, times: u32) -> Self {
        self.times = Some(times);
        self
    }

    /// Affects only requests with this method.
    pub fn method(mut self, method: &str) -> Self {
        self.method = Some(method.to_string());
        self
    }
}

/// A pending fault.
#[derive(Clone, Debug, Serialize)]
pub struct Fault {
    /// Fault id, from 1.
    pub id: u64,
    /// Path relative to `/api`.
    pub path: String,
    /// Method it is limited to, if any.
    pub method: Option<String>,
    /// Requests it will still affect.
    pub times: u32,
    /// What happens to them.
    #[serde(flatten)]
    pub action: FaultAction,
}

#[derive(Default)]
pub struct Faults {
    pending: Vec<Fault>,
    next_id: u64,
}

/// `/api/v1/x` and `/v1/x` both name the API path `/v1/x`.
pub fn api_relative(path: &str) -> String {
    let path = path.trim();
    let path = path
        .strip_prefix("/api")
        .filter(|rest| rest.starts_with('/'))
        .unwrap_or(path);
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}

fn check_action(action: &FaultAction) -> Result<(), String> {
    match action {
        FaultAction::Status {
            status,
            content_type,
            headers,
            ..
        } => {
            if !(200..=599).contains(status) {
                return Err("The status field must be between 200 and 599.".into());
            }
            if let Some(content_type) = content_type {
                HeaderValue::from_str(content_type)
                    .map_err(|_| "The content type field is invalid.".to_string())?;
            }
            for (name, value) in headers {
                HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| format!("Invalid header name {name:?}."))?;
                HeaderValue::from_str(value)
                    .map_err(|_| format!("Invalid value for header {name:?}."))?;
            }
            Ok(())
        }
        FaultAction::Delay { delay_ms } if *delay_ms > MAX_DELAY_MS => Err(format!(
            "The delay ms field must not be greater than {MAX_DELAY_MS}."
        )),
        _ => Ok(()),
    }
}

impl Faults {
    /// Validates and queues a fault.
    pub fn add(&mut self, spec: FaultSpec) -> Result<Fault, String> {
        if spec.path.trim().is_empty() {
            return Err("The path field is required.".into());
        }
        let times = spec.times.unwrap_or(1);
        if times == 0 {
            return Err("The times field must be at least 1.".into());
        }
        let method = match spec.method {
            Some(method) if method.trim().is_empty() => None,
            Some(method) => {
                let method = method.trim().to_ascii_uppercase();
                if !method.bytes().all(|b| b.is_ascii_alphabetic()) {
                    return Err("The method field is invalid.".into());
                }
                Some(method)
            }
            None => None,
        };
        check_action(&spec.action)?;
        self.next_id += 1;
        let fault = Fault {
            id: self.next_id,
            path: api_relative(&spec.path),
            method,
            times,
            action: spec.action,
        };
        self.pending.push(fault.clone());
        Ok(fault)
    }

    /// Consumes one use of the first fault matching this request, if any.
    pub fn take(&mut self, method: &str, api_path: &str) -> Option<FaultAction> {
        let index = self.pending.iter().position(|f| {
            f.path == api_path
                && f.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
        })?;
        let fault = &mut self.pending[index];
        fault.times -= 1;
        let action = fault.action.clone();
        if fault.times == 0 {
            self.pending.remove(index);
        }
        Some(action)
    }

    pub fn list(&self) -> Vec<Fault> {
        self.pending.clone()
    }

    pub fn clear(&mut self) {
        self.pending.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_kind_from_json() {
        let spec: FaultSpec =
            serde_json::from_str(r#"{"path":"/api/v1/x","kind":"drop"}"#).unwrap();
        assert_eq!(spec.action, FaultAction::Drop);
        let spec: FaultSpec = serde_json::from_str(
            r#"{"path":"/v1/x","kind":"status","status":503,"body":"<html>"}"#,
        )
        .unwrap();
        assert!(matches!(
            spec.action,
            FaultAction::Status { status: 503, .. }
        ));
        let spec: FaultSpec =
            serde_json::from_str(r#"{"path":"/v1/x","kind":"delay","delay_ms":5}"#).unwrap();
        assert_eq!(spec.action, FaultAction::Delay { delay_ms: 5 });
        assert!(serde_json::from_str::<FaultSpec>(r#"{"path":"/v1/x","kind":"explode"}"#).is_err());
    }

    #[test]
    fn matches_path_and_method_and_counts_down() {
        let mut faults = Faults::default();
        let fault = faults
            .add(
                FaultSpec::new("/api/v1/x", FaultAction::Truncate)
                    .times(2)
                    .method("get"),
            )
            .unwrap();
        assert_eq!(
            (fault.path.as_str(), fault.method.as_deref()),
            ("/v1/x", Some("GET"))
        );
        assert_eq!(faults.take("POST", "/v1/x"), None);
        assert_eq!(faults.take("GET", "/v1/y"), None);
        assert_eq!(faults.take("GET", "/v1/x"), Some(FaultAction::Truncate));
        assert_eq!(faults.list()[0].times, 1);
        assert_eq!(faults.take("GET", "/v1/x"), Some(FaultAction::Truncate));
        assert_eq!(faults.take("GET", "/v1/x"), None);
    }

    #[test]
    fn refuses_invalid_faults() {
        let mut faults = Faults::default();
        let status = |status| FaultAction::Status {
            status,
            body: None,
            content_type: None,
            headers: BTreeMap::new(),
        };
        assert!(faults.add(FaultSpec::new("/v1/x", status(99))).is_err());
        assert!(faults
            .add(FaultSpec::new("/v1/x", status(503)).times(0))
            .is_err());
        assert!(faults.add(FaultSpec::new("", status(503))).is_err());
        assert!(faults
            .add(FaultSpec::new(
                "/v1/x",
                FaultAction::Delay {
                    delay_ms: MAX_DELAY_MS + 1
                }
            ))
            .is_err());
        assert!(faults.list().is_empty());
    }
}
