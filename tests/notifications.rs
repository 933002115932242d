//! Every operation of the Notifications resource (providers: Twilio, SendGrid,
//! FCM, APNs and the custom webhooks; app settings; users' preferences, mutes,
//! time zones and contact details; push tokens; delivery logs) through the public
//! API: the request it sends (method, path, query, headers, body) and the answer it
//! decodes, from the vendor's sample in the spec; the stand-in keeping its
//! documents (preferences, settings, time zone, contact details, a provider) per
//! user across calls; provider credentials and push tokens kept out of `Debug`,
//! errors and traces; the log list followed by its cursor; log and token times read
//! as `SystemTime`; and bad ids refused before anything is sent.

mod support;

use support::{
    n,
    secrets::{leaked, Traces},
};

use std::{
    future::Future,
    pin::Pin,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use cometchat::{
    mock::{Answer, MockServer},
    types::{
        self, Affix, MutedConversationType, NotificationLogChannel, NotificationLogProvider,
        NotificationLogReason, NotificationLogTrigger, PushPlatform, ReceiverType,
    },
    wire::{Secret, SecretJson},
    Client, Error,
};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{json, Value};
use support::{
    built, example,
    operations::{self, assert_refused, data, Case, WithId},
    Server, Step,
};

/// An FCM service account's key file, as the Firebase console gives it.
fn service_account(private_key: &str) -> Value {
    json!({
        "type": "service_account",
        "project_id": "acme-chat",
        "private_key_id": "4f1c2d",
        "private_key": private_key,
        "client_email": "firebase-adminsdk@acme-chat.iam.gserviceaccount.com",
    })
}

/// The app's settings change of the table: group messages notify only on a
/// mention, one-on-one replies always, with a chat sound and a text template.
fn push_settings_change() -> types::UpdatePushSettingsRequest {
    built(
        types::UpdatePushSettingsRequest::builder()
            .preferences(built::<types::NotificationEventSettingsInput, _>(
                types::NotificationEventSettingsInput::builder()
                    .bypass_preferences_for_mentions(true)
                    .group(built::<types::NotificationGroupSettingsInput, _>(
                        types::NotificationGroupSettingsInput::builder()
                            .messages_setting(3)
                            .messages_override(false),
                    ))
                    .one_on_one(built::<types::NotificationOneOnOneSettingsInput, _>(
                        types::NotificationOneOnOneSettingsInput::builder().replies_setting(2),
                    ))
                    .push(built::<types::NotificationPushPayloadSettings, _>(
                        types::NotificationPushPayloadSettings::builder()
                            .include_message_object_setting(true),
                    )),
            ))
            .sound(built::<types::NotificationSound, _>(
                types::NotificationSound::builder().chat("ding".to_owned()),
            ))
            .templates(built::<types::NotificationTemplatesInput, _>(
                types::NotificationTemplatesInput::builder().text_message_template_default(
                    built::<types::NotificationMessageTemplate, _>(
                        types::NotificationMessageTemplate::builder()
                            .title_one_on_one("{{message.sender.name}}".to_owned())
                            .body("{{message.data.text}}".to_owned()),
                    ),
                ),
            )),
    )
}

fn push_settings_change_json() -> Value {
    json!({
        "preferences": {
            "bypassPreferencesForMentions": true,
            "group": {"messagesSetting": 3, "messagesOverride": false},
            "oneOnOne": {"repliesSetting": 2},
            "push": {"includeMessageObjectSetting": true},
        },
        "sound": {"chat": "ding"},
        "templates": {
            "textMessageTemplateDefault": {
                "titleOneOnOne": "{{message.sender.name}}",
                "body": "{{message.data.text}}",
            },
        },
    })
}

/// A user's preferences change of the table: group messages only on a mention, no
/// one-on-one reactions, do-not-disturb on Mondays from 22:00.
fn preferences_change() -> types::UpdateNotificationPreferencesRequest {
    built(
        types::UpdateNotificationPreferencesRequest::builder()
            .group_preferences(built::<types::NotificationGroupChoicesInput, _>(
                types::NotificationGroupChoicesInput::builder()
                    .group_messages(3)
                    .group_member_joined(1),
            ))
            .one_on_one_preferences(built::<types::NotificationOneOnOneChoicesInput, _>(
                types::NotificationOneOnOneChoicesInput::builder().one_on_one_reactions(1),
            ))
            .mute_preferences(built::<types::NotificationMuteChoicesInput, _>(
                types::NotificationMuteChoicesInput::builder()
                    .dnd(2)
                    .schedule(built::<types::NotificationWeekScheduleInput, _>(
                        types::NotificationWeekScheduleInput::builder().monday(built::<
                            types::NotificationDayScheduleInput,
                            _,
                        >(
                            types::NotificationDayScheduleInput::builder()
                                .from(2200)
                                .to(2359)
                                .dnd(true),
                        )),
                    )),
            ))
            .use_privacy_template(true),
    )
}

fn preferences_change_json() -> Value {
    json!({
        "groupPreferences": {"groupMessages": 3, "groupMemberJoined": 1},
        "oneOnOnePreferences": {"oneOnOneReactions": 1},
        "mutePreferences": {
            "dnd": 2,
            "schedule": {"monday": {"from": 2200, "to": 2359, "dnd": true}},
        },
        "usePrivacyTemplate": true,
    })
}

const PUSH_TOKEN: &str = "dGVzdA:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx";
const AUTH_TOKEN: &str = "superhero3_1710141033938cf7e3c67cc44465440d4efac8de";

fn cases() -> Vec<Case> {
    vec![
        // Twilio.
        Case {
            operation: "get_twilio_provider",
            call: call!(|c| c.get_twilio_provider().await),
            method: "GET",
            path: "/v3/notifications/sms/v1/providers/twilio",
            on_behalf_of: None,
            body: Value::Null,
            answer: "TwilioProvider",
            expected: data,
        },
        Case {
            operation: "save_twilio_provider",
            call: call!(|c| c
                .save_twilio_provider()
                .body(
                    types::SaveTwilioProviderRequest::builder()
                        .twilio_account_sid("AC91e67951ff7e5e7be8122184e76ae0e6")
                        .twilio_auth_token(Secret::new("71c2301435733997e83db7a3445bc57"))
                        .twilio_sender_phone_number("+13611364718")
                        .is_enabled(true)
                )
                .await),
            method: "POST",
            path: "/v3/notifications/sms/v1/providers/twilio",
            on_behalf_of: None,
            body: json!({
                "twilioAccountSID": "AC91e67951ff7e5e7be8122184e76ae0e6",
                "twilioAuthToken": "71c2301435733997e83db7a3445bc57",
                "twilioSenderPhoneNumber": "+13611364718",
                "isEnabled": true,
            }),
            answer: "TwilioProvider",
            expected: data,
        },
        Case {
            operation: "update_twilio_provider",
            call: call!(|c| c
                .update_twilio_provider()
                .body(
                    types::UpdateTwilioProviderRequest::builder()
                        .twilio_auth_token(Secret::new("0d9b1e5a7c3f"))
                        .twilio_sender_phone_number("+13611364799".to_owned())
                        .is_enabled(false)
                )
                .await),
            method: "PUT",
            path: "/v3/notifications/sms/v1/providers/twilio",
            on_behalf_of: None,
            body: json!({
                "twilioAuthToken": "0d9b1e5a7c3f",
                "twilioSenderPhoneNumber": "+13611364799",
                "isEnabled": false,
            }),
            answer: "TwilioProviderUpdated",
            expected: data,
        },
        Case {
            operation: "delete_twilio_provider",
            call: call!(|c| c.delete_twilio_provider().await),
            method: "DELETE",
            path: "/v3/notifications/sms/v1/providers/twilio",
            on_behalf_of: None,
            body: Value::Null,
            answer: "TwilioProviderDeleted",
            expected: data,
        },
        // SendGrid.
        Case {
            operation: "get_sendgrid_provider",
            call: call!(|c| c.get_sendgrid_provider().await),
            method: "GET",
            path: "/v3/notifications/email/v1/providers/sendgrid",
            on_behalf_of: None,
            body: Value::Null,
            answer: "SendGridProvider",
            expected: data,
        },
        Case {
            operation: "save_sendgrid_provider",
            call: call!(|c| c
                .save_sendgrid_provider()
                .body(
                    types::SaveSendGridProviderRequest::builder()
                        .send_grid_api_key(Secret::new("SG.9ipFP4b17yT-Fff2GGrH8F"))
                        .send_grid_template_id("d-8284bb9646a040499d5cfa28d272a094")
                        .send_grid_unsubscribe_group_id("33832")
                        .sender_name("Emailer")
                        .sender_email("noreply@em123.example.com")
                        .allow_email_replies(true)
                        .sender_email_for_replies(Some("replies@example.com".to_owned()))
                        .is_enabled(true)
                )
                .await),
            method: "POST",
            path: "/v3/notifications/email/v1/providers/sendgrid",
            on_behalf_of: None,
            body: json!({
                "sendGridApiKey": "SG.9ipFP4b17yT-Fff2GGrH8F",
                "sendGridTemplateID": "d-8284bb9646a040499d5cfa28d272a094",
                "sendGridUnsubscribeGroupID": "33832",
                "senderName": "Emailer",
                "senderEmail": "noreply@em123.example.com",
                "allowEmailReplies": true,
                "senderEmailForReplies": "replies@example.com",
                "isEnabled": true,
            }),
            answer: "SendGridProviderSaved",
            expected: data,
        },
        Case {
            operation: "update_sendgrid_provider",
            call: call!(|c| c
                .update_sendgrid_provider()
                .body(
                    types::UpdateSendGridProviderRequest::builder()
                        .sender_name("Acme Chat".to_owned())
                        .allow_email_replies(false)
                        .sender_email_for_replies(None)
                )
                .await),
            method: "PUT",
            path: "/v3/notifications/email/v1/providers/sendgrid",
            on_behalf_of: None,
            body: json!({"senderName": "Acme Chat", "allowEmailReplies": false}),
            answer: "SendGridProviderSaved",
            expected: data,
        },
        Case {
            operation: "delete_sendgrid_provider",
            call: call!(|c| c.delete_sendgrid_provider().await),
            method: "DELETE",
            path: "/v3/notifications/email/v1/providers/sendgrid",
            on_behalf_of: None,
            body: Value::Null,
            answer: "SendGridProviderDeleted",
            expected: data,
        },
        // The custom (webhook) providers.
        Case {
            operation: "get_custom_push_provider",
            call: call!(|c| c.get_custom_push_provider().await),
            method: "GET",
            path: "/v3/notifications/push/v1/providers/custom",
            on_behalf_of: None,
            body: Value::Null,
            answer: "CustomPushProviders",
            expected: data,
        },
        Case {
            operation: "save_custom_push_provider",
            call: call!(|c| c
                .save_custom_push_provider()
                .body(
                    types::SaveCustomPushProviderRequest::builder()
                        .is_enabled(true)
                        .webhook_url("https://trigger-push.example.com/cometchat")
                        .use_basic_auth(true)
                        .basic_auth_username("user123")
                        .basic_auth_password(Secret::new("pass123"))
                )
                .await),
            method: "POST",
            path: "/v3/notifications/push/v1/providers/custom",
            on_behalf_of: None,
            body: json!({
                "isEnabled": true,
                "webhookURL": "https://trigger-push.example.com/cometchat",
                "useBasicAuth": true,
                "basicAuthUsername": "user123",
                "basicAuthPassword": "pass123",
            }),
            answer: "CustomPushProviders",
            expected: data,
        },
        Case {
            operation: "update_custom_push_provider",
            call: call!(|c| c
                .update_custom_push_provider()
                .body(
                    types::UpdateCustomPushProviderRequest::builder()
                        .webhook_url("https://push2.example.com/cometchat".to_owned())
                        .basic_auth_password(Secret::new("pass456"))
                )
                .await),
            method: "PUT",
            path: "/v3/notifications/push/v1/providers/custom",
            on_behalf_of: None,
            body: json!({
                "webhookURL": "https://push2.example.com/cometchat",
                "basicAuthPassword": "pass456",
            }),
            answer: "CustomPushProviders",
            expected: data,
        },
        Case {
            operation: "delete_custom_push_provider",
            call: call!(|c| c.delete_custom_push_provider().await),
            method: "DELETE",
            path: "/v3/notifications/push/v1/providers/custom",
            on_behalf_of: None,
            body: Value::Null,
            answer: "CustomPushProviderDeleted",
            expected: data,
        },
        Case {
            operation: "get_custom_sms_provider",
            call: call!(|c| c.get_custom_sms_provider().await),
            method: "GET",
            path: "/v3/notifications/sms/v1/providers/custom",
            on_behalf_of: None,
            body: Value::Null,
            answer: "CustomSmsProvider",
            expected: data,
        },
        Case {
            operation: "save_custom_sms_provider",
            call: call!(|c| c
                .save_custom_sms_provider()
                .body(
                    types::SaveCustomSmsProviderRequest::builder()
                        .is_enabled(true)
                        .webhook_url("https://trigger-sms.example.com/cometchat".to_owned())
                        .use_basic_auth(true)
                        .basic_auth_username("user888".to_owned())
                        .basic_auth_password(Secret::new("pass123"))
                        .use_stored_ph_no(true)
                )
                .await),
            method: "POST",
            path: "/v3/notifications/sms/v1/providers/custom",
            on_behalf_of: None,
            body: json!({
                "isEnabled": true,
                "webhookURL": "https://trigger-sms.example.com/cometchat",
                "useBasicAuth": true,
                "basicAuthUsername": "user888",
                "basicAuthPassword": "pass123",
                "useStoredPhNo": true,
            }),
            answer: "CustomSmsProviderSaved",
            expected: data,
        },
        Case {
            operation: "update_custom_sms_provider",
            call: call!(|c| c
                .update_custom_sms_provider()
                .body(
                    types::UpdateCustomSmsProviderRequest::builder()
                        .use_basic_auth(false)
                        .use_stored_ph_no(false)
                )
                .await),
            method: "PUT",
            path: "/v3/notifications/sms/v1/providers/custom",
            on_behalf_of: None,
            body: json!({"useBasicAuth": false, "useStoredPhNo": false}),
            answer: "CustomSmsProviderSaved",
            expected: data,
        },
        Case {
            operation: "delete_custom_sms_provider",
            call: call!(|c| c.delete_custom_sms_provider().await),
            method: "DELETE",
            path: "/v3/notifications/sms/v1/providers/custom",
            on_behalf_of: None,
            body: Value::Null,
            answer: "CustomSmsProviderDeleted",
            expected: data,
        },
        Case {
            operation: "get_custom_email_provider",
            call: call!(|c| c.get_custom_email_provider().await),
            method: "GET",
            path: "/v3/notifications/email/v1/providers/custom",
            on_behalf_of: None,
            body: Value::Null,
            answer: "CustomEmailProvider",
            expected: data,
        },
        Case {
            operation: "save_custom_email_provider",
            call: call!(|c| c
                .save_custom_email_provider()
                .body(
                    types::SaveCustomEmailProviderRequest::builder()
                        .is_enabled(true)
                        .webhook_url("https://trigger-email.example.com/cometchat".to_owned())
                        .use_basic_auth(true)
                        .basic_auth_username("user889".to_owned())
                        .basic_auth_password(Secret::new("pass122"))
                        .use_stored_email_id(true)
                )
                .await),
            method: "POST",
            path: "/v3/notifications/email/v1/providers/custom",
            on_behalf_of: None,
            body: json!({
                "isEnabled": true,
                "webhookURL": "https://trigger-email.example.com/cometchat",
                "useBasicAuth": true,
                "basicAuthUsername": "user889",
                "basicAuthPassword": "pass122",
                "useStoredEmailID": true,
            }),
            answer: "CustomEmailProvider",
            expected: data,
        },
        Case {
            operation: "update_custom_email_provider",
            call: call!(|c| c
                .update_custom_email_provider()
                .body(
                    types::UpdateCustomEmailProviderRequest::builder()
                        .is_enabled(false)
                        .basic_auth_username("user890".to_owned())
                )
                .await),
            method: "PUT",
            path: "/v3/notifications/email/v1/providers/custom",
            on_behalf_of: None,
            body: json!({"isEnabled": false, "basicAuthUsername": "user890"}),
            answer: "CustomEmailProvider",
            expected: data,
        },
        Case {
            operation: "delete_custom_email_provider",
            call: call!(|c| c.delete_custom_email_provider().await),
            method: "DELETE",
            path: "/v3/notifications/email/v1/providers/custom",
            on_behalf_of: None,
            body: Value::Null,
            answer: "CustomEmailProviderDeleted",
            expected: data,
        },
        // Delivery logs.
        Case {
            operation: "list_notification_logs",
            call: call!(|c| c
                .list_notification_logs()
                .channel(NotificationLogChannel::Push)
                .provider(NotificationLogProvider::Apns)
                .trigger(NotificationLogTrigger::MessageReactionAdded)
                .reason(NotificationLogReason::MutePreference)
                .receiver_type(ReceiverType::Group)
                .sender("cometchat-uid-4")
                .notification_triggered(false)
                .from(1742980000000)
                .to(1742990000000)
                .limit(n(20))
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/notifications/v1/logs?channel=push&from=1742980000000&limit=20\
                   &notificationTriggered=false&provider=apns&reason=MUTE_PREFERENCE\
                   &receiverType=group&sender=cometchat-uid-4&to=1742990000000\
                   &trigger=message_reaction_added",
            on_behalf_of: None,
            body: Value::Null,
            answer: "NotificationLogList",
            expected: data,
        },
        // App settings.
        Case {
            operation: "get_push_settings",
            call: call!(|c| c.get_push_settings().await),
            method: "GET",
            path: "/v3/notifications/v1/settings",
            on_behalf_of: None,
            body: Value::Null,
            answer: "PushSettings",
            expected: data,
        },
        Case {
            operation: "update_push_settings",
            call: call!(|c| c.update_push_settings().body(push_settings_change()).await),
            method: "PATCH",
            path: "/v3/notifications/v1/settings",
            on_behalf_of: None,
            body: push_settings_change_json(),
            answer: "PushSettingsUpdated",
            expected: data,
        },
        Case {
            operation: "reset_push_settings",
            call: call!(|c| c.reset_push_settings().await),
            method: "DELETE",
            path: "/v3/notifications/v1/settings",
            on_behalf_of: None,
            body: Value::Null,
            answer: "PushSettingsReset",
            expected: data,
        },
        // FCM.
        Case {
            operation: "list_fcm_providers",
            call: call!(|c| c.list_fcm_providers().await),
            method: "GET",
            path: "/v3/notifications/push/v1/providers/fcm",
            on_behalf_of: None,
            body: Value::Null,
            answer: "FcmProviders",
            expected: data,
        },
        Case {
            operation: "add_fcm_provider",
            call: call!(|c| c
                .add_fcm_provider()
                .body(
                    types::AddFcmProviderRequest::builder()
                        .provider_id("fcm-provider-2".to_owned())
                        .service_account_filename("acme-chat-firebase-adminsdk.json".to_owned())
                        .service_account_creds(SecretJson::new(service_account("KEY-1")))
                        .notification_in_payload(built::<types::FcmNotificationInPayload, _>(
                            types::FcmNotificationInPayload::builder()
                                .android(built::<types::FcmPayloadNotification, _>(
                                    types::FcmPayloadNotification::builder()
                                        .chat(false)
                                        .call(false)
                                ))
                                .ios(built::<types::FcmPayloadNotification, _>(
                                    types::FcmPayloadNotification::builder()
                                        .chat(true)
                                        .call(false)
                                ))
                        ))
                )
                .await),
            method: "POST",
            path: "/v3/notifications/push/v1/providers/fcm",
            on_behalf_of: None,
            body: json!({
                "providerId": "fcm-provider-2",
                "serviceAccountFilename": "acme-chat-firebase-adminsdk.json",
                "serviceAccountCreds": service_account("KEY-1"),
                "notificationInPayload": {
                    "android": {"chat": false, "call": false},
                    "ios": {"chat": true, "call": false},
                },
            }),
            answer: "FcmProviderAdded",
            expected: data,
        },
        Case {
            operation: "update_fcm_provider",
            call: call!(|c| c
                .update_fcm_provider()
                .body(
                    types::UpdateFcmProviderRequest::builder()
                        .provider_id("fcm-provider-2".to_owned())
                        .service_account_creds(SecretJson::new(service_account("KEY-2")))
                        .notification_in_payload(built::<types::FcmNotificationInPayload, _>(
                            types::FcmNotificationInPayload::builder().web(built::<
                                types::FcmPayloadNotification,
                                _,
                            >(
                                types::FcmPayloadNotification::builder().chat(true)
                            ))
                        ))
                )
                .await),
            method: "PUT",
            path: "/v3/notifications/push/v1/providers/fcm",
            on_behalf_of: None,
            body: json!({
                "providerId": "fcm-provider-2",
                "serviceAccountCreds": service_account("KEY-2"),
                "notificationInPayload": {"web": {"chat": true}},
            }),
            answer: "FcmProviderUpdated",
            expected: data,
        },
        Case {
            operation: "delete_fcm_provider",
            call: call!(|c| c.delete_fcm_provider("fcm-provider-2").await),
            method: "DELETE",
            path: "/v3/notifications/push/v1/providers/fcm/fcm-provider-2",
            on_behalf_of: None,
            body: Value::Null,
            answer: "FcmProviderDeleted",
            expected: data,
        },
        Case {
            operation: "set_default_fcm_provider",
            call: call!(|c| c.set_default_fcm_provider("fcm-provider-2").await),
            method: "PUT",
            path: "/v3/notifications/push/v1/providers/fcm/default/fcm-provider-2",
            on_behalf_of: None,
            body: Value::Null,
            answer: "FcmProviderMadeDefault",
            expected: data,
        },
        // APNs.
        Case {
            operation: "list_apns_providers",
            call: call!(|c| c.list_apns_providers().await),
            method: "GET",
            path: "/v3/notifications/push/v1/providers/apns",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ApnsProviders",
            expected: data,
        },
        Case {
            operation: "add_apns_provider",
            call: call!(|c| c
                .add_apns_provider()
                .body(
                    types::AddApnsProviderRequest::builder()
                        .provider_id("apns-provider-2".to_owned())
                        .key_id("ABC123DEFG".to_owned())
                        .team_id("DEF123GHIJ".to_owned())
                        .bundle_id("com.example.chat".to_owned())
                        .p8_key_filename("AuthKey_ABC123DEFG.p8".to_owned())
                        .p8_key(Secret::new("-----BEGIN PRIVATE KEY-----\nMIGT\n"))
                        .include_content_available(true)
                        .include_mutable_content(true)
                        .production_mode(false)
                )
                .await),
            method: "POST",
            path: "/v3/notifications/push/v1/providers/apns",
            on_behalf_of: None,
            body: json!({
                "providerId": "apns-provider-2",
                "keyId": "ABC123DEFG",
                "teamId": "DEF123GHIJ",
                "bundleId": "com.example.chat",
                "p8KeyFilename": "AuthKey_ABC123DEFG.p8",
                "p8Key": "-----BEGIN PRIVATE KEY-----\nMIGT\n",
                "includeContentAvailable": true,
                "includeMutableContent": true,
                "productionMode": false,
            }),
            answer: "ApnsProviders",
            expected: data,
        },
        Case {
            operation: "update_apns_provider",
            call: call!(|c| c
                .update_apns_provider()
                .body(
                    types::UpdateApnsProviderRequest::builder()
                        .provider_id("apns-provider-2".to_owned())
                        .p8_key(Secret::new("-----BEGIN PRIVATE KEY-----\nMIGU\n"))
                        .production_mode(true)
                )
                .await),
            method: "PUT",
            path: "/v3/notifications/push/v1/providers/apns",
            on_behalf_of: None,
            body: json!({
                "providerId": "apns-provider-2",
                "p8Key": "-----BEGIN PRIVATE KEY-----\nMIGU\n",
                "productionMode": true,
            }),
            answer: "ApnsProviderUpdated",
            expected: data,
        },
        Case {
            operation: "delete_apns_provider",
            call: call!(|c| c.delete_apns_provider("apns-provider-2").await),
            method: "DELETE",
            path: "/v3/notifications/push/v1/providers/apns/apns-provider-2",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ApnsProviderDeleted",
            expected: data,
        },
        Case {
            operation: "set_default_apns_provider",
            call: call!(|c| c.set_default_apns_provider("apns-provider-2").await),
            method: "PUT",
            path: "/v3/notifications/push/v1/providers/apns/default/apns-provider-2",
            on_behalf_of: None,
            body: Value::Null,
            answer: "ApnsProviderMadeDefault",
            expected: data,
        },
        // A user's preferences.
        Case {
            operation: "get_notification_preferences",
            call: call!(|c| c
                .get_notification_preferences()
                .uid("cometchat-uid-1")
                .await),
            method: "GET",
            path: "/v3/notifications/v1/preferences?uid=cometchat-uid-1",
            on_behalf_of: None,
            body: Value::Null,
            answer: "NotificationPreferences",
            expected: data,
        },
        Case {
            operation: "update_notification_preferences",
            call: call!(|c| c
                .update_notification_preferences()
                .uid("cometchat-uid-1")
                .body(preferences_change())
                .await),
            method: "PATCH",
            path: "/v3/notifications/v1/preferences?uid=cometchat-uid-1",
            on_behalf_of: None,
            body: preferences_change_json(),
            answer: "NotificationPreferences",
            expected: data,
        },
        Case {
            operation: "reset_notification_preferences",
            call: call!(|c| c
                .reset_notification_preferences()
                .uid("cometchat-uid-1")
                .await),
            method: "DELETE",
            path: "/v3/notifications/v1/preferences?uid=cometchat-uid-1",
            on_behalf_of: None,
            body: Value::Null,
            answer: "NotificationPreferencesReset",
            expected: data,
        },
        // Push tokens.
        Case {
            operation: "register_push_token",
            call: call!(|c| c
                .register_push_token()
                .body(
                    types::RegisterPushTokenRequest::builder()
                        .platform(PushPlatform::FcmAndroid)
                        .provider_id("fcm-provider-2".to_owned())
                        .fcm_token(Secret::new(PUSH_TOKEN))
                        .auth_token(Secret::new(AUTH_TOKEN))
                        .timezone("Asia/Kolkata".to_owned())
                )
                .await),
            method: "POST",
            path: "/v3/notifications/push/v1/tokens",
            on_behalf_of: None,
            body: json!({
                "platform": "fcm_android",
                "providerId": "fcm-provider-2",
                "fcmToken": PUSH_TOKEN,
                "authToken": AUTH_TOKEN,
                "timezone": "Asia/Kolkata",
            }),
            answer: "PushTokenRegistered",
            expected: data,
        },
        Case {
            operation: "list_push_tokens",
            call: call!(|c| c.list_push_tokens().auth_token(AUTH_TOKEN).all(true).await),
            method: "GET",
            path: "/v3/notifications/push/v1/tokens?all=true\
                   &authToken=superhero3_1710141033938cf7e3c67cc44465440d4efac8de",
            on_behalf_of: None,
            body: Value::Null,
            answer: "PushTokens",
            expected: data,
        },
        Case {
            operation: "unregister_push_tokens",
            call: call!(|c| c
                .unregister_push_tokens()
                .all(false)
                .body(
                    types::UnregisterPushTokensRequest::builder()
                        .auth_token(Secret::new(AUTH_TOKEN))
                )
                .await),
            method: "DELETE",
            path: "/v3/notifications/push/v1/tokens?all=false",
            on_behalf_of: None,
            body: json!({"authToken": AUTH_TOKEN}),
            answer: "PushTokens",
            expected: data,
        },
        Case {
            operation: "delete_push_token",
            call: call!(|c| c
                .delete_push_token(PUSH_TOKEN)
                .body(types::DeletePushTokenRequest::builder().auth_token(Secret::new(AUTH_TOKEN)))
                .await),
            method: "DELETE",
            path: "/v3/notifications/push/v1/tokens/dGVzdA:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx",
            on_behalf_of: None,
            body: json!({"authToken": AUTH_TOKEN}),
            answer: "PushTokens",
            expected: data,
        },
        // Mutes.
        Case {
            operation: "list_muted_conversations",
            call: call!(|c| c.list_muted_conversations().uid("cometchat-uid-1").await),
            method: "GET",
            path: "/v3/notifications/v1/preferences/mute?uid=cometchat-uid-1",
            on_behalf_of: None,
            body: Value::Null,
            answer: "MutedConversations",
            expected: data,
        },
        Case {
            operation: "mute_conversations",
            call: call!(|c| c
                .mute_conversations()
                .uid("cometchat-uid-1")
                .body(
                    types::MuteConversationsRequest::builder().conversations(vec![
                        built::<types::MuteConversationInput, _>(
                            types::MuteConversationInput::builder()
                                .id("cometchat-uid-2".to_owned())
                                .type_(MutedConversationType::OneOnOne)
                                .until(1742990000000_i64)
                        ),
                        built::<types::MuteConversationInput, _>(
                            types::MuteConversationInput::builder()
                                .id("cometchat-guid-1".to_owned())
                                .type_(MutedConversationType::Group)
                                .until(1743000000000_i64)
                        ),
                    ])
                )
                .await),
            method: "PUT",
            path: "/v3/notifications/v1/preferences/mute?uid=cometchat-uid-1",
            on_behalf_of: None,
            body: json!({"conversations": [
                {"id": "cometchat-uid-2", "type": "oneOnOne", "until": 1742990000000_i64},
                {"id": "cometchat-guid-1", "type": "group", "until": 1743000000000_i64},
            ]}),
            answer: "ConversationsMuted",
            expected: data,
        },
        Case {
            operation: "unmute_conversations",
            call: call!(|c| c
                .unmute_conversations()
                .uid("cometchat-uid-1")
                .body(
                    types::UnmuteConversationsRequest::builder().conversations(vec![built::<
                        types::UnmuteConversationInput,
                        _,
                    >(
                        types::UnmuteConversationInput::builder()
                            .id("cometchat-guid-1".to_owned())
                            .type_(MutedConversationType::Group)
                    ),])
                )
                .await),
            method: "DELETE",
            path: "/v3/notifications/v1/preferences/mute?uid=cometchat-uid-1",
            on_behalf_of: None,
            body: json!({"conversations": [{"id": "cometchat-guid-1", "type": "group"}]}),
            answer: "ConversationsUnmuted",
            expected: data,
        },
        // Time zone.
        Case {
            operation: "get_notification_timezone",
            call: call!(|c| c.get_notification_timezone().uid("cometchat-uid-1").await),
            method: "GET",
            path: "/v3/notifications/v1/preferences/timezone?uid=cometchat-uid-1",
            on_behalf_of: None,
            body: Value::Null,
            answer: "NotificationTimezone",
            expected: data,
        },
        Case {
            operation: "update_notification_timezone",
            call: call!(|c| c
                .update_notification_timezone()
                .uid("cometchat-uid-1")
                .body(
                    types::UpdateNotificationTimezoneRequest::builder()
                        .timezone("Asia/Kolkata".to_owned())
                )
                .await),
            method: "PATCH",
            path: "/v3/notifications/v1/preferences/timezone?uid=cometchat-uid-1",
            on_behalf_of: None,
            body: json!({"timezone": "Asia/Kolkata"}),
            answer: "NotificationTimezone",
            expected: data,
        },
        // Contact details.
        Case {
            operation: "get_contact_details",
            call: call!(|c| c
                .get_contact_details()
                .on_behalf_of("cometchat-uid-1")
                .await),
            method: "GET",
            path: "/v3/notifications/v1/contact-details",
            on_behalf_of: Some("cometchat-uid-1"),
            body: Value::Null,
            answer: "ContactDetails",
            expected: data,
        },
        Case {
            operation: "update_contact_details",
            call: call!(|c| c
                .update_contact_details()
                .on_behalf_of("cometchat-uid-1")
                .body(
                    types::UpdateContactDetailsRequest::builder()
                        .email("someone@example.com".to_owned())
                        .phno("+919591128691".to_owned())
                )
                .await),
            method: "PATCH",
            path: "/v3/notifications/v1/contact-details",
            on_behalf_of: Some("cometchat-uid-1"),
            body: json!({"email": "someone@example.com", "phno": "+919591128691"}),
            answer: "ContactDetails",
            expected: data,
        },
        Case {
            operation: "delete_contact_details",
            call: call!(|c| c
                .delete_contact_details()
                .on_behalf_of("cometchat-uid-1")
                .await),
            method: "DELETE",
            path: "/v3/notifications/v1/contact-details",
            on_behalf_of: Some("cometchat-uid-1"),
            body: Value::Null,
            answer: "ContactDetailsDeleted",
            expected: data,
        },
    ]
}

#[tokio::test]
async fn every_operation_sends_its_request_and_decodes_its_sample() {
    assert_eq!(cases().len(), 49);
    operations::run(cases(), &["Notifications"]).await;
}

/// An answer as JSON.
fn json_of<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

/// The `data` of the spec's example `name`.
fn sample_data(name: &str) -> Value {
    example(name)["data"].clone()
}

/// The stand-in keeps each user's documents apart and per user: a change written
/// for one user is read back for that user (the key compared ignoring case) and
/// not for another, who still reads the sample; a reset or a delete brings the
/// sample back. The same for the app's settings and its Twilio account.
#[tokio::test]
async fn the_stand_in_keeps_notification_documents_per_user() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let (alice, bob) = ("cometchat-uid-1", "cometchat-uid-2");

    // Preferences, by `uid`. The stand-in merges the body as sent: its names
    // (`groupPreferences`) are not the read's (`preferences.group`).
    let preferences = sample_data("NotificationPreferences");
    let updated = client
        .update_notification_preferences()
        .uid(alice)
        .body(preferences_change())
        .await
        .unwrap();
    assert_eq!(json_of(&*updated)["groupPreferences"]["groupMessages"], 3);
    for uid in [alice, "COMETCHAT-UID-1"] {
        let read = client
            .get_notification_preferences()
            .uid(uid)
            .await
            .unwrap();
        let read = json_of(&*read);
        assert_eq!(
            read["groupPreferences"]["groupMessages"], 3,
            "{uid}: {read}"
        );
        assert_eq!(read["mutePreferences"]["schedule"]["monday"]["from"], 2200);
        assert_eq!(read["usePrivacyTemplate"], true);
        assert_eq!(read["sound"], preferences["sound"], "the rest stays");
    }
    let other = client
        .get_notification_preferences()
        .uid(bob)
        .await
        .unwrap();
    assert_eq!(
        json_of(&*other),
        preferences,
        "another user reads the sample"
    );
    let reset = client
        .reset_notification_preferences()
        .uid(alice)
        .await
        .unwrap();
    assert_eq!(
        json_of(&*reset),
        sample_data("NotificationPreferencesReset")
    );
    let read = client
        .get_notification_preferences()
        .uid(alice)
        .await
        .unwrap();
    assert_eq!(
        json_of(&*read),
        preferences,
        "a reset brings the sample back"
    );

    // The app's settings: one document.
    let settings = sample_data("PushSettings");
    let ack = client
        .update_push_settings()
        .body(push_settings_change())
        .await
        .unwrap();
    assert_eq!(json_of(&*ack), sample_data("PushSettingsUpdated"));
    let read = json_of(&*client.get_push_settings().await.unwrap());
    assert_eq!(read["preferences"]["group"]["messagesSetting"], 3, "{read}");
    assert_eq!(read["preferences"]["group"]["messagesOverride"], false);
    assert_eq!(read["sound"]["chat"], "ding");
    assert_eq!(
        read["preferences"]["group"]["repliesSetting"],
        settings["preferences"]["group"]["repliesSetting"],
        "members not sent stay"
    );
    assert_ne!(read, settings);
    client.reset_push_settings().await.unwrap();
    assert_eq!(
        json_of(&*client.get_push_settings().await.unwrap()),
        settings
    );

    // Time zones, by `uid`.
    let zone = client
        .update_notification_timezone()
        .uid(alice)
        .body(types::UpdateNotificationTimezoneRequest::builder().timezone("Asia/Tokyo".to_owned()))
        .await
        .unwrap();
    assert_eq!(zone.timezone.as_deref(), Some("Asia/Tokyo"));
    let read = client.get_notification_timezone().uid(alice).await.unwrap();
    assert_eq!(read.timezone.as_deref(), Some("Asia/Tokyo"));
    let read = client.get_notification_timezone().uid(bob).await.unwrap();
    assert_eq!(json_of(&*read), sample_data("NotificationTimezone"));

    // Contact details, by `onBehalfOf`.
    let contact = sample_data("ContactDetails");
    client
        .update_contact_details()
        .on_behalf_of(alice)
        .body(types::UpdateContactDetailsRequest::builder().email("alice@example.com".to_owned()))
        .await
        .unwrap();
    let read = json_of(
        &*client
            .get_contact_details()
            .on_behalf_of(alice)
            .await
            .unwrap(),
    );
    assert_eq!(read["email"], "alice@example.com");
    assert_eq!(read["phno"], contact["phno"], "the phone number stays");
    let read = json_of(
        &*client
            .get_contact_details()
            .on_behalf_of(bob)
            .await
            .unwrap(),
    );
    assert_eq!(read, contact);
    let ack = client
        .delete_contact_details()
        .on_behalf_of(alice)
        .await
        .unwrap();
    assert_eq!(json_of(&*ack), sample_data("ContactDetailsDeleted"));
    let read = json_of(
        &*client
            .get_contact_details()
            .on_behalf_of(alice)
            .await
            .unwrap(),
    );
    assert_eq!(read, contact);

    // The Twilio account: one document.
    let twilio = sample_data("TwilioProvider");
    let saved = client
        .save_twilio_provider()
        .body(
            types::SaveTwilioProviderRequest::builder()
                .twilio_account_sid("AC00000000000000000000000000000001")
                .twilio_auth_token(Secret::new("a-new-auth-token"))
                .twilio_sender_phone_number("+15005550006"),
        )
        .await
        .unwrap();
    assert_eq!(
        saved.twilio_sender_phone_number.as_deref(),
        Some("+15005550006")
    );
    let read = client.get_twilio_provider().await.unwrap();
    assert_eq!(
        read.twilio_account_sid.as_deref(),
        Some("AC00000000000000000000000000000001")
    );
    assert_eq!(
        read.twilio_auth_token.as_ref().map(Secret::expose),
        Some("a-new-auth-token")
    );
    assert_eq!(
        read.twilio_sender_phone_number.as_deref(),
        Some("+15005550006")
    );
    client.delete_twilio_provider().await.unwrap();
    assert_eq!(
        json_of(&*client.get_twilio_provider().await.unwrap()),
        twilio
    );
}

/// A call made only to see what leaks: the request's `Debug`, then its outcome.
type Leak = Pin<Box<dyn Future<Output = (String, Result<(), Error>)>>>;

/// A secret-bearing operation: called with `secret` in its secret place, it gives
/// its body's `Debug` and the call.
type WithSecret = fn(Client, String) -> (String, Leak);

/// Sends `request` after taking its `Debug`.
macro_rules! leak {
    ($client:ident => $request:expr) => {{
        Box::pin(async move {
            let $client = &$client;
            let request = $request;
            let shown = format!("{request:?} {request:#?}");
            (shown, request.await.map(drop))
        }) as Leak
    }};
}

/// Every operation that carries a credential, with the credential's place.
fn with_secret() -> Vec<(&'static str, &'static str, WithSecret)> {
    vec![
        ("add_fcm_provider", "serviceAccountCreds", |c, s| {
            let body = types::AddFcmProviderRequest::builder()
                .provider_id("fcm-provider-2".to_owned())
                .service_account_creds(SecretJson::new(service_account(&s)));
            (
                format!("{body:?}"),
                leak!(c => c.add_fcm_provider().body(body)),
            )
        }),
        ("update_fcm_provider", "serviceAccountCreds", |c, s| {
            let body = types::UpdateFcmProviderRequest::builder()
                .provider_id("fcm-provider-2".to_owned())
                .service_account_creds(SecretJson::new(service_account(&s)));
            (
                format!("{body:?}"),
                leak!(c => c.update_fcm_provider().body(body)),
            )
        }),
        ("add_apns_provider", "p8Key", |c, s| {
            let body = types::AddApnsProviderRequest::builder()
                .provider_id("apns-provider-2".to_owned())
                .p8_key(Secret::new(s));
            (
                format!("{body:?}"),
                leak!(c => c.add_apns_provider().body(body)),
            )
        }),
        ("update_apns_provider", "p8Key", |c, s| {
            let body = types::UpdateApnsProviderRequest::builder()
                .provider_id("apns-provider-2".to_owned())
                .p8_key(Secret::new(s));
            (
                format!("{body:?}"),
                leak!(c => c.update_apns_provider().body(body)),
            )
        }),
        ("save_twilio_provider", "twilioAuthToken", |c, s| {
            let body = types::SaveTwilioProviderRequest::builder()
                .twilio_account_sid("AC91e67951ff7e5e7be8122184e76ae0e6")
                .twilio_auth_token(Secret::new(s))
                .twilio_sender_phone_number("+13611364718");
            (
                format!("{body:?}"),
                leak!(c => c.save_twilio_provider().body(body)),
            )
        }),
        ("update_twilio_provider", "twilioAuthToken", |c, s| {
            let body =
                types::UpdateTwilioProviderRequest::builder().twilio_auth_token(Secret::new(s));
            (
                format!("{body:?}"),
                leak!(c => c.update_twilio_provider().body(body)),
            )
        }),
        ("save_sendgrid_provider", "sendGridApiKey", |c, s| {
            let body = types::SaveSendGridProviderRequest::builder()
                .send_grid_api_key(Secret::new(s))
                .send_grid_template_id("d-8284bb9646a040499d5cfa28d272a094")
                .send_grid_unsubscribe_group_id("33832")
                .sender_name("Emailer")
                .sender_email("noreply@em123.example.com")
                .allow_email_replies(false);
            (
                format!("{body:?}"),
                leak!(c => c.save_sendgrid_provider().body(body)),
            )
        }),
        ("update_sendgrid_provider", "sendGridApiKey", |c, s| {
            let body =
                types::UpdateSendGridProviderRequest::builder().send_grid_api_key(Secret::new(s));
            (
                format!("{body:?}"),
                leak!(c => c.update_sendgrid_provider().body(body)),
            )
        }),
        ("save_custom_push_provider", "basicAuthPassword", |c, s| {
            let body = types::SaveCustomPushProviderRequest::builder()
                .is_enabled(true)
                .webhook_url("https://push.example.com/cometchat")
                .use_basic_auth(true)
                .basic_auth_username("user123")
                .basic_auth_password(Secret::new(s));
            (
                format!("{body:?}"),
                leak!(c => c.save_custom_push_provider().body(body)),
            )
        }),
        (
            "update_custom_push_provider",
            "basicAuthPassword",
            |c, s| {
                let body = types::UpdateCustomPushProviderRequest::builder()
                    .basic_auth_password(Secret::new(s));
                (
                    format!("{body:?}"),
                    leak!(c => c.update_custom_push_provider().body(body)),
                )
            },
        ),
        ("save_custom_sms_provider", "basicAuthPassword", |c, s| {
            let body = types::SaveCustomSmsProviderRequest::builder()
                .use_stored_ph_no(true)
                .basic_auth_password(Secret::new(s));
            (
                format!("{body:?}"),
                leak!(c => c.save_custom_sms_provider().body(body)),
            )
        }),
        ("update_custom_sms_provider", "basicAuthPassword", |c, s| {
            let body = types::UpdateCustomSmsProviderRequest::builder()
                .basic_auth_password(Secret::new(s));
            (
                format!("{body:?}"),
                leak!(c => c.update_custom_sms_provider().body(body)),
            )
        }),
        ("save_custom_email_provider", "basicAuthPassword", |c, s| {
            let body = types::SaveCustomEmailProviderRequest::builder()
                .basic_auth_password(Secret::new(s));
            (
                format!("{body:?}"),
                leak!(c => c.save_custom_email_provider().body(body)),
            )
        }),
        (
            "update_custom_email_provider",
            "basicAuthPassword",
            |c, s| {
                let body = types::UpdateCustomEmailProviderRequest::builder()
                    .basic_auth_password(Secret::new(s));
                (
                    format!("{body:?}"),
                    leak!(c => c.update_custom_email_provider().body(body)),
                )
            },
        ),
        ("register_push_token", "fcmToken", |c, s| {
            let body = types::RegisterPushTokenRequest::builder()
                .platform(PushPlatform::FcmAndroid)
                .fcm_token(Secret::new(s))
                .auth_token(Secret::new(AUTH_TOKEN));
            (
                format!("{body:?}"),
                leak!(c => c.register_push_token().body(body)),
            )
        }),
        ("register_push_token", "voipToken", |c, s| {
            let body = types::RegisterPushTokenRequest::builder()
                .platform(PushPlatform::ApnsIosVoip)
                .voip_token(Secret::new(s))
                .auth_token(Secret::new(AUTH_TOKEN));
            (
                format!("{body:?}"),
                leak!(c => c.register_push_token().body(body)),
            )
        }),
        ("register_push_token", "authToken", |c, s| {
            let body = types::RegisterPushTokenRequest::builder()
                .platform(PushPlatform::ApnsIosDevice)
                .device_token(Secret::new(PUSH_TOKEN))
                .auth_token(Secret::new(s));
            (
                format!("{body:?}"),
                leak!(c => c.register_push_token().body(body)),
            )
        }),
        ("list_push_tokens", "authToken (query)", |c, s| {
            (
                String::new(),
                leak!(c => c.list_push_tokens().auth_token(s).all(true)),
            )
        }),
        ("unregister_push_tokens", "authToken", |c, s| {
            let body = types::UnregisterPushTokensRequest::builder().auth_token(Secret::new(s));
            (
                format!("{body:?}"),
                leak!(c => c.unregister_push_tokens().body(body)),
            )
        }),
        ("delete_push_token", "authToken", |c, s| {
            let body = types::DeletePushTokenRequest::builder().auth_token(Secret::new(s));
            (
                format!("{body:?}"),
                leak!(c => c.delete_push_token(PUSH_TOKEN).body(body)),
            )
        }),
        ("delete_push_token", "{pushToken} (path)", |c, s| {
            let body = types::DeletePushTokenRequest::builder().auth_token(Secret::new(AUTH_TOKEN));
            (
                format!("{body:?}"),
                leak!(c => c.delete_push_token(s).body(body)),
            )
        }),
    ]
}

/// Credentials never show: not in a request's or a body's `Debug`, not in the
/// `Error` of an answer whose message echoes them, not in any span or event,
/// while the server does get them.
#[test]
fn secrets_stay_out_of_debug_errors_and_traces() {
    let traces = Traces::default();
    let rows = with_secret();
    assert_eq!(rows.len(), 21);
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
                for (i, (operation, place, call)) in rows.iter().enumerate() {
                    let what = format!("{operation} ({place})");
                    let secret = format!("Qz{i:02}x7LmWvT4kRb9NpYc3HsJd");
                    server.clear_scripts();
                    server.script(
                        operation,
                        [Answer::error(
                            400,
                            "ERR_BAD_CREDENTIALS",
                            &format!("The credential {secret} was refused."),
                        )],
                    );
                    let before = server.requests().len();
                    let (body, attempt) = call(server.client().unwrap(), secret.clone());
                    let (request, outcome) = attempt.await;
                    for (part, shown) in [("body", &body), ("request", &request)] {
                        assert_eq!(leaked(&secret, shown), None, "{what}: the {part}: {shown}");
                    }
                    assert!(request.contains("***"), "{what}: {request}");
                    let error = outcome.expect_err(&what);
                    assert_eq!(
                        error.status().map(|s| s.as_u16()),
                        Some(400),
                        "{what}: {error:?}"
                    );
                    for shown in [
                        error.to_string(),
                        format!("{error:?}"),
                        format!("{error:#?}"),
                    ] {
                        assert_eq!(leaked(&secret, &shown), None, "{what}: {shown}");
                    }
                    // The server got the secret, so the echo was real.
                    let requests = server.requests();
                    assert_eq!(requests.len(), before + 1, "{what}");
                    let sent = format!("{:?} {:?}", requests[before].path, requests[before].json());
                    assert!(sent.contains(&secret), "{what}: {sent}");
                }
            });
    });
    let traced = traces.0.lock().unwrap().clone();
    assert!(traced.contains("cometchat.operation"), "{traced}");
    for i in 0..rows.len() {
        let secret = format!("Qz{i:02}x7LmWvT4kRb9NpYc3HsJd");
        assert_eq!(leaked(&secret, &traced), None, "row {i}: {traced}");
    }
}

/// A page of notification logs `ids` (each also its message id), reporting
/// `limit`, with `meta.next` set to `next` (or none).
fn log_page(ids: &[i64], limit: usize, next: Option<Value>) -> Value {
    let data: Vec<Value> = ids
        .iter()
        .map(|id| {
            json!({
                "_id": format!("log-{id}"),
                "messageId": id,
                "channel": "push",
                "sender": "cometchat-uid-4",
                "messageSentAtMS": 1742980459000_i64 + id,
            })
        })
        .collect();
    let mut meta = json!({
        "previous": {"affix": "prepend", "messageId": ids.first().copied().unwrap_or(0)},
        "current": {"limit": limit, "count": ids.len()},
    });
    if let Some(next) = next {
        meta["next"] = next;
    }
    json!({"data": data, "meta": meta})
}

/// The log list follows `meta.next`: each later request re-sends every filter and
/// sends the cursor's `messageId` as `logId` with its `affix`; the stream ends on a
/// short page or an answer without `meta.next`.
/// What a case checks, the answers, the queries sent after the first, and the
/// log ids walked.
type LogCase = (&'static str, Vec<Value>, Vec<&'static str>, Vec<usize>);

#[tokio::test]
async fn notification_logs_follow_the_cursor() {
    let next = |id: i64| Some(json!({"affix": "append", "messageId": id}));
    let filters = "channel=push&limit=2&sender=cometchat-uid-4&success=true";
    let cases: Vec<LogCase> = vec![
        (
            "a short page",
            vec![
                log_page(&[101, 102], 2, next(102)),
                log_page(&[103, 104], 2, next(104)),
                log_page(&[105], 2, next(105)),
            ],
            vec!["log-101", "log-102", "log-103", "log-104", "log-105"],
            vec![2, 2, 1],
        ),
        (
            "no next",
            vec![log_page(&[101, 102], 2, None), log_page(&[103], 2, None)],
            vec!["log-101", "log-102"],
            vec![2],
        ),
        (
            "an empty page",
            vec![log_page(&[101, 102], 2, next(102)), log_page(&[], 2, None)],
            vec!["log-101", "log-102"],
            vec![2, 0],
        ),
    ];
    for (what, answers, walked, sizes) in cases {
        let server = Server::start(answers.iter().map(|a| Step::json(200, a)).collect()).await;
        let client = support::client(&server);
        let request = || {
            client
                .list_notification_logs()
                .channel(NotificationLogChannel::Push)
                .sender("cometchat-uid-4")
                .success(true)
                .limit(n(2))
        };
        let pages: Vec<usize> = request()
            .pages()
            .map_ok(|page| page.items.len())
            .try_collect()
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(pages, sizes, "{what}");
        let seen: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
        let mut expected = vec![format!("/v3/notifications/v1/logs?{filters}")];
        for answer in answers.iter().take(sizes.len() - 1) {
            let cursor = answer["meta"]["next"]["messageId"].as_i64().unwrap();
            expected.push(format!(
                "/v3/notifications/v1/logs?affix=append&channel=push&limit=2\
                 &logId={cursor}&sender=cometchat-uid-4&success=true"
            ));
        }
        assert_eq!(seen, expected, "{what}");

        // `items` walks the same way, one log at a time.
        let server = Server::start(answers.iter().map(|a| Step::json(200, a)).collect()).await;
        let client = support::client(&server);
        let logs: Vec<String> = client
            .list_notification_logs()
            .channel(NotificationLogChannel::Push)
            .sender("cometchat-uid-4")
            .success(true)
            .limit(n(2))
            .items()
            .map_ok(|log| log.id)
            .try_collect()
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(logs, walked, "{what}");
    }

    // A cursor that does not move on ends the stream rather than loop.
    let same = [
        log_page(
            &[101, 102],
            2,
            Some(json!({"affix": "append", "messageId": 102})),
        ),
        log_page(
            &[101, 102],
            2,
            Some(json!({"affix": "append", "messageId": 102})),
        ),
    ];
    let server = Server::start(same.iter().map(|a| Step::json(200, a)).collect()).await;
    let count = support::client(&server)
        .list_notification_logs()
        .limit(n(2))
        .items()
        .count()
        .await;
    assert_eq!(count, 2);
    assert_eq!(server.seen().len(), 2);
    // The cursor as the sample gives it (`affix` and a numeric `messageId`) is read.
    let sample = example("NotificationLogList");
    let server = Server::start(vec![Step::json(200, &sample)]).await;
    let page = support::client(&server)
        .list_notification_logs()
        .await
        .unwrap()
        .into_inner();
    let cursor = page.cursor.expect("meta.next");
    assert_eq!(cursor.affix, Some(Affix::Append));
    assert_eq!(
        cursor.message_id.map(|id| id.to_string()),
        Some("3939".to_owned())
    );
}

/// A log's `*AtMS` times are Unix milliseconds and a push token's `createdAt` an
/// ISO 8601 time: both read as the right `SystemTime`.
#[tokio::test]
async fn log_and_token_times_read_as_system_times() {
    let server = Server::start(vec![Step::json(200, &example("NotificationLogList"))]).await;
    let page = support::client(&server)
        .list_notification_logs()
        .await
        .unwrap()
        .into_inner();
    let log = &page.items[0];
    let at = |ms: u64| Some(UNIX_EPOCH + Duration::from_millis(ms));
    let started = log.processing_started_at_ms.as_ref().unwrap();
    assert_eq!(started.as_system_time(), at(1_742_980_459_696));
    assert_eq!(
        log.processing_ended_at_ms
            .as_ref()
            .unwrap()
            .as_system_time(),
        at(1_742_980_459_738)
    );
    assert_eq!(
        log.message_sent_at_ms.as_ref().unwrap().as_system_time(),
        at(1_742_980_459_000)
    );
    // 2025-03-26T09:14:19.696Z.
    let since_epoch = started
        .as_system_time()
        .unwrap()
        .duration_since(UNIX_EPOCH)
        .unwrap();
    assert_eq!(since_epoch.as_secs() / 86_400, 20_173, "the day");
    assert_eq!(json_of(log)["processingStartedAtMS"], 1_742_980_459_696_i64);

    let server = Server::start(vec![Step::json(200, &example("PushTokens"))]).await;
    let tokens = support::client(&server)
        .list_push_tokens()
        .auth_token(AUTH_TOKEN)
        .await
        .unwrap()
        .into_inner();
    let token = &tokens.push_tokens[0];
    let created = token.created_at.as_ref().unwrap();
    // 2024-03-11T07:27:59.412Z.
    assert_eq!(created.as_system_time(), at(1_710_142_079_412));
    assert_eq!(created.unix_seconds(), 1_710_142_079);
    assert_eq!(
        token.updated_at.as_ref().unwrap().as_system_time(),
        at(1_710_329_087_776)
    );
    assert!(created.as_system_time().unwrap() < SystemTime::now());
    assert_eq!(json_of(token)["createdAt"], "2024-03-11T07:27:59.412Z");
}

/// Every operation with a path parameter: its name, the parameter's name, a call.
fn with_path_id() -> Vec<(&'static str, &'static str, WithId)> {
    vec![
        ("delete_fcm_provider", "provider_id", |c, id| {
            Box::pin(async move { c.delete_fcm_provider(id).await.map(drop) })
        }),
        ("set_default_fcm_provider", "provider_id", |c, id| {
            Box::pin(async move { c.set_default_fcm_provider(id).await.map(drop) })
        }),
        ("delete_apns_provider", "provider_id", |c, id| {
            Box::pin(async move { c.delete_apns_provider(id).await.map(drop) })
        }),
        ("set_default_apns_provider", "provider_id", |c, id| {
            Box::pin(async move { c.set_default_apns_provider(id).await.map(drop) })
        }),
        ("delete_push_token", "push_token", |c, id| {
            Box::pin(async move {
                let body =
                    types::DeletePushTokenRequest::builder().auth_token(Secret::new(AUTH_TOKEN));
                c.delete_push_token(id).body(body).await.map(drop)
            })
        }),
    ]
}

/// Every operation naming a user (a UID, in `uid` or `onBehalfOf`).
fn with_uid() -> Vec<(&'static str, &'static str, WithId)> {
    vec![
        ("get_notification_preferences", "uid", |c, id| {
            Box::pin(async move { c.get_notification_preferences().uid(id).await.map(drop) })
        }),
        ("update_notification_preferences", "uid", |c, id| {
            Box::pin(async move {
                let body = types::UpdateNotificationPreferencesRequest::builder()
                    .use_privacy_template(true);
                c.update_notification_preferences()
                    .uid(id)
                    .body(body)
                    .await
                    .map(drop)
            })
        }),
        ("reset_notification_preferences", "uid", |c, id| {
            Box::pin(async move { c.reset_notification_preferences().uid(id).await.map(drop) })
        }),
        ("list_muted_conversations", "uid", |c, id| {
            Box::pin(async move { c.list_muted_conversations().uid(id).await.map(drop) })
        }),
        ("mute_conversations", "uid", |c, id| {
            Box::pin(async move {
                let body = types::MuteConversationsRequest::builder().conversations(vec![]);
                c.mute_conversations().uid(id).body(body).await.map(drop)
            })
        }),
        ("unmute_conversations", "uid", |c, id| {
            Box::pin(async move {
                let body = types::UnmuteConversationsRequest::builder().conversations(vec![]);
                c.unmute_conversations().uid(id).body(body).await.map(drop)
            })
        }),
        ("get_notification_timezone", "uid", |c, id| {
            Box::pin(async move { c.get_notification_timezone().uid(id).await.map(drop) })
        }),
        ("update_notification_timezone", "uid", |c, id| {
            Box::pin(async move {
                let body = types::UpdateNotificationTimezoneRequest::builder()
                    .timezone("Asia/Tokyo".to_owned());
                c.update_notification_timezone()
                    .uid(id)
                    .body(body)
                    .await
                    .map(drop)
            })
        }),
        ("get_contact_details", "on_behalf_of", |c, id| {
            Box::pin(async move { c.get_contact_details().on_behalf_of(id).await.map(drop) })
        }),
        ("update_contact_details", "on_behalf_of", |c, id| {
            Box::pin(async move {
                let body =
                    types::UpdateContactDetailsRequest::builder().email("a@example.com".to_owned());
                c.update_contact_details()
                    .on_behalf_of(id)
                    .body(body)
                    .await
                    .map(drop)
            })
        }),
        ("delete_contact_details", "on_behalf_of", |c, id| {
            Box::pin(async move { c.delete_contact_details().on_behalf_of(id).await.map(drop) })
        }),
    ]
}

/// Provider ids and push tokens are text in the path: what would move the request
/// to another path (empty, `.`, `..`, `\`, a control character) or breaks the
/// spec's length is refused before any request, and `/` is sent percent-encoded.
/// UIDs (`uid`, `onBehalfOf`) are CometChat ids: `/`, spaces and more than 100
/// characters are refused too.
#[tokio::test]
async fn bad_ids_are_refused_before_any_request() {
    let server = Server::start(vec![Step::json(200, &json!({"data": {"success": true}}))]).await;
    let client = support::client(&server);
    let long_provider = "p".repeat(101);
    let long_token = "t".repeat(4097);
    let long_uid = "u".repeat(101);
    let text = operations::BAD_TEXT_IDS;
    let uid = [
        "",
        ".",
        "..",
        "a/b",
        "a\\b",
        "a b",
        "a\nb",
        "a\0b",
        long_uid.as_str(),
    ];

    let paths = with_path_id();
    assert_eq!(paths.len(), 5, "every operation with a path parameter");
    for (operation, name, call) in &paths {
        let too_long = if *name == "push_token" {
            &long_token
        } else {
            &long_provider
        };
        for id in text.iter().copied().chain([too_long.as_str()]) {
            let what = format!("{operation}({:?})", id.get(..12).unwrap_or(id));
            assert_refused(&server, call(client.clone(), id.to_owned()), name, &what).await;
        }
    }
    let users = with_uid();
    assert_eq!(users.len(), 11, "every operation naming a user");
    for (operation, name, call) in &users {
        for id in uid {
            let what = format!("{operation}({id:?})");
            assert_refused(&server, call(client.clone(), id.to_owned()), name, &what).await;
        }
    }
    let seen: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(
        seen,
        Vec::<String>::new(),
        "a refused call reached the server"
    );

    // What is not refused stays one path segment.
    for (operation, _, call) in &paths {
        call(client.clone(), "a/b c".to_owned())
            .await
            .unwrap_or_else(|e| panic!("{operation}: {e}"));
    }
    let seen: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(
        seen,
        [
            "/v3/notifications/push/v1/providers/fcm/a%2Fb%20c",
            "/v3/notifications/push/v1/providers/fcm/default/a%2Fb%20c",
            "/v3/notifications/push/v1/providers/apns/a%2Fb%20c",
            "/v3/notifications/push/v1/providers/apns/default/a%2Fb%20c",
            "/v3/notifications/push/v1/tokens/a%2Fb%20c",
        ]
    );
}
