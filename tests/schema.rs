//! The JSON Schema of the generated types, so that a spec change that alters them
//! shows up as a snapshot diff in review.

use cometchat::types::{ErrorResponse, GroupConversationResponse};

#[test]
fn group_conversation_response_schema() {
    insta::assert_json_snapshot!(schemars::schema_for!(GroupConversationResponse));
}

#[test]
fn error_response_schema() {
    insta::assert_json_snapshot!(schemars::schema_for!(ErrorResponse));
}
