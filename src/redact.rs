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
const MIN_FRAGMENT: usize = 6;

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

/// Characters that break lines or change how a terminal or log viewer shows the
/// text around them, which `char::is_control` misses: the line and paragraph
/// separators, bidirectional marks, overrides and isolates, zero-width and other
/// invisible format characters.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{061c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
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

/// `body` with the value of every member named one of `names` (a secret such as
/// `authToken`) replaced by `"***"`, before an excerpt of it is shown; a value that
/// is an object or an array goes whole. `None` when masking cannot be trusted, so
/// that the caller shows no excerpt at all: a body that is not JSON and holds one of
/// the names anywhere (in any case), or one with a `\u` escape, which could spell a
/// name a scan of the text cannot match.
pub(crate) fn mask_members(body: &[u8], names: &[&str]) -> Option<Vec<u8>> {
    if body.windows(2).any(|pair| pair == b"\\u") {
        return None;
    }
    if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_err() {
        let lower = body.to_ascii_lowercase();
        let named = names.iter().any(|name| {
            let name = name.to_ascii_lowercase();
            lower.windows(name.len()).any(|w| w == name.as_bytes())
        });
        return (!named).then(|| body.to_vec());
    }
    // Valid JSON from here: every token is where a scan of the text finds it.
    // The end of the value opening at `start`: a string, a balanced object or array
    // (strings inside skipped whole), or a scalar.
    let value_end = |start: usize| match body.get(start) {
        Some(b'"') => string_end(body, start),
        Some(b'{' | b'[') => {
            let (mut depth, mut i) = (0usize, start);
            while i < body.len() {
                match body[i] {
                    b'"' => {
                        i = string_end(body, i);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            body.len()
        }
        _ => (start..body.len())
            .find(|&j| matches!(body[j], b',' | b'}' | b']') || body[j].is_ascii_whitespace())
            .unwrap_or(body.len()),
    };
    let skip_space = |mut i: usize| {
        while body.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let mut masked = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'"' {
            masked.push(body[i]);
            i += 1;
            continue;
        }
        let end = string_end(body, i);
        masked.extend_from_slice(&body[i..end]);
        let key = body.get(i + 1..end.saturating_sub(1)).unwrap_or_default();
        i = end;
        let colon = skip_space(end);
        if body.get(colon) != Some(&b':') || !names.iter().any(|name| name.as_bytes() == key) {
            continue;
        }
        let value = skip_space(colon + 1);
        masked.extend_from_slice(&body[end..value]);
        masked.extend_from_slice(b"\"***\"");
        i = value_end(value);
    }
    Some(masked)
}

/// Every string literal of the JSON text `json`, decoded; an unterminated or
/// malformed one is left out.
pub(crate) fn string_literals(json: &str) -> Vec<String> {
    let bytes = json.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = bytes[at..].iter().position(|&b| b == b'"').map(|i| at + i) {
        let end = string_end(bytes, start);
        found.extend(
            json.get(start..end)
                .and_then(|literal| serde_json::from_str::<String>(literal).ok()),
        );
        at = end;
    }
    found
}

/// The end of the JSON string token opening at `start` in `text` (one past its
/// closing quote), or the end of `text` when it is not closed.
fn string_end(text: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    text.len()
}

/// A URL as the crate prints it: user name, password, query and fragment replaced
/// by `***`, the key scrubbed, cut and escaped.
///
/// A URL that parses is printed from its parsed parts, so that no spelling the
/// parser accepts (`https:/user:pw@host`, backslashes) can carry its user info past
/// this function. Text that does not parse can still hold a password: everything
/// between the scheme and the last `@` before any `?` or `#` goes.
pub(crate) fn url(text: &str, api_key: &[u8]) -> String {
    let shown = match url::Url::parse(text) {
        Ok(parsed) if parsed.host().is_some() => from_parts(&parsed),
        _ => from_text(text),
    };
    quote_cut(&scrub(&shown, api_key), 128)
}

fn from_parts(url: &url::Url) -> String {
    let mut shown = format!("{}://", url.scheme());
    if !url.username().is_empty() || url.password().is_some() {
        shown.push_str("***@");
    }
    if let Some(host) = url.host_str() {
        shown.push_str(host);
    }
    if let Some(port) = url.port() {
        shown.push_str(&format!(":{port}"));
    }
    shown.push_str(url.path());
    if url.query().is_some() {
        shown.push_str("?***");
    }
    if url.fragment().is_some() {
        shown.push_str("#***");
    }
    shown
}

fn from_text(text: &str) -> String {
    // Text that does not parse is read the cautious way: anything up to the last `@`
    // anywhere could be credentials, and anything after a `?` or `#` a query.
    let (scheme, rest) = split_scheme(text);
    let rest = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    let mut shown = String::from(scheme);
    if rest.len() < text.len() - scheme.len() {
        shown.push_str("***@");
    }
    match rest.find(['?', '#']) {
        Some(at) => {
            shown.push_str(&rest[..=at]);
            shown.push_str("***");
        }
        None => shown.push_str(rest),
    }
    shown
}

/// `scheme:` with its slashes (or backslashes), and the rest; no scheme when the
/// text does not start with one.
fn split_scheme(text: &str) -> (&str, &str) {
    let Some(colon) = text.find(':') else {
        return ("", text);
    };
    let name = &text[..colon];
    let is_scheme = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !is_scheme {
        return ("", text);
    }
    let slashes = text[colon + 1..]
        .chars()
        .take_while(|c| *c == '/' || *c == '\\')
        .count();
    text.split_at(colon + 1 + slashes)
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
            ("01234".to_owned(), "01234".to_owned()),
            ("012345".to_owned(), "***".to_owned()),
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
            (
                "https://host/v3?apikey=x#frag",
                "\"https://host/v3?***#***\"",
            ),
            ("https://host/v3#frag", "\"https://host/v3#***\""),
            ("https://a:b@c@host:99999/x", "\"https://***@host:99999/x\""),
            ("https:/user:pw@host/v3", "\"https://***@host/v3\""),
            ("https:\\\\user:pw@host/v3", "\"https://***@host/v3\""),
            ("https://user:pa/ss@host/v3", "\"https://***@host/v3\""),
            (
                "https://user:pa/ss@host:bad/v3",
                "\"https://***@host:bad/v3\"",
            ),
            ("https://user:p?ss@host/v3", "\"https://***@host/v3\""),
            ("https://user:p#ss@host:x/v3", "\"https://***@host:x/v3\""),
            ("user:pass@host/v3", "\"user:***@host/v3\""),
            ("no scheme:pa/ss@host", "\"***@host\""),
        ];
        for (text, expected) in cases {
            assert_eq!(url(text, KEY), expected, "{text}");
        }
        assert_eq!(
            url(&format!("https://host/{key}/v3"), KEY),
            "\"https://host/***/v3\""
        );
    }

    #[test]
    fn string_literals_are_decoded_and_unterminated_ones_left_out() {
        assert_eq!(
            string_literals(r#"["a\\", "b", {"c\"d": 1e400}, "unterminated"#),
            ["a\\", "b", "c\"d"]
        );
        assert!(string_literals("").is_empty());
        assert!(string_literals("\"").is_empty());
    }

    #[test]
    fn secret_members_are_masked_in_any_shape_or_the_excerpt_goes() {
        let names = &["authToken", "secret"];
        let masked = |body: &str| {
            super::mask_members(body.as_bytes(), names).map(|b| String::from_utf8(b).unwrap())
        };
        // (body, what is shown; `None` for no excerpt)
        let cases: &[(&str, Option<&str>)] = &[
            (
                r#"{"authToken":"s3cr3t","n":1}"#,
                Some(r#"{"authToken":"***","n":1}"#),
            ),
            (r#"{"authToken" : 12345}"#, Some(r#"{"authToken" : "***"}"#)),
            (
                r#"{"authToken":["s3cr3t"]}"#,
                Some(r#"{"authToken":"***"}"#),
            ),
            (
                r#"{"authToken":{"v":"s3cr3t","w":"}]\""},"x":2}"#,
                Some(r#"{"authToken":"***","x":2}"#),
            ),
            (r#"{"authToken":null}"#, Some(r#"{"authToken":"***"}"#)),
            (
                r#"{"data":[{"wsChannel":{"secret":"s3cr3t"}},{"secret":"s3cr3t"}]}"#,
                Some(r#"{"data":[{"wsChannel":{"secret":"***"}},{"secret":"***"}]}"#),
            ),
            // A name inside a string value is not a member.
            (
                r#"{"note":"\"authToken\":\"x\""}"#,
                Some(r#"{"note":"\"authToken\":\"x\""}"#),
            ),
            (
                r#"{"a\"b":"authToken","c":1}"#,
                Some(r#"{"a\"b":"authToken","c":1}"#),
            ),
            // Not JSON: shown only when no name appears, in any case.
            (r#"{"n":"a"b","authToken":"s3cr3t"}"#, None),
            (r#"{"authToken":"s3cr3"#, None),
            ("authtoken=s3cr3t", None),
            ("{'AUTHTOKEN': 's3cr3t'}", None),
            ("<html>bad gateway</html>", Some("<html>bad gateway</html>")),
            // An escape could spell a name.
            (r#"{"\u0061uthToken":"s3cr3t"}"#, None),
        ];
        for (body, shown) in cases {
            assert_eq!(masked(body).as_deref(), *shown, "{body}");
            if let Some(shown) = masked(body) {
                assert!(!shown.contains("s3cr3t"), "{body}");
            }
        }
    }
}
