//! `platform: eks`: the cluster's endpoint and CA from EKS `DescribeCluster`,
//! and a token made the way `aws eks get-token` makes it: a presigned STS
//! `GetCallerIdentity` URL carrying the `x-k8s-aws-id` header, base64url,
//! prefixed `k8s-aws-v1.`. With `role`, the role is assumed through STS
//! first. AWS credentials come from the environment (`AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`) or the shared credentials
//! file (`AWS_PROFILE`, default `default`); endpoints honour
//! `AWS_ENDPOINT_URL_EKS`, `AWS_ENDPOINT_URL_STS` and `AWS_ENDPOINT_URL`.

use crate::error::Error;
use crate::trial::StepContext;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use ring::{digest, hmac};

/// AWS credentials.
#[derive(Clone)]
pub(crate) struct AwsCredentials {
    access_key: String,
    secret_key: String,
    session_token: Option<String>,
}

impl AwsCredentials {
    /// From the environment, else the shared credentials file.
    fn load() -> Result<Self, Error> {
        if let (Ok(access_key), Ok(secret_key)) = (
            std::env::var("AWS_ACCESS_KEY_ID"),
            std::env::var("AWS_SECRET_ACCESS_KEY"),
        ) {
            return Ok(AwsCredentials {
                access_key,
                secret_key,
                session_token: std::env::var("AWS_SESSION_TOKEN").ok(),
            });
        }
        let path = std::env::var("AWS_SHARED_CREDENTIALS_FILE").unwrap_or_else(|_| {
            format!(
                "{}/.aws/credentials",
                std::env::var("HOME").unwrap_or_default()
            )
        });
        let profile = std::env::var("AWS_PROFILE").unwrap_or_else(|_| "default".into());
        let text = std::fs::read_to_string(&path).map_err(|_| {
            Error::CredentialNotFound {
                message: "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a shared credentials file".into(),
            }
        })?;
        let mut in_profile = false;
        let (mut access_key, mut secret_key, mut session_token) = (None, None, None);
        for line in text.lines().map(str::trim) {
            if line.starts_with('[') {
                in_profile = line.trim_matches(['[', ']']).trim() == profile;
                continue;
            }
            if let (true, Some((k, v))) = (in_profile, line.split_once('=')) {
                let v = v.trim().to_string();
                match k.trim() {
                    "aws_access_key_id" => access_key = Some(v),
                    "aws_secret_access_key" => secret_key = Some(v),
                    "aws_session_token" => session_token = Some(v),
                    _ => {}
                }
            }
        }
        match (access_key, secret_key) {
            (Some(access_key), Some(secret_key)) => Ok(AwsCredentials {
                access_key,
                secret_key,
                session_token,
            }),
            _ => Err(Error::CredentialNotFound {
                message: format!("the AWS profile `{profile}` has no access key in {path}"),
            }),
        }
    }

    fn secrets(&self) -> Vec<&str> {
        let mut s = vec![self.secret_key.as_str()];
        if let Some(t) = &self.session_token {
            s.push(t);
        }
        s
    }
}

fn sha256_hex(data: &[u8]) -> String {
    hex(digest::digest(&digest::SHA256, data).as_ref())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac_sha256(key: &[u8], data: &str) -> Vec<u8> {
    hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, key), data.as_bytes())
        .as_ref()
        .to_vec()
}

/// The parts of a URL SigV4 needs.
struct Target {
    host: String,
    path: String,
}

fn target(url: &str) -> Result<Target, Error> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| {
            Error::invalid_argument("region", format!("`{url}` is not an http(s) URL"))
        })?;
    let (host, path) = rest
        .split_once('/')
        .map(|(h, p)| (h, format!("/{p}")))
        .unwrap_or((rest, "/".into()));
    Ok(Target {
        host: host.to_string(),
        path,
    })
}

/// A SigV4 signature over a canonical request.
struct Signer<'a> {
    credentials: &'a AwsCredentials,
    region: &'a str,
    service: &'a str,
    now: DateTime<Utc>,
}

impl Signer<'_> {
    fn scope(&self) -> String {
        format!(
            "{}/{}/{}/aws4_request",
            self.now.format("%Y%m%d"),
            self.region,
            self.service
        )
    }

    fn amz_date(&self) -> String {
        self.now.format("%Y%m%dT%H%M%SZ").to_string()
    }

    fn signature(&self, canonical_request: &str) -> String {
        let to_sign = format!(
            "AWS4-HMAC-SHA256\n{}\n{}\n{}",
            self.amz_date(),
            self.scope(),
            sha256_hex(canonical_request.as_bytes())
        );
        let date = hmac_sha256(
            format!("AWS4{}", self.credentials.secret_key).as_bytes(),
            &self.now.format("%Y%m%d").to_string(),
        );
        let region = hmac_sha256(&date, self.region);
        let service = hmac_sha256(&region, self.service);
        let signing = hmac_sha256(&service, "aws4_request");
        hex(&hmac_sha256(&signing, &to_sign))
    }

    /// Headers for a signed request (`host`, `x-amz-date`, token, `authorization`).
    fn headers(
        &self,
        method: &str,
        url: &str,
        query: &[(String, String)],
        body: &[u8],
    ) -> Result<Vec<(String, String)>, Error> {
        let t = target(url)?;
        let mut headers = vec![
            ("host".to_string(), t.host.clone()),
            ("x-amz-date".to_string(), self.amz_date()),
        ];
        if let Some(token) = &self.credentials.session_token {
            headers.push(("x-amz-security-token".into(), token.clone()));
        }
        headers.sort();
        let mut sorted = query.to_vec();
        sorted.sort();
        let canonical_query: Vec<String> = sorted
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}={}",
                    crate::http::percent_encode(k),
                    crate::http::percent_encode(v)
                )
            })
            .collect();
        let canonical_headers: String = headers
            .iter()
            .map(|(k, v)| format!("{k}:{}\n", v.trim()))
            .collect();
        let signed: Vec<&str> = headers.iter().map(|(k, _)| k.as_str()).collect();
        let request = format!(
            "{method}\n{}\n{}\n{canonical_headers}\n{}\n{}",
            t.path,
            canonical_query.join("&"),
            signed.join(";"),
            sha256_hex(body)
        );
        let authorization = format!(
            "AWS4-HMAC-SHA256 Credential={}/{}, SignedHeaders={}, Signature={}",
            self.credentials.access_key,
            self.scope(),
            signed.join(";"),
            self.signature(&request)
        );
        headers.push(("authorization".into(), authorization));
        Ok(headers)
    }

    /// A presigned GET URL with `extra` headers signed (`x-k8s-aws-id`).
    fn presign(
        &self,
        url: &str,
        query: &[(&str, &str)],
        extra: &[(&str, &str)],
        expires: u32,
    ) -> Result<String, Error> {
        let t = target(url)?;
        let mut headers: Vec<(String, String)> = vec![("host".into(), t.host.clone())];
        headers.extend(
            extra
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string())),
        );
        headers.sort();
        let signed: Vec<&str> = headers.iter().map(|(k, _)| k.as_str()).collect();
        let mut params: Vec<(String, String)> = query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        params.push(("X-Amz-Algorithm".into(), "AWS4-HMAC-SHA256".into()));
        params.push((
            "X-Amz-Credential".into(),
            format!("{}/{}", self.credentials.access_key, self.scope()),
        ));
        params.push(("X-Amz-Date".into(), self.amz_date()));
        params.push(("X-Amz-Expires".into(), expires.to_string()));
        params.push(("X-Amz-SignedHeaders".into(), signed.join(";")));
        if let Some(token) = &self.credentials.session_token {
            params.push(("X-Amz-Security-Token".into(), token.clone()));
        }
        params.sort();
        let canonical_query: Vec<String> = params
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}={}",
                    crate::http::percent_encode(k),
                    crate::http::percent_encode(v)
                )
            })
            .collect();
        let canonical_headers: String = headers
            .iter()
            .map(|(k, v)| format!("{k}:{}\n", v.trim()))
            .collect();
        let request = format!(
            "GET\n{}\n{}\n{canonical_headers}\n{}\n{}",
            t.path,
            canonical_query.join("&"),
            signed.join(";"),
            sha256_hex(b"")
        );
        let signature = self.signature(&request);
        Ok(format!(
            "{}?{}&X-Amz-Signature={signature}",
            url.trim_end_matches('/').to_string() + "/",
            canonical_query.join("&")
        ))
    }
}

fn endpoint(service: &str, region: &str) -> String {
    let specific = format!("AWS_ENDPOINT_URL_{}", service.to_ascii_uppercase());
    std::env::var(specific)
        .or_else(|_| std::env::var("AWS_ENDPOINT_URL"))
        .map(|u| u.trim_end_matches('/').to_string())
        .unwrap_or_else(|_| format!("https://{service}.{region}.amazonaws.com"))
}

/// A small XML reader: the text of the first `<tag>`.
fn xml_text<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let start = xml.find(&format!("<{tag}>"))? + tag.len() + 2;
    let end = xml[start..].find(&format!("</{tag}>"))? + start;
    Some(&xml[start..end])
}

/// What a `platform: eks` step connects with.
pub(crate) struct EksCluster {
    pub(crate) endpoint: String,
    pub(crate) ca_pem: Option<Vec<u8>>,
    pub(crate) token: String,
}

async fn send(
    client: &reqwest::Client,
    method: &str,
    url: &str,
    headers: Vec<(String, String)>,
    body: Option<String>,
) -> Result<(u16, String), Error> {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or(reqwest::Method::GET);
    let mut request = client.request(method.clone(), url);
    for (k, v) in headers.iter().filter(|(k, _)| k != "host") {
        request = request.header(k, v);
    }
    if let Some(body) = body {
        request = request.body(body);
    }
    let response = request.send().await.map_err(|e| {
        Error::failed_action(crate::http::describe_send_error(method.as_str(), url, &e))
    })?;
    let status = response.status().as_u16();
    Ok((status, response.text().await.unwrap_or_default()))
}

/// Assumes `role` (when given), describes the cluster, and makes a token.
pub(crate) async fn connect(
    ctx: &StepContext,
    cluster: &str,
    region: &str,
    role: Option<&str>,
) -> Result<EksCluster, Error> {
    let mut credentials = AwsCredentials::load()?;
    for secret in credentials.secrets() {
        ctx.add_secret(secret);
    }
    let client = ctx.trial_state::<crate::http::HttpClients>().get(true)?;
    if let Some(role) = role {
        let url = endpoint("sts", region);
        let body = format!(
            "Action=AssumeRole&Version=2011-06-15&RoleArn={}&RoleSessionName=kallisti",
            crate::http::percent_encode(role)
        );
        let signer = Signer {
            credentials: &credentials,
            region,
            service: "sts",
            now: Utc::now(),
        };
        let mut headers = signer.headers("POST", &format!("{url}/"), &[], body.as_bytes())?;
        headers.push((
            "content-type".into(),
            "application/x-www-form-urlencoded".into(),
        ));
        let (status, text) = send(&client, "POST", &format!("{url}/"), headers, Some(body)).await?;
        if status != 200 {
            return Err(Error::failed_action(format!(
                "STS refused to assume `{role}`: {status}: {}",
                xml_text(&text, "Message").unwrap_or(&text)
            )));
        }
        let field = |tag: &str| {
            xml_text(&text, tag)
                .map(str::to_string)
                .ok_or_else(|| Error::failed_action(format!("STS AssumeRole answered no <{tag}>")))
        };
        credentials = AwsCredentials {
            access_key: field("AccessKeyId")?,
            secret_key: field("SecretAccessKey")?,
            session_token: Some(field("SessionToken")?),
        };
        for secret in credentials.secrets() {
            ctx.add_secret(secret);
        }
        ctx.log(format!("assumed role `{role}`"));
    }
    let url = format!(
        "{}/clusters/{}",
        endpoint("eks", region),
        crate::http::percent_encode(cluster)
    );
    let signer = Signer {
        credentials: &credentials,
        region,
        service: "eks",
        now: Utc::now(),
    };
    let headers = signer.headers("GET", &url, &[], b"")?;
    let (status, text) = send(&client, "GET", &url, headers, None).await?;
    if status != 200 {
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        return Err(Error::failed_action(format!(
            "EKS DescribeCluster `{cluster}` in {region}: {status}: {}",
            parsed["message"].as_str().unwrap_or(&text)
        )));
    }
    let answer: serde_json::Value = serde_json::from_str(&text)
        .map_err(|_| Error::failed_action("EKS DescribeCluster did not answer JSON".to_string()))?;
    let endpoint_url = answer["cluster"]["endpoint"]
        .as_str()
        .ok_or_else(|| {
            Error::failed_action(format!(
                "EKS cluster `{cluster}` has no endpoint (is it ACTIVE?)"
            ))
        })?
        .to_string();
    let ca_pem = answer["cluster"]["certificateAuthority"]["data"]
        .as_str()
        .map(|data| base64::engine::general_purpose::STANDARD.decode(data))
        .transpose()
        .map_err(|e| {
            Error::failed_action(format!(
                "EKS cluster `{cluster}`: the CA is not base64: {e}"
            ))
        })?;
    let signer = Signer {
        credentials: &credentials,
        region,
        service: "sts",
        now: Utc::now(),
    };
    let presigned = signer.presign(
        &endpoint("sts", region),
        &[("Action", "GetCallerIdentity"), ("Version", "2011-06-15")],
        &[("x-k8s-aws-id", cluster)],
        60,
    )?;
    let token = format!(
        "k8s-aws-v1.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(presigned.as_bytes())
    );
    ctx.add_secret(&token);
    ctx.log(format!(
        "EKS cluster `{cluster}` in {region}: {endpoint_url}"
    ));
    Ok(EksCluster {
        endpoint: endpoint_url,
        ca_pem,
        token,
    })
}
