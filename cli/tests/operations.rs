//! One transcript per operation of the spec, against the embedded stand-in: the
//! command line as a user types it, and the JSON it prints (compact, as stdout is
//! not a terminal here). `SNAPSHOTS=overwrite cargo test -p cometchat-cli` rewrites
//! the expected output after a change to the spec or the stand-in; read the diff.
//! Values that change with the clock are `"{...}"`.

mod support;

use snapbox::{prelude::*, str};
use support::{cometchat, cometchat_at, sample, Server, KEY, STAND_IN};

/// Every operation of the spec has its transcript below. The operation `cargo xtask
/// self-check` adds while it runs is exempt: that run proves instead that a new
/// operation becomes a command with no CLI change (`cli.rs`,
/// `help_lists_every_operation_of_the_spec`, runs against the edited spec).
#[test]
fn every_operation_has_a_transcript() {
    let spec: serde_json::Value =
        serde_json::from_str(include_str!("../../openapi/cometchat.json")).unwrap();
    let this = include_str!("operations.rs");
    let mut missing = Vec::new();
    for item in spec["paths"].as_object().unwrap().values() {
        for operation in item.as_object().unwrap().values() {
            let Some(id) = operation.get("operationId").and_then(|id| id.as_str()) else {
                continue;
            };
            if !id.starts_with("self_check_") && !this.contains(&format!("fn {id}()")) {
                missing.push(id.to_owned());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "operations without a transcript: {missing:?}"
    );
}

#[test]
fn list_conversations() {
    cometchat()
        .args([
            "list-conversations",
            "--per-page",
            "2",
            "--conversation-type",
            "group",
            "--with-tags",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "conversationId": "group_project-group",
    "conversationType": "group",
    "conversationWith": {
      "conversationId": "group_project-group",
      "createdAt": 1630071341,
      "description": "project related discussions between members",
      "guid": "project-group",
      "hasJoined": true,
      "icon": "https://assets.cometchat.io/sampleapp/v2/groups/cometchat-guid-1.webp",
      "joinedAt": 1630071782,
      "membersCount": 4,
      "name": "Project Group1",
      "owner": "cometchat-uid-4",
      "scope": "participant",
      "type": "private",
      "updatedAt": 1630308875,
      "updatedBy": "cometchat-uid-4"
    },
    "createdAt": 1630071782,
    "lastMessage": {
      "category": "action",
      "conversationId": "group_project-group",
      "data": {
        "action": "unbanned",
        "entities": {
          "by": {
            "entity": {
              "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-4.webp",
              "createdAt": 1629869270,
              "name": "Susan Marie",
              "role": "default",
              "status": "offline",
              "uid": "cometchat-uid-4"
            },
            "entityType": "user"
          },
          "for": {
            "entity": {
              "conversationId": "group_project-group",
              "createdAt": 1630071341,
              "description": "project related discussions between members",
              "guid": "project-group",
              "icon": "https://assets.cometchat.io/sampleapp/v2/groups/cometchat-guid-1.webp",
              "membersCount": 4,
              "name": "Project Group1",
              "owner": "cometchat-uid-4",
              "type": "private",
              "updatedAt": 1630305525,
              "updatedBy": "cometchat-uid-4"
            },
            "entityType": "group"
          },
          "on": {
            "entity": {
              "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-2.webp",
              "conversationId": "cometchat-uid-3_user_cometchat-uid-4",
              "createdAt": 1629869270,
              "link": "https://data-us.cometchat.io/assets",
              "name": "George Alan",
              "role": "default",
              "status": "offline",
              "uid": "cometchat-uid-3",
              "updatedAt": 1629964825
            },
            "entityType": "user"
          }
        }
      },
      "id": "50",
      "receiver": "project-group",
      "receiverType": "group",
      "sender": "cometchat-uid-4",
      "sentAt": 1630305562,
      "type": "groupMember",
      "updatedAt": 1630305562
    },
    "unreadMessageCount": "0",
    "updatedAt": 1630481413
  },
  {
    "conversationId": "supergroup",
    "conversationType": "group"
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn list_pinned_conversations() {
    cometchat()
        .args(["list-pinned-conversations"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "conversationId": "supergroup",
    "conversationType": "group",
    "pinnedAt": 1700210300,
    "pinnedBy": "app_system"
  },
  {
    "conversationId": "superhero1_user_superhero2",
    "conversationType": "user",
    "pinnedAt": 1700210299,
    "pinnedBy": "app_system"
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn replace_pinned_conversations() {
    cometchat()
        .args(["replace-pinned-conversations", "--json-body", "-"])
        .stdin(r#"{"pinnedConversations": [{"guid": "project-group"}, {"uid": "superhero2"}]}"#)
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "conversationId": "group_project-group",
    "conversationType": "group",
    "pinnedAt": "{...}",
    "pinnedBy": "app_system"
  },
  {
    "conversationId": "superhero1_user_superhero2",
    "conversationType": "user",
    "pinnedAt": "{...}",
    "pinnedBy": "app_system"
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn get_conversation() {
    cometchat()
        .args([
            "get-conversation",
            "--conversation-id",
            "group_project-group",
            "--on-behalf-of",
            "cometchat-uid-4",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "conversationId": "group_project-group",
  "conversationType": "group",
  "conversationWith": {
    "conversationId": "group_project-group",
    "createdAt": 1630071341,
    "description": "project related discussions between members",
    "guid": "project-group",
    "hasJoined": true,
    "icon": "https://assets.cometchat.io/sampleapp/v2/groups/cometchat-guid-1.webp",
    "joinedAt": 1630071782,
    "membersCount": 4,
    "name": "Project Group1",
    "owner": "cometchat-uid-4",
    "scope": "participant",
    "type": "private",
    "updatedAt": 1630308875,
    "updatedBy": "cometchat-uid-4"
  },
  "createdAt": 1630071782,
  "lastMessage": {
    "category": "action",
    "conversationId": "group_project-group",
    "data": {
      "action": "unbanned",
      "entities": {
        "by": {
          "entity": {
            "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-4.webp",
            "createdAt": 1629869270,
            "name": "Susan Marie",
            "role": "default",
            "status": "offline",
            "uid": "cometchat-uid-4"
          },
          "entityType": "user"
        },
        "for": {
          "entity": {
            "conversationId": "group_project-group",
            "createdAt": 1630071341,
            "description": "project related discussions between members",
            "guid": "project-group",
            "icon": "https://assets.cometchat.io/sampleapp/v2/groups/cometchat-guid-1.webp",
            "membersCount": 4,
            "name": "Project Group1",
            "owner": "cometchat-uid-4",
            "type": "private",
            "updatedAt": 1630305525,
            "updatedBy": "cometchat-uid-4"
          },
          "entityType": "group"
        },
        "on": {
          "entity": {
            "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-2.webp",
            "conversationId": "cometchat-uid-3_user_cometchat-uid-4",
            "createdAt": 1629869270,
            "link": "https://data-us.cometchat.io/assets",
            "name": "George Alan",
            "role": "default",
            "status": "offline",
            "uid": "cometchat-uid-3",
            "updatedAt": 1629964825
          },
          "entityType": "user"
        }
      }
    },
    "id": "50",
    "receiver": "project-group",
    "receiverType": "group",
    "sender": "cometchat-uid-4",
    "sentAt": 1630305562,
    "type": "groupMember",
    "updatedAt": 1630305562
  },
  "unreadMessageCount": "0",
  "updatedAt": 1630481413
}
"#]]
            .is_json(),
        );
}

#[test]
fn delete_conversation() {
    cometchat()
        .args(["delete-conversation", "--conversation-id", "superhero1_user_superhero2", "--on-behalf-of", "superhero1"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(str![[r#"
{
  "message": "The conversation superhero1_user_superhero2 has been deleted successfully for all the users.",
  "success": true
}
"#]].is_json());
}

#[test]
fn get_user_conversation() {
    cometchat()
        .args([
            "get-user-conversation",
            "--uid",
            "superhero2",
            "--on-behalf-of",
            "superhero1",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "conversationId": "superhero1_user_superhero2",
  "conversationType": "user"
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_user_conversation() {
    cometchat()
        .args([
            "update-user-conversation",
            "--uid",
            "superhero2",
            "--on-behalf-of",
            "superhero1",
            "--tags",
            "archived,work",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "conversationId": "superhero1_user_superhero2",
  "conversationType": "user",
  "tags": [
    "archived",
    "work"
  ],
  "updatedAt": "{...}"
}
"#]]
            .is_json(),
        );
}

#[test]
fn reset_user_conversation() {
    cometchat()
        .args(["reset-user-conversation", "--uid", "superhero2", "--on-behalf-of", "superhero1", "--delete-messages-permanently"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(str![[r#"
{
  "message": "The conversation superhero1_user_superhero2 has been deleted successfully for UID superhero1.",
  "success": true
}
"#]].is_json());
}

/// On a fresh stand-in the only one-to-one conversation is pinned by the app, which
/// a user cannot pin (403), so this one is answered by a scripted server with the
/// spec's sample; the transcript also pins the request the command sends.
#[test]
fn pin_user_conversation() {
    let server = Server::start(vec![(200, sample("pin_user_conversation"))]);
    cometchat_at(&server)
        .args([
            "pin-user-conversation",
            "--uid",
            "superhero2",
            "--on-behalf-of",
            "superhero1",
        ])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(
            str![[r#"
{
  "conversationId": "superhero1_user_superhero2",
  "conversationType": "user",
  "pinnedAt": 1700210300,
  "pinnedBy": "superhero1"
}
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].request_line,
        "POST /v3/users/superhero2/conversation/pin HTTP/1.1"
    );
    assert_eq!(seen[0].header("onbehalfof"), Some("superhero1"));
    assert_eq!(seen[0].header("apikey"), Some(KEY));
}

#[test]
fn unpin_user_conversation() {
    cometchat()
        .args([
            "unpin-user-conversation",
            "--uid",
            "superhero2",
            "--on-behalf-of",
            "superhero1",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "conversationId": "superhero1_user_superhero2",
  "conversationType": "user"
}
"#]]
            .is_json(),
        );
}

#[test]
fn mark_user_conversation_delivered() {
    cometchat()
        .args(["mark-user-conversation-delivered", "--uid", "superhero2", "--on-behalf-of", "superhero1", "--message-id", "340"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(str![[r#"
{
  "Message": "All the messages from the user {{UID}} are marked as delivered for the user {{onBehalfOf}}.",
  "success": true
}
"#]].is_json());
}

#[test]
fn mark_user_conversation_read() {
    cometchat()
        .args(["mark-user-conversation-read", "--uid", "superhero2", "--on-behalf-of", "superhero1"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(str![[r#"
{
  "Message": "All the messages from the user {{UID}} are marked as read for the user {{onBehalfOf}}.",
  "success": true
}
"#]].is_json());
}

#[test]
fn mark_user_conversation_unread() {
    cometchat()
        .args(["mark-user-conversation-unread", "--uid", "superhero2", "--on-behalf-of", "superhero1", "--message-id", "340"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(str![[r#"
{
  "message": "The messages after the message id 340 from the user demo1 are marked as unread for the user demo3.",
  "success": true
}
"#]].is_json());
}

#[test]
fn get_group_conversation() {
    cometchat()
        .args([
            "get-group-conversation",
            "--guid",
            "project-group",
            "--on-behalf-of",
            "cometchat-uid-4",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "conversationId": "group_project-group",
  "conversationType": "group",
  "conversationWith": {
    "conversationId": "group_project-group",
    "createdAt": 1630071341,
    "description": "project related discussions between members",
    "guid": "project-group",
    "hasJoined": true,
    "icon": "https://assets.cometchat.io/sampleapp/v2/groups/cometchat-guid-1.webp",
    "joinedAt": 1630071782,
    "membersCount": 4,
    "name": "Project Group1",
    "owner": "cometchat-uid-4",
    "scope": "participant",
    "type": "private",
    "updatedAt": 1630308875,
    "updatedBy": "cometchat-uid-4"
  },
  "createdAt": 1630071782,
  "lastMessage": {
    "category": "action",
    "conversationId": "group_project-group",
    "data": {
      "action": "unbanned",
      "entities": {
        "by": {
          "entity": {
            "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-4.webp",
            "createdAt": 1629869270,
            "name": "Susan Marie",
            "role": "default",
            "status": "offline",
            "uid": "cometchat-uid-4"
          },
          "entityType": "user"
        },
        "for": {
          "entity": {
            "conversationId": "group_project-group",
            "createdAt": 1630071341,
            "description": "project related discussions between members",
            "guid": "project-group",
            "icon": "https://assets.cometchat.io/sampleapp/v2/groups/cometchat-guid-1.webp",
            "membersCount": 4,
            "name": "Project Group1",
            "owner": "cometchat-uid-4",
            "type": "private",
            "updatedAt": 1630305525,
            "updatedBy": "cometchat-uid-4"
          },
          "entityType": "group"
        },
        "on": {
          "entity": {
            "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-2.webp",
            "conversationId": "cometchat-uid-3_user_cometchat-uid-4",
            "createdAt": 1629869270,
            "link": "https://data-us.cometchat.io/assets",
            "name": "George Alan",
            "role": "default",
            "status": "offline",
            "uid": "cometchat-uid-3",
            "updatedAt": 1629964825
          },
          "entityType": "user"
        }
      }
    },
    "id": "50",
    "receiver": "project-group",
    "receiverType": "group",
    "sender": "cometchat-uid-4",
    "sentAt": 1630305562,
    "type": "groupMember",
    "updatedAt": 1630305562
  },
  "unreadMessageCount": "0",
  "updatedAt": 1630481413
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_group_conversation() {
    cometchat()
        .args([
            "update-group-conversation",
            "--guid",
            "project-group",
            "--on-behalf-of",
            "cometchat-uid-4",
            "--json-body",
            "-",
            "--tags",
            "urgent",
        ])
        .stdin(r#"{"tags": ["overwritten"]}"#)
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "conversationId": "group_project-group",
  "conversationType": "group",
  "conversationWith": {
    "conversationId": "group_project-group",
    "createdAt": 1630071341,
    "description": "project related discussions between members",
    "guid": "project-group",
    "hasJoined": true,
    "icon": "https://assets.cometchat.io/sampleapp/v2/groups/cometchat-guid-1.webp",
    "joinedAt": 1630071782,
    "membersCount": 4,
    "name": "Project Group1",
    "owner": "cometchat-uid-4",
    "scope": "participant",
    "type": "private",
    "updatedAt": 1630308875,
    "updatedBy": "cometchat-uid-4"
  },
  "createdAt": 1630071782,
  "lastMessage": {
    "category": "action",
    "conversationId": "group_project-group",
    "data": {
      "action": "unbanned",
      "entities": {
        "by": {
          "entity": {
            "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-4.webp",
            "createdAt": 1629869270,
            "name": "Susan Marie",
            "role": "default",
            "status": "offline",
            "uid": "cometchat-uid-4"
          },
          "entityType": "user"
        },
        "for": {
          "entity": {
            "conversationId": "group_project-group",
            "createdAt": 1630071341,
            "description": "project related discussions between members",
            "guid": "project-group",
            "icon": "https://assets.cometchat.io/sampleapp/v2/groups/cometchat-guid-1.webp",
            "membersCount": 4,
            "name": "Project Group1",
            "owner": "cometchat-uid-4",
            "type": "private",
            "updatedAt": 1630305525,
            "updatedBy": "cometchat-uid-4"
          },
          "entityType": "group"
        },
        "on": {
          "entity": {
            "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-2.webp",
            "conversationId": "cometchat-uid-3_user_cometchat-uid-4",
            "createdAt": 1629869270,
            "link": "https://data-us.cometchat.io/assets",
            "name": "George Alan",
            "role": "default",
            "status": "offline",
            "uid": "cometchat-uid-3",
            "updatedAt": 1629964825
          },
          "entityType": "user"
        }
      }
    },
    "id": "50",
    "receiver": "project-group",
    "receiverType": "group",
    "sender": "cometchat-uid-4",
    "sentAt": 1630305562,
    "type": "groupMember",
    "updatedAt": 1630305562
  },
  "tags": [
    "urgent"
  ],
  "unreadMessageCount": "0",
  "updatedAt": "{...}"
}
"#]]
            .is_json(),
        );
}

#[test]
fn reset_group_conversation() {
    cometchat()
        .args(["reset-group-conversation", "--guid", "project-group", "--on-behalf-of", "cometchat-uid-4", "--preserve-order", "false"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(str![[r#"
{
  "message": "The conversation group_project-group has been deleted successfully for UID cometchat-uid-4.",
  "success": true
}
"#]].is_json());
}

#[test]
fn pin_group_conversation() {
    cometchat()
        .args([
            "pin-group-conversation",
            "--guid",
            "project-group",
            "--on-behalf-of",
            "cometchat-uid-4",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "conversationId": "group_project-group",
  "conversationType": "group",
  "pinnedAt": "{...}",
  "pinnedBy": "cometchat-uid-4"
}
"#]]
            .is_json(),
        );
}

#[test]
fn unpin_group_conversation() {
    cometchat()
        .args([
            "unpin-group-conversation",
            "--guid",
            "project-group",
            "--on-behalf-of",
            "cometchat-uid-4",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "conversationId": "group_project-group",
  "conversationType": "group"
}
"#]]
            .is_json(),
        );
}

#[test]
fn mark_group_conversation_delivered() {
    cometchat()
        .args(["mark-group-conversation-delivered", "--guid", "project-group", "--on-behalf-of", "cometchat-uid-4"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(str![[r#"
{
  "message": "All the messages in group {{GUID}} are marked as delivered for the user {{onBehalfOf}}.",
  "success": true
}
"#]].is_json());
}

#[test]
fn mark_group_conversation_read() {
    cometchat()
        .args([
            "mark-group-conversation-read",
            "--guid",
            "project-group",
            "--on-behalf-of",
            "cometchat-uid-4",
            "--message-id",
            "340",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "message": "All the messages in group {{GUID}} are marked as read for the user {{onBehalfOf}}.",
  "success": true
}
"#]]
            .is_json(),
        );
}

#[test]
fn mark_group_conversation_unread() {
    cometchat()
        .args(["mark-group-conversation-unread", "--guid", "project-group", "--on-behalf-of", "cometchat-uid-4", "--message-id", "340"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(str![[r#"
{
  "message": "The messages after the message id 340 from the user demo1 are marked as unread for the user demo3.",
  "success": true
}
"#]].is_json());
}
