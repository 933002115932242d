//! The route table's types, and matching a request against it.
//!
//! `build/routes.rs` writes `crate::generated::ROUTES`, one [`Route`] per operation of
//! the spec; this file holds what every route shares. Nothing here is written per
//! operation.

use std::fmt::Display;

use serde::de::DeserializeOwned;

/// One operation of the spec, as the stand-in routes and checks it.
#[derive(Debug)]
pub(crate) struct Route {
    /// The operation id, such as `get_group_conversation`.
    pub(crate) operation: &'static str,
    /// The method in upper case, such as `GET`.
    pub(crate) method: &'static str,
    /// The spec's path template under the API root, such as `/groups/{guid}/conversation`.
    pub(crate) path: &'static str,
    pub(crate) params: &'static [Param],
    pub(crate) body: Option<Body>,
    /// The 200 example.
    pub(crate) sample: Option<Sample>,
    /// What the operation does to the stand-in's stores, when the spec says.
    pub(crate) stand_in: Option<StandIn>,
}

/// An operation's part in a store of the stand-in (`x-cometchat-stand-in`), with
/// the store's description (`x-cometchat-stores`).
#[derive(Debug)]
pub(crate) struct StandIn {
    /// The store, such as `users`.
    pub(crate) store: &'static str,
    pub(crate) action: Action,
    /// The field that names an item, in bodies and answers; for a store of
    /// documents, the parameter that names one (a `uid`), or empty for one document.
    pub(crate) key: &'static str,
    /// The parameter that carries the key (`ruleId` for a rule's `id`): the key by
    /// default.
    pub(crate) param: &'static str,
    /// The error code when no item has the key asked for.
    pub(crate) missing: &'static str,
    /// The error code when a created item's key is taken.
    pub(crate) exists: &'static str,
    /// Request fields that are not kept (write-only, such as a password).
    pub(crate) hidden: &'static [&'static str],
    /// Whether the stand-in makes the key on create (an API key), rather than the
    /// body naming it.
    pub(crate) generated_key: bool,
}

/// What an operation does to its store. (Only the feature-gated resources write and
/// reset documents today, so a build without them constructs neither.)
#[allow(dead_code)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    Create,
    Get,
    List,
    Update,
    Delete,
    /// A document (settings, preferences): read it, as last written or as the
    /// sample of its read operation.
    Read,
    /// Merges the body into the document.
    Write,
    /// Forgets what was written: the next read gives the sample again.
    Reset,
}

/// One parameter of an operation.
#[derive(Debug)]
pub(crate) struct Param {
    /// The name on the wire, such as `onBehalfOf`.
    pub(crate) name: &'static str,
    pub(crate) location: Location,
    pub(crate) required: bool,
    /// Parses a value with the `FromStr` of the type the generated client gives the
    /// parameter (`crate::wire::Guid` for a GUID), answering why it does not parse.
    pub(crate) check: fn(&str) -> Result<(), String>,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Location {
    Path,
    Header,
    Query,
}

/// An operation's request body.
#[derive(Debug)]
pub(crate) struct Body {
    pub(crate) required: bool,
    /// Decodes a body into the operation's generated request type, answering
    /// serde's reason when it does not.
    pub(crate) check: fn(&[u8]) -> Result<(), String>,
}

/// An example from the spec's `components/examples`.
#[derive(Debug)]
pub(crate) struct Sample {
    pub(crate) name: &'static str,
    /// Its value, as compact JSON.
    pub(crate) json: &'static str,
}

/// Whether `value` parses as a `T`.
pub(crate) fn parses<T>(value: &str) -> Result<(), String>
where
    T: std::str::FromStr,
    T::Err: Display,
{
    value.parse::<T>().map(drop).map_err(|e| e.to_string())
}

/// Whether `body` decodes as a `T`.
pub(crate) fn decodes<T: DeserializeOwned>(body: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<T>(body)
        .map(drop)
        .map_err(|e| e.to_string())
}

/// The `data` of a route's sample; none when it has no sample or no `data`.
pub(crate) fn sample_data(route: &Route) -> Option<serde_json::Value> {
    let sample = route.sample.as_ref()?;
    let mut sample: serde_json::Value = serde_json::from_str(sample.json).ok()?;
    sample.get_mut("data").map(serde_json::Value::take)
}

/// The items of the `data` list of operation `id`'s sample; none when it has no
/// sample or its `data` is not a list. The stand-in seeds its state with them.
pub(crate) fn sample_items(id: &str) -> Vec<serde_json::Value> {
    match find(id).and_then(sample_data) {
        Some(serde_json::Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

/// Every route.
pub(crate) fn all() -> &'static [Route] {
    crate::generated::ROUTES
}

/// The route of operation `id`.
pub(crate) fn find(id: &str) -> Option<&'static Route> {
    all().iter().find(|route| route.operation == id)
}

/// The values of a route's path parameters, by name, in template order.
pub(crate) type PathParams = Vec<(&'static str, String)>;

/// What matching a path and method against the table found.
pub(crate) enum Matched {
    /// The route, and the values of its path parameters.
    Route(&'static Route, PathParams),
    /// The path is known, but not with this method; these methods take it.
    WrongMethod(Vec<&'static str>),
    NotFound,
}

/// Matches `path` (below the API root, without the query) segment by segment.
/// When several templates match, the one with the most literal segments wins, so
/// that `/conversations/pinned` is not read as a conversation id.
pub(crate) fn matching(method: &str, path: &str) -> Matched {
    let segments: Vec<&str> = path.split('/').collect();
    let mut best: Option<(usize, &'static Route, PathParams)> = None;
    let mut methods = Vec::new();
    for route in all() {
        let Some((literals, params)) = template_match(route.path, &segments) else {
            continue;
        };
        if route.method != method {
            methods.push(route.method);
            continue;
        }
        if best.as_ref().is_none_or(|(most, _, _)| literals > *most) {
            best = Some((literals, route, params));
        }
    }
    match best {
        Some((_, route, params)) => Matched::Route(route, params),
        None if methods.is_empty() => Matched::NotFound,
        None => {
            methods.sort_unstable();
            methods.dedup();
            Matched::WrongMethod(methods)
        }
    }
}

/// The number of literal segments and the parameter values, when `template`
/// matches `segments`. A parameter takes one segment, never an empty one, and its
/// value is the segment percent-decoded.
fn template_match(template: &'static str, segments: &[&str]) -> Option<(usize, PathParams)> {
    let parts: Vec<&'static str> = template.split('/').collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut literals = 0;
    let mut params = Vec::new();
    for (part, segment) in parts.into_iter().zip(segments) {
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) if !segment.is_empty() => {
                // As sent, percent-encoded (`%F0%9F%91%8D` for a reaction); kept
                // as sent when it does not decode to UTF-8.
                let value = percent_encoding::percent_decode_str(segment)
                    .decode_utf8()
                    .map_or_else(|_| (*segment).to_owned(), |v| v.into_owned());
                params.push((name, value));
            }
            Some(_) => return None,
            None if part == *segment => literals += 1,
            None => return None,
        }
    }
    Some((literals, params))
}
