//! JSON written as Rust tokens: `{"url": "{{ base_url }}/health", method: "GET"}`.
//!
//! Keys are string literals or bare names (`do` and `where` included);
//! values are JSON literals, objects, lists, or any Rust expression, which is
//! serialized at run time. Every node keeps its span for error messages.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{braced, bracketed, Expr, Ident, Lit, LitStr, Token};

/// An object key and where it was written.
#[derive(Clone)]
pub struct Key {
    pub name: String,
    pub span: Span,
}

/// A JSON value written as tokens.
#[derive(Clone)]
pub enum Json {
    Null(Span),
    Bool(bool, Span),
    /// A number as written (`-3`, `2.5`), and whether it is whole.
    Number(String, bool, Span),
    Str(String, Span),
    List(Vec<Json>, Span),
    Object(Vec<(Key, Json)>, Span),
    /// A Rust expression, serialized when the test runs.
    Expr(Box<Expr>),
}

impl Json {
    pub fn span(&self) -> Span {
        match self {
            Json::Null(s) | Json::Bool(_, s) | Json::Number(_, _, s) | Json::Str(_, s) => *s,
            Json::List(_, s) | Json::Object(_, s) => *s,
            Json::Expr(e) => syn::spanned::Spanned::span(e),
        }
    }

    /// The entry `key` of an object.
    pub fn get(&self, key: &str) -> Option<&(Key, Json)> {
        match self {
            Json::Object(entries, _) => entries.iter().find(|(k, _)| k.name == key),
            _ => None,
        }
    }

    /// The text of a string literal.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s, _) => Some(s),
            _ => None,
        }
    }

    /// Whether the value holds no Rust expression, so it is known now.
    fn is_literal(&self) -> bool {
        match self {
            Json::Expr(_) => false,
            Json::List(items, _) => items.iter().all(Json::is_literal),
            Json::Object(entries, _) => entries.iter().all(|(_, v)| v.is_literal()),
            _ => true,
        }
    }

    /// The literal as JSON text (only for [`is_literal`](Self::is_literal) values).
    fn to_json_text(&self) -> String {
        match self {
            Json::Null(_) => "null".into(),
            Json::Bool(b, _) => b.to_string(),
            Json::Number(n, _, _) => n.clone(),
            Json::Str(s, _) => serde_json::Value::String(s.clone()).to_string(),
            Json::List(items, _) => {
                let items: Vec<String> = items.iter().map(Json::to_json_text).collect();
                format!("[{}]", items.join(","))
            }
            Json::Object(entries, _) => {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "{}:{}",
                            serde_json::Value::String(k.name.clone()),
                            v.to_json_text()
                        )
                    })
                    .collect();
                format!("{{{}}}", entries.join(","))
            }
            Json::Expr(_) => unreachable!("only literals are written as JSON text"),
        }
    }

    /// Code building the value as a `serde_json::Value`, through the
    /// support functions of the `kallisti` crate at `krate`.
    pub fn to_tokens(&self, krate: &TokenStream) -> TokenStream {
        let support = quote!(#krate::testing::__private);
        if self.is_literal() {
            let text = self.to_json_text();
            return quote_spanned!(self.span()=> #support::json_literal(#text));
        }
        match self {
            Json::Expr(expr) => {
                quote_spanned!(syn::spanned::Spanned::span(expr)=> #support::to_json(&(#expr)))
            }
            Json::List(items, _) => {
                let items = items.iter().map(|item| item.to_tokens(krate));
                quote!(#support::json_list(::std::vec![#(#items),*]))
            }
            Json::Object(entries, _) => {
                let keys = entries.iter().map(|(k, _)| &k.name);
                let values = entries.iter().map(|(_, v)| v.to_tokens(krate));
                quote!(#support::json_object(::std::vec![#((#keys, #values)),*]))
            }
            _ => unreachable!("scalars are literals"),
        }
    }

    /// A JSON value read from a file, every node spanned at `span`.
    pub fn from_value(value: &serde_json::Value, span: Span) -> Json {
        match value {
            serde_json::Value::Null => Json::Null(span),
            serde_json::Value::Bool(b) => Json::Bool(*b, span),
            serde_json::Value::Number(n) => {
                Json::Number(n.to_string(), n.is_i64() || n.is_u64(), span)
            }
            serde_json::Value::String(s) => Json::Str(s.clone(), span),
            serde_json::Value::Array(items) => Json::List(
                items.iter().map(|v| Json::from_value(v, span)).collect(),
                span,
            ),
            serde_json::Value::Object(map) => Json::Object(
                map.iter()
                    .map(|(k, v)| {
                        (
                            Key {
                                name: k.clone(),
                                span,
                            },
                            Json::from_value(v, span),
                        )
                    })
                    .collect(),
                span,
            ),
        }
    }
}

impl Parse for Key {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(LitStr) {
            let lit: LitStr = input.parse()?;
            Ok(Key {
                name: lit.value(),
                span: lit.span(),
            })
        } else if input.peek(Ident::peek_any) {
            let ident = Ident::parse_any(input)?;
            Ok(Key {
                name: ident.to_string(),
                span: ident.span(),
            })
        } else {
            Err(input.error("expected a key: a string or a name"))
        }
    }
}

impl Parse for Json {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(syn::token::Brace) {
            let content;
            let brace = braced!(content in input);
            let mut entries = Vec::new();
            while !content.is_empty() {
                let key: Key = content.parse()?;
                content.parse::<Token![:]>()?;
                let value: Json = content.parse()?;
                entries.push((key, value));
                if content.is_empty() {
                    break;
                }
                content.parse::<Token![,]>()?;
            }
            return Ok(Json::Object(entries, brace.span.join()));
        }
        if input.peek(syn::token::Bracket) {
            let content;
            let bracket = bracketed!(content in input);
            let items = content.parse_terminated(Json::parse, Token![,])?;
            return Ok(Json::List(items.into_iter().collect(), bracket.span.join()));
        }
        if input.peek(Token![-]) && (input.peek2(syn::LitInt) || input.peek2(syn::LitFloat)) {
            let minus: Token![-] = input.parse()?;
            let lit: Lit = input.parse()?;
            return Ok(number(&lit, true).unwrap_or_else(|| Json::Null(minus.span)));
        }
        if input.peek(Lit) && (input.peek2(Token![,]) || peek_end(input)) {
            let lit: Lit = input.parse()?;
            return match &lit {
                Lit::Str(s) => Ok(Json::Str(s.value(), s.span())),
                Lit::Bool(b) => Ok(Json::Bool(b.value, b.span)),
                Lit::Int(_) | Lit::Float(_) => Ok(number(&lit, false).expect("a number")),
                other => Err(syn::Error::new(
                    other.span(),
                    "not a JSON value: use a string, number, boolean, null, list, object or an expression",
                )),
            };
        }
        if input.peek(Ident) && (input.peek2(Token![,]) || peek_end(input)) {
            let fork = input.fork();
            let ident: Ident = fork.parse()?;
            if ident == "null" {
                input.parse::<Ident>()?;
                return Ok(Json::Null(ident.span()));
            }
        }
        Ok(Json::Expr(Box::new(input.parse()?)))
    }
}

fn peek_end(input: ParseStream) -> bool {
    let fork = input.fork();
    let _ = fork.parse::<proc_macro2::TokenTree>();
    fork.is_empty()
}

fn number(lit: &Lit, negative: bool) -> Option<Json> {
    let sign = if negative { "-" } else { "" };
    match lit {
        Lit::Int(i) => Some(Json::Number(
            format!("{sign}{}", i.base10_digits()),
            true,
            i.span(),
        )),
        Lit::Float(f) => Some(Json::Number(
            format!("{sign}{}", f.base10_digits()),
            false,
            f.span(),
        )),
        _ => None,
    }
}
