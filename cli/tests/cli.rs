//! Transcripts of the command line beyond the operations: usage and configuration
//! errors, API errors, paging, NDJSON, completions, a closed stdout. Each is the
//! command as typed, its exit code and what it prints; `[..]` stands for a port or
//! another varying part of a line, `...` for lines.

mod support;

use std::process::Stdio;

use snapbox::str;
use support::{cometchat, cometchat_at, sample, Server, KEY, STAND_IN};

// Usage errors: clap's own, exit code 2, nothing sent.

#[test]
fn no_command_prints_help_and_exits_2() {
    // The list of commands follows the spec: `help_lists_every_operation_of_the_spec`
    // checks it.
    cometchat()
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
Calls CometChat's chat REST API (v3): one command per operation of the spec.

Usage: cometchat [OPTIONS] <COMMAND>

Commands:
  completions                        Print shell completions for cometchat
...
Configuration: COMETCHAT_APP_ID, COMETCHAT_REGION, COMETCHAT_API_KEY and COMETCHAT_BASE_URL, or the flags above; the key only from COMETCHAT_API_KEY or --api-key-file. With none of them set, commands answer from an embedded stand-in for CometChat that serves the spec's samples.

Output: JSON on stdout, pretty on a terminal and compact otherwise. Exit codes: 0 success, 1 the call failed, 2 a usage or configuration error.

"#]]);
}

/// A typo of `list-groups`. (`get-group`, used here before, became a command
/// when the spec gained the Groups operations.)
#[test]
fn unknown_command() {
    cometchat()
        .args(["list-group", "--guid", "project-group"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: unrecognized subcommand 'list-group'

Usage: cometchat [OPTIONS] <COMMAND>

For more information, try '--help'.

"#]]);
}

#[test]
fn missing_required_flag() {
    cometchat()
        .args(["get-group-conversation", "--guid", "project-group"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: the following required arguments were not provided:
  --on-behalf-of <ON_BEHALF_OF>

Usage: cometchat get-group-conversation --guid <GUID> --on-behalf-of <ON_BEHALF_OF>

For more information, try '--help'.

"#]]);
}

#[test]
fn integer_out_of_the_spec_bounds() {
    cometchat()
        .args(["list-conversations", "--per-page", "0"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: invalid value '0' for '--per-page <PER_PAGE>': from 1 to 1000 is expected

For more information, try '--help'.

"#]]);
}

#[test]
fn boolean_that_is_not_one() {
    cometchat()
        .args(["list-conversations", "--unread", "maybe"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: invalid value 'maybe' for '--unread [<UNREAD>]'
  [possible values: true, false]

For more information, try '--help'.

"#]]);
}

#[test]
fn required_body_missing() {
    cometchat()
        .args([
            "update-user-conversation",
            "--uid",
            "superhero2",
            "--on-behalf-of",
            "superhero1",
        ])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: the following required arguments were not provided:
  <--tags <TAGS>|--json-body <FILE>>

Usage: cometchat update-user-conversation --uid <UID> --on-behalf-of <ON_BEHALF_OF> <--tags <TAGS>|--json-body <FILE>>

For more information, try '--help'.

"#]]);
}

#[test]
fn body_that_does_not_fit_its_schema() {
    cometchat()
        .args([
            "update-group-conversation",
            "--guid",
            "project-group",
            "--on-behalf-of",
            "cometchat-uid-4",
            "--json-body",
            "-",
        ])
        .stdin(r#"{"tag": "typo"}"#)
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: the body is not a valid UpdateConversationRequest: missing field `tags`

"#]]);
}

#[test]
fn body_that_is_not_json() {
    cometchat()
        .args(["replace-pinned-conversations", "--json-body", "-"])
        .stdin("pinnedConversations: []")
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: --json-body - is not JSON: expected value at line 1 column 1

"#]]);
}

#[test]
fn id_the_sdk_refuses() {
    cometchat()
        .args([
            "get-group-conversation",
            "--guid",
            "a b",
            "--on-behalf-of",
            "cometchat-uid-4",
        ])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
note: no COMETCHAT_* variable is set: answering from the embedded CometChat stand-in at http://127.0.0.1:[..]/v3
error: get-group-conversation failed: invalid guid: "a b" is not a CometChat id, which is letters, digits, '-' or '_' (it contains ' '). Nothing was sent.

"#]]);
}

#[test]
fn unknown_region() {
    cometchat()
        .args(["--region", "mars", "list-pinned-conversations"])
        .assert()
        .code(2)
        .stderr_eq(str![[r#"
error: invalid value 'mars' for '--region <REGION>'
  [possible values: us, eu, in]

For more information, try '--help'.

"#]]);
}

#[test]
fn timeout_must_be_positive() {
    cometchat()
        .args(["list-pinned-conversations", "--timeout", "0"])
        .assert()
        .code(2)
        .stderr_eq(str![[r#"
error: invalid value '0' for '--timeout <SECS>': a positive number of seconds is expected

For more information, try '--help'.

"#]]);
}

// Configuration errors: exit code 2, naming what to fix.

#[test]
fn set_but_empty_variable_is_named() {
    cometchat()
        .env("COMETCHAT_API_KEY", "")
        .args(["list-pinned-conversations"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: invalid configuration: COMETCHAT_API_KEY is set but empty (a secret that did not expand?): set it to the value shown in the CometChat dashboard, or unset it.

"#]]);
}

#[test]
fn app_id_without_a_key() {
    cometchat()
        .env("COMETCHAT_APP_ID", "myapp")
        .args(["list-pinned-conversations"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: no API key: set COMETCHAT_API_KEY, or pass --api-key-file FILE, with a REST API key (fullAccess scope) from the CometChat dashboard

"#]]);
}

#[test]
fn key_without_an_app_id() {
    cometchat()
        .env("COMETCHAT_API_KEY", KEY)
        .args(["list-pinned-conversations"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: no app id: set COMETCHAT_APP_ID or pass --app-id with the app id from the CometChat dashboard (or set COMETCHAT_BASE_URL or --base-url)

"#]]);
}

#[test]
fn api_key_file_missing() {
    cometchat()
        .args([
            "--app-id",
            "myapp",
            "--api-key-file",
            "/nonexistent/cometchat-key",
            "list-pinned-conversations",
        ])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: cannot read the API key file /nonexistent/cometchat-key: entity not found

"#]]);
}

#[test]
fn api_key_file_empty() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("empty-key");
    std::fs::write(&path, "\n").unwrap();
    cometchat()
        .args(["--app-id", "myapp", "--api-key-file"])
        .arg(&path)
        .args(["list-pinned-conversations"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: the API key file [..]/empty-key is empty: put a REST API key (fullAccess scope) from the CometChat dashboard in it

"#]]);
}

// API errors: exit code 1, one line, never the key.

#[test]
fn api_error_from_the_stand_in() {
    cometchat()
        .args([
            "get-group-conversation",
            "--guid",
            "no-such-group",
            "--on-behalf-of",
            "cometchat-uid-4",
        ])
        .assert()
        .code(1)
        .stdout_eq("")
        .stderr_eq(str![[r#"
note: no COMETCHAT_* variable is set: answering from the embedded CometChat stand-in at http://127.0.0.1:[..]/v3
error: get-group-conversation failed: CometChat answered 404 Not Found with "ERR_GUID_NOT_FOUND": "The guid no-such-group does not exist.". No group has this GUID in this app: check the GUID the call names.

"#]]);
}

/// The key comes from `--api-key-file`, reaches the server, and is scrubbed from
/// the error even when the server quotes it.
#[test]
fn api_error_never_shows_the_key() {
    let server = Server::start(vec![(
        401,
        format!(
            r#"{{"error": {{"code": "AUTH_ERR_APIKEY_NOT_FOUND", "message": "The key {KEY} is not valid."}}}}"#
        ),
    )]);
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("key");
    std::fs::write(&path, format!("{KEY}\n")).unwrap();
    let output = cometchat()
        .args(["--base-url", &server.base_url(), "--api-key-file"])
        .arg(&path)
        .args(["list-pinned-conversations"])
        .assert()
        .code(1)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: list-pinned-conversations failed: CometChat answered 401 Unauthorized with "AUTH_ERR_APIKEY_NOT_FOUND": "The key *** is not valid.". Check the API key: it must be a REST API key of this app.

"#]]);
    let stderr = String::from_utf8_lossy(&output.get_output().stderr).into_owned();
    assert!(!stderr.contains(&KEY[..8]), "{stderr}");
    assert_eq!(server.seen()[0].header("apikey"), Some(KEY));
}

#[test]
fn server_error_without_retries() {
    let server = Server::start(vec![(
        500,
        r#"{"error": {"code": "ERR_INTERNAL", "message": "Something broke."}}"#.to_owned(),
    )]);
    cometchat_at(&server)
        .args(["list-pinned-conversations", "--retries", "0"])
        .assert()
        .code(1)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: list-pinned-conversations failed: CometChat answered 500 Internal Server Error with "ERR_INTERNAL": "Something broke.". CometChat, or a proxy in front of it, failed: try again later.

"#]]);
    assert_eq!(server.seen().len(), 1);
}

// Lists: pages, limits, NDJSON.

fn conversation(id: &str) -> String {
    format!(r#"{{"conversationId": "{id}", "conversationType": "group"}}"#)
}

/// Two full pages of two, then a short one.
fn three_pages() -> Vec<(u16, String)> {
    let page = |number: u32, ids: &[&str]| {
        let items: Vec<String> = ids.iter().map(|id| conversation(id)).collect();
        format!(
            r#"{{"data": [{}], "meta": {{"pagination": {{"total": 0, "count": {}, "per_page": 2, "current_page": {number}, "total_pages": 3}}}}}}"#,
            items.join(", "),
            ids.len()
        )
    };
    vec![
        (200, page(1, &["group_a", "group_b"])),
        (200, page(2, &["group_c", "group_d"])),
        (200, page(3, &["group_e"])),
    ]
}

#[test]
fn first_page_only_by_default() {
    let server = Server::start(three_pages());
    cometchat_at(&server)
        .args(["list-conversations", "--per-page", "2"])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(str![[r#"
[{"conversationId":"group_a","conversationType":"group"},{"conversationId":"group_b","conversationType":"group"}]

"#]]);
    let seen: Vec<String> = server.seen().into_iter().map(|s| s.request_line).collect();
    assert_eq!(seen, ["GET /v3/conversations?perPage=2 HTTP/1.1"]);
}

#[test]
fn all_pages() {
    let server = Server::start(three_pages());
    cometchat_at(&server)
        .args(["list-conversations", "--per-page", "2", "--all-pages", "--tags", "a,b"])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(str![[r#"
[{"conversationId":"group_a","conversationType":"group"},{"conversationId":"group_b","conversationType":"group"},{"conversationId":"group_c","conversationType":"group"},{"conversationId":"group_d","conversationType":"group"},{"conversationId":"group_e","conversationType":"group"}]

"#]]);
    let seen: Vec<String> = server.seen().into_iter().map(|s| s.request_line).collect();
    assert_eq!(
        seen,
        [
            "GET /v3/conversations?page=1&perPage=2&tags=a%2Cb HTTP/1.1",
            "GET /v3/conversations?page=2&perPage=2&tags=a%2Cb HTTP/1.1",
            "GET /v3/conversations?page=3&perPage=2&tags=a%2Cb HTTP/1.1",
        ]
    );
}

/// A list read by cursor: each next request re-sends the filters with the cursor
/// the last answer gave (`meta.next`), until a page comes back short.
#[test]
fn all_pages_by_cursor() {
    let page = |ids: &[u32]| {
        let items: Vec<String> = ids
            .iter()
            .map(|id| {
                format!(
                    r#"{{"id": "{id}", "category": "message", "type": "text", "sentAt": {}}}"#,
                    1_700_000_000 + id
                )
            })
            .collect();
        let last = ids.last().copied().unwrap_or(0);
        format!(
            r#"{{"data": [{}], "meta": {{"current": {{"limit": 2, "count": {}}}, "next": {{"affix": "append", "id": "{last}", "sentAt": {}}}}}}}"#,
            items.join(", "),
            ids.len(),
            1_700_000_000 + last
        )
    };
    let server = Server::start(vec![
        (200, page(&[1, 2])),
        (200, page(&[3, 4])),
        (200, page(&[5])),
    ]);
    cometchat_at(&server)
        .args([
            "list-user-messages",
            "--uid",
            "bob",
            "--limit",
            "2",
            "--category",
            "message",
            "--all-pages",
            "--ndjson",
        ])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(str![[r#"
{"category":"message","id":"1","sentAt":1700000001,"type":"text"}
{"category":"message","id":"2","sentAt":1700000002,"type":"text"}
{"category":"message","id":"3","sentAt":1700000003,"type":"text"}
{"category":"message","id":"4","sentAt":1700000004,"type":"text"}
{"category":"message","id":"5","sentAt":1700000005,"type":"text"}

"#]]);
    let seen: Vec<String> = server.seen().into_iter().map(|s| s.request_line).collect();
    assert_eq!(
        seen,
        [
            "GET /v3/users/bob/messages?category=message&limit=2 HTTP/1.1",
            "GET /v3/users/bob/messages?affix=append&category=message&id=2&limit=2&sentAt=1700000002 HTTP/1.1",
            "GET /v3/users/bob/messages?affix=append&category=message&id=4&limit=2&sentAt=1700000004 HTTP/1.1",
        ]
    );
}

/// One full page of a list read by cursor says which flags read the next one, with
/// a value from the server quoted so that pasting it runs nothing; a short page,
/// the last, says nothing.
#[test]
fn a_full_cursor_page_names_the_flags_of_the_next() {
    let page = |count: usize, next_id: &str| {
        let items: Vec<String> = (0..count)
            .map(|i| format!(r#"{{"id": "{i}", "category": "message", "type": "text"}}"#))
            .collect();
        format!(
            r#"{{"data": [{}], "meta": {{"current": {{"limit": 2, "count": {count}}}, "next": {{"affix": "append", "id": {next_id:?}, "sentAt": 1700000002, "updatedAt": 5}}}}}}"#,
            items.join(", ")
        )
    };
    let server = Server::start(vec![(200, page(2, "$(touch x)")), (200, page(1, "9"))]);
    let hints = [
        "list-user-messages: the next page: --affix append --id '$(touch x)' --sent-at 1700000002\n",
        "",
    ];
    for expected in hints {
        cometchat_at(&server)
            .args([
                "list-user-messages",
                "--uid",
                "bob",
                "--limit",
                "2",
                "--ndjson",
            ])
            .assert()
            .success()
            .stderr_eq(expected);
    }
}

/// `--max-items` stops the paging: the third page is never asked for.
#[test]
fn all_pages_up_to_max_items() {
    let server = Server::start(three_pages());
    cometchat_at(&server)
        .args(["list-conversations", "--per-page", "2", "--all-pages", "--max-items", "3"])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(str![[r#"
[{"conversationId":"group_a","conversationType":"group"},{"conversationId":"group_b","conversationType":"group"},{"conversationId":"group_c","conversationType":"group"}]

"#]]);
    assert_eq!(server.seen().len(), 2);
}

#[test]
fn ndjson_across_pages() {
    let server = Server::start(three_pages());
    cometchat_at(&server)
        .args([
            "list-conversations",
            "--per-page",
            "2",
            "--all-pages",
            "--ndjson",
        ])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(str![[r#"
{"conversationId":"group_a","conversationType":"group"}
{"conversationId":"group_b","conversationType":"group"}
{"conversationId":"group_c","conversationType":"group"}
{"conversationId":"group_d","conversationType":"group"}
{"conversationId":"group_e","conversationType":"group"}

"#]]);
}

#[test]
fn ndjson_of_a_list() {
    cometchat()
        .args(["list-pinned-conversations", "--ndjson", "--max-items", "1"])
        .assert()
        .success()
        .stderr_eq(STAND_IN)
        .stdout_eq(str![[r#"
{"conversationId":"supergroup","conversationType":"group","pinnedAt":1700210300,"pinnedBy":"app_system"}

"#]]);
}

/// A single value prints compact on one line when stdout is not a terminal.
#[test]
fn compact_when_not_a_terminal() {
    let server = Server::start(vec![(200, sample("mark_group_conversation_read"))]);
    cometchat_at(&server)
        .args([
            "mark-group-conversation-read",
            "--guid",
            "project-group",
            "--on-behalf-of",
            "cometchat-uid-4",
            "--message-id",
            "340",
        ])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(str![[r#"
{"message":"All the messages in group {{GUID}} are marked as read for the user {{onBehalfOf}}.","success":true}

"#]]);
    assert_eq!(server.seen()[0].body, r#"{"messageId":340}"#);
}

// Help, completions, tracing, a closed stdout.

#[test]
fn help_lists_every_operation_of_the_spec() {
    let output = cometchat().arg("--help").assert().success();
    let help = String::from_utf8_lossy(&output.get_output().stdout).into_owned();
    let spec: serde_json::Value =
        serde_json::from_str(include_str!("../../openapi/cometchat.json")).unwrap();
    for item in spec["paths"].as_object().unwrap().values() {
        for operation in item.as_object().unwrap().values() {
            let Some(id) = operation["operationId"].as_str() else {
                continue;
            };
            let command = id.replace('_', "-");
            assert!(
                help.contains(&format!("  {command} ")),
                "{command} missing:\n{help}"
            );
        }
    }
}

#[test]
fn deprecated_operation_names_its_replacement() {
    cometchat()
        .args(["get-conversation", "--help"])
        .assert()
        .success()
        .stdout_eq(str![[r#"
Get a conversation by its id (deprecated)

Fetches one conversation by its id as the user named in `onBehalfOf` sees it. CometChat deprecated this endpoint: `get_user_conversation` and `get_group_conversation` fetch the same conversation by the other user or by the group.

Deprecated: CometChat deprecated it: use get-user-conversation or get-group-conversation.

GET /conversations/{conversationId}; operation id get_conversation.

Usage: cometchat get-conversation [OPTIONS] --conversation-id <CONVERSATION_ID> --on-behalf-of <ON_BEHALF_OF>

Options:
      --conversation-id <CONVERSATION_ID>
          Id of the conversation: `group_{guid}`, or `{uidA}_user_{uidB}` for two users.

      --on-behalf-of <ON_BEHALF_OF>
          UID of the user on whose behalf the conversation is fetched.

  -h, --help
          Print help (see a summary with '-h')

Configuration:
      --app-id <APP_ID>
          The app id from the CometChat dashboard [env: COMETCHAT_APP_ID]

      --region <REGION>
          The app's region [env: COMETCHAT_REGION] [default: us]
          
          [possible values: us, eu, in]

      --base-url <URL>
          The API root, instead of https://{app_id}.api-{region}.cometchat.io/v3 [env: COMETCHAT_BASE_URL]

      --api-key-file <FILE>
          Read the REST API key from FILE (it never comes from a flag) [env: COMETCHAT_API_KEY]

      --timeout <SECS>
          Seconds for the whole call, retries and waits included [default: 30]

      --attempt-timeout <SECS>
          Seconds for one attempt [default: 10]

      --retries <N>
          Retries after a failed attempt; 0 turns them off [default: 2]

  -v, --verbose...
          Print the SDK's tracing spans on stderr (-vv for more)

"#]]);
}

#[test]
fn completions_bash() {
    cometchat()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stderr_eq("")
        .stdout_eq(str![[r#"
_cometchat() {
...
"#]]);
    let output = cometchat().args(["completions", "bash"]).output().unwrap();
    let script = String::from_utf8_lossy(&output.stdout);
    for word in [
        "get-group-conversation",
        "--on-behalf-of",
        "--all-pages",
        "--json-body",
    ] {
        assert!(script.contains(word), "{word} missing from the completions");
    }
}

#[test]
fn verbose_prints_spans_on_stderr() {
    let output = cometchat()
        .args([
            "-v",
            "get-group-conversation",
            "--guid",
            "project-group",
            "--on-behalf-of",
            "cometchat-uid-4",
        ])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&output.get_output().stderr).into_owned();
    assert!(stderr.contains("cometchat.operation"), "{stderr}");
    assert!(stderr.contains("cometchat.attempt"), "{stderr}");
}

/// stdout closed before anything is written (`| head -0`): no panic, exit 0.
#[test]
fn closed_stdout_ends_quietly() {
    for args in [
        &["list-pinned-conversations"][..],
        &["list-pinned-conversations", "--ndjson"],
        &["completions", "bash"],
        &["--help"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_cometchat"));
        for name in support::ENVIRONMENT {
            command.env_remove(name);
        }
        let output = command
            .args(args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
}
