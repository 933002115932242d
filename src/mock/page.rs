//! One page of a list the stand-in keeps, as CometChat answers it: by number
//! (`page`, `perPage`, answering `meta.pagination`), or by timestamp cursor
//! (`affix` and `updatedAt`, answering `meta.cursor` as well).

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{error, ok, Call, Reply};

/// The query parameters paging reads (`updatedAt` is the cursor's, not a filter).
pub(crate) const PAGING: &[&str] = &["page", "perPage", "affix", "updatedAt"];

/// The largest `perPage` CometChat takes.
const MAX_PER_PAGE: u64 = 1000;
const DEFAULT_PER_PAGE: u64 = 100;

/// The page of `matching` the request asks for.
pub(crate) fn paged(call: &Call<'_>, mut matching: Vec<&Value>) -> Reply {
    let number = |name: &str, default: u64| match call.param(name) {
        Some(text) => text.parse::<u64>().ok().filter(|n| *n > 0),
        None => Some(default),
    };
    let (Some(per_page), Some(mut page)) = (number("perPage", DEFAULT_PER_PAGE), number("page", 1))
    else {
        return bad_request("`page` and `perPage` are whole numbers from 1.".to_owned());
    };
    if per_page > MAX_PER_PAGE {
        return bad_request(format!("`perPage` is at most {MAX_PER_PAGE}."));
    }
    let affix = call.param("affix");
    if let Some(affix) = affix {
        // By cursor: the items after (append) or before (prepend) the timestamp,
        // nearest first; the page number does not apply.
        let Some(from) = call
            .param("updatedAt")
            .map(str::parse::<i64>)
            .transpose()
            .ok()
        else {
            return bad_request("`updatedAt` is a whole number of seconds.".to_owned());
        };
        let newer = match affix {
            "append" => true,
            "prepend" => false,
            _ => return bad_request("`affix` is `append` or `prepend`.".to_owned()),
        };
        matching.retain(|item| match (updated_at(item), from) {
            (Some(at), Some(from)) => (at > from) == newer,
            (Some(_), None) => true,
            (None, _) => false,
        });
        matching.sort_by_key(|item| updated_at(item));
        if !newer {
            matching.reverse();
        }
        page = 1;
    }
    let total = matching.len() as u64;
    let skip =
        usize::try_from(page.saturating_sub(1).saturating_mul(per_page)).unwrap_or(usize::MAX);
    let items: Vec<&Value> = matching
        .into_iter()
        .skip(skip)
        .take(usize::try_from(per_page).unwrap_or(usize::MAX))
        .collect();
    let mut meta = json!({ "pagination": {
        "total": total,
        "count": items.len(),
        "per_page": per_page,
        "current_page": page,
        "total_pages": total.div_ceil(per_page).max(1),
    }});
    if let (Some(affix), Some(last)) = (affix, items.last()) {
        meta["cursor"] = json!({ "updatedAt": updated_at(last), "affix": affix });
    }
    ok(&json!({ "data": items, "meta": meta }))
}

/// `updatedAt`, which CometChat sends as a number or a string.
fn updated_at(item: &Value) -> Option<i64> {
    match item.get("updatedAt")? {
        Value::String(text) => text.parse().ok(),
        value => value.as_i64(),
    }
}

fn bad_request(message: String) -> Reply {
    error(StatusCode::BAD_REQUEST, "ERR_BAD_REQUEST", message)
}
