//! Helpers for the `Deserialize` impls `build.rs` writes for generated objects:
//! borrowed field names, one field at a time, unknown fields into `extra`.

use std::{borrow::Cow, cell::Cell};

use serde::{
    de::{self},
    Deserialize, Deserializer, Serialize,
};

use super::{open_enum::deserialize_wire_str, Extra, RawJson};

/// A field name in the generated decoders, as the bytes sent: borrowed from the
/// input when it can be, so that known fields never allocate.
///
/// Generated decoders match it as bytes against their fields' names (all ASCII,
/// none with a control character), which skips the UTF-8 check serde_json makes of
/// every string it hands out as text: keys are half the strings of an answer. A
/// name that goes to `extra` is checked then ([`FieldName::into_owned`]).
pub(crate) enum FieldName<'de> {
    /// From a deserializer that gives names as text, such as a `Value`'s.
    Text(Cow<'de, str>),
    /// serde_json's bytes between the quotes, unchecked: no escape in them.
    Raw(&'de [u8]),
    /// serde_json's bytes after unescaping, unchecked.
    Unescaped(Vec<u8>),
}

impl FieldName<'_> {
    /// The name as sent, for matching against known names.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            FieldName::Text(text) => text.as_bytes(),
            FieldName::Raw(bytes) => bytes,
            FieldName::Unescaped(bytes) => bytes,
        }
    }

    /// The name, owned, for a field that goes to `extra`: refused, as serde_json
    /// refuses any string, when it is not UTF-8 or has a control character
    /// written as is. After unescaping, a control character can be an escape's
    /// (`"a\nb"` is a valid name) and is kept: so a name that has both an escape
    /// and a raw control character, or any name read through `from_reader`
    /// (which hands every name over unescaped), is not checked for raw ones.
    pub(crate) fn into_owned<E: de::Error>(self) -> Result<String, E> {
        let text = match self {
            FieldName::Text(text) => return Ok(text.into_owned()),
            FieldName::Raw(bytes) => {
                if bytes.iter().any(|&byte| byte < 0x20) {
                    return Err(E::custom(
                        "control character (\\u0000-\\u001F) found in a field name",
                    ));
                }
                std::str::from_utf8(bytes).map(str::to_owned)
            }
            FieldName::Unescaped(bytes) => String::from_utf8(bytes).map_err(|e| e.utf8_error()),
        };
        text.map_err(|_| E::custom("a field name is not valid UTF-8"))
    }
}

thread_local! {
    /// Set while [`with_field_names_as_text`] runs.
    static NAMES_AS_TEXT: Cell<bool> = const { Cell::new(false) };
}

/// Runs `decode` with the field names of this crate's types handed to serde as
/// text, as serde's derive does.
///
/// The generated types take field names as bytes, which spares serde_json a UTF-8
/// check per name, and serde_path_to_error records a name in its path only when
/// it comes as text. To decode these types with serde_path_to_error yourself and
/// get field names (`data[0].unreadMessageCount` rather than `?[0].?`), run it
/// under this. The crate's own [`crate::DecodeError`] names the field already.
///
/// ```
/// let body = r#"{"data": {"conversationId": 7}}"#;
/// let mut deserializer = serde_json::Deserializer::from_str(body);
/// let error = cometchat::wire::with_field_names_as_text(|| {
///     serde_path_to_error::deserialize::<_, cometchat::types::ConversationResponse>(
///         &mut deserializer,
///     )
/// })
/// .unwrap_err();
/// assert_eq!(error.path().to_string(), "data.conversationId");
/// ```
pub fn with_field_names_as_text<R>(decode: impl FnOnce() -> R) -> R {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            NAMES_AS_TEXT.set(self.0);
        }
    }
    let _reset = Reset(NAMES_AS_TEXT.replace(true));
    decode()
}

impl<'de> Deserialize<'de> for FieldName<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if NAMES_AS_TEXT.get() {
            deserializer.deserialize_identifier(NameVisitor)
        } else {
            deserializer.deserialize_bytes(NameVisitor)
        }
    }
}

/// Takes a name as bytes (serde_json) or as text (other deserializers, such as a
/// `Value`'s).
struct NameVisitor;

impl<'de> de::Visitor<'de> for NameVisitor {
    type Value = FieldName<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_bytes<E: de::Error>(self, value: &'de [u8]) -> Result<Self::Value, E> {
        Ok(FieldName::Raw(value))
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Self::Value, E> {
        Ok(FieldName::Unescaped(value.to_owned()))
    }

    fn visit_byte_buf<E: de::Error>(self, value: Vec<u8>) -> Result<Self::Value, E> {
        Ok(FieldName::Unescaped(value))
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(FieldName::Text(Cow::Borrowed(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(FieldName::Text(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(FieldName::Text(Cow::Owned(value)))
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
    fill(slot, map.next_value()?);
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
        NullOr::Null => keep_null(extra, name),
        NullOr::Value(value) => fill(slot, value),
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
        Ok(NullOr::Value(value)) => fill(slot, value),
        Ok(NullOr::Null) | Err(_) => {
            extra.insert(name.to_owned(), raw);
        }
    }
    Ok(())
}

/// [`next_field`] for a field of type `Option<T>`, read into the field's own
/// `Option`: a `null` goes to `extra` and leaves it `None`, so `Some` means a value
/// was seen, and the decoder moves the slot into the struct as it is.
#[inline]
pub(crate) fn next_optional<'de, A: de::MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
    extra: &mut Extra,
) -> Result<(), A::Error> {
    not_seen(slot.is_some(), extra, name)?;
    match map.next_value::<Option<T>>()? {
        None => keep_null(extra, name),
        Some(value) => fill(slot, value),
    }
    Ok(())
}

/// serde derive's error for a field seen twice, whether its first value was kept
/// in the field or, as `null`, in `extra`.
#[inline]
fn not_seen<E: de::Error>(set: bool, extra: &Extra, name: &'static str) -> Result<(), E> {
    if set || (!extra.is_empty() && in_extra(extra, name)) {
        return Err(E::duplicate_field(name));
    }
    Ok(())
}

// Below, what the helpers above do rarely is kept out of line: each generated
// decoder reads every field through them, and their code, repeated per field, is
// what fills the instruction cache (BENCHMARKS.md).

/// Stores a field's value. The slot is empty (the helpers refuse a second value
/// first), but the optimizer does not always see it, and `*slot = Some(value)` would
/// inline the drop of the old value, per field.
#[inline]
fn fill<T>(slot: &mut Option<T>, value: T) {
    if let Some(old) = slot.replace(value) {
        drop_cold(old);
    }
}

#[cold]
#[inline(never)]
fn drop_cold<T>(value: T) {
    drop(value);
}

#[inline(never)]
fn in_extra(extra: &Extra, name: &str) -> bool {
    extra.contains_key(name)
}

/// Keeps the `null` sent for an optional field in `extra`.
#[cold]
#[inline(never)]
fn keep_null(extra: &mut Extra, name: &'static str) {
    extra.insert(name.to_owned(), RawJson::null());
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
    let key = key.into_owned()?;
    let value = map.next_value::<RawJson>()?;
    extra.insert(key, value);
    Ok(())
}

/// In a generated decoder: serde derive's error for the first of the required
/// fields that is missing, given as (missing, name).
#[cold]
pub(crate) fn missing_field<E: de::Error>(fields: &[(bool, &'static str)]) -> E {
    let name = fields
        .iter()
        .find(|(missing, _)| *missing)
        .map_or("", |(_, name)| *name);
    E::missing_field(name)
}

/// A string, borrowed from the input when it can be.
pub(super) struct WireString<'de>(pub(super) Cow<'de, str>);

impl<'de> Deserialize<'de> for WireString<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_wire_str(deserializer).map(WireString)
    }
}
