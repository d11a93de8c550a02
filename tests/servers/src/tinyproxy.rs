//! tinyproxy, the forward proxy of the proxy tests: it logs every request it relays (`CONNECT
//! host:port` for HTTPS, the full request line for plain HTTP), which is what the tests assert on.

use std::io;
use std::path::Path;
use std::process::Command;

use crate::daemon::{find_binary, Daemon};

/// Requests for hosts under this domain are relayed to the sandbox without a DNS lookup
/// (tinyproxy's `Upstream` rule), so that a plain-`http://` URL to a host that is not loopback
/// reaches the sandbox, and only through the proxy.
pub const PLAIN_HTTP_DOMAIN: &str = "smtp.test";

/// The user and password the second proxy asks for (tinyproxy's `BasicAuth`).
pub const CREDENTIALS: (&str, &str) = ("smtp", "proxy-secret");

/// Writes `dir/{name}.conf` and starts tinyproxy on `port`, logging to `log`; it answers 407 to a
/// request without [`CREDENTIALS`] when `with_credentials`.
pub fn start(
    dir: &Path,
    name: &str,
    port: u16,
    log: &Path,
    sandbox_port: u16,
    with_credentials: bool,
) -> io::Result<Daemon> {
    let tinyproxy = find_binary("tinyproxy", "tinyproxy-bin")?;
    let config = dir.join(format!("{name}.conf"));
    let basic_auth = if with_credentials {
        format!("BasicAuth {} {}\n", CREDENTIALS.0, CREDENTIALS.1)
    } else {
        String::new()
    };
    std::fs::write(
        &config,
        format!(
            "Port {port}\n\
             Listen 127.0.0.1\n\
             Allow 127.0.0.1\n\
             Timeout 30\n\
             MaxClients 64\n\
             LogLevel Info\n\
             LogFile \"{log}\"\n\
             PidFile \"{pid}\"\n\
             DisableViaHeader Yes\n\
             Upstream http 127.0.0.1:{sandbox_port} \".{PLAIN_HTTP_DOMAIN}\"\n\
             {basic_auth}",
            log = log.display(),
            pid = dir.join(format!("{name}.pid")).display(),
        ),
    )?;
    let mut command = Command::new(tinyproxy);
    // -d: stay in the foreground, so the child is tinyproxy itself.
    command.arg("-d").arg("-c").arg(&config);
    Daemon::start(command, &dir.join(format!("{name}.out")), &[port])
}
