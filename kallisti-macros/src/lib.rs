//! Procedural macros of kallisti: `#[chaos_test]`, re-exported and
//! documented as `kallisti::chaos_test`.
//!
//! This crate only hands the compiler's tokens to
//! `kallisti_macros_internals::chaos_test`, which parses the attribute,
//! checks the steps against `kallisti-catalog` (the declarations the runtime
//! registry is built from) and expands to calls into `kallisti::testing`,
//! where the behaviour lives.

use proc_macro::TokenStream;

/// Turns a function into a chaos test; see `kallisti::chaos_test` for the manual.
#[proc_macro_attribute]
pub fn chaos_test(attr: TokenStream, item: TokenStream) -> TokenStream {
    kallisti_macros_internals::chaos_test(attr.into(), item.into()).into()
}
