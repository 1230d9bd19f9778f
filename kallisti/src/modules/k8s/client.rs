//! The connection every `k8s` and `istio` step shares: the API server and
//! how to authenticate, one client per trial and API host, reused across
//! steps.

use crate::action::{ActionArgs, StepContext};
use crate::credential::Credential;
use crate::error::Error;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use tokio::sync::Mutex;

/// Where the in-cluster service-account token is.
const SERVICE_ACCOUNT_TOKEN: &str = "/var/run/secrets/kubernetes.io/serviceaccount/token";

/// Where the cluster's endpoint and credentials come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Platform {
    /// The step's arguments, a kubeconfig or the in-cluster environment.
    K8s,
    /// EKS, with an STS token.
    Eks,
}

/// The arguments that say where the API server is and who we are: the
/// `k8s` and `istio` namespaces' common arguments.
#[derive(Debug, Deserialize)]
pub(crate) struct Connection {
    k8s_api_host: Option<String>,
    context: Option<String>,
    platform: Platform,
    cluster_name: Option<String>,
    region: Option<String>,
    role: Option<String>,
    credentials: Option<Map<String, Value>>,
}

/// The trial's clients, one per API host and credential.
#[derive(Default)]
pub(crate) struct K8sClients {
    clients: Mutex<HashMap<String, kube::Client>>,
}

impl ActionArgs for Connection {
    fn check(&self) -> Result<(), Error> {
        if self.platform == Platform::Eks {
            // Refused up front: without the feature there is no AWS SDK to call.
            if !cfg!(feature = "eks") {
                return Err(Error::invalid_argument(
                    "platform",
                    "`platform: eks` needs kallisti's `eks` cargo feature",
                ));
            }
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
        if let Some(host) = &self.k8s_api_host {
            if crate::action::url_host(host).is_none() {
                return Err(Error::invalid_argument(
                    "k8s_api_host",
                    format!("`{host}` is not a URL such as https://10.0.0.1:6443"),
                ));
            }
        }
        Ok(())
    }
}

impl Connection {
    fn eks_region(&self) -> Option<String> {
        self.region
            .clone()
            .or_else(|| std::env::var("AWS_REGION").ok())
            .or_else(|| std::env::var("AWS_DEFAULT_REGION").ok())
    }

    /// A client for an EKS cluster: endpoint and CA from EKS, an STS token.
    #[cfg(feature = "eks")]
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

    /// Never reached: `check` refuses `platform: eks` without the feature.
    #[cfg(not(feature = "eks"))]
    async fn eks_config(&self, _ctx: &StepContext) -> Result<kube::Config, Error> {
        Err(Error::invalid_argument(
            "platform",
            "`platform: eks` needs kallisti's `eks` cargo feature",
        ))
    }

    /// The trial's client for this connection, built on first use.
    pub(crate) async fn client(&self, ctx: &StepContext) -> Result<kube::Client, Error> {
        let credential = self
            .credentials
            .as_ref()
            .map(|c| ctx.credential(c))
            .transpose()?;
        let context = self.context.clone().or_else(|| {
            std::env::var("KUBERNETES_CONTEXT")
                .ok()
                .filter(|c| !c.is_empty())
        });
        let key = format!(
            "{}|{:?}|{:?}|{:?}|{:?}|{:?}|{}",
            self.k8s_api_host.as_deref().unwrap_or("(inferred)"),
            context,
            self.platform,
            self.cluster_name,
            self.eks_region(),
            self.role,
            credential
                .as_ref()
                .map_or("default".into(), identity_digest)
        );
        let clients = ctx.trial_state::<K8sClients>();
        let mut clients = clients.clients.lock().await;
        if let Some(client) = clients.get(&key) {
            return Ok(client.clone());
        }
        let (config, source) = match (&self.k8s_api_host, credential) {
            _ if self.platform == Platform::Eks => {
                let cluster = self.cluster_name.as_deref().unwrap_or_default();
                (
                    self.eks_config(ctx).await?,
                    format!("the EKS endpoint of cluster `{cluster}`"),
                )
            }
            (None, None) => inferred_config(context).await?,
            (host, credential) => {
                let (mut config, source) = match host {
                    Some(host) => (
                        kube::Config::new(host.parse().map_err(|e| {
                            Error::invalid_argument("k8s_api_host", format!("`{host}`: {e}"))
                        })?),
                        "argument `k8s_api_host`".to_string(),
                    ),
                    None => inferred_config(context).await?,
                };
                authenticate(ctx, &mut config, credential);
                (config, source)
            }
        };
        guard(ctx, &config, &source)?;
        let client = kube::Client::try_from(config).map_err(|e| {
            Error::failed_action_from(format!("cannot build the Kubernetes client: {e}"), e)
        })?;
        clients.insert(key, client.clone());
        Ok(client)
    }
}

/// Sets the step's credential on `config`; with none, the in-cluster
/// service-account token when there is one.
fn authenticate(ctx: &StepContext, config: &mut kube::Config, credential: Option<Credential>) {
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
}

/// The configuration kube-rs would infer (a kubeconfig, at `context` when
/// given, else the in-cluster environment), with where it came from, so a
/// refusal can say so.
async fn inferred_config(context: Option<String>) -> Result<(kube::Config, String), Error> {
    let options = kube::config::KubeConfigOptions {
        context,
        ..Default::default()
    };
    let kubeconfig = match kube::Config::from_kubeconfig(&options).await {
        Ok(config) => {
            let source = match std::env::var("KUBECONFIG") {
                Ok(path) => format!("the kubeconfig (KUBECONFIG={path})"),
                Err(_) => "the kubeconfig (~/.kube/config)".to_string(),
            };
            return Ok((config, source));
        }
        Err(e) => e,
    };
    match kube::Config::incluster() {
        Ok(config) => Ok((
            config,
            "the in-cluster environment (KUBERNETES_SERVICE_HOST)".to_string(),
        )),
        Err(in_cluster) => Err(Error::failed_action(format!(
            "no `k8s_api_host`, and neither a kubeconfig ({kubeconfig}) nor an in-cluster configuration ({in_cluster})"
        ))),
    }
}

/// Checks the hosts the client will connect to (the API server, and a
/// proxy the kubeconfig names) against the trial's allow-list.
fn guard(ctx: &StepContext, config: &kube::Config, source: &str) -> Result<(), Error> {
    let allow = ctx.allow_list();
    match config.cluster_url.host() {
        Some(host) => allow.check_host(host, source)?,
        None => allow.check_url(&config.cluster_url.to_string(), source)?,
    }
    if let Some(proxy) = &config.proxy_url {
        allow.check_url(&proxy.to_string(), &format!("the proxy of {source}"))?;
    }
    Ok(())
}

/// A cache key for a credential: a digest of all of it, so two credentials
/// never share a client, and the key itself reveals nothing.
fn identity_digest(credential: &Credential) -> String {
    let mut context = ring::digest::Context::new(&ring::digest::SHA256);
    match credential {
        Credential::Token(token) => {
            context.update(b"token\0");
            context.update(token.expose().as_bytes());
        }
        Credential::UsernamePassword { username, password } => {
            context.update(b"user\0");
            context.update(username.as_bytes());
            context.update(b"\0");
            context.update(password.expose().as_bytes());
        }
    }
    context
        .finish()
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A Kubernetes API error as a `FailedAction` that says what was asked.
pub(crate) fn api_error(what: &str, error: kube::Error) -> Error {
    match error {
        kube::Error::Api(ref status) => Error::failed_action_from(
            format!(
                "{what}: {} ({} {})",
                status.message, status.code, status.reason
            ),
            error,
        ),
        other => Error::failed_action_from(format!("{what}: {other}"), other),
    }
}

/// The DER certificates of a PEM bundle.
#[cfg(feature = "eks")]
fn pem_certificates(pem: &[u8]) -> Vec<Vec<u8>> {
    use rustls_pki_types::pem::PemObject as _;
    rustls_pki_types::CertificateDer::pem_slice_iter(pem)
        .filter_map(Result::ok)
        .map(|der| der.as_ref().to_vec())
        .collect()
}

#[cfg(all(test, feature = "eks"))]
mod tests {
    /// Every certificate of a bundle, whatever surrounds it; other blocks
    /// (a key) are not certificates.
    #[test]
    fn a_pem_bundle_yields_its_certificates() {
        let bundle =
            b"subject=CN=first\n-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n\
            -----BEGIN PRIVATE KEY-----\nBAUG\n-----END PRIVATE KEY-----\n\
            -----BEGIN CERTIFICATE-----\nBwgJ\nCg==\n-----END CERTIFICATE-----\n";
        assert_eq!(
            super::pem_certificates(bundle),
            vec![vec![1, 2, 3], vec![7, 8, 9, 10]]
        );
        assert!(super::pem_certificates(b"no PEM here").is_empty());
    }
}
