//! Every operation of the Conversations resource through the public API: the request
//! it sends (method, path, query, headers, body) and the answer it decodes, from the
//! vendor's sample in the spec. One table; each row is one operation.
#![allow(deprecated)] // get_conversation and delete_conversation are tested too.

mod support;

use std::{future::Future, num::NonZeroU64, pin::Pin};

use cometchat::{
    types::{
        MessageIdRequest, PinnedConversationTarget, ReplacePinnedConversationsRequest,
        ResetUserConversationRequest, UpdateConversationRequest,
    },
    Error,
};
use serde_json::{json, Value};
use support::{
    example,
    operations::{self, data, first_of_data, Case},
    Server, Step,
};

fn cases() -> Vec<Case> {
    let read_up_to = || MessageIdRequest::builder().message_id(cometchat::wire::Id::from("340"));
    vec![
        Case {
            operation: "list_conversations",
            call: call!(|c| c
                .list_conversations()
                .on_behalf_of("superhero1")
                .per_page(NonZeroU64::new(50).unwrap())
                .page(NonZeroU64::new(2).unwrap())
                .unread(true)
                .tags(["work", "urgent"])
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/conversations?page=2&perPage=50&tags=work%2Curgent&unread=true",
            on_behalf_of: Some("superhero1"),
            body: Value::Null,
            answer: "ConversationList",
            expected: data,
        },
        Case {
            operation: "list_pinned_conversations",
            call: call!(|c| c.list_pinned_conversations().await),
            method: "GET",
            path: "/v3/conversations/pinned",
            on_behalf_of: None,
            body: Value::Null,
            answer: "PinnedConversationList",
            expected: data,
        },
        Case {
            operation: "replace_pinned_conversations",
            call: call!(|c| c
                .replace_pinned_conversations()
                .body(
                    ReplacePinnedConversationsRequest::builder().pinned_conversations(vec![
                        PinnedConversationTarget::builder()
                            .guid(Some("supergroup".parse().unwrap()))
                            .try_into()
                            .unwrap(),
                        PinnedConversationTarget::builder()
                            .uid(Some("superhero2".parse().unwrap()))
                            .try_into()
                            .unwrap(),
                    ])
                )
                .await),
            method: "PUT",
            path: "/v3/conversations/pinned",
            on_behalf_of: None,
            body: example("PinnedConversationTargets"),
            answer: "PinnedConversationList",
            expected: data,
        },
        Case {
            operation: "get_conversation",
            call: call!(|c| c
                .get_conversation("group_project-group")
                .on_behalf_of("superhero1")
                .await),
            method: "GET",
            path: "/v3/conversations/group_project-group",
            on_behalf_of: Some("superhero1"),
            body: Value::Null,
            answer: "ConversationWithReceipts",
            expected: first_of_data,
        },
        Case {
            operation: "delete_conversation",
            call: call!(|c| c
                .delete_conversation("superhero1_user_superhero2")
                .on_behalf_of("superhero1")
                .await),
            method: "DELETE",
            path: "/v3/conversations/superhero1_user_superhero2",
            on_behalf_of: Some("superhero1"),
            body: Value::Null,
            answer: "ConversationDeleted",
            expected: data,
        },
        Case {
            operation: "get_user_conversation",
            call: call!(|c| c
                .get_user_conversation("superhero2")
                .on_behalf_of("superhero1")
                .await),
            method: "GET",
            path: "/v3/users/superhero2/conversation",
            on_behalf_of: Some("superhero1"),
            body: Value::Null,
            answer: "UserConversation",
            expected: first_of_data,
        },
        Case {
            operation: "update_user_conversation",
            call: call!(|c| c
                .update_user_conversation("superhero2")
                .on_behalf_of("superhero1")
                .body(UpdateConversationRequest::builder().tags(vec!["archived".to_owned()]))
                .await),
            method: "PUT",
            path: "/v3/users/superhero2/conversation",
            on_behalf_of: Some("superhero1"),
            body: json!({"tags": ["archived"]}),
            answer: "ConversationWithReceipts",
            expected: first_of_data,
        },
        Case {
            operation: "reset_user_conversation",
            call: call!(|c| c
                .reset_user_conversation("superhero2")
                .on_behalf_of("superhero1")
                .body(
                    ResetUserConversationRequest::builder().delete_messages_permanently(Some(true))
                )
                .await),
            method: "DELETE",
            path: "/v3/users/superhero2/conversation",
            on_behalf_of: Some("superhero1"),
            body: json!({"deleteMessagesPermanently": true, "preserveOrder": false}),
            answer: "ConversationReset",
            expected: data,
        },
        Case {
            operation: "pin_user_conversation",
            call: call!(|c| c
                .pin_user_conversation("superhero2")
                .on_behalf_of("superhero1")
                .await),
            method: "POST",
            path: "/v3/users/superhero2/conversation/pin",
            on_behalf_of: Some("superhero1"),
            body: Value::Null,
            answer: "UserConversationPinned",
            expected: data,
        },
        Case {
            operation: "unpin_user_conversation",
            call: call!(|c| c
                .unpin_user_conversation("superhero2")
                .on_behalf_of("superhero1")
                .await),
            method: "DELETE",
            path: "/v3/users/superhero2/conversation/pin",
            on_behalf_of: Some("superhero1"),
            body: Value::Null,
            answer: "UserConversationUnpinned",
            expected: data,
        },
        Case {
            operation: "mark_user_conversation_delivered",
            call: call!(|c| c
                .mark_user_conversation_delivered("superhero2")
                .on_behalf_of("superhero1")
                .body(read_up_to())
                .await),
            method: "POST",
            path: "/v3/users/superhero2/conversation/delivered",
            on_behalf_of: Some("superhero1"),
            body: json!({"messageId": "340"}),
            answer: "UserConversationDelivered",
            expected: data,
        },
        Case {
            operation: "mark_user_conversation_read",
            call: call!(|c| c
                .mark_user_conversation_read("superhero2")
                .on_behalf_of("superhero1")
                .body(read_up_to())
                .await),
            method: "POST",
            path: "/v3/users/superhero2/conversation/read",
            on_behalf_of: Some("superhero1"),
            body: json!({"messageId": "340"}),
            answer: "UserConversationRead",
            expected: data,
        },
        Case {
            operation: "mark_user_conversation_unread",
            call: call!(|c| c
                .mark_user_conversation_unread("demo1")
                .on_behalf_of("demo3")
                .body(read_up_to())
                .await),
            method: "DELETE",
            path: "/v3/users/demo1/conversation/read",
            on_behalf_of: Some("demo3"),
            body: json!({"messageId": "340"}),
            answer: "ConversationUnread",
            expected: data,
        },
        Case {
            operation: "get_group_conversation",
            call: call!(|c| c
                .get_group_conversation("project-group")
                .on_behalf_of("cometchat-uid-4")
                .await),
            method: "GET",
            path: "/v3/groups/project-group/conversation",
            on_behalf_of: Some("cometchat-uid-4"),
            body: Value::Null,
            answer: "GroupConversation",
            expected: first_of_data,
        },
        Case {
            operation: "update_group_conversation",
            call: call!(|c| c
                .update_group_conversation("project-group")
                .on_behalf_of("superhero1")
                .body(UpdateConversationRequest::builder().tags(vec![]))
                .await),
            method: "PUT",
            path: "/v3/groups/project-group/conversation",
            on_behalf_of: Some("superhero1"),
            body: json!({"tags": []}),
            answer: "ConversationWithReceipts",
            expected: first_of_data,
        },
        Case {
            operation: "reset_group_conversation",
            call: call!(|c| c
                .reset_group_conversation("project-group")
                .on_behalf_of("superhero1")
                .await),
            method: "DELETE",
            path: "/v3/groups/project-group/conversation",
            on_behalf_of: Some("superhero1"),
            body: json!({"preserveOrder": false}),
            answer: "ConversationReset",
            expected: data,
        },
        Case {
            operation: "pin_group_conversation",
            call: call!(|c| c
                .pin_group_conversation("supergroup")
                .on_behalf_of("superhero1")
                .await),
            method: "POST",
            path: "/v3/groups/supergroup/conversation/pin",
            on_behalf_of: Some("superhero1"),
            body: Value::Null,
            answer: "GroupConversationPinned",
            expected: data,
        },
        Case {
            operation: "unpin_group_conversation",
            call: call!(|c| c
                .unpin_group_conversation("supergroup")
                .on_behalf_of("superhero1")
                .await),
            method: "DELETE",
            path: "/v3/groups/supergroup/conversation/pin",
            on_behalf_of: Some("superhero1"),
            body: Value::Null,
            answer: "GroupConversationUnpinned",
            expected: data,
        },
        Case {
            operation: "mark_group_conversation_delivered",
            call: call!(|c| c
                .mark_group_conversation_delivered("supergroup")
                .on_behalf_of("superhero1")
                .await),
            method: "POST",
            path: "/v3/groups/supergroup/conversation/delivered",
            on_behalf_of: Some("superhero1"),
            // An optional body left unset goes out as an empty object.
            body: json!({}),
            answer: "GroupConversationDelivered",
            expected: data,
        },
        Case {
            operation: "mark_group_conversation_read",
            call: call!(|c| c
                .mark_group_conversation_read("supergroup")
                .on_behalf_of("superhero1")
                .body(read_up_to())
                .await),
            method: "POST",
            path: "/v3/groups/supergroup/conversation/read",
            on_behalf_of: Some("superhero1"),
            body: json!({"messageId": "340"}),
            answer: "GroupConversationRead",
            expected: data,
        },
        Case {
            operation: "mark_group_conversation_unread",
            call: call!(|c| c
                .mark_group_conversation_unread("supergroup")
                .on_behalf_of("superhero1")
                .body(read_up_to())
                .await),
            method: "DELETE",
            path: "/v3/groups/supergroup/conversation/read",
            on_behalf_of: Some("superhero1"),
            body: json!({"messageId": "340"}),
            answer: "ConversationUnread",
            expected: data,
        },
    ]
}

#[tokio::test]
async fn every_operation_sends_its_request_and_decodes_its_sample() {
    operations::run(cases(), &["Conversations"]).await;
}

/// A page of `count` conversations numbered from `first`, with CometChat's
/// pagination numbers (and its quirk of `total: 0`).
fn page_of(first: usize, count: usize, current: u64, total_pages: u64) -> Value {
    let conversation = example("ConversationList")["data"][0].clone();
    let items: Vec<Value> = (first..first + count)
        .map(|n| {
            let mut item = conversation.clone();
            item["conversationId"] = json!(format!("group_g{n}"));
            item
        })
        .collect();
    json!({
        "data": items,
        "meta": {"pagination": {
            "total": 0, "count": count, "per_page": 2,
            "current_page": current, "total_pages": total_pages,
        }},
    })
}

fn ids(items: &[cometchat::Conversation]) -> Vec<String> {
    items.iter().map(|c| c.conversation_id.clone()).collect()
}

#[tokio::test]
async fn a_list_streams_every_page_and_resends_its_filters() {
    use futures_util::TryStreamExt;

    // Stops on a short page, though `total_pages` says more would follow.
    let server = Server::start(vec![
        Step::json(200, &page_of(1, 2, 1, 9)),
        Step::json(200, &page_of(3, 2, 2, 9)),
        Step::json(200, &page_of(5, 1, 3, 9)),
    ])
    .await;
    let items: Vec<_> = support::client(&server)
        .list_conversations()
        .on_behalf_of("superhero1")
        .per_page(NonZeroU64::new(2).unwrap())
        .tags(["work"])
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        ids(&items),
        ["group_g1", "group_g2", "group_g3", "group_g4", "group_g5"]
    );
    let seen = server.seen();
    assert_eq!(
        seen.len(),
        3,
        "one request a page, none after the short page"
    );
    for (n, request) in seen.iter().enumerate() {
        assert_eq!(
            request.path,
            format!("/v3/conversations?page={}&perPage=2&tags=work", n + 1)
        );
        assert_eq!(request.header("onbehalfof"), Some("superhero1"));
    }

    // Stops when `current_page` reaches `total_pages`, and on an empty page; pages
    // keep their numbers.
    for (script, expected_pages) in [
        (
            vec![
                page_of(1, 2, 1, 2),
                page_of(3, 2, 2, 2),
                page_of(9, 2, 3, 3),
            ],
            2,
        ),
        (
            vec![
                page_of(1, 2, 1, 9),
                page_of(3, 0, 2, 9),
                page_of(9, 2, 3, 9),
            ],
            2,
        ),
    ] {
        let server = Server::start(script.iter().map(|p| Step::json(200, p)).collect()).await;
        let pages: Vec<_> = support::client(&server)
            .list_conversations()
            .per_page(NonZeroU64::new(2).unwrap())
            .pages()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(pages.len(), expected_pages);
        assert_eq!(pages[0].current_page(), Some(1));
        assert_eq!(pages[0].per_page(), Some(2));
        assert_eq!(server.seen().len(), expected_pages);
    }

    // An error ends the stream after the pages before it.
    let server = Server::start(vec![
        Step::json(200, &page_of(1, 2, 1, 3)),
        Step::error(403, "AUTH_ERR_NO_ACCESS", "no"),
    ])
    .await;
    let client = support::client(&server).with_max_retries(0);
    let mut items = client
        .list_conversations()
        .per_page(NonZeroU64::new(2).unwrap())
        .items();
    assert!(items.try_next().await.unwrap().is_some());
    assert!(items.try_next().await.unwrap().is_some());
    let error = items.try_next().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
    assert!(items.try_next().await.unwrap().is_none());
}

/// Ids are checked by their own rule before anything is sent, and the acting user
/// and a required body are required.
#[tokio::test]
async fn bad_arguments_are_refused_before_any_request() {
    let server = Server::start(vec![Step::json(200, &example("ConversationDeleted"))]).await;
    let client = support::client(&server);
    let longest_conversation = format!("{}_user_{}", "a".repeat(100), "b".repeat(100));
    let too_long_conversation = format!("{longest_conversation}x");
    type Attempt = Pin<Box<dyn Future<Output = Result<(), Error>>>>;
    let refused: Vec<(&str, Attempt)> = vec![
        (
            "uid",
            Box::pin({
                let c = client.clone();
                async move {
                    c.pin_user_conversation("../admin")
                        .on_behalf_of("u")
                        .await
                        .map(drop)
                }
            }),
        ),
        (
            "guid",
            Box::pin({
                let c = client.clone();
                async move {
                    c.pin_group_conversation("a.b")
                        .on_behalf_of("u")
                        .await
                        .map(drop)
                }
            }),
        ),
        (
            "conversation_id",
            Box::pin({
                let c = client.clone();
                let id = too_long_conversation.clone();
                async move { c.delete_conversation(id).on_behalf_of("u").await.map(drop) }
            }),
        ),
        (
            "conversation_id",
            Box::pin({
                let c = client.clone();
                async move {
                    c.get_conversation("group_x/../y")
                        .on_behalf_of("u")
                        .await
                        .map(drop)
                }
            }),
        ),
        (
            "on_behalf_of",
            Box::pin({
                let c = client.clone();
                async move { c.pin_user_conversation("u").await.map(drop) }
            }),
        ),
        (
            "on_behalf_of",
            Box::pin({
                let c = client.clone();
                async move {
                    c.pin_user_conversation("u")
                        .on_behalf_of("a b")
                        .await
                        .map(drop)
                }
            }),
        ),
        (
            "on_behalf_of",
            Box::pin({
                let c = client.clone();
                async move {
                    c.list_conversations()
                        .on_behalf_of("x\r\ny")
                        .await
                        .map(drop)
                }
            }),
        ),
        (
            "body",
            Box::pin({
                let c = client.clone();
                // `tags` is required, and the body too.
                async move {
                    c.update_user_conversation("u")
                        .on_behalf_of("v")
                        .await
                        .map(drop)
                }
            }),
        ),
        (
            "body",
            Box::pin({
                let c = client.clone();
                async move {
                    c.update_user_conversation("u")
                        .on_behalf_of("v")
                        .body(UpdateConversationRequest::builder())
                        .await
                        .map(drop)
                }
            }),
        ),
    ];
    for (name, attempt) in refused {
        let error = attempt.await.unwrap_err();
        let Error::InvalidInput { name: refused, .. } = &error else {
            panic!("{name}: {error:?}");
        };
        assert_eq!(*refused, name, "{error}");
        assert!(error.to_string().contains("Nothing was sent"), "{error}");
    }
    assert_eq!(server.seen().len(), 0, "a refused call reached the server");
    client
        .delete_conversation(longest_conversation)
        .on_behalf_of("u")
        .await
        .unwrap();
    assert_eq!(server.seen().len(), 1);
}

/// An acknowledgement reads the same whichever casing of `message` CometChat used.
#[tokio::test]
async fn acknowledgements_read_either_casing() {
    for name in ["UserConversationDelivered", "ConversationUnread"] {
        let answer = example(name);
        let server = Server::start(vec![Step::json(200, &answer)]).await;
        let ack = support::client(&server)
            .mark_user_conversation_delivered("u")
            .on_behalf_of("v")
            .await
            .unwrap();
        assert!(ack.success);
        let expected = answer["data"]["message"]
            .as_str()
            .or(answer["data"]["Message"].as_str());
        assert_eq!(ack.text().as_deref(), expected, "{name}");
    }
}

/// Servers whose answers never say the list ended cannot make a stream walk
/// forever: one that ignores `page`, and one that sends no paging numbers when no
/// page size was asked for.
#[tokio::test]
async fn a_list_that_never_ends_is_not_walked_forever() {
    use futures_util::TryStreamExt;

    // Always the first page, full, and "more to come".
    let server = Server::start(vec![Step::json(200, &page_of(1, 2, 1, 9))]).await;
    let items: Vec<_> = support::client(&server)
        .list_conversations()
        .per_page(NonZeroU64::new(2).unwrap())
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), ["group_g1", "group_g2"], "no item twice");
    assert_eq!(server.seen().len(), 2);

    // No paging numbers, no page size asked for: one page, then the end.
    let mut bare = page_of(1, 2, 1, 9);
    bare.as_object_mut().unwrap().remove("meta");
    let server = Server::start(vec![Step::json(200, &bare)]).await;
    let items: Vec<_> = support::client(&server)
        .list_conversations()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(server.seen().len(), 1);
}
