//! The errors of the generated decoders for missing, duplicate and mistyped fields.
//!
//! The messages and paths were captured from serde's derived `Deserialize`, which
//! the generated types used before build.rs wrote their decoders, so they stay the
//! same for users who match on them or read them in logs.

use cometchat::types::{ConversationResponse, ErrorResponse};

/// `(body, serde_json::from_str's message, serde_path_to_error's path,
/// serde_json::from_value's message)`.
const CASES: &[(&str, &str, &str, &str)] = &[
    (
        r#"{}"#,
        "missing field `data` at line 1 column 2",
        ".",
        "missing field `data`",
    ),
    (
        r#"{"data": [], "data": []}"#,
        "duplicate field `data` at line 1 column 19",
        ".",
        // `Value` keeps the last of duplicate keys, so there is nothing to refuse.
        "",
    ),
    (
        r#"{"data": [{"conversationType": "group"}]}"#,
        "missing field `conversationId` at line 1 column 39",
        "data[0]",
        "missing field `conversationId`",
    ),
    (
        r#"{"data": [{"conversationId": "a", "conversationId": "b", "conversationType": "group"}]}"#,
        "duplicate field `conversationId` at line 1 column 50",
        "data[0]",
        "",
    ),
    (
        r#"{"data": [{"conversationId": "a", "conversationType": "group", "unreadMessageCount": 1, "unreadMessageCount": 2}]}"#,
        "duplicate field `unreadMessageCount` at line 1 column 108",
        "data[0]",
        "",
    ),
    (
        r#"{"data": [{"conversationId": "a", "conversationType": "group", "lastMessage": {"category": "action", "type": "x"}}]}"#,
        "missing field `id` at line 1 column 113",
        "data[0].lastMessage",
        "missing field `id`",
    ),
    (
        r#"{"data": [{"conversationId": "a", "conversationType": "group", "tags": ["a"], "tags": []}]}"#,
        "duplicate field `tags` at line 1 column 84",
        "data[0]",
        "",
    ),
    // An optional field sent as `null` is not an error (it is kept as sent: see
    // tests/decode.rs); a required one is.
    (
        r#"{"data": [{"conversationId": null, "conversationType": "group"}]}"#,
        "invalid type: null, expected a string at line 1 column 33",
        "data[0].conversationId",
        "invalid type: null, expected a string",
    ),
    (
        r#"{"data": [null]}"#,
        "invalid type: null, expected struct Conversation at line 1 column 14",
        "data[0]",
        "invalid type: null, expected struct Conversation",
    ),
    (
        r#"{"data": ["x"]}"#,
        "invalid type: string \"x\", expected struct Conversation at line 1 column 13",
        "data[0]",
        "invalid type: string \"x\", expected struct Conversation",
    ),
    (
        r#"{"data": [[]]}"#,
        "invalid type: sequence, expected struct Conversation at line 1 column 10",
        "data[0]",
        "invalid type: sequence, expected struct Conversation",
    ),
    (
        r#"[]"#,
        "invalid type: sequence, expected struct ConversationResponse at line 1 column 0",
        ".",
        "invalid type: sequence, expected struct ConversationResponse",
    ),
];

#[test]
fn missing_duplicate_and_mistyped_fields_report_as_serde_derive_did() {
    for &(body, message, path, from_value) in CASES {
        let error = serde_json::from_str::<ConversationResponse>(body)
            .expect_err(body)
            .to_string();
        assert_eq!(error, message, "{body}");
        let mut deserializer = serde_json::Deserializer::from_str(body);
        let error = cometchat::wire::with_field_names_as_text(|| {
            serde_path_to_error::deserialize::<_, ConversationResponse>(&mut deserializer)
        })
        .expect_err(body);
        assert_eq!(error.path().to_string(), path, "{body}");
        let value: serde_json::Value = serde_json::from_str(body).unwrap();
        let error = serde_json::from_value::<ConversationResponse>(value)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(error, from_value, "{body}");
    }
}

#[test]
fn error_bodies_report_missing_and_duplicate_fields() {
    let cases = [
        (
            r#"{"error": {"code": "X"}}"#,
            "missing field `message` at line 1 column 23",
        ),
        (
            r#"{"error": {"message": "m"}}"#,
            "missing field `code` at line 1 column 26",
        ),
        (
            r#"{"error": {"code": "X", "message": "m", "message": "n"}}"#,
            "duplicate field `message` at line 1 column 49",
        ),
        (
            r#"{"errors": []}"#,
            "missing field `error` at line 1 column 14",
        ),
    ];
    for (body, message) in cases {
        let error = serde_json::from_str::<ErrorResponse>(body)
            .expect_err(body)
            .to_string();
        assert_eq!(error, message, "{body}");
    }
}

#[test]
fn duplicate_unknown_fields_keep_the_last() {
    let body = r#"{"data": [], "x": 1, "x": 2}"#;
    let response: ConversationResponse = serde_json::from_str(body).unwrap();
    assert_eq!(
        serde_json::to_string(&response).unwrap(),
        r#"{"data":[],"x":2}"#
    );
}

/// The generated decoders match field names as the bytes sent (build/decoders.rs):
/// a name written with escapes is still its field, an unknown name keeps its text
/// in `extra`, and a name that is not text is an error, from bytes, from text and
/// from a `Value`.
#[test]
fn field_names_are_matched_after_unescaping_and_checked_when_unknown() {
    let conversation = |member: &str| {
        format!(r#"{{"data": [{{"conversationId": "a", "conversationType": "group", {member}}}]}}"#)
    };
    // (member as sent, the conversation's members re-encoded after the two above)
    let kept = [
        (
            r#""unread\u004dessageCount": 3"#,
            r#""unreadMessageCount":3"#,
        ),
        (
            r#""\u0075nreadMessageCount": "3""#,
            r#""unreadMessageCount":"3""#,
        ),
        (r#""unreadMessageCoun": 3"#, r#""unreadMessageCoun":3"#),
        (r#""unreadMessageCountX": 3"#, r#""unreadMessageCountX":3"#),
        (r#""na\u00efve": 1"#, r#""naïve":1"#),
        ("\"naïve\": 1", r#""naïve":1"#),
        (r#""\ud83d\ude00": [1]"#, r#""😀":[1]"#),
        (r#""": {}"#, r#""":{}"#),
        (r#""a\"b": 1"#, r#""a\"b":1"#),
        (r#""\u0001": 1"#, r#""\u0001":1"#),
        (r#""a\nb\t": 1"#, r#""a\nb\t":1"#),
    ];
    for (member, encoded) in kept {
        let body = conversation(member);
        let expected = format!(
            r#"{{"data":[{{"conversationId":"a","conversationType":"group",{encoded}}}]}}"#
        );
        let from_bytes: ConversationResponse =
            serde_json::from_slice(body.as_bytes()).expect(&body);
        assert_eq!(
            serde_json::to_string(&from_bytes).unwrap(),
            expected,
            "{body}"
        );
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        let from_value: ConversationResponse = serde_json::from_value(value).expect(&body);
        assert_eq!(from_value, from_bytes, "{body}");
        let as_text: ConversationResponse =
            cometchat::wire::with_field_names_as_text(|| serde_json::from_str(&body)).expect(&body);
        assert_eq!(as_text, from_bytes, "{body}");
    }
    let typed: ConversationResponse =
        serde_json::from_str(&conversation(r#""unread\u004dessageCount": 3"#)).unwrap();
    let count = typed
        .data
        .first()
        .and_then(|c| c.unread_message_count.as_ref());
    assert_eq!(count.map(|n| n.get()), Some(3));

    // (body as bytes, the start of the error)
    let refused: [(Vec<u8>, &str); 4] = [
        (
            conversation("\"\u{1}\": 1").into_bytes(),
            "control character",
        ),
        (
            conversation(r#""\ud800": 1"#).into_bytes(),
            "a field name is not valid UTF-8",
        ),
        (
            [&b"{\"data\": [{\"conversationId\": \"a\", \"\xff\xfe\": 1}]}"[..]].concat(),
            "a field name is not valid UTF-8",
        ),
        (
            conversation(r#""conversation\u0049d": "b""#).into_bytes(),
            "duplicate field `conversationId`",
        ),
    ];
    for (body, start) in refused {
        let error = serde_json::from_slice::<ConversationResponse>(&body)
            .expect_err(&String::from_utf8_lossy(&body))
            .to_string();
        assert!(error.starts_with(start), "{error}");
    }
}
