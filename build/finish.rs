//! The last touches to the generated code: `#[non_exhaustive]` types, builders
//! that need only the required fields, and docs for the plumbing progenitor and
//! typify leave undocumented (the crate denies missing docs).

use syn::visit_mut::VisitMut;

/// Applies every last touch to `file`.
pub fn finish(file: &mut syn::File) {
    DocumentPlumbing.visit_file_mut(file);
    ExtraStartsEmpty.visit_file_mut(file);
    NonExhaustive::default().visit_file_mut(file);
}

/// Every public struct of `types` is `#[non_exhaustive]`, so that a field the spec
/// gains is not a breaking change; users build values with `builder()` (or decode
/// them) instead of struct literals. typify's builders themselves are left as they
/// are.
#[derive(Default)]
struct NonExhaustive {
    in_builder: bool,
}

impl VisitMut for NonExhaustive {
    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        let outer = self.in_builder;
        self.in_builder = outer || module.ident == "builder";
        syn::visit_mut::visit_item_mod_mut(self, module);
        self.in_builder = outer;
    }

    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        let is_named = matches!(item.fields, syn::Fields::Named(_));
        if !self.in_builder && is_named && is_public(&item.vis) {
            item.attrs.push(syn::parse_quote!(#[non_exhaustive]));
        }
    }
}

/// typify's struct builders start the flattened `extra` map as missing, so a value
/// built without `.extra(..)` failed at run time ("no value supplied for extra");
/// it starts empty instead, and a builder needs only the required fields.
struct ExtraStartsEmpty;

impl VisitMut for ExtraStartsEmpty {
    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        let is_extra = matches!(&field.member, syn::Member::Named(name) if name == "extra");
        let is_missing = matches!(
            &field.expr,
            syn::Expr::Call(call) if matches!(&*call.func, syn::Expr::Path(path) if path.path.is_ident("Err"))
        );
        if is_extra && is_missing {
            field.expr = syn::parse_quote!(Ok(Default::default()));
        }
        syn::visit_mut::visit_field_value_mut(self, field);
    }
}

/// Documents the public plumbing progenitor and typify leave undocumented (struct
/// builders, their setters and the `extra` field of unknown properties), so the crate
/// can `#![deny(missing_docs)]`. Schemas and properties get their docs from the spec.
struct DocumentPlumbing;

impl VisitMut for DocumentPlumbing {
    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        if is_public(&item.vis) && !has_doc(&item.attrs) {
            let doc = format!("Builds a [`super::{}`] field by field.", item.ident);
            item.attrs.insert(0, syn::parse_quote!(#[doc = #doc]));
        }
        syn::visit_mut::visit_item_struct_mut(self, item);
    }

    fn visit_field_mut(&mut self, field: &mut syn::Field) {
        let is_extra = field.ident.as_ref().is_some_and(|ident| ident == "extra");
        if is_extra && is_public(&field.vis) && !has_doc(&field.attrs) {
            field.attrs.insert(
                0,
                syn::parse_quote!(
                    #[doc = "Fields this SDK does not model yet, each kept as the exact JSON text received and serialized back unchanged."]
                ),
            );
        }
    }

    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        if is_public(&function.vis) && !has_doc(&function.attrs) {
            let doc = match function.sig.ident.to_string().as_str() {
                "builder" => "Starts building a value of this type field by field.".to_owned(),
                "new" => "Starts the request; set each parameter, then call `send`.".to_owned(),
                field => format!("Sets `{field}`."),
            };
            function.attrs.insert(0, syn::parse_quote!(#[doc = #doc]));
        }
    }
}

fn is_public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn has_doc(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| attr.path().is_ident("doc"))
}
