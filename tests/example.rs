//! `examples/group_conversation.rs`, run as users run it: on the embedded stand-in,
//! and against a local server through `COMETCHAT_BASE_URL`.

mod support;

use std::{path::PathBuf, process::Output};

use serde_json::{json, Value};
use support::{sample, Server, Step, KEY};

/// The example binary, which `cargo test` builds next to the test binaries.
fn example() -> std::process::Command {
    let mut path: PathBuf = std::env::current_exe().unwrap();
    path.pop();
    if path.ends_with("deps") {
        path.pop();
    }
    let binary = path.join("examples").join("group_conversation");
    assert!(
        binary.exists(),
        "{} is missing: run `cargo test`, which builds the examples",
        binary.display()
    );
    let mut command = std::process::Command::new(binary);
    for name in [
        "COMETCHAT_APP_ID",
        "COMETCHAT_REGION",
        "COMETCHAT_API_KEY",
        "COMETCHAT_BASE_URL",
    ] {
        command.env_remove(name);
    }
    command
}

/// Runs the example against `server` in a blocking thread, so that the server keeps
/// answering on the test's runtime.
async fn run_against(server: &Server, args: &[&str]) -> Output {
    let mut command = example();
    command
        .env("COMETCHAT_BASE_URL", server.base_url())
        .env("COMETCHAT_API_KEY", KEY)
        .args(args);
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

fn stdout_json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn with_no_configuration_it_uses_the_embedded_stand_in() {
    let output = example().output().unwrap();
    let printed = stdout_json(&output);
    assert_eq!(printed["conversationId"], "group_project-group");
    assert_eq!(printed["lastMessage"]["data"]["action"], "unbanned");
    assert_eq!(printed, sample()["data"][0]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("embedded CometChat stand-in"), "{stderr}");
}

#[tokio::test]
async fn it_prints_every_variation_unchanged() {
    let conversation = sample()["data"][0].clone();
    let mut numbers = conversation.clone();
    numbers["unreadMessageCount"] = json!(7);
    numbers["lastMessage"]["id"] = json!(50);
    numbers["conversationWith"]["membersCount"] = json!("4");
    let mut no_last_message = conversation.clone();
    no_last_message
        .as_object_mut()
        .unwrap()
        .remove("lastMessage");
    let mut unknown = conversation.clone();
    unknown["lastMessage"]["category"] = json!("poll");
    unknown["lastMessage"]["type"] = json!("multipleChoice");
    unknown["lastMessage"]["data"]["action"] = json!("voted");
    unknown["lastMessage"]["data"]["entities"]["by"]["entity"]["status"] = json!("away");
    unknown["lastMessage"]["data"]["entities"]["by"]["entityType"] = json!("bot");
    unknown["lastMessage"]["data"]["entities"]["for"]["entity"]["type"] = json!("secret");
    unknown["conversationWith"]["scope"] = json!("owner");
    unknown["lastMessage"]["poll"] = json!({"options": ["a", "b"], "votes": [1, 2]});
    unknown["newField"] = json!({"nested": [true, null]});
    let bodies = [
        json!({ "data": [conversation] }),
        json!({ "data": conversation }),
        json!({ "data": [numbers] }),
        json!({ "data": [no_last_message] }),
        json!({ "data": [unknown] }),
    ];
    for body in bodies {
        let server = Server::start(vec![Step::json(200, &body)]).await;
        let output = run_against(&server, &["project-group"]).await;
        let expected = match &body["data"] {
            Value::Array(items) => items[0].clone(),
            object => object.clone(),
        };
        assert_eq!(stdout_json(&output), expected);
        let seen = server.seen();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].method, "GET");
        assert_eq!(seen[0].path, "/v3/groups/project-group/conversation");
        assert_eq!(seen[0].header("apikey"), Some(KEY));
        assert_eq!(seen[0].header("onbehalfof"), Some("cometchat-uid-4"));
    }
}

#[tokio::test]
async fn it_sends_the_given_guid_and_user() {
    let server = Server::start(vec![Step::json(200, &sample())]).await;
    let output = run_against(&server, &["team-7", "--on-behalf-of", "uid_9"]).await;
    stdout_json(&output);
    let seen = server.seen();
    assert_eq!(seen[0].path, "/v3/groups/team-7/conversation");
    assert_eq!(seen[0].header("onbehalfof"), Some("uid_9"));
}

#[tokio::test]
async fn failures_exit_1_with_a_clear_message() {
    let server = Server::start(vec![Step::error(
        404,
        "ERR_GUID_NOT_FOUND",
        "The guid nope does not exist.",
    )])
    .await;
    let output = run_against(&server, &["nope"]).await;
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("404") && stderr.contains("ERR_GUID_NOT_FOUND"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.stdout.is_empty());
    assert_eq!(server.seen().len(), 1);

    for bad in ["../admin", "a b", "x%2e"] {
        let output = run_against(&server, &[bad]).await;
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("not a CometChat id"), "{stderr}");
    }
    let output = run_against(&server, &["--retries"]).await;
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(server.seen().len(), 1, "refused input reached the server");
}

/// Runs the example with this environment (no server), in a blocking thread.
async fn run_with_env(env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = example();
    command.envs(env.iter().copied()).args(args);
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

fn assert_no_key(output: &Output, case: &str) {
    let printed = [&output.stdout[..], &output.stderr[..]].concat();
    assert!(
        !String::from_utf8_lossy(&printed).contains(KEY),
        "{case}: the key was printed"
    );
}

#[tokio::test]
async fn faults_and_hostile_configuration() {
    use std::time::{Duration, Instant};

    let too_many = |retry_after: &str| {
        Step::json_with(
            429,
            &[("retry-after", retry_after)],
            &json!({"error": {"code": "ERR_TOO_MANY_REQUESTS", "message": "Too many requests."}}),
        )
    };

    // 429 twice with Retry-After: 1, then 200: three requests, a second apart.
    let server = Server::start(vec![
        too_many("1"),
        too_many("1"),
        Step::json(200, &sample()),
    ])
    .await;
    let output = run_against(&server, &[]).await;
    assert_eq!(
        stdout_json(&output)["conversationId"],
        "group_project-group"
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    assert!(seen
        .windows(2)
        .all(|pair| pair[1].at - pair[0].at >= Duration::from_secs(1)));
    assert_no_key(&output, "429 then 200");

    // 429 with Retry-After: 3600 fails at once.
    let server = Server::start(vec![too_many("3600")]).await;
    let started = Instant::now();
    let output = run_against(&server, &[]).await;
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("429") && stderr.contains("3600 s"),
        "{stderr}"
    );
    assert_eq!(server.seen().len(), 1);
    assert_no_key(&output, "429 for an hour");

    // A 500 HTML page, three times.
    let server = Server::start(vec![Step::respond(
        500,
        &[("content-type", "text/html")],
        "<html><body>oops</body></html>",
    )])
    .await;
    let output = run_against(&server, &["--retries", "2"]).await;
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("500 Internal Server Error") && stderr.contains("3 attempts"),
        "{stderr}"
    );
    assert_eq!(server.seen().len(), 3);
    assert_no_key(&output, "500");

    // A server that never answers: the call ends within the timeout.
    let server = Server::start(vec![Step::Stall]).await;
    let started = Instant::now();
    let output = run_against(&server, &["--timeout", "1", "--retries", "0"]).await;
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the call's 1 s timeout ran out"),
        "{stderr}"
    );
    assert_no_key(&output, "stall");

    // A redirect to another server is not followed.
    let elsewhere = Server::start(vec![Step::json(200, &sample())]).await;
    let location = format!(
        "http://{}/v3/groups/project-group/conversation",
        elsewhere.address
    );
    let server = Server::start(vec![Step::respond(302, &[("location", &location)], "")]).await;
    let output = run_against(&server, &[]).await;
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("redirect"));
    assert_eq!(elsewhere.seen().len(), 0);
    assert_no_key(&output, "redirect");

    // Configuration that could send the key elsewhere is refused before any request.
    let cases: [&[(&str, &str)]; 3] = [
        &[
            ("COMETCHAT_BASE_URL", "http://example.com/v3"),
            ("COMETCHAT_API_KEY", KEY),
        ],
        &[
            ("COMETCHAT_APP_ID", "evil.com/x?"),
            ("COMETCHAT_API_KEY", KEY),
        ],
        &[
            ("COMETCHAT_APP_ID", "app"),
            ("COMETCHAT_REGION", "us.evil.com"),
            ("COMETCHAT_API_KEY", KEY),
        ],
    ];
    for env in cases {
        let output = run_with_env(env, &[]).await;
        assert_eq!(output.status.code(), Some(2), "{env:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("invalid configuration"),
            "{env:?}"
        );
        assert_no_key(&output, "configuration");
    }
}

/// Usage and configuration mistakes exit 2 with a message that names the mistake,
/// before any request.
#[tokio::test]
async fn usage_and_configuration_errors_exit_2_and_say_why() {
    let empty_cases: [(&[(&str, &str)], &str); 5] = [
        (
            &[("COMETCHAT_API_KEY", "")],
            "COMETCHAT_API_KEY is set but empty",
        ),
        (
            &[("COMETCHAT_APP_ID", ""), ("COMETCHAT_API_KEY", KEY)],
            "COMETCHAT_APP_ID is set but empty",
        ),
        (
            &[("COMETCHAT_BASE_URL", " "), ("COMETCHAT_API_KEY", KEY)],
            "COMETCHAT_BASE_URL is set but empty",
        ),
        (
            &[
                ("COMETCHAT_REGION", ""),
                ("COMETCHAT_APP_ID", "app"),
                ("COMETCHAT_API_KEY", KEY),
            ],
            "COMETCHAT_REGION is set but empty",
        ),
        (
            &[
                ("COMETCHAT_REGION", "mars"),
                ("COMETCHAT_APP_ID", "app"),
                ("COMETCHAT_API_KEY", KEY),
            ],
            "unknown region \"mars\"",
        ),
    ];
    for (env, expected) in empty_cases {
        let output = run_with_env(env, &[]).await;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{env:?}: {stderr}");
        assert!(stderr.contains(expected), "{env:?}: {stderr}");
        assert!(!stderr.contains("stand-in"), "{env:?}: {stderr}");
        assert_no_key(&output, expected);
    }
    let usage_cases: [(&[&str], &str); 7] = [
        (&["--timeout", "1e300"], "too large"),
        (&["--timeout", "99999999999"], "too large"),
        (&["--timeout", "0"], "positive"),
        (&["--timeout", "-3"], "positive"),
        (&["--timeout", "NaN"], "positive"),
        (&["--attempt-timeout", "soon"], "number of seconds"),
        (&["--retries", "1000000"], "up to 100"),
    ];
    for (args, expected) in usage_cases {
        let output = run_with_env(&[], args).await;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// A region that does not parse does not matter when a base URL is set.
#[tokio::test]
async fn an_unknown_region_is_ignored_beside_a_base_url() {
    let server = Server::start(vec![Step::json(200, &sample())]).await;
    let mut command = example();
    command
        .env("COMETCHAT_BASE_URL", server.base_url())
        .env("COMETCHAT_API_KEY", KEY)
        .env("COMETCHAT_REGION", "moon");
    let output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    assert_eq!(
        stdout_json(&output)["conversationId"],
        "group_project-group"
    );
}

/// Piped into a reader that goes away (`| head -c 1`), it ends quietly.
#[test]
fn a_closed_stdout_ends_it_quietly() {
    use std::{io::Read, process::Stdio};

    for read_first in [0, 1, 64] {
        let mut child = example()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut buffer = vec![0; read_first];
        stdout.read_exact(&mut buffer).unwrap();
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{read_first}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{read_first}: {stderr}");
    }
}
