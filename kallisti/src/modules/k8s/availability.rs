//! Availability probes: deployments, daemon sets and stateful sets that are
//! (not, fully, partially) available, microservices, pods and services.

use super::client::Connection;
use super::objects::selector_for;
use super::resource::{self, name_of, Kind, Objects};
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Duration;

/// Desired and ready counts of a workload.
fn counts(kind: Kind, object: &Value) -> (i64, i64) {
    let status = &object["status"];
    let int = |v: &Value| v.as_i64().unwrap_or(0);
    match kind.plural {
        "daemonsets" => (
            int(&status["desiredNumberScheduled"]),
            int(&status["numberReady"]),
        ),
        _ => (
            object["spec"]["replicas"].as_i64().unwrap_or(1),
            int(&status["readyReplicas"]).min(if status["availableReplicas"].is_null() {
                i64::MAX
            } else {
                int(&status["availableReplicas"])
            }),
        ),
    }
}

/// `name`, `ns`, `label_selector`, `timeout`, and whichever `raise_on_*` flag the action has.
#[derive(Debug, Deserialize)]
pub(super) struct WorkloadArgs {
    name: String,
    ns: String,
    label_selector: Option<String>,
    /// Declared by the probes that wait only.
    timeout: Option<i64>,
    /// Declared by some probes only; the others always fail when theirs
    /// does not hold.
    #[serde(
        alias = "raise_on_unavailable",
        alias = "raise_on_not_fully_available",
        alias = "raise_on_fully_available",
        alias = "raise_on_not_partially_available",
        alias = "raise_on_is_available"
    )]
    raise: Option<bool>,
}

impl ActionArgs for WorkloadArgs {
    fn check(&self) -> Result<(), Error> {
        match self.timeout {
            Some(timeout) if timeout < 0 => Err(Error::invalid_argument(
                "timeout",
                format!("must be 0 or more seconds, not {timeout}"),
            )),
            _ => Ok(()),
        }
    }
}

impl WorkloadArgs {
    fn raises(&self) -> bool {
        self.raise != Some(false)
    }
}

/// What a workload probe wants of ready versus desired.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Want {
    /// Every replica ready (now).
    Healthy,
    /// Every replica ready, waiting up to `timeout`.
    Full,
    /// Not every replica ready, waiting up to `timeout`.
    NotFull,
    /// At least one replica ready.
    Partial,
}

fn holds(want: Want, desired: i64, ready: i64) -> bool {
    match want {
        Want::Healthy | Want::Full => ready >= desired,
        Want::NotFull => ready < desired,
        Want::Partial => ready >= 1,
    }
}

/// Checks a workload, waiting up to `timeout` for `Full` and `NotFull`.
pub(super) async fn workload(
    args: WorkloadArgs,
    connection: Connection,
    ctx: StepContext,
    kind: Kind,
    want: Want,
) -> Result<Value, Error> {
    let objects = Objects::of(&ctx, &connection, kind, &args.ns).await?;
    let timeout = args.timeout.unwrap_or_default();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout as u64);
    let waits = matches!(want, Want::Full | Want::NotFull);
    loop {
        let found = objects
            .matching(Some(&args.name), args.label_selector.as_deref())
            .await?;
        let all_hold = !found.is_empty()
            && found.iter().all(|o| {
                let (desired, ready) = counts(kind, o);
                holds(want, desired, ready)
            });
        let mut states: Vec<String> = found
            .iter()
            .map(|o| {
                let (desired, ready) = counts(kind, o);
                format!("`{}` has {ready} of {desired} ready", name_of(o))
            })
            .collect();
        if found.is_empty() {
            states.push(match &args.label_selector {
                Some(labels) => format!("none is named so with labels `{labels}`"),
                None => "it was not found".into(),
            });
        }
        if all_hold {
            ctx.log(states.join("; "));
            return Ok(json!(true));
        }
        if !waits || tokio::time::Instant::now() >= deadline {
            let expected = match want {
                Want::Healthy => "available and healthy",
                Want::Full => "fully available",
                Want::NotFull => "not fully available",
                Want::Partial => "partially available",
            };
            let after = if waits {
                format!(" after {timeout}s")
            } else {
                String::new()
            };
            let message = format!(
                "{} `{}` in `{}` is not {expected}{after}: {}",
                kind.kind,
                args.name,
                args.ns,
                states.join("; ")
            );
            if args.raises() {
                return Err(Error::failed_action(message));
            }
            ctx.log(message);
            return Ok(json!(false));
        }
        tokio::time::sleep(
            Duration::from_secs(1)
                .min(deadline.saturating_duration_since(tokio::time::Instant::now())),
        )
        .await;
    }
}

/// A daemon set probe: false when its check does not hold, as the
/// driver's daemon set probes answer (they take no `raise_on_*` flag).
async fn daemon_set(
    mut args: WorkloadArgs,
    connection: Connection,
    ctx: StepContext,
    want: Want,
) -> Result<Value, Error> {
    args.raise = Some(false);
    workload(args, connection, ctx, resource::DAEMON_SETS, want).await
}

/// `microservice_is_not_available` / `pod_is_not_available`: no pod
/// matching the selector is running.
pub(super) async fn not_available(
    args: WorkloadArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let selector = selector_for(args.label_selector.as_deref(), &args.name);
    let pods = Objects::of(&ctx, &connection, resource::PODS, &args.ns).await?;
    let running: Vec<String> = pods
        .list(Some(&selector), None)
        .await?
        .iter()
        .filter(|p| p["status"]["phase"] == "Running")
        .map(name_of)
        .collect();
    if running.is_empty() {
        return Ok(json!(true));
    }
    let message = format!(
        "`{}` is still available: pod(s) {} are running",
        args.name,
        running.join(", ")
    );
    if args.raises() {
        Err(Error::failed_action(message))
    } else {
        ctx.log(message);
        Ok(json!(false))
    }
}

/// `all_microservices_healthy`: every pod of `ns` running or done.
#[derive(Debug, Deserialize)]
pub(super) struct NsArgs {
    ns: String,
}

impl ActionArgs for NsArgs {}

pub(super) async fn all_microservices_healthy(
    args: NsArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let pods = Objects::of(&ctx, &connection, resource::PODS, &args.ns).await?;
    let mut not_ready = Vec::new();
    let mut failed = Vec::new();
    for pod in pods.list(None, None).await? {
        match pod["status"]["phase"].as_str().unwrap_or("Unknown") {
            "Running" | "Succeeded" => {}
            "Failed" => failed.push(name_of(&pod)),
            _ => not_ready.push(name_of(&pod)),
        }
    }
    if !failed.is_empty() || !not_ready.is_empty() {
        return Err(Error::failed_action(format!(
            "the microservices of `{}` are not healthy: failed [{}], not ready [{}]",
            args.ns,
            failed.join(", "),
            not_ready.join(", ")
        )));
    }
    Ok(json!(true))
}

/// `pods_in_conditions`: every matching pod has each condition (`{type, status}`).
#[derive(Debug, Deserialize)]
pub(super) struct ConditionsArgs {
    label_selector: String,
    conditions: Vec<Value>,
    ns: String,
    raise_on_invalid_conditions: bool,
}

impl ActionArgs for ConditionsArgs {
    fn check(&self) -> Result<(), Error> {
        for (i, c) in self.conditions.iter().enumerate() {
            if !(c["type"].is_string() && c["status"].is_string()) {
                return Err(Error::invalid_argument(
                    format!("conditions[{i}]"),
                    "must be {\"type\": ..., \"status\": ...}",
                ));
            }
        }
        Ok(())
    }
}

pub(super) async fn pods_in_conditions(
    args: ConditionsArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let pods = Objects::of(&ctx, &connection, resource::PODS, &args.ns).await?;
    let found = pods.list(Some(&args.label_selector), None).await?;
    if found.is_empty() {
        return Err(Error::failed_action(format!(
            "no pod with labels `{}` in `{}`",
            args.label_selector, args.ns
        )));
    }
    let mut wrong = Vec::new();
    for pod in &found {
        for want in &args.conditions {
            let has = pod["status"]["conditions"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|c| c["type"] == want["type"] && c["status"] == want["status"]);
            if !has {
                wrong.push(format!(
                    "{} lacks {}={}",
                    name_of(pod),
                    want["type"].as_str().unwrap_or("?"),
                    want["status"].as_str().unwrap_or("?")
                ));
            }
        }
    }
    if wrong.is_empty() {
        return Ok(json!(true));
    }
    let message = format!(
        "pods with labels `{}` in `{}` are not in the conditions: {}",
        args.label_selector,
        args.ns,
        wrong.join(", ")
    );
    if args.raise_on_invalid_conditions {
        Err(Error::failed_action(message))
    } else {
        ctx.log(message);
        Ok(json!(false))
    }
}

/// `service_is_initialized` / `service_endpoint_is_initialized`.
#[derive(Debug, Deserialize)]
pub(super) struct ServiceArgs {
    name: Option<String>,
    ns: String,
    label_selector: Option<String>,
    /// Declared by `service_is_initialized` only; the other always fails.
    raise_if_service_not_initialized: Option<bool>,
}

impl ActionArgs for ServiceArgs {
    fn check(&self) -> Result<(), Error> {
        if self.name.is_none() && self.label_selector.is_none() {
            return Err(Error::invalid_argument(
                "name",
                "give `name` or `label_selector`",
            ));
        }
        Ok(())
    }
}

pub(super) async fn service_is_initialized(
    args: ServiceArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let services = Objects::of(&ctx, &connection, resource::SERVICES, &args.ns).await?;
    let found = services
        .matching(args.name.as_deref(), args.label_selector.as_deref())
        .await?;
    if !found.is_empty() {
        return Ok(json!(true));
    }
    let message = format!(
        "service {} in `{}` is not initialized",
        args.name
            .as_deref()
            .map(|n| format!("`{n}`"))
            .or(args
                .label_selector
                .as_ref()
                .map(|l| format!("with labels `{l}`")))
            .unwrap_or_default(),
        args.ns
    );
    if args.raise_if_service_not_initialized != Some(false) {
        Err(Error::failed_action(message))
    } else {
        ctx.log(message);
        Ok(json!(false))
    }
}

pub(super) async fn service_endpoint_is_initialized(
    args: ServiceArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let name = args.name.clone().unwrap_or_default();
    let services = Objects::of(&ctx, &connection, resource::SERVICES, &args.ns).await?;
    let selector = selector_for(args.label_selector.as_deref(), &name);
    let found = services.list(Some(&selector), None).await?;
    if found.is_empty() {
        return Err(Error::failed_action(format!(
            "service endpoint `{name}` in `{}` is not initialized (no service with labels `{selector}`)",
            args.ns
        )));
    }
    Ok(json!(true))
}

/// Binds the `k8s` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("pods_in_conditions", pods_in_conditions)
        .action("pod_is_not_available", not_available)
        .action("deployment_available_and_healthy", |a, k, c| {
            workload(a, k, c, super::resource::DEPLOYMENTS, Want::Healthy)
        })
        // The driver's deprecated wrapper drops the probe's value.
        .action("microservice_available_and_healthy", |a, k, c| async move {
            workload(a, k, c, super::resource::DEPLOYMENTS, Want::Healthy)
                .await
                .map(|_| serde_json::Value::Null)
        })
        .action("deployment_fully_available", |a, k, c| {
            workload(a, k, c, super::resource::DEPLOYMENTS, Want::Full)
        })
        .action("deployment_is_fully_available", |a, k, c| {
            workload(a, k, c, super::resource::DEPLOYMENTS, Want::Full)
        })
        .action("deployment_not_fully_available", |a, k, c| {
            workload(a, k, c, super::resource::DEPLOYMENTS, Want::NotFull)
        })
        .action("deployment_is_not_fully_available", |a, k, c| {
            workload(a, k, c, super::resource::DEPLOYMENTS, Want::NotFull)
        })
        .action("deployment_partially_available", |a, k, c| {
            workload(a, k, c, super::resource::DEPLOYMENTS, Want::Partial)
        })
        .action("microservice_is_not_available", not_available)
        .action("all_microservices_healthy", all_microservices_healthy)
        .action("daemon_set_available_and_healthy", |a, k, c| {
            daemon_set(a, k, c, Want::Healthy)
        })
        .action("daemon_set_fully_available", |a, k, c| {
            daemon_set(a, k, c, Want::Full)
        })
        .action("daemon_set_not_fully_available", |a, k, c| {
            daemon_set(a, k, c, Want::NotFull)
        })
        .action("daemon_set_partially_available", |a, k, c| {
            daemon_set(a, k, c, Want::Partial)
        })
        .action("statefulset_fully_available", |a, k, c| {
            workload(a, k, c, super::resource::STATEFUL_SETS, Want::Full)
        })
        .action("statefulset_not_fully_available", |a, k, c| {
            workload(a, k, c, super::resource::STATEFUL_SETS, Want::NotFull)
        })
        .action("service_is_initialized", service_is_initialized)
        .action(
            "service_endpoint_is_initialized",
            service_endpoint_is_initialized,
        )
}
