//! Decoding time: the generated types against `serde_json::Value` and against the
//! best hand-written model, on the same bytes, in the same run.
//!
//! `cargo xtask bench` runs this and reads the medians criterion writes.

mod support;

use std::hint::black_box;

use cometchat::types::GroupConversationResponse;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use support::handwritten;

fn decode(c: &mut Criterion) {
    for (group, body) in [
        ("decode_sample", support::sample()),
        ("decode_large", support::large(1000)),
    ] {
        let mut group = c.benchmark_group(group);
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function("typed", |b| {
            b.iter(|| {
                serde_json::from_slice::<GroupConversationResponse>(black_box(&body)).unwrap()
            })
        });
        group.bench_function("value", |b| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&body)).unwrap())
        });
        group.bench_function("handwritten", |b| {
            b.iter(|| serde_json::from_slice::<handwritten::Response>(black_box(&body)).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);
