//! Hand-written wire types that the generated code uses in place of schemas typify
//! would turn into closed or buffering types.
//!
//! CometChat's samples send the same field as a string or as a number, `data` as an
//! object or as an array, and new enumeration values over time. Each type here
//! decodes every variation in one pass (no `#[serde(untagged)]` buffering), exposes
//! one typed view, and re-serializes exactly the form it received, so a decode →
//! encode round trip returns what the server sent.
//!
//! `build.rs` maps the spec's `Integer`, `Id` and `ConversationData` schemas onto
//! [`Integer`], [`Id`] and [`OneOrMany`], its `Guid` and `Uid` request parameters
//! onto [`Guid`] and [`Uid`], and every schema with `x-extensible-enum` onto an
//! `open_enum!` invocation (defined here, expanded in the generated code).

use std::{borrow::Cow, fmt, marker::PhantomData};

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{
    de::{self, value::MapAccessDeserializer, value::SeqAccessDeserializer, Visitor},
    Deserialize, Deserializer, Serialize, Serializer,
};

/// Defines an open enumeration: one variant per known value, plus `Unknown` holding
/// any other string exactly as sent. Invoked by the generated code, once per spec
/// schema that lists its values in `x-extensible-enum`.
macro_rules! open_enum {
    (#[doc = $doc:expr] $name:ident { $($variant:ident = $value:literal,)* }) => {
        #[doc = $doc]
        ///
        /// Open: a value this version of the SDK does not know decodes to `Unknown`
        /// and re-serializes unchanged. Match with a wildcard arm.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`", $value, "`")]
                $variant,
            )*
            /// A value this version of the SDK does not know, kept as sent.
            Unknown($crate::wire::UnknownValue),
        }

        impl $name {
            /// The values this version of the SDK knows, as they appear on the wire.
            pub const KNOWN_VALUES: &'static [&'static str] = &[$($value,)*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Whether this is one of [`Self::KNOWN_VALUES`].
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl $crate::wire::OpenEnum for $name {
            const NAME: &'static str = stringify!($name);
            const DESCRIPTION: &'static str = $doc;
            const KNOWN_VALUES: &'static [&'static str] = Self::KNOWN_VALUES;

            fn known(value: &str) -> ::std::option::Option<Self> {
                match value {
                    $($value => ::std::option::Option::Some(Self::$variant),)*
                    _ => ::std::option::Option::None,
                }
            }

            fn unknown(value: $crate::wire::UnknownValue) -> Self {
                Self::Unknown(value)
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                $crate::wire::OpenEnum::from_wire(::std::borrow::Cow::Borrowed(value))
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                $crate::wire::OpenEnum::from_wire(::std::borrow::Cow::Owned(value))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::wire::deserialize_open_enum(deserializer)
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($name))
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                $crate::wire::open_enum_schema::<Self>()
            }
        }
    };
}
pub(crate) use open_enum;

/// The shared behaviour of the enums [`open_enum!`] defines.
#[doc(hidden)]
pub trait OpenEnum: Sized {
    const NAME: &'static str;
    const DESCRIPTION: &'static str;
    const KNOWN_VALUES: &'static [&'static str];

    fn known(value: &str) -> Option<Self>;
    fn unknown(value: UnknownValue) -> Self;

    /// The variant for a wire value; allocates only for unknown values.
    fn from_wire(value: Cow<'_, str>) -> Self {
        Self::known(&value).unwrap_or_else(|| Self::unknown(UnknownValue(value.into_owned())))
    }
}

/// A value of an open enumeration that this version of the SDK does not know.
///
/// It cannot be built by hand, so an `Unknown` variant never holds a known value:
/// use `From<&str>` on the enum, which picks the known variant when there is one.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// The value as it appeared on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[doc(hidden)]
pub fn deserialize_open_enum<'de, D: Deserializer<'de>, T: OpenEnum>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserialize_wire_str(deserializer).map(T::from_wire)
}

/// A string as sent, borrowed from the input when it can be. One visitor for every
/// open enumeration, rather than one per type, keeps the decoder's code small:
/// instruction-cache misses, not instructions, dominate its cost in a busy client.
fn deserialize_wire_str<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Cow<'de, str>, D::Error> {
    struct WireStr;

    impl<'de> Visitor<'de> for WireStr {
        type Value = Cow<'de, str>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(value))
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
            Ok(Cow::Owned(value.to_owned()))
        }

        fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
            Ok(Cow::Owned(value))
        }
    }

    deserializer.deserialize_str(WireStr)
}

#[doc(hidden)]
pub fn open_enum_schema<T: OpenEnum>() -> Schema {
    json_schema!({
        "description": T::DESCRIPTION,
        "type": "string",
        "examples": T::KNOWN_VALUES,
    })
}

/// An integer that CometChat sends as a JSON number or as a string of digits.
///
/// CometChat's samples send `"unreadMessageCount": "0"` while its overview says
/// integer, and type timestamps both ways. `Integer` accepts both, exposes the
/// number, and re-serializes in the form it arrived in. Equality, ordering and
/// hashing look at the number only.
#[derive(Clone, Copy, Debug)]
pub struct Integer {
    value: i64,
    quoted: bool,
}

impl Integer {
    /// An integer that serializes as a JSON number.
    pub const fn new(value: i64) -> Self {
        Self {
            value,
            quoted: false,
        }
    }

    /// The number.
    pub const fn get(self) -> i64 {
        self.value
    }

    /// Whether it arrived (and serializes) as a string.
    pub const fn is_quoted(self) -> bool {
        self.quoted
    }
}

impl From<i64> for Integer {
    fn from(value: i64) -> Self {
        Self::new(value)
    }
}

impl From<Integer> for i64 {
    fn from(value: Integer) -> Self {
        value.value
    }
}

impl PartialEq for Integer {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Integer {}

impl PartialEq<i64> for Integer {
    fn eq(&self, other: &i64) -> bool {
        self.value == *other
    }
}

impl PartialOrd for Integer {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Integer {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl std::hash::Hash for Integer {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl fmt::Display for Integer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.value, f)
    }
}

impl Serialize for Integer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.quoted {
            serializer.collect_str(&self.value)
        } else {
            serializer.serialize_i64(self.value)
        }
    }
}

impl<'de> Deserialize<'de> for Integer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IntegerVisitor;

        impl Visitor<'_> for IntegerVisitor {
            type Value = Integer;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer, as a number or as a string of digits")
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Integer, E> {
                Ok(Integer::new(value))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Integer, E> {
                i64::try_from(value)
                    .map(Integer::new)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Integer, E> {
                // `+5` and `05` would parse, but not re-serialize as sent.
                match value.parse() {
                    Ok(number) if is_canonical(value) => Ok(Integer {
                        value: number,
                        quoted: true,
                    }),
                    _ => Err(E::invalid_value(de::Unexpected::Str(value), &self)),
                }
            }
        }

        deserializer.deserialize_any(IntegerVisitor)
    }
}

/// Whether `text` is an integer written the way `i64`'s `Display` writes it.
fn is_canonical(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    match digits.as_bytes() {
        [b'0'] => digits.len() == text.len(),
        [b'1'..=b'9', rest @ ..] => rest.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

impl JsonSchema for Integer {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Integer")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An integer, sent as a JSON number or as a string of digits.",
            "anyOf": [
                { "type": "integer", "format": "int64" },
                { "type": "string", "pattern": "^(0|-?[1-9][0-9]*)$" }
            ]
        })
    }
}

/// An id that CometChat sends as a string or as a JSON number.
///
/// Message ids are `"50"` in CometChat's samples and integers in its overview. `Id`
/// exposes the id as a string, and re-serializes in the form it arrived in.
/// Equality, ordering and hashing look at the text only.
#[derive(Clone, Debug)]
pub struct Id {
    text: String,
    numeric: bool,
}

impl Id {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The id as a number, when it is one.
    pub fn as_i64(&self) -> Option<i64> {
        self.text.parse().ok()
    }

    /// Whether it arrived (and serializes) as a JSON number.
    pub fn is_numeric(&self) -> bool {
        self.numeric
    }
}

impl From<&str> for Id {
    fn from(text: &str) -> Self {
        Self::from(text.to_owned())
    }
}

impl From<String> for Id {
    fn from(text: String) -> Self {
        Self {
            text,
            numeric: false,
        }
    }
}

impl From<i64> for Id {
    fn from(number: i64) -> Self {
        Self {
            text: number.to_string(),
            numeric: true,
        }
    }
}

impl PartialEq for Id {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Id {}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl PartialOrd for Id {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Id {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.text.cmp(&other.text)
    }
}

impl std::hash::Hash for Id {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.numeric.then(|| self.as_i64()).flatten() {
            Some(number) => serializer.serialize_i64(number),
            None => serializer.serialize_str(&self.text),
        }
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;

        impl Visitor<'_> for IdVisitor {
            type Value = Id;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id, as a string or as an integer")
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Id, E> {
                Ok(Id::from(value))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Id, E> {
                i64::try_from(value)
                    .map(Id::from)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Id, E> {
                Ok(Id::from(value))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Id, E> {
                Ok(Id::from(value))
            }
        }

        deserializer.deserialize_any(IdVisitor)
    }
}

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Id")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An id, sent as a string or as an integer.",
            "type": ["string", "integer"]
        })
    }
}

/// One value or an array of them, as CometChat sends `data`.
///
/// Dereferences to a slice of the values. Re-serializes as an object when it
/// arrived as one, and as an array otherwise.
#[derive(Clone, Debug, PartialEq)]
pub struct OneOrMany<T> {
    items: Vec<T>,
    single: bool,
}

impl<T> OneOrMany<T> {
    /// A single value, serialized as the value itself.
    pub fn one(item: T) -> Self {
        Self {
            items: vec![item],
            single: true,
        }
    }

    /// Values serialized as an array.
    pub fn many(items: Vec<T>) -> Self {
        Self {
            items,
            single: false,
        }
    }

    /// Whether it arrived (and serializes) as a single value rather than an array.
    pub fn is_single(&self) -> bool {
        self.single
    }

    /// The values.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }
}

impl<T> std::ops::Deref for OneOrMany<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> IntoIterator for OneOrMany<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.items.as_slice() {
            [item] if self.single => item.serialize(serializer),
            items => items.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OneOrManyVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrManyVisitor<T> {
            type Value = OneOrMany<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object or an array of objects")
            }

            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(OneOrMany::one)
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(OneOrMany::many)
            }
        }

        deserializer.deserialize_any(OneOrManyVisitor(PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for OneOrMany<T> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Owned(format!("OneOrMany_{}", T::schema_name()))
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let item = generator.subschema_for::<T>();
        json_schema!({
            "description": "One value, or an array of them.",
            "anyOf": [item, { "type": "array", "items": item }]
        })
    }
}

/// Defines a CometChat id type for request parameters: 1 to 100 ASCII letters,
/// digits, `-` or `_`, the rule the spec's `Guid` and `Uid` schemas state as a
/// pattern. (A test checks this code against that pattern; a byte loop is used
/// instead of typify's regex validation because it costs about 1% of a loopback call.)
macro_rules! cometchat_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// Anything else, such as `.`, `..`, `/`, `\\`, `%`, spaces or control
        /// characters, is refused, so an id can never change the request's URL or
        /// headers.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = InvalidId;

            fn from_str(text: &str) -> Result<Self, InvalidId> {
                check_id(text).map(|()| Self(text.to_owned()))
            }
        }

        impl TryFrom<&str> for $name {
            type Error = InvalidId;

            fn try_from(text: &str) -> Result<Self, InvalidId> {
                text.parse()
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidId;

            fn try_from(text: String) -> Result<Self, InvalidId> {
                check_id(&text).map(|()| Self(text))
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer)?.try_into().map_err(de::Error::custom)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "minLength": 1,
                    "maxLength": MAX_ID_LENGTH,
                    "pattern": "^[A-Za-z0-9_-]+$"
                })
            }
        }
    };
}

cometchat_id! {
    /// A group id (GUID) as CometChat accepts it in a request.
    Guid
}

cometchat_id! {
    /// A user id (UID) as CometChat accepts it in a request. CometChat lowercases
    /// UIDs; upper case is sent as given.
    Uid
}

const MAX_ID_LENGTH: usize = 100;

/// Why a string is not a CometChat id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidId(Cow<'static, str>);

impl fmt::Display for InvalidId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidId {}

fn check_id(text: &str) -> Result<(), InvalidId> {
    if text.is_empty() {
        return Err(InvalidId(Cow::Borrowed("it is empty")));
    }
    if let Some(bad) = text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(InvalidId(Cow::Owned(format!("it contains {bad:?}"))));
    }
    // Every character is ASCII here, so bytes count characters.
    if text.len() > MAX_ID_LENGTH {
        return Err(InvalidId(Cow::Owned(format!(
            "it is {} characters long, over {MAX_ID_LENGTH}",
            text.len()
        ))));
    }
    Ok(())
}
