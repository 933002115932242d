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

// Roles: a store seeded from the `list_roles` sample (`manager`, `default`).

#[test]
fn create_role() {
    cometchat()
        .args([
            "create-role",
            "--role",
            "support",
            "--name",
            "Support",
            "--description",
            "Customer support agents",
            "--json-body",
            "-",
        ])
        .stdin(r#"{"settings": {"listUsers": "all", "sendMessagesTo": "friendsOnly"}}"#)
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "createdAt": "{...}",
  "description": "Customer support agents",
  "name": "Support",
  "role": "support",
  "settings": {
    "listUsers": "all",
    "sendMessagesTo": "friendsOnly"
  }
}
"#]]
            .is_json(),
        );
}

#[test]
fn list_roles() {
    cometchat()
        .args(["list-roles", "--per-page", "10"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "createdAt": 1638343994,
    "description": "This role gives an update access",
    "metadata": {
      "email": "managers@gmail.com"
    },
    "name": "manager",
    "role": "manager",
    "settings": {
      "listUsers": "all",
      "sendMessagesTo": "friendsOnly"
    }
  },
  {
    "createdAt": 1629869270,
    "description": "This role gives full access ",
    "name": "Default Role",
    "role": "default",
    "updatedAt": 1630306291
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn get_role() {
    cometchat()
        .args(["get-role", "--role", "manager"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "createdAt": 1638343994,
  "description": "This role gives an update access",
  "metadata": {
    "email": "managers@gmail.com"
  },
  "name": "manager",
  "role": "manager",
  "settings": {
    "listUsers": "all",
    "sendMessagesTo": "friendsOnly"
  }
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_role() {
    cometchat()
        .args([
            "update-role",
            "--role",
            "manager",
            "--description",
            "Managers can list every user",
            "--unset",
            "metadata",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "createdAt": 1638343994,
  "description": "Managers can list every user",
  "name": "manager",
  "role": "manager",
  "settings": {
    "listUsers": "all",
    "sendMessagesTo": "friendsOnly"
  },
  "updatedAt": "{...}"
}
"#]]
            .is_json(),
        );
}

#[test]
fn delete_role() {
    cometchat()
        .args(["delete-role", "--role", "manager"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "message": "Role manager has been deleted successfully.",
  "success": true
}
"#]]
            .is_json(),
        );
}

// Users: a store seeded from the `list_users` sample (superhero6, superhero2,
// superhero3).

#[test]
fn create_user() {
    cometchat()
        .args([
            "create-user",
            "--uid",
            "superhero7",
            "--name",
            "Diana Prince",
            "--avatar",
            "https://data-us.cometchat.io/assets/images/avatars/wonderwoman.png",
            "--role",
            "default",
            "--tags",
            "amazon,warrior",
            "--json-body",
            "-",
        ])
        .stdin(r#"{"metadata": {"@private": {"email": "diana@example.com"}}}"#)
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "avatar": "https://data-us.cometchat.io/assets/images/avatars/wonderwoman.png",
  "createdAt": "{...}",
  "metadata": {
    "@private": {
      "email": "diana@example.com"
    }
  },
  "name": "Diana Prince",
  "role": "default",
  "tags": [
    "amazon",
    "warrior"
  ],
  "uid": "superhero7"
}
"#]]
            .is_json(),
        );
}

#[test]
fn list_users() {
    cometchat()
        .args(["list-users", "--search-key", "captain", "--per-page", "10"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "avatar": "https://data-us.cometchat.io/assets/images/avatars/captainamerica.png",
    "conversationId": "superhero2_user_superhero4",
    "createdAt": 1629869270,
    "name": "Captain America",
    "role": "default",
    "status": "offline",
    "uid": "superhero2",
    "updatedAt": 1630308676
  },
  {
    "avatar": "https://data-us.cometchat.io/assets/images/avatars/captainamerica.png",
    "blockedAt": 1638346853,
    "blockedByMe": true,
    "blockedByMeAt": 1638346853,
    "conversationId": "superhero3_user_superhero4",
    "createdAt": 1629869270,
    "link": "https://data-us.cometchat.io/assets",
    "metadata": {
      "contactNumber": "0123456789"
    },
    "name": "Captain America",
    "role": "default",
    "status": "offline",
    "uid": "superhero3",
    "updatedAt": 1638351060
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn reactivate_users() {
    cometchat()
        .args([
            "reactivate-users",
            "--uids-to-activate",
            "superhero2,superhero3",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "nonDeactivatedUids": [
    "superhero2",
    "superhero3"
  ]
}
"#]]
            .is_json(),
        );
}

#[test]
fn deactivate_users() {
    cometchat()
        .args([
            "deactivate-users",
            "--uids-to-deactivate",
            "superhero2",
            "--uids-to-deactivate",
            "superhero3",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "deactivatedUids": [
    "superhero2",
    "superhero3"
  ]
}
"#]]
            .is_json(),
        );
}

#[test]
fn get_user() {
    cometchat()
        .args(["get-user", "--uid", "superhero6"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "avatar": "http://placehold.it/120x120&text=image1",
  "conversationId": "superhero4_user_superhero6",
  "createdAt": 1638354015,
  "link": "http://placehold.it",
  "metadata": {
    "contactNumber": "0123456789",
    "email": "user@email.com"
  },
  "name": "Barry Allen",
  "role": "manager",
  "status": "offline",
  "uid": "superhero6",
  "updatedAt": 1638354799
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_user() {
    cometchat()
        .args([
            "update-user",
            "--uid",
            "superhero2",
            "--name",
            "Steve Rogers",
            "--status-message",
            "On a mission",
            "--unset",
            "avatar",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "conversationId": "superhero2_user_superhero4",
  "createdAt": 1629869270,
  "name": "Steve Rogers",
  "role": "default",
  "status": "offline",
  "statusMessage": "On a mission",
  "uid": "superhero2",
  "updatedAt": "{...}"
}
"#]]
            .is_json(),
        );
}

#[test]
fn delete_user() {
    cometchat()
        .args(["delete-user", "--uid", "superhero6", "--permanent"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "message": "User with superhero6 has been deleted successfully.",
  "success": true
}
"#]]
            .is_json(),
        );
}

// Auth tokens: the stand-in answers the samples. The token is the point of these
// commands, so it is printed.

#[test]
fn create_auth_token() {
    cometchat()
        .args(["create-auth-token", "--uid", "superhero1", "--force"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "authToken": "superhero1_1630306819c3027ce530b2367f3c97b4106f0cb8",
  "createdAt": 1630306819,
  "uid": "superhero1"
}
"#]]
            .is_json(),
        );
}

#[test]
fn list_auth_tokens() {
    cometchat()
        .args(["list-auth-tokens", "--uid", "superhero1"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "authToken": "superhero1_1630306819c3027ce530b2367f3c97b4106f0cb8",
    "createdAt": 1630306819,
    "uid": "superhero1"
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn flush_auth_tokens() {
    cometchat()
        .args(["flush-auth-tokens", "--uid", "superhero1"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "message": "Cleared Auth Tokens successfully for uid superhero1.",
  "success": true
}
"#]]
            .is_json(),
        );
}

#[test]
fn get_auth_token() {
    cometchat()
        .args([
            "get-auth-token",
            "--uid",
            "superhero1",
            "--auth-token",
            "superhero1_1630306819c3027ce530b2367f3c97b4106f0cb8",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "authToken": "superhero1_1630306819c3027ce530b2367f3c97b4106f0cb8",
  "createdAt": 1630306819,
  "uid": "superhero1"
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_auth_token() {
    cometchat()
        .args([
            "update-auth-token",
            "--uid",
            "superhero1",
            "--auth-token",
            "superhero1_1630306819c3027ce530b2367f3c97b4106f0cb8",
            "--platform",
            "android",
            "--json-body",
            "-",
        ])
        .stdin(r#"{"appInfo": {"name": "Heroes", "version": "2.4.1"}}"#)
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "authToken": "superhero1_1630306819c3027ce530b2367f3c97b4106f0cb8",
  "createdAt": 1630306819,
  "uid": "superhero1"
}
"#]]
            .is_json(),
        );
}

/// The message is the vendor's sample, which copies the one of `delete_user`.
#[test]
fn delete_auth_token() {
    cometchat()
        .args([
            "delete-auth-token",
            "--uid",
            "superhero1",
            "--auth-token",
            "superhero1_1630306819c3027ce530b2367f3c97b4106f0cb8",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "message": "User with superhero6 has been deleted successfully.",
  "success": true
}
"#]]
            .is_json(),
        );
}

// API keys: a store seeded from the `list_api_keys` sample; the stand-in makes the
// key of a new one. The key is the point of these commands, so it is printed.

#[test]
fn create_api_key() {
    cometchat()
        .args([
            "create-api-key",
            "--name",
            "CI deployments",
            "--scope",
            "fullAccess",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "apiKey": "0000000000000000000000009e3779b97f4a7c15",
  "createdAt": "{...}",
  "name": "CI deployments",
  "scope": "fullAccess"
}
"#]]
            .is_json(),
        );
}

#[test]
fn list_api_keys() {
    cometchat()
        .args(["list-api-keys", "--scope", "authOnly"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "apiKey": "fcf32d085482db7ef10e971967d70a91cdb6677a",
    "createdAt": 1631095584,
    "name": "John's apiKey",
    "scope": "authOnly"
  },
  {
    "apiKey": "0f40b2c254f33d429b1fca5e0eb1cef72c594ddc",
    "createdAt": 1629869272,
    "name": "Auth Key",
    "scope": "authOnly"
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn get_api_key() {
    cometchat()
        .args([
            "get-api-key",
            "--api-key",
            "fcf32d085482db7ef10e971967d70a91cdb6677a",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "apiKey": "fcf32d085482db7ef10e971967d70a91cdb6677a",
  "createdAt": 1631095584,
  "name": "John's apiKey",
  "scope": "authOnly"
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_api_key() {
    cometchat()
        .args([
            "update-api-key",
            "--api-key",
            "fcf32d085482db7ef10e971967d70a91cdb6677a",
            "--name",
            "John's web key",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "apiKey": "fcf32d085482db7ef10e971967d70a91cdb6677a",
  "createdAt": 1631095584,
  "name": "John's web key",
  "scope": "authOnly",
  "updatedAt": "{...}"
}
"#]]
            .is_json(),
        );
}

#[test]
fn delete_api_key() {
    cometchat()
        .args([
            "delete-api-key",
            "--api-key",
            "fcf32d085482db7ef10e971967d70a91cdb6677a",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "message": "The Api Key fcf32d085482db7ef10e971967d70a91cdb6677a has been deleted successfully.",
  "success": true
}
"#]]
            .is_json(),
        );
}

// Groups: a store seeded from the `list_groups` sample (project-group,
// project-group-2).

/// The password is write-only: it is sent, never printed back.
#[test]
fn create_group() {
    cometchat()
        .args([
            "create-group",
            "--guid",
            "avengers",
            "--name",
            "Avengers",
            "--type",
            "password",
            "--password",
            "assemble",
            "--description",
            "Earth's mightiest heroes",
            "--owner",
            "superhero2",
            "--tags",
            "heroes,team",
            "--json-body",
            "-",
        ])
        .stdin(r#"{"members": {"participants": ["superhero3"]}}"#)
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "createdAt": "{...}",
  "description": "Earth's mightiest heroes",
  "guid": "avengers",
  "name": "Avengers",
  "owner": "superhero2",
  "tags": [
    "heroes",
    "team"
  ],
  "type": "password"
}
"#]]
            .is_json(),
        );
}

#[test]
fn list_groups() {
    cometchat()
        .args([
            "list-groups",
            "--type",
            "public",
            "--with-tags",
            "--per-page",
            "10",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "conversationId": "group_project-group",
    "createdAt": 1638440784,
    "description": "project related discussions between members",
    "guid": "project-group",
    "hasJoined": true,
    "icon": "http://placehold.it/120x120&text=image1",
    "joinedAt": 1638440784,
    "membersCount": 1,
    "name": "Project Group",
    "owner": "superhero4",
    "scope": "admin",
    "tags": [
      "friends",
      "project"
    ],
    "type": "public"
  },
  {
    "conversationId": "group_project-group",
    "createdAt": 1638440784,
    "description": "project related discussions between members",
    "guid": "project-group-2",
    "hasJoined": true,
    "icon": "http://placehold.it/120x120&text=image1",
    "joinedAt": 1638440784,
    "membersCount": 1,
    "name": "Project Group 2",
    "owner": "superhero4",
    "scope": "admin",
    "tags": [
      "friends",
      "project"
    ],
    "type": "public"
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn get_group() {
    cometchat()
        .args(["get-group", "--guid", "project-group-2"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "conversationId": "group_project-group",
  "createdAt": 1638440784,
  "description": "project related discussions between members",
  "guid": "project-group-2",
  "hasJoined": true,
  "icon": "http://placehold.it/120x120&text=image1",
  "joinedAt": 1638440784,
  "membersCount": 1,
  "name": "Project Group 2",
  "owner": "superhero4",
  "scope": "admin",
  "tags": [
    "friends",
    "project"
  ],
  "type": "public"
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_group() {
    cometchat()
        .args([
            "update-group",
            "--guid",
            "project-group",
            "--name",
            "Project Group (archived)",
            "--tags",
            "archived",
            "--unset",
            "icon",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "conversationId": "group_project-group",
  "createdAt": 1638440784,
  "description": "project related discussions between members",
  "guid": "project-group",
  "hasJoined": true,
  "joinedAt": 1638440784,
  "membersCount": 1,
  "name": "Project Group (archived)",
  "owner": "superhero4",
  "scope": "admin",
  "tags": [
    "archived"
  ],
  "type": "public",
  "updatedAt": "{...}"
}
"#]]
            .is_json(),
        );
}

#[test]
fn delete_group() {
    cometchat()
        .args(["delete-group", "--guid", "project-group"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "message": "Group with guid project-group has been deleted successfully.",
  "success": true
}
"#]]
            .is_json(),
        );
}

// Group members and bans: every seeded group starts with the members of the
// `list_group_members` sample (superhero2, superhero3, superhero5, superhero4) and
// no bans; only the users of the users store can join or be banned.

#[test]
fn add_group_members() {
    cometchat()
        .args([
            "add-group-members",
            "--guid",
            "project-group",
            "--admins",
            "superhero6",
            "--moderators",
            "superhero2",
            "--users-to-ban",
            "superhero3",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "admins": {
    "superhero6": {
      "success": true
    }
  },
  "moderators": {
    "superhero2": {
      "success": true
    }
  },
  "usersToBan": {
    "superhero3": {
      "success": true
    }
  }
}
"#]]
            .is_json(),
        );
}

#[test]
fn list_group_members() {
    cometchat()
        .args([
            "list-group-members",
            "--guid",
            "project-group",
            "--scopes",
            "admin,moderator",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "avatar": "https://data-us.cometchat.io/assets/images/avatars/cyclops.png",
    "conversationId": "superhero4_user_superhero5",
    "createdAt": 1629869270,
    "joinedAt": 1638360106,
    "name": "Cyclops",
    "role": "default",
    "scope": "moderator",
    "status": "offline",
    "uid": "superhero5"
  },
  {
    "avatar": "https://data-us.cometchat.io/assets/images/avatars/wolverine.png",
    "createdAt": 1629869270,
    "joinedAt": 1638359534,
    "name": "Wolverine",
    "role": "default",
    "scope": "admin",
    "status": "offline",
    "uid": "superhero4"
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn change_group_member_scope() {
    cometchat()
        .args([
            "change-group-member-scope",
            "--guid",
            "project-group",
            "--uid",
            "superhero2",
            "--scope",
            "moderator",
            "--on-behalf-of",
            "superhero4",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "guid": "project-group",
  "joinedAt": 1638360106,
  "scope": "moderator",
  "uid": "superhero2"
}
"#]]
            .is_json(),
        );
}

/// The message is the vendor's sample, which names the group `supergroup`.
#[test]
fn kick_group_member() {
    cometchat()
        .args([
            "kick-group-member",
            "--guid",
            "project-group",
            "--uid",
            "superhero3",
            "--on-behalf-of",
            "superhero4",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "message": "The member with superhero3 has been kicked from the Group with supergroup.",
  "success": true
}
"#]]
            .is_json(),
        );
}

/// The message is the vendor's sample, which names the group `supergroup`.
#[test]
fn ban_group_member() {
    cometchat()
        .args([
            "ban-group-member",
            "--guid",
            "project-group",
            "--uid",
            "superhero3",
            "--on-behalf-of",
            "superhero4",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "message": "The user with uid superhero3 has been banned from the Group with supergroup.",
  "success": true
}
"#]]
            .is_json(),
        );
}

/// The vendor's file answers an unban with the sample of a ban (`GroupMemberBanned`).
#[test]
fn unban_group_member() {
    cometchat()
        .args([
            "unban-group-member",
            "--guid",
            "project-group",
            "--uid",
            "superhero3",
            "--on-behalf-of",
            "superhero4",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "message": "The user with uid superhero3 has been banned from the Group with supergroup.",
  "success": true
}
"#]]
            .is_json(),
        );
}

/// A fresh stand-in has banned nobody yet.
#[test]
fn list_banned_group_members() {
    cometchat()
        .args(["list-banned-group-members", "--guid", "project-group"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(str!["[]"].is_json());
}

// Friends and blocked users: the stand-in answers the samples.

#[test]
fn add_friends() {
    cometchat()
        .args([
            "add-friends",
            "--uid",
            "superhero1",
            "--accepted",
            "superhero2,superhero3",
            "--add-to-conversations",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "accepted": {
    "superhero2": {
      "message": "Created relationship with status accepted.",
      "success": true
    },
    "superhero3": {
      "message": "Created relationship with status accepted.",
      "success": true
    }
  }
}
"#]]
            .is_json(),
        );
}

#[test]
fn list_friends() {
    cometchat()
        .args(["list-friends", "--uid", "superhero4", "--per-page", "10"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "avatar": "http://placehold.it/120x120&text=image1",
    "conversationId": "superhero4_user_superhero6",
    "createdAt": 1638354015,
    "link": "http://placehold.it",
    "metadata": {
      "contactNumber": "0123456789",
      "email": "user@email.com"
    },
    "name": "Barry Allen",
    "role": "manager",
    "status": "offline",
    "uid": "superhero6",
    "updatedAt": 1638354799
  },
  {
    "avatar": "https://data-us.cometchat.io/assets/images/avatars/captainamerica.png",
    "conversationId": "superhero2_user_superhero4",
    "createdAt": 1629869270,
    "name": "Captain America",
    "role": "default",
    "status": "offline",
    "uid": "superhero2",
    "updatedAt": 1630308676
  },
  {
    "avatar": "https://data-us.cometchat.io/assets/images/avatars/captainamerica.png",
    "blockedAt": 1638346853,
    "blockedByMe": true,
    "blockedByMeAt": 1638346853,
    "conversationId": "superhero3_user_superhero4",
    "createdAt": 1629869270,
    "link": "https://data-us.cometchat.io/assets",
    "metadata": {
      "contactNumber": "0123456789"
    },
    "name": "Captain America",
    "role": "default",
    "status": "offline",
    "uid": "superhero3",
    "updatedAt": 1638351060
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn remove_friends() {
    cometchat()
        .args([
            "remove-friends",
            "--uid",
            "superhero1",
            "--friends",
            "superhero2",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "message": "Deleted the friend relations succussfully",
  "success": true
}
"#]]
            .is_json(),
        );
}

#[test]
fn block_users() {
    cometchat()
        .args([
            "block-users",
            "--uid",
            "superhero1",
            "--blocked-uids",
            "superhero3",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "superhero4": {
    "message": "The user with UID superhero1 has blocked user with UID superhero3 successfully.",
    "success": true
  }
}
"#]]
            .is_json(),
        );
}

/// The vendor's file answers an unblock with the sample of a block (`UsersBlocked`).
#[test]
fn unblock_users() {
    cometchat()
        .args([
            "unblock-users",
            "--uid",
            "superhero1",
            "--blocked-uids",
            "superhero3",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "superhero4": {
    "message": "The user with UID superhero1 has blocked user with UID superhero3 successfully.",
    "success": true
  }
}
"#]]
            .is_json(),
        );
}

#[test]
fn list_blocked_users() {
    cometchat()
        .args(["list-blocked-users", "--uid", "superhero1"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "avatar": "http://placehold.it/120x120&text=image1",
    "blockedAt": 1638346853,
    "blockedByMe": true,
    "blockedByMeAt": 1638346853,
    "conversationId": "superhero3_user_superhero4",
    "createdAt": 1629869270,
    "link": "http://placehold.it",
    "metadata": {
      "rawMetadata": "{'gender':'Male'}"
    },
    "name": "Barry Allen",
    "role": "manager",
    "status": "offline",
    "uid": "superhero6",
    "updatedAt": 1638351060
  },
  {
    "avatar": "http://placehold.it/120x120&text=image1",
    "blockedAt": 1638346853,
    "blockedByMe": true,
    "blockedByMeAt": 1638346853,
    "conversationId": "superhero1_user_superhero2",
    "createdAt": 1629869270,
    "link": "http://placehold.it",
    "metadata": {
      "rawMetadata": "{'gender':'Male'}"
    },
    "name": "Captain America",
    "role": "manager",
    "status": "offline",
    "uid": "superhero2",
    "updatedAt": 1638351060
  }
]
"#]]
            .is_json(),
        );
}
