//! Faults on the HTTP routes of a VirtualService.

use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use crate::modules::k8s::{api_error, Connection};
use kube::api::{Api, ApiResource, DynamicObject, Patch, PatchParams};
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// The VirtualService a step names.
#[derive(Debug, Deserialize)]
pub(super) struct Target {
    virtual_service_name: String,
    ns: String,
    version: String,
}

impl Target {
    fn check(&self) -> Result<(), Error> {
        match self.version.split_once('/') {
            Some((group, v)) if !group.is_empty() && !v.is_empty() => Ok(()),
            _ => Err(Error::invalid_argument(
                "version",
                format!(
                    "must be `group/version` such as networking.istio.io/v1alpha3, not `{}`",
                    self.version
                ),
            )),
        }
    }

    async fn api(
        &self,
        connection: &Connection,
        ctx: &StepContext,
    ) -> Result<Api<DynamicObject>, Error> {
        let (group, version) = self
            .version
            .split_once('/')
            .unwrap_or(("networking.istio.io", "v1alpha3"));
        let resource = ApiResource {
            group: group.into(),
            version: version.into(),
            api_version: self.version.clone(),
            kind: "VirtualService".into(),
            plural: "virtualservices".into(),
        };
        let client = connection.client(ctx).await?;
        Ok(Api::namespaced_with(client, &self.ns, &resource))
    }

    fn what(&self) -> String {
        format!(
            "VirtualService `{}` in `{}`",
            self.virtual_service_name, self.ns
        )
    }

    async fn get(&self, connection: &Connection, ctx: &StepContext) -> Result<Value, Error> {
        let api = self.api(connection, ctx).await?;
        let object = api
            .get(&self.virtual_service_name)
            .await
            .map_err(|e| api_error(&format!("reading {}", self.what()), e))?;
        serde_json::to_value(object).map_err(|e| Error::failed_action(e.to_string()))
    }

    /// Applies `change` to each HTTP route matching `routes`, then patches
    /// the VirtualService's `spec.http` (or reports under dry run).
    async fn change(
        &self,
        connection: &Connection,
        ctx: &StepContext,
        routes: &[Value],
        change: impl Fn(&mut Map<String, Value>),
    ) -> Result<Value, Error> {
        let service = self.get(connection, ctx).await?;
        let mut http = service["spec"]["http"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let mut changed = 0;
        for entry in &mut http {
            let matches = entry["route"]
                .as_array()
                .is_some_and(|r| r.iter().any(|d| routes.contains(d)));
            if let (true, Some(map)) = (matches, entry.as_object_mut()) {
                change(map);
                changed += 1;
            }
        }
        if changed == 0 {
            return Err(Error::failed_action(format!(
                "{} has no HTTP route to {}",
                self.what(),
                Value::Array(routes.to_vec())
            )));
        }
        if ctx.dry_run() {
            ctx.log(format!(
                "dry run: would change {changed} HTTP route(s) of {}",
                self.what()
            ));
            return Ok(json!({"dry_run": true, "would_patch": {"spec": {"http": http}}}));
        }
        let api = self.api(connection, ctx).await?;
        let patch = json!({"spec": {"http": http}});
        let patched = api
            .patch(
                &self.virtual_service_name,
                &PatchParams::default(),
                &Patch::Merge(&patch),
            )
            .await
            .map_err(|e| api_error(&format!("patching {}", self.what()), e))?;
        ctx.log(format!(
            "changed {changed} HTTP route(s) of {}",
            self.what()
        ));
        serde_json::to_value(patched).map_err(|e| Error::failed_action(e.to_string()))
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct GetArgs {
    #[serde(flatten)]
    target: Target,
}

impl ActionArgs for GetArgs {
    fn check(&self) -> Result<(), Error> {
        self.target.check()
    }
}

pub(super) async fn get_virtual_service(
    args: GetArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    args.target.get(&connection, &ctx).await
}

#[derive(Debug, Deserialize)]
pub(super) struct SetArgs {
    routes: Vec<Value>,
    fault: Map<String, Value>,
    #[serde(flatten)]
    target: Target,
}

impl ActionArgs for SetArgs {
    fn check(&self) -> Result<(), Error> {
        self.target.check()
    }
}

pub(super) async fn set_fault(
    args: SetArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let fault = Value::Object(args.fault.clone());
    args.target
        .change(&connection, &ctx, &args.routes, |route| {
            route.insert("fault".into(), fault.clone());
        })
        .await
}

#[derive(Debug, Deserialize)]
pub(super) struct RoutesArgs {
    routes: Vec<Value>,
    #[serde(flatten)]
    target: Target,
}

impl ActionArgs for RoutesArgs {
    fn check(&self) -> Result<(), Error> {
        self.target.check()
    }
}

pub(super) async fn unset_fault(
    args: RoutesArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    args.target
        .change(&connection, &ctx, &args.routes, |route| {
            route.remove("fault");
        })
        .await
}

/// Removes one kind of fault (`delay`, `abort`), and the fault when empty.
async fn remove_kind(
    args: RoutesArgs,
    connection: Connection,
    ctx: StepContext,
    kind: &str,
) -> Result<Value, Error> {
    args.target
        .change(&connection, &ctx, &args.routes, |route| {
            if let Some(Value::Object(fault)) = route.get_mut("fault") {
                fault.remove(kind);
                if fault.is_empty() {
                    route.remove("fault");
                }
            }
        })
        .await
}

pub(super) async fn remove_delay_fault(
    args: RoutesArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    remove_kind(args, connection, ctx, "delay").await
}

pub(super) async fn remove_abort_fault(
    args: RoutesArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    remove_kind(args, connection, ctx, "abort").await
}

/// Adds one kind of fault to the matching routes, keeping the other kind.
async fn add_kind(
    target: &Target,
    connection: &Connection,
    ctx: &StepContext,
    routes: &[Value],
    kind: &str,
    value: Value,
) -> Result<Value, Error> {
    target
        .change(connection, ctx, routes, |route| {
            let fault = route.entry("fault").or_insert_with(|| json!({}));
            if let Value::Object(fault) = fault {
                fault.insert(kind.into(), value.clone());
            }
        })
        .await
}

#[derive(Debug, Deserialize)]
pub(super) struct DelayArgs {
    fixed_delay: String,
    routes: Vec<Value>,
    #[serde(alias = "percent")]
    percentage: Option<f64>,
    #[serde(flatten)]
    target: Target,
}

fn check_percentage(percentage: Option<f64>) -> Result<(), Error> {
    match percentage {
        Some(p) if !(0.0..=100.0).contains(&p) => Err(Error::invalid_argument(
            "percentage",
            format!("must be between 0 and 100, not {p}"),
        )),
        _ => Ok(()),
    }
}

impl ActionArgs for DelayArgs {
    fn check(&self) -> Result<(), Error> {
        crate::duration::parse(&self.fixed_delay)
            .map_err(|m| Error::invalid_argument("fixed_delay", m))?;
        check_percentage(self.percentage)?;
        self.target.check()
    }
}

pub(super) async fn add_delay_fault(
    args: DelayArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let mut delay = json!({"fixedDelay": args.fixed_delay});
    if let Some(p) = args.percentage {
        delay["percentage"] = json!({"value": p});
    }
    add_kind(
        &args.target,
        &connection,
        &ctx,
        &args.routes,
        "delay",
        delay,
    )
    .await
}

#[derive(Debug, Deserialize)]
pub(super) struct AbortArgs {
    http_status: i64,
    routes: Vec<Value>,
    #[serde(alias = "percent")]
    percentage: Option<f64>,
    #[serde(flatten)]
    target: Target,
}

impl ActionArgs for AbortArgs {
    fn check(&self) -> Result<(), Error> {
        if !(100..=599).contains(&self.http_status) {
            return Err(Error::invalid_argument(
                "http_status",
                format!(
                    "must be an HTTP status (100 to 599), not {}",
                    self.http_status
                ),
            ));
        }
        check_percentage(self.percentage)?;
        self.target.check()
    }
}

pub(super) async fn add_abort_fault(
    args: AbortArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let mut abort = json!({"httpStatus": args.http_status});
    if let Some(p) = args.percentage {
        abort["percentage"] = json!({"value": p});
    }
    add_kind(
        &args.target,
        &connection,
        &ctx,
        &args.routes,
        "abort",
        abort,
    )
    .await
}

/// Binds the `istio` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("add_abort_fault", super::enveloped(add_abort_fault))
        .action("add_delay_fault", super::enveloped(add_delay_fault))
        .action("get_virtual_service", super::enveloped(get_virtual_service))
        .action("remove_abort_fault", super::enveloped(remove_abort_fault))
        .action("remove_delay_fault", super::enveloped(remove_delay_fault))
        .action("set_fault", super::enveloped(set_fault))
        .action("unset_fault", super::enveloped(unset_fault))
}
