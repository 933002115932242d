//! Fetches a group's conversation and prints it as JSON.
//!
//! ```sh
//! cargo run --example group_conversation -- [GUID] [--on-behalf-of UID] [--timeout SECS] [--retries N]
//! ```
//!
//! With no `COMETCHAT_*` variable set, it starts the embedded CometChat stand-in
//! (the `mock` feature) and asks it for `project-group` as `cometchat-uid-4`.
//! Otherwise it configures the client from `COMETCHAT_APP_ID`, `COMETCHAT_REGION`,
//! `COMETCHAT_API_KEY` and `COMETCHAT_BASE_URL`.
//!
//! stdout gets the conversation, re-serialized with the API's own field names and
//! every unknown field and value. On failure, stderr says what failed and the exit
//! code is 1. `RUST_LOG=cometchat=debug` prints the SDK's tracing spans on stderr.

use std::{process::ExitCode, time::Duration};

use cometchat::{mock::MockServer, ClientBuilder};

const USAGE: &str =
    "usage: group_conversation [GUID] [--on-behalf-of UID] [--timeout SECS] [--retries N]";
const ENVIRONMENT: [&str; 4] = [
    "COMETCHAT_APP_ID",
    "COMETCHAT_REGION",
    "COMETCHAT_API_KEY",
    "COMETCHAT_BASE_URL",
];

#[derive(Debug)]
struct Args {
    guid: String,
    on_behalf_of: String,
    timeout: Option<Duration>,
    retries: Option<u32>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        guid: "project-group".to_owned(),
        on_behalf_of: "cometchat-uid-4".to_owned(),
        timeout: None,
        retries: None,
    };
    let mut guid = None;
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or(format!("{flag} needs a value"));
        match arg.as_str() {
            "--on-behalf-of" => parsed.on_behalf_of = value("--on-behalf-of")?,
            "--timeout" => {
                let text = value("--timeout")?;
                let seconds: f64 = text
                    .parse()
                    .map_err(|_| format!("--timeout takes seconds, not {text:?}"))?;
                let timeout = Duration::try_from_secs_f64(seconds)
                    .ok()
                    .filter(|timeout| !timeout.is_zero())
                    .ok_or(format!(
                        "--timeout takes a positive number of seconds, not {text:?}"
                    ))?;
                parsed.timeout = Some(timeout);
            }
            "--retries" => {
                let text = value("--retries")?;
                let retries = text
                    .parse()
                    .map_err(|_| format!("--retries takes a whole number, not {text:?}"))?;
                parsed.retries = Some(retries);
            }
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            _ if guid.is_some() => return Err(format!("unexpected argument {arg:?}")),
            _ => guid = Some(arg),
        }
    }
    if let Some(guid) = guid {
        parsed.guid = guid;
    }
    Ok(parsed)
}

#[tokio::main]
async fn main() -> ExitCode {
    // RUST_LOG=cometchat=debug shows the SDK's spans (operations and attempts) on stderr.
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_writer(std::io::stderr)
            .init();
    }
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(problem) if problem.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(problem) => {
            eprintln!("error: {problem}\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    match run(args).await {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("error: {problem}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<String, String> {
    let configured = ENVIRONMENT
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()));
    // Kept alive until the call is done.
    let mut stand_in = None;
    let mut builder = if configured {
        ClientBuilder::from_env().map_err(|e| e.to_string())?
    } else {
        let server = MockServer::start()
            .await
            .map_err(|e| format!("cannot start the embedded CometChat stand-in: {e}"))?;
        eprintln!(
            "No COMETCHAT_* variable is set: using the embedded CometChat stand-in at {}",
            server.base_url()
        );
        let builder = ClientBuilder::default()
            .base_url(server.base_url())
            .api_key(MockServer::API_KEY);
        stand_in = Some(server);
        builder
    };
    if let Some(timeout) = args.timeout {
        builder = builder.timeout(timeout);
    }
    if let Some(retries) = args.retries {
        builder = builder.max_retries(retries);
    }
    let client = builder.build().map_err(|e| e.to_string())?;
    let conversation = client
        .get_group_conversation(&args.guid, &args.on_behalf_of)
        .await
        .map_err(|e| {
            format!(
                "get_group_conversation({:?}, on behalf of {:?}) failed: {e}",
                args.guid, args.on_behalf_of
            )
        })?;
    drop(stand_in);
    serde_json::to_string_pretty(&conversation)
        .map_err(|e| format!("cannot print the conversation: {e}"))
}
