//! Placeholder: benchmark binaries live in src/bin and benches/.
