//! Exact decoders: a `Deserialize` impl for every generated object with unknown
//! fields, in place of serde's derive, so that a decode → encode round trip returns
//! the exact text the server sent.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::visit_mut::VisitMut;

/// The type typify gives the flattened `extra` map of an object with
/// `additionalProperties`, and the type it becomes.
const VALUE_MAP: &str =
    ":: serde_json :: Map < :: std :: string :: String , :: serde_json :: Value >";
const EXTRA: &str = "crate::wire::Extra";

/// Makes a decode → encode round trip of every object with unknown fields exact.
///
/// serde's `#[serde(flatten)]` buffers a struct's unknown entries into its private
/// `Content` before the flattened map sees them, which already rounds numbers beyond
/// 64 bits to `f64`. So each generated struct with a flattened `extra` gets:
///
/// - `extra: crate::wire::Extra`, a map to `wire::RawJson`, the exact text of each
///   value; `#[serde(flatten)]` stays for `Serialize`, which writes the text back;
/// - its own `Deserialize` in place of the derived one: a map visitor that matches
///   each key, borrowed from the input, against the wire names of the fields, and
///   hands every other key to `extra`. Its errors (`missing field`, `duplicate
///   field`, `expected struct X`) are serde derive's, word for word;
/// - its own `Serialize`: the fields in order, then `extra`, as `flatten` wrote
///   them, except an `extra` entry named like a field that has a value (the `null`
///   or the odd value it was decoded from), so that nothing is written twice.
///
/// The serde attributes typify emits are read from the syntax tree; any other one
/// fails the build, so that a typify upgrade cannot change decoding unnoticed.
///
/// A property a schema lists in `x-cometchat-lenient` (`lenient`, by schema name)
/// is read as its text first, then as its type; a value of another type is kept in
/// `extra` rather than failing the whole answer. For the fields whose meaning a
/// new kind of value may change (a message of a category this SDK does not know).
pub fn exact_decoders(
    file: &mut syn::File,
    lenient: &BTreeMap<String, Vec<String>>,
) -> Result<(), String> {
    let (_, types) = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Mod(module) if module.ident == "types" => module.content.as_mut(),
            _ => None,
        })
        .ok_or("progenitor generated no `types` module")?;
    let mut decoded = Vec::new();
    let mut items = Vec::with_capacity(types.len());
    for mut item in types.drain(..) {
        let decoder = match &mut item {
            syn::Item::Struct(item) => {
                let lenient = lenient
                    .get(&item.ident.to_string())
                    .map_or(&[][..], Vec::as_slice);
                exact_decoder(item, lenient)?.map(|d| (item.ident.clone(), d))
            }
            _ => None,
        };
        items.push(item);
        // Right after the struct, so that each reads with its type.
        if let Some((name, impls)) = decoder {
            decoded.push(name);
            items.extend(impls);
        }
    }
    *types = items;
    let mut builders = types
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Mod(module) if module.ident == "builder" => module.content.as_mut(),
            _ => None,
        })
        .map(|(_, items)| items);
    for name in &decoded {
        let builders = builders
            .as_deref_mut()
            .ok_or("typify generated no `builder` module")?;
        retype_builder_extra(builders, name)?;
    }
    Ok(())
}

fn extra_type() -> Result<syn::Type, String> {
    syn::parse_str(EXTRA).map_err(|e| format!("`{EXTRA}` is not a type: {e}"))
}

/// A field of a struct being given an exact decoder.
struct WireField {
    ident: syn::Ident,
    ty: syn::Type,
    wire_name: String,
    /// Whether an absent field takes its default (`None` for an `Option`) instead
    /// of being a missing-field error.
    default: bool,
    /// Whether it is an `Option`.
    option: bool,
    /// When it is left out of the encoding (`None`, an empty list).
    skip_if: Option<syn::Path>,
}

/// Rewrites `item` and returns its `Deserialize` and `Serialize` when it has a
/// flattened `extra`.
fn exact_decoder(
    item: &mut syn::ItemStruct,
    lenient: &[String],
) -> Result<Option<[syn::Item; 2]>, String> {
    let name = item.ident.clone();
    let syn::Fields::Named(fields) = &mut item.fields else {
        return Ok(None);
    };
    // Structs without a flattened field keep serde's derive, whatever they carry.
    let flattens = fields
        .named
        .iter()
        .flat_map(|field| &field.attrs)
        .any(|attr| attr.path().is_ident("serde") && quote!(#attr).to_string().contains("flatten"));
    if !flattens {
        return Ok(None);
    }
    let mut wire_fields = Vec::new();
    let mut extra = None;
    for field in fields.named.iter_mut() {
        let ident = field.ident.clone().ok_or("a named field without a name")?;
        let attrs = SerdeAttrs::read(&field.attrs)
            .map_err(|e| format!("struct {name}, field {ident}: {e}"))?;
        if attrs.flatten {
            if ident != "extra"
                || attrs.rename.is_some()
                || attrs.default
                || attrs.skip_if.is_some()
            {
                return Err(format!(
                    "struct {name}: typify flattened field `{ident}` with other attributes; \
                     build.rs only writes decoders for a flattened `extra` map"
                ));
            }
            let ty = &field.ty;
            let found = quote!(#ty).to_string();
            if found != VALUE_MAP {
                return Err(format!(
                    "struct {name}: `extra` is `{found}`, not the map of `serde_json::Value` \
                     build.rs replaces with `{EXTRA}`"
                ));
            }
            extra = Some(ident);
            continue;
        }
        let is_option = match &field.ty {
            syn::Type::Path(path) => path
                .path
                .segments
                .last()
                .is_some_and(|segment| segment.ident == "Option"),
            _ => false,
        };
        wire_fields.push(WireField {
            wire_name: attrs
                .rename
                .unwrap_or_else(|| syn::ext::IdentExt::unraw(&ident).to_string()),
            ident,
            ty: field.ty.clone(),
            default: attrs.default || is_option,
            option: is_option,
            skip_if: attrs.skip_if,
        });
    }
    let Some(extra) = extra else {
        return Ok(None);
    };
    if let Some(attr) = item.attrs.iter().find(|attr| attr.path().is_ident("serde")) {
        return Err(format!(
            "struct {name}: build.rs does not know the struct attribute `{}`",
            quote!(#attr)
        ));
    }
    if !item.generics.params.is_empty() {
        return Err(format!(
            "struct {name}: build.rs does not write decoders for generic structs"
        ));
    }
    for derive in [":: serde :: Deserialize", ":: serde :: Serialize"] {
        remove_derived(&mut item.attrs, derive).map_err(|e| format!("struct {name}: {e}"))?;
    }
    for field in item.fields.iter_mut() {
        if field.ident.as_ref() == Some(&extra) {
            field.ty = extra_type()?;
        }
    }

    let expecting = format!("struct {name}");
    let locals: Vec<syn::Ident> = wire_fields
        .iter()
        .map(|field| format_ident!("field_{}", syn::ext::IdentExt::unraw(&field.ident)))
        .collect();
    let wire_names: Vec<&str> = wire_fields.iter().map(|f| f.wire_name.as_str()).collect();
    let wire_bytes: Vec<syn::LitByteStr> = wire_names
        .iter()
        .map(|name| syn::LitByteStr::new(name.as_bytes(), proc_macro2::Span::call_site()))
        .collect();
    if let Some(unknown) = lenient.iter().find(|name| {
        !wire_fields
            .iter()
            .any(|field| field.default && field.wire_name == **name)
    }) {
        return Err(format!(
            "struct {name}: x-cometchat-lenient names `{unknown}`, not one of its optional fields"
        ));
    }
    // An optional field reads into its own `Option` (see `next_optional`); the
    // others into an `Option` of their type, set once the field is seen.
    let direct = |field: &WireField| field.option && !lenient.contains(&field.wire_name);
    // Optional fields keep a `null` in `extra`; a required one must have a value.
    let reads = wire_fields.iter().zip(&locals).map(|(field, local)| {
        let wire_name = &field.wire_name;
        if lenient.contains(&field.wire_name) {
            quote!(crate::wire::next_lenient(map, &mut fields.#local, #wire_name, &mut fields.extra)?)
        } else if direct(field) {
            quote!(crate::wire::next_optional(map, &mut fields.#local, #wire_name, &mut fields.extra)?)
        } else if let (true, Some(skip)) = (field.default, &field.skip_if) {
            // An empty collection is not written back by the field: keep it.
            quote!(crate::wire::next_kept_empty(map, &mut fields.#local, #wire_name, &mut fields.extra, #skip)?)
        } else if field.default {
            quote!(crate::wire::next_field(map, &mut fields.#local, #wire_name, &mut fields.extra)?)
        } else {
            quote!(crate::wire::next_required(map, &mut fields.#local, #wire_name)?)
        }
    });
    // Values for the fields: a required one from the match below, which takes them
    // all at once, so that one missing field means one path dropping the rest.
    let finish = wire_fields.iter().zip(&locals).map(|(field, local)| {
        if direct(field) {
            quote!(fields.#local)
        } else if field.default {
            quote!(fields.#local.unwrap_or_default())
        } else {
            quote!(#local)
        }
    });
    let (required, required_names): (Vec<&syn::Ident>, Vec<&str>) = wire_fields
        .iter()
        .zip(&locals)
        .filter(|(field, _)| !field.default)
        .map(|(field, local)| (local, field.wire_name.as_str()))
        .unzip();
    // Fields in their order, then `extra`, as serde's `flatten` wrote them; an entry
    // of `extra` named like a field (its `null`, or a value of another type) gives
    // way to the field's own value when the field has one, so that a value set
    // after decoding is not written twice.
    let idents = wire_fields.iter().map(|field| &field.ident);
    let written: Vec<TokenStream> = wire_fields
        .iter()
        .map(|field| {
            let ident = &field.ident;
            match &field.skip_if {
                Some(skip) => quote!(!#skip(&self.#ident)),
                None => quote!(true),
            }
        })
        .collect();
    let serializer: syn::Item = syn::parse_quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(::std::option::Option::None)?;
                #(
                    if #written {
                        map.serialize_entry(#wire_names, &self.#idents)?;
                    }
                )*
                for (key, value) in &self.#extra {
                    let shadowed = match key.as_str() {
                        #(#wire_names => #written,)*
                        _ => false,
                    };
                    if !shadowed {
                        map.serialize_entry(key, value)?;
                    }
                }
                map.end()
            }
        }
    };
    let idents = wire_fields.iter().map(|field| &field.ident);
    let types = wire_fields.iter().map(|field| {
        let ty = &field.ty;
        if direct(field) {
            quote!(#ty)
        } else {
            quote!(::std::option::Option<#ty>)
        }
    });
    let value = quote! {
        #name {
            #(#idents: #finish,)*
            #extra: fields.extra,
        }
    };
    let construct = if required.is_empty() {
        quote!(::std::result::Result::Ok(#value))
    } else {
        quote! {
            match (#(fields.#required,)*) {
                (#(::std::option::Option::Some(#required),)*) => ::std::result::Result::Ok(#value),
                (#(#required,)*) => ::std::result::Result::Err(crate::wire::missing_field(&[
                    #((#required.is_none(), #required_names),)*
                ])),
            }
        }
    };
    let deserializer: syn::Item = syn::parse_quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                struct Visitor;

                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = #name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::std::result::Result<#name, A::Error> {
                        // The fields are read into one value that `__read` borrows,
                        // so that a failed read drops them once, here, instead of
                        // from a cleanup path after every field's read: that code
                        // was most of each decoder's size (BENCHMARKS.md). The
                        // underscores keep both names clear of generated types'.
                        #[derive(Default)]
                        struct __Fields {
                            #(#locals: #types,)*
                            extra: crate::wire::Extra,
                        }

                        fn __read<'de, A: ::serde::de::MapAccess<'de>>(
                            map: &mut A,
                            fields: &mut __Fields,
                        ) -> ::std::result::Result<(), A::Error> {
                            while let ::std::option::Option::Some(key) =
                                map.next_key::<crate::wire::FieldName<'de>>()?
                            {
                                match key.as_bytes() {
                                    #(#wire_bytes => #reads,)*
                                    _ => crate::wire::next_extra(map, &mut fields.extra, key)?,
                                }
                            }
                            ::std::result::Result::Ok(())
                        }

                        let mut fields = __Fields::default();
                        __read(&mut map, &mut fields)?;
                        #construct
                    }
                }

                deserializer.deserialize_map(Visitor)
            }
        }
    };
    Ok(Some([deserializer, serializer]))
}

/// The name a field of a generated struct has on the wire: its `rename`, or its
/// identifier.
pub fn wire_name(field: &syn::Field) -> Option<String> {
    let ident = field.ident.as_ref()?;
    let rename = SerdeAttrs::read(&field.attrs)
        .ok()
        .and_then(|attrs| attrs.rename);
    Some(rename.unwrap_or_else(|| syn::ext::IdentExt::unraw(ident).to_string()))
}

/// The serde attributes of a field, as typify emits them.
#[derive(Default)]
struct SerdeAttrs {
    rename: Option<String>,
    default: bool,
    /// The `skip_serializing_if` predicate's path, when there is one.
    skip_if: Option<syn::Path>,
    flatten: bool,
}

impl SerdeAttrs {
    fn read(attrs: &[syn::Attribute]) -> Result<Self, String> {
        let mut found = SerdeAttrs::default();
        for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
            attr.parse_nested_meta(|meta| {
                let key = meta
                    .path
                    .get_ident()
                    .map(|i| i.to_string())
                    .unwrap_or_default();
                match key.as_str() {
                    "rename" => {
                        let value: syn::LitStr = meta.value()?.parse()?;
                        found.rename = Some(value.value());
                    }
                    // Only the bare form: `default = "path"` is refused below.
                    "default" if meta.input.is_empty() || meta.input.peek(syn::Token![,]) => {
                        found.default = true;
                    }
                    // Serialization only; the derived `Serialize` still reads it.
                    "skip_serializing_if" => {
                        let path: syn::LitStr = meta.value()?.parse()?;
                        found.skip_if = Some(path.parse()?);
                    }
                    "flatten" => found.flatten = true,
                    _ => return Err(meta.error("unsupported")),
                }
                Ok(())
            })
            .map_err(|_| {
                format!(
                    "build.rs does not know the serde attribute `{}`; teach exact_decoders \
                     what it means before upgrading typify",
                    quote!(#attr)
                )
            })?;
        }
        Ok(found)
    }
}

/// Removes `derive` (`:: serde :: Deserialize`, as `quote` prints it) from the
/// struct's derives.
fn remove_derived(attrs: &mut [syn::Attribute], derive: &str) -> Result<(), String> {
    type Paths = syn::punctuated::Punctuated<syn::Path, syn::Token![,]>;
    for attr in attrs
        .iter_mut()
        .filter(|attr| attr.path().is_ident("derive"))
    {
        let paths = attr
            .parse_args_with(Paths::parse_terminated)
            .map_err(|e| format!("cannot read its derives: {e}"))?;
        let is_it = |path: &syn::Path| quote!(#path).to_string() == derive;
        if paths.iter().any(is_it) {
            let kept = paths.iter().filter(|path| !is_it(path));
            *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
            return Ok(());
        }
    }
    Err(format!("typify did not derive `{derive}` on it"))
}

/// In the builder of struct `name`, the `extra` field and its setter take the new
/// type too.
fn retype_builder_extra(builders: &mut [syn::Item], name: &syn::Ident) -> Result<(), String> {
    struct Retype {
        with: syn::Type,
        replaced: usize,
    }
    impl VisitMut for Retype {
        fn visit_type_mut(&mut self, ty: &mut syn::Type) {
            if quote!(#ty).to_string() == VALUE_MAP {
                *ty = self.with.clone();
                self.replaced += 1;
            } else {
                syn::visit_mut::visit_type_mut(self, ty);
            }
        }
    }
    let mut in_field = Retype {
        with: extra_type()?,
        replaced: 0,
    };
    let mut in_setter = Retype {
        with: extra_type()?,
        replaced: 0,
    };
    for item in builders.iter_mut() {
        match item {
            syn::Item::Struct(builder) if builder.ident == *name => {
                for field in builder.fields.iter_mut() {
                    if field.ident.as_ref().is_some_and(|ident| ident == "extra") {
                        in_field.visit_type_mut(&mut field.ty);
                    }
                }
            }
            syn::Item::Impl(block) if block.trait_.is_none() => {
                let syn::Type::Path(self_ty) = &*block.self_ty else {
                    continue;
                };
                if !self_ty.path.is_ident(name) {
                    continue;
                }
                for item in block.items.iter_mut() {
                    if let syn::ImplItem::Fn(setter) = item {
                        if setter.sig.ident == "extra" {
                            in_setter.visit_signature_mut(&mut setter.sig);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if in_field.replaced == 0 || in_setter.replaced == 0 {
        return Err(format!(
            "the builder of struct {name} has no `extra` field and setter of the type build.rs \
             replaces"
        ));
    }
    Ok(())
}
