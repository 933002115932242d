#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod client;
mod config;
mod error;
// progenitor matches `4XX` before 401, 403, 404 and 429; they all decode the same
// error body, so the unreachable arms change nothing. Its `prelude` is not re-exported.
#[allow(unreachable_patterns, unused_imports)]
mod generated;
#[cfg(feature = "mock")]
pub mod mock;
mod rate_limit;
mod redact;
mod retry;
mod telemetry;
mod transport;
pub mod wire;

pub use client::Client;
pub use config::{ClientBuilder, Region};
pub use error::{ApiError, DecodeError, Error, Result};
pub use generated::types;
pub use rate_limit::RateLimit;
/// The `reqwest` this crate is built on, to name its types at the same version.
pub use reqwest;
pub use types::{Conversation, ErrorCode, Message};

/// The client progenitor generates from the spec, for raw responses.
///
/// [`Client::raw`] returns one that shares the façade's configuration. Its
/// per-operation builders return [`raw::ResponseValue`] (status,
/// headers and the typed body) and progenitor's [`raw::Error`]. Read the
/// rate-limit state of a raw response with [`crate::RateLimit::from_headers`].
pub mod raw {
    pub use crate::generated::{builder, ByteStream, Client, ClientInfo, Error, ResponseValue};
    pub use crate::transport::Transport;
}
