//! The crate's error type: what went wrong, and what to do about it.

use std::{error::Error as StdError, fmt, time::Duration};

use bytes::Bytes;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::{
    config::quote,
    rate_limit::RateLimit,
    retry,
    transport::{BodyTooLarge, CallRecord},
    types::{ErrorCode, ErrorInfo, ErrorResponse},
};

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when calling CometChat.
///
/// `Display` says what happened and what to do. Server-supplied text is cut short,
/// and the API key is scrubbed from it, so an error can be logged as it is.
///
/// ```no_run
/// use cometchat::{Error, ErrorCode};
///
/// # async fn run(client: cometchat::Client) {
/// match client.get_group_conversation("project-group", "cometchat-uid-4").await {
///     Ok(conversation) => println!("{}", conversation.conversation_id),
///     Err(error) if error.code() == Some(&ErrorCode::ErrGuidNotFound) => println!("no such group"),
///     Err(error) if error.is_rate_limited() => println!("wait {:?}", error.retry_after()),
///     Err(Error::InvalidInput { name, .. }) => println!("bad {name}"),
///     Err(error) => eprintln!("{error}"),
/// }
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// An argument is not valid, such as a GUID that is not a CometChat id. Nothing
    /// was sent.
    #[non_exhaustive]
    InvalidInput {
        /// Which argument.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The client's configuration is not valid. Nothing was sent.
    #[non_exhaustive]
    Config {
        /// What is wrong, and how to fix it.
        reason: String,
    },
    /// CometChat, or a proxy in front of it, answered with an error status.
    Api(Box<ApiError>),
    /// No attempt finished within the timeout: the answer, or its body, was too slow.
    #[non_exhaustive]
    Timeout {
        /// How many attempts were made.
        attempts: u32,
        /// The last attempt's failure.
        source: reqwest::Error,
    },
    /// The connection failed: refused, reset, lost while the body was read, or a DNS
    /// or TLS failure.
    #[non_exhaustive]
    Connection {
        /// How many attempts were made.
        attempts: u32,
        /// The last attempt's failure.
        source: reqwest::Error,
    },
    /// A response arrived but could not be decoded.
    Decode(Box<DecodeError>),
    /// The server answered with a redirect. The client never follows one, so the API
    /// key cannot reach another host.
    #[non_exhaustive]
    Redirect {
        /// The redirect status.
        status: StatusCode,
        /// Where it pointed, cut short.
        location: Option<String>,
    },
    /// The response body was larger than [`crate::ClientBuilder::max_body_size`].
    #[non_exhaustive]
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
}

/// An error status from CometChat, with what its body and headers said.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    info: Option<ErrorInfo>,
    body_excerpt: Option<String>,
    rate_limit: RateLimit,
    retry_after: Option<Duration>,
    attempts: u32,
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// CometChat's error code, when the body was CometChat's JSON.
    pub fn code(&self) -> Option<&ErrorCode> {
        self.info.as_ref().map(|info| &info.code)
    }

    /// CometChat's message, when the body was CometChat's JSON.
    pub fn message(&self) -> Option<&str> {
        self.info.as_ref().map(|info| info.message.as_str())
    }

    /// CometChat's message for developers, when it sent one.
    pub fn dev_message(&self) -> Option<&str> {
        self.info.as_ref()?.dev_message.as_deref()
    }

    /// The whole error object CometChat sent: code, messages, source and details.
    pub fn info(&self) -> Option<&ErrorInfo> {
        self.info.as_ref()
    }

    /// The start of the body, when it was not CometChat's JSON (an HTML page from a
    /// proxy, say).
    pub fn body_excerpt(&self) -> Option<&str> {
        self.body_excerpt.as_deref()
    }

    /// The rate-limit state the response reported.
    pub fn rate_limit(&self) -> &RateLimit {
        &self.rate_limit
    }

    /// How long the server asked the client to wait before trying again.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// How many attempts were made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

/// A response that arrived but could not be decoded.
#[derive(Debug)]
pub struct DecodeError {
    status: Option<StatusCode>,
    path: Option<String>,
    reason: String,
    body_excerpt: Option<String>,
}

impl DecodeError {
    /// The HTTP status of the response, when known.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// Where in the body decoding failed, such as `data[0].lastMessage.sentAt`.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// The start of the body, when the body itself did not decode.
    pub fn body_excerpt(&self) -> Option<&str> {
        self.body_excerpt.as_deref()
    }

    /// A 200 response that decoded but does not have the expected shape.
    pub(crate) fn shape(reason: impl Into<String>) -> Self {
        Self {
            status: Some(StatusCode::OK),
            path: Some("data".to_owned()),
            reason: reason.into(),
            body_excerpt: None,
        }
    }
}

impl Error {
    pub(crate) fn config(reason: impl Into<String>) -> Self {
        Error::Config {
            reason: reason.into(),
        }
    }

    pub(crate) fn invalid_input(name: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            name,
            reason: reason.into(),
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode(decode) => decode.status,
            Error::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// CometChat's error code, when the response carried one.
    pub fn code(&self) -> Option<&ErrorCode> {
        match self {
            Error::Api(api) => api.code(),
            _ => None,
        }
    }

    /// Whether trying the same call again later could succeed: timeouts, failed
    /// connections, 408, 429 and 5xx responses.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout { .. } | Error::Connection { .. } => true,
            Error::Api(api) => {
                retry::is_retryable_status(&reqwest::Method::GET, api.status)
                    || api.status.is_server_error()
            }
            _ => false,
        }
    }

    /// How long the server asked the client to wait, for a rate-limited call whose
    /// wait was longer than [`crate::ClientBuilder::max_retry_wait`].
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api(api) => api.retry_after,
            _ => None,
        }
    }

    /// The rate-limit state reported with the error response.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        match self {
            Error::Api(api) => Some(&api.rate_limit),
            _ => None,
        }
    }

    /// Whether CometChat refused the call for exceeding the app's rate limit.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput { name, reason } => {
                write!(f, "invalid {name}: {reason}. Nothing was sent.")
            }
            Error::Config { reason } => write!(f, "invalid configuration: {reason}."),
            Error::Api(api) => fmt::Display::fmt(api, f),
            Error::Timeout { attempts, .. } => write!(
                f,
                "CometChat did not answer in time ({}). Raise ClientBuilder::timeout, or check \
                 the network and the base URL.",
                attempts_text(*attempts)
            ),
            Error::Connection { attempts, source } => write!(
                f,
                "the connection to CometChat failed ({}): {}. Check the app id, the region, the base URL \
                 and the network.",
                attempts_text(*attempts),
                source_chain(source)
            ),
            Error::Decode(decode) => fmt::Display::fmt(decode, f),
            Error::Redirect { status, location } => write!(
                f,
                "the server answered {status}, a redirect to {}. The client never follows \
                 redirects, so that the API key stays with the configured host: set the base \
                 URL to the final API root instead.",
                location.as_deref().unwrap_or("nowhere")
            ),
            Error::BodyTooLarge { limit } => write!(
                f,
                "the response body is larger than the {limit} byte limit. Raise \
                 ClientBuilder::max_body_size if such a response is expected."
            ),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CometChat answered {}", self.status)?;
        match (&self.info, &self.body_excerpt) {
            (Some(info), _) => {
                write!(f, " with {}: {}", info.code, quote(&info.message))?;
                if let Some(dev_message) = &info.dev_message {
                    write!(f, " ({})", quote(dev_message))?;
                }
            }
            (None, Some(excerpt)) => write!(f, " with a body that is not CometChat's: {excerpt}")?,
            (None, None) => {}
        }
        if self.attempts > 1 {
            write!(f, " after {}", attempts_text(self.attempts))?;
        }
        if let Some(wait) = self.retry_after {
            write!(f, "; it asked to wait {} s", wait.as_secs())?;
        }
        write!(f, ". {}", self.hint())
    }
}

impl ApiError {
    /// What to do next, by code where CometChat sent one, else by status.
    fn hint(&self) -> &'static str {
        match self.code() {
            Some(ErrorCode::AuthErrNoAccess) => {
                "The API key lacks fullAccess scope: use a REST API key from the CometChat \
                 dashboard, not an authOnly key."
            }
            Some(ErrorCode::AuthErrApikeyNotFound | ErrorCode::AuthErrEmptyApikey) => {
                "Check the API key: it must be a REST API key of this app."
            }
            Some(ErrorCode::AuthErrInvalidAppid | ErrorCode::AuthErrEmptyAppid) => {
                "Check the app id and the region against the CometChat dashboard."
            }
            Some(ErrorCode::ErrGuidNotFound) => "No group has this GUID in this app.",
            Some(ErrorCode::ErrUidNotFound) => "No user has the onBehalfOf UID in this app.",
            Some(
                ErrorCode::ErrNotAMember
                | ErrorCode::ErrGroupNotJoined
                | ErrorCode::ErrConversationNotAccessible,
            ) => {
                "The onBehalfOf user must be a member of the group, and the group must have \
                 messages."
            }
            Some(ErrorCode::ErrBannedGroupmember) => {
                "The onBehalfOf user is banned from the group."
            }
            Some(ErrorCode::ErrPlanRestriction | ErrorCode::ErrSubscriptionExpired) => {
                "Check the app's plan in the CometChat dashboard."
            }
            _ => match self.status {
                StatusCode::TOO_MANY_REQUESTS => {
                    "The app's rate limit is exceeded: slow down, or retry after the wait."
                }
                StatusCode::UNAUTHORIZED => "Check the API key and the app id.",
                StatusCode::FORBIDDEN => "Check that the API key has fullAccess scope.",
                StatusCode::NOT_FOUND => "Check the ids and the base URL.",
                status if status.is_server_error() => {
                    "CometChat, or a proxy in front of it, failed: try again later."
                }
                _ => "Check the request against CometChat's documentation.",
            },
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("could not decode CometChat's response")?;
        if let Some(status) = self.status {
            write!(f, " ({status})")?;
        }
        if let Some(path) = &self.path {
            write!(f, " at `{path}`")?;
        }
        write!(f, ": {}", self.reason)?;
        if let Some(excerpt) = &self.body_excerpt {
            write!(f, "; the body starts {excerpt}")?;
        }
        f.write_str(". CometChat may have changed its API: please report this message.")
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Error::Timeout { source, .. } | Error::Connection { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn attempts_text(attempts: u32) -> String {
    match attempts {
        1 => "1 attempt".to_owned(),
        n => format!("{n} attempts"),
    }
}

/// An error and its sources on one line, as reqwest's own `Display` hides the cause.
fn source_chain(error: &dyn StdError) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Turns what progenitor returned into an [`Error`].
///
/// `T` is the success type, decoded again on failure only to name the failing
/// field. `record` is what the transport saw; `api_key` is scrubbed from every piece
/// of server-supplied text.
pub(crate) async fn from_progenitor<T: DeserializeOwned>(
    error: progenitor_client::Error<ErrorResponse>,
    record: CallRecord,
    api_key: &[u8],
) -> Error {
    use progenitor_client::Error as Raw;
    match error {
        Raw::InvalidRequest(reason) | Raw::Custom(reason) => {
            Error::invalid_input("request", reason)
        }
        Raw::CommunicationError(source) | Raw::InvalidUpgrade(source) => {
            transport_error(source, &record)
        }
        Raw::ResponseBodyError(source) => match find_source::<BodyTooLarge>(&source) {
            Some(too_large) => Error::BodyTooLarge {
                limit: too_large.limit,
            },
            None => transport_error(source, &record),
        },
        Raw::ErrorResponse(response) => {
            let status = response.status();
            let mut info = response.into_inner().error;
            scrub_info(&mut info, api_key);
            api_error(status, Ok(info), &record)
        }
        Raw::InvalidResponsePayload(body, source) => match record.status {
            Some(status) if !status.is_success() => {
                api_error(status, Err(excerpt(&body, api_key)), &record)
            }
            // serde's message quotes the offending value, which could be anything the
            // server sent, so it is scrubbed like the excerpt.
            status => Error::Decode(Box::new(DecodeError {
                status,
                path: failing_path::<T>(&body).map(|path| scrub(&path, api_key)),
                reason: scrub(&source.to_string(), api_key),
                body_excerpt: Some(excerpt(&body, api_key)),
            })),
        },
        Raw::UnexpectedResponse(response) => {
            let status = response.status();
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .map(|value| excerpt(value.as_bytes(), api_key));
                return Error::Redirect { status, location };
            }
            let body = response.bytes().await.unwrap_or_default();
            if status.is_client_error() || status.is_server_error() {
                api_error(status, Err(excerpt(&body, api_key)), &record)
            } else {
                Error::Decode(Box::new(DecodeError {
                    status: Some(status),
                    path: None,
                    reason: format!("the spec does not describe a {status} response"),
                    body_excerpt: Some(excerpt(&body, api_key)),
                }))
            }
        }
    }
}

/// An error status, with CometChat's error object or, when the body was something
/// else, an excerpt of it.
fn api_error(status: StatusCode, body: Result<ErrorInfo, String>, record: &CallRecord) -> Error {
    let (info, body_excerpt) = match body {
        Ok(info) => (Some(info), None),
        Err(excerpt) => (None, Some(excerpt)),
    };
    Error::Api(Box::new(ApiError {
        status,
        info,
        body_excerpt,
        rate_limit: record.rate_limit,
        retry_after: record.retry_after,
        attempts: attempts(record),
    }))
}

fn transport_error(source: reqwest::Error, record: &CallRecord) -> Error {
    // The URL names the ids in the path; it is kept, as it helps and holds no secret.
    let attempts = attempts(record);
    if source.is_timeout() {
        Error::Timeout { attempts, source }
    } else {
        Error::Connection { attempts, source }
    }
}

/// Attempts made; a call that failed before the transport saw it made one.
fn attempts(record: &CallRecord) -> u32 {
    record.attempts.max(1)
}

fn find_source<'a, E: StdError + 'static>(error: &'a (dyn StdError + 'static)) -> Option<&'a E> {
    let mut current = Some(error);
    while let Some(error) = current {
        if let Some(found) = error.downcast_ref::<E>() {
            return Some(found);
        }
        current = error.source();
    }
    None
}

/// The JSON path where decoding `body` as `T` fails, such as `data[0].lastMessage.id`;
/// none when the body is not JSON at all.
fn failing_path<T: DeserializeOwned>(body: &Bytes) -> Option<String> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let error = serde_path_to_error::deserialize::<_, T>(&mut deserializer).err()?;
    let path = error.path().to_string();
    (path != "?" && path != ".").then_some(path)
}

/// The first bytes of a body as quoted text, with the key scrubbed out.
pub(crate) fn excerpt(body: &[u8], api_key: &[u8]) -> String {
    const MAX_BYTES: usize = 256;
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX_BYTES)]);
    let mut quoted = format!("{:?}", scrub(&text, api_key));
    if body.len() > MAX_BYTES {
        quoted.push('…');
    }
    quoted
}

/// `text` with every occurrence of the key replaced, for text a server could have
/// copied the key into.
pub(crate) fn scrub(text: &str, api_key: &[u8]) -> String {
    match std::str::from_utf8(api_key) {
        Ok(key) if !key.is_empty() && text.contains(key) => text.replace(key, "***"),
        _ => text.to_owned(),
    }
}

fn scrub_info(info: &mut ErrorInfo, api_key: &[u8]) {
    if let ErrorCode::Unknown(code) = &info.code {
        info.code = ErrorCode::from(scrub(code.as_str(), api_key));
    }
    info.message = scrub(&info.message, api_key);
    for text in [&mut info.dev_message, &mut info.source]
        .into_iter()
        .flatten()
    {
        *text = scrub(text, api_key);
    }
    for value in info.details.values_mut().chain(info.extra.values_mut()) {
        scrub_value(value, api_key);
    }
}

fn scrub_value(value: &mut serde_json::Value, api_key: &[u8]) {
    match value {
        serde_json::Value::String(text) => *text = scrub(text, api_key),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| scrub_value(v, api_key)),
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| scrub_value(v, api_key)),
        _ => {}
    }
}
