//! The crate's error type: what went wrong, and what to do about it.

use std::{error::Error as StdError, fmt, time::Duration};

use bytes::Bytes;
use reqwest::{header::LOCATION, StatusCode};
use serde::de::DeserializeOwned;

use crate::{
    rate_limit::RateLimit,
    redact::{self, quote, Shown},
    retry,
    transport::{BodyTooLarge, CallRecord},
    types::{ErrorCode, ErrorInfo, ErrorResponse},
};

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when calling CometChat.
///
/// `Display` says what happened and what to do. Server-supplied text is quoted, cut
/// short and has its control characters escaped, and the API key (whole or in part)
/// is scrubbed from it, in `Display`, `Debug` and the `source()` chain alike, so an
/// error can be logged, or returned from `main`, as it is.
///
/// ```no_run
/// use cometchat::{Error, ErrorCode};
///
/// # async fn run(client: cometchat::Client) {
/// match client.get_group_conversation("project-group").on_behalf_of("cometchat-uid-4").await {
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
    /// The answer, or its body, did not arrive in time: within the attempt timeout
    /// on the last attempt, or within what was left of the call's timeout.
    #[non_exhaustive]
    Timeout {
        /// How many attempts were made.
        attempts: u32,
        /// The timeout that ran out.
        limit: Duration,
        /// Whether it was the whole call's timeout ([`crate::ClientBuilder::timeout`])
        /// rather than one attempt's ([`crate::ClientBuilder::attempt_timeout`]).
        whole_call: bool,
        /// The last attempt's failure (without the URL).
        source: reqwest::Error,
    },
    /// The connection failed: refused, reset, lost while the body was read, or a DNS
    /// or TLS failure.
    #[non_exhaustive]
    Connection {
        /// How many attempts were made.
        attempts: u32,
        /// The last attempt's failure (without the URL).
        source: reqwest::Error,
    },
    /// The server's answer is not valid HTTP, or is an HTTP answer CometChat never
    /// gives (a status above 599, a 304 to a request that was not conditional): a
    /// proxy, or a server that is not CometChat, answered. Not retried.
    #[non_exhaustive]
    InvalidResponse {
        /// The status, when the answer had a readable one.
        status: Option<StatusCode>,
        /// What is wrong with the answer.
        reason: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// A response arrived but could not be decoded.
    Decode(Box<DecodeError>),
    /// The server answered with a redirect. The client never follows one, so the API
    /// key cannot reach another host.
    #[non_exhaustive]
    Redirect {
        /// The redirect status.
        status: StatusCode,
        /// Where it pointed: quoted, cut short, user info and query removed.
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
pub struct ApiError {
    status: StatusCode,
    info: Option<ErrorInfo>,
    body_excerpt: Option<String>,
    /// Why the body could not be read, when it could not.
    body_error: Option<String>,
    /// `details` and the unknown fields of the error object, as `Debug` shows them:
    /// scrubbed (numbers too) and cut when the error was made.
    details_shown: Option<String>,
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

    /// The fields CometChat refused and its reasons for each, by field name, from
    /// `details` (`{"uid": ["The uid field is required."]}`): how a bad write
    /// (`400 ERR_BAD_REQUEST`) says what to fix. A reason that is not text is left
    /// out; the whole `details` object stays in [`Self::info`].
    pub fn field_errors(&self) -> impl Iterator<Item = (&str, Vec<&str>)> + '_ {
        self.info.iter().flat_map(|info| {
            info.details.iter().map(|(field, reasons)| {
                let reasons = match reasons {
                    serde_json::Value::String(reason) => vec![reason.as_str()],
                    serde_json::Value::Array(reasons) => reasons
                        .iter()
                        .filter_map(serde_json::Value::as_str)
                        .collect(),
                    _ => Vec::new(),
                };
                (field.as_str(), reasons)
            })
        })
    }

    /// The start of the body, when it was not CometChat's JSON (an HTML page from a
    /// proxy, say).
    pub fn body_excerpt(&self) -> Option<&str> {
        self.body_excerpt.as_deref()
    }

    /// Why the body could not be read (too large, too slow, cut short), when it
    /// could not. The status still stands.
    pub fn body_error(&self) -> Option<&str> {
        self.body_error.as_deref()
    }

    /// The rate-limit state the response reported.
    pub fn rate_limit(&self) -> &RateLimit {
        &self.rate_limit
    }

    /// How long to wait before trying again: the server's wait when it was too long
    /// to sleep through, or a wait that would have crossed the call's timeout.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// How many attempts were made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

/// Bounded, whatever the server sent: server strings are cut (the whole error object
/// stays reachable through [`ApiError::info`]).
impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let info = self.info.as_ref();
        f.debug_struct("ApiError")
            .field("status", &self.status.as_u16())
            .field("code", &info.map(|info| Shown(quote(info.code.as_str()))))
            .field("message", &info.map(|info| quote_cut_256(&info.message)))
            .field(
                "dev_message",
                &info
                    .and_then(|info| info.dev_message.as_deref())
                    .map(quote_cut_256),
            )
            .field("details", &self.details_shown.clone().map(Shown))
            .field(
                "body_excerpt",
                &self.body_excerpt.as_ref().map(|e| Shown(e.clone())),
            )
            .field("body_error", &self.body_error)
            .field("rate_limit", &self.rate_limit)
            .field("retry_after", &self.retry_after)
            .field("attempts", &self.attempts)
            .finish()
    }
}

fn quote_cut_256(text: &str) -> Shown {
    Shown(redact::quote_cut(text, 256))
}

/// The error's `details` and unknown fields as compact JSON, the key scrubbed from
/// the whole text (numbers can spell part of it too), cut short.
fn details_text(info: &ErrorInfo, api_key: &[u8]) -> String {
    let details = serde_json::to_string(&info.details).unwrap_or_default();
    let extra = serde_json::to_string(&info.extra).unwrap_or_default();
    redact::server_text(&format!("{details} {extra}"), api_key, 256)
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
            Error::InvalidResponse { status, .. } => *status,
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
    /// connections, and 408, 429, 500, 502, 503 and 504 answers. These are exactly
    /// what the transport retries by itself, for requests that are safe to repeat (a
    /// 429 for every request); it has already done so, as far as the retry count and
    /// the call's timeout allowed.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout { .. } | Error::Connection { .. } => true,
            Error::Api(api) => retry::is_retryable_status(true, api.status),
            _ => false,
        }
    }

    /// How long to wait before trying again, when the server asked for a wait longer
    /// than [`crate::ClientBuilder::max_retry_wait`], or the wait would have crossed
    /// the call's [`timeout`](crate::ClientBuilder::timeout).
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
            Error::Timeout {
                attempts,
                limit,
                whole_call: true,
                ..
            } => write!(
                f,
                "the call's {} timeout ran out ({}). Raise ClientBuilder::timeout, or check \
                 the network and the base URL.",
                seconds(*limit),
                attempts_text(*attempts)
            ),
            Error::Timeout {
                attempts, limit, ..
            } => write!(
                f,
                "CometChat did not answer within the {} attempt timeout ({}). Raise \
                 ClientBuilder::attempt_timeout, or check the network and the base URL.",
                seconds(*limit),
                attempts_text(*attempts)
            ),
            Error::Connection { attempts, source } if source.is_body() || source.is_decode() => {
                write!(
                    f,
                    "CometChat's answer was cut short while its body was read ({}): {}. Try \
                 again; if it keeps happening, check any proxy in between.",
                    attempts_text(*attempts),
                    source_chain(source)
                )
            }
            Error::Connection { attempts, source } => write!(
                f,
                "the connection to CometChat failed ({}): {}. Check the app id, the region, \
                 the base URL and the network.",
                attempts_text(*attempts),
                source_chain(source)
            ),
            Error::InvalidResponse {
                reason, attempts, ..
            } => {
                write!(f, "the server's answer is not CometChat's: {reason}")?;
                if *attempts > 1 {
                    write!(f, " ({})", attempts_text(*attempts))?;
                }
                f.write_str(
                    ". A proxy, or a server that is not CometChat, is answering: check the \
                     base URL and any proxy in between.",
                )
            }
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

/// A duration as an error message shows it: `30 s`, `1.5 s`, `250 ms`.
fn seconds(duration: Duration) -> String {
    if duration < Duration::from_secs(1) {
        format!("{} ms", duration.as_millis())
    } else if duration.subsec_millis() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CometChat answered {}", self.status)?;
        match (&self.info, &self.body_excerpt) {
            (Some(info), _) => {
                write!(
                    f,
                    " with {}: {}",
                    quote(info.code.as_str()),
                    quote(&info.message)
                )?;
                if let Some(dev_message) = &info.dev_message {
                    write!(f, " ({})", quote(dev_message))?;
                }
                self.write_field_errors(f)?;
            }
            (None, Some(excerpt)) => write!(f, " with a body that is not CometChat's: {excerpt}")?,
            (None, None) => {}
        }
        if let Some(problem) = &self.body_error {
            write!(f, "; its body could not be read: {problem}")?;
        }
        if self.attempts > 1 {
            write!(f, " after {}", attempts_text(self.attempts))?;
        }
        if let Some(wait) = self.retry_after {
            write!(f, "; try again in {}", seconds(wait))?;
        }
        write!(f, ". {}", self.hint())
    }
}

/// At most this many refused fields, and reasons per field, in a message; the rest
/// are counted. All of them stay in [`ApiError::field_errors`].
const FIELDS_SHOWN: usize = 8;
const REASONS_SHOWN: usize = 3;

impl ApiError {
    /// `; fields: uid: "…"; name: "…", "…"`, bounded however many the server sent.
    /// The text was scrubbed of the key when the error was made; it is quoted here.
    fn write_field_errors(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut fields = self.field_errors();
        for (shown, (field, reasons)) in fields.by_ref().take(FIELDS_SHOWN).enumerate() {
            f.write_str(if shown == 0 { "; fields: " } else { "; " })?;
            write!(f, "{}", redact::quote_cut(field, 64))?;
            for (i, reason) in reasons.iter().take(REASONS_SHOWN).enumerate() {
                f.write_str(if i == 0 { ": " } else { ", " })?;
                write!(f, "{}", redact::quote_cut(reason, 160))?;
            }
            if reasons.len() > REASONS_SHOWN {
                write!(f, " and {} more", reasons.len() - REASONS_SHOWN)?;
            }
        }
        let rest = fields.count();
        if rest > 0 {
            write!(f, "; and {rest} more fields")?;
        }
        Ok(())
    }

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
            Some(ErrorCode::ErrGuidNotFound) => {
                "No group has this GUID in this app: check the GUID the call names."
            }
            Some(ErrorCode::ErrUidNotFound) => {
                "No user has this UID in this app: check the UIDs the call names, in the path \
                 and in on_behalf_of."
            }
            Some(
                ErrorCode::ErrNotAMember
                | ErrorCode::ErrGroupNotJoined
                | ErrorCode::ErrConversationNotAccessible,
            ) => {
                "The acting user (on_behalf_of) must be a member of the group, and the \
                 conversation must have messages."
            }
            Some(ErrorCode::ErrBannedGroupmember) => {
                "The acting user (on_behalf_of) is banned from the group."
            }
            Some(ErrorCode::ErrPlanRestriction | ErrorCode::ErrSubscriptionExpired) => {
                "Check the app's plan in the CometChat dashboard."
            }
            _ if matches!(self.status.as_u16(), 400 | 422)
                && self.field_errors().next().is_some() =>
            {
                "Fix the fields named above and send the request again."
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
            write!(f, " at {}", quote(path))?;
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
/// These are the HTTP stack's own words, but escaped and cut all the same.
fn source_chain(error: &dyn StdError) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        // Layers of the HTTP stack repeat each other's words; each is said once.
        let said = cause.to_string();
        if !text.contains(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
        source = cause.source();
    }
    redact::printable(&text, 512)
}

/// Turns what progenitor returned into an [`Error`].
///
/// `T` is the success type, decoded again on failure only to name the failing
/// field. `record` is what the transport saw; `api_key` (with the call's secret path
/// values, `\0`-separated) is scrubbed from every piece of server-supplied text;
/// `answer_secrets` names the answer's fields that hold secrets, masked in the
/// excerpt of a body that does not decode.
pub(crate) async fn from_progenitor<T: DeserializeOwned, E: ErrorBody>(
    error: progenitor_client::Error<E>,
    record: CallRecord,
    api_key: &[u8],
    answer_secrets: &[&str],
) -> Error {
    use progenitor_client::Error as Raw;
    let failed_status = record.status.filter(|status| !status.is_success());
    match error {
        Raw::InvalidRequest(reason) | Raw::Custom(reason) => {
            Error::invalid_input("request", redact::printable(&reason, 256))
        }
        Raw::CommunicationError(source) | Raw::InvalidUpgrade(source) => {
            transport_error(source, &record)
        }
        // An error status whose body could not be read keeps its status.
        Raw::ResponseBodyError(source) => match failed_status {
            Some(status) => api_error(
                status,
                Body::Unreadable(body_problem(&source)),
                &record,
                api_key,
            ),
            None => match find_source::<BodyTooLarge>(&source) {
                Some(too_large) => Error::BodyTooLarge {
                    limit: too_large.limit,
                },
                None => transport_error(source, &record),
            },
        },
        Raw::ErrorResponse(response) => {
            let status = response.status();
            match response.into_inner().into_info() {
                Some(mut info) => {
                    scrub_info(&mut info, api_key);
                    api_error(status, Body::Info(info), &record, api_key)
                }
                None => api_error(status, Body::Other(String::new()), &record, api_key),
            }
        }
        Raw::InvalidResponsePayload(body, source) => match failed_status {
            Some(status) => api_error(
                status,
                Body::Other(redact::excerpt(&body, api_key)),
                &record,
                api_key,
            ),
            None => {
                let raw_path = failing_path::<T>(&body);
                // serde's message quotes the offending value, which could be anything
                // the server sent, so it is scrubbed, cut and escaped like the excerpt.
                // In an answer that holds secrets (a new auth token) their values are
                // masked in the excerpt, and serde's words go when they are about a
                // secret field; the path says where.
                // A body that is not JSON has no path; serde's words on syntax quote
                // nothing of it.
                let at_secret = raw_path.as_deref().is_some_and(|path| {
                    let last = path.rsplit('.').next().unwrap_or(path);
                    let last = last.split('[').next().unwrap_or(last);
                    answer_secrets.contains(&last)
                });
                let path = raw_path.map(|path| redact::printable(&scrub(&path, api_key), 128));
                let reason = if at_secret {
                    "a value there is missing or of another type (it may be a secret, so \
                     it is not shown)"
                        .to_owned()
                } else {
                    redact::printable(&scrub(&source.to_string(), api_key), 256)
                };
                let body_excerpt = if answer_secrets.is_empty() {
                    Some(redact::excerpt(&body, api_key))
                } else {
                    redact::mask_members(&body, answer_secrets)
                        .map(|masked| redact::excerpt(&masked, api_key))
                };
                Error::Decode(Box::new(DecodeError {
                    status: record.status,
                    path,
                    reason,
                    body_excerpt,
                }))
            }
        },
        Raw::UnexpectedResponse(response) => unexpected(response, &record, api_key).await,
    }
}

/// An answer whose status the operation does not describe.
#[cold]
async fn unexpected(response: reqwest::Response, record: &CallRecord, api_key: &[u8]) -> Error {
    let status = response.status();
    let invalid = |reason: String| Error::InvalidResponse {
        status: Some(status),
        reason,
        attempts: attempts(record),
    };
    match status.as_u16() {
        600.. => {
            return invalid(format!(
                "its status {} is not an HTTP status (they end at 599)",
                status.as_u16()
            ))
        }
        100..=199 => {
            return invalid(format!(
                "it answered {status}, an interim status, where a final answer was due"
            ))
        }
        304 => {
            return invalid(
                "it answered 304 Not Modified, though the request was not conditional: a \
                 cache answered in CometChat's place"
                    .to_owned(),
            )
        }
        203 => {
            return invalid(
                "it answered 203 Non-Authoritative Information: a proxy changed CometChat's \
                 answer, so it is not passed on as CometChat's"
                    .to_owned(),
            )
        }
        301 | 302 | 303 | 307 | 308 if response.headers().contains_key(LOCATION) => {
            let location = response
                .headers()
                .get(LOCATION)
                .map(|value| redact::url(&String::from_utf8_lossy(value.as_bytes()), api_key));
            return Error::Redirect { status, location };
        }
        300..=399 => {
            return invalid(format!(
                "it answered {status} without somewhere to go, which CometChat never does"
            ))
        }
        // Successes CometChat could plausibly start sending for an operation: the
        // spec may be behind (the error says so). Any other 2xx is a proxy's.
        201 | 202 | 204 => {}
        200..=299 => {
            return invalid(format!(
                "it answered {status}, a success status CometChat does not use"
            ))
        }
        _ => {}
    }
    let body = response.bytes().await;
    if status.is_client_error() || status.is_server_error() {
        // An operation whose spec declares no error answer still gets CometChat's
        // error object read.
        let body = match body {
            Ok(body) => match serde_json::from_slice::<ErrorResponse>(&body) {
                Ok(ErrorResponse { mut error, .. }) => {
                    scrub_info(&mut error, api_key);
                    Body::Info(error)
                }
                Err(_) => Body::Other(redact::excerpt(&body, api_key)),
            },
            Err(error) => Body::Unreadable(body_problem(&error)),
        };
        return api_error(status, body, record, api_key);
    }
    Error::Decode(Box::new(DecodeError {
        status: Some(status),
        path: None,
        reason: format!("the operation does not describe a {status} answer"),
        body_excerpt: body.ok().map(|body| redact::excerpt(&body, api_key)),
    }))
}

/// The error body an operation's spec declares: CometChat's [`ErrorResponse`], or
/// nothing (`()`), in which case an error status is read as an unexpected answer.
pub(crate) trait ErrorBody {
    /// CometChat's error object, when the body is one.
    fn into_info(self) -> Option<ErrorInfo>;
}

impl ErrorBody for ErrorResponse {
    fn into_info(self) -> Option<ErrorInfo> {
        Some(self.error)
    }
}

impl ErrorBody for () {
    fn into_info(self) -> Option<ErrorInfo> {
        None
    }
}

/// What an error status's body held.
enum Body {
    /// CometChat's error object.
    Info(ErrorInfo),
    /// Something else, as an excerpt.
    Other(String),
    /// Nothing readable, and why.
    Unreadable(String),
}

/// Why a body could not be read, in a few words.
fn body_problem(error: &reqwest::Error) -> String {
    if let Some(too_large) = find_source::<BodyTooLarge>(error) {
        too_large.to_string()
    } else if error.is_timeout() {
        "it did not arrive in time".to_owned()
    } else {
        format!(
            "it was cut short ({})",
            source_chain(&error_without_url(error))
        )
    }
}

/// An error status, with CometChat's error object or what else its body held.
fn api_error(status: StatusCode, body: Body, record: &CallRecord, api_key: &[u8]) -> Error {
    let (info, body_excerpt, body_error) = match body {
        Body::Info(info) => (Some(info), None, None),
        Body::Other(excerpt) => (None, Some(excerpt), None),
        Body::Unreadable(problem) => (None, None, Some(problem)),
    };
    let details_shown = info.as_ref().map(|info| details_text(info, api_key));
    Error::Api(Box::new(ApiError {
        status,
        info,
        body_excerpt,
        body_error,
        details_shown,
        rate_limit: record.rate_limit,
        retry_after: record.retry_after,
        attempts: attempts(record),
    }))
}

/// A failure of the connection, the clock, or the HTTP exchange itself. The URL is
/// dropped from reqwest's error: it could carry a query, and the message names the
/// base URL to check instead.
fn transport_error(source: reqwest::Error, record: &CallRecord) -> Error {
    let attempts = attempts(record);
    if let Some(reason) = retry::malformed_answer(&source) {
        return Error::InvalidResponse {
            status: None,
            reason: format!("it is not valid HTTP ({})", redact::printable(&reason, 128)),
            attempts,
        };
    }
    let source = source.without_url();
    if source.is_timeout() {
        let timeouts = record.timeouts;
        Error::Timeout {
            attempts,
            limit: if record.whole_call {
                timeouts.call
            } else {
                timeouts.attempt
            },
            whole_call: record.whole_call,
            source,
        }
    } else {
        Error::Connection { attempts, source }
    }
}

/// A copy of `error`'s message chain without the URL, for a borrowed error.
fn error_without_url(error: &reqwest::Error) -> impl StdError + '_ {
    struct WithoutUrl<'a>(&'a reqwest::Error);
    impl fmt::Debug for WithoutUrl<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt::Display::fmt(self, f)
        }
    }
    impl fmt::Display for WithoutUrl<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            // reqwest's own words, less its " for url (...)" suffix.
            let text = self.0.to_string();
            f.write_str(text.split(" for url (").next().unwrap_or_default())
        }
    }
    impl StdError for WithoutUrl<'_> {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            self.0.source()
        }
    }
    WithoutUrl(error)
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
/// none when the body is not JSON at all. A path names server-chosen keys, so the
/// caller scrubs and cuts it.
fn failing_path<T: DeserializeOwned>(body: &Bytes) -> Option<String> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let error = crate::wire::with_field_names_as_text(|| {
        serde_path_to_error::deserialize::<_, T>(&mut deserializer).err()
    })?;
    let path = error.path().to_string();
    (path != "?" && path != ".").then_some(path)
}

/// `text` with the key, and any fragment of it, replaced, as an owned string.
fn scrub(text: &str, api_key: &[u8]) -> String {
    redact::scrub(text, api_key).into_owned()
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
    scrub_map(&mut info.details, api_key);
    info.extra = std::mem::take(&mut info.extra)
        .into_iter()
        .map(|(name, value)| {
            let value = value.map_strings(|text| scrub(text, api_key));
            (scrub(&name, api_key), value)
        })
        .collect();
}

/// Scrubs the keys of a JSON object as well as its values: a server can put the
/// API key in either.
fn scrub_map(map: &mut serde_json::Map<String, serde_json::Value>, api_key: &[u8]) {
    let leaks = map.keys().any(|name| scrub(name, api_key) != *name);
    if leaks {
        *map = std::mem::take(map)
            .into_iter()
            .map(|(name, value)| (scrub(&name, api_key), value))
            .collect();
    }
    map.values_mut()
        .for_each(|value| scrub_value(value, api_key));
}

fn scrub_value(value: &mut serde_json::Value, api_key: &[u8]) {
    match value {
        serde_json::Value::String(text) => *text = scrub(text, api_key),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| scrub_value(v, api_key)),
        serde_json::Value::Object(map) => scrub_map(map, api_key),
        _ => {}
    }
}
