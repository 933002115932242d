//! The escape hatch: a call to an endpoint or parameter the spec does not have yet
//! (CometChat adds them before any SDK can), through the same transport as every
//! operation (key, retries, deadline, body ceiling) and the same error mapping,
//! answering raw JSON.

use std::{fmt, future::IntoFuture, pin::Pin};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo, ResponseValue};
use reqwest::{header, Method};
use serde::Serialize;

use crate::{call, redact::quote, wire::RawJson, wire::Uid, Client, Error, Response, Result};

/// What tracing spans name an escape-hatch call.
const OPERATION: OperationInfo = OperationInfo {
    operation_id: "request",
};

/// The longest path accepted.
const MAX_PATH: usize = 2048;

impl Client {
    /// A call to `path` (under the API root, such as `/users/cometchat-uid-1/presence`)
    /// that the typed operations do not cover yet. It goes through the same transport
    /// as every operation: the key, retries, the call's timeout, the body ceiling and
    /// the error mapping. It answers the body as exact JSON text ([`RawJson`]), which
    /// [`RawJson::parse`] reads into a type of yours.
    ///
    /// The path is checked before anything is sent: segments of letters, digits,
    /// `-`, `_` and `.` (not `.` or `..` alone); parameters go in
    /// [`query`](RawRequest::query), never in the path.
    ///
    /// ```no_run
    /// # async fn run(client: cometchat::Client) -> cometchat::Result<()> {
    /// use cometchat::reqwest::Method;
    ///
    /// let answer = client
    ///     .request(Method::GET, "/users/cometchat-uid-1/conversation")
    ///     .on_behalf_of("cometchat-uid-2")
    ///     .query("withTags", "true")
    ///     .await?;
    /// let body: serde_json::Value = answer.parse().unwrap();
    /// # Ok(())
    /// # }
    /// ```
    pub fn request(&self, method: Method, path: impl Into<String>) -> RawRequest<'_> {
        RawRequest {
            client: self,
            method,
            path: path.into(),
            query: Vec::new(),
            on_behalf_of: None,
            body: None,
        }
    }
}

/// A call made with [`Client::request`]: set its parameters, then await it.
#[derive(Clone)]
#[must_use = "a request does nothing until it is awaited"]
pub struct RawRequest<'a> {
    client: &'a Client,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    on_behalf_of: Option<String>,
    body: Option<std::result::Result<Vec<u8>, String>>,
}

impl fmt::Debug for RawRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The body and the query are the caller's data; they are not printed.
        f.debug_struct("RawRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query.len())
            .field("on_behalf_of", &self.on_behalf_of)
            .field("body", &self.body.is_some())
            .finish()
    }
}

impl<'a> RawRequest<'a> {
    /// Adds a query parameter; it is percent-encoded.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// The user on whose behalf the call is made (the `onBehalfOf` header).
    pub fn on_behalf_of(mut self, uid: impl Into<String>) -> Self {
        self.on_behalf_of = Some(uid.into());
        self
    }

    /// A JSON body.
    pub fn json(mut self, body: &impl Serialize) -> Self {
        self.body = Some(serde_json::to_vec(body).map_err(|e| e.to_string()));
        self
    }

    /// Sends the request: the same as awaiting it.
    pub async fn send(self) -> Result<Response<RawJson>> {
        let Self {
            client,
            method,
            path,
            query,
            on_behalf_of,
            body,
        } = self;
        check_path(&path)?;
        let on_behalf_of = on_behalf_of
            .map(|uid| call::id::<Uid>("on_behalf_of", &uid))
            .transpose()?;
        let body = call::body(body)?;
        let raw = client.raw();
        let mut request = raw
            .client()
            .request(method, format!("{}{path}", raw.baseurl()))
            .header(header::ACCEPT, "application/json")
            .query(&query);
        if let Some(uid) = on_behalf_of {
            request = request.header("onBehalfOf", uid.as_str());
        }
        if let Some(body) = body {
            request = request
                .header(header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let request = request
            .build()
            .map_err(|e| Error::invalid_input("request", e.without_url().to_string()))?;
        call::send(client, exchange(raw, request), call::Hidden::NONE).await
    }
}

/// One exchange through the generated client's hooks, answered the way generated
/// operations answer, so that [`call::send`] maps it like any of them.
async fn exchange(
    raw: &crate::generated::Client,
    mut request: reqwest::Request,
) -> std::result::Result<ResponseValue<RawJson>, progenitor_client::Error<()>> {
    use progenitor_client::Error as Raw;
    raw.pre::<()>(&mut request, &OPERATION).await?;
    let response = raw
        .exec(request, &OPERATION)
        .await
        .map_err(Raw::CommunicationError)?;
    match response.status() {
        status if status.is_success() && response.content_length() == Some(0) => {
            let empty = ResponseValue::empty(response);
            let (status, headers) = (empty.status(), empty.headers().clone());
            Ok(ResponseValue::new(RawJson::null(), status, headers))
        }
        status if status.is_success() => ResponseValue::from_response(response).await,
        _ => Err(Raw::UnexpectedResponse(response)),
    }
}

/// A path under the API root that cannot leave it or change the request: `/` and
/// segments of letters, digits, `-`, `_` and `.`, none of them `.` or `..` alone
/// (the URL parser would resolve those).
fn check_path(path: &str) -> Result<()> {
    let invalid = |why: &str| Error::invalid_input("path", format!("{} {why}", quote(path)));
    if path.len() > MAX_PATH {
        return Err(invalid("is too long"));
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Err(invalid("must start with `/`, under the API root"));
    };
    for segment in rest.split('/') {
        if segment.is_empty() || segment == "." || segment == ".." {
            return Err(invalid("has an empty, `.` or `..` segment"));
        }
        if let Some(bad) = segment
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        {
            return Err(invalid(&format!(
                "contains {bad:?}; put parameters in `query`, ids are letters, digits, `-` and `_`"
            )));
        }
    }
    Ok(())
}

impl<'a> IntoFuture for RawRequest<'a> {
    type Output = Result<Response<RawJson>>;
    type IntoFuture = Pin<Box<dyn std::future::Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
