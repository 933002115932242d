//! The operation tables of the resource tests (`tests/conversations.rs` is the
//! model): each row calls one operation through the public API against a server
//! that answers the spec's sample, and checks the request it sent and the value it
//! decoded; then against the stand-in, scripted to the same sample, so that the
//! stand-in is proven to route and accept every operation. A table must hold every
//! operation of the spec's tags it names, once.

use std::{future::Future, pin::Pin};

use std::collections::BTreeSet;

use cometchat::{
    mock::{Answer, MockServer},
    Client, Error,
};
use serde_json::Value;

use super::{example, Server, Step, KEY, SPEC};

pub type Call =
    std::sync::Arc<dyn Fn(Client) -> Pin<Box<dyn Future<Output = Result<Value, Error>>>>>;

/// One operation: how to call it, what must reach the server, and what the caller
/// must get back (the part of the example the envelope opens, re-encoded).
pub struct Case {
    pub operation: &'static str,
    pub call: Call,
    pub method: &'static str,
    pub path: &'static str,
    pub on_behalf_of: Option<&'static str>,
    pub body: Value,
    pub answer: &'static str,
    pub expected: fn(Value) -> Value,
}

/// A [`Call`]: `call!(|c| c.get_user("u1").await)`, the answer re-encoded as JSON.
#[macro_export]
macro_rules! call {
    (|$client:ident| $body:expr) => {
        std::sync::Arc::new(move |$client: cometchat::Client| {
            Box::pin(async move { $body.map(|r| serde_json::to_value(&*r).unwrap()) })
        })
    };
}

/// The first item of `data`: what an `item` envelope opens from an array.
pub fn first_of_data(answer: Value) -> Value {
    answer["data"][0].clone()
}

/// `data`: what `item`, `list`, `data` and `ack` envelopes open.
pub fn data(answer: Value) -> Value {
    answer["data"].clone()
}

/// The operation ids of the spec's operations tagged with one of `tags`.
pub fn operations_tagged(tags: &[&str]) -> BTreeSet<String> {
    let spec: Value = serde_json::from_str(SPEC).expect("the spec is JSON");
    let mut found = BTreeSet::new();
    for item in spec["paths"].as_object().expect("paths").values() {
        for operation in item.as_object().expect("a path item").values() {
            let tagged = operation["tags"]
                .as_array()
                .is_some_and(|t| t.iter().any(|t| tags.contains(&t.as_str().unwrap_or(""))));
            if tagged {
                found.insert(operation["operationId"].as_str().expect("an id").to_owned());
            }
        }
    }
    found
}

/// Runs every case, against a scripted server and against the stand-in. The table
/// must hold each operation tagged with one of `tags`, once.
pub async fn run(cases: Vec<Case>, tags: &[&str]) {
    let names: Vec<&str> = cases.iter().map(|c| c.operation).collect();
    let unique: BTreeSet<String> = names.iter().map(|n| (*n).to_owned()).collect();
    assert_eq!(unique.len(), names.len(), "each operation once: {names:?}");
    assert_eq!(
        unique,
        operations_tagged(tags),
        "one row per operation of {tags:?}"
    );
    let stand_in = MockServer::start().await.expect("the stand-in starts");
    for case in cases {
        let name = case.operation;
        let answer = example(case.answer);
        let server = Server::start(vec![Step::json(200, &answer)]).await;
        let value = (case.call)(super::client(&server))
            .await
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(value, (case.expected)(answer), "{name}: the decoded answer");
        let seen = &server.seen()[0];
        assert_eq!(seen.method, case.method, "{name}");
        assert_eq!(seen.path, case.path, "{name}");
        assert_eq!(seen.header("onbehalfof"), case.on_behalf_of, "{name}");
        assert_eq!(seen.header("apikey"), Some(KEY), "{name}");
        assert_eq!(seen.header("api-version"), None, "{name}");
        assert_eq!(seen.json(), case.body, "{name}: the body");

        // The stand-in routes it, accepts its request, and answers the sample.
        stand_in.script(name, [Answer::sample()]);
        let value = (case.call)(stand_in.client().expect("a client"))
            .await
            .unwrap_or_else(|error| panic!("{name} against the stand-in: {error}"));
        let sample = MockServer::sample(name).expect("a sample");
        assert_eq!(value, (case.expected)(sample), "{name}: from the stand-in");
    }
}

/// A call made only to be refused: its value does not matter.
pub type Attempt = Pin<Box<dyn Future<Output = Result<(), Error>>>>;

/// Text ids every path parameter refuses, whatever its own rule: empty, dot
/// segments, backslashes, control characters. (Too long is per parameter.)
pub const BAD_TEXT_IDS: [&str; 9] = [
    "",
    ".",
    "..",
    "a\\b",
    "..\\admin",
    "a\u{7}b",
    "a\nb",
    "a\r\nb",
    "a\0b",
];

/// Calls an operation with `id` in a path parameter.
pub type WithId = fn(Client, String) -> Attempt;

/// Asserts that `attempt` was refused as a bad `name`, saying nothing was sent.
pub async fn assert_refused(server: &Server, attempt: Attempt, name: &str, what: &str) {
    let Err(error) = attempt.await else {
        let sent = server.seen().pop().map(|seen| seen.path);
        panic!("{what} was not refused; the server saw {sent:?}");
    };
    let Error::InvalidInput { name: refused, .. } = &error else {
        panic!("{what}: {error:?}");
    };
    assert_eq!(*refused, name, "{what}: {error}");
    assert!(
        error.to_string().contains("Nothing was sent"),
        "{what}: {error}"
    );
}
