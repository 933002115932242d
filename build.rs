//! Generates the CometChat client from `openapi/cometchat.json` with progenitor.
//!
//! Every setting that shapes the generated code lives in this file and in `build/`:
//! here the spec is read and prepared (wire types, open enumerations, boxing) and
//! progenitor runs; `build/decoders.rs` writes exact decoders, `build/facade.rs` the
//! public face of every operation, `build/routes.rs` the stand-in's route table,
//! `build/finish.rs` the last touches, `build/public_api.rs` the surface the
//! snapshot pins. The output, `$OUT_DIR/cometchat.rs`, is included by
//! `src/generated.rs` and is never edited by hand: change the spec, or the settings,
//! and rebuild.

use std::{collections::BTreeMap, env, fs, path::Path, process::ExitCode};

use heck::ToUpperCamelCase;
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind};
use progenitor::{CrateVers, GenerationSettings, Generator, HooksMode, InterfaceStyle, TypeImpl};
use quote::{format_ident, quote};

#[path = "build/decoders.rs"]
mod decoders;
#[path = "build/facade.rs"]
mod facade;
#[path = "build/features.rs"]
mod features;
#[path = "build/finish.rs"]
mod finish;
#[path = "build/public_api.rs"]
mod public_api;
#[path = "build/routes.rs"]
mod routes;

const SPEC: &str = "openapi/cometchat.json";
const OUTPUT: &str = "cometchat.rs";
/// The public surface of [`OUTPUT`], for the snapshot reviewers read.
const PUBLIC_API: &str = "public_api.rs";
/// Where `src/generated.rs` puts progenitor's `types` module.
const TYPES: &str = "crate::generated::types";

/// Schemas replaced by hand-written wire types in `src/wire.rs`: ones that decode the
/// variations CometChat's samples show without buffering, free-form JSON kept as
/// sent, and the request ids, which check the spec's pattern without a regex engine.
fn wire_types() -> [(&'static str, String); 12] {
    [
        ("Integer", "crate::wire::Integer".to_owned()),
        // Free-form JSON, kept as the exact text received (no `f64` rounding).
        ("Metadata", "crate::wire::RawJson".to_owned()),
        ("Id", "crate::wire::Id".to_owned()),
        ("Guid", "crate::wire::Guid".to_owned()),
        ("Uid", "crate::wire::Uid".to_owned()),
        ("ConversationId", "crate::wire::ConversationId".to_owned()),
        // Auth tokens, API keys and passwords: redacted in `Debug`.
        ("Secret", "crate::wire::Secret".to_owned()),
        ("SecretJson", "crate::wire::SecretJson".to_owned()),
        // Timestamps in units other than Unix seconds, which are `Integer`s.
        ("UnixMillis", "crate::wire::UnixMillis".to_owned()),
        ("IsoTime", "crate::wire::IsoTime".to_owned()),
        ("DecimalSeconds", "crate::wire::DecimalSeconds".to_owned()),
        (
            "ConversationData",
            format!("crate::wire::OneOrMany<{TYPES}::Conversation>"),
        ),
    ]
}

/// Schemas stored behind a `Box` wherever a property refers to them, so that the
/// generated types stay small to move: unboxed, a `Conversation` was ~4 KB inline (a
/// message holds five optional entities of ~530 bytes each), and moving it through
/// serde's layers took a quarter of the decode time. Applied in memory through
/// typify's `x-rust-type`; the spec on disk is untouched.
const BOXED: &[&str] = &[
    "CallChannel",
    "ConversationWith",
    "Entity",
    "Group",
    "Message",
];

/// The extension that lists the properties of an object kept in `extra` when they
/// come with another type than the spec's (see `build/decoders.rs`).
const LENIENT: &str = "x-cometchat-lenient";

/// Each schema's lenient properties (`x-cometchat-lenient`), by schema name.
fn lenient_fields(spec: &OpenAPI) -> Result<BTreeMap<String, Vec<String>>, String> {
    let mut found = BTreeMap::new();
    let schemas = spec.components.iter().flat_map(|c| &c.schemas);
    for (name, schema) in schemas {
        let ReferenceOr::Item(schema) = schema else {
            continue;
        };
        let Some(fields) = schema.schema_data.extensions.get(LENIENT) else {
            continue;
        };
        let fields: Vec<String> = serde_json::from_value(fields.clone())
            .map_err(|e| format!("schema {name}: {LENIENT} is not a list of names: {e}"))?;
        found.insert(name.clone(), fields);
    }
    Ok(found)
}

/// The extension that lists an open enumeration's known values.
const OPEN_ENUM: &str = "x-extensible-enum";

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed={SPEC}");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build");
    match generate() {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            // No panic and no backtrace: name the file and the problem.
            eprintln!("error: {SPEC}: {problem}");
            ExitCode::FAILURE
        }
    }
}

fn generate() -> Result<(), String> {
    let text = fs::read_to_string(SPEC).map_err(|e| format!("cannot read it: {e}"))?;
    let mut spec: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(|dir| std::path::PathBuf::from(dir).join("Cargo.toml"))
        .ok_or("CARGO_MANIFEST_DIR is not set")
        .and_then(|path| fs::read_to_string(path).map_err(|_| "cannot read Cargo.toml"))?;
    let enabled = |feature: &str| {
        let name = format!("CARGO_FEATURE_{}", feature.to_uppercase().replace('-', "_"));
        std::env::var_os(name).is_some()
    };
    features::select(&mut spec, enabled, &manifest)?;
    let mut spec: OpenAPI = serde_json::from_value(spec)
        .map_err(|e| format!("not a valid OpenAPI 3.0 document: {e}"))?;
    let open_enums = open_enums(&spec)?;
    let lenient = lenient_fields(&spec)?;
    let data_lists = one_or_many_data(&mut spec)?;
    box_references(&mut spec);
    facade::inline_path_parameters(&mut spec);
    let comma_separated = facade::comma_separated(&mut spec);

    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote!(crate::transport::Transport))
        .with_derive("PartialEq")
        .with_derive("::schemars::JsonSchema")
        .with_map_type("::std::collections::BTreeMap")
        .with_crate("std", CrateVers::Any, None);
    let wire = wire_types().map(|(schema, rust_type)| (schema.to_owned(), rust_type));
    for (schema, rust_type) in wire.into_iter().chain(data_lists) {
        settings.with_replacement(&schema, rust_type, std::iter::empty());
    }
    for open_enum in &open_enums {
        settings.with_replacement(
            &open_enum.name,
            format!("{TYPES}::{}", open_enum.name),
            [TypeImpl::FromStr, TypeImpl::Display].into_iter(),
        );
    }

    let tokens = generate_tokens(&settings, &spec)?;
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("generated code does not parse: {e}"))?;
    add_to_types_module(&mut file, open_enums.iter().map(OpenEnum::to_item))?;
    decoders::exact_decoders(&mut file, &lenient)?;
    let operations = facade::generate(&spec, &file, &comma_separated)?;
    file.items.push(operations);
    file.items.push(path_templates(&spec));
    file.items.push(routes::generate(&spec, &file)?);
    finish::finish(&mut file);

    let code = format!(
        "// @generated by build.rs from {SPEC} with progenitor. Do not edit.\n\n{}",
        prettyplease::unparse(&file)
    );
    let out_dir = env::var_os("OUT_DIR").ok_or("OUT_DIR is not set; run through cargo")?;
    fs::write(Path::new(&out_dir).join(OUTPUT), code)
        .map_err(|e| format!("cannot write the generated client: {e}"))?;
    // What users see of it, for the snapshot reviewers read (tests/generated_code.rs).
    fs::write(
        Path::new(&out_dir).join(PUBLIC_API),
        format!(
            "// The public surface of the code build.rs generates from {SPEC}.\n\n{}",
            public_api::render(&file)
        ),
    )
    .map_err(|e| format!("cannot write the public API summary: {e}"))
}

/// Runs progenitor. It reports some problems by panicking (a `$ref` to a schema that
/// does not exist, say), so a panic is caught and reported like any other error,
/// without a backtrace.
fn generate_tokens(
    settings: &GenerationSettings,
    spec: &OpenAPI,
) -> Result<proc_macro2::TokenStream, String> {
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(|| Generator::new(settings).generate_tokens(spec));
    let _ = std::panic::take_hook();
    match outcome {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(format!("progenitor cannot generate a client from it: {e}")),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("no message");
            Err(format!(
                "progenitor cannot generate a client from it: {message}"
            ))
        }
    }
}

/// A string schema whose known values are listed in `x-extensible-enum`.
struct OpenEnum {
    name: String,
    description: String,
    values: Vec<String>,
}

impl OpenEnum {
    /// An invocation of `open_enum!` (src/wire.rs), which writes the enum and its impls.
    fn to_item(&self) -> syn::Item {
        let name = format_ident!("{}", self.name);
        let doc = &self.description;
        let variants = self.values.iter().map(|value| {
            let variant = format_ident!("{}", value.to_upper_camel_case());
            quote!(#variant = #value)
        });
        syn::parse_quote! {
            crate::wire::open_enum! {
                #[doc = #doc]
                #name { #(#variants,)* }
            }
        }
    }
}

fn open_enums(spec: &OpenAPI) -> Result<Vec<OpenEnum>, String> {
    let Some(components) = &spec.components else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    for (name, schema) in &components.schemas {
        let ReferenceOr::Item(schema) = schema else {
            continue;
        };
        let Some(values) = schema.schema_data.extensions.get(OPEN_ENUM) else {
            continue;
        };
        let values: Vec<String> = serde_json::from_value(values.clone())
            .map_err(|_| format!("schema {name}: {OPEN_ENUM} must be an array of strings"))?;
        let mut variants: Vec<String> = values.iter().map(|v| v.to_upper_camel_case()).collect();
        variants.sort();
        if let Some(pair) = variants.windows(2).find(|pair| pair[0] == pair[1]) {
            return Err(format!(
                "schema {name}: two values of {OPEN_ENUM} become the variant {}",
                pair[0]
            ));
        }
        if let Some(bad) = variants
            .iter()
            .find(|v| v.as_str() == "Unknown" || syn::parse_str::<syn::Ident>(v).is_err())
        {
            return Err(format!(
                "schema {name}: the {OPEN_ENUM} value behind `{bad}` cannot be a Rust variant"
            ));
        }
        let description = schema
            .schema_data
            .description
            .clone()
            .ok_or_else(|| format!("schema {name}: every schema needs a description"))?;
        found.push(OpenEnum {
            name: name.clone(),
            description,
            values,
        });
    }
    Ok(found)
}

/// `path_template(operation_id)`, which the transport's tracing spans report instead
/// of URLs, which name users and groups.
fn path_templates(spec: &OpenAPI) -> syn::Item {
    let arms = spec.paths.iter().flat_map(|(path, item)| {
        let operations = item.as_item().into_iter().flat_map(|item| item.iter());
        operations.filter_map(move |(_, operation)| {
            let id = operation.operation_id.as_deref()?;
            Some(quote!(#id => #path,))
        })
    });
    syn::parse_quote! {
        /// The spec's path template of an operation, such as `/groups/{guid}/conversation`.
        pub(crate) fn path_template(operation_id: &str) -> &'static str {
            match operation_id {
                #(#arms)*
                _ => "",
            }
        }
    }
}

/// Marks every property that refers to a [`BOXED`] schema with `x-rust-type:
/// std::boxed::Box<..>`. The spec on disk stays a plain description of the wire.
fn box_references(spec: &mut OpenAPI) {
    let Some(components) = &mut spec.components else {
        return;
    };
    let objects = components
        .schemas
        .values_mut()
        .filter_map(|schema| match schema {
            ReferenceOr::Item(Schema {
                schema_kind: SchemaKind::Type(openapiv3::Type::Object(object)),
                ..
            }) => Some(object),
            _ => None,
        });
    for property in objects.flat_map(|object| object.properties.values_mut()) {
        let reference = match &*property {
            ReferenceOr::Reference { reference } => reference.clone(),
            ReferenceOr::Item(schema) => match &schema.schema_kind {
                SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                    [ReferenceOr::Reference { reference }] => reference.clone(),
                    _ => continue,
                },
                _ => continue,
            },
        };
        if !BOXED
            .iter()
            .any(|name| reference.rsplit('/').next() == Some(name))
        {
            continue;
        }
        if let ReferenceOr::Reference { .. } = property {
            *property = ReferenceOr::Item(Box::new(Schema {
                schema_data: Default::default(),
                schema_kind: SchemaKind::AllOf {
                    all_of: vec![ReferenceOr::ref_(&reference)],
                },
            }));
        }
        if let ReferenceOr::Item(schema) = property {
            schema.schema_data.extensions.insert(
                "x-rust-type".to_owned(),
                serde_json::json!({
                    "crate": "std",
                    "version": "*",
                    "path": "std::boxed::Box",
                    "parameters": [{ "$ref": reference }],
                }),
            );
        }
    }
}

/// Every answer's `data` array (`{"data": [X]}`) decodes from an array or from a
/// single object, as CometChat's samples send `data` both ways and its own schemas
/// say one where the samples show the other: each such property is pointed at a
/// schema `XItems`, made here in memory and replaced by `crate::wire::OneOrMany<X>`.
/// Returns the replacements.
fn one_or_many_data(spec: &mut OpenAPI) -> Result<Vec<(String, String)>, String> {
    // The schemas of answers: what a 200 refers to.
    let answers: Vec<String> = spec
        .operations()
        .filter_map(|(_, _, operation)| {
            let ok = operation
                .responses
                .responses
                .get(&openapiv3::StatusCode::Code(200))?
                .as_item()?;
            let schema = ok.content.get("application/json")?.schema.as_ref()?;
            match schema {
                ReferenceOr::Reference { reference } => {
                    reference.rsplit('/').next().map(str::to_owned)
                }
                ReferenceOr::Item(_) => None,
            }
        })
        .collect();
    let Some(components) = &mut spec.components else {
        return Ok(Vec::new());
    };
    let mut made = Vec::new();
    for (name, schema) in &mut components.schemas {
        if !answers.contains(name) {
            continue;
        }
        let ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(openapiv3::Type::Object(object)),
            ..
        }) = schema
        else {
            continue;
        };
        let Some(ReferenceOr::Item(data)) = object.properties.get_mut("data") else {
            continue;
        };
        let SchemaKind::Type(openapiv3::Type::Array(array)) = &data.schema_kind else {
            continue;
        };
        let Some(ReferenceOr::Reference { reference }) = &array.items else {
            continue;
        };
        let item = reference
            .rsplit('/')
            .next()
            .ok_or_else(|| format!("a `data` array refers to {reference}"))?
            .to_owned();
        let name = format!("{item}Items");
        data.schema_kind = SchemaKind::AllOf {
            all_of: vec![ReferenceOr::ref_(&format!("#/components/schemas/{name}"))],
        };
        if !made.iter().any(|(made, _)| *made == name) {
            made.push((name, format!("crate::wire::OneOrMany<{TYPES}::{item}>")));
        }
    }
    for (name, _) in &made {
        if components.schemas.contains_key(name) {
            return Err(format!("the schema {name} is reserved for a `data` list"));
        }
        // A placeholder: typify uses the replacement instead.
        components.schemas.insert(
            name.clone(),
            ReferenceOr::Item(Schema {
                schema_data: Default::default(),
                schema_kind: SchemaKind::Type(openapiv3::Type::Object(Default::default())),
            }),
        );
    }
    Ok(made)
}

fn add_to_types_module(
    file: &mut syn::File,
    items: impl Iterator<Item = syn::Item>,
) -> Result<(), String> {
    let types = file.items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(module) if module.ident == "types" => module.content.as_mut(),
        _ => None,
    });
    let (_, content) = types.ok_or("progenitor generated no `types` module")?;
    content.extend(items);
    Ok(())
}
