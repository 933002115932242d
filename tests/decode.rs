//! The generated types against the sample response and the variations CometChat sends.

mod support;

use cometchat::{
    types::{
        ConversationResponse, EntityType, GroupType, MemberScope, MessageAction, MessageCategory,
        MessageType, UserStatus,
    },
    wire::{Id, Integer},
    Conversation,
};
use serde_json::{json, Value};
use support::sample;

fn decode(value: &Value) -> ConversationResponse {
    serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{e}: {value:#}"))
}

/// Decodes, re-encodes and checks that nothing changed.
fn round_trip(value: &Value) -> ConversationResponse {
    let decoded = decode(value);
    assert_eq!(&serde_json::to_value(&decoded).unwrap(), value);
    decoded
}

fn only(response: &ConversationResponse) -> &Conversation {
    assert_eq!(response.data.len(), 1);
    &response.data[0]
}

#[test]
fn sample_round_trips_unchanged() {
    let response = round_trip(&sample());
    let conversation = only(&response);
    assert!(!response.data.is_single());
    assert_eq!(conversation.conversation_id, "group_project-group");
    assert_eq!(conversation.unread_message_count, Some(Integer::new(0)));
    assert!(conversation
        .unread_message_count
        .as_ref()
        .unwrap()
        .is_quoted());
    let message = conversation.last_message.as_ref().unwrap();
    assert_eq!(message.id, "50");
    assert_eq!(message.category, MessageCategory::Action);
    assert_eq!(message.type_, MessageType::GroupMember);
    let data = message.data.as_ref().unwrap();
    assert_eq!(data.action, Some(MessageAction::Unbanned));
    let entities = data.entities.as_ref().unwrap();
    let on = entities.on.as_ref().unwrap();
    assert_eq!(on.entity_type, EntityType::User);
    assert_eq!(on.entity.uid.as_deref(), Some("cometchat-uid-3"));
    let group = conversation.conversation_with.as_ref().unwrap();
    assert_eq!(group.scope, Some(MemberScope::Participant));
    assert_eq!(group.type_, Some(GroupType::Private));
    assert_eq!(group.members_count, Some(Integer::new(4)));
    assert_eq!(group.has_joined, Some(true));
}

#[test]
fn data_decodes_as_an_object_or_an_array() {
    let conversation = sample()["data"][0].clone();
    let as_object = round_trip(&json!({ "data": conversation }));
    let as_array = round_trip(&json!({ "data": [conversation] }));
    assert!(as_object.data.is_single());
    assert!(!as_array.data.is_single());
    assert_eq!(only(&as_object), only(&as_array));
    assert!(round_trip(&json!({ "data": [] })).data.is_empty());
}

#[test]
fn counts_ids_and_times_decode_as_strings_or_numbers() {
    let mut numbers = sample();
    numbers["data"][0]["unreadMessageCount"] = json!(3);
    numbers["data"][0]["lastMessage"]["id"] = json!(50);
    let mut strings = sample();
    strings["data"][0]["unreadMessageCount"] = json!("3");
    strings["data"][0]["lastMessage"]["id"] = json!("50");
    strings["data"][0]["conversationWith"]["membersCount"] = json!("4");
    strings["data"][0]["lastMessage"]["data"]["entities"]["by"]["entity"]["createdAt"] =
        json!("1629869270");
    let numbers = round_trip(&numbers);
    let strings = round_trip(&strings);
    // Same values, whichever form they arrived in.
    assert_eq!(only(&numbers), only(&strings));
    let message = only(&numbers).last_message.as_ref().unwrap();
    assert!(message.id.is_numeric());
    assert_eq!(message.id.as_i64(), Some(50));
    assert_eq!(
        only(&strings)
            .unread_message_count
            .as_ref()
            .map(Integer::get),
        Some(3)
    );
}

#[test]
fn a_group_without_a_last_message_decodes() {
    let mut value = sample();
    value["data"][0]
        .as_object_mut()
        .unwrap()
        .remove("lastMessage");
    let response = round_trip(&value);
    assert_eq!(only(&response).last_message, None);
}

/// A conversation whose message is of kinds this SDK has never seen, with new fields
/// at every level.
fn from_the_future() -> Value {
    let mut value = sample();
    let conversation = &mut value["data"][0];
    conversation["conversationType"] = json!("thread");
    conversation["unreadMentionsCount"] = json!(2);
    conversation["pinnedAt"] = json!(1700000000);
    conversation["tags"] = json!(["vip"]);
    conversation["aiSummary"] = json!({ "text": "Susan unbanned George", "model": "x" });
    let message = &mut conversation["lastMessage"];
    message["category"] = json!("poll");
    message["type"] = json!("multipleChoice");
    message["receiverType"] = json!("broadcast");
    message["reactions"] = json!([{ "reaction": "👍", "count": 2 }]);
    message["data"]["action"] = json!("reacted");
    message["data"]["poll"] = json!({ "question": "Lunch?", "options": ["yes", "no"] });
    message["data"]["metadata"] = json!({ "anything": [1, "two", null, { "three": 3.5 }] });
    let entities = &mut message["data"]["entities"];
    entities["by"]["entity"]["status"] = json!("away");
    entities["by"]["entity"]["role"] = json!("moderator");
    entities["by"]["entity"]["pronouns"] = json!("she/her");
    entities["on"]["entityType"] = json!("bot");
    entities["for"]["entity"]["type"] = json!("secret");
    entities["for"]["entity"]["scope"] = json!("owner");
    entities["for"]["extra"] = json!(true);
    conversation["conversationWith"]["scope"] = json!("superadmin");
    conversation["conversationWith"]["type"] = json!("invite-only");
    value["meta"] = json!({ "requestId": "abc" });
    value
}

#[test]
fn unknown_kinds_and_fields_decode_and_round_trip_unchanged() {
    let response = round_trip(&from_the_future());
    let conversation = only(&response);
    let message = conversation.last_message.as_ref().unwrap();
    assert!(!message.category.is_known());
    assert_eq!(message.category.as_str(), "poll");
    assert_eq!(message.type_.as_str(), "multipleChoice");
    assert_eq!(
        message.extra["reactions"].to_value().unwrap()[0]["count"],
        2
    );
    let by = &message.data.as_ref().unwrap().entities.as_ref().unwrap().by;
    assert_eq!(
        by.as_ref()
            .unwrap()
            .entity
            .status
            .as_ref()
            .unwrap()
            .as_str(),
        "away"
    );
    assert_eq!(
        response.extra["meta"].parse::<Value>().unwrap()["requestId"],
        "abc"
    );
    insta::assert_debug_snapshot!("from_the_future_decoded", response);
}

#[test]
fn open_enums_pick_known_variants_and_keep_unknown_values() {
    assert_eq!(MessageCategory::from("action"), MessageCategory::Action);
    assert!(MessageCategory::from("action").is_known());
    let unknown = MessageCategory::from("poll");
    assert_eq!(unknown.as_str(), "poll");
    assert_eq!(unknown.to_string(), "poll");
    assert!(matches!(unknown, MessageCategory::Unknown(ref value) if value.as_str() == "poll"));
    // Decoding is case-sensitive, as CometChat is; an unknown spelling is kept as sent.
    assert_eq!(UserStatus::from("Online").as_str(), "Online");
    assert!(!UserStatus::from("Online").is_known());
    assert_eq!(
        MessageAction::KNOWN_VALUES,
        [
            "joined",
            "left",
            "kicked",
            "banned",
            "unbanned",
            "added",
            "scopeChanged",
            "edited",
            "deleted",
            "initiated",
            "ongoing",
            "unanswered",
            "rejected",
            "busy",
            "cancelled",
            "ended"
        ]
    );
    for value in MessageAction::KNOWN_VALUES {
        let action: MessageAction = serde_json::from_value(json!(value)).unwrap();
        assert!(action.is_known(), "{value}");
        assert_eq!(serde_json::to_value(&action).unwrap(), json!(value));
    }
}

#[test]
fn malformed_values_fail_with_the_path_of_the_field() {
    let cases = [
        (
            "unreadMessageCount",
            json!("three"),
            "data[0].unreadMessageCount",
        ),
        (
            "unreadMessageCount",
            json!("0.5"),
            "data[0].unreadMessageCount",
        ),
        (
            "unreadMessageCount",
            json!(1.5),
            "data[0].unreadMessageCount",
        ),
        (
            "unreadMessageCount",
            json!(u64::MAX),
            "data[0].unreadMessageCount",
        ),
        ("conversationType", json!(7), "data[0].conversationType"),
        ("conversationId", Value::Null, "data[0].conversationId"),
    ];
    for (field, value, path) in cases {
        let mut body = sample();
        body["data"][0][field] = value.clone();
        let text = body.to_string();
        let mut deserializer = serde_json::Deserializer::from_str(&text);
        let error = cometchat::wire::with_field_names_as_text(|| {
            serde_path_to_error::deserialize::<_, ConversationResponse>(&mut deserializer)
        })
        .expect_err(&format!("{field} = {value}"));
        assert_eq!(error.path().to_string(), path, "{field} = {value}");
    }
}

#[test]
fn wire_integers_keep_their_form() {
    for text in ["0", "7", "-12", "9223372036854775807"] {
        let quoted: Integer = serde_json::from_value(json!(text)).unwrap();
        assert!(quoted.is_quoted());
        assert_eq!(serde_json::to_value(quoted).unwrap(), json!(text));
    }
    let number: Integer = serde_json::from_value(json!(-5)).unwrap();
    assert_eq!((number.get(), number.is_quoted()), (-5, false));
    for text in ["", "1.5", " 1", "0x10", "9223372036854775808"] {
        assert!(
            serde_json::from_value::<Integer>(json!(text)).is_err(),
            "{text:?}"
        );
    }
    let id: Id = serde_json::from_value(json!("msg_01")).unwrap();
    assert_eq!(
        (id.as_str(), id.as_i64(), id.is_numeric()),
        ("msg_01", None, false)
    );
    assert_eq!(serde_json::to_value(Id::from(42)).unwrap(), json!(42));
}

/// Every answer sample of the spec, by example name, with its answer schema, in
/// spec order.
fn answer_samples() -> Vec<(String, String)> {
    let spec: Value = serde_json::from_str(support::SPEC).unwrap();
    let mut samples: Vec<(String, String)> = Vec::new();
    for item in spec["paths"].as_object().unwrap().values() {
        for operation in item.as_object().unwrap().values() {
            let content = &operation["responses"]["200"]["content"]["application/json"];
            let schema = content["schema"]["$ref"].as_str().unwrap_or_default();
            let schema = schema.rsplit('/').next().unwrap_or_default().to_owned();
            for example in content["examples"].as_object().into_iter().flatten() {
                let name = example.1["$ref"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap();
                if !samples.iter().any(|(n, _)| n == name) {
                    samples.push((name.to_owned(), schema.clone()));
                }
            }
        }
    }
    samples
}

/// Decodes `text` as answer schema `schema`, checks that it re-encodes exactly, and
/// shows what the types made of it; fields it does not set are left out, so that a
/// snapshot stays readable.
fn decoded_as(schema: &str, text: &str) -> String {
    try_decoded_as(schema, text).unwrap_or_else(|e| panic!("{}: {text}", e.0))
}

/// [`decoded_as`], with a decode error returned: serde's message and the path.
fn try_decoded_as(schema: &str, text: &str) -> Result<String, (String, String)> {
    fn shown_as<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(
        text: &str,
    ) -> Result<String, (String, String)> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let decoded: T = cometchat::wire::with_field_names_as_text(|| {
            serde_path_to_error::deserialize(&mut deserializer)
        })
        .map_err(|e| (e.inner().to_string(), e.path().to_string()))?;
        let encoded: Value = serde_json::to_value(&decoded).unwrap();
        let original: Value = serde_json::from_str(text).unwrap();
        assert_eq!(encoded, original);
        Ok(format!("{decoded:#?}")
            .lines()
            .filter(|line| {
                let line = line.trim();
                !(line.ends_with(": None,") || line == "extra: {}," || line.ends_with(": [],"))
            })
            .collect::<Vec<_>>()
            .join("\n"))
    }
    use cometchat::types;
    // One arm per answer schema of the spec.
    match schema {
        "AckResponse" => shown_as::<types::AckResponse>(text),
        "Acknowledgement" => shown_as::<types::Acknowledgement>(text),
        "AddFriendsResponse" => shown_as::<types::AddFriendsResponse>(text),
        "AddGroupMembersResponse" => shown_as::<types::AddGroupMembersResponse>(text),
        "ApiKeyListResponse" => shown_as::<types::ApiKeyListResponse>(text),
        "ApiKeyResponse" => shown_as::<types::ApiKeyResponse>(text),
        "ApnsProvidersResponse" => shown_as::<types::ApnsProvidersResponse>(text),
        "AuthTokenListResponse" => shown_as::<types::AuthTokenListResponse>(text),
        "AuthTokenResponse" => shown_as::<types::AuthTokenResponse>(text),
        "BannedMemberListResponse" => shown_as::<types::BannedMemberListResponse>(text),
        "BlockUsersResponse" => shown_as::<types::BlockUsersResponse>(text),
        "BlockedUserListResponse" => shown_as::<types::BlockedUserListResponse>(text),
        "ConversationListResponse" => shown_as::<types::ConversationListResponse>(text),
        "ConversationResponse" => shown_as::<types::ConversationResponse>(text),
        "CustomEmailProviderResponse" => shown_as::<types::CustomEmailProviderResponse>(text),
        "CustomPushProvidersResponse" => shown_as::<types::CustomPushProvidersResponse>(text),
        "CustomSmsProviderResponse" => shown_as::<types::CustomSmsProviderResponse>(text),
        "DeactivateUsersResponse" => shown_as::<types::DeactivateUsersResponse>(text),
        "FcmProvidersResponse" => shown_as::<types::FcmProvidersResponse>(text),
        "FriendListResponse" => shown_as::<types::FriendListResponse>(text),
        "GroupListResponse" => shown_as::<types::GroupListResponse>(text),
        "GroupMemberListResponse" => shown_as::<types::GroupMemberListResponse>(text),
        "GroupMembershipResponse" => shown_as::<types::GroupMembershipResponse>(text),
        "GroupResponse" => shown_as::<types::GroupResponse>(text),
        "KeywordListListResponse" => shown_as::<types::KeywordListListResponse>(text),
        "KeywordListResponse" => shown_as::<types::KeywordListResponse>(text),
        "MessageListResponse" => shown_as::<types::MessageListResponse>(text),
        "MessageResponse" => shown_as::<types::MessageResponse>(text),
        "MetricsMessageReceiptsResponse" => shown_as::<types::MetricsMessageReceiptsResponse>(text),
        "MetricsUsageResponse" => shown_as::<types::MetricsUsageResponse>(text),
        "ModerationBlockedMessageListResponse" => {
            shown_as::<types::ModerationBlockedMessageListResponse>(text)
        }
        "ModerationReasonListResponse" => shown_as::<types::ModerationReasonListResponse>(text),
        "ModerationReasonResponse" => shown_as::<types::ModerationReasonResponse>(text),
        "ModerationRuleListResponse" => shown_as::<types::ModerationRuleListResponse>(text),
        "ModerationRuleResponse" => shown_as::<types::ModerationRuleResponse>(text),
        "NotificationContactDetailsResponse" => {
            shown_as::<types::NotificationContactDetailsResponse>(text)
        }
        "NotificationLogListResponse" => shown_as::<types::NotificationLogListResponse>(text),
        "NotificationMutedConversationsResponse" => {
            shown_as::<types::NotificationMutedConversationsResponse>(text)
        }
        "NotificationPreferenceChoicesResponse" => {
            shown_as::<types::NotificationPreferenceChoicesResponse>(text)
        }
        "NotificationPreferencesResponse" => {
            shown_as::<types::NotificationPreferencesResponse>(text)
        }
        "NotificationTimezoneResponse" => shown_as::<types::NotificationTimezoneResponse>(text),
        "PermissionChangeResponse" => shown_as::<types::PermissionChangeResponse>(text),
        "PermissionListResponse" => shown_as::<types::PermissionListResponse>(text),
        "PinResponse" => shown_as::<types::PinResponse>(text),
        "PinnedConversationsResponse" => shown_as::<types::PinnedConversationsResponse>(text),
        "PushSettingsResponse" => shown_as::<types::PushSettingsResponse>(text),
        "PushTokensResponse" => shown_as::<types::PushTokensResponse>(text),
        "ReactionListResponse" => shown_as::<types::ReactionListResponse>(text),
        "ReactivateUsersResponse" => shown_as::<types::ReactivateUsersResponse>(text),
        "RestrictedFeatureListResponse" => shown_as::<types::RestrictedFeatureListResponse>(text),
        "RestrictedFeatureResultsResponse" => {
            shown_as::<types::RestrictedFeatureResultsResponse>(text)
        }
        "RoleListResponse" => shown_as::<types::RoleListResponse>(text),
        "RoleResponse" => shown_as::<types::RoleResponse>(text),
        "SendGridProviderResponse" => shown_as::<types::SendGridProviderResponse>(text),
        "TwilioProviderResponse" => shown_as::<types::TwilioProviderResponse>(text),
        "UnblockUsersResponse" => shown_as::<types::UnblockUsersResponse>(text),
        "UserListResponse" => shown_as::<types::UserListResponse>(text),
        "UserResponse" => shown_as::<types::UserResponse>(text),
        other => panic!("add {other} to this table"),
    }
}

/// CometChat sends `null` for fields its schemas type. In every sample, each member
/// of every object in turn (the first item of each list) set to `null`: an optional
/// field decodes as unset and re-encodes as `null` (checked by `try_decoded_as`); a
/// required one fails with serde's words, at that member's path. Never a panic, never
/// a wrong path.
#[test]
fn any_member_may_be_null_in_every_sample() {
    fn members(value: &Value, pointer: String, path: String, out: &mut Vec<(String, String)>) {
        match value {
            Value::Object(object) => {
                for (key, inner) in object {
                    let escaped = key.replace('~', "~0").replace('/', "~1");
                    let inner_path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    let inner_pointer = format!("{pointer}/{escaped}");
                    out.push((inner_pointer.clone(), inner_path.clone()));
                    members(inner, inner_pointer, inner_path, out);
                }
            }
            Value::Array(items) => {
                if let Some(first) = items.first() {
                    members(first, format!("{pointer}/0"), format!("{path}[0]"), out);
                }
            }
            _ => {}
        }
    }
    let (mut optional, mut required) = (0, 0);
    for (name, schema) in answer_samples() {
        let sample = support::example(&name);
        let mut paths = Vec::new();
        members(&sample, String::new(), String::new(), &mut paths);
        for (pointer, path) in paths {
            let mut body = sample.clone();
            *body.pointer_mut(&pointer).unwrap() = Value::Null;
            match try_decoded_as(&schema, &body.to_string()) {
                Ok(_) => optional += 1,
                Err((message, at)) => {
                    assert_eq!(at, path, "{name}: {pointer} = null: {message}");
                    assert!(
                        message.starts_with("invalid type: null"),
                        "{name}: {message}"
                    );
                    required += 1;
                }
            }
        }
    }
    assert!(
        optional > 1000 && required > 50,
        "{optional} optional, {required} required"
    );
}

/// The wire names of the properties the spec types `Secret`.
fn secret_names() -> Vec<String> {
    let spec: Value = serde_json::from_str(support::SPEC).unwrap();
    let mut names = Vec::new();
    for schema in spec["components"]["schemas"].as_object().unwrap().values() {
        for (name, property) in schema["properties"].as_object().into_iter().flatten() {
            let text = property.to_string();
            if text.contains("#/components/schemas/Secret\"") && !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    names
}

/// No secret of any sample shows in what the types print: every value of a member
/// the spec types `Secret` (tokens, keys, a call's channel secret) is `***`.
#[test]
fn no_sample_secret_shows_in_debug() {
    fn secrets(value: &Value, names: &[String], out: &mut Vec<String>) {
        match value {
            Value::Object(object) => {
                for (key, inner) in object {
                    match inner {
                        Value::String(text) if names.contains(key) => out.push(text.clone()),
                        _ => secrets(inner, names, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| secrets(item, names, out)),
            _ => {}
        }
    }
    let names = secret_names();
    assert!(names.iter().any(|n| n == "secret"), "{names:?}");
    let mut checked = 0;
    for (name, schema) in answer_samples() {
        let sample = support::example(&name);
        let mut found = Vec::new();
        secrets(&sample, &names, &mut found);
        let shown = decoded_as(&schema, &sample.to_string());
        for secret in found {
            assert!(
                !shown.contains(&secret),
                "{name}: {secret} shows in {shown}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 5, "{checked} secrets checked");
}

/// Every 200 sample in the spec decodes into the type its operation answers, and
/// re-encodes exactly; each gets a snapshot of what the types made of it, unless it
/// decodes to the same value as a sample already shown.
#[test]
fn every_operation_sample_decodes_into_its_type() {
    let samples = answer_samples();
    assert!(samples.len() >= 40, "{samples:?}");
    let mut shown: Vec<String> = Vec::new();
    for (name, schema) in samples {
        let debug = decoded_as(&schema, &support::example(&name).to_string());
        if shown.contains(&debug) {
            continue;
        }
        insta::assert_snapshot!(format!("sample_{name}"), debug);
        shown.push(debug);
    }
}

/// The quirks of CometChat's list answers, in every list sample: `data` as one
/// object where the schema has a list (CometChat's own schemas say object where the
/// samples show a list, and the other way round), timestamps and counts as strings,
/// and `total: 0` beside a non-zero `count`. Each decodes and re-encodes exactly.
#[test]
fn list_quirks_decode_in_every_list_answer() {
    let mut lists = 0;
    for (name, schema) in answer_samples() {
        let sample = support::example(&name);
        let Some(first) = sample["data"].as_array().and_then(|items| items.first()) else {
            continue;
        };
        lists += 1;
        // `data` as one object.
        let mut one = sample.clone();
        one["data"] = first.clone();
        decoded_as(&schema, &one.to_string());
        // Numbers as strings, wherever the sample has a timestamp or a count.
        let mut strings = sample.clone();
        for item in strings["data"].as_array_mut().unwrap() {
            for field in [
                "createdAt",
                "updatedAt",
                "joinedAt",
                "lastActiveAt",
                "membersCount",
            ] {
                if let Some(n) = item.get(field).and_then(Value::as_i64) {
                    item[field] = json!(n.to_string());
                }
            }
        }
        if let Some(pagination) = strings.pointer_mut("/meta/pagination") {
            for field in ["total", "count", "per_page", "current_page", "total_pages"] {
                if let Some(n) = pagination.get(field).and_then(Value::as_i64) {
                    pagination[field] = json!(n.to_string());
                }
            }
        }
        decoded_as(&schema, &strings.to_string());
        // `total: 0` beside a non-zero `count`, and an empty page.
        let mut empty = sample.clone();
        empty["data"] = json!([]);
        if empty.pointer("/meta/pagination").is_some() {
            empty["meta"]["pagination"]["total"] = json!(0);
            empty["meta"]["pagination"]["count"] = json!(5);
        }
        decoded_as(&schema, &empty.to_string());
    }
    assert!(lists >= 10, "{lists} list samples");
}

/// What a user reaches for first takes one call, not four nested options.
#[test]
fn first_reached_fields_have_accessors() {
    let response = decode(&sample());
    let conversation = only(&response);
    assert_eq!(conversation.unread(), 0);
    assert!(conversation.is_group());
    let message = conversation.last_message.as_ref().unwrap();
    assert_eq!(message.action(), Some(&MessageAction::Unbanned));
    assert_eq!(
        message.sender_entity().and_then(|e| e.uid.as_deref()),
        Some("cometchat-uid-4")
    );
    assert!(message.sender_name().is_some());
    assert_eq!(
        message.action_target().and_then(|e| e.uid.as_deref()),
        Some("cometchat-uid-3")
    );
    assert_eq!(message.text(), None);
    let mut text = sample();
    text["data"][0]["lastMessage"]["data"] = json!({"text": "hi", "entities": {
        "sender": {"entity": {"uid": "u1", "name": "Ada"}, "entityType": "user"}}});
    let response = decode(&text);
    let message = only(&response).last_message.as_ref().unwrap();
    assert_eq!(
        (message.text(), message.sender_name()),
        (Some("hi"), Some("Ada"))
    );
    assert_eq!(message.action(), None);
}
