//! Tests of `build/features.rs` (the crate's build script includes it; so does this
//! crate, to test it against the real spec and manifest).

#[path = "../../build/features.rs"]
mod select;

#[cfg(test)]
mod tests {
    use std::{collections::BTreeSet, path::Path};

    use serde_json::Value;

    use super::select::select;

    fn read(path: &str) -> String {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        std::fs::read_to_string(root.join(path)).unwrap()
    }

    fn operations(spec: &Value) -> Vec<(String, Vec<String>)> {
        let mut found = Vec::new();
        for item in spec["paths"].as_object().unwrap().values() {
            for operation in item.as_object().unwrap().values() {
                let tags = operation["tags"].as_array().into_iter().flatten();
                let tags = tags.filter_map(|t| t.as_str().map(str::to_owned)).collect();
                found.push((operation["operationId"].as_str().unwrap().to_owned(), tags));
            }
        }
        found
    }

    fn refs(value: &Value, found: &mut BTreeSet<String>) {
        match value {
            Value::Object(members) => members.iter().for_each(|(key, inner)| match inner {
                Value::String(reference) if key == "$ref" => {
                    found.insert(reference.clone());
                }
                _ => refs(inner, found),
            }),
            Value::Array(items) => items.iter().for_each(|item| refs(item, found)),
            _ => {}
        }
    }

    /// Each feature off in turn, and all off: its tags' operations go, every other
    /// stays, every `$ref` left resolves, and no schema only they used is left.
    #[test]
    fn a_feature_off_drops_its_operations_and_only_what_they_reach() {
        let text = read("openapi/cometchat.json");
        let manifest = read("Cargo.toml");
        let original: Value = serde_json::from_str(&text).unwrap();
        let all = operations(&original);
        let features = ["notifications", "moderation", "rbac", "metrics"];
        let mut cases: Vec<Vec<&str>> = features.iter().map(|f| vec![*f]).collect();
        cases.push(features.to_vec());
        for off in cases {
            let mut spec = original.clone();
            select(&mut spec, |feature| !off.contains(&feature), &manifest).unwrap();
            let tags_off: Vec<&str> = original["tags"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|t| {
                    t["x-cometchat-feature"]
                        .as_str()
                        .is_some_and(|f| off.contains(&f))
                })
                .map(|t| t["name"].as_str().unwrap())
                .collect();
            assert!(!tags_off.is_empty(), "{off:?} names no tag");
            let kept = operations(&spec);
            let expected: Vec<_> = all
                .iter()
                .filter(|(_, tags)| !tags.iter().any(|t| tags_off.contains(&t.as_str())))
                .cloned()
                .collect();
            assert_eq!(kept, expected, "{off:?}");
            assert!(kept.len() < all.len(), "{off:?}");
            let mut reached = BTreeSet::new();
            refs(&spec, &mut reached);
            for reference in &reached {
                let pointer = reference.trim_start_matches('#');
                assert!(
                    spec.pointer(pointer).is_some(),
                    "{off:?}: {reference} dangles"
                );
            }
            // Nothing unreachable is left: every schema left is referred to.
            for name in spec["components"]["schemas"].as_object().unwrap().keys() {
                let reference = format!("#/components/schemas/{name}");
                assert!(
                    reached.contains(&reference),
                    "{off:?}: {name} is left unused"
                );
            }
        }
        // Every feature on: the spec is unchanged.
        let mut spec = original.clone();
        select(&mut spec, |_| true, &manifest).unwrap();
        assert_eq!(spec, original);
    }

    #[test]
    fn a_feature_the_manifest_does_not_declare_is_refused() {
        let text = read("openapi/cometchat.json");
        let mut spec: Value = serde_json::from_str(&text).unwrap();
        let problem = select(&mut spec, |_| true, "[features]\nfull = []\n").unwrap_err();
        assert!(problem.contains("does not declare"), "{problem}");
    }
}
