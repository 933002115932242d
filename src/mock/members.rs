//! The stand-in's group memberships and bans: behaviour of the fake, not of the
//! SDK, so it is written by hand and kept small. Members are the users of the
//! `users` store with a `scope` and a `joinedAt`; groups come from the `groups`
//! store, so a group or a user that does not exist is refused as CometChat would.
//! Every group seeded from the spec's samples starts with the members of the
//! member-list sample.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::{json, Map, Value};

use super::{body, error, now, ok, page, route, store::Stores, Call, Reply};

/// The scope lists of an add-members body, and the scope each gives.
const SCOPE_LISTS: [(&str, &str); 3] = [
    ("admins", "admin"),
    ("moderators", "moderator"),
    ("participants", "participant"),
];

/// The members and the banned users of each group, by GUID in lower case.
#[derive(Debug, Default)]
pub(crate) struct Members {
    groups: BTreeMap<String, Group>,
}

#[derive(Debug, Default)]
struct Group {
    members: Vec<Value>,
    banned: Vec<Value>,
}

impl Group {
    fn member(&mut self, uid: &str) -> Option<&mut Map<String, Value>> {
        self.members
            .iter_mut()
            .find(|m| is(m, uid))
            .and_then(Value::as_object_mut)
    }
}

/// Whether `item` is the user `uid`; CometChat compares UIDs ignoring case.
fn is(item: &Value, uid: &str) -> bool {
    item["uid"]
        .as_str()
        .is_some_and(|u| u.eq_ignore_ascii_case(uid))
}

impl Members {
    /// Each group of the groups list sample holds the members of the member list
    /// sample.
    pub(crate) fn seeded() -> Self {
        let members = route::sample_items("list_group_members");
        let groups = route::sample_items("list_groups")
            .iter()
            .filter_map(|group| group["guid"].as_str())
            .map(|guid| {
                let group = Group {
                    members: members.clone(),
                    banned: Vec::new(),
                };
                (guid.to_lowercase(), group)
            })
            .collect();
        Self { groups }
    }

    /// The answer of a membership operation, or `None` for any other.
    pub(crate) fn answer(&mut self, call: &Call<'_>, stores: &Stores) -> Option<Reply> {
        let operation = call.route.operation;
        let guid = call.param("guid")?;
        if operation == "delete_group" {
            // The group's members and bans go with it; the store answers.
            self.groups.remove(&guid.to_lowercase());
            return None;
        }
        let known = [
            "add_group_members",
            "list_group_members",
            "change_group_member_scope",
            "kick_group_member",
            "ban_group_member",
            "unban_group_member",
            "list_banned_group_members",
        ];
        if !known.contains(&operation) {
            return None;
        }
        if stores.get("groups", guid).is_none() {
            return Some(error(
                StatusCode::NOT_FOUND,
                "ERR_GUID_NOT_FOUND",
                format!("The guid {guid} does not exist."),
            ));
        }
        let user = |uid: &str| stores.get("users", uid).cloned();
        let group = self.groups.entry(guid.to_lowercase()).or_default();
        let uid = call.param("uid").unwrap_or_default();
        Some(match operation {
            "add_group_members" => {
                let request = body(call);
                let mut outcomes = Map::new();
                for (list, scope) in SCOPE_LISTS {
                    let Some(uids) = request[list].as_array() else {
                        continue;
                    };
                    let mut outcome = Map::new();
                    for uid in uids.iter().filter_map(Value::as_str) {
                        let added = user(uid).map(|mut member| {
                            member["scope"] = json!(scope);
                            member["joinedAt"] = json!(now());
                            group.members.retain(|m| !is(m, uid));
                            group.banned.retain(|m| !is(m, uid));
                            group.members.push(member);
                        });
                        outcome.insert(uid.to_owned(), result(added.is_some(), uid));
                    }
                    outcomes.insert(list.to_owned(), Value::Object(outcome));
                }
                if let Some(uids) = request["usersToBan"].as_array() {
                    let mut outcome = Map::new();
                    for uid in uids.iter().filter_map(Value::as_str) {
                        let banned = user(uid).map(|banned| ban(group, uid, banned));
                        outcome.insert(uid.to_owned(), result(banned.is_some(), uid));
                    }
                    outcomes.insert("usersToBan".to_owned(), Value::Object(outcome));
                }
                ok(&json!({ "data": outcomes }))
            }
            "list_group_members" => {
                let scopes = call.values("scopes");
                let matching = group
                    .members
                    .iter()
                    .filter(|m| scopes.is_empty() || scopes.iter().any(|s| m["scope"] == *s))
                    .collect();
                page::paged(call, matching)
            }
            "list_banned_group_members" => page::paged(call, group.banned.iter().collect()),
            "ban_group_member" => match user(uid) {
                Some(banned) => {
                    ban(group, uid, banned);
                    call.sample()
                }
                None => no_user(uid),
            },
            "unban_group_member" => {
                group.banned.retain(|m| !is(m, uid));
                call.sample()
            }
            _ => {
                let Some(member) = group.member(uid) else {
                    return Some(error(
                        StatusCode::NOT_FOUND,
                        "ERR_NOT_A_MEMBER",
                        format!("The user {uid} is not a member of the group {guid}."),
                    ));
                };
                if operation == "kick_group_member" {
                    group.members.retain(|m| !is(m, uid));
                    return Some(call.sample());
                }
                if let Some(scope) = body(call).get("scope") {
                    member.insert("scope".to_owned(), scope.clone());
                }
                ok(&json!({ "data": {
                    "guid": guid,
                    "uid": member["uid"],
                    "scope": member["scope"],
                    "joinedAt": member["joinedAt"],
                }}))
            }
        })
    }
}

/// Bans `uid`: out of the members, into the banned list.
fn ban(group: &mut Group, uid: &str, user: Value) {
    group.members.retain(|m| !is(m, uid));
    group.banned.retain(|m| !is(m, uid));
    group.banned.push(user);
}

/// One UID's outcome in an add-members answer.
fn result(done: bool, uid: &str) -> Value {
    if done {
        json!({ "success": true })
    } else {
        json!({ "success": false, "error": {
            "code": "ERR_UID_NOT_FOUND",
            "message": format!("The uid {uid} does not exist."),
        }})
    }
}

fn no_user(uid: &str) -> Reply {
    error(
        StatusCode::NOT_FOUND,
        "ERR_UID_NOT_FOUND",
        format!("The uid {uid} does not exist."),
    )
}
