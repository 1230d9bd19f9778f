//! HTTP step authentication: `{"type": "oauth2_token", ...}`.
//!
//! A token credential is sent as is. A user-name/password credential is
//! exchanged at `url` with a password grant (client id and secret as HTTP
//! Basic), and the answer's `token_key` (default `access_token`) is sent.

use crate::credential::{Credential, Secret};
use crate::error::Error;
use serde::Deserialize;
use serde_json::{Map, Value};

fn default_token_key() -> String {
    "access_token".into()
}

#[derive(Debug, Deserialize)]
pub(super) struct Client {
    id: String,
    #[serde(default)]
    secret: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct Authentication {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    url: Option<String>,
    credentials: Map<String, Value>,
    #[serde(default)]
    client: Option<Client>,
    #[serde(default)]
    resource: Option<String>,
    // Serde default: `authentication` is one mapping argument, decoded
    // here whole, so the planner fills in no default inside it.
    #[serde(default = "default_token_key")]
    token_key: String,
}

impl Authentication {
    pub(super) fn check(&self) -> Result<(), Error> {
        if self.kind != "oauth2_token" {
            return Err(Error::invalid_argument(
                "authentication.type",
                format!("`{}` is not supported (only `oauth2_token`)", self.kind),
            ));
        }
        if let Some(url) = &self.url {
            reqwest::Url::parse(url).map_err(|e| {
                Error::invalid_argument("authentication.url", format!("`{url}` is not a URL: {e}"))
            })?;
        }
        Ok(())
    }
}

/// The bearer token `authentication` yields.
pub(super) async fn bearer_token(
    authentication: &Authentication,
    client: &crate::http::GuardedClient,
    ctx: &crate::action::StepContext,
) -> Result<Secret, Error> {
    let (username, password) = match ctx.credential(&authentication.credentials)? {
        Credential::Token(token) => return Ok(token),
        Credential::UsernamePassword { username, password } => (username, password),
    };
    let url = authentication.url.as_deref().ok_or_else(|| {
        Error::invalid_argument(
            "authentication.url",
            "a user-name/password credential needs the token endpoint `url`",
        )
    })?;
    let extra: Vec<(&str, &str)> = authentication
        .resource
        .as_deref()
        .map(|r| ("resource", r))
        .into_iter()
        .collect();
    let oauth_client = authentication
        .client
        .as_ref()
        .map(|c| (c.id.as_str(), c.secret.as_str()));
    let answer = crate::http::password_grant(
        ctx,
        client,
        url,
        "argument `authentication.url`",
        oauth_client,
        (&username, &password),
        &extra,
    )
    .await?;
    let token = answer
        .get(&authentication.token_key)
        .and_then(Value::as_str)
        .ok_or_else(|| {
            Error::failed_action(format!(
                "token endpoint {url} answered no `{}` string",
                authentication.token_key
            ))
        })?;
    ctx.add_secret(token);
    Ok(Secret::new(token))
}
