//! Scripted answers: what a test tells the stand-in to answer, in sequence.

use std::time::Duration;

use bytes::Bytes;
use reqwest::{
    header::{HeaderName, HeaderValue},
    StatusCode,
};
use serde::Serialize;
use serde_json::json;

/// One scripted answer of the stand-in: a status, headers, a body and a delay.
///
/// Give a sequence of them to [`crate::mock::MockServer::script`]; each is used
/// once (or [`Answer::times`] times), in order, and when the sequence runs out the
/// stand-in answers as it would unscripted.
///
/// ```
/// use std::time::Duration;
/// use cometchat::mock::Answer;
///
/// let script = [
///     // Rate-limited, with CometChat's error body for a 429.
///     Answer::status(429).header("retry-after", "1"),
///     // Then the operation's sample from the spec, after a pause.
///     Answer::sample().delay(Duration::from_millis(50)),
/// ];
/// # drop(script);
/// ```
#[derive(Clone, Debug)]
#[must_use = "an answer does nothing until it is given to `MockServer::script`"]
pub struct Answer {
    pub(crate) kind: Kind,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) delay: Duration,
    pub(crate) times: Times,
}

/// What an answer's status and body are.
#[derive(Clone, Debug)]
pub(crate) enum Kind {
    /// What the stand-in answers unscripted (its state, or the sample).
    StandIn,
    /// The operation's sample with this status.
    Sample(StatusCode),
    /// CometChat's error body for this status.
    Status(StatusCode),
    /// This body, sent as `application/json`.
    Body(StatusCode, Bytes),
}

/// How many requests an answer serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Times {
    Count(usize),
    Always,
}

impl Answer {
    fn of(kind: Kind) -> Self {
        Self {
            kind,
            headers: Vec::new(),
            delay: Duration::ZERO,
            times: Times::Count(1),
        }
    }

    /// `200` with the operation's sample: the example the spec gives for its 200
    /// answer.
    pub fn sample() -> Self {
        Self::of(Kind::Sample(StatusCode::OK))
    }

    /// What the stand-in answers when nothing is scripted: from its state for the
    /// operations it keeps state for (conversations), else the sample. Useful with
    /// [`Answer::delay`], or between scripted answers.
    pub fn stand_in() -> Self {
        Self::of(Kind::StandIn)
    }

    /// This status. A success carries the operation's sample; an error carries
    /// CometChat's error body with a code that fits the status (`ERR_BAD_REQUEST`
    /// for 400, `AUTH_ERR_APIKEY_NOT_FOUND` for 401, `AUTH_ERR_NO_ACCESS` for 403,
    /// `ERR_API_NOT_FOUND` for 404, `ERR_TOO_MANY_REQUESTS` for 429, and
    /// `ERR_` followed by the reason phrase, such as `ERR_SERVICE_UNAVAILABLE`,
    /// for the rest).
    ///
    /// # Panics
    ///
    /// When `status` is not between 100 and 999.
    #[track_caller]
    pub fn status(status: u16) -> Self {
        let status = status_code(status);
        if status.is_success() {
            Self::of(Kind::Sample(status))
        } else {
            Self::of(Kind::Status(status))
        }
    }

    /// This status and JSON body, such as a [`crate::types::Conversation`] in its
    /// envelope, a [`crate::types::ErrorResponse`] or a `serde_json::Value`.
    ///
    /// # Panics
    ///
    /// When `status` is not between 100 and 999, or `body` does not serialize.
    #[track_caller]
    pub fn json(status: u16, body: &impl Serialize) -> Self {
        let body = match serde_json::to_vec(body) {
            Ok(body) => body,
            Err(error) => panic!("the answer's body does not serialize: {error}"),
        };
        Self::of(Kind::Body(status_code(status), body.into()))
    }

    /// CometChat's error body, `{"error": {"code": .., "message": ..}}`, with this
    /// status.
    ///
    /// # Panics
    ///
    /// When `status` is not between 100 and 999.
    #[track_caller]
    pub fn error(status: u16, code: &str, message: &str) -> Self {
        Self::json(
            status,
            &json!({ "error": { "code": code, "message": message } }),
        )
    }

    /// This status and these bytes as the body, sent as they are (with
    /// `content-type: application/json` unless [`Answer::header`] sets another).
    ///
    /// # Panics
    ///
    /// When `status` is not between 100 and 999.
    #[track_caller]
    pub fn raw(status: u16, body: impl Into<Bytes>) -> Self {
        Self::of(Kind::Body(status_code(status), body.into()))
    }

    /// Adds a header to the answer, such as `retry-after: 1` or
    /// `x-ratelimit-remaining: 0`. A header set twice is sent twice.
    ///
    /// # Panics
    ///
    /// When `name` or `value` cannot be an HTTP header.
    #[track_caller]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let Ok(name) = HeaderName::try_from(name) else {
            panic!("{name:?} is not an HTTP header name");
        };
        let Ok(value) = HeaderValue::try_from(value) else {
            panic!("{value:?} is not an HTTP header value");
        };
        self.headers.push((name, value));
        self
    }

    /// Waits this long before answering, on Tokio's clock: under
    /// `tokio::time::pause()` the wait takes no real time.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Serves `count` requests instead of one. `times(0)` serves none.
    pub fn times(mut self, count: usize) -> Self {
        self.times = Times::Count(count);
        self
    }

    /// Serves every request from now on; the answers after it are never reached.
    pub fn repeatedly(mut self) -> Self {
        self.times = Times::Always;
        self
    }
}

#[track_caller]
fn status_code(status: u16) -> StatusCode {
    match StatusCode::from_u16(status) {
        Ok(status) => status,
        Err(_) => panic!("{status} is not an HTTP status"),
    }
}

/// The code the stand-in puts in the error body of a scripted status.
pub(crate) fn code_for(status: StatusCode) -> String {
    match status.as_u16() {
        400 => "ERR_BAD_REQUEST".to_owned(),
        401 => "AUTH_ERR_APIKEY_NOT_FOUND".to_owned(),
        403 => "AUTH_ERR_NO_ACCESS".to_owned(),
        404 => "ERR_API_NOT_FOUND".to_owned(),
        429 => "ERR_TOO_MANY_REQUESTS".to_owned(),
        _ => {
            let reason = status.canonical_reason().unwrap_or("unknown status");
            let words: Vec<String> = reason
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|word| !word.is_empty())
                .map(str::to_ascii_uppercase)
                .collect();
            format!("ERR_{}", words.join("_"))
        }
    }
}
