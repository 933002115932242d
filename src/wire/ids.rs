//! Request ids ([`Guid`], [`Uid`], [`ConversationId`]), checked by a byte loop
//! against the spec's rule before they reach a URL.

use std::{borrow::Cow, fmt};

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{
    de::{self},
    Deserialize, Deserializer, Serialize,
};

/// Defines a CometChat id type for request parameters: 1 to 100 ASCII letters,
/// digits, `-` or `_`, the rule the spec's `Guid` and `Uid` schemas state as a
/// pattern. (A test checks this code against that pattern; a byte loop is used
/// instead of typify's regex validation because it costs about 1% of a loopback call.)
macro_rules! cometchat_id {
    ($(#[$doc:meta])* $name:ident) => {
        cometchat_id! { $(#[$doc])* $name, MAX_ID_LENGTH }
    };
    ($(#[$doc:meta])* $name:ident, $max:expr) => {
        $(#[$doc])*
        ///
        /// Anything else, such as `.`, `..`, `/`, `\\`, `%`, spaces or control
        /// characters, is refused, so an id can never change the request's URL or
        /// headers.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = InvalidId;

            fn from_str(text: &str) -> Result<Self, InvalidId> {
                check_id(text, $max).map(|()| Self(text.to_owned()))
            }
        }

        impl TryFrom<&str> for $name {
            type Error = InvalidId;

            fn try_from(text: &str) -> Result<Self, InvalidId> {
                text.parse()
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidId;

            fn try_from(text: String) -> Result<Self, InvalidId> {
                check_id(&text, $max).map(|()| Self(text))
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer)?.try_into().map_err(de::Error::custom)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "minLength": 1,
                    "maxLength": $max,
                    "pattern": "^[A-Za-z0-9_-]+$"
                })
            }
        }
    };
}

cometchat_id! {
    /// A group id (GUID) as CometChat accepts it in a request.
    Guid
}

cometchat_id! {
    /// A user id (UID) as CometChat accepts it in a request. CometChat lowercases
    /// UIDs; upper case is sent as given.
    Uid
}

cometchat_id! {
    /// A conversation id as CometChat accepts it in a request: `group_{guid}` or
    /// `{uidA}_user_{uidB}`, so up to two UIDs joined by `_user_`.
    ConversationId, MAX_CONVERSATION_ID_LENGTH
}

const MAX_ID_LENGTH: usize = 100;
/// Two UIDs of [`MAX_ID_LENGTH`] joined by `_user_`.
const MAX_CONVERSATION_ID_LENGTH: usize = 2 * MAX_ID_LENGTH + "_user_".len();

/// Why a string is not a CometChat id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidId(Cow<'static, str>);

impl fmt::Display for InvalidId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidId {}

fn check_id(text: &str, max: usize) -> Result<(), InvalidId> {
    if text.is_empty() {
        return Err(InvalidId(Cow::Borrowed("it is empty")));
    }
    if let Some(bad) = text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(InvalidId(Cow::Owned(format!("it contains {bad:?}"))));
    }
    // Every character is ASCII here, so bytes count characters.
    if text.len() > max {
        return Err(InvalidId(Cow::Owned(format!(
            "it is {} characters long, over {max}",
            text.len()
        ))));
    }
    Ok(())
}
