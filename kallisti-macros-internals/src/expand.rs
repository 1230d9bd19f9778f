//! `#[chaos_test]` expanded into a `#[test]` that calls `kallisti::testing`.

use crate::attr::ChaosAttr;
use crate::check::{self, Errors};
use crate::json::Json;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, ItemFn, LitStr, Pat, ReturnType, Type};

/// Whether `ty` is the body's handle, `ChaosContext` (by any path).
fn is_context(ty: &Type) -> bool {
    match ty {
        Type::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "ChaosContext"),
        _ => false,
    }
}

/// Attributes that already make the function a test (or make tests of it).
fn has_test_attribute(item: &ItemFn) -> bool {
    item.attrs.iter().any(|a| {
        a.path()
            .segments
            .last()
            .is_some_and(|s| s.ident == "test" || s.ident == "rstest")
    })
}

/// Reads, parses and checks an experiment file at compile time; returns its
/// absolute path.
fn load_experiment(lit: &LitStr, attr: &ChaosAttr, errors: &mut Errors) -> Option<String> {
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let path = std::path::Path::new(&root).join(lit.value());
    // Only regular files: a path to a device or FIFO would hang the compiler.
    if let Ok(meta) = std::fs::metadata(&path) {
        if !meta.is_file() {
            errors.push(
                lit.span(),
                format!("the experiment `{}` is not a file", path.display()),
            );
            return None;
        }
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            errors.push(
                lit.span(),
                format!("cannot read the experiment `{}`: {e}", path.display()),
            );
            return None;
        }
    };
    let value: serde_json::Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(e) => {
            errors.push(
                lit.span(),
                format!("the experiment `{}` is not valid JSON: {e}", lit.value()),
            );
            return None;
        }
    };
    let file = lit.value();
    let span = lit.span();
    let Some(document) = value.as_object() else {
        errors.push(span, format!("{file}: an experiment is a JSON object"));
        return None;
    };
    if !document.get("name").is_some_and(|n| n.is_string()) {
        errors.push(span, format!("{file}: `name` (a string) is missing"));
    }
    match document.get("steps") {
        Some(serde_json::Value::Array(steps)) if !steps.is_empty() => {}
        _ => errors.push(
            span,
            format!("{file}: `steps` must be a list of at least one step"),
        ),
    }
    for phase in ["pre_steps", "steps", "post_steps", "stop_conditions"] {
        match document.get(phase) {
            None => {}
            Some(serde_json::Value::Array(steps)) => {
                for (i, step) in steps.iter().enumerate() {
                    check::step(
                        &Json::from_value(step, span),
                        &format!("{file}: {phase}[{i}]"),
                        phase == "stop_conditions",
                        &attr.namespaces,
                        errors,
                    );
                }
            }
            Some(_) => errors.push(span, format!("{file}: `{phase}` must be a list of steps")),
        }
    }
    Some(path.display().to_string())
}

/// Whether an attribute is `#[tokio::test]` (by any path ending so).
fn is_tokio_test(attr: &syn::Attribute) -> bool {
    let segments: Vec<String> = attr
        .path()
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    segments.ends_with(&["tokio".to_string(), "test".to_string()])
}

/// The test function, and the compile errors of whatever is wrong with it.
/// The function is emitted even then (as tokio's and thiserror's macros do),
/// so one mistake in a step does not also make every use of the test's
/// bindings an error.
pub fn chaos_test(attr: ChaosAttr, mut item: ItemFn) -> TokenStream {
    let mut errors = Errors::default();
    if !item.sig.generics.params.is_empty() {
        errors.push(item.sig.generics.span(), "a chaos test cannot be generic");
    }
    for tokio_test in item.attrs.iter().filter(|a| is_tokio_test(a)) {
        errors.push(
            tokio_test.span(),
            "`#[chaos_test]` already runs the test on a tokio runtime of its own: remove `#[tokio::test]`",
        );
    }
    item.attrs.retain(|a| !is_tokio_test(a));

    // The handle argument goes to the body; the others stay (rstest fills them).
    let mut context_pat: Option<(Box<Pat>, Box<Type>)> = None;
    let mut inputs = syn::punctuated::Punctuated::<FnArg, syn::Token![,]>::new();
    for input in std::mem::take(&mut item.sig.inputs) {
        match input {
            FnArg::Typed(typed) if is_context(&typed.ty) => {
                if context_pat.is_some() {
                    errors.push(typed.span(), "only one `ChaosContext` argument");
                }
                context_pat = Some((typed.pat, typed.ty));
            }
            FnArg::Receiver(r) => errors.push(r.span(), "a chaos test cannot take `self`"),
            other => inputs.push(other),
        }
    }

    if let Some(lit) = &attr.chaostoolkit {
        return chaostoolkit_test(lit, &attr, &item, &inputs, context_pat.is_some(), errors);
    }
    let file = attr
        .experiment
        .as_ref()
        .and_then(|lit| load_experiment(lit, &attr, &mut errors).map(|p| (lit, p)));
    let phases = [
        ("pre", &attr.pre),
        ("before", &attr.before),
        ("during", &attr.during),
        ("post", &attr.post),
        ("stop_when", &attr.stop_when),
    ];
    for (phase, steps) in phases {
        for (i, step) in steps.iter().enumerate() {
            check::step(
                step,
                &format!("{phase}[{i}]"),
                // Conditions repeat on `every` as during steps do.
                phase == "during" || phase == "stop_when",
                &attr.namespaces,
                &mut errors,
            );
        }
    }
    let problems = errors.into_result().err().map(|e| e.to_compile_error());

    let krate = attr
        .krate
        .as_ref()
        .map_or_else(|| quote!(::kallisti), |path| quote!(#path));
    let name = &item.sig.ident;
    let private = quote!(#krate::testing::__private);
    let start = match &file {
        Some((lit, path)) => {
            let shown = lit.value();
            quote_spanned!(lit.span()=>
            #krate::testing::ChaosTest::from_experiment_json(
                ::core::concat!(::core::module_path!(), "::", ::core::stringify!(#name)),
                #shown,
                ::core::include_str!(#path),
            ))
        }
        None => quote!(#krate::testing::ChaosTest::new(::core::concat!(
            ::core::module_path!(),
            "::",
            ::core::stringify!(#name)
        ))),
    };
    let parameters = attr.parameters.iter().map(|p| {
        let key = p.name.to_string();
        let value = &p.value;
        quote_spanned!(value.span()=> .parameter(#key, #private::to_json(&(#value))))
    });
    let krate_ref = &krate;
    let steps = phases.iter().flat_map(|(phase, steps)| {
        steps.iter().map(move |step| {
            let value = step.to_tokens(krate_ref);
            quote!(.__step(#phase, #value))
        })
    });
    let mut options = Vec::new();
    if let Some(registry) = &attr.registry {
        options.push(quote_spanned!(registry.span()=> .registry(#registry)));
    }
    if let Some(dry_run) = &attr.dry_run {
        options.push(quote!(.dry_run(#dry_run)));
    }
    for (method, patterns) in &attr.allow {
        let method = syn::Ident::new(method, proc_macro2::Span::call_site());
        options.push(quote!(.allow(
            #krate::trial::AllowList::default().#method([#(#patterns),*])
        )));
    }
    if let Some(required) = &attr.require_allow_list {
        options.push(quote!(.allow(#krate::trial::AllowList::default().require(#required))));
    }
    if let Some(seed) = &attr.seed {
        options.push(quote!(.seed(#seed)));
    }
    if let Some(limit) = &attr.step_timeout {
        options.push(quote!(.step_timeout(#private::duration(#limit))));
    }
    if let Some(limit) = &attr.timeout {
        options.push(quote!(.body_timeout(#private::duration(#limit))));
    }

    let output = output_type(&item);
    // The body borrows the `let` bindings and arguments (so they live until
    // the post steps have run) and takes the context by value.
    let (context, context_ty) = match context_pat {
        Some((pat, ty)) => (quote!(let #pat = __kallisti_ctx;), quote!(#ty)),
        None => (
            quote!(let _ = __kallisti_ctx;),
            quote!(#krate::testing::ChaosContext),
        ),
    };
    let block = &item.block;
    let body = if item.sig.asyncness.is_some() {
        quote!(|__kallisti_ctx: #context_ty| {
            #private::body_future::<#output, _>(async { #context #block })
        })
    } else {
        quote!(|__kallisti_ctx: #context_ty| {
            #private::blocking_body(|| -> #output { #context #block })
        })
    };
    let inspect = match &attr.inspect {
        Some(expr) => quote_spanned!(expr.span()=> #private::inspector(#expr)),
        None => quote!(::core::option::Option::None),
    };
    let run = quote! {
        #start
            #(#parameters)*
            #(#steps)*
            #(#options)*
            .run_test_inspected(#body, #inspect)
            .await
    };
    test_fn(&item, &inputs, problems, &attr, &private, run)
}

/// The test function: the item's attributes (and `#[test]` unless it has
/// one), its inputs, and a body that runs `run` on a runtime of its own
/// after the attribute's `let` bindings.
fn test_fn(
    item: &ItemFn,
    inputs: &syn::punctuated::Punctuated<FnArg, syn::Token![,]>,
    problems: Option<TokenStream>,
    attr: &ChaosAttr,
    private: &TokenStream,
    run: TokenStream,
) -> TokenStream {
    let test_attr = if has_test_attribute(item) {
        quote!()
    } else {
        quote!(#[::core::prelude::v1::test])
    };
    let lets = attr
        .lets
        .iter()
        .map(|(pat, expr)| quote!(let #pat = #expr;));
    let (attrs, vis, name) = (&item.attrs, &item.vis, &item.sig.ident);
    quote! {
        #problems
        #(#attrs)*
        #test_attr
        #vis fn #name(#inputs) {
            #private::block_on(async move {
                #(#lets)*
                #run
            })
        }
    }
}

/// What the test function returns, `()` when it says nothing.
fn output_type(item: &ItemFn) -> TokenStream {
    match &item.sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => quote!(#ty),
    }
}

/// Reads a Chaos Toolkit experiment at compile time (its full check runs
/// with the test); returns its absolute path.
fn load_chaostoolkit(lit: &LitStr, errors: &mut Errors) -> Option<String> {
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let path = std::path::Path::new(&root).join(lit.value());
    let text = match std::fs::metadata(&path) {
        Ok(meta) if meta.is_file() => std::fs::read_to_string(&path),
        Ok(_) => Err(std::io::Error::other("not a file")),
        Err(e) => Err(e),
    };
    let text = match text {
        Ok(text) => text,
        Err(e) => {
            let shown = lit.value();
            errors.push(
                lit.span(),
                format!("cannot read the Chaos Toolkit experiment `{shown}` (from the crate's folder): {e}"),
            );
            return None;
        }
    };
    let is_json = path.extension().is_some_and(|e| e == "json");
    if is_json {
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(doc) if doc.get("title").is_some() && doc.get("method").is_some() => {}
            Ok(_) => errors.push(
                lit.span(),
                format!(
                    "{}: a Chaos Toolkit experiment needs `title` and `method`",
                    lit.value()
                ),
            ),
            Err(e) => errors.push(
                lit.span(),
                format!("{} is not valid JSON: {e}", lit.value()),
            ),
        }
    }
    Some(path.display().to_string())
}

/// `#[chaos_test(chaostoolkit = "file")]`: the experiment runs around the
/// body (hypothesis, method, body, hypothesis, rollbacks); steps of the
/// attribute's own have no place there.
fn chaostoolkit_test(
    lit: &LitStr,
    attr: &ChaosAttr,
    item: &ItemFn,
    inputs: &syn::punctuated::Punctuated<FnArg, syn::Token![,]>,
    has_context: bool,
    mut errors: Errors,
) -> TokenStream {
    let conflicting = [
        ("experiment", attr.experiment.is_some()),
        ("pre", !attr.pre.is_empty()),
        ("before", !attr.before.is_empty()),
        ("during", !attr.during.is_empty()),
        ("post", !attr.post.is_empty()),
        ("stop_when", !attr.stop_when.is_empty()),
        ("parameters", !attr.parameters.is_empty()),
    ];
    for (option, set) in conflicting {
        if set {
            errors.push(lit.span(), format!("`chaostoolkit` runs the Chaos Toolkit experiment's own activities: remove `{option}`"));
        }
    }
    if has_context {
        errors.push(
            item.sig.span(),
            "a Chaos Toolkit test's body gets no `ChaosContext`: remove the argument",
        );
    }
    let path = load_chaostoolkit(lit, &mut errors);
    let problems = errors.into_result().err().map(|e| e.to_compile_error());
    let krate = attr
        .krate
        .as_ref()
        .map_or_else(|| quote!(::kallisti), |path| quote!(#path));
    let private = quote!(#krate::testing::__private);
    let name = &item.sig.ident;
    let output = output_type(item);
    let block = &item.block;
    let body = if item.sig.asyncness.is_some() {
        quote!(|| #private::body_future::<#output, _>(async { #block }))
    } else {
        quote!(|| #private::blocking_body(|| -> #output { #block }))
    };
    let shown = lit.value();
    let text = match &path {
        Some(path) => quote_spanned!(lit.span()=> ::core::include_str!(#path)),
        None => quote!(""),
    };
    let run = quote! {
        #private::run_chaostoolkit(
            ::core::concat!(::core::module_path!(), "::", ::core::stringify!(#name)),
            #shown,
            #text,
            #body,
        )
        .await
    };
    test_fn(item, inputs, problems, attr, &private, run)
}
