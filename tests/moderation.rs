//! The Moderation resource (27 operations): each operation's request and decoded
//! answer against a scripted server and the stand-in, and the stand-in's rules,
//! keyword lists and reasons kept as stores.

mod support;

use cometchat::{mock::MockServer, types, Error};
use serde_json::{json, Value};
use support::operations::{self, data, Case};

fn cases() -> Vec<Case> {
    vec![
        Case {
            operation: "create_moderation_rule",
            call: call!(|c| c
                .create_moderation_rule()
                .body(
                    serde_json::from_value::<types::CreateModerationRuleRequest>(json!({}))
                        .unwrap()
                )
                .await),
            method: "POST",
            path: "/v3/moderation/rules",
            on_behalf_of: None,
            body: json!({}),
            answer: "ModerationRule",
            expected: data,
        },
        Case {
            operation: "list_moderation_rules",
            call: call!(|c| c
                .list_moderation_rules()
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/moderation/rules",
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
                    serde_json::from_value::<types::UpdateModerationRuleRequest>(json!({}))
                        .unwrap()
                )
                .await),
            method: "PUT",
            path: "/v3/moderation/rules/moderation-test",
            on_behalf_of: None,
            body: json!({}),
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
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/moderation/rules/moderation-test/revisions",
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
                    serde_json::from_value::<types::CreateKeywordListRequest>(
                        json!({"category": "word"})
                    )
                    .unwrap()
                )
                .await),
            method: "POST",
            path: "/v3/moderation/keywords",
            on_behalf_of: None,
            body: json!({"category": "word"}),
            answer: "KeywordListCreated",
            expected: data,
        },
        Case {
            operation: "list_keyword_lists",
            call: call!(|c| c
                .list_keyword_lists()
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/moderation/keywords",
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
                    serde_json::from_value::<types::UpdateKeywordListRequest>(
                        json!({"category": "word"})
                    )
                    .unwrap()
                )
                .await),
            method: "PUT",
            path: "/v3/moderation/keywords/profanity-list",
            on_behalf_of: None,
            body: json!({"category": "word"}),
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
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/moderation/blocked-messages",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ModerationBlockedMessageList",
            expected: data,
        },
        Case {
            operation: "review_blocked_message",
            call: call!(|c| c
                .review_blocked_message("1")
                .body(
                    serde_json::from_value::<types::ReviewBlockedMessageRequest>(
                        json!({"status": "approved"})
                    )
                    .unwrap()
                )
                .await),
            method: "PATCH",
            path: "/v3/moderation/blocked-messages/1",
            on_behalf_of: None,
            body: json!({"status": "approved"}),
            answer: "ModerationBlockedMessageReviewed",
            expected: data,
        },
        Case {
            operation: "moderate_message",
            call: call!(|c| c
                .moderate_message()
                .body(
                    serde_json::from_value::<types::ModerateMessageRequest>(
                        json!({"sender": "x", "receiver": "x", "receiverType": "user"})
                    )
                    .unwrap()
                )
                .await),
            method: "POST",
            path: "/v3/moderation/messages",
            on_behalf_of: None,
            body: json!({"sender": "x", "receiver": "x", "receiverType": "user"}),
            answer: "ModeratedMessageSent",
            expected: data,
        },
        Case {
            operation: "list_moderated_messages",
            call: call!(|c| c
                .list_moderated_messages()
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/moderation/messages",
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
                    serde_json::from_value::<types::UpdateModeratedMessageRequest>(json!({}))
                        .unwrap()
                )
                .await),
            method: "PUT",
            path: "/v3/moderation/messages/1",
            on_behalf_of: None,
            body: json!({}),
            answer: "ModeratedMessageUpdated",
            expected: data,
        },
        Case {
            operation: "delete_moderated_message",
            call: call!(|c| c.delete_moderated_message("1").await),
            method: "DELETE",
            path: "/v3/moderation/messages/1",
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
                    serde_json::from_value::<types::CreateModerationReasonRequest>(
                        json!({"id": "x", "name": "x"})
                    )
                    .unwrap()
                )
                .await),
            method: "POST",
            path: "/v3/moderation/reasons",
            on_behalf_of: None,
            body: json!({"id": "x", "name": "x"}),
            answer: "ModerationReasonCreated",
            expected: data,
        },
        Case {
            operation: "list_moderation_reasons",
            call: call!(|c| c
                .list_moderation_reasons()
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/moderation/reasons",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ModerationReasonList",
            expected: data,
        },
        Case {
            operation: "get_moderation_reason",
            call: call!(|c| c.get_moderation_reason("1").await),
            method: "GET",
            path: "/v3/moderation/reasons/1",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ModerationReasonRecord",
            expected: data,
        },
        Case {
            operation: "update_moderation_reason",
            call: call!(|c| c
                .update_moderation_reason("1")
                .body(
                    serde_json::from_value::<types::UpdateModerationReasonRequest>(
                        json!({"name": "x"})
                    )
                    .unwrap()
                )
                .await),
            method: "PUT",
            path: "/v3/moderation/reasons/1",
            on_behalf_of: None,
            body: json!({"name": "x"}),
            answer: "ModerationReasonRecord",
            expected: data,
        },
        Case {
            operation: "delete_moderation_reason",
            call: call!(|c| c.delete_moderation_reason("1").await),
            method: "DELETE",
            path: "/v3/moderation/reasons/1",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ModerationReasonDeleted",
            expected: std::convert::identity,
        },
        Case {
            operation: "flag_message",
            call: call!(|c| c
                .flag_message("1")
                .on_behalf_of("cometchat-uid-1")
                .body(
                    serde_json::from_value::<types::FlagMessageRequest>(json!({"id": "x"}))
                        .unwrap()
                )
                .await),
            method: "POST",
            path: "/v3/messages/1/flagged",
            on_behalf_of: Some("cometchat-uid-1"),
            body: json!({"id": "x"}),
            answer: "FlagMessageAcknowledged",
            expected: std::convert::identity,
        },
        Case {
            operation: "list_flagged_messages",
            call: call!(|c| c
                .list_flagged_messages()
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/moderation/flagged-messages",
            on_behalf_of: None,
            body: Value::Null,
            answer: "FlaggedMessageList",
            expected: data,
        },
        Case {
            operation: "list_reviewed_messages",
            call: call!(|c| c
                .list_reviewed_messages()
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/moderation/reviewed-messages",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ModerationReviewedMessageList",
            expected: data,
        },
        Case {
            operation: "review_flagged_message",
            call: call!(|c| c
                .review_flagged_message("1")
                .body(
                    serde_json::from_value::<types::ReviewFlaggedMessageRequest>(json!({}))
                        .unwrap()
                )
                .await),
            method: "PATCH",
            path: "/v3/moderation/flagged-messages/1",
            on_behalf_of: None,
            body: json!({}),
            answer: "FlaggedMessageReviewed",
            expected: std::convert::identity,
        },
    ]
}

#[tokio::test]
async fn every_operation_sends_its_request_and_decodes_its_sample() {
    operations::run(cases(), &["Moderation"]).await;
}

/// A rule created is listed and read back, an update shows, and after deleting it
/// a read is a 404; the same store shape serves keyword lists and reasons.
#[tokio::test]
async fn the_stand_in_keeps_rules_keyword_lists_and_reasons(
) -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await?;
    let client = server.client()?;
    let rule: types::CreateModerationRuleRequest =
        serde_json::from_value(json!({"id": "no-links", "name": "No links", "enabled": true}))?;
    let created = client.create_moderation_rule().body(rule).await?;
    assert_eq!(Some(created.id.as_str()), Some("no-links"));
    let listed = client.list_moderation_rules().await?;
    assert!(listed
        .items
        .iter()
        .any(|r| Some(r.id.as_str()) == Some("no-links")));
    let update: types::UpdateModerationRuleRequest =
        serde_json::from_value(json!({"name": "No links at all"}))?;
    let updated = client
        .update_moderation_rule("no-links")
        .body(update)
        .await?;
    assert_eq!(updated.name.as_deref(), Some("No links at all"));
    let read = client.get_moderation_rule("no-links").await?;
    assert_eq!(read.name.as_deref(), Some("No links at all"));
    client.delete_moderation_rule("no-links").await?;
    let gone = client.get_moderation_rule("no-links").await.unwrap_err();
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(404));

    let reason: types::CreateModerationReasonRequest =
        serde_json::from_value(json!({"id": "scam", "name": "Scam"}))?;
    client.create_moderation_reason().body(reason).await?;
    let reasons = client.list_moderation_reasons().await?;
    assert!(reasons
        .items
        .iter()
        .any(|r| Some(r.id.as_str()) == Some("scam")));
    Ok(())
}

/// Ids in paths are checked before anything is sent.
#[tokio::test]
async fn bad_ids_are_refused_before_any_request() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await?;
    let client = server.client()?;
    let long = "r".repeat(101);
    for bad in ["", ".", "..", "a\\b", "a\u{7}b", long.as_str()] {
        for error in [
            client.get_moderation_rule(bad).await.unwrap_err(),
            client.get_keyword_list(bad).await.unwrap_err(),
            client.get_moderation_reason(bad).await.unwrap_err(),
            client
                .flag_message(bad)
                .on_behalf_of("cometchat-uid-1")
                .await
                .unwrap_err(),
        ] {
            assert!(
                matches!(error, Error::InvalidInput { .. }),
                "{bad:?}: {error}"
            );
            assert!(
                error.to_string().contains("Nothing was sent"),
                "{bad:?}: {error}"
            );
        }
    }
    assert!(server.requests().is_empty());
    Ok(())
}
