//! What the `uniffi` feature needs besides the derives: the models' unknown fields (`extra`)
//! cross to Swift and Kotlin as JSON text, since uniffi has no type for arbitrary JSON.

/// A model's unknown fields; Kotlin and Swift see a `JsonObject` (a `String` alias) holding
/// the JSON object text, e.g. `{"team_id":7}`.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

uniffi::custom_type!(JsonObject, String, {
    remote,
    lower: |fields| serde_json::Value::Object(fields).to_string(),
    // Only request structs are lifted, and they have no `extra`; a model that comes back from
    // Kotlin or Swift with text that is not an object is refused rather than emptied.
    try_lift: |text| match serde_json::from_str(&text)? {
        serde_json::Value::Object(fields) => Ok(fields),
        _ => Err(uniffi::deps::anyhow::anyhow!("extra must be a JSON object")),
    },
});
