//! Timestamps of every unit CometChat sends: Unix seconds (`Integer`), milliseconds
//! (`UnixMillis`), RFC 3339 text (`IsoTime`) and seconds with fractional digits
//! (`DecimalSeconds`). Each is decoded, converted to `SystemTime` and re-encoded as
//! the exact text received; text that is not a time of its unit fails to decode.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cometchat::wire::{DecimalSeconds, Integer, IsoTime, UnixMillis};
use serde::{de::DeserializeOwned, Serialize};

fn at(seconds: i64, nanos: u32) -> SystemTime {
    let whole = Duration::from_secs(seconds.unsigned_abs());
    let base = if seconds >= 0 {
        UNIX_EPOCH + whole
    } else {
        UNIX_EPOCH - whole
    };
    base + Duration::from_nanos(u64::from(nanos))
}

/// Decodes `text` as `T`, checks its time, and that it re-encodes as `text`, through
/// `to_string` and through a `Value` and back.
fn check<T: DeserializeOwned + Serialize + std::fmt::Debug>(
    text: &str,
    time: fn(&T) -> Option<SystemTime>,
    expected: SystemTime,
) {
    let value: T = serde_json::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!(time(&value), Some(expected), "{text}");
    assert_eq!(serde_json::to_string(&value).unwrap(), text, "{text}");
    let through: T = serde_json::from_value(serde_json::to_value(&value).unwrap()).unwrap();
    assert_eq!(time(&through), Some(expected), "{text} through a Value");
}

#[test]
fn unix_seconds_decode_convert_and_round_trip() {
    for (text, seconds) in [
        ("1751644824", 1_751_644_824),
        ("\"1760449410\"", 1_760_449_410),
        ("0", 0),
        ("-1", -1),
    ] {
        check::<Integer>(text, Integer::as_system_time, at(seconds, 0));
    }
}

#[test]
fn milliseconds_decode_convert_and_round_trip() {
    for (text, seconds, nanos) in [
        ("1742980459696", 1_742_980_459, 696_000_000),
        ("\"1682676600000\"", 1_682_676_600, 0),
        ("1632842653000", 1_632_842_653, 0),
        ("\"007\"", 0, 7_000_000),
        ("0", 0, 0),
        ("-1500", -2, 500_000_000),
    ] {
        check::<UnixMillis>(text, UnixMillis::as_system_time, at(seconds, nanos));
    }
    let millis: UnixMillis = serde_json::from_str("1742980459696").unwrap();
    assert_eq!(millis.get(), 1_742_980_459_696);
    assert_eq!(format!("{millis:?}"), "1742980459696ms");
    assert!(!millis.is_quoted());
}

#[test]
fn iso_times_decode_convert_and_round_trip() {
    for (text, seconds, nanos) in [
        ("\"2024-03-11T07:27:59.412Z\"", 1_710_142_079, 412_000_000),
        ("\"2024-03-13T11:24:47.776Z\"", 1_710_329_087, 776_000_000),
        ("\"1970-01-01T00:00:00Z\"", 0, 0),
        ("\"1970-01-01T05:30:00+05:30\"", 0, 0),
        ("\"1969-12-31T19:00:00.5-05:00\"", 0, 500_000_000),
        (
            "\"2024-02-29t23:59:59.123456789z\"",
            1_709_251_199,
            123_456_789,
        ),
        (
            "\"2024-02-29 00:00:00.1234567891Z\"",
            1_709_164_800,
            123_456_789,
        ),
        ("\"1969-12-31T23:59:59Z\"", -1, 0),
        ("\"2000-03-01T00:00:00Z\"", 951_868_800, 0),
        ("\"2016-12-31T23:59:60Z\"", 1_483_228_800, 0),
        // An escape in the text is read, and written back as it came.
        (
            "\"2024-03-11T07:27:59\\u002e412Z\"",
            1_710_142_079,
            412_000_000,
        ),
    ] {
        check::<IsoTime>(text, IsoTime::as_system_time, at(seconds, nanos));
    }
    let time: IsoTime = "2024-03-11T07:27:59.412Z".parse().unwrap();
    assert_eq!(time.unix_seconds(), 1_710_142_079);
    assert_eq!(time.as_str(), "2024-03-11T07:27:59.412Z");
    assert_eq!(format!("{time:?}"), "\"2024-03-11T07:27:59.412Z\"");
}

#[test]
fn decimal_seconds_decode_convert_and_round_trip() {
    for (text, seconds, nanos) in [
        // Digits past the nanosecond are kept in the text, not in the time.
        ("\"1757955951.000000000390079\"", 1_757_955_951, 0),
        ("\"1757955951.5\"", 1_757_955_951, 500_000_000),
        ("\"1757955951\"", 1_757_955_951, 0),
        ("1757955951.25", 1_757_955_951, 250_000_000),
        ("1757955951", 1_757_955_951, 0),
        ("\"-1.5\"", -2, 500_000_000),
        ("\"0.000000001\"", 0, 1),
    ] {
        check::<DecimalSeconds>(text, DecimalSeconds::as_system_time, at(seconds, nanos));
    }
    let time = DecimalSeconds::parse("1757955951.000000000390079").unwrap();
    assert_eq!(time.unix_seconds(), 1_757_955_951);
    assert_eq!(
        serde_json::to_string(&time).unwrap(),
        "\"1757955951.000000000390079\""
    );
}

/// Text that is not a time of the unit fails to decode, with the unit in the error,
/// and never panics.
#[test]
fn what_is_not_a_time_of_its_unit_is_refused() {
    let iso = [
        "\"\"",
        "\"2024-03-11\"",
        "\"2024-03-11T07:27:59\"",
        "\"2024-13-11T07:27:59Z\"",
        "\"2024-02-30T07:27:59Z\"",
        "\"2023-02-29T00:00:00Z\"",
        "\"2024-03-11T24:00:00Z\"",
        "\"2024-03-11T07:60:00Z\"",
        "\"2024-03-11T07:27:61Z\"",
        // A leap second only ends a minute.
        "\"2024-03-11T07:27:60Z\"",
        "\"2024-03-11T07:27:59.Z\"",
        "\"2024-03-11T07:27:59+0530\"",
        "\"2024-03-11T07:27:59+24:00\"",
        "\"2024-03-11X07:27:59Z\"",
        "\"+024-03-11T07:27:59Z\"",
        "\"２024-03-11T07:27:59Z\"",
        "\"2024-03-11T07:27:59ZZ\"",
        "1710142079",
        "null",
        "true",
        "{}",
        "[]",
    ];
    for text in iso {
        let error = serde_json::from_str::<IsoTime>(text).expect_err(text);
        assert!(error.to_string().contains("RFC 3339"), "{text}: {error}");
    }
    for text in [
        "\"\"",
        "\"1.\"",
        "\".5\"",
        "\"1e3\"",
        "\"1.5.5\"",
        "\"0x10\"",
        "\" 1\"",
        "true",
        "null",
        "\"12345678901234567890\"",
    ] {
        let error = serde_json::from_str::<DecimalSeconds>(text).expect_err(text);
        assert!(
            error.to_string().contains("seconds since the Unix epoch"),
            "{text}: {error}"
        );
    }
    for text in ["\"1.5\"", "1.5", "\"\"", "true", "\"12e\""] {
        assert!(serde_json::from_str::<UnixMillis>(text).is_err(), "{text}");
    }
    assert!(IsoTime::parse("yesterday").is_err());
    assert!(DecimalSeconds::parse("soon").is_err());
}

/// Far times decode; only their conversion says they do not fit.
#[test]
fn times_beyond_system_time_convert_to_none_not_a_panic() {
    let far = UnixMillis::new(i64::MAX);
    let _ = far.as_system_time();
    let _ = UnixMillis::new(i64::MIN).as_system_time();
    let decimal = DecimalSeconds::parse("999999999999999999.999999999").unwrap();
    let _ = decimal.as_system_time();
    let iso = IsoTime::parse("9999-12-31T23:59:59.999999999Z").unwrap();
    assert_eq!(iso.unix_seconds(), 253_402_300_799);
    let iso = IsoTime::parse("0000-01-01T00:00:00Z").unwrap();
    assert_eq!(iso.unix_seconds(), -62_167_219_200);
}
