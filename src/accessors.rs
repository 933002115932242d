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

impl crate::types::Message {
    /// The message's text, for a text message.
    pub fn text(&self) -> Option<&str> {
        self.data.as_ref()?.text.as_deref()
    }

    /// What an action message reports (`joined`, `unbanned`, ...).
    pub fn action(&self) -> Option<&crate::types::MessageAction> {
        self.data.as_ref()?.action.as_ref()
    }

    /// Who sent it, as the entity CometChat attached (`entities.sender`, or for an
    /// action, `entities.by`).
    pub fn sender_entity(&self) -> Option<&crate::types::Entity> {
        let entities = self.data.as_ref()?.entities.as_ref()?;
        entities
            .sender
            .as_ref()
            .or(entities.by.as_ref())
            .map(|e| &*e.entity)
    }

    /// The sender's display name, when CometChat attached the sender.
    pub fn sender_name(&self) -> Option<&str> {
        self.sender_entity()?.name.as_deref()
    }

    /// What an action was done to (`entities.on`): the member banned, the message
    /// edited.
    pub fn action_target(&self) -> Option<&crate::types::Entity> {
        let entities = self.data.as_ref()?.entities.as_ref()?;
        entities.on.as_ref().map(|e| &*e.entity)
    }
}

impl crate::types::Conversation {
    /// Messages the acting user has not read; 0 when CometChat sent no count.
    pub fn unread(&self) -> i64 {
        self.unread_message_count
            .as_ref()
            .map_or(0, |count| count.get())
    }

    /// Whether it is a conversation with a group (`conversationType` is `group`).
    pub fn is_group(&self) -> bool {
        self.conversation_type == crate::types::ConversationType::Group
    }
}

impl crate::types::Entity {
    /// The entity read as another type: the message an edit or a deletion was done
    /// on (`entities.on` of an action, as a [`crate::Message`]), a call, or any
    /// object CometChat attaches that this SDK types elsewhere. Its fields are read
    /// from the exact text it was sent as.
    pub fn parse_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&serde_json::to_string(self)?)
    }
}
