//! One call, and 1,000 concurrent calls, on loopback: `get_group_conversation`
//! against the same request made with plain reqwest (same settings) decoded into
//! `serde_json::Value`; and one `send_message` (a JSON body out, a message back)
//! against the same POST with plain reqwest. Both sides hit the same server,
//! alternately, in one run. Writes `loopback.json` for `cargo xtask bench`.

mod support;

#[path = "support/server.rs"]
mod server;

use std::{
    sync::atomic::{AtomicUsize, Ordering},
    time::{Duration, Instant},
};

use bytes::Bytes;
use cometchat::{
    types::{MessageCategory, MessageType, OutgoingMessageData, ReceiverType, SendMessageRequest},
    wire::RawJson,
    Client,
};

const GUID: &str = "project-group";
const UID: &str = "cometchat-uid-4";
const KEY: &str = "0123456789abcdef0123456789abcdef01234567";

/// The request a user would write by hand, with the client settings the SDK uses.
#[derive(Clone)]
struct Raw {
    http: reqwest::Client,
    url: String,
    send_url: String,
}

impl Raw {
    fn new(base_url: &str) -> Self {
        let http = support::raw_http_client();
        Self {
            http,
            url: format!("{base_url}/groups/{GUID}/conversation"),
            send_url: format!("{base_url}/messages"),
        }
    }

    async fn send(&self) -> serde_json::Value {
        self.http
            .post(&self.send_url)
            .header("apikey", KEY)
            .header("onBehalfOf", UID)
            .header("accept", "application/json")
            .json(&outgoing())
            .timeout(Duration::from_secs(30))
            .send()
            .await
            .expect("the raw send succeeds")
            .json()
            .await
            .expect("the raw answer decodes")
    }

    async fn call(&self) -> serde_json::Value {
        self.http
            .get(&self.url)
            .header("apikey", KEY)
            .header("onBehalfOf", UID)
            .header("accept", "application/json")
            .timeout(Duration::from_secs(30))
            .send()
            .await
            .expect("the raw call succeeds")
            .json()
            .await
            .expect("the raw body decodes")
    }
}

async fn sdk_call(client: &Client) {
    std::hint::black_box(
        client
            .get_group_conversation(GUID)
            .on_behalf_of(UID)
            .await
            .expect("the SDK call succeeds"),
    );
}

/// The message both sides send: a text with metadata and tags.
fn outgoing() -> serde_json::Value {
    serde_json::json!({
        "receiver": "cometchat-uid-2",
        "receiverType": "user",
        "category": "message",
        "type": "text",
        "data": {"text": "Hello from the benchmark", "metadata": {"client": "bench"}},
        "tags": ["bench"],
    })
}

/// The same message as [`outgoing`], built as a user of the SDK builds it.
fn outgoing_typed() -> SendMessageRequest {
    let metadata = RawJson::from_text(r#"{"client":"bench"}"#).expect("JSON");
    let data = OutgoingMessageData::builder()
        .text("Hello from the benchmark".to_owned())
        .metadata(metadata);
    SendMessageRequest::builder()
        .receiver("cometchat-uid-2")
        .receiver_type(ReceiverType::User)
        .category(MessageCategory::Message)
        .type_(MessageType::Text)
        .data(OutgoingMessageData::try_from(data).expect("a message body"))
        .tags(vec!["bench".to_owned()])
        .try_into()
        .expect("a message")
}

async fn sdk_send(client: &Client) {
    std::hint::black_box(
        client
            .send_message()
            .on_behalf_of(UID)
            .body(outgoing_typed())
            .await
            .expect("the SDK send succeeds"),
    );
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1e6
}

/// p50 and p99 of `iterations` alternated calls of each side, after a warm-up.
async fn one_call<S, R>(
    label: &str,
    sdk_call: S,
    raw_call: R,
    iterations: usize,
) -> serde_json::Value
where
    S: AsyncFn(),
    R: AsyncFn(),
{
    for _ in 0..300 {
        sdk_call().await;
        raw_call().await;
    }
    let (mut sdk, mut plain) = (
        Vec::with_capacity(iterations),
        Vec::with_capacity(iterations),
    );
    for i in 0..iterations {
        // Alternate which goes first, so neither always runs on a warmer cache.
        for turn in [i % 2, 1 - i % 2] {
            let started = Instant::now();
            if turn == 0 {
                sdk_call().await;
                sdk.push(started.elapsed());
            } else {
                raw_call().await;
                plain.push(started.elapsed());
            }
        }
    }
    sdk.sort();
    plain.sort();
    let report = serde_json::json!({
        "iterations": iterations,
        "sdk_p50_us": percentile(&sdk, 0.5),
        "sdk_p99_us": percentile(&sdk, 0.99),
        "raw_p50_us": percentile(&plain, 0.5),
        "raw_p99_us": percentile(&plain, 0.99),
    });
    println!("{label} ({iterations} each, alternated): {report}");
    report
}

/// Time for `calls` concurrent calls.
async fn round<F, Fut>(calls: usize, call: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()> + 'static,
{
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..calls {
        tasks.spawn_local(call());
    }
    while tasks.join_next().await.is_some() {}
    started.elapsed()
}

async fn concurrent(
    client: &Client,
    raw: &Raw,
    connections: &AtomicUsize,
    calls: usize,
    rounds: usize,
) -> serde_json::Value {
    let sdk_round = || {
        let client = client.clone();
        round(calls, move || {
            let client = client.clone();
            async move { sdk_call(&client).await }
        })
    };
    let raw_round = || {
        let raw = raw.clone();
        round(calls, move || {
            let raw = raw.clone();
            async move {
                std::hint::black_box(raw.call().await);
            }
        })
    };
    // The first round of each opens the connections; later rounds must reuse them.
    let opened = |before: usize| connections.load(Ordering::Relaxed) - before;
    let before = connections.load(Ordering::Relaxed);
    sdk_round().await;
    let sdk_first = opened(before);
    let before = connections.load(Ordering::Relaxed);
    raw_round().await;
    let raw_first = opened(before);
    let (mut sdk, mut plain) = (Vec::new(), Vec::new());
    let (mut sdk_later, mut raw_later) = (0, 0);
    for i in 0..rounds {
        for turn in [i % 2, 1 - i % 2] {
            let before = connections.load(Ordering::Relaxed);
            if turn == 0 {
                sdk.push(sdk_round().await);
                sdk_later += opened(before);
            } else {
                plain.push(raw_round().await);
                raw_later += opened(before);
            }
        }
    }
    sdk.sort();
    plain.sort();
    let throughput = |times: &[Duration]| calls as f64 / times[times.len() / 2].as_secs_f64();
    let report = serde_json::json!({
        "calls": calls,
        "rounds": rounds,
        "sdk_calls_per_second": throughput(&sdk),
        "raw_calls_per_second": throughput(&plain),
        "sdk_connections_first_round": sdk_first,
        "raw_connections_first_round": raw_first,
        "sdk_connections_later_rounds": sdk_later,
        "raw_connections_later_rounds": raw_later,
    });
    println!("{calls} concurrent calls ({rounds} rounds each, alternated): {report}");
    report
}

fn main() {
    let quick = std::env::var_os("COMETCHAT_BENCH_QUICK").is_some();
    let sample = Bytes::from(support::sample());
    let sent = Bytes::from(support::message_sent());
    let (address, connections) = server::serve(move |target| {
        if target.ends_with("/messages") {
            sent.clone()
        } else {
            sample.clone()
        }
    });
    let base_url = format!("http://{address}/v3");
    let client = Client::builder()
        .base_url(&base_url)
        .api_key(KEY)
        .build()
        .expect("an SDK client");
    let raw = Raw::new(&base_url);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let local = tokio::task::LocalSet::new();
    // For profiling one side alone, e.g. under callgrind: COMETCHAT_BENCH_PROFILE=sdk|raw.
    if let Ok(side) = std::env::var("COMETCHAT_BENCH_PROFILE") {
        local.block_on(&runtime, async {
            for _ in 0..2000 {
                match side.as_str() {
                    "sdk" => sdk_call(&client).await,
                    _ => drop(std::hint::black_box(raw.call().await)),
                }
            }
        });
        return;
    }
    // Both sides build the same body for each call, as an application would.
    assert_eq!(
        serde_json::to_value(outgoing_typed()).expect("JSON"),
        outgoing()
    );
    let (one, send, many) = local.block_on(&runtime, async {
        let iterations = if quick { 500 } else { 10_000 };
        let one = one_call(
            "one call",
            async || sdk_call(&client).await,
            async || drop(std::hint::black_box(raw.call().await)),
            iterations,
        )
        .await;
        let send = one_call(
            "one send",
            async || sdk_send(&client).await,
            async || drop(std::hint::black_box(raw.send().await)),
            iterations,
        )
        .await;
        let many = concurrent(
            &client,
            &raw,
            &connections,
            1000,
            if quick { 4 } else { 30 },
        )
        .await;
        (one, send, many)
    });
    support::write_report(
        "loopback.json",
        &serde_json::json!({ "one_call": one, "send": send, "concurrent": many }),
    );
}
