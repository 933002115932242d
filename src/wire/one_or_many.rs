//! [`OneOrMany`]: `data` as one object or as an array of them, in one pass.

use std::{borrow::Cow, fmt, marker::PhantomData};

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{
    de::{self, value::MapAccessDeserializer, value::SeqAccessDeserializer, Visitor},
    Deserialize, Deserializer, Serialize, Serializer,
};

/// One value or an array of them, as CometChat sends `data`.
///
/// Dereferences to a slice of the values. Re-serializes as an object when it
/// arrived as one, and as an array otherwise.
#[derive(Clone, Debug, PartialEq)]
pub struct OneOrMany<T> {
    items: Vec<T>,
    single: bool,
}

impl<T> OneOrMany<T> {
    /// A single value, serialized as the value itself.
    pub fn one(item: T) -> Self {
        Self {
            items: vec![item],
            single: true,
        }
    }

    /// Values serialized as an array.
    pub fn many(items: Vec<T>) -> Self {
        Self {
            items,
            single: false,
        }
    }

    /// Whether it arrived (and serializes) as a single value rather than an array.
    pub fn is_single(&self) -> bool {
        self.single
    }

    /// The values.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }
}

impl<T> std::ops::Deref for OneOrMany<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> IntoIterator for OneOrMany<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.items.as_slice() {
            [item] if self.single => item.serialize(serializer),
            items => items.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OneOrManyVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrManyVisitor<T> {
            type Value = OneOrMany<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object or an array of objects")
            }

            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(OneOrMany::one)
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(OneOrMany::many)
            }
        }

        deserializer.deserialize_any(OneOrManyVisitor(PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for OneOrMany<T> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Owned(format!("OneOrMany_{}", T::schema_name()))
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let item = generator.subschema_for::<T>();
        json_schema!({
            "description": "One value, or an array of them.",
            "anyOf": [item, { "type": "array", "items": item }]
        })
    }
}
