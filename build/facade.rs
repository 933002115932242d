//! The public face of every operation, generated from the spec and from the
//! builders progenitor wrote for it.
//!
//! For each operation this writes a method on `crate::Client` that takes the
//! operation's path parameters (the target), and a request type in
//! `crate::operations` with a setter per other parameter (the acting user, filters,
//! the body), awaited through `IntoFuture`. Its `send` checks ids by their wire
//! type's rule, requires what the spec requires, sends through progenitor's builder
//! (so through the transport), maps failures with `crate::call::send`, and opens the
//! envelope the operation's `x-cometchat-envelope` names. Lists that page get
//! `.pages()` and `.items()` streams. Nothing in `src/` is written per operation.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The extension that says how an operation's 200 body is opened.
const ENVELOPE: &str = "x-cometchat-envelope";
/// The extension that says how a list streams across pages.
const PAGING: &str = "x-cometchat-paging";
/// The extension on a query parameter that names the field of an answer's cursor it
/// takes when a stream reads the next page.
const CURSOR: &str = "x-cometchat-cursor";
/// The extension that names what replaces a deprecated operation.
const REPLACEMENT: &str = "x-cometchat-replacement";

/// Wire types that hold ids: their setters take text, checked at `send` by the
/// type's own rule, so that a bad id is an `Error::InvalidInput` that names the
/// parameter rather than a conversion error.
const ID_TYPES: &[&str] = &["Guid", "Uid", "ConversationId"];

/// How the 200 body becomes the value the caller gets.
#[derive(Clone, Copy, PartialEq)]
enum Envelope {
    /// The one object in `data` (an object, or an array of one).
    Item,
    /// The `data` array of one page, with `meta.pagination`; streams too.
    Page,
    /// The whole `data` array.
    List,
    /// `data` as it is: an acknowledgement or another object.
    Data,
    /// The whole body as it is.
    Body,
}

impl Envelope {
    fn parse(operation: &str, value: Option<&serde_json::Value>) -> Result<Self, String> {
        match value.and_then(serde_json::Value::as_str) {
            Some("item") => Ok(Self::Item),
            Some("page") => Ok(Self::Page),
            Some("list") => Ok(Self::List),
            Some("ack" | "data") => Ok(Self::Data),
            Some("body") | None => Ok(Self::Body),
            Some(other) => Err(format!(
                "operation {operation}: {ENVELOPE} is {other:?}; use item, page, list, ack, data \
                 or body"
            )),
        }
    }
}

/// How a list streams (`x-cometchat-paging`); a list without it answers one page.
#[derive(Clone, Copy, PartialEq)]
enum Paging {
    /// By page number (`page`, `perPage`).
    Number,
    /// By the cursor each answer gives (`affix` with `id`, `sentAt` or `updatedAt`).
    Cursor,
    /// By number, or by cursor once the caller sets `affix` (groups).
    NumberOrCursor,
}

impl Paging {
    /// The operation's paging, checked against its envelope and parameters.
    fn parse(
        operation: &str,
        value: Option<&serde_json::Value>,
        envelope: Envelope,
        params: &[Param],
    ) -> Result<Option<Self>, String> {
        let paging = match value.map(|v| v.as_str()) {
            None => return Ok(None),
            Some(Some("number")) => Self::Number,
            Some(Some("cursor")) => Self::Cursor,
            Some(Some("number-or-cursor")) => Self::NumberOrCursor,
            Some(other) => {
                return Err(format!(
                    "operation {operation}: {PAGING} is {other:?}; use number, cursor or \
                     number-or-cursor"
                ))
            }
        };
        let has = |field: &str| has_setter(params, field);
        let takes_cursor = (has("affix") && ["updated_at", "sent_at", "id"].iter().any(|f| has(f)))
            || params.iter().any(|p| p.cursor.is_some());
        let problem = if envelope != Envelope::Page {
            Some("only a `page` envelope streams")
        } else if paging != Self::Cursor && !has("page") {
            Some("paging by number needs a `page` query parameter")
        } else if paging != Self::Number && !takes_cursor && !has("limit") {
            Some(
                "paging by cursor needs `affix` with `id`, `sentAt` or `updatedAt`, a \
                 parameter with `x-cometchat-cursor`, or at least `limit`",
            )
        } else if let Some(p) = params.iter().find(|p| p.cursor.is_some() && !p.text) {
            return Err(format!(
                "operation {operation}: parameter {} takes a cursor field ({CURSOR}) but is \
                 not text",
                p.field
            ));
        } else {
            None
        };
        match problem {
            Some(problem) => Err(format!("operation {operation}: {PAGING}: {problem}")),
            None => Ok(Some(paging)),
        }
    }
}

/// Whether the request has a setter (a parameter not in the path) named `field`.
fn has_setter(params: &[Param], field: &str) -> bool {
    params.iter().any(|p| p.field == field && !p.in_path)
}

/// A spec name as progenitor names its builder field and setter: snake case, with
/// `_` after a Rust keyword (`type` becomes `type_`).
pub fn rust_name(name: &str) -> String {
    let snake = name.to_snake_case();
    if syn::parse_str::<syn::Ident>(&snake).is_ok() {
        snake
    } else {
        format!("{snake}_")
    }
}

/// Moves parameters declared on a path item into each of its operations (an
/// operation's own parameter of the same name and place wins), as progenitor
/// merges them, so that everything after reads one list per operation.
pub fn inline_path_parameters(spec: &mut OpenAPI) {
    for (_, item) in spec.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let shared = std::mem::take(&mut item.parameters);
        if shared.is_empty() {
            continue;
        }
        for operation in operations_mut(item) {
            for parameter in &shared {
                let key = parameter_key(parameter);
                let overridden = key.is_some()
                    && operation
                        .parameters
                        .iter()
                        .any(|own| parameter_key(own) == key);
                if !overridden {
                    operation.parameters.push(parameter.clone());
                }
            }
        }
    }
}

/// Every operation of a path item, to change in memory.
fn operations_mut(
    item: &mut openapiv3::PathItem,
) -> impl Iterator<Item = &mut openapiv3::Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
    .into_iter()
    .flatten()
}

/// Name and place of an inline parameter (a `$ref` has none to compare).
fn parameter_key(parameter: &ReferenceOr<Parameter>) -> Option<(String, &'static str)> {
    let ReferenceOr::Item(parameter) = parameter else {
        return None;
    };
    let place = match parameter {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    };
    Some((parameter.parameter_data_ref().name.clone(), place))
}

/// Query parameters sent as one comma-separated value (`tags=a,b`), as
/// `(operation id, parameter name)`.
pub type CommaSeparated = BTreeSet<(String, String)>;

/// Array query parameters with `explode: false`, which CometChat reads as one
/// comma-separated value. progenitor 0.15 ignores `explode` and would send repeated
/// keys (`tags=a&tags=b`), so each is handed to progenitor as a string in memory
/// (the spec on disk is untouched), and its setter joins the items.
pub fn comma_separated(spec: &mut OpenAPI) -> CommaSeparated {
    let mut found = CommaSeparated::new();
    for (_, item) in spec.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for operation in operations_mut(item) {
            let id = operation.operation_id.clone().unwrap_or_default();
            for parameter in &mut operation.parameters {
                let ReferenceOr::Item(Parameter::Query { parameter_data, .. }) = parameter else {
                    continue;
                };
                let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) =
                    &mut parameter_data.format
                else {
                    continue;
                };
                let is_array = matches!(
                    schema.schema_kind,
                    SchemaKind::Type(openapiv3::Type::Array(_))
                );
                if is_array && parameter_data.explode == Some(false) {
                    *schema = Schema {
                        schema_data: schema.schema_data.clone(),
                        schema_kind: SchemaKind::Type(openapiv3::Type::String(Default::default())),
                    };
                    found.insert((id.clone(), parameter_data.name.clone()));
                }
            }
        }
    }
    found
}

/// One parameter of an operation, as progenitor's builder holds it and the spec
/// describes it.
struct Param {
    /// The builder's field and setter name, such as `on_behalf_of`.
    field: syn::Ident,
    /// The type progenitor's setter takes.
    ty: syn::Type,
    /// Whether it goes in the path (a method argument) rather than a setter.
    in_path: bool,
    required: bool,
    /// For id types, the wire type that checks it.
    id_type: Option<syn::Type>,
    /// Whether the spec types it as inline text (`type: string`): its setter takes
    /// any text, checked and converted at `send` (a constrained string becomes a
    /// generated type whose limits are then checked too).
    text: bool,
    /// Whether the spec marks it `format: password` (an auth token, an API key in a
    /// path): the request's `Debug` shows `***` for it.
    secret: bool,
    /// Whether its setter takes a list, sent comma-separated.
    comma_separated: bool,
    /// The field of an answer's cursor it takes when a stream reads the next page,
    /// when the spec names one (`x-cometchat-cursor`: `logId` takes `messageId`).
    cursor: Option<String>,
    doc: String,
}

impl Param {
    /// Whether its setter (or argument) takes any text, checked at `send`.
    fn takes_text(&self) -> bool {
        self.id_type.is_some() || self.text
    }
}

/// The `operations` module and the `Client` methods, for every operation in `spec`
/// that progenitor generated a builder for in `generated`.
pub fn generate(
    spec: &OpenAPI,
    generated: &syn::File,
    comma_separated: &CommaSeparated,
) -> Result<syn::Item, String> {
    let builders = module(generated, "builder")?;
    let types = module(generated, "types")?;
    let mut requests = Vec::new();
    let mut methods = Vec::new();
    for (path, method, operation) in spec.operations() {
        let Some(id) = operation.operation_id.as_deref() else {
            return Err(format!(
                "{method} {path}: every operation needs an operationId"
            ));
        };
        let envelope = Envelope::parse(id, operation.extensions.get(ENVELOPE))?;
        let name = id.to_upper_camel_case();
        let builder = find_struct(builders, &name)
            .ok_or_else(|| format!("operation {id}: progenitor wrote no builder {name}"))?;
        let response = response_type(builders, &name)
            .ok_or_else(|| format!("operation {id}: cannot find the type `send` returns"))?;
        let params = params(spec, id, operation, builder, comma_separated)?;
        let paging = Paging::parse(id, operation.extensions.get(PAGING), envelope, &params)?;
        let (value, open) = open_envelope(types, id, envelope, &response)?;
        let doc = doc(path, method, operation);
        let deprecated = operation.deprecated.then(|| {
            let note = match operation
                .extensions
                .get(REPLACEMENT)
                .and_then(|v| v.as_str())
            {
                Some(replacement) => format!("CometChat deprecated it: use {replacement}"),
                None => "CometChat deprecated it".to_owned(),
            };
            quote!(#[deprecated(note = #note)])
        });
        let mut answer_secrets = BTreeSet::new();
        secret_fields(types, &response, None, &mut Vec::new(), &mut answer_secrets);
        let mut body_secrets = BTreeSet::new();
        if let Some(body) = params.iter().find(|p| p.field == "body") {
            secret_fields(types, &body.ty, None, &mut Vec::new(), &mut body_secrets);
        }
        let request = request_type(
            id,
            &name,
            &params,
            (&value, &open),
            paging,
            &doc,
            (&answer_secrets, &body_secrets),
        );
        requests.push(request);
        let ident = format_ident!("{}", id.to_snake_case());
        let type_ident = format_ident!("{name}");
        let args = params.iter().filter(|p| p.in_path).map(|p| {
            let field = &p.field;
            if p.takes_text() {
                quote!(#field: impl ::std::convert::Into<::std::string::String>)
            } else {
                let ty = &p.ty;
                quote!(#field: #ty)
            }
        });
        let inits = params.iter().map(|p| {
            let field = &p.field;
            match (p.in_path, p.takes_text()) {
                (true, true) => quote!(#field: #field.into()),
                (true, false) => quote!(#field),
                (false, _) => quote!(#field: ::std::option::Option::None),
            }
        });
        methods.push(quote! {
            #[doc = #doc]
            #deprecated
            pub fn #ident(&self, #(#args),*) -> #type_ident<'_> {
                #type_ident { client: self, #(#inits,)* }
            }
        });
    }
    let tokens = quote! {
        /// The request of each operation: set its optional parameters, then await it
        /// (or call `send`). Made by the methods of [`crate::Client`].
        pub mod operations {
            #[allow(unused_imports)]
            use super::types;

            impl crate::Client {
                #(#methods)*
            }

            #(#requests)*
        }
    };
    syn::parse2(tokens).map_err(|e| format!("the generated façade does not parse: {e}"))
}

fn module<'a>(file: &'a syn::File, name: &str) -> Result<&'a [syn::Item], String> {
    file.items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(module) if module.ident == name => {
                module.content.as_ref().map(|(_, items)| items.as_slice())
            }
            _ => None,
        })
        .ok_or_else(|| format!("progenitor generated no `{name}` module"))
}

/// The wire names of the fields through which a value of `ty` can hold a
/// `wire::Secret` or `wire::SecretJson`, through its fields and their generic arguments
/// (`Vec<AuthToken>`, `Option<Box<User>>`). `field` is the wire name `ty` is held
/// under; `seen` stops cycles.
fn secret_fields(
    types: &[syn::Item],
    ty: &syn::Type,
    field: Option<&str>,
    seen: &mut Vec<String>,
    found: &mut BTreeSet<String>,
) {
    let Some(name) = type_name(ty) else {
        return;
    };
    if name == "Secret" || name == "SecretJson" {
        found.extend(field.map(str::to_owned));
        return;
    }
    for arg in generic_args(ty).unwrap_or_default() {
        secret_fields(types, &arg, field, seen, found);
    }
    if seen.contains(&name) {
        return;
    }
    seen.push(name.clone());
    if let Some(item) = find_struct(types, &name) {
        for inner in &item.fields {
            let wire = crate::decoders::wire_name(inner);
            secret_fields(types, &inner.ty, wire.as_deref(), seen, found);
        }
    }
}

fn find_struct<'a>(items: &'a [syn::Item], name: &str) -> Option<&'a syn::ItemStruct> {
    items.iter().find_map(|item| match item {
        syn::Item::Struct(found) if found.ident == name => Some(found),
        _ => None,
    })
}

/// `T` in the `ResponseValue<T>` that the builder's `send` returns.
fn response_type(builders: &[syn::Item], name: &str) -> Option<syn::Type> {
    let send = builders.iter().find_map(|item| match item {
        syn::Item::Impl(block) if type_name(&block.self_ty).as_deref() == Some(name) => {
            block.items.iter().find_map(|item| match item {
                syn::ImplItem::Fn(function) if function.sig.ident == "send" => Some(function),
                _ => None,
            })
        }
        _ => None,
    })?;
    let syn::ReturnType::Type(_, output) = &send.sig.output else {
        return None;
    };
    // Result<ResponseValue<T>, Error<E>>
    let response_value = generic_args(output)?.into_iter().next()?;
    generic_args(&response_value)?.into_iter().next()
}

pub fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

pub fn generic_args(ty: &syn::Type) -> Option<Vec<syn::Type>> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
        return None;
    };
    Some(
        args.args
            .iter()
            .filter_map(|arg| match arg {
                syn::GenericArgument::Type(ty) => Some(ty.clone()),
                _ => None,
            })
            .collect(),
    )
}

/// `T` of `Option<T>`, or `None` when `ty` is not an option.
fn option_inner(ty: &syn::Type) -> Option<syn::Type> {
    (type_name(ty).as_deref() == Some("Option"))
        .then(|| generic_args(ty)?.into_iter().next())
        .flatten()
}

/// The parameters of progenitor's builder, in its field order, with the spec's word
/// on each.
fn params(
    spec: &OpenAPI,
    id: &str,
    operation: &openapiv3::Operation,
    builder: &syn::ItemStruct,
    comma_separated: &CommaSeparated,
) -> Result<Vec<Param>, String> {
    let mut found = Vec::new();
    for field in &builder.fields {
        let Some(ident) = &field.ident else { continue };
        if ident == "client" {
            continue;
        }
        // progenitor holds each as `Result<T, String>`, `T` an `Option` when optional.
        let held = generic_args(&field.ty)
            .and_then(|args| args.into_iter().next())
            .ok_or_else(|| format!("operation {id}: unexpected builder field {ident}"))?;
        let ty = option_inner(&held).unwrap_or(held);
        if ident == "body" {
            let body =
                body_type(&ty).ok_or_else(|| format!("operation {id}: unexpected body type"))?;
            let required = operation
                .request_body
                .as_ref()
                .and_then(|body| body.as_item())
                .is_some_and(|body| body.required);
            found.push(Param {
                field: ident.clone(),
                ty: body,
                in_path: false,
                required,
                id_type: None,
                text: false,
                secret: false,
                comma_separated: false,
                cursor: None,
                doc: "The request body.".to_owned(),
            });
            continue;
        }
        let parameter = operation
            .parameters
            .iter()
            .filter_map(|p| resolve_parameter(spec, p))
            .find(|p| *ident == rust_name(&p.parameter_data_ref().name))
            .ok_or_else(|| {
                format!("operation {id}: no spec parameter for builder field {ident}")
            })?;
        let data = parameter.parameter_data_ref();
        let id_type = type_name(&ty)
            .filter(|name| ID_TYPES.contains(&name.as_str()))
            .map(|_| ty.clone());
        let text = id_type.is_none() && is_inline_text(data);
        let secret = is_password(data);
        found.push(Param {
            field: ident.clone(),
            ty,
            in_path: matches!(parameter, Parameter::Path { .. }),
            required: data.required,
            id_type,
            text,
            secret,
            comma_separated: comma_separated.contains(&(id.to_owned(), data.name.clone())),
            cursor: data
                .extensions
                .get(CURSOR)
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned),
            doc: data
                .description
                .clone()
                .unwrap_or_else(|| format!("Sets `{}`.", data.name)),
        });
    }
    Ok(found)
}

/// A parameter's schema, when it is an inline string (not a `$ref`).
fn inline_string(data: &openapiv3::ParameterData) -> Option<&openapiv3::StringType> {
    match &data.format {
        openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
            match &schema.schema_kind {
                openapiv3::SchemaKind::Type(openapiv3::Type::String(string)) => Some(string),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether a parameter's schema is a string of `format: password`.
fn is_password(data: &openapiv3::ParameterData) -> bool {
    let password = openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Password);
    inline_string(data).is_some_and(|string| string.format == password)
}

/// Whether a parameter's schema is an inline string with no enumeration.
fn is_inline_text(data: &openapiv3::ParameterData) -> bool {
    inline_string(data).is_some_and(|string| string.enumeration.is_empty())
}

fn resolve_parameter<'a>(
    spec: &'a OpenAPI,
    parameter: &'a ReferenceOr<Parameter>,
) -> Option<&'a Parameter> {
    match parameter {
        ReferenceOr::Item(parameter) => Some(parameter),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/")?;
            spec.components.as_ref()?.parameters.get(name)?.as_item()
        }
    }
}

/// `types::X` for progenitor's `types::builder::X` body builder.
fn body_type(ty: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let name = &path.path.segments.last()?.ident;
    Some(syn::parse_quote!(types::#name))
}

/// The value the caller gets, and the expression that turns `response` (a
/// `Response` of the body) into it.
fn open_envelope(
    types: &[syn::Item],
    id: &str,
    envelope: Envelope,
    response: &syn::Type,
) -> Result<(TokenStream, TokenStream), String> {
    if envelope == Envelope::Body {
        return Ok((
            quote!(#response),
            quote!(::std::result::Result::Ok(response)),
        ));
    }
    let name = type_name(response).unwrap_or_default();
    let body = find_struct(types, &name)
        .ok_or_else(|| format!("operation {id}: no generated type {name}"))?;
    let field_type = |field: &str| {
        body.fields
            .iter()
            .find(|f| f.ident.as_ref().is_some_and(|i| i == field))
            .map(|f| f.ty.clone())
    };
    let data = field_type("data")
        .ok_or_else(|| format!("operation {id}: {ENVELOPE} needs a `data` field in {name}"))?;
    let data_name = type_name(&data).unwrap_or_default();
    let element = || {
        generic_args(&data)
            .and_then(|args| args.into_iter().next())
            .map(|ty| qualify(&ty))
            .ok_or_else(|| format!("operation {id}: `data` of {name} holds no list"))
    };
    let data = qualify(&data);
    Ok(match envelope {
        Envelope::Item if data_name == "OneOrMany" => {
            let item = element()?;
            (
                quote!(#item),
                quote!(response.try_map(|body| crate::call::one(body.data))),
            )
        }
        Envelope::Item | Envelope::Data => (
            quote!(#data),
            quote!(::std::result::Result::Ok(response.map(|body| body.data))),
        ),
        Envelope::List => {
            let item = element()?;
            (
                quote!(::std::vec::Vec<#item>),
                quote!(::std::result::Result::Ok(response.map(|body| {
                    ::std::iter::IntoIterator::into_iter(body.data).collect()
                }))),
            )
        }
        Envelope::Page => {
            let item = element()?;
            let meta = field_type("meta")
                .ok_or_else(|| format!("operation {id}: a page needs a `meta` field in {name}"))?;
            let meta_is_option = option_inner(&meta).is_some();
            let meta_name = type_name(&option_inner(&meta).unwrap_or(meta)).unwrap_or_default();
            let meta_struct = find_struct(types, &meta_name);
            let meta_field = |field: &str| {
                meta_struct.and_then(|meta| {
                    meta.fields
                        .iter()
                        .find(|f| f.ident.as_ref().is_some_and(|i| i == field))
                })
            };
            let pagination = meta_field("pagination")
                .ok_or_else(|| format!("operation {id}: {meta_name} needs a `pagination` field"))?;
            let pagination = match option_inner(&pagination.ty) {
                Some(_) => quote!(meta.pagination),
                None => quote!(::std::option::Option::Some(meta.pagination)),
            };
            // Where the list continues: `meta.next` (read by cursor), `meta.cursor`
            // (by timestamp), or a `cursor` beside `meta`.
            let or_none = |field: &str| {
                let ident = format_ident!("{field}");
                match meta_field(field) {
                    Some(_) => quote!(meta.#ident),
                    None => quote!(::std::option::Option::None),
                }
            };
            let (next, in_meta, current) = (or_none("next"), or_none("cursor"), or_none("current"));
            let beside = match field_type("cursor") {
                Some(_) => quote!(.or(body.cursor)),
                None => quote!(),
            };
            let meta = if meta_is_option {
                quote!(body.meta)
            } else {
                quote!(::std::option::Option::Some(body.meta))
            };
            (
                quote!(crate::Page<#item>),
                quote!(::std::result::Result::Ok(response.map(|body| {
                    let (pagination, cursor, current) = match #meta {
                        ::std::option::Option::Some(meta) => {
                            (#pagination, #next.or(#in_meta), #current)
                        }
                        ::std::option::Option::None => (
                            ::std::option::Option::None,
                            ::std::option::Option::None,
                            ::std::option::Option::None,
                        ),
                    };
                    let items = ::std::iter::IntoIterator::into_iter(body.data).collect();
                    crate::Page::new(items, pagination)
                        .with_cursor(cursor #beside)
                        .with_current(current)
                }))),
            )
        }
        Envelope::Body => unreachable!("handled above"),
    })
}

/// The doc of an operation's method: the spec's summary and description, and where
/// it goes.
fn doc(path: &str, method: &str, operation: &openapiv3::Operation) -> String {
    let mut doc = operation
        .summary
        .clone()
        .unwrap_or_else(|| format!("`{} {path}`.", method.to_uppercase()));
    if let Some(description) = &operation.description {
        doc.push_str("\n\n");
        doc.push_str(description);
    }
    doc.push_str(&format!(
        "\n\n`{} {path}`; operation id `{}`.",
        method.to_uppercase(),
        operation.operation_id.as_deref().unwrap_or_default()
    ));
    doc
}

/// The request type of one operation: fields, setters, `send`, `IntoFuture`, and
/// for pages, `pages` and `items`.
fn request_type(
    id: &str,
    name: &str,
    params: &[Param],
    (value, open): (&TokenStream, &TokenStream),
    paging: Option<Paging>,
    method_doc: &str,
    (answer_secrets, body_secrets): (&BTreeSet<String>, &BTreeSet<String>),
) -> TokenStream {
    let type_ident = format_ident!("{name}");
    let method = format_ident!("{}", id.to_snake_case());
    let type_doc = format!(
        "The request of [`crate::Client::{method}`]: set its optional parameters, then \
         await it.\n\n{}",
        method_doc.lines().next().unwrap_or_default()
    );
    let fields = params.iter().map(|p| {
        let field = &p.field;
        let stored = stored_type(p);
        if p.in_path {
            quote!(#field: #stored)
        } else {
            quote!(#field: ::std::option::Option<#stored>)
        }
    });
    let setters = params.iter().filter(|p| !p.in_path).map(|p| {
        let field = &p.field;
        let doc = &p.doc;
        if p.field == "body" {
            let ty = &p.ty;
            return quote! {
                /// The request body: a value, or its builder
                /// (`types::…::builder().field(..)`), checked when the request is sent.
                pub fn body<B>(mut self, value: B) -> Self
                where
                    B: ::std::convert::TryInto<#ty>,
                    B::Error: ::std::fmt::Display,
                {
                    self.body = ::std::option::Option::Some(
                        value.try_into().map_err(|error| error.to_string()),
                    );
                    self
                }
            };
        }
        if p.comma_separated {
            return quote! {
                #[doc = #doc]
                pub fn #field<I, V>(mut self, values: I) -> Self
                where
                    I: ::std::iter::IntoIterator<Item = V>,
                    V: ::std::convert::Into<::std::string::String>,
                {
                    let values: ::std::vec::Vec<::std::string::String> =
                        values.into_iter().map(::std::convert::Into::into).collect();
                    self.#field = ::std::option::Option::Some(values.join(","));
                    self
                }
            };
        }
        let (arg, store) = match p.takes_text() {
            true => (
                quote!(impl ::std::convert::Into<::std::string::String>),
                quote!(value.into()),
            ),
            false => {
                let ty = &p.ty;
                (quote!(#ty), quote!(value))
            }
        };
        quote! {
            #[doc = #doc]
            pub fn #field(mut self, value: #arg) -> Self {
                self.#field = ::std::option::Option::Some(#store);
                self
            }
        }
    });
    let names = params.iter().map(|p| &p.field);
    let checks = params.iter().map(|p| {
        let field = &p.field;
        let name = field.to_string();
        if p.field == "body" {
            let body = quote! { let body = crate::call::body(body)?; };
            return if p.required {
                quote! { #body let body = crate::call::required("body", "body", body)?; }
            } else {
                body
            };
        }
        let in_path = p.in_path;
        let ty = &p.ty;
        let checked = match &p.id_type {
            Some(id_type) => quote!(crate::call::id::<#id_type>(#name, &#field)?),
            // Text: in a path it still cannot be `.`, `..` or hold a `\\`, which the
            // URL parser would resolve; then the spec's limits, if any.
            None if p.text => quote!(crate::call::text::<#ty>(#name, #field, #in_path)?),
            None => quote!(#field),
        };
        match (p.in_path, p.required, p.takes_text()) {
            (true, _, _) => quote! { let #field = #checked; },
            (false, true, true) => quote! {
                let #field = crate::call::required(#name, #name, #field)?;
                let #field = #checked;
            },
            (false, true, false) => quote! {
                let #field = crate::call::required(#name, #name, #field)?;
            },
            (false, false, true) => quote! {
                let #field = match #field {
                    ::std::option::Option::Some(#field) => ::std::option::Option::Some(#checked),
                    ::std::option::Option::None => ::std::option::Option::None,
                };
            },
            (false, false, false) => quote! {},
        }
    });
    let sets = params.iter().map(|p| {
        let field = &p.field;
        if p.in_path || p.required {
            quote! { let request = request.#field(#field); }
        } else {
            quote! {
                let request = match #field {
                    ::std::option::Option::Some(value) => request.#field(value),
                    ::std::option::Option::None => request,
                };
            }
        }
    });
    let has = |field: &str| has_setter(params, field);
    let numbered = matches!(paging, Some(Paging::Number | Paging::NumberOrCursor));
    let streams = paging.map(|paging| {
        let item = match syn::parse2::<syn::Type>(value.clone()) {
            Ok(syn::Type::Path(path)) => path
                .path
                .segments
                .last()
                .and_then(|s| match &s.arguments {
                    syn::PathArguments::AngleBracketed(args) => args.args.first().cloned(),
                    _ => None,
                })
                .map(|arg| quote!(#arg)),
            _ => None,
        };
        // The page size asked for: `limit` on lists read by cursor, else `perPage`.
        let size = ["limit", "per_page"].into_iter().find(|field| has(field));
        let per_page = match size.map(|field| format_ident!("{field}")) {
            Some(field) => {
                quote!(self.#field.as_ref().and_then(|n| n.to_string().parse::<u64>().ok()))
            }
            None => quote!(::std::option::Option::None),
        };
        // A list without page numbers follows the cursor each answer gives from the
        // start; one with both (groups) does once the caller sets `affix`, since
        // CometChat answers a cursor only then.
        let by_cursor = (paging != Paging::Number).then(|| {
            let timestamps = ["updated_at", "sent_at"].into_iter().filter(|f| has(f)).map(|field| {
                let ident = format_ident!("{field}");
                let wire = if field == "updated_at" { "updatedAt" } else { "sentAt" };
                quote! {
                    if let ::std::option::Option::Some(at) = cursor.#ident {
                        let at = ::std::convert::TryFrom::try_from(at.get()).map_err(|_| {
                            crate::Error::invalid_input(#wire, "the cursor's timestamp is out of range")
                        })?;
                        request = request.#ident(at);
                    }
                }
            }).collect::<Vec<_>>();
            let id = has("id").then(|| {
                quote! {
                    if let ::std::option::Option::Some(id) = cursor.id {
                        request = request.id(::std::string::ToString::to_string(&id));
                    }
                }
            });
            // Parameters that name the cursor field they take (`x-cometchat-cursor`).
            let named = params.iter().filter_map(|p| {
                let from = format_ident!("{}", rust_name(p.cursor.as_deref()?));
                let field = &p.field;
                Some(quote! {
                    if let ::std::option::Option::Some(value) = cursor.#from {
                        request = request.#field(::std::string::ToString::to_string(&value));
                    }
                })
            });
            let named: Vec<TokenStream> = named.collect();
            let affix = has("affix").then(|| {
                quote! {
                    if let ::std::option::Option::Some(affix) = cursor.affix {
                        request = request.affix(affix);
                    }
                }
            });
            let applies =
                !named.is_empty() || !timestamps.is_empty() || id.is_some() || affix.is_some();
            // A list that takes only `limit` re-sends itself: a cursor that does not
            // move on ends the stream (see `crate::Pages`).
            let step = if applies {
                quote! {
                    let mut request = self.clone();
                    ::std::boxed::Box::pin(async move {
                        if let crate::paging::Step::Cursor(::std::option::Option::Some(cursor)) = step {
                            #(#timestamps)*
                            #id
                            #(#named)*
                            #affix
                        }
                        request.send().await
                    })
                }
            } else {
                quote! {
                    let _ = step;
                    let request = self.clone();
                    ::std::boxed::Box::pin(async move { request.send().await })
                }
            };
            let follow = quote! {
                crate::Pages::cursored(per_page, move |step| {
                    #step
                })
            };
            if numbered {
                quote!(if self.affix.is_some() { return #follow; })
            } else {
                follow
            }
        });
        let pages_doc = if !numbered {
            "Every page of the list, one call each, re-sending every filter, by the \
             cursor each answer gives. See [`crate::Pages`] for when it ends."
        } else if by_cursor.is_some() {
            "Every page of the list, one call each, re-sending every filter: by \
             number from this request's page (the first by default), or, when \
             `affix` is set, by the cursor each answer gives. See [`crate::Pages`] \
             for when it ends."
        } else {
            "Every page of the list from this request's page (the first by default), \
             one call each, re-sending every filter. See [`crate::Pages`] for when it \
             ends."
        };
        let by_number = numbered.then(|| {
            quote! {
                let first = self
                    .page
                    .as_ref()
                    .and_then(|n| n.to_string().parse::<u64>().ok())
                    .unwrap_or(1);
                crate::Pages::numbered(first, per_page, move |step| {
                    let request = self.clone();
                    ::std::boxed::Box::pin(async move {
                        let page = match step {
                            crate::paging::Step::Page(page) => page,
                            crate::paging::Step::Cursor(_) => first,
                        };
                        let page = ::std::convert::TryFrom::try_from(page).map_err(|_| {
                            crate::Error::invalid_input("page", "the page number is out of range")
                        })?;
                        request.page(page).send().await
                    })
                })
            }
        });
        // The cursor's timestamp converts to whatever integer the setter takes.
        let allow = by_cursor
            .is_some()
            .then(|| quote!(#[allow(clippy::useless_conversion)]));
        quote! {
            #[doc = #pages_doc]
            #allow
            pub fn pages(self) -> crate::Pages<'a, #item> {
                let per_page = #per_page;
                #by_cursor
                #by_number
            }

            /// Every item of the list, across pages; see [`Self::pages`].
            pub fn items(self) -> crate::Items<'a, #item> {
                self.pages().items()
            }
        }
    });
    // What the call's errors must not show: secret parameters, the secrets of the
    // body, a secret answer.
    let secrets: Vec<TokenStream> = params
        .iter()
        .filter(|p| p.secret)
        .map(|p| {
            let field = &p.field;
            if p.in_path {
                quote!(::std::iter::once(::std::string::String::clone(&#field)))
            } else {
                quote!(::std::clone::Clone::clone(&#field))
            }
        })
        .chain((!body_secrets.is_empty()).then(|| {
            let names = body_secrets.iter();
            quote! {
                body.as_ref()
                    .and_then(|body| body.as_ref().ok())
                    .map(|body| crate::call::secret_values(body, &[#(#names),*]))
                    .into_iter()
                    .flatten()
            }
        }))
        .collect();
    let keep_secrets = (!secrets.is_empty()).then(|| {
        quote! {
            let kept: ::std::vec::Vec<::std::string::String> =
                ::std::iter::empty()#(.chain(#secrets))*.collect();
            let secrets: ::std::vec::Vec<&str> =
                kept.iter().map(::std::string::String::as_str).collect();
        }
    });
    let answer = answer_secrets.iter();
    let hidden = match (keep_secrets.is_none(), answer_secrets.is_empty()) {
        (true, true) => quote!(crate::call::Hidden::NONE),
        (true, false) => quote!(crate::call::Hidden {
            values: &[],
            answer: &[#(#answer),*],
        }),
        (false, _) => {
            quote!(crate::call::Hidden { values: &secrets, answer: &[#(#answer),*] })
        }
    };
    // `Debug` by hand, so that a secret parameter shows as `***`.
    let type_name_text = name.to_owned();
    let shown = params.iter().map(|p| {
        let field = &p.field;
        let label = field.to_string();
        if p.secret {
            quote!(.field(#label, &"***"))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #type_ident<'_> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name_text)
                    .field("client", &self.client)
                    #(#shown)*
                    .finish()
            }
        }

        #[doc = #type_doc]
        #[derive(Clone)]
        #[must_use = "a request does nothing until it is awaited"]
        pub struct #type_ident<'a> {
            client: &'a crate::Client,
            #(#fields,)*
        }

        impl<'a> #type_ident<'a> {
            #(#setters)*

            /// Sends the request: the same as awaiting it.
            pub async fn send(self) -> crate::Result<crate::Response<#value>> {
                let Self { client, #(#names,)* } = self;
                #keep_secrets
                #(#checks)*
                let request = client.raw().#method();
                #(#sets)*
                let response = crate::call::send(client, request.send(), #hidden).await?;
                #open
            }

            #streams
        }

        impl<'a> ::std::future::IntoFuture for #type_ident<'a> {
            type Output = crate::Result<crate::Response<#value>>;
            type IntoFuture = ::std::pin::Pin<::std::boxed::Box<
                dyn ::std::future::Future<Output = Self::Output> + ::std::marker::Send + 'a,
            >>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }
    }
}

/// What the request type stores: text for ids (checked at `send`), else the type
/// progenitor takes.
fn stored_type(param: &Param) -> TokenStream {
    if param.field == "body" {
        let ty = &param.ty;
        return quote!(::std::result::Result<#ty, ::std::string::String>);
    }
    if param.takes_text() {
        quote!(::std::string::String)
    } else {
        let ty = &param.ty;
        quote!(#ty)
    }
}

/// A type as `operations` must name it: typify writes the types of fields relative
/// to its `types` module (`Acknowledgement`), and `operations` imports that module.
fn qualify(ty: &syn::Type) -> syn::Type {
    match ty {
        syn::Type::Path(path)
            if path.qself.is_none()
                && path.path.leading_colon.is_none()
                && path.path.segments.len() == 1
                && path.path.segments[0].arguments.is_none() =>
        {
            syn::parse_quote!(types::#ty)
        }
        // `Box<Group>`: the generic arguments are named relative to `types` too.
        syn::Type::Path(path) if path.qself.is_none() => {
            let mut path = path.clone();
            for segment in &mut path.path.segments {
                if let syn::PathArguments::AngleBracketed(args) = &mut segment.arguments {
                    for arg in &mut args.args {
                        if let syn::GenericArgument::Type(inner) = arg {
                            *inner = qualify(inner);
                        }
                    }
                }
            }
            syn::Type::Path(path)
        }
        _ => ty.clone(),
    }
}
