//! serde_json's raw-value protocol, through which [`super::Integer`] and
//! [`super::RawJson`] read and write a value's exact text.

use std::{borrow::Cow, fmt};

use serde::{
    de::{self, Visitor},
    Deserializer, Serializer,
};

use super::decode::WireString;

/// The name under which serde_json's deserializers hand out a value's exact text
/// (`Deserializer::deserialize_newtype_struct` with this name, answered by
/// `visit_map` with one entry: this name, then the text) and its serializers write
/// text verbatim (`serialize_struct` with this name and one field of this name).
/// It is how `serde_json::value::RawValue` works, and needs serde_json's
/// `raw_value` feature. Tests pin it against `RawValue`.
pub(crate) const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// Writes `json`, which must be valid JSON, verbatim through serde_json.
pub(super) fn serialize_raw<S: Serializer>(json: &str, serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut raw = serializer.serialize_struct(RAW_VALUE_TOKEN, 1)?;
    raw.serialize_field(RAW_VALUE_TOKEN, json)?;
    raw.end()
}

/// How a map handed to a visitor starts.
pub(super) enum MapStart<'de> {
    /// serde_json's raw-value answer: the exact JSON text of the value.
    Raw(Cow<'de, str>),
    /// A real map, from another deserializer, and its first key.
    Key(Cow<'de, str>),
    Empty,
}

pub(super) fn raw_text_or_key<'de, A: de::MapAccess<'de>>(
    map: &mut A,
) -> Result<MapStart<'de>, A::Error> {
    match map.next_key_seed(RawKey::Token)? {
        None => Ok(MapStart::Empty),
        Some(RawKey::Token) => Ok(MapStart::Raw(map.next_value::<WireString<'de>>()?.0)),
        Some(RawKey::Other(key)) => Ok(MapStart::Key(key)),
    }
}

/// The first key of a map handed to a visitor that asked for serde_json's raw
/// value: the raw-value token, recognised without copying it (serde_json hands the
/// token over as a transient `&str`, which [`FieldName`] would have to copy), or
/// another key, kept.
pub(super) enum RawKey<'de> {
    Token,
    Other(Cow<'de, str>),
}

impl<'de> de::DeserializeSeed<'de> for RawKey<'de> {
    type Value = RawKey<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for RawKey<'de> {
    type Value = RawKey<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(if value == RAW_VALUE_TOKEN {
            RawKey::Token
        } else {
            RawKey::Other(Cow::Borrowed(value))
        })
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(if value == RAW_VALUE_TOKEN {
            RawKey::Token
        } else {
            RawKey::Other(Cow::Owned(value.to_owned()))
        })
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(if value == RAW_VALUE_TOKEN {
            RawKey::Token
        } else {
            RawKey::Other(Cow::Owned(value))
        })
    }
}
