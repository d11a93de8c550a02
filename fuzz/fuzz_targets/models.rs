//! Every response model, through the endpoint that returns it: a 200 answer of the endpoint
//! whose index in `ENDPOINTS` is the input's first byte, with the rest as its body. Each decodes
//! as its typed method's result type; `checks.rs` says what must hold (no panic, the result or a
//! `Decode`/`Server`/reported error, a result that round-trips through the standard envelope).
#![no_main]

#[path = "../../core/tests/decoding/checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;
use smtpprovider::ENDPOINTS;

fuzz_target!(|input: &[u8]| {
    let [endpoint, body @ ..] = input else {
        return;
    };
    let endpoint = &ENDPOINTS[usize::from(*endpoint) % ENDPOINTS.len()];
    let _ = checks::check_answer(endpoint, 200, body);
});
