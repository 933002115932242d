//! Hostile servers, by class of defect: each test is a table of server behaviours
//! of one class, run through the public API against a scripted server on 127.0.0.1.
//!
//! - crashes: no header value, status line or body panics the client;
//! - secrets: no rendering of an error holds the key, whole or in part;
//! - pacing: server waits are read in order of authority and never below the
//!   client's own backoff; `is_retryable` agrees with what the transport retried;
//! - deadlines: no call outlives its timeout;
//! - wrong answers: every answer gets an accurate error, with server text quoted,
//!   escaped and cut, and the status kept when the body fails.

mod support;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cometchat::{Client, Error};
use serde_json::json;
use support::{sample, Server, Step, KEY};

/// A client for `server` with short timeouts and waits, so that a table runs fast.
fn client_for(server: &Server, retries: u32) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .api_key(KEY)
        .attempt_timeout(Duration::from_millis(700))
        .timeout(Duration::from_secs(3))
        .max_retries(retries)
        .max_retry_wait(Duration::from_secs(2))
        .max_body_size(64 * 1024)
        .build()
        .unwrap()
}

async fn call(client: &Client) -> Result<cometchat::Response<cometchat::Conversation>, Error> {
    client
        .get_group_conversation("project-group")
        .on_behalf_of("cometchat-uid-4")
        .await
}

/// Every way an error can be printed: `Display`, `Debug`, alternate `Debug`, and
/// each error of the `source()` chain.
fn renderings(error: &Error) -> Vec<String> {
    let mut all = vec![
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        all.push(cause.to_string());
        all.push(format!("{cause:?}"));
        source = cause.source();
    }
    all
}

/// No rendering holds the key or any run of 6 of its characters; none holds a
/// control character (but the line breaks of alternate `Debug`), and none is long.
fn assert_safe(error: &Error, case: &str) {
    for text in renderings(error) {
        for fragment in KEY.as_bytes().windows(6) {
            let fragment = std::str::from_utf8(fragment).unwrap();
            assert!(
                !text.contains(fragment),
                "{case}: part of the key ({fragment}) leaked: {text}"
            );
        }
        assert!(
            !text
                .chars()
                .any(|c| (c.is_control() && c != '\n') || is_invisible(c)),
            "{case}: a control character reached the output: {text:?}"
        );
        assert!(
            text.len() < 8 * 1024,
            "{case}: {} bytes of output",
            text.len()
        );
    }
    assert!(
        !error.to_string().contains('\n'),
        "{case}: Display spans lines: {error}"
    );
}

/// Characters that break lines or hide text in terminals and log viewers without
/// being control characters.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{feff}'
    )
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn too_many(headers: &[(&str, &str)]) -> Step {
    Step::json_with(
        429,
        headers,
        &json!({"error": {"code": "ERR_TOO_MANY_REQUESTS", "message": "Too many requests."}}),
    )
}

/// A raw response head and body, written as given.
fn raw(text: &str) -> Step {
    Step::Write(text.as_bytes().to_vec())
}

// ---------------------------------------------------------------------------------
// Crashes

/// Every header the transport reads, with numeric extremes and arbitrary text, on
/// success and error statuses, with retries off and on: an answer or an error, never
/// a panic, and never a call past its timeout.
#[tokio::test]
async fn no_header_value_panics_the_client() {
    let names = [
        "retry-after",
        "x-ratelimit-reset",
        "x-rate-limit-reset",
        "x-ratelimit-limit",
        "x-rate-limit",
        "x-ratelimit-remaining",
        "x-rate-limit-remaining",
        "location",
    ];
    let extremes = [
        "0".to_owned(),
        "-1".to_owned(),
        u64::MAX.to_string(),
        (i64::MAX as u64 + 1).to_string(),
        "99999999999999999999999999".to_owned(),
        "1e999".to_owned(),
        "120, 120".to_owned(),
        "Fri, 31 Dec 9999 23:59:59 GMT".to_owned(),
        "Thu, 01 Jan 1970 00:00:00 GMT".to_owned(),
        format!("{}", unix_now() - 5),
        "http://[::1".to_owned(),
        "//evil.example/%2e%2e/".to_owned(),
        "x".repeat(4000),
    ];
    let statuses = [200, 301, 404, 429, 500, 503];
    let mut rng = fastrand::Rng::with_seed(0x0bad_5eed);
    let cases: usize = std::env::var("COMETCHAT_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .map_or(240, |n: usize| n.min(5000));
    for case in 0..cases {
        let mut headers = Vec::new();
        for name in names {
            if rng.u8(..3) != 0 {
                continue;
            }
            let value = match rng.u8(..3) {
                0 => extremes[rng.usize(..extremes.len())].clone(),
                1 => rng.u64(..).to_string(),
                _ => (0..rng.usize(0..40))
                    .map(|_| rng.u8(0x20..0x7f) as char)
                    .collect(),
            };
            headers.push((name, value));
        }
        let status = statuses[case % statuses.len()];
        let pairs: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let body = if status == 200 {
            sample()
        } else {
            json!({"error": {"code": "ERR", "message": "no"}})
        };
        let server = Server::start(vec![Step::json_with(status, &pairs, &body)]).await;
        let retries = u32::from(case % 16 == 0);
        let started = Instant::now();
        let outcome = call(&client_for(&server, retries)).await;
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{status} {headers:?}: {:?}",
            started.elapsed()
        );
        match outcome {
            Ok(_) => assert_eq!(status, 200, "{headers:?}"),
            Err(error) => assert_safe(&error, &format!("{status} {headers:?}")),
        }
    }
}

/// Content-Length and status lines the server gets wrong.
#[tokio::test]
async fn no_status_line_or_length_panics_the_client() {
    let body = sample().to_string();
    let cases = [
        format!(
            "HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n{body}",
            u64::MAX
        ),
        format!("HTTP/1.1 200 OK\r\ncontent-length: 18446744073709551616\r\n\r\n{body}"),
        format!("HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n{body}"),
        format!("HTTP/1.1 200 OK\r\ncontent-length: 5, 6\r\n\r\n{body}"),
        format!("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n{body}"),
        "HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n{}".to_owned(),
        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n".to_owned(),
        "HTTP/1.1 500 Internal\r\ncontent-length: 0\r\n\r\n".to_owned(),
        "HTTP/1.1 000 Zero\r\ncontent-length: 0\r\n\r\n".to_owned(),
        "HTTP/1.1 99 Low\r\ncontent-length: 0\r\n\r\n".to_owned(),
        "HTTP/1.1 1000 High\r\ncontent-length: 0\r\n\r\n".to_owned(),
        "HTTP/1.1 abc OK\r\ncontent-length: 0\r\n\r\n".to_owned(),
        "HTTP/9.9 200 OK\r\ncontent-length: 0\r\n\r\n".to_owned(),
        "SSH-2.0-OpenSSH_9.6\r\n".to_owned(),
        "\r\n\r\n".to_owned(),
        "HTTP/1.1 200 \u{1b}[2J\r\ncontent-length: 0\r\n\r\n".to_owned(),
    ];
    for head in cases {
        let server = Server::start(vec![Step::Hangup(head.clone().into_bytes())]).await;
        let started = Instant::now();
        let outcome = call(&client_for(&server, 1)).await;
        assert!(started.elapsed() < Duration::from_secs(4), "{head:?}");
        if let Err(error) = outcome {
            assert_safe(&error, &head);
        }
    }
}

// ---------------------------------------------------------------------------------
// Secrets

/// A server that echoes the key wherever an error could show it.
#[tokio::test]
async fn no_error_shows_the_key_whole_or_in_part() {
    let half = &KEY[..KEY.len() / 2];
    let mut cases: Vec<(String, Step)> = Vec::new();
    // A key straddling the excerpt's cut, at every offset around it, in ASCII and
    // in multi-byte text.
    for offset in [240, 245, 250, 252, 255, 256, 260] {
        for filler in ["x", "é"] {
            cases.push((
                format!("HTML with the key at {offset} after {filler:?}"),
                Step::respond(
                    500,
                    &[("content-type", "text/html")],
                    &format!("{}{KEY} trailing", filler.repeat(offset)),
                ),
            ));
        }
    }
    let error_body = |error: serde_json::Value| Step::json(401, &json!({ "error": error }));
    cases.extend([
        (
            "every field of CometChat's error".to_owned(),
            error_body(json!({
                "code": KEY, "message": KEY, "devMessage": KEY, "source": KEY,
                "details": {"apikey": [KEY], "nested": {"deeper": [{"k": KEY}]}},
            })),
        ),
        (
            "the key as an object key in details".to_owned(),
            error_body(json!({
                "code": "AUTH_ERR_APIKEY_NOT_FOUND", "message": "no",
                "details": {KEY: ["is not a key"], "nested": {KEY: {KEY: 1}}},
            })),
        ),
        (
            "the key as an unknown field's name".to_owned(),
            error_body(json!({"code": "X", "message": "no", KEY: {half: true}})),
        ),
        (
            "half the key".to_owned(),
            error_body(json!({"code": "X", "message": format!("key {half}...")})),
        ),
        (
            "the key split over two strings".to_owned(),
            error_body(json!({
                "code": "X", "message": &KEY[..20], "devMessage": &KEY[20..],
            })),
        ),
        (
            "the key in a value that fails to decode".to_owned(),
            Step::respond(
                200,
                &[],
                &format!(
                    r#"{{"data": [{{"conversationId": "c", "unreadMessageCount": "{KEY}"}}]}}"#
                ),
            ),
        ),
        (
            "the key in a field name of a body that fails to decode".to_owned(),
            Step::respond(
                200,
                &[],
                &format!(r#"{{"data": {{"{KEY}": 1, "conversationId": 5}}}}"#),
            ),
        ),
        (
            "the key in a redirect's query".to_owned(),
            Step::respond(
                302,
                &[("location", &format!("http://e.example/?k={KEY}"))],
                "",
            ),
        ),
        (
            "the key in a redirect's user info".to_owned(),
            Step::respond(
                302,
                &[("location", &format!("http://u:{KEY}@e.example/"))],
                "",
            ),
        ),
        (
            "the key in a redirect's path".to_owned(),
            Step::respond(302, &[("location", &format!("/v3/{KEY}/x"))], ""),
        ),
        (
            "the key spelled by numbers in details and unknown fields".to_owned(),
            error_body(json!({
                "code": "X", "message": "m",
                "details": {"n": 123456789, "m": [9876543210_u64]}, "other": 123456789,
            })),
        ),
        (
            "the key after a line separator".to_owned(),
            error_body(json!({"code": format!("X\u{2028}{KEY}"), "message": "m"})),
        ),
        (
            "the key in a 203's body".to_owned(),
            Step::respond(203, &[], &format!("{{\"k\": \"{KEY}\"}}")),
        ),
        (
            "the key in an unexpected 2xx's body".to_owned(),
            Step::respond(201, &[], &format!("{{\"k\": \"{KEY}\"}}")),
        ),
    ]);
    for (case, step) in cases {
        let server = Server::start(vec![step]).await;
        let error = call(&client_for(&server, 0)).await.unwrap_err();
        assert_safe(&error, &case);
    }
}

/// Redirects that carry a secret of their own (not the key): the error shows where
/// they point without their user info or query.
#[tokio::test]
async fn redirects_lose_their_credentials_and_queries() {
    let secret = "hunter2-s3cr3t";
    let locations = [
        format!("https://user:{secret}@elsewhere.example/v3"),
        format!("https:/user:{secret}@elsewhere.example/v3"),
        format!("https:\\\\user:{secret}@elsewhere.example/v3"),
        format!("https://user:pa/{secret}@elsewhere.example/v3"),
        format!("https://user:pa?{secret}@elsewhere.example:x/v3"),
        format!("https://elsewhere.example/v3?token={secret}"),
        format!("https://elsewhere.example/v3#{secret}"),
        format!("//user:{secret}@elsewhere.example/v3"),
        format!("/v3/login?token={secret}"),
    ];
    for location in locations {
        let server = Server::start(vec![Step::respond(302, &[("location", &location)], "")]).await;
        let error = call(&client_for(&server, 0)).await.unwrap_err();
        assert!(
            matches!(error, Error::Redirect { .. }),
            "{location}: {error:?}"
        );
        for text in renderings(&error) {
            assert!(!text.contains(secret), "{location}: {text}");
            assert!(!text.contains("pa/"), "{location}: {text}");
        }
        assert_safe(&error, &location);
    }
}

/// Configuration that puts the key where it does not belong (variables swapped)
/// is refused without quoting it.
#[test]
fn a_key_in_the_wrong_setting_is_not_quoted() {
    let builders = [
        Client::builder().app_id(KEY).api_key(KEY),
        Client::builder().app_id(&KEY[..30]).api_key(KEY),
    ];
    for (index, builder) in builders.into_iter().enumerate() {
        let shown = format!("{builder:?}");
        assert!(!shown.contains(&KEY[4..10]), "{shown}");
        if let Err(error) = builder.build() {
            assert_safe(&error, &format!("builder {index}"));
        }
    }
}

/// Base URLs that carry a secret are refused, and the refusal does not quote it.
#[test]
fn a_base_url_with_a_secret_is_refused_without_quoting_it() {
    let secret = "hunter2-s3cr3t-pa55w0rd";
    let cases = [
        format!("https://user:{secret}@api.example.com/v3"),
        format!("https://{secret}@api.example.com/v3"),
        format!("https://api.example.com/v3?token={secret}"),
        format!("https://api.example.com/v3#{secret}"),
        format!("http://proxy-user:{secret}@10.0.0.1:3128/v3"),
        format!("https://user:{secret}@api.example.com:badport/v3"),
        format!("https:/user:{secret}@api.example.com/v3"),
        format!("https:\\\\user:{secret}@api.example.com/v3"),
        format!("https://user:pa/{secret}@api.example.com/v3"),
        format!("https://user:pa?{secret}@api.example.com/v3"),
        format!("https://user:pa#{secret}@api.example.com/v3"),
        format!("https://api.example.com/{KEY}/v3"),
        format!("https://api.example.com/v3/{}", &KEY[4..30]),
        format!("https://api.example.com/v3?k={KEY}"),
    ];
    for url in cases {
        let builder = Client::builder().base_url(&url).api_key(KEY);
        let shown = format!("{builder:?} {builder:#?}");
        assert!(
            !shown.contains(secret) && !shown.contains(&KEY[4..12]),
            "{shown}"
        );
        let error = builder.build().unwrap_err();
        assert!(matches!(error, Error::Config { .. }), "{url}: {error:?}");
        for text in renderings(&error) {
            assert!(!text.contains(secret), "{url}: {text}");
        }
        assert_safe(&error, &url);
    }
}

/// A connection error names no URL with a query or user info, and no key.
#[tokio::test]
async fn connection_errors_print_no_url_secrets() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://{address}/v3"))
        .api_key(KEY)
        .max_retries(0)
        .build()
        .unwrap();
    let error = call(&client).await.unwrap_err();
    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    for text in renderings(&error) {
        assert!(!text.contains("/groups/"), "the URL is printed: {text}");
    }
    assert_safe(&error, "refused connection");
}

// ---------------------------------------------------------------------------------
// Retry pacing

struct Pacing {
    case: &'static str,
    script: Vec<Step>,
    retries: u32,
    requests: usize,
    /// Bounds on the whole call.
    took: (Duration, Duration),
    ok: bool,
}

#[tokio::test]
async fn server_waits_are_read_in_order_and_never_below_the_backoff() {
    let now = unix_now();
    let in_an_hour = (now + 3600).to_string();
    let in_20_s = (now + 20).to_string();
    let in_1_s = (now + 1).to_string();
    let past = (now - 30).to_string();
    let failing = |status: u16, headers: &[(&str, &str)]| {
        Step::json_with(
            status,
            headers,
            &json!({"error": {"code": "ERR", "message": "x"}}),
        )
    };
    let ms = Duration::from_millis;
    let cases = vec![
        Pacing {
            case: "500 with a window end an hour away is retried on the backoff",
            script: vec![
                failing(
                    500,
                    &[
                        ("x-ratelimit-reset", &in_an_hour),
                        ("x-ratelimit-remaining", "99"),
                    ],
                ),
                Step::json(200, &sample()),
            ],
            retries: 2,
            requests: 2,
            took: (ms(450), ms(1500)),
            ok: true,
        },
        Pacing {
            case: "503 with a window end 20 s away does not sleep 20 s",
            script: vec![
                failing(503, &[("x-rate-limit-reset", &in_20_s)]),
                Step::json(200, &sample()),
            ],
            retries: 2,
            requests: 2,
            took: (ms(450), ms(1500)),
            ok: true,
        },
        Pacing {
            case: "429 with an unreadable Retry-After falls through to the reset",
            script: vec![
                too_many(&[("retry-after", "120, 120"), ("x-ratelimit-reset", &in_1_s)]),
                Step::json(200, &sample()),
            ],
            retries: 2,
            requests: 2,
            took: (ms(450), ms(2500)),
            ok: true,
        },
        Pacing {
            case: "429 with a reset in the past waits the backoff",
            script: vec![
                too_many(&[("x-ratelimit-reset", &past)]),
                Step::json(200, &sample()),
            ],
            retries: 2,
            requests: 2,
            took: (ms(450), ms(1500)),
            ok: true,
        },
        Pacing {
            case: "503 with Retry-After: 0 and 20 retries is no storm",
            script: vec![failing(503, &[("retry-after", "0")])],
            retries: 20,
            requests: 3,
            took: (ms(450), ms(3100)),
            ok: false,
        },
        Pacing {
            case: "500 with a spent window and a reset 1 s from now waits it",
            script: vec![
                failing(
                    500,
                    &[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1")],
                ),
                Step::json(200, &sample()),
            ],
            retries: 2,
            requests: 2,
            took: (ms(950), ms(2100)),
            ok: true,
        },
    ];
    for case in cases {
        let server = Server::start(case.script).await;
        let started = Instant::now();
        let outcome = call(&client_for(&server, case.retries)).await;
        let took = started.elapsed();
        let name = case.case;
        assert_eq!(outcome.is_ok(), case.ok, "{name}: {outcome:?}");
        let seen = server.seen();
        assert!(
            seen.len() <= case.requests && seen.len() >= case.requests.min(2),
            "{name}: {} requests",
            seen.len()
        );
        assert!(
            (case.took.0..=case.took.1).contains(&took),
            "{name}: took {took:?}"
        );
        assert!(
            seen.windows(2)
                .all(|pair| pair[1].at - pair[0].at >= ms(480)),
            "{name}: retried faster than the backoff"
        );
        if let Err(error) = outcome {
            assert_safe(&error, name);
        }
    }
}

/// A success whose body fails is retried like a failed connection (a request safe to
/// repeat), unless the body was too large; `is_retryable` says the same.
#[tokio::test]
async fn a_body_that_fails_is_retried_and_is_retryable_agrees() {
    let body = sample().to_string();
    let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", body.len());
    let cut = Step::Hangup(format!("{head}{}", &body[..body.len() / 2]).into_bytes());
    let stalled = Step::Write(format!("{head}{}", &body[..10]).into_bytes());
    let too_large = Step::respond(200, &[], &"x".repeat(100 * 1024));
    let ok = Step::json(200, &sample());
    let cases = [
        (
            "a body cut short, then a whole one",
            vec![cut.clone(), ok.clone()],
            true,
            None,
        ),
        (
            "a stalled body, then a whole one",
            vec![stalled.clone(), ok.clone()],
            true,
            None,
        ),
        ("a body cut short twice", vec![cut], false, Some(true)),
        ("a body stalled twice", vec![stalled], false, Some(true)),
        ("a body too large", vec![too_large], false, Some(false)),
    ];
    for (case, script, succeeds, retryable) in cases {
        let server = Server::start(script).await;
        let outcome = call(&client_for(&server, 1)).await;
        assert_eq!(outcome.is_ok(), succeeds, "{case}: {outcome:?}");
        if let Err(error) = &outcome {
            let retried = server.seen().len() == 2;
            assert_eq!(Some(error.is_retryable()), retryable, "{case}: {error}");
            assert_eq!(error.is_retryable(), retried, "{case}: {error}");
            let text = error.to_string();
            assert!(!text.contains("app id"), "{case}: {text}");
            assert_safe(error, case);
        }
    }
}

/// For every status, `is_retryable` says what the transport did.
#[tokio::test]
async fn is_retryable_agrees_with_the_transport() {
    let statuses = [
        400, 401, 403, 404, 405, 408, 409, 410, 413, 422, 429, 499, 500, 501, 502, 503, 504, 505,
        507, 511, 599,
    ];
    for status in statuses {
        let server = Server::start(vec![Step::respond(status, &[("retry-after", "0")], "x")]).await;
        let error = call(&client_for(&server, 1)).await.unwrap_err();
        let retried = server.seen().len() == 2;
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(
            error.is_retryable(),
            retried,
            "{status}: is_retryable() disagrees with the transport"
        );
    }
}

// ---------------------------------------------------------------------------------
// Deadlines

#[tokio::test]
async fn no_call_outlives_its_timeout() {
    let ms = Duration::from_millis;
    let asks_59_s = Step::json_with(
        503,
        &[("retry-after", "59")],
        &json!({"error": {"code": "ERR", "message": "later"}}),
    );
    let slow_body = {
        let body = sample().to_string();
        let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", body.len());
        Step::Write(head.into_bytes())
    };
    // (case, script, call timeout, attempt timeout, retries, at most)
    type Case = (&'static str, Vec<Step>, Duration, Duration, u32, Duration);
    let cases: Vec<Case> = vec![
        (
            "silent server, defaults but a 1 s call",
            vec![Step::Stall],
            ms(1000),
            ms(10_000),
            2,
            ms(1300),
        ),
        (
            "silent server, attempts of 300 ms",
            vec![Step::Stall],
            ms(1000),
            ms(300),
            20,
            ms(1300),
        ),
        (
            "503 asking for 59 s",
            vec![asks_59_s.clone()],
            ms(1000),
            ms(10_000),
            2,
            ms(400),
        ),
        (
            "503 asking for 59 s, default call timeout",
            vec![asks_59_s],
            ms(30_000),
            ms(10_000),
            2,
            ms(400),
        ),
        (
            "slow answers",
            vec![Step::after(ms(2000), Step::json(200, &sample()))],
            ms(800),
            ms(10_000),
            5,
            ms(1100),
        ),
        (
            "a body that never ends",
            vec![slow_body],
            ms(700),
            ms(10_000),
            0,
            ms(1000),
        ),
    ];
    for (case, script, timeout, attempt_timeout, retries, at_most) in cases {
        let server = Server::start(script).await;
        let client = Client::builder()
            .base_url(server.base_url())
            .api_key(KEY)
            .timeout(timeout)
            .attempt_timeout(attempt_timeout)
            .max_retries(retries)
            .build()
            .unwrap();
        let started = Instant::now();
        let error = call(&client).await.unwrap_err();
        let took = started.elapsed();
        assert!(took <= at_most, "{case}: took {took:?}: {error}");
        assert_safe(&error, case);
        if case.starts_with("503") {
            assert_eq!(error.retry_after(), Some(Duration::from_secs(59)), "{case}");
            assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{case}");
        }
    }
}

#[tokio::test]
async fn a_timeout_says_which_timeout_ran_out() {
    let server = Server::start(vec![Step::Stall]).await;
    let client = Client::builder()
        .base_url(server.base_url())
        .api_key(KEY)
        .timeout(Duration::from_millis(600))
        .attempt_timeout(Duration::from_millis(5000))
        .build()
        .unwrap();
    let error = call(&client).await.unwrap_err();
    let Error::Timeout {
        whole_call, limit, ..
    } = &error
    else {
        panic!("{error:?}");
    };
    assert!(*whole_call);
    assert_eq!(*limit, Duration::from_millis(600));
    assert!(
        error.to_string().contains("call's 600 ms timeout"),
        "{error}"
    );

    let client = client
        .with_timeout(Duration::from_secs(10))
        .with_attempt_timeout(Duration::from_millis(200))
        .with_max_retries(0);
    let error = call(&client).await.unwrap_err();
    let Error::Timeout {
        whole_call, limit, ..
    } = &error
    else {
        panic!("{error:?}");
    };
    assert!(!*whole_call);
    assert_eq!(*limit, Duration::from_millis(200));
    assert!(
        error.to_string().contains("200 ms attempt timeout"),
        "{error}"
    );
}

// ---------------------------------------------------------------------------------
// Wrong answers

/// Server text that would clear a screen, forge a log line or fill a terminal.
#[tokio::test]
async fn server_text_is_quoted_escaped_and_cut() {
    let forged = "ok\u{1b}[2J\r\n2026-01-01 INFO all good\u{7}\u{202e}";
    let huge = "A".repeat(60_000);
    let cases = [
        (
            "unknown code",
            json!({"error": {"code": forged, "message": "m"}}),
        ),
        (
            "message",
            json!({"error": {"code": "ERR", "message": forged}}),
        ),
        (
            "dev message",
            json!({"error": {"code": "ERR", "message": "m", "devMessage": forged}}),
        ),
        (
            "huge message",
            json!({"error": {"code": "ERR", "message": huge}}),
        ),
        (
            "huge code",
            json!({"error": {"code": huge, "message": "m"}}),
        ),
        (
            "huge details",
            json!({"error": {"code": "ERR", "message": "m", "details": {"f": [huge]}}}),
        ),
        ("not CometChat's", json!({"message": forged})),
    ];
    for (case, body) in cases {
        let server = Server::start(vec![Step::json(400, &body)]).await;
        let error = call(&client_for(&server, 0)).await.unwrap_err();
        assert_safe(&error, case);
    }
    let decode_cases = [
        (
            "a path segment",
            format!(
                r#"{{"data": {{"conversationId": "c", "{forged}": 1, "conversationType": 5}}}}"#
            )
            .replace('\u{1b}', "\\u001b")
            .replace('\r', "\\r")
            .replace('\n', "\\n")
            .replace('\u{7}', "\\u0007"),
        ),
        (
            "serde's reason",
            format!(
                r#"{{"data": {{"conversationId": "c", "unreadMessageCount": "{}"}}}}"#,
                "\\u001b[2J".repeat(2000)
            ),
        ),
        (
            "a huge key",
            format!(r#"{{"data": {{"{huge}": {{"x": [}}}}}}"#),
        ),
        (
            "raw control bytes",
            "{\"data\": \u{1b}[2J\r\nforged}".to_owned(),
        ),
    ];
    for (case, body) in decode_cases {
        let server = Server::start(vec![Step::respond(200, &[], &body)]).await;
        let error = call(&client_for(&server, 0)).await.unwrap_err();
        assert!(matches!(error, Error::Decode(_)), "{case}: {error:?}");
        assert_safe(&error, case);
    }
}

/// An error status whose body is too large, or stalls, keeps its status, and
/// whether it is retryable.
#[tokio::test]
async fn an_error_status_survives_a_bad_body() {
    let big = "x".repeat(100 * 1024);
    let stalled = |status: u16| {
        let head = format!("HTTP/1.1 {status} Status\r\ncontent-length: 1000\r\n\r\n{{\"error\"");
        Step::Hangup(head.into_bytes())
    };
    let never_ending = |status: u16| {
        let head = format!("HTTP/1.1 {status} Status\r\ncontent-length: 1000\r\n\r\n{{\"error\"");
        Step::Write(head.into_bytes())
    };
    let chunked_big = |status: u16| {
        raw(&format!(
            "HTTP/1.1 {status} Status\r\ntransfer-encoding: chunked\r\n\r\n{:x}\r\n{big}\r\n0\r\n\r\n",
            big.len()
        ))
    };
    let cases = [
        (
            "503 over the ceiling",
            Step::respond(503, &[], &big),
            503,
            true,
        ),
        ("500 over the ceiling, chunked", chunked_big(500), 500, true),
        (
            "404 over the ceiling",
            Step::respond(404, &[], &big),
            404,
            false,
        ),
        ("502 cut short", stalled(502), 502, true),
        ("503 whose body stalls", never_ending(503), 503, true),
        ("400 whose body stalls", never_ending(400), 400, false),
    ];
    for (case, step, status, retryable) in cases {
        let server = Server::start(vec![step]).await;
        let error = call(&client_for(&server, 0)).await.unwrap_err();
        let Error::Api(api) = &error else {
            panic!("{case}: {error:?}");
        };
        assert_eq!(api.status().as_u16(), status, "{case}");
        assert!(api.body_error().is_some(), "{case}: {error}");
        assert_eq!(error.is_retryable(), retryable, "{case}");
        assert_safe(&error, case);
    }
}

/// Answers that are not valid HTTP, or not what CometChat ever answers: reported as
/// such, not retried as failed connections, and with no advice about app ids.
#[tokio::test]
async fn malformed_and_odd_answers_get_accurate_errors() {
    let many_headers: String = (0..200).map(|i| format!("x-h{i}: v\r\n")).collect();
    let huge_header = format!("x-big: {}\r\n", "v".repeat(1 << 20));
    let body = sample().to_string();
    let with_body = |status: &str| {
        raw(&format!(
            "HTTP/1.1 {status}\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        ))
    };
    let cases = [
        (
            "too many headers",
            raw(&format!(
                "HTTP/1.1 200 OK\r\n{many_headers}content-length: 0\r\n\r\n"
            )),
        ),
        (
            "a 1 MB header",
            raw(&format!(
                "HTTP/1.1 200 OK\r\n{huge_header}content-length: 0\r\n\r\n"
            )),
        ),
        (
            "an invalid status code",
            raw("HTTP/1.1 abc OK\r\ncontent-length: 0\r\n\r\n"),
        ),
        (
            "a four-digit status code",
            raw("HTTP/1.1 2000 OK\r\ncontent-length: 0\r\n\r\n"),
        ),
        (
            "a malformed header line",
            raw("HTTP/1.1 200 OK\r\nno colon here\r\ncontent-length: 0\r\n\r\n"),
        ),
        ("status 600", with_body("600 Weird")),
        ("status 999", with_body("999 Weird")),
        (
            "304 to a plain GET",
            raw("HTTP/1.1 304 Not Modified\r\n\r\n"),
        ),
        (
            "203 with a valid body",
            with_body("203 Non-Authoritative Information"),
        ),
        ("300 without a location", with_body("300 Multiple Choices")),
        ("302 without a location", with_body("302 Found")),
        ("305", with_body("305 Use Proxy")),
        ("306", with_body("306 Switch Proxy")),
        ("399", with_body("399 Odd")),
        ("206 with a body", with_body("206 Partial Content")),
        ("226 with a body", with_body("226 IM Used")),
        ("299 with a body", with_body("299 Odd")),
        (
            "101 out of the blue",
            raw("HTTP/1.1 101 Switching Protocols\r\n\r\n"),
        ),
    ];
    for (case, step) in cases {
        let server = Server::start(vec![step]).await;
        let error = call(&client_for(&server, 2)).await.unwrap_err();
        assert!(
            matches!(error, Error::InvalidResponse { .. }),
            "{case}: {error:?}"
        );
        assert_eq!(server.seen().len(), 1, "{case}: retried");
        assert!(!error.is_retryable(), "{case}");
        let text = error.to_string();
        for wrong in ["app id", "region", "please report", "redirect"] {
            assert!(!text.contains(wrong), "{case}: {text}");
        }
        assert_safe(&error, case);
    }
}

/// Mutated error bodies, with the key planted in them, through the whole error path
/// (decode, excerpt, scrubbing, failing path): never a panic, never a leak.
#[tokio::test]
async fn mutated_error_bodies_never_panic_or_leak() {
    let base = json!({"error": {
        "code": "ERR_GUID_NOT_FOUND", "message": format!("no {KEY}"),
        "devMessage": "d", "details": {"guid": [format!("bad {KEY}")], KEY: 1},
    }})
    .to_string()
    .into_bytes();
    let alphabet = b"{}[]\":,0123456789-.eE truefalsnul\\\x1b\n";
    let mut rng = fastrand::Rng::with_seed(0xe770);
    let cases: usize = std::env::var("COMETCHAT_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .map_or(150, |n: usize| n.min(3000));
    for case in 0..cases {
        let mut body = base.clone();
        for _ in 0..rng.usize(1..5) {
            let at = rng.usize(..body.len());
            match rng.u8(..3) {
                0 => body[at] = alphabet[rng.usize(..alphabet.len())],
                1 => {
                    body.remove(at);
                }
                _ => body.insert(at, alphabet[rng.usize(..alphabet.len())]),
            }
        }
        let status = [400, 404, 500][case % 3];
        let text = String::from_utf8_lossy(&body).into_owned();
        let server = Server::start(vec![Step::respond(status, &[], &text)]).await;
        let error = call(&client_for(&server, 0)).await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status), "{text}");
        assert_safe(&error, &text);
    }
}
