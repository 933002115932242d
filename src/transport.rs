//! How every operation goes on the wire: the key, per-attempt timeouts, retries and
//! the body ceiling. This is the generated client's `ClientHooks` implementation,
//! so it applies to every operation the spec has or will have, through the façade
//! and through the raw builders alike.

use std::{
    cell::Cell,
    fmt,
    future::Future,
    pin::Pin,
    task::{Context, Poll},
    time::{Duration, SystemTime},
};

use backon::ExponentialBackoff;
use bytes::{Bytes, BytesMut};
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::{
    header::{HeaderName, HeaderValue},
    Request, Response, ResponseBuilderExt, StatusCode,
};
use tracing::Instrument;

use crate::{
    rate_limit::RateLimit,
    retry::{self, BodyFailed, RetryPolicy},
    telemetry::OperationSpan,
};

/// The settings the transport applies to each call, kept apart from the rest of the
/// configuration so that [`crate::Client::with_timeout`] and friends can change them
/// per call.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TransportSettings {
    /// The whole call: every attempt, and the waits between them.
    pub(crate) timeout: Duration,
    /// One attempt, from sending the request to the last byte of the body.
    pub(crate) attempt_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_body_size: usize,
}

impl TransportSettings {
    pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
    pub(crate) const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);
    pub(crate) const DEFAULT_MAX_BODY_SIZE: usize = 4 << 20;
}

impl Default for TransportSettings {
    fn default() -> Self {
        Self {
            timeout: Self::DEFAULT_TIMEOUT,
            attempt_timeout: Self::DEFAULT_ATTEMPT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_body_size: Self::DEFAULT_MAX_BODY_SIZE,
        }
    }
}

/// The state the generated client carries for the transport: the key (never
/// printed) and the per-request settings.
#[derive(Clone)]
pub struct Transport {
    api_key: HeaderValue,
    pub(crate) settings: TransportSettings,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("api_key", &"*** redacted ***")
            .field("settings", &self.settings)
            .finish()
    }
}

const API_KEY: HeaderName = HeaderName::from_static("apikey");
/// progenitor sends `api-version: <info.version>` on every request. CometChat does
/// not define that header, so it is removed rather than sent as noise.
const API_VERSION: HeaderName = HeaderName::from_static("api-version");

impl Transport {
    /// `api_key` must already be marked sensitive.
    pub(crate) fn new(api_key: HeaderValue, settings: TransportSettings) -> Self {
        Self { api_key, settings }
    }

    /// The key's bytes, to scrub from server-supplied text.
    pub(crate) fn api_key(&self) -> &[u8] {
        self.api_key.as_bytes()
    }

    /// Starts one attempt, allowed `timeout` from sending the request to the last
    /// byte of the body.
    fn start(
        &self,
        http: &reqwest::Client,
        mut request: Request,
        timeout: Duration,
    ) -> impl Future<Output = reqwest::Result<Response>> + Send + 'static {
        *request.timeout_mut() = Some(timeout);
        http.execute(request)
    }
}

/// Finishes one attempt: the whole body is read here, within the attempt's timeout
/// and the body ceiling, so that a body cut short or stalled is a failed attempt the
/// transport can retry, as a failed connection is. (progenitor reads the whole body
/// before decoding anyway; it gets it back in one piece, without another copy.) A
/// body that fails is handed on as one that fails to read, marked [`BodyFailed`], so
/// that the status stays known.
async fn finish(
    pending: impl Future<Output = reqwest::Result<Response>>,
    limit: usize,
) -> reqwest::Result<Response> {
    let response = pending.await?;
    Ok(match response.content_length() {
        Some(length) if length > limit as u64 => {
            failed(response, BodyTooLarge { limit }, BodyFailed::TooLarge)
        }
        _ => read_body(response, limit).await,
    })
}

/// Reads a body, refusing one larger than `limit` bytes.
async fn read_body(mut response: Response, limit: usize) -> Response {
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut length = 0;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) if length + chunk.len() > limit => {
                return failed(response, BodyTooLarge { limit }, BodyFailed::TooLarge);
            }
            Ok(Some(chunk)) => {
                length += chunk.len();
                chunks.push(chunk);
            }
            Ok(None) => break,
            Err(error) => {
                let kind = if error.is_timeout() {
                    BodyFailed::TimedOut
                } else {
                    BodyFailed::CutShort
                };
                return failed(response, error, kind);
            }
        }
    }
    // One chunk, the common case for a small body, is passed on as it is.
    let body = match chunks.len() {
        1 => chunks.pop().unwrap_or_default(),
        _ => {
            let mut body = BytesMut::with_capacity(length);
            chunks
                .iter()
                .for_each(|chunk| body.extend_from_slice(chunk));
            body.freeze()
        }
    };
    with_body(response, body.into())
}

/// `response` with a body that fails with `error`, marked with why.
#[cold]
fn failed(
    response: Response,
    error: impl std::error::Error + Send + Sync + 'static,
    kind: BodyFailed,
) -> Response {
    let mut response = with_body(response, failing_body(error));
    response.extensions_mut().insert(kind);
    response
}

impl ClientHooks<Transport> for crate::generated::Client {
    async fn pre<E>(
        &self,
        request: &mut Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let headers = request.headers_mut();
        headers.remove(API_VERSION);
        headers.insert(API_KEY, self.inner().api_key.clone());
        Ok(())
    }

    // Every in-flight call holds this future, and its size shows in throughput: the
    // first attempt starts before the future is built (so it holds reqwest's small
    // pending handle, not the request), and retries, which need the backoff state and
    // a timer, run in a boxed future of their own.
    fn exec(
        &self,
        request: Request,
        info: &OperationInfo,
    ) -> impl Future<Output = reqwest::Result<Response>> {
        let transport = self.inner();
        let operation = OperationSpan::start(info.operation_id, request.method());
        let mut retries = Retries::new(transport.settings, &request);
        let attempt = operation.attempt(1);
        let first = transport.start(self.client(), request, retries.attempt_limit());
        let limit = transport.settings.max_body_size;
        let span = operation.span().clone();
        async move {
            let outcome = finish(first, limit).await;
            let next = retries.after(&outcome);
            attempt.finish(&outcome, next.as_ref().map(|(delay, _)| *delay));
            let outcome = match next {
                Some((delay, next)) => Box::pin(retries.run(self, &operation, delay, next)).await,
                None => outcome,
            };
            operation.finish(&outcome, retries.record.attempts);
            outcome
        }
        .instrument(span)
    }
}

/// The retry state of one call.
struct Retries {
    settings: TransportSettings,
    /// When the whole call must be over; `None` when the timeout is too long for
    /// the clock to hold.
    deadline: Option<tokio::time::Instant>,
    /// What the caller is told; updated after each attempt.
    record: CallRecord,
    /// A copy of the request for the next attempt.
    next: Option<Request>,
    backoff: Option<Box<ExponentialBackoff>>,
}

impl Retries {
    fn new(settings: TransportSettings, request: &Request) -> Self {
        let mut retries = Self {
            settings,
            // Tokio's clock, so that the deadline holds under paused time as the
            // waits do.
            deadline: tokio::time::Instant::now().checked_add(settings.timeout),
            record: CallRecord {
                attempts: 1,
                idempotent: request.method().is_idempotent(),
                timeouts: Timeouts {
                    call: settings.timeout,
                    attempt: settings.attempt_timeout,
                },
                ..CallRecord::default()
            },
            next: None,
            backoff: None,
        };
        retries.keep_copy(request);
        retries
    }

    /// The time the next attempt may take: the attempt timeout, or what is left of
    /// the call's, whichever ends first.
    fn attempt_limit(&mut self) -> Duration {
        let left = self.time_left();
        self.record.whole_call = left < self.settings.attempt_timeout;
        left.min(self.settings.attempt_timeout)
    }

    fn time_left(&self) -> Duration {
        self.deadline.map_or(Duration::MAX, |deadline| {
            deadline.saturating_duration_since(tokio::time::Instant::now())
        })
    }

    /// Keeps a copy of `request` if another attempt is allowed. Requests without a
    /// streaming body always clone; one that cannot is sent once.
    #[inline(never)]
    fn keep_copy(&mut self, request: &Request) {
        self.next = (self.record.attempts <= self.settings.retry.max_retries)
            .then(|| request.try_clone())
            .flatten();
    }

    /// After an attempt: how long to wait and what to send next, or `None` when the
    /// outcome is final.
    fn after(&mut self, outcome: &reqwest::Result<Response>) -> Option<(Duration, Request)> {
        match outcome {
            Ok(response)
                if response.status().is_success() && BodyFailed::of(response).is_none() =>
            {
                self.record.status = Some(response.status());
                CallRecord::note(self.record);
                None
            }
            _ => {
                let next = self.after_failure(outcome);
                CallRecord::note(self.record);
                next
            }
        }
    }

    /// [`Retries::after`] for everything but a success, kept out of the hot path.
    /// The status is judged first; only a retryable answer's headers are read for a
    /// wait.
    #[cold]
    #[inline(never)]
    fn after_failure(
        &mut self,
        outcome: &reqwest::Result<Response>,
    ) -> Option<(Duration, Request)> {
        let record = &mut self.record;
        let server_delay = match outcome {
            Ok(response) => {
                let (status, headers) = (response.status(), response.headers());
                record.status = Some(status);
                record.rate_limit = RateLimit::from_headers(headers);
                record.retryable = if status.is_success() {
                    // Only the body failed: retried as a failed connection would be.
                    retry::is_retryable_body_failure(record.idempotent, BodyFailed::of(response))
                } else {
                    retry::is_retryable_status(record.idempotent, status)
                };
                if !record.retryable {
                    return None;
                }
                record.retry_after = retry::server_delay(status, headers, SystemTime::now());
                record.retry_after
            }
            Err(error) => {
                record.status = None;
                record.retryable = retry::is_retryable_error(record.idempotent, error);
                if !record.retryable {
                    return None;
                }
                None
            }
        };
        // A wait longer than the ceiling is not slept: the error goes back now,
        // with the wait in `Error::retry_after`.
        if server_delay.is_some_and(|delay| delay > self.settings.retry.max_wait) {
            return None;
        }
        let next = self.next.take()?;
        let policy = self.settings.retry;
        // The server's wait never goes below the client's own backoff.
        let floor = self
            .backoff
            .get_or_insert_with(|| Box::new(policy.backoff()))
            .next()?;
        let delay = server_delay.map_or(floor, |delay| delay.max(floor));
        // A wait that would leave the next attempt no time is not slept either.
        if delay.saturating_add(retry::MIN_DELAY) > self.time_left() {
            self.record.retry_after = Some(delay);
            return None;
        }
        Some((delay, next))
    }

    /// Waits, retries, and goes on until an outcome is final.
    async fn run(
        &mut self,
        client: &crate::generated::Client,
        operation: &OperationSpan,
        mut delay: Duration,
        mut request: Request,
    ) -> reqwest::Result<Response> {
        loop {
            tokio::time::sleep(delay).await;
            self.record.attempts = self.record.attempts.saturating_add(1);
            self.record.retry_after = None;
            self.keep_copy(&request);
            let attempt = operation.attempt(self.record.attempts);
            let transport = client.inner();
            let limit = self.attempt_limit();
            let pending = transport.start(client.client(), request, limit);
            let outcome = finish(pending, transport.settings.max_body_size).await;
            let next = self.after(&outcome);
            attempt.finish(&outcome, next.as_ref().map(|(delay, _)| *delay));
            match next {
                Some((next_delay, next)) => (delay, request) = (next_delay, next),
                None => return outcome,
            }
        }
    }
}

/// `response` with `body` in place of its own, keeping the status, version, headers
/// and URL. (Without the URL, reqwest would parse a placeholder one.)
#[inline(never)]
fn with_body(mut response: Response, body: reqwest::Body) -> Response {
    // Setting only an extension, the builder cannot fail.
    let mut parts = match http::Response::builder()
        .url(response.url().clone())
        .body(())
    {
        Ok(empty) => empty.into_parts().0,
        Err(_) => http::Response::new(()).into_parts().0,
    };
    parts.status = response.status();
    parts.version = response.version();
    parts.headers = std::mem::take(response.headers_mut());
    Response::from(http::Response::from_parts(parts, body))
}

/// The response body was larger than [`crate::ClientBuilder::max_body_size`].
///
/// The transport hands it to progenitor as a body that fails to read, so that raw
/// builder users see it as the source of a body error too.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BodyTooLarge {
    pub(crate) limit: usize,
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the response body is larger than the {} byte limit",
            self.limit
        )
    }
}

impl std::error::Error for BodyTooLarge {}

/// A body that fails with `error` when read.
#[cold]
fn failing_body(error: impl std::error::Error + Send + Sync + 'static) -> reqwest::Body {
    reqwest::Body::wrap_stream(FailOnce(Some(Box::new(error))))
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A body stream that yields one error.
struct FailOnce(Option<BoxError>);

impl futures_core::Stream for FailOnce {
    type Item = Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.take().map(Err))
    }
}

/// What the transport saw during one façade call. progenitor drops the status when
/// an error body is not JSON (an HTML page from a proxy, say), so the transport notes
/// the last response here and the façade reads it while mapping errors.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CallRecord {
    pub(crate) attempts: u32,
    pub(crate) status: Option<StatusCode>,
    pub(crate) rate_limit: RateLimit,
    pub(crate) retry_after: Option<Duration>,
    /// Whether the request could be repeated safely (its method is idempotent).
    pub(crate) idempotent: bool,
    /// Whether the transport's rule called the last failure worth retrying.
    pub(crate) retryable: bool,
    pub(crate) timeouts: Timeouts,
    /// Whether the last attempt was cut short by the call's timeout rather than
    /// limited by the attempt timeout.
    pub(crate) whole_call: bool,
}

/// The timeouts a call ran under.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Timeouts {
    pub(crate) call: Duration,
    pub(crate) attempt: Duration,
}

tokio::task_local! {
    static CALL: Cell<CallRecord>;
}

/// A call whose transport keeps a [`CallRecord`]; read it with [`CallRecord::take`]
/// once the call is done.
pub(crate) type Recorded<F> = tokio::task::futures::TaskLocalFuture<Cell<CallRecord>, F>;

impl CallRecord {
    /// Wraps `call` so that the transport records what it sees. A plain function
    /// rather than an `async fn`, so that the call's future is stored once, not
    /// copied into each layer of a nested state machine.
    pub(crate) fn scope<F: std::future::Future>(call: F) -> Recorded<F> {
        CALL.scope(Cell::new(CallRecord::default()), call)
    }

    /// The record of a finished call.
    pub(crate) fn take<F: std::future::Future>(call: Pin<&mut Recorded<F>>) -> CallRecord {
        call.take_value().map(Cell::into_inner).unwrap_or_default()
    }

    /// Keeps what the transport saw, when a façade call is listening; outside one
    /// (raw builders) there is no record to keep.
    fn note(seen: CallRecord) {
        let _ = CALL.try_with(|record| record.set(seen));
    }
}
