//! Helpers for the `Deserialize` impls `build.rs` writes for generated objects:
//! borrowed field names, one field at a time, unknown fields into `extra`.

use std::borrow::Cow;

use serde::{
    de::{self},
    Deserialize, Deserializer, Serialize,
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

/// In a generated decoder: reads the value of the required field `name` into
/// `slot`. A second value is an error, worded as serde's derive words it.
#[inline]
pub(crate) fn next_required<'de, A: de::MapAccess<'de>, T: Deserialize<'de>>(
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

/// In a generated decoder: reads the value of the optional field `name` into
/// `slot`. A second value is an error, worded as serde's derive words it.
///
/// A `null` is kept in `extra` as sent and leaves the field unset: CometChat sends
/// `null` for optional fields its schemas type (`"editedAt": null`), and a decode →
/// encode round trip gives it back.
#[inline]
pub(crate) fn next_field<'de, A: de::MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
    extra: &mut Extra,
) -> Result<(), A::Error> {
    not_seen(slot.is_some(), extra, name)?;
    match map.next_value::<NullOr<T>>()? {
        NullOr::Null => {
            extra.insert(name.to_owned(), RawJson::null());
        }
        NullOr::Value(value) => *slot = Some(value),
    }
    Ok(())
}

/// [`next_field`] for a field whose empty value is not serialized (`Vec`, a map):
/// an empty one sent is also kept in `extra` (`[]` or `{}`), so that it is written
/// back rather than dropped. (So a decoded `{"tags": []}` holds that entry, and is
/// not equal to the same value built in code.)
#[inline]
pub(crate) fn next_kept_empty<'de, A: de::MapAccess<'de>, T: Deserialize<'de> + Serialize>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
    extra: &mut Extra,
    skipped: fn(&T) -> bool,
) -> Result<(), A::Error> {
    next_field(map, slot, name, extra)?;
    if let Some(value) = slot.as_ref().filter(|value| skipped(value)) {
        let text = serde_json::to_string(value).map_err(de::Error::custom)?;
        extra.insert(
            name.to_owned(),
            RawJson::from_text(&text).map_err(de::Error::custom)?,
        );
    }
    Ok(())
}

/// In a generated decoder: reads the value of the optional field `name`, which the
/// spec marks lenient (`x-cometchat-lenient`), as its exact text, then into `slot`
/// when it has the field's type. A `null`, or a value of another type (as a new
/// kind of message may send), is kept in `extra` as sent and leaves the field unset.
#[inline]
pub(crate) fn next_lenient<'de, A: de::MapAccess<'de>, T: de::DeserializeOwned>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
    extra: &mut Extra,
) -> Result<(), A::Error> {
    not_seen(slot.is_some(), extra, name)?;
    let raw = map.next_value::<RawJson>()?;
    match serde_json::from_str::<NullOr<T>>(raw.get()) {
        Ok(NullOr::Value(value)) => *slot = Some(value),
        Ok(NullOr::Null) | Err(_) => {
            extra.insert(name.to_owned(), raw);
        }
    }
    Ok(())
}

/// [`next_field`] for a field of type `Option<T>`: the same, without a second look
/// for `null` (the `Option` already took one).
#[inline]
pub(crate) fn next_optional<'de, A: de::MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<Option<T>>,
    name: &'static str,
    extra: &mut Extra,
) -> Result<(), A::Error> {
    not_seen(slot.is_some(), extra, name)?;
    match map.next_value::<Option<T>>()? {
        None => {
            extra.insert(name.to_owned(), RawJson::null());
        }
        value => *slot = Some(value),
    }
    Ok(())
}

/// serde derive's error for a field seen twice, whether its first value was kept
/// in the field or, as `null`, in `extra`.
#[inline]
fn not_seen<E: de::Error>(set: bool, extra: &Extra, name: &'static str) -> Result<(), E> {
    if set || extra.contains_key(name) {
        return Err(E::duplicate_field(name));
    }
    Ok(())
}

/// A value, or the `null` sent in its place.
enum NullOr<T> {
    Null,
    Value(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for NullOr<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(std::marker::PhantomData<T>);

        impl<'de, T: Deserialize<'de>> de::Visitor<'de> for Visitor<T> {
            type Value = NullOr<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a value or null")
            }

            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(NullOr::Null)
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(NullOr::Null)
            }

            fn visit_some<D: Deserializer<'de>>(self, value: D) -> Result<Self::Value, D::Error> {
                T::deserialize(value).map(NullOr::Value)
            }
        }

        deserializer.deserialize_option(Visitor(std::marker::PhantomData))
    }
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
