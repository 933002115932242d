//! Shared by the integration tests: the fixture, and a scripted HTTP server on
//! 127.0.0.1 that answers each request with the next step of a script.
#![allow(dead_code)]

use std::{
    net::SocketAddr,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

pub mod operations;
pub mod secrets;

use serde_json::Value;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

/// The spec: the single source of the fixture.
pub const SPEC: &str = include_str!("../../openapi/cometchat.json");

/// The vendor's sample response, as the spec's example holds it.
pub fn sample() -> Value {
    example("GroupConversation")
}

/// The spec's example `name` (`components/examples/{name}/value`).
pub fn example(name: &str) -> Value {
    let spec: Value = serde_json::from_str(SPEC).expect("the spec is JSON");
    spec.pointer(&format!("/components/examples/{name}/value"))
        .unwrap_or_else(|| panic!("the spec has no example {name}"))
        .clone()
}

/// A key that tests look for in everything the SDK prints.
pub const KEY: &str = "0123456789abcdef0123456789abcdef01234567";

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Step {
    /// Writes these bytes: a whole response, or part of one.
    Write(Vec<u8>),
    /// Waits, then does the step.
    After(Duration, Box<Step>),
    /// Reads the request and never answers.
    Stall,
    /// Resets the connection.
    Reset,
    /// Writes these bytes, then closes the connection.
    Hangup(Vec<u8>),
}

impl Step {
    /// A response with a body and `Content-Length`.
    pub fn respond(status: u16, headers: &[(&str, &str)], body: &str) -> Step {
        let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
        Step::Write([head.as_bytes(), body.as_bytes()].concat())
    }

    /// A JSON response.
    pub fn json(status: u16, body: &Value) -> Step {
        Step::respond(
            status,
            &[("content-type", "application/json")],
            &body.to_string(),
        )
    }

    /// A JSON response with extra headers.
    pub fn json_with(status: u16, headers: &[(&str, &str)], body: &Value) -> Step {
        let mut all = vec![("content-type", "application/json")];
        all.extend_from_slice(headers);
        Step::respond(status, &all, &body.to_string())
    }

    /// A CometChat error body.
    pub fn error(status: u16, code: &str, message: &str) -> Step {
        Step::json(
            status,
            &serde_json::json!({"error": {"code": code, "message": message}}),
        )
    }

    pub fn after(delay: Duration, step: Step) -> Step {
        Step::After(delay, Box::new(step))
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    /// Names are lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Seen {
    /// The body as JSON, or `Null` when there is none.
    pub fn json(&self) -> Value {
        if self.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&self.body).expect("the request body is JSON")
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A server answering the n-th request with the n-th step (the last step repeats).
pub struct Server {
    pub address: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    connections: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub async fn start(script: Vec<Step>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let script = Arc::new(script);
        let task = tokio::spawn({
            let seen = Arc::clone(&seen);
            let connections = Arc::clone(&connections);
            async move {
                let mut tasks = tokio::task::JoinSet::new();
                while let Ok((stream, _)) = listener.accept().await {
                    connections.fetch_add(1, Ordering::SeqCst);
                    tasks.spawn(connection(stream, Arc::clone(&script), Arc::clone(&seen)));
                }
            }
        });
        Server {
            address,
            seen,
            connections,
            task,
        }
    }

    /// The API root, as `COMETCHAT_BASE_URL` takes it.
    pub fn base_url(&self) -> String {
        format!("http://{}/v3", self.address)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn connection(mut stream: TcpStream, script: Arc<Vec<Step>>, seen: Arc<Mutex<Vec<Seen>>>) {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_head(&mut stream, &mut buffer).await else {
            return;
        };
        let index = {
            let mut seen = seen.lock().unwrap();
            seen.push(request);
            seen.len() - 1
        };
        let mut step = script[index.min(script.len() - 1)].clone();
        loop {
            match step {
                Step::After(delay, next) => {
                    tokio::time::sleep(delay).await;
                    step = *next;
                }
                Step::Write(bytes) => {
                    if stream.write_all(&bytes).await.is_err() {
                        return;
                    }
                    break;
                }
                Step::Stall => {
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                    return;
                }
                Step::Reset => {
                    let _ = stream.set_zero_linger();
                    return;
                }
                Step::Hangup(bytes) => {
                    let _ = stream.write_all(&bytes).await;
                    return;
                }
            }
        }
    }
}

/// Reads one request (head, and a body of `content-length` bytes); `None` when the
/// client closed the connection.
async fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Seen> {
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
            let mut lines = head.split("\r\n");
            let mut first = lines.next()?.split(' ');
            let method = first.next()?.to_owned();
            let path = first.next()?.to_owned();
            let headers: Vec<(String, String)> = lines
                .filter_map(|line| line.split_once(':'))
                .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
                .collect();
            let length: usize = headers
                .iter()
                .find(|(name, _)| name == "content-length")
                .and_then(|(_, value)| value.parse().ok())
                .unwrap_or(0);
            while buffer.len() < end + 4 + length {
                let mut chunk = [0u8; 4096];
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => return None,
                    Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                }
            }
            let body = buffer[end + 4..end + 4 + length].to_vec();
            buffer.drain(..end + 4 + length);
            return Some(Seen {
                method,
                path,
                headers,
                body,
                at: Instant::now(),
            });
        }
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
}

/// A client for `server` with the test key.
pub fn client(server: &Server) -> cometchat::Client {
    cometchat::Client::builder()
        .base_url(server.base_url())
        .api_key(KEY)
        .build()
        .unwrap()
}

/// A nested body part from its generated builder.
pub fn built<T, B>(builder: B) -> T
where
    T: TryFrom<B>,
    T::Error: std::fmt::Debug,
{
    T::try_from(builder).unwrap()
}

/// A page size or number for a setter.
pub fn n(value: u64) -> std::num::NonZeroU64 {
    std::num::NonZeroU64::new(value).expect("a non-zero number")
}

/// Free-form JSON for a `Metadata` setter.
pub fn raw(value: Value) -> cometchat::wire::RawJson {
    cometchat::wire::RawJson::from(value)
}
