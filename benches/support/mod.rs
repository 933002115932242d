//! Shared by the benchmarks: the inputs, and the hand-written model they compare
//! the generated types against.
#![allow(dead_code)]

pub mod handwritten;

use serde_json::{json, Value};

/// The spec, whose example is the benchmark's sample.
const SPEC: &str = include_str!("../../openapi/cometchat.json");

/// The vendor's sample response, compact, as a server sends it.
pub fn sample() -> Vec<u8> {
    serde_json::to_vec(&sample_value()).expect("a Value encodes")
}

fn sample_value() -> Value {
    let spec: Value = serde_json::from_str(SPEC).expect("the spec is JSON");
    spec.pointer("/components/examples/GroupConversation/value")
        .expect("the spec has its example")
        .clone()
}

/// `count` conversations built from the sample with varied values: text and action
/// messages, counts and ids as strings and as numbers, some without a last message.
pub fn large(count: usize) -> Vec<u8> {
    let template = sample_value()["data"][0].clone();
    let words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor";
    let conversations: Vec<Value> = (0..count)
        .map(|i| {
            let mut c = template.clone();
            c["conversationId"] = json!(format!("group_project-group-{i}"));
            c["unreadMessageCount"] = if i % 2 == 0 { json!(i.to_string()) } else { json!(i) };
            c["updatedAt"] = json!(1_630_481_413 + i);
            c["tags"] = json!(["team", format!("tag-{}", i % 7)]);
            c["conversationWith"]["guid"] = json!(format!("project-group-{i}"));
            c["conversationWith"]["name"] = json!(format!("Project Group {i}"));
            c["conversationWith"]["membersCount"] = json!(i % 50 + 2);
            let description: String = words.split(' ').cycle().take(30 + i % 40).collect::<Vec<_>>().join(" ");
            let description = json!(format!("{description} {i}"));
            c["conversationWith"]["description"] = description.clone();
            let message = &mut c["lastMessage"];
            message["id"] = if i % 3 == 0 { json!(50 + i) } else { json!((50 + i).to_string()) };
            message["sentAt"] = json!(1_630_305_562 + i);
            message["receiver"] = json!(format!("project-group-{i}"));
            message["data"]["entities"]["for"]["entity"]["description"] = description;
            if i % 2 == 1 {
                message["category"] = json!("message");
                message["type"] = json!("text");
                let text: String = words.split(' ').cycle().take(170 + i % 100).collect::<Vec<_>>().join(" ");
                message["data"]["text"] = json!(text);
                message["data"]["metadata"] = json!({"client": "web", "edited": i % 5 == 0, "mentions": [format!("uid-{i}")]});
                message["data"].as_object_mut().map(|data| data.remove("action"));
            }
            if i % 10 == 9 {
                c.as_object_mut().map(|object| object.remove("lastMessage"));
            }
            c
        })
        .collect();
    serde_json::to_vec(&json!({ "data": conversations })).expect("a Value encodes")
}

/// A page of `count` conversations as `GET /conversations` answers it: the
/// conversations of [`large`] in `data`, and `meta.pagination` numbering it page
/// `page` of `total_pages`, with CometChat's quirk of `total: 0`.
pub fn list_page_numbered(count: usize, page: usize, total_pages: usize) -> Vec<u8> {
    let mut body: Value = serde_json::from_slice(&large(count)).expect("the body is JSON");
    body["meta"] = json!({"pagination": {
        "total": 0, "count": count, "per_page": count,
        "current_page": page, "total_pages": total_pages,
    }});
    serde_json::to_vec(&body).expect("a Value encodes")
}

/// A page of `count` conversations, page 1 of 1: see [`list_page_numbered`].
pub fn list_page(count: usize) -> Vec<u8> {
    list_page_numbered(count, 1, 1)
}

/// A page of `count` users as `GET /users` answers it, built from the spec's sample
/// list with varied values: timestamps as numbers and as strings, metadata on some,
/// tags, blocking fields, `meta.pagination` and the top-level `cursor`.
pub fn users_page(count: usize) -> Vec<u8> {
    let spec: Value = serde_json::from_str(SPEC).expect("the spec is JSON");
    let sample = spec
        .pointer("/components/examples/UserList/value")
        .expect("the spec has the user list example")
        .clone();
    let templates = sample["data"].as_array().expect("a list").clone();
    let users: Vec<Value> = (0..count)
        .map(|i| {
            let mut user = templates[i % templates.len()].clone();
            user["uid"] = json!(format!("user-{i}"));
            user["name"] = json!(format!("User Number {i}"));
            user["avatar"] = json!(format!("https://data.example.com/avatars/{i}.png"));
            user["createdAt"] = if i % 2 == 0 {
                json!(1_638_354_799 + i)
            } else {
                json!((1_638_354_799 + i).to_string())
            };
            user["lastActiveAt"] = json!(1_638_400_000 + i);
            user["conversationId"] = json!(format!("superhero1_user_user-{i}"));
            user["tags"] = json!(["customer", format!("cohort-{}", i % 12)]);
            if i % 3 == 0 {
                user["metadata"] =
                    json!({"@private": {"email": format!("user{i}@example.com")}, "plan": "pro"});
            }
            user
        })
        .collect();
    serde_json::to_vec(&json!({
        "data": users,
        "meta": {"pagination": {"total": count, "count": count, "per_page": count, "current_page": 1, "total_pages": 1}},
        "cursor": sample["cursor"],
    }))
    .expect("a Value encodes")
}

/// The vendor's answer to sending a message, compact.
pub fn message_sent() -> Vec<u8> {
    let spec: Value = serde_json::from_str(SPEC).expect("the spec is JSON");
    let sample = spec
        .pointer("/components/examples/MessageSent/value")
        .expect("the spec has the example MessageSent");
    serde_json::to_vec(sample).expect("a Value encodes")
}

/// A page of `count` messages as `GET /messages` answers it, of every category
/// the spec's samples show (text, edited and group-member actions, calls, replies
/// with reactions) plus media, custom and interactive messages and one of a
/// category this SDK does not know, with ids as strings, `meta.current` and
/// `meta.next`.
pub fn messages_page(count: usize) -> Vec<u8> {
    let spec: Value = serde_json::from_str(SPEC).expect("the spec is JSON");
    let example = |name: &str| {
        spec.pointer(&format!("/components/examples/{name}/value/data"))
            .unwrap_or_else(|| panic!("the spec has the example {name}"))
            .clone()
    };
    let mut templates: Vec<Value> = Vec::new();
    for name in ["UserMessageList", "ThreadReplyList", "GroupMessageList"] {
        templates.extend(example(name).as_array().expect("a list").iter().cloned());
    }
    for name in ["MessageEdited", "MessageReactionAdded", "MessageFetched"] {
        templates.push(example(name));
    }
    let text = example("MessageFetched");
    let mut media = text.clone();
    media["type"] = json!("image");
    media["data"]["attachments"] = json!([{"url": "https://files.example.com/a.png", "name": "a.png", "mimeType": "image/png", "extension": "png", "size": 48213}]);
    let mut custom = text.clone();
    custom["category"] = json!("custom");
    custom["type"] = json!("location");
    custom["data"] = json!({"customData": {"latitude": 19.0748, "longitude": 72.8856}, "entities": text["data"]["entities"]});
    let mut interactive = text.clone();
    interactive["category"] = json!("interactive");
    interactive["type"] = json!("form");
    interactive["data"] = json!({"interactiveData": {"title": "Survey", "formFields": [{"elementType": "textInput", "elementId": "name", "label": "Name"}]}, "interactionGoal": {"type": "anyAction"}, "allowSenderInteraction": false, "entities": text["data"]["entities"]});
    let mut unknown = text.clone();
    unknown["category"] = json!("poll");
    unknown["type"] = json!("multipleChoice");
    unknown["data"] = json!({"question": "Lunch?", "options": ["yes", "no"], "entities": text["data"]["entities"]});
    templates.extend([media, custom, interactive, unknown]);
    let messages: Vec<Value> = (0..count)
        .map(|i| {
            let mut message = templates[i % templates.len()].clone();
            message["id"] = json!((1000 + i).to_string());
            message["sentAt"] = json!(1_700_000_000 + i);
            message["updatedAt"] = json!(1_700_000_000 + i);
            message
        })
        .collect();
    let last = &messages[count - 1];
    serde_json::to_vec(&json!({
        "data": messages,
        "meta": {
            "current": {"limit": count, "count": count},
            "next": {"affix": "append", "id": last["id"], "sentAt": last["sentAt"]},
        },
    }))
    .expect("a Value encodes")
}

/// Writes a benchmark's results where `cargo xtask bench` reads them:
/// `$COMETCHAT_BENCH_OUT` (default `target/bench`).
pub fn write_report(name: &str, report: &Value) {
    let dir = std::env::var_os("COMETCHAT_BENCH_OUT")
        .map_or_else(|| "target/bench".into(), std::path::PathBuf::from);
    std::fs::create_dir_all(&dir).expect("the report directory can be created");
    let path = dir.join(name);
    std::fs::write(
        &path,
        serde_json::to_vec_pretty(report).expect("a Value encodes"),
    )
    .expect("the report can be written");
    println!("wrote {}", path.display());
}

/// The reqwest client a user would build by hand, with the settings the SDK uses:
/// the baseline of the loopback and paging benches.
pub fn raw_http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(std::time::Duration::from_secs(10))
        .user_agent(concat!("cometchat-rust/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("a reqwest client")
}
