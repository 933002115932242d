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

// Messages: a fresh stand-in holds no message, so the sends answer from it and the
// operations on one message, and the lists, are answered by a scripted server with
// the spec's sample; those transcripts also pin the request the command sends.

#[test]
fn send_message() {
    cometchat()
        .args([
            "send-message",
            "--on-behalf-of",
            "superhero1",
            "--receiver",
            "superhero2",
            "--receiver-type",
            "user",
            "--category",
            "message",
            "--type",
            "text",
            "--tags",
            "greeting",
            "--json-body",
            "-",
        ])
        .stdin(r#"{"data": {"text": "Hello, Captain", "metadata": {"mood": "cheerful"}}}"#)
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "category": "message",
  "conversationId": "superhero1_user_superhero2",
  "data": {
    "entities": {
      "receiver": {
        "entity": {
          "avatar": "https://data-us.cometchat.io/assets/images/avatars/captainamerica.png",
          "conversationId": "superhero2_user_superhero4",
          "createdAt": 1629869270,
          "name": "Captain America",
          "role": "default",
          "status": "offline",
          "uid": "superhero2",
          "updatedAt": 1630308676
        },
        "entityType": "user"
      },
      "sender": {
        "entity": {
          "uid": "superhero1"
        },
        "entityType": "user"
      }
    },
    "metadata": {
      "mood": "cheerful"
    },
    "text": "Hello, Captain"
  },
  "id": "1",
  "receiver": "superhero2",
  "receiverType": "user",
  "sender": "superhero1",
  "sentAt": "{...}",
  "tags": [
    "greeting"
  ],
  "type": "text",
  "updatedAt": "{...}"
}
"#]]
            .is_json(),
        );
}

#[test]
fn list_messages() {
    let server = Server::start(vec![(200, sample("list_messages"))]);
    cometchat_at(&server)
        .args([
            "list-messages",
            "--on-behalf-of",
            "superhero3",
            "--limit",
            "50",
            "--category",
            "message",
            "--hide-deleted",
        ])
        .assert()
        .success()
        .stderr_eq(str![""])
        .stdout_eq(
            str![[r#"
[
  {
    "category": "message",
    "conversationId": "superhero3_user_superhero5",
    "data": {
      "entities": {
        "receiver": {
          "entity": {
            "avatar": "https://data-us.cometchat.io/assets/images/avatars/cyclops.png",
            "conversationId": "superhero3_user_superhero5",
            "createdAt": 1638361550,
            "name": "Cyclops",
            "role": "default",
            "status": "offline",
            "uid": "superhero5"
          },
          "entityType": "user"
        },
        "sender": {
          "entity": {
            "avatar": "https://data-us.cometchat.io/assets/images/avatars/spiderman.png",
            "createdAt": 1638361550,
            "name": "Spiderman",
            "role": "default",
            "status": "offline",
            "uid": "superhero3"
          },
          "entityType": "user"
        }
      },
      "metadata": {
        "key1": "val1"
      },
      "text": "test     hello"
    },
    "id": "1",
    "receiver": "superhero5",
    "receiverType": "user",
    "sender": "superhero3",
    "sentAt": 1638423490,
    "type": "text",
    "updatedAt": 1638423490
  }
]
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].request_line,
        "GET /v3/messages?category=message&hideDeleted=true&limit=50 HTTP/1.1"
    );
    assert_eq!(seen[0].header("onbehalfof"), Some("superhero3"));
    assert_eq!(seen[0].header("apikey"), Some(KEY));
}

#[test]
fn get_message() {
    let server = Server::start(vec![(200, sample("get_message"))]);
    cometchat_at(&server)
        .args([
            "get-message",
            "--message-id",
            "1",
            "--on-behalf-of",
            "superhero3",
        ])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(
            str![[r#"
{
  "category": "message",
  "conversationId": "superhero3_user_superhero5",
  "data": {
    "entities": {
      "receiver": {
        "entity": {
          "avatar": "https://data-us.cometchat.io/assets/images/avatars/cyclops.png",
          "conversationId": "superhero3_user_superhero5",
          "createdAt": 1638361550,
          "name": "Cyclops",
          "role": "default",
          "status": "offline",
          "uid": "superhero5"
        },
        "entityType": "user"
      },
      "sender": {
        "entity": {
          "avatar": "https://data-us.cometchat.io/assets/images/avatars/spiderman.png",
          "createdAt": 1638361550,
          "name": "Spiderman",
          "role": "default",
          "status": "offline",
          "uid": "superhero3"
        },
        "entityType": "user"
      }
    },
    "metadata": {
      "key1": "val1"
    },
    "text": "test     hello"
  },
  "id": "1",
  "receiver": "superhero5",
  "receiverType": "user",
  "sender": "superhero3",
  "sentAt": 1638423490,
  "type": "text",
  "updatedAt": 1638423490
}
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].request_line, "GET /v3/messages/1 HTTP/1.1");
    assert_eq!(seen[0].header("onbehalfof"), Some("superhero3"));
}

/// Without `--on-behalf-of` the app edits (`editedBy` is `app_system`).
#[test]
fn update_message() {
    let server = Server::start(vec![(200, sample("update_message"))]);
    cometchat_at(&server)
        .args([
            "update-message",
            "--message-id",
            "69",
            "--tags",
            "edited",
            "--json-body",
            "-",
        ])
        .stdin(r#"{"data": {"text": "test hello, fixed"}}"#)
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(
            str![[r#"
{
  "category": "action",
  "conversationId": "superhero1_user_superhero2",
  "data": {
    "action": "edited",
    "entities": {
      "by": {
        "entity": {
          "createdAt": 1639448370,
          "name": "Updated Name",
          "role": "default",
          "status": "offline",
          "uid": "superhero1",
          "updatedAt": 1640599553
        },
        "entityType": "user"
      },
      "for": {
        "entity": {
          "avatar": "https://data-eu.cometchat.io/assets/images/avatars/captainamerica.png",
          "createdAt": 1639448370,
          "name": "Captain America",
          "role": "default",
          "status": "offline",
          "uid": "superhero2"
        },
        "entityType": "user"
      },
      "on": {
        "entity": {
          "category": "message",
          "conversationId": "superhero1_user_superhero2",
          "data": {
            "entities": {
              "receiver": {
                "entity": {
                  "avatar": "https://data-eu.cometchat.io/assets/images/avatars/captainamerica.png",
                  "conversationId": "superhero1_user_superhero2",
                  "createdAt": 1639448370,
                  "name": "Captain America",
                  "role": "default",
                  "status": "offline",
                  "uid": "superhero2"
                },
                "entityType": "user"
              },
              "sender": {
                "entity": {
                  "avatar": "https://data-eu.cometchat.io/assets/images/avatars/ironman.png",
                  "createdAt": 1639448370,
                  "name": "Iron Man",
                  "role": "default",
                  "status": "offline",
                  "uid": "superhero1"
                },
                "entityType": "user"
              }
            },
            "text": "hello spider"
          },
          "editedAt": 1641477338,
          "editedBy": "app_system",
          "id": "69",
          "receiver": "superhero2",
          "receiverType": "user",
          "sender": "superhero1",
          "sentAt": 1640171302,
          "tags": [
            "t6"
          ],
          "type": "text",
          "updatedAt": 1641477338
        },
        "entityType": "message"
      }
    }
  },
  "id": "402",
  "receiver": "superhero2",
  "receiverType": "user",
  "sender": "superhero1",
  "sentAt": 1641477338,
  "type": "message",
  "updatedAt": 1641477338
}
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].request_line, "PUT /v3/messages/69 HTTP/1.1");
    assert_eq!(
        seen[0].body,
        r#"{"data":{"text":"test hello, fixed"},"tags":["edited"]}"#
    );
}

/// The answer is the vendor's sample, a copy of the edit answer (action `edited`).
#[test]
fn delete_message() {
    let server = Server::start(vec![(200, sample("delete_message"))]);
    cometchat_at(&server)
        .args(["delete-message", "--message-id", "69", "--permanent"])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(
            str![[r#"
{
  "category": "action",
  "conversationId": "superhero1_user_superhero2",
  "data": {
    "action": "edited",
    "entities": {
      "by": {
        "entity": {
          "createdAt": 1639448370,
          "name": "Updated Name",
          "role": "default",
          "status": "offline",
          "uid": "superhero1"
        },
        "entityType": "user"
      },
      "for": {
        "entity": {
          "avatar": "https://data-eu.cometchat.io/assets/images/avatars/captainamerica.png",
          "createdAt": 1639448370,
          "name": "Captain America",
          "role": "default",
          "status": "offline",
          "uid": "superhero2"
        },
        "entityType": "user"
      },
      "on": {
        "entity": {
          "category": "message",
          "conversationId": "superhero1_user_superhero2",
          "data": {
            "entities": {
              "receiver": {
                "entity": {
                  "avatar": "https://data-eu.cometchat.io/assets/images/avatars/captainamerica.png",
                  "conversationId": "superhero1_user_superhero2",
                  "createdAt": 1639448370,
                  "name": "Captain America",
                  "role": "default",
                  "status": "offline",
                  "uid": "superhero2"
                },
                "entityType": "user"
              },
              "sender": {
                "entity": {
                  "avatar": "https://data-eu.cometchat.io/assets/images/avatars/ironman.png",
                  "createdAt": 1639448370,
                  "name": "Iron Man",
                  "role": "default",
                  "status": "offline",
                  "uid": "superhero1"
                },
                "entityType": "user"
              }
            },
            "text": "hello spider"
          },
          "editedAt": 1641477338,
          "editedBy": "app_system",
          "id": "69",
          "receiver": "superhero2",
          "receiverType": "user",
          "sender": "superhero1",
          "sentAt": 1640171302,
          "tags": [
            "t6"
          ],
          "type": "text",
          "updatedAt": 1641477338
        },
        "entityType": "message"
      }
    }
  },
  "id": "402",
  "receiver": "superhero2",
  "receiverType": "user",
  "sender": "superhero1",
  "sentAt": 1641477338,
  "type": "message",
  "updatedAt": 1641477338
}
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].request_line, "DELETE /v3/messages/69 HTTP/1.1");
    assert_eq!(seen[0].body, r#"{"permanent":true}"#);
}

#[test]
fn mark_message_interacted() {
    let server = Server::start(vec![(200, sample("mark_message_interacted"))]);
    cometchat_at(&server)
        .args([
            "mark-message-interacted",
            "--message-id",
            "7",
            "--on-behalf-of",
            "superhero1",
            "--interactions",
            "submit,name-field",
        ])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(
            str![[r#"
{
  "message": "The message id 7 has been marked as interacted for the user superhero1.",
  "success": true
}
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].request_line,
        "PATCH /v3/messages/7/interacted HTTP/1.1"
    );
    assert_eq!(seen[0].body, r#"{"interactions":["submit","name-field"]}"#);
}

/// `--max-items` keeps the first message of the page (the vendor's sample is a call).
#[test]
fn list_user_messages() {
    let server = Server::start(vec![(200, sample("list_user_messages"))]);
    cometchat_at(&server)
        .args([
            "list-user-messages",
            "--uid",
            "superhero2",
            "--on-behalf-of",
            "superhero3",
            "--limit",
            "20",
            "--hide-replies",
            "--max-items",
            "1",
        ])
        .assert()
        .success()
        .stderr_eq(str![""])
        .stdout_eq(str![[r#"
[
  {
    "category": "call",
    "conversationId": "superhero2_user_superhero3",
    "data": {
      "action": "initiated",
      "entities": {
        "by": {
          "entity": {
            "avatar": "https://data-eu.cometchat.io/assets/images/avatars/captainamerica.png",
            "name": "Captain America",
            "role": "default",
            "status": "offline",
            "uid": "superhero2"
          },
          "entityType": "user"
        },
        "for": {
          "entity": {
            "avatar": "https://data-eu.cometchat.io/assets/images/avatars/spiderman.png",
            "conversationId": "superhero2_user_superhero3",
            "name": "Spiderman",
            "role": "default",
            "status": "offline",
            "uid": "superhero3"
          },
          "entityType": "user"
        },
        "on": {
          "entity": {
            "conversationId": "superhero2_user_superhero3",
            "data": {
              "entities": {
                "receiver": {
                  "entity": {
                    "avatar": "https://data-eu.cometchat.io/assets/images/avatars/spiderman.png",
                    "conversationId": "superhero2_user_superhero3",
                    "name": "Spiderman",
                    "role": "default",
                    "status": "offline",
                    "uid": "superhero3"
                  },
                  "entityType": "user"
                },
                "sender": {
                  "entity": {
                    "avatar": "https://data-eu.cometchat.io/assets/images/avatars/captainamerica.png",
                    "name": "Captain America",
                    "role": "default",
                    "status": "offline",
                    "uid": "superhero2"
                  },
                  "entityType": "user"
                }
              },
              "metadata": {
                "key": {
                  "one": "two"
                }
              }
            },
            "initiatedAt": 1646995097,
            "joinedAt": 1646995097,
            "receiver": "superhero3",
            "receiverType": "user",
            "sender": "superhero2",
            "sessionid": "16469950973f7f6a1ea6d5166db11c929cdbde6a61902e10ba",
            "status": "initiated",
            "type": "audio",
            "wsChannel": {
              "identity": "[19757e59e8b9669]16469950973f7f6a1ea6d5166db11c929cdbde6a61902e10ba",
              "secret": "083c2a7f660150e42c2bf07a17231e90980b290d",
              "service": "19757e59e8b9669.call"
            }
          },
          "entityType": "call"
        }
      }
    },
    "id": "1776",
    "receiver": "superhero3",
    "receiverType": "user",
    "sender": "superhero2",
    "sentAt": 1646995097,
    "type": "audio",
    "updatedAt": 1646995097
  }
]
"#]].is_json());
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].request_line,
        "GET /v3/users/superhero2/messages?hideReplies=true&limit=20 HTTP/1.1"
    );
    assert_eq!(seen[0].header("onbehalfof"), Some("superhero3"));
}

/// A read by cursor that continues from an earlier answer's `meta.next`. The
/// vendor's sample answers a one-to-one message.
#[test]
fn list_group_messages() {
    let server = Server::start(vec![(200, sample("list_group_messages"))]);
    cometchat_at(&server)
        .args([
            "list-group-messages",
            "--guid",
            "supergroup",
            "--on-behalf-of",
            "superhero3",
            "--affix",
            "prepend",
            "--id",
            "120",
            "--limit",
            "30",
        ])
        .assert()
        .success()
        .stderr_eq(str![""])
        .stdout_eq(
            str![[r#"
[
  {
    "category": "message",
    "conversationId": "superhero3_user_superhero5",
    "data": {
      "entities": {
        "receiver": {
          "entity": {
            "avatar": "https://data-us.cometchat.io/assets/images/avatars/cyclops.png",
            "conversationId": "superhero3_user_superhero5",
            "createdAt": 1638361550,
            "name": "Cyclops",
            "role": "default",
            "status": "offline",
            "uid": "superhero5"
          },
          "entityType": "user"
        },
        "sender": {
          "entity": {
            "avatar": "https://data-us.cometchat.io/assets/images/avatars/spiderman.png",
            "createdAt": 1638361550,
            "name": "Spiderman",
            "role": "default",
            "status": "offline",
            "uid": "superhero3"
          },
          "entityType": "user"
        }
      },
      "metadata": {
        "key1": "val1"
      },
      "text": "test     hello"
    },
    "id": "1",
    "receiver": "superhero5",
    "receiverType": "user",
    "sender": "superhero3",
    "sentAt": 1638423490,
    "type": "text",
    "updatedAt": 1638423490
  }
]
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].request_line,
        "GET /v3/groups/supergroup/messages?affix=prepend&id=120&limit=30 HTTP/1.1"
    );
}

#[test]
fn send_bot_message() {
    cometchat()
        .args(["send-bot-message", "--uid", "superhero6", "--muid", "bot-reply-1", "--json-body", "-"])
        .stdin(
            r#"{"receiver": "superhero2", "receiverType": "user", "category": "message", "type": "text", "data": {"text": "How can I help?"}}"#,
        )
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(str![[r#"
{
  "category": "message",
  "conversationId": "superhero2_user_superhero6",
  "data": {
    "entities": {
      "receiver": {
        "entity": {
          "avatar": "https://data-us.cometchat.io/assets/images/avatars/captainamerica.png",
          "conversationId": "superhero2_user_superhero4",
          "createdAt": 1629869270,
          "name": "Captain America",
          "role": "default",
          "status": "offline",
          "uid": "superhero2",
          "updatedAt": 1630308676
        },
        "entityType": "user"
      },
      "sender": {
        "entity": {
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
        "entityType": "user"
      }
    },
    "text": "How can I help?"
  },
  "id": "1",
  "muid": "bot-reply-1",
  "receiver": "superhero2",
  "receiverType": "user",
  "sender": "superhero6",
  "sentAt": "{...}",
  "type": "text",
  "updatedAt": "{...}"
}
"#]].is_json());
}

#[test]
fn list_message_reactions() {
    let server = Server::start(vec![(200, sample("list_message_reactions"))]);
    cometchat_at(&server)
        .args([
            "list-message-reactions",
            "--message-id",
            "2",
            "--on-behalf-of",
            "superhero1",
            "--limit",
            "100",
        ])
        .assert()
        .success()
        .stderr_eq(str![""])
        .stdout_eq(
            str![[r#"
[
  {
    "id": "1",
    "messageId": "2",
    "reactedAt": 1700210335,
    "reactedBy": {
      "createdAt": 1698934972,
      "name": "Iron Man",
      "role": "default",
      "status": "offline",
      "uid": "superhero1"
    },
    "reaction": ":reaction",
    "uid": "superhero1"
  },
  {
    "id": "2",
    "messageId": "2",
    "reactedAt": 1700210456,
    "reactedBy": {
      "createdAt": 1698934972,
      "name": "Iron Man",
      "role": "default",
      "status": "offline",
      "uid": "superhero1"
    },
    "reaction": "😅",
    "uid": "superhero1"
  },
  {
    "id": "5",
    "messageId": "2",
    "reactedAt": 1700230866,
    "reactedBy": {
      "conversationId": "superhero1_user_superhero2",
      "createdAt": 1698934987,
      "name": "Captain America",
      "role": "default",
      "status": "offline",
      "uid": "superhero2"
    },
    "reaction": "😒",
    "uid": "superhero2"
  }
]
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].request_line,
        "GET /v3/messages/2/reactions?limit=100 HTTP/1.1"
    );
}

/// The reaction is an emoji: it goes percent-encoded into the path.
#[test]
fn list_message_reactions_of() {
    let server = Server::start(vec![(200, sample("list_message_reactions_of"))]);
    cometchat_at(&server)
        .args([
            "list-message-reactions-of",
            "--message-id",
            "1",
            "--reaction",
            "😅",
            "--on-behalf-of",
            "superhero1",
        ])
        .assert()
        .success()
        .stderr_eq(str![""])
        .stdout_eq(
            str![[r#"
[
  {
    "id": "1",
    "messageId": "1",
    "reactedAt": 1702638595,
    "reactedBy": {
      "avatar": "https://data-us.cometchat.io/assets/images/avatars/ironman.png",
      "createdAt": 1684751861,
      "lastActiveAt": 1689082633,
      "name": "Iron Man",
      "role": "default",
      "status": "available",
      "uid": "superhero1"
    },
    "reaction": "😅",
    "uid": "superhero1"
  }
]
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].request_line,
        "GET /v3/messages/1/reactions/%F0%9F%98%85 HTTP/1.1"
    );
}

#[test]
fn add_message_reaction() {
    let server = Server::start(vec![(200, sample("add_message_reaction"))]);
    cometchat_at(&server)
        .args([
            "add-message-reaction",
            "--message-id",
            "2",
            "--reaction",
            "🤨",
            "--on-behalf-of",
            "superhero1",
        ])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(
            str![[r#"
{
  "category": "message",
  "conversationId": "superhero1_user_superhero2",
  "data": {
    "entities": {
      "receiver": {
        "entity": {
          "conversationId": "superhero1_user_superhero2",
          "name": "Captain America",
          "role": "default",
          "status": "offline",
          "uid": "superhero2"
        },
        "entityType": "user"
      },
      "sender": {
        "entity": {
          "name": "Iron Man",
          "role": "default",
          "status": "offline",
          "uid": "superhero1"
        },
        "entityType": "user"
      }
    },
    "reactions": [
      {
        "count": 1,
        "reaction": ":reaction"
      },
      {
        "count": 1,
        "reaction": "😅"
      },
      {
        "count": 1,
        "reactedByMe": true,
        "reaction": "😒"
      },
      {
        "count": 1,
        "reactedByMe": true,
        "reaction": "🤨"
      }
    ],
    "text": "Hi,"
  },
  "id": "2",
  "receiver": "superhero2",
  "receiverType": "user",
  "sender": "superhero1",
  "sentAt": 1700210266,
  "type": "text",
  "updatedAt": 1700210266
}
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].request_line,
        "POST /v3/messages/2/reactions/%F0%9F%A4%A8 HTTP/1.1"
    );
    assert_eq!(seen[0].header("onbehalfof"), Some("superhero1"));
}

#[test]
fn remove_message_reaction() {
    let server = Server::start(vec![(200, sample("remove_message_reaction"))]);
    cometchat_at(&server)
        .args([
            "remove-message-reaction",
            "--message-id",
            "2",
            "--reaction",
            "🤨",
            "--on-behalf-of",
            "superhero1",
        ])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(
            str![[r#"
{
  "category": "message",
  "conversationId": "superhero1_user_superhero2",
  "data": {
    "entities": {
      "receiver": {
        "entity": {
          "conversationId": "superhero1_user_superhero2",
          "name": "Captain America",
          "role": "default",
          "status": "offline",
          "uid": "superhero2"
        },
        "entityType": "user"
      },
      "sender": {
        "entity": {
          "name": "Iron Man",
          "role": "default",
          "status": "offline",
          "uid": "superhero1"
        },
        "entityType": "user"
      }
    },
    "reactions": [
      {
        "count": 1,
        "reaction": ":reaction"
      },
      {
        "count": 1,
        "reaction": "😅"
      },
      {
        "count": 1,
        "reactedByMe": true,
        "reaction": "😒"
      }
    ],
    "text": "Hi,"
  },
  "id": "2",
  "receiver": "superhero2",
  "receiverType": "user",
  "sender": "superhero1",
  "sentAt": 1700210266,
  "type": "text",
  "updatedAt": 1700210266
}
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].request_line,
        "DELETE /v3/messages/2/reactions/%F0%9F%A4%A8 HTTP/1.1"
    );
}

/// Without `--on-behalf-of` the app pins (`pinnedBy` is `app_system`).
#[test]
fn pin_message() {
    let server = Server::start(vec![(200, sample("pin_message"))]);
    cometchat_at(&server)
        .args(["pin-message", "--message-id", "2"])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(
            str![[r#"
{
  "category": "message",
  "conversationId": "superhero1_user_superhero2",
  "data": {
    "text": "Hi,"
  },
  "id": "2",
  "pinnedAt": 1700210300,
  "pinnedBy": "app_system",
  "receiver": "superhero2",
  "receiverType": "user",
  "sender": "superhero1",
  "sentAt": 1700210266,
  "type": "text",
  "updatedAt": 1700210266
}
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].request_line, "POST /v3/messages/2/pin HTTP/1.1");
    assert_eq!(seen[0].header("onbehalfof"), None);
}

#[test]
fn unpin_message() {
    let server = Server::start(vec![(200, sample("unpin_message"))]);
    cometchat_at(&server)
        .args([
            "unpin-message",
            "--message-id",
            "2",
            "--on-behalf-of",
            "superhero1",
        ])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(
            str![[r#"
{
  "category": "message",
  "conversationId": "superhero1_user_superhero2",
  "data": {
    "text": "Hi,"
  },
  "id": "2",
  "receiver": "superhero2",
  "receiverType": "user",
  "sender": "superhero1",
  "sentAt": 1700210266,
  "type": "text",
  "updatedAt": 1700210266
}
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].request_line, "DELETE /v3/messages/2/pin HTTP/1.1");
    assert_eq!(seen[0].header("onbehalfof"), Some("superhero1"));
}

#[test]
fn save_message() {
    let server = Server::start(vec![(200, sample("save_message"))]);
    cometchat_at(&server)
        .args([
            "save-message",
            "--message-id",
            "2",
            "--on-behalf-of",
            "superhero1",
        ])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(
            str![[r#"
{
  "category": "message",
  "conversationId": "superhero1_user_superhero2",
  "data": {
    "text": "Hi,"
  },
  "id": "2",
  "receiver": "superhero2",
  "receiverType": "user",
  "savedAt": 1700210300,
  "sender": "superhero1",
  "sentAt": 1700210266,
  "type": "text",
  "updatedAt": 1700210266
}
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].request_line, "POST /v3/messages/2/save HTTP/1.1");
    assert_eq!(seen[0].header("onbehalfof"), Some("superhero1"));
}

#[test]
fn unsave_message() {
    let server = Server::start(vec![(200, sample("unsave_message"))]);
    cometchat_at(&server)
        .args([
            "unsave-message",
            "--message-id",
            "2",
            "--on-behalf-of",
            "superhero1",
        ])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(
            str![[r#"
{
  "category": "message",
  "conversationId": "superhero1_user_superhero2",
  "data": {
    "text": "Hi,"
  },
  "id": "2",
  "receiver": "superhero2",
  "receiverType": "user",
  "sender": "superhero1",
  "sentAt": 1700210266,
  "type": "text",
  "updatedAt": 1700210266
}
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].request_line, "DELETE /v3/messages/2/save HTTP/1.1");
}

/// The reply's fields are given as flags, its text in the body.
#[test]
fn send_thread_message() {
    let server = Server::start(vec![(200, sample("send_thread_message"))]);
    cometchat_at(&server)
        .args([
            "send-thread-message",
            "--message-id",
            "1",
            "--on-behalf-of",
            "superhero3",
            "--receiver",
            "superhero5",
            "--receiver-type",
            "user",
            "--category",
            "message",
            "--type",
            "text",
            "--json-body",
            "-",
        ])
        .stdin(r#"{"data": {"text": "a reply in the thread"}}"#)
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(
            str![[r#"
{
  "category": "message",
  "conversationId": "superhero3_user_superhero5",
  "data": {
    "entities": {
      "receiver": {
        "entity": {
          "avatar": "https://data-us.cometchat.io/assets/images/avatars/cyclops.png",
          "conversationId": "superhero3_user_superhero5",
          "createdAt": 1638361550,
          "name": "Cyclops",
          "role": "default",
          "status": "offline",
          "uid": "superhero5"
        },
        "entityType": "user"
      },
      "sender": {
        "entity": {
          "avatar": "https://data-us.cometchat.io/assets/images/avatars/spiderman.png",
          "createdAt": 1638361550,
          "name": "Spiderman",
          "role": "default",
          "status": "offline",
          "uid": "superhero3"
        },
        "entityType": "user"
      }
    },
    "metadata": {
      "key1": "val1"
    },
    "text": "test     hello"
  },
  "id": "2",
  "parentId": "1",
  "receiver": "superhero5",
  "receiverType": "user",
  "sender": "superhero3",
  "sentAt": 1638423490,
  "type": "text",
  "updatedAt": 1638423490
}
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].request_line, "POST /v3/messages/1/thread HTTP/1.1");
    assert_eq!(
        seen[0].body,
        r#"{"category":"message","data":{"text":"a reply in the thread"},"receiver":"superhero5","receiverType":"user","type":"text"}"#
    );
}

#[test]
fn list_thread_messages() {
    let server = Server::start(vec![(200, sample("list_thread_messages"))]);
    cometchat_at(&server)
        .args([
            "list-thread-messages",
            "--message-id",
            "1",
            "--on-behalf-of",
            "superhero3",
            "--limit",
            "10",
        ])
        .assert()
        .success()
        .stderr_eq(str![""])
        .stdout_eq(
            str![[r#"
[
  {
    "category": "message",
    "conversationId": "superhero3_user_superhero5",
    "data": {
      "entities": {
        "receiver": {
          "entity": {
            "avatar": "https://data-us.cometchat.io/assets/images/avatars/cyclops.png",
            "conversationId": "superhero3_user_superhero5",
            "createdAt": 1638361550,
            "name": "Cyclops",
            "role": "default",
            "status": "offline",
            "uid": "superhero5"
          },
          "entityType": "user"
        },
        "sender": {
          "entity": {
            "avatar": "https://data-us.cometchat.io/assets/images/avatars/spiderman.png",
            "createdAt": 1638361550,
            "name": "Spiderman",
            "role": "default",
            "status": "offline",
            "uid": "superhero3"
          },
          "entityType": "user"
        }
      },
      "metadata": {
        "key1": "val1"
      },
      "text": "test     hello"
    },
    "id": "2",
    "parentId": "1",
    "receiver": "superhero5",
    "receiverType": "user",
    "sender": "superhero3",
    "sentAt": 1638423490,
    "type": "text",
    "updatedAt": 1638423490
  }
]
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].request_line,
        "GET /v3/messages/1/thread?limit=10 HTTP/1.1"
    );
}

#[test]
fn list_threads() {
    let server = Server::start(vec![(200, sample("list_threads"))]);
    cometchat_at(&server)
        .args([
            "list-threads",
            "--on-behalf-of",
            "cometchat-uid-1",
            "--participated-by-me",
            "--with-unread-reply-count",
            "--limit",
            "25",
        ])
        .assert()
        .success()
        .stderr_eq(str![""])
        .stdout_eq(
            str![[r#"
[
  {
    "category": "message",
    "conversationId": "cometchat-uid-1_user_cometchat-uid-2",
    "data": {
      "entities": {
        "receiver": {
          "entity": {
            "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-2.webp",
            "conversationId": "cometchat-uid-1_user_cometchat-uid-2",
            "createdAt": 1783932561,
            "lastActiveAt": 1783932561,
            "name": "George Alan",
            "role": "default",
            "status": "offline",
            "uid": "cometchat-uid-2"
          },
          "entityType": "user"
        },
        "sender": {
          "entity": {
            "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-1.webp",
            "createdAt": 1783932561,
            "lastActiveAt": 1783932561,
            "name": "Andrew Joseph",
            "role": "default",
            "status": "offline",
            "tags": [
              "abc"
            ],
            "uid": "cometchat-uid-1",
            "updatedAt": 1783944695
          },
          "entityType": "user"
        }
      },
      "moderation": {
        "rule": {
          "id": "customrule",
          "name": "custom-rule"
        },
        "status": "disapproved"
      },
      "text": "123"
    },
    "id": "4002",
    "lastReply": {
      "category": "message",
      "conversationId": "cometchat-uid-1_user_cometchat-uid-2",
      "data": {
        "entities": {
          "receiver": {
            "entity": {
              "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-2.webp",
              "conversationId": "cometchat-uid-1_user_cometchat-uid-2",
              "createdAt": 1783932561,
              "lastActiveAt": 1783932561,
              "name": "George Alan",
              "role": "default",
              "status": "offline",
              "uid": "cometchat-uid-2"
            },
            "entityType": "user"
          },
          "sender": {
            "entity": {
              "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-1.webp",
              "createdAt": 1783932561,
              "lastActiveAt": 1783932561,
              "name": "Andrew Joseph",
              "role": "default",
              "status": "offline",
              "tags": [
                "abc"
              ],
              "uid": "cometchat-uid-1",
              "updatedAt": 1783944695
            },
            "entityType": "user"
          }
        },
        "moderation": {
          "status": "approved"
        },
        "text": "Hello in thread"
      },
      "deletedAt": null,
      "deliveredAt": null,
      "editedAt": null,
      "editedBy": "",
      "id": "4003",
      "muid": "",
      "readAt": null,
      "receiver": "cometchat-uid-2",
      "receiverType": "user",
      "sender": "cometchat-uid-1",
      "sentAt": 1784014370,
      "type": "text",
      "updatedAt": 1784014370
    },
    "receiver": "cometchat-uid-2",
    "receiverType": "user",
    "replyCount": 1,
    "sender": "cometchat-uid-1",
    "sentAt": 1784014343,
    "type": "text",
    "updatedAt": 1784014370
  }
]
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].request_line,
        "GET /v3/threads?limit=25&participatedByMe=true&withUnreadReplyCount=true HTTP/1.1"
    );
}

#[test]
fn subscribe_thread() {
    let server = Server::start(vec![(200, sample("subscribe_thread"))]);
    cometchat_at(&server)
        .args([
            "subscribe-thread",
            "--message-id",
            "1",
            "--on-behalf-of",
            "superhero5",
        ])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].request_line,
        "POST /v3/messages/1/thread/subscription HTTP/1.1"
    );
    assert_eq!(seen[0].header("onbehalfof"), Some("superhero5"));
}

#[test]
fn unsubscribe_thread() {
    let server = Server::start(vec![(200, sample("unsubscribe_thread"))]);
    cometchat_at(&server)
        .args([
            "unsubscribe-thread",
            "--message-id",
            "1",
            "--on-behalf-of",
            "superhero5",
        ])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].request_line,
        "DELETE /v3/messages/1/thread/subscription HTTP/1.1"
    );
}

// The administration resources (issue 13), against the stand-in: each command with
// a few of its flags and, where it takes one, a body (from stdin, with body field
// flags on top). The stand-in keeps the provider settings, preferences, time zones
// and contact details as documents (a write answers the sample merged with the
// body; a reset forgets the write), and moderation rules, keyword lists and flag
// reasons in stores seeded from their list samples; other operations answer their
// spec sample. Secrets (auth tokens, passwords, API keys) print as the stand-in
// answers them.

// SMS through Twilio: a document seeded from the `get_twilio_provider` sample.

#[test]
fn get_twilio_provider() {
    cometchat()
        .args(["get-twilio-provider"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "twilioAccountSID": "AC91e67951ff7e5e7be8122184e76ae0e6=",
  "twilioAuthToken": "71c2301435733997e83db7a3445bc57",
  "twilioSenderPhoneNumber": "+13611364718"
}
"#]]
            .is_json(),
        );
}

#[test]
fn save_twilio_provider() {
    cometchat()
        .args([
            "save-twilio-provider",
            "--twilio-account-sid",
            "AC0123456789abcdef0123456789abcdef",
            "--twilio-auth-token",
            "f0e1d2c3b4a5968778695a4b3c2d1e0f",
            "--twilio-sender-phone-number",
            "+15005550006",
            "--is-enabled",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "isEnabled": true,
  "twilioAccountSID": "AC0123456789abcdef0123456789abcdef",
  "twilioAuthToken": "f0e1d2c3b4a5968778695a4b3c2d1e0f",
  "twilioSenderPhoneNumber": "+15005550006"
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_twilio_provider() {
    cometchat()
        .args([
            "update-twilio-provider",
            "--twilio-sender-phone-number",
            "+15005550007",
            "--is-enabled",
            "false",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "isEnabled": false,
  "twilioAccountSID": "AC91e67951ff7e5e7be8122184e76ae0e6=",
  "twilioAuthToken": "71c2301435733997e83db7a3445bc57",
  "twilioSenderPhoneNumber": "+15005550007"
}
"#]]
            .is_json(),
        );
}

#[test]
fn delete_twilio_provider() {
    cometchat()
        .args(["delete-twilio-provider"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
}

// Email through SendGrid: a document seeded from the `get_sendgrid_provider` sample.

#[test]
fn get_sendgrid_provider() {
    cometchat()
        .args(["get-sendgrid-provider"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "sendGridApiKey": "SG.9ipFP4b17yT-Fff2GGrH8FF0GqdkBohXAEI4GnTSj9Q=",
  "sendGridTemplateID": "d-8284bb9646a040499d5cfa28d272a094",
  "sendGridUnsubscribeGroupID": "33832",
  "senderEmail": "noreply@em123.example.com",
  "senderName": "Emailer"
}
"#]]
            .is_json(),
        );
}

#[test]
fn save_sendgrid_provider() {
    cometchat()
        .args([
            "save-sendgrid-provider",
            "--sender-name",
            "Acme Chat",
            "--allow-email-replies",
            "--sender-email-for-replies",
            "replies@acme.example.com",
            "--json-body",
            "-",
        ])
        .stdin(
            r#"{
  "sendGridApiKey": "SG.acme-test-key",
  "sendGridTemplateID": "d-0a1b2c3d4e5f40718293a4b5c6d7e8f9",
  "sendGridUnsubscribeGroupID": "40001",
  "senderName": "Acme",
  "senderEmail": "noreply@acme.example.com",
  "allowEmailReplies": false
}"#,
        )
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "allowEmailReplies": true,
  "sendGridApiKey": "SG.acme-test-key",
  "sendGridTemplateID": "d-0a1b2c3d4e5f40718293a4b5c6d7e8f9",
  "sendGridUnsubscribeGroupID": "40001",
  "senderEmail": "noreply@acme.example.com",
  "senderEmailForReplies": "replies@acme.example.com",
  "senderName": "Acme Chat"
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_sendgrid_provider() {
    cometchat()
        .args([
            "update-sendgrid-provider",
            "--sender-name",
            "Acme Support",
            "--is-enabled",
            "false",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "isEnabled": false,
  "sendGridApiKey": "SG.9ipFP4b17yT-Fff2GGrH8FF0GqdkBohXAEI4GnTSj9Q=",
  "sendGridTemplateID": "d-8284bb9646a040499d5cfa28d272a094",
  "sendGridUnsubscribeGroupID": "33832",
  "senderEmail": "noreply@em123.example.com",
  "senderName": "Acme Support"
}
"#]]
            .is_json(),
        );
}

#[test]
fn delete_sendgrid_provider() {
    cometchat()
        .args(["delete-sendgrid-provider"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
}

// Push, SMS and email through the app's own webhooks: documents seeded from the
// `get_custom_*_provider` samples.

#[test]
fn get_custom_push_provider() {
    cometchat()
        .args(["get-custom-push-provider"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "pushProviders": [
    {
      "basicAuthPassword": "pass123",
      "basicAuthUsername": "user123",
      "isEnabled": true,
      "useBasicAuth": true,
      "webhookURL": "https://trigger-push.example.com/cometchat"
    }
  ]
}
"#]]
            .is_json(),
        );
}

/// The stand-in merges the body into the document as sent: the fields land beside
/// the sample's `pushProviders` list, not in it.
#[test]
fn save_custom_push_provider() {
    cometchat()
        .args([
            "save-custom-push-provider",
            "--is-enabled",
            "--webhook-url",
            "https://push.acme.example.com/cometchat",
            "--use-basic-auth",
            "--basic-auth-username",
            "cometchat",
            "--basic-auth-password",
            "hook-pass-1",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "basicAuthPassword": "hook-pass-1",
  "basicAuthUsername": "cometchat",
  "isEnabled": true,
  "pushProviders": [
    {
      "basicAuthPassword": "pass123",
      "basicAuthUsername": "user123",
      "isEnabled": true,
      "useBasicAuth": true,
      "webhookURL": "https://trigger-push.example.com/cometchat"
    }
  ],
  "useBasicAuth": true,
  "webhookURL": "https://push.acme.example.com/cometchat"
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_custom_push_provider() {
    cometchat()
        .args([
            "update-custom-push-provider",
            "--use-basic-auth",
            "false",
            "--webhook-url",
            "https://push2.acme.example.com/cometchat",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "pushProviders": [
    {
      "basicAuthPassword": "pass123",
      "basicAuthUsername": "user123",
      "isEnabled": true,
      "useBasicAuth": true,
      "webhookURL": "https://trigger-push.example.com/cometchat"
    }
  ],
  "useBasicAuth": false,
  "webhookURL": "https://push2.acme.example.com/cometchat"
}
"#]]
            .is_json(),
        );
}

#[test]
fn delete_custom_push_provider() {
    cometchat()
        .args(["delete-custom-push-provider"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
}

#[test]
fn get_custom_sms_provider() {
    cometchat()
        .args(["get-custom-sms-provider"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "basicAuthPassword": "user888",
  "basicAuthUsername": "pass123",
  "isEnabled": true,
  "useBasicAuth": true,
  "useStoredPhNo": false,
  "webhookURL": "https://trigger-sms.example.com/cometchat"
}
"#]]
            .is_json(),
        );
}

#[test]
fn save_custom_sms_provider() {
    cometchat()
        .args([
            "save-custom-sms-provider",
            "--use-stored-ph-no",
            "--json-body",
            "-",
        ])
        .stdin(
            r#"{
  "isEnabled": true,
  "webhookURL": "https://sms.acme.example.com/cometchat",
  "useBasicAuth": false,
  "useStoredPhNo": false
}"#,
        )
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "basicAuthPassword": "user888",
  "basicAuthUsername": "pass123",
  "isEnabled": true,
  "useBasicAuth": false,
  "useStoredPhNo": true,
  "webhookURL": "https://sms.acme.example.com/cometchat"
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_custom_sms_provider() {
    cometchat()
        .args([
            "update-custom-sms-provider",
            "--basic-auth-username",
            "sms-hook",
            "--basic-auth-password",
            "sms-pass-2",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "basicAuthPassword": "sms-pass-2",
  "basicAuthUsername": "sms-hook",
  "isEnabled": true,
  "useBasicAuth": true,
  "useStoredPhNo": false,
  "webhookURL": "https://trigger-sms.example.com/cometchat"
}
"#]]
            .is_json(),
        );
}

#[test]
fn delete_custom_sms_provider() {
    cometchat()
        .args(["delete-custom-sms-provider"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
}

#[test]
fn get_custom_email_provider() {
    cometchat()
        .args(["get-custom-email-provider"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "basicAuthPassword": "pass122",
  "basicAuthUsername": "user889",
  "isEnabled": true,
  "useBasicAuth": true,
  "useStoredEmailID": false,
  "webhookURL": "https://trigger-email.example.com/cometchat"
}
"#]]
            .is_json(),
        );
}

#[test]
fn save_custom_email_provider() {
    cometchat()
        .args([
            "save-custom-email-provider",
            "--webhook-url",
            "https://email.acme.example.com/cometchat",
            "--use-basic-auth",
            "false",
            "--use-stored-email-id",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "basicAuthPassword": "pass122",
  "basicAuthUsername": "user889",
  "isEnabled": true,
  "useBasicAuth": false,
  "useStoredEmailID": true,
  "webhookURL": "https://email.acme.example.com/cometchat"
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_custom_email_provider() {
    cometchat()
        .args([
            "update-custom-email-provider",
            "--is-enabled",
            "false",
            "--use-stored-email-id",
            "true",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "basicAuthPassword": "pass122",
  "basicAuthUsername": "user889",
  "isEnabled": false,
  "useBasicAuth": true,
  "useStoredEmailID": true,
  "webhookURL": "https://trigger-email.example.com/cometchat"
}
"#]]
            .is_json(),
        );
}

#[test]
fn delete_custom_email_provider() {
    cometchat()
        .args(["delete-custom-email-provider"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
}

/// The stand-in answers the sample whatever the filters.
#[test]
fn list_notification_logs() {
    cometchat()
        .args([
            "list-notification-logs",
            "--channel",
            "push",
            "--provider",
            "apns",
            "--notification-triggered",
            "false",
            "--reason",
            "MUTE_PREFERENCE",
            "--limit",
            "20",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "_id": "67e3c56babf90e20e2652edb",
    "channel": "push",
    "component": "notifications-core",
    "member": "g-muted-yes",
    "messageId": 3939,
    "messageSentAtMS": 1742980459000,
    "notificationTriggered": false,
    "payload": {
      "alert": {
        "body": "Reacted to your message: 😂",
        "title": "cometchat-uid-1"
      },
      "collapseId": "69",
      "contentAvailable": 1,
      "expiry": 1742984059,
      "mutableContent": 1,
      "payload": {
        "body": "Reacted to your message: 😂",
        "callAction": null,
        "callType": null,
        "conversationId": "group_cometchat-guid-1",
        "receiver": "cometchat-guid-1",
        "receiverName": "cometchat-guid-1",
        "receiverType": "group",
        "sender": "cometchat-uid-1",
        "senderName": "cometchat-uid-1",
        "sentAt": null,
        "sessionId": null,
        "tag": "69",
        "title": "cometchat-uid-1",
        "type": "chat"
      },
      "priority": 10,
      "pushType": "alert",
      "sound": "default",
      "topic": "com.example.com",
      "type": "apns"
    },
    "processingEndedAtMS": 1742980459738,
    "processingStartedAtMS": 1742980459696,
    "provider": "apns",
    "providerId": "apns-provider",
    "pushToken": "pushtoken123",
    "reactionId": 69,
    "reactionReceiver": "g-muted-yes",
    "reactionSender": "cometchat-uid-1",
    "reason": "MUTE_PREFERENCE",
    "receiver": "cometchat-guid-1",
    "receiverType": "group",
    "sender": "cometchat-uid-4",
    "tokenType": "apns_ios_device",
    "totalProcessingTimeInMS": 42,
    "trigger": "message_reaction_added"
  }
]
"#]]
            .is_json(),
        );
}

// Moderation rules: a store seeded from the `list_moderation_rules` sample.

#[test]
fn create_moderation_rule() {
    cometchat()
        .args([
            "create-moderation-rule",
            "--id",
            "no-phone-numbers",
            "--name",
            "No phone numbers",
            "--description",
            "Blocks text messages that carry a phone number",
            "--action",
            "blockMessage",
            "--enabled",
            "--json-body",
            "-",
        ])
        .stdin(
            r#"{
  "conditions": [
    {
      "id": 1,
      "entity": "message",
      "category": "pattern",
      "operand": "text",
      "operator": "contains",
      "isKeywordsReferencePresent": false,
      "isMediaPresent": false,
      "value": [
        "[+]?[0-9]{10,13}"
      ]
    }
  ]
}"#,
        )
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "action": [
    "blockMessage"
  ],
  "conditions": [
    {
      "category": "pattern",
      "entity": "message",
      "id": 1,
      "isKeywordsReferencePresent": false,
      "isMediaPresent": false,
      "operand": "text",
      "operator": "contains",
      "value": [
        "[+]?[0-9]{10,13}"
      ]
    }
  ],
  "createdAt": "{...}",
  "description": "Blocks text messages that carry a phone number",
  "enabled": true,
  "id": "no-phone-numbers",
  "name": "No phone numbers"
}
"#]]
            .is_json(),
        );
}

/// The stand-in pages its stores by number: `--limit` leaves the answer whole, and
/// `--max-items` cuts what is printed.
#[test]
fn list_moderation_rules() {
    cometchat()
        .args(["list-moderation-rules", "--limit", "2", "--max-items", "2"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "action": [
      "blockMessage"
    ],
    "active": true,
    "conditions": [
      {
        "category": "word",
        "entity": "message",
        "id": 1,
        "isKeywordsReferencePresent": false,
        "isMediaPresent": true,
        "message": [
          "Image contains violence with confidence greater than 30"
        ],
        "operand": "image",
        "operator": "contains",
        "value": [
          "violence_greaterThan_30"
        ]
      }
    ],
    "createdAt": 1720003247,
    "description": "AI-powered video moderation to detect unsafe content.",
    "enabled": true,
    "id": "moderation-test",
    "name": "Video Moderation",
    "revisionId": "253179cf5f665257_moderation-test_1",
    "updatedAt": 1720003247
  },
  {
    "action": [
      "blockMessage"
    ],
    "active": true,
    "conditions": [
      {
        "category": "word",
        "entity": "message",
        "id": 1,
        "isKeywordsReferencePresent": false,
        "isMediaPresent": true,
        "message": [
          "Image contains violence with confidence greater than 30"
        ],
        "operand": "image",
        "operator": "contains",
        "value": [
          "violence_greaterThan_30"
        ]
      }
    ],
    "createdAt": 1720000488,
    "description": "AI-powered video moderation to detect unsafe content.",
    "enabled": true,
    "id": "video-moderation1",
    "name": "Video Moderation",
    "revisionId": "253179cf5f665257_video-moderation1_1",
    "updatedAt": 1720000488
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn get_moderation_rule() {
    cometchat()
        .args(["get-moderation-rule", "--rule-id", "email_filter"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "action": [
    "blockMessage"
  ],
  "active": true,
  "conditions": [
    {
      "category": "pattern",
      "entity": "message",
      "id": 1,
      "isKeywordsReferencePresent": false,
      "isMediaPresent": false,
      "operand": "text",
      "operator": "contains",
      "value": [
        "^{a-zA-Z0-9._%+-}+@{a-zA-Z0-9.-}+//.{a-zA-Z}{2,}$"
      ]
    },
    {
      "category": "pattern",
      "entity": "message",
      "id": 2,
      "isKeywordsReferencePresent": false,
      "isMediaPresent": false,
      "operand": "custom",
      "operator": "contains",
      "value": [
        "^{a-zA-Z0-9._%+-}+@{a-zA-Z0-9.-}+//.{a-zA-Z}{2,}$"
      ]
    }
  ],
  "createdAt": 1718099938,
  "default": true,
  "description": "Identify and remove email address from messages",
  "enabled": false,
  "id": "email_filter",
  "name": "Email filter",
  "revisionId": "2531882e5e289115_contact_email_filter_5",
  "updatedAt": 1719836049
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_moderation_rule() {
    cometchat()
        .args([
            "update-moderation-rule",
            "--rule-id",
            "email_filter",
            "--enabled",
            "--action",
            "dropMessage",
            "--description",
            "Drops messages that carry an email address",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "action": [
    "dropMessage"
  ],
  "active": true,
  "conditions": [
    {
      "category": "pattern",
      "entity": "message",
      "id": 1,
      "isKeywordsReferencePresent": false,
      "isMediaPresent": false,
      "operand": "text",
      "operator": "contains",
      "value": [
        "^{a-zA-Z0-9._%+-}+@{a-zA-Z0-9.-}+//.{a-zA-Z}{2,}$"
      ]
    },
    {
      "category": "pattern",
      "entity": "message",
      "id": 2,
      "isKeywordsReferencePresent": false,
      "isMediaPresent": false,
      "operand": "custom",
      "operator": "contains",
      "value": [
        "^{a-zA-Z0-9._%+-}+@{a-zA-Z0-9.-}+//.{a-zA-Z}{2,}$"
      ]
    }
  ],
  "createdAt": 1718099938,
  "default": true,
  "description": "Drops messages that carry an email address",
  "enabled": true,
  "id": "email_filter",
  "name": "Email filter",
  "revisionId": "2531882e5e289115_contact_email_filter_5",
  "updatedAt": "{...}"
}
"#]]
            .is_json(),
        );
}

#[test]
fn delete_moderation_rule() {
    cometchat()
        .args(["delete-moderation-rule", "--rule-id", "moderation-test"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "message": "Rule with id moderation-test has been deleted successfully.",
  "success": true
}
"#]]
            .is_json(),
        );
}

/// The stand-in answers the sample (`moderation-test`'s revisions).
#[test]
fn list_moderation_rule_revisions() {
    cometchat()
        .args([
            "list-moderation-rule-revisions",
            "--rule-id",
            "moderation-test",
            "--limit",
            "10",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "action": [
      "blockMessage"
    ],
    "active": true,
    "conditions": [
      {
        "category": "word",
        "entity": "message",
        "id": 1,
        "isKeywordsReferencePresent": false,
        "isMediaPresent": false,
        "operand": "text",
        "operator": "equals",
        "value": [
          "paris"
        ]
      }
    ],
    "createdAt": 1720011899,
    "description": "AI-powered video moderation to detect unsafe content.",
    "enabled": true,
    "id": "moderation-test",
    "name": "Video Moderation",
    "revisionId": "253179cf5f665257_moderation-test_2",
    "updatedAt": 1720011905
  },
  {
    "action": [
      "blockMessage"
    ],
    "active": false,
    "conditions": [
      {
        "category": "word",
        "entity": "message",
        "id": 1,
        "isKeywordsReferencePresent": false,
        "isMediaPresent": true,
        "message": [
          "Image contains violence with confidence greater than 30"
        ],
        "operand": "image",
        "operator": "contains",
        "value": [
          "violence_greaterThan_30"
        ]
      }
    ],
    "createdAt": 1720011899,
    "description": "AI-powered video moderation to detect unsafe content.",
    "enabled": true,
    "id": "moderation-test",
    "name": "Video Moderation",
    "revisionId": "253179cf5f665257_moderation-test_1",
    "updatedAt": 1720011899
  }
]
"#]]
            .is_json(),
        );
}

// Keyword lists: a store seeded from the `list_keyword_lists` sample.

#[test]
fn create_keyword_list() {
    cometchat()
        .args([
            "create-keyword-list",
            "--id",
            "competitor-names",
            "--name",
            "Competitor names",
            "--category",
            "word",
            "--search-terms",
            "globex,initech",
            "--search-terms",
            "umbrella",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "category": "word",
  "createdAt": "{...}",
  "id": "competitor-names",
  "name": "Competitor names",
  "searchTerms": [
    "globex",
    "initech",
    "umbrella"
  ]
}
"#]]
            .is_json(),
        );
}

#[test]
fn list_keyword_lists() {
    cometchat()
        .args(["list-keyword-lists", "--limit", "10", "--max-items", "1"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "__v": 0,
    "_id": "66857afdb4bf371ddfba853b",
    "active": true,
    "appId": "253179cf5f665257",
    "category": "word",
    "createdAt": 1720023805,
    "description": "Profane word list",
    "id": "profane-word-list-1",
    "isCSV": true,
    "name": "profane word list",
    "revisionId": "253179cf5f665257_profane-word-list-1_1",
    "searchTerms": [
      "\"a\"",
      "\"b\"",
      "\"c\""
    ],
    "updatedAt": 1720023805
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn get_keyword_list() {
    cometchat()
        .args(["get-keyword-list", "--keyword-id", "profane-word-list-1"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "__v": 0,
  "_id": "66857afdb4bf371ddfba853b",
  "active": true,
  "appId": "253179cf5f665257",
  "category": "word",
  "createdAt": 1720023805,
  "description": "Profane word list",
  "id": "profane-word-list-1",
  "isCSV": true,
  "name": "profane word list",
  "revisionId": "253179cf5f665257_profane-word-list-1_1",
  "searchTerms": [
    "\"a\"",
    "\"b\"",
    "\"c\""
  ],
  "updatedAt": 1720023805
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_keyword_list() {
    cometchat()
        .args([
            "update-keyword-list",
            "--keyword-id",
            "profane-word-list-1",
            "--description",
            "Words no message may carry",
            "--json-body",
            "-",
        ])
        .stdin(r#"{"category": "word", "searchTerms": ["darn", "heck"]}"#)
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "__v": 0,
  "_id": "66857afdb4bf371ddfba853b",
  "active": true,
  "appId": "253179cf5f665257",
  "category": "word",
  "createdAt": 1720023805,
  "description": "Words no message may carry",
  "id": "profane-word-list-1",
  "isCSV": true,
  "name": "profane word list",
  "revisionId": "253179cf5f665257_profane-word-list-1_1",
  "searchTerms": [
    "darn",
    "heck"
  ],
  "updatedAt": "{...}"
}
"#]]
            .is_json(),
        );
}

#[test]
fn delete_keyword_list() {
    cometchat()
        .args(["delete-keyword-list", "--keyword-id", "profanity-list"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "message": "Keyword with id profanity-list has been deleted successfully.",
  "success": true
}
"#]]
            .is_json(),
        );
}

// Messages held for review, flags and the rest of moderation: the stand-in keeps no
// state for them and answers each operation's sample.

#[test]
fn list_blocked_messages() {
    cometchat()
        .args(["list-blocked-messages", "--limit", "5"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(str![[r#"
[
  {
    "action": [
      "blockMessage"
    ],
    "condition": {
      "category": "word",
      "entity": "message",
      "id": 1,
      "isKeywordsReferencePresent": false,
      "isMediaPresent": true,
      "message": [
        "Image contains Any unsafe content with confidence greater than 70"
      ],
      "operand": "image",
      "operator": "contains",
      "value": [
        "Any unsafe content_greaterThan_70"
      ],
      "weight": 1
    },
    "createdAt": 1719993038,
    "message": {
      "category": "message",
      "conversationId": "superhero1_user_superhero2",
      "data": {
        "attachments": [
          {
            "extension": "jpeg",
            "mimeType": "image/jpeg",
            "name": "download.jpeg",
            "size": 4761,
            "url": "https://data-eu.cometchat.io/2601293c931567f7/media/1719993037_336554568_9e044ea0ed5817381b189680f392bafe.jpeg"
          }
        ],
        "entities": {
          "receiver": {
            "entity": {
              "avatar": "https://data-eu.cometchat.io/assets/images/avatars/captainamerica.png",
              "conversationId": "superhero1_user_superhero2",
              "name": "Captain America",
              "role": "default",
              "status": "offline",
              "uid": "superhero2"
            },
            "entityType": "user"
          },
          "sender": {
            "entity": {
              "avatar": "https://data-eu.cometchat.io/assets/images/avatars/ironman.png",
              "name": "Iron Man",
              "role": "default",
              "status": "offline",
              "uid": "superhero1"
            },
            "entityType": "user"
          }
        },
        "metadata": {
          "file": []
        },
        "moderation": {
          "status": "pending"
        },
        "resource": "WEB-4_0_3-ffa565b2-476e-493d-aeb5-4c750aae3ab1-1719925738505",
        "url": "https://data-eu.cometchat.io/2601293c931567f7/media/1719993037_336554568_9e044ea0ed5817381b189680f392bafe.jpeg"
      },
      "id": "65",
      "muid": "_5zytzmceo",
      "receiver": "superhero2",
      "receiverType": "user",
      "sender": "superhero1",
      "sentAt": 1719993037,
      "type": "image",
      "updatedAt": 1719993037
    },
    "revisionId": "253156be20433c97_image-moderation_4",
    "ruleId": "image-moderation",
    "ruleName": "AI Image Moderation",
    "updatedAt": 1719993038
  }
]
"#]].is_json());
}

#[test]
fn review_blocked_message() {
    cometchat()
        .args([
            "review-blocked-message",
            "--id",
            "540185",
            "--status",
            "approved",
            "--reviewed",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "message": "Message with ID 540185 has been reviewed successfully.",
  "success": true
}
"#]]
            .is_json(),
        );
}

#[test]
fn moderate_message() {
    cometchat()
        .args([
            "moderate-message",
            "--muid",
            "muid-20011",
            "--type",
            "text",
            "--sender",
            "cometchat-uid-2",
            "--receiver",
            "cometchat-uid-1",
            "--receiver-type",
            "user",
            "--json-body",
            "-",
        ])
        .stdin(r#"{"category": "message", "data": {"text": "Call me on +1 555 0100"}}"#)
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "category": "message",
  "conversationId": "cometchat-uid-1_user_cometchat-uid-2",
  "data": {
    "entities": {
      "receiver": {
        "entity": {
          "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-1.webp",
          "createdAt": 1751644824,
          "lastActiveAt": 1751644824,
          "name": "Andrew Joseph",
          "role": "default",
          "status": "offline",
          "uid": "cometchat-uid-1"
        },
        "entityType": "user"
      },
      "sender": {
        "entity": {
          "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-2.webp",
          "conversationId": "cometchat-uid-1_user_cometchat-uid-2",
          "createdAt": 1751644824,
          "lastActiveAt": 1751644824,
          "name": "George Alan",
          "role": "default",
          "status": "offline",
          "uid": "cometchat-uid-2"
        },
        "entityType": "user"
      }
    },
    "moderation": {
      "status": "pending"
    },
    "text": "Hi new user"
  },
  "id": "1",
  "receiver": "cometchat-uid-1",
  "receiverType": "user",
  "sender": "cometchat-uid-2",
  "sentAt": 1750335220,
  "type": "text",
  "updatedAt": 1751644906
}
"#]]
            .is_json(),
        );
}

#[test]
fn list_moderated_messages() {
    cometchat()
        .args([
            "list-moderated-messages",
            "--sender",
            "cometchat-uid-2",
            "--moderation-status",
            "pending",
            "--limit",
            "10",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "category": "message",
    "conversationId": "cometchat-uid-1_user_cometchat-uid-2",
    "data": {
      "entities": {
        "receiver": {
          "entity": {
            "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-1.webp",
            "createdAt": 1751644824,
            "lastActiveAt": 1751644824,
            "name": "Andrew Joseph",
            "role": "default",
            "status": "offline",
            "uid": "cometchat-uid-1"
          },
          "entityType": "user"
        },
        "sender": {
          "entity": {
            "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-2.webp",
            "conversationId": "cometchat-uid-1_user_cometchat-uid-2",
            "createdAt": 1751644824,
            "lastActiveAt": 1751644824,
            "name": "George Alan",
            "role": "default",
            "status": "offline",
            "uid": "cometchat-uid-2"
          },
          "entityType": "user"
        }
      },
      "moderation": {
        "status": "approved"
      },
      "text": "Hi new user"
    },
    "id": "1",
    "receiver": "cometchat-uid-1",
    "receiverType": "user",
    "sender": "cometchat-uid-2",
    "sentAt": 1750335220,
    "type": "text",
    "updatedAt": 1751644906
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn get_moderated_message() {
    cometchat()
        .args(["get-moderated-message", "--id", "1"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "category": "message",
  "conversationId": "cometchat-uid-1_user_cometchat-uid-2",
  "data": {
    "entities": {
      "receiver": {
        "entity": {
          "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-1.webp",
          "createdAt": 1751644824,
          "lastActiveAt": 1751644824,
          "name": "Andrew Joseph",
          "role": "default",
          "status": "offline",
          "uid": "cometchat-uid-1"
        },
        "entityType": "user"
      },
      "sender": {
        "entity": {
          "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-2.webp",
          "conversationId": "cometchat-uid-1_user_cometchat-uid-2",
          "createdAt": 1751644824,
          "lastActiveAt": 1751644824,
          "name": "George Alan",
          "role": "default",
          "status": "offline",
          "uid": "cometchat-uid-2"
        },
        "entityType": "user"
      }
    },
    "moderation": {
      "status": "approved"
    },
    "text": "Hi new user"
  },
  "id": "1",
  "receiver": "cometchat-uid-1",
  "receiverType": "user",
  "sender": "cometchat-uid-2",
  "sentAt": 1750335220,
  "type": "text",
  "updatedAt": 1751644906
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_moderated_message() {
    cometchat()
        .args(["update-moderated-message", "--id", "1", "--json-body", "-"])
        .stdin(r#"{"data": {"text": "Call me later"}}"#)
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "category": "message",
  "conversationId": "cometchat-uid-1_user_cometchat-uid-2",
  "data": {
    "entities": {
      "receiver": {
        "entity": {
          "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-1.webp",
          "createdAt": 1751644824,
          "lastActiveAt": 1751644824,
          "name": "Andrew Joseph",
          "role": "default",
          "status": "offline",
          "uid": "cometchat-uid-1"
        },
        "entityType": "user"
      },
      "sender": {
        "entity": {
          "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-2.webp",
          "conversationId": "cometchat-uid-1_user_cometchat-uid-2",
          "createdAt": 1751644824,
          "lastActiveAt": 1751644824,
          "name": "George Alan",
          "role": "default",
          "status": "offline",
          "uid": "cometchat-uid-2"
        },
        "entityType": "user"
      }
    },
    "moderation": {
      "status": "approved"
    },
    "text": "heyaya, I'm updated"
  },
  "editedAt": 1751645607,
  "editedBy": "cometchat-uid-1",
  "id": "1",
  "receiver": "cometchat-uid-1",
  "receiverType": "user",
  "sender": "cometchat-uid-2",
  "sentAt": 1750335220,
  "type": "text",
  "updatedAt": 1751644906
}
"#]]
            .is_json(),
        );
}

#[test]
fn delete_moderated_message() {
    cometchat()
        .args(["delete-moderated-message", "--id", "20011"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "message": "Message with id 20011 has been deleted successfully.",
  "success": true
}
"#]]
            .is_json(),
        );
}

// Flag reasons: a store seeded from the `list_moderation_reasons` sample.

#[test]
fn create_moderation_reason() {
    cometchat()
        .args([
            "create-moderation-reason",
            "--id",
            "scam",
            "--name",
            "Scam / Fraud",
            "--description",
            "Attempts to trick users out of money or data",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "createdAt": "{...}",
  "description": "Attempts to trick users out of money or data",
  "id": "scam",
  "name": "Scam / Fraud"
}
"#]]
            .is_json(),
        );
}

#[test]
fn list_moderation_reasons() {
    cometchat()
        .args(["list-moderation-reasons", "--limit", "10"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "createdAt": "1760449410",
    "description": "Content delivered without moderation or filtering.",
    "id": "unfiltered-content",
    "name": "RawContent",
    "updatedAt": "1760449410"
  },
  {
    "createdAt": "1760443648",
    "default": true,
    "description": "Repeated, promotional, or irrelevant content",
    "id": "spam",
    "name": "Spam / Unwanted Content",
    "updatedAt": "1760443648"
  },
  {
    "createdAt": "1758000762",
    "description": "Explicit or inappropriate content",
    "id": "sexual",
    "name": "Sexual Content",
    "updatedAt": "1758000762"
  },
  {
    "createdAt": "1758000761",
    "description": "Insulting or threatening behavior",
    "id": "harassment",
    "name": "Harassment / Bullying",
    "updatedAt": "1758000761"
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn get_moderation_reason() {
    cometchat()
        .args(["get-moderation-reason", "--id", "harassment"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "createdAt": "1758000761",
  "description": "Insulting or threatening behavior",
  "id": "harassment",
  "name": "Harassment / Bullying",
  "updatedAt": "1758000761"
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_moderation_reason() {
    cometchat()
        .args([
            "update-moderation-reason",
            "--id",
            "harassment",
            "--name",
            "Harassment",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "createdAt": "1758000761",
  "description": "Insulting or threatening behavior",
  "id": "harassment",
  "name": "Harassment",
  "updatedAt": "{...}"
}
"#]]
            .is_json(),
        );
}

#[test]
fn delete_moderation_reason() {
    cometchat()
        .args(["delete-moderation-reason", "--id", "spam"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "message": "The reason with id spam has been deleted successfully.",
  "success": true
}
"#]]
            .is_json(),
        );
}

/// The stand-in keeps messages, and has none until one is sent: a scripted server
/// answers the sample, as for the other operations on one message.
#[test]
fn flag_message() {
    let server = Server::start(vec![(200, sample("flag_message"))]);
    cometchat_at(&server)
        .args([
            "flag-message",
            "--message-id",
            "540092",
            "--on-behalf-of",
            "cometchat-uid-3",
            "--id",
            "spam",
        ])
        .assert()
        .success()
        .stderr_eq(str![])
        .stdout_eq(
            str![[r#"
{
  "message": "Message 540092 has been flagged successfully.",
  "success": true
}
"#]]
            .is_json(),
        );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].request_line,
        "POST /v3/messages/540092/flagged HTTP/1.1"
    );
    assert_eq!(seen[0].header("onbehalfof"), Some("cometchat-uid-3"));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&seen[0].body).unwrap(),
        serde_json::json!({"id": "spam"})
    );
}

#[test]
fn list_flagged_messages() {
    cometchat()
        .args(["list-flagged-messages", "--limit", "5"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "appId": "253626bf6512389d",
    "category": "message",
    "conversationId": "cometchat-uid-1_user_cometchat-uid-3",
    "data": {
      "entities": {
        "receiver": {
          "entity": {
            "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-3.webp",
            "conversationId": "cometchat-uid-1_user_cometchat-uid-3",
            "createdAt": 1730815502,
            "lastActiveAt": 1754574851,
            "name": "Nancy",
            "role": "default",
            "status": "offline",
            "uid": "cometchat-uid-3",
            "updatedAt": 1760607558
          },
          "entityType": "user"
        },
        "sender": {
          "entity": {
            "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-1.webp",
            "createdAt": 1730815502,
            "lastActiveAt": 1761295157,
            "name": "Andrew Joseph",
            "role": "default",
            "status": "online",
            "uid": "cometchat-uid-1",
            "updatedAt": 1738833132
          },
          "entityType": "user"
        }
      },
      "metadata": {
        "@injected": {
          "extensions": {
            "link-preview": {
              "links": []
            }
          }
        }
      },
      "text": "heya man"
    },
    "flaggedBy": [
      {
        "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-3.webp",
        "description": "Repeated, promotional, or irrelevant content",
        "flaggedAt": 1761295210,
        "name": "Nancy",
        "reasonId": "spam",
        "reasonName": "Spam / Unwanted Content",
        "remark": "He is continously spamming me",
        "role": "default",
        "uid": "cometchat-uid-3"
      }
    ],
    "flaggedCount": 1,
    "id": "540190",
    "receiver": "cometchat-uid-3",
    "receiverType": "user",
    "sender": "cometchat-uid-1",
    "sentAt": 1761295196,
    "type": "text",
    "updatedAt": 1761295196
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn list_reviewed_messages() {
    cometchat()
        .args(["list-reviewed-messages", "--limit", "5"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "action": [
      "blockMessage"
    ],
    "appId": "253626bf6512389d",
    "blockedAt": "1757955951.000000000390079",
    "condition": {
      "category": "toxicity",
      "entity": "message",
      "id": 1,
      "isKeywordsReferencePresent": false,
      "isMediaPresent": false,
      "message": "Text message contains Toxicity greater than 70%",
      "operand": "text",
      "operator": "contains",
      "value": [
        "toxicity_greaterThan_70"
      ],
      "weight": 1
    },
    "createdAt": 1757955951,
    "message": {
      "category": "message",
      "conversationId": "cometchat-uid-1_user_cometchat-uid-3",
      "data": {
        "entities": {
          "receiver": {
            "entity": {
              "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-3.webp",
              "conversationId": "cometchat-uid-1_user_cometchat-uid-3",
              "lastActiveAt": 1754574851,
              "name": "Nancy Grace",
              "role": "default",
              "status": "offline",
              "uid": "cometchat-uid-3"
            },
            "entityType": "user"
          },
          "sender": {
            "entity": {
              "avatar": "https://assets.cometchat.io/sampleapp/v2/users/cometchat-uid-1.webp",
              "lastActiveAt": 1757955944,
              "name": "Andrew Joseph",
              "role": "default",
              "status": "online",
              "uid": "cometchat-uid-1"
            },
            "entityType": "user"
          }
        },
        "moderation": {
          "rule": {
            "id": "toxicity",
            "name": "Toxicity Detection (English)"
          },
          "status": "disapproved"
        },
        "resource": "WEB-4_1_1-7896d270-ea72-4510-b993-282ab6a6afdb-1757953564776",
        "text": "nigger"
      },
      "id": "390079",
      "muid": "_b0zr29wvr",
      "receiver": "cometchat-uid-3",
      "receiverType": "user",
      "sender": "cometchat-uid-1",
      "sentAt": 1757955946,
      "type": "text",
      "updatedAt": 1757955946
    },
    "revisionId": "default_toxicity_1",
    "ruleId": "toxicity",
    "ruleName": "Toxicity Detection (English)",
    "updatedAt": 1757955951
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn review_flagged_message() {
    cometchat()
        .args([
            "review-flagged-message",
            "--id",
            "2",
            "--status",
            "approved",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "message": "Message with id 2 has been unflagged successfully.",
  "success": true
}
"#]]
            .is_json(),
        );
}

// Restricted features and permissions (RBAC): the stand-in answers the samples.

#[test]
fn restrict_role_features() {
    cometchat()
        .args([
            "restrict-role-features",
            "--role",
            "default",
            "--features-to-restrict",
            "u.listUsers",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "u.listUsers": {
    "message": "The feature u.listUsers has been restricted successfully.",
    "success": true
  }
}
"#]]
            .is_json(),
        );
}

#[test]
fn list_role_restricted_features() {
    cometchat()
        .args([
            "list-role-restricted-features",
            "--role",
            "default",
            "--per-page",
            "10",
            "--page",
            "1",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "createdAt": 1639448370,
    "description": "Allows logged-in user to delete a group.",
    "key": "u.deleteGroup",
    "path": "/v3/groups/{{guid}}",
    "title": "Delete Group"
  },
  {
    "createdAt": 1639448370,
    "description": "Allows logged-in user to fetch the user list.",
    "key": "u.listUsers",
    "path": "/v3/users",
    "title": "List Users"
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn allow_role_features() {
    cometchat()
        .args([
            "allow-role-features",
            "--role",
            "default",
            "--features-to-allow",
            "u.listUsers,u.deleteGroup",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "message": "The feature has been allowed successfully.",
  "success": true
}
"#]]
            .is_json(),
        );
}

#[test]
fn list_role_permissions() {
    cometchat()
        .args([
            "list-role-permissions",
            "--role",
            "default",
            "--per-page",
            "10",
            "--max-items",
            "2",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "availableValues": [
      "allow",
      "deny"
    ],
    "createdAt": 1765962204,
    "dataType": "string",
    "defaultValue": "allow",
    "description": "Allows/Denies creating groups",
    "id": "createGroup",
    "title": "Allows/Denies creating groups",
    "type": "role",
    "updatedAt": 1765962204
  },
  {
    "availableValues": [
      "allow",
      "deny"
    ],
    "createdAt": 1765962204,
    "dataType": "string",
    "defaultValue": "allow",
    "description": "Allows/Denies sending messages",
    "id": "sendMessage",
    "title": "Allows/Denies sending messages",
    "type": "role",
    "updatedAt": 1765962204
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn set_role_permissions() {
    cometchat()
        .args([
            "set-role-permissions",
            "--role",
            "default",
            "--json-body",
            "-",
        ])
        .stdin(
            r#"{
  "permissions": {
    "createGroup": "allow",
    "listUsers.mode": "friends",
    "createGroup.allowedGroupTypes": [
      "public"
    ]
  }
}"#,
        )
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "permissions": {
    "createGroup": "allow",
    "createGroup.allowedGroupTypes": [
      "private"
    ],
    "deleteMessage": "deny",
    "editMessage": "deny",
    "getUserDetails.allowedRoles": [
      "default"
    ],
    "getUserDetails.mode": "friends",
    "initiateCall": "allow",
    "initiateCall.allowedReceiverRoles": [
      "new_role"
    ],
    "initiateCall.mode": "all",
    "joinGroup": "allow",
    "joinGroup.allowedGroupTypes": [
      "public"
    ],
    "listGroups": "allow",
    "listGroups.allowedGroupTypes": [
      "password"
    ],
    "listMessages.allowedMessageCategories": [
      "message"
    ],
    "listMessages.allowedMessageTypes": [
      "audio"
    ],
    "listUsers": "allow",
    "listUsers.allowedRoles": [
      "new_role"
    ],
    "listUsers.mode": "all",
    "sendMessage": "allow",
    "sendMessage.allowedMessageCategories": [
      "message",
      "custom"
    ],
    "sendMessage.allowedMessageTypes": [
      "file",
      "audio",
      "video",
      "image",
      "text"
    ],
    "sendMessage.allowedMimeTypes": [
      "image/png"
    ],
    "sendMessage.allowedReceiverRoles": [
      "new_role",
      "default"
    ],
    "sendMessage.allowedReceiverTypes": [
      "group"
    ],
    "sendMessage.mode": "all"
  },
  "sendMessage": {
    "message": "Permission with id sendMessage have been mapped successfully to role default.",
    "success": true
  }
}
"#]]
            .is_json(),
        );
}

#[test]
fn list_scope_permissions() {
    cometchat()
        .args([
            "list-scope-permissions",
            "--guid",
            "cometchat-guid-1",
            "--scope",
            "participant",
            "--per-page",
            "10",
            "--max-items",
            "2",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
[
  {
    "availableValues": [
      "allow",
      "deny"
    ],
    "createdAt": 1765962204,
    "dataType": "string",
    "defaultValue": "allow",
    "description": "Allows member to list the members with specified scope",
    "id": "addReaction",
    "title": "Allows member to list the members with specified scope",
    "type": "scope",
    "updatedAt": 1765962204
  },
  {
    "availableValues": [
      "allow",
      "deny"
    ],
    "createdAt": 1765962204,
    "dataType": "string",
    "defaultValue": "allow",
    "description": "Allows/Denies sending messages",
    "id": "sendMessage",
    "title": "Allows/Denies sending messages",
    "type": "scope",
    "updatedAt": 1765962204
  }
]
"#]]
            .is_json(),
        );
}

#[test]
fn set_scope_permissions() {
    cometchat()
        .args([
            "set-scope-permissions",
            "--guid",
            "cometchat-guid-1",
            "--scope",
            "participant",
            "--json-body",
            "-",
        ])
        .stdin(r#"{"permissions": {"sendMessage": "allow", "addReaction": "deny"}}"#)
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(str![[r#"
{
  "permissions": {
    "addReaction": "deny",
    "editMessage": "allow",
    "initiateCall": "deny",
    "initiateCall.allowedScopes": "participant",
    "initiateCall.allowedType": "audio",
    "listMembers": "allow",
    "listMembers.allowedScopes": "participant",
    "listReactions": "deny",
    "listReactions.allowedScopes": "moderator",
    "sendMessage": "allow",
    "sendThreadedMessage": "allow"
  },
  "sendMessage": {
    "message": "Permission with id sendMessage have been mapped successfully to scope admin on group cometchat-guid-1.",
    "success": true
  }
}
"#]].is_json());
}

#[test]
fn unset_role_permission() {
    cometchat()
        .args([
            "unset-role-permission",
            "--role",
            "default",
            "--permission",
            "listUsers.mode",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "permissions": {
    "createGroup": "allow",
    "createGroup.allowedGroupTypes": [
      "private"
    ],
    "deleteMessage": "deny",
    "deleteMessage.denyForScopes": [],
    "editMessage": "deny",
    "editMessage.denyForScopes": [],
    "getUserDetails.allowedRoles": [
      "default"
    ],
    "getUserDetails.mode": "friends",
    "initiateCall": "allow",
    "initiateCall.allowedReceiverRoles": [
      "new_role"
    ],
    "initiateCall.mode": "all",
    "joinGroup": "allow",
    "joinGroup.allowedGroupTypes": [
      "public"
    ],
    "listGroups": "allow",
    "listGroups.allowedGroupTypes": [
      "password"
    ],
    "listMessages.allowedMessageCategories": [
      "message"
    ],
    "listMessages.allowedMessageTypes": [
      "audio"
    ],
    "listUsers": "allow",
    "listUsers.allowedRoles": [
      "new_role"
    ],
    "listUsers.mode": "all",
    "sendMessage": "allow",
    "sendMessage.allowedCustomTypes": [],
    "sendMessage.allowedMessageCategories": [
      "message",
      "custom"
    ],
    "sendMessage.allowedMessageTypes": [
      "file",
      "audio",
      "video",
      "image",
      "text"
    ],
    "sendMessage.allowedMimeTypes": [
      "image/png"
    ],
    "sendMessage.allowedReceiverRoles": [
      "new_role",
      "default"
    ],
    "sendMessage.allowedReceiverTypes": [
      "group"
    ],
    "sendMessage.mode": "all"
  }
}
"#]]
            .is_json(),
        );
}

#[test]
fn unset_scope_permission() {
    cometchat()
        .args([
            "unset-scope-permission",
            "--guid",
            "cometchat-guid-1",
            "--scope",
            "participant",
            "--permission",
            "addReaction",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "permissions": {
    "addReaction": "deny",
    "editMessage": "allow",
    "initiateCall": "deny",
    "initiateCall.allowedScopes": "participant",
    "initiateCall.allowedType": "audio",
    "listMembers": "allow",
    "listMembers.allowedScopes": "participant",
    "listReactions": "deny",
    "listReactions.allowedScopes": "moderator",
    "sendMessage": "allow",
    "sendThreadedMessage": "allow"
  }
}
"#]]
            .is_json(),
        );
}

// Metrics: the stand-in answers the samples.

#[test]
fn get_usage_metrics() {
    cometchat()
        .args([
            "get-usage-metrics",
            "--from-date",
            "1630164253000",
            "--to-date",
            "1632842653000",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "metrics": {
    "active_users": 0,
    "audio_minutes": 0,
    "concurrent_users": 0,
    "recorded_minutes": 0,
    "video_minutes": 0
  },
  "time_range": {
    "fromDate": 1630164253000,
    "toDate": 1632842653000
  }
}
"#]]
            .is_json(),
        );
}

#[test]
fn get_message_receipt_metrics() {
    cometchat()
        .args(["get-message-receipt-metrics", "--timeout", "10"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "appId": "235391c94852dc7d",
  "dataPoints": [
    {
      "deliveryReceipts": 0,
      "endTime": "1682676900000",
      "messagesSent": 0,
      "readReceipts": 0,
      "startTime": "1682676600000"
    },
    {
      "deliveryReceipts": 0,
      "endTime": "1682677200000",
      "messagesSent": 0,
      "readReceipts": 0,
      "startTime": "1682676900000"
    }
  ],
  "endTime": "1682680200000",
  "startTime": "1682676600000"
}
"#]]
            .is_json(),
        );
}

// The app's push settings: a document seeded from the `get_push_settings` sample.

#[test]
fn get_push_settings() {
    cometchat()
        .args(["get-push-settings"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(str![[r#"
{
  "preferences": {
    "bypassPreferencesForGroupMentions": false,
    "bypassPreferencesForMentions": false,
    "call": {
      "busyOverride": false,
      "busySetting": 1,
      "cancelledOverride": false,
      "cancelledSetting": 1,
      "endedOverride": false,
      "endedSetting": 1,
      "initiatedOverride": false,
      "initiatedSetting": 1,
      "ongoingOverride": false,
      "ongoingSetting": 1,
      "rejectedOverride": false,
      "rejectedSetting": 1,
      "unansweredOverride": false,
      "unansweredSetting": 1
    },
    "email": {
      "includeMessageMetadataSetting": true,
      "includeMessageObjectSetting": false,
      "includeReceiverMetadataSetting": true,
      "includeSenderMetadataSetting": true,
      "intervalInSeconds": 7200,
      "maxPerDay": 20,
      "maxPerDayPerConversation": 2,
      "notifyForUnreadOnly": true
    },
    "group": {
      "memberAddedOverride": true,
      "memberAddedSetting": 1,
      "memberBannedOverride": true,
      "memberBannedSetting": 1,
      "memberJoinedOverride": true,
      "memberJoinedSetting": 1,
      "memberKickedOverride": true,
      "memberKickedSetting": 1,
      "memberLeftOverride": true,
      "memberLeftSetting": 1,
      "memberScopeChangedOverride": true,
      "memberScopeChangedSetting": 1,
      "memberUnbannedOverride": true,
      "memberUnbannedSetting": 1,
      "messageDeletedSetting": 2,
      "messageEditedSetting": 2,
      "messagesOverride": true,
      "messagesSetting": 2,
      "reactionsOverride": true,
      "reactionsSetting": 2,
      "repliesOverride": true,
      "repliesSetting": 2
    },
    "mute": {
      "dndPreferenceOverride": true,
      "dndPreferenceSetting": 1,
      "mutedGroupsOverride": true,
      "mutedOneOnOnesOverride": true,
      "schedulePreferenceOverride": true,
      "schedulePreferenceSetting": {
        "friday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        },
        "monday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        },
        "saturday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        },
        "sunday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        },
        "thursday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        },
        "tuesday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        },
        "wednesday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        }
      }
    },
    "oneOnOne": {
      "messageDeletedSetting": 2,
      "messageEditedSetting": 2,
      "messagesOverride": true,
      "messagesSetting": 2,
      "reactionsOverride": true,
      "reactionsSetting": 2,
      "repliesOverride": true,
      "repliesSetting": 2
    },
    "push": {
      "customJson": {
        "hello": "world"
      },
      "includeMessageMetadataSetting": true,
      "includeMessageObjectSetting": false,
      "includeReceiverMetadataSetting": true,
      "includeSenderMetadataSetting": true,
      "trimTextFieldSetting": false
    },
    "sms": {
      "includeMessageMetadataSetting": true,
      "includeMessageObjectSetting": false,
      "includeReceiverMetadataSetting": true,
      "includeSenderMetadataSetting": true,
      "intervalInSeconds": 7200,
      "maxPerDay": 20,
      "maxPerDayPerConversation": 2,
      "notifyForUnreadOnly": true
    }
  },
  "sound": {
    "call": "default",
    "chat": "default"
  },
  "templates": {
    "customMessageTemplateDefault": {
      "body": "{{message.data.text}}",
      "body_fallback": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "customMessageTemplatePrivacy": {
      "body": "New message",
      "body_fallback": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "emailSubjectTemplateDefault": {
      "subjectGroup": "New messages in {{groupDetails.name}}",
      "subjectOneOnOne": "New messages from {{senderDetails.name}}"
    },
    "emailSubjectTemplatePrivacy": {
      "subjectGroup": "New messages in {{groupDetails.name}}",
      "subjectOneOnOne": "New messages from {{senderDetails.name}}"
    },
    "interactiveCardTemplateDefault": {
      "body": "{{message.data.interactiveData.text}}",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveCardTemplatePrivacy": {
      "body": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveCustomTemplateDefault": {
      "body": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveCustomTemplatePrivacy": {
      "body": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveFormTemplateDefault": {
      "body": "{{message.data.interactiveData.title}}",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveFormTemplatePrivacy": {
      "body": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveSchedulerTemplateDefault": {
      "body": "New invite",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveSchedulerTemplatePrivacy": {
      "body": "New invite",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "mediaMessageTemplateDefault": {
      "body_audio": "🔈 Has sent an audio",
      "body_file": "📄 Has sent a file",
      "body_image": "📷 Has sent an image",
      "body_video": "🎥 Has sent a video",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "mediaMessageTemplatePrivacy": {
      "body_audio": "New audio message",
      "body_file": "New file message",
      "body_image": "New image message",
      "body_video": "New video message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "smsContentTemplateDefault": {
      "bodyGroup": "You've received {{messages.length}} message(s) in {{groupDetails.name}}! Read them at https://your-website.com.",
      "bodyOneOnOne": "You've received {{messages.length}} message(s) from {{senderDetails.name}}! Read them at https://your-website.com."
    },
    "smsContentTemplatePrivacy": {
      "bodyGroup": "You've received {{messages.length}} message(s) in {{groupDetails.name}}! Read them at https://your-website.com.",
      "bodyOneOnOne": "You've received {{messages.length}} message(s) from {{senderDetails.name}}! Read them at https://your-website.com."
    },
    "textMessageTemplateDefault": {
      "body": "{{message.data.text}}",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "textMessageTemplatePrivacy": {
      "body": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "usePrivacyTemplate": 3
  }
}
"#]].is_json());
}

#[test]
fn update_push_settings() {
    cometchat()
        .args(["update-push-settings", "--json-body", "-"])
        .stdin(
            r#"{
  "preferences": {
    "bypassPreferencesForMentions": true,
    "group": {
      "reactionsSetting": 2,
      "reactionsOverride": true
    }
  }
}"#,
        )
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
}

#[test]
fn reset_push_settings() {
    cometchat()
        .args(["reset-push-settings"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
}

// FCM and APNs providers: the stand-in answers the samples.

#[test]
fn list_fcm_providers() {
    cometchat()
        .args(["list-fcm-providers"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "pushProviders": []
}
"#]]
            .is_json(),
        );
}

#[test]
fn add_fcm_provider() {
    cometchat()
        .args([
            "add-fcm-provider",
            "--provider-id",
            "fcm-provider-2",
            "--service-account-filename",
            "acme-firebase-adminsdk.json",
            "--json-body",
            "-",
        ])
        .stdin(
            r#"{
  "serviceAccountCreds": {
    "type": "service_account",
    "project_id": "acme-chat",
    "private_key_id": "k1",
    "private_key": "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
    "client_email": "firebase-adminsdk@acme-chat.iam.gserviceaccount.com"
  },
  "notificationInPayload": {
    "ios": {
      "chat": true,
      "call": false
    }
  }
}"#,
        )
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_fcm_provider() {
    cometchat()
        .args([
            "update-fcm-provider",
            "--provider-id",
            "fcm-provider-2",
            "--json-body",
            "-",
        ])
        .stdin(r#"{"notificationInPayload": {"android": {"chat": false, "call": false}}}"#)
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
}

#[test]
fn delete_fcm_provider() {
    cometchat()
        .args(["delete-fcm-provider", "--provider-id", "fcm-provider-2"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
}

#[test]
fn set_default_fcm_provider() {
    cometchat()
        .args([
            "set-default-fcm-provider",
            "--provider-id",
            "fcm-provider-2",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
}

#[test]
fn list_apns_providers() {
    cometchat()
        .args(["list-apns-providers"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "pushProviders": []
}
"#]]
            .is_json(),
        );
}

#[test]
fn add_apns_provider() {
    cometchat()
        .args([
            "add-apns-provider",
            "--provider-id",
            "apns-provider-2",
            "--key-id",
            "ABC123DEFG",
            "--team-id",
            "DEF123GHIJ",
            "--bundle-id",
            "com.example.acme",
            "--p8-key-filename",
            "AuthKey_ABC123DEFG.p8",
            // A PEM key starts with dashes: the value goes after `=`.
            "--p8-key=-----BEGIN PRIVATE KEY-----\nMIGT\n-----END PRIVATE KEY-----",
            "--include-mutable-content",
            "--production-mode",
            "false",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "pushProviders": []
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_apns_provider() {
    cometchat()
        .args([
            "update-apns-provider",
            "--provider-id",
            "apns-provider-2",
            "--production-mode",
            "--include-content-available",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
}

#[test]
fn delete_apns_provider() {
    cometchat()
        .args(["delete-apns-provider", "--provider-id", "apns-provider-2"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
}

#[test]
fn set_default_apns_provider() {
    cometchat()
        .args([
            "set-default-apns-provider",
            "--provider-id",
            "apns-provider-2",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
}

// A user's preferences, time zone and contact details: documents kept per user,
// seeded from the read operations' samples.

#[test]
fn get_notification_preferences() {
    cometchat()
        .args(["get-notification-preferences", "--uid", "cometchat-uid-1"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(str![[r#"
{
  "preferences": {
    "group": {
      "memberAddedOverride": true,
      "memberAddedSetting": 1,
      "memberBannedOverride": true,
      "memberBannedSetting": 1,
      "memberJoinedOverride": true,
      "memberJoinedSetting": 1,
      "memberKickedOverride": true,
      "memberKickedSetting": 1,
      "memberLeftOverride": true,
      "memberLeftSetting": 1,
      "memberScopeChangedOverride": true,
      "memberScopeChangedSetting": 1,
      "memberUnbannedOverride": true,
      "memberUnbannedSetting": 1,
      "messagesOverride": true,
      "messagesSetting": 2,
      "reactionsOverride": true,
      "reactionsSetting": 2,
      "repliesOverride": true,
      "repliesSetting": 2
    },
    "mute": {
      "dndPreferenceOverride": true,
      "dndPreferenceSetting": 1,
      "mutedGroupsOverride": true,
      "mutedOneOnOnesOverride": true,
      "schedulePreferenceOverride": true,
      "schedulePreferenceSetting": {
        "friday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        },
        "monday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        },
        "saturday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        },
        "sunday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        },
        "thursday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        },
        "tuesday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        },
        "wednesday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        }
      }
    },
    "oneOnOne": {
      "messagesOverride": true,
      "messagesSetting": 2,
      "reactionsOverride": true,
      "reactionsSetting": 2,
      "repliesOverride": true,
      "repliesSetting": 2
    }
  },
  "sound": {
    "call": "default",
    "chat": "default"
  },
  "templates": {
    "customMessageTemplateDefault": {
      "body": "{{message.data.text}}",
      "body_fallback": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "customMessageTemplatePrivacy": {
      "body": "{{message.data.text}}",
      "body_fallback": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveCardTemplateDefault": {
      "body": "{{data.interactiveData.text}}",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveCardTemplatePrivacy": {
      "body": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveCustomTemplateDefault": {
      "body": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveCustomTemplatePrivacy": {
      "body": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveFormTemplateDefault": {
      "body": "{{data.interactiveData.title}}",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveFormTemplatePrivacy": {
      "body": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveSchedulerTemplateDefault": {
      "body": "New invite",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveSchedulerTemplatePrivacy": {
      "body": "New invite",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "mediaMessageTemplateDefault": {
      "body_audio": "Has sent an {{message.type}}",
      "body_file": "Has sent a {{message.type}}",
      "body_image": "Has sent an {{message.type}}",
      "body_video": "Has sent a {{message.type}}",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "mediaMessageTemplatePrivacy": {
      "body_audio": "New message",
      "body_file": "New message",
      "body_image": "New message",
      "body_video": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "textMessageTemplateDefault": {
      "body": "{{message.data.text}}",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "textMessageTemplatePrivacy": {
      "body": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "usePrivacyTemplate": 3
  }
}
"#]].is_json());
}

/// The stand-in merges the body into the document as sent: the choices
/// (`groupPreferences`, ...) land beside the sample's `preferences`.
#[test]
fn update_notification_preferences() {
    cometchat()
        .args([
            "update-notification-preferences",
            "--uid",
            "cometchat-uid-1",
            "--use-privacy-template",
            "--json-body",
            "-",
        ])
        .stdin(r#"{"groupPreferences": {"groupReactions": 1}, "mutePreferences": {"dnd": 2}}"#)
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(str![[r#"
{
  "groupPreferences": {
    "groupReactions": 1
  },
  "mutePreferences": {
    "dnd": 2
  },
  "preferences": {
    "group": {
      "memberAddedOverride": true,
      "memberAddedSetting": 1,
      "memberBannedOverride": true,
      "memberBannedSetting": 1,
      "memberJoinedOverride": true,
      "memberJoinedSetting": 1,
      "memberKickedOverride": true,
      "memberKickedSetting": 1,
      "memberLeftOverride": true,
      "memberLeftSetting": 1,
      "memberScopeChangedOverride": true,
      "memberScopeChangedSetting": 1,
      "memberUnbannedOverride": true,
      "memberUnbannedSetting": 1,
      "messagesOverride": true,
      "messagesSetting": 2,
      "reactionsOverride": true,
      "reactionsSetting": 2,
      "repliesOverride": true,
      "repliesSetting": 2
    },
    "mute": {
      "dndPreferenceOverride": true,
      "dndPreferenceSetting": 1,
      "mutedGroupsOverride": true,
      "mutedOneOnOnesOverride": true,
      "schedulePreferenceOverride": true,
      "schedulePreferenceSetting": {
        "friday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        },
        "monday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        },
        "saturday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        },
        "sunday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        },
        "thursday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        },
        "tuesday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        },
        "wednesday": {
          "dnd": false,
          "from": 0,
          "to": 2359
        }
      }
    },
    "oneOnOne": {
      "messagesOverride": true,
      "messagesSetting": 2,
      "reactionsOverride": true,
      "reactionsSetting": 2,
      "repliesOverride": true,
      "repliesSetting": 2
    }
  },
  "sound": {
    "call": "default",
    "chat": "default"
  },
  "templates": {
    "customMessageTemplateDefault": {
      "body": "{{message.data.text}}",
      "body_fallback": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "customMessageTemplatePrivacy": {
      "body": "{{message.data.text}}",
      "body_fallback": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveCardTemplateDefault": {
      "body": "{{data.interactiveData.text}}",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveCardTemplatePrivacy": {
      "body": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveCustomTemplateDefault": {
      "body": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveCustomTemplatePrivacy": {
      "body": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveFormTemplateDefault": {
      "body": "{{data.interactiveData.title}}",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveFormTemplatePrivacy": {
      "body": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveSchedulerTemplateDefault": {
      "body": "New invite",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "interactiveSchedulerTemplatePrivacy": {
      "body": "New invite",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "mediaMessageTemplateDefault": {
      "body_audio": "Has sent an {{message.type}}",
      "body_file": "Has sent a {{message.type}}",
      "body_image": "Has sent an {{message.type}}",
      "body_video": "Has sent a {{message.type}}",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "mediaMessageTemplatePrivacy": {
      "body_audio": "New message",
      "body_file": "New message",
      "body_image": "New message",
      "body_video": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "textMessageTemplateDefault": {
      "body": "{{message.data.text}}",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "textMessageTemplatePrivacy": {
      "body": "New message",
      "titleGroup": "{{message.data.entities.sender.entity.name}} @ {{message.data.entities.receiver.entity.name}}",
      "titleOneOnOne": "{{message.data.entities.sender.entity.name}}"
    },
    "usePrivacyTemplate": 3
  },
  "usePrivacyTemplate": true
}
"#]].is_json());
}

#[test]
fn reset_notification_preferences() {
    cometchat()
        .args(["reset-notification-preferences", "--uid", "cometchat-uid-1"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "groupPreferences": {
    "groupMemberAdded": 1,
    "groupMemberBanned": 1,
    "groupMemberJoined": 1,
    "groupMemberKicked": 1,
    "groupMemberLeft": 1,
    "groupMemberScopeChanged": 1,
    "groupMemberUnbanned": 1,
    "groupMessages": 2,
    "groupReactions": 2,
    "groupReplies": 2
  },
  "mutePreferences": {
    "dnd": 1,
    "schedule": {
      "friday": {
        "dnd": false,
        "from": 0,
        "to": 2359
      },
      "monday": {
        "dnd": false,
        "from": 0,
        "to": 2359
      },
      "saturday": {
        "dnd": false,
        "from": 0,
        "to": 2359
      },
      "sunday": {
        "dnd": false,
        "from": 0,
        "to": 2359
      },
      "thursday": {
        "dnd": false,
        "from": 0,
        "to": 2359
      },
      "tuesday": {
        "dnd": false,
        "from": 0,
        "to": 2359
      },
      "wednesday": {
        "dnd": false,
        "from": 0,
        "to": 2359
      }
    }
  },
  "oneOnOnePreferences": {
    "oneOnOneMessages": 2,
    "oneOnOneReactions": 2,
    "oneOnOneReplies": 2
  },
  "usePrivacyTemplate": true
}
"#]]
            .is_json(),
        );
}

// Push tokens: the stand-in answers the samples.

#[test]
fn register_push_token() {
    cometchat()
        .args([
            "register-push-token",
            "--platform",
            "fcm_android",
            "--provider-id",
            "fcm-provider-2",
            "--fcm-token",
            "fcm-registration-token-1",
            "--auth-token",
            "superhero3_1710141033938cf7e3c67cc44465440d4efac8de",
            "--timezone",
            "Asia/Kolkata",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
}

#[test]
fn list_push_tokens() {
    cometchat()
        .args([
            "list-push-tokens",
            "--auth-token",
            "superhero3_1710141033938cf7e3c67cc44465440d4efac8de",
            "--all",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "pushTokens": [
    {
      "authToken": "superhero3_1710141033938cf7e3c67cc44465440d4efac8de",
      "createdAt": "2024-03-11T07:27:59.412Z",
      "platform": "fcm_android",
      "providerId": "fcm-provider-2",
      "pushToken": "{{uid3}}_fcm_android_asia_kolkata_4_new_mgmt",
      "pushTokenType": "chat",
      "uid": "superhero3",
      "updatedAt": "2024-03-13T11:24:47.776Z"
    }
  ]
}
"#]]
            .is_json(),
        );
}

#[test]
fn unregister_push_tokens() {
    cometchat()
        .args([
            "unregister-push-tokens",
            "--auth-token",
            "superhero3_1710141033938cf7e3c67cc44465440d4efac8de",
            "--all",
            "false",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "pushTokens": [
    {
      "authToken": "superhero3_1710141033938cf7e3c67cc44465440d4efac8de",
      "createdAt": "2024-03-11T07:27:59.412Z",
      "platform": "fcm_android",
      "providerId": "fcm-provider-2",
      "pushToken": "{{uid3}}_fcm_android_asia_kolkata_4_new_mgmt",
      "pushTokenType": "chat",
      "uid": "superhero3",
      "updatedAt": "2024-03-13T11:24:47.776Z"
    }
  ]
}
"#]]
            .is_json(),
        );
}

#[test]
fn delete_push_token() {
    cometchat()
        .args([
            "delete-push-token",
            "--push-token",
            "fcm-registration-token-1",
            "--auth-token",
            "superhero3_1710141033938cf7e3c67cc44465440d4efac8de",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "pushTokens": [
    {
      "authToken": "superhero3_1710141033938cf7e3c67cc44465440d4efac8de",
      "createdAt": "2024-03-11T07:27:59.412Z",
      "platform": "fcm_android",
      "providerId": "fcm-provider-2",
      "pushToken": "{{uid3}}_fcm_android_asia_kolkata_4_new_mgmt",
      "pushTokenType": "chat",
      "uid": "superhero3",
      "updatedAt": "2024-03-13T11:24:47.776Z"
    }
  ]
}
"#]]
            .is_json(),
        );
}

// Muted conversations: the stand-in answers the samples.

#[test]
fn list_muted_conversations() {
    cometchat()
        .args(["list-muted-conversations", "--uid", "cometchat-uid-1"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "mutedConversations": []
}
"#]]
            .is_json(),
        );
}

#[test]
fn mute_conversations() {
    cometchat()
        .args([
            "mute-conversations",
            "--uid",
            "cometchat-uid-1",
            "--json-body",
            "-",
        ])
        .stdin(
            r#"{
  "conversations": [
    {
      "id": "cometchat-guid-1",
      "type": "group",
      "until": 1893456000000
    },
    {
      "id": "cometchat-uid-2",
      "type": "oneOnOne"
    }
  ]
}"#,
        )
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
}

#[test]
fn unmute_conversations() {
    cometchat()
        .args([
            "unmute-conversations",
            "--uid",
            "cometchat-uid-1",
            "--json-body",
            "-",
        ])
        .stdin(r#"{"conversations": [{"id": "cometchat-guid-1", "type": "group"}]}"#)
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
}

#[test]
fn get_notification_timezone() {
    cometchat()
        .args(["get-notification-timezone", "--uid", "cometchat-uid-1"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "timezone": "Asia/Kolkata"
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_notification_timezone() {
    cometchat()
        .args([
            "update-notification-timezone",
            "--uid",
            "cometchat-uid-1",
            "--timezone",
            "Asia/Tokyo",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "timezone": "Asia/Tokyo"
}
"#]]
            .is_json(),
        );
}

#[test]
fn get_contact_details() {
    cometchat()
        .args(["get-contact-details", "--on-behalf-of", "cometchat-uid-1"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "email": "someone@example.com",
  "phno": "+919591128691"
}
"#]]
            .is_json(),
        );
}

#[test]
fn update_contact_details() {
    cometchat()
        .args([
            "update-contact-details",
            "--on-behalf-of",
            "cometchat-uid-1",
            "--email",
            "andrew@acme.example.com",
            "--phno",
            "+14155550123",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "email": "andrew@acme.example.com",
  "phno": "+14155550123"
}
"#]]
            .is_json(),
        );
}

#[test]
fn delete_contact_details() {
    cometchat()
        .args([
            "delete-contact-details",
            "--on-behalf-of",
            "cometchat-uid-1",
        ])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(
            str![[r#"
{
  "success": true
}
"#]]
            .is_json(),
        );
}
