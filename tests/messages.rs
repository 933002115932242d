//! Every operation of the Messages resource (messages, reactions, pins, saves,
//! threads) through the public API: the request it sends (method, path, query,
//! headers, body) and the answer it decodes, from the vendor's sample in the spec;
//! the stand-in keeping messages across calls (a sent message in the lists and in
//! its conversation's last message and unread count, cursor reading with filters,
//! edits, deletions, reactions, pins, saves and threads); and bad path ids refused
//! before anything is sent.

mod support;

use support::{n, raw};

use cometchat::{
    mock::MockServer,
    types::{
        Affix, CreateGroupRequest, DeleteMessageRequest, GroupType, MarkMessageInteractedRequest,
        MessageCategory, MessageIdRequest, MessageType, OutgoingMessageData, SendMessageRequest,
        UpdateMessageData, UpdateMessageRequest,
    },
    wire::RawJson,
    Client, Message, MessageKind,
};
use futures_util::TryStreamExt;
use serde_json::{json, Value};
use support::{
    operations::{self, assert_refused, data, Case, WithId},
    Server, Step,
};

fn cases() -> Vec<Case> {
    vec![
        Case {
            operation: "send_message",
            call: call!(|c| c
                .send_message()
                .on_behalf_of("superhero3")
                .body(
                    SendMessageRequest::builder()
                        .receiver("superhero5")
                        .receiver_type("user")
                        .category(MessageCategory::Message)
                        .type_(MessageType::Text)
                        .data(
                            OutgoingMessageData::try_from(
                                OutgoingMessageData::builder()
                                    .text("test hello".to_owned())
                                    .metadata(raw(json!({"key1": "val1"}))),
                            )
                            .unwrap()
                        )
                        .muid("m-1".to_owned())
                        .tags(vec!["greeting".to_owned()])
                )
                .await),
            method: "POST",
            path: "/v3/messages",
            on_behalf_of: Some("superhero3"),
            body: json!({
                "receiver": "superhero5",
                "receiverType": "user",
                "category": "message",
                "type": "text",
                "data": {"text": "test hello", "metadata": {"key1": "val1"}},
                "muid": "m-1",
                "tags": ["greeting"],
            }),
            answer: "MessageSent",
            expected: data,
        },
        Case {
            operation: "list_messages",
            call: call!(|c| c
                .list_messages()
                .on_behalf_of("superhero1")
                .limit(n(50))
                .category(MessageCategory::Message)
                .hide_deleted(true)
                .affix(Affix::Append)
                .id("10")
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/messages?affix=append&category=message&hideDeleted=true&id=10&limit=50",
            on_behalf_of: Some("superhero1"),
            body: Value::Null,
            answer: "MessageList",
            expected: data,
        },
        Case {
            operation: "get_message",
            call: call!(|c| c.get_message("1").on_behalf_of("superhero3").await),
            method: "GET",
            path: "/v3/messages/1",
            on_behalf_of: Some("superhero3"),
            body: Value::Null,
            answer: "MessageFetched",
            expected: data,
        },
        Case {
            operation: "update_message",
            call: call!(|c| c
                .update_message("1")
                .on_behalf_of("superhero3")
                .body(
                    UpdateMessageRequest::builder()
                        .data(
                            UpdateMessageData::try_from(
                                UpdateMessageData::builder()
                                    .text("edited".to_owned())
                                    .metadata(raw(json!({"k": "v"}))),
                            )
                            .unwrap()
                        )
                        .tags(vec!["edited".to_owned()])
                )
                .await),
            method: "PUT",
            path: "/v3/messages/1",
            on_behalf_of: Some("superhero3"),
            body: json!({"data": {"text": "edited", "metadata": {"k": "v"}}, "tags": ["edited"]}),
            answer: "MessageEdited",
            expected: data,
        },
        Case {
            operation: "delete_message",
            call: call!(|c| c
                .delete_message("1")
                .on_behalf_of("superhero3")
                .body(DeleteMessageRequest::builder().permanent(Some(true)))
                .await),
            method: "DELETE",
            path: "/v3/messages/1",
            on_behalf_of: Some("superhero3"),
            body: json!({"permanent": true}),
            answer: "MessageDeleted",
            expected: data,
        },
        Case {
            operation: "mark_message_interacted",
            call: call!(|c| c
                .mark_message_interacted("7")
                .on_behalf_of("superhero1")
                .body(
                    MarkMessageInteractedRequest::builder()
                        .interactions(vec!["button-1".to_owned(), "field-2".to_owned()])
                )
                .await),
            method: "PATCH",
            path: "/v3/messages/7/interacted",
            on_behalf_of: Some("superhero1"),
            body: json!({"interactions": ["button-1", "field-2"]}),
            answer: "MessageInteracted",
            expected: data,
        },
        Case {
            operation: "list_user_messages",
            call: call!(|c| c
                .list_user_messages("superhero3")
                .on_behalf_of("superhero2")
                .limit(n(30))
                .hide_replies(true)
                .types(vec![MessageType::Audio, MessageType::Video])
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/users/superhero3/messages?hideReplies=true&limit=30&types=audio&types=video",
            on_behalf_of: Some("superhero2"),
            body: Value::Null,
            answer: "UserMessageList",
            expected: data,
        },
        Case {
            operation: "list_group_messages",
            call: call!(|c| c
                .list_group_messages("supergroup")
                .on_behalf_of("superhero1")
                .limit(n(20))
                .search_key("hello")
                .tags(vec!["news".to_owned()])
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/groups/supergroup/messages?limit=20&searchKey=hello&tags=news",
            on_behalf_of: Some("superhero1"),
            body: Value::Null,
            answer: "GroupMessageList",
            expected: data,
        },
        Case {
            operation: "send_bot_message",
            call: call!(|c| c
                .send_bot_message("bot-helper")
                .body(
                    SendMessageRequest::builder()
                        .receiver("superhero1")
                        .receiver_type("user")
                        .category(MessageCategory::Interactive)
                        .type_(MessageType::Form)
                        .data(
                            OutgoingMessageData::try_from(
                                OutgoingMessageData::builder()
                                    .interactive_data(raw(json!({"title": "Survey"})))
                                    .interaction_goal(raw(
                                        json!({"type": "anyAction", "elementIds": []})
                                    ))
                                    .allow_sender_interaction(true),
                            )
                            .unwrap()
                        )
                )
                .await),
            method: "POST",
            path: "/v3/bots/bot-helper/messages",
            on_behalf_of: None,
            body: json!({
                "receiver": "superhero1",
                "receiverType": "user",
                "category": "interactive",
                "type": "form",
                "data": {
                    "interactiveData": {"title": "Survey"},
                    "interactionGoal": {"type": "anyAction", "elementIds": []},
                    "allowSenderInteraction": true,
                },
            }),
            answer: "BotMessageSent",
            expected: data,
        },
        Case {
            operation: "list_message_reactions",
            call: call!(|c| c
                .list_message_reactions("2")
                .on_behalf_of("superhero1")
                .limit(n(10))
                .affix(Affix::Append)
                .id("1")
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/messages/2/reactions?affix=append&id=1&limit=10",
            on_behalf_of: Some("superhero1"),
            body: Value::Null,
            answer: "MessageReactionList",
            expected: data,
        },
        Case {
            operation: "list_message_reactions_of",
            call: call!(|c| c
                .list_message_reactions_of("2", "😅")
                .limit(n(5))
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/messages/2/reactions/%F0%9F%98%85?limit=5",
            on_behalf_of: None,
            body: Value::Null,
            answer: "MessageReactionsOfOne",
            expected: data,
        },
        Case {
            operation: "add_message_reaction",
            call: call!(|c| c
                .add_message_reaction("2", "👍")
                .on_behalf_of("superhero1")
                .await),
            method: "POST",
            path: "/v3/messages/2/reactions/%F0%9F%91%8D",
            on_behalf_of: Some("superhero1"),
            body: Value::Null,
            answer: "MessageReactionAdded",
            expected: data,
        },
        Case {
            operation: "remove_message_reaction",
            call: call!(|c| c
                .remove_message_reaction("2", "👍")
                .on_behalf_of("superhero1")
                .await),
            method: "DELETE",
            path: "/v3/messages/2/reactions/%F0%9F%91%8D",
            on_behalf_of: Some("superhero1"),
            body: Value::Null,
            answer: "MessageReactionRemoved",
            expected: data,
        },
        Case {
            operation: "pin_message",
            call: call!(|c| c.pin_message("1").on_behalf_of("superhero1").await),
            method: "POST",
            path: "/v3/messages/1/pin",
            on_behalf_of: Some("superhero1"),
            body: Value::Null,
            answer: "MessagePinned",
            expected: data,
        },
        Case {
            operation: "unpin_message",
            call: call!(|c| c.unpin_message("1").await),
            method: "DELETE",
            path: "/v3/messages/1/pin",
            on_behalf_of: None,
            body: Value::Null,
            answer: "MessageUnpinnedOrUnsaved",
            expected: data,
        },
        Case {
            operation: "save_message",
            call: call!(|c| c.save_message("1").on_behalf_of("superhero1").await),
            method: "POST",
            path: "/v3/messages/1/save",
            on_behalf_of: Some("superhero1"),
            body: Value::Null,
            answer: "MessageSaved",
            expected: data,
        },
        Case {
            operation: "unsave_message",
            call: call!(|c| c.unsave_message("1").on_behalf_of("superhero1").await),
            method: "DELETE",
            path: "/v3/messages/1/save",
            on_behalf_of: Some("superhero1"),
            body: Value::Null,
            answer: "MessageUnpinnedOrUnsaved",
            expected: data,
        },
        Case {
            operation: "send_thread_message",
            call: call!(|c| c
                .send_thread_message("1")
                .on_behalf_of("superhero1")
                .body(
                    SendMessageRequest::builder()
                        .receiver("superhero2")
                        .receiver_type("user")
                        .category(MessageCategory::Custom)
                        .type_("location")
                        .data(
                            OutgoingMessageData::try_from(
                                OutgoingMessageData::builder()
                                    .custom_data(raw(json!({"lat": 19.07, "lng": 72.87}))),
                            )
                            .unwrap()
                        )
                        .quoted_message_id("1".to_owned())
                )
                .await),
            method: "POST",
            path: "/v3/messages/1/thread",
            on_behalf_of: Some("superhero1"),
            body: json!({
                "receiver": "superhero2",
                "receiverType": "user",
                "category": "custom",
                "type": "location",
                "data": {"customData": {"lat": 19.07, "lng": 72.87}},
                "quotedMessageId": "1",
            }),
            answer: "ThreadReplySent",
            expected: data,
        },
        Case {
            operation: "list_thread_messages",
            call: call!(|c| c
                .list_thread_messages("1")
                .on_behalf_of("superhero1")
                .limit(n(10))
                .affix(Affix::Prepend)
                .sent_at(1638423490)
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/messages/1/thread?affix=prepend&limit=10&sentAt=1638423490",
            on_behalf_of: Some("superhero1"),
            body: Value::Null,
            answer: "ThreadReplyList",
            expected: data,
        },
        Case {
            operation: "list_threads",
            call: call!(|c| c
                .list_threads()
                .on_behalf_of("cometchat-uid-1")
                .limit(n(25))
                .participated_by_me(true)
                .with_unread_reply_count(true)
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/threads?limit=25&participatedByMe=true&withUnreadReplyCount=true",
            on_behalf_of: Some("cometchat-uid-1"),
            body: Value::Null,
            answer: "ThreadList",
            expected: data,
        },
        Case {
            operation: "subscribe_thread",
            call: call!(|c| c
                .subscribe_thread("4002")
                .on_behalf_of("cometchat-uid-1")
                .await),
            method: "POST",
            path: "/v3/messages/4002/thread/subscription",
            on_behalf_of: Some("cometchat-uid-1"),
            body: Value::Null,
            answer: "ThreadSubscriptionChanged",
            expected: data,
        },
        Case {
            operation: "unsubscribe_thread",
            call: call!(|c| c
                .unsubscribe_thread("4002")
                .on_behalf_of("cometchat-uid-1")
                .await),
            method: "DELETE",
            path: "/v3/messages/4002/thread/subscription",
            on_behalf_of: Some("cometchat-uid-1"),
            body: Value::Null,
            answer: "ThreadSubscriptionChanged",
            expected: data,
        },
    ]
}

#[tokio::test]
async fn every_operation_sends_its_request_and_decodes_its_sample() {
    operations::run(cases(), &["Messages"]).await;
}

/// Two of the stand-in's seeded users.
const A: &str = "superhero2";
const B: &str = "superhero3";

/// A text message to a user or a group.
fn text_to(receiver_type: &str, receiver: &str, text: &str) -> SendMessageRequest {
    SendMessageRequest::builder()
        .receiver(receiver)
        .receiver_type(receiver_type)
        .category(MessageCategory::Message)
        .type_(MessageType::Text)
        .data(
            OutgoingMessageData::try_from(OutgoingMessageData::builder().text(text.to_owned()))
                .unwrap(),
        )
        .try_into()
        .unwrap()
}

/// A custom message (type `location`) to a user.
fn custom_to(receiver: &str) -> SendMessageRequest {
    SendMessageRequest::builder()
        .receiver(receiver)
        .receiver_type("user")
        .category(MessageCategory::Custom)
        .type_("location")
        .data(
            OutgoingMessageData::try_from(
                OutgoingMessageData::builder().custom_data(raw(json!({"lat": 1, "lng": 2}))),
            )
            .unwrap(),
        )
        .try_into()
        .unwrap()
}

/// Sends a text from `from` to the user `to`, answering the stored message.
async fn send_text(client: &Client, from: &str, to: &str, text: &str) -> Message {
    *client
        .send_message()
        .on_behalf_of(from)
        .body(text_to("user", to, text))
        .await
        .unwrap()
        .into_inner()
}

fn unread(conversation: &cometchat::Conversation) -> Option<i64> {
    conversation.unread_message_count.as_ref().map(|n| n.get())
}

fn ids(messages: &[Message]) -> Vec<&str> {
    messages.iter().map(|m| m.id.as_str()).collect()
}

fn texts(messages: &[Message]) -> Vec<&str> {
    messages
        .iter()
        .map(|m| match m.kind() {
            MessageKind::Text { text, .. } => text,
            other => panic!("not a text: {other:?}"),
        })
        .collect()
}

fn json_of(message: &Message) -> Value {
    serde_json::to_value(message).unwrap()
}

/// The code of a CometChat error, and its status.
fn api_error(error: &cometchat::Error) -> (Option<&str>, Option<u16>) {
    (
        error.code().map(|c| c.as_str()),
        error.status().map(|s| s.as_u16()),
    )
}

/// A query parameter of a recorded request's path: every value of it, in order.
fn query_values(path: &str, name: &str) -> Vec<String> {
    let Some((_, query)) = path.split_once('?') else {
        return Vec::new();
    };
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
        .collect()
}

/// A message sent from A to B shows in the lists, as the conversation's last
/// message, and in B's unread count until B reads it; a group message likewise.
#[tokio::test]
async fn a_sent_message_shows_in_lists_and_moves_the_conversation() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();

    let sent = send_text(&client, A, B, "hello B").await;
    assert!(matches!(
        sent.kind(),
        MessageKind::Text {
            text: "hello B",
            ..
        }
    ));
    assert_eq!(sent.sender.as_deref(), Some(A));
    assert_eq!(sent.receiver.as_deref(), Some(B));
    assert!(sent.sent_at.is_some(), "the stand-in stamps sentAt");

    let fetched = client.get_message(sent.id.as_str()).await.unwrap();
    assert_eq!(
        json_of(&fetched),
        json_of(&sent),
        "get answers what send stored"
    );

    let listed = client.list_user_messages(B).on_behalf_of(A).await.unwrap();
    assert_eq!(ids(&listed.items), [sent.id.as_str()]);
    let listed_by_b = client.list_user_messages(A).on_behalf_of(B).await.unwrap();
    assert_eq!(
        ids(&listed_by_b.items),
        [sent.id.as_str()],
        "the same exchange, seen by B"
    );

    let mine = client
        .get_user_conversation(B)
        .on_behalf_of(A)
        .await
        .unwrap();
    let last = mine.last_message.as_ref().expect("a last message");
    assert_eq!(last.id, sent.id);
    assert_eq!(
        unread(&mine),
        Some(0),
        "the sender has read their own message"
    );

    let theirs = client
        .get_user_conversation(A)
        .on_behalf_of(B)
        .await
        .unwrap();
    assert_eq!(
        theirs.last_message.as_ref().map(|m| m.id.clone()),
        Some(sent.id.clone())
    );
    assert_eq!(unread(&theirs), Some(1));

    client
        .mark_user_conversation_read(A)
        .on_behalf_of(B)
        .body(MessageIdRequest::builder().message_id(sent.id.clone()))
        .await
        .unwrap();
    let theirs = client
        .get_user_conversation(A)
        .on_behalf_of(B)
        .await
        .unwrap();
    assert_eq!(unread(&theirs), Some(0), "read");

    let second = send_text(&client, A, B, "are you there?").await;
    assert_ne!(second.id, sent.id);
    let theirs = client
        .get_user_conversation(A)
        .on_behalf_of(B)
        .await
        .unwrap();
    assert_eq!(unread(&theirs), Some(1), "one new message since the read");
    assert_eq!(
        theirs.last_message.as_ref().map(|m| m.id.clone()),
        Some(second.id.clone())
    );

    // A group message.
    client
        .create_group()
        .body(
            CreateGroupRequest::builder()
                .guid("msg-room")
                .name("Message room")
                .type_(GroupType::Public),
        )
        .await
        .unwrap();
    let posted = *client
        .send_message()
        .on_behalf_of(A)
        .body(text_to("group", "msg-room", "hello room"))
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        posted.kind(),
        MessageKind::Text {
            text: "hello room",
            ..
        }
    ));
    assert_eq!(posted.conversation_id.as_deref(), Some("group_msg-room"));
    let in_group = client.list_group_messages("msg-room").await.unwrap();
    assert_eq!(ids(&in_group.items), [posted.id.as_str()]);
    let group = client
        .get_group_conversation("msg-room")
        .on_behalf_of(A)
        .await
        .unwrap();
    assert_eq!(
        group.last_message.as_ref().map(|m| m.id.clone()),
        Some(posted.id.clone())
    );
    // The group message is not in the one-to-one list.
    let listed = client.list_user_messages(B).on_behalf_of(A).await.unwrap();
    assert_eq!(ids(&listed.items), [sent.id.as_str(), second.id.as_str()]);
}

/// Sends 7 texts and 3 custom messages from A to B, interleaved; answers the texts.
async fn seven_texts_three_customs(client: &Client) -> Vec<String> {
    let mut texts = Vec::new();
    for i in 1..=7 {
        let text = format!("text {i}");
        send_text(client, A, B, &text).await;
        texts.push(text);
        if i % 2 == 0 {
            client
                .send_message()
                .on_behalf_of(A)
                .body(custom_to(B))
                .await
                .unwrap();
        }
    }
    assert_eq!(texts.len(), 7);
    texts
}

/// The stand-in's message lists read by cursor: each page re-sends the filters and
/// the `limit`, later pages add the cursor's `id` and `affix`; `prepend` reads
/// newest first.
#[tokio::test]
async fn message_lists_follow_the_cursor_across_pages_with_filters() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let sent = seven_texts_three_customs(&client).await;
    let all = client
        .list_user_messages(B)
        .on_behalf_of(A)
        .limit(n(100))
        .await
        .unwrap();
    assert_eq!(all.items.len(), 10, "the 7 texts and 3 custom messages");

    let before = server.requests().len();
    let pages: Vec<_> = client
        .list_user_messages(B)
        .on_behalf_of(A)
        .limit(n(3))
        .category(MessageCategory::Message)
        .pages()
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [3, 3, 1]);
    let walked: Vec<Message> = pages
        .into_iter()
        .flat_map(|p| p.into_inner().items)
        .collect();
    assert_eq!(texts(&walked), sent, "every text, in order, once");

    let requests: Vec<_> = server.requests().split_off(before);
    assert_eq!(requests.len(), 3, "one request a page");
    for (i, request) in requests.iter().enumerate() {
        assert_eq!(request.operation, Some("list_user_messages"));
        assert_eq!(request.header("onbehalfof"), Some(A));
        assert_eq!(
            query_values(&request.path, "category"),
            ["message"],
            "{}",
            request.path
        );
        assert_eq!(
            query_values(&request.path, "limit"),
            ["3"],
            "{}",
            request.path
        );
        let cursor = (
            query_values(&request.path, "id"),
            query_values(&request.path, "affix"),
        );
        if i == 0 {
            assert_eq!(cursor, (vec![], vec![]), "{}", request.path);
        } else {
            // The id of the last message of the page before.
            let last = &walked[3 * i - 1];
            assert_eq!(
                cursor,
                (vec![last.id.as_str().to_owned()], vec!["append".to_owned()]),
                "{}",
                request.path
            );
        }
    }

    // The same through `items`.
    let items: Vec<Message> = client
        .list_user_messages(B)
        .on_behalf_of(A)
        .limit(n(3))
        .category(MessageCategory::Message)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(texts(&items), sent);

    // Newest first.
    let before = server.requests().len();
    let newest_first: Vec<Message> = client
        .list_user_messages(B)
        .on_behalf_of(A)
        .limit(n(3))
        .category(MessageCategory::Message)
        .affix(Affix::Prepend)
        .items()
        .try_collect()
        .await
        .unwrap();
    let mut reversed = sent.clone();
    reversed.reverse();
    assert_eq!(texts(&newest_first), reversed);
    let requests: Vec<_> = server.requests().split_off(before);
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(
            query_values(&request.path, "affix"),
            ["prepend"],
            "{}",
            request.path
        );
    }

    // Only the custom ones.
    let customs = client
        .list_user_messages(B)
        .on_behalf_of(A)
        .category(MessageCategory::Custom)
        .await
        .unwrap();
    assert_eq!(customs.items.len(), 3);
    assert!(customs.items.iter().all(|m| matches!(
        m.kind(),
        MessageKind::Custom {
            custom_type: "location",
            ..
        }
    )));
}

/// A filter sent as one key per value (`types=text&types=location`) keeps messages
/// of any of the values, not only of the first.
#[tokio::test]
async fn a_filter_repeated_per_value_counts_every_value() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    seven_texts_three_customs(&client).await;
    let both = client
        .list_user_messages(B)
        .on_behalf_of(A)
        .limit(n(100))
        .types(vec![MessageType::Text, MessageType::from("location")])
        .await
        .unwrap();
    let path = server.requests().last().unwrap().path.clone();
    assert_eq!(query_values(&path, "types"), ["text", "location"], "{path}");
    assert_eq!(both.items.len(), 10, "texts and locations: {path}");
}

/// Edits, deletions (soft and permanent), reactions, pins, saves and threads, as
/// the stand-in keeps them.
#[tokio::test]
async fn edit_delete_react_pin_save_thread() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let first = send_text(&client, A, B, "first").await;
    let second = send_text(&client, A, B, "second").await;
    let third = send_text(&client, A, B, "third").await;
    let id = |m: &Message| m.id.as_str().to_owned();

    // Edit.
    assert!(first.edited_at.is_none());
    client
        .update_message(id(&first))
        .on_behalf_of(A)
        .body(
            UpdateMessageRequest::builder().data(
                UpdateMessageData::try_from(
                    UpdateMessageData::builder().text("first, edited".to_owned()),
                )
                .unwrap(),
            ),
        )
        .await
        .unwrap();
    let edited = client.get_message(id(&first)).await.unwrap();
    assert!(matches!(
        edited.kind(),
        MessageKind::Text {
            text: "first, edited",
            ..
        }
    ));
    assert!(edited.edited_at.is_some());
    assert_eq!(edited.edited_by.as_deref(), Some(A));

    // Soft deletion: still there, marked.
    client
        .delete_message(id(&first))
        .on_behalf_of(A)
        .await
        .unwrap();
    let deleted = client.get_message(id(&first)).await.unwrap();
    assert!(deleted.deleted_at.is_some());
    assert_eq!(deleted.deleted_by.as_deref(), Some(A));

    // Permanent deletion: gone.
    client
        .delete_message(id(&second))
        .on_behalf_of(A)
        .body(DeleteMessageRequest::builder().permanent(Some(true)))
        .await
        .unwrap();
    let error = client.get_message(id(&second)).await.unwrap_err();
    assert_eq!(
        api_error(&error),
        (Some("ERR_MESSAGE_ID_NOT_FOUND"), Some(404))
    );

    // Reactions: two users, two reactions.
    let thumbs = "👍";
    client
        .add_message_reaction(id(&third), thumbs)
        .on_behalf_of(A)
        .await
        .unwrap();
    client
        .add_message_reaction(id(&third), "❤️")
        .on_behalf_of(A)
        .await
        .unwrap();
    let reacted = client
        .add_message_reaction(id(&third), thumbs)
        .on_behalf_of(B)
        .await
        .unwrap();
    let counts = reaction_counts(&reacted);
    assert_eq!(
        counts,
        [(thumbs.to_owned(), Some(2)), ("❤️".to_owned(), Some(1))]
    );
    let all = client.list_message_reactions(id(&third)).await.unwrap();
    let who: Vec<(&str, Option<&str>)> = all
        .items
        .iter()
        .map(|r| (r.reaction.as_str(), r.uid.as_deref()))
        .collect();
    assert_eq!(who, [(thumbs, Some(A)), ("❤️", Some(A)), (thumbs, Some(B))]);
    let of_thumbs = client
        .list_message_reactions_of(id(&third), thumbs)
        .await
        .unwrap();
    let uids: Vec<Option<&str>> = of_thumbs.items.iter().map(|r| r.uid.as_deref()).collect();
    assert_eq!(uids, [Some(A), Some(B)]);
    let removed = client
        .remove_message_reaction(id(&third), thumbs)
        .on_behalf_of(B)
        .await
        .unwrap();
    let counts = reaction_counts(&removed);
    assert_eq!(
        counts,
        [(thumbs.to_owned(), Some(1)), ("❤️".to_owned(), Some(1))]
    );
    let of_thumbs = client
        .list_message_reactions_of(id(&third), thumbs)
        .await
        .unwrap();
    let uids: Vec<Option<&str>> = of_thumbs.items.iter().map(|r| r.uid.as_deref()).collect();
    assert_eq!(uids, [Some(A)], "B's reaction is gone, A's stays");

    // Pin and unpin.
    let pinned = client
        .pin_message(id(&third))
        .on_behalf_of(A)
        .await
        .unwrap();
    assert_eq!(pinned.pinned_by.as_deref(), Some(A));
    assert!(pinned.pinned_at.is_some());
    let kept = client.get_message(id(&third)).await.unwrap();
    assert_eq!(kept.pinned_by.as_deref(), Some(A));
    let unpinned = client.unpin_message(id(&third)).await.unwrap();
    assert!(unpinned.pinned_by.is_none() && unpinned.pinned_at.is_none());
    assert!(client
        .get_message(id(&third))
        .await
        .unwrap()
        .pinned_by
        .is_none());

    // Save and unsave.
    let saved = client
        .save_message(id(&third))
        .on_behalf_of(A)
        .await
        .unwrap();
    assert!(saved.saved_at.is_some());
    let unsaved = client
        .unsave_message(id(&third))
        .on_behalf_of(A)
        .await
        .unwrap();
    assert!(unsaved.saved_at.is_none());

    // A thread.
    let reply = client
        .send_thread_message(id(&third))
        .on_behalf_of(B)
        .body(text_to("user", A, "a reply"))
        .await
        .unwrap();
    assert_eq!(reply.parent_id.as_ref(), Some(&third.id));
    assert!(matches!(
        reply.kind(),
        MessageKind::Text {
            text: "a reply",
            ..
        }
    ));
    let replies = client.list_thread_messages(id(&third)).await.unwrap();
    assert_eq!(ids(&replies.items), [reply.id.as_str()]);
    let threads = client.list_threads().await.unwrap();
    assert_eq!(ids(&threads.items), [third.id.as_str()]);
    let thread = &threads.items[0];
    assert_eq!(thread.reply_count.as_ref().map(|n| n.get()), Some(1));
    assert_eq!(
        thread.last_reply.as_ref().map(|m| m.id.clone()),
        Some(reply.id.clone())
    );

    let error = client
        .send_thread_message("999999")
        .on_behalf_of(B)
        .body(text_to("user", A, "lost"))
        .await
        .unwrap_err();
    assert_eq!(
        api_error(&error),
        (Some("ERR_MESSAGE_ID_NOT_FOUND"), Some(404))
    );
    let error = client.list_thread_messages("999999").await.unwrap_err();
    assert_eq!(
        api_error(&error),
        (Some("ERR_MESSAGE_ID_NOT_FOUND"), Some(404))
    );
}

/// As the spec says (and its samples show), an edit and a deletion answer an
/// action message (category `action`) whose `data.entities.on` is the message,
/// not the message itself.
#[tokio::test]
async fn edits_and_deletions_answer_an_action_message() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let sent = send_text(&client, A, B, "to edit").await;
    let id = sent.id.as_str().to_owned();
    let sample: Message =
        serde_json::from_value(support::example("MessageEdited")["data"].clone()).unwrap();
    assert!(
        matches!(sample.kind(), MessageKind::Action { on: Some(_), .. }),
        "the sample is an action message: {:?}",
        sample.kind()
    );
    let edited = client
        .update_message(&id)
        .on_behalf_of(A)
        .body(UpdateMessageRequest::builder().data(
            UpdateMessageData::try_from(UpdateMessageData::builder().text("x".to_owned())).unwrap(),
        ))
        .await
        .unwrap();
    assert!(
        matches!(edited.kind(), MessageKind::Action { on: Some(_), .. }),
        "update_message answered {:?}",
        edited.kind()
    );
    let deleted = client.delete_message(&id).on_behalf_of(A).await.unwrap();
    assert!(
        matches!(deleted.kind(), MessageKind::Action { on: Some(_), .. }),
        "delete_message answered {:?}",
        deleted.kind()
    );
}

/// Every operation with a message id in its path, with the bad id there.
fn with_message_ids() -> Vec<(&'static str, &'static str, WithId)> {
    vec![
        ("get_message", "message_id", |c, id| {
            Box::pin(async move { c.get_message(id).await.map(drop) })
        }),
        ("update_message", "message_id", |c, id| {
            Box::pin(async move {
                c.update_message(id)
                    .body(UpdateMessageRequest::builder().tags(vec!["t".to_owned()]))
                    .await
                    .map(drop)
            })
        }),
        ("delete_message", "message_id", |c, id| {
            Box::pin(async move { c.delete_message(id).await.map(drop) })
        }),
        ("mark_message_interacted", "message_id", |c, id| {
            Box::pin(async move {
                c.mark_message_interacted(id)
                    .on_behalf_of("u1")
                    .body(MarkMessageInteractedRequest::builder().interactions(vec![]))
                    .await
                    .map(drop)
            })
        }),
        ("list_message_reactions", "message_id", |c, id| {
            Box::pin(async move { c.list_message_reactions(id).await.map(drop) })
        }),
        ("list_message_reactions_of", "message_id", |c, id| {
            Box::pin(async move { c.list_message_reactions_of(id, "👍").await.map(drop) })
        }),
        ("add_message_reaction", "message_id", |c, id| {
            Box::pin(async move {
                c.add_message_reaction(id, "👍")
                    .on_behalf_of("u1")
                    .await
                    .map(drop)
            })
        }),
        ("remove_message_reaction", "message_id", |c, id| {
            Box::pin(async move {
                c.remove_message_reaction(id, "👍")
                    .on_behalf_of("u1")
                    .await
                    .map(drop)
            })
        }),
        ("pin_message", "message_id", |c, id| {
            Box::pin(async move { c.pin_message(id).await.map(drop) })
        }),
        ("unpin_message", "message_id", |c, id| {
            Box::pin(async move { c.unpin_message(id).await.map(drop) })
        }),
        ("save_message", "message_id", |c, id| {
            Box::pin(async move { c.save_message(id).on_behalf_of("u1").await.map(drop) })
        }),
        ("unsave_message", "message_id", |c, id| {
            Box::pin(async move { c.unsave_message(id).on_behalf_of("u1").await.map(drop) })
        }),
        ("send_thread_message", "message_id", |c, id| {
            Box::pin(async move {
                c.send_thread_message(id)
                    .on_behalf_of("u1")
                    .body(text_to("user", "u2", "x"))
                    .await
                    .map(drop)
            })
        }),
        ("list_thread_messages", "message_id", |c, id| {
            Box::pin(async move { c.list_thread_messages(id).await.map(drop) })
        }),
        ("subscribe_thread", "message_id", |c, id| {
            Box::pin(async move { c.subscribe_thread(id).on_behalf_of("u1").await.map(drop) })
        }),
        ("unsubscribe_thread", "message_id", |c, id| {
            Box::pin(async move { c.unsubscribe_thread(id).on_behalf_of("u1").await.map(drop) })
        }),
        // The reaction is text in a path too.
        ("list_message_reactions_of", "reaction", |c, reaction| {
            Box::pin(async move { c.list_message_reactions_of("1", reaction).await.map(drop) })
        }),
        ("add_message_reaction", "reaction", |c, reaction| {
            Box::pin(async move {
                c.add_message_reaction("1", reaction)
                    .on_behalf_of("u1")
                    .await
                    .map(drop)
            })
        }),
        ("remove_message_reaction", "reaction", |c, reaction| {
            Box::pin(async move {
                c.remove_message_reaction("1", reaction)
                    .on_behalf_of("u1")
                    .await
                    .map(drop)
            })
        }),
    ]
}

/// Every operation of this resource with a `uid` or `guid` in its path.
fn with_user_or_group_ids() -> Vec<(&'static str, &'static str, WithId)> {
    vec![
        ("list_user_messages", "uid", |c, id| {
            Box::pin(async move { c.list_user_messages(id).await.map(drop) })
        }),
        ("list_group_messages", "guid", |c, id| {
            Box::pin(async move { c.list_group_messages(id).await.map(drop) })
        }),
        ("send_bot_message", "uid", |c, id| {
            Box::pin(async move {
                c.send_bot_message(id)
                    .body(text_to("user", "u2", "x"))
                    .await
                    .map(drop)
            })
        }),
    ]
}

/// A message id or reaction that cannot stand in a URL path (empty, `.`, `..`, a
/// backslash, a control character) or breaks the spec's length (over 100
/// characters), and a UID or GUID that is not a CometChat id, are refused before
/// any request; the longest good ids go through.
#[tokio::test]
async fn bad_ids_are_refused_before_any_request() {
    let server = Server::start(vec![Step::json(200, &support::example("MessageFetched"))]).await;
    let client = support::client(&server);
    let too_long = "1".repeat(101);
    let bad_text = ["", ".", "..", "a\\b", "a\u{7}b", "a\r\nb", &too_long];
    for (operation, param, call) in with_message_ids() {
        for id in bad_text {
            let what = format!("{operation}({param} = {id:?})");
            assert_refused(&server, call(client.clone(), id.to_owned()), param, &what).await;
        }
    }
    let bad_id = ["", "a/b", "..", ".", "a b", "a%2Fb", "a\r\nb", &too_long];
    for (operation, param, call) in with_user_or_group_ids() {
        for id in bad_id {
            let what = format!("{operation}({param} = {id:?})");
            assert_refused(&server, call(client.clone(), id.to_owned()), param, &what).await;
        }
    }
    assert_eq!(server.seen().len(), 0, "a refused call reached the server");

    // The rules' edge: 100 characters go through.
    let id = "1".repeat(100);
    client.get_message(&id).await.unwrap();
    let uid = "u".repeat(100);
    client.list_user_messages(&uid).await.unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].path, format!("/v3/messages/{id}"));
    assert_eq!(seen[1].path, format!("/v3/users/{uid}/messages"));
}

/// A message id is text, not an alpha-dash id: one holding `/` stays one path
/// segment, percent-encoded, and can never reach another route.
#[tokio::test]
async fn a_message_id_with_a_slash_stays_one_segment() {
    let server = Server::start(vec![Step::json(200, &support::example("MessageFetched"))]).await;
    let client = support::client(&server);
    client
        .get_message("a/b")
        .await
        .expect("the id is sent, encoded");
    assert_eq!(server.seen()[0].path, "/v3/messages/a%2Fb");
}

/// A page of messages `ids` with `meta.next` set to `next` (or none).
fn cursor_page(ids: &[i64], limit: usize, next: Option<Value>) -> Value {
    let data: Vec<Value> = ids
        .iter()
        .map(|id| json!({"id": id.to_string(), "category": "message", "type": "text", "sentAt": 1000 + id}))
        .collect();
    let mut meta = json!({"current": {"limit": limit, "count": ids.len()}});
    if let Some(next) = next {
        meta["next"] = next;
    }
    json!({"data": data, "meta": meta})
}

/// How a message stream ends: after a short or empty page, an answer without a
/// cursor (or one naming no position), and a cursor that did not move on in the
/// list's direction (by `sentAt`, then `id`): no message comes twice, and no
/// server can make a stream walk forever. Each case: the answers, the ids walked,
/// the requests made.
#[tokio::test]
async fn a_message_stream_ends_where_the_cursor_says() {
    let next = |affix: &str, id: Value, sent_at: Value| json!({"affix": affix, "id": id, "sentAt": sent_at});
    let cases: Vec<(&str, Vec<Value>, Vec<&str>, usize)> = vec![
        (
            "a short page",
            vec![
                cursor_page(&[1, 2], 2, Some(next("append", json!("2"), json!(1002)))),
                cursor_page(&[3], 2, Some(next("append", json!("3"), json!(1003)))),
            ],
            vec!["1", "2", "3"],
            2,
        ),
        (
            "an empty page",
            vec![
                cursor_page(&[1, 2], 2, Some(next("append", json!("2"), json!(1002)))),
                cursor_page(&[], 2, None),
            ],
            vec!["1", "2"],
            2,
        ),
        (
            "no cursor",
            vec![cursor_page(&[1, 2], 2, None)],
            vec!["1", "2"],
            1,
        ),
        (
            "a cursor naming no position",
            vec![cursor_page(&[1, 2], 2, Some(json!({"affix": "append"})))],
            vec!["1", "2"],
            1,
        ),
        (
            "the same cursor again",
            vec![
                cursor_page(&[1, 2], 2, Some(next("append", json!("2"), json!(1002)))),
                cursor_page(&[1, 2], 2, Some(next("append", json!("2"), json!(1002)))),
            ],
            vec!["1", "2"],
            2,
        ),
        (
            "a cursor going back",
            vec![
                cursor_page(&[1, 2], 2, Some(next("append", json!("2"), json!(1002)))),
                cursor_page(&[1, 2], 2, Some(next("append", json!(1), json!("1001")))),
            ],
            vec!["1", "2"],
            2,
        ),
        (
            "the same second, a later id (moves on)",
            vec![
                cursor_page(&[1, 2], 2, Some(next("append", json!("2"), json!(1002)))),
                cursor_page(&[3, 4], 2, Some(next("append", json!("4"), json!(1002)))),
                cursor_page(&[], 2, None),
            ],
            vec!["1", "2", "3", "4"],
            3,
        ),
        (
            "prepend, ids going down (moves on)",
            vec![
                cursor_page(&[9, 8], 2, Some(next("prepend", json!("8"), json!(1008)))),
                cursor_page(&[7], 2, Some(next("prepend", json!("7"), json!(1007)))),
            ],
            vec!["9", "8", "7"],
            2,
        ),
        (
            "prepend, a cursor going up",
            vec![
                cursor_page(&[9, 8], 2, Some(next("prepend", json!("8"), json!(1008)))),
                cursor_page(
                    &[10, 11],
                    2,
                    Some(next("prepend", json!("11"), json!(1011))),
                ),
            ],
            vec!["9", "8"],
            2,
        ),
        (
            "an edit moved updatedAt back; sentAt and id go on (moves on)",
            vec![
                cursor_page(
                    &[1, 2],
                    2,
                    Some(json!({"affix": "append", "id": "2", "sentAt": 1002, "updatedAt": 1900})),
                ),
                cursor_page(
                    &[3],
                    2,
                    Some(json!({"affix": "append", "id": "3", "sentAt": 1003, "updatedAt": 1003})),
                ),
            ],
            vec!["1", "2", "3"],
            2,
        ),
        (
            "the list turned around",
            vec![
                cursor_page(&[1, 2], 2, Some(next("append", json!("2"), json!(1002)))),
                cursor_page(&[3, 4], 2, Some(next("prepend", json!("1"), json!(1001)))),
            ],
            vec!["1", "2"],
            2,
        ),
        (
            "ids that are not numbers, the same second, a later id (moves on)",
            vec![
                cursor_page(&[1, 2], 2, Some(next("append", json!("m-b"), json!(1002)))),
                cursor_page(&[3], 2, Some(next("append", json!("m-c"), json!(1002)))),
            ],
            vec!["1", "2", "3"],
            2,
        ),
        (
            "ids that are not numbers, a later time (moves on)",
            vec![
                cursor_page(&[1, 2], 2, Some(next("append", json!("m-b"), json!(1002)))),
                cursor_page(&[3], 2, Some(next("append", json!("m-c"), json!(1003)))),
            ],
            vec!["1", "2", "3"],
            2,
        ),
    ];
    for (what, answers, walked, requests) in cases {
        let server = Server::start(answers.iter().map(|a| Step::json(200, a)).collect()).await;
        let messages: Vec<Message> = support::client(&server)
            .list_user_messages("bob")
            .limit(n(2))
            .category(MessageCategory::Message)
            .items()
            .try_collect()
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let ids: Vec<String> = messages.iter().map(|m| m.id.to_string()).collect();
        assert_eq!(ids, walked, "{what}");
        let seen = server.seen();
        assert_eq!(seen.len(), requests, "{what}");
        // Every request re-sends the filter; the later ones carry the cursor.
        for (i, request) in seen.iter().enumerate() {
            assert!(
                request.path.contains("category=message"),
                "{what}: {}",
                request.path
            );
            assert_eq!(
                request.path.contains("affix="),
                i > 0,
                "{what}: {}",
                request.path
            );
        }
    }
}

/// Each reaction on a message, with its count, in the order CometChat lists them.
fn reaction_counts(message: &Message) -> Vec<(String, Option<i64>)> {
    message
        .data
        .as_ref()
        .unwrap()
        .reactions
        .iter()
        .map(|r| (r.reaction.clone(), r.count.as_ref().map(|c| c.get())))
        .collect()
}

/// A field the spec does not have yet (a flag CometChat documents elsewhere) rides
/// in the body's `extra`, sent exactly as given beside the typed fields.
#[tokio::test]
async fn an_undocumented_flag_is_sent_from_extra() {
    let server = Server::start(vec![Step::json(200, &support::example("MessageSent"))]).await;
    let mut extra = cometchat::wire::Extra::new();
    extra.insert("muted".to_owned(), RawJson::from_text("true").unwrap());
    extra.insert(
        "skipUnreadCount".to_owned(),
        RawJson::from_text("1.0").unwrap(),
    );
    let body = SendMessageRequest::builder()
        .receiver("bob")
        .receiver_type("user")
        .category(MessageCategory::Message)
        .type_(MessageType::Text)
        .extra(extra);
    support::client(&server)
        .send_message()
        .on_behalf_of("alice")
        .body(body)
        .await
        .unwrap();
    let sent = String::from_utf8(server.seen()[0].body.clone()).unwrap();
    assert_eq!(
        sent,
        r#"{"category":"message","receiver":"bob","receiverType":"user","type":"text","muted":true,"skipUnreadCount":1.0}"#
    );
}
