//! The options of `#[chaos_test(...)]`.

use crate::json::Json;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{parenthesized, Expr, Ident, LitBool, LitInt, LitStr, Pat, Token};

/// Every option, for "did you mean" on a misspelled one.
pub const OPTIONS: [&str; 24] = [
    "let",
    "chaostoolkit",
    "parameters",
    "pre",
    "before",
    "during",
    "post",
    "experiment",
    "registry",
    "namespaces",
    "dry_run",
    "allow_hosts",
    "allow_namespaces",
    "allow_aws_accounts",
    "allow_aws_regions",
    "allow_cf_spaces",
    "allow_processes",
    "require_allow_list",
    "seed",
    "stop_when",
    "step_timeout",
    "timeout",
    "inspect",
    "crate",
];

/// A `name = expr` parameter.
pub struct Parameter {
    pub name: Ident,
    pub value: Expr,
}

/// A phase's steps, as written.
pub struct Steps {
    pub steps: Vec<Json>,
}

/// The parsed attribute.
#[derive(Default)]
pub struct ChaosAttr {
    pub lets: Vec<(Pat, Expr)>,
    pub parameters: Vec<Parameter>,
    pub pre: Vec<Json>,
    pub before: Vec<Json>,
    pub during: Vec<Json>,
    pub post: Vec<Json>,
    pub experiment: Option<LitStr>,
    /// `chaostoolkit = "file.yaml"`: a Chaos Toolkit experiment around the body.
    pub chaostoolkit: Option<LitStr>,
    pub registry: Option<Expr>,
    pub namespaces: Vec<Ident>,
    pub dry_run: Option<LitBool>,
    /// `allow_*` lists: the `AllowList` method each feeds, and its patterns.
    pub allow: Vec<(&'static str, Vec<LitStr>)>,
    pub require_allow_list: Option<LitBool>,
    pub seed: Option<LitInt>,
    pub stop_when: Vec<Json>,
    pub step_timeout: Option<LitStr>,
    pub timeout: Option<LitStr>,
    pub inspect: Option<Expr>,
    /// `crate = path`: where the `kallisti` crate is, when renamed or
    /// re-exported.
    pub krate: Option<syn::Path>,
}

impl Parse for Parameter {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name = Ident::parse_any(input)?;
        input.parse::<Token![=]>()?;
        let value: Expr = input.parse()?;
        Ok(Parameter { name, value })
    }
}

impl Parse for Steps {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let steps = Punctuated::<Json, Token![,]>::parse_terminated(input)?;
        Ok(Steps {
            steps: steps.into_iter().collect(),
        })
    }
}

fn set_once<T>(slot: &mut Option<T>, value: T, name: &Ident) -> syn::Result<()> {
    if slot.is_some() {
        return Err(syn::Error::new(
            name.span(),
            format!("`{name}` is given twice"),
        ));
    }
    *slot = Some(value);
    Ok(())
}

/// A duration literal as the runtime reads it: checked here, with the
/// runtime's own grammar, so a typo is a compile error.
fn duration(lit: LitStr) -> syn::Result<LitStr> {
    match kallisti_catalog::parse_duration(&lit.value()) {
        Ok(_) => Ok(lit),
        Err(message) => Err(syn::Error::new(lit.span(), message)),
    }
}

impl Parse for ChaosAttr {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut attr = ChaosAttr::default();
        while !input.is_empty() {
            if input.peek(Token![let]) {
                input.parse::<Token![let]>()?;
                let pat = Pat::parse_single(input)?;
                input.parse::<Token![=]>()?;
                let value: Expr = input.parse()?;
                attr.lets.push((pat, value));
            } else {
                let name = Ident::parse_any(input)?;
                match name.to_string().as_str() {
                    "crate" => {
                        input.parse::<Token![=]>()?;
                        set_once(&mut attr.krate, input.parse()?, &name)?;
                    }
                    "parameters" => {
                        let content;
                        parenthesized!(content in input);
                        let list = Punctuated::<Parameter, Token![,]>::parse_terminated(&content)?;
                        attr.parameters.extend(list);
                    }
                    phase @ ("pre" | "before" | "during" | "post" | "stop_when") => {
                        let content;
                        parenthesized!(content in input);
                        let steps: Steps = content.parse()?;
                        let target = match phase {
                            "pre" => &mut attr.pre,
                            "before" => &mut attr.before,
                            "during" => &mut attr.during,
                            "stop_when" => &mut attr.stop_when,
                            _ => &mut attr.post,
                        };
                        target.extend(steps.steps);
                    }
                    "experiment" => {
                        input.parse::<Token![=]>()?;
                        set_once(&mut attr.experiment, input.parse()?, &name)?;
                    }
                    "chaostoolkit" => {
                        input.parse::<Token![=]>()?;
                        set_once(&mut attr.chaostoolkit, input.parse()?, &name)?;
                    }
                    "registry" => {
                        input.parse::<Token![=]>()?;
                        set_once(&mut attr.registry, input.parse()?, &name)?;
                    }
                    "inspect" => {
                        input.parse::<Token![=]>()?;
                        set_once(&mut attr.inspect, input.parse()?, &name)?;
                    }
                    "namespaces" => {
                        let content;
                        parenthesized!(content in input);
                        let list = Punctuated::<Ident, Token![,]>::parse_terminated_with(
                            &content,
                            Ident::parse_any,
                        )?;
                        attr.namespaces.extend(list);
                    }
                    "dry_run" => {
                        input.parse::<Token![=]>()?;
                        set_once(&mut attr.dry_run, input.parse()?, &name)?;
                    }
                    list @ ("allow_hosts" | "allow_namespaces" | "allow_aws_accounts"
                    | "allow_aws_regions" | "allow_cf_spaces" | "allow_processes") => {
                        let content;
                        parenthesized!(content in input);
                        let patterns = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
                        let method = match list {
                            "allow_hosts" => "hosts",
                            "allow_namespaces" => "namespaces",
                            "allow_aws_accounts" => "aws_accounts",
                            "allow_aws_regions" => "aws_regions",
                            "allow_cf_spaces" => "cf_spaces",
                            _ => "processes",
                        };
                        attr.allow.push((method, patterns.into_iter().collect()));
                    }
                    "require_allow_list" => {
                        input.parse::<Token![=]>()?;
                        set_once(&mut attr.require_allow_list, input.parse()?, &name)?;
                    }
                    "seed" => {
                        input.parse::<Token![=]>()?;
                        let seed: LitInt = input.parse()?;
                        seed.base10_parse::<u64>()?;
                        set_once(&mut attr.seed, seed, &name)?;
                    }
                    "step_timeout" | "timeout" => {
                        input.parse::<Token![=]>()?;
                        let lit = duration(input.parse()?)?;
                        if name == "timeout" {
                            set_once(&mut attr.timeout, lit, &name)?;
                        } else {
                            set_once(&mut attr.step_timeout, lit, &name)?;
                        }
                    }
                    other => {
                        let hint = kallisti_catalog::closest(other, OPTIONS)
                            .map(|c| format!("; did you mean `{c}`?"))
                            .unwrap_or_default();
                        return Err(syn::Error::new(
                            name.span(),
                            format!(
                                "unknown option `{other}` of #[chaos_test] (it takes {}){hint}",
                                OPTIONS.join(", ")
                            ),
                        ));
                    }
                }
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(attr)
    }
}
