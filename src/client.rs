//! The façade: [`Client`] and its operations, over the generated client.

use std::{future::Future, pin::Pin, sync::Arc, time::Duration};

use progenitor_client::ClientInfo;
use serde::de::DeserializeOwned;

use crate::{
    error::{self, DecodeError},
    raw,
    redact::quote,
    transport::{CallRecord, Recorded, TransportSettings},
    types::{self, Conversation},
    wire::{Guid, InvalidId, OneOrMany, Uid},
    Error, Result,
};

/// A CometChat REST API client.
///
/// Cheap to clone (one reference count): clones share one connection pool, so build
/// one client and pass it around. It is `Send + Sync`.
///
/// Every operation, through this façade or through the raw builders of
/// [`Client::raw`], is sent with the `apikey` header, is bounded by a timeout for the
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

    /// The generated client, whose per-operation builders return the raw response
    /// (status, headers and typed body) and progenitor's error type. The transport
    /// (key, timeouts, retries, body ceiling) applies to it too.
    pub fn raw(&self) -> &raw::Client {
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

    /// Fetches a group's conversation as the user `on_behalf_of` sees it.
    ///
    /// `guid` and `on_behalf_of` must be CometChat ids (1 to 100 letters, digits,
    /// `-` or `_`); anything else is refused before a request is sent. CometChat
    /// sends `data` as one object or as a one-element array; either way this returns
    /// the conversation.
    ///
    /// ```no_run
    /// # async fn run() -> cometchat::Result<()> {
    /// let client = cometchat::Client::from_env()?;
    /// let conversation = client
    ///     .get_group_conversation("project-group", "cometchat-uid-4")
    ///     .await?;
    /// println!("{} unread", conversation.unread_message_count.map_or(0, |n| n.get()));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn get_group_conversation(
        &self,
        guid: &str,
        on_behalf_of: &str,
    ) -> Result<Conversation> {
        let guid = id::<Guid>("guid", guid)?;
        let on_behalf_of = id::<Uid>("on_behalf_of", on_behalf_of)?;
        let request = self
            .raw
            .get_group_conversation()
            .guid(guid)
            .on_behalf_of(on_behalf_of);
        let mut call = std::pin::pin!(CallRecord::scope(request.send()));
        let response = match call.as_mut().await {
            Ok(response) => response,
            Err(error) => {
                return Err(self
                    .error::<types::GroupConversationResponse>(error, call)
                    .await)
            }
        };
        one_conversation(response.into_inner().data)
    }

    /// Maps a failed generated operation to this crate's [`Error`], with what the
    /// transport recorded. `T` is the operation's success type, used to name the
    /// failing field of a body that does not decode. Boxed, so that the rare error
    /// path does not grow every call's future.
    fn error<'a, T: DeserializeOwned + 'a>(
        &'a self,
        error: progenitor_client::Error<types::ErrorResponse>,
        call: Pin<&mut Recorded<impl Future>>,
    ) -> Pin<Box<dyn Future<Output = Error> + Send + 'a>> {
        let record = CallRecord::take(call);
        Box::pin(error::from_progenitor::<T>(
            error,
            record,
            self.raw.inner.api_key(),
        ))
    }
}

fn at_least_a_millisecond(timeout: Duration) -> Duration {
    timeout.max(Duration::from_millis(1))
}

/// Checks an id before anything is built from it.
fn id<T>(name: &'static str, value: &str) -> Result<T>
where
    T: std::str::FromStr<Err = InvalidId>,
{
    value.parse().map_err(|reason| {
        Error::invalid_input(
            name,
            format!(
                "{} is not a CometChat id, which is 1 to 100 letters, digits, '-' or '_' \
                 ({reason})",
                quote(value)
            ),
        )
    })
}

fn one_conversation(data: OneOrMany<Conversation>) -> Result<Conversation> {
    let count = data.len();
    let mut conversations = data.into_iter();
    match (conversations.next(), count) {
        (Some(conversation), 1) => Ok(conversation),
        (None, _) => Err(Error::Decode(Box::new(DecodeError::shape(
            "`data` holds no conversation",
        )))),
        (Some(_), count) => Err(Error::Decode(Box::new(DecodeError::shape(format!(
            "`data` holds {count} conversations where one was expected; use Client::raw to \
             read them all"
        ))))),
    }
}
