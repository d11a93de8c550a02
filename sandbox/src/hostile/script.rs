//! The server half of a fault case file (`tests/faults/cases.json`, format in its README): what
//! the hostile server answers each request of a case with. The client half (options and
//! expectations) is the runners' business, so unknown keys are ignored at the case level but
//! refused inside a response, where a typo would silently change the bytes sent.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The longest pause a response may ask for; every wait of the server is bounded.
pub(crate) const MAX_PAUSE_MS: u64 = 60_000;

/// The file: the shared well-formed answer and the cases.
#[derive(Debug, Deserialize)]
pub(crate) struct CaseFile {
    pub(crate) ok_response: Response,
    pub(crate) cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Case {
    /// Also the first segment of the case's URL path, so it must be URL-safe.
    pub(crate) name: String,
    pub(crate) server: Behaviour,
}

/// What a case's server does.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Behaviour {
    /// Nothing listens: the case's base URL points at a port that refuses connections.
    #[serde(default)]
    pub(crate) refuse: bool,
    /// The answer to each successive request; the last one answers every request after it.
    #[serde(default)]
    pub(crate) responses: Vec<Step>,
}

/// One answer: `"ok"` for the file's `ok_response`, bytes that are not HTTP, or a response.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum Step {
    Named(String),
    Raw(Raw),
    Response(Response),
}

/// Bytes written as they are, with no status line or headers: a server that is not HTTP (an
/// SMTP port given as the base URL).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Raw {
    pub(crate) raw: String,
    /// A pause after the bytes, before `end`.
    #[serde(default)]
    pub(crate) hold_ms: u64,
    #[serde(default)]
    pub(crate) end: End,
}

/// How the body is delimited on the wire.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Framing {
    /// `Content-Length`, the body's real length (`cut_after` makes it a promise not kept).
    #[default]
    Length,
    /// `Transfer-Encoding: chunked`, one chunk per repetition of the body.
    Chunked,
    /// Neither: the body ends when the server closes the connection.
    Close,
}

/// How the server leaves the connection once it has written what it meant to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum End {
    /// An orderly close (FIN).
    #[default]
    Close,
    /// A TCP reset (RST), as a crashed peer or a middlebox sends.
    Reset,
}

/// A response, described precisely enough to be written byte for byte.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Response {
    pub(crate) status: u16,
    /// The reason phrase (default `OK`; any text, it is not checked against the status).
    #[serde(default)]
    pub(crate) reason: Option<String>,
    /// Sent as given, after substituting `{self}` (this case's base URL) and `{other_host}` (the
    /// same server and path under the name `localhost`). `Connection: close` is always added.
    #[serde(default)]
    pub(crate) headers: BTreeMap<String, String>,
    /// The body as text...
    #[serde(default)]
    pub(crate) body: String,
    /// ...or as hex, for bytes that are not UTF-8.
    #[serde(default)]
    pub(crate) body_hex: Option<String>,
    /// How many times the body is sent back to back (default 1).
    #[serde(default)]
    pub(crate) repeat: Option<u64>,
    /// The body repeated until the client goes away (at most 512 MiB).
    #[serde(default)]
    pub(crate) endless: bool,
    #[serde(default)]
    pub(crate) framing: Framing,
    /// A pause before the status line: headers slower than the client's timeout.
    #[serde(default)]
    pub(crate) delay_ms: u64,
    /// A pause before each byte of the (framed) body: a body that drips.
    #[serde(default)]
    pub(crate) drip_ms: u64,
    /// Stop after this many bytes of the framed body (chunk sizes included).
    #[serde(default)]
    pub(crate) cut_after: Option<u64>,
    /// A pause after the last byte, before `end` (so the client reads what came first).
    #[serde(default)]
    pub(crate) hold_ms: u64,
    #[serde(default)]
    pub(crate) end: End,
    /// Adds `Retry-After` as an HTTP date this many seconds after the moment it is sent.
    #[serde(default)]
    pub(crate) retry_after_date_in_s: Option<u64>,
}

impl Response {
    /// The body's bytes (one repetition).
    pub(crate) fn body_bytes(&self) -> Vec<u8> {
        match &self.body_hex {
            Some(hex) => decode_hex(hex).unwrap_or_default(),
            None => self.body.as_bytes().to_vec(),
        }
    }

    fn check(&self) -> Result<(), String> {
        if !(100..=999).contains(&self.status) {
            return Err(format!("status {} is not three digits", self.status));
        }
        if let Some(hex) = &self.body_hex {
            if !self.body.is_empty() {
                return Err("body and body_hex go one at a time".into());
            }
            decode_hex(hex).ok_or("body_hex is not hex")?;
        }
        if self.endless && (self.repeat.is_some() || self.framing == Framing::Length) {
            return Err("an endless body has no repeat count and no Content-Length framing".into());
        }
        if self.endless && self.body_bytes().is_empty() {
            return Err("an endless body needs a body to repeat".into());
        }
        for pause in [self.delay_ms, self.drip_ms, self.hold_ms] {
            if pause > MAX_PAUSE_MS {
                return Err(format!("a pause of {pause} ms is over {MAX_PAUSE_MS}"));
            }
        }
        for (name, value) in &self.headers {
            let clean = |text: &str| !text.bytes().any(|b| b == b'\r' || b == b'\n');
            if name.is_empty() || !clean(name) || !clean(value) || name.contains(':') {
                return Err(format!("header {name:?} cannot be written as one line"));
            }
        }
        Ok(())
    }
}

impl CaseFile {
    /// Parses and checks a case file.
    pub(crate) fn parse(text: &str) -> Result<CaseFile, String> {
        let file: CaseFile =
            serde_json::from_str(text).map_err(|e| format!("fault case file: {e}"))?;
        file.ok_response
            .check()
            .map_err(|e| format!("ok_response: {e}"))?;
        let mut names = std::collections::BTreeSet::new();
        for case in &file.cases {
            let name = &case.name;
            let safe = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
            if name.is_empty() || !name.bytes().all(safe) {
                return Err(format!("case name {name:?}: letters, digits, _ and - only"));
            }
            if !names.insert(name.as_str()) {
                return Err(format!("case {name:?} appears twice"));
            }
            let behaviour = &case.server;
            if behaviour.refuse != behaviour.responses.is_empty() {
                return Err(format!("case {name:?}: give either refuse or responses"));
            }
            for step in &behaviour.responses {
                match step {
                    Step::Named(named) if named == "ok" => {}
                    Step::Named(other) => {
                        return Err(format!("case {name:?}: unknown response {other:?}"))
                    }
                    Step::Raw(raw) if raw.hold_ms > MAX_PAUSE_MS => {
                        return Err(format!("case {name:?}: a pause over {MAX_PAUSE_MS} ms"))
                    }
                    Step::Raw(_) => {}
                    Step::Response(response) => response
                        .check()
                        .map_err(|e| format!("case {name:?}: {e}"))?,
                }
            }
        }
        Ok(file)
    }
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    let hex = hex.as_bytes();
    if hex.len() % 2 != 0 {
        return None;
    }
    hex.chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(cases: &str) -> Result<CaseFile, String> {
        CaseFile::parse(&format!(
            r#"{{"ok_response": {{"status": 200, "body": "{{}}"}}, "cases": {cases}}}"#
        ))
    }

    #[test]
    fn reads_both_kinds_of_case_and_the_ok_shorthand() {
        let parsed = file(
            r#"[{"name": "a", "server": {"refuse": true}, "expect": {"ignored": 1}},
                {"name": "b", "server": {"responses": [{"status": 503, "body_hex": "ff"}, "ok", {"raw": "220 hi"}]}}]"#,
        )
        .unwrap();
        assert!(parsed.cases[0].server.refuse);
        let Step::Response(first) = &parsed.cases[1].server.responses[0] else {
            panic!("a written-out response")
        };
        assert_eq!(first.body_bytes(), [0xff]);
        assert!(
            matches!(&parsed.cases[1].server.responses[2], Step::Raw(raw) if raw.raw == "220 hi")
        );
    }

    #[test]
    fn refuses_what_would_not_be_sent_as_written() {
        for (cases, why) in [
            (
                r#"[{"name": "a b", "server": {"refuse": true}}]"#,
                "case name",
            ),
            (
                r#"[{"name": "a", "server": {"refuse": true}}, {"name": "a", "server": {"refuse": true}}]"#,
                "twice",
            ),
            (r#"[{"name": "a", "server": {}}]"#, "either"),
            (
                r#"[{"name": "a", "server": {"responses": ["fine"]}}]"#,
                "unknown response",
            ),
            (
                r#"[{"name": "a", "server": {"responses": [{"status": 200, "delay": 5}]}}]"#,
                "did not match",
            ),
            (
                r#"[{"name": "a", "server": {"responses": [{"status": 200, "body_hex": "zz"}]}}]"#,
                "hex",
            ),
            (
                r#"[{"name": "a", "server": {"responses": [{"status": 200, "body": "x", "endless": true}]}}]"#,
                "endless",
            ),
            (
                r#"[{"name": "a", "server": {"responses": [{"status": 200, "delay_ms": 600000}]}}]"#,
                "pause",
            ),
            (
                r#"[{"name": "a", "server": {"responses": [{"status": 200, "headers": {"X": "a\r\nB: c"}}]}}]"#,
                "one line",
            ),
        ] {
            let error = file(cases).unwrap_err();
            assert!(error.contains(why), "{cases}: {error}");
        }
    }
}
