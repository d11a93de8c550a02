//! One connection of the hostile server: read the request, pick the case's response for this
//! attempt, and write it byte for byte, pauses, cuts and resets included.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::script::{End, Framing, Raw, Response};

/// The most an endless body sends (512 MiB) before giving up on the client: a client that
/// ignores its size limit then fails its test on memory instead of exhausting the machine.
pub(crate) const ENDLESS_CAP: u64 = 512 * 1024 * 1024;
/// Requests are small; anything larger is not a client under test.
const MAX_REQUEST_BYTES: usize = 1024 * 1024;
/// Bodies are written in blocks of about this size when nothing asks for byte-level timing.
const BLOCK_BYTES: usize = 64 * 1024;

/// The request line's path, all the server routes on.
pub(crate) struct Request {
    pub(crate) path: String,
}

/// What writing one response came to.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Written {
    /// Bytes of the framed body written (chunk sizes included).
    pub(crate) body_bytes: u64,
    /// The client went away before the server had written all it meant to.
    pub(crate) closed_early: bool,
}

/// Reads one request (head and `Content-Length` body); `None` if the client sent none.
pub(crate) async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buffer.len() > MAX_REQUEST_BYTES {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let path = lines.next()?.split(' ').nth(1)?.to_owned();
    let length: usize = lines
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0)
        .min(MAX_REQUEST_BYTES);
    // Read the whole body: closing with unread bytes would make the kernel send a reset.
    while buffer.len() < head_end + 4 + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    Some(Request { path })
}

/// Where `{self}` and `{other_host}` in header values point for this connection's case.
pub(crate) struct Links {
    pub(crate) self_url: String,
    pub(crate) other_host_url: String,
}

/// Writes `response` as its script says and leaves the connection as `end` says.
pub(crate) async fn write_response(
    mut stream: TcpStream,
    response: &Response,
    links: &Links,
) -> Written {
    let mut out = Body::new(response);
    if response.delay_ms > 0 {
        let delay = tokio::time::sleep(Duration::from_millis(response.delay_ms));
        tokio::select! {
            _ = delay => {}
            _ = peer_gone(&mut stream) => return out.closed(),
        }
    }
    if stream.write_all(&head(response, links)).await.is_err() {
        return out.closed();
    }
    if out.write_body(&mut stream).await.is_err() {
        return out.closed();
    }
    finish(stream, response.hold_ms, response.end).await;
    out.written
}

/// Writes bytes that are not HTTP and leaves the connection as `end` says.
pub(crate) async fn write_raw(mut stream: TcpStream, raw: &Raw) -> Written {
    let bytes = raw.raw.as_bytes();
    if stream.write_all(bytes).await.is_err() {
        return Written {
            body_bytes: 0,
            closed_early: true,
        };
    }
    finish(stream, raw.hold_ms, raw.end).await;
    Written {
        body_bytes: bytes.len() as u64,
        closed_early: false,
    }
}

/// Waits `hold_ms`, then closes or resets the connection.
async fn finish(mut stream: TcpStream, hold_ms: u64, end: End) {
    if hold_ms > 0 {
        tokio::time::sleep(Duration::from_millis(hold_ms)).await;
    }
    match end {
        // A zero linger makes close() send a reset instead of a FIN.
        End::Reset => {
            let _ = stream.set_zero_linger();
        }
        End::Close => {
            let _ = stream.shutdown().await;
        }
    }
}

/// Resolves when the client closes its side (or the connection breaks).
async fn peer_gone(stream: &mut TcpStream) {
    let mut scratch = [0u8; 512];
    while let Ok(n) = stream.read(&mut scratch).await {
        if n == 0 {
            return;
        }
    }
}

/// The status line and headers.
fn head(response: &Response, links: &Links) -> Vec<u8> {
    let reason = response.reason.as_deref().unwrap_or("OK");
    let mut head = format!("HTTP/1.1 {} {reason}\r\n", response.status);
    for (name, value) in &response.headers {
        let value = value
            .replace("{self}", &links.self_url)
            .replace("{other_host}", &links.other_host_url);
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(seconds) = response.retry_after_date_in_s {
        let at = std::time::SystemTime::now() + Duration::from_secs(seconds);
        let date = chrono::DateTime::<chrono::Utc>::from(at);
        head.push_str(&format!(
            "Retry-After: {}\r\n",
            date.format("%a, %d %b %Y %H:%M:%S GMT")
        ));
    }
    match response.framing {
        Framing::Length => {
            let length = response.body_bytes().len() as u64 * response.repeat.unwrap_or(1);
            head.push_str(&format!("Content-Length: {length}\r\n"));
        }
        Framing::Chunked => head.push_str("Transfer-Encoding: chunked\r\n"),
        Framing::Close => {}
    }
    head.push_str("Connection: close\r\n\r\n");
    head.into_bytes()
}

/// The framed body being written, with the count of what went out.
struct Body {
    /// One repetition of the body, framed (a whole chunk when chunked).
    unit: Vec<u8>,
    /// Repetitions to send; `None` for endless.
    repetitions: Option<u64>,
    trailer: &'static [u8],
    cut_after: Option<u64>,
    drip: Option<Duration>,
    written: Written,
}

impl Body {
    fn new(response: &Response) -> Self {
        let body = response.body_bytes();
        let (unit, trailer): (Vec<u8>, &'static [u8]) = match response.framing {
            Framing::Chunked if body.is_empty() => (Vec::new(), b"0\r\n\r\n"),
            Framing::Chunked => {
                let mut unit = format!("{:x}\r\n", body.len()).into_bytes();
                unit.extend_from_slice(&body);
                unit.extend_from_slice(b"\r\n");
                (unit, b"0\r\n\r\n")
            }
            Framing::Length | Framing::Close => (body, b""),
        };
        Body {
            unit,
            repetitions: (!response.endless).then(|| response.repeat.unwrap_or(1)),
            trailer,
            cut_after: response.cut_after,
            drip: (response.drip_ms > 0).then(|| Duration::from_millis(response.drip_ms)),
            written: Written::default(),
        }
    }

    fn closed(&mut self) -> Written {
        self.written.closed_early = true;
        self.written
    }

    /// Writes the repetitions and the trailer, stopping at `cut_after` or [`ENDLESS_CAP`].
    async fn write_body(&mut self, stream: &mut TcpStream) -> std::io::Result<()> {
        if self.unit.is_empty() {
            return self.put(stream, self.trailer).await.map(drop);
        }
        let per_block = (BLOCK_BYTES / self.unit.len()).max(1) as u64;
        let block = self.unit.repeat(per_block as usize);
        let mut left = self.repetitions;
        loop {
            let count = left.map_or(per_block, |left| left.min(per_block));
            if count == 0 {
                break;
            }
            let bytes = &block[..self.unit.len() * count as usize];
            if !self.put(stream, bytes).await? {
                return Ok(());
            }
            left = left.map(|left| left - count);
            if left.is_none() && self.written.body_bytes >= ENDLESS_CAP {
                return Ok(());
            }
        }
        self.put(stream, self.trailer).await.map(drop)
    }

    /// Writes `bytes` (a byte at a time when dripping); false once `cut_after` is reached.
    async fn put(&mut self, stream: &mut TcpStream, bytes: &[u8]) -> std::io::Result<bool> {
        let room = self
            .cut_after
            .map_or(u64::MAX, |cut| cut.saturating_sub(self.written.body_bytes));
        let take = bytes.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let bytes = &bytes[..take];
        match self.drip {
            Some(pause) => {
                for byte in bytes {
                    tokio::time::sleep(pause).await;
                    stream.write_all(std::slice::from_ref(byte)).await?;
                    self.written.body_bytes += 1;
                }
            }
            None => {
                stream.write_all(bytes).await?;
                self.written.body_bytes += bytes.len() as u64;
            }
        }
        Ok(room > take as u64)
    }
}
