#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod accessors;
mod call;
mod client;
mod config;
mod error;
// progenitor matches `4XX` before 401, 403, 404 and 429; they all decode the same
// error body, so the unreachable arms change nothing. Its `prelude` is not re-exported.
#[allow(unreachable_patterns, unused_imports, dead_code)]
mod generated;
mod message_kind;
#[cfg(feature = "mock")]
pub mod mock;
mod paging;
mod rate_limit;
mod redact;
mod request;
mod response;
mod retry;
mod telemetry;
mod transport;
pub mod wire;

pub use client::Client;
pub use config::{ClientBuilder, Region};
pub use error::{ApiError, DecodeError, Error, Result};
pub use generated::{operations, types};
pub use message_kind::MessageKind;
pub use paging::{Items, Page, Pages};
pub use rate_limit::RateLimit;
pub use request::RawRequest;
/// The `reqwest` this crate is built on, to name its types at the same version.
pub use reqwest;
pub use response::Response;
pub use types::{Conversation, ErrorCode, Message};
