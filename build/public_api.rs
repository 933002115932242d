//! What users see of the generated code, for the snapshot reviewers read: public
//! types with their fields and serde attributes, public function signatures, and
//! the traits each type implements. Function bodies, private items and progenitor's
//! internal client are left out, so that a progenitor or typify upgrade shows as a
//! change of surface, not as thousands of lines of plumbing.

use syn::visit_mut::VisitMut;

/// The public surface of `file`, as Rust source.
pub fn render(file: &syn::File) -> String {
    let mut surface = file.clone();
    surface.items.retain(is_surface);
    Surface.visit_file_mut(&mut surface);
    prettyplease::unparse(&surface)
}

/// Top-level items users reach: the re-exported `types` and `operations` modules.
fn is_surface(item: &syn::Item) -> bool {
    matches!(item, syn::Item::Mod(module) if module.ident == "types" || module.ident == "operations")
}

struct Surface;

impl VisitMut for Surface {
    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        if let Some((_, items)) = &mut module.content {
            items.retain(|item| match item {
                syn::Item::Struct(item) => is_public(&item.vis),
                syn::Item::Enum(item) => is_public(&item.vis),
                syn::Item::Mod(item) => is_public(&item.vis),
                syn::Item::Fn(item) => is_public(&item.vis),
                syn::Item::Impl(_) | syn::Item::Macro(_) | syn::Item::Type(_) => true,
                _ => false,
            });
        }
        syn::visit_mut::visit_item_mod_mut(self, module);
    }

    fn visit_item_impl_mut(&mut self, block: &mut syn::ItemImpl) {
        if block.trait_.is_some() {
            // Which traits a type implements is surface; how is not.
            block.items.clear();
            return;
        }
        block.items.retain(|item| match item {
            syn::ImplItem::Fn(function) => is_public(&function.vis),
            syn::ImplItem::Const(constant) => is_public(&constant.vis),
            _ => false,
        });
        syn::visit_mut::visit_item_impl_mut(self, block);
    }

    fn visit_fields_named_mut(&mut self, fields: &mut syn::FieldsNamed) {
        fields.named = std::mem::take(&mut fields.named)
            .into_pairs()
            .filter(|pair| is_public(&pair.value().vis))
            .collect();
    }

    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        function.block.stmts.clear();
    }

    fn visit_item_fn_mut(&mut self, function: &mut syn::ItemFn) {
        function.block.stmts.clear();
    }
}

fn is_public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}
