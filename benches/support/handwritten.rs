//! The best model a user could write by hand for the same fields: plain structs,
//! `String` for the enumerations, a visitor for the counts and ids CometChat sends
//! as strings or numbers. It keeps no unknown fields and re-serializes nothing.

use std::fmt;

use serde::{de, Deserialize, Deserializer};
use serde_json::Value;

#[derive(Deserialize)]
pub struct Response {
    pub data: Vec<Conversation>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    pub conversation_id: String,
    pub conversation_type: String,
    #[serde(default, deserialize_with = "lenient")]
    pub unread_message_count: Option<i64>,
    pub created_at: Option<i64>,
    pub updated_at: Option<i64>,
    pub last_message: Option<Message>,
    pub conversation_with: Option<Group>,
    #[serde(default)]
    pub tags: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    #[serde(deserialize_with = "lenient_id")]
    pub id: String,
    pub conversation_id: Option<String>,
    pub sender: Option<String>,
    pub receiver_type: Option<String>,
    pub receiver: Option<String>,
    pub category: String,
    #[serde(rename = "type")]
    pub type_: String,
    pub data: Option<MessageData>,
    pub sent_at: Option<i64>,
    pub updated_at: Option<i64>,
}

#[derive(Deserialize)]
pub struct MessageData {
    pub action: Option<String>,
    pub text: Option<String>,
    pub entities: Option<Entities>,
    pub metadata: Option<Value>,
}

#[derive(Deserialize)]
pub struct Entities {
    pub by: Option<MessageEntity>,
    pub on: Option<MessageEntity>,
    #[serde(rename = "for")]
    pub for_: Option<MessageEntity>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageEntity {
    pub entity: Entity,
    pub entity_type: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entity {
    pub uid: Option<String>,
    pub guid: Option<String>,
    pub name: Option<String>,
    pub avatar: Option<String>,
    pub icon: Option<String>,
    pub link: Option<String>,
    pub role: Option<String>,
    pub status: Option<String>,
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub owner: Option<String>,
    pub description: Option<String>,
    pub members_count: Option<i64>,
    pub updated_by: Option<String>,
    pub created_at: Option<i64>,
    pub updated_at: Option<i64>,
    pub conversation_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub guid: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub icon: Option<String>,
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub scope: Option<String>,
    pub members_count: Option<i64>,
    pub joined_at: Option<i64>,
    pub conversation_id: Option<String>,
    pub has_joined: Option<bool>,
    pub created_at: Option<i64>,
    pub owner: Option<String>,
    pub updated_at: Option<i64>,
    pub updated_by: Option<String>,
}

/// An integer sent as a number or as a string of digits.
fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    struct Lenient;
    impl de::Visitor<'_> for Lenient {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer or a string of digits")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            i64::try_from(v).map(Some).map_err(E::custom)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            v.parse().map(Some).map_err(E::custom)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    deserializer.deserialize_any(Lenient)
}

/// An id sent as a string or as a number.
fn lenient_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct LenientId;
    impl de::Visitor<'_> for LenientId {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or an integer")
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(v.to_string())
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(v.to_owned())
        }
    }
    deserializer.deserialize_any(LenientId)
}
