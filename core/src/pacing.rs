//! Pacing under the API's rate limit: calls wait for the window to reopen instead of being sent
//! and refused with a 429.
//!
//! The API throttles as Laravel's `throttle` middleware does: a fixed window per token (a minute
//! by default), `X-RateLimit-Limit` and `X-RateLimit-Remaining` on every answer, `Retry-After`
//! and `X-RateLimit-Reset` on a 429. Laravel sends no reset time on a success, so the end of a
//! window is estimated from the answers themselves: a window began before the first answer to an
//! attempt sent in it arrived, so it ends at the latest that answer's arrival plus the window's
//! length (the `rate_limit_window` option). An answer to an attempt of an earlier window was
//! counted there and says nothing of this one. Estimates err late: pacing may leave a little of
//! a window unused rather than send into a spent one. (It cannot see a server's window turn over
//! early, nor what arrived there meanwhile from elsewhere; a 429 then corrects it, and is retried
//! as any.)
//! The window's length is the first client's of the token: the budget is one per token.
//!
//! One [`Pacer`] serves every client of a token in the process ([`Pacer::for_token`]): clones,
//! `with_options` handles, the blocking facade, and clients made separately from the same token.
//! Each attempt takes a slot with [`Pacer::acquire`], first come first served; a call that would
//! have to wait past its deadline fails at once, having sent nothing. A server that sends no
//! rate-limit headers leaves the budget unknown, and calls go out as they come.
//!
//! No crate does this: `governor` and `tower`'s rate limiters pace to a rate the client knows
//! beforehand, not to a budget the server reports and resets on its own clock.

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, VecDeque};
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError, Weak};
use std::time::{Duration, Instant, SystemTime};

use tokio::sync::Notify;

/// The rate limit as the client last knew it: from the API's headers, with the window's end
/// estimated when the API did not say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RateLimit {
    /// Requests allowed per window (`X-RateLimit-Limit`).
    pub limit: u32,
    /// Requests left in the window, as the last answer said (`X-RateLimit-Remaining`).
    pub remaining: u32,
    /// When the window reopens: the API's `X-RateLimit-Reset` or `Retry-After` after a 429,
    /// else the latest time the window can end.
    pub reset: Option<SystemTime>,
}

/// The longest pacing waits for a window: a 429's wait beyond it is taken as this.
const LONGEST_WAIT: Duration = Duration::from_secs(24 * 60 * 60);

/// The longest window `rate_limit_window` accepts, so that window arithmetic stays in range.
pub(crate) const LONGEST_WINDOW: Duration = LONGEST_WAIT;

/// What one answer said about the rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RateHeaders {
    pub(crate) limit: u32,
    pub(crate) remaining: u32,
    /// `X-RateLimit-Reset`, seconds since the Unix epoch.
    pub(crate) reset_epoch: Option<u64>,
}

impl RateHeaders {
    /// The headers of an answer, if it carries a limit and a remaining count.
    pub(crate) fn parse(header: impl Fn(&str) -> Option<String>) -> Option<RateHeaders> {
        let number = |name: &str| header(name)?.trim().parse::<u64>().ok();
        Some(RateHeaders {
            // A limit of 0 allows nothing: not a budget to pace to.
            limit: u32::try_from(number("x-ratelimit-limit")?)
                .ok()
                .filter(|limit| *limit > 0)?,
            remaining: u32::try_from(number("x-ratelimit-remaining")?).unwrap_or(u32::MAX),
            reset_epoch: number("x-ratelimit-reset"),
        })
    }

    /// When the answer said the window reopens: its `X-RateLimit-Reset`, else, on a 429, its
    /// `Retry-After` from now; at most a day from now, as the pacer takes it (a reset in
    /// milliseconds read as seconds would be some 50,000 years away, past what a Python
    /// `datetime` holds). `None` when it did not say.
    pub(crate) fn reset(&self, status: u16, retry_after: Option<Duration>) -> Option<SystemTime> {
        let now = SystemTime::now();
        let latest = now + LONGEST_WAIT;
        let stated = self.reset_time().or_else(|| match (status, retry_after) {
            (429, Some(wait)) => Some(now.checked_add(wait).unwrap_or(latest)),
            _ => None,
        });
        stated.map(|at| at.min(latest))
    }

    /// `X-RateLimit-Reset` as a time; `None` past the clock's range.
    fn reset_time(&self) -> Option<SystemTime> {
        SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(self.reset_epoch?))
    }
}

/// Why a call was not given a slot: the window reopens for it in this long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NoSlot {
    pub(crate) wait: Duration,
}

/// What [`Budget::try_take`] gives a call.
enum Slot {
    /// A slot in the window of this number: send.
    Taken(u64),
    /// The budget is spent: the window reopens for this call then.
    At(Instant),
    /// The first call is out and nothing is known yet: wait for its answer.
    AfterFirstAnswer,
}

/// The shared budget of one token.
pub(crate) struct Pacer {
    budget: Mutex<Budget>,
    /// Woken whenever the budget changes: a slot taken or given up, an answer read.
    changed: Notify,
}

struct Budget {
    /// The assumed window length (the `rate_limit_window` option).
    window: Duration,
    /// `X-RateLimit-Limit`, once an answer said it.
    limit: Option<u32>,
    /// Requests counted against the current window: ours sent in it, plus what the answers show
    /// others (other processes with the token) used.
    used: u32,
    /// Attempts sent and not yet answered (or failed).
    in_flight: u32,
    /// Answers read, ever (the first one tells whether the server sends the headers).
    answers: u64,
    /// The latest the current window can end; `None` until an answer in it was read.
    window_end: Option<Instant>,
    /// Windows begun so far: an attempt keeps the number of the window it was sent in, and only
    /// an answer to an attempt of the current window says when that window ends.
    window_number: u64,
    /// Tickets of the calls waiting for a slot, in arrival order.
    queue: VecDeque<u64>,
    next_ticket: u64,
    last: Option<RateLimit>,
}

/// Pacers by base URL and a hash of the token (so that the registry keeps no credential), held
/// weakly: a pacer lives as long as a client of its token.
struct Registry {
    hasher: RandomState,
    pacers: Mutex<HashMap<(String, u64), Weak<Pacer>>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Pacer {
    /// The pacer every client of `token` at `base_url` in this process shares.
    pub(crate) fn for_token(base_url: &str, token: &str, window: Duration) -> Arc<Pacer> {
        static REGISTRY: OnceLock<Registry> = OnceLock::new();
        let registry = REGISTRY.get_or_init(|| Registry {
            hasher: RandomState::new(),
            pacers: Mutex::default(),
        });
        let key = (base_url.to_owned(), registry.hasher.hash_one(token));
        let mut pacers = lock(&registry.pacers);
        if let Some(pacer) = pacers.get(&key).and_then(Weak::upgrade) {
            return pacer;
        }
        pacers.retain(|_, pacer| pacer.strong_count() > 0);
        let pacer = Arc::new(Pacer::new(window));
        pacers.insert(key, Arc::downgrade(&pacer));
        pacer
    }

    fn new(window: Duration) -> Pacer {
        Pacer {
            budget: Mutex::new(Budget {
                window,
                limit: None,
                used: 0,
                in_flight: 0,
                answers: 0,
                window_end: None,
                window_number: 0,
                queue: VecDeque::new(),
                next_ticket: 0,
                last: None,
            }),
            changed: Notify::new(),
        }
    }

    /// The rate limit as last known.
    pub(crate) fn state(&self) -> Option<RateLimit> {
        lock(&self.budget).last
    }

    /// Takes a slot for one attempt, waiting (when `wait`) for the window to reopen if the budget
    /// is spent, in arrival order. Fails at once when the slot would come after `time_left`, or
    /// at all when `wait` is off, with how long until it would come. A call dropped while it
    /// waits leaves its place in the queue (`Queued`).
    pub(crate) async fn acquire(
        &self,
        time_left: Duration,
        wait: bool,
    ) -> Result<Sent<'_>, NoSlot> {
        let started = Instant::now();
        let queued = {
            let mut budget = lock(&self.budget);
            budget.next_ticket += 1;
            let ticket = budget.next_ticket;
            budget.queue.push_back(ticket);
            Queued {
                pacer: self,
                ticket,
            }
        };
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let now = Instant::now();
            let slot = lock(&self.budget).try_take(queued.ticket, now);
            match slot {
                Slot::Taken(window) => {
                    self.changed.notify_waiters();
                    return Ok(Sent {
                        pacer: self,
                        window,
                        answered: false,
                    });
                }
                Slot::At(open_at) => {
                    let wait_for = open_at.saturating_duration_since(now);
                    if !wait || started.elapsed() + wait_for > time_left {
                        return Err(NoSlot { wait: wait_for });
                    }
                    tokio::select! {
                        _ = tokio::time::sleep_until(open_at.into()) => {}
                        _ = &mut changed => {}
                    }
                }
                Slot::AfterFirstAnswer if !wait => {
                    // Nothing says the budget is spent: a call that may not wait goes.
                    let window = lock(&self.budget).take(queued.ticket);
                    return Ok(Sent {
                        pacer: self,
                        window,
                        answered: false,
                    });
                }
                Slot::AfterFirstAnswer => {
                    let left = time_left.saturating_sub(started.elapsed());
                    if tokio::time::timeout(left, &mut changed).await.is_err() {
                        // No answer within the call's time: send anyway, the attempt's own
                        // timeout then decides, as it would without pacing.
                        let window = lock(&self.budget).take(queued.ticket);
                        return Ok(Sent {
                            pacer: self,
                            window,
                            answered: false,
                        });
                    }
                }
            }
        }
    }

    /// What an answer to an attempt sent in window `window` said (`status` `None`: no answer
    /// came).
    fn answered(
        &self,
        window: u64,
        status: Option<u16>,
        headers: Option<RateHeaders>,
        retry_after: Option<Duration>,
    ) {
        let now = Instant::now();
        let mut budget = lock(&self.budget);
        budget.in_flight = budget.in_flight.saturating_sub(1);
        if status.is_some() {
            budget.answers += 1;
        }
        if let (Some(status), Some(headers)) = (status, headers) {
            budget.read(window, status, headers, retry_after, now);
        }
        drop(budget);
        self.changed.notify_waiters();
    }
}

/// A call's place in the queue: dropped (the call failed, or was itself dropped while waiting),
/// it frees the place for those behind it.
struct Queued<'a> {
    pacer: &'a Pacer,
    ticket: u64,
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        let mut budget = lock(&self.pacer.budget);
        let waiting = budget.queue.len();
        budget.queue.retain(|queued| *queued != self.ticket);
        let left = budget.queue.len() != waiting;
        drop(budget);
        if left {
            self.pacer.changed.notify_waiters();
        }
    }
}

/// The slot of one attempt that went out: [`Sent::answered`] with what came back, or dropped
/// when no answer came (a failed attempt, or a call dropped mid-flight, as `asyncio.wait_for` or
/// an `AbortSignal` do), so that it never counts as in flight for ever.
pub(crate) struct Sent<'a> {
    pacer: &'a Pacer,
    /// The number of the window it was sent in.
    window: u64,
    answered: bool,
}

impl Sent<'_> {
    /// Reads what the answer to this attempt said.
    pub(crate) fn answered(
        mut self,
        status: u16,
        headers: Option<RateHeaders>,
        retry_after: Option<Duration>,
    ) {
        self.answered = true;
        self.pacer
            .answered(self.window, Some(status), headers, retry_after);
    }
}

impl std::fmt::Debug for Sent<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sent").finish_non_exhaustive()
    }
}

impl Drop for Sent<'_> {
    fn drop(&mut self) {
        if !self.answered {
            self.pacer.answered(self.window, None, None, None);
        }
    }
}

impl Budget {
    /// Gives `ticket` a slot, or says when it may have one.
    fn try_take(&mut self, ticket: u64, now: Instant) -> Slot {
        if self.window_end.is_some_and(|end| now >= end) {
            // The window ended: what is still in flight may count against the next one.
            self.used = self.in_flight;
            self.window_end = None;
            self.window_number += 1;
            if let Some(last) = &mut self.last {
                last.remaining = last.limit.saturating_sub(self.used);
                last.reset = None;
            }
        }
        let position = self
            .queue
            .iter()
            .position(|queued| *queued == ticket)
            .unwrap_or(0) as u32;
        let Some(limit) = self.limit else {
            if self.answers == 0 && self.in_flight > 0 {
                // Nothing is known before the first answer: one call goes first and tells the
                // limit, rather than a burst larger than it provoking 429s.
                return Slot::AfterFirstAnswer;
            }
            // No limit known after an answer: the server sends no rate-limit headers.
            return Slot::Taken(self.take(ticket));
        };
        let free = limit.saturating_sub(self.used);
        if position < free {
            return Slot::Taken(self.take(ticket));
        }
        // Spent with no answer read in this window (its attempts failed without one): its end is
        // counted from now, so that it does end and the next attempts go.
        let reopens = *self.window_end.get_or_insert(now + self.window);
        // Later windows, each `limit` slots, for those queued ahead beyond this window's.
        let windows_ahead = (position - free) / limit;
        Slot::At(reopens + self.window * windows_ahead)
    }

    /// Takes a slot for `ticket`; the number of the window it is in.
    fn take(&mut self, ticket: u64) -> u64 {
        self.queue.retain(|queued| *queued != ticket);
        self.used += 1;
        self.in_flight += 1;
        self.window_number
    }

    fn read(
        &mut self,
        sent_in: u64,
        status: u16,
        headers: RateHeaders,
        retry_after: Option<Duration>,
        now: Instant,
    ) {
        let counted = headers.limit.saturating_sub(headers.remaining);
        if status == 429 {
            // The server says when: its Retry-After, else its reset time, else a window; at most
            // a day (an absurd `Retry-After: 1e30` or a reset in milliseconds would otherwise
            // overflow the clock, or shut the token out for ever).
            let reset = headers
                .reset_time()
                .and_then(|at| at.duration_since(SystemTime::now()).ok());
            let wait = retry_after
                .or(reset)
                .unwrap_or(self.window)
                .min(LONGEST_WAIT);
            self.limit = Some(headers.limit);
            self.used = headers.limit.max(self.in_flight);
            self.window_end = Some(now + wait);
        } else if sent_in != self.window_number {
            // An answer to an attempt sent in an earlier window: the server counted it there, so
            // its count and its arrival say nothing of this window. (Taken as this window's first
            // answer, it set the end too early whenever it came back before this window's first
            // attempt reached the server: a whole window's worth of 429s under load.)
            self.limit = Some(headers.limit);
        } else {
            // What we sent in the window is counted already; more counted by the server is what
            // others (other processes with the token) used.
            self.limit = Some(headers.limit);
            self.used = self.used.max(counted);
            if self.window_end.is_none() {
                // The first answer of a window: the window began before it arrived, so it ends by
                // now + its length. (Answers arrive in any order, so a count smaller than one
                // seen before does not tell that the server's window turned over: the estimate
                // stands until it passes, or a 429 corrects it.)
                self.window_end = Some(now + self.window);
            }
        }
        let reset = self
            .window_end
            .map(|end| SystemTime::now() + end.saturating_duration_since(now));
        self.last = Some(RateLimit {
            limit: headers.limit,
            remaining: headers.remaining,
            reset,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(limit: u32, remaining: u32) -> RateHeaders {
        RateHeaders {
            limit,
            remaining,
            reset_epoch: None,
        }
    }

    #[test]
    fn the_headers_are_read_as_laravel_sends_them() {
        let sent = [("x-ratelimit-limit", "60"), ("x-ratelimit-remaining", "59")];
        let header = |name: &str| {
            sent.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        };
        assert_eq!(RateHeaders::parse(header), Some(headers(60, 59)));
        assert_eq!(RateHeaders::parse(|_: &str| None), None);
    }

    #[tokio::test]
    async fn a_spent_budget_waits_for_the_window_and_a_short_deadline_fails_at_once() {
        let pacer = Pacer::new(Duration::from_millis(300));
        for remaining in [1, 0] {
            let sent = pacer.acquire(Duration::from_secs(5), true).await.unwrap();
            sent.answered(200, Some(headers(2, remaining)), None);
        }
        let state = pacer.state().unwrap();
        assert_eq!((state.limit, state.remaining), (2, 0));
        assert!(state.reset.is_some());

        let refused = pacer
            .acquire(Duration::from_millis(50), true)
            .await
            .unwrap_err();
        assert!(refused.wait > Duration::from_millis(150), "{refused:?}");
        let no_wait = pacer
            .acquire(Duration::from_secs(5), false)
            .await
            .unwrap_err();
        assert!(no_wait.wait > Duration::ZERO);

        let started = Instant::now();
        drop(pacer.acquire(Duration::from_secs(5), true).await.unwrap());
        let waited = started.elapsed();
        assert!(waited >= Duration::from_millis(150), "waited {waited:?}");
    }

    #[tokio::test]
    async fn a_server_without_the_headers_is_not_paced() {
        let pacer = Pacer::new(Duration::from_secs(60));
        for _ in 0..100 {
            let sent = pacer.acquire(Duration::ZERO, false).await.unwrap();
            sent.answered(200, None, None);
        }
        assert_eq!(pacer.state(), None);
    }

    #[tokio::test]
    async fn a_call_dropped_in_flight_or_waiting_holds_nothing() {
        let pacer = Pacer::new(Duration::from_secs(60));
        // The first call is dropped in flight, before any answer: the next is not kept waiting
        // for that answer.
        drop(pacer.acquire(Duration::from_secs(5), true).await.unwrap());
        let sent = tokio::time::timeout(
            Duration::from_secs(1),
            pacer.acquire(Duration::from_secs(5), true),
        );
        sent.await
            .expect("not held")
            .unwrap()
            .answered(200, Some(headers(1, 0)), None);
        // A call dropped while waiting for the next window leaves the queue.
        let waiting = pacer.acquire(Duration::from_secs(120), true);
        assert!(tokio::time::timeout(Duration::from_millis(50), waiting)
            .await
            .is_err());
        assert!(lock(&pacer.budget).queue.is_empty());
    }

    #[tokio::test]
    async fn a_window_spent_by_attempts_without_answers_still_ends() {
        let pacer = Pacer::new(Duration::from_millis(200));
        let sent = pacer.acquire(Duration::from_secs(5), true).await.unwrap();
        sent.answered(200, Some(headers(2, 1)), None);
        tokio::time::sleep(Duration::from_millis(250)).await;
        // A new window, spent by two attempts that got no answer (a server down, say).
        for _ in 0..2 {
            drop(pacer.acquire(Duration::from_secs(5), true).await.unwrap());
        }
        let started = Instant::now();
        drop(pacer.acquire(Duration::from_secs(5), true).await.unwrap());
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "the window ended"
        );
    }

    /// An answer to an attempt of the previous window that comes back before any of this
    /// window's: the window's end is still estimated from this window's own first answer. (Taken
    /// as this window's, the late answer made the estimate end early, and the next batch met a
    /// spent server window: ten 429s in the Node suite under load.)
    #[tokio::test]
    async fn a_late_answer_from_the_previous_window_does_not_end_this_one_early() {
        let window = Duration::from_millis(300);
        let pacer = Pacer::new(window);
        let first = pacer.acquire(Duration::from_secs(5), true).await.unwrap();
        first.answered(200, Some(headers(3, 2)), None);
        let straggler = pacer.acquire(Duration::from_secs(5), true).await.unwrap();
        tokio::time::sleep(window + Duration::from_millis(50)).await;

        // A new window: its first attempt goes out, then the straggler's answer comes back.
        let current = pacer.acquire(Duration::from_secs(5), true).await.unwrap();
        straggler.answered(200, Some(headers(3, 1)), None);
        tokio::time::sleep(Duration::from_millis(150)).await;
        let answered_at = SystemTime::now();
        current.answered(200, Some(headers(3, 2)), None);

        let reset = pacer.state().unwrap().reset.unwrap();
        let ends_after = reset.duration_since(answered_at).unwrap_or_default();
        assert!(
            ends_after >= window - Duration::from_millis(20),
            "the window ends {ends_after:?} after its first answer, not a whole window"
        );
    }

    #[test]
    fn a_stated_reset_is_at_most_a_day_away() {
        let in_millis = RateHeaders {
            limit: 60,
            remaining: 0,
            // Milliseconds sent where seconds belong: some 50,000 years from now.
            reset_epoch: Some(1_796_000_000_000),
        };
        let earliest = SystemTime::now() + LONGEST_WAIT;
        let reset = in_millis.reset(200, None).unwrap();
        let latest = SystemTime::now() + LONGEST_WAIT;
        assert!(earliest <= reset && reset <= latest, "{reset:?}");
        let unsaid = RateHeaders {
            reset_epoch: None,
            ..in_millis
        };
        let waited = unsaid
            .reset(429, Some(Duration::from_secs(u64::MAX)))
            .unwrap();
        assert!(waited <= SystemTime::now() + LONGEST_WAIT);
        assert_eq!(
            unsaid.reset(200, Some(Duration::from_secs(5))),
            None,
            "only a 429's wait"
        );
    }

    #[tokio::test]
    async fn an_absurd_wait_on_a_429_is_capped_not_an_overflow() {
        let pacer = Pacer::new(Duration::from_secs(60));
        let sent = pacer.acquire(Duration::from_secs(5), true).await.unwrap();
        let absurd = RateHeaders {
            limit: 1,
            remaining: 0,
            reset_epoch: Some(u64::MAX),
        };
        sent.answered(
            429,
            Some(absurd),
            Some(Duration::from_millis(i64::MAX as u64)),
        );
        let reset = pacer.state().unwrap().reset.unwrap();
        let wait = reset.duration_since(SystemTime::now()).unwrap();
        assert!(wait <= LONGEST_WAIT, "{wait:?}");
        let refused = pacer
            .acquire(Duration::from_secs(5), true)
            .await
            .unwrap_err();
        assert!(refused.wait > Duration::from_secs(3600));
    }

    #[test]
    fn a_limit_of_zero_is_not_a_budget() {
        let sent = [("x-ratelimit-limit", "0"), ("x-ratelimit-remaining", "0")];
        let header = |name: &str| {
            sent.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        };
        assert_eq!(RateHeaders::parse(header), None);
    }

    #[test]
    fn clients_of_one_token_share_a_pacer() {
        let one = Pacer::for_token("http://a/api", "1|x", Duration::from_secs(60));
        let same = Pacer::for_token("http://a/api", "1|x", Duration::from_secs(60));
        let other = Pacer::for_token("http://a/api", "2|y", Duration::from_secs(60));
        assert!(Arc::ptr_eq(&one, &same));
        assert!(!Arc::ptr_eq(&one, &other));
    }
}
