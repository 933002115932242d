//! Every operation of the Groups resource (groups, group members, banned users)
//! through the public API: the request it sends (method, path, query, headers,
//! body) and the answer it decodes, from the vendor's sample in the spec; the
//! stand-in keeping groups, their members and their bans across calls; a group list
//! read by timestamp cursor, from the stand-in and from a scripted server; group
//! passwords kept out of `Debug`; and bad path ids refused before anything is sent.

mod support;

use std::{
    num::NonZeroU64,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use cometchat::{
    mock::MockServer,
    types::{
        AddGroupMembersRequest, Affix, ChangeMemberScopeRequest, CreateGroupRequest,
        CreateUserRequest, Group, GroupMembersToAdd, GroupSearchField, GroupSortBy, GroupType,
        GroupUnsetField, MemberScope, SortOrder, UpdateGroupRequest, UserStatus,
    },
    wire::{RawJson, Secret},
    Error,
};
use futures_util::TryStreamExt;
use serde_json::{json, Value};
use support::{
    example,
    operations::{self, assert_refused, data, Case, WithId},
    Server, Step,
};

/// A group password that must never be printed.
const PASSWORD: &str = "hunter2-open-sesame";

fn per_page(n: u64) -> NonZeroU64 {
    NonZeroU64::new(n).unwrap()
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            operation: "create_group",
            call: call!(|c| c
                .create_group()
                .on_behalf_of("superhero4")
                .body(
                    CreateGroupRequest::builder()
                        .guid("project-group")
                        .name("Project Group")
                        .type_(GroupType::Password)
                        .password(Some(Secret::from(PASSWORD)))
                        .icon(Some("http://placehold.it/120x120&text=image1".to_owned()))
                        .description(Some(
                            "project related discussions between members".to_owned()
                        ))
                        .metadata(Some(RawJson::from(json!({"project": "apollo"}))))
                        .owner(Some("superhero4".to_owned()))
                        .tags(vec!["friends".to_owned(), "project".to_owned()])
                        .members(Some(
                            GroupMembersToAdd::try_from(
                                GroupMembersToAdd::builder()
                                    .admins(vec!["superhero1".to_owned()])
                                    .participants(vec!["superhero2".to_owned()])
                                    .users_to_ban(vec!["superhero6".to_owned()])
                            )
                            .unwrap()
                        ))
                )
                .await),
            method: "POST",
            path: "/v3/groups",
            on_behalf_of: Some("superhero4"),
            body: json!({
                "guid": "project-group",
                "name": "Project Group",
                "type": "password",
                "password": PASSWORD,
                "icon": "http://placehold.it/120x120&text=image1",
                "description": "project related discussions between members",
                "metadata": {"project": "apollo"},
                "owner": "superhero4",
                "tags": ["friends", "project"],
                "members": {
                    "admins": ["superhero1"],
                    "participants": ["superhero2"],
                    "usersToBan": ["superhero6"],
                },
            }),
            answer: "GroupRecord",
            expected: data,
        },
        Case {
            operation: "list_groups",
            call: call!(|c| c
                .list_groups()
                .on_behalf_of("superhero4")
                .search_key("project")
                .search_in(vec![GroupSearchField::Name, GroupSearchField::Guid])
                .sort_by(GroupSortBy::CreatedAt)
                .sort_order(SortOrder::Desc)
                .per_page(per_page(25))
                .page(per_page(2))
                .with_tags(true)
                .tags(["friends", "project"])
                .types(["public", "password"])
                .has_joined(true)
                .created_at_from(1638440000)
                .members_count_gte(1)
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/groups?createdAt%5Bfrom%5D=1638440000&hasJoined=true\
                   &membersCount%5Bgte%5D=1&page=2&perPage=25&searchIn=name&searchIn=guid\
                   &searchKey=project&sortBy=createdAt&sortOrder=desc\
                   &tags=friends%2Cproject&types=public%2Cpassword&withTags=true",
            on_behalf_of: Some("superhero4"),
            body: Value::Null,
            answer: "GroupList",
            expected: data,
        },
        Case {
            operation: "get_group",
            call: call!(|c| c
                .get_group("project-group")
                .on_behalf_of("superhero4")
                .await),
            method: "GET",
            path: "/v3/groups/project-group",
            on_behalf_of: Some("superhero4"),
            body: Value::Null,
            answer: "GroupRecord",
            expected: data,
        },
        Case {
            operation: "update_group",
            call: call!(|c| c
                .update_group("project-group")
                .on_behalf_of("superhero4")
                .body(
                    UpdateGroupRequest::builder()
                        .name(Some("Project Group".to_owned()))
                        .type_(Some(GroupType::Password))
                        .password(Some(Secret::from(PASSWORD)))
                        .metadata(Some(RawJson::from(json!({"project": "gemini"}))))
                        .owner(Some("superhero1".to_owned()))
                        .tags(vec!["project".to_owned()])
                        .unset(vec![GroupUnsetField::Icon, GroupUnsetField::Description])
                )
                .await),
            method: "PUT",
            path: "/v3/groups/project-group",
            on_behalf_of: Some("superhero4"),
            body: json!({
                "name": "Project Group",
                "type": "password",
                "password": PASSWORD,
                "metadata": {"project": "gemini"},
                "owner": "superhero1",
                "tags": ["project"],
                "unset": ["icon", "description"],
            }),
            answer: "GroupRecord",
            expected: data,
        },
        Case {
            operation: "delete_group",
            call: call!(|c| c
                .delete_group("project-group")
                .on_behalf_of("superhero4")
                .await),
            method: "DELETE",
            path: "/v3/groups/project-group",
            on_behalf_of: Some("superhero4"),
            body: Value::Null,
            answer: "GroupDeleted",
            expected: data,
        },
        Case {
            operation: "add_group_members",
            call: call!(|c| c
                .add_group_members("project-group")
                .on_behalf_of("superhero4")
                .body(
                    AddGroupMembersRequest::builder()
                        .admins(vec!["superhero1".to_owned()])
                        .moderators(vec!["superhero3".to_owned()])
                        .participants(vec!["superhero2".to_owned(), "superhero5".to_owned()])
                        .users_to_ban(vec!["superhero6".to_owned()])
                )
                .await),
            method: "POST",
            path: "/v3/groups/project-group/members",
            on_behalf_of: Some("superhero4"),
            body: json!({
                "admins": ["superhero1"],
                "moderators": ["superhero3"],
                "participants": ["superhero2", "superhero5"],
                "usersToBan": ["superhero6"],
            }),
            answer: "GroupMembersAdded",
            expected: data,
        },
        Case {
            operation: "list_group_members",
            call: call!(|c| c
                .list_group_members("project-group")
                .scopes(["admin", "moderator"])
                .status(UserStatus::Available)
                .per_page(per_page(50))
                .page(per_page(3))
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/groups/project-group/members?page=3&perPage=50\
                   &scopes=admin%2Cmoderator&status=available",
            on_behalf_of: None,
            body: Value::Null,
            answer: "GroupMemberList",
            expected: data,
        },
        Case {
            operation: "change_group_member_scope",
            call: call!(|c| c
                .change_group_member_scope("supergroup", "superhero2")
                .on_behalf_of("superhero4")
                .body(ChangeMemberScopeRequest::builder().scope(Some(MemberScope::Participant)))
                .await),
            method: "PUT",
            path: "/v3/groups/supergroup/members/superhero2",
            on_behalf_of: Some("superhero4"),
            body: json!({"scope": "participant"}),
            answer: "GroupMemberScopeChanged",
            expected: data,
        },
        Case {
            operation: "kick_group_member",
            call: call!(|c| c
                .kick_group_member("supergroup", "superhero3")
                .on_behalf_of("superhero4")
                .await),
            method: "DELETE",
            path: "/v3/groups/supergroup/members/superhero3",
            on_behalf_of: Some("superhero4"),
            body: Value::Null,
            answer: "GroupMemberKicked",
            expected: data,
        },
        Case {
            operation: "ban_group_member",
            call: call!(|c| c
                .ban_group_member("supergroup", "superhero3")
                .on_behalf_of("superhero4")
                .await),
            method: "POST",
            path: "/v3/groups/supergroup/bannedusers/superhero3",
            on_behalf_of: Some("superhero4"),
            body: Value::Null,
            answer: "GroupMemberBanned",
            expected: data,
        },
        Case {
            operation: "unban_group_member",
            call: call!(|c| c
                .unban_group_member("supergroup", "superhero3")
                .on_behalf_of("superhero4")
                .await),
            method: "DELETE",
            path: "/v3/groups/supergroup/bannedusers/superhero3",
            on_behalf_of: Some("superhero4"),
            body: Value::Null,
            answer: "GroupMemberBanned",
            expected: data,
        },
        Case {
            operation: "list_banned_group_members",
            call: call!(|c| c
                .list_banned_group_members("supergroup")
                .per_page(per_page(20))
                .page(per_page(2))
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/groups/supergroup/bannedusers?page=2&perPage=20",
            on_behalf_of: None,
            body: Value::Null,
            answer: "BannedGroupMemberList",
            expected: data,
        },
    ]
}

#[tokio::test]
async fn every_operation_sends_its_request_and_decodes_its_sample() {
    operations::run(cases(), &["Groups", "Group Members", "Banned Users"]).await;
}

/// The code of an API error, as text, and its status.
fn api_error(error: &Error) -> (Option<&str>, u16) {
    let Error::Api(api) = error else {
        panic!("not an answer of the API: {error:?}");
    };
    (api.code().map(|c| c.as_str()), api.status().as_u16())
}

/// The UIDs of a list of members or users, sorted.
fn uids<'a>(items: impl IntoIterator<Item = &'a String>) -> Vec<&'a str> {
    let mut uids: Vec<&str> = items.into_iter().map(String::as_str).collect();
    uids.sort_unstable();
    uids
}

/// The stand-in keeps groups, members and bans: a group created can be read,
/// changed and listed; members added by scope are listed (and filtered by scope),
/// change scope, and once kicked are gone; a ban takes a user out of the members
/// into the banned list until it is lifted; a deleted group takes its members with
/// it.
#[tokio::test]
async fn the_stand_in_keeps_groups_and_members() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    for (uid, name) in [("u1", "Ada"), ("u2", "Grace"), ("u3", "Edsger")] {
        client
            .create_user()
            .body(CreateUserRequest::builder().uid(uid).name(name))
            .await
            .unwrap();
    }

    // The group: created, read, renamed, listed.
    let created = client
        .create_group()
        .body(
            CreateGroupRequest::builder()
                .guid("team-x")
                .name("Team X")
                .type_(GroupType::Password)
                .password(Some(Secret::from(PASSWORD)))
                .tags(vec!["core".to_owned()]),
        )
        .await
        .unwrap();
    assert_eq!(created.guid, "team-x");
    assert_eq!(created.type_, Some(GroupType::Password));
    assert!(
        created.created_at.is_some(),
        "the stand-in stamps createdAt"
    );
    let group = client.get_group("team-x").await.unwrap();
    assert_eq!(group.name.as_deref(), Some("Team X"));
    assert_eq!(group.type_, Some(GroupType::Password));
    assert_eq!(group.tags, ["core"]);
    assert!(
        !group.extra.contains_key("password"),
        "a group's password is not shown back: {:?}",
        group.extra
    );
    let updated = client
        .update_group("team-x")
        .body(UpdateGroupRequest::builder().name(Some("Team Y".to_owned())))
        .await
        .unwrap();
    assert_eq!(updated.name.as_deref(), Some("Team Y"));
    assert!(
        updated.updated_at.is_some(),
        "the stand-in stamps updatedAt"
    );
    let group = client.get_group("team-x").await.unwrap();
    assert_eq!(group.name.as_deref(), Some("Team Y"));
    assert_eq!(group.tags, ["core"], "fields not named stay");
    let listed = client.list_groups().await.unwrap().into_inner().items;
    let found: Vec<&Group> = listed.iter().filter(|g| g.guid == "team-x").collect();
    assert_eq!(found.len(), 1, "{listed:?}");
    assert_eq!(found[0].name.as_deref(), Some("Team Y"));

    // Members by scope; one UID that is no user fails alone.
    let added = client
        .add_group_members("team-x")
        .body(
            AddGroupMembersRequest::builder()
                .admins(vec!["u1".to_owned()])
                .participants(vec!["u2".to_owned(), "u3".to_owned(), "nobody".to_owned()]),
        )
        .await
        .unwrap();
    let admins = added.admins.as_ref().expect("the admins list's outcomes");
    assert!(admins["u1"].success);
    let participants = added
        .participants
        .as_ref()
        .expect("the participants list's outcomes");
    assert!(participants["u2"].success);
    assert!(participants["u3"].success);
    let nobody = &participants["nobody"];
    assert!(!nobody.success, "{nobody:?}");
    assert_eq!(
        nobody.error.as_ref().map(|e| e.code.as_str()),
        Some("ERR_UID_NOT_FOUND")
    );
    assert!(
        added.moderators.is_none(),
        "a list not sent has no outcomes"
    );

    let members = |scopes: &'static [&'static str]| {
        let client = client.clone();
        async move {
            let request = client.list_group_members("team-x");
            let request = if scopes.is_empty() {
                request
            } else {
                request.scopes(scopes.iter().copied())
            };
            let page = request.await.unwrap().into_inner();
            page.items
                .into_iter()
                .map(|m| (m.uid, m.scope.map(|s| s.to_string())))
                .collect::<Vec<_>>()
        }
    };
    let scope_of = |members: &[(String, Option<String>)], uid: &str| {
        members
            .iter()
            .find(|(u, _)| u == uid)
            .and_then(|(_, s)| s.clone())
    };
    let all = members(&[]).await;
    assert_eq!(uids(all.iter().map(|(u, _)| u)), ["u1", "u2", "u3"]);
    assert_eq!(scope_of(&all, "u1").as_deref(), Some("admin"));
    assert_eq!(scope_of(&all, "u2").as_deref(), Some("participant"));
    let admins = members(&["admin"]).await;
    assert_eq!(uids(admins.iter().map(|(u, _)| u)), ["u1"]);
    let participants = members(&["participant"]).await;
    assert_eq!(uids(participants.iter().map(|(u, _)| u)), ["u2", "u3"]);

    // A scope change shows in the list and in its filter.
    let membership = client
        .change_group_member_scope("team-x", "u2")
        .body(ChangeMemberScopeRequest::builder().scope(Some(MemberScope::Moderator)))
        .await
        .unwrap();
    assert_eq!(membership.guid, "team-x");
    assert_eq!(membership.uid, "u2");
    assert_eq!(membership.scope, Some(MemberScope::Moderator));
    let all = members(&[]).await;
    assert_eq!(scope_of(&all, "u2").as_deref(), Some("moderator"));
    let moderators = members(&["moderator"]).await;
    assert_eq!(uids(moderators.iter().map(|(u, _)| u)), ["u2"]);
    let participants = members(&["participant"]).await;
    assert_eq!(uids(participants.iter().map(|(u, _)| u)), ["u3"]);

    // A kick removes the member; a second kick finds no member.
    let ack = client.kick_group_member("team-x", "u2").await.unwrap();
    assert!(ack.success);
    let all = members(&[]).await;
    assert_eq!(uids(all.iter().map(|(u, _)| u)), ["u1", "u3"]);
    let error = client.kick_group_member("team-x", "u2").await.unwrap_err();
    assert_eq!(api_error(&error), (Some("ERR_NOT_A_MEMBER"), 404));

    // A ban moves a member out, into the banned list, until it is lifted.
    let banned = || async {
        let page = client
            .list_banned_group_members("team-x")
            .await
            .unwrap()
            .into_inner();
        page.items.into_iter().map(|u| u.uid).collect::<Vec<_>>()
    };
    assert_eq!(banned().await, Vec::<String>::new());
    let ack = client.ban_group_member("team-x", "u3").await.unwrap();
    assert!(ack.success);
    assert_eq!(banned().await, ["u3"]);
    let all = members(&[]).await;
    assert_eq!(
        uids(all.iter().map(|(u, _)| u)),
        ["u1"],
        "a banned user is no member"
    );
    let ack = client.unban_group_member("team-x", "u3").await.unwrap();
    assert!(ack.success);
    assert_eq!(banned().await, Vec::<String>::new());
    let all = members(&[]).await;
    assert_eq!(
        uids(all.iter().map(|(u, _)| u)),
        ["u1"],
        "lifting a ban does not make a member"
    );

    // Deleted: the group and its members are gone.
    let ack = client.delete_group("team-x").await.unwrap();
    assert!(ack.success);
    let error = client.get_group("team-x").await.unwrap_err();
    assert_eq!(api_error(&error), (Some("ERR_GUID_NOT_FOUND"), 404));
    let error = client.list_group_members("team-x").await.unwrap_err();
    assert_eq!(api_error(&error), (Some("ERR_GUID_NOT_FOUND"), 404));
    let listed = client.list_groups().await.unwrap().into_inner().items;
    assert!(listed.iter().all(|g| g.guid != "team-x"), "{listed:?}");
}

/// The Unix second now.
fn unix_now() -> i64 {
    let elapsed = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    i64::try_from(elapsed.as_secs()).unwrap()
}

/// Waits, in real time, until the clock has passed second `at`, so that the next
/// stamp the stand-in makes is later.
async fn after_second(at: i64) {
    while unix_now() <= at {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A query parameter of a recorded request's path.
fn query_param(path: &str, name: &str) -> Option<String> {
    let query = path.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| value.to_owned())
    })
}

/// A page of groups read by cursor: `guids` with their `updatedAt`, and the cursor
/// the server gives to continue.
fn cursor_page(groups: &[(&str, i64)], cursor: i64) -> Value {
    let template = example("GroupList")["data"][0].clone();
    let items: Vec<Value> = groups
        .iter()
        .map(|(guid, at)| {
            let mut item = template.clone();
            item["guid"] = json!(guid);
            item["updatedAt"] = json!(at);
            item
        })
        .collect();
    json!({
        "data": items,
        "meta": {
            "pagination": {
                "total": 0, "count": groups.len(), "per_page": 2,
                "current_page": 1, "total_pages": 1,
            },
            "cursor": {"updatedAt": cursor, "affix": "append"},
        },
    })
}

fn guids(groups: &[Group]) -> Vec<&str> {
    groups.iter().map(|g| g.guid.as_str()).collect()
}

/// A group list read by cursor (`affix` and `updatedAt`) walks the groups updated
/// after the timestamp, oldest change first, each once, every request after the
/// first carrying the cursor of the answer before. From the stand-in, whose groups
/// are stamped as they change; then from a scripted server: the stream stops after
/// a short page, and at a cursor that did not move, without yielding its page.
#[tokio::test]
async fn groups_page_by_cursor() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    for guid in ["cur-a", "cur-b", "cur-c", "cur-untouched"] {
        client
            .create_group()
            .body(
                CreateGroupRequest::builder()
                    .guid(guid)
                    .name(guid)
                    .type_(GroupType::Public),
            )
            .await
            .unwrap();
    }
    // Changed in another order than made, each in its own second.
    let mut stamps = Vec::new();
    for guid in ["cur-c", "cur-a", "cur-b"] {
        if let Some((_, at)) = stamps.last() {
            after_second(*at).await;
        }
        let group = client
            .update_group(guid)
            .body(UpdateGroupRequest::builder().description(Some(format!("{guid} changed"))))
            .await
            .unwrap();
        let at = i64::from(group.updated_at.clone().expect("updatedAt stamped"));
        stamps.push((guid, at));
    }
    assert!(
        stamps.windows(2).all(|w| w[0].1 < w[1].1),
        "distinct stamps: {stamps:?}"
    );

    let before = server.requests().len();
    let walked: Vec<Group> = client
        .list_groups()
        .affix(Affix::Append)
        .updated_at(0)
        .per_page(per_page(2))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        guids(&walked),
        ["cur-c", "cur-a", "cur-b"],
        "every group with an updatedAt, oldest change first, each once; \
         seeded and untouched groups have none"
    );
    let stamped: Vec<i64> = walked
        .iter()
        .map(|g| i64::from(g.updated_at.clone().unwrap()))
        .collect();
    assert_eq!(
        stamped,
        stamps.iter().map(|(_, at)| *at).collect::<Vec<_>>()
    );

    let requests = &server.requests()[before..];
    let paths: Vec<&str> = requests.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        requests.len(),
        2,
        "a full page, then a short one ends it: {paths:?}"
    );
    assert!(requests.iter().all(|r| r.operation == Some("list_groups")));
    assert_eq!(paths[0], "/v3/groups?affix=append&perPage=2&updatedAt=0");
    // The second request carries the first answer's cursor: the stamp of its last
    // group, which is `cur-a`'s.
    assert_eq!(
        query_param(paths[1], "updatedAt"),
        Some(stamps[1].1.to_string()),
        "{paths:?}"
    );
    assert_eq!(query_param(paths[1], "affix").as_deref(), Some("append"));
    assert_eq!(query_param(paths[1], "perPage").as_deref(), Some("2"));

    // Three pages whose cursor moves; the short third ends the stream.
    let scripted = Server::start(vec![
        Step::json(200, &cursor_page(&[("g1", 100), ("g2", 110)], 110)),
        Step::json(200, &cursor_page(&[("g3", 120), ("g4", 130)], 130)),
        Step::json(200, &cursor_page(&[("g5", 140)], 140)),
        // Never asked for: the short page ended the list.
        Step::json(200, &cursor_page(&[("g6", 150), ("g7", 160)], 160)),
    ])
    .await;
    let walked: Vec<Group> = support::client(&scripted)
        .list_groups()
        .affix(Affix::Append)
        .updated_at(0)
        .per_page(per_page(2))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(guids(&walked), ["g1", "g2", "g3", "g4", "g5"]);
    let paths: Vec<String> = scripted.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(
        paths,
        [
            "/v3/groups?affix=append&perPage=2&updatedAt=0",
            "/v3/groups?affix=append&perPage=2&updatedAt=110",
            "/v3/groups?affix=append&perPage=2&updatedAt=130",
        ]
    );

    // A server that ignores the cursor answers the same full page again: the cursor
    // did not move, so the stream ends there, and no group comes twice.
    let stuck = Server::start(vec![Step::json(
        200,
        &cursor_page(&[("g1", 100), ("g2", 110)], 110),
    )])
    .await;
    let walked: Vec<Group> = support::client(&stuck)
        .list_groups()
        .affix(Affix::Append)
        .updated_at(0)
        .per_page(per_page(2))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(guids(&walked), ["g1", "g2"], "no group twice");
    let paths: Vec<String> = stuck.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(
        paths,
        [
            "/v3/groups?affix=append&perPage=2&updatedAt=0",
            "/v3/groups?affix=append&perPage=2&updatedAt=110",
        ]
    );
}

/// A cursor must move on the way the list runs (later for `append`, earlier for
/// `prepend`): one that goes back, stays with other fields, or runs the wrong way
/// ends the stream after the page that gave it, so no group comes twice and no
/// server can make a stream walk forever.
#[tokio::test]
async fn a_cursor_that_does_not_move_on_ends_the_stream() {
    let with_cursor = |groups: &[(&str, i64)], cursor: Value| {
        let mut page = cursor_page(groups, 0);
        page["meta"]["cursor"] = cursor;
        page
    };
    // (affix, first answer's cursor, second answer's cursor)
    let cases = [
        (
            Affix::Append,
            json!({"updatedAt": 110, "affix": "append"}),
            json!({"updatedAt": 100, "affix": "append"}),
        ),
        (
            Affix::Append,
            json!({"updatedAt": 110, "affix": "append"}),
            json!({"updatedAt": 110, "affix": "append", "next": 2}),
        ),
        (
            Affix::Append,
            json!({"updatedAt": 110, "affix": "append"}),
            json!({"updatedAt": "110"}),
        ),
        (
            Affix::Prepend,
            json!({"updatedAt": 110, "affix": "prepend"}),
            json!({"updatedAt": 120, "affix": "prepend"}),
        ),
    ];
    for (affix, first, second) in cases {
        let server = Server::start(vec![
            Step::json(
                200,
                &with_cursor(&[("g1", 100), ("g2", 110)], first.clone()),
            ),
            Step::json(
                200,
                &with_cursor(&[("g3", 120), ("g4", 130)], second.clone()),
            ),
        ])
        .await;
        let walked: Vec<Group> = support::client(&server)
            .list_groups()
            .affix(affix.clone())
            .updated_at(50)
            .per_page(per_page(2))
            .items()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(
            guids(&walked),
            ["g1", "g2"],
            "{affix:?} {first} then {second}"
        );
        assert_eq!(server.seen().len(), 2, "{affix:?} {first} then {second}");
    }

    // `updated_at` alone is a filter of the first page, not a cursor read: the list
    // is walked by page number.
    let numbered = |groups: &[(&str, i64)], page: u64| {
        let mut answer = cursor_page(groups, 0);
        answer["meta"]["pagination"]["current_page"] = json!(page);
        answer["meta"]["pagination"]["total_pages"] = json!(2);
        answer
    };
    let server = Server::start(vec![
        Step::json(200, &numbered(&[("g1", 100), ("g2", 110)], 1)),
        Step::json(200, &numbered(&[("g3", 120)], 2)),
    ])
    .await;
    let walked: Vec<Group> = support::client(&server)
        .list_groups()
        .updated_at(50)
        .per_page(per_page(2))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(guids(&walked), ["g1", "g2", "g3"]);
    let paths: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(
        paths,
        [
            "/v3/groups?page=1&perPage=2&updatedAt=50",
            "/v3/groups?page=2&perPage=2&updatedAt=50",
        ]
    );
}

/// A group's password is a secret: `Debug` of the request body, of its builder, and
/// of the request built with it never shows it, while the wire body carries it.
#[tokio::test]
async fn group_passwords_stay_out_of_debug() {
    let builder = || {
        CreateGroupRequest::builder()
            .guid("vault")
            .name("Vault")
            .type_(GroupType::Password)
            .password(Some(Secret::from(PASSWORD)))
    };
    let body = CreateGroupRequest::try_from(builder()).unwrap();
    let update = UpdateGroupRequest::builder().password(Some(Secret::from(PASSWORD)));
    let server = Server::start(vec![Step::json(200, &example("GroupRecord"))]).await;
    let client = support::client(&server);
    let request = client.create_group().body(builder());
    let shown = [
        format!("{body:?}"),
        format!("{body:#?}"),
        format!("{:?}", builder()),
        format!("{:#?}", builder()),
        format!("{update:?}"),
        format!("{update:#?}"),
        format!("{request:?}"),
    ];
    for shown in &shown {
        assert!(!shown.contains(PASSWORD), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }
    assert!(
        shown[0].contains("vault"),
        "the rest is shown: {}",
        shown[0]
    );
    assert_eq!(body.password.as_ref().map(Secret::expose), Some(PASSWORD));

    request.await.unwrap();
    assert_eq!(server.seen()[0].json()["password"], PASSWORD, "sent as is");
}

/// Every operation with a `guid` or `uid` in its path, with the bad id in that
/// parameter and good ids elsewhere.
fn with_ids() -> Vec<(&'static str, &'static str, WithId)> {
    vec![
        ("get_group", "guid", |c, id| {
            Box::pin(async move { c.get_group(id).await.map(drop) })
        }),
        ("update_group", "guid", |c, id| {
            Box::pin(async move {
                let body = UpdateGroupRequest::builder().name(Some("n".to_owned()));
                c.update_group(id).body(body).await.map(drop)
            })
        }),
        ("delete_group", "guid", |c, id| {
            Box::pin(async move { c.delete_group(id).await.map(drop) })
        }),
        ("add_group_members", "guid", |c, id| {
            Box::pin(async move {
                let body = AddGroupMembersRequest::builder().admins(vec!["u1".to_owned()]);
                c.add_group_members(id).body(body).await.map(drop)
            })
        }),
        ("list_group_members", "guid", |c, id| {
            Box::pin(async move { c.list_group_members(id).await.map(drop) })
        }),
        ("change_group_member_scope", "guid", |c, id| {
            Box::pin(async move {
                let body = ChangeMemberScopeRequest::builder().scope(Some(MemberScope::Admin));
                c.change_group_member_scope(id, "u1")
                    .body(body)
                    .await
                    .map(drop)
            })
        }),
        ("kick_group_member", "guid", |c, id| {
            Box::pin(async move { c.kick_group_member(id, "u1").await.map(drop) })
        }),
        ("ban_group_member", "guid", |c, id| {
            Box::pin(async move { c.ban_group_member(id, "u1").await.map(drop) })
        }),
        ("unban_group_member", "guid", |c, id| {
            Box::pin(async move { c.unban_group_member(id, "u1").await.map(drop) })
        }),
        ("list_banned_group_members", "guid", |c, id| {
            Box::pin(async move { c.list_banned_group_members(id).await.map(drop) })
        }),
        ("change_group_member_scope", "uid", |c, id| {
            Box::pin(async move {
                let body = ChangeMemberScopeRequest::builder().scope(Some(MemberScope::Admin));
                c.change_group_member_scope("g1", id)
                    .body(body)
                    .await
                    .map(drop)
            })
        }),
        ("kick_group_member", "uid", |c, id| {
            Box::pin(async move { c.kick_group_member("g1", id).await.map(drop) })
        }),
        ("ban_group_member", "uid", |c, id| {
            Box::pin(async move { c.ban_group_member("g1", id).await.map(drop) })
        }),
        ("unban_group_member", "uid", |c, id| {
            Box::pin(async move { c.unban_group_member("g1", id).await.map(drop) })
        }),
    ]
}

/// A GUID or UID that is not a CometChat id (empty, a path, a dot, a space, over
/// 100 characters) is refused by every operation that takes one in its path, before
/// any request; the longest good ids go through.
#[tokio::test]
async fn bad_ids_are_refused_before_any_request() {
    let server = Server::start(vec![Step::json(200, &json!({"data": {"success": true}}))]).await;
    let client = support::client(&server);
    let too_long = "g".repeat(101);
    let bad = ["", "a/b", "..", ".", "a b", "a%2Fb", "a\r\nb", &too_long];
    let operations = with_ids();
    let count = |param: &str| operations.iter().filter(|(_, p, _)| *p == param).count();
    assert_eq!(count("guid"), 10, "every operation with a guid in its path");
    assert_eq!(count("uid"), 4, "every operation with a uid in its path");
    for (operation, param, call) in &operations {
        for id in bad {
            let what = format!("{operation}({param} = {id:?})");
            assert_refused(&server, call(client.clone(), id.to_owned()), param, &what).await;
        }
    }
    assert_eq!(server.seen().len(), 0, "a refused call reached the server");

    // The rule's edge: 100 characters are an id.
    let guid = "g".repeat(100);
    let uid = "u".repeat(100);
    client.kick_group_member(&guid, &uid).await.unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path, format!("/v3/groups/{guid}/members/{uid}"));
}

/// The stand-in filters a list by a parameter named like a list field (`tags`) on
/// any element, as CometChat does.
#[tokio::test]
async fn the_stand_in_filters_groups_by_tag() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let tagged = client.list_groups().tags(["project"]).await.unwrap();
    assert!(!tagged.items.is_empty());
    assert!(tagged
        .items
        .iter()
        .all(|g| g.tags.iter().any(|t| t == "project")));
    let none = client.list_groups().tags(["no-such-tag"]).await.unwrap();
    assert!(none.items.is_empty(), "{:?}", none.items);
}
