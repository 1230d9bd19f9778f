//! `FakeEks`: EKS `DescribeCluster` and STS `AssumeRole` as the AWS SDK
//! sends them, enough for `platform: eks` steps to find a cluster (a
//! [`FakeKubernetes`](super::FakeKubernetes)) offline. Point
//! `AWS_ENDPOINT_URL` at [`FakeEks::uri`].
//!
//! Like the real endpoints, it recomputes every SigV4 signature with the
//! secret of the access key used, and [`FakeEks::check_token`] checks a
//! bearer token the way the cluster's authenticator would. It knows the
//! pairs given to [`FakeEksBuilder::with_credentials`] (else
//! [`FakeEks::DEFAULT_ACCESS_KEY`] / [`FakeEks::DEFAULT_SECRET_KEY`]) and
//! the credentials its `AssumeRole` hands out. Checking signatures needs
//! kallisti's `eks` feature (it uses `aws-sigv4`); without it, every signed
//! request and token is refused, saying so.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use kallisti::fake::FakeEks;
//! let eks = FakeEks::builder().with_cluster("shop", "http://127.0.0.1:1").start().await;
//! assert!(eks.described_clusters().is_empty());
//! # }
//! ```

mod sigv4;

use base64::Engine as _;
use serde_json::json;
use sigv4::{amz_date, scope, Refusal, Signed};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The access key of the credentials `AssumeRole` hands out.
pub const ASSUMED_ACCESS_KEY: &str = "ASIAKALLISTIFAKE0001";
const ASSUMED_SECRET_KEY: &str = "fake-assumed-secret";
const ASSUMED_SESSION_TOKEN: &str = "fake-assumed-session-token";

/// A secret and, for temporary credentials, the session token that must
/// come with it.
#[derive(Clone)]
struct Secret {
    secret_access_key: String,
    session_token: Option<String>,
}

/// Seeds a [`FakeEks`].
#[derive(Debug, Clone, Default)]
pub struct FakeEksBuilder {
    clusters: BTreeMap<String, (String, Option<String>)>,
    credentials: BTreeMap<String, String>,
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

    /// A key pair the fake accepts signatures from. The first one given
    /// replaces the default pair.
    pub fn with_credentials(mut self, access_key_id: &str, secret_access_key: &str) -> Self {
        self.credentials
            .insert(access_key_id.into(), secret_access_key.into());
        self
    }

    /// Starts the fake on a random loopback port.
    pub async fn start(self) -> FakeEks {
        self.serve(None).await
    }

    /// Starts the fake on `listener` (a fixed port, for tools outside Rust).
    pub async fn start_on(self, listener: std::net::TcpListener) -> FakeEks {
        self.serve(Some(listener)).await
    }

    async fn serve(self, listener: Option<std::net::TcpListener>) -> FakeEks {
        let mut keys: BTreeMap<String, Secret> = self
            .credentials
            .into_iter()
            .map(|(key, secret)| (key, Secret::long_term(&secret)))
            .collect();
        if keys.is_empty() {
            keys.insert(
                FakeEks::DEFAULT_ACCESS_KEY.into(),
                Secret::long_term(FakeEks::DEFAULT_SECRET_KEY),
            );
        }
        keys.insert(
            ASSUMED_ACCESS_KEY.into(),
            Secret {
                secret_access_key: ASSUMED_SECRET_KEY.into(),
                session_token: Some(ASSUMED_SESSION_TOKEN.into()),
            },
        );
        let state = Arc::new(Mutex::new(State {
            clusters: self.clusters,
            keys,
            ..State::default()
        }));
        let server = match listener {
            Some(listener) => MockServer::builder().listener(listener).start().await,
            None => MockServer::start().await,
        };
        Mock::given(any())
            .respond_with(Api {
                state: Arc::clone(&state),
            })
            .mount(&server)
            .await;
        FakeEks { server, state }
    }
}

impl Secret {
    fn long_term(secret: &str) -> Self {
        Secret {
            secret_access_key: secret.into(),
            session_token: None,
        }
    }
}

#[derive(Default)]
struct State {
    clusters: BTreeMap<String, (String, Option<String>)>,
    keys: BTreeMap<String, Secret>,
    described: Vec<String>,
    assumed: Vec<String>,
    access_keys: Vec<String>,
}

fn rest_json_error(status: u16, code: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("x-amzn-errortype", code)
        .set_body_json(json!({ "message": message }))
}

impl State {
    /// Checks a header-signed SDK request for `service`, recording its key.
    fn authenticate(&mut self, request: &Request, service: &'static str) -> Result<(), Refusal> {
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
        let authorization = header("authorization")
            .and_then(|a| a.strip_prefix("AWS4-HMAC-SHA256 "))
            .ok_or(Refusal::Missing)?;
        let part = |name: &str| {
            authorization
                .split(',')
                .find_map(|p| p.trim().strip_prefix(name))
                .ok_or(Refusal::Missing)
        };
        let (credential, signed_headers) = (part("Credential=")?, part("SignedHeaders=")?);
        let given = part("Signature=")?;
        let (key, region, scoped_to) = scope(credential).ok_or(Refusal::Missing)?;
        self.access_keys.push(key.to_string());
        if scoped_to != service {
            return Err(Refusal::WrongService(service));
        }
        let secret = self.keys.get(key).ok_or(Refusal::UnknownKey)?;
        let session_token = header("x-amz-security-token");
        if secret.session_token.is_some() && secret.session_token.as_deref() != session_token {
            return Err(Refusal::UnknownKey);
        }
        let mut headers = Vec::new();
        for name in signed_headers.split(';') {
            for value in request.headers.get_all(name) {
                headers.push((name, value.to_str().map_err(|_| Refusal::Mismatch)?));
            }
        }
        let signed = Signed {
            method: request.method.as_str(),
            url: request.url.as_str(),
            headers,
            body: &request.body,
            region,
            service,
            time: header("x-amz-date")
                .and_then(amz_date)
                .ok_or(Refusal::Missing)?,
            expires_in: None,
        };
        match signed.signature(key, &secret.secret_access_key, session_token) {
            Ok(expected) if expected == given => Ok(()),
            _ => Err(Refusal::Mismatch),
        }
    }
}

struct Api {
    state: Arc<Mutex<State>>,
}

impl Respond for Api {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = self.state.lock().expect("fake eks state");
        if let Some(name) = request.url.path().strip_prefix("/clusters/") {
            if let Err(refusal) = state.authenticate(request, "eks") {
                return refusal.eks();
            }
            return describe_cluster(&mut state, &super::percent_decode(name));
        }
        let form = super::form_decode(&String::from_utf8_lossy(&request.body));
        if request.method.as_str() == "POST"
            && form.get("Action").map(String::as_str) == Some("AssumeRole")
        {
            if let Err(refusal) = state.authenticate(request, "sts") {
                return refusal.sts();
            }
            return assume_role(&mut state, &form);
        }
        rest_json_error(
            404,
            "UnknownOperationException",
            &format!(
                "FakeEks does not serve {} {}",
                request.method,
                request.url.path()
            ),
        )
    }
}

/// EKS `DescribeCluster`: the cluster, or `ResourceNotFoundException`.
fn describe_cluster(state: &mut State, name: &str) -> ResponseTemplate {
    state.described.push(name.to_string());
    match state.clusters.get(name) {
        Some((endpoint, ca)) => ResponseTemplate::new(200).set_body_json(json!({"cluster": {
            "name": name,
            "arn": format!("arn:aws:eks:us-east-1:000000000000:cluster/{name}"),
            "endpoint": endpoint,
            "status": "ACTIVE",
            "version": "1.33",
            "certificateAuthority": {
                "data": ca.as_ref().map(|c| base64::engine::general_purpose::STANDARD.encode(c)),
            },
        }})),
        None => rest_json_error(
            404,
            "ResourceNotFoundException",
            &format!("No cluster found for name: {name}."),
        ),
    }
}

/// STS `AssumeRole`: the fake's temporary credentials for any role, even
/// a placeholder ARN such as the seed examples' `arn:aws:iam:...`.
fn assume_role(state: &mut State, form: &HashMap<String, String>) -> ResponseTemplate {
    let role = form.get("RoleArn").cloned().unwrap_or_default();
    state.assumed.push(role.clone());
    // The SDK reads the assumed-role ARN back, so it must be well formed.
    let parts: Vec<&str> = role.split(':').collect();
    let account = match parts.get(4) {
        Some(a) if a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()) => a,
        _ => "000000000000",
    };
    let name = role.rsplit(['/', ':']).next().unwrap_or_default();
    let session = form
        .get("RoleSessionName")
        .map_or("session", String::as_str);
    let assumed = format!("arn:aws:sts::{account}:assumed-role/{name}/{session}");
    ResponseTemplate::new(200)
        .insert_header("content-type", "text/xml")
        .set_body_string(format!(
            "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>\
             <Credentials><AccessKeyId>{ASSUMED_ACCESS_KEY}</AccessKeyId>\
             <SecretAccessKey>{ASSUMED_SECRET_KEY}</SecretAccessKey>\
             <SessionToken>{ASSUMED_SESSION_TOKEN}</SessionToken>\
             <Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>\
             <AssumedRoleUser><Arn>{assumed}</Arn><AssumedRoleId>AROAKALLISTIFAKE:{session}</AssumedRoleId></AssumedRoleUser>\
             </AssumeRoleResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId>\
             </ResponseMetadata></AssumeRoleResponse>"
        ))
}

/// A fake EKS and STS (see the module docs).
pub struct FakeEks {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl FakeEks {
    /// The access key a fake knows when seeded with none.
    pub const DEFAULT_ACCESS_KEY: &'static str = "AKIAKALLISTIFAKE0000";
    /// The secret of [`FakeEks::DEFAULT_ACCESS_KEY`].
    pub const DEFAULT_SECRET_KEY: &'static str = "kallisti-fake-secret-access-key";

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

    /// Checks an EKS bearer token for `cluster` the way the cluster's
    /// authenticator and STS would: `k8s-aws-v1.` then a base64url presigned
    /// `GetCallerIdentity` URL (60 s, as `aws eks get-token` makes it) signed
    /// less than 15 minutes ago, signing `x-k8s-aws-id: <cluster>`, whose
    /// signature is what the secret this fake knows for its access key makes.
    /// Returns the URL. The URL's host is not checked, so a fake seeded with
    /// other keys can check another fake's token.
    pub fn check_token(&self, token: &str, cluster: &str) -> Result<String, String> {
        let encoded = token
            .strip_prefix("k8s-aws-v1.")
            .ok_or("no `k8s-aws-v1.` prefix")?;
        let url = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(encoded)
            .map_err(|e| format!("not base64url: {e}"))?;
        let url = String::from_utf8(url).map_err(|e| e.to_string())?;
        let (base, query) = url.split_once('?').ok_or(format!("no query in {url}"))?;
        let params = super::form_decode(query);
        let want = |k: &str, v: &str| {
            (params.get(k).map(String::as_str) == Some(v))
                .then_some(())
                .ok_or(format!("`{k}` is not `{v}` in {url}"))
        };
        want("Action", "GetCallerIdentity")?;
        want("Version", "2011-06-15")?;
        want("X-Amz-Algorithm", "AWS4-HMAC-SHA256")?;
        want("X-Amz-Expires", "60")?;
        if !params
            .get("X-Amz-SignedHeaders")
            .is_some_and(|h| h.split(';').any(|h| h == "x-k8s-aws-id"))
        {
            return Err(format!("the token does not sign `x-k8s-aws-id`: {url}"));
        }
        want("X-Amz-SignedHeaders", "host;x-k8s-aws-id")?;
        self.check_presigned(base, query, &params, cluster)?;
        Ok(url)
    }

    /// The expiry, access key and signature of a presigned URL.
    fn check_presigned(
        &self,
        base: &str,
        query: &str,
        params: &HashMap<String, String>,
        cluster: &str,
    ) -> Result<(), String> {
        let param = |k: &str| params.get(k).map(String::as_str).ok_or(format!("no `{k}`"));
        let (key, region, service) =
            scope(param("X-Amz-Credential")?).ok_or("`X-Amz-Credential` is not a SigV4 scope")?;
        if service != "sts" {
            return Err(format!("signed for `{service}`, not `sts`"));
        }
        let time = amz_date(param("X-Amz-Date")?).ok_or("`X-Amz-Date` is not a time")?;
        // The authenticator takes a token for 15 minutes from its date,
        // whatever `X-Amz-Expires` says; the signature covers both.
        if time + Duration::from_secs(15 * 60) < SystemTime::now() {
            return Err(format!("expired: signed at {}", param("X-Amz-Date")?));
        }
        let expires_in = param("X-Amz-Expires")?
            .parse()
            .map(Duration::from_secs)
            .map_err(|_| "`X-Amz-Expires` is not a number of seconds")?;
        let secret = self
            .state
            .lock()
            .expect("fake eks state")
            .keys
            .get(key)
            .cloned()
            .ok_or(format!("unknown access key `{key}`"))?;
        let session_token = params.get("X-Amz-Security-Token").map(String::as_str);
        if secret.session_token.is_some() && secret.session_token.as_deref() != session_token {
            return Err(format!(
                "the session token is not the one `{key}` was issued with"
            ));
        }
        // What was signed: the URL without the signing parameters, which
        // aws-sigv4 adds back from the settings and credentials.
        let unsigned: Vec<&str> = query
            .split('&')
            .filter(|p| !p.starts_with("X-Amz-"))
            .collect();
        let url = format!("{base}?{}", unsigned.join("&"));
        let signed = Signed {
            method: "GET",
            url: &url,
            headers: vec![("x-k8s-aws-id", cluster)],
            body: &[],
            region,
            service,
            time,
            expires_in: Some(expires_in),
        };
        let expected = signed.signature(key, &secret.secret_access_key, session_token)?;
        if param("X-Amz-Signature")? != expected {
            return Err(format!(
                "the signature does not match: not made with the secret of `{key}` for \
                 `x-k8s-aws-id: {cluster}`"
            ));
        }
        Ok(())
    }
}
