//! [`Secret`] and [`SecretJson`]: text and JSON that must not be printed, such as
//! an auth token or an API key in an answer, a group's password or a push
//! provider's credentials in a request.

use std::{borrow::Cow, fmt};

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::RawJson;

/// A secret string. `Debug` and `Display` show `***`, so a secret inside any
/// generated type stays out of logs, panics and error messages; the text is on the
/// wire as sent (serialization is exact) and in code through [`Secret::expose`].
///
/// `build.rs` maps the spec's `Secret` schema onto this type.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps `text`.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The secret text, for the one place that needs it (a header, a login call).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The secret text, owned.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl From<&str> for Secret {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

impl JsonSchema for Secret {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Secret")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string" })
    }
}

/// A secret JSON value, such as an FCM service account's credentials: `Debug` and
/// `Display` show `***`; the JSON is on the wire exactly as given or received, and
/// in code through [`SecretJson::expose`].
///
/// `build.rs` maps the spec's `SecretJson` schema onto this type.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SecretJson(RawJson);

impl SecretJson {
    /// Wraps `json`.
    pub fn new(json: impl Into<RawJson>) -> Self {
        Self(json.into())
    }

    /// The JSON, for the one place that needs it.
    pub fn expose(&self) -> &RawJson {
        &self.0
    }

    /// The JSON, owned.
    pub fn into_inner(self) -> RawJson {
        self.0
    }
}

impl From<RawJson> for SecretJson {
    fn from(json: RawJson) -> Self {
        Self(json)
    }
}

impl From<serde_json::Value> for SecretJson {
    fn from(json: serde_json::Value) -> Self {
        Self(json.into())
    }
}

impl fmt::Debug for SecretJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretJson(***)")
    }
}

impl fmt::Display for SecretJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl Serialize for SecretJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for SecretJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        RawJson::deserialize(deserializer).map(Self)
    }
}

impl JsonSchema for SecretJson {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("SecretJson")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // Any JSON: what it holds is the provider's to define.
        json_schema!({})
    }
}

#[cfg(test)]
mod tests {
    use super::{Secret, SecretJson};

    #[test]
    fn debug_and_display_hide_the_text_and_serde_keeps_it() {
        let secret: Secret = serde_json::from_str(r#""abc123""#).unwrap();
        for shown in [
            format!("{secret:?}"),
            format!("{secret:#?}"),
            format!("{secret}"),
            format!("{:?}", Some(&secret)),
        ] {
            assert!(!shown.contains("abc"), "{shown}");
        }
        assert_eq!(secret.expose(), "abc123");
        assert_eq!(serde_json::to_string(&secret).unwrap(), r#""abc123""#);
        assert!(serde_json::from_str::<Secret>("7").is_err());
    }

    #[test]
    fn secret_json_hides_every_part_and_round_trips() {
        let text = r#"{"private_key": "-----BEGIN abc123", "n": 1e400}"#;
        let secret: SecretJson = serde_json::from_str(text).unwrap();
        for shown in [
            format!("{secret:?}"),
            format!("{secret:#?}"),
            format!("{secret}"),
        ] {
            assert!(
                !shown.contains("abc") && !shown.contains("private"),
                "{shown}"
            );
        }
        assert_eq!(serde_json::to_string(&secret).unwrap(), text);
        assert_eq!(secret.expose().get(), text);
    }
}
