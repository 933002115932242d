#![doc = "cometchat"]
#![warn(missing_docs)]
pub mod wire;
mod generated;
pub mod transport;
pub use generated::*;
