//! Messages of every category and type: each decodes in one pass into
//! `Message`, shows as its typed view (`Message::kind`), and re-encodes exactly;
//! so does a message of a category, type or action this SDK does not know, and
//! one whose known fields come with types a new kind of message might give them.

use cometchat::{types::MessageResponse, wire::RawJson, Message, MessageKind};
use serde_json::{json, Value};

/// A message as CometChat sends it, with this category, type and data.
fn message(category: &str, kind: &str, data: Value) -> String {
    json!({
        "id": "1042",
        "conversationId": "alice_user_bob",
        "sender": "alice",
        "receiverType": "user",
        "receiver": "bob",
        "category": category,
        "type": kind,
        "data": data,
        "sentAt": 1_700_000_000,
        "updatedAt": "1700000001",
    })
    .to_string()
}

fn entities() -> Value {
    json!({
        "by": {"entity": {"uid": "alice", "name": "Alice"}, "entityType": "user"},
        "on": {"entity": {"uid": "bob", "name": "Bob"}, "entityType": "user"},
        "for": {"entity": {"guid": "team", "name": "Team"}, "entityType": "group"},
    })
}

/// Decodes `text` as the `data` of an answer, checks that it re-encodes to the same
/// JSON, and returns the message.
fn decoded(text: &str) -> Message {
    let body = format!(r#"{{"data": {text}}}"#);
    let response: MessageResponse =
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {text}"));
    let encoded = serde_json::to_value(&response.data).unwrap();
    let original: Value = serde_json::from_str(text).unwrap();
    assert_eq!(encoded, original, "the round trip changed {text}");
    *response.data
}

/// What a view is, without its borrowed contents, to compare in a table.
fn shape(kind: &MessageKind<'_>) -> String {
    match kind {
        MessageKind::Text { text, .. } => format!("text {text:?}"),
        MessageKind::Media {
            media,
            attachments,
            caption,
            ..
        } => format!("media {media} x{} {caption:?}", attachments.len()),
        MessageKind::Custom {
            custom_type,
            custom_data,
            ..
        } => format!(
            "custom {custom_type} {}",
            custom_data.map_or("-", RawJson::get)
        ),
        MessageKind::Interactive {
            interactive_type,
            interactive_data,
            interaction_goal,
            ..
        } => format!(
            "interactive {interactive_type} {} {}",
            interactive_data.map_or("-", RawJson::get),
            interaction_goal.map_or("-", RawJson::get)
        ),
        MessageKind::Action {
            action,
            by,
            on,
            target,
            ..
        } => format!(
            "action {} by {:?} on {:?} for {:?}",
            action.map_or("-", |a| a.as_str()),
            by.and_then(|e| e.uid.as_deref()),
            on.and_then(|e| e.uid.as_deref()),
            target.and_then(|e| e.guid.as_deref()),
        ),
        MessageKind::Call {
            call_type,
            status,
            call,
            ..
        } => format!(
            "call {call_type} {} {}",
            status.map_or("-", |s| s.as_str()),
            call.is_some()
        ),
        MessageKind::Other {
            category,
            message_type,
            data,
            ..
        } => format!("other {category}/{message_type} data={}", data.is_some()),
        _ => "a view this table does not know".to_owned(),
    }
}

#[test]
fn every_documented_category_and_type_has_its_view_and_round_trips() {
    let attachment = json!([{"url": "https://files.example.com/a.png", "name": "a.png",
        "mimeType": "image/png", "extension": "png", "size": "48213"}]);
    let mut cases: Vec<(String, String)> = vec![
        (
            message("message", "text", json!({"text": "hello  there"})),
            "text \"hello  there\"".into(),
        ),
        (
            message(
                "custom",
                "location",
                json!({"customData": {"lat": 19.0748}}),
            ),
            r#"custom location {"lat":19.0748}"#.into(),
        ),
        (message("custom", "text", json!({})), "custom text -".into()),
    ];
    for media in ["image", "video", "audio", "file"] {
        cases.push((
            message(
                "message",
                media,
                json!({"attachments": attachment, "text": "look"}),
            ),
            format!("media {media} x1 Some(\"look\")"),
        ));
    }
    for interactive in ["form", "card", "scheduler", "customInteractive"] {
        cases.push((
            message(
                "interactive",
                interactive,
                json!({"interactiveData": {"title": "T"}, "interactionGoal": {"type": "none"}}),
            ),
            format!(r#"interactive {interactive} {{"title":"T"}} {{"type":"none"}}"#),
        ));
    }
    for action in [
        "joined",
        "left",
        "kicked",
        "banned",
        "unbanned",
        "added",
        "scopeChanged",
    ] {
        cases.push((
            message(
                "action",
                "groupMember",
                json!({"action": action, "entities": entities()}),
            ),
            format!("action {action} by Some(\"alice\") on Some(\"bob\") for Some(\"team\")"),
        ));
    }
    for action in ["edited", "deleted"] {
        cases.push((
            message(
                "action",
                "message",
                json!({"action": action, "entities": entities()}),
            ),
            format!("action {action} by Some(\"alice\") on Some(\"bob\") for Some(\"team\")"),
        ));
    }
    for call in ["audio", "video"] {
        for status in [
            "initiated",
            "ongoing",
            "unanswered",
            "rejected",
            "busy",
            "cancelled",
            "ended",
        ] {
            cases.push((
                message(
                    "call",
                    call,
                    json!({"action": status, "entities": entities()}),
                ),
                format!("call {call} {status} true"),
            ));
        }
    }
    for (text, expected) in &cases {
        assert_eq!(&shape(&decoded(text).kind()), expected, "{text}");
    }
    // Each category's values are known ones, not kept as unknown text.
    for (text, _) in &cases {
        let message = decoded(text);
        assert!(message.category.is_known(), "{text}");
        assert!(message.type_.is_known() || message.category.as_str() == "custom");
    }
}

#[test]
fn unknown_categories_types_and_actions_are_kept_whole() {
    let cases = [
        // A category this SDK does not know, with data of its own.
        (
            message(
                "poll",
                "multipleChoice",
                json!({"question": "Lunch?", "options": ["yes", "no"], "votes": {"yes": 18446744073709551616u128.to_string()}}),
            ),
            "other poll/multipleChoice data=true",
        ),
        // A type this SDK does not know in a known category.
        (
            message(
                "message",
                "sticker",
                json!({"sticker": {"id": 7, "pack": "cats"}}),
            ),
            "other message/sticker data=true",
        ),
        // A known kind without the field its view needs.
        (
            message("message", "text", json!({"metadata": {"x": 1}})),
            "other message/text data=true",
        ),
        // No data at all.
        (
            json!({"id": 5, "category": "poll", "type": "x"}).to_string(),
            "other poll/x data=false",
        ),
        // An action this SDK does not know.
        (
            message(
                "action",
                "groupMember",
                json!({"action": "promotedToOwner", "entities": entities()}),
            ),
            "action promotedToOwner by Some(\"alice\") on Some(\"bob\") for Some(\"team\")",
        ),
    ];
    for (text, expected) in cases {
        let message = decoded(&text);
        assert_eq!(shape(&message.kind()), expected, "{text}");
    }
    // The unknown data is there, exactly as sent.
    let message = decoded(&message(
        "poll",
        "multipleChoice",
        json!({"question": "Lunch?", "weight": 0.5}),
    ));
    let data = message.data.as_ref().unwrap();
    assert_eq!(data.extra["question"].get(), r#""Lunch?""#);
    let exact = r#"{"data": {"id": "1", "category": "poll", "type": "x", "data": {"weight": 0.1000000000000000055511151231257827, "n": 18446744073709551616}}}"#;
    let response: MessageResponse = serde_json::from_str(exact).unwrap();
    let data = response.data.data.as_ref().unwrap();
    assert_eq!(
        data.extra["weight"].get(),
        "0.1000000000000000055511151231257827"
    );
    assert_eq!(data.extra["n"].get(), "18446744073709551616");
    let again = serde_json::to_string(&response).unwrap();
    assert!(
        again.contains("0.1000000000000000055511151231257827"),
        "{again}"
    );
    assert!(again.contains("18446744073709551616"), "{again}");
}

/// A new kind of message may use a known field name with another type: the field
/// is kept as sent, in `extra`, and the message still decodes and round-trips.
#[test]
fn known_data_fields_of_another_type_are_kept_not_refused() {
    let odd_values = [
        ("text", json!({"rich": ["a", "b"]})),
        ("text", json!(42)),
        ("text", json!(null)),
        ("action", json!(7)),
        ("action", json!({"kind": "vote"})),
        (
            "attachments",
            json!({"url": "https://files.example.com/a.png"}),
        ),
        ("attachments", json!("a.png")),
        ("attachments", json!([1, 2])),
        ("reactions", json!({"👍": 3})),
        ("reactions", json!(true)),
        ("moderation", json!("pending")),
        ("allowSenderInteraction", json!("yes")),
        ("metadata", json!([1, "two"])),
        ("customData", json!("free text")),
    ];
    for category in ["message", "custom", "poll"] {
        for (field, value) in &odd_values {
            let text = message(category, "text", json!({ *field: value, "other": 1 }));
            let message = decoded(&text);
            let data = message.data.as_ref().unwrap();
            let kept = data
                .extra
                .get(*field)
                .map(RawJson::get)
                .or_else(|| {
                    data.metadata
                        .as_ref()
                        .filter(|_| *field == "metadata")
                        .map(RawJson::get)
                })
                .or_else(|| {
                    data.custom_data
                        .as_ref()
                        .filter(|_| *field == "customData")
                        .map(RawJson::get)
                });
            assert_eq!(kept, Some(value.to_string().as_str()), "{text}");
        }
    }
}

/// A message's optional fields may come as `null`: each decodes as unset and is
/// sent back as `null`.
#[test]
fn null_fields_are_kept_as_sent() {
    let fields = [
        "conversationId",
        "sender",
        "receiverType",
        "receiver",
        "data",
        "sentAt",
        "updatedAt",
        "editedAt",
        "editedBy",
        "deletedAt",
        "deletedBy",
        "parentId",
        "tags",
        "replyCount",
        "lastReply",
        "pinnedAt",
        "muid",
    ];
    for field in fields {
        let mut value: Value =
            serde_json::from_str(&message("message", "text", json!({"text": "hi"}))).unwrap();
        value[field] = Value::Null;
        let message = decoded(&value.to_string());
        assert_eq!(message.extra[field].get(), "null", "{field}");
    }
}

/// An edit's `entities.on` is the message as edited: kept whole, and read back as
/// a `Message` through `Entity::parse_as`, exactly.
#[test]
fn the_message_an_action_was_done_on_reads_as_a_message() {
    let edited = json!({"id": "7", "category": "message", "type": "text",
        "data": {"text": "fixed typo", "metadata": {"n": 1.50}}, "editedBy": "alice"});
    let text = message(
        "action",
        "message",
        json!({"action": "edited", "entities": {"on": {"entity": edited, "entityType": "message"}}}),
    )
    // `json!` writes 1.5; CometChat may send any spelling of a number.
    .replace(r#""n":1.5"#, r#""n":1.50"#);
    assert!(text.contains("1.50"));
    let action = decoded(&text);
    let MessageKind::Action { on: Some(on), .. } = action.kind() else {
        panic!("an action with its target: {text}");
    };
    let message: Message = on.parse_as().unwrap();
    assert_eq!(message.text(), Some("fixed typo"));
    assert_eq!(message.id.to_string(), "7");
    let metadata = message.data.as_ref().unwrap().metadata.as_ref().unwrap();
    assert_eq!(metadata.get(), r#"{"n":1.50}"#);
}

/// A field decoded from `null` (or from a value of another type) and then set is
/// written once, with its new value; left alone, it is written as it came.
#[test]
fn a_field_set_after_decoding_is_written_once() {
    let text = message("poll", "x", json!({"text": {"rich": true}}))
        .replace(r#""sentAt":1700000000"#, r#""sentAt":null"#);
    assert!(text.contains(r#""sentAt":null"#), "{text}");
    let mut message = decoded(&text);
    message.sent_at = Some(cometchat::wire::Integer::from(1_700_000_005));
    let data = message.data.as_mut().unwrap();
    data.text = Some("plain".to_owned());
    let written = serde_json::to_string(&message).unwrap();
    assert_eq!(written.matches("\"sentAt\"").count(), 1, "{written}");
    assert!(written.contains(r#""sentAt":1700000005"#), "{written}");
    assert_eq!(written.matches("\"text\"").count(), 1, "{written}");
    assert!(written.contains(r#""text":"plain""#), "{written}");
    // And it decodes again, with the new values.
    let again: Message = serde_json::from_str(&written).unwrap();
    assert_eq!(again.text(), Some("plain"));
}
