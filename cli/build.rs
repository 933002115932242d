//! Generates the command line from the spec, `../openapi/cometchat.json`.
//!
//! For every operation it writes one entry of `OPERATIONS` (the command's name,
//! help, flags and output) and one arm of `dispatch`, which calls the SDK's method
//! for the operation with the path parameters, then one setter per flag given, then
//! awaits the request and prints what the operation's `x-cometchat-envelope` says it
//! answers. Nothing in `src/` is written per operation: a new operation in the spec
//! becomes a command when the CLI is rebuilt.
//!
//! How a flag reaches its typed setter without this script knowing Rust types:
//! ids and other strings are passed as `String` (the SDK's id setters take
//! `impl Into<String>`); integers, booleans and open enums go through
//! `str::parse`, so that the setter's own argument type (`NonZeroU64`, `i64`,
//! `bool`, `cometchat::types::ConversationType`) is inferred; comma-separated
//! arrays are passed as a `Vec<String>`; a body is deserialized from JSON into the
//! type the spec names.

use std::{collections::BTreeSet, fmt::Write as _, path::PathBuf};

use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;

/// Flags every command has already: a spec parameter with one of these names gets
/// its location as a prefix (`--query-timeout`).
const RESERVED: &[&str] = &[
    "help",
    "version",
    "verbose",
    "app-id",
    "region",
    "base-url",
    "timeout",
    "attempt-timeout",
    "retries",
    "api-key-file",
    "json-body",
    "all-pages",
    "max-items",
    "ndjson",
];

/// Commands that are not operations.
const BUILTIN_COMMANDS: &[&str] = &["completions", "help"];

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let spec_path = manifest.join("../openapi/cometchat.json");
    println!("cargo:rerun-if-changed={}", spec_path.display());
    println!("cargo:rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(&spec_path)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", spec_path.display())));
    let spec: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| fail(&format!("{} is not JSON: {e}", spec_path.display())));
    let operations = operations(&spec).unwrap_or_else(|e| fail(&e));
    let code = generate(&operations);
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("commands.rs");
    std::fs::write(&out, code)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", out.display())));
}

fn fail(problem: &str) -> ! {
    eprintln!("cometchat-cli build: {problem}");
    std::process::exit(1);
}

/// One operation, as the command line needs it.
struct Operation {
    /// `get_group_conversation`.
    id: String,
    /// `get-group-conversation`.
    command: String,
    method: String,
    path: String,
    summary: String,
    description: String,
    deprecated: Option<String>,
    envelope: Envelope,
    params: Vec<Param>,
    body: Option<Body>,
}

/// The fields of a list's cursor (`meta.next`) that are also its parameters.
const CURSOR_FIELDS: &[&str] = &["affix", "id", "sentAt", "updatedAt"];

#[derive(Clone, Copy, PartialEq)]
enum Envelope {
    /// One value: `item`, `data`, `ack`, `body`.
    Value,
    /// The whole `data` array.
    List,
    /// One page; `streams` when the SDK gives the request `.items()`, `cursor`
    /// when the list reads on by the cursor each answer gives.
    Page { streams: bool, cursor: bool },
}

/// How a parameter's text reaches its setter.
#[derive(Clone, PartialEq)]
enum Kind {
    /// Passed as a `String`: ids (`impl Into<String>`) and plain strings.
    Text,
    /// Parsed into the setter's type, with the spec's bounds checked first.
    Integer { min: Option<i64>, max: Option<i64> },
    /// Parsed into the setter's type.
    Number,
    /// `true` or `false`; the flag alone means `true`.
    Boolean,
    /// Parsed into an open enum: any text, the known values in the help.
    Enum(Vec<String>),
    /// A list, given comma-separated or by repeating the flag. `joined` when the SDK
    /// sends it as one comma-separated value, and so takes any texts; otherwise its
    /// setter takes a `Vec` of the item type, and each value is parsed.
    List { joined: bool },
}

struct Param {
    /// The spec's name, `onBehalfOf`.
    name: String,
    /// The setter, `on_behalf_of`.
    setter: String,
    /// The flag, `on-behalf-of`.
    flag: String,
    in_path: bool,
    required: bool,
    kind: Kind,
    help: String,
}

/// What a body field's text becomes in the JSON body.
#[derive(Clone, Copy)]
enum Json {
    String,
    Integer,
    Number,
    Boolean,
    /// A number when the text is a whole number, else a string.
    StringOrInteger,
    StringList,
}

struct BodyField {
    /// The property, `messageId`.
    property: String,
    flag: String,
    json: Json,
    help: String,
}

struct Body {
    /// `cometchat::types::MessageIdRequest`.
    rust_type: String,
    /// `MessageIdRequest`.
    schema: String,
    required: bool,
    help: String,
    fields: Vec<BodyField>,
}

fn operations(spec: &Value) -> Result<Vec<Operation>, String> {
    let paths = spec
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("the spec has no paths")?;
    let mut found = Vec::new();
    for (path, item) in paths {
        let item = item.as_object().ok_or(format!("{path} is not an object"))?;
        let shared: Vec<Value> = item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            let Some(operation) = item.get(method) else {
                continue;
            };
            found.push(operation_of(spec, path, method, operation, &shared)?);
        }
    }
    found.sort_by(|a, b| a.command.cmp(&b.command));
    let mut commands = BTreeSet::new();
    for operation in &found {
        if BUILTIN_COMMANDS.contains(&operation.command.as_str())
            || !commands.insert(operation.command.clone())
        {
            return Err(format!(
                "operation {}: another command is named {}",
                operation.id, operation.command
            ));
        }
    }
    Ok(found)
}

fn operation_of(
    spec: &Value,
    path: &str,
    method: &str,
    operation: &Value,
    shared: &[Value],
) -> Result<Operation, String> {
    let id = operation
        .get("operationId")
        .and_then(Value::as_str)
        .ok_or(format!(
            "{method} {path}: every operation needs an operationId"
        ))?
        .to_owned();
    let text = |key: &str| {
        operation
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let envelope = match operation
        .get("x-cometchat-envelope")
        .and_then(Value::as_str)
    {
        Some("list") => Envelope::List,
        Some("page") => Envelope::Page {
            streams: false,
            cursor: false,
        },
        _ => Envelope::Value,
    };
    // Operation-level parameters override path-level ones of the same name and place.
    let mut raw: Vec<Value> = Vec::new();
    let own: Vec<Value> = operation
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for parameter in shared.iter().chain(&own) {
        let parameter = resolve(spec, parameter).clone();
        let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
        raw.retain(|p| key(p) != key(&parameter));
        raw.push(parameter);
    }
    // Path parameters first, in the order the path names them: the SDK method's
    // arguments.
    let position = |p: &Value| {
        let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
        path.find(&format!("{{{name}}}")).unwrap_or(usize::MAX)
    };
    raw.sort_by_key(|p| {
        (
            p.get("in").and_then(Value::as_str) != Some("path"),
            position(p),
        )
    });
    let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    let mut params = Vec::new();
    for parameter in &raw {
        params.push(param(spec, &id, parameter, &mut taken)?);
    }
    let envelope = match envelope {
        Envelope::Page { .. } => Envelope::Page {
            // The SDK gives `.items()` to the lists the spec says stream.
            streams: operation.get("x-cometchat-paging").is_some(),
            cursor: operation
                .get("x-cometchat-paging")
                .and_then(Value::as_str)
                .is_some_and(|paging| paging.contains("cursor")),
        },
        other => other,
    };
    let body = match operation.get("requestBody") {
        Some(body) => Some(body_of(spec, &id, resolve(spec, body), &mut taken)?),
        None => None,
    };
    let deprecated = operation
        .get("deprecated")
        .and_then(Value::as_bool)
        .unwrap_or(false)
        .then(|| {
            operation
                .get("x-cometchat-replacement")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        });
    Ok(Operation {
        command: id.to_kebab_case(),
        method: method.to_uppercase(),
        path: path.to_owned(),
        summary: text("summary"),
        description: text("description"),
        deprecated,
        envelope,
        params,
        body,
        id,
    })
}

/// A flag name not taken yet: the property's own, or with a prefix.
fn flag_name(
    id: &str,
    name: &str,
    prefix: &str,
    taken: &mut BTreeSet<String>,
) -> Result<String, String> {
    let plain = name.to_kebab_case();
    for candidate in [plain.clone(), format!("{prefix}-{plain}")] {
        if taken.insert(candidate.clone()) {
            return Ok(candidate);
        }
    }
    Err(format!(
        "operation {id}: no free flag name for {prefix} parameter {name}"
    ))
}

/// A spec name as the SDK names its setter: snake case, with `_` after a Rust
/// keyword (`type` becomes `type_`), as the SDK's generator does.
fn rust_name(name: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "box", "break", "const", "continue", "crate", "dyn", "else",
        "enum", "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match",
        "mod", "move", "mut", "priv", "pub", "ref", "return", "self", "static", "struct", "super",
        "trait", "true", "try", "type", "typeof", "unsafe", "use", "where", "while", "yield",
    ];
    let snake = name.to_snake_case();
    if KEYWORDS.contains(&snake.as_str()) {
        format!("{snake}_")
    } else {
        snake
    }
}

fn param(
    spec: &Value,
    id: &str,
    parameter: &Value,
    taken: &mut BTreeSet<String>,
) -> Result<Param, String> {
    let name = parameter
        .get("name")
        .and_then(Value::as_str)
        .ok_or(format!("operation {id}: a parameter has no name"))?;
    let location = parameter
        .get("in")
        .and_then(Value::as_str)
        .unwrap_or("query");
    let schema = parameter
        .get("schema")
        .map(|s| resolve(spec, s))
        .unwrap_or(&Value::Null);
    let kind = match schema_type(spec, schema) {
        Some("array") => Kind::List {
            joined: parameter.get("explode").and_then(Value::as_bool) == Some(false),
        },
        Some("integer") => Kind::Integer {
            min: schema.get("minimum").and_then(Value::as_i64),
            max: schema.get("maximum").and_then(Value::as_i64),
        },
        Some("number") => Kind::Number,
        Some("boolean") => Kind::Boolean,
        _ => match known_values(schema) {
            Some(values) => Kind::Enum(values),
            None => Kind::Text,
        },
    };
    let mut help = one_line(
        parameter
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default(),
    );
    if let Kind::Enum(values) = &kind {
        write!(
            help,
            " Known values: {}; others are sent as given.",
            values.join(", ")
        )
        .expect("writing to a String");
    }
    Ok(Param {
        name: name.to_owned(),
        setter: rust_name(name),
        flag: flag_name(id, name, location, taken)?,
        in_path: location == "path",
        required: location == "path"
            || parameter
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        kind,
        help,
    })
}

fn body_of(
    spec: &Value,
    id: &str,
    body: &Value,
    taken: &mut BTreeSet<String>,
) -> Result<Body, String> {
    let schema = body
        .pointer("/content/application~1json/schema")
        .ok_or(format!("operation {id}: the body is not JSON"))?;
    let schema_name = match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_upper_camel_case(),
        // progenitor names an inline body after its operation.
        None => format!("{}Body", id.to_upper_camel_case()),
    };
    let resolved = resolve(spec, schema);
    let mut fields = Vec::new();
    if let Some(properties) = resolved.get("properties").and_then(Value::as_object) {
        for (property, schema) in properties {
            let schema = resolve(spec, schema);
            let json = match schema_type(spec, schema) {
                Some("string") => Json::String,
                Some("integer") => Json::Integer,
                Some("number") => Json::Number,
                Some("boolean") => Json::Boolean,
                Some("array") => {
                    let items = schema.get("items").map(|s| resolve(spec, s));
                    match items.and_then(|items| schema_type(spec, items)) {
                        Some("string") => Json::StringList,
                        _ => continue,
                    }
                }
                Some("string-or-integer") => Json::StringOrInteger,
                _ => continue,
            };
            let mut help = one_line(
                properties
                    .get(property)
                    .and_then(|p| p.get("description"))
                    .or_else(|| schema.get("description"))
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
            );
            write!(help, " Sets `{property}` in the body.").expect("writing to a String");
            fields.push(BodyField {
                flag: flag_name(id, property, "body", taken)?,
                property: property.clone(),
                json,
                help,
            });
        }
    }
    Ok(Body {
        rust_type: format!("cometchat::types::{schema_name}"),
        schema: schema_name,
        required: body
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        help: one_line(
            body.get("description")
                .and_then(Value::as_str)
                .unwrap_or_default(),
        ),
        fields,
    })
}

/// Follows `$ref` and a lone `allOf`, as the spec uses them.
fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    let mut schema = schema;
    for _ in 0..16 {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let pointer = reference.trim_start_matches('#');
            match spec.pointer(pointer) {
                Some(target) => schema = target,
                None => return schema,
            }
        } else if let Some([only]) = schema
            .get("allOf")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
        {
            schema = only;
        } else {
            return schema;
        }
    }
    schema
}

/// The schema's type; `string-or-integer` for a `oneOf` of the two, as ids are.
fn schema_type<'a>(spec: &'a Value, schema: &'a Value) -> Option<&'a str> {
    if let Some(kind) = schema.get("type").and_then(Value::as_str) {
        return Some(kind);
    }
    let options = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array)?;
    let kinds: BTreeSet<&str> = options
        .iter()
        .filter_map(|option| schema_type(spec, resolve(spec, option)))
        .collect();
    (kinds == BTreeSet::from(["integer", "string"])).then_some("string-or-integer")
}

fn known_values(schema: &Value) -> Option<Vec<String>> {
    let values = schema
        .get("x-extensible-enum")
        .or_else(|| schema.get("enum"))
        .and_then(Value::as_array)?;
    Some(
        values
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
    )
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Operation ids in `text` become command names: `get_user_conversation or
/// get_group_conversation` reads `get-user-conversation or get-group-conversation`.
fn with_command_names(text: &str, operations: &[Operation]) -> String {
    text.split(' ')
        .map(|word| {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
            match operations.iter().find(|o| o.id == bare) {
                Some(operation) => word.replace(bare, &operation.command),
                None => word.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn generate(operations: &[Operation]) -> String {
    let mut code = String::new();
    let w = &mut code;
    // `{:?}` of a str is a valid Rust string literal.
    writeln!(
        w,
        "/// Every operation of the spec, sorted by command name."
    )
    .ok();
    writeln!(w, "pub static OPERATIONS: &[Operation] = &[").ok();
    for operation in operations {
        let deprecated = match &operation.deprecated {
            Some(replacement) if !replacement.is_empty() => format!(
                "Some({:?})",
                format!(
                    "CometChat deprecated it: use {}",
                    with_command_names(replacement, operations)
                )
            ),
            Some(_) => "Some(\"CometChat deprecated it\")".to_owned(),
            None => "None".to_owned(),
        };
        let output = match operation.envelope {
            Envelope::Value => "Output::Value",
            Envelope::List => "Output::List",
            Envelope::Page { streams: false, .. } => "Output::Page",
            Envelope::Page { streams: true, .. } => "Output::Pages",
        };
        writeln!(
            w,
            "    Operation {{ command: {:?}, id: {:?}, method: {:?}, path: {:?}, summary: {:?}, \
             description: {:?}, deprecated: {deprecated}, output: {output}, flags: &[",
            operation.command,
            operation.id,
            operation.method,
            operation.path,
            operation.summary,
            operation.description,
        )
        .ok();
        for param in &operation.params {
            let kind = match &param.kind {
                Kind::Text => "Kind::Text".to_owned(),
                Kind::Integer { min, max } => {
                    format!("Kind::Integer {{ min: {min:?}, max: {max:?} }}")
                }
                Kind::Number => "Kind::Number".to_owned(),
                Kind::Boolean => "Kind::Boolean".to_owned(),
                Kind::Enum(_) => "Kind::Enum".to_owned(),
                Kind::List { .. } => "Kind::List".to_owned(),
            };
            writeln!(
                w,
                "        Flag {{ long: {:?}, value_name: {:?}, help: {:?}, required: {}, kind: {kind}, \
                 body: None }},",
                param.flag,
                param.name.to_shouty_snake_case(),
                param.help,
                param.required,
            )
            .ok();
        }
        if let Some(body) = &operation.body {
            for field in &body.fields {
                let (kind, json) = match field.json {
                    Json::String => ("Kind::Text", "Json::String"),
                    Json::Integer => ("Kind::Integer { min: None, max: None }", "Json::Integer"),
                    Json::Number => ("Kind::Number", "Json::Number"),
                    Json::Boolean => ("Kind::Boolean", "Json::Boolean"),
                    Json::StringOrInteger => ("Kind::Text", "Json::StringOrInteger"),
                    Json::StringList => ("Kind::List", "Json::StringList"),
                };
                writeln!(
                    w,
                    "        Flag {{ long: {:?}, value_name: {:?}, help: {:?}, required: false, \
                     kind: {kind}, body: Some(BodyField {{ property: {:?}, json: {json} }}) }},",
                    field.flag,
                    field.property.to_shouty_snake_case(),
                    field.help,
                    field.property,
                )
                .ok();
            }
        }
        let body = match &operation.body {
            Some(body) => format!(
                "Some(Body {{ schema: {:?}, required: {}, help: {:?} }})",
                body.schema, body.required, body.help
            ),
            None => "None".to_owned(),
        };
        writeln!(w, "    ], body: {body} }},").ok();
    }
    writeln!(w, "];").ok();
    writeln!(w).ok();
    writeln!(
        w,
        "/// Calls the operation `command` names with the flags in `args`, and prints its answer."
    )
    .ok();
    writeln!(
        w,
        "#[allow(deprecated, unused_mut, clippy::let_and_return)]"
    )
    .ok();
    writeln!(
        w,
        "pub(crate) async fn dispatch(command: &str, args: &clap::ArgMatches, \
         connect: impl std::future::Future<Output = Result<crate::config::Configured, crate::Failure>>, \
         out: &mut crate::output::Printer) -> Result<(), crate::Failure> {{"
    )
    .ok();
    writeln!(
        w,
        "    use crate::args::{{body, list, parse, parse_each, required, text}};"
    )
    .ok();
    writeln!(w, "    match command {{").ok();
    for operation in operations {
        writeln!(w, "        {:?} => {{", operation.command).ok();
        // Every flag is read and checked before the client is made (and the
        // stand-in started), so a usage error says only that.
        for (index, param) in operation.params.iter().enumerate() {
            let flag = &param.flag;
            let read = match (&param.kind, param.in_path) {
                (Kind::Text, true) => format!("required(args, {flag:?})?"),
                (_, true) => format!("parse(required(args, {flag:?})?, {flag:?})?"),
                (Kind::Text, false) => format!("text(args, {flag:?})?"),
                (Kind::List { joined: true }, false) => format!("list(args, {flag:?})?"),
                (Kind::List { joined: false }, false) => {
                    format!("parse_each(list(args, {flag:?})?, {flag:?})?")
                }
                (_, false) => format!(
                    "match text(args, {flag:?})? {{ Some(value) => Some(parse(value, {flag:?})?), \
                     None => None }}"
                ),
            };
            writeln!(w, "            let value_{index} = {read};").ok();
        }
        if let Some(body) = &operation.body {
            writeln!(
                w,
                "            let body = body::<{}>(args, {:?})?;",
                body.rust_type, operation.command
            )
            .ok();
        }
        writeln!(w, "            let connected = connect.await?;").ok();
        let path_args: Vec<String> = operation
            .params
            .iter()
            .enumerate()
            .filter(|(_, p)| p.in_path)
            .map(|(index, _)| format!("value_{index}"))
            .collect();
        writeln!(
            w,
            "            let mut request = connected.client.{}({});",
            operation.id.to_snake_case(),
            path_args.join(", ")
        )
        .ok();
        for (index, param) in operation.params.iter().enumerate() {
            if param.in_path {
                continue;
            }
            writeln!(
                w,
                "            if let Some(value) = value_{index} {{ request = request.{}(value); }}",
                param.setter
            )
            .ok();
        }
        if operation.body.is_some() {
            writeln!(
                w,
                "            if let Some(value) = body {{ request = request.body(value); }}"
            )
            .ok();
        }
        // A page read by cursor names the flags that read on from it: those of
        // the command's parameters a cursor carries.
        let next_flags = match operation.envelope {
            Envelope::Page { cursor: true, .. } => {
                let flags = operation
                    .params
                    .iter()
                    .filter(|p| !p.in_path && CURSOR_FIELDS.contains(&p.name.as_str()))
                    .map(|p| format!("({:?}, {:?})", p.name, p.flag));
                format!("&[{}]", flags.collect::<Vec<_>>().join(", "))
            }
            _ => "&[]".to_owned(),
        };
        let finish = match operation.envelope {
            Envelope::Value => "out.value(request.await)".to_owned(),
            Envelope::List => "out.list(request.await)".to_owned(),
            Envelope::Page { streams: false, .. } => {
                format!("out.page(request.await, {next_flags})")
            }
            Envelope::Page { streams: true, .. } => format!(
                "if out.all_pages() {{ out.items(request.items()).await }} \
                 else {{ out.page(request.await, {next_flags}) }}"
            ),
        };
        writeln!(w, "            let outcome = {finish};").ok();
        writeln!(w, "            outcome").ok();
        writeln!(w, "        }}").ok();
    }
    writeln!(
        w,
        "        _ => Err(crate::Failure::Usage(format!(\"unknown command {{command}}\"))),"
    )
    .ok();
    writeln!(w, "    }}").ok();
    writeln!(w, "}}").ok();
    code
}
