//! Sender addresses.

model! {
    /// A sender address on one of the user's domains.
    pub struct Sender {
        /// The sender's id.
        pub id: u64,
        /// The id of the sender's domain.
        pub domain_id: Option<u64>,
        /// The sender's domain.
        pub domain_name: Option<String>,
        /// The display name messages are sent with.
        pub sender_name: Option<String>,
        /// The sender's address.
        pub from_email: String,
        /// `pending` or `verified`.
        pub status: Option<String>,
        /// When the address was verified (`Y-m-d H:i:s`).
        pub verified_at: Option<String>,
        /// When the sender was added (`Y-m-d H:i:s`).
        pub created_at: Option<String>,
    }
}
