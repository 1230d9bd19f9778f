//! `FakeEks`: EKS `DescribeCluster` and STS `AssumeRole`, enough for
//! `platform: eks` steps to find a cluster (a [`FakeKubernetes`](super::FakeKubernetes))
//! offline. Point `AWS_ENDPOINT_URL` at [`FakeEks::uri`]. Requests must be
//! SigV4-signed for the right service, as the real endpoints require.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use kallisti::fake::FakeEks;
//! let eks = FakeEks::builder().with_cluster("shop", "http://127.0.0.1:1").start().await;
//! assert!(eks.described_clusters().is_empty());
//! # }
//! ```

use base64::Engine as _;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The access key of the credentials `AssumeRole` hands out.
pub const ASSUMED_ACCESS_KEY: &str = "ASIAKALLISTIFAKE0001";

/// Seeds a [`FakeEks`].
#[derive(Debug, Clone, Default)]
pub struct FakeEksBuilder {
    clusters: BTreeMap<String, (String, Option<String>)>,
}

impl FakeEksBuilder {
    /// A cluster called `name` whose API server is `endpoint`.
    pub fn with_cluster(mut self, name: &str, endpoint: &str) -> Self {
        self.clusters.insert(name.into(), (endpoint.into(), None));
        self
    }

    /// A cluster with its CA bundle (PEM), as EKS returns it base64-encoded.
    pub fn with_cluster_ca(mut self, name: &str, endpoint: &str, ca_pem: &str) -> Self {
        self.clusters
            .insert(name.into(), (endpoint.into(), Some(ca_pem.into())));
        self
    }

    /// Starts the fake on a random loopback port.
    pub async fn start(self) -> FakeEks {
        let state = Arc::new(Mutex::new(State {
            clusters: self.clusters,
            ..State::default()
        }));
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(Api {
                state: Arc::clone(&state),
            })
            .mount(&server)
            .await;
        FakeEks { server, state }
    }
}

#[derive(Default)]
struct State {
    clusters: BTreeMap<String, (String, Option<String>)>,
    described: Vec<String>,
    assumed: Vec<String>,
    access_keys: Vec<String>,
}

struct Api {
    state: Arc<Mutex<State>>,
}

/// The service and access key of a SigV4 `Authorization` header.
fn signed_for(request: &Request) -> Option<(String, String)> {
    let header = request.headers.get("authorization")?.to_str().ok()?;
    let credential = header
        .strip_prefix("AWS4-HMAC-SHA256 Credential=")?
        .split(',')
        .next()?;
    let parts: Vec<&str> = credential.split('/').collect();
    (parts.len() == 5 && parts[4] == "aws4_request")
        .then(|| (parts[3].to_string(), parts[0].to_string()))
}

impl Respond for Api {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = self.state.lock().expect("fake eks state");
        let path = request.url.path().to_string();
        let signed = signed_for(request);
        if let Some((_, key)) = &signed {
            state.access_keys.push(key.clone());
        }
        if let Some(name) = path.strip_prefix("/clusters/") {
            if signed.as_ref().map(|s| s.0.as_str()) != Some("eks") {
                return ResponseTemplate::new(403)
                    .set_body_json(json!({"message": "Missing Authentication Token"}));
            }
            state.described.push(name.to_string());
            return match state.clusters.get(name) {
                Some((endpoint, ca)) => ResponseTemplate::new(200).set_body_json(json!({"cluster": {
                    "name": name,
                    "arn": format!("arn:aws:eks:us-east-1:000000000000:cluster/{name}"),
                    "endpoint": endpoint,
                    "status": "ACTIVE",
                    "version": "1.33",
                    "certificateAuthority": {"data": ca.as_ref().map(|c| base64::engine::general_purpose::STANDARD.encode(c))},
                }})),
                None => ResponseTemplate::new(404).set_body_json(json!({
                    "__type": "ResourceNotFoundException",
                    "message": format!("No cluster found for name: {name}."),
                })),
            };
        }
        let form: HashMap<String, String> =
            super::form_decode(&String::from_utf8_lossy(&request.body));
        if request.method.as_str() == "POST"
            && form.get("Action").map(String::as_str) == Some("AssumeRole")
        {
            if signed.as_ref().map(|s| s.0.as_str()) != Some("sts") {
                return ResponseTemplate::new(403).set_body_string(
                    "<ErrorResponse><Error><Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message></Error></ErrorResponse>",
                );
            }
            let role = form.get("RoleArn").cloned().unwrap_or_default();
            state.assumed.push(role.clone());
            return ResponseTemplate::new(200).set_body_string(format!(
                "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>\
                 <Credentials><AccessKeyId>{ASSUMED_ACCESS_KEY}</AccessKeyId><SecretAccessKey>fake-assumed-secret</SecretAccessKey>\
                 <SessionToken>fake-assumed-session-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>\
                 <AssumedRoleUser><Arn>{role}/kallisti</Arn><AssumedRoleId>AROAFAKE:kallisti</AssumedRoleId></AssumedRoleUser>\
                 </AssumeRoleResult></AssumeRoleResponse>"
            ));
        }
        ResponseTemplate::new(404).set_body_json(
            json!({"message": format!("FakeEks does not serve {} {path}", request.method)}),
        )
    }
}

/// A fake EKS and STS (see the module docs).
pub struct FakeEks {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl FakeEks {
    /// A builder with no cluster.
    pub fn builder() -> FakeEksBuilder {
        FakeEksBuilder::default()
    }

    /// The endpoint for `AWS_ENDPOINT_URL`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The clusters described, in order.
    pub fn described_clusters(&self) -> Vec<String> {
        self.state.lock().expect("fake eks state").described.clone()
    }

    /// The roles assumed, in order.
    pub fn assumed_roles(&self) -> Vec<String> {
        self.state.lock().expect("fake eks state").assumed.clone()
    }

    /// The access keys requests were signed with, in order.
    pub fn signing_keys(&self) -> Vec<String> {
        self.state
            .lock()
            .expect("fake eks state")
            .access_keys
            .clone()
    }

    /// Checks an EKS bearer token the way the cluster's authenticator reads
    /// it: `k8s-aws-v1.` then a base64url presigned STS `GetCallerIdentity`
    /// URL that signs the `x-k8s-aws-id` header. Returns the URL.
    pub fn check_token(token: &str) -> Result<String, String> {
        let encoded = token
            .strip_prefix("k8s-aws-v1.")
            .ok_or("no `k8s-aws-v1.` prefix")?;
        let url = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(encoded)
            .map_err(|e| format!("not base64url: {e}"))?;
        let url = String::from_utf8(url).map_err(|e| e.to_string())?;
        let query: HashMap<String, String> = url
            .split_once('?')
            .map(|(_, q)| super::form_decode(q))
            .unwrap_or_default();
        let want = |k: &str, v: &str| {
            (query.get(k).map(String::as_str) == Some(v))
                .then_some(())
                .ok_or(format!("`{k}` is not `{v}` in {url}"))
        };
        want("Action", "GetCallerIdentity")?;
        want("Version", "2011-06-15")?;
        want("X-Amz-Algorithm", "AWS4-HMAC-SHA256")?;
        want("X-Amz-SignedHeaders", "host;x-k8s-aws-id")?;
        want("X-Amz-Expires", "60")?;
        if query.get("X-Amz-Signature").is_none_or(|s| s.len() != 64) {
            return Err(format!("no signature in {url}"));
        }
        Ok(url)
    }
}
