//! What `wire::Integer` accepts, how it re-encodes, and how it refuses the rest.

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cometchat::{types::ConversationResponse, wire::Integer};
use serde_json::{json, Value};

/// `(JSON text, value, arrived as a string)`: each re-encodes as the same text.
const ACCEPTED: &[(&str, i64, bool)] = &[
    ("0", 0, false),
    ("7", 7, false),
    ("-12", -12, false),
    ("9223372036854775807", i64::MAX, false),
    ("-9223372036854775808", i64::MIN, false),
    ("-0", 0, false),
    ("0.0", 0, false),
    ("-0.0e5", 0, false),
    ("0e999999999999999999999", 0, false),
    ("1.0", 1, false),
    ("1.000", 1, false),
    ("1e3", 1000, false),
    ("1E3", 1000, false),
    ("1e+3", 1000, false),
    ("2.50e1", 25, false),
    ("150e-1", 15, false),
    ("-1.5e1", -15, false),
    ("9.223372036854775807e18", i64::MAX, false),
    ("-9.223372036854775808E18", i64::MIN, false),
    ("1630305562", 1_630_305_562, false),
    ("\"0\"", 0, true),
    ("\"7\"", 7, true),
    ("\"-12\"", -12, true),
    ("\"9223372036854775807\"", i64::MAX, true),
    ("\"-9223372036854775808\"", i64::MIN, true),
    ("\"007\"", 7, true),
    ("\"00\"", 0, true),
    ("\"+7\"", 7, true),
    ("\"-07\"", -7, true),
    ("\"-0\"", 0, true),
    ("\"1.0\"", 1, true),
    ("\"1e3\"", 1000, true),
    ("\"+1.50E+1\"", 15, true),
    ("\"\\u0037\"", 7, true),
    ("\"\\u002d1\"", -1, true),
];

/// `(JSON text, what the error says)`.
const REFUSED: &[(&str, &str)] = &[
    ("1.5", "invalid value: number 1.5, which has a fraction"),
    ("-0.1", "invalid value: number -0.1, which has a fraction"),
    ("1e-1", "invalid value: number 1e-1, which has a fraction"),
    (
        "0.1000000000000000055511151231257827",
        "which has a fraction",
    ),
    (
        "9223372036854775808",
        "invalid value: number 9223372036854775808, outside i64",
    ),
    ("-9223372036854775809", "outside i64"),
    ("18446744073709551616", "outside i64"),
    ("1e19", "outside i64"),
    ("1e400", "outside i64"),
    ("1e99999999999999999999", "outside i64"),
    (
        "\"1.5\"",
        "invalid value: string \"1.5\", which has a fraction",
    ),
    ("\"9223372036854775808\"", "outside i64"),
    (
        "\"three\"",
        "invalid value: string \"three\", expected an integer within i64",
    ),
    ("\"\"", "invalid value: string \"\""),
    ("\" 7\"", "invalid value: string \" 7\""),
    ("\"7 \"", "invalid value: string \"7 \""),
    ("\"0x10\"", "invalid value: string \"0x10\""),
    ("\"1.\"", "invalid value: string \"1.\""),
    ("\".5\"", "invalid value: string \".5\""),
    ("\"1e\"", "invalid value: string \"1e\""),
    ("\"--1\"", "invalid value: string \"--1\""),
    ("\"+-1\"", "invalid value: string \"+-1\""),
    ("\"NaN\"", "invalid value: string \"NaN\""),
    (
        "true",
        "invalid type: boolean `true`, expected an integer within i64",
    ),
    ("null", "invalid type: null"),
    ("[7]", "invalid type: sequence"),
    ("{\"n\": 7}", "invalid type: map"),
];

#[test]
fn accepted_forms_keep_their_value_and_their_text() {
    for &(text, value, quoted) in ACCEPTED {
        let integer: Integer = serde_json::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(integer.get(), value, "{text}");
        assert_eq!(integer.is_quoted(), quoted, "{text}");
        assert_eq!(i64::from(integer.clone()), value);
        assert_eq!(integer, Integer::new(value), "equal by value: {text}");
        assert_eq!(serde_json::to_string(&integer).unwrap(), text);
        assert_eq!(format!("{integer:?}"), text, "Debug shows the wire text");
        assert_eq!(
            integer.to_string(),
            value.to_string(),
            "Display shows the number"
        );
        // From bytes and from a reader too: serde_json's three readers.
        let from_slice: Integer = serde_json::from_slice(text.as_bytes()).unwrap();
        let from_reader: Integer = serde_json::from_reader(text.as_bytes()).unwrap();
        for decoded in [from_slice, from_reader] {
            assert_eq!(serde_json::to_string(&decoded).unwrap(), text);
        }
        // Through `Value`: the same number, in the form `Value` holds, where an `f64`
        // holds it exactly.
        let value_form: Value = serde_json::from_str(text).unwrap();
        let exact = value_form.is_i64()
            || value_form.is_u64()
            || value_form.is_string()
            || value.unsigned_abs() < 1 << 53;
        if !exact {
            continue;
        }
        let from_value: Integer = serde_json::from_value(value_form.clone()).unwrap();
        assert_eq!(from_value.get(), value, "{text}");
        assert_eq!(serde_json::to_value(&from_value).unwrap(), value_form);
    }
}

#[test]
fn refused_forms_say_why() {
    for &(text, message) in REFUSED {
        let error = serde_json::from_str::<Integer>(text)
            .expect_err(text)
            .to_string();
        assert!(error.contains(message), "{text}: {error}");
    }
}

#[test]
fn refused_forms_name_the_field_in_a_conversation() {
    let fields = [
        ("/data/0/unreadMessageCount", "data[0].unreadMessageCount"),
        (
            "/data/0/conversationWith/membersCount",
            "data[0].conversationWith.membersCount",
        ),
        (
            "/data/0/lastMessage/data/entities/by/entity/createdAt",
            "data[0].lastMessage.data.entities.by.entity.createdAt",
        ),
    ];
    for (pointer, path) in fields {
        for &(text, message) in REFUSED {
            if text == "null" {
                continue; // These fields are optional: `null` is absent.
            }
            let mut body = support::sample();
            *body.pointer_mut(pointer).unwrap() = json!("@@here@@");
            let body = body.to_string().replace("\"@@here@@\"", text);
            let mut deserializer = serde_json::Deserializer::from_str(&body);
            let error = cometchat::wire::with_field_names_as_text(|| {
                serde_path_to_error::deserialize::<_, ConversationResponse>(&mut deserializer)
            })
            .expect_err(text);
            assert_eq!(error.path().to_string(), path, "{text}");
            assert!(
                error.inner().to_string().contains(message),
                "{text}: {error}"
            );
        }
    }
}

#[test]
fn constructors_defaults_and_times() {
    assert_eq!(Integer::default(), 0);
    assert_eq!(format!("{:?}", Integer::default()), "0");
    assert_eq!(serde_json::to_string(&Integer::from(-3)).unwrap(), "-3");
    assert!(!Integer::new(5).is_quoted());
    assert_eq!(
        Integer::new(1_630_305_562).as_system_time(),
        Some(UNIX_EPOCH + Duration::from_secs(1_630_305_562))
    );
    assert_eq!(
        Integer::new(-10).as_system_time(),
        UNIX_EPOCH.checked_sub(Duration::from_secs(10))
    );
    let far: Option<SystemTime> = Integer::new(i64::MAX).as_system_time();
    assert!(far.is_none() || far > Some(UNIX_EPOCH));
    // Ordering and hashing look at the number only.
    let forms: Vec<Integer> = ["7", "\"7\"", "7.0", "\"007\"", "0.7e1"]
        .into_iter()
        .map(|text| serde_json::from_str(text).unwrap())
        .collect();
    let set: std::collections::HashSet<&Integer> = forms.iter().collect();
    assert_eq!(set.len(), 1);
    assert!(forms.iter().all(|form| form.cmp(&Integer::new(7)).is_eq()));
    assert!(Integer::new(-1) < Integer::new(0));
}

/// Nested `Debug` output shows the wire text of each integer, not a struct.
#[test]
fn debug_output_reads_like_the_wire() {
    let mut body = support::sample();
    body["data"][0]["createdAt"] = json!(1.63e9);
    let response: ConversationResponse = serde_json::from_value(body).unwrap();
    let debug = format!("{:?}", response.data[0]);
    assert!(
        debug.contains("unread_message_count: Some(\"0\")"),
        "{debug}"
    );
    assert!(debug.contains("created_at: Some(1630000000.0)"), "{debug}");
    assert!(debug.contains("updated_at: Some(1630481413)"), "{debug}");
}
