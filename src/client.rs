//! The façade: [`Client`] and its operations, over the generated client.

use std::{sync::Arc, time::Duration};

use progenitor_client::ClientInfo;

use crate::{generated as raw, transport::TransportSettings};

/// A CometChat REST API client.
///
/// Cheap to clone (one reference count): clones share one connection pool, so build
/// one client and pass it around. It is `Send + Sync`.
///
/// Every operation is a method (`client.get_group_conversation("project-group")`)
/// that returns a request to complete with setters and await. Each is sent with the `apikey` header, is bounded by a timeout for the
/// whole call (30 s by default) and one per attempt (10 s), and is retried (2 retries
/// by default) after timeouts, failed connections, and 408, 429, 500, 502, 503 and
/// 504 answers. Retries back off exponentially from 0.5 s with jitter; a server's
/// `Retry-After` (or, on a 429, the rate-limit reset) can lengthen a wait up to
/// [`crate::ClientBuilder::max_retry_wait`], never shorten it. Redirects are never followed.
#[derive(Clone, Debug)]
pub struct Client {
    raw: Arc<raw::Client>,
}

impl Client {
    pub(crate) fn from_parts(raw: raw::Client) -> Self {
        Self { raw: Arc::new(raw) }
    }

    /// The generated client, whose builders the generated operations send through.
    pub(crate) fn raw(&self) -> &raw::Client {
        &self.raw
    }

    /// The API root requests go to, such as `https://myapp.api-us.cometchat.io/v3`.
    pub fn base_url(&self) -> &str {
        self.raw.baseurl()
    }

    /// A client sharing this one's connection pool whose calls each get `timeout` in
    /// all (retries and waits included) instead; see [`crate::ClientBuilder::timeout`]. A
    /// zero duration is taken as one millisecond.
    pub fn with_timeout(&self, timeout: Duration) -> Self {
        self.with_settings(|settings| settings.timeout = at_least_a_millisecond(timeout))
    }

    /// A client sharing this one's connection pool whose attempts each get `timeout`
    /// instead; see [`crate::ClientBuilder::attempt_timeout`]. A zero duration is taken as
    /// one millisecond.
    pub fn with_attempt_timeout(&self, timeout: Duration) -> Self {
        self.with_settings(|settings| {
            settings.attempt_timeout = at_least_a_millisecond(timeout);
        })
    }

    /// A client sharing this one's connection pool whose requests are retried up to
    /// `retries` times instead; 0 turns retries off.
    pub fn with_max_retries(&self, retries: u32) -> Self {
        self.with_settings(|settings| settings.retry.max_retries = retries)
    }

    fn with_settings(&self, change: impl FnOnce(&mut TransportSettings)) -> Self {
        let mut raw = raw::Client::clone(&self.raw);
        change(&mut raw.inner.settings);
        Self::from_parts(raw)
    }
}

fn at_least_a_millisecond(timeout: Duration) -> Duration {
    timeout.max(Duration::from_millis(1))
}
