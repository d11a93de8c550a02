//! The account: the user a token belongs to, and the session `login` returns.

use crate::secret::Secret;

model! {
    /// A user of the API: who a token belongs to.
    pub struct User {
        /// The user's id; every protected call sends it as `user_id`.
        pub id: u64,
        /// The user's display name.
        pub name: Option<String>,
        /// The user's login email.
        pub email: String,
    }
}

plain_model! {
    /// What `login` yields: the bearer token and its user. `Debug` redacts the token.
    pub struct Session {
        /// The bearer token (Laravel Sanctum's `id|plain-text` form).
        pub token: Secret,
        /// The token's user.
        pub user: User,
    }
}
