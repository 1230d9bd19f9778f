//! What `#[chaos_test]` does, as plain functions on `proc_macro2` token
//! streams.
//!
//! `kallisti-macros` is a thin `proc-macro` crate over [`chaos_test`]; keeping
//! the work here (as serde does with `serde_derive_internals`) lets the fuzz
//! targets and ordinary tests drive the very parser and checks the compiler
//! runs, which a `proc-macro` crate cannot export.
//!
//! ```
//! use kallisti_macros_internals::chaos_test;
//!
//! let item = "async fn checkout(ctx: kallisti::testing::ChaosContext) {}";
//! let good = r#"during({ step: "up", do: "cm.http_probe", where: { url: "http://127.0.0.1:1" } })"#;
//! let expanded = chaos_test(good.parse().unwrap(), item.parse().unwrap()).to_string();
//! assert!(!expanded.contains("compile_error"));
//!
//! let typo = r#"during({ step: "up", do: "cm.http_prob", where: { url: "http://127.0.0.1:1" } })"#;
//! let expanded = chaos_test(typo.parse().unwrap(), item.parse().unwrap()).to_string();
//! assert!(expanded.contains("compile_error") && expanded.contains("http_probe"));
//! ```

mod attr;
mod check;
mod expand;
mod json;

use proc_macro2::TokenStream;

/// Expands `#[chaos_test(<attr>)] <item>`: the test function, or
/// `compile_error!`s spanned on the offending tokens.
pub fn chaos_test(attr: TokenStream, item: TokenStream) -> TokenStream {
    let expanded = syn::parse2::<attr::ChaosAttr>(attr)
        .and_then(|attr| Ok((attr, syn::parse2::<syn::ItemFn>(item)?)))
        .and_then(|(attr, item)| expand::chaos_test(attr, item));
    match expanded {
        Ok(tokens) => tokens,
        Err(error) => error.to_compile_error(),
    }
}
