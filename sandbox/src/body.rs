//! The response body type: a whole buffer, or (for the `truncate` fault) part of one followed by an
//! error, which makes hyper abort the connection after the declared Content-Length was promised.
//! Between the two the body waits a moment, so that hyper flushes the head and the part to the
//! socket first (it would otherwise discard its unsent buffer along with the connection).

use std::pin::Pin;
use std::task::{Context, Poll};

use std::future::Future;
use std::time::Duration;

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use tokio::time::Sleep;

/// How long a truncated body lets the part it sent reach the socket before cutting the connection.
const FLUSH_PAUSE: Duration = Duration::from_millis(50);

/// A response body the sandbox sends.
pub enum SandboxBody {
    /// The whole body, sent once.
    Full(Option<Bytes>),
    /// The first part of a body, then a failure that cuts the connection.
    Truncated {
        part: Option<Bytes>,
        pause: Option<Pin<Box<Sleep>>>,
        failed: bool,
    },
}

impl SandboxBody {
    pub fn full(bytes: Bytes) -> Self {
        SandboxBody::Full(Some(bytes))
    }

    pub fn truncated(part: Bytes) -> Self {
        SandboxBody::Truncated {
            part: Some(part),
            pause: None,
            failed: false,
        }
    }
}

impl Body for SandboxBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let frame = match self.get_mut() {
            SandboxBody::Full(bytes) => bytes.take().map(|b| Ok(Frame::data(b))),
            SandboxBody::Truncated {
                part,
                pause,
                failed,
            } => {
                if let Some(bytes) = part.take().filter(|b| !b.is_empty()) {
                    return Poll::Ready(Some(Ok(Frame::data(bytes))));
                }
                if *failed {
                    return Poll::Ready(None);
                }
                let pause = pause.get_or_insert_with(|| Box::pin(tokio::time::sleep(FLUSH_PAUSE)));
                if pause.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                *failed = true;
                Some(Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionAborted,
                    "cut by a truncate fault",
                )))
            }
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
