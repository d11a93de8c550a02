//! microsocks, the SOCKS5 proxy of the SOCKS tests: it prints one line per connection it opened,
//! naming the destination as the client gave it (`client[5] 127.0.0.1: connected to
//! localhost:PORT`), which is what the tests assert on.

use std::io;
use std::path::Path;
use std::process::Command;

use crate::daemon::{find_binary, Daemon};

/// Starts microsocks on 127.0.0.1:`port`, without credentials, its output into `log`.
///
/// No `stdbuf` is needed for the log to be whole: microsocks writes each line with `dprintf` to
/// stderr, straight to the file descriptor, and before it tells the client the connection is
/// open, so a connection the client saw open is already in the log.
pub fn start(port: u16, log: &Path) -> io::Result<Daemon> {
    let microsocks = find_binary("microsocks", "microsocks")?;
    let mut command = Command::new(microsocks);
    // It stays in the foreground by itself; a taken port makes it exit ("server_setup: Address
    // already in use"), which the caller retries.
    command
        .arg("-i")
        .arg("127.0.0.1")
        .arg("-p")
        .arg(port.to_string());
    Daemon::start(command, log, &[port])
}
