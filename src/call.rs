//! The one path every generated operation takes: its arguments are checked, it is
//! sent through the generated client (and so the transport), its failure becomes a
//! [`crate::Error`], and its envelope is opened. `build.rs` writes each operation
//! as calls to these functions; nothing here is written per operation.

use std::{future::Future, pin::Pin};

use progenitor_client::ResponseValue;
use serde::de::DeserializeOwned;

use crate::{
    error::{self, DecodeError, ErrorBody},
    redact::quote,
    transport::{CallRecord, Recorded},
    wire::{InvalidId, OneOrMany},
    Client, Error, Response, Result,
};

/// What the generated client's `send` returns; `E` is the error body the spec
/// declares (see [`ErrorBody`]).
type Sent<R, E> = std::result::Result<ResponseValue<R>, progenitor_client::Error<E>>;

/// Checks an id before anything is built from it, by the rule of its type (such as
/// [`crate::wire::Guid`]).
pub(crate) fn id<T>(name: &'static str, value: &str) -> Result<T>
where
    T: std::str::FromStr<Err = InvalidId>,
{
    value.parse().map_err(|reason| {
        Error::invalid_input(
            name,
            format!(
                "{} is not a CometChat id, which is letters, digits, '-' or '_' ({reason})",
                quote(value)
            ),
        )
    })
}

/// A parameter the spec types as text: in a path, checked by [`segment`]; then
/// converted to the type progenitor takes, which checks the spec's limits (length)
/// when it has any. The value is not quoted in the error: it may be a secret, such
/// as an auth token.
pub(crate) fn text<T>(name: &'static str, value: String, in_path: bool) -> Result<T>
where
    T: TryFrom<String>,
    T::Error: std::fmt::Display,
{
    let value = if in_path {
        segment(name, value)?
    } else {
        value
    };
    T::try_from(value).map_err(|reason| {
        Error::invalid_input(
            name,
            format!("the value breaks the spec's rule for it: {reason}"),
        )
    })
}

/// A path parameter that is text but not an id: anything but empty, `.`, `..`, a
/// `\\` or a control character, which could change the URL's path once parsed
/// (progenitor percent-encodes the rest, `/` included). Like [`text`], it does not
/// quote the value: an auth token read from a file with its newline is refused
/// here, and must not be printed.
fn segment(name: &'static str, value: String) -> Result<String> {
    let bad = value.is_empty()
        || value == "."
        || value == ".."
        || value.chars().any(|c| c == '\\' || c.is_control());
    if bad {
        return Err(Error::invalid_input(
            name,
            "the value cannot stand in a URL path: it is empty, `.` or `..`, or holds `\\` \
             or a control character",
        ));
    }
    Ok(value)
}

/// A parameter the operation requires but the caller did not set.
pub(crate) fn required<T>(name: &'static str, setter: &str, value: Option<T>) -> Result<T> {
    value.ok_or_else(|| {
        Error::invalid_input(
            name,
            format!("this operation requires it: call `.{setter}(..)` before awaiting"),
        )
    })
}

/// A body set with a value or a builder, checked now: a builder missing a required
/// field is an [`Error::InvalidInput`] before anything is sent.
pub(crate) fn body<T>(body: Option<std::result::Result<T, String>>) -> Result<Option<T>> {
    body.transpose()
        .map_err(|reason| Error::invalid_input("body", crate::redact::printable(&reason, 256)))
}

/// The text of every secret `body` holds: the strings under its members named
/// `names`, at any depth (a credential, or each string of a secret JSON object), so
/// that an answer echoing one is scrubbed like the key.
pub(crate) fn secret_values<T: serde::Serialize>(body: &T, names: &[&str]) -> Vec<String> {
    fn strings(value: serde_json::Value, found: &mut Vec<String>) {
        match value {
            serde_json::Value::String(text) => found.push(text),
            serde_json::Value::Array(items) => items.into_iter().for_each(|v| strings(v, found)),
            serde_json::Value::Object(members) => {
                members.into_iter().for_each(|(_, v)| strings(v, found))
            }
            _ => {}
        }
    }
    fn walk(value: serde_json::Value, names: &[&str], found: &mut Vec<String>) {
        match value {
            serde_json::Value::Array(items) => {
                items.into_iter().for_each(|v| walk(v, names, found))
            }
            serde_json::Value::Object(members) => {
                for (name, value) in members {
                    if names.contains(&name.as_str()) {
                        strings(value, found);
                    } else {
                        walk(value, names, found);
                    }
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    match serde_json::to_value(body) {
        Ok(value) => walk(value, names, &mut found),
        // A value `Value` cannot hold (a number beyond `f64` in a secret JSON
        // object): hide every string of the body rather than none.
        Err(_) => {
            let text = serde_json::to_string(body).unwrap_or_default();
            found.extend(crate::redact::string_literals(&text));
        }
    }
    found.retain(|text| !text.is_empty());
    found
}

/// What an operation's errors must not show besides the API key: the secrets in
/// its path (an auth token), scrubbed from any server text like the key; and,
/// when its answer holds secrets (a new auth token), their values in the body of
/// an answer that does not decode.
#[derive(Clone, Copy)]
pub(crate) struct Hidden<'a> {
    pub(crate) values: &'a [&'a str],
    /// The wire names of the answer's fields that can hold a secret.
    pub(crate) answer: &'static [&'static str],
}

impl Hidden<'_> {
    /// Nothing beyond the key.
    pub(crate) const NONE: Hidden<'static> = Hidden {
        values: &[],
        answer: &[],
    };
}

/// Sends one generated request and returns its typed body with the status and
/// headers, or this crate's [`Error`] with what the transport saw.
pub(crate) async fn send<R: DeserializeOwned, E: ErrorBody + Send + 'static>(
    client: &Client,
    sent: impl Future<Output = Sent<R, E>>,
    hidden: Hidden<'_>,
) -> Result<Response<R>> {
    let mut call = std::pin::pin!(CallRecord::scope(sent));
    match call.as_mut().await {
        Ok(response) => {
            let status = response.status();
            let headers = response.headers().clone();
            Ok(Response::new(response.into_inner(), status, headers))
        }
        Err(failure) => Err(failed::<R, E>(client, failure, call, hidden).await),
    }
}

/// The rare error path, boxed so that it does not grow every call's future. `R` is
/// the operation's success type, used to name the failing field of a body that does
/// not decode.
fn failed<'a, R: DeserializeOwned + 'a, E: ErrorBody + Send + 'static>(
    client: &'a Client,
    failure: progenitor_client::Error<E>,
    call: Pin<&mut Recorded<impl Future>>,
    hidden: Hidden<'_>,
) -> Pin<Box<dyn Future<Output = Error> + Send + 'a>> {
    let record = CallRecord::take(call);
    // The key and the path's secrets, scrubbed as one: `\0` never meets server text,
    // so no run of the key's characters joins a secret's across it.
    let mut scrubbed = client.raw().inner.api_key().to_vec();
    for value in hidden.values {
        scrubbed.push(0);
        scrubbed.extend_from_slice(value.as_bytes());
    }
    let answer = hidden.answer;
    Box::pin(
        async move { error::from_progenitor::<R, E>(failure, record, &scrubbed, answer).await },
    )
}

/// The one value of `data`, which CometChat sends as an object or as an array of
/// one.
pub(crate) fn one<T>(data: OneOrMany<T>) -> Result<T> {
    let count = data.len();
    let mut items = data.into_iter();
    match (items.next(), count) {
        (Some(item), 1) => Ok(item),
        (None, _) => Err(Error::Decode(Box::new(DecodeError::shape(
            "`data` holds nothing where one value was expected",
        )))),
        (Some(_), count) => Err(Error::Decode(Box::new(DecodeError::shape(format!(
            "`data` holds {count} values where one was expected"
        ))))),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_path_segments_cannot_change_the_path() {
        for bad in ["", ".", "..", "a\\b", "a\nb", "\u{7f}"] {
            assert!(
                super::segment("reaction", bad.to_owned()).is_err(),
                "{bad:?}"
            );
        }
        for good in ["😀", "a.b", "a/b", "...", "a b", "%2e%2e"] {
            assert!(
                super::segment("reaction", good.to_owned()).is_ok(),
                "{good:?}"
            );
        }
    }

    #[test]
    fn secret_values_are_found_at_any_depth_and_fail_closed() {
        let body = serde_json::json!({
            "name": "visible",
            "creds": {"private_key": "abc123", "n": [1, "nested-secret"]},
            "list": [{"token": "t0ken-1"}],
        });
        let mut found = super::secret_values(&body, &["creds", "token"]);
        found.sort();
        assert_eq!(found, ["abc123", "nested-secret", "t0ken-1"]);
        // A number `Value` cannot hold: every string of the body is hidden.
        let raw = crate::wire::RawJson::from_text(
            r#"{"creds": {"k": "s\"ecret", "n": 1e400}, "name": "visible"}"#,
        )
        .unwrap();
        let found = super::secret_values(&raw, &["creds"]);
        assert!(found.contains(&"s\"ecret".to_owned()), "{found:?}");
        assert!(found.contains(&"visible".to_owned()), "{found:?}");
    }
}
