//! The stand-in (`cometchat::mock`): every operation of the spec served with its
//! sample, requests that break the spec refused as CometChat refuses them, the
//! Conversations state, scripted answers (under paused time too), and recorded
//! requests with the key redacted.
#![allow(deprecated)] // get_conversation and delete_conversation are served too.

mod support;

use support::operations::{data, first_of_data};

use std::{
    collections::BTreeSet,
    future::Future,
    num::NonZeroU64,
    pin::Pin,
    time::{Duration, Instant},
};

use cometchat::{
    mock::{Answer, MockServer},
    reqwest,
    types::{
        Conversation, MessageIdRequest, PinnedConversationTarget,
        ReplacePinnedConversationsRequest, UpdateConversationRequest,
    },
    Client, Error, ErrorCode,
};
use futures_util::TryStreamExt;
use serde_json::{json, Value};

type Call = Box<dyn Fn(Client) -> Pin<Box<dyn Future<Output = Result<Value, Error>>>>>;

macro_rules! call {
    (|$client:ident| $body:expr) => {
        Box::new(move |$client: Client| {
            Box::pin(async move { $body.map(|r| serde_json::to_value(&*r).unwrap()) })
        })
    };
}

/// One operation: how to call it on the seeded stand-in, and the part of its sample
/// the caller gets.
struct Case {
    operation: &'static str,
    call: Call,
    opened: fn(Value) -> Value,
}

fn read_up_to() -> MessageIdRequest {
    MessageIdRequest::builder()
        .message_id(cometchat::wire::Id::from("340"))
        .try_into()
        .unwrap()
}

fn pins(targets: &[(&str, &str)]) -> ReplacePinnedConversationsRequest {
    let targets = targets
        .iter()
        .map(|(kind, id)| {
            let target = PinnedConversationTarget::builder();
            let target = match *kind {
                "guid" => target.guid(Some(id.parse().unwrap())),
                _ => target.uid(Some(id.parse().unwrap())),
            };
            target.try_into().unwrap()
        })
        .collect::<Vec<_>>();
    ReplacePinnedConversationsRequest::builder()
        .pinned_conversations(targets)
        .try_into()
        .unwrap()
}

/// Every operation, called with the ids of the seeded conversations (the group
/// `project-group`, the group `supergroup`, and `superhero1` with `superhero2`).
fn cases() -> Vec<Case> {
    const ME: &str = "superhero1";
    vec![
        Case {
            operation: "list_conversations",
            call: call!(|c| c
                .list_conversations()
                .on_behalf_of(ME)
                .await
                .map(|page| page.map(|page| page.items))),
            opened: data,
        },
        Case {
            operation: "list_pinned_conversations",
            call: call!(|c| c.list_pinned_conversations().await),
            opened: data,
        },
        Case {
            operation: "replace_pinned_conversations",
            call: call!(|c| c
                .replace_pinned_conversations()
                .body(pins(&[("guid", "supergroup"), ("uid", "superhero2")]))
                .await),
            opened: data,
        },
        Case {
            operation: "get_conversation",
            call: call!(|c| c
                .get_conversation("group_project-group")
                .on_behalf_of(ME)
                .await),
            opened: first_of_data,
        },
        Case {
            operation: "delete_conversation",
            call: call!(|c| c
                .delete_conversation("superhero1_user_superhero2")
                .on_behalf_of(ME)
                .await),
            opened: data,
        },
        Case {
            operation: "get_user_conversation",
            call: call!(|c| c.get_user_conversation("superhero2").on_behalf_of(ME).await),
            opened: first_of_data,
        },
        Case {
            operation: "update_user_conversation",
            call: call!(|c| c
                .update_user_conversation("superhero2")
                .on_behalf_of(ME)
                .body(UpdateConversationRequest::builder().tags(vec!["archived".to_owned()]))
                .await),
            opened: first_of_data,
        },
        Case {
            operation: "reset_user_conversation",
            call: call!(|c| c
                .reset_user_conversation("superhero2")
                .on_behalf_of(ME)
                .await),
            opened: data,
        },
        Case {
            operation: "pin_user_conversation",
            // The app pins this conversation in the seed, and a conversation the app
            // pinned cannot be pinned by a user: unpin it at app level first.
            call: call!(|c| {
                c.replace_pinned_conversations().body(pins(&[])).await?;
                c.pin_user_conversation("superhero2").on_behalf_of(ME).await
            }),
            opened: data,
        },
        Case {
            operation: "unpin_user_conversation",
            call: call!(|c| c
                .unpin_user_conversation("superhero2")
                .on_behalf_of(ME)
                .await),
            opened: data,
        },
        Case {
            operation: "mark_user_conversation_delivered",
            call: call!(|c| c
                .mark_user_conversation_delivered("superhero2")
                .on_behalf_of(ME)
                .body(read_up_to())
                .await),
            opened: data,
        },
        Case {
            operation: "mark_user_conversation_read",
            call: call!(|c| c
                .mark_user_conversation_read("superhero2")
                .on_behalf_of(ME)
                .body(read_up_to())
                .await),
            opened: data,
        },
        Case {
            operation: "mark_user_conversation_unread",
            call: call!(|c| c
                .mark_user_conversation_unread("superhero2")
                .on_behalf_of(ME)
                .body(read_up_to())
                .await),
            opened: data,
        },
        Case {
            operation: "get_group_conversation",
            call: call!(|c| c
                .get_group_conversation("project-group")
                .on_behalf_of(ME)
                .await),
            opened: first_of_data,
        },
        Case {
            operation: "update_group_conversation",
            call: call!(|c| c
                .update_group_conversation("project-group")
                .on_behalf_of(ME)
                .body(UpdateConversationRequest::builder().tags(vec![]))
                .await),
            opened: first_of_data,
        },
        Case {
            operation: "reset_group_conversation",
            call: call!(|c| c
                .reset_group_conversation("project-group")
                .on_behalf_of(ME)
                .await),
            opened: data,
        },
        Case {
            operation: "pin_group_conversation",
            call: call!(|c| c
                .pin_group_conversation("project-group")
                .on_behalf_of(ME)
                .await),
            opened: data,
        },
        Case {
            operation: "unpin_group_conversation",
            call: call!(|c| c
                .unpin_group_conversation("project-group")
                .on_behalf_of(ME)
                .await),
            opened: data,
        },
        Case {
            operation: "mark_group_conversation_delivered",
            call: call!(|c| c
                .mark_group_conversation_delivered("project-group")
                .on_behalf_of(ME)
                .await),
            opened: data,
        },
        Case {
            operation: "mark_group_conversation_read",
            call: call!(|c| c
                .mark_group_conversation_read("project-group")
                .on_behalf_of(ME)
                .body(read_up_to())
                .await),
            opened: data,
        },
        Case {
            operation: "mark_group_conversation_unread",
            call: call!(|c| c
                .mark_group_conversation_unread("project-group")
                .on_behalf_of(ME)
                .body(read_up_to())
                .await),
            opened: data,
        },
    ]
}

/// The resource tests whose tables `support::operations::run` runs, against a
/// scripted server and this stand-in, and the tags each covers.
const RESOURCE_TABLES: &[(&str, &[&str])] = &[
    ("conversations.rs", &["Conversations"]),
    (
        "users.rs",
        &["Users", "Auth Tokens", "Friends", "Blocked Users"],
    ),
    ("groups.rs", &["Groups", "Group Members", "Banned Users"]),
    ("roles_and_api_keys.rs", &["Roles", "API Keys"]),
    ("messages.rs", &["Messages"]),
    ("notifications.rs", &["Notifications"]),
    ("moderation.rs", &["Moderation"]),
    (
        "rbac_and_metrics.rs",
        &["RBAC", "Restrict Features", "Metrics"],
    ),
];

#[tokio::test]
async fn every_operation_of_the_spec_is_served() {
    let cases = cases();
    let tested: BTreeSet<&str> = cases.iter().map(|case| case.operation).collect();
    // The other resources' tables run against the stand-in too
    // (`support::operations::run`); this one also calls each operation unscripted.
    let conversations = support::operations::operations_tagged(&["Conversations"]);
    let conversations: BTreeSet<&str> = conversations.iter().map(String::as_str).collect();
    assert_eq!(
        tested, conversations,
        "one case per Conversations operation"
    );
    // Every operation of the spec is in a resource's table: the tags those tables
    // cover (`cargo xtask self-check` adds an operation of its own for its run).
    let mut tags = Vec::new();
    for (file, covers) in RESOURCE_TABLES {
        let path = format!("{}/tests/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        // Compared without layout: rustfmt may break the call over lines.
        let bare = |text: &str| {
            let text: String = text.split_whitespace().collect();
            text.replace(",]", "]").replace(",)", ")")
        };
        let call = format!("operations::run(cases(), &{covers:?})");
        assert!(bare(&text).contains(&bare(&call)), "{file} runs `{call}`");
        tags.extend_from_slice(covers);
    }
    let covered = support::operations::operations_tagged(&tags);
    let uncovered: Vec<&str> = MockServer::operations()
        .filter(|id| !id.starts_with("self_check_") && !covered.contains(*id))
        .collect();
    assert_eq!(
        uncovered,
        Vec::<&str>::new(),
        "operations in no resource's table"
    );
    for case in cases {
        let name = case.operation;
        let server = MockServer::start().await.unwrap();
        let client = server.client().unwrap();
        // Unscripted, from the seeded state or the sample.
        (case.call)(client.clone())
            .await
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        // Scripted to the sample: exactly the sample, through the public API.
        server.script(name, [Answer::sample()]);
        let value = (case.call)(client)
            .await
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        let sample = MockServer::sample(name).unwrap();
        assert_eq!(value, (case.opened)(sample), "{name}");
        let served = server
            .requests()
            .iter()
            .filter(|r| r.operation == Some(name))
            .count();
        assert_eq!(served, 2, "{name}");
    }
}

#[tokio::test]
async fn unscripted_reads_answer_the_samples() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let conversation = client
        .get_group_conversation("project-group")
        .on_behalf_of("u1")
        .await
        .unwrap();
    let sample = MockServer::sample("get_group_conversation").unwrap();
    assert_eq!(
        serde_json::to_value(&*conversation).unwrap(),
        sample["data"][0]
    );
    assert_eq!(
        MockServer::sample_name("get_group_conversation"),
        Some("GroupConversation")
    );
    let pinned = client.list_pinned_conversations().await.unwrap();
    assert_eq!(
        serde_json::to_value(&*pinned).unwrap(),
        MockServer::sample("list_pinned_conversations").unwrap()["data"]
    );
}

/// A request as a test sends it by hand, past the SDK's own checks.
struct Raw {
    method: &'static str,
    path: String,
    headers: Vec<(&'static str, &'static str)>,
    body: Option<&'static str>,
}

fn raw(method: &'static str, path: &str) -> Raw {
    Raw {
        method,
        path: path.to_owned(),
        headers: vec![
            ("apikey", MockServer::API_KEY),
            ("onBehalfOf", "superhero1"),
        ],
        body: None,
    }
}

impl Raw {
    fn without(mut self, header: &str) -> Self {
        self.headers.retain(|(name, _)| *name != header);
        self
    }

    fn with(mut self, header: &'static str, value: &'static str) -> Self {
        self = self.without(header);
        self.headers.push((header, value));
        self
    }

    fn body(mut self, body: &'static str) -> Self {
        self.body = Some(body);
        self
    }

    async fn send(&self, server: &MockServer) -> (u16, reqwest::header::HeaderMap, Value) {
        let url = format!(
            "http://{}{}",
            server
                .base_url()
                .trim_start_matches("http://")
                .split('/')
                .next()
                .unwrap(),
            self.path
        );
        let mut request = reqwest::Client::new().request(self.method.parse().unwrap(), url);
        for (name, value) in &self.headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = self.body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.json().await.unwrap_or(Value::Null);
        (status, headers, body)
    }
}

#[tokio::test]
async fn requests_that_break_the_spec_are_refused_like_cometchat_does() {
    let server = MockServer::start().await.unwrap();
    let group = "/v3/groups/project-group/conversation";
    // (what is wrong, the request, status, code, the field `details` names)
    let cases: Vec<(&str, Raw, u16, &str, Option<&str>)> = vec![
        (
            "no key",
            raw("GET", group).without("apikey"),
            401,
            "AUTH_ERR_EMPTY_APIKEY",
            None,
        ),
        (
            "an empty key",
            raw("GET", group).with("apikey", ""),
            401,
            "AUTH_ERR_EMPTY_APIKEY",
            None,
        ),
        (
            "a wrong key",
            raw("GET", group).with("apikey", "not-the-key"),
            401,
            "AUTH_ERR_APIKEY_NOT_FOUND",
            None,
        ),
        (
            "no acting user",
            raw("GET", group).without("onBehalfOf"),
            400,
            "ERR_BAD_REQUEST",
            Some("onBehalfOf"),
        ),
        (
            "an acting user that is not a UID",
            raw("GET", group).with("onBehalfOf", "a.b"),
            400,
            "ERR_BAD_REQUEST",
            Some("onBehalfOf"),
        ),
        (
            "a GUID that breaks the id rule",
            raw("GET", "/v3/groups/a.b/conversation"),
            400,
            "ERR_BAD_REQUEST",
            Some("guid"),
        ),
        (
            "a percent-encoded GUID",
            raw("GET", "/v3/groups/a%2Fb/conversation"),
            400,
            "ERR_BAD_REQUEST",
            Some("guid"),
        ),
        (
            "a conversation id too long",
            raw("GET", &format!("/v3/conversations/{}", "a".repeat(300))),
            400,
            "ERR_BAD_REQUEST",
            Some("conversationId"),
        ),
        (
            "an unknown group",
            raw("GET", "/v3/groups/nobody/conversation"),
            404,
            "ERR_GUID_NOT_FOUND",
            None,
        ),
        (
            "an unknown user",
            raw("POST", "/v3/users/nobody/conversation/pin"),
            404,
            "ERR_UID_NOT_FOUND",
            None,
        ),
        (
            "a body of the wrong shape",
            raw("PUT", group).body(r#"{"tags": "work"}"#),
            400,
            "ERR_BAD_REQUEST",
            Some("body"),
        ),
        (
            "a body without a required field (named, as CometChat does)",
            raw("PUT", group).body(r#"{"labels": ["work"]}"#),
            400,
            "ERR_BAD_REQUEST",
            Some("tags"),
        ),
        (
            "a body that is not JSON",
            raw("PUT", group).body("tags=work"),
            400,
            "ERR_BAD_REQUEST",
            Some("body"),
        ),
        (
            "no body where one is required",
            raw("PUT", group),
            400,
            "ERR_BAD_REQUEST",
            Some("body"),
        ),
        (
            "a query parameter of the wrong type",
            raw("GET", "/v3/conversations?unread=maybe"),
            400,
            "ERR_BAD_REQUEST",
            Some("unread"),
        ),
        (
            "a page of zero",
            raw("GET", "/v3/conversations?page=0"),
            400,
            "ERR_BAD_REQUEST",
            Some("page"),
        ),
        (
            "more than 1000 a page",
            raw("GET", "/v3/conversations?perPage=1001"),
            400,
            "ERR_BAD_REQUEST",
            None,
        ),
        (
            "an unknown path",
            raw("GET", "/v3/no/such/thing"),
            404,
            "ERR_API_NOT_FOUND",
            None,
        ),
        (
            "a path outside the API root",
            raw("GET", "/groups/project-group/conversation"),
            404,
            "ERR_API_NOT_FOUND",
            None,
        ),
        (
            "a known path with another method",
            raw("PATCH", group),
            405,
            "ERR_API_NOT_FOUND",
            None,
        ),
    ];
    for (what, request, status, code, field) in cases {
        let (got_status, headers, body) = request.send(&server).await;
        assert_eq!(got_status, status, "{what}: {body}");
        assert_eq!(body["error"]["code"], code, "{what}: {body}");
        assert!(body["error"]["message"].is_string(), "{what}: {body}");
        if let Some(field) = field {
            assert!(
                body["error"]["details"][field][0].is_string(),
                "{what}: {body}"
            );
        }
        if status == 405 {
            assert_eq!(headers["allow"], "DELETE, GET, PUT", "{what}");
        }
    }
    // The serde reason is in `details`.
    let (_, _, body) = raw("PUT", group)
        .body(r#"{"tags": "work"}"#)
        .send(&server)
        .await;
    let reason = body["error"]["details"]["body"][0].as_str().unwrap();
    assert!(reason.contains("invalid type"), "{reason}");
    // `/conversations/pinned` is the pinned list, not a conversation id; with a
    // method the list does not take, it is a conversation id after all.
    let (status, _, body) = raw("GET", "/v3/conversations/pinned").send(&server).await;
    assert_eq!(
        (status, body["data"][0]["pinnedBy"].as_str()),
        (200, Some("app_system"))
    );
    let (status, _, body) = raw("DELETE", "/v3/conversations/pinned")
        .send(&server)
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("ERR_GUID_NOT_FOUND"))
    );
}

#[tokio::test]
async fn refusals_reach_callers_as_api_errors() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let error = client
        .update_user_conversation("nobody")
        .on_behalf_of("superhero1")
        .body(UpdateConversationRequest::builder().tags(vec![]))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(&ErrorCode::ErrUidNotFound));
    let wrong_key = Client::builder()
        .base_url(server.base_url())
        .api_key("0123456789abcdef")
        .build()
        .unwrap();
    let error = wrong_key.list_pinned_conversations().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(error.code(), Some(&ErrorCode::AuthErrApikeyNotFound));
}

#[tokio::test]
async fn hostile_requests_never_stop_the_stand_in() {
    let server = MockServer::start().await.unwrap();
    let address = server.base_url();
    let address = address
        .trim_start_matches("http://")
        .trim_end_matches("/v3");
    let mut rng = fastrand::Rng::with_seed(7);
    let pieces = [
        "/v3",
        "/groups",
        "/users",
        "/conversations",
        "/pinned",
        "/conversation",
        "/pin",
        "/read",
        "/%00",
        "/..",
        "/",
        "//",
        "/{guid}",
        "/é",
        "?page=",
        "&perPage=99999999999999999999",
        "?tags=,,,",
        "?unread=",
        "/a b",
    ];
    let bodies: [&[u8]; 6] = [
        b"",
        b"{",
        b"null",
        b"[1,2]",
        b"{\"tags\": [1e999]}",
        &[0xff, 0xfe, 0x00],
    ];
    for _ in 0..300 {
        let mut path = String::new();
        for _ in 0..rng.usize(0..6) {
            path.push_str(pieces[rng.usize(..pieces.len())]);
        }
        let method = ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"][rng.usize(..6)];
        let body = bodies[rng.usize(..bodies.len())];
        let head = format!(
            "{method} /{} HTTP/1.1\r\nhost: x\r\napikey: {}\r\nonBehalfOf: {}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            path.trim_start_matches('/'),
            MockServer::API_KEY,
            ["superhero1", "", "a b", "\u{7f}"][rng.usize(..4)],
            body.len(),
        );
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        let _ = stream.write_all(&[head.as_bytes(), body].concat()).await;
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer).await;
    }
    // Still serving, and every request that parsed as HTTP was recorded.
    server
        .client()
        .unwrap()
        .get_group_conversation("project-group")
        .on_behalf_of("u1")
        .await
        .unwrap();
    assert!(server.requests().len() > 1);
}

fn conversation(id: &str, kind: &str, unread: &str) -> Conversation {
    let with = match kind {
        "group" => json!({"guid": id.trim_start_matches("group_"), "name": id}),
        _ => json!({"uid": id.split("_user_").nth(1).unwrap_or(id), "name": id}),
    };
    serde_json::from_value(json!({
        "conversationId": id,
        "conversationType": kind,
        "unreadMessageCount": unread,
        "conversationWith": with,
    }))
    .unwrap()
}

#[tokio::test]
async fn tags_persist_and_reset_removes() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let updated = client
        .update_group_conversation("project-group")
        .on_behalf_of("superhero1")
        .body(UpdateConversationRequest::builder().tags(vec!["work".into(), "q3".into()]))
        .await
        .unwrap();
    assert_eq!(updated.tags, ["work", "q3"]);
    let fetched = client
        .get_group_conversation("project-group")
        .on_behalf_of("superhero2")
        .await
        .unwrap();
    assert_eq!(fetched.tags, ["work", "q3"]);
    let tagged = client.list_conversations().tags(["q3"]).await.unwrap();
    assert_eq!(tagged.items.len(), 1);
    assert_eq!(tagged.items[0].conversation_id, "group_project-group");

    let ack = client
        .reset_group_conversation("project-group")
        .on_behalf_of("superhero1")
        .await
        .unwrap();
    assert!(ack.success);
    let error = client
        .get_group_conversation("project-group")
        .on_behalf_of("superhero1")
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(error.code(), Some(&ErrorCode::ErrGuidNotFound));

    client
        .reset_user_conversation("superhero2")
        .on_behalf_of("superhero1")
        .await
        .unwrap();
    let error = client
        .get_user_conversation("superhero1")
        .on_behalf_of("superhero2")
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(&ErrorCode::ErrUidNotFound));
}

#[tokio::test]
async fn read_and_unread_move_the_count() {
    let server = MockServer::start().await.unwrap();
    server.add_conversation(&conversation("group_team", "group", "7"));
    let client = server.client().unwrap();
    let unread = |c: &Conversation| c.unread_message_count.as_ref().map(|n| n.get());
    let unread_ids = || async {
        let page = client.list_conversations().unread(true).await.unwrap();
        page.items
            .iter()
            .map(|c| c.conversation_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(unread_ids().await, ["group_team"]);
    client
        .mark_group_conversation_read("team")
        .on_behalf_of("u1")
        .body(read_up_to())
        .await
        .unwrap();
    let team = server.conversation("group_team").unwrap();
    assert_eq!(unread(&team), Some(0));
    assert_eq!(
        serde_json::to_value(&team).unwrap()["lastReadMessageId"],
        "340"
    );
    assert!(unread_ids().await.is_empty());
    client
        .mark_group_conversation_unread("team")
        .on_behalf_of("u1")
        .body(read_up_to())
        .await
        .unwrap();
    let team = client
        .get_group_conversation("team")
        .on_behalf_of("u1")
        .await
        .unwrap();
    assert!(unread(&team).unwrap() > 0);
    assert_eq!(unread_ids().await, ["group_team"]);
}

#[tokio::test]
async fn pins_record_who_and_when_and_keep_their_limit() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    // The seed pins this conversation at app level; users cannot pin it then.
    let error = client
        .pin_user_conversation("superhero2")
        .on_behalf_of("superhero1")
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(error.code(), Some(&ErrorCode::ErrSystemPinnedConversation));
    client
        .replace_pinned_conversations()
        .body(pins(&[]))
        .await
        .unwrap();
    let pin = client
        .pin_user_conversation("superhero2")
        .on_behalf_of("superhero1")
        .await
        .unwrap();
    let pin = serde_json::to_value(&*pin).unwrap();
    assert_eq!(pin["pinnedBy"], "superhero1");
    assert!(pin["pinnedAt"].as_u64().unwrap() > 1_700_000_000);
    let kept = serde_json::to_value(server.conversation("superhero1_user_superhero2")).unwrap();
    assert_eq!(kept["pinnedBy"], "superhero1");
    assert_eq!(kept["pinnedAt"], pin["pinnedAt"]);

    let unpinned = client
        .unpin_user_conversation("superhero1")
        .on_behalf_of("superhero2")
        .await
        .unwrap();
    let unpinned = serde_json::to_value(&*unpinned).unwrap();
    assert_eq!(
        unpinned,
        json!({"conversationId": "superhero1_user_superhero2", "conversationType": "user"})
    );
    let kept = serde_json::to_value(server.conversation("superhero1_user_superhero2")).unwrap();
    assert!(kept.get("pinnedBy").is_none() && kept.get("pinnedAt").is_none());

    // Five pins a user; the sixth is refused.
    for n in 1..=6 {
        server.add_conversation(&conversation(&format!("group_g{n}"), "group", "0"));
    }
    for n in 1..=5 {
        client
            .pin_group_conversation(format!("g{n}"))
            .on_behalf_of("u1")
            .await
            .unwrap();
    }
    let error = client
        .pin_group_conversation("g6")
        .on_behalf_of("u1")
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        error.code(),
        Some(&ErrorCode::ErrPinnedConversationsLimitExceeded)
    );
    // Another user has pins of their own.
    client
        .pin_group_conversation("g6")
        .on_behalf_of("u2")
        .await
        .unwrap();
}

#[tokio::test]
async fn app_pins_keep_their_order_and_their_limit() {
    let server = MockServer::start().await.unwrap();
    for n in 1..=6 {
        server.add_conversation(&conversation(&format!("group_g{n}"), "group", "0"));
    }
    let client = server.client().unwrap();
    let ids = |list: &[Conversation]| {
        list.iter()
            .map(|c| c.conversation_id.clone())
            .collect::<Vec<_>>()
    };
    let replaced = client
        .replace_pinned_conversations()
        .body(pins(&[
            ("guid", "g3"),
            ("uid", "superhero2"),
            ("guid", "g1"),
        ]))
        .await
        .unwrap();
    let expected = ["group_g3", "superhero1_user_superhero2", "group_g1"];
    assert_eq!(ids(&replaced), expected);
    assert!(replaced
        .iter()
        .all(|c| serde_json::to_value(c).unwrap()["pinnedBy"] == "app_system"));
    let listed = client.list_pinned_conversations().await.unwrap();
    assert_eq!(ids(&listed), expected);

    let six: Vec<(&str, String)> = (1..=6).map(|n| ("guid", format!("g{n}"))).collect();
    let six: Vec<(&str, &str)> = six.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let error = client
        .replace_pinned_conversations()
        .body(pins(&six))
        .await
        .unwrap_err();
    assert_eq!(
        error.code(),
        Some(&ErrorCode::ErrSystemPinnedConversationsLimitExceeded)
    );
    let listed = client.list_pinned_conversations().await.unwrap();
    assert_eq!(
        ids(&listed),
        expected,
        "a refused replacement changes nothing"
    );

    let cleared = client
        .replace_pinned_conversations()
        .body(pins(&[]))
        .await
        .unwrap();
    assert!(cleared.is_empty());
}

#[tokio::test]
async fn the_list_filters_and_pages_with_right_numbers() {
    let server = MockServer::start().await.unwrap();
    // Seeded: project-group, supergroup, superhero1 with superhero2.
    for n in 1..=4 {
        server.add_conversation(&conversation(&format!("group_g{n}"), "group", "0"));
    }
    server.add_conversation(&conversation("u1_user_u2", "user", "3"));
    let client = server.client().unwrap();
    let per_page = NonZeroU64::new(3).unwrap();
    let mut numbers = Vec::new();
    for page in 1..=3 {
        let page = client
            .list_conversations()
            .per_page(per_page)
            .page(NonZeroU64::new(page).unwrap())
            .await
            .unwrap();
        numbers.push(serde_json::to_value(&page.pagination).unwrap());
    }
    let pagination = |count: u64, current: u64| json!({"total": 8, "count": count, "per_page": 3, "current_page": current, "total_pages": 3});
    assert_eq!(
        numbers,
        [pagination(3, 1), pagination(3, 2), pagination(2, 3)]
    );

    let all: Vec<Conversation> = client
        .list_conversations()
        .per_page(per_page)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 8);
    assert_eq!(all[0].conversation_id, "group_project-group");
    assert_eq!(all[7].conversation_id, "u1_user_u2");

    let users = client
        .list_conversations()
        .conversation_type(cometchat::types::ConversationType::User)
        .await
        .unwrap();
    assert_eq!(users.items.len(), 2);
    // The acting user sees their own one-to-one conversations only.
    let mine = client
        .list_conversations()
        .on_behalf_of("u2")
        .conversation_type(cometchat::types::ConversationType::User)
        .await
        .unwrap();
    assert_eq!(mine.items.len(), 1);
    assert_eq!(mine.items[0].conversation_id, "u1_user_u2");
    let found = client
        .list_conversations()
        .search_key("G3".to_owned())
        .await
        .unwrap();
    assert_eq!(found.items.len(), 1);

    // Past the end: an empty page with the same totals.
    let past = client
        .list_conversations()
        .per_page(per_page)
        .page(NonZeroU64::new(9).unwrap())
        .await
        .unwrap();
    assert!(past.items.is_empty());
    assert_eq!(past.total_pages(), Some(3));
}

#[tokio::test]
async fn scripts_answer_in_sequence_then_fall_back() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap().with_max_retries(0);
    server.script(
        "get_group_conversation",
        [
            Answer::status(503).times(2),
            Answer::error(403, "ERR_NOT_A_MEMBER", "Not a member."),
            Answer::json(
                200,
                &json!({"data": [{"conversationId": "group_x", "conversationType": "group"}]}),
            )
            .header("x-ratelimit-remaining", "7"),
        ],
    );
    let get = || {
        client
            .get_group_conversation("project-group")
            .on_behalf_of("u1")
    };
    for expected in [503, 503] {
        let error = get().await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(expected));
        assert_eq!(
            error.code().map(|code| code.as_str()),
            Some("ERR_SERVICE_UNAVAILABLE")
        );
    }
    assert_eq!(
        get().await.unwrap_err().code(),
        Some(&ErrorCode::ErrNotAMember)
    );
    let scripted = get().await.unwrap();
    assert_eq!(scripted.conversation_id, "group_x");
    assert_eq!(scripted.rate_limit().remaining, Some(7));
    // Spent: the stand-in answers from its state again.
    assert_eq!(get().await.unwrap().conversation_id, "group_project-group");

    // Per path: other groups are not affected.
    server.add_conversation(&conversation("group_other", "group", "0"));
    server.script_path(
        "get_group_conversation",
        "/v3/groups/other/conversation",
        [Answer::status(404).repeatedly()],
    );
    assert!(get().await.is_ok());
    for _ in 0..3 {
        let error = client
            .get_group_conversation("other")
            .on_behalf_of("u1")
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    }
    server.clear_scripts();
    assert!(client
        .get_group_conversation("other")
        .on_behalf_of("u1")
        .await
        .is_ok());

    // A request the spec refuses is refused before any script.
    server.script("get_group_conversation", [Answer::sample()]);
    let (status, _, _) = raw("GET", "/v3/groups/project-group/conversation")
        .without("onBehalfOf")
        .send(&server)
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        server.requests().last().unwrap().operation,
        Some("get_group_conversation")
    );
}

#[tokio::test]
#[should_panic(expected = "the spec has no operation \"get_grop_conversation\"")]
async fn a_misspelt_operation_fails_the_test() {
    let server = MockServer::start().await.unwrap();
    server.script("get_grop_conversation", [Answer::sample()]);
}

/// Under paused time, the client's waits and the stand-in's delays take no real
/// time: a 429 asking for 20 seconds is retried at once.
#[tokio::test(start_paused = true)]
async fn rate_limits_are_retried_without_real_waits_under_paused_time() {
    let server = MockServer::start().await.unwrap();
    server.script(
        "list_pinned_conversations",
        [Answer::status(429)
            .header("retry-after", "20")
            .header("x-ratelimit-remaining", "0")],
    );
    let client = server.client().unwrap();
    let (real, virtual_) = (Instant::now(), tokio::time::Instant::now());
    let pinned = client.list_pinned_conversations().await.unwrap();
    assert_eq!(pinned.len(), 2);
    assert!(
        virtual_.elapsed() >= Duration::from_secs(20),
        "{:?}",
        virtual_.elapsed()
    );
    assert!(
        real.elapsed() < Duration::from_secs(5),
        "{:?}",
        real.elapsed()
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);

    // A slow answer meets the attempt timeout in Tokio's time, not in real time.
    server.script(
        "list_pinned_conversations",
        [Answer::stand_in().delay(Duration::from_secs(60))],
    );
    let real = Instant::now();
    let error = client
        .with_max_retries(0)
        .with_attempt_timeout(Duration::from_secs(5))
        .list_pinned_conversations()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(
        real.elapsed() < Duration::from_secs(5),
        "{:?}",
        real.elapsed()
    );
}

/// The call's deadline holds under paused time as in real time: two 20-second waits
/// do not fit in a 30-second call, so the second is not slept.
#[tokio::test(start_paused = true)]
async fn the_call_deadline_holds_under_paused_time() {
    let server = MockServer::start().await.unwrap();
    server.script(
        "list_pinned_conversations",
        [Answer::status(429).header("retry-after", "20").times(2)],
    );
    let client = server.client().unwrap();
    let start = tokio::time::Instant::now();
    let error = client.list_pinned_conversations().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(20)));
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn requests_are_recorded_with_the_key_redacted() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    client
        .update_group_conversation("project-group")
        .on_behalf_of("superhero1")
        .body(UpdateConversationRequest::builder().tags(vec!["work".into()]))
        .await
        .unwrap();
    let _ = raw("GET", "/v3/nowhere").send(&server).await;
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let update = &requests[0];
    assert_eq!(update.method, "PUT");
    assert_eq!(update.path, "/v3/groups/project-group/conversation");
    assert_eq!(update.operation, Some("update_group_conversation"));
    assert_eq!(update.header("apikey"), Some("***"));
    assert_eq!(update.header("onBehalfOf"), Some("superhero1"));
    assert_eq!(update.json(), Some(json!({"tags": ["work"]})));
    assert_eq!(requests[1].operation, None);
    assert_eq!(requests[1].header("apikey"), Some("***"));
    let printed = format!("{requests:?} {requests:#?}");
    assert!(!printed.contains(MockServer::API_KEY), "{printed}");
}
