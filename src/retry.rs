//! When to retry an attempt, and how long to wait first.

use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};
use reqwest::{header::HeaderMap, Method, StatusCode};

use crate::rate_limit::RateLimit;

/// How the transport retries; set through [`crate::ClientBuilder`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct RetryPolicy {
    pub(crate) max_retries: u32,
    pub(crate) max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            max_wait: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The backoff schedule: 0.5 s doubling to an 8 s cap, each step plus up to 100%
    /// jitter so that clients rate-limited together do not retry together.
    pub(crate) fn backoff(&self) -> ExponentialBackoff {
        ExponentialBuilder::default()
            .with_min_delay(Duration::from_millis(500))
            .with_max_delay(Duration::from_secs(8))
            .with_factor(2.0)
            .with_max_times(self.max_retries as usize)
            .with_jitter()
            .build()
    }
}

/// Whether a response with this status is worth another attempt. A 429 means
/// CometChat did not process the request, so it is retried whatever the method;
/// the rest only for idempotent methods.
pub(crate) fn is_retryable_status(method: &Method, status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS
        || (method.is_idempotent()
            && matches!(
                status,
                StatusCode::REQUEST_TIMEOUT
                    | StatusCode::INTERNAL_SERVER_ERROR
                    | StatusCode::BAD_GATEWAY
                    | StatusCode::SERVICE_UNAVAILABLE
                    | StatusCode::GATEWAY_TIMEOUT
            ))
}

/// Whether a failure before any answer is worth another attempt: a timeout, a
/// failed connection, or a connection lost while the request was sent or the
/// headers awaited. (Failures once the headers are in travel with the body.)
pub(crate) fn is_retryable_error(method: &Method, error: &reqwest::Error) -> bool {
    method.is_idempotent() && (error.is_timeout() || error.is_connect() || error.is_request())
}

/// How long the server asked the client to wait: `Retry-After` (seconds or an HTTP
/// date), else the rate-limit reset (either spelling), else nothing.
pub(crate) fn server_delay(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    if let Some(value) = headers.get(reqwest::header::RETRY_AFTER) {
        let value = value.to_str().ok()?.trim();
        return match value.parse::<u64>() {
            Ok(seconds) => Some(Duration::from_secs(seconds)),
            Err(_) => httpdate::parse_http_date(value)
                .ok()
                .map(|at| at.duration_since(now).unwrap_or(Duration::ZERO)),
        };
    }
    let reset = RateLimit::from_headers(headers).reset?;
    Some(reset_delay(reset, now))
}

/// A reset is Unix seconds; a value too small to be a date since 1980 is read as
/// seconds from now, which some proxies send.
fn reset_delay(reset: u64, now: SystemTime) -> Duration {
    const EPOCH_1980: u64 = 315_532_800;
    if reset < EPOCH_1980 {
        return Duration::from_secs(reset);
    }
    let reset = SystemTime::UNIX_EPOCH + Duration::from_secs(reset);
    reset.duration_since(now).unwrap_or(Duration::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    reqwest::header::HeaderName::from_static(name),
                    value.parse().unwrap(),
                )
            })
            .collect()
    }

    const NOW: Duration = Duration::from_secs(1_700_000_000);

    #[test]
    fn server_delay_reads_every_form() {
        let now = SystemTime::UNIX_EPOCH + NOW;
        type Headers = &'static [(&'static str, &'static str)];
        let cases: &[(Headers, Option<u64>)] = &[
            (&[("retry-after", "3")], Some(3)),
            (&[("retry-after", " 7 ")], Some(7)),
            (
                &[("retry-after", "Tue, 14 Nov 2023 22:13:40 GMT")],
                Some(20),
            ),
            (&[("retry-after", "Tue, 14 Nov 2023 22:00:00 GMT")], Some(0)),
            (&[("retry-after", "soon")], None),
            (&[("x-ratelimit-reset", "1700000012")], Some(12)),
            (&[("x-rate-limit-reset", "1700000005")], Some(5)),
            (&[("x-rate-limit-reset", "1699999000")], Some(0)),
            (&[("x-ratelimit-reset", "30")], Some(30)),
            (
                &[("retry-after", "2"), ("x-ratelimit-reset", "1700000012")],
                Some(2),
            ),
            (&[], None),
        ];
        for (pairs, expected) in cases {
            assert_eq!(
                server_delay(&headers(pairs), now),
                expected.map(Duration::from_secs),
                "{pairs:?}"
            );
        }
    }

    #[test]
    fn retries_follow_method_and_status() {
        for status in [408, 429, 500, 502, 503, 504] {
            let status = StatusCode::from_u16(status).unwrap();
            assert!(is_retryable_status(&Method::GET, status), "{status}");
        }
        for status in [400, 401, 403, 404, 409, 501] {
            let status = StatusCode::from_u16(status).unwrap();
            assert!(!is_retryable_status(&Method::GET, status), "{status}");
        }
        assert!(is_retryable_status(
            &Method::POST,
            StatusCode::TOO_MANY_REQUESTS
        ));
        assert!(!is_retryable_status(&Method::POST, StatusCode::BAD_GATEWAY));
    }

    #[test]
    fn backoff_starts_near_half_a_second_and_is_capped() {
        let policy = RetryPolicy {
            max_retries: 10,
            max_wait: Duration::from_secs(60),
        };
        let delays: Vec<Duration> = policy.backoff().collect();
        assert_eq!(delays.len(), 10);
        assert!(delays[0] >= Duration::from_millis(500) && delays[0] < Duration::from_secs(1));
        assert!(
            delays.iter().all(|d| *d < Duration::from_secs(16)),
            "{delays:?}"
        );
        let off = RetryPolicy {
            max_retries: 0,
            ..policy
        };
        assert_eq!(off.backoff().count(), 0);
    }
}
