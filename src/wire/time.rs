//! Timestamps in the units CometChat sends besides Unix seconds (which are
//! [`Integer`]s): [`UnixMillis`], [`IsoTime`] and [`DecimalSeconds`]. Each knows its
//! unit, converts to `SystemTime`, and re-serializes the exact text it received.

use std::{
    borrow::Cow,
    fmt,
    str::FromStr,
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
    Integer,
};

/// Milliseconds since the Unix epoch, sent as a JSON number or a string of digits
/// (delivery logs' `processingStartedAtMS`, the `/stats` range, metric buckets).
///
/// It decodes and re-serializes as [`Integer`] does (the exact text comes back);
/// what it adds is the unit: [`UnixMillis::as_system_time`] reads milliseconds.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixMillis(Integer);

impl UnixMillis {
    /// The time `millis` milliseconds after the epoch, serialized as a number.
    pub const fn new(millis: i64) -> Self {
        Self(Integer::new(millis))
    }

    /// The number of milliseconds.
    pub const fn get(&self) -> i64 {
        self.0.get()
    }

    /// Whether it arrived (and serializes) as a string.
    pub fn is_quoted(&self) -> bool {
        self.0.is_quoted()
    }

    /// The time. `None` when it does not fit in a `SystemTime`.
    pub fn as_system_time(&self) -> Option<SystemTime> {
        let millis = self.get();
        let span = Duration::from_millis(millis.unsigned_abs());
        if millis >= 0 {
            UNIX_EPOCH.checked_add(span)
        } else {
            UNIX_EPOCH.checked_sub(span)
        }
    }
}

impl From<i64> for UnixMillis {
    fn from(millis: i64) -> Self {
        Self::new(millis)
    }
}

impl From<Integer> for UnixMillis {
    fn from(millis: Integer) -> Self {
        Self(millis)
    }
}

impl PartialEq<i64> for UnixMillis {
    fn eq(&self, other: &i64) -> bool {
        self.get() == *other
    }
}

impl fmt::Display for UnixMillis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// The JSON text, as [`Integer`] shows it, with the unit.
impl fmt::Debug for UnixMillis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}ms", self.0)
    }
}

impl Serialize for UnixMillis {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for UnixMillis {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Integer::deserialize(deserializer).map(Self)
    }
}

impl JsonSchema for UnixMillis {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("UnixMillis")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = Integer::json_schema(generator);
        schema.insert(
            "description".to_owned(),
            "Milliseconds since the Unix epoch, as a JSON number or a string of digits.".into(),
        );
        schema
    }
}

/// Why a text is not a timestamp of the unit asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvalidTime {
    expected: &'static str,
}

impl fmt::Display for InvalidTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not {}", self.expected)
    }
}

impl std::error::Error for InvalidTime {}

/// A point in time as seconds and nanoseconds either side of the epoch.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Instant {
    /// Whole seconds, floor-rounded (so `-0.5` is `-1` and 500 ms); digits past the
    /// nanosecond are dropped first, toward zero.
    seconds: i64,
    nanos: u32,
}

impl Instant {
    fn to_system_time(self) -> Option<SystemTime> {
        let whole = Duration::from_secs(self.seconds.unsigned_abs());
        let base = if self.seconds >= 0 {
            UNIX_EPOCH.checked_add(whole)
        } else {
            UNIX_EPOCH.checked_sub(whole)
        };
        base?.checked_add(Duration::from_nanos(u64::from(self.nanos)))
    }
}

/// The text of a timestamp as it arrived: its JSON literal (quotes included for a
/// string), which is what it serializes back to.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Literal(Box<str>);

impl Literal {
    /// The text inside the JSON string, or the number's text.
    fn content(&self) -> Cow<'_, str> {
        match self.0.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(inner) if !inner.contains('\\') => Cow::Borrowed(inner),
            // Escapes are odd in a timestamp but valid JSON: read them, keep them.
            Some(_) => serde_json::from_str::<String>(&self.0)
                .map(Cow::Owned)
                .unwrap_or(Cow::Borrowed("")),
            None => Cow::Borrowed(&self.0),
        }
    }

    fn quoted(text: &str) -> Self {
        Self(serde_json::Value::from(text).to_string().into())
    }
}

impl Serialize for Literal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(inner) if !inner.contains('\\') => serializer.serialize_str(inner),
            _ => serialize_raw(&self.0, serializer),
        }
    }
}

/// Reads a value's exact JSON text: serde_json's raw value where it gives one, else
/// the text the value writes as.
struct LiteralVisitor(&'static str);

impl<'de> Visitor<'de> for LiteralVisitor {
    type Value = Literal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Literal, A::Error> {
        match map.next_key_seed(RawKey::Token)? {
            Some(RawKey::Token) => Ok(Literal(
                map.next_value::<WireString<'de>>()?.0.into_owned().into(),
            )),
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Literal, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Literal, E> {
        Ok(Literal::quoted(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Literal, E> {
        Ok(Literal(value.to_string().into()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Literal, E> {
        Ok(Literal(value.to_string().into()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Literal, E> {
        match serde_json::Number::from_f64(value) {
            Some(number) => Ok(Literal(number.to_string().into())),
            None => Err(E::invalid_value(de::Unexpected::Float(value), &self)),
        }
    }
}

/// Decodes a literal and reads it with `parse`, failing with serde's words.
fn decode<'de, D: Deserializer<'de>>(
    deserializer: D,
    expected: &'static str,
    strings_only: bool,
    parse: fn(&str) -> Option<Instant>,
) -> Result<(Literal, Instant), D::Error> {
    let literal =
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, LiteralVisitor(expected))?;
    let is_string = literal.0.starts_with('"');
    let at = {
        let content = literal.content();
        let parsed = (is_string || !strings_only)
            .then(|| parse(&content))
            .flatten();
        parsed.ok_or_else(|| {
            let unexpected = match literal.0.as_bytes().first() {
                _ if is_string => de::Unexpected::Str(&content),
                Some(b't') => de::Unexpected::Bool(true),
                Some(b'f') => de::Unexpected::Bool(false),
                Some(b'n') => de::Unexpected::Unit,
                Some(b'[') => de::Unexpected::Seq,
                Some(b'{') => de::Unexpected::Map,
                _ => de::Unexpected::Other(&literal.0),
            };
            de::Error::invalid_value(unexpected, &expected)
        })?
    };
    Ok((literal, at))
}

/// What a timestamp kept as text has: reading from text (`parse`, `FromStr`), the
/// text and the time, `Display` as the text, `Debug` as the JSON text, and serde
/// through the exact literal. `$strings_only` refuses JSON numbers.
macro_rules! text_time {
    ($name:ident, $expected:ident, $strings_only:expr, $parse:ident, $example:literal) => {
        impl $name {
            #[doc = concat!("Reads `text` (without JSON quotes), such as `", $example, "`.")]
            pub fn parse(text: &str) -> Result<Self, InvalidTime> {
                let at = $parse(text).ok_or(InvalidTime {
                    expected: $expected,
                })?;
                Ok(Self {
                    literal: Literal::quoted(text),
                    at,
                })
            }

            /// The text, as it arrived.
            pub fn as_str(&self) -> Cow<'_, str> {
                self.literal.content()
            }

            /// The time, to the nanosecond. `None` when it does not fit in a
            /// `SystemTime`.
            pub fn as_system_time(&self) -> Option<SystemTime> {
                self.at.to_system_time()
            }

            /// Whole seconds since the epoch (rounded down), for comparing with the
            /// timestamps CometChat sends as Unix seconds.
            pub fn unix_seconds(&self) -> i64 {
                self.at.seconds
            }
        }

        impl FromStr for $name {
            type Err = InvalidTime;

            fn from_str(text: &str) -> Result<Self, InvalidTime> {
                Self::parse(text)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.as_str())
            }
        }

        /// The JSON text, so that it reads like the wire inside a larger `Debug`
        /// output.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.literal.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.literal.serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (literal, at) = decode(deserializer, $expected, $strings_only, $parse)?;
                Ok(Self { literal, at })
            }
        }
    };
}

/// An RFC 3339 (ISO 8601) date and time in a string, such as
/// `"2024-03-11T07:27:59.412Z"` (push tokens' `createdAt`).
///
/// Any offset (`Z`, `+05:30`) and up to nanosecond fractions are read; the text is
/// kept and re-serialized as it arrived. Equality compares the text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IsoTime {
    literal: Literal,
    at: Instant,
}

const ISO_EXPECTED: &str = "an RFC 3339 date and time such as \"2024-03-11T07:27:59.412Z\"";

text_time!(
    IsoTime,
    ISO_EXPECTED,
    true,
    parse_rfc3339,
    "2024-03-11T07:27:59.412Z"
);

impl JsonSchema for IsoTime {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("IsoTime")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date-time" })
    }
}

/// Seconds since the Unix epoch with fractional digits, sent as a string such as
/// `"1757955951.000000000390079"` (a blocked message's `blockedAt`), or as a
/// number without an exponent.
///
/// Digits beyond nanoseconds are kept in the text (CometChat's carry more than a
/// clock would) and dropped from [`DecimalSeconds::as_system_time`]. Equality
/// compares the text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DecimalSeconds {
    literal: Literal,
    at: Instant,
}

const DECIMAL_EXPECTED: &str =
    "seconds since the Unix epoch with optional fractional digits, such as \"1757955951.5\"";

text_time!(
    DecimalSeconds,
    DECIMAL_EXPECTED,
    false,
    parse_decimal,
    "1757955951.000000000390079"
);

impl JsonSchema for DecimalSeconds {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("DecimalSeconds")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": "number" },
                { "type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$" }
            ]
        })
    }
}

/// `digits` as a number, when it is 1 to 18 ASCII digits.
fn number(digits: &[u8]) -> Option<i64> {
    if digits.is_empty() || digits.len() > 18 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
}

/// Nanoseconds of a fraction's digits (one or more; those past the ninth ignored).
fn fraction(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let nanos = (0..9).fold(0u32, |n, i| {
        n * 10 + digits.get(i).map_or(0, |d| u32::from(d - b'0'))
    });
    Some(nanos)
}

/// `seconds.fraction`, optionally negative.
fn parse_decimal(text: &str) -> Option<Instant> {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, nanos) = match text.split_once('.') {
        Some((whole, digits)) => (number(whole.as_bytes())?, fraction(digits.as_bytes())?),
        None => (number(text.as_bytes())?, 0),
    };
    Some(if !negative || nanos == 0 {
        Instant {
            seconds: if negative { -whole } else { whole },
            nanos,
        }
    } else {
        Instant {
            seconds: -whole - 1,
            nanos: 1_000_000_000 - nanos,
        }
    })
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, checked field by field.
fn parse_rfc3339(text: &str) -> Option<Instant> {
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let field = |range: std::ops::Range<usize>| number(&b[range]);
    let (year, month, day) = (field(0..4)?, field(5..7)?, field(8..10)?);
    let (hour, minute, second) = (field(11..13)?, field(14..16)?, field(17..19)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
        // A leap second ends a minute, never starts one.
        || (second == 60 && minute != 59)
    {
        return None;
    }
    let mut rest = &b[19..];
    let mut nanos = 0;
    if let Some(after) = rest.strip_prefix(b".") {
        let digits = after.iter().take_while(|c| c.is_ascii_digit()).count();
        nanos = fraction(&after[..digits])?;
        rest = &after[digits..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (hours, minutes) = (number(&[*h1, *h2])?, number(&[*m1, *m2])?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = hours * 3600 + minutes * 60;
            if *sign == b'-' {
                -offset
            } else {
                offset
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset;
    Some(Instant { seconds, nanos })
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard
/// Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_count_days_from_the_epoch() {
        for (date, days) in [
            ((1970, 1, 1), 0),
            ((1969, 12, 31), -1),
            ((2000, 3, 1), 11_017),
            ((2024, 3, 11), 19_793),
            ((1600, 2, 29), -135_081),
        ] {
            assert_eq!(days_from_civil(date.0, date.1, date.2), days, "{date:?}");
        }
    }
}
