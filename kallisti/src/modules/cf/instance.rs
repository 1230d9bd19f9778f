//! App instances: terminate one by index, one or some at random, or one of
//! a random app of an org.

use super::client::Cf;
use super::client::Connection;
use super::lookup::{self, guid_of, AppArgs, OrgArgs};
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

/// Terminates the instances at `indexes` of `app`'s web process (or says
/// which it would under dry run).
async fn terminate(
    cf: &Cf<'_>,
    app: &Value,
    process: &Value,
    indexes: &[u64],
) -> Result<Value, Error> {
    let name = app["name"].as_str().unwrap_or_default();
    if cf.ctx().dry_run() {
        cf.ctx().log(format!(
            "dry run: would terminate instances {indexes:?} of app `{name}`"
        ));
        return Ok(json!({"dry_run": true, "app": name, "would_terminate": indexes}));
    }
    for index in indexes {
        cf.send(
            Method::DELETE,
            &format!("/v3/processes/{}/instances/{index}", guid_of(process)),
            None,
        )
        .await?;
        cf.ctx()
            .log(format!("terminated instance {index} of app `{name}`"));
    }
    Ok(json!({"app": name, "terminated_instances": indexes}))
}

/// The app's web process and the indexes of its instances, failing when
/// it has none (a stopped app has none running).
async fn indexes(cf: &Cf<'_>, app: &Value) -> Result<(Value, Vec<u64>), Error> {
    if app["state"] == "STOPPED" {
        return Err(Error::failed_action(format!(
            "app `{}` is stopped: it has no instance to terminate",
            app["name"].as_str().unwrap_or_default()
        )));
    }
    let process = lookup::web_process(cf, app).await?;
    let found: Vec<u64> = lookup::instances(cf, &process)
        .await?
        .iter()
        .filter_map(|i| i["index"].as_u64())
        .collect();
    if found.is_empty() {
        return Err(Error::failed_action(format!(
            "app `{}` has no instance to terminate",
            app["name"].as_str().unwrap_or_default()
        )));
    }
    Ok((process, found))
}

#[derive(Debug, Deserialize)]
pub(super) struct IndexArgs {
    instance_index: i64,
    #[serde(flatten)]
    app: AppArgs,
}

impl ActionArgs for IndexArgs {
    fn check(&self) -> Result<(), Error> {
        if self.instance_index < 0 {
            return Err(Error::invalid_argument(
                "instance_index",
                format!("must be 0 or more, not {}", self.instance_index),
            ));
        }
        self.app.check()
    }
}

pub(super) async fn terminate_app_instance(
    args: IndexArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let a = &args.app;
    let (cf, app) = a.find(&connection, &ctx).await?;
    let index = args.instance_index as u64;
    let (process, existing) = indexes(&cf, &app).await?;
    if !existing.contains(&index) {
        return Err(Error::failed_action(format!(
            "app `{}` has no instance {index} (it has {existing:?})",
            a.app_name
        )));
    }
    terminate(&cf, &app, &process, &[index])
        .await
        .map(as_driver)
}

/// What the driver's terminations return: null (the indexes terminated are
/// logged); a dry run's report stays.
fn as_driver(value: Value) -> Value {
    if value["dry_run"] == true {
        value
    } else {
        Value::Null
    }
}

pub(super) async fn terminate_some_random_instance(
    args: AppArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let (cf, app) = args.find(&connection, &ctx).await?;
    let (process, existing) = indexes(&cf, &app).await?;
    let pick = existing[ctx.pick_index(existing.len())];
    terminate(&cf, &app, &process, &[pick]).await.map(as_driver)
}

#[derive(Debug, Deserialize)]
pub(super) struct SomeArgs {
    #[serde(default)]
    count: i64,
    #[serde(default)]
    percentage: i64,
    #[serde(flatten)]
    app: AppArgs,
}

impl ActionArgs for SomeArgs {
    fn check(&self) -> Result<(), Error> {
        if self.count < 0 {
            return Err(Error::invalid_argument(
                "count",
                format!("must be 0 or more, not {}", self.count),
            ));
        }
        if !(0..=100).contains(&self.percentage) {
            return Err(Error::invalid_argument(
                "percentage",
                format!("must be between 0 and 100, not {}", self.percentage),
            ));
        }
        if self.count == 0 && self.percentage == 0 {
            return Err(Error::invalid_argument(
                "count",
                "give `count` or `percentage` (both are 0, so nothing would be terminated)",
            ));
        }
        self.app.check()
    }
}

/// How many of `total` instances: `percentage` wins when given (rounded
/// down), else `count`; never more than exist.
pub(super) fn how_many(total: usize, count: i64, percentage: i64) -> usize {
    let wanted = if percentage > 0 {
        total * percentage as usize / 100
    } else {
        count as usize
    };
    wanted.min(total)
}

pub(super) async fn terminate_some_random_instances(
    args: SomeArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let a = &args.app;
    let (cf, app) = a.find(&connection, &ctx).await?;
    let (process, mut existing) = indexes(&cf, &app).await?;
    let n = how_many(existing.len(), args.count, args.percentage);
    if n == 0 {
        return Err(Error::failed_action(format!(
            "{}% of app `{}`'s {} instance(s) rounds down to none",
            args.percentage,
            a.app_name,
            existing.len()
        )));
    }
    ctx.shuffle(&mut existing);
    let mut picked: Vec<u64> = existing.into_iter().take(n).collect();
    picked.sort_unstable();
    terminate(&cf, &app, &process, &picked).await
}

pub(super) async fn terminate_random_app_instance(
    args: OrgArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let cf = connection.connect(&ctx)?;
    let apps: Vec<Value> = lookup::apps_of_org(&cf, &args.org_name)
        .await?
        .into_iter()
        .filter(|a| a["state"] == "STARTED")
        .collect();
    if apps.is_empty() {
        return Err(Error::failed_action(format!(
            "org `{}` has no started app",
            args.org_name
        )));
    }
    let app = &apps[ctx.pick_index(apps.len())];
    let (process, existing) = indexes(&cf, app).await?;
    let pick = existing[ctx.pick_index(existing.len())];
    terminate(&cf, app, &process, &[pick]).await
}

/// Binds the `cf` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("terminate_app_instance", terminate_app_instance)
        .action(
            "terminate_random_app_instance",
            terminate_random_app_instance,
        )
        .action(
            "terminate_some_random_instance",
            terminate_some_random_instance,
        )
        .action(
            "terminate_some_random_instances",
            terminate_some_random_instances,
        )
}

#[cfg(test)]
mod tests {
    use super::how_many;

    #[test]
    fn percentage_wins_rounds_down_and_never_exceeds_the_instances() {
        assert_eq!(how_many(4, 1, 50), 2);
        assert_eq!(how_many(3, 0, 50), 1);
        assert_eq!(how_many(3, 2, 0), 2);
        assert_eq!(how_many(3, 10, 0), 3);
        assert_eq!(how_many(3, 0, 100), 3);
        assert_eq!(how_many(1, 0, 10), 0);
    }
}
