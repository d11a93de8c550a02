//! The envelope and the errors: any body with any status, for any endpoint. An input is the
//! status (two bytes, little-endian), the endpoint (one byte, its index in `ENDPOINTS`) and the
//! body; `checks.rs` says what must hold (an error status gives its kind, a 2xx the result or an
//! error the answer explains, a result round-trips).
#![no_main]

#[path = "../../core/tests/decoding/checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;
use smtpprovider::ENDPOINTS;

fuzz_target!(|input: &[u8]| {
    let [low, high, endpoint, body @ ..] = input else {
        return;
    };
    let status = u16::from_le_bytes([*low, *high]);
    let endpoint = &ENDPOINTS[usize::from(*endpoint) % ENDPOINTS.len()];
    let _ = checks::check_answer(endpoint, status, body);
});
