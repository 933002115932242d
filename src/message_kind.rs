//! [`MessageKind`]: what a message is, read from its category and type.
//!
//! A [`Message`] decodes in one pass into one struct whatever its category: its
//! `data` holds every field any category uses, typed, and keeps unknown ones as
//! sent. This view picks the fields that matter for the message's category and
//! type, borrowing from it; a category or type this version does not know comes
//! back as [`MessageKind::Other`] with the message's data whole, never an error.

use crate::{
    types::{Entity, Message, MessageAction, MessageAttachment, MessageData},
    wire::RawJson,
};

/// What a message is, by category and type. Made by [`Message::kind`].
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum MessageKind<'a> {
    /// A text message (category `message`, type `text`).
    #[non_exhaustive]
    Text {
        /// The text, exactly as sent.
        text: &'a str,
    },
    /// A media message (category `message`, type `image`, `video`, `audio` or
    /// `file`).
    #[non_exhaustive]
    Media {
        /// The type: `image`, `video`, `audio` or `file`.
        media: &'a str,
        /// The files, by URL.
        attachments: &'a [MessageAttachment],
        /// A caption sent with the files.
        caption: Option<&'a str>,
    },
    /// A custom message (category `custom`): any type, free-form data.
    #[non_exhaustive]
    Custom {
        /// The type the sender chose.
        custom_type: &'a str,
        /// `data.customData`, exactly as sent.
        custom_data: Option<&'a RawJson>,
    },
    /// An interactive message (category `interactive`): a form, a card, a
    /// scheduler or the sender's own kind.
    #[non_exhaustive]
    Interactive {
        /// The type: `form`, `card`, `scheduler`, `customInteractive`, ...
        interactive_type: &'a str,
        /// `data.interactiveData`, exactly as sent.
        interactive_data: Option<&'a RawJson>,
        /// `data.interactionGoal`, exactly as sent.
        interaction_goal: Option<&'a RawJson>,
    },
    /// An action message (category `action`): a change of group membership
    /// (type `groupMember`) or an edited or deleted message (type `message`).
    #[non_exhaustive]
    Action {
        /// What happened, when CometChat said.
        action: Option<&'a MessageAction>,
        /// Who did it (`entities.by`).
        by: Option<&'a Entity>,
        /// What it was done to (`entities.on`): a member, a message.
        on: Option<&'a Entity>,
        /// Where (`entities.for`): the group.
        target: Option<&'a Entity>,
    },
    /// A call (category `call`, type `audio` or `video`).
    #[non_exhaustive]
    Call {
        /// `audio` or `video`.
        call_type: &'a str,
        /// The call's state (`initiated`, `ongoing`, ...), when CometChat said.
        status: Option<&'a MessageAction>,
        /// The call, as CometChat attached it (`entities.on`).
        call: Option<&'a Entity>,
    },
    /// A category or type this version does not know, or a known one without
    /// the fields its kind needs: the message's category, type and data, whole.
    #[non_exhaustive]
    Other {
        /// The category, as sent.
        category: &'a str,
        /// The type, as sent.
        message_type: &'a str,
        /// The data, with every field kept.
        data: Option<&'a MessageData>,
    },
}

impl Message {
    /// What this message is, read from its category and type; see
    /// [`MessageKind`].
    pub fn kind(&self) -> MessageKind<'_> {
        let (category, message_type) = (self.category.as_str(), self.type_.as_str());
        let data = self.data.as_ref();
        let entity =
            |pick: fn(&crate::types::MessageEntities) -> Option<&crate::types::MessageEntity>| {
                data.and_then(|d| d.entities.as_ref())
                    .and_then(pick)
                    .map(|e| &*e.entity)
            };
        let other = MessageKind::Other {
            category,
            message_type,
            data,
        };
        match (category, message_type) {
            ("message", "text") => match data.and_then(|d| d.text.as_deref()) {
                Some(text) => MessageKind::Text { text },
                None => other,
            },
            ("message", "image" | "video" | "audio" | "file") => MessageKind::Media {
                media: message_type,
                attachments: data.map_or(&[], |d| d.attachments.as_slice()),
                caption: data.and_then(|d| d.text.as_deref()),
            },
            ("custom", _) => MessageKind::Custom {
                custom_type: message_type,
                custom_data: data.and_then(|d| d.custom_data.as_ref()),
            },
            ("interactive", _) => MessageKind::Interactive {
                interactive_type: message_type,
                interactive_data: data.and_then(|d| d.interactive_data.as_ref()),
                interaction_goal: data.and_then(|d| d.interaction_goal.as_ref()),
            },
            ("action", _) => MessageKind::Action {
                action: data.and_then(|d| d.action.as_ref()),
                by: entity(|e| e.by.as_ref()),
                on: entity(|e| e.on.as_ref()),
                target: entity(|e| e.for_.as_ref()),
            },
            ("call", _) => MessageKind::Call {
                call_type: message_type,
                status: data.and_then(|d| d.action.as_ref()),
                call: entity(|e| e.on.as_ref()),
            },
            _ => other,
        }
    }
}
