//! Every operation of the RBAC, Restrict Features and Metrics resources through the
//! public API: the request it sends (method, path, query, headers, body) and the
//! answer it decodes, from the vendor's sample in the spec. The stand-in keeps no
//! state for them: it answers each from its sample and refuses a body or a query of
//! the wrong shape with CometChat's error body. Also: the millisecond timestamps of
//! the metrics converting to the right `SystemTime`, the numbered lists (permissions,
//! restricted features) streaming over pages, and bad path parameters refused before
//! anything is sent.

mod support;

use support::{n, raw};

use std::{
    num::NonZeroU64,
    time::{Duration, UNIX_EPOCH},
};

use cometchat::{
    mock::MockServer,
    types::{
        AllowRoleFeaturesRequest, RestrictRoleFeaturesRequest, SetRolePermissionsRequest,
        SetScopePermissionsRequest,
    },
    Client,
};
use futures_util::TryStreamExt;
use serde_json::{json, Value};
use support::{
    example,
    operations::{self, assert_refused, data, Case, WithId},
    Server, Step,
};

/// The group of the vendor's scope samples.
const GUID: &str = "cometchat-guid-1";

/// The range of the vendor's `MetricsUsage` sample, in milliseconds.
const FROM_MS: i64 = 1_630_164_253_000;
const TO_MS: i64 = 1_632_842_653_000;

fn cases() -> Vec<Case> {
    vec![
        Case {
            operation: "list_role_permissions",
            call: call!(|c| c
                .list_role_permissions("default")
                .page(n(2))
                .per_page(n(50))
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/roles/default/permissions?page=2&perPage=50",
            on_behalf_of: None,
            body: Value::Null,
            answer: "PermissionRoleList",
            expected: data,
        },
        Case {
            operation: "set_role_permissions",
            call: call!(|c| c
                .set_role_permissions("default")
                .body(SetRolePermissionsRequest::builder().permissions(raw(json!({
                    "sendMessage": "allow",
                    "listUsers.mode": "friends",
                    "createGroup.allowedGroupTypes": ["public"],
                }))))
                .await),
            method: "PUT",
            path: "/v3/roles/default/permissions",
            on_behalf_of: None,
            body: json!({"permissions": {
                "sendMessage": "allow",
                "listUsers.mode": "friends",
                "createGroup.allowedGroupTypes": ["public"],
            }}),
            answer: "PermissionRoleSet",
            expected: data,
        },
        Case {
            operation: "unset_role_permission",
            call: call!(|c| c.unset_role_permission("default", "listUsers.mode").await),
            method: "DELETE",
            path: "/v3/roles/default/permissions/listUsers.mode",
            on_behalf_of: None,
            body: Value::Null,
            answer: "PermissionRoleUnset",
            expected: data,
        },
        Case {
            operation: "list_scope_permissions",
            call: call!(|c| c
                .list_scope_permissions(GUID, "admin")
                .page(n(1))
                .per_page(n(100))
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/groups/cometchat-guid-1/scopes/admin/permissions?page=1&perPage=100",
            on_behalf_of: None,
            body: Value::Null,
            answer: "PermissionScopeList",
            expected: data,
        },
        Case {
            operation: "set_scope_permissions",
            call: call!(|c| c
                .set_scope_permissions(GUID, "admin")
                .body(
                    SetScopePermissionsRequest::builder().permissions(raw(json!({
                        "sendMessage": "allow",
                        "initiateCall.allowedType": "audio",
                    })))
                )
                .await),
            method: "PUT",
            path: "/v3/groups/cometchat-guid-1/scopes/admin/permissions",
            on_behalf_of: None,
            body: json!({"permissions": {
                "sendMessage": "allow",
                "initiateCall.allowedType": "audio",
            }}),
            answer: "PermissionScopeSet",
            expected: data,
        },
        Case {
            operation: "unset_scope_permission",
            call: call!(|c| c.unset_scope_permission(GUID, "admin", "sendMessage").await),
            method: "DELETE",
            path: "/v3/groups/cometchat-guid-1/scopes/admin/permissions/sendMessage",
            on_behalf_of: None,
            body: Value::Null,
            answer: "PermissionScopeUnset",
            expected: data,
        },
        Case {
            operation: "list_role_restricted_features",
            call: call!(|c| c
                .list_role_restricted_features("default")
                .page(n(1))
                .per_page(n(20))
                .await
                .map(|page| page.map(|page| page.items))),
            method: "GET",
            path: "/v3/roles/default/restrictedfeatures?page=1&perPage=20",
            on_behalf_of: None,
            body: Value::Null,
            answer: "RestrictedFeatureList",
            expected: data,
        },
        Case {
            operation: "restrict_role_features",
            call: call!(|c| c
                .restrict_role_features("default")
                .body(
                    RestrictRoleFeaturesRequest::builder().features_to_restrict(vec![
                        "u.listUsers".to_owned(),
                        "u.deleteGroup".to_owned(),
                    ])
                )
                .await),
            method: "POST",
            path: "/v3/roles/default/restrictedfeatures",
            on_behalf_of: None,
            body: json!({"featuresToRestrict": ["u.listUsers", "u.deleteGroup"]}),
            answer: "RestrictedFeaturesRestricted",
            expected: data,
        },
        Case {
            operation: "allow_role_features",
            call: call!(|c| c
                .allow_role_features("default")
                .body(
                    AllowRoleFeaturesRequest::builder()
                        .features_to_allow(vec!["u.listUsers".to_owned()])
                        .allow_all(Some(false))
                )
                .await),
            method: "DELETE",
            path: "/v3/roles/default/restrictedfeatures",
            on_behalf_of: None,
            body: json!({"featuresToAllow": ["u.listUsers"], "allowAll": false}),
            answer: "RestrictedFeaturesAllowed",
            expected: data,
        },
        Case {
            operation: "get_usage_metrics",
            call: call!(|c| c
                .get_usage_metrics()
                .from_date(FROM_MS)
                .to_date(TO_MS)
                .await),
            method: "GET",
            path: "/v3/stats?fromDate=1630164253000&toDate=1632842653000",
            on_behalf_of: None,
            body: Value::Null,
            answer: "MetricsUsage",
            expected: data,
        },
        Case {
            operation: "get_message_receipt_metrics",
            call: call!(|c| c.get_message_receipt_metrics().await),
            method: "GET",
            path: "/v3/stats/messages",
            on_behalf_of: None,
            body: Value::Null,
            answer: "MetricsMessageReceipts",
            expected: data,
        },
    ]
}

#[tokio::test]
async fn every_operation_sends_its_request_and_decodes_its_sample() {
    operations::run(cases(), &["RBAC", "Restrict Features", "Metrics"]).await;
}

/// A request to the stand-in written by hand, so that it can break the spec.
async fn send_raw(
    server: &MockServer,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> (u16, Value) {
    let url = format!("{}{path}", server.base_url());
    let mut request = reqwest::Client::new()
        .request(method.parse().unwrap(), url)
        .header("apikey", MockServer::API_KEY);
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_owned());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The stand-in keeps nothing for these operations: unscripted, it answers each
/// with the spec's sample, whatever was set before; and it refuses a body (or a
/// query) of the wrong shape with `400 ERR_BAD_REQUEST` and CometChat's error body,
/// naming what was wrong in `details`.
/// What is wrong, the method, the path, the body, the field `details` names, and
/// its reason.
type BadRequest = (
    &'static str,
    &'static str,
    String,
    Option<&'static str>,
    &'static str,
    Option<&'static str>,
);

#[tokio::test]
async fn the_stand_in_answers_from_samples_and_refuses_bad_bodies() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    // Twice each: a change (a permission set, a feature restricted) is not kept.
    for _ in 0..2 {
        for case in cases() {
            let name = case.operation;
            assert_eq!(
                MockServer::sample_name(name),
                Some(case.answer),
                "{name}: the sample the stand-in answers"
            );
            let value = (case.call)(client.clone())
                .await
                .unwrap_or_else(|error| panic!("{name} against the stand-in: {error}"));
            assert_eq!(
                value,
                (case.expected)(example(case.answer)),
                "{name}: the sample, unscripted"
            );
        }
    }
    let recorded: Vec<Option<&str>> = server.requests().iter().map(|r| r.operation).collect();
    assert_eq!(recorded.len(), 22);
    assert_eq!(
        recorded[..11],
        cases()
            .iter()
            .map(|c| Some(c.operation))
            .collect::<Vec<_>>()[..],
        "each request routed to its operation"
    );

    // (what is wrong, method, path, body, the field `details` names, its reason)
    let role = "/roles/default";
    let scope = "/groups/cometchat-guid-1/scopes/admin/permissions";
    let bad: Vec<BadRequest> = vec![
        (
            "permissions as a list, not an object body",
            "PUT",
            format!("{role}/permissions"),
            Some(r#"["createGroup"]"#),
            "body",
            Some("invalid type"),
        ),
        (
            "no `permissions` (named, as CometChat does)",
            "PUT",
            format!("{role}/permissions"),
            Some(r#"{"perms": {"createGroup": "allow"}}"#),
            "permissions",
            None,
        ),
        (
            "a scope's permissions not as JSON",
            "PUT",
            scope.to_owned(),
            Some("sendMessage=allow"),
            "body",
            None,
        ),
        (
            "no body where one is required",
            "PUT",
            scope.to_owned(),
            None,
            "body",
            None,
        ),
        (
            "features to restrict as one string",
            "POST",
            format!("{role}/restrictedfeatures"),
            Some(r#"{"featuresToRestrict": "u.listUsers"}"#),
            "body",
            Some("invalid type"),
        ),
        (
            "allowAll as text",
            "DELETE",
            format!("{role}/restrictedfeatures"),
            Some(r#"{"allowAll": "yes"}"#),
            "body",
            Some("invalid type"),
        ),
        (
            "a range start that is not a number",
            "GET",
            "/stats?fromDate=yesterday&toDate=1632842653000".to_owned(),
            None,
            "fromDate",
            None,
        ),
        (
            "no range end",
            "GET",
            "/stats?fromDate=1630164253000".to_owned(),
            None,
            "toDate",
            None,
        ),
        (
            "a page of zero",
            "GET",
            format!("{role}/permissions?page=0"),
            None,
            "page",
            None,
        ),
    ];
    for (what, method, path, body, field, reason) in bad {
        let (status, answer) = send_raw(&server, method, &path, body).await;
        assert_eq!(status, 400, "{what}: {answer}");
        assert_eq!(
            answer["error"]["code"], "ERR_BAD_REQUEST",
            "{what}: {answer}"
        );
        assert!(answer["error"]["message"].is_string(), "{what}: {answer}");
        let detail = answer["error"]["details"][field][0].as_str();
        assert!(detail.is_some(), "{what}: {answer}");
        if let Some(reason) = reason {
            assert!(detail.unwrap().contains(reason), "{what}: {answer}");
        }
    }

    // The same refusal reaches a caller of the SDK as an API error with its code.
    server.script(
        "set_role_permissions",
        [cometchat::mock::Answer::error(
            400,
            "ERR_BAD_REQUEST",
            "The permissions field is required.",
        )],
    );
    let error = client
        .set_role_permissions("default")
        .body(SetRolePermissionsRequest::builder().permissions(raw(json!({}))))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400), "{error:?}");
    assert_eq!(
        error.code().map(|c| c.as_str()),
        Some("ERR_BAD_REQUEST"),
        "{error:?}"
    );
}

/// The usage range comes back as `UnixMillis`: each converts to the `SystemTime`
/// that many milliseconds after the epoch, and the receipt counts' times, sent as
/// strings of digits, convert the same way and re-serialize as the strings they were.
#[tokio::test]
async fn metric_times_are_milliseconds() {
    let server = Server::start(vec![
        Step::json(200, &example("MetricsUsage")),
        Step::json(200, &example("MetricsMessageReceipts")),
    ])
    .await;
    let client = support::client(&server);

    let usage = client
        .get_usage_metrics()
        .from_date(FROM_MS)
        .to_date(TO_MS)
        .await
        .unwrap()
        .into_inner();
    let range = usage.time_range.expect("the sample's range");
    let from = range.from_date.expect("fromDate");
    let to = range.to_date.expect("toDate");
    assert_eq!(from, FROM_MS);
    assert_eq!(
        from.as_system_time(),
        Some(UNIX_EPOCH + Duration::from_millis(1_630_164_253_000)),
        "milliseconds, not seconds"
    );
    assert_eq!(
        to.as_system_time(),
        Some(UNIX_EPOCH + Duration::from_secs(1_632_842_653)),
    );
    assert_eq!(
        to.as_system_time()
            .unwrap()
            .duration_since(from.as_system_time().unwrap())
            .ok(),
        Some(Duration::from_secs(
            TO_MS as u64 / 1000 - FROM_MS as u64 / 1000
        )),
    );
    assert!(!from.is_quoted());

    let receipts = client
        .get_message_receipt_metrics()
        .await
        .unwrap()
        .into_inner();
    let start = receipts.start_time.clone().expect("startTime");
    assert!(start.is_quoted(), "CometChat sends a string of digits");
    assert_eq!(
        start.as_system_time(),
        Some(UNIX_EPOCH + Duration::from_millis(1_682_676_600_000))
    );
    let end = receipts.end_time.clone().expect("endTime");
    assert_eq!(
        end.as_system_time()
            .unwrap()
            .duration_since(start.as_system_time().unwrap())
            .ok(),
        Some(Duration::from_secs(3600)),
        "the sample covers one hour"
    );
    let points: Vec<(i64, i64)> = receipts
        .data_points
        .iter()
        .map(|p| {
            (
                p.start_time.as_ref().unwrap().get(),
                p.end_time.as_ref().unwrap().get(),
            )
        })
        .collect();
    assert_eq!(
        points,
        [
            (1_682_676_600_000, 1_682_676_900_000),
            (1_682_676_900_000, 1_682_677_200_000)
        ]
    );
    assert_eq!(
        serde_json::to_value(&start).unwrap(),
        json!("1682676600000"),
        "the text received is sent back"
    );
}

/// A page of a numbered list: items `keys` under `field`, with `meta.pagination`.
fn page_of(field: &str, keys: &[&str], current: u64, total_pages: u64, per_page: u64) -> Value {
    let data: Vec<Value> = keys.iter().map(|k| json!({ field: k })).collect();
    json!({
        "data": data,
        "meta": {"pagination": {
            "total": 99,
            "count": keys.len(),
            "per_page": per_page,
            "current_page": current,
            "total_pages": total_pages,
        }},
    })
}

/// One numbered list: its name, the item field that names an item, and how to walk
/// its items (`per_page` 2, from the page given, or the first).
type Walk =
    fn(
        Client,
        Option<NonZeroU64>,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = cometchat::Result<Vec<String>>>>>;

fn numbered_lists() -> Vec<(&'static str, &'static str, &'static str, Walk)> {
    vec![
        (
            "list_role_permissions",
            "id",
            "/v3/roles/default/permissions",
            |c, first| {
                Box::pin(async move {
                    let mut request = c.list_role_permissions("default").per_page(n(2));
                    if let Some(first) = first {
                        request = request.page(first);
                    }
                    let items: Vec<_> = request.items().try_collect().await?;
                    Ok(items.into_iter().map(|p| p.id).collect())
                })
            },
        ),
        (
            "list_scope_permissions",
            "id",
            "/v3/groups/cometchat-guid-1/scopes/moderator/permissions",
            |c, first| {
                Box::pin(async move {
                    let mut request = c.list_scope_permissions(GUID, "moderator").per_page(n(2));
                    if let Some(first) = first {
                        request = request.page(first);
                    }
                    let items: Vec<_> = request.items().try_collect().await?;
                    Ok(items.into_iter().map(|p| p.id).collect())
                })
            },
        ),
        (
            "list_role_restricted_features",
            "key",
            "/v3/roles/default/restrictedfeatures",
            |c, first| {
                Box::pin(async move {
                    let mut request = c.list_role_restricted_features("default").per_page(n(2));
                    if let Some(first) = first {
                        request = request.page(first);
                    }
                    let items: Vec<_> = request.items().try_collect().await?;
                    Ok(items.into_iter().map(|f| f.key).collect())
                })
            },
        ),
    ]
}

/// Each numbered list streams page after page, each request re-sending `perPage`
/// with the next `page`, and ends on a short page, or on the last page
/// `meta.pagination` names, or when the server answers another page than the one
/// asked for (no item twice).
/// What a case checks, the first page asked for, the answers, the items walked and
/// the pages asked.
type PagingCase = (
    &'static str,
    Option<u64>,
    Vec<Value>,
    Vec<&'static str>,
    Vec<u64>,
);

#[tokio::test]
async fn numbered_lists_stream_over_pages() {
    for (operation, field, path, walk) in numbered_lists() {
        // (what, the first page asked for, the answers, the items walked, the pages asked)
        let cases: Vec<PagingCase> = vec![
            (
                "ends on a short page",
                None,
                vec![
                    page_of(field, &["a", "b"], 1, 9, 2),
                    page_of(field, &["c", "d"], 2, 9, 2),
                    page_of(field, &["e"], 3, 9, 2),
                ],
                vec!["a", "b", "c", "d", "e"],
                vec![1, 2, 3],
            ),
            (
                "from page 2, ends on the last page",
                Some(2),
                vec![
                    page_of(field, &["c", "d"], 2, 3, 2),
                    page_of(field, &["e", "f"], 3, 3, 2),
                ],
                vec!["c", "d", "e", "f"],
                vec![2, 3],
            ),
            (
                "a server that answers page 1 again",
                None,
                vec![
                    page_of(field, &["a", "b"], 1, 9, 2),
                    page_of(field, &["a", "b"], 1, 9, 2),
                ],
                vec!["a", "b"],
                vec![1, 2],
            ),
        ];
        for (what, first, answers, walked, pages) in cases {
            let server = Server::start(answers.iter().map(|a| Step::json(200, a)).collect()).await;
            let items = walk(support::client(&server), first.map(n))
                .await
                .unwrap_or_else(|e| panic!("{operation}, {what}: {e}"));
            assert_eq!(items, walked, "{operation}, {what}");
            let seen: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
            let expected: Vec<String> = pages
                .iter()
                .map(|page| format!("{path}?page={page}&perPage=2"))
                .collect();
            assert_eq!(seen, expected, "{operation}, {what}");
        }
    }
}

/// Every operation with a path parameter, once per parameter: the operation, the
/// parameter's name, and a call with `id` there (the others good).
fn with_id() -> Vec<(&'static str, &'static str, WithId)> {
    vec![
        ("list_role_permissions", "role", |c, id| {
            Box::pin(async move { c.list_role_permissions(id).await.map(drop) })
        }),
        ("set_role_permissions", "role", |c, id| {
            Box::pin(async move {
                let body = SetRolePermissionsRequest::builder().permissions(raw(json!({})));
                c.set_role_permissions(id).body(body).await.map(drop)
            })
        }),
        ("unset_role_permission", "role", |c, id| {
            Box::pin(async move { c.unset_role_permission(id, "sendMessage").await.map(drop) })
        }),
        ("unset_role_permission", "permission", |c, id| {
            Box::pin(async move { c.unset_role_permission("default", id).await.map(drop) })
        }),
        ("list_scope_permissions", "guid", |c, id| {
            Box::pin(async move { c.list_scope_permissions(id, "admin").await.map(drop) })
        }),
        ("list_scope_permissions", "scope", |c, id| {
            Box::pin(async move { c.list_scope_permissions(GUID, id).await.map(drop) })
        }),
        ("set_scope_permissions", "guid", |c, id| {
            Box::pin(async move {
                let body = SetScopePermissionsRequest::builder().permissions(raw(json!({})));
                c.set_scope_permissions(id, "admin")
                    .body(body)
                    .await
                    .map(drop)
            })
        }),
        ("set_scope_permissions", "scope", |c, id| {
            Box::pin(async move {
                let body = SetScopePermissionsRequest::builder().permissions(raw(json!({})));
                c.set_scope_permissions(GUID, id).body(body).await.map(drop)
            })
        }),
        ("unset_scope_permission", "guid", |c, id| {
            Box::pin(async move {
                c.unset_scope_permission(id, "admin", "sendMessage")
                    .await
                    .map(drop)
            })
        }),
        ("unset_scope_permission", "scope", |c, id| {
            Box::pin(async move {
                c.unset_scope_permission(GUID, id, "sendMessage")
                    .await
                    .map(drop)
            })
        }),
        ("unset_scope_permission", "permission", |c, id| {
            Box::pin(async move { c.unset_scope_permission(GUID, "admin", id).await.map(drop) })
        }),
        ("list_role_restricted_features", "role", |c, id| {
            Box::pin(async move { c.list_role_restricted_features(id).await.map(drop) })
        }),
        ("restrict_role_features", "role", |c, id| {
            Box::pin(async move {
                let body = RestrictRoleFeaturesRequest::builder()
                    .features_to_restrict(vec!["u.listUsers".to_owned()]);
                c.restrict_role_features(id).body(body).await.map(drop)
            })
        }),
        ("allow_role_features", "role", |c, id| {
            Box::pin(async move {
                let body = AllowRoleFeaturesRequest::builder().allow_all(Some(true));
                c.allow_role_features(id).body(body).await.map(drop)
            })
        }),
    ]
}

/// A role, scope or permission id is text: what would move the request to another
/// path once the URL is parsed (empty, `.`, `..`, `\`, a control character) or
/// breaks the spec's length (over 100 characters) is refused before any request; a
/// GUID must also be a CometChat id (no `/`, no space). Then the edges: 100
/// characters go through, and a `/` in a text id stays one segment.
#[tokio::test]
async fn bad_ids_are_refused_before_any_request() {
    // Nothing is sent until the edges below: two pages, then a permission change.
    let server = Server::start(vec![
        Step::json(200, &json!({"data": []})),
        Step::json(200, &json!({"data": []})),
        Step::json(200, &json!({"data": {"permissions": {}}})),
    ])
    .await;
    let client = support::client(&server);
    let too_long = "r".repeat(101);
    let bad_text: Vec<&str> = operations::BAD_TEXT_IDS
        .iter()
        .copied()
        .chain([too_long.as_str()])
        .collect();
    let bad_guid = ["a/b", "a b", "a%2Fb", "a.b"];
    let operations = with_id();
    assert_eq!(
        operations.len(),
        14,
        "every path parameter of every operation"
    );
    for (operation, name, call) in &operations {
        let guid = *name == "guid";
        for id in bad_text
            .iter()
            .chain(if guid { &bad_guid[..] } else { &[] })
        {
            let what = format!("{operation}({name} = {id:?})");
            assert_refused(&server, call(client.clone(), (*id).to_owned()), name, &what).await;
        }
    }
    assert_eq!(
        server.seen().iter().map(|s| &s.path).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "a refused call reached the server"
    );

    // 100 characters go through; a `/` in a role is sent encoded, in one segment.
    let longest = "r".repeat(100);
    client
        .list_role_restricted_features(&longest)
        .await
        .unwrap();
    client
        .list_scope_permissions(&longest, "admin")
        .await
        .unwrap();
    client
        .unset_role_permission("a/b", "listUsers/mode")
        .await
        .unwrap();
    let seen: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(
        seen,
        [
            format!("/v3/roles/{longest}/restrictedfeatures"),
            format!("/v3/groups/{longest}/scopes/admin/permissions"),
            "/v3/roles/a%2Fb/permissions/listUsers%2Fmode".to_owned(),
        ]
    );
}
