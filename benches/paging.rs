//! Walking a list of 10 pages on loopback: the SDK's generated item stream
//! (`list_conversations().per_page(..).items()`) against the loop a user would
//! write with plain reqwest and serde_json (GET each page, parse it into `Value`,
//! collect its items, stop on the last page), alternated in one run against the
//! same in-process server. Then peak heap, counted by a global allocator, while
//! the stream walks the pages consuming each item as it comes. Writes
//! `paging.json` for `cargo xtask bench`.

mod support;

#[path = "support/counting.rs"]
mod counting;
#[path = "support/server.rs"]
mod server;

use std::{
    num::NonZeroU64,
    sync::Arc,
    time::{Duration, Instant},
};

use bytes::Bytes;
use cometchat::Client;
use futures_util::TryStreamExt;

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

const KEY: &str = "0123456789abcdef0123456789abcdef01234567";
const PAGES: usize = 10;
const PER_PAGE: usize = 100;

/// The pages the server answers with, `page=1` to `page=10`, each of
/// [`PER_PAGE`] conversations with `meta.pagination`.
fn pages() -> Arc<Vec<Bytes>> {
    Arc::new(
        (1..=PAGES)
            .map(|n| Bytes::from(support::list_page_numbered(PER_PAGE, n, PAGES)))
            .collect(),
    )
}

/// The page a request's query asks for.
fn page_number(target: &str) -> usize {
    let query = target.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("page="))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

/// The loop a user would write with reqwest, with the SDK's client settings.
struct Raw {
    http: reqwest::Client,
    url: String,
}

impl Raw {
    fn new(base_url: &str) -> Self {
        let http = support::raw_http_client();
        Self {
            http,
            url: format!("{base_url}/conversations"),
        }
    }

    /// One page's body, as a user's loop would fetch it.
    async fn page(&self, page: usize) -> bytes::Bytes {
        self.http
            .get(&self.url)
            .query(&[("page", page), ("perPage", PER_PAGE)])
            .header("apikey", KEY)
            .header("accept", "application/json")
            .timeout(Duration::from_secs(30))
            .send()
            .await
            .expect("the raw call succeeds")
            .bytes()
            .await
            .expect("the raw body arrives")
    }

    async fn walk(&self) -> Vec<serde_json::Value> {
        let mut items = Vec::new();
        for page in 1.. {
            let body = self.page(page).await;
            let mut page: serde_json::Value =
                serde_json::from_slice(&body).expect("the raw body decodes");
            let data = match page["data"].take() {
                serde_json::Value::Array(data) => data,
                _ => Vec::new(),
            };
            let count = data.len();
            items.extend(data);
            let pagination = &page["meta"]["pagination"];
            let last = pagination["current_page"].as_u64() >= pagination["total_pages"].as_u64();
            if count < PER_PAGE || last {
                break;
            }
        }
        items
    }
}

fn per_page() -> NonZeroU64 {
    NonZeroU64::new(PER_PAGE as u64).expect("not zero")
}

async fn sdk_walk(client: &Client) -> Vec<cometchat::Conversation> {
    client
        .list_conversations()
        .per_page(per_page())
        .items()
        .try_collect()
        .await
        .expect("the SDK walk succeeds")
}

/// Walks with each side in turn, `rounds` times, and reports items per second
/// from the median walk of each.
async fn throughput(client: &Client, raw: &Raw, rounds: usize) -> serde_json::Value {
    for _ in 0..3 {
        assert_eq!(sdk_walk(client).await.len(), PAGES * PER_PAGE);
        assert_eq!(raw.walk().await.len(), PAGES * PER_PAGE);
    }
    let (mut sdk, mut plain) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    let mut ratios = Vec::with_capacity(rounds);
    for i in 0..rounds {
        let mut pair = [Duration::ZERO; 2];
        for turn in [i % 2, 1 - i % 2] {
            let started = Instant::now();
            if turn == 0 {
                std::hint::black_box(sdk_walk(client).await);
            } else {
                std::hint::black_box(raw.walk().await);
            }
            pair[turn] = started.elapsed();
        }
        sdk.push(pair[0]);
        plain.push(pair[1]);
        ratios.push(pair[1].as_secs_f64() / pair[0].as_secs_f64());
    }
    sdk.sort();
    plain.sort();
    ratios.sort_by(f64::total_cmp);
    let items = (PAGES * PER_PAGE) as f64;
    let per_second = |times: &[Duration]| items / times[times.len() / 2].as_secs_f64();
    let report = serde_json::json!({
        "pages": PAGES,
        "per_page": PER_PAGE,
        "rounds": rounds,
        "sdk_items_per_second": per_second(&sdk),
        "raw_items_per_second": per_second(&plain),
        "sdk_walk_ms": sdk[sdk.len() / 2].as_secs_f64() * 1e3,
        "raw_walk_ms": plain[plain.len() / 2].as_secs_f64() * 1e3,
        "round_ratio_sdk_over_raw": ratios[ratios.len() / 2],
    });
    println!("walk of {PAGES} pages ({rounds} rounds each, alternated): {report}");
    report
}

/// Peak heap, above what was live before, of: one call for one page, kept until it
/// is decoded (what a page costs); the stream walking every page, each item
/// dropped as it comes; and the raw loop, each page dropped after it is parsed.
async fn heap(client: &Client, raw: &Raw, largest_body: usize) -> serde_json::Value {
    // Warm: connections open, buffers grown.
    for _ in 0..2 {
        sdk_walk(client).await;
        raw.walk().await;
    }
    let before = counting::reset();
    let page = client
        .list_conversations()
        .per_page(per_page())
        .page(NonZeroU64::MIN)
        .await
        .expect("one page");
    let one_page = counting::peak_since(before);
    drop(page);

    let before = counting::reset();
    let walked = client
        .list_conversations()
        .per_page(per_page())
        .items()
        .try_fold(0usize, |count, item| {
            drop(item);
            async move { Ok(count + 1) }
        })
        .await
        .expect("the SDK walk succeeds");
    let walk = counting::peak_since(before);
    assert_eq!(walked, PAGES * PER_PAGE);

    // A user's loop that keeps nothing between pages.
    let before = counting::reset();
    for page in 1..=PAGES {
        let body = raw.page(page).await;
        let page: serde_json::Value = serde_json::from_slice(&body).expect("the raw body decodes");
        std::hint::black_box(page);
    }
    let raw_walk = counting::peak_since(before);

    let report = serde_json::json!({
        "largest_page_body_bytes": largest_body,
        "one_page_peak_bytes": one_page,
        "sdk_walk_peak_bytes": walk,
        "raw_walk_peak_bytes": raw_walk,
    });
    println!("heap: {report}");
    report
}

fn main() {
    let quick = std::env::var_os("COMETCHAT_BENCH_QUICK").is_some();
    let pages = pages();
    let largest_body = pages.iter().map(Bytes::len).max().unwrap_or(0);
    let served = Arc::clone(&pages);
    let (address, _) = server::serve(move |target| {
        let n = page_number(target).clamp(1, PAGES);
        served[n - 1].clone()
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
    let (walk, heap) = runtime.block_on(async {
        let walk = throughput(&client, &raw, if quick { 10 } else { 60 }).await;
        let heap = heap(&client, &raw, largest_body).await;
        (walk, heap)
    });
    support::write_report(
        "paging.json",
        &serde_json::json!({ "walk": walk, "heap": heap }),
    );
}
