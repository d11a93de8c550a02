//! Laravel's `throttle:api`: a fixed window per token (per client IP without a valid token), 60
//! seconds as the API's unless configured shorter for tests and benchmarks, on real time so that
//! moving the sandbox clock never unblocks a client.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

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
    /// Refused until the window ends in `retry_after` seconds (rounded up).
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
    /// Counts one request from `key` against `limit` per `window` (a limit of 0 = off).
    pub fn hit(&mut self, key: RateKey, limit: u32, window: Duration, now: Instant) -> Decision {
        if limit == 0 {
            return Decision::Off;
        }
        if self.windows.len() > PRUNE_ABOVE {
            self.windows
                .retain(|_, w| now.duration_since(w.started) < window);
        }
        let current = self.windows.entry(key).or_insert(Window {
            started: now,
            hits: 0,
        });
        if now.duration_since(current.started) >= window {
            *current = Window {
                started: now,
                hits: 0,
            };
        }
        if current.hits >= limit {
            let left = window.saturating_sub(now.duration_since(current.started));
            // Round up, so a client that waits Retry-After seconds is always let in.
            let retry_after = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            return Decision::Limited {
                limit,
                retry_after: retry_after.max(1),
            };
        }
        current.hits += 1;
        Decision::Allowed {
            limit,
            remaining: limit - current.hits,
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

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn limits_within_a_window_and_reopens_after_it() {
        let mut limiter = RateLimiter::default();
        let start = Instant::now();
        let key = RateKey::Token(1);
        assert_eq!(
            limiter.hit(key, 2, MINUTE, start),
            Decision::Allowed {
                limit: 2,
                remaining: 1
            }
        );
        assert_eq!(
            limiter.hit(key, 2, MINUTE, start),
            Decision::Allowed {
                limit: 2,
                remaining: 0
            }
        );
        assert_eq!(
            limiter.hit(key, 2, MINUTE, start + Duration::from_secs(10)),
            Decision::Limited {
                limit: 2,
                retry_after: 50
            }
        );
        assert_eq!(
            limiter.hit(RateKey::Token(2), 2, MINUTE, start),
            Decision::Allowed {
                limit: 2,
                remaining: 1
            }
        );
        assert_eq!(
            limiter.hit(key, 2, MINUTE, start + MINUTE),
            Decision::Allowed {
                limit: 2,
                remaining: 1
            }
        );
        assert_eq!(limiter.hit(key, 0, MINUTE, start), Decision::Off);
    }

    #[test]
    fn a_short_window_reopens_sooner_and_retry_after_rounds_up() {
        let mut limiter = RateLimiter::default();
        let start = Instant::now();
        let key = RateKey::Token(1);
        let window = Duration::from_millis(1500);
        assert!(matches!(
            limiter.hit(key, 1, window, start),
            Decision::Allowed { .. }
        ));
        assert_eq!(
            limiter.hit(key, 1, window, start + Duration::from_millis(100)),
            Decision::Limited {
                limit: 1,
                retry_after: 2
            }
        );
        assert_eq!(
            limiter.hit(key, 1, window, start + window),
            Decision::Allowed {
                limit: 1,
                remaining: 0
            }
        );
    }
}
