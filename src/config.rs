//! Client configuration: where requests go, with which key, and how patiently.

use std::{fmt, str::FromStr, time::Duration};

use reqwest::{header::HeaderValue, Url};

use crate::{
    redact::{self, quote},
    transport::{Transport, TransportSettings},
    Client, Error, Result,
};

/// The region a CometChat app was created in. It picks the API host.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Region {
    /// United States: `api-us.cometchat.io`.
    #[default]
    Us,
    /// Europe: `api-eu.cometchat.io`.
    Eu,
    /// India: `api-in.cometchat.io`.
    In,
}

impl Region {
    /// The region as it appears in the host name and in `COMETCHAT_REGION`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Region::Us => "us",
            Region::Eu => "eu",
            Region::In => "in",
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Region {
    type Err = Error;

    /// Parses `us`, `eu` or `in`, in any case.
    fn from_str(text: &str) -> Result<Self> {
        [Region::Us, Region::Eu, Region::In]
            .into_iter()
            .find(|region| text.eq_ignore_ascii_case(region.as_str()))
            .ok_or_else(|| Region::unknown(text))
    }
}

impl Region {
    fn unknown(text: &str) -> Error {
        Error::config(format!(
            "unknown region {}: use us, eu or in (the region shown for the app in the \
             CometChat dashboard), or set a base URL",
            quote(text)
        ))
    }
}

/// Builds a [`Client`]. Start with [`Client::builder`] or [`ClientBuilder::from_env`].
///
/// ```
/// use std::time::Duration;
///
/// let client = cometchat::Client::builder()
///     .app_id("myapp")
///     .region(cometchat::Region::Eu)
///     .api_key("0123456789abcdef0123456789abcdef01234567")
///     .timeout(Duration::from_secs(10))
///     .build()?;
/// assert_eq!(client.base_url(), "https://myapp.api-eu.cometchat.io/v3");
/// # Ok::<(), cometchat::Error>(())
/// ```
///
/// | Setting | Default | Environment |
/// |---|---|---|
/// | [`app_id`](Self::app_id) | required unless `base_url` is set | `COMETCHAT_APP_ID` |
/// | [`region`](Self::region) | [`Region::Us`] | `COMETCHAT_REGION` |
/// | [`api_key`](Self::api_key) | required | `COMETCHAT_API_KEY` |
/// | [`base_url`](Self::base_url) | `https://{app_id}.api-{region}.cometchat.io/v3` | `COMETCHAT_BASE_URL` |
/// | [`timeout`](Self::timeout) | 30 s for the whole call, retries and waits included | |
/// | [`attempt_timeout`](Self::attempt_timeout) | 10 s per attempt | |
/// | [`connect_timeout`](Self::connect_timeout) | 5 s | |
/// | [`max_retries`](Self::max_retries) | 2 (3 attempts) | |
/// | [`max_retry_wait`](Self::max_retry_wait) | 60 s | |
/// | [`max_body_size`](Self::max_body_size) | 4 MiB | |
#[derive(Clone, Default)]
pub struct ClientBuilder {
    app_id: Option<String>,
    region: Region,
    /// A `COMETCHAT_REGION` that did not parse: an error only if the region is used.
    unknown_region: Option<String>,
    api_key: Option<ApiKey>,
    base_url: Option<String>,
    allow_insecure_http: bool,
    connect_timeout: Option<Duration>,
    http_client: Option<reqwest::Client>,
    transport: TransportSettings,
}

impl ClientBuilder {
    /// Default time allowed for a whole call: every attempt, and the waits between
    /// them. No call takes longer.
    pub const DEFAULT_TIMEOUT: Duration = TransportSettings::DEFAULT_TIMEOUT;
    /// Default time allowed for one attempt, from sending the request to the last
    /// byte of the response.
    pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = TransportSettings::DEFAULT_ATTEMPT_TIMEOUT;
    /// Default time allowed to open a connection.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
    /// Default ceiling on a response body: 4 MiB, far above any conversation.
    pub const DEFAULT_MAX_BODY_SIZE: usize = TransportSettings::DEFAULT_MAX_BODY_SIZE;

    /// The environment variables [`from_env`](Self::from_env) reads.
    pub const ENVIRONMENT: [&'static str; 4] = [
        "COMETCHAT_APP_ID",
        "COMETCHAT_REGION",
        "COMETCHAT_API_KEY",
        "COMETCHAT_BASE_URL",
    ];

    /// Reads `COMETCHAT_APP_ID`, `COMETCHAT_REGION` (default `us`), `COMETCHAT_API_KEY`
    /// and `COMETCHAT_BASE_URL`. Unset variables are left at their defaults. A
    /// variable that is set but empty is an error naming it: it is usually a secret
    /// that did not expand, and silently ignoring it would send requests elsewhere.
    /// An unknown region is an error only when no base URL makes it irrelevant.
    pub fn from_env() -> Result<Self> {
        let [app_id, region, api_key, base_url] = Self::ENVIRONMENT;
        let mut builder = Self::default();
        if let Some(app_id) = env_var(app_id)? {
            builder = builder.app_id(app_id);
        }
        if let Some(api_key) = env_var(api_key)? {
            builder = builder.api_key(api_key);
        }
        if let Some(base_url) = env_var(base_url)? {
            builder = builder.base_url(base_url);
        }
        if let Some(region) = env_var(region)? {
            match region.parse() {
                Ok(region) => builder = builder.region(region),
                Err(_) => builder.unknown_region = Some(region),
            }
        }
        Ok(builder)
    }

    /// The app id from the CometChat dashboard.
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.app_id = Some(app_id.into());
        self
    }

    /// The region the app was created in.
    pub fn region(mut self, region: Region) -> Self {
        self.region = region;
        self.unknown_region = None;
        self
    }

    /// A REST API key with fullAccess scope. It is sent only as the `apikey` header,
    /// marked sensitive, and never printed.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(ApiKey(api_key.into()));
        self
    }

    /// The API root to use instead of `https://{app_id}.api-{region}.cometchat.io/v3`:
    /// a proxy, one of CometChat's other domains, or a local stand-in such as
    /// `http://127.0.0.1:8080/v3`.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Allows a plain `http://` base URL on a host other than loopback. Off by default,
    /// because the API key would cross the network in clear text.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Time allowed for a whole call: every attempt, and the waits between them. A
    /// wait that would cross it is not slept; the error returns at once, with
    /// [`Error::retry_after`] set. Default [`Self::DEFAULT_TIMEOUT`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.transport.timeout = timeout;
        self
    }

    /// Time allowed for one attempt, from sending the request to the last byte of the
    /// response; a slow attempt is retried while the call's
    /// [`timeout`](Self::timeout) allows. Default [`Self::DEFAULT_ATTEMPT_TIMEOUT`].
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.transport.attempt_timeout = timeout;
        self
    }

    /// Time allowed to open a connection. Default [`Self::DEFAULT_CONNECT_TIMEOUT`].
    /// Ignored with [`http_client`](Self::http_client), whose own setting applies.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How many times a failed attempt is retried; 0 turns retries off. Default 2.
    /// See [`Client`] for what is retried.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.transport.retry.max_retries = retries;
        self
    }

    /// The longest wait the client sleeps through when the server asks it to wait
    /// (`Retry-After` or a rate-limit reset). A longer wait is not slept: the error
    /// returns at once, with [`Error::retry_after`] set. Default 60 s.
    pub fn max_retry_wait(mut self, wait: Duration) -> Self {
        self.transport.retry.max_wait = wait;
        self
    }

    /// The largest response body accepted, in bytes. Default
    /// [`Self::DEFAULT_MAX_BODY_SIZE`].
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.transport.max_body_size = bytes;
        self
    }

    /// Sends requests through this `reqwest::Client` instead of one the SDK builds.
    ///
    /// The SDK still adds the key, the per-attempt timeout, retries and the body
    /// ceiling to every request. The client's own redirect policy, connect timeout,
    /// proxy and TLS settings apply instead of the SDK's: build it with
    /// `redirect(reqwest::redirect::Policy::none())`, or a redirect could carry the
    /// key to another host.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Checks the settings and builds the client. Nothing is sent.
    pub fn build(self) -> Result<Client> {
        for (name, timeout) in [
            ("timeout", self.transport.timeout),
            ("attempt_timeout", self.transport.attempt_timeout),
        ] {
            if timeout.is_zero() {
                return Err(Error::config(format!(
                    "the {name} is zero, so no request could be sent: give it a positive \
                     duration"
                )));
            }
        }
        let api_key = self
            .api_key
            .as_ref()
            .map(|key| key.0.as_str())
            .ok_or_else(|| {
                Error::config(
                    "no API key: set COMETCHAT_API_KEY or call ClientBuilder::api_key with a \
                     REST API key (fullAccess scope) from the CometChat dashboard",
                )
            })
            .and_then(api_key_header)?;
        let base_url =
            match (&self.base_url, &self.app_id) {
                (Some(base_url), _) => {
                    checked_base_url(base_url, self.allow_insecure_http, api_key.as_bytes())?
                }
                (None, Some(app_id)) => {
                    if let Some(region) = &self.unknown_region {
                        return Err(Region::unknown(&redact::scrub(region, api_key.as_bytes())));
                    }
                    check_app_id(app_id, api_key.as_bytes())?;
                    format!("https://{app_id}.api-{}.cometchat.io/v3", self.region)
                }
                (None, None) => return Err(Error::config(
                    "no app id: set COMETCHAT_APP_ID or call ClientBuilder::app_id with the app \
                     id from the CometChat dashboard (or set a base URL)",
                )),
            };
        install_ring_provider();
        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                // CometChat does not redirect. Following one could hand the key to
                // another host, so a redirect is returned as an error instead.
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(
                    self.connect_timeout
                        .unwrap_or(Self::DEFAULT_CONNECT_TIMEOUT),
                )
                .user_agent(concat!("cometchat-rust/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| {
                    Error::config(format!(
                        "cannot build the HTTP client: {}",
                        redact::printable(&e.without_url().to_string(), 200)
                    ))
                })?,
        };
        let transport = Transport::new(api_key, self.transport);
        Ok(Client::from_parts(
            crate::generated::Client::new_with_client(&base_url, http, transport),
        ))
    }
}

/// Shows no secret: the key is redacted, and the base URL loses its user info and
/// query, as in every error.
impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = self
            .api_key
            .as_ref()
            .map_or(&[][..], |key| key.0.as_bytes());
        let base_url = self
            .base_url
            .as_deref()
            .map(|url| redact::Shown(redact::url(url, key)));
        f.debug_struct("ClientBuilder")
            .field(
                "app_id",
                &self.app_id.as_deref().map(|id| redact::scrub(id, key)),
            )
            .field("region", &self.region)
            .field(
                "unknown_region",
                &self
                    .unknown_region
                    .as_deref()
                    .map(|region| redact::scrub(region, key)),
            )
            .field("api_key", &self.api_key)
            .field("base_url", &base_url)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("connect_timeout", &self.connect_timeout)
            .field("http_client", &self.http_client)
            .field("transport", &self.transport)
            .finish()
    }
}

/// The ways to start a [`Client`], kept beside the configuration they start.
impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from `COMETCHAT_APP_ID`, `COMETCHAT_REGION`,
    /// `COMETCHAT_API_KEY` and `COMETCHAT_BASE_URL`; see [`ClientBuilder::from_env`].
    pub fn from_env() -> Result<Self> {
        ClientBuilder::from_env()?.build()
    }
}

/// With `rustls-ring`, makes ring rustls's process-wide crypto provider unless one is
/// installed already (by the application, or an earlier client): reqwest's
/// `rustls-no-provider` needs one before a client is built.
fn install_ring_provider() {
    #[cfg(feature = "rustls-ring")]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race to another thread's install is fine: a provider is set.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// The API key until the client is built; `Debug` never shows it.
#[derive(Clone)]
struct ApiKey(String);

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("*** redacted ***")
    }
}

/// The key as a header value, marked sensitive so that no `Debug` shows it.
fn api_key_header(key: &str) -> Result<HeaderValue> {
    // The message never echoes the key.
    let problem = if key.is_empty() {
        Some("is empty")
    } else if key.len() > 100 {
        Some("is longer than 100 characters")
    } else if !key.bytes().all(|b| b.is_ascii_graphic()) {
        Some("contains a space, a line break or a non-ASCII character")
    } else {
        None
    };
    if let Some(problem) = problem {
        return Err(Error::config(format!(
            "the API key {problem}: copy the REST API key again from the CometChat dashboard"
        )));
    }
    let mut value = HeaderValue::from_str(key)
        .map_err(|_| Error::config("the API key cannot be sent as a header value"))?;
    value.set_sensitive(true);
    Ok(value)
}

/// App ids become a DNS label of the API host, so only a valid label is accepted:
/// no value can move requests to another host. The key in its place (variables
/// swapped) is refused without being quoted.
fn check_app_id(app_id: &str, api_key: &[u8]) -> Result<()> {
    if redact::scrub(app_id, api_key) != app_id {
        return Err(Error::config(
            "the app id holds the API key: check that COMETCHAT_APP_ID and \
             COMETCHAT_API_KEY are not swapped",
        ));
    }
    let valid = (1..=63).contains(&app_id.len())
        && app_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !app_id.starts_with('-')
        && !app_id.ends_with('-');
    if valid {
        Ok(())
    } else {
        Err(Error::config(format!(
            "invalid app id {}: an app id is 1 to 63 letters, digits and inner hyphens; copy it \
             from the CometChat dashboard",
            quote(&redact::scrub(app_id, api_key))
        )))
    }
}

/// The base URL without a trailing slash, after checking that it is an absolute
/// `https` URL (or `http` on loopback, or with the opt-in) with no credentials,
/// query or fragment, and without the key in it. The URL is never quoted as given:
/// [`redact::url`] removes what could be a secret first.
fn checked_base_url(text: &str, allow_insecure_http: bool, api_key: &[u8]) -> Result<String> {
    let invalid = |why: &str| {
        Error::config(format!(
            "invalid base URL {}: {why}",
            redact::url(text, api_key)
        ))
    };
    let url = Url::parse(text).map_err(|e| {
        invalid(&format!(
            "{e}; expected e.g. https://myapp.api-us.cometchat.io/v3"
        ))
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "remove the user name and password; the key goes in ClientBuilder::api_key",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("remove the query and the fragment"));
    }
    if redact::scrub(text, api_key) != text {
        return Err(invalid(
            "it contains the API key, which would then appear in logs; the key goes in \
             ClientBuilder::api_key only",
        ));
    }
    match url.scheme() {
        "https"
            if !cfg!(any(
                feature = "rustls",
                feature = "rustls-ring",
                feature = "native-tls"
            )) =>
        {
            return Err(invalid(
                "this build has no TLS: enable the `rustls` (default), `rustls-ring` or \
                 `native-tls` feature",
            ))
        }
        "https" => {}
        "http" if allow_insecure_http || is_loopback(&url) => {}
        "http" => {
            return Err(invalid(
                "plain http would send the API key in clear text; use https, a loopback \
                 host, or ClientBuilder::allow_insecure_http(true)",
            ))
        }
        _ => return Err(invalid("use an https:// URL")),
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// An environment variable, or `None` when it is unset. Set but empty, or not
/// UTF-8, it is an error that names it.
fn env_var(name: &str) -> Result<Option<String>> {
    match std::env::var(name) {
        Ok(value) if value.trim().is_empty() => Err(Error::config(format!(
            "{name} is set but empty (a secret that did not expand?): set it to the value \
             shown in the CometChat dashboard, or unset it"
        ))),
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::config(format!(
            "{name} is not valid UTF-8; set it to the value shown in the CometChat dashboard"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whichever TLS feature the crate is built with, an https client builds: with
    /// `rustls-ring`, reqwest would panic here if no crypto provider were installed.
    #[test]
    fn an_https_client_builds_with_the_compiled_tls() {
        let client = Client::builder()
            .base_url("https://app.api-us.cometchat.io/v3")
            .api_key("0123456789abcdef")
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "https://app.api-us.cometchat.io/v3");
    }
}
