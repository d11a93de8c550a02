//! The sandbox's DNS: its own TXT zone, an authoritative server that answers for it over UDP and TCP,
//! and the resolver domain verification uses (pointed at that server or at any other nameserver).

mod answer;
mod lookup;
mod server;
mod zone;

pub use lookup::{lookup_txt, DnsError};
pub use server::spawn_zone_server;
pub use zone::{TxtRecord, Zone};
