//! An in-process stand-in for CometChat, on 127.0.0.1, for tests and examples.
//!
//! It serves every operation of the spec from a route table `build.rs` generates
//! from it, the way CometChat does:
//!
//! - **It answers the spec's samples**: each operation's 200 example, unless the
//!   stand-in keeps state for it.
//! - **It keeps state for conversations**, seeded from the samples (the group
//!   `project-group`, the conversations the app-level pins name): tags set with
//!   `update_*_conversation` persist, `reset_*_conversation` removes the
//!   conversation (a later `get` answers `404 ERR_GUID_NOT_FOUND` or
//!   `ERR_UID_NOT_FOUND`), `mark_*_read` sets `unreadMessageCount` to 0 and
//!   `mark_*_unread` makes it positive, pins record `pinnedBy` and `pinnedAt` (5 per
//!   user at most), app-level pins keep their order (5 at most), and
//!   `list_conversations` filters (`onBehalfOf`, `conversationType`, `unread`,
//!   `tags`, `searchKey`) and pages with `page` and `perPage`, with right
//!   `meta.pagination` numbers. One view of each conversation is kept, whoever acts.
//! - **It keeps users, groups, roles and API keys** in stores the spec describes
//!   (`x-cometchat-stores`, `x-cometchat-stand-in`), seeded from the list samples:
//!   create one, then get, list (filtered by `searchKey` and by any parameter named
//!   like a field, paged by number or by `updatedAt` cursor), update (with `unset`)
//!   and delete it; a missing one is `404` with the store's code
//!   (`ERR_UID_NOT_FOUND`, ...), a taken key `400` (`ERR_UID_ALREADY_EXISTS`, ...).
//!   Write-only fields such as a group's password are not kept. API keys are made
//!   by the stand-in.
//! - **It keeps group memberships and bans**: members added with their scopes
//!   (users the users store does not have are refused one by one), listed, moved
//!   between scopes, kicked, banned and unbanned; a deleted group takes them along.
//! - **It keeps messages**: a message sent (to a user, a group, as a bot, in a
//!   thread) is in the lists, read by cursor (`limit`, `affix`, `id`, answering
//!   `meta.current` and `meta.next`) with their filters; it moves its conversation's
//!   `lastMessage` and each user's unread count (thread replies do not). Edits and
//!   deletions (soft, or `permanent`) answer the action message CometChat sends;
//!   reactions, pins, saves and threads are kept; a missing message is `404
//!   ERR_MESSAGE_ID_NOT_FOUND`.
//! - **It refuses what the spec does not allow**, with CometChat's error body
//!   `{"error": {"code", "message", "details"}}`: a missing or wrong `apikey` (401
//!   `AUTH_ERR_EMPTY_APIKEY` or `AUTH_ERR_APIKEY_NOT_FOUND`; the key is
//!   [`MockServer::API_KEY`]), an unknown path (404 `ERR_API_NOT_FOUND`), a known
//!   path with another method (405, with `Allow`), a missing required header such
//!   as `onBehalfOf`, an id that breaks its rule, a parameter that does not parse, and
//!   a body that does not decode into the operation's request type (400
//!   `ERR_BAD_REQUEST`, with the reason in `details`; a missing field is named, as
//!   CometChat names it: `{"uid": ["The uid field is required."]}`).
//! - **Any operation's answers can be scripted** with [`MockServer::script`]: a
//!   sequence of [`Answer`]s (status, headers, body, delay), such as a 429 with
//!   `Retry-After` and then the normal answer.
//! - **It records every request** ([`MockServer::requests`]), the key shown as
//!   `***`.
//!
//! # Retries without real waits
//!
//! The client waits between retries with Tokio's timer, and scripted
//! [`Answer::delay`]s use it too. Run a test with paused time
//! (`#[tokio::test(start_paused = true)]`, or `tokio::time::pause()` on a
//! current-thread runtime) and a scripted `429` with `Retry-After: 30` is retried at
//! once in real time, while Tokio's clock moves on by 30 seconds.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use cometchat::mock::{Answer, MockServer};
//!
//! let server = MockServer::start().await?;
//! let client = server.client()?;
//! let conversation = client
//!     .get_group_conversation("project-group").on_behalf_of("cometchat-uid-4")
//!     .await?;
//! assert_eq!(conversation.conversation_id, "group_project-group");
//!
//! let error = client
//!     .get_group_conversation("no-such-group").on_behalf_of("cometchat-uid-4")
//!     .await
//!     .unwrap_err();
//! assert_eq!(error.code(), Some(&cometchat::ErrorCode::ErrGuidNotFound));
//!
//! // Rate-limited once, then answered as usual.
//! server.script(
//!     "get_group_conversation",
//!     [Answer::status(429).header("retry-after", "0")],
//! );
//! let conversation = client
//!     .get_group_conversation("project-group").on_behalf_of("cometchat-uid-4")
//!     .await?;
//! assert_eq!(conversation.conversation_id, "group_project-group");
//!
//! let requests = server.requests();
//! assert_eq!(requests.len(), 4);
//! assert_eq!(requests[0].header("apikey"), Some("***"));
//! # Ok(())
//! # }
//! ```

mod answer;
mod conversations;
mod members;
mod messages;
mod page;
mod route;
mod store;

use std::{
    collections::VecDeque,
    convert::Infallible,
    fmt,
    net::SocketAddr,
    sync::{Arc, Mutex, MutexGuard},
    time::Duration,
};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::{body::Incoming, service::service_fn};
use reqwest::{
    header::{HeaderMap, HeaderName, HeaderValue, ALLOW, CONTENT_TYPE},
    StatusCode,
};
use serde::Serialize;
use serde_json::{json, Value};

pub use answer::Answer;
use answer::{Kind, Times};
use conversations::{Conversations, Key};
use members::Members;
use messages::Messages;
pub(crate) use route::{decodes, parses, Action, Body, Location, Param, Route, Sample, StandIn};
use store::Stores;

use crate::{types::Conversation, Client};

const API_ROOT: &str = "/v3";
/// The largest request body the stand-in reads.
const MAX_BODY: usize = 1 << 20;
/// What the recorded `apikey` header shows.
const REDACTED: &str = "***";

/// A running stand-in. It stops when dropped.
pub struct MockServer {
    address: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

struct State {
    stores: Stores,
    members: Members,
    conversations: Conversations,
    messages: Messages,
    scripts: Vec<Script>,
    requests: Vec<RecordedRequest>,
}

/// A scripted sequence of answers and the requests it applies to.
struct Script {
    operation: Option<&'static str>,
    /// The path below the API root, without the query.
    path: Option<String>,
    /// For [`MockServer::set_response`]: requests whose `guid` is this.
    guid: Option<String>,
    answers: VecDeque<Answer>,
}

impl Script {
    fn applies(&self, call: &Call<'_>, path: &str) -> bool {
        self.operation.is_none_or(|op| op == call.route.operation)
            && self.path.as_deref().is_none_or(|p| p == path)
            && self
                .guid
                .as_deref()
                .is_none_or(|guid| call.param_in(Location::Path, "guid") == Some(guid))
    }

    /// The next answer, used up as its count says.
    fn next(&mut self) -> Option<Answer> {
        loop {
            let front = self.answers.front_mut()?;
            match front.times {
                Times::Always => return Some(front.clone()),
                Times::Count(0) => {
                    self.answers.pop_front();
                }
                Times::Count(left) => {
                    front.times = Times::Count(left - 1);
                    let answer = front.clone();
                    if left == 1 {
                        self.answers.pop_front();
                    }
                    return Some(answer);
                }
            }
        }
    }
}

/// A request the stand-in received.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The method, such as `GET`.
    pub method: String,
    /// The path and query, such as `/v3/groups/project-group/conversation`.
    pub path: String,
    /// The headers, with the `apikey` value replaced by `***`.
    pub headers: HeaderMap,
    /// The body, empty when there was none.
    pub body: Bytes,
    /// The operation id the request matched, such as `get_group_conversation`;
    /// `None` for a path the spec does not have.
    pub operation: Option<&'static str>,
}

impl RecordedRequest {
    /// The value of header `name` (any case), when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name.to_ascii_lowercase().as_str())?
            .to_str()
            .ok()
    }

    /// The body as JSON, or `None` when it is empty or not JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

impl MockServer {
    /// The API key the stand-in accepts, and [`MockServer::client`] sends.
    pub const API_KEY: &'static str = "mock-api-key";

    /// Starts the stand-in on a free port of 127.0.0.1, inside the current Tokio
    /// runtime.
    pub async fn start() -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
        let address = listener.local_addr()?;
        let state = Arc::new(Mutex::new(State {
            stores: Stores::seeded(),
            members: Members::seeded(),
            conversations: Conversations::seeded(),
            messages: Messages::default(),
            scripts: Vec::new(),
            requests: Vec::new(),
        }));
        let task = tokio::spawn(serve(listener, Arc::clone(&state)));
        Ok(Self {
            address,
            state,
            task,
        })
    }

    /// The API root to configure clients with, such as `http://127.0.0.1:41234/v3`.
    pub fn base_url(&self) -> String {
        format!("http://{}{API_ROOT}", self.address)
    }

    /// A client for the stand-in, sending [`Self::API_KEY`].
    pub fn client(&self) -> crate::Result<Client> {
        self.client_builder().build()
    }

    /// A builder already pointed at the stand-in with [`Self::API_KEY`], for a
    /// client with other settings (timeouts, retries).
    pub fn client_builder(&self) -> crate::ClientBuilder {
        Client::builder()
            .base_url(self.base_url())
            .api_key(Self::API_KEY)
    }

    /// The operation ids the stand-in serves: every operation of the spec.
    pub fn operations() -> impl Iterator<Item = &'static str> {
        route::all().iter().map(|route| route.operation)
    }

    /// The spec's 200 example of `operation`, the stand-in's answer when it keeps
    /// no state for the operation and nothing is scripted.
    pub fn sample(operation: &str) -> Option<Value> {
        let sample = route::find(operation)?.sample.as_ref()?;
        serde_json::from_str(sample.json).ok()
    }

    /// The name of [`MockServer::sample`]'s example in the spec's
    /// `components/examples`, such as `GroupConversation`.
    pub fn sample_name(operation: &str) -> Option<&'static str> {
        Some(route::find(operation)?.sample.as_ref()?.name)
    }

    /// Answers the next requests of `operation` (an operation id, such as
    /// `get_group_conversation`) with `answers`, in order, each once (or as
    /// [`Answer::times`] says). When they run out, the stand-in answers as it would
    /// unscripted. Requests the spec refuses (a missing header, a bad id) are
    /// refused before a script is consulted. Scripts apply in the order they were
    /// given.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use cometchat::mock::{Answer, MockServer};
    ///
    /// let server = MockServer::start().await?;
    /// server.script(
    ///     "get_group_conversation",
    ///     [
    ///         Answer::status(503).times(2),
    ///         Answer::error(403, "ERR_NOT_A_MEMBER", "Not a member."),
    ///     ],
    /// );
    /// let client = server.client()?.with_max_retries(0);
    /// let request = || client.get_group_conversation("project-group").on_behalf_of("u1");
    /// assert_eq!(request().await.unwrap_err().status().map(|s| s.as_u16()), Some(503));
    /// assert_eq!(request().await.unwrap_err().status().map(|s| s.as_u16()), Some(503));
    /// assert_eq!(request().await.unwrap_err().status().map(|s| s.as_u16()), Some(403));
    /// assert!(request().await.is_ok());
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Panics
    ///
    /// When the spec has no operation `operation`, so that a misspelt id fails the
    /// test instead of scripting nothing.
    #[track_caller]
    pub fn script(&self, operation: &str, answers: impl IntoIterator<Item = Answer>) -> &Self {
        self.add_script(operation, None, answers)
    }

    /// [`MockServer::script`] for the requests of `operation` to one path, such as
    /// `/groups/team/conversation` (the `/v3` root and a query are ignored).
    ///
    /// # Panics
    ///
    /// When the spec has no operation `operation`.
    #[track_caller]
    pub fn script_path(
        &self,
        operation: &str,
        path: &str,
        answers: impl IntoIterator<Item = Answer>,
    ) -> &Self {
        let path = path.split('?').next().unwrap_or_default();
        let path = path.strip_prefix(API_ROOT).unwrap_or(path);
        self.add_script(operation, Some(path.to_owned()), answers)
    }

    #[track_caller]
    fn add_script(
        &self,
        operation: &str,
        path: Option<String>,
        answers: impl IntoIterator<Item = Answer>,
    ) -> &Self {
        let Some(route) = route::find(operation) else {
            let known: Vec<&str> = Self::operations().collect();
            panic!(
                "the spec has no operation {operation:?}; it has {}",
                known.join(", ")
            );
        };
        lock(&self.state).scripts.push(Script {
            operation: Some(route.operation),
            path,
            guid: None,
            answers: answers.into_iter().collect(),
        });
        self
    }

    /// Forgets every script, including [`MockServer::set_response`]'s.
    pub fn clear_scripts(&self) {
        lock(&self.state).scripts.clear();
    }

    /// Keeps `conversation` as the conversation of group `guid`: `get`, `update`,
    /// `reset`, pins, reads and the list then see it. Replaces an answer
    /// [`MockServer::set_response`] set for the group.
    pub fn set_conversation(&self, guid: &str, conversation: &Conversation) {
        let mut state = lock(&self.state);
        state.scripts.retain(|s| s.guid.as_deref() != Some(guid));
        state
            .conversations
            .set(Key::Group(guid.to_owned()), to_json(conversation));
    }

    /// Keeps `conversation` under its own id: `group_{guid}` for a group's, or
    /// `{uid}_user_{uid}` for the one between two users (either acting).
    pub fn add_conversation(&self, conversation: &Conversation) {
        let value = to_json(conversation);
        let key =
            Key::of_value(&value).unwrap_or_else(|| Key::of_id(&conversation.conversation_id));
        lock(&self.state).conversations.set(key, value);
    }

    /// The conversation the stand-in keeps under `conversation_id` (as
    /// [`MockServer::add_conversation`] reads it), such as `group_project-group`.
    pub fn conversation(&self, conversation_id: &str) -> Option<Conversation> {
        let state = lock(&self.state);
        let value = state.conversations.get(&Key::of_id(conversation_id))?;
        serde_json::from_value(value.clone()).ok()
    }

    /// Answers every request on group `guid` (any operation with a `guid` in its
    /// path) with this status and JSON body, such as a
    /// [`crate::types::ErrorResponse`] or any `serde_json::Value`, until
    /// [`MockServer::set_conversation`] or [`MockServer::remove_group`]. A shorthand
    /// for a script that repeats.
    pub fn set_response(&self, guid: &str, status: StatusCode, body: &impl Serialize) {
        // Serializing the generated types or a `Value` cannot fail; should it, the
        // body is left empty and the client reports a decode error.
        let body = serde_json::to_vec(body).unwrap_or_default();
        let mut answer = Answer::stand_in().repeatedly();
        answer.kind = Kind::Body(status, body.into());
        let mut state = lock(&self.state);
        state.scripts.retain(|s| s.guid.as_deref() != Some(guid));
        state.scripts.push(Script {
            operation: None,
            path: None,
            guid: Some(guid.to_owned()),
            answers: VecDeque::from([answer]),
        });
    }

    /// Forgets group `guid` and its answers, so that its requests get `404
    /// ERR_GUID_NOT_FOUND`.
    pub fn remove_group(&self, guid: &str) {
        let mut state = lock(&self.state);
        state.scripts.retain(|s| s.guid.as_deref() != Some(guid));
        state.conversations.remove(&Key::Group(guid.to_owned()));
    }

    /// The requests received so far, oldest first, the key shown as `***`.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state).requests.clone()
    }
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        // Aborting the accept loop drops its connection tasks too.
        self.task.abort();
    }
}

/// A conversation as the state keeps it. Serializing the generated types cannot
/// fail; should it, `null` is kept and the client reports a decode error.
fn to_json(conversation: &Conversation) -> Value {
    serde_json::to_vec(conversation)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or(Value::Null)
}

/// A poisoned lock only means a test panicked mid-update; the state is still usable.
fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn serve(listener: tokio::net::TcpListener, state: Arc<Mutex<State>>) {
    let mut connections = tokio::task::JoinSet::new();
    while let Ok((stream, _)) = listener.accept().await {
        let state = Arc::clone(&state);
        let service = service_fn(move |request| {
            let state = Arc::clone(&state);
            async move { Ok::<_, Infallible>(handle(&state, request).await) }
        });
        connections.spawn(async move {
            let io = hyper_util::rt::TokioIo::new(stream);
            // A client that hangs up mid-request is not the stand-in's problem.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, service)
                .await;
        });
        // Reap finished connections so that a long test does not accumulate them.
        while connections.try_join_next().is_some() {}
    }
}

/// What the stand-in sends back.
pub(crate) struct Reply {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
    delay: Duration,
}

impl Reply {
    fn new(status: StatusCode, body: Bytes) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body,
            delay: Duration::ZERO,
        }
    }
}

/// `200` with this JSON.
pub(crate) fn ok(body: &Value) -> Reply {
    Reply::new(StatusCode::OK, body.to_string().into())
}

/// `400 ERR_BAD_REQUEST`, saying what was wrong.
pub(crate) fn bad_request(message: impl Into<String>) -> Reply {
    error(StatusCode::BAD_REQUEST, "ERR_BAD_REQUEST", message)
}

/// A number CometChat sends as a JSON number or as a string of one (ids,
/// timestamps, counts).
pub(crate) fn number<T: std::str::FromStr>(value: &Value) -> Option<T> {
    match value {
        Value::String(text) => text.parse().ok(),
        Value::Number(number) => number.to_string().parse().ok(),
        _ => None,
    }
}

/// CometChat's error body.
pub(crate) fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Reply {
    let body = json!({ "error": { "code": code, "message": message.into() } });
    Reply::new(status, body.to_string().into())
}

/// CometChat's error body, with the reason for one field in `details`.
fn refused(message: String, field: &str, reason: &str) -> Reply {
    let body = json!({ "error": {
        "code": "ERR_BAD_REQUEST",
        "message": message,
        "details": { field: [reason] },
    }});
    Reply::new(StatusCode::BAD_REQUEST, body.to_string().into())
}

/// One request matched to its route.
pub(crate) struct Call<'a> {
    pub(crate) route: &'static Route,
    path: &'a [(&'static str, String)],
    headers: &'a HeaderMap,
    query: &'a [(String, String)],
    pub(crate) body: &'a [u8],
}

impl Call<'_> {
    /// A parameter of the route by its wire name, wherever the spec puts it.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        let location = self.route.params.iter().find(|p| p.name == name)?.location;
        self.param_in(location, name)
    }

    /// Every value of a query parameter, whether repeated (`types=a&types=b`) or
    /// comma-separated (`types=a,b`).
    pub(crate) fn values(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(n, _)| n == name)
            .flat_map(|(_, v)| v.split(','))
            .filter(|v| !v.is_empty())
            .collect()
    }

    fn param_in(&self, location: Location, name: &str) -> Option<&str> {
        match location {
            Location::Path => self
                .path
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str()),
            Location::Header => self
                .headers
                .get(name.to_ascii_lowercase().as_str())
                .and_then(|v| v.to_str().ok()),
            Location::Query => self
                .query
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str()),
        }
    }

    /// The operation's sample.
    pub(crate) fn sample(&self) -> Reply {
        self.sample_with(StatusCode::OK)
    }

    fn sample_with(&self, status: StatusCode) -> Reply {
        match &self.route.sample {
            Some(sample) => Reply::new(status, Bytes::from_static(sample.json.as_bytes())),
            None => error(
                StatusCode::NOT_IMPLEMENTED,
                "ERR_NOT_IMPLEMENTED",
                format!(
                    "The spec has no example for {}; script an answer with MockServer::script.",
                    self.route.operation
                ),
            ),
        }
    }
}

async fn handle(
    state: &Mutex<State>,
    request: hyper::Request<Incoming>,
) -> hyper::Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let body = Limited::new(body, MAX_BODY)
        .collect()
        .await
        .map(|collected| collected.to_bytes());
    let reply = lock(state).receive(&parts, body.as_ref().ok());
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut response = hyper::Response::new(Full::new(reply.body));
    *response.status_mut() = reply.status;
    let headers = response.headers_mut();
    if !reply.headers.iter().any(|(name, _)| name == CONTENT_TYPE) {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    for (name, value) in reply.headers {
        headers.append(name, value);
    }
    response
}

impl State {
    /// Records a request and decides its answer. `body` is `None` when it could not
    /// be read (too large, cut short).
    fn receive(&mut self, parts: &http::request::Parts, body: Option<&Bytes>) -> Reply {
        let mut headers = parts.headers.clone();
        // `insert` replaces every value, should a client send the key twice.
        if headers.contains_key("apikey") {
            headers.insert("apikey", HeaderValue::from_static(REDACTED));
        }
        let path = parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
        let (operation, reply) = match body {
            Some(body) => self.decide(parts, body),
            None => (
                None,
                error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "ERR_BAD_REQUEST",
                    format!("The request body could not be read within {MAX_BODY} bytes."),
                ),
            ),
        };
        self.requests.push(RecordedRequest {
            method: parts.method.to_string(),
            path,
            headers,
            body: body.cloned().unwrap_or_default(),
            operation,
        });
        reply
    }

    fn decide(
        &mut self,
        parts: &http::request::Parts,
        body: &Bytes,
    ) -> (Option<&'static str>, Reply) {
        let method = parts.method.as_str();
        let full_path = parts.uri.path();
        let not_found = || {
            error(
                StatusCode::NOT_FOUND,
                "ERR_API_NOT_FOUND",
                format!(
                    "The API {method} {} does not exist.",
                    crate::redact::printable(full_path, 256)
                ),
            )
        };
        let Some(path) = full_path
            .strip_prefix(API_ROOT)
            .filter(|rest| rest.starts_with('/'))
        else {
            return (None, not_found());
        };
        match parts.headers.get("apikey").map(HeaderValue::as_bytes) {
            None | Some(b"") => {
                let reply = error(
                    StatusCode::UNAUTHORIZED,
                    "AUTH_ERR_EMPTY_APIKEY",
                    "The apikey header is missing or empty.",
                );
                return (None, reply);
            }
            Some(key) if key != MockServer::API_KEY.as_bytes() => {
                let reply = error(
                    StatusCode::UNAUTHORIZED,
                    "AUTH_ERR_APIKEY_NOT_FOUND",
                    "The apikey is not a key of this app.",
                );
                return (None, reply);
            }
            Some(_) => {}
        }
        let (route, path_params) = match route::matching(method, path) {
            route::Matched::Route(route, params) => (route, params),
            route::Matched::NotFound => return (None, not_found()),
            route::Matched::WrongMethod(methods) => {
                let allow = methods.join(", ");
                let mut reply = error(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "ERR_API_NOT_FOUND",
                    format!("The API {method} {full_path} does not exist; it takes {allow}."),
                );
                if let Ok(allow) = HeaderValue::try_from(allow) {
                    reply.headers.push((ALLOW, allow));
                }
                return (None, reply);
            }
        };
        let query: Vec<(String, String)> = parts
            .uri
            .query()
            .map(|query| {
                url::form_urlencoded::parse(query.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        let call = Call {
            route,
            path: &path_params,
            headers: &parts.headers,
            query: &query,
            body,
        };
        let reply = match check(&call) {
            Err(reply) => reply,
            Ok(()) => self.answer(&call, path),
        };
        (Some(route.operation), reply)
    }

    /// A scripted answer, or the stand-in's own.
    fn answer(&mut self, call: &Call<'_>, path: &str) -> Reply {
        let scripted = self
            .scripts
            .iter_mut()
            .filter(|script| script.applies(call, path))
            .find_map(Script::next);
        self.scripts.retain(|script| !script.answers.is_empty());
        let Some(answer) = scripted else {
            return self.unscripted(call);
        };
        let mut reply = match answer.kind {
            Kind::StandIn => self.unscripted(call),
            Kind::Sample(status) => call.sample_with(status),
            Kind::Status(status) => error(
                status,
                &answer::code_for(status),
                format!("A scripted {status} for {}.", call.route.operation),
            ),
            Kind::Body(status, body) => Reply::new(status, body),
        };
        reply.headers.extend(answer.headers);
        reply.delay = answer.delay;
        reply
    }

    fn unscripted(&mut self, call: &Call<'_>) -> Reply {
        if let Some((reply, sent)) = self.messages.answer(call, &self.stores) {
            if let Some(message) = sent {
                self.conversations.record(&message);
            }
            return reply;
        }
        self.members
            .answer(call, &self.stores)
            .or_else(|| self.stores.answer(call))
            .or_else(|| self.conversations.answer(call, &self.messages))
            .unwrap_or_else(|| call.sample())
    }
}

/// The request body as JSON; the route has checked its shape already.
pub(crate) fn body(call: &Call<'_>) -> Value {
    serde_json::from_slice(call.body).unwrap_or(Value::Null)
}

/// The time now, in Unix seconds, as CometChat stamps what changes.
pub(crate) fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// Checks a request against its route: required parameters are present, every
/// parameter parses as its type (ids by their rule), and the body decodes into the
/// operation's request type.
fn check(call: &Call<'_>) -> Result<(), Reply> {
    for param in call.route.params {
        let name = param.name;
        let (place, value) = match param.location {
            Location::Path => ("path parameter", call.param_in(Location::Path, name)),
            Location::Query => ("query parameter", call.param_in(Location::Query, name)),
            Location::Header => {
                let raw = call.headers.get(name.to_ascii_lowercase().as_str());
                match raw.map(HeaderValue::to_str) {
                    Some(Err(_)) => {
                        return Err(refused(
                            format!("The {name} header is not text."),
                            name,
                            "it is not text",
                        ))
                    }
                    Some(Ok(value)) => ("header", Some(value)),
                    None => ("header", None),
                }
            }
        };
        match value {
            None if param.required => {
                return Err(refused(
                    format!("The {name} {place} is required."),
                    name,
                    "it is required",
                ));
            }
            None => {}
            Some(value) => {
                if let Err(reason) = (param.check)(value) {
                    return Err(refused(
                        format!(
                            "The {name} {place} {} is not valid: {reason}.",
                            crate::redact::quote(value)
                        ),
                        name,
                        &reason,
                    ));
                }
            }
        }
    }
    if let Some(body) = &call.route.body {
        if call.body.is_empty() {
            if body.required {
                return Err(refused(
                    "The request body is required.".to_owned(),
                    "body",
                    "it is required",
                ));
            }
        } else if let Err(reason) = (body.check)(call.body) {
            // As CometChat does, a missing field is named in `details`.
            let missing = reason
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split_once('`'))
                .map(|(field, _)| field);
            return Err(match missing {
                Some(field) => {
                    let reason = format!("The {field} field is required.");
                    refused(reason.clone(), field, &reason)
                }
                None => refused(
                    "The request body does not match the operation's schema.".to_owned(),
                    "body",
                    &reason,
                ),
            });
        }
    }
    Ok(())
}
