//! How a sandbox is started: address, seeded users, rate limit, nameserver, TLS, body limit.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

/// A user the sandbox creates at start and again after every reset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedUser {
    /// Login email.
    pub email: String,
    /// Login password (kept in memory as given: this is a test emulator).
    pub password: String,
    /// Display name returned in `user.name`.
    pub name: String,
}

impl SeedUser {
    /// The demo user seeded when no other user is configured.
    pub fn demo() -> Self {
        SeedUser {
            email: "demo@example.com".into(),
            password: "demo-password".into(),
            name: "Demo User".into(),
        }
    }

    /// Parses the binary's `--user EMAIL:PASSWORD[:NAME]`; the name defaults to the email's local part.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let mut parts = spec.splitn(3, ':');
        let email = parts.next().unwrap_or_default().trim();
        let password = parts.next().unwrap_or_default();
        if email.is_empty() || !email.contains('@') || password.is_empty() {
            return Err(format!("expected EMAIL:PASSWORD[:NAME], got {spec:?}"));
        }
        let name = match parts.next() {
            Some(name) if !name.trim().is_empty() => name.trim().to_string(),
            _ => email.split('@').next().unwrap_or(email).to_string(),
        };
        Ok(SeedUser {
            email: email.to_string(),
            password: password.to_string(),
            name,
        })
    }
}

/// A PEM certificate chain and private key to serve HTTPS with.
#[derive(Clone)]
pub struct TlsConfig {
    /// PEM certificate chain, leaf first.
    pub cert_pem: Vec<u8>,
    /// PEM private key (PKCS#8, PKCS#1 or SEC1).
    pub key_pem: Vec<u8>,
}

impl fmt::Debug for TlsConfig {
    // The key is a secret even in a sandbox; never print it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsConfig")
            .field("cert_pem", &format_args!("{} bytes", self.cert_pem.len()))
            .field("key_pem", &"<redacted>")
            .finish()
    }
}

/// The API's rate limit (Laravel's `throttle:api`): requests per minute per token. The binary
/// applies it by default, as the real API does.
pub const API_RATE_LIMIT_PER_MINUTE: u32 = 60;

/// The API's rate-limit window: Laravel's `throttle:60,1` counts per minute.
pub const API_RATE_LIMIT_WINDOW: Duration = Duration::from_secs(60);

/// Everything [`crate::Sandbox::start`] needs. `Default` gives a loopback test sandbox on a free
/// port with the demo user, no rate limit, its own DNS zone, plain HTTP and a 1 MiB body limit.
///
/// Rate limiting is off by default because an in-process sandbox serves tests, and a test making
/// more than 60 calls would otherwise stall for a minute on a 429. Ask for the API's behaviour
/// with `rate_limit_per_minute: API_RATE_LIMIT_PER_MINUTE` (the binary's default).
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// Address to bind (HTTP and the sandbox's own DNS zone server).
    pub host: IpAddr,
    /// Port to bind; 0 picks a free one.
    pub port: u16,
    /// Users created at start and after every reset.
    pub users: Vec<SeedUser>,
    /// Requests per window per token (per IP without one); 0 (the default) turns limiting off.
    /// (The name says minute because the API's window is one; see `rate_limit_window`.)
    pub rate_limit_per_minute: u32,
    /// The rate limit's fixed window: [`API_RATE_LIMIT_WINDOW`] (a minute, as the API's) unless
    /// tests and benchmarks ask for a shorter one to run in seconds.
    pub rate_limit_window: Duration,
    /// Nameserver used by domain verification; `None` uses the sandbox's own zone server.
    pub dns: Option<SocketAddr>,
    /// Serve HTTPS with this certificate when set.
    pub tls: Option<TlsConfig>,
    /// Request bodies larger than this answer 413.
    pub max_body_bytes: usize,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            users: vec![SeedUser::demo()],
            rate_limit_per_minute: 0,
            rate_limit_window: API_RATE_LIMIT_WINDOW,
            dns: None,
            tls: None,
            max_body_bytes: 1024 * 1024,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_user_specs() {
        let user = SeedUser::parse("a@b.test:pw:Ann Smith").unwrap();
        assert_eq!(
            (
                user.email.as_str(),
                user.password.as_str(),
                user.name.as_str()
            ),
            ("a@b.test", "pw", "Ann Smith")
        );
        assert_eq!(SeedUser::parse("a@b.test:p:w").unwrap().password, "p");
        assert_eq!(SeedUser::parse("bob@b.test:pw").unwrap().name, "bob");
        assert!(SeedUser::parse("nobody").is_err());
        assert!(SeedUser::parse("a@b.test:").is_err());
    }
}
