//! The client under faults and hostile servers: error statuses, bad bodies, slow,
//! stalled and resetting servers, redirects. Each case checks the error, how many
//! requests the server saw, the pacing where it matters, and that the API key
//! appears nowhere in what the error prints.

mod support;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cometchat::{Client, Error, ErrorCode};
use serde_json::json;
use support::{sample, Server, Step, KEY};

const HTML_500: &str = "<html><head><title>500 Internal Server Error</title></head><body><center><h1>500 Internal Server Error</h1></center><hr><center>nginx</center></body></html>";

/// What one case expects.
#[derive(Debug)]
enum Expect {
    Ok,
    Api {
        status: u16,
        code: Option<&'static str>,
    },
    RateLimited {
        retry_after: u64,
    },
    Decode {
        path: Option<&'static str>,
    },
    Timeout,
    Connection,
    BodyTooLarge,
}

struct Case {
    name: &'static str,
    script: Vec<Step>,
    expect: Expect,
    requests: usize,
    /// Bounds on the whole call, where pacing matters.
    at_least: Duration,
    at_most: Duration,
}

fn case(name: &'static str, script: Vec<Step>, expect: Expect, requests: usize) -> Case {
    Case {
        name,
        script,
        expect,
        requests,
        at_least: Duration::ZERO,
        at_most: Duration::from_secs(20),
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn client_for(server: &Server) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .api_key(KEY)
        .attempt_timeout(Duration::from_millis(800))
        .max_body_size(64 * 1024)
        .build()
        .unwrap()
}

/// Checks that nothing the error can print holds the key.
fn assert_no_key(error: &Error, name: &str) {
    for text in [
        format!("{error}"),
        format!("{error:?}"),
        format!("{error:#}"),
    ] {
        assert!(!text.contains(KEY), "{name}: the key leaked: {text}");
    }
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        assert!(
            !cause.to_string().contains(KEY),
            "{name}: the key leaked in {cause}"
        );
        source = cause.source();
    }
}

fn check(case: &Case, result: &Result<cometchat::Conversation, Error>) {
    let name = case.name;
    match (&case.expect, result) {
        (Expect::Ok, Ok(conversation)) => {
            assert_eq!(
                conversation.conversation_id, "group_project-group",
                "{name}"
            )
        }
        (Expect::Api { status, code }, Err(error @ Error::Api(api))) => {
            assert_eq!(api.status().as_u16(), *status, "{name}: {error}");
            assert_eq!(api.code().map(ErrorCode::as_str), *code, "{name}: {error}");
            assert!(
                error.to_string().contains(&status.to_string()),
                "{name}: {error}"
            );
        }
        (Expect::RateLimited { retry_after }, Err(error)) => {
            assert!(error.is_rate_limited(), "{name}: {error}");
            assert_eq!(
                error.retry_after(),
                Some(Duration::from_secs(*retry_after)),
                "{name}"
            );
            assert!(error.is_retryable(), "{name}");
        }
        (Expect::Decode { path }, Err(Error::Decode(decode))) => {
            assert_eq!(decode.path(), *path, "{name}: {decode}");
            assert!(decode.body_excerpt().is_some(), "{name}");
        }
        (Expect::Timeout, Err(error @ Error::Timeout { .. })) => assert!(error.is_retryable()),
        (Expect::Connection, Err(error @ Error::Connection { .. })) => {
            assert!(error.is_retryable())
        }
        (Expect::BodyTooLarge, Err(Error::BodyTooLarge { limit, .. })) => {
            assert_eq!(*limit, 64 * 1024)
        }
        (expect, result) => panic!("{name}: expected {expect:?}, got {result:?}"),
    }
    if let Err(error) = result {
        assert_no_key(error, name);
    }
}

async fn run(case: Case) {
    let server = Server::start(case.script.clone()).await;
    let client = client_for(&server);
    let started = Instant::now();
    let result = client
        .get_group_conversation("project-group")
        .on_behalf_of("cometchat-uid-4")
        .await;
    let elapsed = started.elapsed();
    let result = result.map(cometchat::Response::into_inner);
    check(&case, &result);
    assert_eq!(
        server.seen().len(),
        case.requests,
        "{}: requests",
        case.name
    );
    assert!(
        (case.at_least..=case.at_most).contains(&elapsed),
        "{}: took {elapsed:?}, expected {:?}..={:?}",
        case.name,
        case.at_least,
        case.at_most
    );
}

#[tokio::test]
async fn error_statuses() {
    let cases = [
        case(
            "401 with a CometChat body",
            vec![Step::error(
                401,
                "AUTH_ERR_APIKEY_NOT_FOUND",
                "The provided API key does not exist.",
            )],
            Expect::Api {
                status: 401,
                code: Some("AUTH_ERR_APIKEY_NOT_FOUND"),
            },
            1,
        ),
        case(
            "403 with a CometChat body",
            vec![Step::error(403, "AUTH_ERR_NO_ACCESS", "No access.")],
            Expect::Api {
                status: 403,
                code: Some("AUTH_ERR_NO_ACCESS"),
            },
            1,
        ),
        case(
            "404 with a CometChat body",
            vec![Step::error(
                404,
                "ERR_GUID_NOT_FOUND",
                "The guid does not exist.",
            )],
            Expect::Api {
                status: 404,
                code: Some("ERR_GUID_NOT_FOUND"),
            },
            1,
        ),
        case(
            "404 with an unknown code",
            vec![Step::error(404, "ERR_SOMETHING_NEW", "New.")],
            Expect::Api {
                status: 404,
                code: Some("ERR_SOMETHING_NEW"),
            },
            1,
        ),
        case(
            "400 with JSON that is not CometChat's",
            vec![Step::json(400, &json!({"message": "Bad Request"}))],
            Expect::Api {
                status: 400,
                code: None,
            },
            1,
        ),
        case(
            "500 with an HTML page, three times",
            vec![Step::respond(
                500,
                &[("content-type", "text/html")],
                HTML_500,
            )],
            Expect::Api {
                status: 500,
                code: None,
            },
            3,
        ),
        case(
            "503 with an HTML page, then 200",
            vec![
                Step::respond(
                    503,
                    &[("content-type", "text/html")],
                    "<h1>maintenance</h1>",
                ),
                Step::json(200, &sample()),
            ],
            Expect::Ok,
            2,
        ),
        case(
            "502 with an empty body, three times",
            vec![Step::respond(502, &[], "")],
            Expect::Api {
                status: 502,
                code: None,
            },
            3,
        ),
    ];
    for case in cases {
        run(case).await;
    }
}

#[tokio::test]
async fn rate_limits() {
    let too_many = |headers: &[(&str, &str)]| {
        Step::json_with(
            429,
            headers,
            &json!({"error": {"code": "ERR_TOO_MANY_REQUESTS", "message": "Too many requests."}}),
        )
    };
    let cases = [
        Case {
            at_least: Duration::from_secs(2),
            ..case(
                "429 with Retry-After: 1, twice, then 200",
                vec![
                    too_many(&[("retry-after", "1")]),
                    too_many(&[("retry-after", "1")]),
                    Step::json(200, &sample()),
                ],
                Expect::Ok,
                3,
            )
        },
        Case {
            at_most: Duration::from_secs(1),
            ..case(
                "429 with Retry-After: 3600",
                vec![too_many(&[
                    ("retry-after", "3600"),
                    ("x-rate-limit", "500"),
                    ("x-rate-limit-remaining", "0"),
                ])],
                Expect::RateLimited { retry_after: 3600 },
                1,
            )
        },
    ];
    for case in cases {
        run(case).await;
    }
}

#[tokio::test]
async fn a_rate_limit_reset_header_alone_paces_the_retry() {
    let too_many = |headers: &[(&str, &str)]| {
        Step::json_with(
            429,
            headers,
            &json!({"error": {"code": "ERR_TOO_MANY_REQUESTS", "message": "Too many requests."}}),
        )
    };
    // Whole Unix seconds: the wait is 1 to 2 s, less the time the answer takes.
    let reset = (unix_now() + 2).to_string();
    run(Case {
        at_least: Duration::from_millis(900),
        ..case(
            "429 with only a reset header, then 200",
            vec![
                too_many(&[
                    ("x-ratelimit-limit", "500"),
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", &reset),
                ]),
                Step::json(200, &sample()),
            ],
            Expect::Ok,
            2,
        )
    })
    .await;
}

#[tokio::test]
async fn retries_are_spaced_by_retry_after() {
    let step = Step::json_with(
        429,
        &[("retry-after", "1")],
        &json!({"error": {"code": "ERR_TOO_MANY_REQUESTS", "message": "Slow down."}}),
    );
    let server = Server::start(vec![step.clone(), step, Step::json(200, &sample())]).await;
    client_for(&server)
        .get_group_conversation("project-group")
        .on_behalf_of("cometchat-uid-4")
        .await
        .unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    for pair in seen.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(gap >= Duration::from_secs(1), "retried after {gap:?}");
    }
}

#[tokio::test]
async fn the_rate_limit_state_is_on_the_error() {
    let server = Server::start(vec![Step::json_with(
        429,
        &[
            ("retry-after", "120"),
            ("x-rate-limit", "500"),
            ("x-rate-limit-remaining", "0"),
            ("x-rate-limit-reset", "1700000000"),
        ],
        &json!({"error": {"code": "ERR_TOO_MANY_REQUESTS", "message": "Too many requests."}}),
    )])
    .await;
    let error = client_for(&server)
        .get_group_conversation("project-group")
        .on_behalf_of("cometchat-uid-4")
        .await
        .unwrap_err();
    let state = error.rate_limit().unwrap();
    assert_eq!(
        (state.limit, state.remaining, state.reset),
        (Some(500), Some(0), Some(1_700_000_000))
    );
    assert_eq!(error.code(), Some(&ErrorCode::ErrTooManyRequests));
    assert!(error.to_string().contains("120 s"), "{error}");
}

#[tokio::test]
async fn bad_bodies() {
    let mut wrong_type = sample();
    wrong_type["data"][0]["conversationId"] = json!(5);
    let text = sample().to_string();
    let truncated = &text[..text.len() / 2];
    let cases = [
        case(
            "200 with invalid JSON",
            vec![Step::respond(200, &[], "{not json")],
            Expect::Decode { path: None },
            1,
        ),
        case(
            "200 with a wrong type",
            vec![Step::json(200, &wrong_type)],
            Expect::Decode {
                path: Some("data[0].conversationId"),
            },
            1,
        ),
        case(
            "200 with JSON cut off mid-body",
            vec![Step::respond(
                200,
                &[("content-type", "application/json")],
                truncated,
            )],
            Expect::Decode {
                path: Some("data[0].lastMessage.data.entities.for.entity.conversationId"),
            },
            1,
        ),
        case(
            "200 with an HTML body",
            vec![Step::respond(
                200,
                &[("content-type", "text/html")],
                HTML_500,
            )],
            Expect::Decode { path: None },
            1,
        ),
        // A body cut short or stalled fails the attempt, which is retried as a
        // failed connection would be.
        case(
            "connection closed mid-body, three times",
            vec![Step::Hangup(
                format!("HTTP/1.1 200 OK\r\ncontent-length: 5000\r\n\r\n{truncated}").into_bytes(),
            )],
            Expect::Connection,
            3,
        ),
        case(
            "a chunked body cut off, then a whole one",
            vec![
                Step::Hangup(chunked(&text)[..700].to_vec()),
                Step::json(200, &sample()),
            ],
            Expect::Ok,
            2,
        ),
        Case {
            at_least: Duration::from_millis(800),
            at_most: Duration::from_millis(2500),
            ..case(
                "a body that stalls mid-way, then a whole one",
                vec![
                    Step::Write(
                        format!("HTTP/1.1 200 OK\r\ncontent-length: 5000\r\n\r\n{truncated}")
                            .into_bytes(),
                    ),
                    Step::json(200, &sample()),
                ],
                Expect::Ok,
                2,
            )
        },
        case(
            "a body over the limit",
            vec![Step::respond(200, &[], &"x".repeat(200 * 1024))],
            Expect::BodyTooLarge,
            1,
        ),
        case(
            "a chunked body over the limit",
            vec![Step::Write(chunked(&"y".repeat(100 * 1024)))],
            Expect::BodyTooLarge,
            1,
        ),
        case(
            "a chunked body under the limit",
            vec![Step::Write(chunked(&sample().to_string()))],
            Expect::Ok,
            1,
        ),
    ];
    for case in cases {
        run(case).await;
    }
}

/// A 200 response with a chunked body of 1 KiB chunks.
fn chunked(body: &str) -> Vec<u8> {
    let mut out =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
            .to_vec();
    for chunk in body.as_bytes().chunks(1024) {
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

#[tokio::test]
async fn slow_stalled_and_resetting_servers() {
    let cases = [
        Case {
            at_least: Duration::from_millis(300),
            ..case(
                "a slow server inside the timeout",
                vec![Step::after(
                    Duration::from_millis(300),
                    Step::json(200, &sample()),
                )],
                Expect::Ok,
                1,
            )
        },
        Case {
            // Three attempts of 0.8 s, plus two backoffs of 0.5-1 s and 1-2 s.
            at_least: Duration::from_millis(3 * 800 + 500 + 1000),
            at_most: Duration::from_millis(3 * 800 + 1000 + 2000 + 1500),
            ..case(
                "a server that never answers",
                vec![Step::Stall],
                Expect::Timeout,
                3,
            )
        },
        Case {
            at_least: Duration::from_millis(800),
            ..case(
                "a server slower than the timeout, then a fast one",
                vec![
                    Step::after(Duration::from_secs(5), Step::json(200, &sample())),
                    Step::json(200, &sample()),
                ],
                Expect::Ok,
                2,
            )
        },
        case(
            "a server that resets every connection",
            vec![Step::Reset],
            Expect::Connection,
            3,
        ),
        case(
            "a reset, then an answer",
            vec![Step::Reset, Step::json(200, &sample())],
            Expect::Ok,
            2,
        ),
    ];
    for case in cases {
        run(case).await;
    }
}

#[tokio::test]
async fn a_stalled_server_with_retries_off_ends_within_the_timeout() {
    let server = Server::start(vec![Step::Stall]).await;
    let client = client_for(&server)
        .with_max_retries(0)
        .with_timeout(Duration::from_millis(500));
    let started = Instant::now();
    let error = client
        .get_group_conversation("project-group")
        .on_behalf_of("u")
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        matches!(error, Error::Timeout { attempts: 1, .. }),
        "{error:?}"
    );
    assert!(
        elapsed >= Duration::from_millis(500) && elapsed < Duration::from_millis(1500),
        "{elapsed:?}"
    );
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn nothing_is_refused_by_a_closed_port_but_the_connection() {
    let server = Server::start(vec![Step::Stall]).await;
    let address = server.address;
    drop(server);
    let client = Client::builder()
        .base_url(format!("http://{address}/v3"))
        .api_key(KEY)
        .max_retries(1)
        .build()
        .unwrap();
    let error = client
        .get_group_conversation("g")
        .on_behalf_of("u")
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Connection { attempts: 2, .. }),
        "{error:?}"
    );
    assert_no_key(&error, "closed port");
}

#[tokio::test]
async fn redirects_are_not_followed_and_never_carry_the_key() {
    let elsewhere = Server::start(vec![Step::json(200, &sample())]).await;
    for status in [301, 302, 303, 307, 308] {
        let location = format!(
            "http://{}/v3/groups/project-group/conversation",
            elsewhere.address
        );
        let server =
            Server::start(vec![Step::respond(status, &[("location", &location)], "")]).await;
        let error = client_for(&server)
            .get_group_conversation("project-group")
            .on_behalf_of("u")
            .await
            .unwrap_err();
        let Error::Redirect {
            status: seen_status,
            location: Some(pointed),
            ..
        } = &error
        else {
            panic!("{status}: {error:?}");
        };
        assert_eq!(seen_status.as_u16(), status);
        assert!(
            pointed.contains(&elsewhere.address.to_string()),
            "{pointed}"
        );
        assert!(
            error.to_string().contains(&elsewhere.address.to_string()),
            "{error}"
        );
        assert_eq!(server.seen().len(), 1);
        assert_no_key(&error, "redirect");
    }
    assert_eq!(elsewhere.seen().len(), 0, "a redirect was followed");
}

#[tokio::test]
async fn a_server_echoing_the_key_cannot_make_errors_print_it() {
    let echo = format!("bad key {KEY}");
    let cases = vec![
        Step::json(
            401,
            &json!({"error": {
                "code": KEY, "message": echo, "devMessage": echo, "source": echo,
                "details": {"apikey": [echo]}, "seen": {"apikey": KEY}
            }}),
        ),
        Step::respond(
            500,
            &[("content-type", "text/html")],
            &format!("<p>{echo}</p>"),
        ),
        Step::respond(200, &[], &format!("{{\"data\": \"{echo}\"}}")),
        Step::respond(
            302,
            &[("location", &format!("http://evil.example/?k={KEY}"))],
            "",
        ),
    ];
    for step in cases {
        let server = Server::start(vec![step]).await;
        let error = client_for(&server)
            .with_max_retries(0)
            .get_group_conversation("g")
            .on_behalf_of("u")
            .await
            .unwrap_err();
        assert_no_key(&error, "echo");
    }
}
