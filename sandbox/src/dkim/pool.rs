//! A process-wide pool of ready DKIM keys, refilled by one background thread, so that adding a
//! domain does not wait for a 2048-bit RSA generation.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};

use super::key::DkimKey;

/// Keys kept ready: enough for a test that adds a few domains in a row without waiting.
const POOL_SIZE: usize = 4;

static POOL: OnceLock<KeyPool> = OnceLock::new();

/// Takes a fresh DKIM key: at once when one is ready, otherwise after generating one on the
/// caller's thread (never queueing behind other callers, so the wait is at most one generation).
///
/// The first call starts the background refill thread.
pub fn take_key() -> DkimKey {
    POOL.get_or_init(|| KeyPool::start(POOL_SIZE)).take()
}

/// Ready keys plus the thread that tops them up to `size`.
struct KeyPool {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    /// Signalled when a key is taken (or the pool closes), waking the refill thread.
    wanted: Condvar,
}

struct State {
    keys: Vec<DkimKey>,
    closed: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave a half-pushed Vec, so the state stays usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl KeyPool {
    fn start(size: usize) -> Self {
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                keys: Vec::with_capacity(size),
                closed: false,
            }),
            wanted: Condvar::new(),
        });
        let for_thread = Arc::clone(&shared);
        // Without the thread (spawn failed) the pool stays empty and `take` generates each key
        // itself: slower, still correct.
        let _ = std::thread::Builder::new()
            .name("dkim-key-pool".into())
            .spawn(move || refill(&for_thread, size));
        Self { shared }
    }

    fn take(&self) -> DkimKey {
        let ready = self.shared.lock().keys.pop();
        self.shared.wanted.notify_one();
        ready.unwrap_or_else(DkimKey::generate)
    }
}

impl Drop for KeyPool {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.wanted.notify_one();
    }
}

/// Body of the refill thread: sleeps while the pool is full, generates outside the lock otherwise.
fn refill(shared: &Shared, size: usize) {
    loop {
        {
            let mut state = shared.lock();
            while !state.closed && state.keys.len() >= size {
                state = shared
                    .wanted
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            if state.closed {
                return;
            }
        }
        let key = DkimKey::generate();
        shared.lock().keys.push(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::time::{Duration, Instant};

    fn ready(pool: &KeyPool) -> usize {
        pool.shared.lock().keys.len()
    }

    fn wait_until_full(pool: &KeyPool, size: usize) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while ready(pool) < size {
            assert!(
                Instant::now() < deadline,
                "the pool did not fill within 120 s"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    #[test]
    fn a_warm_pool_hands_out_a_ready_key_without_generating() {
        let started = Instant::now();
        let generated = DkimKey::generate();
        eprintln!("one 2048-bit generation: {:?}", started.elapsed());

        let pool = KeyPool::start(2);
        wait_until_full(&pool, 2);
        let started = Instant::now();
        let key = pool.take();
        let latency = started.elapsed();
        eprintln!("take from a warm pool: {latency:?}");

        // The refill thread needs a whole generation to add one back, so exactly one key left
        // proves the taken key came from the pool rather than being generated on the spot.
        assert_eq!(ready(&pool), 1);
        assert!(latency < Duration::from_millis(50), "took {latency:?}");
        assert_ne!(key.public_key_b64(), generated.public_key_b64());
    }

    #[test]
    fn the_pool_refills_and_an_empty_pool_still_hands_out_distinct_keys() {
        let pool = KeyPool::start(2);
        // Draining past the pool's size makes `take` generate on the caller's thread.
        let keys: HashSet<String> = (0..4)
            .map(|_| pool.take().public_key_b64().to_owned())
            .collect();
        assert_eq!(keys.len(), 4);
        wait_until_full(&pool, 2);
    }

    #[test]
    fn take_key_serves_the_process_wide_pool() {
        assert_ne!(take_key().public_key_b64(), take_key().public_key_b64());
    }
}
