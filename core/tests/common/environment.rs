//! The environment variables a test sets: only the listed ones, one test at a time per test
//! binary (the environment is the process's), removed again when the guard drops.

use std::ffi::OsStr;
use std::sync::{Mutex, MutexGuard};

/// Holds `variables` as one test set them.
pub struct Environment {
    variables: &'static [&'static str],
    _one_at_a_time: MutexGuard<'static, ()>,
}

impl Environment {
    /// Exactly `set` of `variables`; the others of them removed.
    pub fn set<V: AsRef<OsStr>>(variables: &'static [&'static str], set: &[(&str, V)]) -> Self {
        static LOCK: Mutex<()> = Mutex::new(());
        let guard = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        for name in variables {
            std::env::remove_var(name);
        }
        for (name, value) in set {
            assert!(
                variables.contains(name),
                "{name} is not one of {variables:?}"
            );
            std::env::set_var(name, value);
        }
        Environment {
            variables,
            _one_at_a_time: guard,
        }
    }
}

impl Drop for Environment {
    fn drop(&mut self) {
        for name in self.variables {
            std::env::remove_var(name);
        }
    }
}
