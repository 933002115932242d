//! The stand-in's stores: collections of JSON objects named by a key (users by
//! `uid`, groups by `guid`, ...), which operations create, get, list, update and
//! delete, and documents (settings, a user's preferences), which operations read,
//! write and reset, as the spec's `x-cometchat-stand-in` says. Nothing here is
//! written per operation or per store; each store is seeded from its list
//! operation's sample, each document from its read operation's.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::{json, Map, Value};

use super::{body, error, now, ok, page, route, Action, Call, Location, Reply, StandIn};

/// Every store, by name.
#[derive(Debug, Default)]
pub(crate) struct Stores {
    stores: BTreeMap<&'static str, Store>,
    /// Keys made so far, for stores that make their own.
    made: u64,
    /// Documents written, by store and key (lower case; empty for a store of one).
    documents: BTreeMap<(&'static str, String), Value>,
}

/// One store: the field that names its items, and the items in the order they were
/// made.
#[derive(Debug)]
struct Store {
    key: &'static str,
    items: Vec<Value>,
}

impl Store {
    fn position(&self, key: &str) -> Option<usize> {
        self.items.iter().position(|item| {
            item[self.key]
                .as_str()
                .is_some_and(|k| k.eq_ignore_ascii_case(key))
        })
    }
}

impl Stores {
    /// Each store holds the items of its list operation's sample.
    pub(crate) fn seeded() -> Self {
        let mut seeded = Self::default();
        for route in route::all() {
            let Some(stand_in) = route.stand_in.as_ref().filter(|s| s.action == Action::List)
            else {
                continue;
            };
            let items = route::sample_items(route.operation);
            for item in items {
                let key = item
                    .get(stand_in.key)
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                if let Some(key) = key {
                    if seeded.get(stand_in.store, &key).is_none() {
                        seeded.store(stand_in).items.push(item);
                    }
                }
            }
        }
        seeded
    }

    /// The item of `store` named `key` (compared as CometChat does, ignoring case).
    pub(crate) fn get(&self, store: &str, key: &str) -> Option<&Value> {
        let store = self.stores.get(store)?;
        store.items.get(store.position(key)?)
    }

    fn get_mut(&mut self, store: &str, key: &str) -> Option<&mut Value> {
        let store = self.stores.get_mut(store)?;
        let index = store.position(key)?;
        store.items.get_mut(index)
    }

    /// Removes the item of `store` named `key`.
    pub(crate) fn remove(&mut self, store: &str, key: &str) -> Option<Value> {
        let store = self.stores.get_mut(store)?;
        let index = store.position(key)?;
        Some(store.items.remove(index))
    }

    fn store(&mut self, stand_in: &StandIn) -> &mut Store {
        self.stores.entry(stand_in.store).or_insert_with(|| Store {
            key: stand_in.key,
            items: Vec::new(),
        })
    }

    /// The answer of an operation with a part in a store.
    pub(crate) fn answer(&mut self, call: &Call<'_>) -> Option<Reply> {
        let stand_in = call.route.stand_in.as_ref()?;
        Some(match stand_in.action {
            Action::Read | Action::Write | Action::Reset => self.document(stand_in, call),
            Action::Create => self.create(stand_in, call),
            Action::List => {
                let items = self.stores.get(stand_in.store).map(|s| s.items.as_slice());
                let items = items.unwrap_or_default();
                let search = call.param("searchKey").map(str::to_lowercase);
                // A query parameter named like a field of the items filters by it
                // (`scope`, `role`, `type`, `status`), paging's own aside; a
                // comma-separated value matches any of its parts.
                let filters: Vec<(&str, Vec<&str>)> = call
                    .route
                    .params
                    .iter()
                    .filter(|p| p.location == Location::Query && !page::PAGING.contains(&p.name))
                    .filter(|p| items.iter().any(|item| item.get(p.name).is_some()))
                    .filter_map(|p| Some((p.name, call.param(p.name)?.split(',').collect())))
                    .collect();
                let matching = items
                    .iter()
                    .filter(|item| {
                        search.as_ref().is_none_or(|search| {
                            [stand_in.key, "name"].iter().any(|field| {
                                item[*field]
                                    .as_str()
                                    .is_some_and(|text| text.to_lowercase().contains(search))
                            })
                        })
                    })
                    .filter(|item| {
                        filters.iter().all(|(field, wanted)| {
                            let text = |value: &Value| match value {
                                Value::String(text) => text.clone(),
                                other => other.to_string(),
                            };
                            match &item[*field] {
                                // A list field (`tags`) matches on any element.
                                Value::Array(values) => values
                                    .iter()
                                    .any(|value| wanted.contains(&text(value).as_str())),
                                value => wanted.contains(&text(value).as_str()),
                            }
                        })
                    })
                    .collect();
                page::paged(call, matching)
            }
            Action::Get | Action::Update | Action::Delete => {
                let key = call.param(stand_in.param).unwrap_or_default();
                if self.get(stand_in.store, key).is_none() {
                    return Some(error(
                        StatusCode::NOT_FOUND,
                        stand_in.missing,
                        format!("The {} {key} does not exist.", stand_in.key),
                    ));
                }
                match stand_in.action {
                    Action::Delete => {
                        self.remove(stand_in.store, key);
                        call.sample()
                    }
                    Action::Update => self.update(stand_in, key, call),
                    _ => ok(&json!({ "data": self.get(stand_in.store, key) })),
                }
            }
        })
    }

    /// A document's part: read, write (merge the body in) or reset.
    fn document(&mut self, stand_in: &StandIn, call: &Call<'_>) -> Reply {
        let key = match stand_in.param {
            "" => String::new(),
            param => call.param(param).unwrap_or_default().to_ascii_lowercase(),
        };
        let slot = (stand_in.store, key);
        match stand_in.action {
            Action::Reset => {
                self.documents.remove(&slot);
                call.sample()
            }
            Action::Write => {
                let document = self
                    .documents
                    .entry(slot)
                    .or_insert_with(|| seed_document(stand_in.store));
                merge(document, kept_fields(stand_in, body(call)));
                // An operation whose sample only acknowledges answers so.
                if route::sample_data(call.route).is_some_and(|data| data.get("success").is_some())
                {
                    return call.sample();
                }
                ok(&json!({ "data": document }))
            }
            // Reading keeps nothing: an unwritten document is the sample.
            _ => match self.documents.get(&slot) {
                Some(document) => ok(&json!({ "data": document })),
                None => ok(&json!({ "data": seed_document(stand_in.store) })),
            },
        }
    }

    fn create(&mut self, stand_in: &StandIn, call: &Call<'_>) -> Reply {
        let mut item = kept_fields(stand_in, body(call));
        // The body's key, else one the stand-in makes where CometChat would (an API
        // key; a rule or keyword list created without an id).
        let given = item
            .get(stand_in.key)
            .and_then(Value::as_str)
            .filter(|key| !key.is_empty())
            .map(str::to_owned);
        let key = match given {
            Some(key) => key,
            None if stand_in.generated_key => {
                self.made += 1;
                let key = format!("{:040x}", u128::from(self.made) * 0x9e37_79b9_7f4a_7c15);
                item.insert(stand_in.key.to_owned(), Value::String(key.clone()));
                key
            }
            None => String::new(),
        };
        if self.get(stand_in.store, &key).is_some() {
            return error(
                StatusCode::BAD_REQUEST,
                stand_in.exists,
                format!("The {} {key} already exists.", stand_in.key),
            );
        }
        item.entry("createdAt").or_insert_with(|| json!(now()));
        let item = Value::Object(item);
        self.store(stand_in).items.push(item.clone());
        ok(&json!({ "data": item }))
    }

    fn update(&mut self, stand_in: &StandIn, key: &str, call: &Call<'_>) -> Reply {
        let changes = body(call);
        let unset: Vec<String> = changes["unset"]
            .as_array()
            .map(|names| {
                names
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let mut changes = kept_fields(stand_in, changes);
        changes.remove(stand_in.key);
        let Some(Value::Object(item)) = self.get_mut(stand_in.store, key) else {
            return call.sample();
        };
        item.extend(changes);
        // The key names the item: it cannot be unset.
        for name in unset.iter().filter(|name| *name != stand_in.key) {
            item.remove(name);
        }
        item.insert("updatedAt".to_owned(), json!(now()));
        ok(&json!({ "data": item }))
    }
}

/// A document as its store's read operation's sample shows it.
fn seed_document(store: &str) -> Value {
    route::all()
        .iter()
        .filter(|route| {
            route
                .stand_in
                .as_ref()
                .is_some_and(|s| s.store == store && s.action == Action::Read)
        })
        .find_map(route::sample_data)
        .filter(Value::is_object)
        .unwrap_or_else(|| json!({}))
}

/// Writes `changes` into `document`: objects merge member by member, anything else
/// replaces what was there.
fn merge(document: &mut Value, changes: Map<String, Value>) {
    let Value::Object(fields) = document else {
        *document = Value::Object(changes);
        return;
    };
    for (name, change) in changes {
        match (fields.get_mut(&name), change) {
            (Some(existing @ Value::Object(_)), Value::Object(inner)) => merge(existing, inner),
            (_, change) => {
                fields.insert(name, change);
            }
        }
    }
}

/// The fields of a request body that the store keeps: all but write-only ones and
/// `unset`, which names fields to remove.
fn kept_fields(stand_in: &StandIn, body: Value) -> Map<String, Value> {
    let Value::Object(mut fields) = body else {
        return Map::new();
    };
    fields.retain(|name, _| name != "unset" && !stand_in.hidden.contains(&name.as_str()));
    fields
}
