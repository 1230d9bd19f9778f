//! Pod logs: read them, and look for a pattern in what was read.

use super::client::{api_error, Connection};
use super::objects::selector_for;
use super::pod::list_pods;
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, LogParams};
use serde::Deserialize;
use serde_json::{json, Map, Value};

#[derive(Debug, Deserialize)]
pub(super) struct LogsArgs {
    name: Option<String>,
    last: Option<Value>,
    ns: String,
    from_previous: bool,
    label_selector: Option<String>,
    container_name: Option<String>,
}

impl ActionArgs for LogsArgs {
    fn check(&self) -> Result<(), Error> {
        if let Some(last) = &self.last {
            crate::duration::from_json(last).map_err(|m| Error::invalid_argument("last", m))?;
        }
        if self.name.is_none()
            && self
                .label_selector
                .as_deref()
                .is_none_or(|l| l.contains("{name}"))
        {
            return Err(Error::invalid_argument(
                "name",
                "give `name` or a `label_selector`",
            ));
        }
        Ok(())
    }
}

/// The logs of every matching pod, by pod name.
pub(super) async fn read_pod_logs(
    args: LogsArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let selector = selector_for(
        args.label_selector.as_deref(),
        args.name.as_deref().unwrap_or_default(),
    );
    let client = connection.client(&ctx).await?;
    let api: Api<Pod> = Api::namespaced(client, &args.ns);
    let pods = list_pods(&api, &args.ns, Some(&selector)).await?;
    let since = args
        .last
        .as_ref()
        .map(crate::duration::from_json)
        .transpose()
        .map_err(|m| Error::invalid_argument("last", m))?;
    let params = LogParams {
        container: args.container_name.clone(),
        previous: args.from_previous,
        since_seconds: since.map(|d| d.as_secs().max(1) as i64),
        timestamps: true,
        ..LogParams::default()
    };
    let mut logs = Map::new();
    for pod in pods {
        let name = pod.metadata.name.unwrap_or_default();
        let text = api.logs(&name, &params).await.map_err(|e| {
            api_error(
                &format!("reading the logs of pod `{name}` in `{}`", args.ns),
                e,
            )
        })?;
        logs.insert(name, json!(text));
    }
    Ok(Value::Object(logs))
}

#[derive(Debug, Deserialize)]
pub(super) struct FoundArgs {
    pattern: String,
    all_containers: bool,
    value: Option<Map<String, Value>>,
}

impl ActionArgs for FoundArgs {
    fn check(&self) -> Result<(), Error> {
        regex::Regex::new(&self.pattern).map(|_| ()).map_err(|e| {
            Error::invalid_argument("pattern", format!("not a regular expression: {e}"))
        })
    }
}

/// Whether `pattern` is in the logs `read_pod_logs` returned (`value`): in
/// every pod's logs with `all_containers`, else in at least one.
pub(super) async fn should_be_found_in_logs(
    args: FoundArgs,
    _connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let pattern = regex::Regex::new(&args.pattern)
        .map_err(|e| Error::invalid_argument("pattern", e.to_string()))?;
    let logs = args.value.unwrap_or_default();
    if logs.is_empty() {
        return Err(Error::failed_action(
            "no logs to search: give `value`, the result of `k8s.read_pod_logs`".to_string(),
        ));
    }
    let missing: Vec<&String> = logs
        .iter()
        .filter(|(_, text)| !text.as_str().is_some_and(|t| pattern.is_match(t)))
        .map(|(pod, _)| pod)
        .collect();
    let found = if args.all_containers {
        missing.is_empty()
    } else {
        missing.len() < logs.len()
    };
    if found {
        return Ok(json!(true));
    }
    // False, as the driver answers: the step's expectation decides.
    ctx.log(format!(
        "`{}` was not found in the logs of {}",
        args.pattern,
        missing
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    Ok(json!(false))
}

/// Binds the `k8s` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("read_pod_logs", read_pod_logs)
        .action("read_microservices_logs", read_pod_logs)
        .action("should_be_found_in_logs", should_be_found_in_logs)
}
