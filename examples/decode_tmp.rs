fn main() {
    let spec: serde_json::Value =
        serde_json::from_str(include_str!("../openapi/cometchat.json")).unwrap();
    let body = serde_json::to_vec(
        spec.pointer("/components/examples/GroupConversation/value")
            .unwrap(),
    )
    .unwrap();
    let mode = std::env::args().nth(1).unwrap();
    for _ in 0..20000 {
        match mode.as_str() {
            "typed" => {
                std::hint::black_box(
                    serde_json::from_slice::<cometchat::types::GroupConversationResponse>(&body)
                        .unwrap(),
                );
            }
            _ => {
                std::hint::black_box(serde_json::from_slice::<serde_json::Value>(&body).unwrap());
            }
        }
    }
}
