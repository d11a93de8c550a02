//! nginx terminating TLS in front of the sandbox: one `server` per certificate, each on its own
//! port, each proxying to the sandbox's plain-HTTP port; and, with its stream module, the TLS end
//! of the HTTPS proxy, passing the bytes inside on to a tinyproxy.
//!
//! It runs unprivileged and self-contained: `-p` and `-c` point into the fixture's directory, and
//! the pid file, the logs and every temp path live there (nothing under /var or /run), with one
//! process (`master_process off`) in the foreground, so killing the child stops it.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::certs;
use crate::daemon::{find_binary, Daemon};

/// One HTTPS server of the nginx instance: its name (whose certificate and key it serves, see
/// [`certs::Pem::write`]) and its port.
pub struct Site<'a> {
    pub name: &'a str,
    pub port: u16,
}

/// The HTTPS proxy's TLS end: TLS on `port` with the certificate of the site `certificate`, the
/// bytes inside passed on, unread, to the HTTP proxy on 127.0.0.1:`to`.
pub struct TlsRelay<'a> {
    pub certificate: &'a str,
    pub port: u16,
    pub to: u16,
}

/// Debian builds nginx's TCP proxying (the stream module) as a module of its own, in its own
/// package, loaded by path.
const STREAM_MODULE: &str = "/usr/lib/nginx/modules/ngx_stream_module.so";

/// A site's own error log, where nginx writes one line per failed TLS handshake.
pub fn error_log(dir: &Path, site: &str) -> PathBuf {
    dir.join(format!("nginx-{site}-error.log"))
}

/// Where nginx logs each request to `site`, one line per request: its protocol (`HTTP/2.0`,
/// `HTTP/1.1`) and request line.
pub fn access_log(dir: &Path, site: &str) -> PathBuf {
    dir.join(format!("nginx-{site}-access.log"))
}

/// Writes `dir/nginx.conf` for `sites` in front of `upstream_port` and for `relay`, and starts
/// nginx.
pub fn start(
    dir: &Path,
    sites: &[Site],
    upstream_port: u16,
    relay: &TlsRelay,
) -> io::Result<Daemon> {
    let nginx = find_binary("nginx", "nginx")?;
    if !Path::new(STREAM_MODULE).is_file() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "{STREAM_MODULE} is missing: install the Debian package libnginx-mod-stream \
                 (scripts/test.sh installs it)"
            ),
        ));
    }
    let config = dir.join("nginx.conf");
    std::fs::write(&config, config_text(dir, sites, upstream_port, relay))?;
    let mut command = Command::new(nginx);
    command
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(&config)
        // Before it reads the configuration, nginx opens its built-in error log path; point that
        // into the directory too.
        .arg("-e")
        .arg(dir.join("nginx-error.log"));
    let mut ports: Vec<u16> = sites.iter().map(|site| site.port).collect();
    ports.push(relay.port);
    Daemon::start(command, &dir.join("nginx.out"), &ports)
}

fn config_text(dir: &Path, sites: &[Site], upstream_port: u16, relay: &TlsRelay) -> String {
    let d = dir.display();
    let mut text = format!(
        "load_module {STREAM_MODULE};\n\
         daemon off;\n\
         master_process off;\n\
         pid {d}/nginx.pid;\n\
         error_log {d}/nginx-error.log info;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n\
         \x20 access_log {d}/nginx-access.log;\n\
         \x20 log_format protocol '$server_protocol $request';\n\
         \x20 client_body_temp_path {d}/nginx-body;\n\
         \x20 proxy_temp_path {d}/nginx-proxy;\n\
         \x20 fastcgi_temp_path {d}/nginx-fastcgi;\n\
         \x20 uwsgi_temp_path {d}/nginx-uwsgi;\n\
         \x20 scgi_temp_path {d}/nginx-scgi;\n"
    );
    for site in sites {
        let _ = write!(
            text,
            "  server {{\n\
             \x20   listen 127.0.0.1:{port} ssl http2;\n\
             \x20   listen [::1]:{port} ssl http2;\n\
             \x20   ssl_certificate {cert};\n\
             \x20   ssl_certificate_key {key};\n\
             \x20   error_log {error_log} info;\n\
             \x20   access_log {access_log} protocol;\n\
             \x20   location / {{ proxy_pass http://127.0.0.1:{upstream_port}; }}\n\
             \x20 }}\n",
            port = site.port,
            cert = certs::cert_file(dir, site.name).display(),
            key = certs::key_file(dir, site.name).display(),
            error_log = error_log(dir, site.name).display(),
            access_log = access_log(dir, site.name).display(),
        );
    }
    text.push_str("}\n");
    let _ = write!(
        text,
        "stream {{\n\
         \x20 server {{\n\
         \x20   listen 127.0.0.1:{port} ssl;\n\
         \x20   listen [::1]:{port} ssl;\n\
         \x20   ssl_certificate {cert};\n\
         \x20   ssl_certificate_key {key};\n\
         \x20   proxy_pass 127.0.0.1:{to};\n\
         \x20 }}\n\
         }}\n",
        port = relay.port,
        cert = certs::cert_file(dir, relay.certificate).display(),
        key = certs::key_file(dir, relay.certificate).display(),
        to = relay.to,
    );
    text
}
