//! Peak heap while decoding a large body (1,000 conversations), counted by a
//! global allocator that tracks live bytes. Writes `heap.json` for `cargo xtask bench`.

mod support;

#[path = "support/counting.rs"]
mod counting;

use cometchat::types::ConversationResponse;
use serde::de::DeserializeOwned;
use support::handwritten;

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

/// Peak heap above what was live before the decode, with the decoded value alive.
fn peak<T: DeserializeOwned>(body: &[u8]) -> usize {
    let before = counting::reset();
    let decoded: T = serde_json::from_slice(body).expect("the body decodes");
    let peak = counting::peak_since(before);
    drop(decoded);
    peak
}

fn main() {
    // `cargo bench` passes `--bench`; this binary takes no options.
    let body = support::large(1000);
    let typed = peak::<ConversationResponse>(&body);
    let value = peak::<serde_json::Value>(&body);
    let handwritten = peak::<handwritten::Response>(&body);
    println!("decode_large: body {} bytes", body.len());
    for (name, bytes) in [
        ("typed", typed),
        ("value", value),
        ("handwritten", handwritten),
    ] {
        println!(
            "  {name:<12} peak heap {bytes:>9} bytes  {:.2} x body",
            bytes as f64 / body.len() as f64
        );
    }
    let report = serde_json::json!({
        "body_bytes": body.len(),
        "typed_peak_bytes": typed,
        "value_peak_bytes": value,
        "handwritten_peak_bytes": handwritten,
    });
    support::write_report("heap.json", &report);
}
