//! `Client::request`, the escape hatch for endpoints the spec does not have yet: the
//! same transport, the same errors, exact JSON back, and paths that cannot leave the
//! API root.

mod support;

use cometchat::{reqwest::Method, Error, ErrorCode};
use serde_json::json;
use support::{Server, Step, KEY};

#[tokio::test]
async fn it_sends_what_it_is_given_and_answers_exact_json() {
    let answer =
        r#"{"data": {"big": 18446744073709551616, "ratio": 0.1000000000000000055511151231257827}}"#;
    let server = Server::start(vec![
        Step::respond(429, &[("retry-after", "0")], "busy"),
        Step::respond(200, &[("content-type", "application/json")], answer),
    ])
    .await;
    let response = support::client(&server)
        .request(Method::POST, "/users/cometchat-uid-1/presence.v2")
        .on_behalf_of("cometchat-uid-2")
        .query("with", "a b&c")
        .json(&json!({"status": "away"}))
        .await
        .unwrap();
    assert_eq!(response.get(), answer, "the body comes back exactly");
    assert_eq!(response.status(), 200);
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "a 429 is retried, as for any operation");
    let request = &seen[1];
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.path,
        "/v3/users/cometchat-uid-1/presence.v2?with=a+b%26c"
    );
    assert_eq!(request.header("onbehalfof"), Some("cometchat-uid-2"));
    assert_eq!(request.header("apikey"), Some(KEY));
    assert_eq!(request.json(), json!({"status": "away"}));
}

#[tokio::test]
async fn errors_and_empty_answers_map_like_any_operation() {
    let server = Server::start(vec![
        Step::error(404, "ERR_UID_NOT_FOUND", "no such user"),
        Step::respond(204, &[], ""),
    ])
    .await;
    let client = support::client(&server);
    let error = client
        .request(Method::GET, "/users/ghost")
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(&ErrorCode::ErrUidNotFound), "{error}");
    let empty = client
        .request(Method::DELETE, "/users/ghost")
        .await
        .unwrap();
    assert_eq!(empty.get(), "null");
    assert_eq!(empty.status(), 204);
}

#[tokio::test]
async fn paths_that_could_leave_the_api_root_are_refused_before_sending() {
    let server = Server::start(vec![Step::json(200, &json!({}))]).await;
    let client = support::client(&server);
    let long = format!("/{}", "a".repeat(3000));
    let refused = [
        "",
        "users",
        "/",
        "/../admin",
        "/a/./b",
        "/a//b",
        "/a/",
        "/a?b=1",
        "/a#b",
        "/a b",
        "/a%2e%2e",
        "/a\\b",
        "/é",
        "/a\r\nHost: evil",
        "//evil.example/x",
        long.as_str(),
    ];
    for path in refused {
        let error = client.request(Method::GET, path).await.unwrap_err();
        assert!(
            matches!(error, Error::InvalidInput { name: "path", .. }),
            "{path:?}: {error:?}"
        );
        assert!(!error.to_string().contains('\n'), "{error}");
    }
    let error = client
        .request(Method::GET, "/users")
        .on_behalf_of("../x")
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        Error::InvalidInput {
            name: "on_behalf_of",
            ..
        }
    ));
    assert_eq!(server.seen().len(), 0, "a refused call reached the server");
    let request = client.request(Method::GET, "/users").query("secret", KEY);
    assert!(!format!("{request:?}").contains(KEY));
}
