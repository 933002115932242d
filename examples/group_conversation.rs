//! Fetches a group's conversation and prints it as JSON.
//!
//! ```sh
//! cargo run --example group_conversation -- [GUID] [--on-behalf-of UID] [--timeout SECS]
//!     [--attempt-timeout SECS] [--retries N]
//! ```
//!
//! With no `COMETCHAT_*` variable set, it starts the embedded CometChat stand-in
//! (the `mock` feature) and asks it for `project-group` as `cometchat-uid-4`.
//! Otherwise it configures the client from `COMETCHAT_APP_ID`, `COMETCHAT_REGION`,
//! `COMETCHAT_API_KEY` and `COMETCHAT_BASE_URL`.
//!
//! stdout gets the conversation, re-serialized with the API's own field names and
//! every unknown field and value. `--timeout` bounds the whole call, retries and
//! waits included; `--attempt-timeout` bounds each attempt. Exit codes: 0 success,
//! 1 the call failed (stderr says why), 2 a usage or configuration error (a
//! `COMETCHAT_*` variable that is set but empty is one). A closed stdout (piped
//! into `head`) ends it quietly. `RUST_LOG=cometchat=debug` prints the SDK's
//! tracing spans on stderr.

use std::{io::Write, process::ExitCode, time::Duration};

use cometchat::{mock::MockServer, ClientBuilder};

const USAGE: &str = "usage: group_conversation [GUID] [--on-behalf-of UID] [--timeout SECS] \
                     [--attempt-timeout SECS] [--retries N]";

#[derive(Debug)]
struct Args {
    guid: String,
    on_behalf_of: String,
    timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    retries: Option<u32>,
}

/// A number of seconds from the command line: positive, and small enough to add to
/// a clock.
fn seconds(flag: &str, text: &str) -> Result<Duration, String> {
    const MAX_SECONDS: f64 = 1_000_000_000.0;
    let seconds: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{flag} takes a number of seconds, not {text:?}"))?;
    if !seconds.is_finite() || seconds <= 0.0 {
        return Err(format!(
            "{flag} takes a positive number of seconds, not {text:?}"
        ));
    }
    if seconds > MAX_SECONDS {
        return Err(format!(
            "{flag} {text} is too large: at most {MAX_SECONDS} seconds"
        ));
    }
    Ok(Duration::from_secs_f64(seconds).max(Duration::from_millis(1)))
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        guid: "project-group".to_owned(),
        on_behalf_of: "cometchat-uid-4".to_owned(),
        timeout: None,
        attempt_timeout: None,
        retries: None,
    };
    let mut guid = None;
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or(format!("{flag} needs a value"));
        match arg.as_str() {
            "--on-behalf-of" => parsed.on_behalf_of = value("--on-behalf-of")?,
            "--timeout" => parsed.timeout = Some(seconds(&arg, &value(&arg)?)?),
            "--attempt-timeout" => {
                parsed.attempt_timeout = Some(seconds(&arg, &value(&arg)?)?);
            }
            "--retries" => {
                let text = value("--retries")?;
                let retries = text
                    .parse()
                    .map_err(|_| format!("--retries takes a whole number up to 100, not {text:?}"))
                    .and_then(|retries: u32| {
                        (retries <= 100).then_some(retries).ok_or(format!(
                            "--retries takes a whole number up to 100, not {text:?}"
                        ))
                    })?;
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

/// How the example ends: with a value to print, or a failure of a kind.
enum Failure {
    /// The call failed: exit code 1.
    Call(String),
    /// The command line or the configuration is wrong: exit code 2.
    Usage(String),
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
        Err(problem) if problem.is_empty() => return print(USAGE),
        Err(problem) => {
            complain(&format!("{problem}\n{USAGE}"));
            return ExitCode::from(2);
        }
    };
    match run(args).await {
        Ok(json) => print(&json),
        Err(Failure::Call(problem)) => {
            complain(&problem);
            ExitCode::FAILURE
        }
        Err(Failure::Usage(problem)) => {
            complain(&problem);
            ExitCode::from(2)
        }
    }
}

/// Prints to stdout. A reader that went away (`| head`) is no error: `println!`
/// would panic there, so the write error is looked at instead.
fn print(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

/// Prints an error to stderr, which may be closed too.
fn complain(problem: &str) {
    let _ = writeln!(std::io::stderr().lock(), "error: {problem}");
}

async fn run(args: Args) -> Result<String, Failure> {
    // Set, even empty, counts: `from_env` then says which variable is empty.
    let configured = ClientBuilder::ENVIRONMENT
        .iter()
        .any(|name| std::env::var_os(name).is_some());
    // Kept alive until the call is done.
    let mut stand_in = None;
    let mut builder = if configured {
        ClientBuilder::from_env().map_err(|e| Failure::Usage(e.to_string()))?
    } else {
        let server = MockServer::start().await.map_err(|e| {
            Failure::Call(format!("cannot start the embedded CometChat stand-in: {e}"))
        })?;
        complain_quietly(&format!(
            "No COMETCHAT_* variable is set: using the embedded CometChat stand-in at {}",
            server.base_url()
        ));
        let builder = server.client_builder();
        stand_in = Some(server);
        builder
    };
    if let Some(timeout) = args.timeout {
        builder = builder.timeout(timeout);
    }
    if let Some(timeout) = args.attempt_timeout {
        builder = builder.attempt_timeout(timeout);
    }
    if let Some(retries) = args.retries {
        builder = builder.max_retries(retries);
    }
    let client = builder.build().map_err(|e| Failure::Usage(e.to_string()))?;
    let conversation = client
        .get_group_conversation(&args.guid)
        .on_behalf_of(&args.on_behalf_of)
        .await
        .map_err(|e| {
            let failure = format!(
                "get_group_conversation({:?}).on_behalf_of(on behalf of {:?}) failed: {e}",
                args.guid, args.on_behalf_of
            );
            match e {
                cometchat::Error::InvalidInput { .. } => Failure::Usage(failure),
                _ => Failure::Call(failure),
            }
        })?;
    drop(stand_in);
    serde_json::to_string_pretty(&conversation)
        .map_err(|e| Failure::Call(format!("cannot print the conversation: {e}")))
}

/// A note on stderr, not an error.
fn complain_quietly(note: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{note}");
}
