//! What every request handler shares: the API state and the sandbox's own machinery, each behind
//! its own lock so that the request log or the limiter never waits on API work.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, AtomicU64};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::dns::Zone;
use crate::faults::Faults;
use crate::ratelimit::RateLimiter;
use crate::requestlog::RequestLog;
use crate::state::State;

pub struct App {
    pub state: Mutex<State>,
    /// The sandbox's own DNS zone, served by its zone server.
    pub zone: Zone,
    /// Nameserver that domain verification asks.
    pub nameserver: SocketAddr,
    /// Requests per window per client; 0 = off. Changeable at run time.
    pub rate_limit: AtomicU32,
    /// The window's length in milliseconds. Changeable at run time.
    pub rate_limit_window_ms: AtomicU64,
    pub limiter: Mutex<RateLimiter>,
    pub faults: Mutex<Faults>,
    pub requests: Mutex<RequestLog>,
    /// `http://127.0.0.1:PORT`, the base of verification links.
    pub root_url: String,
    pub max_body_bytes: usize,
}

/// Locks a mutex, recovering the data if a thread panicked while holding it: every critical
/// section leaves the data consistent before it could panic, and the sandbox must keep serving.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
