//! An in-process stand-in for CometChat, on 127.0.0.1, for tests and examples.
//!
//! It serves `GET /v3/groups/{guid}/conversation` the way CometChat does: the spec's
//! sample for `project-group`, whatever a test registered for other groups, and a
//! CometChat-shaped `404 ERR_GUID_NOT_FOUND` for the rest. It records every request.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use cometchat::mock::MockServer;
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
//! assert_eq!(server.requests().len(), 2);
//! # Ok(())
//! # }
//! ```

use std::{
    collections::HashMap,
    convert::Infallible,
    fmt,
    net::SocketAddr,
    sync::{Arc, Mutex, MutexGuard},
};

use bytes::Bytes;
use http_body_util::Full;
use hyper::{body::Incoming, service::service_fn, Method};
use reqwest::{
    header::{HeaderMap, HeaderValue, CONTENT_TYPE},
    StatusCode,
};
use serde::Serialize;
use serde_json::json;

use crate::{types::Conversation, Client};

/// The spec, whose example is the stand-in's default answer.
const SPEC: &str = include_str!("../openapi/cometchat.json");
const SAMPLE_GROUP: &str = "project-group";
const API_ROOT: &str = "/v3";

/// A running stand-in. It stops when dropped.
pub struct MockServer {
    address: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

#[derive(Default)]
struct State {
    replies: HashMap<String, Reply>,
    requests: Vec<RecordedRequest>,
}

#[derive(Clone)]
struct Reply {
    status: StatusCode,
    body: Bytes,
}

/// A request the stand-in received.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The method, such as `GET`.
    pub method: String,
    /// The path and query, such as `/v3/groups/project-group/conversation`.
    pub path: String,
    /// The headers. `apikey` is marked sensitive, so `Debug` does not show it.
    pub headers: HeaderMap,
}

impl MockServer {
    /// The API key [`MockServer::client`] sends. The stand-in accepts any non-empty key.
    pub const API_KEY: &'static str = "mock-api-key";

    /// Starts the stand-in on a free port of 127.0.0.1, inside the current Tokio
    /// runtime.
    pub async fn start() -> std::io::Result<Self> {
        let sample = sample_response()?;
        let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
        let address = listener.local_addr()?;
        let state = Arc::new(Mutex::new(State::default()));
        lock(&state).replies.insert(
            SAMPLE_GROUP.to_owned(),
            Reply {
                status: StatusCode::OK,
                body: sample,
            },
        );
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
        Client::builder()
            .base_url(self.base_url())
            .api_key(Self::API_KEY)
            .build()
    }

    /// Answers requests for `guid` with this conversation, as CometChat does: `data`
    /// holding a one-element array.
    pub fn set_conversation(&self, guid: &str, conversation: &Conversation) {
        self.set_response(guid, StatusCode::OK, &json!({ "data": [conversation] }));
    }

    /// Answers requests for `guid` with this status and JSON body, such as a
    /// [`crate::types::ErrorResponse`] or any `serde_json::Value`.
    pub fn set_response(&self, guid: &str, status: StatusCode, body: &impl Serialize) {
        // Serializing the generated types or a `Value` cannot fail; should it, the
        // body is left empty and the client reports a decode error.
        let body = serde_json::to_vec(body).unwrap_or_default();
        lock(&self.state).replies.insert(
            guid.to_owned(),
            Reply {
                status,
                body: body.into(),
            },
        );
    }

    /// Forgets `guid`, so that its requests get `404 ERR_GUID_NOT_FOUND`.
    pub fn remove_group(&self, guid: &str) {
        lock(&self.state).replies.remove(guid);
    }

    /// The requests received so far, oldest first.
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

/// The spec's sample response, compacted.
fn sample_response() -> std::io::Result<Bytes> {
    let spec: serde_json::Value = serde_json::from_str(SPEC)?;
    let sample = spec
        .pointer("/components/examples/GroupConversation/value")
        .ok_or_else(|| std::io::Error::other("the spec has no GroupConversation example"))?;
    Ok(serde_json::to_vec(sample)?.into())
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
            let response = answer(&state, request);
            async move { Ok::<_, Infallible>(response) }
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

fn answer(state: &Mutex<State>, request: hyper::Request<Incoming>) -> hyper::Response<Full<Bytes>> {
    let mut headers = request.headers().clone();
    if let Some(key) = headers.get_mut("apikey") {
        key.set_sensitive(true);
    }
    let path = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |p| p.as_str().to_owned(),
    );
    let mut state = lock(state);
    state.requests.push(RecordedRequest {
        method: request.method().to_string(),
        path: path.clone(),
        headers: headers.clone(),
    });
    let guid = path
        .strip_prefix(API_ROOT)
        .and_then(|rest| rest.strip_prefix("/groups/"))
        .and_then(|rest| rest.strip_suffix("/conversation"))
        .filter(|guid| !guid.contains('/'));
    let reply = match (request.method(), guid) {
        (&Method::GET, Some(guid)) => {
            if headers.get("apikey").is_none_or(HeaderValue::is_empty) {
                error_reply(
                    StatusCode::UNAUTHORIZED,
                    "AUTH_ERR_EMPTY_APIKEY",
                    "The apikey header is missing.".into(),
                )
            } else if headers.get("onbehalfof").is_none() {
                error_reply(
                    StatusCode::BAD_REQUEST,
                    "ERR_BAD_REQUEST",
                    "The onBehalfOf header is required.".into(),
                )
            } else {
                state.replies.get(guid).cloned().unwrap_or_else(|| {
                    error_reply(
                        StatusCode::NOT_FOUND,
                        "ERR_GUID_NOT_FOUND",
                        format!("The guid {guid} does not exist."),
                    )
                })
            }
        }
        _ => error_reply(
            StatusCode::NOT_FOUND,
            "ERR_API_NOT_FOUND",
            format!("The API {} {path} does not exist.", request.method()),
        ),
    };
    let mut response = hyper::Response::new(Full::new(reply.body));
    *response.status_mut() = reply.status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn error_reply(status: StatusCode, code: &str, message: String) -> Reply {
    let body = json!({ "error": { "code": code, "message": message } });
    Reply {
        status,
        body: body.to_string().into(),
    }
}
