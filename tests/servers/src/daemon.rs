//! Running a real server binary as a child process: finding it, waiting until it listens, and
//! killing it on drop.

use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a server may take to start listening.
const STARTUP_DEADLINE: Duration = Duration::from_secs(10);

/// A running server process; killed (and reaped) on drop.
pub struct Daemon {
    child: Child,
}

impl Daemon {
    /// Runs `command` (stdout and stderr into the file `output`) and waits until every one of
    /// `ports` on 127.0.0.1 accepts connections; on failure the error quotes what it printed.
    pub fn start(mut command: Command, output: &Path, ports: &[u16]) -> io::Result<Daemon> {
        let program = command.get_program().to_string_lossy().into_owned();
        let log = std::fs::File::create(output)?;
        let mut child = command
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .map_err(|e| io::Error::new(e.kind(), format!("cannot run {program}: {e}")))?;
        let deadline = Instant::now() + STARTUP_DEADLINE;
        for &port in ports {
            let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
            while TcpStream::connect_timeout(&address, Duration::from_millis(100)).is_err() {
                let exited = child.try_wait()?;
                if exited.is_some() || Instant::now() > deadline {
                    let _ = child.kill();
                    let _ = child.wait();
                    let said = std::fs::read_to_string(output).unwrap_or_default();
                    return Err(io::Error::other(format!(
                        "{program} did not listen on {address} ({}): {said}",
                        match exited {
                            Some(status) => format!("it exited, {status}"),
                            None => "still not listening after 10 s".to_owned(),
                        }
                    )));
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        Ok(Daemon { child })
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nothing listens on now (the OS's pick). Another process may take it before the server
/// binds it; callers retry.
pub fn free_port() -> io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

/// `name` on `PATH` or in the sbin directories (Debian's nginx is `/usr/sbin/nginx`, which an
/// unprivileged user's `PATH` often lacks). `package` is the Debian package to name when missing.
pub fn find_binary(name: &str, package: &str) -> io::Result<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin", "/usr/local/sbin"].map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!(
                    "{name} is not installed: install the Debian package {package} \
                     (scripts/test.sh installs it)"
                ),
            )
        })
}
