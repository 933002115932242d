//! [`Integer`]: an integer CometChat sends as a number or a string, kept as sent.

use std::{
    borrow::Cow,
    fmt,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{
    de::{self, Visitor},
    Deserialize, Deserializer, Serialize, Serializer,
};

use super::{
    decode::WireString,
    raw::{serialize_raw, RawKey, RAW_VALUE_TOKEN},
};

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
