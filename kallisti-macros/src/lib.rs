//! Procedural macros of kallisti: `#[chaos_test]`, re-exported and
//! documented as `kallisti::chaos_test`.
//!
//! The macro only parses its attribute, checks the steps against
//! `kallisti-catalog` (the declarations the runtime registry is built from)
//! and expands to calls into `kallisti::testing`, where the behaviour lives.

mod attr;
mod check;
mod expand;
mod json;

use proc_macro::TokenStream;

/// Turns a function into a chaos test; see `kallisti::chaos_test` for the manual.
#[proc_macro_attribute]
pub fn chaos_test(attr: TokenStream, item: TokenStream) -> TokenStream {
    let parsed = syn::parse::<attr::ChaosAttr>(attr)
        .and_then(|attr| Ok((attr, syn::parse::<syn::ItemFn>(item)?)))
        .and_then(|(attr, item)| expand::chaos_test(attr, item));
    match parsed {
        Ok(tokens) => tokens.into(),
        Err(error) => error.to_compile_error().into(),
    }
}
