//! The connection every `cf` step shares: the API, UAA discovery, the
//! password grant, one token per trial and user (refreshed when it expires or
//! an answer is 401), paginated lists, and CF error bodies.

use crate::action::{ActionArgs, StepContext};
use crate::credential::{Credential, Secret};
use crate::error::Error;
use crate::http::{check_http_url, GuardedClient};
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A token is renewed this long before it expires (at most).
const EXPIRY_MARGIN: Duration = Duration::from_secs(30);
/// How many pages a list may have before we stop following `next`.
const MAX_PAGES: usize = 1000;

/// The arguments that say where Cloud Foundry is and who we are: the `cf`
/// namespace's common arguments.
#[derive(Debug, Deserialize)]
pub(super) struct Connection {
    cf_api_url: String,
    credentials: Option<Map<String, Value>>,
    client_id: String,
    client_secret: String,
}

/// Whose token: (API, user, UAA client).
type TokenKey = (String, String, String);

/// Tokens and UAA endpoints of a trial, shared by its steps.
#[derive(Default)]
pub(super) struct CfSessions {
    uaa: Mutex<HashMap<String, String>>,
    /// Each token with when it is to be renewed.
    tokens: Mutex<HashMap<TokenKey, (Secret, Instant)>>,
}

/// A connected client for one step.
pub(super) struct Cf<'a> {
    ctx: &'a StepContext,
    api: String,
    http: GuardedClient,
    client_id: String,
    client_secret: String,
    credential: Credential,
}

/// What the user asked for, found or not, for messages.
pub(super) fn describe_place(org: Option<&str>, space: Option<&str>) -> String {
    match (org, space) {
        (Some(o), Some(s)) => format!(" in org `{o}`, space `{s}`"),
        (Some(o), None) => format!(" in org `{o}`"),
        (None, Some(s)) => format!(" in space `{s}`"),
        (None, None) => String::new(),
    }
}

impl ActionArgs for Connection {
    fn check(&self) -> Result<(), Error> {
        check_http_url("cf_api_url", &self.cf_api_url).map(|_| ())
    }
}

impl Connection {
    /// A client for `ctx`'s step: the credential resolved (by default
    /// `CF_USERNAME`/`CF_PASSWORD`), no request sent yet.
    pub(super) fn connect<'a>(&self, ctx: &'a StepContext) -> Result<Cf<'a>, Error> {
        let declaration = match &self.credentials {
            Some(declaration) => declaration.clone(),
            None => json!({
                "type": "ENV_VAR_USERNAME_PASSWORD",
                "username_key": "CF_USERNAME",
                "password_key": "CF_PASSWORD"
            })
            .as_object()
            .cloned()
            .unwrap_or_default(),
        };
        let credential = ctx.credential(&declaration)?;
        ctx.add_secret(&self.client_secret);
        Ok(Cf {
            ctx,
            api: self.cf_api_url.trim_end_matches('/').to_string(),
            http: crate::http::client(ctx, true)?,
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            credential,
        })
    }
}

/// Why Cloud Foundry refused: its `errors[].title/detail` (v3) or
/// `error_description` (UAA), else the body's start.
fn cf_error(body: &str) -> String {
    let parsed: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    if let Some(errors) = parsed["errors"].as_array() {
        let parts: Vec<String> = errors
            .iter()
            .map(|e| {
                format!(
                    "{} ({})",
                    e["detail"].as_str().unwrap_or("?"),
                    e["title"].as_str().unwrap_or("?")
                )
            })
            .collect();
        if !parts.is_empty() {
            return parts.join("; ");
        }
    }
    if let Some(d) = parsed["error_description"].as_str() {
        return d.to_string();
    }
    body.chars().take(200).collect()
}

impl Cf<'_> {
    /// The step's context.
    pub(super) fn ctx(&self) -> &StepContext {
        self.ctx
    }

    /// The UAA endpoint, from the API root's links (once per trial and API).
    async fn uaa(&self) -> Result<String, Error> {
        let sessions = self.ctx.trial_state::<CfSessions>();
        if let Some(uaa) = sessions.uaa.lock().expect("cf sessions").get(&self.api) {
            return Ok(uaa.clone());
        }
        let url = format!("{}/", self.api);
        let response = self.http.get(&url, "argument `cf_api_url`").send().await?;
        let status = response.status();
        let root: Value = response.json().await.unwrap_or(Value::Null);
        let uaa = root["links"]["uaa"]["href"]
            .as_str()
            .or_else(|| root["links"]["login"]["href"].as_str())
            .ok_or_else(|| {
                Error::failed_action(format!(
                    "{url} ({status}) is not a Cloud Foundry API root: it links no `uaa`"
                ))
            })?
            .trim_end_matches('/')
            .to_string();
        sessions
            .uaa
            .lock()
            .expect("cf sessions")
            .insert(self.api.clone(), uaa.clone());
        Ok(uaa)
    }

    /// A bearer token: the credential's own, or one from UAA reused across
    /// the trial until it expires (or `fresh` asks for a new one).
    async fn token(&self, fresh: bool) -> Result<Secret, Error> {
        let (username, password) = match &self.credential {
            Credential::Token(token) => return Ok(token.clone()),
            Credential::UsernamePassword { username, password } => (username, password),
        };
        let key = (self.api.clone(), username.clone(), self.client_id.clone());
        let sessions = self.ctx.trial_state::<CfSessions>();
        if !fresh {
            if let Some((token, expires)) = sessions.tokens.lock().expect("cf sessions").get(&key) {
                if Instant::now() < *expires {
                    return Ok(token.clone());
                }
            }
        }
        let url = format!("{}/oauth/token", self.uaa().await?);
        let answer = crate::http::password_grant(
            self.ctx,
            &self.http,
            &url,
            "the CF API root's `links.uaa`",
            Some((&self.client_id, &self.client_secret)),
            (username, password),
            &[],
        )
        .await?;
        let token = answer["access_token"]
            .as_str()
            .ok_or_else(|| Error::failed_action(format!("UAA {url} answered no `access_token`")))?;
        self.ctx.add_secret(token);
        let lifetime = Duration::from_secs(answer["expires_in"].as_u64().unwrap_or(600));
        // Renewed a little before it expires: 30 s, or a quarter of a short life.
        let margin = EXPIRY_MARGIN.min(lifetime / 4);
        let token = Secret::new(token);
        sessions
            .tokens
            .lock()
            .expect("cf sessions")
            .insert(key, (token.clone(), Instant::now() + lifetime - margin));
        Ok(token)
    }

    /// Sends a request to the API (`path` from `/v3/...`, or a full URL);
    /// a 401 gets one fresh token and one more try. The JSON answer, or
    /// null for an empty one.
    pub(super) async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, Error> {
        let (url, source) = if path.starts_with("http://") || path.starts_with("https://") {
            (path.to_string(), "a link in a CF API answer")
        } else {
            (format!("{}{path}", self.api), "argument `cf_api_url`")
        };
        for fresh in [false, true] {
            let token = self.token(fresh).await?;
            let mut request = self
                .http
                .request(method.clone(), &url, source)
                .with(|r| r.bearer_auth(token.expose()));
            if let Some(body) = body {
                request = request.with(|r| r.json(body));
            }
            if method != Method::GET {
                self.ctx.log(format!("{method} {url}"));
            }
            let response = request.send().await?;
            let status = response.status();
            let text = response.text().await.unwrap_or_default();
            if status == reqwest::StatusCode::UNAUTHORIZED && !fresh {
                if matches!(self.credential, Credential::Token(_)) {
                    return Err(Error::failed_action(format!(
                        "{method} {url}: 401 Unauthorized: the token was refused: {}",
                        self.ctx.redactor().redact(&cf_error(&text))
                    )));
                }
                self.ctx
                    .log("the token was refused (401): getting a new one");
                continue;
            }
            if !status.is_success() {
                return Err(Error::failed_action(format!(
                    "{method} {url}: {status}: {}",
                    self.ctx.redactor().redact(&cf_error(&text))
                )));
            }
            if text.trim().is_empty() {
                return Ok(Value::Null);
            }
            return serde_json::from_str(&text).map_err(|_| {
                Error::failed_action(format!("{method} {url}: the answer is not JSON"))
            });
        }
        unreachable!("the second try returns")
    }

    /// GETs a path.
    pub(super) async fn get(&self, path: &str) -> Result<Value, Error> {
        self.send(Method::GET, path, None).await
    }

    /// GETs every page of a v3 list (following `pagination.next.href`).
    pub(super) async fn list(&self, path: &str) -> Result<Vec<Value>, Error> {
        let mut resources = Vec::new();
        let mut next = Some(path.to_string());
        let mut pages = 0;
        while let Some(page) = next.take() {
            pages += 1;
            if pages > MAX_PAGES {
                return Err(Error::failed_action(format!(
                    "GET {path}: more than {MAX_PAGES} pages"
                )));
            }
            let answer = self.get(&page).await?;
            if let Some(items) = answer["resources"].as_array() {
                resources.extend(items.iter().cloned());
            }
            next = answer["pagination"]["next"]["href"]
                .as_str()
                .map(str::to_string);
        }
        Ok(resources)
    }
}
