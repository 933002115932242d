//! The README's example written with plain reqwest, serde_json and tokio: the
//! baseline of `cargo xtask build-cost`'s downstream build ratio.

use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let var = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    let base = match std::env::var("COMETCHAT_BASE_URL") {
        Ok(base) => base,
        Err(_) => format!(
            "https://{}.api-{}.cometchat.io/v3",
            var("COMETCHAT_APP_ID")?,
            var("COMETCHAT_REGION")?
        ),
    };
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let response = client
        .get(format!("{base}/groups/project-group/conversation"))
        .header("apikey", var("COMETCHAT_API_KEY")?)
        .header("onBehalfOf", "cometchat-uid-4")
        .header("accept", "application/json")
        .send()
        .await?;
    let status = response.status();
    let body: Value = response.json().await?;
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
    if let Some(message) = conversation.get("lastMessage") {
        println!("last message: {} / {}", message["category"], message["type"]);
    }
    Ok(())
}
