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
                if self.cluster_name.is_none() {
                    return Err(Error::invalid_argument(
                        "cluster_name",
                        "`platform: eks` needs the cluster's name",
                    ));
                }
                if self.eks_region().is_none() {
                    return Err(Error::invalid_argument(
                        "region",
                        "`platform: eks` needs `region` (or AWS_REGION in the environment)",
                    ));
                }
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

    fn eks_region(&self) -> Option<String> {
        self.region
            .clone()
            .or_else(|| std::env::var("AWS_REGION").ok())
            .or_else(|| std::env::var("AWS_DEFAULT_REGION").ok())
    }

    /// A client for an EKS cluster: endpoint and CA from EKS, an STS token.
    async fn eks_config(&self, ctx: &StepContext) -> Result<kube::Config, Error> {
        let cluster = self.cluster_name.as_deref().unwrap_or_default();
        let region = self.eks_region().unwrap_or_default();
        let eks = super::eks::connect(ctx, cluster, &region, self.role.as_deref()).await?;
        let mut config = kube::Config::new(eks.endpoint.parse().map_err(|e| {
            Error::failed_action(format!("EKS gave the endpoint `{}`: {e}", eks.endpoint))
        })?);
        if let Some(pem) = eks.ca_pem {
            config.root_cert = Some(pem_certificates(&pem));
        }
        config.auth_info.token = Some(eks.token.into());
        Ok(config)
    }

    /// The trial's client for this connection, built on first use.
    pub(crate) async fn client(&self, ctx: &StepContext) -> Result<kube::Client, Error> {
        let credential = self
            .credentials
            .as_ref()
            .map(|c| ctx.credential(c))
            .transpose()?;
        let key = format!(
            "{}|{}|{:?}|{:?}|{:?}|{}",
            self.k8s_api_host.as_deref().unwrap_or("(inferred)"),
            self.platform,
            self.cluster_name,
            self.eks_region(),
            self.role,
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
            _ if self.platform == "eks" => self.eks_config(ctx).await?,
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

/// The DER certificates of a PEM bundle.
fn pem_certificates(pem: &[u8]) -> Vec<Vec<u8>> {
    use base64::Engine as _;
    let text = String::from_utf8_lossy(pem);
    let mut certificates = Vec::new();
    let mut body = String::new();
    let mut inside = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with("-----BEGIN CERTIFICATE") {
            inside = true;
            body.clear();
        } else if line.starts_with("-----END CERTIFICATE") {
            inside = false;
            if let Ok(der) = base64::engine::general_purpose::STANDARD.decode(&body) {
                certificates.push(der);
            }
        } else if inside {
            body.push_str(line);
        }
    }
    certificates
}
