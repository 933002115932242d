//! Helpers for the `Deserialize` impls `build.rs` writes for generated objects:
//! borrowed field names, one field at a time, unknown fields into `extra`.

use std::borrow::Cow;

use serde::{
    de::{self},
    Deserialize, Deserializer,
};

use super::{
    open_enum::{deserialize_wire_str, WireStr},
    Extra, RawJson,
};

/// A field name in the generated decoders: borrowed from the input when it can be,
/// so that known fields never allocate.
pub(crate) struct FieldName<'de>(pub(crate) Cow<'de, str>);

impl FieldName<'_> {
    /// The name.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The name, owned, for a field that goes to `extra`.
    pub(crate) fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for FieldName<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(WireStr).map(FieldName)
    }
}

/// In a generated decoder: reads the value of the known field `name` into `slot`.
/// A second value is an error, worded as serde's derive words it.
#[inline]
pub(crate) fn next_field<'de, A: de::MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// In a generated decoder: reads the value of an unknown field into `extra`, as its
/// exact text. The last of duplicate unknown fields wins, as it did with serde's
/// `flatten`.
#[inline]
pub(crate) fn next_extra<'de, A: de::MapAccess<'de>>(
    map: &mut A,
    extra: &mut Extra,
    key: FieldName<'de>,
) -> Result<(), A::Error> {
    let value = map.next_value::<RawJson>()?;
    extra.insert(key.into_owned(), value);
    Ok(())
}

/// In a generated decoder: the value of the required field `name`, or serde
/// derive's error for a missing field.
#[inline]
pub(crate) fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// A string, borrowed from the input when it can be.
pub(super) struct WireString<'de>(pub(super) Cow<'de, str>);

impl<'de> Deserialize<'de> for WireString<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_wire_str(deserializer).map(WireString)
    }
}
