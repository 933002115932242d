//! Testing your own code against the `mock` feature's stand-in.
//!
//! The function under test, `unread_summary`, calls CometChat. Its tests start a
//! `MockServer`, register the conversations they need, script the errors and rate
//! limits they want to see (`MockServer::script` with a sequence of `Answer`s), and
//! check both the result and the requests the code sent. Run them with
//! `cargo test --example testing_with_mock`, or run the example itself.
//!
//! In your crate, under `[dev-dependencies]`:
//! `cometchat = { version = "0.1", features = ["mock"] }`, and
//! `tokio = { version = "1", features = ["macros", "rt", "test-util"] }` for tests
//! that run with paused time, where retries wait without taking real time.

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
    use cometchat::mock::{Answer, MockServer};

    let server = MockServer::start().await?;
    let client = server.client()?;
    println!(
        "{}",
        unread_summary(&client, "project-group", "cometchat-uid-4").await?
    );
    println!(
        "{}",
        unread_summary(&client, "gone", "cometchat-uid-4").await?
    );
    // Rate-limited once: the client waits as `Retry-After` says, then retries.
    server.script(
        "get_group_conversation",
        [Answer::status(429).header("retry-after", "1")],
    );
    println!(
        "{} (after a 429)",
        unread_summary(&client, "project-group", "cometchat-uid-4").await?
    );
    println!("{} requests", server.requests().len());
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use cometchat::{
        mock::{Answer, MockServer},
        reqwest::StatusCode,
        types::Conversation,
    };
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
        assert_eq!(requests[0].header("onBehalfOf"), Some("u1"));
        assert_eq!(requests[0].header("apikey"), Some("***"));
    }

    /// Rate limits and outages, scripted: with paused time, the client's waits
    /// between retries take no real time.
    #[tokio::test(start_paused = true)]
    async fn survives_a_rate_limit_and_reports_an_outage() {
        let server = MockServer::start().await.unwrap();
        let client = server.client().unwrap();
        server.script(
            "get_group_conversation",
            [
                // Twice rate-limited, then the stand-in's own answer.
                Answer::status(429).header("retry-after", "5").times(2),
            ],
        );
        let started = tokio::time::Instant::now();
        assert_eq!(
            unread_summary(&client, "project-group", "u1")
                .await
                .unwrap(),
            "Project Group1: 0 unread"
        );
        assert!(started.elapsed() >= Duration::from_secs(10));
        assert_eq!(server.requests().len(), 3);

        server.script("get_group_conversation", [Answer::status(503).repeatedly()]);
        let error = unread_summary(&client, "project-group", "u1")
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(server.requests().len(), 6, "three attempts");
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
