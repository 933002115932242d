//! How every operation goes on the wire: the key, per-attempt timeouts, retries and
//! the body ceiling. This is the generated client's `ClientHooks` implementation,
//! so it applies to every operation the spec has or will have, through the façade
//! and through the raw builders alike.

use std::{
    cell::Cell,
    fmt,
    pin::Pin,
    task::{Context, Poll},
    time::{Duration, SystemTime},
};

use bytes::{Bytes, BytesMut};
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::{
    header::{HeaderMap, HeaderName, HeaderValue},
    Request, Response, StatusCode,
};

use crate::{config::TransportSettings, rate_limit::RateLimit, retry};

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

    /// Whether `text` contains the key; used to scrub server-supplied text.
    pub(crate) fn api_key(&self) -> &[u8] {
        self.api_key.as_bytes()
    }

    /// One attempt: send, then read the whole body under the same timeout, so that a
    /// connection lost mid-body is retried like any other transport failure.
    async fn attempt(
        &self,
        http: &reqwest::Client,
        mut request: Request,
    ) -> reqwest::Result<Response> {
        *request.timeout_mut() = Some(self.settings.timeout);
        let mut response = http.execute(request).await?;
        let limit = self.settings.max_body_size;
        if response
            .content_length()
            .is_some_and(|length| length > limit as u64)
        {
            return Ok(with_body(response, BodyTooLarge { limit }.into_body()));
        }
        let mut body = Body::default();
        while let Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > limit {
                return Ok(with_body(response, BodyTooLarge { limit }.into_body()));
            }
            body.push(chunk);
        }
        Ok(with_body(response, body.finish().into()))
    }
}

impl ClientHooks<Transport> for crate::raw::Client {
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

    async fn exec(&self, mut request: Request, _info: &OperationInfo) -> reqwest::Result<Response> {
        let transport = self.inner();
        let policy = transport.settings.retry;
        let method = request.method().clone();
        let mut backoff = None;
        let mut attempts = 0;
        loop {
            attempts += 1;
            // Requests without a streaming body always clone; one that cannot is sent once.
            let next = (attempts <= policy.max_retries)
                .then(|| request.try_clone())
                .flatten();
            let outcome = transport.attempt(self.client(), request).await;
            let server_delay = match &outcome {
                Ok(response) => {
                    CallRecord::note_response(attempts, response.status(), response.headers());
                    if !retry::is_retryable_status(&method, response.status()) {
                        return outcome;
                    }
                    retry::server_delay(response.headers(), SystemTime::now())
                }
                Err(error) => {
                    CallRecord::note_failure(attempts);
                    if !retry::is_retryable_error(&method, error) {
                        return outcome;
                    }
                    None
                }
            };
            let Some(retry_request) = next else {
                return outcome;
            };
            let delay = match server_delay {
                // A wait longer than the ceiling is not slept: the error goes back now,
                // with the wait in `Error::retry_after`.
                Some(delay) if delay > policy.max_wait => return outcome,
                Some(delay) => delay,
                None => match backoff.get_or_insert_with(|| policy.backoff()).next() {
                    Some(delay) => delay,
                    None => return outcome,
                },
            };
            tokio::time::sleep(delay).await;
            request = retry_request;
        }
    }
}

/// A response whose body has been read, rebuilt around `body` with the same status,
/// version and headers.
fn with_body(mut response: Response, body: reqwest::Body) -> Response {
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = response.status();
    *rebuilt.version_mut() = response.version();
    *rebuilt.headers_mut() = std::mem::take(response.headers_mut());
    Response::from(rebuilt)
}

/// Response body chunks; a body that arrives in one chunk is never copied.
#[derive(Default)]
struct Body {
    first: Option<Bytes>,
    rest: Option<BytesMut>,
}

impl Body {
    fn len(&self) -> usize {
        match (&self.first, &self.rest) {
            (_, Some(rest)) => rest.len(),
            (Some(first), None) => first.len(),
            (None, None) => 0,
        }
    }

    fn push(&mut self, chunk: Bytes) {
        match (&mut self.first, &mut self.rest) {
            (_, Some(rest)) => rest.extend_from_slice(&chunk),
            (Some(first), None) => {
                let mut rest = BytesMut::with_capacity(first.len() + chunk.len());
                rest.extend_from_slice(first);
                rest.extend_from_slice(&chunk);
                self.rest = Some(rest);
            }
            (None, None) => self.first = Some(chunk),
        }
    }

    fn finish(self) -> Bytes {
        match (self.first, self.rest) {
            (_, Some(rest)) => rest.freeze(),
            (first, None) => first.unwrap_or_default(),
        }
    }
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

impl BodyTooLarge {
    fn into_body(self) -> reqwest::Body {
        reqwest::Body::wrap_stream(FailOnce(Some(self)))
    }
}

/// A body stream that yields one error.
struct FailOnce(Option<BodyTooLarge>);

impl futures_core::Stream for FailOnce {
    type Item = Result<Bytes, BodyTooLarge>;

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
}

tokio::task_local! {
    static CALL: Cell<CallRecord>;
}

impl CallRecord {
    /// Runs `call` and returns its output with the record of what it sent.
    pub(crate) async fn scope<F: std::future::Future>(call: F) -> (F::Output, CallRecord) {
        CALL.scope(Cell::new(CallRecord::default()), async {
            let output = call.await;
            (output, CALL.with(Cell::get))
        })
        .await
    }

    fn note_response(attempts: u32, status: StatusCode, headers: &HeaderMap) {
        // Outside a façade call (raw builders) there is no record to keep.
        let _ = CALL.try_with(|record| {
            let metadata = (!status.is_success()).then(|| {
                (
                    RateLimit::from_headers(headers),
                    retry::server_delay(headers, SystemTime::now()),
                )
            });
            let (rate_limit, retry_after) = metadata.unwrap_or_default();
            record.set(CallRecord {
                attempts,
                status: Some(status),
                rate_limit,
                retry_after,
            });
        });
    }

    fn note_failure(attempts: u32) {
        let _ = CALL.try_with(|record| {
            record.set(CallRecord {
                attempts,
                ..CallRecord::default()
            })
        });
    }
}
