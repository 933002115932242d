//! The stand-in's state for the Conversations resource: behaviour of the fake, not
//! of the SDK, so it is written by hand, per operation, and kept small.
//!
//! One view of each conversation is kept, whoever acts: tags, counts and pins set by
//! one user show to all. Conversations are kept as JSON objects, in the order they
//! were added, and seeded from the spec's samples.

use reqwest::StatusCode;
use serde_json::{json, Map, Value};

use super::{body, error, now, number, ok, page, route, Call, Reply};

/// At most this many pins per user, and at app level, as CometChat allows.
const PIN_LIMIT: usize = 5;
/// Who pins at app level, as CometChat's samples show it.
const APP: &str = "app_system";

/// Which conversation: a group's, or the one between two users (in sorted order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Key {
    Group(String),
    User(String, String),
}

impl Key {
    pub(crate) fn user(a: &str, b: &str) -> Self {
        if a <= b {
            Self::User(a.to_owned(), b.to_owned())
        } else {
            Self::User(b.to_owned(), a.to_owned())
        }
    }

    /// The conversation's id: `group_{guid}`, or `{uid}_user_{uid}`.
    pub(crate) fn id(&self) -> String {
        match self {
            Self::Group(guid) => format!("group_{guid}"),
            Self::User(a, b) => format!("{a}_user_{b}"),
        }
    }

    /// The key a conversation id names: `group_{guid}`, `{uid}_user_{uid}`, or
    /// (as in one of CometChat's samples) a bare GUID.
    pub(crate) fn of_id(id: &str) -> Self {
        if let Some(guid) = id.strip_prefix("group_") {
            Self::Group(guid.to_owned())
        } else if let Some((a, b)) = id.split_once("_user_") {
            Self::user(a, b)
        } else {
            Self::Group(id.to_owned())
        }
    }

    /// The key of a conversation value: its group, or its id.
    pub(crate) fn of_value(value: &Value) -> Option<Self> {
        let id = value.get("conversationId")?.as_str()?;
        let group = value.get("conversationType").and_then(Value::as_str) == Some("group");
        let guid = value
            .pointer("/conversationWith/guid")
            .and_then(Value::as_str);
        Some(match guid {
            Some(guid) if group => Self::Group(guid.to_owned()),
            _ => Self::of_id(id),
        })
    }

    fn not_found(&self) -> Reply {
        match self {
            Self::Group(guid) => error(
                StatusCode::NOT_FOUND,
                "ERR_GUID_NOT_FOUND",
                format!("The guid {guid} does not exist."),
            ),
            Self::User(a, b) => error(
                StatusCode::NOT_FOUND,
                "ERR_UID_NOT_FOUND",
                format!("No conversation between the uids {a} and {b} exists."),
            ),
        }
    }
}

/// What this fake reads of the messages the stand-in keeps, so that a message
/// sent shows as a conversation's `lastMessage` and in its unread count.
pub(crate) trait History {
    /// The latest message of a conversation that is not deleted.
    fn last(&self, conversation_id: &str) -> Option<&Value>;
    /// How many messages of a conversation, after the id `read_up_to`, came from
    /// someone other than `reader`; `None` when no message of it is kept.
    fn unread(&self, conversation_id: &str, reader: &str, read_up_to: u64) -> Option<u64>;
    /// The id of the latest message of a conversation.
    fn latest_id(&self, conversation_id: &str) -> Option<u64>;
}

/// The conversations, the app-level pins, and how far each user has read.
#[derive(Debug, Default)]
pub(crate) struct Conversations {
    items: Vec<(Key, Value)>,
    app_pins: Vec<Value>,
    /// (conversation id, uid, the last message id read).
    read: Vec<(String, String, u64)>,
}

impl Conversations {
    /// Seeded from the spec's samples: the group conversation's, the list's, and
    /// the conversations the app-level pins sample names (which become the pins).
    pub(crate) fn seeded() -> Self {
        let mut seeded = Self::default();
        let sample = route::sample_items;
        for value in sample("get_group_conversation")
            .into_iter()
            .chain(sample("list_conversations"))
        {
            seeded.add(value);
        }
        for pin in sample("list_pinned_conversations") {
            let mut conversation = pin.clone();
            if let Some(fields) = conversation.as_object_mut() {
                fields.remove("pinnedBy");
                fields.remove("pinnedAt");
            }
            seeded.add(conversation);
            seeded.app_pins.push(pin);
        }
        seeded
    }

    /// Adds a conversation unless one with its key is kept already.
    fn add(&mut self, value: Value) {
        if let Some(key) = Key::of_value(&value) {
            if self.get(&key).is_none() {
                self.items.push((key, value));
            }
        }
    }

    /// Keeps `value` under `key`, in place of the one there.
    pub(crate) fn set(&mut self, key: Key, value: Value) {
        match self.items.iter_mut().find(|(k, _)| *k == key) {
            Some((_, kept)) => *kept = value,
            None => self.items.push((key, value)),
        }
    }

    pub(crate) fn remove(&mut self, key: &Key) -> Option<Value> {
        let index = self.items.iter().position(|(k, _)| k == key)?;
        Some(self.items.remove(index).1)
    }

    pub(crate) fn get(&self, key: &Key) -> Option<&Value> {
        self.items.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn get_mut(&mut self, key: &Key) -> Option<&mut Map<String, Value>> {
        self.items
            .iter_mut()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.as_object_mut())
    }

    /// Starts the conversation a message was sent in, if new, and marks it read
    /// up to the message for its sender.
    pub(crate) fn record(&mut self, message: &Value) {
        let text = |field: &str| message[field].as_str().unwrap_or_default();
        let (id, sender, receiver) = (text("conversationId"), text("sender"), text("receiver"));
        let group = text("receiverType") == "group";
        let key = if group {
            Key::Group(receiver.to_owned())
        } else {
            Key::user(sender, receiver)
        };
        if self.get(&key).is_none() {
            let sent_at = &message["sentAt"];
            self.items.push((
                key,
                json!({
                    "conversationId": id,
                    "conversationType": if group { "group" } else { "user" },
                    "unreadMessageCount": "0",
                    "createdAt": sent_at,
                    "updatedAt": sent_at,
                    "conversationWith": message.pointer("/data/entities/receiver/entity"),
                }),
            ));
        }
        self.mark(id, sender, number(&message["id"]).unwrap_or(0));
    }

    /// The id of the conversation kept under `key`, as it was sent.
    fn conversation_id(&self, key: &Key) -> Option<String> {
        Some(self.get(key)?["conversationId"].as_str()?.to_owned())
    }

    /// Records that `uid` has read `conversation_id` up to the message `id`.
    fn mark(&mut self, conversation_id: &str, uid: &str, id: u64) {
        self.read.retain(|(conversation, reader, _)| {
            (conversation.as_str(), reader.as_str()) != (conversation_id, uid)
        });
        self.read
            .push((conversation_id.to_owned(), uid.to_owned(), id));
    }

    /// A conversation as `acting` sees it: with the latest message kept, the count
    /// of those it has not read, and the other party of a one-to-one conversation.
    fn view(&self, value: &Value, acting: Option<&str>, history: &dyn History) -> Value {
        let mut view = value.clone();
        let Some(id) = value["conversationId"].as_str() else {
            return view;
        };
        let Some(last) = history.last(id) else {
            return view;
        };
        view["lastMessage"] = last.clone();
        view["updatedAt"] = last["sentAt"].clone();
        let Some(acting) = acting else {
            return view;
        };
        let read_up_to = self
            .read
            .iter()
            .find(|(conversation, reader, _)| conversation == id && reader == acting)
            .map_or(0, |(_, _, read)| *read);
        if let Some(unread) = history.unread(id, acting, read_up_to) {
            view["unreadMessageCount"] = json!(unread.to_string());
        }
        if view.pointer("/conversationWith/uid") == Some(&json!(acting)) {
            let other = if last["sender"] == acting {
                "receiver"
            } else {
                "sender"
            };
            if let Some(entity) = last.pointer(&format!("/data/entities/{other}/entity")) {
                view["conversationWith"] = entity.clone();
            }
        }
        view
    }

    /// The answer of a Conversations operation from the state, or `None` for an
    /// operation this state does not handle (it then answers its sample).
    pub(crate) fn answer(&mut self, call: &Call<'_>, history: &dyn History) -> Option<Reply> {
        let acting = call.param("onBehalfOf").unwrap_or_default();
        let operation = call.route.operation;
        // This fake serves the Conversations resource: every path of it names a
        // conversation (`/conversations`, `/users/{uid}/conversation/...`).
        if !call.route.path.contains("/conversation") {
            return None;
        }
        match operation {
            "list_conversations" => return Some(self.list(call, history)),
            "list_pinned_conversations" => return Some(ok(&json!({ "data": self.app_pins }))),
            "replace_pinned_conversations" => return Some(self.replace_pins(call)),
            _ => {}
        }
        let key = if let Some(id) = call.param("conversationId") {
            Key::of_id(id)
        } else if let Some(guid) = call.param("guid") {
            Key::Group(guid.to_owned())
        } else if let Some(uid) = call.param("uid") {
            Key::user(acting, uid)
        } else {
            return None;
        };
        if self.get(&key).is_none() {
            return Some(key.not_found());
        }
        // `mark_user_conversation_read` and `mark_group_conversation_read` both
        // become `mark_read`.
        let action = operation
            .replace("_user_conversation", "")
            .replace("_group_conversation", "");
        Some(match action.as_str() {
            "get" | "get_conversation" => {
                let kept = self.get(&key)?;
                ok(&json!({ "data": [self.view(kept, call.param("onBehalfOf"), history)] }))
            }
            "update" => {
                let tags = body(call).get("tags").cloned().unwrap_or(json!([]));
                let conversation = self.get_mut(&key)?;
                conversation.insert("tags".to_owned(), tags);
                conversation.insert("updatedAt".to_owned(), json!(now()));
                ok(&json!({ "data": [conversation] }))
            }
            "reset" | "delete_conversation" => {
                let removed = self.remove(&key).unwrap_or_default();
                let id = removed["conversationId"].as_str().unwrap_or_default();
                let message = if action == "reset" {
                    format!("The conversation {id} has been deleted successfully for UID {acting}.")
                } else {
                    format!(
                        "The conversation {id} has been deleted successfully for all the users."
                    )
                };
                ok(&json!({ "data": { "success": true, "message": message } }))
            }
            "mark_read" => {
                let message_id = body(call).get("messageId").cloned();
                let id = self.conversation_id(&key)?;
                let up_to = message_id
                    .as_ref()
                    .and_then(number)
                    .or_else(|| history.latest_id(&id));
                if let Some(up_to) = up_to {
                    self.mark(&id, acting, up_to);
                }
                let conversation = self.get_mut(&key)?;
                conversation.insert("unreadMessageCount".to_owned(), json!("0"));
                if let Some(id) = message_id {
                    conversation.insert("lastReadMessageId".to_owned(), id);
                }
                call.sample()
            }
            "mark_unread" => {
                let id = self.conversation_id(&key)?;
                if let Some(latest) = history.latest_id(&id) {
                    self.mark(&id, acting, latest.saturating_sub(1));
                }
                let conversation = self.get_mut(&key)?;
                if unread_count(conversation) == 0 {
                    conversation.insert("unreadMessageCount".to_owned(), json!("1"));
                }
                call.sample()
            }
            "pin" => self.pin(&key, acting),
            "unpin" => {
                let conversation = self.get_mut(&key)?;
                conversation.remove("pinnedBy");
                conversation.remove("pinnedAt");
                ok(&json!({ "data": summary(conversation) }))
            }
            // Delivery receipts change nothing the stand-in keeps.
            _ => call.sample(),
        })
    }

    fn pin(&mut self, key: &Key, acting: &str) -> Reply {
        let id = self.get(key).map(|c| c["conversationId"].clone());
        if self
            .app_pins
            .iter()
            .any(|pin| Some(&pin["conversationId"]) == id.as_ref())
        {
            return error(
                StatusCode::FORBIDDEN,
                "ERR_SYSTEM_PINNED_CONVERSATION",
                "The conversation is pinned for all users by the app and can not be pinned by a \
                 user.",
            );
        }
        let pinned = self
            .items
            .iter()
            .filter(|(k, v)| k != key && v.get("pinnedBy").and_then(Value::as_str) == Some(acting))
            .count();
        if pinned >= PIN_LIMIT {
            return error(
                StatusCode::BAD_REQUEST,
                "ERR_PINNED_CONVERSATIONS_LIMIT_EXCEEDED",
                format!(
                    "The number of pinned conversations for the user with uid {acting} exceeds \
                     the allowed limit of {PIN_LIMIT}."
                ),
            );
        }
        let Some(conversation) = self.get_mut(key) else {
            return key.not_found();
        };
        conversation.insert("pinnedBy".to_owned(), json!(acting));
        conversation.insert("pinnedAt".to_owned(), json!(now()));
        let mut answer = summary(conversation);
        answer.insert("pinnedBy".to_owned(), json!(acting));
        answer.insert("pinnedAt".to_owned(), conversation["pinnedAt"].clone());
        ok(&json!({ "data": answer }))
    }

    fn replace_pins(&mut self, call: &Call<'_>) -> Reply {
        let targets = body(call)
            .get("pinnedConversations")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut pins: Vec<Value> = Vec::new();
        for target in &targets {
            let guid = target.get("guid").and_then(Value::as_str);
            let uid = target.get("uid").and_then(Value::as_str);
            let found = match (guid, uid) {
                (Some(guid), None) => {
                    let key = Key::Group(guid.to_owned());
                    self.get(&key).ok_or_else(|| key.not_found())
                }
                (None, Some(uid)) => self
                    .items
                    .iter()
                    .find(|(k, _)| matches!(k, Key::User(a, b) if a == uid || b == uid))
                    .map(|(_, v)| v)
                    .ok_or_else(|| {
                        error(
                            StatusCode::NOT_FOUND,
                            "ERR_UID_NOT_FOUND",
                            format!("The uid {uid} has no conversation to pin."),
                        )
                    }),
                _ => Err(error(
                    StatusCode::BAD_REQUEST,
                    "ERR_BAD_REQUEST",
                    "Each pinned conversation sets `uid` or `guid`, not both.",
                )),
            };
            let conversation = match found {
                Ok(conversation) => conversation,
                Err(reply) => return reply,
            };
            let mut pin = conversation.as_object().map(summary).unwrap_or_default();
            if pins
                .iter()
                .any(|p| p["conversationId"] == pin["conversationId"])
            {
                continue;
            }
            pin.insert("pinnedBy".to_owned(), json!(APP));
            pin.insert("pinnedAt".to_owned(), json!(now()));
            pins.push(Value::Object(pin));
        }
        if pins.len() > PIN_LIMIT {
            return error(
                StatusCode::BAD_REQUEST,
                "ERR_SYSTEM_PINNED_CONVERSATIONS_LIMIT_EXCEEDED",
                format!(
                    "The number of pinned conversations exceeds the allowed limit of {PIN_LIMIT}."
                ),
            );
        }
        self.app_pins = pins;
        ok(&json!({ "data": self.app_pins }))
    }

    fn list(&self, call: &Call<'_>, history: &dyn History) -> Reply {
        let acting = call.param("onBehalfOf");
        let kind = call.param("conversationType");
        let unread = call.param("unread") == Some("true");
        let tags = call.values("tags");
        let search = call.param("searchKey").map(str::to_lowercase);
        let views: Vec<(&Key, Value)> = self
            .items
            .iter()
            .map(|(key, value)| (key, self.view(value, acting, history)))
            .collect();
        let matching: Vec<&Value> = views
            .iter()
            .filter(|(key, value)| {
                let party = match (*key, acting) {
                    (Key::User(a, b), Some(acting)) => a == acting || b == acting,
                    _ => true,
                };
                let kind = kind.is_none_or(|kind| value["conversationType"] == kind);
                let unread = !unread || value.as_object().is_some_and(|c| unread_count(c) > 0);
                let tagged = tags.is_empty()
                    || value["tags"]
                        .as_array()
                        .is_some_and(|kept| kept.iter().any(|t| tags.iter().any(|w| t == w)));
                let found = search.as_ref().is_none_or(|search| {
                    ["/conversationWith/name", "/conversationId"]
                        .iter()
                        .any(|field| {
                            value
                                .pointer(field)
                                .and_then(Value::as_str)
                                .is_some_and(|text| text.to_lowercase().contains(search))
                        })
                });
                party && kind && unread && tagged && found
            })
            .map(|(_, value)| value)
            .collect();
        page::paged(call, matching)
    }
}

/// `conversationId` and `conversationType` of a conversation, as pin answers hold.
fn summary(conversation: &Map<String, Value>) -> Map<String, Value> {
    ["conversationId", "conversationType"]
        .into_iter()
        .filter_map(|field| Some((field.to_owned(), conversation.get(field)?.clone())))
        .collect()
}

/// `unreadMessageCount`, which CometChat sends as a string or a number.
fn unread_count(conversation: &Map<String, Value>) -> u64 {
    conversation
        .get("unreadMessageCount")
        .and_then(number)
        .unwrap_or(0)
}
