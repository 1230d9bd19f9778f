//! The connection every `k8s` and `istio` step shares: the API server and
//! how to authenticate, one client per trial and API host, reused across
//! steps.

use crate::credential::Credential;
use crate::error::Error;
use crate::trial::StepContext;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use tokio::sync::Mutex;

/// Where the in-cluster service-account token is.
const SERVICE_ACCOUNT_TOKEN: &str = "/var/run/secrets/kubernetes.io/serviceaccount/token";

fn default_platform() -> String {
    "k8s".into()
}

/// The arguments that say where the API server is and who we are.
#[derive(Debug, Deserialize)]
pub(crate) struct Connection {
    #[serde(default)]
    k8s_api_host: Option<String>,
    #[serde(default = "default_platform")]
    platform: String,
    #[serde(default)]
    cluster_name: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    credentials: Option<Map<String, Value>>,
}

/// The trial's clients, one per API host and credential.
#[derive(Default)]
pub(crate) struct K8sClients {
    clients: Mutex<HashMap<String, kube::Client>>,
}

impl Connection {
    pub(crate) fn check(&self) -> Result<(), Error> {
        match self.platform.as_str() {
            "k8s" => {}
            "eks" => {
                let _ = (&self.cluster_name, &self.region, &self.role);
                return Err(Error::invalid_argument(
                    "platform",
                    "`eks` (endpoint and token from EKS and STS) is not available in this version; give `k8s_api_host` and a token credential",
                ));
            }
            other => {
                return Err(Error::invalid_argument(
                    "platform",
                    format!("must be `k8s` or `eks`, not `{other}`"),
                ))
            }
        }
        if let Some(host) = &self.k8s_api_host {
            if crate::trial::url_host(host).is_none() {
                return Err(Error::invalid_argument(
                    "k8s_api_host",
                    format!("`{host}` is not a URL such as https://10.0.0.1:6443"),
                ));
            }
        }
        Ok(())
    }

    /// The trial's client for this connection, built on first use.
    pub(crate) async fn client(&self, ctx: &StepContext) -> Result<kube::Client, Error> {
        let credential = self
            .credentials
            .as_ref()
            .map(|c| ctx.credential(c))
            .transpose()?;
        let key = format!(
            "{}|{}",
            self.k8s_api_host.as_deref().unwrap_or("(inferred)"),
            match &credential {
                Some(Credential::Token(t)) => format!("token:{}", t.expose().len()),
                Some(Credential::UsernamePassword { username, .. }) => format!("user:{username}"),
                None => "default".into(),
            }
        );
        let clients = ctx.trial_state::<K8sClients>();
        let mut clients = clients.clients.lock().await;
        if let Some(client) = clients.get(&key) {
            return Ok(client.clone());
        }
        let config = match (&self.k8s_api_host, credential) {
            (None, None) => kube::Config::infer().await.map_err(|e| {
                Error::failed_action(format!(
                    "no `k8s_api_host` and no kubeconfig or in-cluster configuration: {e}"
                ))
            })?,
            (host, credential) => {
                let mut config = match host {
                    Some(host) => kube::Config::new(host.parse().map_err(|e| {
                        Error::invalid_argument("k8s_api_host", format!("`{host}`: {e}"))
                    })?),
                    None => kube::Config::infer().await.map_err(|e| {
                        Error::failed_action(format!(
                            "no kubeconfig or in-cluster configuration: {e}"
                        ))
                    })?,
                };
                match credential {
                    Some(Credential::Token(token)) => {
                        config.auth_info.token = Some(token.expose().to_string().into());
                    }
                    Some(Credential::UsernamePassword { username, password }) => {
                        config.auth_info.username = Some(username);
                        config.auth_info.password = Some(password.expose().to_string().into());
                    }
                    None => match std::fs::read_to_string(SERVICE_ACCOUNT_TOKEN) {
                        Ok(token) => {
                            ctx.add_secret(token.trim());
                            config.auth_info.token = Some(token.trim().to_string().into());
                        }
                        Err(_) => ctx.log(format!(
                            "no credentials and no service-account token at {SERVICE_ACCOUNT_TOKEN}: calling the API anonymously"
                        )),
                    },
                }
                config
            }
        };
        let client = kube::Client::try_from(config).map_err(|e| {
            Error::failed_action(format!("cannot build the Kubernetes client: {e}"))
        })?;
        clients.insert(key, client.clone());
        Ok(client)
    }
}

/// A Kubernetes API error as a `FailedAction` that says what was asked.
pub(crate) fn api_error(what: &str, error: kube::Error) -> Error {
    match error {
        kube::Error::Api(status) => Error::failed_action(format!(
            "{what}: {} ({} {})",
            status.message, status.code, status.reason
        )),
        other => Error::failed_action(format!("{what}: {other}")),
    }
}
