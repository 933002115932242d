//! Checks `openapi/cometchat.json`: that it is OpenAPI 3.0, that every schema and
//! property is described (descriptions become the rustdoc), and that every example
//! validates against its schema.

use std::path::Path;

use serde_json::{Map, Value};

use crate::validate::Validator;

pub const SPEC: &str = "openapi/cometchat.json";

/// Every problem found in the spec; empty when it is sound.
pub fn problems(root: &Path) -> Vec<String> {
    let path = root.join(SPEC);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => return vec![format!("cannot read {}: {e}", path.display())],
    };
    let spec: Value = match serde_json::from_str(&text) {
        Ok(spec) => spec,
        Err(e) => return vec![format!("{SPEC} is not JSON: {e}")],
    };
    let mut problems = Vec::new();
    if let Err(e) = serde_json::from_value::<openapiv3::OpenAPI>(spec.clone()) {
        problems.push(format!("{SPEC} is not an OpenAPI 3 document: {e}"));
    }
    let version = spec["openapi"].as_str().unwrap_or_default();
    if !version.starts_with("3.0.") {
        problems.push(format!(
            "openapi is {version:?}; progenitor reads 3.0.x only"
        ));
    }
    let empty = Map::new();
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    described(schemas, &mut problems);
    let validator = Validator::new(schemas);
    for (location, schema, example) in examples(&spec) {
        for error in validator.errors(schema, example) {
            problems.push(format!("example at {location}: {error}"));
        }
    }
    problems
}

/// Every schema and every property needs a description.
fn described(schemas: &Map<String, Value>, problems: &mut Vec<String>) {
    for (name, schema) in schemas {
        if schema.get("description").is_none() {
            problems.push(format!("schema {name} has no description"));
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        for (property, value) in properties.into_iter().flatten() {
            if value.get("description").is_none() {
                problems.push(format!("property {name}.{property} has no description"));
            }
        }
    }
}

/// Each example in the spec, with where it is and the schema it must satisfy:
/// `example` and `examples` of media types (responses included), and `example` of
/// component schemas.
fn examples(spec: &Value) -> Vec<(String, &Value, &Value)> {
    let mut found = Vec::new();
    let mut media_types = Vec::new();
    for root in [
        "/paths",
        "/components/responses",
        "/components/requestBodies",
    ] {
        if let Some(value) = spec.pointer(root) {
            collect_media_types(value, format!("#{root}"), &mut media_types);
        }
    }
    for (location, media) in media_types {
        let Some(schema) = media.get("schema") else {
            continue;
        };
        if let Some(example) = media.get("example") {
            found.push((format!("{location}/example"), schema, example));
        }
        for (name, example) in media
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let example = match example.get("$ref").and_then(Value::as_str) {
                Some(reference) => reference
                    .strip_prefix('#')
                    .and_then(|pointer| spec.pointer(pointer))
                    .unwrap_or(&Value::Null),
                None => example,
            };
            found.push((
                format!("{location}/examples/{name}"),
                schema,
                &example["value"],
            ));
        }
    }
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for (name, schema) in schemas.into_iter().flatten() {
        if let Some(example) = schema.get("example") {
            found.push((
                format!("#/components/schemas/{name}/example"),
                schema,
                example,
            ));
        }
    }
    found
}

/// Media type objects: the values under any `content` map.
fn collect_media_types<'a>(
    value: &'a Value,
    location: String,
    found: &mut Vec<(String, &'a Value)>,
) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_location =
                    format!("{location}/{}", key.replace('~', "~0").replace('/', "~1"));
                if key == "content" {
                    for (media_type, media) in child.as_object().into_iter().flatten() {
                        found.push((format!("{child_location}/{media_type}"), media));
                    }
                } else {
                    collect_media_types(child, child_location, found);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect_media_types(item, format!("{location}/{index}"), found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` checks the spec too, so a broken example fails before CI.
    #[test]
    fn the_spec_is_sound() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let problems = problems(&root);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn every_example_is_found() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let spec: Value =
            serde_json::from_str(&std::fs::read_to_string(root.join(SPEC)).unwrap()).unwrap();
        let locations: Vec<String> = examples(&spec).into_iter().map(|(l, _, _)| l).collect();
        // Every operation's sample answer is checked, beside the request examples,
        // the error responses and the id schemas.
        let mut operations = 0;
        for (path, item) in spec["paths"].as_object().unwrap() {
            let path = path.replace('~', "~0").replace('/', "~1");
            for (method, operation) in item.as_object().unwrap() {
                // `cargo xtask self-check`'s operation has no sample.
                if operation["operationId"]
                    .as_str()
                    .is_some_and(|id| id.starts_with("self_check_"))
                {
                    continue;
                }
                operations += 1;
                let sample = format!(
                    "#/paths/{path}/{method}/responses/200/content/application/json/examples/sample"
                );
                assert!(locations.contains(&sample), "{sample} in {locations:#?}");
            }
        }
        assert!(operations >= 62, "{operations} operations");
        assert!(
            locations
                .iter()
                .any(|l| l.contains("/components/responses/")),
            "{locations:#?}"
        );
    }

    #[test]
    fn a_broken_example_is_reported() {
        let mut spec: Value =
            serde_json::from_str(include_str!("../../openapi/cometchat.json")).unwrap();
        spec["components"]["examples"]["GroupConversation"]["value"]["data"][0]
            ["unreadMessageCount"] = Value::from("lots");
        let schemas = spec
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .unwrap();
        let validator = Validator::new(schemas);
        let errors: Vec<String> = examples(&spec)
            .into_iter()
            .flat_map(|(_, schema, example)| validator.errors(schema, example))
            .collect();
        assert!(
            errors.iter().any(|e| e.contains("unreadMessageCount")),
            "{errors:?}"
        );
    }
}
