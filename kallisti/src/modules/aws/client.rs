//! What every AWS step shares: where (region, endpoint), as whom (the AWS
//! credential chain, optionally a role assumed through STS), one SDK
//! configuration and one client per service for each of those per trial,
//! AWS errors turned into kallisti's, and the selection helpers the
//! target-picking actions use.
//!
//! With only some services compiled in, some helpers go unused.
#![cfg_attr(not(feature = "aws"), allow(dead_code, unused_macros, unused_imports))]

use crate::action::{ActionArgs, AllowList, StepContext};
use crate::error::Error;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The arguments every AWS step takes besides its own: its namespace's
/// common arguments.
#[derive(Debug, Default, Clone, Deserialize)]
pub(crate) struct Connection {
    region: Option<String>,
    role: Option<String>,
    endpoint_url: Option<String>,
    credentials: Option<Map<String, Value>>,
}

/// Whose configuration: (region, role, endpoint) as the step gave them.
type Key = (Option<String>, Option<String>, Option<String>);

/// The SDK configurations and clients of a trial, shared by its steps.
#[derive(Default)]
pub(crate) struct AwsSessions {
    configs: tokio::sync::Mutex<HashMap<Key, SdkConfig>>,
    clients: Mutex<HashMap<(TypeId, Key), Arc<dyn Any + Send + Sync>>>,
}

/// One HTTPS client (rustls with ring) for every AWS call of the process.
fn http_client() -> SharedHttpClient {
    static CLIENT: OnceLock<SharedHttpClient> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
            aws_smithy_http_client::Builder::new()
                .tls_provider(Provider::Rustls(CryptoMode::Ring))
                .build_https()
        })
        .clone()
}

/// The process's AWS HTTP client behind the trial's allow-list. Every
/// request the SDK sends goes through it (service calls, STS role
/// assumption, the credential chain's own calls), so the host checked is
/// the endpoint the SDK resolved, whatever set it: the region, an
/// `endpoint_url`, `AWS_ENDPOINT_URL*`, a profile.
#[derive(Debug, Clone)]
struct GuardedHttpClient {
    inner: SharedHttpClient,
    allow: Arc<AllowList>,
}

#[derive(Debug)]
struct GuardedConnector {
    inner: SharedHttpConnector,
    allow: Arc<AllowList>,
}

impl HttpClient for GuardedHttpClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(GuardedConnector {
            inner: self.inner.http_connector(settings, components),
            allow: Arc::clone(&self.allow),
        })
    }
}

impl HttpConnector for GuardedConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let source = "the endpoint the AWS SDK resolved";
        match self.allow.check_url(request.uri(), source) {
            Ok(()) => self.inner.call(request),
            Err(refusal) => {
                HttpConnectorFuture::ready(Err(ConnectorError::other(Box::new(refusal), None)))
            }
        }
    }
}

/// Where the step's region came from, for a refusal's message.
fn region_source(from_argument: bool) -> &'static str {
    if from_argument {
        "argument `region`"
    } else {
        "the AWS environment (AWS_REGION or the profile)"
    }
}

impl ActionArgs for Connection {
    /// Checks the arguments before anything runs.
    fn check(&self) -> Result<(), Error> {
        if let Some(credentials) = &self.credentials {
            return Err(Error::InvalidCredentialType {
                credential_type: credentials
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                message: "AWS steps take no `credentials`: they use the AWS credential chain \
                          (environment, profile, web identity, instance role), and `role` to \
                          assume a role"
                    .into(),
            });
        }
        if let Some(url) = &self.endpoint_url {
            let scheme = url::Url::parse(url).map(|u| u.scheme().to_string());
            if !matches!(scheme.as_deref(), Ok("http" | "https")) {
                return Err(Error::invalid_argument(
                    "endpoint_url",
                    format!("`{url}` is not an http(s) URL"),
                ));
            }
        }
        if let Some(role) = &self.role {
            if !role.starts_with("arn:") || !role.contains(":role/") {
                return Err(Error::invalid_argument(
                    "role",
                    format!("`{role}` is not a role ARN (`arn:aws:iam::<account>:role/<name>`)"),
                ));
            }
        }
        if let Some(region) = &self.region {
            if region.is_empty() || region.contains(char::is_whitespace) {
                return Err(Error::invalid_argument(
                    "region",
                    format!("`{region}` is not a region"),
                ));
            }
        }
        Ok(())
    }
}

impl Connection {
    /// A connection made in code rather than from a step's arguments
    /// (`platform: eks` on `k8s` steps uses the same chain).
    #[cfg(feature = "eks")]
    pub(crate) fn new(
        region: Option<String>,
        role: Option<String>,
        endpoint_url: Option<String>,
    ) -> Self {
        Connection {
            region,
            role,
            endpoint_url,
            credentials: None,
        }
    }

    fn key(&self) -> Key {
        (
            self.region.clone(),
            self.role.clone(),
            self.endpoint_url.clone(),
        )
    }

    /// The SDK configuration for this step, loaded once per trial, region,
    /// role and endpoint.
    pub(crate) async fn config(&self, ctx: &StepContext) -> Result<SdkConfig, Error> {
        // The chain reads these itself; the trial only has to hide them.
        for variable in ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] {
            if let Ok(value) = std::env::var(variable) {
                ctx.add_secret(&value);
            }
        }
        let sessions = ctx.trial_state::<AwsSessions>();
        let mut configs = sessions.configs.lock().await;
        if let Some(config) = configs.get(&self.key()) {
            return Ok(config.clone());
        }
        let guarded = GuardedHttpClient {
            inner: http_client(),
            allow: ctx.shared_allow_list(),
        };
        let mut loader = aws_config::defaults(BehaviorVersion::latest()).http_client(guarded);
        if let Some(region) = &self.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(url) = &self.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let mut config = loader.load().await;
        let Some(region) = config.region() else {
            return Err(Error::invalid_argument(
                "region",
                "no region: give `region` in the step, or set AWS_REGION",
            ));
        };
        ctx.allow_list()
            .check_aws_region(region.as_ref(), region_source(self.region.is_some()))?;
        if let Some(role) = &self.role {
            let provider = aws_config::sts::AssumeRoleProvider::builder(role)
                .session_name("kallisti")
                .configure(&config)
                .build()
                .await;
            config = config
                .into_builder()
                .credentials_provider(
                    aws_credential_types::provider::SharedCredentialsProvider::new(provider),
                )
                .build();
        }
        if ctx.allow_list().restricts_aws_accounts() {
            check_account(ctx, &config, self.role.as_deref()).await?;
        }
        configs.insert(self.key(), config.clone());
        Ok(config)
    }

    /// The service client `make` builds (e.g. `aws_sdk_ec2::Client::new`),
    /// made once per trial, region, role and endpoint.
    pub(crate) async fn client<C>(
        &self,
        ctx: &StepContext,
        make: impl FnOnce(&SdkConfig) -> C,
    ) -> Result<C, Error>
    where
        C: Clone + Send + Sync + 'static,
    {
        let sessions = ctx.trial_state::<AwsSessions>();
        let key = (TypeId::of::<C>(), self.key());
        if let Some(client) = sessions.clients.lock().expect("aws clients").get(&key) {
            if let Some(client) = client.downcast_ref::<C>() {
                return Ok(client.clone());
            }
        }
        let config = self.config(ctx).await?;
        let client = make(&config);
        sessions
            .clients
            .lock()
            .expect("aws clients")
            .insert(key, Arc::new(client.clone()));
        Ok(client)
    }
}

/// Asks STS who the configuration acts as, and refuses an account the
/// allow-list does not name. Runs once per trial and configuration, before
/// its first call.
async fn check_account(
    ctx: &StepContext,
    config: &SdkConfig,
    role: Option<&str>,
) -> Result<(), Error> {
    let identity = aws_sdk_sts::Client::new(config)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| sdk_error("GetCallerIdentity", e))?;
    let account = identity.account().unwrap_or_default();
    let source = match role {
        Some(role) => format!("STS GetCallerIdentity as role {role}"),
        None => "STS GetCallerIdentity for the AWS credential chain".to_string(),
    };
    ctx.allow_list().check_aws_account(account, &source)?;
    ctx.log(format!("AWS account {account} is on the allow-list"));
    Ok(())
}

/// An SDK failure as kallisti's error: the allow-list's refusal when the
/// guard stopped the request, else a `FailedAction` saying why.
pub(crate) fn sdk_error<E>(operation: &str, error: SdkError<E, HttpResponse>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        if let Some(refusal) = cause.downcast_ref::<Error>() {
            return refusal.clone();
        }
        source = cause.source();
    }
    let message = describe_sdk_error(operation, &error);
    Error::failed_action_from(
        message,
        crate::error::Cause::Aws(std::sync::Arc::new(error)),
    )
}

/// Why an AWS call failed, for a `FailedAction`: the service's error code
/// and message when it answered, else what kept the call from being made.
pub(crate) fn describe_sdk_error<E>(operation: &str, error: &SdkError<E, HttpResponse>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match error {
        SdkError::ServiceError(service) => {
            let e = service.err();
            let status = service.raw().status().as_u16();
            match (e.code(), e.message()) {
                (Some(code), Some(message)) => format!("{operation} failed: {code}: {message}"),
                (Some(code), None) => format!("{operation} failed: {code} (HTTP {status})"),
                // No error code in the answer: its status says the most.
                (None, _) => format!(
                    "{operation} failed: HTTP {status}: {}",
                    DisplayErrorContext(error)
                ),
            }
        }
        SdkError::TimeoutError(_) => format!("{operation} timed out"),
        SdkError::DispatchFailure(_) => format!(
            "{operation}: could not reach AWS: {}",
            DisplayErrorContext(error)
        ),
        _ => format!("{operation} failed: {}", DisplayErrorContext(error)),
    }
}

/// `.or_fail("StopInstances")` on an SDK call's result: AWS errors become
/// `FailedAction`s naming the operation.
pub(crate) trait OrFail<T> {
    /// The output, or a `FailedAction` saying why `operation` failed.
    fn or_fail(self, operation: &str) -> Result<T, Error>;
}

impl<T, E> OrFail<T> for Result<T, SdkError<E, HttpResponse>>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    fn or_fail(self, operation: &str) -> Result<T, Error> {
        self.map_err(|e| sdk_error(operation, e))
    }
}

/// A string argument with declared choices, as an enum; `as_str` gives
/// the value as AWS spells it.
macro_rules! choice {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
        enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }
    };
}
pub(crate) use choice;

/// Every item of a paginated call: sends `$request` (a fluent builder,
/// cloned per page) with `$set_token` until the page's `$next_token` is
/// empty, collecting what `$items` takes from each `$page`. AWS errors end
/// it as `FailedAction`s naming `$operation`.
///
/// ```text
/// let arns: Vec<String> = all_pages!(
///     ecs.list_tasks().cluster(cluster), set_next_token, next_token,
///     "ListTasks", |page| page.task_arns().iter().cloned()
/// );
/// ```
macro_rules! all_pages {
    ($request:expr, $set_token:ident, $next_token:ident, $operation:literal, |$page:ident| $items:expr) => {{
        let request = $request;
        let mut found = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let $page = request
                .clone()
                .$set_token(token)
                .send()
                .await
                .or_fail($operation)?;
            found.extend($items);
            token = $page.$next_token().map(str::to_string);
            if token.is_none() {
                break found;
            }
        }
    }};
}
pub(crate) use all_pages;

/// Under dry run: logs what would be done and returns the step's result
/// (`{"dry_run": true, "would": ..., "targets": ...}`); `None` otherwise.
pub(crate) fn dry_run(ctx: &StepContext, would: String, targets: Value) -> Option<Value> {
    if !ctx.dry_run() {
        return None;
    }
    ctx.log(format!("dry run: would {would}"));
    Some(json!({"dry_run": true, "would": would, "targets": targets}))
}

/// Under dry run: awaits `lookup` (which fails when the target is missing),
/// then reports like [`dry_run`]; `None` otherwise, looking nothing up.
pub(crate) async fn dry_run_after<T>(
    ctx: &StepContext,
    would: String,
    targets: Value,
    lookup: impl std::future::Future<Output = Result<T, Error>>,
) -> Result<Option<Value>, Error> {
    if !ctx.dry_run() {
        return Ok(None);
    }
    lookup.await?;
    Ok(dry_run(ctx, would, targets))
}

/// How many of `available` targets a count or a percentage asks for:
/// the percentage wins, rounded down but at least one, never more than
/// there are.
pub(crate) fn how_many(available: usize, count: Option<i64>, percent: Option<i64>) -> usize {
    let wanted = match (percent, count) {
        (Some(p), _) => ((available as f64) * (p as f64) / 100.0).floor().max(1.0) as usize,
        (None, Some(c)) => c.max(0) as usize,
        (None, None) => 1,
    };
    wanted.min(available)
}

/// `n` of `items` picked at random.
pub(crate) fn pick<T>(ctx: &StepContext, mut items: Vec<T>, n: usize) -> Vec<T> {
    ctx.shuffle(&mut items);
    items.truncate(n);
    items
}

/// Checks a count/percentage pair: at most one, each in range.
pub(crate) fn check_count_or_percent(
    count_name: &str,
    count: Option<i64>,
    percent_name: &str,
    percent: Option<i64>,
) -> Result<(), Error> {
    match (count, percent) {
        (Some(_), Some(_)) => Err(Error::invalid_argument(
            count_name,
            format!("give `{count_name}` or `{percent_name}`, not both"),
        )),
        (None, None) => Err(Error::invalid_argument(
            count_name,
            format!("give `{count_name}` or `{percent_name}`"),
        )),
        (Some(c), None) if c < 1 => Err(Error::invalid_argument(
            count_name,
            format!("must be 1 or more, not {c}"),
        )),
        (None, Some(p)) if !(1..=100).contains(&p) => Err(Error::invalid_argument(
            percent_name,
            format!("must be between 1 and 100, not {p}"),
        )),
        _ => Ok(()),
    }
}

/// Boto-style filters (`[{"Name": "...", "Values": ["..."]}]`) as
/// (name, values) pairs, or an error naming `argument`.
pub(crate) fn parse_filters(
    argument: &str,
    filters: &[Value],
) -> Result<Vec<(String, Vec<String>)>, Error> {
    filters
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let name = f.get("Name").and_then(Value::as_str);
            let values = f.get("Values").and_then(Value::as_array);
            match (name, values) {
                (Some(name), Some(values)) => {
                    let values: Option<Vec<String>> = values
                        .iter()
                        .map(|v| v.as_str().map(str::to_string))
                        .collect();
                    values.map(|v| (name.to_string(), v)).ok_or_else(|| {
                        Error::invalid_argument(
                            format!("{argument}[{i}].Values"),
                            "must be a list of strings",
                        )
                    })
                }
                _ => Err(Error::invalid_argument(
                    format!("{argument}[{i}]"),
                    "must be {\"Name\": \"...\", \"Values\": [\"...\"]}",
                )),
            }
        })
        .collect()
}

/// Boto-style tags (`[{"Key": "k", "Value": "v"}]`), or a plain
/// `{"k": "v"}` mapping, as (key, value) pairs, or an error naming `argument`.
pub(crate) fn parse_tags(argument: &str, tags: &Value) -> Result<Vec<(String, String)>, Error> {
    match tags {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone(), s.clone())),
                other => Ok((k.clone(), other.to_string())),
            })
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, t)| {
                // EC2 and most services say `Key`, ECS says `key`.
                let key = t.get("Key").or_else(|| t.get("key"));
                let value = t.get("Value").or_else(|| t.get("value"));
                match (key.and_then(Value::as_str), value.and_then(Value::as_str)) {
                    (Some(k), Some(v)) => Ok((k.to_string(), v.to_string())),
                    (Some(k), None) if value.is_none() => Ok((k.to_string(), String::new())),
                    _ => Err(Error::invalid_argument(
                        format!("{argument}[{i}]"),
                        "must be {\"Key\": \"...\", \"Value\": \"...\"}",
                    )),
                }
            })
            .collect(),
        Value::String(text) => text
            .split(',')
            .filter(|p| !p.trim().is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                Ok((k.trim().to_string(), v.trim().to_string()))
            })
            .collect(),
        _ => Err(Error::invalid_argument(
            argument,
            "must be a list of {\"Key\", \"Value\"}, a mapping, or `k=v,k2=v2`",
        )),
    }
}

/// A moment given as the drivers take it: `"now"`, a relative period
/// (`"3 minutes"`, `"1 hour"`: that long ago), or a Unix timestamp in
/// seconds; an error naming `argument` otherwise.
pub(crate) fn moment(argument: &str, value: &Value) -> Result<aws_smithy_types::DateTime, Error> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default();
    let seconds = match value {
        Value::Number(n) => n.as_f64().unwrap_or(now),
        Value::String(text) if text.trim() == "now" => now,
        Value::String(text) => now - period_seconds(argument, text)?,
        _ => {
            return Err(Error::invalid_argument(
                argument,
                "must be `now`, a period such as `3 minutes`, or a Unix timestamp",
            ))
        }
    };
    Ok(aws_smithy_types::DateTime::from_secs_f64(seconds))
}

/// `"3 minutes"`, `"1 hour"`, `"90 seconds"`, `"2 days"` in seconds.
pub(crate) fn period_seconds(argument: &str, text: &str) -> Result<f64, Error> {
    // The drivers' "3 minutes" is one of the forms experiments' durations take.
    crate::duration::parse(text)
        .map(|d| d.as_secs_f64())
        .map_err(|e| Error::invalid_argument(argument, e))
}

/// An SDK timestamp as RFC 3339 text.
pub(crate) fn timestamp(t: Option<&aws_smithy_types::DateTime>) -> Value {
    t.and_then(|t| t.fmt(aws_smithy_types::date_time::Format::DateTime).ok())
        .map(Value::String)
        .unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn how_many_prefers_the_percentage_and_never_exceeds_what_exists() {
        assert_eq!(how_many(10, Some(3), None), 3);
        assert_eq!(how_many(10, None, Some(25)), 2);
        assert_eq!(how_many(3, None, Some(10)), 1);
        assert_eq!(how_many(2, Some(5), None), 2);
        assert_eq!(how_many(0, Some(1), None), 0);
    }

    #[test]
    fn filters_and_tags_in_every_accepted_shape() {
        let filters = parse_filters(
            "filters",
            &[json!({"Name": "tag:app", "Values": ["shop", "cart"]})],
        )
        .unwrap();
        assert_eq!(
            filters,
            vec![("tag:app".into(), vec!["shop".into(), "cart".into()])]
        );
        let bad = parse_filters("filters", &[json!({"Name": "x"})]).unwrap_err();
        assert!(bad.to_string().contains("filters[0]"), "{bad}");
        assert_eq!(
            parse_tags("tags", &json!([{"Key": "a", "Value": "1"}])).unwrap(),
            vec![("a".into(), "1".into())]
        );
        assert_eq!(
            parse_tags("tags", &json!({"a": "1"})).unwrap(),
            vec![("a".into(), "1".into())]
        );
        assert_eq!(
            parse_tags("tags", &json!("a=1, b=2")).unwrap(),
            vec![("a".into(), "1".into()), ("b".into(), "2".into())]
        );
        assert!(parse_tags("tags", &json!(3)).is_err());
    }

    #[test]
    fn moments_are_now_periods_ago_or_timestamps() {
        let now = moment("t", &json!("now")).unwrap().secs();
        let before = moment("t", &json!("3 minutes")).unwrap().secs();
        assert!((now - before - 180).abs() <= 1, "{now} {before}");
        assert_eq!(
            moment("t", &json!(1_700_000_000)).unwrap().secs(),
            1_700_000_000
        );
        assert_eq!(period_seconds("t", "1 hour").unwrap(), 3600.0);
        assert_eq!(period_seconds("t", "2 days").unwrap(), 172800.0);
        for bad in [
            json!("soon"),
            json!("3 fortnights"),
            json!("x minutes"),
            json!(true),
        ] {
            let e = moment("start_time", &bad).unwrap_err();
            assert!(e.to_string().contains("start_time"), "{e}");
        }
    }

    #[tokio::test]
    async fn one_client_per_trial_region_role_and_endpoint() {
        let ctx = StepContext::detached("clients", false);
        let made = std::sync::atomic::AtomicUsize::new(0);
        let connection = |region: &str| -> Connection {
            serde_json::from_value(json!({"region": region, "endpoint_url": "http://127.0.0.1:9"}))
                .unwrap()
        };
        let make = |config: &SdkConfig| {
            made.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            config.region().map(|r| r.to_string())
        };
        for _ in 0..3 {
            let region = connection("eu-west-1").client(&ctx, make).await.unwrap();
            assert_eq!(region.as_deref(), Some("eu-west-1"));
        }
        assert_eq!(
            made.load(std::sync::atomic::Ordering::SeqCst),
            1,
            "made once, reused"
        );
        connection("eu-west-2").client(&ctx, make).await.unwrap();
        assert_eq!(
            made.load(std::sync::atomic::Ordering::SeqCst),
            2,
            "another region, another client"
        );
        // Another trial makes its own.
        let other = StepContext::detached("clients", false);
        connection("eu-west-1").client(&other, make).await.unwrap();
        assert_eq!(made.load(std::sync::atomic::Ordering::SeqCst), 3);
    }

    #[test]
    fn a_credential_is_refused_with_the_chain_named() {
        let connection: Connection = serde_json::from_value(json!({
            "credentials": {"type": "ENV_VAR_USERNAME_PASSWORD"}
        }))
        .unwrap();
        let error = connection.check().unwrap_err();
        assert_eq!(error.kind(), crate::error::ErrorKind::InvalidCredentialType);
        assert!(
            error.to_string().contains("AWS credential chain"),
            "{error}"
        );
    }
}
