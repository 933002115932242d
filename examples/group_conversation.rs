use cometchat::mock::MockServer;
#[tokio::main]
async fn main() {
    let server = MockServer::start().await.unwrap();
    let c = server.client().unwrap().get_group_conversation("project-group", "cometchat-uid-4").await.unwrap();
    println!("{}", serde_json::to_string_pretty(&c).unwrap());
}
