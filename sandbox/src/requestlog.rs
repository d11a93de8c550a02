//! The log of `/api` requests (faulted and throttled ones too) that `/_sandbox/requests` returns.

use std::collections::VecDeque;

use serde::Serialize;

/// At most this many entries are kept (the oldest go first), so a benchmark cannot exhaust memory.
pub const CAPACITY: usize = 10_000;

/// One logged request.
#[derive(Clone, Debug, Serialize)]
pub struct RequestRecord {
    /// Position in the log, from 1.
    pub id: u64,
    /// HTTP method.
    pub method: String,
    /// Full request path (`/api/v1/...`).
    pub path: String,
    /// Raw query string, if any.
    pub query: Option<String>,
    /// The `User-Agent` header, if any (each binding of the SDK names itself in it).
    pub user_agent: Option<String>,
    /// Status answered; `None` when the connection was dropped.
    pub status: Option<u16>,
    /// Kind of the fault applied, if any.
    pub fault: Option<&'static str>,
    /// Sandbox time it arrived, `Y-m-d H:i:s`.
    pub at: String,
}

#[derive(Default)]
pub struct RequestLog {
    entries: VecDeque<RequestRecord>,
    next_id: u64,
}

impl RequestLog {
    /// Appends a record, giving it the next id.
    pub fn push(&mut self, mut record: RequestRecord) {
        self.next_id += 1;
        record.id = self.next_id;
        if self.entries.len() == CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(record);
    }

    /// Records whose path is `path` (full, or relative to `/api`), or all of them.
    pub fn list(&self, path: Option<&str>) -> Vec<RequestRecord> {
        let wanted = path.map(|p| format!("/api{}", crate::faults::api_relative(p)));
        self.entries
            .iter()
            .filter(|r| wanted.as_ref().is_none_or(|w| &r.path == w))
            .cloned()
            .collect()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}
