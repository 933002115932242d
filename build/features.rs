//! Which resources a build generates. A tag of the spec with `x-cometchat-feature`
//! belongs to that cargo feature: without it, the tag's operations are dropped
//! before generation, and with them every schema and example only they reach. The
//! rest of the spec is generated whatever the features.
//!
//! Why: the generated client is most of the crate's compile time, which grows with
//! every operation; an app that sends messages need not compile moderation rules
//! (BENCHMARKS.md has the figures).

use std::collections::BTreeSet;

use serde_json::Value;

/// The extension on a top-level tag that names its cargo feature.
const FEATURE: &str = "x-cometchat-feature";

/// Drops from `spec` the operations of tags whose feature is off, and what only
/// they reach. `enabled` answers whether a feature is on; `declared` is the
/// manifest's text, which must declare every feature the spec names.
pub fn select(
    spec: &mut Value,
    enabled: impl Fn(&str) -> bool,
    declared: &str,
) -> Result<(), String> {
    let mut off = BTreeSet::new();
    for tag in spec["tags"].as_array().into_iter().flatten() {
        let Some(feature) = tag.get(FEATURE) else {
            continue;
        };
        let feature = feature
            .as_str()
            .ok_or_else(|| format!("tag {}: {FEATURE} must be text", tag["name"]))?;
        if !declares(declared, feature) {
            return Err(format!(
                "tag {}: {FEATURE} names {feature:?}, which Cargo.toml's [features] does not \
                 declare",
                tag["name"]
            ));
        }
        if !enabled(feature) {
            off.extend(tag["name"].as_str().map(str::to_owned));
        }
    }
    if off.is_empty() {
        return Ok(());
    }
    let Some(paths) = spec["paths"].as_object_mut() else {
        return Ok(());
    };
    for item in paths.values_mut() {
        if let Some(item) = item.as_object_mut() {
            item.retain(|_, operation| {
                let tags = operation["tags"].as_array();
                !tags.is_some_and(|tags| {
                    tags.iter()
                        .any(|t| t.as_str().is_some_and(|t| off.contains(t)))
                })
            });
        }
    }
    paths.retain(|_, item| {
        item.as_object().is_some_and(|item| {
            item.keys()
                .any(|key| !matches!(key.as_str(), "parameters" | "summary" | "description"))
        })
    });
    prune(spec);
    Ok(())
}

/// Whether the manifest's `[features]` table declares `feature`.
fn declares(manifest: &str, feature: &str) -> bool {
    let mut in_features = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_features = line == "[features]";
        } else if in_features {
            let name = line.split('=').next().unwrap_or_default().trim();
            if name == feature {
                return true;
            }
        }
    }
    false
}

/// Removes the component schemas and examples that nothing kept refers to.
fn prune(spec: &mut Value) {
    let mut reached = BTreeSet::new();
    let mut todo = Vec::new();
    refs(&spec["paths"], &mut todo);
    // Every other component may refer to a schema (headers, bodies, responses).
    if let Some(components) = spec["components"].as_object() {
        for (kind, items) in components {
            if kind != "schemas" && kind != "examples" {
                refs(items, &mut todo);
            }
        }
    }
    while let Some(reference) = todo.pop() {
        if !reached.insert(reference.clone()) {
            continue;
        }
        if let Some(name) = reference.strip_prefix("#/components/schemas/") {
            refs(&spec["components"]["schemas"][name], &mut todo);
        }
    }
    for (kind, prefix) in [
        ("schemas", "#/components/schemas/"),
        ("examples", "#/components/examples/"),
    ] {
        if let Some(items) = spec["components"][kind].as_object_mut() {
            items.retain(|name, _| reached.contains(&format!("{prefix}{name}")));
        }
    }
}

/// Every `$ref` under `value`.
fn refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (key, inner) in members {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(reference)) => found.push(reference.clone()),
                    _ => refs(inner, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| refs(item, found)),
        _ => {}
    }
}
