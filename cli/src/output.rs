//! Printing answers: one value as JSON, a list as a JSON array or as NDJSON, pretty
//! on a terminal and compact otherwise. A closed stdout ends the command quietly.

use std::{
    future::poll_fn,
    io::{IsTerminal, Write},
    pin::Pin,
};

use cometchat::{Items, Page, Response};
use futures_core::Stream;
use serde::Serialize;

use crate::Failure;

/// Where answers go, and how.
#[derive(Debug)]
pub struct Printer {
    pretty: bool,
    ndjson: bool,
    all_pages: bool,
    max_items: Option<u64>,
    command: &'static str,
}

impl Printer {
    /// A printer for `command`'s answer: pretty when stdout is a terminal.
    pub fn new(
        command: &'static str,
        ndjson: bool,
        all_pages: bool,
        max_items: Option<u64>,
    ) -> Self {
        Self {
            pretty: std::io::stdout().is_terminal() && !ndjson,
            ndjson,
            all_pages,
            max_items,
            command,
        }
    }

    /// Whether `--all-pages` was given.
    pub fn all_pages(&self) -> bool {
        self.all_pages
    }

    /// Prints one value.
    pub fn value<T: Serialize>(
        &mut self,
        answer: cometchat::Result<Response<T>>,
    ) -> Result<(), Failure> {
        let answer = answer.map_err(|e| self.failed(e))?;
        self.write(&*answer)
    }

    /// Prints a list: a JSON array, or one item per line.
    pub fn list<T: Serialize>(
        &mut self,
        answer: cometchat::Result<Response<Vec<T>>>,
    ) -> Result<(), Failure> {
        let items = answer.map_err(|e| self.failed(e))?.into_inner();
        self.items_of(items)
    }

    /// Prints the items of one page.
    ///
    /// A full page of a list read by cursor also says on stderr where the next page
    /// starts, as the flags that read it (`--affix append --id 120 --sent-at ...`):
    /// `next_flags` pairs each field of the cursor with the command's flag for it.
    pub fn page<T: Serialize>(
        &mut self,
        answer: cometchat::Result<Response<Page<T>>>,
        next_flags: &[(&str, &str)],
    ) -> Result<(), Failure> {
        let page = answer.map_err(|e| self.failed(e))?.into_inner();
        let full = page
            .per_page()
            .and_then(|size| usize::try_from(size).ok())
            .is_none_or(|size| page.items.len() >= size);
        let next = page
            .cursor
            .as_ref()
            .filter(|_| full && !page.items.is_empty());
        let next = next.map(|cursor| {
            let value = |field: &str| match field {
                "affix" => cursor.affix.as_ref().map(ToString::to_string),
                "id" => cursor.id.as_ref().map(ToString::to_string),
                "sentAt" => cursor.sent_at.as_ref().map(ToString::to_string),
                "updatedAt" => cursor.updated_at.as_ref().map(ToString::to_string),
                _ => None,
            };
            next_flags
                .iter()
                .filter_map(|(field, flag)| {
                    Some(format!("--{flag} {}", shell_word(&value(field)?)))
                })
                .collect::<Vec<_>>()
                .join(" ")
        });
        self.items_of(page.items)?;
        if let Some(next) = next.filter(|flags| !flags.is_empty()) {
            eprintln!("{}: the next page: {next}", self.command);
        }
        Ok(())
    }

    /// Prints the items of every page, up to `--max-items`; with `--ndjson`, each as
    /// it arrives. Dropping the stream at the limit cancels the rest.
    pub async fn items<T: Serialize>(&mut self, mut items: Items<'_, T>) -> Result<(), Failure> {
        let mut kept = Vec::new();
        let mut count: u64 = 0;
        while self.max_items.is_none_or(|max| count < max) {
            let Some(item) = poll_fn(|cx| Pin::new(&mut items).poll_next(cx)).await else {
                break;
            };
            let item = item.map_err(|e| self.failed(e))?;
            count += 1;
            if self.ndjson {
                self.line(&item)?;
            } else {
                kept.push(item);
            }
        }
        if self.ndjson {
            Ok(())
        } else {
            self.write(&kept)
        }
    }

    fn items_of<T: Serialize>(&mut self, mut items: Vec<T>) -> Result<(), Failure> {
        if let Some(max) = self.max_items {
            items.truncate(usize::try_from(max).unwrap_or(usize::MAX));
        }
        if self.ndjson {
            items.iter().try_for_each(|item| self.line(item))
        } else {
            self.write(&items)
        }
    }

    /// One compact line.
    fn line<T: Serialize + ?Sized>(&self, value: &T) -> Result<(), Failure> {
        let mut text = serde_json::to_vec(value).map_err(|e| self.unprintable(e))?;
        text.push(b'\n');
        emit(&text)
    }

    /// A value, pretty or compact.
    fn write<T: Serialize + ?Sized>(&self, value: &T) -> Result<(), Failure> {
        if self.ndjson {
            return self.line(value);
        }
        let mut text = if self.pretty {
            serde_json::to_vec_pretty(value)
        } else {
            serde_json::to_vec(value)
        }
        .map_err(|e| self.unprintable(e))?;
        text.push(b'\n');
        emit(&text)
    }

    fn failed(&self, error: cometchat::Error) -> Failure {
        let text = format!("{} failed: {error}", self.command);
        match error {
            cometchat::Error::InvalidInput { .. } | cometchat::Error::Config { .. } => {
                Failure::Usage(text)
            }
            _ => Failure::Call(text),
        }
    }

    fn unprintable(&self, error: serde_json::Error) -> Failure {
        Failure::Call(format!(
            "{}: cannot print the answer: {error}",
            self.command
        ))
    }
}

/// Writes to stdout and flushes, so NDJSON lines leave as they come. A reader that
/// went away (`| head`) ends the command quietly.
fn emit(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure::Closed),
        Err(error) => Err(Failure::Call(format!("cannot write to stdout: {error}"))),
    }
}

/// A value from the server as one word to paste back into a shell: as it is when
/// plain, else in single quotes (which the shell reads literally: no `$`, backtick
/// or `!` expansion), with control characters written out so that the value cannot
/// drive the terminal.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain {
        return text.to_owned();
    }
    let mut word = String::from("'");
    for c in text.chars() {
        match c {
            '\'' => word.push_str("'\\''"),
            c if c.is_control() || is_invisible(c) => word.extend(c.escape_default()),
            c => word.push(c),
        }
    }
    word.push('\'');
    word
}

/// Characters that change how text around them shows (bidirectional overrides,
/// zero-width marks) without showing themselves.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn server_values_paste_back_as_one_inert_word() {
        let cases = [
            ("120", "120"),
            ("append", "append"),
            ("m-1_a.b", "m-1_a.b"),
            ("", "''"),
            ("$(curl x|sh)", "'$(curl x|sh)'"),
            ("`id`; rm -rf ~ !!", "'`id`; rm -rf ~ !!'"),
            ("it's", "'it'\\''s'"),
            ("\u{1b}[31mred", "'\\u{1b}[31mred'"),
            ("a\nb", "'a\\nb'"),
            ("evil\u{202e}txt", "'evil\\u{202e}txt'"),
        ];
        for (value, shown) in cases {
            assert_eq!(shell_word(value), shown, "{value:?}");
        }
    }
}
