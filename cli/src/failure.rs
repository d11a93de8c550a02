//! What can go wrong in a command, how it is reported on stderr, and its exit code.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | a failure outside the API: a `--file` could not be read, the sandbox could not start, a quickstart or scenario check failed |
//! | 2 | a usage error (bad flags or arguments, an unusable `--ca-file` included; no base URL) |
//! | 10–19 | an API error, one code per kind: see [`exit_code`] |

use serde_json::json;
use smtpprovider::ErrorKind;

/// A command's failure.
#[derive(Debug)]
pub enum CliError {
    /// The SDK returned an error; its kind picks the exit code.
    Api(smtpprovider::Error),
    /// The command line was wrong (exit code 2).
    Usage(String),
    /// Anything else (exit code 1).
    Failed(String),
}

impl From<smtpprovider::Error> for CliError {
    fn from(error: smtpprovider::Error) -> Self {
        CliError::Api(error)
    }
}

/// The exit code of each error kind: the core's table ([`smtpprovider::KINDS`]); stable,
/// documented in the README.
pub fn exit_code(kind: ErrorKind) -> u8 {
    kind.info().exit_code
}

impl CliError {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Api(error) => exit_code(error.kind()),
            CliError::Usage(_) => 2,
            CliError::Failed(_) => 1,
        }
    }

    /// The failure as stderr shows it: `error[Kind]: message`, or with `json` one JSON object
    /// `{"error": {"kind", "message", "status", "endpoint", "messages"}}` for scripts.
    pub fn render(&self, json: bool) -> String {
        let (kind, message) = match self {
            CliError::Api(error) => (error.kind().as_str(), error.to_string()),
            CliError::Usage(message) => ("Usage", message.clone()),
            CliError::Failed(message) => ("Failed", message.clone()),
        };
        if !json {
            return format!("error[{kind}]: {message}");
        }
        let mut body = json!({"kind": kind, "message": message, "exit_code": self.exit_code()});
        if let CliError::Api(error) = self {
            body["status"] = json!(error.status());
            body["endpoint"] = json!(error.endpoint());
            body["messages"] = json!(error.messages());
        }
        json!({ "error": body }).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use smtpprovider::{Error, ErrorContext};

    #[test]
    fn every_kind_has_its_own_code() {
        let mut codes: Vec<u8> = ErrorKind::ALL.into_iter().map(exit_code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ErrorKind::ALL.len());
        assert!(codes.iter().all(|c| *c >= 10), "apart from 1 and 2");
    }

    #[test]
    fn api_errors_render_their_kind_and_messages() {
        let context = ErrorContext {
            endpoint: Some("templates.get"),
            status: Some(404),
            messages: vec!["Template not found.".into()],
            ..ErrorContext::default()
        };
        let error = CliError::Api(Error::new(ErrorKind::NotFound, context));
        assert_eq!(error.exit_code(), 13);
        let human = error.render(false);
        assert!(
            human.starts_with("error[NotFound]: ") && human.contains("Template not found."),
            "{human}"
        );
        let parsed: serde_json::Value = serde_json::from_str(&error.render(true)).unwrap();
        assert_eq!(parsed["error"]["kind"], "NotFound");
        assert_eq!(parsed["error"]["status"], 404);
        assert_eq!(parsed["error"]["messages"][0], "Template not found.");
    }
}
