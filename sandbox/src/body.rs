//! The response body type: a whole buffer, or (for the `truncate` fault) part of one followed by an
//! error, which makes hyper abort the connection after the declared Content-Length was promised.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};

/// A response body the sandbox sends.
pub enum SandboxBody {
    /// The whole body, sent once.
    Full(Option<Bytes>),
    /// The first part of a body, then a failure that cuts the connection.
    Truncated { part: Option<Bytes>, failed: bool },
}

impl SandboxBody {
    pub fn full(bytes: Bytes) -> Self {
        SandboxBody::Full(Some(bytes))
    }

    pub fn truncated(part: Bytes) -> Self {
        SandboxBody::Truncated { part: Some(part), failed: false }
    }
}

impl Body for SandboxBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let frame = match self.get_mut() {
            SandboxBody::Full(bytes) => bytes.take().map(|b| Ok(Frame::data(b))),
            SandboxBody::Truncated { part, failed } => match part.take() {
                Some(bytes) if !bytes.is_empty() => Some(Ok(Frame::data(bytes))),
                _ if !*failed => {
                    *failed = true;
                    Some(Err(std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "cut by a truncate fault")))
                }
                _ => None,
            },
        };
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, SandboxBody::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            SandboxBody::Full(Some(bytes)) => SizeHint::with_exact(bytes.len() as u64),
            SandboxBody::Full(None) => SizeHint::with_exact(0),
            // Unknown, so that hyper sends the Content-Length header the response declares.
            SandboxBody::Truncated { .. } => SizeHint::default(),
        }
    }
}
