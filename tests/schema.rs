//! The JSON Schemas of the generated types (they derive `schemars::JsonSchema`):
//! what a user generating a schema from them relies on. The types themselves are
//! pinned by the public API snapshot (tests/generated_code.rs), so this checks
//! properties rather than repeating them in another snapshot.

use cometchat::types::{ConversationListResponse, ConversationResponse, ErrorResponse};
use serde_json::Value;

fn schema_of<T: schemars::JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).unwrap()
}

#[test]
fn open_enumerations_are_strings_that_list_their_known_values() {
    let schema = schema_of::<ConversationResponse>();
    let conversation_type = &schema["$defs"]["ConversationType"];
    assert_eq!(conversation_type["type"], "string", "{conversation_type}");
    assert!(
        conversation_type.get("enum").is_none(),
        "closed: {conversation_type}"
    );
    let known = conversation_type["examples"].as_array().unwrap();
    assert!(known.contains(&"group".into()) && known.contains(&"user".into()));
}

#[test]
fn integers_and_ids_accept_both_forms_and_objects_stay_open() {
    let schema = schema_of::<ConversationListResponse>();
    let integer = &schema["$defs"]["Integer"];
    assert_eq!(
        integer["anyOf"].as_array().map(Vec::len),
        Some(2),
        "{integer}"
    );
    let id = &schema["$defs"]["Id"];
    assert_eq!(id["type"], serde_json::json!(["string", "integer"]), "{id}");
    let conversation = &schema["$defs"]["Conversation"];
    assert_ne!(
        conversation["additionalProperties"], false,
        "{conversation}"
    );
}

#[test]
fn the_error_body_names_its_code_and_message() {
    let schema = schema_of::<ErrorResponse>();
    let info = &schema["$defs"]["ErrorInfo"];
    let required = info["required"].as_array().unwrap();
    assert!(required.contains(&"code".into()) && required.contains(&"message".into()));
}
