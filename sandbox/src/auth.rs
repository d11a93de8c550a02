//! Sanctum-style personal access tokens: `<id>|<40 random alphanumerics>`. Only the SHA-256 of the
//! secret part is kept, and it is compared in constant time, as Laravel Sanctum does.

use rand::distributions::Alphanumeric;
use rand::Rng;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::state::{IdKind, State};

/// What the sandbox remembers of an issued token.
pub struct TokenRecord {
    pub user_id: u64,
    secret_sha256: [u8; 32],
}

/// Who sent a request with a valid token.
#[derive(Clone, Copy, Debug)]
pub struct Principal {
    pub user_id: u64,
    pub token_id: u64,
}

const SECRET_LEN: usize = 40;

fn sha256(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// Issues a new token for the user (every login makes a new one) and returns its plain text.
pub fn issue_token(state: &mut State, user_id: u64) -> String {
    let secret: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(SECRET_LEN)
        .map(char::from)
        .collect();
    let id = state.ids.next(IdKind::Token);
    state.tokens.insert(
        id,
        TokenRecord {
            user_id,
            secret_sha256: sha256(&secret),
        },
    );
    format!("{id}|{secret}")
}

/// The plain token from an `Authorization` header value, if it is a bearer token.
pub fn bearer_token(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Checks a plain token against the issued ones.
pub fn authenticate(state: &State, token: &str) -> Option<Principal> {
    let (id, secret) = token.split_once('|')?;
    let token_id: u64 = id.parse().ok()?;
    let record = state.tokens.get(&token_id)?;
    let matches: bool = record.secret_sha256.ct_eq(&sha256(secret)).into();
    matches.then_some(Principal {
        user_id: record.user_id,
        token_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SeedUser;

    #[test]
    fn issued_tokens_authenticate_and_tampered_ones_do_not() {
        let mut state = State::new(vec![SeedUser::demo()]);
        let token = issue_token(&mut state, 1);
        let (id, secret) = token.split_once('|').unwrap();
        assert_eq!(secret.len(), SECRET_LEN);
        assert!(secret.chars().all(|c| c.is_ascii_alphanumeric()));
        let principal = authenticate(&state, &token).unwrap();
        assert_eq!(
            (principal.user_id, principal.token_id.to_string()),
            (1, id.to_string())
        );
        assert!(authenticate(&state, &format!("{id}|{}x", &secret[1..])).is_none());
        assert!(authenticate(&state, secret).is_none());
        assert!(authenticate(&state, &format!("999|{secret}")).is_none());
        assert_ne!(issue_token(&mut state, 1), token);
    }

    #[test]
    fn reads_bearer_headers() {
        assert_eq!(bearer_token("Bearer 1|abc"), Some("1|abc"));
        assert_eq!(bearer_token("bearer  1|abc "), Some("1|abc"));
        assert_eq!(bearer_token("Basic abc"), None);
        assert_eq!(bearer_token("Bearer "), None);
    }
}
