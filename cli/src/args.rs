//! What the generated `dispatch` calls to read a command's flags: text for ids and
//! strings, `parse` for the setters' own types, lists, and the JSON body.

use std::{fmt::Display, io::Read, path::PathBuf, str::FromStr};

use clap::ArgMatches;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::{
    command::JSON_BODY,
    spec::{self, Json},
    Failure,
};

/// The largest body read from a file or stdin.
const MAX_BODY: u64 = 16 << 20;

/// A flag the command requires: clap has checked it is there.
pub fn required(args: &ArgMatches, id: &str) -> Result<String, Failure> {
    text(args, id)?.ok_or_else(|| Failure::Usage(format!("--{id} is required")))
}

/// A flag's text, when given.
pub fn text(args: &ArgMatches, id: &str) -> Result<Option<String>, Failure> {
    args.try_get_one::<String>(id)
        .map(|value| value.cloned())
        .map_err(|e| internal(id, e))
}

/// A list flag's values, when given.
pub fn list(args: &ArgMatches, id: &str) -> Result<Option<Vec<String>>, Failure> {
    args.try_get_many::<String>(id)
        .map(|values| values.map(|values| values.cloned().collect()))
        .map_err(|e| internal(id, e))
}

/// Each value of a list flag as the item type its setter takes (an open enum, say),
/// for the lists the SDK takes as a `Vec` of that type.
pub fn parse_each<T>(values: Option<Vec<String>>, flag: &str) -> Result<Option<Vec<T>>, Failure>
where
    T: FromStr,
    T::Err: Display,
{
    values
        .map(|values| values.into_iter().map(|v| parse(v, flag)).collect())
        .transpose()
}

/// A flag's text as the type its setter takes: a number, `bool`, an open enum.
pub fn parse<T>(text: String, flag: &str) -> Result<T, Failure>
where
    T: FromStr,
    T::Err: Display,
{
    text.trim()
        .parse()
        .map_err(|e| Failure::Usage(format!("invalid value {text:?} for --{flag}: {e}")))
}

/// The command's body: `--json-body`, with its body field flags set on top, as the
/// type the operation takes. `None` when neither is given.
pub fn body<T: DeserializeOwned>(args: &ArgMatches, command: &str) -> Result<Option<T>, Failure> {
    let operation = spec::operation(command)
        .ok_or_else(|| Failure::Usage(format!("unknown command {command}")))?;
    let schema = operation.body.as_ref().map_or("", |body| body.schema);
    let mut body = match args
        .try_get_one::<PathBuf>(JSON_BODY)
        .map_err(|e| internal(JSON_BODY, e))?
    {
        Some(path) => Some(read_json(path)?),
        None => None,
    };
    for flag in operation.flags {
        let Some(field) = &flag.body else { continue };
        let value = match field.json {
            Json::StringList => match list(args, flag.long)? {
                Some(values) => Value::from(values),
                None => continue,
            },
            json => match text(args, flag.long)? {
                Some(text) => scalar(&text, json, flag.long)?,
                None => continue,
            },
        };
        let object = body.get_or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(object) = object else {
            return Err(Failure::Usage(format!(
                "--{} sets a field of the body, but --json-body is not a JSON object",
                flag.long
            )));
        };
        object.insert(field.property.to_owned(), value);
    }
    body.map(|body| {
        serde_json::from_value(body)
            .map_err(|e| Failure::Usage(format!("the body is not a valid {schema}: {e}")))
    })
    .transpose()
}

/// The JSON a body field's text stands for.
fn scalar(text: &str, json: Json, flag: &str) -> Result<Value, Failure> {
    let invalid = |expected: &str| {
        Failure::Usage(format!(
            "invalid value {text:?} for --{flag}: {expected} is expected"
        ))
    };
    Ok(match json {
        Json::String | Json::StringList => Value::from(text),
        Json::Integer => Value::from(
            text.trim()
                .parse::<i64>()
                .map_err(|_| invalid("a whole number"))?,
        ),
        Json::Number => serde_json::Number::from_f64(
            text.trim()
                .parse::<f64>()
                .map_err(|_| invalid("a number"))?,
        )
        .map(Value::Number)
        .ok_or_else(|| invalid("a finite number"))?,
        Json::Boolean => Value::from(
            text.trim()
                .parse::<bool>()
                .map_err(|_| invalid("true or false"))?,
        ),
        Json::StringOrInteger => match text.trim().parse::<i64>() {
            Ok(number) => Value::from(number),
            Err(_) => Value::from(text),
        },
    })
}

/// JSON from a file, or from stdin for `-`.
fn read_json(path: &PathBuf) -> Result<Value, Failure> {
    let shown = path.display();
    let mut text = String::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_BODY + 1)
            .read_to_string(&mut text)
    } else {
        std::fs::File::open(path).and_then(|file| file.take(MAX_BODY + 1).read_to_string(&mut text))
    };
    read.map_err(|e| Failure::Usage(format!("cannot read --json-body {shown}: {e}")))?;
    if text.len() as u64 > MAX_BODY {
        return Err(Failure::Usage(format!(
            "--json-body {shown} is larger than {MAX_BODY} bytes"
        )));
    }
    serde_json::from_str(&text)
        .map_err(|e| Failure::Usage(format!("--json-body {shown} is not JSON: {e}")))
}

/// A flag the generated table and the command tree disagree on: a bug, reported
/// rather than a panic.
fn internal(id: &str, error: clap::parser::MatchesError) -> Failure {
    Failure::Usage(format!("cannot read --{id}: {error}"))
}
