//! The id of this process, read without a system call.
//!
//! Runtimes, connection pools and asyncio bridges remember the process that made them, so that a
//! forked child makes its own; every call checks, and `getpid()` is a real system call (glibc
//! stopped caching it), two or three per call. So the pid is read once and kept, and a
//! `pthread_atfork` handler forgets it in a forked child, which then reads its own.

use std::sync::atomic::{AtomicU32, Ordering};

/// The pid, or 0 before it is read (and right after a fork).
static PID: AtomicU32 = AtomicU32::new(0);

/// This process's id.
pub(crate) fn current() -> u32 {
    match PID.load(Ordering::Relaxed) {
        0 => {
            let pid = std::process::id();
            if forgotten_on_fork() {
                PID.store(pid, Ordering::Relaxed);
            }
            pid
        }
        pid => pid,
    }
}

/// Whether a forked child forgets the kept pid: the handler is registered on first use.
#[cfg(unix)]
fn forgotten_on_fork() -> bool {
    use std::sync::atomic::AtomicBool;
    use std::sync::Once;

    extern "C" fn in_child() {
        // The child's only thread, before `fork()` returns there.
        PID.store(0, Ordering::Relaxed);
    }
    static REGISTER: Once = Once::new();
    static REGISTERED: AtomicBool = AtomicBool::new(false);
    REGISTER.call_once(|| {
        // SAFETY: `in_child` only stores to an atomic, which is async-signal-safe as a forked
        // child's handler must be. Registration fails only without memory; then the pid is never
        // kept and every read asks the system.
        let registered = unsafe { libc::pthread_atfork(None, None, Some(in_child)) } == 0;
        REGISTERED.store(registered, Ordering::Relaxed);
    });
    REGISTERED.load(Ordering::Relaxed)
}

/// Without `fork()` the pid never changes.
#[cfg(not(unix))]
fn forgotten_on_fork() -> bool {
    true
}
