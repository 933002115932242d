//! Validates a JSON value against an OpenAPI 3.0 schema object.
//!
//! Only the keywords our spec uses are implemented; any other validation keyword is
//! reported as unsupported rather than silently ignored, so a spec that outgrows this
//! validator fails `cargo xtask check` instead of passing it unchecked.

use serde_json::{Map, Value};

/// Keywords that describe but do not constrain.
const ANNOTATIONS: &[&str] = &[
    "description",
    "example",
    "title",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
];

pub struct Validator<'a> {
    schemas: &'a Map<String, Value>,
}

impl<'a> Validator<'a> {
    /// `schemas` is the spec's `components.schemas`.
    pub fn new(schemas: &'a Map<String, Value>) -> Self {
        Self { schemas }
    }

    /// Every way `instance` breaks `schema`, each with its JSON path.
    pub fn errors(&self, schema: &Value, instance: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(schema, instance, "$", &mut errors);
        errors
    }

    fn check(&self, schema: &Value, instance: &Value, path: &str, errors: &mut Vec<String>) {
        let Some(schema) = schema.as_object() else {
            errors.push(format!("{path}: a schema must be an object"));
            return;
        };
        if let Some(reference) = schema.get("$ref") {
            // In OpenAPI 3.0 the siblings of `$ref` are ignored.
            match self.resolve(reference) {
                Some(target) => self.check(target, instance, path, errors),
                None => errors.push(format!("{path}: cannot resolve $ref {reference}")),
            }
            return;
        }
        if instance.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
            return;
        }
        for (keyword, value) in schema {
            match keyword.as_str() {
                "type" => self.check_type(value, instance, path, errors),
                "format" => check_format(value, instance, path, errors),
                "enum" => {
                    if !value
                        .as_array()
                        .is_some_and(|values| values.contains(instance))
                    {
                        errors.push(format!("{path}: {instance} is not one of {value}"));
                    }
                }
                // An open enumeration: the listed values are known ones, any string is valid.
                "x-extensible-enum" => {
                    if !instance.is_string() {
                        errors.push(format!("{path}: {instance} is not a string"));
                    }
                }
                "pattern" => check_pattern(value, instance, path, errors),
                "minLength" | "maxLength" => check_length(keyword, value, instance, path, errors),
                "properties" | "required" | "additionalProperties" => {}
                "items" => {
                    if let Some(items) = instance.as_array() {
                        for (index, item) in items.iter().enumerate() {
                            self.check(value, item, &format!("{path}[{index}]"), errors);
                        }
                    }
                }
                "allOf" | "anyOf" | "oneOf" => {
                    self.check_combination(keyword, value, instance, path, errors)
                }
                "nullable" => {}
                keyword if ANNOTATIONS.contains(&keyword) || keyword.starts_with("x-") => {}
                keyword => errors.push(format!(
                    "{path}: the validator does not support `{keyword}`"
                )),
            }
        }
        if let Some(object) = instance.as_object() {
            self.check_object(schema, object, path, errors);
        }
    }

    fn resolve(&self, reference: &Value) -> Option<&'a Value> {
        let name = reference.as_str()?.strip_prefix("#/components/schemas/")?;
        self.schemas.get(name)
    }

    fn check_type(&self, expected: &Value, instance: &Value, path: &str, errors: &mut Vec<String>) {
        let matches = match expected.as_str() {
            Some("string") => instance.is_string(),
            Some("integer") => instance.is_i64() || instance.is_u64(),
            Some("number") => instance.is_number(),
            Some("boolean") => instance.is_boolean(),
            Some("array") => instance.is_array(),
            Some("object") => instance.is_object(),
            _ => {
                errors.push(format!("{path}: unknown type {expected}"));
                return;
            }
        };
        if !matches {
            errors.push(format!("{path}: {instance} is not of type {expected}"));
        }
    }

    fn check_combination(
        &self,
        keyword: &str,
        schemas: &Value,
        instance: &Value,
        path: &str,
        errors: &mut Vec<String>,
    ) {
        let Some(schemas) = schemas.as_array() else {
            errors.push(format!("{path}: {keyword} must be an array"));
            return;
        };
        let results: Vec<Vec<String>> = schemas
            .iter()
            .map(|s| self.errors_at(s, instance, path))
            .collect();
        let passing = results.iter().filter(|r| r.is_empty()).count();
        let ok = match keyword {
            "allOf" => passing == schemas.len(),
            "anyOf" => passing >= 1,
            _ => passing == 1,
        };
        if !ok {
            errors.push(format!(
                "{path}: {keyword} matched {passing} of {} schemas: {}",
                schemas.len(),
                results.concat().join("; ")
            ));
        }
    }

    fn errors_at(&self, schema: &Value, instance: &Value, path: &str) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(schema, instance, path, &mut errors);
        errors
    }

    fn check_object(
        &self,
        schema: &Map<String, Value>,
        object: &Map<String, Value>,
        path: &str,
        errors: &mut Vec<String>,
    ) {
        let properties = schema.get("properties").and_then(Value::as_object);
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(name) = name.as_str() {
                if !object.contains_key(name) {
                    errors.push(format!("{path}: missing required property {name}"));
                }
            }
        }
        for (name, value) in object {
            let field = format!("{path}.{name}");
            match (
                properties.and_then(|p| p.get(name)),
                schema.get("additionalProperties"),
            ) {
                (Some(property), _) => self.check(property, value, &field, errors),
                (None, Some(Value::Bool(false))) => errors.push(format!(
                    "{field}: no such property, and additionalProperties is false"
                )),
                (None, Some(extra @ Value::Object(_))) => self.check(extra, value, &field, errors),
                (None, _) => {}
            }
        }
    }
}

fn check_format(format: &Value, instance: &Value, path: &str, errors: &mut Vec<String>) {
    if format.as_str() == Some("int64") && instance.is_number() && !instance.is_i64() {
        errors.push(format!("{path}: {instance} does not fit int64"));
    }
}

fn check_pattern(pattern: &Value, instance: &Value, path: &str, errors: &mut Vec<String>) {
    let (Some(pattern), Some(text)) = (pattern.as_str(), instance.as_str()) else {
        return;
    };
    // Patterns are ECMA 262 regular expressions, which regress implements.
    match regress::Regex::new(pattern) {
        Ok(regex) if regex.find(text).is_some() => {}
        Ok(_) => errors.push(format!("{path}: {instance} does not match {pattern}")),
        Err(e) => errors.push(format!("{path}: invalid pattern {pattern}: {e}")),
    }
}

fn check_length(
    keyword: &str,
    limit: &Value,
    instance: &Value,
    path: &str,
    errors: &mut Vec<String>,
) {
    let (Some(limit), Some(text)) = (limit.as_u64(), instance.as_str()) else {
        return;
    };
    let length = text.chars().count() as u64;
    let ok = if keyword == "minLength" {
        length >= limit
    } else {
        length <= limit
    };
    if !ok {
        errors.push(format!("{path}: {instance} breaks {keyword} {limit}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn errors(schema: Value, instance: Value) -> Vec<String> {
        let schemas = json!({
            "Integer": {"oneOf": [{"type": "integer"}, {"type": "string", "pattern": "^(0|-?[1-9][0-9]*)$"}]},
            "Thing": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"$ref": "#/components/schemas/Integer"}, "kind": {"type": "string", "x-extensible-enum": ["a"]}},
                "additionalProperties": false
            }
        });
        let schemas = schemas.as_object().unwrap().clone();
        Validator::new(&schemas).errors(&schema, &instance)
    }

    #[test]
    fn accepts_what_the_schema_allows() {
        let thing = json!({"$ref": "#/components/schemas/Thing"});
        assert!(errors(thing.clone(), json!({"id": 5, "kind": "b"})).is_empty());
        assert!(errors(thing, json!({"id": "5"})).is_empty());
        assert!(errors(json!({"type": "string", "nullable": true}), Value::Null).is_empty());
    }

    #[test]
    fn reports_what_the_schema_refuses() {
        let thing = json!({"$ref": "#/components/schemas/Thing"});
        let cases = [
            (json!({"kind": "a"}), "missing required property id"),
            (json!({"id": "05"}), "oneOf matched 0"),
            (json!({"id": 1, "kind": 2}), "is not a string"),
            (json!({"id": 1, "other": 2}), "no such property"),
            (json!([]), "is not of type"),
        ];
        for (instance, expected) in cases {
            let found = errors(thing.clone(), instance.clone());
            assert!(
                found.iter().any(|e| e.contains(expected)),
                "{instance}: {found:?}"
            );
        }
        let unsupported = errors(json!({"minimum": 3}), json!(1));
        assert!(
            unsupported[0].contains("does not support `minimum`"),
            "{unsupported:?}"
        );
        assert!(!errors(json!({"type": "string", "maxLength": 2}), json!("abc")).is_empty());
    }
}
