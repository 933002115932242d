//! Shared by the CLI's transcripts: the `cometchat` command with a clean
//! environment, and a scripted HTTP server on 127.0.0.1 for answers the stand-in
//! does not give by default (several pages, errors).
#![allow(dead_code)]

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::{TcpListener, TcpStream},
    sync::{Arc, Mutex},
    thread,
};

use snapbox::cmd::{cargo_bin, Command};

/// The variables the CLI reads, removed from every transcript's environment.
pub const ENVIRONMENT: [&str; 4] = [
    "COMETCHAT_APP_ID",
    "COMETCHAT_REGION",
    "COMETCHAT_API_KEY",
    "COMETCHAT_BASE_URL",
];

/// A key the transcripts look for in everything the CLI prints.
pub const KEY: &str = "0123456789abcdef0123456789abcdef01234567";

/// What the CLI says on stderr when it answers from the stand-in.
pub const STAND_IN: &str = "note: no COMETCHAT_* variable is set: answering from the embedded \
                            CometChat stand-in at http://127.0.0.1:[..]/v3\n";

/// `cometchat`, with no `COMETCHAT_*` variable and no `RUST_LOG`: it answers from
/// the embedded stand-in.
pub fn cometchat() -> Command {
    let mut command = Command::new(cargo_bin!("cometchat")).env_remove("RUST_LOG");
    for name in ENVIRONMENT {
        command = command.env_remove(name);
    }
    command
}

/// `cometchat` configured for `server`, with [`KEY`].
pub fn cometchat_at(server: &Server) -> Command {
    cometchat()
        .env("COMETCHAT_BASE_URL", server.base_url())
        .env("COMETCHAT_API_KEY", KEY)
}

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    /// `GET /v3/conversations?page=1`.
    pub request_line: String,
    /// Names lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Answers each request with the next `(status, JSON body)` of its script, one
/// connection per request, then stops listening.
pub struct Server {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    pub fn start(script: Vec<(u16, String)>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = listener.local_addr().expect("an address").port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        thread::spawn(move || {
            for (status, body) in script {
                let Ok((stream, _)) = listener.accept() else {
                    return;
                };
                if let Some(request) = answer(stream, status, &body) {
                    record.lock().unwrap().push(request);
                }
            }
        });
        Server { port, seen }
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/v3", self.port)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn answer(stream: TcpStream, status: u16, body: &str) -> Option<Seen> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok()?;
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse::<usize>().ok())
        .unwrap_or(0);
    let mut request_body = vec![0; length];
    reader.read_exact(&mut request_body).ok()?;
    let response = format!(
        "HTTP/1.1 {status} Status\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = stream;
    stream.write_all(response.as_bytes()).ok()?;
    stream.flush().ok()?;
    Some(Seen {
        request_line: request_line.trim_end().to_owned(),
        headers,
        body: String::from_utf8_lossy(&request_body).into_owned(),
    })
}

/// The spec's 200 sample of `operation_id`, as JSON text.
pub fn sample(operation_id: &str) -> String {
    let spec: serde_json::Value =
        serde_json::from_str(include_str!("../../../openapi/cometchat.json")).expect("JSON");
    let operation = spec["paths"]
        .as_object()
        .expect("paths")
        .values()
        .flat_map(|item| item.as_object().expect("a path item").values())
        .find(|operation| operation["operationId"] == operation_id)
        .unwrap_or_else(|| panic!("no operation {operation_id}"));
    let examples = &operation["responses"]["200"]["content"]["application/json"]["examples"];
    let reference = examples
        .as_object()
        .and_then(|examples| examples.values().next())
        .and_then(|example| example["$ref"].as_str())
        .expect("a sample");
    let value = spec
        .pointer(&format!("{}/value", reference.trim_start_matches('#')))
        .expect("the sample");
    value.to_string()
}
