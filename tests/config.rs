//! Configuration that would send the key somewhere it should not go, or could not
//! be sent at all, is refused when the client is built, before any request.

mod support;

use cometchat::{Client, ClientBuilder, Error, Region};
use support::KEY;

fn refused(builder: ClientBuilder) -> String {
    match builder.build() {
        Err(error @ Error::Config { .. }) => {
            let text = format!("{error} {error:?}");
            assert!(!text.contains(KEY), "the key leaked: {text}");
            error.to_string()
        }
        Err(other) => panic!("expected a configuration error, got {other:?}"),
        Ok(client) => panic!("expected a configuration error, built {client:?}"),
    }
}

#[test]
fn the_default_host_is_built_from_the_app_id_and_region() {
    for (region, host) in [
        (Region::Us, "api-us"),
        (Region::Eu, "api-eu"),
        (Region::In, "api-in"),
    ] {
        let client = Client::builder()
            .app_id("a1b2c3")
            .region(region)
            .api_key(KEY)
            .build()
            .unwrap();
        assert_eq!(
            client.base_url(),
            format!("https://a1b2c3.{host}.cometchat.io/v3")
        );
    }
}

#[test]
fn hostile_app_ids_are_refused() {
    let hostile = [
        "",
        "evil.com/",
        "evil.com#",
        "a.b",
        "a/b",
        "a@evil.com",
        "a:80",
        "a b",
        "-a",
        "a-",
        "a\nb",
        "é",
        "a?b",
        "x.api-us.cometchat.io.evil.com",
    ];
    let too_long = "a".repeat(64);
    for app_id in hostile.iter().copied().chain([too_long.as_str()]) {
        let message = refused(Client::builder().app_id(app_id).api_key(KEY));
        assert!(message.contains("app id"), "{app_id:?}: {message}");
    }
    Client::builder()
        .app_id("a".repeat(63))
        .api_key(KEY)
        .build()
        .unwrap();
}

#[test]
fn plain_http_is_refused_except_on_loopback_or_by_choice() {
    for url in [
        "http://example.com/v3",
        "http://10.0.0.1/v3",
        "http://127.0.0.1.example.com/v3",
    ] {
        let message = refused(Client::builder().base_url(url).api_key(KEY));
        assert!(message.contains("clear text"), "{url}: {message}");
        Client::builder()
            .base_url(url)
            .api_key(KEY)
            .allow_insecure_http(true)
            .build()
            .unwrap();
    }
    for url in [
        "http://127.0.0.1:8080/v3",
        "http://localhost/v3",
        "http://[::1]:9/v3",
        "http://127.1.2.3/v3",
    ] {
        Client::builder()
            .base_url(url)
            .api_key(KEY)
            .build()
            .unwrap();
    }
}

#[test]
fn malformed_base_urls_are_refused() {
    let cases = [
        ("not a url", "invalid base URL"),
        ("ftp://example.com/v3", "https"),
        (
            "https://user:secret@example.com/v3",
            "user name and password",
        ),
        ("https://example.com/v3?x=1", "query"),
        ("https://example.com/v3#top", "fragment"),
    ];
    for (url, expected) in cases {
        let message = refused(Client::builder().base_url(url).api_key(KEY));
        assert!(message.contains(expected), "{url}: {message}");
    }
    let client = Client::builder()
        .base_url("https://example.com/v3/")
        .api_key(KEY)
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://example.com/v3");
}

#[test]
fn keys_that_cannot_be_sent_are_refused_without_being_echoed() {
    let cases = [
        (String::new(), "empty"),
        (format!("{KEY}\r\nx-evil: 1"), "line break"),
        (format!("{KEY} "), "space"),
        (format!("{KEY}\0"), "line break"),
        (format!("{KEY}é"), "non-ASCII"),
        ("k".repeat(101), "longer than 100"),
    ];
    for (key, expected) in cases {
        let error = Client::builder()
            .app_id("app")
            .api_key(&key)
            .build()
            .unwrap_err();
        let message = error.to_string();
        assert!(message.contains(expected), "{key:?}: {message}");
        if !key.is_empty() {
            assert!(
                !message.contains(&key[..10]),
                "the key was echoed: {message}"
            );
        }
    }
    let message = refused(Client::builder().app_id("app"));
    assert!(message.contains("COMETCHAT_API_KEY"), "{message}");
    let message = refused(Client::builder().api_key(KEY));
    assert!(message.contains("COMETCHAT_APP_ID"), "{message}");
}

#[test]
fn regions_parse_in_any_case_and_unknown_ones_say_which_exist() {
    assert_eq!("EU".parse::<Region>().unwrap(), Region::Eu);
    assert_eq!("in".parse::<Region>().unwrap(), Region::In);
    let error = "mars".parse::<Region>().unwrap_err();
    assert!(error.to_string().contains("us, eu or in"), "{error}");
}

#[test]
fn debug_output_never_shows_the_key() {
    let builder = Client::builder().app_id("app").api_key(KEY);
    let client = builder.clone().build().unwrap();
    for text in [
        format!("{builder:?}"),
        format!("{builder:#?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
    ] {
        assert!(!text.contains(KEY), "the key leaked: {text}");
        assert!(!text.contains(&KEY[..8]), "part of the key leaked: {text}");
    }
}

#[test]
fn clients_are_cheap_to_clone_and_shareable() {
    fn assert_send_sync<T: Send + Sync + Clone + 'static>() {}
    assert_send_sync::<Client>();
    assert_send_sync::<ClientBuilder>();
    fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<Error>();
}
