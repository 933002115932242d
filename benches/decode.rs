//! Decoding time: the generated types against `serde_json::Value` and against the
//! best hand-written model, on the same bytes, in the same run.
//!
//! Four bodies: the vendor's sample (a `ConversationResponse`), a page of 1,000
//! conversations with `meta.pagination` (a `ConversationListResponse`), a page of
//! 1,000 users (a `UserListResponse`) and a page of 1,000 messages of mixed
//! categories (a `MessageListResponse`); the last two against `Value` only: they
//! have no hand-written model.
//!
//! Three measurements:
//!
//! - criterion times each decoder on its own, one after the other, with warm caches:
//!   the per-decoder figures;
//! - the three decoders take turns in rotating order, 200 decodes of the sample (or
//!   one decode of the page) at a time, for many rounds, each batch ending with
//!   [`settle_heap`] so that no decoder pays for the frees of the one before: the
//!   wall-time ratios `cargo xtask bench` checks come from the medians of these
//!   (`decode.json`);
//! - when `valgrind` is on the machine, the bench runs itself under callgrind once
//!   per body and decoder and counts the instructions of the decode loop alone
//!   (`--toggle-collect` on [`cometchat_bench_decode_loop`]): a figure that does not
//!   move with the machine's load, reported beside the wall time.
//!
//! `COMETCHAT_BENCH_PROFILE=<body>:<decoder>[:<count>]` (body `sample`, `page`, `users` or `messages`,
//! decoder `typed`, `value` or `handwritten`) runs that decode loop alone, for a
//! profiler.

mod support;

use std::{hint::black_box, process::Command, time::Instant};

use cometchat::types::{
    ConversationListResponse, ConversationResponse, MessageListResponse, UserListResponse,
};
use criterion::{criterion_group, Criterion, Throughput};
use serde_json::json;
use support::handwritten;

const DECODERS: [&str; 3] = ["typed", "value", "handwritten"];

#[derive(Clone, Copy)]
enum Body {
    /// The vendor's sample, one conversation.
    Sample,
    /// A page of 1,000 conversations.
    Page,
    /// A page of 1,000 users.
    Users,
    /// A page of 1,000 messages of mixed categories.
    Messages,
}

impl Body {
    const ALL: [Body; 4] = [Body::Sample, Body::Page, Body::Users, Body::Messages];

    fn name(self) -> &'static str {
        match self {
            Body::Sample => "sample",
            Body::Page => "page",
            Body::Users => "users",
            Body::Messages => "messages",
        }
    }

    fn bytes(self) -> Vec<u8> {
        match self {
            Body::Sample => support::sample(),
            Body::Page => support::list_page(1000),
            Body::Users => support::users_page(1000),
            Body::Messages => support::messages_page(1000),
        }
    }

    /// The decoders this body is measured with: the first two of [`DECODERS`], or
    /// all three where a hand-written model exists.
    fn decoders(self) -> usize {
        match self {
            Body::Users | Body::Messages => 2,
            _ => DECODERS.len(),
        }
    }

    /// Decodes per timed batch in the alternated measurement, and rounds of them.
    fn batch_and_rounds(self, quick: bool) -> (usize, usize) {
        match (self, quick) {
            (Body::Sample, false) => (200, 1500),
            (Body::Sample, true) => (200, 100),
            (_, false) => (1, 240),
            (_, true) => (1, 20),
        }
    }
}

/// Decodes `body` with decoder `which` (an index into [`DECODERS`]) and drops it.
#[inline(always)]
fn decode_with(kind: Body, which: usize, body: &[u8]) {
    match (kind, which) {
        (Body::Sample, 0) => drop(black_box(
            serde_json::from_slice::<ConversationResponse>(body).unwrap(),
        )),
        (Body::Page, 0) => drop(black_box(
            serde_json::from_slice::<ConversationListResponse>(body).unwrap(),
        )),
        (Body::Users, 0) => drop(black_box(
            serde_json::from_slice::<UserListResponse>(body).unwrap(),
        )),
        (Body::Messages, 0) => drop(black_box(
            serde_json::from_slice::<MessageListResponse>(body).unwrap(),
        )),
        (_, 1) => drop(black_box(
            serde_json::from_slice::<serde_json::Value>(body).unwrap(),
        )),
        _ => drop(black_box(
            serde_json::from_slice::<handwritten::Response>(body).unwrap(),
        )),
    }
}

fn criterion_decode(c: &mut Criterion) {
    for kind in Body::ALL {
        let body = kind.bytes();
        let mut group = c.benchmark_group(format!("decode_{}", kind.name()));
        group.throughput(Throughput::Bytes(body.len() as u64));
        for (which, name) in DECODERS.into_iter().enumerate().take(kind.decoders()) {
            group.bench_function(name, |b| {
                b.iter(|| decode_with(kind, which, black_box(&body)))
            });
        }
        group.finish();
    }
}

/// Makes the allocator finish, now, the work the frees of the batch just timed
/// left for later, so that the batch pays for it rather than the next decoder's.
///
/// glibc merges its smallest freed blocks (fastbins) only at the next request of
/// 1 KiB or more: a `Value` decode frees tens of thousands of nodes, and the typed
/// page decode that followed it paid for merging them at its first large request,
/// its `Vec` (BENCHMARKS.md has the figures). One such request ends each timed
/// batch, for every decoder alike; to other allocators it is a plain allocation.
#[inline(never)]
fn settle_heap() {
    drop(black_box(Vec::<u8>::with_capacity(4096)));
}

/// Median time per decode, in microseconds, with the decoders taking turns in
/// rotating order, and the ratios of the generated types' time to each baseline's
/// computed round by round (the median of those ratios is reported too: it is
/// what a slow moment of the machine disturbs least).
fn alternated(kind: Body, quick: bool) -> serde_json::Value {
    let (batch, rounds) = kind.batch_and_rounds(quick);
    let body = kind.bytes();
    let decoders = kind.decoders();
    for which in 0..decoders {
        for _ in 0..batch.max(3) {
            decode_with(kind, which, &body);
        }
    }
    let mut times = vec![Vec::with_capacity(rounds); decoders];
    for round in 0..rounds {
        for turn in 0..decoders {
            let which = (round + turn) % decoders;
            let started = Instant::now();
            for _ in 0..batch {
                decode_with(kind, which, &body);
            }
            settle_heap();
            times[which].push(started.elapsed().as_secs_f64() * 1e6 / batch as f64);
        }
    }
    let median = |samples: &mut Vec<f64>| {
        samples.sort_by(f64::total_cmp);
        samples[samples.len() / 2]
    };
    let ratio_to = |baseline: usize| {
        let mut ratios: Vec<f64> = times[0]
            .iter()
            .zip(&times[baseline])
            .map(|(typed, other)| typed / other)
            .collect();
        median(&mut ratios)
    };
    let over_value = ratio_to(1);
    let over_handwritten = (decoders > 2).then(|| ratio_to(2));
    let mut report = serde_json::Map::new();
    report.insert("round_ratio_typed_over_value".to_owned(), over_value.into());
    if let Some(over_handwritten) = over_handwritten {
        report.insert(
            "round_ratio_typed_over_handwritten".to_owned(),
            over_handwritten.into(),
        );
    }
    for (name, mut samples) in DECODERS.into_iter().zip(times) {
        report.insert(format!("{name}_us"), median(&mut samples).into());
    }
    report.insert("rounds".to_owned(), rounds.into());
    report.insert("batch".to_owned(), batch.into());
    report.insert("body_bytes".to_owned(), body.len().into());
    println!(
        "decode_{}, alternated ({rounds} rounds of {batch}): {report:?}",
        kind.name()
    );
    report.into()
}

/// The decode loop callgrind counts; nothing else in the process is counted.
#[no_mangle]
#[inline(never)]
pub fn cometchat_bench_decode_loop(kind: u8, which: usize, body: &[u8], count: usize) {
    let kind = Body::ALL[usize::from(kind).min(Body::ALL.len() - 1)];
    for _ in 0..count {
        decode_with(kind, which, black_box(body));
    }
}

fn profile(spec: &str) {
    let mut parts = spec.split(':');
    let name = parts.next();
    let kind = Body::ALL
        .into_iter()
        .find(|body| Some(body.name()) == name)
        .unwrap_or(Body::Sample);
    let which = parts
        .next()
        .and_then(|name| DECODERS.iter().position(|d| *d == name))
        .unwrap_or(0);
    let count = parts.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let body = kind.bytes();
    // One decode outside the counted loop, so that one-time costs are not counted.
    decode_with(kind, which, &body);
    cometchat_bench_decode_loop(kind as u8, which, &body, count);
}

/// Instructions per decode of each body by each decoder, counted by callgrind; `null`
/// when valgrind is not on the machine.
fn instructions() -> serde_json::Value {
    let Ok(exe) = std::env::current_exe() else {
        return serde_json::Value::Null;
    };
    let mut report = serde_json::Map::new();
    for kind in Body::ALL {
        let count = match kind {
            Body::Sample => 200,
            _ => 2,
        };
        let mut counts = serde_json::Map::new();
        for decoder in DECODERS.into_iter().take(kind.decoders()) {
            let output = Command::new("valgrind")
                .args([
                    "--tool=callgrind",
                    "--callgrind-out-file=/dev/null",
                    "--collect-atstart=no",
                    "--toggle-collect=cometchat_bench_decode_loop",
                ])
                .arg(&exe)
                .env(
                    "COMETCHAT_BENCH_PROFILE",
                    format!("{}:{decoder}:{count}", kind.name()),
                )
                .output();
            let Ok(output) = output else {
                println!("valgrind is not available: no instruction counts");
                return serde_json::Value::Null;
            };
            let stderr = String::from_utf8_lossy(&output.stderr);
            let collected = stderr
                .lines()
                .find_map(|line| line.split("Collected :").nth(1))
                .and_then(|n| n.trim().parse::<f64>().ok());
            let Some(collected) = collected else {
                println!("callgrind reported no count for {decoder}: {stderr}");
                return serde_json::Value::Null;
            };
            counts.insert(
                decoder.to_owned(),
                (collected / count as f64).round().into(),
            );
        }
        let ratio = |other: &str| Some(counts["typed"].as_f64()? / counts.get(other)?.as_f64()?);
        let (over_value, over_handwritten) = (ratio("value"), ratio("handwritten"));
        counts.insert("typed_over_value".to_owned(), over_value.into());
        if let Some(over_handwritten) = over_handwritten {
            counts.insert("typed_over_handwritten".to_owned(), over_handwritten.into());
        }
        println!(
            "decode_{}, instructions per decode: {counts:?}",
            kind.name()
        );
        report.insert(kind.name().to_owned(), counts.into());
    }
    report.into()
}

criterion_group!(benches, criterion_decode);

fn main() {
    if let Ok(spec) = std::env::var("COMETCHAT_BENCH_PROFILE") {
        return profile(&spec);
    }
    let quick = std::env::var_os("COMETCHAT_BENCH_QUICK").is_some();
    if std::env::var_os("COMETCHAT_BENCH_ALTERNATED_ONLY").is_none() {
        benches();
        Criterion::default().configure_from_args().final_summary();
    }
    let report = json!({
        "sample": alternated(Body::Sample, quick),
        "page": alternated(Body::Page, quick),
        "users": alternated(Body::Users, quick),
        "messages": alternated(Body::Messages, quick),
        "instructions": instructions(),
    });
    support::write_report("decode.json", &report);
}
