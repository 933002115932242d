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
//! `Uid` request parameters onto [`Guid`] and [`Uid`], and every schema with
//! `x-extensible-enum` onto an `open_enum!` invocation (defined here, expanded in the
//! generated code). Every object's unknown fields land in an [`Extra`] map of
//! [`RawJson`], through a decoder `build.rs` writes for it with the helpers that
//! follow `RawJson` here.

use std::{
    borrow::Cow,
    fmt,
    marker::PhantomData,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

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
    deserializer.deserialize_str(WireStr)
}

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
/// integer, and type timestamps both ways. `Integer` exposes the number and
/// re-serializes the exact text it received. Equality, ordering and hashing look at
/// the number only, so `7`, `"7"` and `7.0` are equal.
///
/// # What it accepts
///
/// A JSON number, or a JSON string holding a number, whose value is a whole number
/// within `i64`:
///
/// - `7`, `-12`, `"7"`: the forms CometChat sends;
/// - `1.0`, `1e3`, `2.50e1`, `-0`: a fraction or an exponent, as long as the value
///   is whole;
/// - `"007"`, `"+7"`, `"1e3"`: in a string, also leading zeros and a leading `+`.
///
/// A value with a fraction (`1.5`, `"0.1"`), a value outside `i64`
/// (`9223372036854775808`, `1e19`), and anything else (`"seven"`, `""`, `" 7"`,
/// `true`, `null` where the field is required) fail to decode; the crate's
/// [`crate::DecodeError`] names the field.
///
/// # How it re-serializes
///
/// Exactly as it arrived: `1e3` comes back as `1e3` and `"007"` as `"007"`. The
/// common forms, a number or a string written as `i64` writes it (`7`, `"7"`), are
/// stored as the number and a flag; any other form also keeps its text, in one small
/// allocation. A number kept as text is written through serde_json's raw-value
/// protocol, so it is verbatim in `serde_json::to_vec` and `to_value`; other
/// serializers see that protocol's one-entry map, which this type decodes back.
#[derive(Clone)]
pub struct Integer {
    value: i64,
    form: Form,
}

/// How an [`Integer`] arrived.
#[derive(Clone)]
enum Form {
    /// As a number written the way `i64` writes it: `7`, `-12`.
    Number,
    /// As a string holding such a number: `"7"`.
    Quoted,
    /// Any other accepted form: its exact JSON text, quotes included for a string.
    /// Boxed twice to keep `Integer` at 24 bytes; this form is rare.
    Text(Box<Text>),
}

#[derive(Clone)]
struct Text(Box<str>);

impl Integer {
    /// An integer that serializes as a JSON number.
    pub const fn new(value: i64) -> Self {
        Self {
            value,
            form: Form::Number,
        }
    }

    /// The number.
    pub const fn get(&self) -> i64 {
        self.value
    }

    /// Whether it arrived (and serializes) as a string.
    pub fn is_quoted(&self) -> bool {
        match &self.form {
            Form::Number => false,
            Form::Quoted => true,
            Form::Text(text) => text.0.starts_with('"'),
        }
    }

    /// The number as a time, read as seconds since the Unix epoch, as CometChat
    /// sends `sentAt`, `createdAt` and the other timestamps. `None` when the time
    /// does not fit in a `SystemTime`.
    pub fn as_system_time(&self) -> Option<SystemTime> {
        let seconds = Duration::from_secs(self.value.unsigned_abs());
        if self.value >= 0 {
            UNIX_EPOCH.checked_add(seconds)
        } else {
            UNIX_EPOCH.checked_sub(seconds)
        }
    }

    /// The integer whose exact JSON text is `text`: a number, or a string holding
    /// one.
    #[inline]
    fn from_json_text<E: de::Error>(text: &str) -> Result<Self, E> {
        match canonical_value(text.as_bytes()) {
            Some(value) => Ok(Self::new(value)),
            None => Self::from_other_json_text(text),
        }
    }

    /// [`Integer::from_json_text`] for anything but a plain number.
    #[inline(never)]
    fn from_other_json_text<E: de::Error>(text: &str) -> Result<Self, E> {
        let unexpected = match text.as_bytes().first() {
            Some(b'"') => return Self::from_json_string(text),
            Some(b'-' | b'0'..=b'9') => None,
            Some(b't') => Some(de::Unexpected::Bool(true)),
            Some(b'f') => Some(de::Unexpected::Bool(false)),
            Some(b'n') => Some(de::Unexpected::Unit),
            Some(b'[') => Some(de::Unexpected::Seq),
            Some(b'{') => Some(de::Unexpected::Map),
            _ => Some(de::Unexpected::Other(text)),
        };
        if let Some(unexpected) = unexpected {
            return Err(E::invalid_type(unexpected, &IntegerVisitor));
        }
        let value = whole_number(text).map_err(|problem| problem.error(text, false))?;
        let form = if is_canonical(text) {
            Form::Number
        } else {
            Form::Text(Box::new(Text(text.into())))
        };
        Ok(Self { value, form })
    }

    /// The integer whose exact JSON text is the string literal `literal`.
    fn from_json_string<E: de::Error>(literal: &str) -> Result<Self, E> {
        let quoted = literal.as_bytes();
        if let [b'"', inner @ .., b'"'] = quoted {
            if let Some(value) = canonical_value(inner) {
                return Ok(Self {
                    value,
                    form: Form::Quoted,
                });
            }
        }
        let inner = literal
            .strip_prefix('"')
            .and_then(|rest| rest.strip_suffix('"'));
        let content = match inner {
            Some(inner) if !inner.contains('\\') => Cow::Borrowed(inner),
            // Escapes in a number are odd but valid JSON; decode them, keep the text.
            _ => Cow::Owned(serde_json::from_str::<String>(literal).map_err(E::custom)?),
        };
        let value = whole_number(&content).map_err(|problem| problem.error(&content, true))?;
        let form = if inner == Some(&*content) && is_canonical(&content) {
            Form::Quoted
        } else {
            Form::Text(Box::new(Text(literal.into())))
        };
        Ok(Self { value, form })
    }
}

impl Default for Integer {
    /// Zero, serialized as a number.
    fn default() -> Self {
        Self::new(0)
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

impl From<&Integer> for i64 {
    fn from(value: &Integer) -> Self {
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

/// The JSON text it serializes to, such as `7`, `"7"` or `1e3`, so that it reads
/// like the wire inside a larger `Debug` output.
impl fmt::Debug for Integer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.form {
            Form::Number => fmt::Display::fmt(&self.value, f),
            Form::Quoted => write!(f, "\"{}\"", self.value),
            Form::Text(text) => f.write_str(&text.0),
        }
    }
}

impl Serialize for Integer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.form {
            Form::Number => serializer.serialize_i64(self.value),
            Form::Quoted => serializer.collect_str(&self.value),
            Form::Text(text) => {
                let inner = text.0.strip_prefix('"').and_then(|t| t.strip_suffix('"'));
                match inner {
                    // A string without escapes serializes as itself in any format.
                    Some(inner) if !inner.contains('\\') => serializer.serialize_str(inner),
                    _ => serialize_raw(&text.0, serializer),
                }
            }
        }
    }
}

impl<'de> Deserialize<'de> for Integer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // serde_json answers with the value's exact text; other deserializers call
        // `visit_newtype_struct`, and the value is read as it is.
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, IntegerVisitor)
    }
}

struct IntegerVisitor;

impl<'de> Visitor<'de> for IntegerVisitor {
    type Value = Integer;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer within i64, as a JSON number or as a string")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Integer, A::Error> {
        match map.next_key_seed(RawKey::Token)? {
            Some(RawKey::Token) => Integer::from_json_text(&map.next_value::<WireString<'de>>()?.0),
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Integer, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Integer, E> {
        Ok(Integer::new(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Integer, E> {
        i64::try_from(value)
            .map(Integer::new)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Integer, E> {
        // Only from deserializers other than serde_json's, which give the text.
        match serde_json::Number::from_f64(value) {
            Some(number) => Integer::from_json_text(&number.to_string()),
            None => Err(E::invalid_value(de::Unexpected::Float(value), &self)),
        }
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Integer, E> {
        let number = whole_number(value).map_err(|problem| problem.error(value, true))?;
        let form = if is_canonical(value) {
            Form::Quoted
        } else {
            // Only number characters get here, which need no escaping.
            Form::Text(Box::new(Text(format!("\"{value}\"").into())))
        };
        Ok(Integer {
            value: number,
            form,
        })
    }
}

/// Why a number's text is not an [`Integer`].
enum NumberProblem {
    NotANumber,
    Fraction,
    OutOfRange,
}

impl NumberProblem {
    fn error<E: de::Error>(self, text: &str, quoted: bool) -> E {
        let what = match (self, quoted) {
            (NumberProblem::NotANumber, _) => {
                return E::invalid_value(de::Unexpected::Str(text), &IntegerVisitor)
            }
            (NumberProblem::Fraction, false) => format!("number {text}, which has a fraction"),
            (NumberProblem::Fraction, true) => format!("string {text:?}, which has a fraction"),
            (NumberProblem::OutOfRange, false) => format!("number {text}, outside i64"),
            (NumberProblem::OutOfRange, true) => format!("string {text:?}, outside i64"),
        };
        E::invalid_value(de::Unexpected::Other(&what), &IntegerVisitor)
    }
}

/// The value of a number written in JSON's grammar, also allowing a leading `+` and
/// leading zeros, when it is a whole number within `i64`. Exact: no floating point.
fn whole_number(text: &str) -> Result<i64, NumberProblem> {
    fn digits(bytes: &[u8]) -> usize {
        bytes.iter().take_while(|b| b.is_ascii_digit()).count()
    }
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, bytes),
    };
    let (integral, rest) = rest.split_at(digits(rest));
    if integral.is_empty() {
        return Err(NumberProblem::NotANumber);
    }
    let (fraction, rest) = match rest.split_first() {
        Some((b'.', rest)) => match digits(rest) {
            0 => return Err(NumberProblem::NotANumber),
            n => rest.split_at(n),
        },
        _ => (&[][..], rest),
    };
    let exponent = match rest.split_first() {
        None => 0,
        Some((b'e' | b'E', rest)) => {
            let (negative, rest) = match rest.split_first() {
                Some((b'-', rest)) => (true, rest),
                Some((b'+', rest)) => (false, rest),
                _ => (false, rest),
            };
            if rest.is_empty() || digits(rest) != rest.len() {
                return Err(NumberProblem::NotANumber);
            }
            // Saturates: any exponent this large makes the value 0, a fraction or
            // out of range, whichever it is.
            let magnitude = rest.iter().fold(0i64, |sum, digit| {
                sum.saturating_mul(10)
                    .saturating_add(i64::from(digit - b'0'))
            });
            if negative {
                -magnitude
            } else {
                magnitude
            }
        }
        Some(_) => return Err(NumberProblem::NotANumber),
    };
    // The value is `integral ++ fraction` (the significand) × 10^(exponent − fraction's
    // length). Leading and trailing zeros of the significand are dropped first.
    let significand = || integral.iter().chain(fraction).copied();
    let length = integral.len() + fraction.len();
    let leading = significand().take_while(|&d| d == b'0').count();
    if leading == length {
        return Ok(0);
    }
    let trailing = significand().rev().take_while(|&d| d == b'0').count();
    let scale = exponent
        .saturating_sub(fraction.len() as i64)
        .saturating_add(trailing as i64);
    if scale < 0 {
        return Err(NumberProblem::Fraction);
    }
    let significant = length - leading - trailing;
    // i64::MIN has 19 digits.
    if scale > 19 || significant as i64 + scale > 19 {
        return Err(NumberProblem::OutOfRange);
    }
    let mut magnitude = significand()
        .skip(leading)
        .take(significant)
        .fold(0u64, |sum, digit| sum * 10 + u64::from(digit - b'0'));
    for _ in 0..scale {
        magnitude = magnitude.checked_mul(10).ok_or(NumberProblem::OutOfRange)?;
    }
    let value = if negative {
        -i128::from(magnitude)
    } else {
        i128::from(magnitude)
    };
    i64::try_from(value).map_err(|_| NumberProblem::OutOfRange)
}

/// The value of `text` when it is written the way `i64`'s `Display` writes it and
/// has at most 18 digits (so cannot overflow): the common case, parsed without the
/// general grammar of [`whole_number`].
#[inline]
fn canonical_value(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text {
        [b'-', digits @ ..] => (true, digits),
        digits => (false, digits),
    };
    match digits {
        [b'0'] if !negative => return Some(0),
        [b'1'..=b'9', ..] if digits.len() <= 18 => {}
        _ => return None,
    }
    let mut value = 0i64;
    for &digit in digits {
        if !digit.is_ascii_digit() {
            return None;
        }
        value = value * 10 + i64::from(digit - b'0');
    }
    Some(if negative { -value } else { value })
}

/// Whether `text` is an integer written the way `i64`'s `Display` writes it.
fn is_canonical(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    match digits.as_bytes() {
        [b'0'] => digits.len() == text.len(),
        [b'1'..=b'9', rest @ ..] => rest.len() < 19 && rest.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

impl JsonSchema for Integer {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Integer")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An integer within i64, sent as a JSON number or as a string holding one. A fraction or an exponent is allowed when the value is whole (`1e3`), and in a string also leading zeros and `+`.",
            "anyOf": [
                { "type": "integer", "format": "int64" },
                { "type": "string", "pattern": "^[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$" }
            ]
        })
    }
}

/// The name under which serde_json's deserializers hand out a value's exact text
/// (`Deserializer::deserialize_newtype_struct` with this name, answered by
/// `visit_map` with one entry: this name, then the text) and its serializers write
/// text verbatim (`serialize_struct` with this name and one field of this name).
/// It is how `serde_json::value::RawValue` works, and needs serde_json's
/// `raw_value` feature. Tests pin it against `RawValue`.
pub(crate) const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// Writes `json`, which must be valid JSON, verbatim through serde_json.
fn serialize_raw<S: Serializer>(json: &str, serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut raw = serializer.serialize_struct(RAW_VALUE_TOKEN, 1)?;
    raw.serialize_field(RAW_VALUE_TOKEN, json)?;
    raw.end()
}

/// How a map handed to a visitor starts.
enum MapStart<'de> {
    /// serde_json's raw-value answer: the exact JSON text of the value.
    Raw(Cow<'de, str>),
    /// A real map, from another deserializer, and its first key.
    Key(Cow<'de, str>),
    Empty,
}

fn raw_text_or_key<'de, A: de::MapAccess<'de>>(map: &mut A) -> Result<MapStart<'de>, A::Error> {
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
enum RawKey<'de> {
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
struct WireString<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for WireString<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_wire_str(deserializer).map(WireString)
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
        cometchat_id! { $(#[$doc])* $name, MAX_ID_LENGTH }
    };
    ($(#[$doc:meta])* $name:ident, $max:expr) => {
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
                check_id(text, $max).map(|()| Self(text.to_owned()))
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
                check_id(&text, $max).map(|()| Self(text))
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
                    "maxLength": $max,
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

cometchat_id! {
    /// A conversation id as CometChat accepts it in a request: `group_{guid}` or
    /// `{uidA}_user_{uidB}`, so up to two UIDs joined by `_user_`.
    ConversationId, MAX_CONVERSATION_ID_LENGTH
}

const MAX_ID_LENGTH: usize = 100;
/// Two UIDs of [`MAX_ID_LENGTH`] joined by `_user_`.
const MAX_CONVERSATION_ID_LENGTH: usize = 2 * MAX_ID_LENGTH + "_user_".len();

/// Why a string is not a CometChat id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidId(Cow<'static, str>);

impl fmt::Display for InvalidId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidId {}

fn check_id(text: &str, max: usize) -> Result<(), InvalidId> {
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
    if text.len() > max {
        return Err(InvalidId(Cow::Owned(format!(
            "it is {} characters long, over {max}",
            text.len()
        ))));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use serde::de::{self, Deserialize, Deserializer, Visitor};

    use super::RAW_VALUE_TOKEN;

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
