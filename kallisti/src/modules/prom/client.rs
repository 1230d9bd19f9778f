//! The connection every `prom` step shares: base URL, auth, timeout, TLS.

use crate::action::StepContext;
use crate::credential::Credential;
use crate::error::Error;
use crate::http::check_http_url;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::time::Duration;

/// The arguments that say where Prometheus is and how to reach it.
#[derive(Debug, Deserialize)]
pub(super) struct Connection {
    base_url: String,
    credentials: Option<Map<String, Value>>,
    timeout: Option<f64>,
    /// Declared by `query` and `query_interval` only; the others always verify.
    verify_tls: Option<bool>,
}

impl Connection {
    pub(super) fn check(&self) -> Result<(), Error> {
        check_http_url("base_url", &self.base_url)?;
        if let Some(t) = self.timeout {
            if !(t.is_finite() && t > 0.0) {
                return Err(Error::invalid_argument(
                    "timeout",
                    "must be a positive number of seconds",
                ));
            }
        }
        Ok(())
    }

    /// GETs `/api/v1/{endpoint}` with `params`; Prometheus's JSON answer, or a
    /// `FailedAction` carrying its `errorType` and `error`.
    pub(super) async fn get(
        &self,
        ctx: &StepContext,
        endpoint: &str,
        params: &[(&str, String)],
    ) -> Result<Value, Error> {
        let url = format!("{}/api/v1/{endpoint}", self.base_url.trim_end_matches('/'));
        let client = crate::http::client(ctx, self.verify_tls != Some(false))?;
        let mut request = client
            .get(&url, "argument `base_url`")
            .with(|r| r.query(params));
        if let Some(t) = self.timeout {
            request = request.with(|r| r.timeout(Duration::from_secs_f64(t)));
        }
        match self
            .credentials
            .as_ref()
            .map(|c| ctx.credential(c))
            .transpose()?
        {
            Some(Credential::Token(token)) => {
                request = request.with(|r| r.bearer_auth(token.expose()))
            }
            Some(Credential::UsernamePassword { username, password }) => {
                request = request.with(|r| r.basic_auth(username, Some(password.expose())))
            }
            None => {}
        }
        let query = params
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" ");
        ctx.log(format!("GET {url} {query}"));
        let response = request.send().await?;
        let status = response.status();
        let text = response.text().await.map_err(|e| {
            Error::failed_action_from(format!("GET {url}: could not read the answer: {e}"), e)
        })?;
        let answer: Value = serde_json::from_str(&text).map_err(|_| {
            let snippet: String = text.chars().take(200).collect();
            Error::failed_action(format!(
                "GET {url} answered {status} and not Prometheus JSON: {snippet}"
            ))
        })?;
        if answer["status"] != "success" {
            return Err(Error::failed_action(format!(
                "Prometheus at {} rejected the query ({status}): {}: {}",
                self.base_url,
                answer["errorType"].as_str().unwrap_or("unknown"),
                answer["error"].as_str().unwrap_or("no error message")
            )));
        }
        Ok(answer)
    }
}
