//! Benchmarks of the SDK: `benches/decode.rs` (criterion: envelope and model decoding) and
//! `src/bin/throughput.rs` (requests per second of the SDK against a raw reqwest loop).
//!
//! This library holds what they share: realistic API bodies, built in memory, and what the
//! process has spent ([`process`]).

pub mod process;

use serde_json::{json, Value};

/// One domain as the API returns it, with the DKIM key of a real 2048-bit RSA key's length.
pub fn domain_json(id: u64) -> Value {
    let verified = id & 1 == 0; // every other domain
    json!({
        "id": id,
        "domain_name": format!("domain-{id}.example.com"),
        "host": format!("smtp._domainkey.domain-{id}.example.com"),
        "selector": "smtp",
        "public_key": format!("v=DKIM1; h=sha256; k=rsa; p={}", "A".repeat(392)),
        "status": if verified { "verified" } else { "pending" },
        "verified_at": if verified { Value::from("2026-05-06 18:00:00") } else { Value::Null },
        "created_at": "2026-05-01 09:30:00",
        "updated_at": "2026-05-06 18:00:00",
    })
}

/// `{"success":true,"data":{"domains":[...]}}` with `count` domains, as bytes.
pub fn domain_list_body(count: u64) -> Vec<u8> {
    let domains: Vec<Value> = (1..=count).map(domain_json).collect();
    json!({"success": true, "data": {"domains": domains}})
        .to_string()
        .into_bytes()
}

/// The domain-add answer: one domain inside the inner `success` object.
pub fn domain_add_body() -> Vec<u8> {
    json!({"success": true, "data": {"success": true, "domain": domain_json(10)}})
        .to_string()
        .into_bytes()
}

/// Just the list, `[...]`, for model-only comparisons.
pub fn domain_array(count: u64) -> Vec<u8> {
    Value::from((1..=count).map(domain_json).collect::<Vec<_>>())
        .to_string()
        .into_bytes()
}
