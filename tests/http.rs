//! The client against local servers: what it sends, what it decodes, and what it
//! refuses to send.

mod support;

use cometchat::{mock::MockServer, Error, ErrorCode, RateLimit};
use serde_json::json;
use support::{client, sample, Server, Step, KEY};

#[tokio::test]
async fn sends_get_with_the_key_and_the_acting_user() {
    let server = Server::start(vec![Step::json(200, &sample())]).await;
    let conversation = client(&server)
        .get_group_conversation("project-group")
        .on_behalf_of("cometchat-uid-4")
        .await
        .unwrap();
    assert_eq!(conversation.conversation_id, "group_project-group");
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    let request = &seen[0];
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/v3/groups/project-group/conversation");
    assert_eq!(request.header("apikey"), Some(KEY));
    assert_eq!(request.header("onbehalfof"), Some("cometchat-uid-4"));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header("api-version"), None);
    assert!(request
        .header("user-agent")
        .unwrap()
        .starts_with("cometchat-rust/"));
}

#[tokio::test]
async fn upper_case_ids_are_sent_as_given() {
    let server = Server::start(vec![Step::json(200, &sample())]).await;
    client(&server)
        .get_group_conversation("Project_Group-1")
        .on_behalf_of("Cometchat-UID-4")
        .await
        .unwrap();
    let request = &server.seen()[0];
    assert_eq!(request.path, "/v3/groups/Project_Group-1/conversation");
    assert_eq!(request.header("onbehalfof"), Some("Cometchat-UID-4"));
}

#[tokio::test]
async fn data_as_an_object_or_an_array_gives_the_conversation() {
    let conversation = sample()["data"][0].clone();
    for body in [
        json!({ "data": conversation }),
        json!({ "data": [conversation] }),
    ] {
        let server = Server::start(vec![Step::json(200, &body)]).await;
        let decoded = client(&server)
            .get_group_conversation("project-group")
            .on_behalf_of("cometchat-uid-4")
            .await
            .unwrap();
        assert_eq!(serde_json::to_value(&decoded).unwrap(), conversation);
    }
}

#[tokio::test]
async fn empty_or_plural_data_is_an_error_that_says_so() {
    let conversation = sample()["data"][0].clone();
    let cases = [
        (
            json!({ "data": [] }),
            "holds nothing where one value was expected",
        ),
        (
            json!({ "data": [conversation, conversation] }),
            "holds 2 values where one was expected",
        ),
    ];
    for (body, expected) in cases {
        let server = Server::start(vec![Step::json(200, &body)]).await;
        let error = client(&server)
            .get_group_conversation("project-group")
            .on_behalf_of("cometchat-uid-4")
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Decode(_)), "{error:?}");
        assert!(error.to_string().contains(expected), "{error}");
    }
}

#[tokio::test]
async fn error_bodies_become_api_errors_with_code_and_message() {
    let body = json!({"error": {
        "code": "ERR_GUID_NOT_FOUND",
        "message": "The guid nope does not exist.",
        "devMessage": "Please use a valid guid.",
        "source": "ConversationController",
        "details": {"guid": ["The guid nope does not exist."]},
        "traceId": "t-1"
    }});
    let server = Server::start(vec![Step::json(404, &body)]).await;
    let error = client(&server)
        .get_group_conversation("nope")
        .on_behalf_of("cometchat-uid-4")
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(api.status(), 404);
    assert_eq!(api.code(), Some(&ErrorCode::ErrGuidNotFound));
    assert_eq!(api.message(), Some("The guid nope does not exist."));
    assert_eq!(api.dev_message(), Some("Please use a valid guid."));
    let info = api.info().unwrap();
    assert_eq!(info.details["guid"][0], "The guid nope does not exist.");
    assert_eq!(info.extra["traceId"].parse::<&str>().unwrap(), "t-1");
    assert_eq!(server.seen().len(), 1);
    let message = error.to_string();
    assert!(
        message.contains("404") && message.contains("ERR_GUID_NOT_FOUND"),
        "{message}"
    );
}

/// Values that are not CometChat ids, each of which would change the URL or the
/// header if it were sent.
const NOT_IDS: &[&str] = &[
    "",
    ".",
    "..",
    "../users",
    "a/b",
    "a\\b",
    "%2e%2e",
    "a%2Fb",
    "a b",
    "a\nb",
    "a\r\nb: c",
    "a\tb",
    "a\0b",
    "a?b",
    "a#b",
    "a;b",
    "é",
    "グループ",
    "a.b",
    "-a\u{202e}",
];

#[tokio::test]
async fn ids_that_are_not_cometchat_ids_are_refused_before_sending() {
    let server = Server::start(vec![Step::json(200, &sample())]).await;
    let client = client(&server);
    let too_long = "a".repeat(101);
    let not_ids = NOT_IDS.iter().copied().chain([too_long.as_str()]);
    for bad in not_ids {
        for (guid, uid, name) in [
            (bad, "cometchat-uid-4", "guid"),
            ("project-group", bad, "on_behalf_of"),
        ] {
            let error = client
                .get_group_conversation(guid)
                .on_behalf_of(uid)
                .await
                .unwrap_err();
            let Error::InvalidInput { name: refused, .. } = &error else {
                panic!("{bad:?}: {error:?}");
            };
            assert_eq!(*refused, name);
            assert!(error.to_string().contains("not a CometChat id"), "{error}");
        }
    }
    assert_eq!(server.seen().len(), 0, "a refused id reached the server");
    let longest = "a".repeat(100);
    client
        .get_group_conversation(&longest)
        .on_behalf_of(&longest)
        .await
        .unwrap();
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn the_response_holds_status_headers_and_value() {
    let server = Server::start(vec![Step::json_with(
        200,
        &[
            ("x-rate-limit", "20000"),
            ("x-rate-limit-remaining", "19999"),
        ],
        &sample(),
    )])
    .await;
    let client = client(&server);
    let response = client
        .get_group_conversation("project-group")
        .on_behalf_of("cometchat-uid-4")
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let rate_limit = response.rate_limit();
    assert_eq!(
        (rate_limit.limit, rate_limit.remaining),
        (Some(20000), Some(19999))
    );
    assert_eq!(
        RateLimit::from_headers(response.headers()),
        rate_limit,
        "the headers stay reachable"
    );
    assert_eq!(response.conversation_id, "group_project-group");
    let conversation: cometchat::Conversation = response.into_inner();
    assert_eq!(conversation.conversation_id, "group_project-group");
    // Key in, progenitor's api-version out.
    let request = &server.seen()[0];
    assert_eq!(request.header("apikey"), Some(KEY));
    assert_eq!(request.header("api-version"), None);
}

#[tokio::test]
async fn the_stand_in_answers_like_cometchat() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let conversation = client
        .get_group_conversation("project-group")
        .on_behalf_of("cometchat-uid-4")
        .await
        .unwrap();
    assert_eq!(
        serde_json::to_value(&conversation).unwrap(),
        sample()["data"][0]
    );

    let error = client
        .get_group_conversation("unknown-group")
        .on_behalf_of("cometchat-uid-4")
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(error.code(), Some(&ErrorCode::ErrGuidNotFound));

    let mut custom = conversation.clone().into_inner();
    custom.conversation_id = "group_custom".into();
    server.set_conversation("custom", &custom);
    let fetched = client
        .get_group_conversation("custom")
        .on_behalf_of("u1")
        .await
        .unwrap();
    assert_eq!(fetched, custom);

    server.set_response(
        "broken",
        reqwest::StatusCode::FORBIDDEN,
        &json!({
            "error": {"code": "AUTH_ERR_NO_ACCESS", "message": "No access."}
        }),
    );
    let error = client
        .get_group_conversation("broken")
        .on_behalf_of("u1")
        .await
        .unwrap_err();
    assert!(error.to_string().contains("fullAccess"), "{error}");

    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(requests[0].path, "/v3/groups/project-group/conversation");
    assert_eq!(requests[0].headers["apikey"], "***", "the key is redacted");
    assert!(!format!("{requests:?}").contains(MockServer::API_KEY));

    // Forgotten, the group is unknown again.
    server.remove_group("custom");
    let error = client
        .get_group_conversation("custom")
        .on_behalf_of("u1")
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(&ErrorCode::ErrGuidNotFound));
}
