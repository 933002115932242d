//! The client progenitor generates from `openapi/cometchat.json` at build time.
include!(concat!(env!("OUT_DIR"), "/cometchat.rs"));
