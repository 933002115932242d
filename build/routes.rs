//! The stand-in's route table, generated from the spec.
//!
//! For each operation this writes one `crate::mock::Route`: its method, path
//! template and operation id; each parameter with where it goes, whether the spec
//! requires it, and the function that checks a value (the `FromStr` of the type
//! progenitor gives it, so ids are checked by `crate::wire`'s rules); a function
//! that checks a request body by decoding it into the operation's generated request
//! type; the 200 example, embedded as compact JSON text; and, for an operation
//! with `x-cometchat-stand-in`, what it does to which of the stand-in's stores (the
//! stores are described once, under the spec's root `x-cometchat-stores`). The
//! stand-in (`src/mock/`) matches requests against this table: no route is written
//! by hand.

use openapiv3::{OpenAPI, Parameter, ReferenceOr};
use quote::quote;

/// Where the examples an operation's 200 answer refers to live.
const EXAMPLES: &str = "#/components/examples/";
/// An operation's part in the stand-in's state: `{"store": .., "action": ..}`.
const STAND_IN: &str = "x-cometchat-stand-in";
/// The stand-in's stores, at the spec's root: `{name: {"key", "missing", ..}}`.
const STORES: &str = "x-cometchat-stores";

/// `ROUTES`, compiled only with the `mock` feature.
pub fn generate(spec: &OpenAPI, generated: &syn::File) -> Result<syn::Item, String> {
    let builders = generated
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(module) if module.ident == "builder" => {
                module.content.as_ref().map(|(_, items)| items.as_slice())
            }
            _ => None,
        })
        .ok_or("progenitor generated no `builder` module")?;
    let mut routes = Vec::new();
    for (path, method, operation) in spec.operations() {
        let id = operation
            .operation_id
            .as_deref()
            .ok_or_else(|| format!("{method} {path}: every operation needs an operationId"))?;
        let builder = builder_fields(builders, id)?;
        let mut params = Vec::new();
        for parameter in &operation.parameters {
            let parameter = resolve(spec, parameter)
                .ok_or_else(|| format!("operation {id}: a parameter cannot be resolved"))?;
            let data = parameter.parameter_data_ref();
            let name = &data.name;
            let field = crate::facade::rust_name(name);
            let ty = builder
                .iter()
                .find(|(ident, _)| *ident == field)
                .map(|(_, ty)| ty.clone())
                .ok_or_else(|| format!("operation {id}: no builder field for parameter {name}"))?;
            let location = match parameter {
                Parameter::Path { .. } => quote!(Path),
                Parameter::Header { .. } => quote!(Header),
                Parameter::Query { .. } => quote!(Query),
                Parameter::Cookie { .. } => {
                    return Err(format!(
                        "operation {id}: cookie parameters are not supported"
                    ))
                }
            };
            let required = data.required;
            // An array parameter arrives as repeated keys: each value is checked as
            // one item (free-form items as any text).
            let ty = match crate::facade::type_name(&ty).as_deref() {
                Some("Vec") => {
                    let item = crate::facade::generic_args(&ty)
                        .and_then(|args| args.into_iter().next())
                        .ok_or_else(|| format!("operation {id}: {name} is a list of nothing"))?;
                    match crate::facade::type_name(&item).as_deref() {
                        Some("Value") => syn::parse_quote!(::std::string::String),
                        _ => item,
                    }
                }
                _ => ty,
            };
            params.push(quote! {
                crate::mock::Param {
                    name: #name,
                    location: crate::mock::Location::#location,
                    required: #required,
                    check: crate::mock::parses::<#ty>,
                }
            });
        }
        let body = match builder.iter().find(|(ident, _)| ident == "body") {
            Some((_, ty)) => {
                let ty = body_type(ty).ok_or_else(|| format!("operation {id}: unexpected body"))?;
                let required = operation
                    .request_body
                    .as_ref()
                    .and_then(ReferenceOr::as_item)
                    .is_some_and(|body| body.required);
                quote! {
                    ::std::option::Option::Some(crate::mock::Body {
                        required: #required,
                        check: crate::mock::decodes::<#ty>,
                    })
                }
            }
            None => quote!(::std::option::Option::None),
        };
        let sample = match sample(spec, id, operation)? {
            Some((name, json)) => {
                quote!(::std::option::Option::Some(crate::mock::Sample { name: #name, json: #json }))
            }
            None => quote!(::std::option::Option::None),
        };
        let stand_in = stand_in(spec, id, operation)?;
        let method = method.to_uppercase();
        routes.push(quote! {
            crate::mock::Route {
                operation: #id,
                method: #method,
                path: #path,
                params: &[#(#params),*],
                body: #body,
                sample: #sample,
                stand_in: #stand_in,
            }
        });
    }
    Ok(syn::parse_quote! {
        /// Every operation of the spec, for the stand-in (`crate::mock`) to route by.
        #[cfg(feature = "mock")]
        pub(crate) static ROUTES: &[crate::mock::Route] = &[#(#routes),*];
    })
}

/// The operation's `x-cometchat-stand-in`, with its store's description inlined.
fn stand_in(
    spec: &OpenAPI,
    id: &str,
    operation: &openapiv3::Operation,
) -> Result<proc_macro2::TokenStream, String> {
    let Some(part) = operation.extensions.get(STAND_IN) else {
        return Ok(quote!(::std::option::Option::None));
    };
    let text = |value: &serde_json::Value, field: &str| -> Result<String, String> {
        value
            .get(field)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| format!("operation {id}: {STAND_IN} needs a text `{field}`"))
    };
    let store = text(part, "store")?;
    let action = match text(part, "action")?.as_str() {
        "create" => quote!(Create),
        "get" => quote!(Get),
        "list" => quote!(List),
        "update" => quote!(Update),
        "delete" => quote!(Delete),
        "read" => quote!(Read),
        "write" => quote!(Write),
        "reset" => quote!(Reset),
        other => {
            return Err(format!(
                "operation {id}: {STAND_IN} action {other:?}; use create, get, list, update, \
                 delete, read, write or reset"
            ))
        }
    };
    let described = spec
        .extensions
        .get(STORES)
        .and_then(|stores| stores.get(&store))
        .ok_or_else(|| format!("operation {id}: no store {store:?} under {STORES}"))?;
    // A store of documents has no error codes, and one document no key; a store of
    // keyed items needs all three.
    let documents = matches!(text(part, "action")?.as_str(), "read" | "write" | "reset");
    let field = |field: &str| match text(described, field) {
        Err(_) if documents => Ok(String::new()),
        found => found,
    };
    let key = field("key")?;
    let param = text(part, "param").unwrap_or_else(|_| key.clone());
    let missing = field("missing")?;
    let exists = field("exists")?;
    let hidden: Vec<String> = described
        .get("hidden")
        .and_then(serde_json::Value::as_array)
        .map(|names| {
            names
                .iter()
                .filter_map(|n| n.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let generated_key = described
        .get("generatedKey")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    Ok(quote! {
        ::std::option::Option::Some(crate::mock::StandIn {
            store: #store,
            action: crate::mock::Action::#action,
            key: #key,
            param: #param,
            missing: #missing,
            exists: #exists,
            hidden: &[#(#hidden),*],
            generated_key: #generated_key,
        })
    })
}

/// The fields of progenitor's builder for operation `id`, each with the type it
/// holds (`T` of `Result<T, String>` or `Result<Option<T>, String>`).
fn builder_fields(builders: &[syn::Item], id: &str) -> Result<Vec<(String, syn::Type)>, String> {
    use heck::ToUpperCamelCase;
    let name = id.to_upper_camel_case();
    let builder = builders
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(found) if found.ident == name => Some(found),
            _ => None,
        })
        .ok_or_else(|| format!("operation {id}: progenitor wrote no builder {name}"))?;
    let mut fields = Vec::new();
    for field in &builder.fields {
        let Some(ident) = &field.ident else { continue };
        if ident == "client" {
            continue;
        }
        let held = first_arg(&field.ty)
            .ok_or_else(|| format!("operation {id}: unexpected builder field {ident}"))?;
        let ty = match last_name(&held).as_deref() {
            Some("Option") => first_arg(&held).unwrap_or(held),
            _ => held,
        };
        fields.push((ident.to_string(), ty));
    }
    Ok(fields)
}

fn last_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn first_arg(ty: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
        return None;
    };
    args.args.iter().find_map(|arg| match arg {
        syn::GenericArgument::Type(ty) => Some(ty.clone()),
        _ => None,
    })
}

/// `types::X` for progenitor's `types::builder::X` body builder.
fn body_type(ty: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let name = &path.path.segments.last()?.ident;
    Some(syn::parse_quote!(types::#name))
}

fn resolve<'a>(spec: &'a OpenAPI, parameter: &'a ReferenceOr<Parameter>) -> Option<&'a Parameter> {
    match parameter {
        ReferenceOr::Item(parameter) => Some(parameter),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/")?;
            spec.components.as_ref()?.parameters.get(name)?.as_item()
        }
    }
}

/// The name of the 200 answer's first example and its value as compact JSON; an
/// inline example is named after the operation.
fn sample(
    spec: &OpenAPI,
    id: &str,
    operation: &openapiv3::Operation,
) -> Result<Option<(String, String)>, String> {
    let Some(ReferenceOr::Item(ok)) = operation
        .responses
        .responses
        .get(&openapiv3::StatusCode::Code(200))
    else {
        return Ok(None);
    };
    let Some(media) = ok.content.get("application/json") else {
        return Ok(None);
    };
    let compact = |value: &serde_json::Value| {
        serde_json::to_string(value).map_err(|e| format!("operation {id}: its example: {e}"))
    };
    if let Some(value) = &media.example {
        return Ok(Some((id.to_owned(), compact(value)?)));
    }
    let Some((_, example)) = media.examples.iter().next() else {
        return Ok(None);
    };
    match example {
        ReferenceOr::Item(example) => match &example.value {
            Some(value) => Ok(Some((id.to_owned(), compact(value)?))),
            None => Ok(None),
        },
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix(EXAMPLES).ok_or_else(|| {
                format!("operation {id}: example {reference} is not in {EXAMPLES}")
            })?;
            let value = spec
                .components
                .as_ref()
                .and_then(|components| components.examples.get(name))
                .and_then(ReferenceOr::as_item)
                .and_then(|example| example.value.as_ref())
                .ok_or_else(|| format!("operation {id}: no example {name} with a value"))?;
            Ok(Some((name.to_owned(), compact(value)?)))
        }
    }
}
