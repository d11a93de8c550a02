//! Mailing lists.

model! {
    /// A list of subscribers campaigns are sent to.
    pub struct MailingList {
        /// The list's id.
        pub id: u64,
        /// The list's name.
        pub name: String,
        /// How many subscribers the list holds.
        pub subscribers_count: Option<u64>,
        /// When the list was created (`Y-m-d H:i:s`).
        pub created_at: Option<String>,
    }
}
