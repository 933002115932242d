//! One page of a list the stand-in keeps, as CometChat answers it: by number
//! (`page`, `perPage`, answering `meta.pagination`), or by timestamp cursor
//! (`affix` and `updatedAt`, answering `meta.cursor` as well) for the stores; and
//! by message cursor (`limit`, `affix`, `id`, answering `meta.current` and
//! `meta.next`) for messages, reactions and threads.

use serde_json::{json, Value};

use super::{bad_request, number, ok, Call, Reply};

/// The query parameters paging reads (`updatedAt` is the cursor's, not a filter).
pub(crate) const PAGING: &[&str] = &["page", "perPage", "affix", "updatedAt"];

/// The largest `limit` CometChat takes.
const MAX_LIMIT: u64 = 1000;
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
        return bad_request("`page` and `perPage` are whole numbers from 1.");
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
    number(&item["updatedAt"])
}

/// The page of `items` (in the order kept) the request's cursor asks for: `limit`
/// items after (`append`, the default) or before (`prepend`, nearest first) the
/// `id`, or else the `sentAt` or `updatedAt`, it names. `meta.next` names the last
/// item's `id` and its `time` field, as CometChat's cursor of that list does.
pub(crate) fn by_cursor(
    call: &Call<'_>,
    mut items: Vec<Value>,
    default_limit: u64,
    time: Option<&str>,
) -> Reply {
    let limit = match call.param("limit").map(str::parse::<u64>) {
        None => default_limit,
        Some(Ok(limit)) if (1..=MAX_LIMIT).contains(&limit) => limit,
        Some(_) => return bad_request("`limit` is a whole number from 1 to 1000."),
    };
    let affix = call.param("affix").unwrap_or("append");
    let newer = match affix {
        "append" => true,
        "prepend" => false,
        _ => return bad_request("`affix` is `append` or `prepend`."),
    };
    let bound = |name: &str| call.param(name).map(str::parse::<u64>).transpose();
    let (Ok(id), Ok(sent_at), Ok(updated_at)) = (bound("id"), bound("sentAt"), bound("updatedAt"))
    else {
        return bad_request("`id`, `sentAt` and `updatedAt` are whole numbers.");
    };
    let position = |item: &Value| -> Option<u64> {
        match (id, sent_at, updated_at) {
            (Some(_), _, _) => number(&item["id"]),
            (None, Some(_), _) => number(&item["sentAt"]),
            (None, None, _) => number(&item["updatedAt"]),
        }
    };
    if let Some(from) = id.or(sent_at).or(updated_at) {
        items.retain(|item| position(item).is_some_and(|at| (at > from) == newer && at != from));
    }
    if !newer {
        items.reverse();
    }
    items.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let mut meta = json!({ "current": { "limit": limit, "count": items.len() } });
    if let Some(last) = items.last() {
        let mut next = json!({ "affix": affix, "id": last["id"] });
        if let Some((field, value)) = time.and_then(|field| Some((field, last.get(field)?))) {
            next[field] = value.clone();
        }
        meta["next"] = next;
    }
    ok(&json!({ "data": items, "meta": meta }))
}
