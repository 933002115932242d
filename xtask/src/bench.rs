//! `cargo xtask bench`: runs the benchmarks, prints the ratios against their
//! baselines, writes `target/bench/summary.json`, and fails when a goal is missed.

use std::{
    fs,
    path::{Path, PathBuf},
};

use serde_json::{json, Value};

/// A ratio, how it is computed, and its goal.
struct Goal {
    name: &'static str,
    what: &'static str,
    at_most: Option<f64>,
    at_least: Option<f64>,
}

const GOALS: &[Goal] = &[
    Goal {
        name: "decode_typed_over_value",
        what: "sample decode time, generated types / serde_json::Value, alternated, median of per-round ratios",
        at_most: Some(0.65),
        at_least: None,
    },
    Goal {
        name: "decode_typed_over_handwritten",
        what: "sample decode time, generated types / hand-written model, alternated",
        at_most: Some(1.05),
        at_least: None,
    },
    Goal {
        name: "decode_list_page_typed_over_value",
        what: "1,000-conversation list page decode time, generated types / Value, alternated",
        at_most: Some(0.65),
        at_least: None,
    },
    Goal {
        name: "decode_users_page_typed_over_value",
        what: "1,000-user list page decode time, generated types / Value, alternated",
        at_most: Some(0.65),
        at_least: None,
    },
    Goal {
        name: "decode_messages_page_typed_over_value",
        what: "1,000-message list page (mixed categories) decode time, generated types / Value, alternated",
        at_most: Some(0.65),
        at_least: None,
    },
    Goal {
        name: "call_p50_sdk_over_raw",
        what: "one loopback call, p50, SDK / plain reqwest + Value",
        at_most: Some(1.03),
        at_least: None,
    },
    Goal {
        name: "send_p50_sdk_over_raw",
        what: "sending one message on loopback, p50, SDK / plain reqwest + Value",
        at_most: Some(1.03),
        at_least: None,
    },
    Goal {
        name: "concurrent_throughput_sdk_over_raw",
        what: "1,000 concurrent calls, calls/s, SDK / plain reqwest",
        at_most: None,
        at_least: Some(0.97),
    },
    Goal {
        name: "decode_large_peak_heap_over_body",
        what: "1,000 conversations, peak heap while decoding / body bytes",
        at_most: Some(2.0),
        at_least: None,
    },
    Goal {
        name: "paging_throughput_sdk_over_raw",
        what: "10 pages of 100, items/s, SDK item stream / plain reqwest loop, alternated",
        at_most: None,
        at_least: Some(0.97),
    },
    Goal {
        name: "paging_walk_peak_heap_over_one_page",
        what: "peak heap walking 10 pages / peak heap of one call for the largest page",
        at_most: Some(1.5),
        at_least: None,
    },
];

pub fn run(root: &Path) -> Result<(), String> {
    let target = target_dir(root);
    let out = target.join("bench");
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    // Fewer, shorter criterion samples: the medians are stable at this size.
    let criterion = [
        "--warm-up-time",
        "1",
        "--measurement-time",
        "3",
        "--sample-size",
        "50",
        "--noplot",
    ];
    cargo_bench(root, &out, "decode", &criterion)?;
    cargo_bench(root, &out, "heap", &[])?;
    cargo_bench(root, &out, "loopback", &[])?;
    cargo_bench(root, &out, "paging", &[])?;

    let median = |group: &str, function: &str| criterion_median(&target, group, function);
    let alternated = read_json(&out.join("decode.json"))?;
    let heap = read_json(&out.join("heap.json"))?;
    let loopback = read_json(&out.join("loopback.json"))?;
    let paging = read_json(&out.join("paging.json"))?;
    let number = |value: &Value, pointer: &str| {
        value
            .pointer(pointer)
            .and_then(Value::as_f64)
            .ok_or_else(|| format!("the benchmark report has no {pointer}"))
    };
    let sample = [
        median("decode_sample", "typed")?,
        median("decode_sample", "value")?,
        median("decode_sample", "handwritten")?,
    ];
    let large = [
        median("decode_page", "typed")?,
        median("decode_page", "value")?,
        median("decode_page", "handwritten")?,
    ];
    let ratios = [
        number(&alternated, "/sample/round_ratio_typed_over_value")?,
        number(&alternated, "/sample/round_ratio_typed_over_handwritten")?,
        number(&alternated, "/page/round_ratio_typed_over_value")?,
        number(&alternated, "/users/round_ratio_typed_over_value")?,
        number(&alternated, "/messages/round_ratio_typed_over_value")?,
        number(&loopback, "/one_call/sdk_p50_us")? / number(&loopback, "/one_call/raw_p50_us")?,
        number(&loopback, "/send/sdk_p50_us")? / number(&loopback, "/send/raw_p50_us")?,
        number(&loopback, "/concurrent/sdk_calls_per_second")?
            / number(&loopback, "/concurrent/raw_calls_per_second")?,
        number(&heap, "/typed_peak_bytes")? / number(&heap, "/body_bytes")?,
        number(&paging, "/walk/sdk_items_per_second")?
            / number(&paging, "/walk/raw_items_per_second")?,
        number(&paging, "/heap/sdk_walk_peak_bytes")?
            / number(&paging, "/heap/one_page_peak_bytes")?,
    ];

    println!("\n{:<38} {:>8} {:>8}", "ratio", "value", "goal");
    let mut missed = Vec::new();
    let mut summary = serde_json::Map::new();
    for (goal, ratio) in GOALS.iter().zip(ratios) {
        let met = goal.at_most.is_none_or(|max| ratio <= max)
            && goal.at_least.is_none_or(|min| ratio >= min);
        let bound = match (goal.at_most, goal.at_least) {
            (Some(max), _) => format!("<= {max:.2}"),
            (_, Some(min)) => format!(">= {min:.2}"),
            _ => String::new(),
        };
        println!(
            "{:<38} {ratio:>8.3} {bound:>8}  {}  ({})",
            goal.name,
            if met { "ok" } else { "MISSED" },
            goal.what
        );
        summary.insert(goal.name.to_owned(), json!(round(ratio)));
        if !met {
            missed.push(goal.name);
        }
    }
    // Instruction counts (callgrind), beside the wall-time ratios: they do not move
    // with the machine's load. Not checked: the goals are on time.
    for body in ["sample", "page"] {
        if let (Ok(over_value), Ok(over_handwritten)) = (
            number(
                &alternated,
                &format!("/instructions/{body}/typed_over_value"),
            ),
            number(
                &alternated,
                &format!("/instructions/{body}/typed_over_handwritten"),
            ),
        ) {
            println!(
                "instructions per decode of the {body}, typed / Value {over_value:.3}, \
                 typed / hand-written {over_handwritten:.3}"
            );
        }
    }
    println!("\ndecode, alternated, medians: {alternated}");
    println!("decode, criterion median per body, each decoder on its own:");
    for (name, times, bytes) in [
        ("sample", sample, None),
        (
            "list page",
            large,
            number(&alternated, "/page/body_bytes").ok(),
        ),
    ] {
        let size = bytes
            .map(|b| format!(" ({:.1} MB)", b / 1e6))
            .unwrap_or_default();
        println!(
            "  {name}{size}: typed {}, Value {}, hand-written {}",
            duration(times[0]),
            duration(times[1]),
            duration(times[2])
        );
    }
    println!("loopback: {}", loopback);
    println!("heap: {}", heap);
    println!("paging: {}", paging);

    // The ratios at the top level, then the measurements behind them.
    summary.insert(
        "decode_sample_ns".to_owned(),
        json!({"typed": sample[0], "value": sample[1], "handwritten": sample[2]}),
    );
    summary.insert(
        "decode_page_ns".to_owned(),
        json!({"typed": large[0], "value": large[1], "handwritten": large[2]}),
    );
    summary.insert("decode_alternated".to_owned(), alternated);
    summary.insert("heap".to_owned(), heap);
    summary.insert("loopback".to_owned(), loopback);
    summary.insert("paging".to_owned(), paging);
    summary.insert("goals_met".to_owned(), json!(missed.is_empty()));
    let path = out.join("summary.json");
    let text = serde_json::to_string_pretty(&Value::Object(summary)).map_err(|e| e.to_string())?;
    fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("\nwrote {}", path.display());
    if missed.is_empty() {
        Ok(())
    } else {
        Err(format!("goals missed: {}", missed.join(", ")))
    }
}

fn cargo_bench(root: &Path, out: &Path, bench: &str, args: &[&str]) -> Result<(), String> {
    let status = crate::cargo(root)
        .args(["bench", "--quiet", "--bench", bench, "--"])
        .args(args)
        .env("COMETCHAT_BENCH_OUT", out)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo bench --bench {bench}` failed"))
    }
}

pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// The median time, in nanoseconds, criterion measured for one function.
fn criterion_median(target: &Path, group: &str, function: &str) -> Result<f64, String> {
    let path = target
        .join("criterion")
        .join(group)
        .join(function)
        .join("new")
        .join("estimates.json");
    read_json(&path)?
        .pointer("/median/point_estimate")
        .and_then(Value::as_f64)
        .ok_or_else(|| format!("{} has no median", path.display()))
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))
}

fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

fn duration(nanoseconds: f64) -> String {
    match nanoseconds {
        n if n >= 1e6 => format!("{:.2} ms", n / 1e6),
        n if n >= 1e3 => format!("{:.2} µs", n / 1e3),
        n => format!("{n:.0} ns"),
    }
}
