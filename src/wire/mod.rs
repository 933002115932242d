//! Hand-written wire types that the generated code uses in place of schemas typify
//! would turn into closed or buffering types.
//!
//! CometChat's samples send the same field as a string or as a number, `data` as an
//! object or as an array, and new enumeration values over time. Each type here
//! decodes every variation in one pass (no `#[serde(untagged)]` buffering), exposes
//! one typed view, and re-serializes exactly the form it received, so a decode →
//! encode round trip returns what the server sent.
//!
//! `build.rs` maps the spec's `Integer`, `Id`, `ConversationData` and `Metadata`
//! schemas onto [`Integer`], [`Id`], [`OneOrMany`] and [`RawJson`], its `Guid` and
//! `Uid` request parameters onto [`Guid`] and [`Uid`], its `Secret` and `SecretJson` onto
//! [`Secret`] and [`SecretJson`], its `UnixMillis`, `IsoTime` and `DecimalSeconds`
//! onto the timestamps of `time.rs`, every answer's `data` list onto [`OneOrMany`], and every schema with
//! `x-extensible-enum` onto an `open_enum!` invocation (defined in `open_enum.rs`,
//! expanded in the generated code). Every object's unknown fields land in an
//! [`Extra`] map of [`RawJson`], through a decoder `build.rs` writes for it with the
//! helpers in `decode.rs`. One concern per file.

mod decode;
mod id;
mod ids;
mod integer;
mod one_or_many;
mod open_enum;
mod raw;
mod raw_json;
mod secret;
mod time;

pub use decode::with_field_names_as_text;
pub(crate) use decode::{
    missing_field, next_extra, next_field, next_kept_empty, next_lenient, next_optional,
    next_required, FieldName,
};
pub use id::Id;
pub use ids::{ConversationId, Guid, InvalidId, Uid};
pub use integer::Integer;
pub use one_or_many::OneOrMany;
pub(crate) use open_enum::open_enum;
pub use open_enum::UnknownValue;
#[doc(hidden)]
pub use open_enum::{deserialize_open_enum, open_enum_schema, OpenEnum};
pub use raw_json::{Extra, RawJson};
pub use secret::{Secret, SecretJson};
pub use time::{DecimalSeconds, InvalidTime, IsoTime, UnixMillis};

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use serde::de::{self, Deserialize, Deserializer, Visitor};

    use super::raw::RAW_VALUE_TOKEN;

    /// A deserializer that records the name `deserialize_newtype_struct` is asked for.
    struct Recorder<'a>(&'a Cell<Option<&'static str>>);

    impl<'de> Deserializer<'de> for Recorder<'_> {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a newtype struct"))
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.set(Some(name));
            Err(de::Error::custom("recorded"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct seq tuple tuple_struct map struct enum
            identifier ignored_any
        }
    }

    /// The token `Integer` and `RawJson` ask serde_json for is the one
    /// `serde_json::value::RawValue` asks for: if serde_json ever renames it, this
    /// fails, rather than the round trip silently losing precision.
    #[test]
    fn the_raw_value_token_is_serde_jsons() {
        let name = Cell::new(None);
        let _ = Box::<serde_json::value::RawValue>::deserialize(Recorder(&name));
        assert_eq!(name.get(), Some(RAW_VALUE_TOKEN));
        for deserialize in [
            |d: Recorder<'_>| super::Integer::deserialize(d).map(drop),
            |d: Recorder<'_>| super::RawJson::deserialize(d).map(drop),
        ] {
            name.set(None);
            let _ = deserialize(Recorder(&name));
            assert_eq!(name.get(), Some(RAW_VALUE_TOKEN));
        }
        // And serde_json answers it, from text and from a `Value`, with the exact
        // text, which serializes back verbatim.
        let number = "18446744073709551616.000";
        let raw: super::RawJson = serde_json::from_str(number).unwrap();
        assert_eq!(raw.get(), number);
        assert_eq!(serde_json::to_string(&raw).unwrap(), number);
        let raw: super::RawJson = serde_json::from_value(serde_json::json!([1.5])).unwrap();
        assert_eq!(raw.get(), "[1.5]");
    }

    #[test]
    fn map_strings_changes_strings_only() {
        let raw = super::RawJson::from_text(
            r#"{"key": ["a secret", 18446744073709551616, "\u0073ecret", {"secret": 1e400}]}"#,
        )
        .unwrap();
        let scrubbed = raw.map_strings(|text| text.replace("secret", "***"));
        assert_eq!(
            scrubbed.get(),
            r#"{"key": ["a ***", 18446744073709551616, "***", {"***": 1e400}]}"#
        );
        let same = raw.map_strings(str::to_owned);
        assert_eq!(same, raw);
    }
}
