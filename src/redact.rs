//! Making text safe to print: every string an error or a log line shows that came
//! from a server, the environment or the caller goes through here.
//!
//! Three rules, in this order: the API key is scrubbed (whole, and any fragment of
//! it long enough to matter), then the text is cut to a bounded length on a
//! character boundary, then control characters are escaped, so that a server can
//! neither reveal the key, nor clear a terminal or forge a log line, nor print
//! megabytes.

use std::borrow::Cow;

/// The shortest run of the key's characters that is scrubbed when it appears on its
/// own: a server that echoes part of the key (cut, or split across a line) leaks
/// that part too. Shorter keys are scrubbed whole only.
const MIN_FRAGMENT: usize = 8;

/// `text` with the key and every run of at least [`MIN_FRAGMENT`] of its consecutive
/// characters replaced by `***`.
pub(crate) fn scrub<'a>(text: &'a str, api_key: &[u8]) -> Cow<'a, str> {
    let window = api_key.len().min(MIN_FRAGMENT);
    if window == 0 || text.len() < window {
        return Cow::Borrowed(text);
    }
    // Every byte range of `text` equal to a window of the key. A longer fragment is
    // covered by its overlapping windows, which merge below.
    let mut hits: Vec<(usize, usize)> = Vec::new();
    for piece in api_key.windows(window) {
        let Ok(piece) = std::str::from_utf8(piece) else {
            continue;
        };
        hits.extend(text.match_indices(piece).map(|(at, _)| (at, at + window)));
    }
    if hits.is_empty() {
        return Cow::Borrowed(text);
    }
    hits.sort_unstable();
    let mut scrubbed = String::with_capacity(text.len());
    let mut written = 0;
    let mut hits = hits.into_iter().peekable();
    while let Some((start, mut end)) = hits.next() {
        while let Some(&(next_start, next_end)) = hits.peek() {
            if next_start > end {
                break;
            }
            end = end.max(next_end);
            hits.next();
        }
        // The key is ASCII (the builder refuses anything else), so a match starts
        // and ends on character boundaries; `get` keeps that an invariant, not a
        // panic.
        let (Some(before), true) = (text.get(written..start), text.is_char_boundary(end)) else {
            continue;
        };
        scrubbed.push_str(before);
        scrubbed.push_str("***");
        written = end;
    }
    scrubbed.push_str(text.get(written..).unwrap_or_default());
    Cow::Owned(scrubbed)
}

/// `text` cut to at most `max_chars` characters, with `…` where it was cut, and every
/// control character escaped (`\n`, `\u{1b}`), without quotes.
pub(crate) fn printable(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars * 2));
    let mut chars = text.chars();
    for c in chars.by_ref().take(max_chars) {
        if c.is_control() || is_invisible_format(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// Characters that change how a terminal shows the text around them (bidirectional
/// overrides and isolates, zero-width joiners), which `char::is_control` misses.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// A value for an error message: quoted, cut to 64 characters, escaped.
pub(crate) fn quote(text: &str) -> String {
    quote_cut(text, 64)
}

/// [`quote`] with another length.
pub(crate) fn quote_cut(text: &str, max_chars: usize) -> String {
    format!("\"{}\"", printable(text, max_chars).replace('"', "\\\""))
}

/// Server-supplied text for an error: the key scrubbed, then cut and escaped,
/// quoted.
pub(crate) fn server_text(text: &str, api_key: &[u8], max_chars: usize) -> String {
    quote_cut(&scrub(text, api_key), max_chars)
}

/// The first characters of a body as quoted text, with the key scrubbed out before
/// the cut, so that a key straddling the cut cannot leak its first half. Only as
/// much of the body as the excerpt and one key can span is looked at.
pub(crate) fn excerpt(body: &[u8], api_key: &[u8]) -> String {
    const MAX_CHARS: usize = 256;
    // Up to 4 bytes a character, plus room for a key that starts before the cut.
    let head = &body[..body.len().min(MAX_CHARS * 4 + api_key.len())];
    let text = String::from_utf8_lossy(head);
    let mut quoted = server_text(&text, api_key, MAX_CHARS);
    if head.len() < body.len() && !quoted.ends_with("…\"") {
        quoted.push('…');
    }
    quoted
}

/// A URL as the crate prints it: user name, password, query and fragment replaced
/// by `***`, the key scrubbed, cut and escaped. Works on text that does not parse as
/// a URL too, since a URL that failed to parse can still hold a password.
pub(crate) fn url(text: &str, api_key: &[u8]) -> String {
    let mut shown = String::with_capacity(text.len());
    let (scheme, rest) = match text.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, text),
    };
    if let Some(scheme) = scheme {
        shown.push_str(scheme);
        shown.push_str("://");
    }
    // The authority ends at the first `/`, `?` or `#`; user info is what precedes
    // its last `@`.
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((_, host)) => {
            shown.push_str("***@");
            shown.push_str(host);
        }
        None => shown.push_str(authority),
    }
    match path.find(['?', '#']) {
        Some(at) => {
            shown.push_str(&path[..at]);
            shown.push_str(&path[at..at + 1]);
            shown.push_str("***");
        }
        None => shown.push_str(path),
    }
    quote_cut(&scrub(&shown, api_key), 128)
}

/// Text already quoted and escaped by this module, which `Debug` shows as it is
/// rather than quoting it again.
pub(crate) struct Shown(pub(crate) String);

impl std::fmt::Debug for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef01234567";

    #[test]
    fn the_key_and_its_fragments_are_scrubbed() {
        let key = std::str::from_utf8(KEY).unwrap();
        let cases = [
            (key.to_owned(), "***".to_owned()),
            (format!("a{key}b"), "a***b".to_owned()),
            (format!("{key}{key}"), "***".to_owned()),
            (key[..20].to_owned(), "***".to_owned()),
            (format!("x{}y", &key[11..30]), "x***y".to_owned()),
            (
                format!("{} {}", &key[..10], &key[10..]),
                "*** ***".to_owned(),
            ),
            ("0123456".to_owned(), "0123456".to_owned()),
            ("é0123456789é".to_owned(), "é***é".to_owned()),
            ("nothing here".to_owned(), "nothing here".to_owned()),
        ];
        for (text, expected) in cases {
            assert_eq!(scrub(&text, KEY), expected, "{text}");
        }
        assert_eq!(scrub("abc", b""), "abc");
        assert_eq!(scrub("a key: short!", b"short"), "a key: ***!");
    }

    #[test]
    fn a_key_straddling_the_excerpt_cut_does_not_leak() {
        let key = std::str::from_utf8(KEY).unwrap();
        for before in [200, 240, 250, 255, 256, 257, 300] {
            for filler in ["x", "é", "😀"] {
                let body = format!("{}{key} and more", filler.repeat(before));
                let shown = excerpt(body.as_bytes(), KEY);
                for fragment in KEY.windows(MIN_FRAGMENT) {
                    let fragment = std::str::from_utf8(fragment).unwrap();
                    assert!(!shown.contains(fragment), "{before} {filler}: {shown}");
                }
                assert!(shown.chars().count() <= 256 + 3, "{shown}");
            }
        }
    }

    #[test]
    fn control_characters_are_escaped_and_text_is_cut() {
        assert_eq!(
            printable("a\nb\u{1b}[2J\u{202e}c", 64),
            "a\\nb\\u{1b}[2J\\u{202e}c"
        );
        assert_eq!(printable(&"é".repeat(10), 3), "ééé…");
        assert_eq!(quote("say \"hi\"\r\n"), "\"say \\\"hi\\\"\\r\\n\"");
    }

    #[test]
    fn urls_lose_credentials_and_queries() {
        let key = std::str::from_utf8(KEY).unwrap();
        let cases = [
            ("https://user:pass@host/v3", "\"https://***@host/v3\""),
            ("https://host/v3?apikey=x#frag", "\"https://host/v3?***\""),
            ("https://host/v3#frag", "\"https://host/v3#***\""),
            ("https://a:b@c@host:99999/x", "\"https://***@host:99999/x\""),
            ("user:pass@host/v3", "\"***@host/v3\""),
        ];
        for (text, expected) in cases {
            assert_eq!(url(text, KEY), expected, "{text}");
        }
        assert_eq!(
            url(&format!("https://host/{key}/v3"), KEY),
            "\"https://host/***/v3\""
        );
    }
}
