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
//! // A mistake is a spanned error, and the test function is still there.
//! let typo = r#"during({ step: "up", do: "cm.http_prob", where: { url: "http://127.0.0.1:1" } })"#;
//! let expanded = chaos_test(typo.parse().unwrap(), item.parse().unwrap()).to_string();
//! assert!(expanded.contains("compile_error") && expanded.contains("http_probe"));
//! assert!(expanded.contains("fn checkout"));
//!
//! // `crate = path` names where kallisti is; nothing else is assumed.
//! let renamed = format!("crate = my::chaos, {good}");
//! let expanded = chaos_test(renamed.parse().unwrap(), item.parse().unwrap()).to_string();
//! assert!(expanded.contains("my :: chaos :: testing :: __private"));
//! assert!(!expanded.contains(":: kallisti ::"));
//! ```

mod attr;
mod check;
mod expand;
mod json;

use proc_macro2::TokenStream;

/// Expands `#[chaos_test(<attr>)] <item>`: the test function, or
/// `compile_error!`s spanned on the offending tokens.
pub fn chaos_test(attr: TokenStream, item: TokenStream) -> TokenStream {
    let parsed = syn::parse2::<attr::ChaosAttr>(attr)
        .and_then(|attr| Ok((attr, syn::parse2::<syn::ItemFn>(item.clone())?)));
    match parsed {
        Ok((attr, function)) => expand::chaos_test(attr, function),
        // An attribute that does not parse: the error, and the item as it
        // was written, so code naming the function still resolves.
        Err(error) => {
            let mut tokens = error.to_compile_error();
            tokens.extend(item);
            tokens
        }
    }
}
