//! The operations of the spec as the command line shows them: a table `build.rs`
//! writes from `openapi/cometchat.json`, with the `dispatch` that calls each one.

/// One operation of the spec: a command.
#[derive(Debug)]
pub struct Operation {
    /// The command's name: the operation id in kebab case, `get-group-conversation`.
    pub command: &'static str,
    /// The operation id, `get_group_conversation`: also the SDK's method.
    pub id: &'static str,
    /// The HTTP method, `GET`.
    pub method: &'static str,
    /// The path template, `/groups/{guid}/conversation`.
    pub path: &'static str,
    /// The spec's summary: the command's one-line help.
    pub summary: &'static str,
    /// The spec's description: the rest of `--help`.
    pub description: &'static str,
    /// For a deprecated operation, what to use instead.
    pub deprecated: Option<&'static str>,
    /// What the command prints.
    pub output: Output,
    /// Its flags: parameters, then body fields.
    pub flags: &'static [Flag],
    /// Its JSON body, when it takes one.
    pub body: Option<Body>,
}

/// What an operation answers, from its `x-cometchat-envelope`.
// A spec without some kind of answer leaves its variant unused.
#[allow(dead_code)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// One value: an item, an acknowledgement, a body.
    Value,
    /// A list, all of it in one answer.
    List,
    /// One page of a list.
    Page,
    /// One page of a list, or every page with `--all-pages`.
    Pages,
}

/// One flag of a command: a parameter of the operation, or a field of its body.
#[derive(Debug)]
pub struct Flag {
    /// The long name, without `--`.
    pub long: &'static str,
    /// The placeholder in the help, `ON_BEHALF_OF`.
    pub value_name: &'static str,
    /// The spec's description.
    pub help: &'static str,
    /// Whether the command needs it.
    pub required: bool,
    /// What it takes.
    pub kind: Kind,
    /// For a body field, where its value goes.
    pub body: Option<BodyField>,
}

/// What a flag takes.
// A spec without some kind of parameter leaves its variant unused.
#[allow(dead_code)]
#[derive(Debug)]
pub enum Kind {
    /// Any text.
    Text,
    /// A whole number, within the spec's bounds.
    Integer {
        /// The spec's `minimum`.
        min: Option<i64>,
        /// The spec's `maximum`.
        max: Option<i64>,
    },
    /// A number.
    Number,
    /// `true` or `false`; the flag alone means `true`.
    Boolean,
    /// An open enumeration: any text, the known values named in the help.
    Enum,
    /// A list: comma-separated, or the flag repeated.
    List,
}

/// Where a body field's flag goes in the JSON body.
#[derive(Debug)]
pub struct BodyField {
    /// The property's name in the body, `messageId`.
    pub property: &'static str,
    /// The JSON its text becomes.
    pub json: Json,
}

/// The JSON a body field's text becomes.
// A spec without some kind of field leaves its variant unused.
#[allow(dead_code)]
#[derive(Clone, Copy, Debug)]
pub enum Json {
    /// A string.
    String,
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A number when the text is a whole number, else a string (ids).
    StringOrInteger,
    /// An array of strings.
    StringList,
}

/// An operation's JSON body.
#[derive(Debug)]
pub struct Body {
    /// The schema it must fit, `UpdateConversationRequest`.
    pub schema: &'static str,
    /// Whether the operation needs one.
    pub required: bool,
    /// The spec's description of it.
    pub help: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/commands.rs"));

/// The operation a command runs.
pub fn operation(command: &str) -> Option<&'static Operation> {
    OPERATIONS
        .iter()
        .find(|operation| operation.command == command)
}
