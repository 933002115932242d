//! The command tree: the global flags, `completions`, and one command per entry of
//! the generated [`OPERATIONS`] table. Nothing here names an operation.

use std::{path::PathBuf, time::Duration};

use clap::{builder::PossibleValuesParser, value_parser, Arg, ArgAction, ArgGroup, Command};
use clap_complete::Shell;

use crate::spec::{Kind, Operation, Output, OPERATIONS};

/// The id of the `--json-body` flag.
pub const JSON_BODY: &str = "json-body";
/// The id of the `--all-pages` flag.
pub const ALL_PAGES: &str = "all-pages";
/// The id of the `--max-items` flag.
pub const MAX_ITEMS: &str = "max-items";
/// The id of the `--ndjson` flag.
pub const NDJSON: &str = "ndjson";
/// The id of the `-v` flag.
pub const VERBOSE: &str = "verbose";
/// The name of the command that prints completions.
pub const COMPLETIONS: &str = "completions";

const ABOUT: &str = "Calls CometChat's chat REST API (v3): one command per operation of the spec.";

const AFTER_HELP: &str = "\
Configuration: COMETCHAT_APP_ID, COMETCHAT_REGION, COMETCHAT_API_KEY and COMETCHAT_BASE_URL, \
or the flags above; the key only from COMETCHAT_API_KEY or --api-key-file. With none of them \
set, commands answer from an embedded stand-in for CometChat that serves the spec's samples.

Output: JSON on stdout, pretty on a terminal and compact otherwise. Exit codes: 0 success, \
1 the call failed, 2 a usage or configuration error.";

/// The whole command line.
pub fn command() -> Command {
    let completions = Command::new(COMPLETIONS)
        .about("Print shell completions for cometchat")
        .arg(
            Arg::new("shell")
                .value_name("SHELL")
                .help("The shell to complete for")
                .required(true)
                .value_parser(value_parser!(Shell)),
        );
    Command::new("cometchat")
        .version(env!("CARGO_PKG_VERSION"))
        .about(ABOUT)
        .after_help(AFTER_HELP)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .max_term_width(100)
        .args(global_args())
        .subcommand(completions)
        .subcommands(OPERATIONS.iter().map(operation))
}

/// Configuration flags, accepted before or after the command.
fn global_args() -> Vec<Arg> {
    let global = |id: &'static str, help: &'static str| {
        Arg::new(id)
            .long(id)
            .help(help)
            .global(true)
            .help_heading("Configuration")
    };
    vec![
        global(
            "app-id",
            "The app id from the CometChat dashboard [env: COMETCHAT_APP_ID]",
        )
        .value_name("APP_ID"),
        global(
            "region",
            "The app's region [env: COMETCHAT_REGION] [default: us]",
        )
        .value_name("REGION")
        .ignore_case(true)
        .value_parser(PossibleValuesParser::new(["us", "eu", "in"])),
        global(
            "base-url",
            "The API root, instead of https://{app_id}.api-{region}.cometchat.io/v3 \
             [env: COMETCHAT_BASE_URL]",
        )
        .value_name("URL"),
        global(
            "api-key-file",
            "Read the REST API key from FILE (it never comes from a flag) [env: COMETCHAT_API_KEY]",
        )
        .value_name("FILE")
        .value_parser(value_parser!(PathBuf)),
        global(
            "timeout",
            "Seconds for the whole call, retries and waits included [default: 30]",
        )
        .value_name("SECS")
        .value_parser(seconds),
        global("attempt-timeout", "Seconds for one attempt [default: 10]")
            .value_name("SECS")
            .value_parser(seconds),
        global(
            "retries",
            "Retries after a failed attempt; 0 turns them off [default: 2]",
        )
        .value_name("N")
        .value_parser(value_parser!(u32).range(0..=100)),
        Arg::new(VERBOSE)
            .short('v')
            .long(VERBOSE)
            .help("Print the SDK's tracing spans on stderr (-vv for more)")
            .action(ArgAction::Count)
            .global(true)
            .help_heading("Configuration"),
    ]
}

/// A number of seconds: positive, and small enough to add to a clock.
fn seconds(text: &str) -> Result<Duration, String> {
    const MAX_SECONDS: f64 = 1_000_000_000.0;
    let seconds: f64 = text
        .trim()
        .parse()
        .map_err(|_| "a number of seconds is expected".to_owned())?;
    if !seconds.is_finite() || seconds <= 0.0 {
        return Err("a positive number of seconds is expected".to_owned());
    }
    if seconds > MAX_SECONDS {
        return Err(format!("at most {MAX_SECONDS} seconds"));
    }
    Ok(Duration::from_secs_f64(seconds).max(Duration::from_millis(1)))
}

/// The command of one operation.
fn operation(operation: &'static Operation) -> Command {
    let mut about = operation.summary.to_owned();
    if operation.deprecated.is_some() && !about.to_lowercase().contains("deprecated") {
        about.push_str(" (deprecated)");
    }
    let mut long_about = operation.summary.to_owned();
    if !operation.description.is_empty() {
        long_about.push_str("\n\n");
        long_about.push_str(operation.description);
    }
    if let Some(note) = operation.deprecated {
        long_about.push_str(&format!("\n\nDeprecated: {note}."));
    }
    long_about.push_str(&format!(
        "\n\n{} {}; operation id {}.",
        operation.method, operation.path, operation.id
    ));
    let mut command = Command::new(operation.command)
        .about(about)
        .long_about(long_about);
    let mut body_ids = Vec::new();
    for flag in operation.flags {
        let mut arg = Arg::new(flag.long)
            .long(flag.long)
            .value_name(flag.value_name)
            .help(flag.help)
            .required(flag.required);
        arg = match flag.kind {
            Kind::Text | Kind::Enum => arg.action(ArgAction::Set),
            Kind::Integer { min, max } => arg
                .action(ArgAction::Set)
                .value_parser(move |text: &str| integer(text, min, max)),
            Kind::Number => arg.action(ArgAction::Set).value_parser(number),
            Kind::Boolean => arg
                .action(ArgAction::Set)
                .num_args(0..=1)
                .default_missing_value("true")
                .value_parser(PossibleValuesParser::new(["true", "false"])),
            Kind::List => arg
                .action(ArgAction::Append)
                .value_delimiter(',')
                .help(format!(
                    "{} Comma-separated, or the flag repeated.",
                    flag.help
                )),
        };
        if flag.body.is_some() {
            arg = arg.help_heading("Body fields");
            body_ids.push(flag.long);
        }
        command = command.arg(arg);
    }
    if let Some(body) = &operation.body {
        let mut help = format!(
            "The request body as JSON ({}), from FILE, or from stdin with -.",
            body.schema
        );
        if !body.help.is_empty() {
            help = format!("{} {help}", body.help);
        }
        if !body_ids.is_empty() {
            help.push_str(" The body field flags set fields on top of it.");
        }
        command = command.arg(
            Arg::new(JSON_BODY)
                .long(JSON_BODY)
                .value_name("FILE")
                .help(help)
                .help_heading("Body fields")
                .value_parser(value_parser!(PathBuf)),
        );
        if body.required {
            body_ids.push(JSON_BODY);
            command = command.group(
                ArgGroup::new("body")
                    .args(body_ids)
                    .multiple(true)
                    .required(true),
            );
        }
    }
    if operation.output != Output::Value {
        if operation.output == Output::Pages {
            command = command.arg(
                Arg::new(ALL_PAGES)
                    .long(ALL_PAGES)
                    .help("Every page from --page on, not only that page")
                    .help_heading("Output")
                    .action(ArgAction::SetTrue),
            );
        }
        command = command
            .arg(
                Arg::new(MAX_ITEMS)
                    .long(MAX_ITEMS)
                    .value_name("N")
                    .help("Print at most N items")
                    .help_heading("Output")
                    .value_parser(value_parser!(u64).range(1..)),
            )
            .arg(
                Arg::new(NDJSON)
                    .long(NDJSON)
                    .help("One compact JSON item per line, printed as they arrive")
                    .help_heading("Output")
                    .action(ArgAction::SetTrue),
            );
    }
    command
}

/// A whole number within the spec's bounds, kept as text for the setter's own parse.
fn integer(text: &str, min: Option<i64>, max: Option<i64>) -> Result<String, String> {
    let value: i64 = text
        .trim()
        .parse()
        .map_err(|_| "a whole number is expected".to_owned())?;
    match (min, max) {
        (Some(min), Some(max)) if value < min || value > max => {
            Err(format!("from {min} to {max} is expected"))
        }
        (Some(min), _) if value < min => Err(format!("at least {min} is expected")),
        (_, Some(max)) if value > max => Err(format!("at most {max} is expected")),
        _ => Ok(text.trim().to_owned()),
    }
}

/// A number, kept as text.
fn number(text: &str) -> Result<String, String> {
    match text.trim().parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(text.trim().to_owned()),
        _ => Err("a number is expected".to_owned()),
    }
}
