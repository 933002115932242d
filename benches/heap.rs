//! Peak heap while decoding a large body (1,000 conversations), counted by a
//! global allocator that tracks live bytes. Writes `heap.json` for `cargo xtask bench`.

mod support;

use std::{
    alloc::{GlobalAlloc, Layout, System},
    sync::atomic::{AtomicUsize, Ordering::Relaxed},
};

use cometchat::types::ConversationResponse;
use serde::de::DeserializeOwned;
use support::handwritten;

/// Counts live bytes and the highest count since the last reset. A `realloc`
/// counts as freeing the old block and allocating the new one at the same instant.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(live, Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_sub(layout.size(), Relaxed);
        grew(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak heap above what was live before the decode, with the decoded value alive.
fn peak<T: DeserializeOwned>(body: &[u8]) -> usize {
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let decoded: T = serde_json::from_slice(body).expect("the body decodes");
    let peak = PEAK.load(Relaxed) - before;
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
