//! Laravel's `throttle:api`: a fixed 60-second window per token (per client IP without a valid
//! token), on real time so that moving the sandbox clock never unblocks a client.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

/// Whose requests are counted together.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub enum RateKey {
    Token(u64),
    Ip(IpAddr),
}

/// The limiter's answer for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Limiting is off: no headers.
    Off,
    /// Let through; `remaining` more are allowed in this window.
    Allowed { limit: u32, remaining: u32 },
    /// Refused until the window ends in `retry_after` seconds.
    Limited { limit: u32, retry_after: u64 },
}

struct Window {
    started: Instant,
    hits: u32,
}

#[derive(Default)]
pub struct RateLimiter {
    windows: HashMap<RateKey, Window>,
}

/// Above this many tracked clients, windows that have ended are dropped so the map cannot grow forever.
const PRUNE_ABOVE: usize = 10_000;

impl RateLimiter {
    /// Counts one request from `key` against `limit` per minute (0 = off).
    pub fn hit(&mut self, key: RateKey, limit: u32, now: Instant) -> Decision {
        if limit == 0 {
            return Decision::Off;
        }
        if self.windows.len() > PRUNE_ABOVE {
            self.windows
                .retain(|_, w| now.duration_since(w.started) < WINDOW);
        }
        let window = self.windows.entry(key).or_insert(Window {
            started: now,
            hits: 0,
        });
        if now.duration_since(window.started) >= WINDOW {
            *window = Window {
                started: now,
                hits: 0,
            };
        }
        if window.hits >= limit {
            let left = WINDOW.saturating_sub(now.duration_since(window.started));
            // Round up, so a client that waits Retry-After seconds is always let in.
            let retry_after = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            return Decision::Limited {
                limit,
                retry_after: retry_after.max(1),
            };
        }
        window.hits += 1;
        Decision::Allowed {
            limit,
            remaining: limit - window.hits,
        }
    }

    /// Forgets every window (sandbox reset).
    pub fn clear(&mut self) {
        self.windows.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_within_a_window_and_reopens_after_it() {
        let mut limiter = RateLimiter::default();
        let start = Instant::now();
        let key = RateKey::Token(1);
        assert_eq!(
            limiter.hit(key, 2, start),
            Decision::Allowed {
                limit: 2,
                remaining: 1
            }
        );
        assert_eq!(
            limiter.hit(key, 2, start),
            Decision::Allowed {
                limit: 2,
                remaining: 0
            }
        );
        assert_eq!(
            limiter.hit(key, 2, start + Duration::from_secs(10)),
            Decision::Limited {
                limit: 2,
                retry_after: 50
            }
        );
        assert_eq!(
            limiter.hit(RateKey::Token(2), 2, start),
            Decision::Allowed {
                limit: 2,
                remaining: 1
            }
        );
        assert_eq!(
            limiter.hit(key, 2, start + WINDOW),
            Decision::Allowed {
                limit: 2,
                remaining: 1
            }
        );
        assert_eq!(limiter.hit(key, 0, start), Decision::Off);
    }
}
