//! Every operation of the Roles and API Keys resources through the public API: the
//! request it sends (method, path, query, headers, body) and the answer it decodes,
//! from the vendor's sample in the spec; the stand-in keeping roles and making API
//! keys across calls; API keys kept out of `Debug`; and bad path parameters refused
//! before anything is sent.

mod support;

use std::num::NonZeroU64;

use cometchat::{
    mock::MockServer,
    types::{
        ApiKeyScope, CreateApiKeyRequest, CreateRoleRequest, RoleUnsetField, UpdateApiKeyRequest,
        UpdateRoleRequest,
    },
    wire::RawJson,
    Error,
};
use serde_json::{json, Value};
use support::{
    example,
    operations::{self, assert_refused, data, Case, WithId},
    Server, Step,
};

/// The key of the vendor's `ApiKeyRecord` sample.
const KEY_RECORD: &str = "f1915e328e249ffaaafd97fb46a57ba55d233fbf";

/// The key the vendor's `ApiKeyDeleted` sample names.
const KEY_DELETED: &str = "fcf32d085482db7ef10e971967d70a91cdb6677a";

fn per_page(n: u64) -> NonZeroU64 {
    NonZeroU64::new(n).unwrap()
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            operation: "create_role",
            call: call!(|c| c
                .create_role()
                .body(
                    CreateRoleRequest::builder()
                        .role("manager")
                        .name("manager")
                        .description(Some("This role gives an update access".to_owned()))
                        .metadata(Some(RawJson::from(json!({"email": "managers@gmail.com"}))))
                        .settings(Some(RawJson::from(json!({
                            "listUsers": "all",
                            "sendMessagesTo": "friendsOnly"
                        }))))
                )
                .await),
            method: "POST",
            path: "/v3/roles",
            on_behalf_of: None,
            body: json!({
                "role": "manager",
                "name": "manager",
                "description": "This role gives an update access",
                "metadata": {"email": "managers@gmail.com"},
                "settings": {"listUsers": "all", "sendMessagesTo": "friendsOnly"},
            }),
            answer: "Role",
            expected: data,
        },
        Case {
            operation: "list_roles",
            call: call!(|c| c
                .list_roles()
                .page(per_page(2))
                .per_page(per_page(50))
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/roles?page=2&perPage=50",
            on_behalf_of: None,
            body: Value::Null,
            answer: "RoleList",
            expected: data,
        },
        Case {
            operation: "get_role",
            call: call!(|c| c.get_role("manager").await),
            method: "GET",
            path: "/v3/roles/manager",
            on_behalf_of: None,
            body: Value::Null,
            answer: "Role",
            expected: data,
        },
        Case {
            operation: "update_role",
            call: call!(|c| c
                .update_role("manager")
                .body(
                    UpdateRoleRequest::builder()
                        .name(Some("Manager".to_owned()))
                        .description(Some("This role gives an update access".to_owned()))
                        .settings(Some(RawJson::from(json!({
                            "listUsers": "all",
                            "sendMessagesTo": "friendsOnly"
                        }))))
                        .unset(vec![RoleUnsetField::Metadata])
                )
                .await),
            method: "PUT",
            path: "/v3/roles/manager",
            on_behalf_of: None,
            body: json!({
                "name": "Manager",
                "description": "This role gives an update access",
                "settings": {"listUsers": "all", "sendMessagesTo": "friendsOnly"},
                "unset": ["metadata"],
            }),
            answer: "Role",
            expected: data,
        },
        Case {
            operation: "delete_role",
            call: call!(|c| c.delete_role("manager").await),
            method: "DELETE",
            path: "/v3/roles/manager",
            on_behalf_of: None,
            body: Value::Null,
            answer: "RoleDeleted",
            expected: data,
        },
        Case {
            operation: "create_api_key",
            call: call!(|c| c
                .create_api_key()
                .body(
                    CreateApiKeyRequest::builder()
                        .name("John's apiKey")
                        .scope(ApiKeyScope::AuthOnly)
                )
                .await),
            method: "POST",
            path: "/v3/apikeys",
            on_behalf_of: None,
            body: json!({"name": "John's apiKey", "scope": "authOnly"}),
            answer: "ApiKeyRecord",
            expected: data,
        },
        Case {
            operation: "list_api_keys",
            call: call!(|c| c
                .list_api_keys()
                .scope(ApiKeyScope::FullAccess)
                .search_key("Rest API")
                .page(per_page(1))
                .per_page(per_page(25))
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/apikeys?page=1&perPage=25&scope=fullAccess&searchKey=Rest+API",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ApiKeyList",
            expected: data,
        },
        Case {
            operation: "get_api_key",
            call: call!(|c| c.get_api_key(KEY_RECORD).await),
            method: "GET",
            path: "/v3/apikeys/f1915e328e249ffaaafd97fb46a57ba55d233fbf",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ApiKeyRecord",
            expected: data,
        },
        Case {
            operation: "update_api_key",
            call: call!(|c| c
                .update_api_key(KEY_RECORD)
                .body(
                    UpdateApiKeyRequest::builder()
                        .name(Some("John's apiKey".to_owned()))
                        .scope(Some(ApiKeyScope::AuthOnly))
                )
                .await),
            method: "PUT",
            path: "/v3/apikeys/f1915e328e249ffaaafd97fb46a57ba55d233fbf",
            on_behalf_of: None,
            body: json!({"name": "John's apiKey", "scope": "authOnly"}),
            answer: "ApiKeyRecord",
            expected: data,
        },
        Case {
            operation: "delete_api_key",
            call: call!(|c| c.delete_api_key(KEY_DELETED).await),
            method: "DELETE",
            path: "/v3/apikeys/fcf32d085482db7ef10e971967d70a91cdb6677a",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ApiKeyDeleted",
            expected: data,
        },
    ]
}

#[tokio::test]
async fn every_operation_sends_its_request_and_decodes_its_sample() {
    operations::run(cases(), &["Roles", "API Keys"]).await;
}

/// The code of an API error, as text, and its status.
fn api_error(error: &Error) -> (Option<&str>, u16) {
    let Error::Api(api) = error else {
        panic!("not an answer of the API: {error:?}");
    };
    (api.code().map(|c| c.as_str()), api.status().as_u16())
}

/// The stand-in keeps the roles it is given: what is created can be read, changed
/// (`unset` clearing a field), listed beside the seeded roles, and once deleted is
/// gone; a role id cannot be taken twice.
#[tokio::test]
async fn the_stand_in_keeps_roles() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let metadata = json!({"team": "trust-and-safety"});
    let settings = json!({"listUsers": "friendsOnly", "sendMessagesTo": "all"});
    let new_role = || {
        CreateRoleRequest::builder()
            .role("moderator")
            .name("Moderator")
            .description(Some("Keeps the peace".to_owned()))
            .metadata(Some(RawJson::from(&metadata)))
            .settings(Some(RawJson::from(&settings)))
    };

    let created = client.create_role().body(new_role()).await.unwrap();
    assert_eq!(created.role, "moderator");
    assert_eq!(created.name.as_deref(), Some("Moderator"));
    assert_eq!(created.description.as_deref(), Some("Keeps the peace"));
    assert!(created.created_at.is_some(), "the stand-in stamps creation");

    let fetched = client.get_role("moderator").await.unwrap();
    assert_eq!(fetched.into_inner(), created.clone().into_inner());

    let updated = client
        .update_role("moderator")
        .body(
            UpdateRoleRequest::builder()
                .name(Some("Moderators".to_owned()))
                .unset(vec![RoleUnsetField::Description]),
        )
        .await
        .unwrap();
    assert_eq!(updated.name.as_deref(), Some("Moderators"));
    assert_eq!(updated.description, None, "`unset` cleared the description");
    assert!(updated.updated_at.is_some());
    let fetched = client.get_role("moderator").await.unwrap();
    assert_eq!(fetched.name.as_deref(), Some("Moderators"));
    assert_eq!(fetched.description, None);
    assert_eq!(
        fetched.settings.as_ref().unwrap().to_value().unwrap(),
        settings,
        "fields not named stay"
    );
    assert_eq!(
        fetched.metadata.as_ref().unwrap().to_value().unwrap(),
        metadata
    );

    let page = client.list_roles().await.unwrap().into_inner();
    let listed = page.items.iter().find(|r| r.role == "moderator");
    assert_eq!(
        listed.and_then(|r| r.name.as_deref()),
        Some("Moderators"),
        "{:?}",
        page.items
    );
    let roles: Vec<&str> = page.items.iter().map(|r| r.role.as_str()).collect();
    assert!(
        roles.contains(&"default") && roles.contains(&"manager"),
        "the seeded roles stay: {roles:?}"
    );

    let ack = client.delete_role("moderator").await.unwrap();
    assert!(ack.success);
    let error = client.get_role("moderator").await.unwrap_err();
    assert_eq!(api_error(&error), (Some("ERR_ROLE_NOT_FOUND"), 404));
    let error = client.delete_role("moderator").await.unwrap_err();
    assert_eq!(api_error(&error), (Some("ERR_ROLE_NOT_FOUND"), 404));
    let page = client.list_roles().await.unwrap().into_inner();
    assert!(page.items.iter().all(|r| r.role != "moderator"));

    client.create_role().body(new_role()).await.unwrap();
    let error = client.create_role().body(new_role()).await.unwrap_err();
    assert_eq!(api_error(&error), (Some("ERR_ROLE_ALREADY_EXISTS"), 400));
}

/// The stand-in makes each new API key's value itself, a different one each time,
/// and keeps the keys: each can be read by its value, is listed (and found by its
/// name), can be renamed, and once deleted is gone.
#[tokio::test]
async fn the_stand_in_makes_api_keys() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let create = |name: &str, scope: ApiKeyScope| {
        let client = client.clone();
        let body = CreateApiKeyRequest::builder().name(name).scope(scope);
        async move {
            client
                .create_api_key()
                .body(body)
                .await
                .unwrap()
                .into_inner()
        }
    };

    let web = create("Web login", ApiKeyScope::AuthOnly).await;
    let backend = create("Backend", ApiKeyScope::FullAccess).await;
    let (web_key, backend_key) = (web.api_key.expose(), backend.api_key.expose());
    assert!(!web_key.is_empty() && !backend_key.is_empty());
    assert_ne!(web_key, backend_key, "each key is new");
    assert!(web.created_at.is_some());

    for (made, name, scope) in [
        (&web, "Web login", ApiKeyScope::AuthOnly),
        (&backend, "Backend", ApiKeyScope::FullAccess),
    ] {
        let fetched = client
            .get_api_key(made.api_key.expose())
            .await
            .unwrap()
            .into_inner();
        assert_eq!(fetched.api_key.expose(), made.api_key.expose());
        assert_eq!(fetched.name.as_deref(), Some(name));
        assert_eq!(fetched.scope, Some(scope));
    }

    let keys = |items: &[cometchat::types::ApiKey]| -> Vec<String> {
        items
            .iter()
            .map(|k| k.api_key.expose().to_owned())
            .collect()
    };
    let listed = keys(&client.list_api_keys().await.unwrap().items);
    assert!(
        listed.iter().any(|k| k == web_key) && listed.iter().any(|k| k == backend_key),
        "{listed:?}"
    );
    assert!(
        listed.iter().any(|k| k == KEY_DELETED),
        "the seeded keys stay"
    );
    let found = keys(
        &client
            .list_api_keys()
            .search_key("web")
            .await
            .unwrap()
            .items,
    );
    assert_eq!(found, [web_key], "`searchKey` matches the name");
    // A filter named like a field (`scope`) keeps the items whose field matches.
    let full = client
        .list_api_keys()
        .scope(ApiKeyScope::FullAccess)
        .await
        .unwrap();
    assert!(full.items.iter().any(|k| k.api_key.expose() == backend_key));
    assert!(
        full.items
            .iter()
            .all(|k| k.scope == Some(ApiKeyScope::FullAccess)),
        "{:?}",
        full.items
    );

    let renamed = client
        .update_api_key(web_key)
        .body(UpdateApiKeyRequest::builder().name(Some("Web sign-in".to_owned())))
        .await
        .unwrap();
    assert_eq!(renamed.name.as_deref(), Some("Web sign-in"));
    let fetched = client.get_api_key(web_key).await.unwrap();
    assert_eq!(fetched.name.as_deref(), Some("Web sign-in"));
    assert_eq!(
        fetched.scope,
        Some(ApiKeyScope::AuthOnly),
        "the scope is kept"
    );

    let ack = client.delete_api_key(backend_key).await.unwrap();
    assert!(ack.success);
    let error = client.get_api_key(backend_key).await.unwrap_err();
    assert_eq!(api_error(&error), (Some("ERR_APIKEY_NOT_FOUND"), 404));
    let listed = keys(&client.list_api_keys().await.unwrap().items);
    assert!(!listed.iter().any(|k| k == backend_key), "{listed:?}");
    assert!(listed.iter().any(|k| k == web_key), "{listed:?}");
}

/// API keys are credentials: `Debug` never shows them, alone or in a page, while
/// `expose` and the wire form keep them.
#[tokio::test]
async fn api_keys_are_secret_in_debug() {
    let server = Server::start(vec![Step::json(200, &example("ApiKeyRecord"))]).await;
    let record = support::client(&server)
        .get_api_key(KEY_RECORD)
        .await
        .unwrap();
    for shown in [
        format!("{record:?}"),
        format!("{record:#?}"),
        format!("{:?}", *record),
        format!("{:#?}", *record),
    ] {
        assert!(!shown.contains(KEY_RECORD), "{shown}");
        assert!(!shown.contains("f1915e328e"), "{shown}");
        assert!(
            shown.contains("John's apiKey"),
            "the rest is shown: {shown}"
        );
    }
    assert_eq!(record.api_key.expose(), KEY_RECORD);
    assert_eq!(
        serde_json::to_value(&*record).unwrap()["apiKey"],
        KEY_RECORD
    );

    let sample = example("ApiKeyList");
    let server = Server::start(vec![Step::json(200, &sample)]).await;
    let page = support::client(&server).list_api_keys().await.unwrap();
    let values: Vec<&str> = sample["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["apiKey"].as_str().unwrap())
        .collect();
    assert_eq!(page.items.len(), values.len());
    for shown in [format!("{page:?}"), format!("{page:#?}")] {
        for value in &values {
            assert!(!shown.contains(value), "{shown}");
        }
        assert!(shown.contains("Rest API Key"), "{shown}");
    }
}

/// Every operation with a path parameter: its name, the parameter's name, a call.
fn with_id() -> Vec<(&'static str, &'static str, WithId)> {
    vec![
        ("get_role", "role", |c, id| {
            Box::pin(async move { c.get_role(id).await.map(drop) })
        }),
        ("update_role", "role", |c, id| {
            Box::pin(async move {
                let body = UpdateRoleRequest::builder().name(Some("n".to_owned()));
                c.update_role(id).body(body).await.map(drop)
            })
        }),
        ("delete_role", "role", |c, id| {
            Box::pin(async move { c.delete_role(id).await.map(drop) })
        }),
        ("get_api_key", "api_key", |c, id| {
            Box::pin(async move { c.get_api_key(id).await.map(drop) })
        }),
        ("update_api_key", "api_key", |c, id| {
            Box::pin(async move {
                let body = UpdateApiKeyRequest::builder().name(Some("n".to_owned()));
                c.update_api_key(id).body(body).await.map(drop)
            })
        }),
        ("delete_api_key", "api_key", |c, id| {
            Box::pin(async move { c.delete_api_key(id).await.map(drop) })
        }),
    ]
}

/// A role id and an API key are text, not CometChat ids: what would move the
/// request to another path once the URL is parsed (empty, `.`, `..`, `\`, a
/// control character) or breaks the spec's length (over 100 characters) is refused
/// by every operation that takes one, before any request; `/`, `%` and spaces are
/// sent percent-encoded, and 100 characters go through.
#[tokio::test]
async fn bad_ids_are_refused_before_any_request() {
    // Decodes as a role, as an API key and as an acknowledgement.
    let answer = json!({"data": {"role": "r", "apiKey": "k", "success": true}});
    let server = Server::start(vec![Step::json(200, &answer)]).await;
    let client = support::client(&server);
    let too_long = "r".repeat(101);
    let bad = [
        "",
        ".",
        "..",
        "a\\b",
        "..\\admin",
        "a\nb",
        "a\r\nb",
        "a\0b",
        &too_long,
    ];
    let operations = with_id();
    assert_eq!(operations.len(), 6, "every operation with a path parameter");
    for (operation, name, call) in &operations {
        for id in bad {
            let what = format!("{operation}({id:?})");
            assert_refused(&server, call(client.clone(), id.to_owned()), name, &what).await;
        }
    }
    assert_eq!(
        server.seen().iter().map(|s| &s.path).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "a refused call reached the server"
    );

    // What is not refused stays one path segment.
    let longest = "r".repeat(100);
    let sent = [
        ("a/b", "a%2Fb"),
        ("../admin", "..%2Fadmin"),
        ("a b", "a%20b"),
        ("a%2Fb", "a%252Fb"),
        ("a?b#c", "a%3Fb%23c"),
        (longest.as_str(), longest.as_str()),
    ];
    for (operation, _, call) in &operations {
        for (id, _) in sent {
            call(client.clone(), id.to_owned())
                .await
                .unwrap_or_else(|error| panic!("{operation}({id:?}): {error}"));
        }
    }
    let seen: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    let expected: Vec<String> = ["roles", "roles", "roles", "apikeys", "apikeys", "apikeys"]
        .iter()
        .flat_map(|root| {
            sent.iter()
                .map(move |(_, encoded)| format!("/v3/{root}/{encoded}"))
        })
        .collect();
    assert_eq!(seen, expected);
}
