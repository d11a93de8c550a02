//! TXT lookups for domain verification, through a real resolver aimed at one chosen nameserver.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use hickory_proto::op::ResponseCode;
use hickory_proto::rr::Name;
use hickory_resolver::config::{NameServerConfigGroup, ResolverConfig, ResolverOpts};
use hickory_resolver::error::ResolveErrorKind;
use hickory_resolver::TokioAsyncResolver;

/// How long one query may take before it is sent again.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(2);
/// Hard bound on the whole lookup (two attempts, plus a TCP retry of a truncated answer).
const LOOKUP_DEADLINE: Duration = Duration::from_secs(8);

/// Why a TXT lookup gave no answer (an absent record is not an error: it is an empty answer).
#[derive(Debug)]
pub enum DnsError {
    /// The name cannot be a DNS name (bad characters, a label over 63 bytes...).
    InvalidName {
        /// The name as given.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The nameserver did not answer in time.
    Timeout {
        /// The name looked up.
        name: String,
        /// The nameserver asked.
        nameserver: SocketAddr,
    },
    /// The nameserver could not be reached or answered with an error (SERVFAIL, REFUSED...).
    Failed {
        /// The name looked up.
        name: String,
        /// The nameserver asked.
        nameserver: SocketAddr,
        /// The resolver's explanation.
        reason: String,
    },
}

impl fmt::Display for DnsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidName { name, reason } => write!(f, "invalid DNS name {name:?}: {reason}"),
            Self::Timeout { name, nameserver } => {
                write!(f, "DNS lookup of {name} at {nameserver} timed out")
            }
            Self::Failed {
                name,
                nameserver,
                reason,
            } => {
                write!(f, "DNS lookup of {name} at {nameserver} failed: {reason}")
            }
        }
    }
}

impl std::error::Error for DnsError {}

/// Looks up the TXT records at `name` by asking `nameserver` only (UDP, then TCP for a truncated
/// answer), each record's character-strings joined into one value.
///
/// Nothing is cached and no system configuration is read, so a record published a moment ago is
/// seen. A name that does not exist, or has no TXT record, gives `Ok` with no values.
pub async fn lookup_txt(nameserver: SocketAddr, name: &str) -> Result<Vec<String>, DnsError> {
    let mut fqdn = Name::from_utf8(name).map_err(|error| DnsError::InvalidName {
        name: name.to_owned(),
        reason: error.to_string(),
    })?;
    fqdn.set_fqdn(true);

    // A resolver per lookup: cheap (no I/O until queried) and nothing can be cached between lookups.
    let resolver = TokioAsyncResolver::tokio(
        ResolverConfig::from_parts(
            None,
            Vec::new(),
            NameServerConfigGroup::from_ips_clear(&[nameserver.ip()], nameserver.port(), true),
        ),
        options(),
    );
    let failed = |reason: String| DnsError::Failed {
        name: name.to_owned(),
        nameserver,
        reason,
    };
    let timed_out = || DnsError::Timeout {
        name: name.to_owned(),
        nameserver,
    };

    let Ok(result) = tokio::time::timeout(LOOKUP_DEADLINE, resolver.txt_lookup(fqdn)).await else {
        return Err(timed_out());
    };
    match result {
        Ok(lookup) => Ok(lookup
            .iter()
            // Join the bytes before decoding: a UTF-8 character may span two character-strings.
            .map(|txt| String::from_utf8_lossy(&txt.txt_data().concat()).into_owned())
            .collect()),
        Err(error) => match error.kind() {
            ResolveErrorKind::NoRecordsFound {
                response_code: ResponseCode::NXDomain | ResponseCode::NoError,
                ..
            } => Ok(Vec::new()),
            ResolveErrorKind::NoRecordsFound { response_code, .. } => {
                Err(failed(format!("the nameserver answered {response_code}")))
            }
            ResolveErrorKind::Timeout => Err(timed_out()),
            _ => Err(failed(error.to_string())),
        },
    }
}

fn options() -> ResolverOpts {
    let mut options = ResolverOpts::default();
    options.timeout = ATTEMPT_TIMEOUT;
    // hickory counts retries after the first try: one retry makes two attempts.
    options.attempts = 1;
    options.cache_size = 0;
    options.use_hosts_file = false;
    options
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::{spawn_zone_server, Zone};
    use std::net::{IpAddr, Ipv4Addr};
    use std::time::Instant;

    const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    /// A value the size of a real 2048-bit DKIM record (420 bytes), so it spans two character-strings.
    fn dkim_sized_value() -> String {
        format!("v=DKIM1; h=sha256; k=rsa; p={}", "MIIBIjAN".repeat(49))
    }

    #[tokio::test]
    async fn a_dkim_sized_record_comes_back_joined_and_equal() {
        let zone = Zone::default();
        let value = dkim_sized_value();
        zone.publish_value("smtp._domainkey.example.com", &value);
        assert_eq!(zone.records()[0].values.len(), 2);
        let (server, task) = spawn_zone_server(zone, LOOPBACK).await.expect("server");

        let found = lookup_txt(server, "SMTP._domainkey.example.com")
            .await
            .expect("lookup");
        assert_eq!(found, [value]);
        task.abort();
    }

    #[tokio::test]
    async fn a_record_too_large_for_udp_is_fetched_over_tcp() {
        let zone = Zone::default();
        let value = "p=".to_owned() + &"A".repeat(1400);
        zone.publish_value("big.example.com", &value);
        let (server, task) = spawn_zone_server(zone, LOOPBACK).await.expect("server");

        assert_eq!(
            lookup_txt(server, "big.example.com").await.expect("lookup"),
            [value]
        );
        task.abort();
    }

    #[tokio::test]
    async fn several_records_and_a_trailing_dot() {
        let zone = Zone::default();
        zone.publish_value("example.com", "v=spf1 -all");
        zone.publish(
            "example.com",
            vec!["google-site-".into(), "verification=x".into()],
        );
        let (server, task) = spawn_zone_server(zone, LOOPBACK).await.expect("server");

        let mut found = lookup_txt(server, "example.com.").await.expect("lookup");
        found.sort();
        assert_eq!(found, ["google-site-verification=x", "v=spf1 -all"]);
        task.abort();
    }

    #[tokio::test]
    async fn nxdomain_is_empty_and_a_record_published_after_it_is_seen_at_once() {
        let zone = Zone::default();
        let (server, task) = spawn_zone_server(zone.clone(), LOOPBACK)
            .await
            .expect("server");
        let name = "smtp._domainkey.late.example.com";

        assert_eq!(
            lookup_txt(server, name).await.expect("lookup"),
            Vec::<String>::new()
        );
        zone.publish_value(name, "v=DKIM1; p=abc");
        assert_eq!(
            lookup_txt(server, name).await.expect("lookup"),
            ["v=DKIM1; p=abc"]
        );
        zone.remove(name);
        assert!(lookup_txt(server, name).await.expect("lookup").is_empty());
        task.abort();
    }

    #[tokio::test]
    async fn a_parent_name_without_records_is_empty_not_an_error() {
        let zone = Zone::default();
        zone.publish_value("smtp._domainkey.example.com", "v=DKIM1; p=abc");
        let (server, task) = spawn_zone_server(zone, LOOPBACK).await.expect("server");
        assert!(lookup_txt(server, "_domainkey.example.com")
            .await
            .expect("lookup")
            .is_empty());
        task.abort();
    }

    #[tokio::test]
    async fn an_invalid_name_is_an_error_that_names_it() {
        let label = "x".repeat(64);
        let error = lookup_txt(SocketAddr::new(LOOPBACK, 9), &label)
            .await
            .expect_err("invalid");
        assert!(matches!(error, DnsError::InvalidName { .. }), "{error:?}");
        assert!(error.to_string().contains(&label));
    }

    #[tokio::test]
    async fn a_silent_nameserver_times_out_within_the_bound() {
        // A bound socket that never answers: the resolver must give up, not hang.
        let silent = tokio::net::UdpSocket::bind((LOOPBACK, 0))
            .await
            .expect("bind");
        let address = silent.local_addr().expect("address");
        let started = Instant::now();
        let error = lookup_txt(address, "example.com")
            .await
            .expect_err("no answer");
        assert!(started.elapsed() <= LOOKUP_DEADLINE + Duration::from_secs(1));
        assert!(matches!(error, DnsError::Timeout { .. }), "{error:?}");
        assert!(error.to_string().contains(&address.to_string()));
    }
}
