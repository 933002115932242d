//! What a user reaches for first on the generated types, where the wire makes it
//! awkward. One impl per type, never per operation.

use std::borrow::Cow;

use crate::types::Acknowledgement;

impl Acknowledgement {
    /// CometChat's message, whichever casing it used: `message`, or `Message` as some
    /// of its answers spell it (kept in `extra`).
    pub fn text(&self) -> Option<Cow<'_, str>> {
        if let Some(message) = &self.message {
            return Some(Cow::Borrowed(message));
        }
        let raw = self.extra.get("Message")?;
        raw.parse::<&str>()
            .map(Cow::Borrowed)
            .or_else(|_| raw.parse::<String>().map(Cow::Owned))
            .ok()
    }
}
