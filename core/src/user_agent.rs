//! The `User-Agent` a client sends unless told otherwise, naming the language it is used from, so
//! that the API's operators can tell the SDK's users apart:
//! `smtpprovider-<binding>/<version> (<runtime>; <os> <arch>)`, e.g.
//! `smtpprovider-python/0.1.0 (CPython 3.11.2; linux x86_64)`, or `smtpprovider-rust/0.1.0
//! (linux x86_64)` from Rust itself.
//!
//! Each binding is a native library of its own with its own copy of the core, so the binding is
//! a fact about the process: it says who it is once, when it loads ([`identify_binding`]).

use std::sync::OnceLock;

/// The binding and its runtime, as [`identify_binding`] was told.
static BINDING: OnceLock<(String, Option<String>)> = OnceLock::new();

/// Names the binding the core runs in (`python`, `node`, `kotlin`, `swift`, `cli`) and its
/// runtime (`CPython 3.11.2`, `Node 22.12.0`), for every client's default `User-Agent`. A
/// binding calls it when it loads; only the first call counts. Characters a header cannot carry
/// are left out.
pub fn identify_binding(binding: &str, runtime: Option<&str>) {
    let _ = BINDING.set((header_safe(binding), runtime.map(header_safe)));
}

/// The default `User-Agent`.
pub(crate) fn default_user_agent() -> String {
    let (binding, runtime) = match BINDING.get() {
        Some((binding, runtime)) => (binding.as_str(), runtime.as_deref()),
        None => ("rust", None),
    };
    let platform = format!("{} {}", std::env::consts::OS, std::env::consts::ARCH);
    let comment = match runtime {
        Some(runtime) => format!("{runtime}; {platform}"),
        None => platform,
    };
    format!(
        "smtpprovider-{binding}/{} ({comment})",
        env!("CARGO_PKG_VERSION")
    )
}

/// `text` with only the visible ASCII and spaces a header value may hold.
fn header_safe(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_runtime_with_characters_a_header_cannot_carry_keeps_the_rest() {
        assert_eq!(
            header_safe("Node 22.1.0\r\nX-Evil: 1"),
            "Node 22.1.0X-Evil: 1"
        );
        assert_eq!(header_safe("PyPy 7.3 ✓"), "PyPy 7.3 ");
    }
}
