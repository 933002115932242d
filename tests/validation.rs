//! Validation errors that say what to fix: CometChat refuses a bad write with
//! `400 ERR_BAD_REQUEST` and the failing fields in `details`
//! (`{"uid": ["The uid field is required."]}`). The message names each field with
//! its reasons, bounded whatever the server sends, scrubbed of the key; the details
//! stay reachable as data.

mod support;

use cometchat::Error;
use serde_json::{json, Value};
use support::{Server, Step, KEY};

/// The error `details` produce, through a real call.
async fn refusal(details: Value) -> cometchat::ApiError {
    let body = json!({"error": {
        "code": "ERR_BAD_REQUEST",
        "message": "The request is invalid.",
        "details": details,
    }});
    let server = Server::start(vec![Step::json(400, &body)]).await;
    let error = support::client(&server)
        .get_user("u1")
        .await
        .expect_err("a 400 is an error");
    match error {
        Error::Api(api) => *api,
        other => panic!("not an API error: {other:?}"),
    }
}

#[tokio::test]
async fn each_failing_field_is_named_with_its_reasons() {
    // (details, what the message must hold, what it must not, the fields as data)
    type Fields<'a> = Vec<(&'a str, Vec<&'a str>)>;
    let cases: Vec<(Value, Vec<&str>, Vec<&str>, Fields)> = vec![
        (
            json!({"uid": ["The uid field is required."]}),
            vec![r#"fields: "uid": "The uid field is required.""#],
            vec![],
            vec![("uid", vec!["The uid field is required."])],
        ),
        (
            json!({"uid": ["a", "b"], "name": ["c"]}),
            vec![r#""name": "c"; "uid": "a", "b""#],
            vec![],
            vec![("name", vec!["c"]), ("uid", vec!["a", "b"])],
        ),
        // A bare string is a reason too; a reason that is not text is left out.
        (
            json!({"uid": "too long", "tags": [7, "not a list", null]}),
            vec![r#""uid": "too long""#, r#""tags": "not a list""#],
            vec!["7"],
            vec![("tags", vec!["not a list"]), ("uid", vec!["too long"])],
        ),
        (
            json!({"metadata": {"nested": "x"}}),
            vec![r#"fields: "metadata""#],
            vec!["nested"],
            vec![("metadata", vec![])],
        ),
        // No details: no field list, the general hint.
        (
            json!({}),
            vec!["Check the request"],
            vec!["fields:"],
            vec![],
        ),
        // Control characters are escaped, not printed.
        (
            json!({"na\u{1b}[31mme": ["bad\nline"]}),
            vec![r#""na\u{1b}[31mme": "bad\nline""#],
            vec!["\u{1b}", "bad\nline"],
            vec![("na\u{1b}[31mme", vec!["bad\nline"])],
        ),
        // The key, in a field name or a reason, is scrubbed from message and data.
        (
            json!({KEY: [format!("the key is {KEY}")]}),
            vec!["fields:"],
            vec![&KEY[..16], &KEY[20..]],
            vec![],
        ),
    ];
    for (details, holds, lacks, fields) in cases {
        let error = refusal(details.clone()).await;
        let message = error.to_string();
        for part in &holds {
            assert!(message.contains(part), "{details}: {message}");
        }
        for part in &lacks {
            assert!(!message.contains(part), "{details}: {message}");
        }
        let data: Vec<(&str, Vec<&str>)> = error.field_errors().collect();
        if details
            .as_object()
            .is_some_and(|d| d.keys().any(|k| k == KEY))
        {
            assert!(data.iter().all(|(field, reasons)| {
                !field.contains(&KEY[..16]) && reasons.iter().all(|r| !r.contains(&KEY[..16]))
            }));
        } else {
            assert_eq!(data, fields, "{details}");
        }
        assert!(error.info().is_some());
    }
}

#[tokio::test]
async fn a_flood_of_fields_is_bounded_in_the_message_and_whole_in_the_data() {
    let many: serde_json::Map<String, Value> = (0..50)
        .map(|n| {
            let reasons: Vec<String> = (0..10)
                .map(|r| format!("reason {r} {}", "x".repeat(500)))
                .collect();
            (format!("field{n:02}"), json!(reasons))
        })
        .collect();
    let error = refusal(Value::Object(many)).await;
    let message = error.to_string();
    assert!(message.contains(r#""field00": "reason 0"#), "{message}");
    assert!(message.contains("and 7 more"), "{message}");
    assert!(message.contains("and 42 more fields"), "{message}");
    assert!(!message.contains("field08"), "{message}");
    assert!(message.len() < 8_000, "{} bytes", message.len());
    assert_eq!(error.field_errors().count(), 50);
    assert!(error.field_errors().all(|(_, reasons)| reasons.len() == 10));
    assert!(message.ends_with("Fix the fields named above and send the request again."));
}

/// The stand-in refuses a body without a required field as CometChat does, and the
/// caller reads the field from the error.
#[tokio::test]
async fn the_stand_in_names_a_missing_field() {
    let server = cometchat::mock::MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let error = client
        .request(cometchat::reqwest::Method::POST, "/users")
        .json(&json!({"name": "No Uid"}))
        .await
        .expect_err("a user needs a uid");
    let Error::Api(api) = error else {
        panic!("not an API error: {error:?}")
    };
    assert_eq!(api.status(), 400);
    let fields: Vec<(&str, Vec<&str>)> = api.field_errors().collect();
    assert_eq!(fields, [("uid", vec!["The uid field is required."])]);
    assert!(api
        .to_string()
        .contains(r#"fields: "uid": "The uid field is required.""#));
}
