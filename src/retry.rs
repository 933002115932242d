//! When to retry an attempt, and how long to wait first.
//!
//! One rule decides both what the transport retries and what
//! [`crate::Error::is_retryable`] reports, so the two cannot disagree.

use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};
use reqwest::{header::HeaderMap, Response, StatusCode};

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

/// The first step of the backoff, and the least the client waits before a retry,
/// whatever the server says: a `Retry-After: 0` cannot make it retry in a loop.
pub(crate) const MIN_DELAY: Duration = Duration::from_millis(500);

impl RetryPolicy {
    /// The backoff schedule: 0.5 s doubling to an 8 s cap, each step plus up to 100%
    /// jitter so that clients rate-limited together do not retry together.
    pub(crate) fn backoff(&self) -> ExponentialBackoff {
        ExponentialBuilder::default()
            .with_min_delay(MIN_DELAY)
            .with_max_delay(Duration::from_secs(8))
            .with_factor(2.0)
            .with_max_times(usize::try_from(self.max_retries).unwrap_or(usize::MAX))
            .with_jitter()
            .build()
    }
}

/// Whether a response with this status is worth another attempt of a request whose
/// method is `idempotent` or not. A 429 means CometChat did not process the request,
/// so it is retried whatever the method; 408 and the transient 5xx (500, 502, 503,
/// 504) only when repeating the request is safe. 501, 505 and the other statuses
/// will not change on a retry.
pub(crate) fn is_retryable_status(idempotent: bool, status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS
        || (idempotent
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
/// headers awaited. An answer that is not valid HTTP is a bad answer, not a failed
/// connection, and is not retried. (Failures once the headers are in travel with
/// the body.)
pub(crate) fn is_retryable_error(idempotent: bool, error: &reqwest::Error) -> bool {
    idempotent
        && (error.is_timeout() || error.is_connect() || error.is_request())
        && malformed_answer(error).is_none()
}

/// Why the body of an answer could not be read; set on the response the transport
/// hands on, so that retries and telemetry see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BodyFailed {
    /// Over [`crate::ClientBuilder::max_body_size`]: another attempt would not help.
    TooLarge,
    /// The attempt's time ran out while the body was read.
    TimedOut,
    /// The connection ended before the body did.
    CutShort,
}

impl BodyFailed {
    pub(crate) fn of(response: &Response) -> Option<Self> {
        response.extensions().get::<Self>().copied()
    }
}

/// Whether a success whose body could not be read is worth another attempt: a body
/// that timed out or was cut short, like a failed connection, for a request that is
/// safe to repeat; not one that was too large, which would be again.
pub(crate) fn is_retryable_body_failure(idempotent: bool, failure: Option<BodyFailed>) -> bool {
    idempotent && matches!(failure, Some(BodyFailed::TimedOut | BodyFailed::CutShort))
}

/// What was wrong with an answer that is not valid HTTP (an invalid status line, a
/// header too large or malformed, too many headers), or `None` when `error` is
/// something else.
pub(crate) fn malformed_answer(error: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut current = Some(error);
    while let Some(error) = current {
        if let Some(hyper) = error.downcast_ref::<hyper::Error>() {
            return hyper.is_parse().then(|| hyper.to_string());
        }
        current = error.source();
    }
    None
}

/// How long the server asked the client to wait before retrying an answer with
/// `status`, in order of authority:
/// 1. `Retry-After`, in seconds or as an HTTP date, on any status. A value that
///    does not read (such as a proxy-merged `120, 120`) falls through.
/// 2. The rate-limit window's end (`X-RateLimit-Reset` or `X-Rate-Limit-Reset`), only
///    on a 429 or when the window has no request left. On other answers it is the
///    ordinary end of the current window, not an instruction to wait.
///
/// Never panics, whatever the header values.
pub(crate) fn server_delay(
    status: StatusCode,
    headers: &HeaderMap,
    now: SystemTime,
) -> Option<Duration> {
    let retry_after = headers
        .get_all(reqwest::header::RETRY_AFTER)
        .iter()
        .find_map(|value| retry_after(value.to_str().ok()?, now));
    if retry_after.is_some() {
        return retry_after;
    }
    let rate_limit = RateLimit::from_headers(headers);
    if status == StatusCode::TOO_MANY_REQUESTS || rate_limit.remaining == Some(0) {
        return reset_delay(rate_limit.reset?, now);
    }
    None
}

/// One `Retry-After` value: whole seconds or an HTTP date.
fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More seconds than a u64 holds is still "a very long time".
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A reset is Unix seconds; a value too small to be a date since 1980 is read as
/// seconds from now, which some proxies send, and one too large to be seconds before
/// the year 5000 as Unix milliseconds, which others send. A time past what the clock
/// can hold is no answer.
fn reset_delay(reset: u64, now: SystemTime) -> Option<Duration> {
    const EPOCH_1980: u64 = 315_532_800;
    const YEAR_5000: u64 = 95_617_584_000;
    if reset < EPOCH_1980 {
        return Some(Duration::from_secs(reset));
    }
    let reset = if reset >= YEAR_5000 {
        Duration::from_millis(reset)
    } else {
        Duration::from_secs(reset)
    };
    let reset = SystemTime::UNIX_EPOCH.checked_add(reset)?;
    Some(reset.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (HeaderName::from_static(name), value.parse().unwrap()))
            .collect()
    }

    const NOW: Duration = Duration::from_secs(1_700_000_000);
    const RESET: &str = "x-ratelimit-reset";
    const RESET_ALT: &str = "x-rate-limit-reset";

    #[test]
    fn server_delay_reads_every_form_in_order_of_authority() {
        let now = SystemTime::UNIX_EPOCH + NOW;
        type Headers = &'static [(&'static str, &'static str)];
        let (too_many, unavailable, failed) = (429, 503, 500);
        let cases: &[(u16, Headers, Option<u64>)] = &[
            (too_many, &[("retry-after", "3")], Some(3)),
            (too_many, &[("retry-after", " 7 ")], Some(7)),
            (failed, &[("retry-after", "0")], Some(0)),
            (
                too_many,
                &[("retry-after", "Tue, 14 Nov 2023 22:13:40 GMT")],
                Some(20),
            ),
            (
                too_many,
                &[("retry-after", "Tue, 14 Nov 2023 22:00:00 GMT")],
                Some(0),
            ),
            (unavailable, &[("retry-after", "20")], Some(20)),
            (too_many, &[("retry-after", "soon")], None),
            (
                too_many,
                &[("retry-after", "99999999999999999999999")],
                Some(u64::MAX),
            ),
            (too_many, &[(RESET, "1700000012")], Some(12)),
            (too_many, &[(RESET, "1700000012000")], Some(12)),
            (too_many, &[(RESET_ALT, "1700000005")], Some(5)),
            (too_many, &[(RESET_ALT, "1699999000")], Some(0)),
            (too_many, &[(RESET, "30")], Some(30)),
            // A window end is not an instruction to wait, unless the window is spent.
            (failed, &[(RESET, "1700003600")], None),
            (unavailable, &[(RESET, "1700000020")], None),
            (
                failed,
                &[(RESET, "1700000020"), ("x-ratelimit-remaining", "0")],
                Some(20),
            ),
            (
                failed,
                &[(RESET, "1700000020"), ("x-ratelimit-remaining", "5")],
                None,
            ),
            // An unreadable Retry-After falls through to the next source of truth.
            (
                too_many,
                &[("retry-after", "120, 120"), (RESET, "1700000009")],
                Some(9),
            ),
            (
                too_many,
                &[("retry-after", "-1"), (RESET, "1700000009")],
                Some(9),
            ),
            (
                too_many,
                &[("retry-after", "2"), (RESET, "1700000012")],
                Some(2),
            ),
            // Times past what the clock holds are no answer, and no panic.
            // Past the year 5000 as seconds, so milliseconds: far, but no panic.
            (
                too_many,
                &[(RESET, "18446744073709551000")],
                Some(18446744073709551 - 1700000000),
            ),
            (
                too_many,
                &[(RESET, "9223372036854775000")],
                Some(9223372036854775 - 1700000000),
            ),
            (too_many, &[(RESET, "99999999999999999999")], None),
            (too_many, &[], None),
        ];
        for (status, pairs, expected) in cases {
            let status = StatusCode::from_u16(*status).unwrap();
            assert_eq!(
                server_delay(status, &headers(pairs), now),
                expected.map(Duration::from_secs),
                "{status} {pairs:?}"
            );
        }
    }

    /// Every header the transport reads, with arbitrary values and numeric
    /// extremes, at any clock: nothing panics.
    #[test]
    fn no_header_value_panics() {
        let names = [
            "retry-after",
            "x-ratelimit-reset",
            "x-rate-limit-reset",
            "x-ratelimit-limit",
            "x-rate-limit",
            "x-ratelimit-remaining",
            "x-rate-limit-remaining",
        ];
        let extremes = [
            "0",
            "-0",
            "1",
            "-1",
            "+1",
            "00000000001",
            "315532799",
            "315532800",
            "4294967295",
            "4294967296",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551615",
            "18446744073709551616",
            "340282366920938463463374607431768211456",
            "1e309",
            "NaN",
            "inf",
            "1.5",
            " ",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "Thu, 01 Jan 1970 00:00:00 GMT",
            "Mon, 01 Jan 0001 00:00:00 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT, 120",
        ];
        let clocks = [
            SystemTime::UNIX_EPOCH,
            SystemTime::UNIX_EPOCH + NOW,
            SystemTime::UNIX_EPOCH + Duration::from_secs(i64::MAX as u64 / 2),
        ];
        let mut rng = fastrand::Rng::with_seed(0x5eed);
        for round in 0..20_000 {
            let mut map = HeaderMap::new();
            for name in names {
                if rng.bool() {
                    continue;
                }
                let value = match rng.u8(..4) {
                    0 => extremes[rng.usize(..extremes.len())].to_owned(),
                    1 => rng.u64(..).to_string(),
                    2 => format!("{}{}", "9".repeat(rng.usize(1..40)), rng.u8(..)),
                    _ => (0..rng.usize(0..24))
                        .map(|_| rng.u8(0x20..0x7f) as char)
                        .collect(),
                };
                if let Ok(value) = HeaderValue::from_str(&value) {
                    map.append(HeaderName::from_static(name), value);
                }
            }
            let status = StatusCode::from_u16(rng.u16(100..1000)).unwrap();
            let now = clocks[round % clocks.len()];
            let _ = server_delay(status, &map, now);
            let _ = RateLimit::from_headers(&map);
        }
    }

    #[test]
    fn retries_follow_method_and_status() {
        for status in [408, 429, 500, 502, 503, 504] {
            let status = StatusCode::from_u16(status).unwrap();
            assert!(is_retryable_status(true, status), "{status}");
        }
        for status in [
            200, 304, 400, 401, 403, 404, 409, 501, 505, 511, 599, 600, 999,
        ] {
            let status = StatusCode::from_u16(status).unwrap();
            assert!(!is_retryable_status(true, status), "{status}");
        }
        assert!(is_retryable_status(false, StatusCode::TOO_MANY_REQUESTS));
        assert!(!is_retryable_status(false, StatusCode::BAD_GATEWAY));
    }

    #[test]
    fn backoff_starts_near_half_a_second_and_is_capped() {
        let policy = RetryPolicy {
            max_retries: 10,
            max_wait: Duration::from_secs(60),
        };
        let delays: Vec<Duration> = policy.backoff().collect();
        assert_eq!(delays.len(), 10);
        assert!(delays[0] >= MIN_DELAY && delays[0] < Duration::from_secs(1));
        assert!(
            delays
                .iter()
                .all(|d| *d >= MIN_DELAY && *d < Duration::from_secs(16)),
            "{delays:?}"
        );
        let off = RetryPolicy {
            max_retries: 0,
            ..policy
        };
        assert_eq!(off.backoff().count(), 0);
    }
}
