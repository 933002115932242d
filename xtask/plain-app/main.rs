//! The README's example written with plain reqwest, serde_json and tokio: the
//! baseline of `cargo xtask build-cost`'s downstream build ratio. It makes the
//! request the SDK makes, with the SDK's defaults, and reads the answer as a
//! `Value`.

use std::time::Duration;

use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let var = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    let base = match std::env::var("COMETCHAT_BASE_URL") {
        Ok(base) => base,
        Err(_) => format!(
            "https://{}.api-{}.cometchat.io/v3",
            var("COMETCHAT_APP_ID")?,
            std::env::var("COMETCHAT_REGION").unwrap_or_else(|_| "us".to_owned())
        ),
    };
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(30))
        .user_agent("plain-app/0.0.0")
        .build()?;
    let response = client
        .get(format!("{base}/groups/project-group/conversation"))
        .header("apikey", var("COMETCHAT_API_KEY")?)
        .header("onBehalfOf", "cometchat-uid-4")
        .header("accept", "application/json")
        .send()
        .await?;
    let status = response.status();
    let bytes = response.bytes().await?;
    let body: Value = match serde_json::from_slice(&bytes) {
        Ok(body) => body,
        Err(error) => return Err(format!("{status}: not JSON ({error})").into()),
    };
    if !status.is_success() {
        if body["error"]["code"] == "ERR_GUID_NOT_FOUND" {
            eprintln!("no such group");
            return Ok(());
        }
        return Err(format!("{status}: {body}").into());
    }
    let conversation = &body["data"];
    let unread = match &conversation["unreadMessageCount"] {
        Value::String(text) => text.parse().unwrap_or(0),
        other => other.as_i64().unwrap_or(0),
    };
    println!(
        "{}: {unread} unread",
        conversation["conversationId"].as_str().unwrap_or_default()
    );
    if let Some(message) = conversation.get("lastMessage").filter(|m| !m.is_null()) {
        let text = |key: &str| message[key].as_str().unwrap_or_default().to_owned();
        println!("last message: {} / {}", text("category"), text("type"));
    }
    Ok(())
}
