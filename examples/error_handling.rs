//! Matching on CometChat's error codes and on the kinds of failure.
//!
//! Runs against the embedded stand-in, which is told to answer with the errors a
//! real app meets: `cargo run --example error_handling`.

use cometchat::{mock::MockServer, reqwest::StatusCode, Client, Error, ErrorCode};
use serde_json::json;

/// What an application might do with each failure.
fn advice(error: &Error) -> String {
    match error {
        Error::InvalidInput { name, .. } => format!("fix the {name} before calling again"),
        Error::Api(api) => match api.code() {
            Some(ErrorCode::ErrGuidNotFound) => "create the group first".to_owned(),
            Some(ErrorCode::ErrNotAMember | ErrorCode::ErrGroupNotJoined) => {
                "add the user to the group".to_owned()
            }
            Some(ErrorCode::AuthErrNoAccess) => {
                "use a REST API key with fullAccess scope".to_owned()
            }
            // Codes this SDK does not know yet arrive as `Unknown`, with the text as sent.
            Some(ErrorCode::Unknown(code)) => format!("look up {code} in CometChat's error guide"),
            _ if error.is_rate_limited() => match error.retry_after() {
                Some(wait) => format!("come back in {} s", wait.as_secs()),
                None => "slow down".to_owned(),
            },
            _ if error.is_retryable() => "try again later".to_owned(),
            _ => format!("report {}", api.status()),
        },
        Error::Timeout { .. } | Error::Connection { .. } => "check the network".to_owned(),
        _ => "report it".to_owned(),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await?;
    let error = |code: &str, message: &str| json!({"error": {"code": code, "message": message}});
    server.set_response(
        "no-access",
        StatusCode::FORBIDDEN,
        &error("AUTH_ERR_NO_ACCESS", "No access."),
    );
    server.set_response(
        "not-member",
        StatusCode::FORBIDDEN,
        &error("ERR_NOT_A_MEMBER", "Not a member."),
    );
    server.set_response(
        "new-code",
        StatusCode::BAD_REQUEST,
        &error("ERR_SOMETHING_NEW", "New."),
    );

    let client: Client = server.client()?.with_max_retries(0);
    for guid in [
        "missing-group",
        "no-access",
        "not-member",
        "new-code",
        "../etc",
    ] {
        match client
            .get_group_conversation(guid)
            .on_behalf_of("cometchat-uid-4")
            .await
        {
            Ok(conversation) => println!("{guid}: {}", conversation.conversation_id),
            Err(error) => {
                println!("{guid}: {error}");
                println!("  -> {}", advice(&error));
            }
        }
    }
    Ok(())
}
