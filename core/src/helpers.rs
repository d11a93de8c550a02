//! Helpers: calls of the SDK's own made of endpoint calls, declared once here so that every
//! language offers them with the same arguments, defaults and checks. Today one:
//! `domains.wait_verified`, which polls `domains.verify` ([`crate::Domains::wait_verified`]).
//!
//! [`HELPERS`] is the run-time list: the JSON dispatch (`json_calls.rs`, so the CLI, the scenario
//! runner and Node reach them by id), `codegen/` (Node's methods) and each binding's table test
//! read it. The bindings' own methods convert their language's arguments and call the typed one.

use std::time::Duration;

use crate::error::{Error, ErrorKind, Result};

/// One helper, as the bindings see it.
#[derive(Debug)]
pub struct HelperInfo {
    /// `resource.name`, e.g. `domains.wait_verified`.
    pub id: &'static str,
    /// The resource it hangs on (`domains`).
    pub resource: &'static str,
    /// Its name on the resource (`wait_verified`).
    pub name: &'static str,
    /// One sentence for the docs of every language.
    pub doc: &'static str,
    /// The arguments, required ones first.
    pub args: &'static [HelperArg],
    /// The model it returns.
    pub returns: &'static str,
}

/// One argument of a helper.
#[derive(Debug)]
pub struct HelperArg {
    /// The argument's name (snake_case).
    pub name: &'static str,
    /// What it holds.
    pub kind: HelperArgKind,
    /// What it means, for the docs.
    pub doc: &'static str,
}

/// What a helper argument holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HelperArgKind {
    /// Text, required.
    Text,
    /// A duration, optional, with this default: seconds where a language takes numbers
    /// (milliseconds in Node, as its other options; a `Duration`/`TimeInterval` in Kotlin and Swift).
    Seconds {
        /// The default, in seconds.
        default: f64,
        /// Whether zero is refused (a polling interval of zero would poll as fast as the network
        /// allows and run into the rate limit).
        positive: bool,
    },
}

/// `domains.wait_verified`.
pub const WAIT_VERIFIED: HelperInfo = HelperInfo {
    id: "domains.wait_verified",
    resource: "domains",
    name: "wait_verified",
    doc: "Checks the domain's DKIM record every `interval` until it is verified, or fails with \
          `Timeout` once `timeout` has passed, carrying the last answer's message.",
    args: &[
        HelperArg {
            name: "domain_name",
            kind: HelperArgKind::Text,
            doc: "the domain, as added",
        },
        HelperArg {
            name: "timeout",
            kind: HelperArgKind::Seconds {
                default: 60.0,
                positive: false,
            },
            doc: "how long to keep checking",
        },
        HelperArg {
            name: "interval",
            kind: HelperArgKind::Seconds {
                default: 2.0,
                positive: true,
            },
            doc: "the pause between two checks",
        },
    ],
    returns: "DomainVerification",
};

/// Every helper.
pub const HELPERS: &[HelperInfo] = &[WAIT_VERIFIED];

impl HelperInfo {
    /// The argument called `name`.
    pub fn arg(&self, name: &str) -> &'static HelperArg {
        self.args
            .iter()
            .find(|arg| arg.name == name)
            .unwrap_or_else(|| panic!("{} has no argument {name}", self.id))
    }
}

impl HelperArg {
    /// `seconds` as a duration for this argument of `helper`: finite, not negative, and more
    /// than zero where the argument requires it; otherwise `InvalidInput` naming the argument.
    pub fn duration(&self, helper: &'static str, seconds: f64) -> Result<Duration> {
        let duration = Duration::try_from_secs_f64(seconds).map_err(|_| {
            self.refused(
                helper,
                format!("a finite number of seconds >= 0, not {seconds}"),
            )
        })?;
        self.check(helper, duration)
    }

    /// `duration`, if this argument of `helper` takes it: a zero is refused where the argument
    /// must be positive (what the typed method checks, whose durations cannot be negative).
    pub fn check(&self, helper: &'static str, duration: Duration) -> Result<Duration> {
        let positive = matches!(self.kind, HelperArgKind::Seconds { positive: true, .. });
        if positive && duration.is_zero() {
            return Err(self.refused(helper, "more than 0 seconds, not 0".to_owned()));
        }
        Ok(duration)
    }

    fn refused(&self, helper: &'static str, why: String) -> Error {
        Error::local(
            ErrorKind::InvalidInput,
            Some(helper),
            format!("{} must be {why}", self.name),
        )
    }

    /// The default of a duration argument.
    pub fn default_duration(&self) -> Option<Duration> {
        self.default_seconds().map(Duration::from_secs_f64)
    }

    /// The default, in seconds, of a duration argument.
    pub fn default_seconds(&self) -> Option<f64> {
        match self.kind {
            HelperArgKind::Seconds { default, .. } => Some(default),
            HelperArgKind::Text => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_checked_as_the_argument_requires() {
        let (timeout, interval) = (WAIT_VERIFIED.arg("timeout"), WAIT_VERIFIED.arg("interval"));
        assert_eq!(
            timeout.duration(WAIT_VERIFIED.id, 0.0).unwrap(),
            Duration::ZERO
        );
        assert_eq!(
            interval.duration(WAIT_VERIFIED.id, 0.25).unwrap(),
            Duration::from_millis(250)
        );
        for (arg, seconds) in [
            (timeout, -1.0),
            (timeout, f64::NAN),
            (timeout, f64::INFINITY),
            (interval, 0.0),
        ] {
            let error = arg.duration(WAIT_VERIFIED.id, seconds).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidInput, "{error}");
            assert!(error.to_string().contains(arg.name), "{error}");
        }
    }
}
