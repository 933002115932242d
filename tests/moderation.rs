//! Every operation of the Moderation resource (rules and their revisions, keyword
//! lists, blocked messages, messages handed to moderation, flag reasons, flagged
//! and reviewed messages) through the public API: the request it sends (method,
//! path, query, headers, body) and the answer it decodes, from the vendor's sample
//! in the spec; the stand-in keeping rules, keyword lists and reasons as stores
//! (create, list, get, update, delete, then 404); both bodies of a blocked
//! message's review; the lists' streams (the moderated messages by their
//! `meta.next` cursor, the lists that take only `limit` until an answer has no
//! cursor); a group password kept out of `Debug`, errors and traces; and bad path
//! ids and UIDs refused before anything is sent.

mod support;

use support::{
    n,
    secrets::{leaked, Traces},
};

use cometchat::{
    mock::{Answer, MockServer},
    types::{
        self, GroupType, KeywordListCategory, MessageCategory, MessageModerationStatus,
        MessageType, ModerationAction, ModerationConditionCategory, ModerationConditionOperand,
        ModerationConditionOperator, ModerationFilterEntity, ModerationFilterOperand,
        ModerationFilterOperator, ModerationFilterType, ModerationReviewStatus, ReceiverType,
    },
    wire::{RawJson, Secret},
    Error,
};
use futures_util::TryStreamExt;
use serde_json::{json, Value};
use support::{
    built, example,
    operations::{self, assert_refused, data, Case, WithId},
    Server, Step,
};

/// A rule that blocks text holding a word of the `profanity-list` keyword list,
/// sent by users of role `default` to groups.
fn rule_body() -> types::builder::CreateModerationRuleRequest {
    types::CreateModerationRuleRequest::builder()
        .id(Some("text-profanity-filter".to_owned()))
        .name(Some("Text Profanity filter".to_owned()))
        .description(Some(
            "Detect and censor profanity in text messages.".to_owned(),
        ))
        .enabled(Some(true))
        .action(vec![ModerationAction::BlockMessage])
        .filters(vec![built::<types::ModerationFilter, _>(
            types::ModerationFilter::builder()
                .type_(ModerationFilterType::Sender)
                .entity(ModerationFilterEntity::User)
                .operand(ModerationFilterOperand::Role)
                .operator(ModerationFilterOperator::Equals)
                .value("default"),
        )])
        .conditions(vec![condition()])
}

fn condition() -> types::ModerationConditionInput {
    built(
        types::ModerationConditionInput::builder()
            .id(Some(1))
            .entity(Some("message".to_owned()))
            .operand(Some(ModerationConditionOperand::Text))
            .operator(Some(ModerationConditionOperator::Contains))
            .category(Some(ModerationConditionCategory::Word))
            .is_keywords_reference_present(Some(true))
            .is_media_present(Some(false))
            .value(vec!["profanity-list".to_owned()]),
    )
}

/// The JSON of [`rule_body`].
fn rule_json() -> Value {
    json!({
        "id": "text-profanity-filter",
        "name": "Text Profanity filter",
        "description": "Detect and censor profanity in text messages.",
        "enabled": true,
        "action": ["blockMessage"],
        "filters": [{
            "type": "sender",
            "entity": "user",
            "operand": "role",
            "operator": "equals",
            "value": "default",
        }],
        "conditions": [condition_json()],
    })
}

fn condition_json() -> Value {
    json!({
        "id": 1,
        "entity": "message",
        "operand": "text",
        "operator": "contains",
        "category": "word",
        "isKeywordsReferencePresent": true,
        "isMediaPresent": false,
        "value": ["profanity-list"],
    })
}

/// A text message from `cometchat-uid-2` to a password group, with both parties'
/// details; `password` is the group's password.
fn moderated_message(password: &str) -> types::builder::ModerateMessageRequest {
    types::ModerateMessageRequest::builder()
        .muid(Some("muid-7f3a".to_owned()))
        .category(Some(MessageCategory::Message))
        .type_(Some(MessageType::Text))
        .sender("cometchat-uid-2")
        .receiver("cometchat-guid-1")
        .receiver_type(ReceiverType::Group)
        .data(Some(built::<types::ModerationMessageData, _>(
            types::ModerationMessageData::builder()
                .text(Some("Hi new user".to_owned()))
                .metadata(Some(RawJson::from(json!({"source": "web"})))),
        )))
        .sender_user_details(Some(built::<types::ModerationUserDetails, _>(
            types::ModerationUserDetails::builder()
                .uid("cometchat-uid-2")
                .name("George Alan")
                .role(Some("default".to_owned()))
                .tags(vec!["vip".to_owned()]),
        )))
        .receiver_group_details(Some(built::<types::ModerationGroupDetails, _>(
            types::ModerationGroupDetails::builder()
                .guid("cometchat-guid-1")
                .name("Hiking Group")
                .type_(GroupType::Password)
                .password(Some(Secret::new(password)))
                .owner(Some("cometchat-uid-1".to_owned())),
        )))
        .tags(vec!["review".to_owned()])
        .sent_at(Some(1750335220))
}

/// The JSON of [`moderated_message`].
fn moderated_message_json(password: &str) -> Value {
    json!({
        "muid": "muid-7f3a",
        "category": "message",
        "type": "text",
        "sender": "cometchat-uid-2",
        "receiver": "cometchat-guid-1",
        "receiverType": "group",
        "data": {"text": "Hi new user", "metadata": {"source": "web"}},
        "senderUserDetails": {
            "uid": "cometchat-uid-2",
            "name": "George Alan",
            "role": "default",
            "tags": ["vip"],
        },
        "receiverGroupDetails": {
            "guid": "cometchat-guid-1",
            "name": "Hiking Group",
            "type": "password",
            "password": password,
            "owner": "cometchat-uid-1",
        },
        "tags": ["review"],
        "sentAt": 1750335220,
    })
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            operation: "create_moderation_rule",
            call: call!(|c| c.create_moderation_rule().body(rule_body()).await),
            method: "POST",
            path: "/v3/moderation/rules",
            on_behalf_of: None,
            body: rule_json(),
            answer: "ModerationRule",
            expected: data,
        },
        Case {
            operation: "list_moderation_rules",
            call: call!(|c| c
                .list_moderation_rules()
                .limit(n(50))
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/moderation/rules?limit=50",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ModerationRuleList",
            expected: data,
        },
        Case {
            operation: "get_moderation_rule",
            call: call!(|c| c.get_moderation_rule("moderation-test").await),
            method: "GET",
            path: "/v3/moderation/rules/moderation-test",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ModerationRule",
            expected: data,
        },
        Case {
            operation: "update_moderation_rule",
            call: call!(|c| c
                .update_moderation_rule("moderation-test")
                .body(
                    types::UpdateModerationRuleRequest::builder()
                        .id(Some("moderation-test".to_owned()))
                        .name(Some("Video Moderation".to_owned()))
                        .description(Some("AI-powered video moderation.".to_owned()))
                        .enabled(Some(false))
                        .action(vec![ModerationAction::DropMessage])
                        .conditions(vec![built::<types::ModerationConditionInput, _>(
                            types::ModerationConditionInput::builder()
                                .id(Some(1))
                                .entity(Some("message".to_owned()))
                                .operand(Some(ModerationConditionOperand::Video))
                                .operator(Some(ModerationConditionOperator::Contains))
                                .category(Some(ModerationConditionCategory::Word))
                                .is_keywords_reference_present(Some(false))
                                .is_media_present(Some(true))
                                .value(vec!["violence_greaterThan_30".to_owned()]),
                        )])
                )
                .await),
            method: "PUT",
            path: "/v3/moderation/rules/moderation-test",
            on_behalf_of: None,
            body: json!({
                "id": "moderation-test",
                "name": "Video Moderation",
                "description": "AI-powered video moderation.",
                "enabled": false,
                "action": ["dropMessage"],
                "conditions": [{
                    "id": 1,
                    "entity": "message",
                    "operand": "video",
                    "operator": "contains",
                    "category": "word",
                    "isKeywordsReferencePresent": false,
                    "isMediaPresent": true,
                    "value": ["violence_greaterThan_30"],
                }],
            }),
            answer: "ModerationRule",
            expected: data,
        },
        Case {
            operation: "delete_moderation_rule",
            call: call!(|c| c.delete_moderation_rule("moderation-test").await),
            method: "DELETE",
            path: "/v3/moderation/rules/moderation-test",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ModerationRuleDeleted",
            expected: data,
        },
        Case {
            operation: "list_moderation_rule_revisions",
            call: call!(|c| c
                .list_moderation_rule_revisions("moderation-test")
                .limit(n(10))
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/moderation/rules/moderation-test/revisions?limit=10",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ModerationRuleRevisions",
            expected: data,
        },
        Case {
            operation: "create_keyword_list",
            call: call!(|c| c
                .create_keyword_list()
                .body(
                    types::CreateKeywordListRequest::builder()
                        .id(Some("profane-word-list-1".to_owned()))
                        .name(Some("profane word list".to_owned()))
                        .description(Some("Profane word list".to_owned()))
                        .category(KeywordListCategory::Word)
                        .search_terms(vec!["a".to_owned(), "b".to_owned(), "c".to_owned()])
                )
                .await),
            method: "POST",
            path: "/v3/moderation/keywords",
            on_behalf_of: None,
            body: json!({
                "id": "profane-word-list-1",
                "name": "profane word list",
                "description": "Profane word list",
                "category": "word",
                "searchTerms": ["a", "b", "c"],
            }),
            answer: "KeywordListCreated",
            expected: data,
        },
        Case {
            operation: "list_keyword_lists",
            call: call!(|c| c
                .list_keyword_lists()
                .limit(n(10))
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/moderation/keywords?limit=10",
            on_behalf_of: None,
            body: Value::Null,
            answer: "KeywordListList",
            expected: data,
        },
        Case {
            operation: "get_keyword_list",
            call: call!(|c| c.get_keyword_list("profanity-list").await),
            method: "GET",
            path: "/v3/moderation/keywords/profanity-list",
            on_behalf_of: None,
            body: Value::Null,
            answer: "KeywordListRecord",
            expected: data,
        },
        Case {
            operation: "update_keyword_list",
            call: call!(|c| c
                .update_keyword_list("profanity-list")
                .body(
                    types::UpdateKeywordListRequest::builder()
                        .id(Some("profanity-list".to_owned()))
                        .name(Some("Threats".to_owned()))
                        .description(Some("Sentences that threaten".to_owned()))
                        .category(KeywordListCategory::SentenceSimilarity)
                        .disallowed_sentences(vec!["I know where you live".to_owned()])
                )
                .await),
            method: "PUT",
            path: "/v3/moderation/keywords/profanity-list",
            on_behalf_of: None,
            body: json!({
                "id": "profanity-list",
                "name": "Threats",
                "description": "Sentences that threaten",
                "category": "sentence-similarity",
                "disallowedSentences": ["I know where you live"],
            }),
            answer: "KeywordListRecord",
            expected: data,
        },
        Case {
            operation: "delete_keyword_list",
            call: call!(|c| c.delete_keyword_list("profanity-list").await),
            method: "DELETE",
            path: "/v3/moderation/keywords/profanity-list",
            on_behalf_of: None,
            body: Value::Null,
            answer: "KeywordListDeleted",
            expected: data,
        },
        Case {
            operation: "list_blocked_messages",
            call: call!(|c| c
                .list_blocked_messages()
                .limit(n(50))
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/moderation/blocked-messages?limit=50",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ModerationBlockedMessageList",
            expected: data,
        },
        Case {
            operation: "review_blocked_message",
            call: call!(|c| c
                .review_blocked_message("540185")
                .body(
                    types::ReviewBlockedMessageRequest::builder()
                        .status(ModerationReviewStatus::Approved)
                        .reviewed(Some(true))
                )
                .await),
            method: "PATCH",
            path: "/v3/moderation/blocked-messages/540185",
            on_behalf_of: None,
            body: json!({"status": "approved", "reviewed": true}),
            answer: "ModerationBlockedMessageReviewed",
            expected: data,
        },
        Case {
            operation: "moderate_message",
            call: call!(|c| c
                .moderate_message()
                .body(moderated_message("hiking-2024"))
                .await),
            method: "POST",
            path: "/v3/moderation/messages",
            on_behalf_of: None,
            body: moderated_message_json("hiking-2024"),
            answer: "ModeratedMessageSent",
            expected: data,
        },
        Case {
            operation: "list_moderated_messages",
            call: call!(|c| c
                .list_moderated_messages()
                .sender("cometchat-uid-2")
                .receiver_uid("cometchat-uid-1")
                .category(MessageCategory::Message)
                .type_(MessageType::Text)
                .moderation_status(MessageModerationStatus::Approved)
                .limit(n(100))
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/moderation/messages?category=message&limit=100\
                   &moderationStatus=approved&receiverUID=cometchat-uid-1\
                   &sender=cometchat-uid-2&type=text",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ModeratedMessageList",
            expected: data,
        },
        Case {
            operation: "get_moderated_message",
            call: call!(|c| c.get_moderated_message("1").await),
            method: "GET",
            path: "/v3/moderation/messages/1",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ModeratedMessageFetched",
            expected: data,
        },
        Case {
            operation: "update_moderated_message",
            call: call!(|c| c
                .update_moderated_message("1")
                .body(
                    types::UpdateModeratedMessageRequest::builder().data(Some(built::<
                        types::ModerationMessageData,
                        _,
                    >(
                        types::ModerationMessageData::builder()
                            .text(Some("heyaya, I'm updated".to_owned()))
                            .metadata(Some(RawJson::from(json!({"edited": true}))))
                    )))
                )
                .await),
            method: "PUT",
            path: "/v3/moderation/messages/1",
            on_behalf_of: None,
            body: json!({"data": {"text": "heyaya, I'm updated", "metadata": {"edited": true}}}),
            answer: "ModeratedMessageUpdated",
            expected: data,
        },
        Case {
            operation: "delete_moderated_message",
            call: call!(|c| c.delete_moderated_message("20011").await),
            method: "DELETE",
            path: "/v3/moderation/messages/20011",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ModeratedMessageDeleted",
            expected: data,
        },
        Case {
            operation: "create_moderation_reason",
            call: call!(|c| c
                .create_moderation_reason()
                .body(
                    types::CreateModerationReasonRequest::builder()
                        .id("unfiltered-content")
                        .name("RawContent")
                        .description(Some(
                            "Content delivered without moderation or filtering.".to_owned()
                        ))
                )
                .await),
            method: "POST",
            path: "/v3/moderation/reasons",
            on_behalf_of: None,
            body: json!({
                "id": "unfiltered-content",
                "name": "RawContent",
                "description": "Content delivered without moderation or filtering.",
            }),
            answer: "ModerationReasonCreated",
            expected: data,
        },
        Case {
            operation: "list_moderation_reasons",
            call: call!(|c| c
                .list_moderation_reasons()
                .limit(n(10))
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/moderation/reasons?limit=10",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ModerationReasonList",
            expected: data,
        },
        Case {
            operation: "get_moderation_reason",
            call: call!(|c| c.get_moderation_reason("spam").await),
            method: "GET",
            path: "/v3/moderation/reasons/spam",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ModerationReasonRecord",
            expected: data,
        },
        Case {
            operation: "update_moderation_reason",
            call: call!(|c| c
                .update_moderation_reason("spam")
                .body(types::UpdateModerationReasonRequest::builder().name("Spam"))
                .await),
            method: "PUT",
            path: "/v3/moderation/reasons/spam",
            on_behalf_of: None,
            body: json!({"name": "Spam"}),
            answer: "ModerationReasonRecord",
            expected: data,
        },
        Case {
            operation: "delete_moderation_reason",
            call: call!(|c| c.delete_moderation_reason("spam").await),
            method: "DELETE",
            path: "/v3/moderation/reasons/spam",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ModerationReasonDeleted",
            expected: std::convert::identity,
        },
        Case {
            operation: "flag_message",
            call: call!(|c| c
                .flag_message("540092")
                .on_behalf_of("cometchat-uid-3")
                .body(types::FlagMessageRequest::builder().id("spam"))
                .await),
            method: "POST",
            path: "/v3/messages/540092/flagged",
            on_behalf_of: Some("cometchat-uid-3"),
            body: json!({"id": "spam"}),
            answer: "FlagMessageAcknowledged",
            expected: std::convert::identity,
        },
        Case {
            operation: "list_flagged_messages",
            call: call!(|c| c
                .list_flagged_messages()
                .limit(n(50))
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/moderation/flagged-messages?limit=50",
            on_behalf_of: None,
            body: Value::Null,
            answer: "FlaggedMessageList",
            expected: data,
        },
        Case {
            operation: "list_reviewed_messages",
            call: call!(|c| c
                .list_reviewed_messages()
                .limit(n(50))
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/moderation/reviewed-messages?limit=50",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ModerationReviewedMessageList",
            expected: data,
        },
        Case {
            operation: "review_flagged_message",
            call: call!(|c| c
                .review_flagged_message("2")
                .body(
                    types::ReviewFlaggedMessageRequest::builder()
                        .status(Some(ModerationReviewStatus::Disapproved))
                )
                .await),
            method: "PATCH",
            path: "/v3/moderation/flagged-messages/2",
            on_behalf_of: None,
            body: json!({"status": "disapproved"}),
            answer: "FlaggedMessageReviewed",
            expected: std::convert::identity,
        },
    ]
}

#[tokio::test]
async fn every_operation_sends_its_request_and_decodes_its_sample() {
    operations::run(cases(), &["Moderation"]).await;
}

/// The code and status of an API error.
fn api_error(error: &Error) -> (Option<&str>, u16) {
    let Error::Api(api) = error else {
        panic!("not an answer of the API: {error:?}");
    };
    (api.code().map(|c| c.as_str()), api.status().as_u16())
}

/// The stand-in keeps rules: one created is read back and listed beside the seeded
/// rules, an update shows while the fields it does not name stay, and once deleted
/// it is gone (a read and a second delete are 404s); an id cannot be taken twice,
/// and a rule created without an id is given one.
#[tokio::test]
async fn the_stand_in_keeps_moderation_rules() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let new_rule = || {
        rule_body()
            .id(Some("no-links".to_owned()))
            .name(Some("No links".to_owned()))
    };

    let created = client
        .create_moderation_rule()
        .body(new_rule())
        .await
        .unwrap();
    assert_eq!(created.id, "no-links");
    assert_eq!(created.name.as_deref(), Some("No links"));
    assert_eq!(created.action, [ModerationAction::BlockMessage]);
    assert_eq!(created.enabled, Some(true));
    assert!(created.created_at.is_some(), "the stand-in stamps creation");

    let fetched = client.get_moderation_rule("no-links").await.unwrap();
    assert_eq!(fetched.into_inner(), created.clone().into_inner());

    let listed = client.list_moderation_rules().await.unwrap().into_inner();
    let ids: Vec<&str> = listed.items.iter().map(|r| r.id.as_str()).collect();
    assert!(ids.contains(&"no-links"), "{ids:?}");
    assert!(
        ids.contains(&"moderation-test"),
        "the seeded rules stay: {ids:?}"
    );

    let updated = client
        .update_moderation_rule("no-links")
        .body(
            types::UpdateModerationRuleRequest::builder()
                .name(Some("No links at all".to_owned()))
                .enabled(Some(false)),
        )
        .await
        .unwrap();
    assert_eq!(updated.name.as_deref(), Some("No links at all"));
    assert_eq!(updated.enabled, Some(false));
    assert!(updated.updated_at.is_some());
    let fetched = client.get_moderation_rule("no-links").await.unwrap();
    assert_eq!(fetched.name.as_deref(), Some("No links at all"));
    assert_eq!(fetched.enabled, Some(false));
    assert_eq!(
        fetched.action,
        [ModerationAction::BlockMessage],
        "fields not named stay"
    );
    assert_eq!(fetched.description, created.description);

    let ack = client.delete_moderation_rule("no-links").await.unwrap();
    assert!(ack.success);
    let error = client.get_moderation_rule("no-links").await.unwrap_err();
    assert_eq!(api_error(&error), (Some("ERR_RULE_NOT_FOUND"), 404));
    let error = client.delete_moderation_rule("no-links").await.unwrap_err();
    assert_eq!(api_error(&error), (Some("ERR_RULE_NOT_FOUND"), 404));
    let error = client
        .update_moderation_rule("no-links")
        .body(types::UpdateModerationRuleRequest::builder().enabled(Some(true)))
        .await
        .unwrap_err();
    assert_eq!(api_error(&error), (Some("ERR_RULE_NOT_FOUND"), 404));
    let listed = client.list_moderation_rules().await.unwrap().into_inner();
    assert!(listed.items.iter().all(|r| r.id != "no-links"));

    client
        .create_moderation_rule()
        .body(new_rule())
        .await
        .unwrap();
    let error = client
        .create_moderation_rule()
        .body(new_rule())
        .await
        .unwrap_err();
    assert_eq!(api_error(&error), (Some("ERR_RULE_ALREADY_EXISTS"), 400));

    // Without an id, the stand-in makes one, as CometChat would.
    let unnamed = client
        .create_moderation_rule()
        .body(rule_body().id(None::<String>))
        .await
        .unwrap();
    assert!(!unnamed.id.is_empty());
    let fetched = client.get_moderation_rule(&unnamed.id).await.unwrap();
    assert_eq!(fetched.name.as_deref(), Some("Text Profanity filter"));
}

/// The stand-in keeps keyword lists the same way: created, read, listed, changed,
/// deleted and then a 404.
#[tokio::test]
async fn the_stand_in_keeps_keyword_lists() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let new_list = || {
        types::CreateKeywordListRequest::builder()
            .id(Some("scam-words".to_owned()))
            .name(Some("Scam words".to_owned()))
            .category(KeywordListCategory::Word)
            .search_terms(vec!["wire transfer".to_owned(), "gift card".to_owned()])
    };

    let created = client.create_keyword_list().body(new_list()).await.unwrap();
    assert_eq!(created.id, "scam-words");
    assert_eq!(created.category, Some(KeywordListCategory::Word));
    assert_eq!(created.search_terms, ["wire transfer", "gift card"]);

    let fetched = client.get_keyword_list("scam-words").await.unwrap();
    assert_eq!(fetched.into_inner(), created.clone().into_inner());
    let listed = client.list_keyword_lists().await.unwrap().into_inner();
    let ids: Vec<&str> = listed.items.iter().map(|k| k.id.as_str()).collect();
    assert!(
        ids.contains(&"scam-words") && ids.contains(&"profanity-list"),
        "{ids:?}"
    );

    let updated = client
        .update_keyword_list("scam-words")
        .body(
            types::UpdateKeywordListRequest::builder()
                .category(KeywordListCategory::Pattern)
                .search_terms(vec![r"\bgift ?cards?\b".to_owned()]),
        )
        .await
        .unwrap();
    assert_eq!(updated.category, Some(KeywordListCategory::Pattern));
    assert_eq!(updated.search_terms, [r"\bgift ?cards?\b"]);
    let fetched = client.get_keyword_list("scam-words").await.unwrap();
    assert_eq!(fetched.search_terms, [r"\bgift ?cards?\b"]);
    assert_eq!(
        fetched.name.as_deref(),
        Some("Scam words"),
        "fields not named stay"
    );

    assert!(
        client
            .delete_keyword_list("scam-words")
            .await
            .unwrap()
            .success
    );
    let error = client.get_keyword_list("scam-words").await.unwrap_err();
    assert_eq!(api_error(&error), (Some("ERR_KEYWORD_LIST_NOT_FOUND"), 404));
    let listed = client.list_keyword_lists().await.unwrap().into_inner();
    assert!(listed.items.iter().all(|k| k.id != "scam-words"));

    client.create_keyword_list().body(new_list()).await.unwrap();
    let error = client
        .create_keyword_list()
        .body(new_list())
        .await
        .unwrap_err();
    assert_eq!(
        api_error(&error),
        (Some("ERR_KEYWORD_LIST_ALREADY_EXISTS"), 400)
    );
}

/// The stand-in keeps flag reasons: created, read, listed, renamed, deleted (the
/// bare acknowledgement) and then a 404.
#[tokio::test]
async fn the_stand_in_keeps_moderation_reasons() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let new_reason = || {
        types::CreateModerationReasonRequest::builder()
            .id("scam")
            .name("Scam")
            .description(Some("Tries to take money".to_owned()))
    };

    let created = client
        .create_moderation_reason()
        .body(new_reason())
        .await
        .unwrap();
    assert_eq!(created.id, "scam");
    assert_eq!(created.name.as_deref(), Some("Scam"));
    let fetched = client.get_moderation_reason("scam").await.unwrap();
    assert_eq!(fetched.into_inner(), created.clone().into_inner());
    let listed = client.list_moderation_reasons().await.unwrap().into_inner();
    let ids: Vec<&str> = listed.items.iter().map(|r| r.id.as_str()).collect();
    assert!(ids.contains(&"scam") && ids.contains(&"spam"), "{ids:?}");

    let updated = client
        .update_moderation_reason("scam")
        .body(types::UpdateModerationReasonRequest::builder().name("Scam / fraud"))
        .await
        .unwrap();
    assert_eq!(updated.name.as_deref(), Some("Scam / fraud"));
    let fetched = client.get_moderation_reason("scam").await.unwrap();
    assert_eq!(fetched.name.as_deref(), Some("Scam / fraud"));
    assert_eq!(fetched.description.as_deref(), Some("Tries to take money"));

    assert!(
        client
            .delete_moderation_reason("scam")
            .await
            .unwrap()
            .success
    );
    let error = client.get_moderation_reason("scam").await.unwrap_err();
    assert_eq!(api_error(&error), (Some("ERR_REASON_NOT_FOUND"), 404));
    let error = client.delete_moderation_reason("scam").await.unwrap_err();
    assert_eq!(api_error(&error), (Some("ERR_REASON_NOT_FOUND"), 404));

    client
        .create_moderation_reason()
        .body(new_reason())
        .await
        .unwrap();
    let error = client
        .create_moderation_reason()
        .body(new_reason())
        .await
        .unwrap_err();
    assert_eq!(api_error(&error), (Some("ERR_REASON_ALREADY_EXISTS"), 400));
}

/// The vendor declares two bodies for a blocked message's review; the one typed
/// body sends each exactly: `{status}` alone (the plain approval, `reviewed` left
/// out rather than sent as null or false) and `{status, reviewed}`.
#[tokio::test]
async fn review_blocked_message_sends_both_bodies() {
    let answer = example("ModerationBlockedMessageReviewed");
    let server = Server::start(vec![Step::json(200, &answer)]).await;
    let client = support::client(&server);
    let plain =
        types::ReviewBlockedMessageRequest::builder().status(ModerationReviewStatus::Approved);
    let ack = client
        .review_blocked_message("540185")
        .body(plain)
        .await
        .unwrap();
    assert!(ack.success);
    let review = types::ReviewBlockedMessageRequest::builder()
        .status(ModerationReviewStatus::Rejected)
        .reviewed(Some(true));
    client
        .review_blocked_message("540185")
        .body(review)
        .await
        .unwrap();

    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    for request in &seen {
        assert_eq!(request.method, "PATCH");
        assert_eq!(request.path, "/v3/moderation/blocked-messages/540185");
        assert_eq!(request.header("content-type"), Some("application/json"));
    }
    assert_eq!(
        String::from_utf8_lossy(&seen[0].body),
        r#"{"status":"approved"}"#
    );
    assert_eq!(
        seen[1].json(),
        json!({"status": "rejected", "reviewed": true})
    );

    // `status` is the one field both bodies need.
    let error = client
        .review_blocked_message("540185")
        .body(types::ReviewBlockedMessageRequest::builder().reviewed(Some(true)))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
    assert_eq!(server.seen().len(), 2, "an incomplete body is not sent");
}

/// A page of moderated messages `ids`, reporting `limit`, with `meta.next` set to
/// `next` (or none).
fn message_page(ids: &[i64], limit: usize, next: Option<Value>) -> Value {
    let data: Vec<Value> = ids
        .iter()
        .map(|id| {
            json!({
                "id": id.to_string(),
                "category": "message",
                "type": "text",
                "sender": "cometchat-uid-2",
                "sentAt": 1000 + id,
                "data": {"text": "hi", "moderation": {"status": "pending"}},
            })
        })
        .collect();
    let mut meta = json!({"current": {"limit": limit, "count": ids.len()}});
    if let Some(next) = next {
        meta["next"] = next;
    }
    json!({"data": data, "meta": meta})
}

fn next(id: i64) -> Option<Value> {
    Some(json!({"affix": "append", "id": id.to_string(), "sentAt": 1000 + id}))
}

/// The moderated messages follow `meta.next`: each later request re-sends the
/// filters with the cursor's `affix`, `id` and `sentAt`, and the stream ends on a
/// short page, or on a full page without a cursor.
#[tokio::test]
async fn moderated_messages_follow_the_cursor() {
    fn filtered(c: &cometchat::Client) -> cometchat::operations::ListModeratedMessages<'_> {
        c.list_moderated_messages()
            .sender("cometchat-uid-2")
            .category(MessageCategory::Message)
            .moderation_status(MessageModerationStatus::Pending)
            .limit(n(2))
    }
    let first = "/v3/moderation/messages?category=message&limit=2\
                 &moderationStatus=pending&sender=cometchat-uid-2";
    let after = |id: i64| {
        format!(
            "/v3/moderation/messages?affix=append&category=message&id={id}&limit=2\
             &moderationStatus=pending&sender=cometchat-uid-2&sentAt={}",
            1000 + id
        )
    };

    // Two full pages, then a short one (its cursor is not followed).
    let server = Server::start(vec![
        Step::json(200, &message_page(&[1, 2], 2, next(2))),
        Step::json(200, &message_page(&[3, 4], 2, next(4))),
        Step::json(200, &message_page(&[5], 2, next(5))),
    ])
    .await;
    let client = support::client(&server);
    let pages: Vec<_> = filtered(&client).pages().try_collect().await.unwrap();
    let walked: Vec<Vec<String>> = pages
        .iter()
        .map(|page| page.items.iter().map(|m| m.id.to_string()).collect())
        .collect();
    assert_eq!(walked, [vec!["1", "2"], vec!["3", "4"], vec!["5"]]);
    let paths: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(paths, [first.to_owned(), after(2), after(4)]);

    // A full page without `meta.next` ends the stream.
    let server = Server::start(vec![
        Step::json(200, &message_page(&[1, 2], 2, next(2))),
        Step::json(200, &message_page(&[3, 4], 2, None)),
        Step::json(200, &message_page(&[9], 2, None)),
    ])
    .await;
    let client = support::client(&server);
    let messages: Vec<_> = filtered(&client).items().try_collect().await.unwrap();
    let ids: Vec<String> = messages.iter().map(|m| m.id.to_string()).collect();
    assert_eq!(ids, ["1", "2", "3", "4"]);
    let paths: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(paths, [first.to_owned(), after(2)]);
}

/// Walks a list with `limit` 2 and answers how many items it yielded.
type Walk = fn(
    cometchat::Client,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<usize, Error>>>>;

/// The lists that take only `limit`: their name, sample, path, and a walk.
fn limit_only_lists() -> Vec<(&'static str, &'static str, &'static str, Walk)> {
    macro_rules! walk {
        (|$c:ident| $list:expr) => {
            |$c| {
                Box::pin(async move {
                    let items: Vec<_> = $list.limit(n(2)).items().try_collect().await?;
                    Ok(items.len())
                })
            }
        };
    }
    vec![
        (
            "list_moderation_rules",
            "ModerationRuleList",
            "/v3/moderation/rules?limit=2",
            walk!(|c| c.list_moderation_rules()),
        ),
        (
            "list_moderation_rule_revisions",
            "ModerationRuleRevisions",
            "/v3/moderation/rules/moderation-test/revisions?limit=2",
            walk!(|c| c.list_moderation_rule_revisions("moderation-test")),
        ),
        (
            "list_keyword_lists",
            "KeywordListList",
            "/v3/moderation/keywords?limit=2",
            walk!(|c| c.list_keyword_lists()),
        ),
        (
            "list_blocked_messages",
            "ModerationBlockedMessageList",
            "/v3/moderation/blocked-messages?limit=2",
            walk!(|c| c.list_blocked_messages()),
        ),
        (
            "list_moderation_reasons",
            "ModerationReasonList",
            "/v3/moderation/reasons?limit=2",
            walk!(|c| c.list_moderation_reasons()),
        ),
        (
            "list_flagged_messages",
            "FlaggedMessageList",
            "/v3/moderation/flagged-messages?limit=2",
            walk!(|c| c.list_flagged_messages()),
        ),
        (
            "list_reviewed_messages",
            "ModerationReviewedMessageList",
            "/v3/moderation/reviewed-messages?limit=2",
            walk!(|c| c.list_reviewed_messages()),
        ),
    ]
}

/// A page of `count` items like the first of `sample`'s (ids made distinct from
/// `from`), reporting `limit` 2, with `meta.next` set to `next` (or none).
fn page_like(sample: &str, from: usize, count: usize, next: Option<Value>) -> Value {
    let item = example(sample)["data"][0].clone();
    let data: Vec<Value> = (from..from + count)
        .map(|i| {
            let mut item = item.clone();
            if item.get("id").is_some() {
                item["id"] = json!(format!("item-{i}"));
            }
            item
        })
        .collect();
    let mut meta = json!({"current": {"limit": 2, "count": count}});
    if let Some(next) = next {
        meta["next"] = next;
    }
    json!({"data": data, "meta": meta})
}

/// The lists that take only `limit` have no cursor parameter to send: a stream
/// ends when an answer has no `meta.next` (even a full page), goes on while one
/// does (the same request again), and ends without repeating items when the
/// server answers the same cursor again.
#[tokio::test]
async fn limit_only_lists_end_when_the_answer_has_no_cursor() {
    let moving = |at: i64| Some(json!({"affix": "append", "updatedAt": at}));
    let lists = limit_only_lists();
    assert_eq!(lists.len(), 7);
    for (operation, sample, path, walk) in lists {
        let cases: Vec<(&str, Vec<Value>, usize, usize)> = vec![
            (
                "a full page, no cursor",
                vec![page_like(sample, 0, 2, None)],
                2,
                1,
            ),
            (
                "a full page with a cursor, then none",
                vec![
                    page_like(sample, 0, 2, moving(1001)),
                    page_like(sample, 2, 2, None),
                ],
                4,
                2,
            ),
            (
                "the same cursor again",
                vec![
                    page_like(sample, 0, 2, moving(1001)),
                    page_like(sample, 0, 2, moving(1001)),
                ],
                2,
                2,
            ),
        ];
        for (what, answers, items, requests) in cases {
            let what = format!("{operation}: {what}");
            let server = Server::start(answers.iter().map(|a| Step::json(200, a)).collect()).await;
            let walked = walk(support::client(&server))
                .await
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(walked, items, "{what}");
            let seen = server.seen();
            assert_eq!(seen.len(), requests, "{what}");
            assert!(seen.iter().all(|s| s.path == path), "{what}: {seen:?}");
        }
    }
}

/// The one credential of this resource, a password group's `password` in the
/// details handed to moderation with a message, never shows: not in the body's or
/// the request's `Debug`, not in the `Error` of an answer whose message echoes it,
/// not in any span or event; while the server does get it.
#[test]
fn secrets_stay_out_of_debug_errors_and_traces() {
    let secret = "Qz07x7LmWvT4kRb9NpYc3HsJd";
    let traces = Traces::default();
    // Two live dispatchers, so that tracing asks them (not the calling thread's
    // default) about every callsite, wherever it is first reached: other tests of
    // this binary reach the SDK's callsites on their own threads meanwhile.
    let dispatch = tracing::Dispatch::new(traces.clone());
    let _second = tracing::Dispatch::new(Traces::default());
    tracing::dispatcher::with_default(&dispatch, || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async {
                let server = MockServer::start().await.unwrap();
                server.script(
                    "moderate_message",
                    [Answer::error(
                        400,
                        "ERR_BAD_REQUEST",
                        &format!("The group password {secret} was refused."),
                    )],
                );
                let client = server.client().unwrap();
                let body = moderated_message(secret);
                let shown_body = format!("{body:?} {body:#?}");
                let request = client.moderate_message().body(body);
                let shown_request = format!("{request:?} {request:#?}");
                for (part, shown) in [("body", &shown_body), ("request", &shown_request)] {
                    assert_eq!(leaked(secret, shown), None, "the {part}: {shown}");
                }
                assert!(shown_request.contains("***"), "{shown_request}");
                let error = request.await.unwrap_err();
                assert_eq!(error.status().map(|s| s.as_u16()), Some(400), "{error:?}");
                for shown in [
                    error.to_string(),
                    format!("{error:?}"),
                    format!("{error:#?}"),
                ] {
                    assert_eq!(leaked(secret, &shown), None, "{shown}");
                }
                // The server got the password, so the echo was real.
                let requests = server.requests();
                assert_eq!(requests.len(), 1);
                assert_eq!(
                    requests[0].json(),
                    Some(moderated_message_json(secret)),
                    "the wire form keeps the password"
                );
            });
    });
    let traced = traces.0.lock().unwrap().clone();
    assert!(traced.contains("cometchat.operation"), "{traced}");
    assert_eq!(leaked(secret, &traced), None, "{traced}");
}

/// Every operation with a text id in its path: its name, the parameter's name, a
/// call.
fn with_path_id() -> Vec<(&'static str, &'static str, WithId)> {
    vec![
        ("get_moderation_rule", "rule_id", |c, id| {
            Box::pin(async move { c.get_moderation_rule(id).await.map(drop) })
        }),
        ("update_moderation_rule", "rule_id", |c, id| {
            Box::pin(async move {
                let body = types::UpdateModerationRuleRequest::builder().enabled(Some(true));
                c.update_moderation_rule(id).body(body).await.map(drop)
            })
        }),
        ("delete_moderation_rule", "rule_id", |c, id| {
            Box::pin(async move { c.delete_moderation_rule(id).await.map(drop) })
        }),
        ("list_moderation_rule_revisions", "rule_id", |c, id| {
            Box::pin(async move { c.list_moderation_rule_revisions(id).await.map(drop) })
        }),
        ("get_keyword_list", "keyword_id", |c, id| {
            Box::pin(async move { c.get_keyword_list(id).await.map(drop) })
        }),
        ("update_keyword_list", "keyword_id", |c, id| {
            Box::pin(async move {
                let body =
                    types::UpdateKeywordListRequest::builder().category(KeywordListCategory::Word);
                c.update_keyword_list(id).body(body).await.map(drop)
            })
        }),
        ("delete_keyword_list", "keyword_id", |c, id| {
            Box::pin(async move { c.delete_keyword_list(id).await.map(drop) })
        }),
        ("review_blocked_message", "id", |c, id| {
            Box::pin(async move {
                let body = types::ReviewBlockedMessageRequest::builder()
                    .status(ModerationReviewStatus::Approved);
                c.review_blocked_message(id).body(body).await.map(drop)
            })
        }),
        ("get_moderated_message", "id", |c, id| {
            Box::pin(async move { c.get_moderated_message(id).await.map(drop) })
        }),
        ("update_moderated_message", "id", |c, id| {
            Box::pin(async move {
                let body = types::UpdateModeratedMessageRequest::builder();
                c.update_moderated_message(id).body(body).await.map(drop)
            })
        }),
        ("delete_moderated_message", "id", |c, id| {
            Box::pin(async move { c.delete_moderated_message(id).await.map(drop) })
        }),
        ("get_moderation_reason", "id", |c, id| {
            Box::pin(async move { c.get_moderation_reason(id).await.map(drop) })
        }),
        ("update_moderation_reason", "id", |c, id| {
            Box::pin(async move {
                let body = types::UpdateModerationReasonRequest::builder().name("n");
                c.update_moderation_reason(id).body(body).await.map(drop)
            })
        }),
        ("delete_moderation_reason", "id", |c, id| {
            Box::pin(async move { c.delete_moderation_reason(id).await.map(drop) })
        }),
        ("flag_message", "message_id", |c, id| {
            Box::pin(async move {
                let body = types::FlagMessageRequest::builder().id("spam");
                c.flag_message(id)
                    .on_behalf_of("cometchat-uid-3")
                    .body(body)
                    .await
                    .map(drop)
            })
        }),
        ("review_flagged_message", "id", |c, id| {
            Box::pin(async move {
                let body = types::ReviewFlaggedMessageRequest::builder();
                c.review_flagged_message(id).body(body).await.map(drop)
            })
        }),
    ]
}

/// Path ids of this resource are text, not CometChat ids: what would move the
/// request to another path once the URL is parsed (empty, `.`, `..`, `\`, a
/// control character) or breaks the spec's length (over 100 characters) is refused
/// by every operation that takes one, before any request; `/`, `%`, `?` and spaces
/// are sent percent-encoded in one segment, and 100 characters go through. The
/// flagging user's UID is a CometChat id: `/`, spaces, `..` and 101 characters are
/// refused too.
#[tokio::test]
async fn bad_ids_are_refused_before_any_request() {
    // Decodes as every answer of these operations: an acknowledgement beside and
    // inside `data`, and a page (a one-item page of each list's item).
    let answer = json!({
        "success": true,
        "data": {
            "success": true, "id": "x", "category": "message", "type": "text",
        },
    });
    let server = Server::start(vec![Step::json(200, &answer)]).await;
    let client = support::client(&server);
    let too_long = "r".repeat(101);
    let bad = operations::BAD_TEXT_IDS
        .iter()
        .copied()
        .chain([too_long.as_str()]);
    let operations = with_path_id();
    assert_eq!(operations.len(), 16, "every operation with a path id");
    for (operation, name, call) in &operations {
        for id in bad.clone() {
            let what = format!("{operation}({name} = {id:?})");
            assert_refused(&server, call(client.clone(), id.to_owned()), name, &what).await;
        }
    }
    let too_long_uid = "u".repeat(101);
    for uid in [
        "",
        ".",
        "..",
        "a/b",
        "a b",
        "a\\b",
        "a%2Fb",
        "a\r\nb",
        &too_long_uid,
    ] {
        let what = format!("flag_message(on_behalf_of = {uid:?})");
        let (client, uid) = (client.clone(), uid.to_owned());
        let attempt: operations::Attempt = Box::pin(async move {
            client
                .flag_message("540092")
                .on_behalf_of(uid)
                .body(types::FlagMessageRequest::builder().id("spam"))
                .await
                .map(drop)
        });
        assert_refused(&server, attempt, "on_behalf_of", &what).await;
    }
    assert_eq!(
        server.seen().iter().map(|s| &s.path).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "a refused call reached the server"
    );
}

/// What a path id may hold stays one path segment, percent-encoded, and can never
/// reach another route; 100 characters go through.
#[tokio::test]
async fn path_ids_stay_one_segment() {
    let answer = example("ModerationRule");
    let server = Server::start(vec![Step::json(200, &answer)]).await;
    let client = support::client(&server);
    let longest = "r".repeat(100);
    let sent = [
        ("a/b", "a%2Fb"),
        ("../admin", "..%2Fadmin"),
        ("a b", "a%20b"),
        ("a%2Fb", "a%252Fb"),
        ("a?b#c", "a%3Fb%23c"),
        (longest.as_str(), longest.as_str()),
    ];
    for (id, _) in sent {
        client
            .get_moderation_rule(id)
            .await
            .unwrap_or_else(|error| panic!("{id:?}: {error}"));
    }
    let seen: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    let expected: Vec<String> = sent
        .iter()
        .map(|(_, encoded)| format!("/v3/moderation/rules/{encoded}"))
        .collect();
    assert_eq!(seen, expected);
}
