//! Pointing the client somewhere other than `https://{appId}.api-{region}.cometchat.io/v3`:
//! one of CometChat's other domains, a proxy, or a local stand-in, and bringing your
//! own `reqwest::Client`.
//!
//! `cargo run --example custom_base_url` runs it against the embedded stand-in.

use std::time::Duration;

use cometchat::{mock::MockServer, reqwest, Client};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await?;

    // The API root, as the spec's server URL expands to. Plain http is accepted on
    // loopback only (or with `allow_insecure_http(true)`).
    let client = Client::builder()
        .base_url(server.base_url())
        .api_key(MockServer::API_KEY)
        .timeout(Duration::from_secs(5))
        .build()?;
    println!("base URL: {}", client.base_url());

    // In production this would be, for example:
    //   .base_url("https://myapp.api-eu.cc-cluster-2.io/v3")
    // With your own reqwest client (proxies, TLS roots, pool settings), keep redirects
    // off so that a redirect can never carry the API key to another host.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(8)
        .build()?;
    let shared = Client::builder()
        .base_url(server.base_url())
        .api_key(MockServer::API_KEY)
        .http_client(http)
        .build()?;

    for client in [&client, &shared] {
        let conversation = client
            .get_group_conversation("project-group")
            .on_behalf_of("cometchat-uid-4")
            .await?;
        println!("{} via {}", conversation.conversation_id, client.base_url());
    }
    Ok(())
}
