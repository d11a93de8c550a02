//! Building answers: the API's envelopes, Laravel's `{"message": ...}` bodies and raw fault bodies.

use bytes::Bytes;
use hyper::header::{HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{Response, StatusCode};
use serde::ser::SerializeMap;
use serde::Serialize;

use crate::body::SandboxBody;

const JSON: &str = "application/json";

/// An answer before it becomes a hyper response.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub content_type: HeaderValue,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Bytes,
}

#[derive(Serialize)]
struct Envelope<'a, T: Serialize> {
    success: bool,
    data: &'a T,
}

/// `{key: value}`, written straight out: no `serde_json::Value` tree is built (under the state lock).
struct Keyed<'a, T: ?Sized> {
    key: &'a str,
    value: &'a T,
}

impl<T: Serialize + ?Sized> Serialize for Keyed<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.key, self.value)?;
        map.end()
    }
}

#[derive(Serialize)]
struct Message<'a> {
    message: &'a str,
}

impl Reply {
    /// Any serialisable value as JSON.
    pub fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Reply {
        match serde_json::to_vec(value) {
            Ok(body) => Reply::raw(status, HeaderValue::from_static(JSON), Bytes::from(body)),
            // Only a non-string map key could fail here; answer as Laravel does on an exception.
            Err(_) => Reply::message(StatusCode::INTERNAL_SERVER_ERROR, "Server Error"),
        }
    }

    /// `{"success": true, "data": data}` with 200.
    pub fn success<T: Serialize>(data: &T) -> Reply {
        Reply::json(
            StatusCode::OK,
            &Envelope {
                success: true,
                data,
            },
        )
    }

    /// `{"success": true, "data": {key: value}}` with 200, the shape of most answers.
    pub fn success_under<T: Serialize + ?Sized>(key: &str, value: &T) -> Reply {
        Reply::success(&Keyed { key, value })
    }

    /// `{"success": false, "data": [messages]}`.
    pub fn errors(status: StatusCode, messages: Vec<String>) -> Reply {
        Reply::json(
            status,
            &Envelope {
                success: false,
                data: &messages,
            },
        )
    }

    /// One error message in the API's error envelope.
    pub fn error(status: StatusCode, message: &str) -> Reply {
        Reply::errors(status, vec![message.to_string()])
    }

    /// Laravel's bare `{"message": ...}` body.
    pub fn message(status: StatusCode, message: &str) -> Reply {
        Reply::json(status, &Message { message })
    }

    /// A body sent as is.
    pub fn raw(status: StatusCode, content_type: HeaderValue, body: Bytes) -> Reply {
        Reply {
            status,
            content_type,
            headers: Vec::new(),
            body,
        }
    }

    /// Adds a response header.
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Reply {
        self.headers.push((name, value));
        self
    }

    /// The complete response.
    pub fn into_response(mut self) -> Response<SandboxBody> {
        let body = SandboxBody::full(std::mem::take(&mut self.body));
        self.into_response_with(body)
    }

    /// The response of a `truncate` fault: it promises the whole body's length but sends only the first half.
    pub fn into_truncated_response(mut self) -> Response<SandboxBody> {
        let declared = HeaderValue::from(self.body.len().max(1));
        let part = self.body.slice(..self.body.len() / 2);
        self.headers.push((CONTENT_LENGTH, declared));
        self.into_response_with(SandboxBody::truncated(part))
    }

    /// This reply's status and headers around `body`.
    fn into_response_with(self, body: SandboxBody) -> Response<SandboxBody> {
        let mut response = Response::new(body);
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, self.content_type);
        for (name, value) in self.headers {
            headers.append(name, value);
        }
        response
    }
}
