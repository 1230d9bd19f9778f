//! `platform: eks`: the cluster's endpoint and CA from EKS `DescribeCluster`,
//! and a bearer token made the way `aws eks get-token` makes it: a presigned
//! STS `GetCallerIdentity` URL that signs the `x-k8s-aws-id` header,
//! base64url, prefixed `k8s-aws-v1.`.
//!
//! Credentials, region and `role` go through the `aws` namespace's
//! configuration, so `platform: eks` and `aws.*` steps authenticate the same
//! way (the SDK's default chain, the role assumed through STS) and endpoints
//! honour `AWS_ENDPOINT_URL_EKS`, `AWS_ENDPOINT_URL_STS` and `AWS_ENDPOINT_URL`.

use crate::action::StepContext;
use crate::error::Error;
use crate::modules::aws::client::{describe_sdk_error, Connection};
use aws_config::SdkConfig;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::ProvideCredentials as _;
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    sign, SignableBody, SignableRequest, SignatureLocation, SigningSettings,
};
use aws_sigv4::sign::v4;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata as _;
use base64::Engine as _;
use std::time::{Duration, SystemTime};

/// What the cluster's authenticator expects in front of the URL.
const TOKEN_PREFIX: &str = "k8s-aws-v1.";

/// `aws eks get-token` presigns for 60 s; the authenticator checks it.
const TOKEN_LIFETIME: Duration = Duration::from_secs(60);

/// What a `platform: eks` step connects with.
pub(crate) struct EksCluster {
    pub(crate) endpoint: String,
    pub(crate) ca_pem: Option<Vec<u8>>,
    pub(crate) token: String,
}

/// Assumes `role` (when given), describes the cluster, and makes a token.
pub(crate) async fn connect(
    ctx: &StepContext,
    cluster: &str,
    region: &str,
    role: Option<&str>,
) -> Result<EksCluster, Error> {
    let aws = Connection::new(Some(region.to_string()), role.map(str::to_string), None);
    let config = aws.config(ctx).await?;
    let credentials = credentials(ctx, &config).await?;
    if let Some(role) = role {
        ctx.log(format!("assumed role `{role}`"));
    }
    let (endpoint, ca_pem) = describe(&config, &credentials, cluster, region).await?;
    let url = presign(
        &sts_endpoint(&config, region),
        &credentials,
        region,
        cluster,
        SystemTime::now(),
    )?;
    let token = format!(
        "{TOKEN_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(url.as_bytes())
    );
    ctx.add_secret(&token);
    ctx.log(format!("EKS cluster `{cluster}` in {region}: {endpoint}"));
    Ok(EksCluster {
        endpoint,
        ca_pem,
        token,
    })
}

/// The chain's credentials (the role's, when one is assumed), resolved once
/// so that DescribeCluster and the token use the same identity and a role
/// is assumed only once. Their secrets are hidden from the record.
async fn credentials(ctx: &StepContext, config: &SdkConfig) -> Result<Credentials, Error> {
    let provider = config
        .credentials_provider()
        .ok_or_else(|| Error::CredentialNotFound {
            message: "no AWS credential chain is configured".into(),
        })?;
    let credentials = provider.provide_credentials().await.map_err(|e| match e {
        CredentialsError::CredentialsNotLoaded(_) => Error::CredentialNotFound {
            message: format!(
                "no AWS credentials for `platform: eks` (environment, profile, web identity, \
                     instance role): {}",
                DisplayErrorContext(&e)
            ),
        },
        other => Error::failed_action(format!(
            "AWS credentials for `platform: eks`: {}",
            DisplayErrorContext(&other)
        )),
    })?;
    ctx.add_secret(credentials.secret_access_key());
    if let Some(token) = credentials.session_token() {
        ctx.add_secret(token);
    }
    Ok(credentials)
}

/// The cluster's API endpoint and CA bundle (PEM), from EKS.
async fn describe(
    config: &SdkConfig,
    credentials: &Credentials,
    cluster: &str,
    region: &str,
) -> Result<(String, Option<Vec<u8>>), Error> {
    let eks = aws_sdk_eks::Client::from_conf(
        aws_sdk_eks::config::Builder::from(config)
            .credentials_provider(credentials.clone())
            .build(),
    );
    let what = format!("EKS DescribeCluster `{cluster}` in {region}");
    let answer = eks
        .describe_cluster()
        .name(cluster)
        .send()
        .await
        .map_err(|e| {
            Error::failed_action(match e.as_service_error() {
                // As EKS puts it: `404: No cluster found for name: x.`
                Some(service) => format!(
                    "{what}: {}: {}",
                    e.raw_response().map_or(0, |r| r.status().as_u16()),
                    service.message().or(service.code()).unwrap_or("no message")
                ),
                None => describe_sdk_error(&what, &e),
            })
        })?;
    let found = answer.cluster();
    let endpoint = found
        .and_then(|c| c.endpoint())
        .ok_or_else(|| {
            Error::failed_action(format!(
                "EKS cluster `{cluster}` has no endpoint (is it ACTIVE?)"
            ))
        })?
        .to_string();
    let ca_pem = found
        .and_then(|c| c.certificate_authority())
        .and_then(|ca| ca.data())
        .map(|data| base64::engine::general_purpose::STANDARD.decode(data))
        .transpose()
        .map_err(|e| {
            Error::failed_action(format!(
                "EKS cluster `{cluster}`: the CA is not base64: {e}"
            ))
        })?;
    Ok((endpoint, ca_pem))
}

/// Where STS is: `AWS_ENDPOINT_URL_STS`, else the configuration's endpoint
/// (`AWS_ENDPOINT_URL`, a profile's `endpoint_url`), else the regional one.
/// The token names this host, and the authenticator calls it.
fn sts_endpoint(config: &SdkConfig, region: &str) -> String {
    std::env::var("AWS_ENDPOINT_URL_STS")
        .ok()
        .or_else(|| config.endpoint_url().map(str::to_string))
        .map(|url| url.trim_end_matches('/').to_string())
        .unwrap_or_else(|| format!("https://sts.{region}.amazonaws.com"))
}

/// The presigned `GetCallerIdentity` URL, signed at `now` for STS in
/// `region` with `x-k8s-aws-id: <cluster>` among the signed headers.
fn presign(
    sts: &str,
    credentials: &Credentials,
    region: &str,
    cluster: &str,
    now: SystemTime,
) -> Result<String, Error> {
    let failed = |e: &dyn std::fmt::Display| {
        Error::failed_action(format!("cannot sign the EKS token for `{cluster}`: {e}"))
    };
    let url = format!("{sts}/?Action=GetCallerIdentity&Version=2011-06-15");
    let identity = credentials.clone().into();
    let mut settings = SigningSettings::default();
    settings.signature_location = SignatureLocation::QueryParams;
    settings.expires_in = Some(TOKEN_LIFETIME);
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name("sts")
        .time(now)
        .settings(settings)
        .build()
        .map_err(|e| failed(&e))?
        .into();
    let request = SignableRequest::new(
        "GET",
        url.as_str(),
        [("x-k8s-aws-id", cluster)].into_iter(),
        SignableBody::Bytes(&[]),
    )
    .map_err(|e| failed(&e))?;
    let (instructions, _) = sign(request, &params).map_err(|e| failed(&e))?.into_parts();
    let mut signed = url;
    for (name, value) in instructions.params() {
        signed.push_str(&format!("&{name}={}", crate::http::percent_encode(value)));
    }
    Ok(signed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(url: &str) -> std::collections::HashMap<String, String> {
        url.split_once('?')
            .unwrap()
            .1
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                (k.to_string(), v.to_string())
            })
            .collect()
    }

    #[test]
    fn the_token_url_is_what_aws_eks_get_token_presigns() {
        let credentials = Credentials::new("AKIDEXAMPLE", "secret", None, None, "test");
        // 2015-08-30T12:36:00Z, the SigV4 test suite's moment.
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160);
        let url = presign(
            "https://sts.eu-west-1.amazonaws.com",
            &credentials,
            "eu-west-1",
            "shop",
            now,
        )
        .unwrap();
        assert!(url.starts_with(
            "https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&"
        ));
        let q = query(&url);
        assert_eq!(q["X-Amz-Algorithm"], "AWS4-HMAC-SHA256");
        assert_eq!(
            q["X-Amz-Credential"],
            "AKIDEXAMPLE%2F20150830%2Feu-west-1%2Fsts%2Faws4_request"
        );
        assert_eq!(q["X-Amz-Date"], "20150830T123600Z");
        assert_eq!(q["X-Amz-Expires"], "60");
        assert_eq!(q["X-Amz-SignedHeaders"], "host%3Bx-k8s-aws-id");
        // Worked out by hand (Python's hmac) from the SigV4 steps: the
        // canonical request signs `host` and `x-k8s-aws-id`, empty payload.
        assert_eq!(
            q["X-Amz-Signature"],
            "8f16e801a00dd217b88645f7657dae8d54e8e2e961ba89fb4c72ad1ab79d6662"
        );
        assert!(!q.contains_key("X-Amz-Security-Token"));
        // The cluster is part of what is signed.
        let other = presign(
            "https://sts.eu-west-1.amazonaws.com",
            &credentials,
            "eu-west-1",
            "other",
            now,
        )
        .unwrap();
        assert_ne!(query(&other)["X-Amz-Signature"], q["X-Amz-Signature"]);
    }

    #[test]
    fn a_session_token_travels_in_the_url() {
        let credentials =
            Credentials::new("ASIAEXAMPLE", "secret", Some("tok/en".into()), None, "test");
        let url = presign(
            "http://127.0.0.1:9",
            &credentials,
            "us-east-1",
            "shop",
            SystemTime::now(),
        )
        .unwrap();
        assert_eq!(query(&url)["X-Amz-Security-Token"], "tok%2Fen");
    }
}
