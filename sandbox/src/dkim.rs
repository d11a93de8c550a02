//! DKIM for domain verification: the key pair each added domain gets, a pool that keeps keys ready
//! (2048-bit RSA generation takes long enough to be felt on every domain-add), and the check that a
//! published TXT record carries the domain's public key.

mod check;
mod key;
mod pool;

pub use check::{check_dkim, DkimCheck};
pub use key::DkimKey;
pub use pool::take_key;
