//! Decoding time: the generated types against `serde_json::Value` and against the
//! best hand-written model, on the same bytes, in the same run.
//!
//! Two measurements. Criterion times each decoder on its own, one after the other,
//! with warm caches: the per-decoder figures. Then the three decoders take turns,
//! 200 decodes at a time, in rotating order, so that each baseline runs alternated
//! with the generated types in one run, as the loopback bench does for calls; the
//! ratios `cargo xtask bench` checks come from this one (`decode.json`).

mod support;

use std::{hint::black_box, time::Instant};

use cometchat::types::ConversationResponse;
use criterion::{criterion_group, Criterion, Throughput};
use support::handwritten;

fn decode(c: &mut Criterion) {
    for (group, body) in [
        ("decode_sample", support::sample()),
        ("decode_large", support::large(1000)),
    ] {
        let mut group = c.benchmark_group(group);
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function("typed", |b| b.iter(|| decode_with(0, black_box(&body))));
        group.bench_function("value", |b| b.iter(|| decode_with(1, black_box(&body))));
        group.bench_function("handwritten", |b| {
            b.iter(|| decode_with(2, black_box(&body)))
        });
        group.finish();
    }
}

const DECODERS: [&str; 3] = ["typed", "value", "handwritten"];

/// Decodes `body` with decoder `which` (an index into [`DECODERS`]) and drops it.
fn decode_with(which: usize, body: &[u8]) {
    match which {
        0 => drop(black_box(
            serde_json::from_slice::<ConversationResponse>(body).unwrap(),
        )),
        1 => drop(black_box(
            serde_json::from_slice::<serde_json::Value>(body).unwrap(),
        )),
        _ => drop(black_box(
            serde_json::from_slice::<handwritten::Response>(body).unwrap(),
        )),
    }
}

/// Median time per decode of the sample, in microseconds, with the decoders taking
/// turns in rotating order.
fn alternated(rounds: usize) -> serde_json::Value {
    const BATCH: usize = 200;
    let body = support::sample();
    let mut times = vec![Vec::with_capacity(rounds); DECODERS.len()];
    for round in 0..rounds {
        for turn in 0..DECODERS.len() {
            let which = (round + turn) % DECODERS.len();
            let started = Instant::now();
            for _ in 0..BATCH {
                decode_with(which, &body);
            }
            times[which].push(started.elapsed().as_secs_f64() * 1e6 / BATCH as f64);
        }
    }
    let mut report = serde_json::Map::new();
    for (name, mut samples) in DECODERS.into_iter().zip(times) {
        samples.sort_by(f64::total_cmp);
        report.insert(format!("{name}_us"), samples[samples.len() / 2].into());
    }
    report.insert("rounds".to_owned(), rounds.into());
    println!("decode_sample, alternated ({rounds} rounds of {BATCH}): {report:?}");
    report.into()
}

criterion_group!(benches, decode);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    let rounds = if std::env::var_os("COMETCHAT_BENCH_QUICK").is_some() {
        50
    } else {
        500
    };
    support::write_report("decode.json", &alternated(rounds));
}
