//! [`RawJson`]: a JSON value kept as the exact text the server sent, and
//! [`Extra`], the map of unknown fields every generated object holds.

use std::{borrow::Cow, fmt};

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{
    de::{self, value::SeqAccessDeserializer, Visitor},
    Deserialize, Deserializer, Serialize, Serializer,
};

use super::raw::{raw_text_or_key, serialize_raw, MapStart, RAW_VALUE_TOKEN};

/// A JSON value kept as the exact text the server sent.
///
/// Unknown fields (the `extra` map of every generated object) and free-form
/// `metadata` are held this way, so that nothing is lost to `f64` or `u64`: a
/// decode → encode round trip gives back `18446744073709551616`, `1e400`,
/// `0.1000000000000000055511151231257827` and `"\u00e9"` exactly as they were sent.
/// Whitespace around the value is not kept; whitespace inside it is.
///
/// Read it with [`RawJson::parse`] into any type, or [`RawJson::to_value`]; its
/// text is [`RawJson::get`]. Equality and hashing compare the text, so `1.0` and
/// `1` differ. `Debug` and `Display` show the text.
///
/// serde_json (`from_slice`, `from_str`, `from_reader`, `from_value`, `to_vec`,
/// `to_string`, `to_value`) hands over and writes the exact text. Other formats
/// decode the value as a `serde_json::Value` first (so a number keeps only what that
/// format gave), and see serde_json's raw-value protocol when they serialize one:
/// a one-entry map, which this type decodes back.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RawJson(Box<str>);

/// Fields of an object that this SDK does not model yet, by name, each kept as the
/// exact JSON text the server sent.
pub type Extra = std::collections::BTreeMap<String, RawJson>;

impl RawJson {
    /// `null`.
    pub fn null() -> Self {
        Self(Box::from("null"))
    }

    /// The JSON text of `value`.
    pub fn from_value(value: &serde_json::Value) -> Self {
        Self(value.to_string().into_boxed_str())
    }

    /// `text`, once checked to be one JSON value. Surrounding whitespace is dropped.
    pub fn from_text(text: impl Into<String>) -> Result<Self, serde_json::Error> {
        let text = text.into();
        let trimmed = serde_json::from_str::<&serde_json::value::RawValue>(&text)?.get();
        if trimmed.len() == text.len() {
            Ok(Self(text.into_boxed_str()))
        } else {
            Ok(Self(trimmed.into()))
        }
    }

    /// The JSON text, exactly as received.
    pub fn get(&self) -> &str {
        &self.0
    }

    /// The JSON text, exactly as received; the same as [`RawJson::get`].
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value as a `serde_json::Value`. Fails only where `Value` cannot hold a
    /// number, such as `1e400`; without serde_json's `arbitrary_precision` feature,
    /// an integer beyond 64 bits or a long decimal becomes the nearest `f64`.
    pub fn to_value(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::from_str(&self.0)
    }

    /// The value decoded as `T`, such as a struct of the fields the app put in
    /// `metadata`.
    pub fn parse<'a, T: Deserialize<'a>>(&'a self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.0)
    }

    /// The JSON text.
    pub fn into_string(self) -> String {
        self.0.into_string()
    }

    /// The same value with `f` applied to every string in it, keys included. Text
    /// outside the strings it changes is kept exactly.
    pub(crate) fn map_strings(&self, mut f: impl FnMut(&str) -> String) -> RawJson {
        let mut out = String::with_capacity(self.0.len());
        let mut rest = &*self.0;
        while let Some(start) = rest.find('"') {
            out.push_str(&rest[..start]);
            // A string literal in valid JSON ends at the next unescaped quote.
            let bytes = rest.as_bytes();
            let mut end = start + 1;
            while end < bytes.len() && bytes[end] != b'"' {
                end += if bytes[end] == b'\\' { 2 } else { 1 };
            }
            let end = (end + 1).min(rest.len());
            let literal = &rest[start..end];
            let mapped = serde_json::from_str::<Cow<'_, str>>(literal)
                .ok()
                .map(|text| (f(&text), text))
                .filter(|(mapped, text)| mapped != text);
            match mapped {
                Some((mapped, _)) => out.push_str(&serde_json::Value::from(mapped).to_string()),
                None => out.push_str(literal),
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        RawJson(out.into_boxed_str())
    }
}

impl From<serde_json::Value> for RawJson {
    fn from(value: serde_json::Value) -> Self {
        Self::from_value(&value)
    }
}

impl From<&serde_json::Value> for RawJson {
    fn from(value: &serde_json::Value) -> Self {
        Self::from_value(value)
    }
}

impl From<Box<serde_json::value::RawValue>> for RawJson {
    fn from(value: Box<serde_json::value::RawValue>) -> Self {
        Self(Box::<str>::from(value))
    }
}

impl std::str::FromStr for RawJson {
    type Err = serde_json::Error;

    fn from_str(text: &str) -> Result<Self, serde_json::Error> {
        Self::from_text(text)
    }
}

impl TryFrom<String> for RawJson {
    type Error = serde_json::Error;

    fn try_from(text: String) -> Result<Self, serde_json::Error> {
        Self::from_text(text)
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_raw(&self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, RawJsonVisitor)
    }
}

/// Takes serde_json's raw text when it is offered, and builds the value otherwise.
struct RawJsonVisitor;

impl RawJsonVisitor {
    fn value<E>(value: serde_json::Value) -> Result<RawJson, E> {
        Ok(RawJson::from_value(&value))
    }
}

impl<'de> Visitor<'de> for RawJsonVisitor {
    type Value = RawJson;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<RawJson, A::Error> {
        let first = match raw_text_or_key(&mut map)? {
            MapStart::Raw(text) => return Ok(RawJson(text.into())),
            MapStart::Empty => return Ok(RawJson("{}".into())),
            MapStart::Key(key) => key,
        };
        let mut object = serde_json::Map::new();
        object.insert(first.into_owned(), map.next_value()?);
        while let Some((key, value)) = map.next_entry()? {
            object.insert(key, value);
        }
        Self::value(object.into())
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<RawJson, D::Error> {
        serde_json::Value::deserialize(deserializer).map(|value| RawJson::from_value(&value))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<RawJson, A::Error> {
        Vec::<serde_json::Value>::deserialize(SeqAccessDeserializer::new(seq))
            .and_then(|items| Self::value(items.into()))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<RawJson, E> {
        Self::value(value.into())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawJson, E> {
        Self::value(value.into())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<RawJson, E> {
        Self::value(value.into())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<RawJson, E> {
        Self::value(value.into())
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<RawJson, E> {
        Self::value(value.into())
    }

    fn visit_unit<E: de::Error>(self) -> Result<RawJson, E> {
        Self::value(serde_json::Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<RawJson, E> {
        Self::value(serde_json::Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawJson, D::Error> {
        RawJson::deserialize(deserializer)
    }
}

impl JsonSchema for RawJson {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("RawJson")
    }

    /// Any JSON value, as for `serde_json::Value`.
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        true.into()
    }
}
