//! The stand-in's state for the Messages resource: behaviour of the fake, not of
//! the SDK, so it is written by hand and kept small.
//!
//! Messages are kept as JSON objects in the order they were sent, with ids counting
//! up from 1. Sending one makes it appear in every list and, through
//! [`History`], moves its conversation's `lastMessage` and unread counts. Lists
//! read by cursor as CometChat's do: `limit`, `affix` and the `id` (or `sentAt`) to
//! continue after, answering `meta.current` and `meta.next`.

use reqwest::StatusCode;
use serde_json::{json, Map, Value};

use super::{
    bad_request, body,
    conversations::{History, Key},
    error, now, number, ok,
    page::by_cursor,
    store::Stores,
    Call, Reply,
};

/// Who sends when no user is named, as CometChat's samples show it.
const APP: &str = "app_system";

/// The operations of this fake that send a message.
const SENDS: &[&str] = &["send_message", "send_bot_message", "send_thread_message"];

#[derive(Debug, Default)]
pub(crate) struct Messages {
    items: Vec<Value>,
    /// One entry per user's reaction to a message, as the reaction lists answer it.
    reactions: Vec<Value>,
    last_id: u64,
    last_reaction_id: u64,
}

/// A message's id as a number; the stand-in's are.
fn id_of(message: &Value) -> u64 {
    number(&message["id"]).unwrap_or(0)
}

/// The message a path names (`{messageId}`; a list's `id` is its cursor).
fn message_id<'a>(call: &'a Call<'_>) -> Option<&'a str> {
    call.param("messageId")
}

fn not_found(id: &str) -> Reply {
    error(
        StatusCode::NOT_FOUND,
        "ERR_MESSAGE_ID_NOT_FOUND",
        format!("The message with id {id} does not exist."),
    )
}

/// The entity CometChat attaches for a user or a group: the stored one, or its id.
fn entity(stores: &Stores, kind: &str, id: &str) -> Value {
    let (store, key) = if kind == "group" {
        ("groups", "guid")
    } else {
        ("users", "uid")
    };
    let entity = stores
        .get(store, id)
        .cloned()
        .unwrap_or_else(|| json!({ key: id }));
    json!({ "entity": entity, "entityType": kind })
}

impl Messages {
    /// The answer of a Messages operation, and the message it sent if any; `None`
    /// for an operation this fake does not handle.
    pub(crate) fn answer(
        &mut self,
        call: &Call<'_>,
        stores: &Stores,
    ) -> Option<(Reply, Option<Value>)> {
        let operation = call.route.operation;
        if SENDS.contains(&operation) {
            return Some(match self.send(call, stores) {
                Ok(message) => (ok(&json!({ "data": message })), Some(message)),
                Err(reply) => (reply, None),
            });
        }
        let acting = call.param("onBehalfOf").unwrap_or(APP);
        let reply = match operation {
            "list_messages" => self.list(call, |m| {
                call.param("onBehalfOf")
                    .is_none_or(|uid| m["sender"] == uid || m["receiver"] == uid)
            }),
            "list_user_messages" => {
                let uid = call.param("uid")?;
                self.list(call, |m| {
                    m["receiverType"] == "user"
                        && ((m["sender"] == uid && m["receiver"] == acting)
                            || (m["sender"] == acting && m["receiver"] == uid)
                            || (call.param("onBehalfOf").is_none()
                                && (m["sender"] == uid || m["receiver"] == uid)))
                })
            }
            "list_group_messages" => {
                let guid = call.param("guid")?;
                self.list(call, |m| {
                    m["receiverType"] == "group" && m["receiver"] == guid
                })
            }
            "list_thread_messages" => {
                let id = message_id(call)?;
                if self.find(id).is_none() {
                    return Some((not_found(id), None));
                }
                self.list(call, |m| m["parentId"] == id)
            }
            "list_threads" => self.threads(call),
            "list_message_reactions" | "list_message_reactions_of" => {
                let id = message_id(call)?;
                if self.find(id).is_none() {
                    return Some((not_found(id), None));
                }
                let (id, reaction) = (id.parse::<u64>().ok(), call.param("reaction"));
                let matching: Vec<Value> = self
                    .reactions
                    .iter()
                    .filter(|r| {
                        number(&r["messageId"]) == id && reaction.is_none_or(|e| r["reaction"] == e)
                    })
                    .cloned()
                    .collect();
                by_cursor(call, matching, 10, None)
            }
            // Every other operation with a message in its path is about that one.
            _ => {
                let id = message_id(call)?;
                let Some(index) = self.find(id) else {
                    return Some((not_found(id), None));
                };
                self.change(call, operation, index, acting, stores)
            }
        };
        Some((reply, None))
    }

    fn find(&self, id: &str) -> Option<usize> {
        let id = id.parse::<u64>().ok()?;
        self.items.iter().position(|m| id_of(m) == id)
    }

    /// A new message from the request, kept and returned.
    fn send(&mut self, call: &Call<'_>, stores: &Stores) -> Result<Value, Reply> {
        let request = body(call);
        let sender = match call.route.operation {
            "send_bot_message" => call.param("uid").unwrap_or(APP),
            _ => call.param("onBehalfOf").unwrap_or(APP),
        };
        let parent = match call.route.operation {
            "send_thread_message" => {
                let id = message_id(call).unwrap_or_default();
                if self.find(id).is_none() {
                    return Err(not_found(id));
                }
                Some(id.to_owned())
            }
            _ => request
                .get("parentId")
                .and_then(Value::as_str)
                .map(str::to_owned),
        };
        let text = |name: &str| request.get(name).and_then(Value::as_str);
        let (Some(receiver), Some(kind)) = (text("receiver"), text("receiverType")) else {
            return Err(bad_request(
                "A message needs a `receiver` and a `receiverType` (`user` or `group`).",
            ));
        };
        if kind != "user" && kind != "group" {
            return Err(bad_request("`receiverType` is `user` or `group`."));
        }
        self.last_id += 1;
        let sent_at = now();
        let conversation_id = if kind == "group" {
            Key::Group(receiver.to_owned())
        } else {
            Key::user(sender, receiver)
        }
        .id();
        let mut data = request
            .get("data")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        data.insert(
            "entities".to_owned(),
            json!({
                "sender": entity(stores, "user", sender),
                "receiver": entity(stores, kind, receiver),
            }),
        );
        let mut message = Map::new();
        message.insert("id".to_owned(), json!(self.last_id.to_string()));
        for field in ["muid", "quotedMessageId", "tags"] {
            if let Some(value) = request.get(field) {
                message.insert(field.to_owned(), value.clone());
            }
        }
        message.insert("conversationId".to_owned(), json!(conversation_id));
        message.insert("sender".to_owned(), json!(sender));
        message.insert("receiverType".to_owned(), json!(kind));
        message.insert("receiver".to_owned(), json!(receiver));
        message.insert(
            "category".to_owned(),
            request.get("category").cloned().unwrap_or(json!("message")),
        );
        message.insert(
            "type".to_owned(),
            request.get("type").cloned().unwrap_or(json!("text")),
        );
        message.insert("data".to_owned(), Value::Object(data));
        if let Some(parent) = parent {
            message.insert("parentId".to_owned(), json!(parent));
        }
        message.insert("sentAt".to_owned(), json!(sent_at));
        message.insert("updatedAt".to_owned(), json!(sent_at));
        let message = Value::Object(message);
        self.items.push(message.clone());
        Ok(message)
    }

    /// The page of messages `keep` selects, after the request's filters.
    fn list(&self, call: &Call<'_>, keep: impl Fn(&Value) -> bool) -> Reply {
        let matching = self
            .items
            .iter()
            .filter(|m| keep(m) && filters(call, m))
            .cloned()
            .collect();
        by_cursor(call, matching, 10, Some("sentAt"))
    }

    /// Messages that have replies, each with `replyCount` and `lastReply`.
    fn threads(&self, call: &Call<'_>) -> Reply {
        let mut threads = Vec::new();
        for parent in &self.items {
            let id = id_of(parent).to_string();
            let replies: Vec<&Value> = self.items.iter().filter(|m| m["parentId"] == id).collect();
            let Some(last) = replies.last() else {
                continue;
            };
            let mut thread = parent.clone();
            thread["replyCount"] = json!(replies.len());
            thread["lastReply"] = (*last).clone();
            thread["updatedAt"] = last["sentAt"].clone();
            threads.push(thread);
        }
        // Threads run by their last reply, then by id.
        threads.sort_by_key(|thread| (number::<u64>(&thread["updatedAt"]), id_of(thread)));
        by_cursor(call, threads, 100, Some("updatedAt"))
    }

    /// An operation on one message, at `index`.
    fn change(
        &mut self,
        call: &Call<'_>,
        operation: &str,
        index: usize,
        acting: &str,
        stores: &Stores,
    ) -> Reply {
        let id = id_of(&self.items[index]);
        let request = body(call);
        let at = now();
        let message = &mut self.items[index];
        match operation {
            "update_message" => {
                if let Some(data) = request.get("data").and_then(Value::as_object) {
                    for (field, value) in data {
                        message["data"][field] = value.clone();
                    }
                }
                if let Some(tags) = request.get("tags") {
                    message["tags"] = tags.clone();
                }
                message["editedAt"] = json!(at);
                message["editedBy"] = json!(acting);
                message["updatedAt"] = json!(at);
                let edited = message.clone();
                return self.action(&edited, "edited", acting, stores);
            }
            "delete_message" => {
                if request.get("permanent") == Some(&json!(true)) {
                    let mut removed = self.items.remove(index);
                    self.reactions
                        .retain(|r| number(&r["messageId"]) != Some(id));
                    removed["deletedAt"] = json!(at);
                    removed["deletedBy"] = json!(acting);
                    return self.action(&removed, "deleted", acting, stores);
                }
                message["deletedAt"] = json!(at);
                message["deletedBy"] = json!(acting);
                message["updatedAt"] = json!(at);
                let deleted = message.clone();
                return self.action(&deleted, "deleted", acting, stores);
            }
            "mark_message_interacted" => {
                let interactions = request.get("interactions").cloned().unwrap_or(json!([]));
                message["data"]["interactions"] = interactions;
                let message = "The message has been marked as interacted.";
                return ok(&json!({ "data": { "success": true, "message": message } }));
            }
            "add_message_reaction" | "remove_message_reaction" => {
                let reaction = call.param("reaction").unwrap_or_default();
                let mine = |r: &Value| {
                    number(&r["messageId"]) == Some(id)
                        && r["reaction"] == reaction
                        && r["uid"] == acting
                };
                if operation == "add_message_reaction" {
                    if !self.reactions.iter().any(mine) {
                        let reacted_by = entity(stores, "user", acting)["entity"].clone();
                        self.last_reaction_id += 1;
                        self.reactions.push(json!({
                            "id": self.last_reaction_id.to_string(),
                            "messageId": id.to_string(),
                            "reaction": reaction,
                            "uid": acting,
                            "reactedAt": at,
                            "reactedBy": reacted_by,
                        }));
                    }
                } else {
                    self.reactions.retain(|r| !mine(r));
                }
                let counts = self.reaction_counts(id, acting);
                let message = &mut self.items[index];
                message["data"]["reactions"] = counts;
                message["updatedAt"] = json!(at);
                return ok(&json!({ "data": message }));
            }
            "pin_message" => {
                message["pinnedBy"] = json!(acting);
                message["pinnedAt"] = json!(at);
            }
            "unpin_message" => {
                if let Some(fields) = message.as_object_mut() {
                    fields.remove("pinnedBy");
                    fields.remove("pinnedAt");
                }
            }
            // Saved is per user, and shown only in the answer.
            "save_message" => {
                let mut saved = message.clone();
                saved["savedAt"] = json!(at);
                return ok(&json!({ "data": saved }));
            }
            // Unsaving and thread subscriptions change nothing the stand-in keeps.
            "get_message" | "unsave_message" => {}
            "subscribe_thread" | "unsubscribe_thread" => {
                return ok(&json!({ "data": { "success": true } }))
            }
            _ => return call.sample(),
        }
        ok(&json!({ "data": self.items[index] }))
    }

    /// The action message CometChat answers an edit or a deletion with: `action`
    /// done `by` the acting user `on` the message, `for` its receiver. It takes the
    /// next id; the stand-in does not list it.
    fn action(&mut self, message: &Value, action: &str, acting: &str, stores: &Stores) -> Reply {
        self.last_id += 1;
        let at = now();
        let kind = message["receiverType"].as_str().unwrap_or("user");
        let receiver = message["receiver"].as_str().unwrap_or_default();
        ok(&json!({ "data": {
            "id": self.last_id.to_string(),
            "conversationId": message["conversationId"],
            "sender": acting,
            "receiverType": kind,
            "receiver": receiver,
            "category": "action",
            "type": "message",
            "data": {
                "action": action,
                "entities": {
                    "by": entity(stores, "user", acting),
                    "for": entity(stores, kind, receiver),
                    "on": { "entity": message, "entityType": "message" },
                },
            },
            "sentAt": at,
            "updatedAt": at,
        }}))
    }

    /// `[{reaction, count, reactedByMe}]` for a message, in the order first used.
    fn reaction_counts(&self, id: u64, acting: &str) -> Value {
        let mut counts: Vec<Value> = Vec::new();
        for reaction in self
            .reactions
            .iter()
            .filter(|r| number(&r["messageId"]) == Some(id))
        {
            let mine = reaction["uid"] == acting;
            match counts
                .iter_mut()
                .find(|c| c["reaction"] == reaction["reaction"])
            {
                Some(count) => {
                    count["count"] = json!(count["count"].as_u64().unwrap_or(0) + 1);
                    if mine {
                        count["reactedByMe"] = json!(true);
                    }
                }
                None => counts.push(json!({
                    "reaction": reaction["reaction"],
                    "count": 1,
                    "reactedByMe": mine,
                })),
            }
        }
        Value::Array(counts)
    }
}

/// Whether a message passes the request's filters (those the stand-in knows; the
/// others are accepted and ignored).
fn filters(call: &Call<'_>, message: &Value) -> bool {
    let one_of = |field: &str, single: &str, plural: &str| {
        let mut wanted = call.values(single);
        wanted.extend(call.values(plural));
        wanted.is_empty() || wanted.iter().any(|w| message[field] == *w)
    };
    let flag = |name: &str| call.param(name) == Some("true");
    let deleted = message.get("deletedAt").is_some();
    let sent_at = number(&message["sentAt"]).unwrap_or(0);
    let within = |from: &str, to: &str| {
        let bound = |name: &str| call.param(name).and_then(|v| v.parse::<u64>().ok());
        bound(from).is_none_or(|from| sent_at >= from) && bound(to).is_none_or(|to| sent_at <= to)
    };
    let search = call.param("searchKey").map(str::to_lowercase);
    let tags = call.values("tags");
    one_of("category", "category", "categories")
        && one_of("type", "type", "types")
        && one_of("sender", "sender", "senders")
        && call
            .param("receiverType")
            .is_none_or(|kind| message["receiverType"] == kind)
        && call
            .param("conversationId")
            .is_none_or(|id| message["conversationId"] == id)
        && !(flag("hideReplies") && message.get("parentId").is_some())
        && !(flag("hideDeleted") && deleted)
        && (!flag("onlyDeleted") || deleted)
        && (!flag("hasAttachments") || message["data"]["attachments"].is_array())
        && (!flag("withTags") || message["tags"].is_array())
        && within("sentAt[from]", "sentAt[to]")
        && within("fromTimestamp", "toTimestamp")
        && (tags.is_empty()
            || message["tags"]
                .as_array()
                .is_some_and(|kept| kept.iter().any(|t| tags.iter().any(|w| t == w))))
        && search.is_none_or(|search| {
            message["data"]["text"]
                .as_str()
                .is_some_and(|text| text.to_lowercase().contains(&search))
        })
}

/// Whether a message is part of its conversation's history as the conversation
/// shows it: thread replies are not (they move their thread, not the conversation).
fn in_history(message: &Value, conversation_id: &str) -> bool {
    message["conversationId"] == conversation_id && message.get("parentId").is_none()
}

impl History for Messages {
    fn last(&self, conversation_id: &str) -> Option<&Value> {
        self.items
            .iter()
            .rev()
            .find(|m| in_history(m, conversation_id) && m.get("deletedAt").is_none())
    }

    fn unread(&self, conversation_id: &str, reader: &str, read_up_to: u64) -> Option<u64> {
        let mut any = false;
        let mut unread = 0;
        for message in self.items.iter().filter(|m| in_history(m, conversation_id)) {
            any = true;
            if id_of(message) > read_up_to
                && message["sender"] != reader
                && message.get("deletedAt").is_none()
            {
                unread += 1;
            }
        }
        any.then_some(unread)
    }

    fn latest_id(&self, conversation_id: &str) -> Option<u64> {
        self.last(conversation_id).map(id_of)
    }
}
