//! Every operation of the Users resource (users, auth tokens, friends, blocked
//! users) through the public API: the request it sends (method, path, query,
//! headers, body) and the answer it decodes, from the vendor's sample in the spec;
//! the stand-in keeping users across calls; auth tokens kept out of `Debug`; and
//! bad path ids refused before anything is sent.

mod support;

use std::num::NonZeroU64;

use cometchat::{
    mock::MockServer,
    types::{
        AddFriendsRequest, BlockUsersRequest, CreateAuthTokenRequest, CreateUserRequest,
        DeactivateUsersRequest, DeleteUserRequest, ReactivateUsersRequest, RemoveFriendsRequest,
        UnblockUsersRequest, UpdateAuthTokenRequest, UpdateUserRequest, UserRole, UserSearchField,
        UserUnsetField,
    },
    wire::RawJson,
    Error,
};
use futures_util::TryStreamExt;
use serde_json::{json, Value};
use support::{
    example,
    operations::{self, assert_refused, data, Attempt, Case, WithId},
    Server, Step,
};

/// The token of the vendor's `AuthTokenRecord` sample.
const TOKEN: &str = "superhero1_1630306819c3027ce530b2367f3c97b4106f0cb8";

fn per_page(n: u64) -> NonZeroU64 {
    NonZeroU64::new(n).unwrap()
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            operation: "create_user",
            call: call!(|c| c
                .create_user()
                .body(
                    CreateUserRequest::builder()
                        .uid("superhero6")
                        .name("Barry Allen")
                        .avatar(Some("http://placehold.it/120x120&text=image1".to_owned()))
                        .link(Some("http://placehold.it".to_owned()))
                        .role(Some(UserRole::from("manager")))
                        .status_message(Some("Running".to_owned()))
                        .metadata(Some(RawJson::from(json!({
                            "@private": {"email": "barry@example.com"}
                        }))))
                        .tags(vec!["Engineer".to_owned(), "manager".to_owned()])
                        .with_auth_token(Some(true))
                )
                .await),
            method: "POST",
            path: "/v3/users",
            on_behalf_of: None,
            body: json!({
                "uid": "superhero6",
                "name": "Barry Allen",
                "avatar": "http://placehold.it/120x120&text=image1",
                "link": "http://placehold.it",
                "role": "manager",
                "statusMessage": "Running",
                "metadata": {"@private": {"email": "barry@example.com"}},
                "tags": ["Engineer", "manager"],
                "withAuthToken": true,
            }),
            answer: "UserCreated",
            expected: data,
        },
        Case {
            operation: "list_users",
            call: call!(|c| c
                .list_users()
                .search_key("super".to_owned())
                .search_in(vec![UserSearchField::Name, UserSearchField::Uid])
                .status("available".to_owned())
                .count(true)
                .per_page(per_page(25))
                .page(NonZeroU64::new(2).unwrap())
                .roles(vec!["manager".to_owned(), "default".to_owned()])
                .with_tags(true)
                .tags(["Engineer", "manager"])
                .with_deactivated(true)
                .created_at_from(1629869270)
                .updated_at_to(1638354799)
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/users?count=true&createdAt%5Bfrom%5D=1629869270&page=2&perPage=25\
                   &roles=manager&roles=default&searchIn=name&searchIn=uid&searchKey=super\
                   &status=available&tags=Engineer%2Cmanager&updatedAt%5Bto%5D=1638354799\
                   &withDeactivated=true&withTags=true",
            on_behalf_of: None,
            body: Value::Null,
            answer: "UserList",
            expected: data,
        },
        Case {
            operation: "reactivate_users",
            call: call!(|c| c
                .reactivate_users()
                .body(
                    ReactivateUsersRequest::builder()
                        .uids_to_activate(vec!["superhero2".to_owned(), "superhero3".to_owned()])
                )
                .await),
            method: "PUT",
            path: "/v3/users",
            on_behalf_of: None,
            body: json!({"uidsToActivate": ["superhero2", "superhero3"]}),
            answer: "UsersReactivated",
            expected: data,
        },
        Case {
            operation: "deactivate_users",
            call: call!(|c| c
                .deactivate_users()
                .body(
                    DeactivateUsersRequest::builder()
                        .uids_to_deactivate(vec!["superhero2".to_owned(), "superhero3".to_owned()])
                )
                .await),
            method: "DELETE",
            path: "/v3/users",
            on_behalf_of: None,
            body: json!({"uidsToDeactivate": ["superhero2", "superhero3"]}),
            answer: "UsersDeactivated",
            expected: data,
        },
        Case {
            operation: "get_user",
            call: call!(|c| c.get_user("superhero6").on_behalf_of("superhero4").await),
            method: "GET",
            path: "/v3/users/superhero6",
            on_behalf_of: Some("superhero4"),
            body: Value::Null,
            answer: "UserFetched",
            expected: data,
        },
        Case {
            operation: "update_user",
            call: call!(|c| c
                .update_user("superhero6")
                .body(
                    UpdateUserRequest::builder()
                        .name(Some("Barry Allen".to_owned()))
                        .role(Some(UserRole::from("manager")))
                        .status_message(Some("Back".to_owned()))
                        .metadata(Some(RawJson::from(json!({
                            "email": "user@email.com", "contactNumber": "0123456789"
                        }))))
                        .tags(vec!["supergroup".to_owned()])
                        .unset(vec![UserUnsetField::Link])
                )
                .await),
            method: "PUT",
            path: "/v3/users/superhero6",
            on_behalf_of: None,
            body: json!({
                "name": "Barry Allen",
                "role": "manager",
                "statusMessage": "Back",
                "metadata": {"email": "user@email.com", "contactNumber": "0123456789"},
                "tags": ["supergroup"],
                "unset": ["link"],
            }),
            answer: "UserUpdated",
            expected: data,
        },
        Case {
            operation: "delete_user",
            call: call!(|c| c
                .delete_user("superhero6")
                .body(DeleteUserRequest::builder().permanent(Some(true)))
                .await),
            method: "DELETE",
            path: "/v3/users/superhero6",
            on_behalf_of: None,
            body: json!({"permanent": true}),
            answer: "UserDeleted",
            expected: data,
        },
        Case {
            operation: "create_auth_token",
            call: call!(|c| c
                .create_auth_token("superhero1")
                .body(CreateAuthTokenRequest::builder().force(Some(true)))
                .await),
            method: "POST",
            path: "/v3/users/superhero1/auth_tokens",
            on_behalf_of: None,
            body: json!({"force": true}),
            answer: "AuthTokenRecord",
            expected: data,
        },
        Case {
            operation: "list_auth_tokens",
            call: call!(|c| c
                .list_auth_tokens("superhero1")
                .per_page(per_page(10))
                .page(NonZeroU64::new(3).unwrap())
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/users/superhero1/auth_tokens?page=3&perPage=10",
            on_behalf_of: None,
            body: Value::Null,
            answer: "AuthTokenList",
            expected: data,
        },
        Case {
            operation: "flush_auth_tokens",
            call: call!(|c| c.flush_auth_tokens("superhero1").await),
            method: "DELETE",
            path: "/v3/users/superhero1/auth_tokens",
            on_behalf_of: None,
            body: Value::Null,
            answer: "AuthTokensFlushed",
            expected: data,
        },
        Case {
            operation: "get_auth_token",
            call: call!(|c| c.get_auth_token("superhero1", TOKEN).await),
            method: "GET",
            path: "/v3/users/superhero1/auth_tokens/\
                   superhero1_1630306819c3027ce530b2367f3c97b4106f0cb8",
            on_behalf_of: None,
            body: Value::Null,
            answer: "AuthTokenRecord",
            expected: data,
        },
        Case {
            operation: "update_auth_token",
            call: call!(|c| c
                .update_auth_token("superhero1", TOKEN)
                .body(
                    UpdateAuthTokenRequest::builder()
                        .platform(Some("android".to_owned()))
                        .user_agent(Some("Mozilla/5.0 (Linux; Android 14)".to_owned()))
                        .app_info(Some(RawJson::from(json!({
                            "name": "Chat", "version": "4.2.0"
                        }))))
                )
                .await),
            method: "PUT",
            path: "/v3/users/superhero1/auth_tokens/\
                   superhero1_1630306819c3027ce530b2367f3c97b4106f0cb8",
            on_behalf_of: None,
            body: json!({
                "platform": "android",
                "userAgent": "Mozilla/5.0 (Linux; Android 14)",
                "appInfo": {"name": "Chat", "version": "4.2.0"},
            }),
            answer: "AuthTokenRecord",
            expected: data,
        },
        Case {
            operation: "delete_auth_token",
            call: call!(|c| c.delete_auth_token("superhero1", TOKEN).await),
            method: "DELETE",
            path: "/v3/users/superhero1/auth_tokens/\
                   superhero1_1630306819c3027ce530b2367f3c97b4106f0cb8",
            on_behalf_of: None,
            body: Value::Null,
            answer: "AuthTokenDeleted",
            expected: data,
        },
        Case {
            operation: "add_friends",
            call: call!(|c| c
                .add_friends("superhero1")
                .body(
                    AddFriendsRequest::builder()
                        .accepted(vec!["superhero2".to_owned(), "superhero3".to_owned()])
                        .add_to_conversations(Some(true))
                )
                .await),
            method: "POST",
            path: "/v3/users/superhero1/friends",
            on_behalf_of: None,
            body: json!({"accepted": ["superhero2", "superhero3"], "addToConversations": true}),
            answer: "FriendsAdded",
            expected: data,
        },
        Case {
            operation: "list_friends",
            call: call!(|c| c
                .list_friends("superhero4")
                .search_key("super".to_owned())
                .per_page(per_page(50))
                .page(NonZeroU64::new(1).unwrap())
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/users/superhero4/friends?page=1&perPage=50&searchKey=super",
            on_behalf_of: None,
            body: Value::Null,
            answer: "FriendList",
            expected: data,
        },
        Case {
            operation: "remove_friends",
            call: call!(|c| c
                .remove_friends("superhero1")
                .body(RemoveFriendsRequest::builder().friends(vec!["superhero2".to_owned()]))
                .await),
            method: "DELETE",
            path: "/v3/users/superhero1/friends",
            on_behalf_of: None,
            body: json!({"friends": ["superhero2"]}),
            answer: "FriendsRemoved",
            expected: data,
        },
        Case {
            operation: "block_users",
            call: call!(|c| c
                .block_users("superhero1")
                .body(
                    BlockUsersRequest::builder()
                        .blocked_uids(vec!["superhero3".to_owned(), "superhero4".to_owned()])
                )
                .await),
            method: "POST",
            path: "/v3/users/superhero1/blockedusers",
            on_behalf_of: None,
            body: json!({"blockedUids": ["superhero3", "superhero4"]}),
            answer: "UsersBlocked",
            expected: data,
        },
        Case {
            operation: "unblock_users",
            call: call!(|c| c
                .unblock_users("superhero1")
                .body(UnblockUsersRequest::builder().blocked_uids(vec!["superhero4".to_owned()]))
                .await),
            method: "DELETE",
            path: "/v3/users/superhero1/blockedusers",
            on_behalf_of: None,
            body: json!({"blockedUids": ["superhero4"]}),
            answer: "UsersBlocked",
            expected: data,
        },
        Case {
            operation: "list_blocked_users",
            call: call!(|c| c
                .list_blocked_users("superhero4")
                .per_page(per_page(20))
                .page(NonZeroU64::new(2).unwrap())
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/users/superhero4/blockedusers?page=2&perPage=20",
            on_behalf_of: None,
            body: Value::Null,
            answer: "BlockedUserList",
            expected: data,
        },
    ]
}

#[tokio::test]
async fn every_operation_sends_its_request_and_decodes_its_sample() {
    operations::run(
        cases(),
        &["Users", "Auth Tokens", "Friends", "Blocked Users"],
    )
    .await;
}

/// The code of an API error, as text, and its status.
fn api_error(error: &Error) -> (Option<&str>, u16) {
    let Error::Api(api) = error else {
        panic!("not an answer of the API: {error:?}");
    };
    (api.code().map(|c| c.as_str()), api.status().as_u16())
}

/// The stand-in keeps the users it is given: what is created can be read, changed,
/// listed and paged through, and once deleted is gone; a UID cannot be taken twice.
#[tokio::test]
async fn the_stand_in_keeps_users() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let metadata = json!({"@private": {"email": "ada@example.com"}, "team": "core"});
    let new_user = || {
        CreateUserRequest::builder()
            .uid("ada-lovelace")
            .name("Ada Lovelace")
            .link(Some("https://example.com/ada".to_owned()))
            .metadata(Some(RawJson::from(&metadata)))
            .tags(vec!["math".to_owned(), "beta".to_owned()])
            .with_auth_token(Some(true))
    };

    let created = client.create_user().body(new_user()).await.unwrap();
    assert_eq!(created.uid, "ada-lovelace");
    assert_eq!(created.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(created.tags, ["math", "beta"]);
    assert!(
        !created.extra.contains_key("withAuthToken"),
        "a request option is not kept as a field of the user"
    );

    let fetched = client.get_user("ada-lovelace").await.unwrap();
    assert_eq!(fetched.uid, "ada-lovelace");
    assert_eq!(fetched.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(fetched.link.as_deref(), Some("https://example.com/ada"));
    assert_eq!(
        fetched.metadata.as_ref().unwrap().to_value().unwrap(),
        metadata
    );
    assert_eq!(fetched.tags, ["math", "beta"]);

    let updated = client
        .update_user("ada-lovelace")
        .body(
            UpdateUserRequest::builder()
                .name(Some("Augusta Ada King".to_owned()))
                .unset(vec![UserUnsetField::Link]),
        )
        .await
        .unwrap();
    assert_eq!(updated.name.as_deref(), Some("Augusta Ada King"));
    assert_eq!(updated.link, None, "`unset` cleared the link");
    let fetched = client.get_user("ada-lovelace").await.unwrap();
    assert_eq!(fetched.name.as_deref(), Some("Augusta Ada King"));
    assert_eq!(fetched.link, None);
    assert_eq!(fetched.tags, ["math", "beta"], "fields not named stay");
    assert!(fetched.updated_at.is_some());

    let page = client.list_users().await.unwrap().into_inner();
    let uids: Vec<&str> = page.items.iter().map(|u| u.uid.as_str()).collect();
    assert!(uids.contains(&"ada-lovelace"), "{uids:?}");
    assert!(
        uids.contains(&"superhero2"),
        "the seeded users stay: {uids:?}"
    );
    let total = i64::from(page.pagination.as_ref().unwrap().total.clone().unwrap());
    assert_eq!(total, page.items.len() as i64);

    let mut streamed: Vec<String> = client
        .list_users()
        .per_page(per_page(1))
        .items()
        .map_ok(|user| user.uid)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(streamed.len() as i64, total, "one page a user, each once");
    assert!(streamed.contains(&"ada-lovelace".to_owned()));
    streamed.sort();
    streamed.dedup();
    assert_eq!(streamed.len() as i64, total, "no user twice");

    let ack = client.delete_user("ada-lovelace").await.unwrap();
    assert!(ack.success);
    let error = client.get_user("ada-lovelace").await.unwrap_err();
    assert_eq!(api_error(&error), (Some("ERR_UID_NOT_FOUND"), 404));
    let page = client.list_users().await.unwrap().into_inner();
    assert!(page.items.iter().all(|u| u.uid != "ada-lovelace"));

    client.create_user().body(new_user()).await.unwrap();
    let error = client.create_user().body(new_user()).await.unwrap_err();
    assert_eq!(api_error(&error), (Some("ERR_UID_ALREADY_EXISTS"), 400));
}

/// Auth tokens are credentials: `Debug` never shows them, `expose` does, and the
/// wire form keeps them.
#[tokio::test]
async fn auth_tokens_are_secret_in_debug() {
    let server = Server::start(vec![Step::json(200, &example("AuthTokenRecord"))]).await;
    let record = support::client(&server)
        .create_auth_token("superhero1")
        .await
        .unwrap();
    for shown in [format!("{record:?}"), format!("{record:#?}")] {
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(!shown.contains("1630306819c3027ce530"), "{shown}");
    }
    assert_eq!(record.auth_token.expose(), TOKEN);
    assert_eq!(serde_json::to_value(&*record).unwrap()["authToken"], TOKEN);

    let sample = example("UserCreated");
    let token = sample["data"]["authToken"]
        .as_str()
        .expect("the UserCreated sample carries a token");
    let server = Server::start(vec![Step::json(200, &sample)]).await;
    let user = support::client(&server)
        .create_user()
        .body(
            CreateUserRequest::builder()
                .uid("superhero6")
                .name("Barry Allen")
                .with_auth_token(Some(true)),
        )
        .await
        .unwrap();
    for shown in [format!("{user:?}"), format!("{user:#?}")] {
        assert!(!shown.contains(token), "{shown}");
        assert!(shown.contains("superhero6"), "the rest is shown: {shown}");
    }
    assert_eq!(user.auth_token.as_ref().map(|t| t.expose()), Some(token));
}

fn with_uid() -> Vec<(&'static str, WithId)> {
    vec![
        ("get_user", |c, id| {
            Box::pin(async move { c.get_user(id).await.map(drop) })
        }),
        ("update_user", |c, id| {
            Box::pin(async move {
                let body = UpdateUserRequest::builder().name(Some("n".to_owned()));
                c.update_user(id).body(body).await.map(drop)
            })
        }),
        ("delete_user", |c, id| {
            Box::pin(async move { c.delete_user(id).await.map(drop) })
        }),
        ("create_auth_token", |c, id| {
            Box::pin(async move { c.create_auth_token(id).await.map(drop) })
        }),
        ("list_auth_tokens", |c, id| {
            Box::pin(async move { c.list_auth_tokens(id).await.map(drop) })
        }),
        ("flush_auth_tokens", |c, id| {
            Box::pin(async move { c.flush_auth_tokens(id).await.map(drop) })
        }),
        ("get_auth_token", |c, id| {
            Box::pin(async move { c.get_auth_token(id, TOKEN).await.map(drop) })
        }),
        ("update_auth_token", |c, id| {
            Box::pin(async move {
                let body = UpdateAuthTokenRequest::builder().platform(Some("ios".to_owned()));
                c.update_auth_token(id, TOKEN).body(body).await.map(drop)
            })
        }),
        ("delete_auth_token", |c, id| {
            Box::pin(async move { c.delete_auth_token(id, TOKEN).await.map(drop) })
        }),
        ("add_friends", |c, id| {
            Box::pin(async move {
                let body = AddFriendsRequest::builder().accepted(vec!["u2".to_owned()]);
                c.add_friends(id).body(body).await.map(drop)
            })
        }),
        ("list_friends", |c, id| {
            Box::pin(async move { c.list_friends(id).await.map(drop) })
        }),
        ("remove_friends", |c, id| {
            Box::pin(async move {
                let body = RemoveFriendsRequest::builder().friends(vec!["u2".to_owned()]);
                c.remove_friends(id).body(body).await.map(drop)
            })
        }),
        ("block_users", |c, id| {
            Box::pin(async move {
                let body = BlockUsersRequest::builder().blocked_uids(vec!["u2".to_owned()]);
                c.block_users(id).body(body).await.map(drop)
            })
        }),
        ("unblock_users", |c, id| {
            Box::pin(async move {
                let body = UnblockUsersRequest::builder().blocked_uids(vec!["u2".to_owned()]);
                c.unblock_users(id).body(body).await.map(drop)
            })
        }),
        ("list_blocked_users", |c, id| {
            Box::pin(async move { c.list_blocked_users(id).await.map(drop) })
        }),
    ]
}

/// A UID that is not a CometChat id (empty, a path, a dot, a space, over 100
/// characters) is refused by every operation that takes one, before any request;
/// the longest good UID goes through.
#[tokio::test]
async fn bad_ids_are_refused_before_any_request() {
    let server = Server::start(vec![Step::json(200, &json!({"data": {}}))]).await;
    let client = support::client(&server);
    let bad = [
        "",
        "a/b",
        "..",
        ".",
        "a b",
        "a%2Fb",
        "a\r\nb",
        &"u".repeat(101),
    ];
    let operations = with_uid();
    assert_eq!(
        operations.len(),
        15,
        "every operation with a uid in its path"
    );
    for (operation, call) in &operations {
        for id in bad {
            let what = format!("{operation}({id:?})");
            assert_refused(&server, call(client.clone(), id.to_owned()), "uid", &what).await;
        }
    }
    assert_eq!(server.seen().len(), 0, "a refused call reached the server");

    // The rule's edge: 100 characters are a UID.
    let longest = "u".repeat(100);
    let _ = client.get_user(longest.clone()).await;
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path, format!("/v3/users/{longest}"));
}

/// An auth token is text, not an id, but `.` and `..` would move the request to
/// another path once the URL is parsed (`/users/u/auth_tokens/..` is `/users/u`),
/// so they must be refused like any path text (`call::segment`), and `/` must be
/// sent encoded.
#[tokio::test]
async fn auth_tokens_that_would_move_the_path_are_refused() {
    let server = Server::start(vec![Step::json(200, &example("AuthTokenRecord"))]).await;
    let client = support::client(&server);
    let long = "t".repeat(201);
    for token in [".", "..", "", "a\\b", "a\nb", long.as_str()] {
        let attempts: [(&str, Attempt); 3] = [
            ("get_auth_token", {
                let c = client.clone();
                let token = token.to_owned();
                Box::pin(async move { c.get_auth_token("u", token).await.map(drop) })
            }),
            ("update_auth_token", {
                let c = client.clone();
                let token = token.to_owned();
                Box::pin(async move {
                    let body = UpdateAuthTokenRequest::builder();
                    c.update_auth_token("u", token).body(body).await.map(drop)
                })
            }),
            ("delete_auth_token", {
                let c = client.clone();
                let token = token.to_owned();
                Box::pin(async move { c.delete_auth_token("u", token).await.map(drop) })
            }),
        ];
        for (operation, attempt) in attempts {
            let what = format!("{operation}({token:?})");
            assert_refused(&server, attempt, "auth_token", &what).await;
        }
    }
    assert_eq!(
        server.seen().iter().map(|s| &s.path).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "a refused call reached the server"
    );

    client.get_auth_token("u", "a/b").await.unwrap();
    assert_eq!(server.seen()[0].path, "/v3/users/u/auth_tokens/a%2Fb");
}

/// An auth token in a path is a secret the caller holds: it shows in no request's
/// `Debug`, in no refusal, and in no error whose server text repeats it; a new token
/// in an answer that does not decode shows in no excerpt.
#[tokio::test]
async fn auth_tokens_stay_out_of_errors_and_debug() {
    let shown_nowhere = |what: &str, text: &str| {
        assert!(!text.contains(TOKEN), "{what}: {text}");
        assert!(!text.contains(&TOKEN[20..40]), "{what}: {text}");
    };
    let server = Server::start(vec![
        // The server repeats the token in its message and details.
        Step::json(
            404,
            &json!({"error": {
                "code": "ERR_AUTH_TOKEN_NOT_FOUND",
                "message": format!("The auth token {TOKEN} does not exist."),
                "details": {"authToken": [format!("{TOKEN} is unknown")]},
            }}),
        ),
        // A new token in an answer that does not decode (`createdAt` is text).
        Step::json(
            200,
            &json!({"data": {"authToken": TOKEN, "uid": "u", "createdAt": "soon"}}),
        ),
    ])
    .await;
    let client = support::client(&server);

    let request = client.get_auth_token("superhero1", TOKEN);
    shown_nowhere("the request's Debug", &format!("{request:?}"));
    shown_nowhere("the request's alternate Debug", &format!("{request:#?}"));
    let error = request.await.expect_err("a 404");
    for shown in [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ] {
        shown_nowhere("a 404 that repeats the token", &shown);
    }
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));

    let error = client
        .create_auth_token("u")
        .await
        .expect_err("an answer that does not decode");
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    for shown in [error.to_string(), format!("{error:?}")] {
        shown_nowhere("a decode error of a new token", &shown);
        assert!(shown.contains("createdAt"), "the path is kept: {shown}");
    }

    // A token read from a file with its newline is refused, and not printed.
    let refused = client
        .delete_auth_token("superhero1", format!("{TOKEN}\n"))
        .await
        .expect_err("a control character");
    shown_nowhere("a refusal", &refused.to_string());
    assert_eq!(server.seen().len(), 2, "the refusal sent nothing");
}
