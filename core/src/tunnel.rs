//! The `CONNECT` tunnel through an `http://` proxy to an `https://` target: the request, with the
//! proxy URL's credentials as `Proxy-Authorization`, then the proxy's answer up to its blank line.
//!
//! Written here rather than taken from hyper-util, whose tunnel error says neither the proxy's
//! status nor its words: the transport needs the status to tell a refused credential (407, not
//! retried: the same credentials would be sent again) from a proxy that could not reach the
//! server (retried like a failed connect), and the user needs the proxy's answer to fix either.

use hyper::header::HeaderValue;
use hyper::Uri;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::connector::BoxError;

/// The most of the proxy's answer read before giving up on it (hyper-util allows the same).
const MAX_ANSWER: usize = 8 * 1024;

/// What a proxy answers to missing or wrong credentials, in a tunnel's answer or a plain-HTTP
/// request's.
pub(crate) const PROXY_AUTHENTICATION_REQUIRED: u16 = 407;

/// The proxy answered `CONNECT` with something other than a 2xx.
#[derive(Debug, thiserror::Error)]
#[error("the proxy refused the tunnel ({answer}){hint}", hint = self.hint())]
pub(crate) struct TunnelRefused {
    /// The answer's status, `None` when it was not HTTP.
    pub(crate) status: Option<u16>,
    /// Its status line, or what was wrong with it.
    answer: String,
}

impl TunnelRefused {
    /// Whether the proxy refused the credentials (or their absence): a 407, or a 401, which
    /// tinyproxy answers to a wrong password and which only the proxy can send to a `CONNECT`.
    pub(crate) fn credentials_refused(&self) -> bool {
        matches!(self.status, Some(401 | PROXY_AUTHENTICATION_REQUIRED))
    }

    fn hint(&self) -> &'static str {
        if self.credentials_refused() {
            ": it wants other credentials, given as the proxy URL's user:password"
        } else {
            ""
        }
    }
}

/// Asks the proxy at the other end of `tcp` for a tunnel to `target`, saying who asks (some proxies
/// filter on the user agent), and returns the stream once the proxy has opened it. A broken
/// connection is an `io::Error`, a refusal [`TunnelRefused`].
pub(crate) async fn open(
    mut tcp: TcpStream,
    target: &Uri,
    user_agent: &HeaderValue,
    authorization: Option<&HeaderValue>,
) -> Result<TcpStream, BoxError> {
    // `host()` keeps an IPv6 literal's brackets, as the request line needs them.
    let authority = format!(
        "{}:{}",
        target.host().unwrap_or_default(),
        target.port_u16().unwrap_or(443)
    );
    let mut request = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n").into_bytes();
    request.extend_from_slice(b"User-Agent: ");
    request.extend_from_slice(user_agent.as_bytes());
    request.extend_from_slice(b"\r\n");
    if let Some(authorization) = authorization {
        request.extend_from_slice(b"Proxy-Authorization: ");
        request.extend_from_slice(authorization.as_bytes());
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"\r\n");
    tcp.write_all(&request).await?;

    let (head, after_head) = read_head(&mut tcp).await?;
    let status_line = head
        .split(|&b| b == b'\r' || b == b'\n')
        .next()
        .unwrap_or_default();
    let status_line = String::from_utf8_lossy(status_line);
    match status_of(&status_line) {
        // An open tunnel is quiet until the client speaks: bytes already sent would be lost.
        Some(200..=299) if after_head > 0 => {
            Err(refused(None, "it sent data before the tunnel was used").into())
        }
        Some(200..=299) => Ok(tcp),
        // A refusal may come with a page explaining it, which is left unread.
        status => Err(refused(status, &status_line.chars().take(200).collect::<String>()).into()),
    }
}

fn refused(status: Option<u16>, answer: &str) -> TunnelRefused {
    TunnelRefused {
        status,
        answer: answer.to_owned(),
    }
}

/// The proxy's answer up to and including its blank line, and how many bytes came after it.
async fn read_head(tcp: &mut TcpStream) -> Result<(Vec<u8>, usize), BoxError> {
    let mut head = Vec::with_capacity(512);
    loop {
        let mut chunk = [0; 1024];
        let read = tcp.read(&mut chunk).await?;
        if read == 0 {
            return Err(refused(None, "it closed the connection without an answer").into());
        }
        head.extend_from_slice(&chunk[..read]);
        if let Some(end) = end_of_head(&head) {
            let after_head = head.len() - end;
            return Ok((head, after_head));
        }
        if head.len() > MAX_ANSWER {
            return Err(refused(None, "its answer's headers are over 8 KiB").into());
        }
    }
}

/// Where the answer's head ends: after its blank line, `\r\n\r\n` or the bare `\n\n` some
/// proxies send (HTTP readers accept both).
fn end_of_head(head: &[u8]) -> Option<usize> {
    let crlf = head
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|at| at + 4);
    let lf = head.windows(2).position(|w| w == b"\n\n").map(|at| at + 2);
    crlf.into_iter().chain(lf).min()
}

/// The status of an HTTP status line (`HTTP/1.1 407 Proxy Authentication Required`).
fn status_of(line: &str) -> Option<u16> {
    let mut words = line.split(' ');
    let version = words.next()?;
    if !version.starts_with("HTTP/1.") {
        return None;
    }
    let status = words.next()?;
    (status.len() == 3).then(|| status.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::{end_of_head, status_of};

    #[test]
    fn the_head_ends_at_its_blank_line_however_lines_end() {
        assert_eq!(end_of_head(b"HTTP/1.1 200 OK\r\n\r\n"), Some(19));
        assert_eq!(end_of_head(b"HTTP/1.1 200 OK\n\n"), Some(17));
        assert_eq!(
            end_of_head(b"HTTP/1.1 200 OK\r\nVia: x\r\n\r\nbody"),
            Some(27)
        );
        assert_eq!(end_of_head(b"HTTP/1.1 200 OK\r\n"), None);
    }

    #[test]
    fn the_status_is_read_from_an_http_status_line_only() {
        assert_eq!(status_of("HTTP/1.1 200 Connection established"), Some(200));
        assert_eq!(
            status_of("HTTP/1.0 407 Proxy Authentication Required"),
            Some(407)
        );
        assert_eq!(status_of("HTTP/1.1 502"), Some(502));
        assert_eq!(status_of("SSH-2.0-OpenSSH_9.2"), None);
        assert_eq!(status_of("HTTP/1.1 20 short"), None);
        assert_eq!(status_of(""), None);
    }
}
