//! Testing your own code against the `mock` feature's stand-in.
//!
//! The function under test, `unread_summary`, calls CometChat. Its tests start a
//! `MockServer`, register the conversations and errors they need, and check both
//! the result and the requests the code sent. Run them with
//! `cargo test --example testing_with_mock`, or run the example itself.
//!
//! In your crate: `cometchat = { version = "0.1", features = ["mock"] }` under
//! `[dev-dependencies]`.

use cometchat::{Client, Error, ErrorCode};

/// The code under test: a one-line summary of a group's unread messages.
pub async fn unread_summary(client: &Client, guid: &str, uid: &str) -> Result<String, Error> {
    match client.get_group_conversation(guid).on_behalf_of(uid).await {
        Ok(conversation) => {
            let conversation = conversation.into_inner();
            let unread = conversation
                .unread_message_count
                .map_or(0, |count| count.get());
            let name = conversation
                .conversation_with
                .and_then(|group| group.name)
                .unwrap_or_else(|| guid.to_owned());
            Ok(format!("{name}: {unread} unread"))
        }
        Err(error) if error.code() == Some(&ErrorCode::ErrGuidNotFound) => {
            Ok(format!("{guid}: no such group"))
        }
        Err(error) => Err(error),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = cometchat::mock::MockServer::start().await?;
    let client = server.client()?;
    println!(
        "{}",
        unread_summary(&client, "project-group", "cometchat-uid-4").await?
    );
    println!(
        "{}",
        unread_summary(&client, "gone", "cometchat-uid-4").await?
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use cometchat::{mock::MockServer, reqwest::StatusCode, types::Conversation};
    use serde_json::json;

    use super::unread_summary;

    #[tokio::test]
    async fn summarises_a_conversation() {
        let server = MockServer::start().await.unwrap();
        let mut conversation: Conversation = serde_json::from_value(json!({
            "conversationId": "group_team",
            "conversationType": "group",
            "unreadMessageCount": "12",
            "conversationWith": {"guid": "team", "name": "The Team"}
        }))
        .unwrap();
        server.set_conversation("team", &conversation);
        let client = server.client().unwrap();
        assert_eq!(
            unread_summary(&client, "team", "u1").await.unwrap(),
            "The Team: 12 unread"
        );

        conversation.conversation_with = None;
        server.set_conversation("team", &conversation);
        assert_eq!(
            unread_summary(&client, "team", "u1").await.unwrap(),
            "team: 12 unread"
        );

        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0].path, "/v3/groups/team/conversation");
        assert_eq!(requests[0].headers["onbehalfof"], "u1");
    }

    #[tokio::test]
    async fn reports_a_missing_group_and_passes_other_errors_on() {
        let server = MockServer::start().await.unwrap();
        let client = server.client().unwrap().with_max_retries(0);
        assert_eq!(
            unread_summary(&client, "gone", "u1").await.unwrap(),
            "gone: no such group"
        );

        server.set_response(
            "locked",
            StatusCode::FORBIDDEN,
            &json!({"error": {"code": "AUTH_ERR_NO_ACCESS", "message": "No access."}}),
        );
        let error = unread_summary(&client, "locked", "u1").await.unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::FORBIDDEN));
    }
}
