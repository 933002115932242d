//! [`Response`]: the value an operation returns, with the status and headers it
//! came with.

use std::ops::{Deref, DerefMut};

use reqwest::{header::HeaderMap, StatusCode};

use crate::RateLimit;

/// What a successful call returns: the typed value, and the status and headers of
/// the answer that carried it.
///
/// It dereferences to the value, so fields and methods of the value are reached
/// directly (`conversation.unread_message_count`); [`Response::into_inner`] takes
/// the value out.
///
/// ```no_run
/// # async fn run(client: cometchat::Client) -> cometchat::Result<()> {
/// let conversation = client
///     .get_group_conversation("project-group")
///     .on_behalf_of("cometchat-uid-4")
///     .await?;
/// println!("{} ({} requests left)", conversation.conversation_id,
///     conversation.rate_limit().remaining.unwrap_or_default());
/// let conversation: cometchat::types::Conversation = conversation.into_inner();
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Response<T> {
    value: T,
    status: StatusCode,
    headers: HeaderMap,
}

impl<T> Response<T> {
    /// A response holding `value`, for tests of code that takes one.
    pub fn new(value: T, status: StatusCode, headers: HeaderMap) -> Self {
        Self {
            value,
            status,
            headers,
        }
    }

    /// The value.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The value, and the status and headers.
    pub fn into_parts(self) -> (T, StatusCode, HeaderMap) {
        (self.value, self.status, self.headers)
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers of the answer.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The rate-limit state the answer reported.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(&self.headers)
    }

    /// The same response with its value changed by `change`.
    pub fn map<U>(self, change: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: change(self.value),
            status: self.status,
            headers: self.headers,
        }
    }

    /// The same response with its value changed by `change`, which may fail.
    pub fn try_map<U, E>(self, change: impl FnOnce(T) -> Result<U, E>) -> Result<Response<U>, E> {
        Ok(Response {
            value: change(self.value)?,
            status: self.status,
            headers: self.headers,
        })
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Response<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T> AsRef<T> for Response<T> {
    fn as_ref(&self) -> &T {
        &self.value
    }
}

/// Compares the value only.
impl<T: PartialEq> PartialEq<T> for Response<T> {
    fn eq(&self, other: &T) -> bool {
        self.value == *other
    }
}

/// Serializes the value only, as the API sent it.
impl<T: serde::Serialize> serde::Serialize for Response<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}
