//! SigV4 as FakeEks checks it: scopes, dates, recomputing a signature,
//! and the errors EKS and STS give when one is refused.

use super::rest_json_error;
use std::time::{Duration, SystemTime};
use wiremock::ResponseTemplate;

/// Why a request's signature was refused, in the words AWS uses.
pub(super) enum Refusal {
    Missing,
    UnknownKey,
    WrongService(&'static str),
    Mismatch,
}

pub(super) const MISMATCH: &str =
    "The request signature we calculated does not match the signature you \
                        provided. Check your AWS Secret Access Key and signing method. Consult \
                        the service documentation for details.";
const INVALID_TOKEN: &str = "The security token included in the request is invalid.";

impl Refusal {
    /// As EKS (rest-json: the code in `x-amzn-ErrorType`) answers it.
    pub(super) fn eks(&self) -> ResponseTemplate {
        let (code, message) = match self {
            Refusal::Missing => (
                "MissingAuthenticationTokenException",
                "Missing Authentication Token".to_string(),
            ),
            Refusal::UnknownKey => ("UnrecognizedClientException", INVALID_TOKEN.to_string()),
            Refusal::WrongService(s) => (
                "InvalidSignatureException",
                format!("Credential should be scoped to correct service: '{s}'."),
            ),
            Refusal::Mismatch => ("InvalidSignatureException", MISMATCH.to_string()),
        };
        rest_json_error(403, code, &message)
    }

    /// As STS (query protocol: an XML `ErrorResponse`) answers it.
    pub(super) fn sts(&self) -> ResponseTemplate {
        let (code, message) = match self {
            Refusal::Missing => (
                "MissingAuthenticationToken",
                "Request is missing Authentication Token".to_string(),
            ),
            Refusal::UnknownKey => ("InvalidClientTokenId", INVALID_TOKEN.to_string()),
            Refusal::WrongService(s) => (
                "SignatureDoesNotMatch",
                format!("Credential should be scoped to correct service: '{s}'. "),
            ),
            Refusal::Mismatch => ("SignatureDoesNotMatch", MISMATCH.to_string()),
        };
        ResponseTemplate::new(403)
            .insert_header("content-type", "text/xml")
            .set_body_string(format!(
                "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>\
                 <Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>\
                 <RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>"
            ))
    }
}

/// `AKID/20240101/us-east-1/sts/aws4_request` as (key, region, service).
pub(super) fn scope(credential: &str) -> Option<(&str, &str, &str)> {
    match credential.split('/').collect::<Vec<_>>()[..] {
        [key, _date, region, service, "aws4_request"] => Some((key, region, service)),
        _ => None,
    }
}

/// `20240101T000000Z` as a time.
pub(super) fn amz_date(text: &str) -> Option<SystemTime> {
    let time = chrono::NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%SZ").ok()?;
    let seconds = u64::try_from(time.and_utc().timestamp()).ok()?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
}

/// What a SigV4 signature covers, to recompute it.
#[cfg_attr(not(feature = "eks"), allow(dead_code))]
pub(super) struct Signed<'a> {
    pub(super) method: &'a str,
    /// The URL without any signing parameters.
    pub(super) url: &'a str,
    /// The signed headers besides `host` (taken from the URL when absent).
    pub(super) headers: Vec<(&'a str, &'a str)>,
    pub(super) body: &'a [u8],
    pub(super) region: &'a str,
    pub(super) service: &'a str,
    pub(super) time: SystemTime,
    /// For a presigned URL, how long it lasts; `None` for header signing.
    pub(super) expires_in: Option<Duration>,
}

impl Signed<'_> {
    /// The signature the holder of `access_key` and `secret` would make.
    #[cfg(feature = "eks")]
    pub(super) fn signature(
        &self,
        access_key: &str,
        secret: &str,
        session_token: Option<&str>,
    ) -> Result<String, String> {
        use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SignatureLocation};
        let credentials = aws_credential_types::Credentials::new(
            access_key,
            secret,
            session_token.map(str::to_string),
            None,
            "FakeEks",
        );
        let identity = credentials.into();
        let mut settings = aws_sigv4::http_request::SigningSettings::default();
        if let Some(expires_in) = self.expires_in {
            settings.signature_location = SignatureLocation::QueryParams;
            settings.expires_in = Some(expires_in);
        }
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region(self.region)
            .name(self.service)
            .time(self.time)
            .settings(settings)
            .build()
            .map_err(|e| e.to_string())?
            .into();
        let request = SignableRequest::new(
            self.method,
            self.url,
            self.headers.iter().copied(),
            SignableBody::Bytes(self.body),
        )
        .map_err(|e| e.to_string())?;
        let output = sign(request, &params).map_err(|e| e.to_string())?;
        Ok(output.signature().to_string())
    }

    /// Without `aws-sigv4` there is no checking a signature: refuse.
    #[cfg(not(feature = "eks"))]
    pub(super) fn signature(&self, _: &str, _: &str, _: Option<&str>) -> Result<String, String> {
        Err("FakeEks checks SigV4 signatures only with kallisti's `eks` feature".into())
    }
}
