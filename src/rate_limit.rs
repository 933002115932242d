//! The rate-limit state CometChat reports in response headers.

use reqwest::header::HeaderMap;

/// Rate-limit state from one response. CometChat sends the headers under two
/// spellings, `X-RateLimit-*` and `X-Rate-Limit*`; both are read.
///
/// Available on every error through [`crate::Error::rate_limit`], and on raw
/// responses through [`RateLimit::from_headers`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RateLimit {
    /// Requests allowed in the current window.
    pub limit: Option<u64>,
    /// Requests left in the current window.
    pub remaining: Option<u64>,
    /// When the window resets, in Unix seconds.
    pub reset: Option<u64>,
}

impl RateLimit {
    /// Reads the state from response headers. Missing or malformed headers give `None`.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        Self {
            limit: first_number(headers, &["x-ratelimit-limit", "x-rate-limit"]),
            remaining: first_number(
                headers,
                &["x-ratelimit-remaining", "x-rate-limit-remaining"],
            ),
            reset: first_number(headers, &["x-ratelimit-reset", "x-rate-limit-reset"]),
        }
    }

    /// Whether the response carried no rate-limit headers at all.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

fn first_number(headers: &HeaderMap, names: &[&str]) -> Option<u64> {
    names
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok()?.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_are_read() {
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-limit", "20000".parse().unwrap());
        headers.insert("x-rate-limit-remaining", "17".parse().unwrap());
        headers.insert("x-rate-limit-reset", " 1700000000 ".parse().unwrap());
        let state = RateLimit::from_headers(&headers);
        assert_eq!(
            (state.limit, state.remaining, state.reset),
            (Some(20000), Some(17), Some(1_700_000_000))
        );
        assert!(!state.is_empty());
    }

    #[test]
    fn malformed_values_are_ignored() {
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-limit", "lots".parse().unwrap());
        headers.insert("x-ratelimit-remaining", "-1".parse().unwrap());
        assert!(RateLimit::from_headers(&headers).is_empty());
    }
}
