//! A decode → encode round trip returns exactly the text the server sent.
//!
//! Bodies are compared as text, after removing the whitespace between tokens only;
//! never through `serde_json::Value`, which would round the very numbers these
//! tests are about. A struct writes its known fields in its own order, then its
//! unknown ones sorted by name, so each body is first put in that member order
//! (JSON does not give member order a meaning); every value in it is then kept
//! exactly as written.

mod support;

use cometchat::{
    types::ConversationResponse,
    wire::{Integer, RawJson},
};
use serde_json::{json, Value};

/// JSON values that `f64`, `u64` or `i64` cannot hold exactly, and every other
/// form JSON allows, as text.
const VALUES: &[&str] = &[
    "18446744073709551616",
    "-9223372036854775809",
    "123456789012345678901234567890123456789",
    "0.1000000000000000055511151231257827",
    "3.14159265358979323846264338327950288419716939937510",
    "1e400",
    "-1e400",
    "1E+2",
    "1e-2",
    "2.50e1",
    "1.0",
    "-0",
    "-0.0",
    "0e0",
    "9007199254740993",
    r#""\u00e9""#,
    r#""\ud83d\ude00""#,
    r#""é😀""#,
    r#""a\"b\\c\/d\n\t\u0000""#,
    r#""""#,
    "true",
    "false",
    "null",
    "{}",
    "[]",
    r#"[1, [2.000, [1e400, {"a": [], "b": {}}]], {"c": null}]"#,
    r#"{"big": 18446744073709551616, "nested": {"d": 0.1000000000000000055511151231257827, "e": [-0, "\u00e9"]}}"#,
];

/// Where a value from [`VALUES`] goes in [`template`]: `"@@n@@"`, or `"@@n?@@"` for a
/// `metadata` field, where `null` means absent and comes back absent (typify's
/// rule for optional fields).
#[derive(Clone, Copy)]
struct Slot {
    n: usize,
    optional: bool,
}

impl Slot {
    fn marker(self) -> String {
        let optional = if self.optional { "?" } else { "" };
        format!("\"@@{}{optional}@@\"", self.n)
    }
}

/// The sample, with two unknown fields at every level, free-form `metadata` where
/// the spec has it, and receipts, each holding a [`Slot`]; in the encoder's member
/// order.
fn template() -> (String, Vec<Slot>) {
    let mut body = support::sample();
    let mut slots = Vec::new();
    let mut next = |optional: bool| {
        let slot = Slot {
            n: slots.len(),
            optional,
        };
        slots.push(slot);
        serde_json::from_str::<Value>(&slot.marker()).unwrap()
    };
    let objects = [
        "",
        "/data/0",
        "/data/0/conversationWith",
        "/data/0/lastMessage",
        "/data/0/lastMessage/data",
        "/data/0/lastMessage/data/entities",
        "/data/0/lastMessage/data/entities/by",
        "/data/0/lastMessage/data/entities/by/entity",
        "/data/0/lastMessage/data/entities/on",
        "/data/0/lastMessage/data/entities/on/entity",
        "/data/0/lastMessage/data/entities/for",
        "/data/0/lastMessage/data/entities/for/entity",
    ];
    for pointer in objects {
        let object = body.pointer_mut(pointer).unwrap().as_object_mut().unwrap();
        object.insert("unknownField".to_owned(), next(false));
        // Two, to check the order unknown fields are written back in.
        object.insert("anotherUnknown".to_owned(), next(false));
    }
    for pointer in [
        "/data/0/conversationWith",
        "/data/0/lastMessage/data",
        "/data/0/lastMessage/data/entities/by/entity",
        "/data/0/lastMessage/data/entities/for/entity",
    ] {
        body.pointer_mut(pointer).unwrap()["metadata"] = next(true);
    }
    let receipts = json!({
        "data": [next(false), next(false)],
        "unknownField": next(false),
    });
    body["data"][0]["lastMessage"]["receipts"] = receipts;
    let decoded: ConversationResponse = serde_json::from_value(body).unwrap();
    (serde_json::to_string(&decoded).unwrap(), slots)
}

/// `text` without the whitespace between JSON tokens.
fn without_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c.is_ascii_whitespace() {
            continue;
        }
        out.push(c);
    }
    out
}

/// Decodes `body` from bytes, from a `str` and from a reader, re-encodes each, and
/// checks that the text is the same.
fn assert_round_trips(body: &str) {
    let expected = without_whitespace(body);
    let from_slice: ConversationResponse =
        serde_json::from_slice(body.as_bytes()).unwrap_or_else(|e| panic!("{e}: {body}"));
    let from_str: ConversationResponse = serde_json::from_str(body).unwrap();
    let from_reader: ConversationResponse =
        serde_json::from_reader(std::io::Cursor::new(body.as_bytes())).unwrap();
    for (how, decoded) in [
        ("from_slice", from_slice),
        ("from_str", from_str),
        ("from_reader", from_reader),
    ] {
        let encoded = String::from_utf8(serde_json::to_vec(&decoded).unwrap()).unwrap();
        assert_eq!(without_whitespace(&encoded), expected, "{how}");
        let pretty = serde_json::to_string_pretty(&decoded).unwrap();
        assert_eq!(without_whitespace(&pretty), expected, "{how}, pretty");
    }
}

#[test]
fn the_sample_round_trips_as_text() {
    let decoded: ConversationResponse = serde_json::from_value(support::sample()).unwrap();
    let text = serde_json::to_string(&decoded).unwrap();
    // The same members and values as the spec's sample, in the encoder's order.
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        support::sample()
    );
    assert_round_trips(&text);
    assert_round_trips(&serde_json::to_string_pretty(&decoded).unwrap());
}

/// `template` with each slot's marker replaced by `value(slot)`.
fn fill(template: &str, slots: &[Slot], value: impl Fn(Slot) -> &'static str) -> String {
    let mut body = template.to_owned();
    for &slot in slots {
        let value = match value(slot) {
            "null" if slot.optional => "1",
            value => value,
        };
        assert_eq!(body.matches(&slot.marker()).count(), 1);
        body = body.replace(&slot.marker(), value);
    }
    body
}

#[test]
fn every_value_round_trips_in_every_unknown_field_and_in_metadata() {
    let (template, slots) = template();
    assert_eq!(slots.len(), 31);
    for value in VALUES {
        assert_round_trips(&fill(&template, &slots, |_| value));
    }
}

#[test]
fn mixed_values_round_trip_with_whitespace_between_tokens() {
    let (template, slots) = template();
    // Not inside the strings of the sample, which have neither `,` nor `:` followed
    // by `"`.
    let spaced = template.replace(",\"", " ,\n  \"").replace("\":", "\" :\t");
    for shift in 0..VALUES.len() {
        let body = fill(&spaced, &slots, |slot| {
            VALUES[(slot.n + shift) % VALUES.len()]
        });
        assert_round_trips(&body);
    }
}

#[test]
fn integers_in_every_form_round_trip_in_place() {
    let (template, _) = template();
    // Fields typed `Integer` at three levels of the sample.
    let fields = [
        "\"unreadMessageCount\":\"0\"",
        "\"membersCount\":4",
        "\"sentAt\":1630305562",
    ];
    let forms = [
        "7",
        "\"7\"",
        "-12",
        "1.0",
        "1e3",
        "1E3",
        "2.50e1",
        "150e-1",
        "-0",
        "0.0",
        "\"007\"",
        "\"+7\"",
        "\"1e3\"",
        "\"\\u0037\"",
        "9223372036854775807",
        "-9223372036854775808",
        "\"-9223372036854775808\"",
        "922337203685477580.7e1",
    ];
    for field in fields {
        let name = field.split(':').next().unwrap();
        assert!(template.contains(field), "{field}");
        for form in forms {
            let body = template.replace(field, &format!("{name}:{form}"));
            assert_round_trips(&body);
        }
    }
}

#[test]
fn values_decoded_with_from_value_round_trip_as_values() {
    let (template, slots) = template();
    let forms = ["true", "[1.5, {}]", "\"\\u00e9\"", "{\"a\": -0}"];
    let body = fill(&template, &slots, |slot| forms[slot.n % forms.len()])
        .replace("\"membersCount\":4", "\"membersCount\":4.0");
    let value: Value = serde_json::from_str(&body).unwrap();
    let decoded: ConversationResponse = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), value);
    // Through `Value`, the text is the one `Value` holds.
    let message = decoded.data[0].last_message.as_ref().unwrap();
    let metadata = message.data.as_ref().unwrap().metadata.as_ref().unwrap();
    assert_eq!(
        metadata.get(),
        value["data"][0]["lastMessage"]["data"]["metadata"].to_string()
    );
    let group = decoded.data[0].conversation_with.as_ref().unwrap();
    let members = group.members_count.as_ref().unwrap();
    assert_eq!(
        (members.get(), format!("{members:?}")),
        (4, "4.0".to_owned())
    );
    // And `Value` in turn reads the exact text of what the SDK decoded from bytes.
    let exact: ConversationResponse = serde_json::from_str(&body.replace(
        "\"unknownField\":true",
        "\"unknownField\":18446744073709551616",
    ))
    .unwrap();
    let value = serde_json::to_value(&exact).unwrap();
    assert_eq!(value["unknownField"], json!(18446744073709551616.0));
}

#[test]
fn raw_json_keeps_its_text_and_reads_as_values() {
    for text in VALUES {
        let raw: RawJson = text.parse().unwrap();
        let compact = without_whitespace(text);
        assert_eq!(raw.get(), *text);
        assert_eq!(raw.as_str(), *text);
        assert_eq!(raw.to_string(), *text);
        assert_eq!(format!("{raw:?}"), *text);
        assert_eq!(
            without_whitespace(&serde_json::to_string(&raw).unwrap()),
            compact
        );
        let again: RawJson = serde_json::from_str(text).unwrap();
        assert_eq!(again, raw);
        match serde_json::from_str::<Value>(text) {
            Ok(value) => {
                assert_eq!(raw.to_value().unwrap(), value, "{text}");
                assert_eq!(raw.parse::<Value>().unwrap(), value, "{text}");
                assert_eq!(RawJson::from_value(&value).get(), value.to_string());
                assert_eq!(serde_json::to_value(&raw).unwrap(), value);
            }
            // Only numbers beyond `f64`, which `Value` cannot hold either.
            Err(_) => assert!(raw.to_value().is_err() && text.contains("1e400"), "{text}"),
        }
    }
    let raw = RawJson::from_text("  {\"a\": [1, 2]}\n").unwrap();
    assert_eq!(raw.get(), "{\"a\": [1, 2]}");
    assert_eq!(
        raw.parse::<std::collections::BTreeMap<&str, Vec<u8>>>()
            .unwrap()["a"],
        [1, 2]
    );
    for bad in ["", "{", "1 2", "[1,]", "nul", "'a'", "{\"a\":1}}"] {
        assert!(RawJson::from_text(bad).is_err(), "{bad:?}");
    }
    assert_eq!(
        RawJson::from(json!({"b": [1.5, "x"]})).get(),
        r#"{"b":[1.5,"x"]}"#
    );
    assert_ne!(
        "1.0".parse::<RawJson>().unwrap(),
        "1".parse::<RawJson>().unwrap()
    );
}

#[test]
fn wire_types_stay_small() {
    // `Integer` keeps only unusual forms' text, behind one pointer.
    assert_eq!(std::mem::size_of::<Integer>(), 24);
    assert_eq!(std::mem::size_of::<Option<Integer>>(), 24);
    assert_eq!(std::mem::size_of::<RawJson>(), 16);
}
