//! Open enumerations: the `open_enum!` macro the generated code invokes for every
//! schema with `x-extensible-enum`, and what its enums share.

use std::{borrow::Cow, fmt};

use schemars::{json_schema, Schema};
use serde::{
    de::{self, Visitor},
    Deserializer,
};

/// Defines an open enumeration: one variant per known value, plus `Unknown` holding
/// any other string exactly as sent. Invoked by the generated code, once per spec
/// schema that lists its values in `x-extensible-enum`.
macro_rules! open_enum {
    (#[doc = $doc:expr] $name:ident { $($variant:ident = $value:literal,)* }) => {
        #[doc = $doc]
        ///
        /// Open: a value this version of the SDK does not know decodes to `Unknown`
        /// and re-serializes unchanged. Match with a wildcard arm.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`", $value, "`")]
                $variant,
            )*
            /// A value this version of the SDK does not know, kept as sent.
            Unknown($crate::wire::UnknownValue),
        }

        impl $name {
            /// The values this version of the SDK knows, as they appear on the wire.
            pub const KNOWN_VALUES: &'static [&'static str] = &[$($value,)*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Whether this is one of [`Self::KNOWN_VALUES`].
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl $crate::wire::OpenEnum for $name {
            const NAME: &'static str = stringify!($name);
            const DESCRIPTION: &'static str = $doc;
            const KNOWN_VALUES: &'static [&'static str] = Self::KNOWN_VALUES;

            fn known(value: &str) -> ::std::option::Option<Self> {
                match value {
                    $($value => ::std::option::Option::Some(Self::$variant),)*
                    _ => ::std::option::Option::None,
                }
            }

            fn unknown(value: $crate::wire::UnknownValue) -> Self {
                Self::Unknown(value)
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                $crate::wire::OpenEnum::from_wire(::std::borrow::Cow::Borrowed(value))
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                $crate::wire::OpenEnum::from_wire(::std::borrow::Cow::Owned(value))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::wire::deserialize_open_enum(deserializer)
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($name))
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                $crate::wire::open_enum_schema::<Self>()
            }
        }
    };
}
pub(crate) use open_enum;

/// The shared behaviour of the enums [`open_enum!`] defines.
#[doc(hidden)]
pub trait OpenEnum: Sized {
    const NAME: &'static str;
    const DESCRIPTION: &'static str;
    const KNOWN_VALUES: &'static [&'static str];

    fn known(value: &str) -> Option<Self>;
    fn unknown(value: UnknownValue) -> Self;

    /// The variant for a wire value; allocates only for unknown values.
    fn from_wire(value: Cow<'_, str>) -> Self {
        Self::known(&value).unwrap_or_else(|| Self::unknown(UnknownValue(value.into_owned())))
    }
}

/// A value of an open enumeration that this version of the SDK does not know.
///
/// It cannot be built by hand, so an `Unknown` variant never holds a known value:
/// use `From<&str>` on the enum, which picks the known variant when there is one.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// The value as it appeared on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[doc(hidden)]
pub fn deserialize_open_enum<'de, D: Deserializer<'de>, T: OpenEnum>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserialize_wire_str(deserializer).map(T::from_wire)
}

/// A string as sent, borrowed from the input when it can be. One visitor for every
/// open enumeration, rather than one per type, keeps the decoder's code small:
/// instruction-cache misses, not instructions, dominate its cost in a busy client.
pub(super) fn deserialize_wire_str<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Cow<'de, str>, D::Error> {
    deserializer.deserialize_str(WireStr)
}

struct WireStr;

impl<'de> Visitor<'de> for WireStr {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
    }
}

#[doc(hidden)]
pub fn open_enum_schema<T: OpenEnum>() -> Schema {
    json_schema!({
        "description": T::DESCRIPTION,
        "type": "string",
        "examples": T::KNOWN_VALUES,
    })
}
