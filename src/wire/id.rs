//! [`Id`]: an id CometChat sends as a string or as a number.

use std::{borrow::Cow, fmt};

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{
    de::{self, Visitor},
    Deserialize, Deserializer, Serialize, Serializer,
};

/// An id that CometChat sends as a string or as a JSON number.
///
/// Message ids are `"50"` in CometChat's samples and integers in its overview. `Id`
/// exposes the id as a string, and re-serializes in the form it arrived in.
/// Equality, ordering and hashing look at the text only.
#[derive(Clone, Debug)]
pub struct Id {
    text: String,
    numeric: bool,
}

impl Id {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The id as a number, when it is one.
    pub fn as_i64(&self) -> Option<i64> {
        self.text.parse().ok()
    }

    /// Whether it arrived (and serializes) as a JSON number.
    pub fn is_numeric(&self) -> bool {
        self.numeric
    }
}

impl From<&str> for Id {
    fn from(text: &str) -> Self {
        Self::from(text.to_owned())
    }
}

impl From<String> for Id {
    fn from(text: String) -> Self {
        Self {
            text,
            numeric: false,
        }
    }
}

impl From<i64> for Id {
    fn from(number: i64) -> Self {
        Self {
            text: number.to_string(),
            numeric: true,
        }
    }
}

impl PartialEq for Id {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Id {}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl PartialOrd for Id {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Id {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.text.cmp(&other.text)
    }
}

impl std::hash::Hash for Id {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.numeric.then(|| self.as_i64()).flatten() {
            Some(number) => serializer.serialize_i64(number),
            None => serializer.serialize_str(&self.text),
        }
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;

        impl Visitor<'_> for IdVisitor {
            type Value = Id;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id, as a string or as an integer")
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Id, E> {
                Ok(Id::from(value))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Id, E> {
                i64::try_from(value)
                    .map(Id::from)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Id, E> {
                Ok(Id::from(value))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Id, E> {
                Ok(Id::from(value))
            }
        }

        deserializer.deserialize_any(IdVisitor)
    }
}

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Id")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An id, sent as a string or as an integer.",
            "type": ["string", "integer"]
        })
    }
}
