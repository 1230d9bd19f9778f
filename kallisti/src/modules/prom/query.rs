//! `prom.query` and `prom.query_interval`.

use super::client::Connection;
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use crate::time::{parse_step, parse_time};
use serde::Deserialize;
use serde_json::Value;

fn time_param(field: &str, text: &str) -> Result<String, Error> {
    parse_time(text, chrono::Utc::now())
        .map(|secs| format!("{secs:.3}"))
        .map_err(|message| Error::invalid_argument(field, message))
}

#[derive(Debug, Deserialize)]
pub(super) struct QueryArgs {
    query: String,
    when: Option<String>,
    #[serde(flatten)]
    connection: Connection,
}

impl ActionArgs for QueryArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()?;
        if let Some(when) = &self.when {
            time_param("when", when)?;
        }
        Ok(())
    }
}

pub(super) async fn query(args: QueryArgs, ctx: StepContext) -> Result<Value, Error> {
    let mut params = vec![("query", args.query.clone())];
    if let Some(when) = &args.when {
        params.push(("time", time_param("when", when)?));
    }
    args.connection.get(&ctx, "query", &params).await
}

#[derive(Debug, Deserialize)]
pub(super) struct QueryIntervalArgs {
    query: String,
    start: String,
    end: String,
    step: Value,
    #[serde(flatten)]
    connection: Connection,
}

impl ActionArgs for QueryIntervalArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()?;
        let start = time_param("start", &self.start)?;
        let end = time_param("end", &self.end)?;
        if start.parse::<f64>().unwrap_or_default() > end.parse::<f64>().unwrap_or_default() {
            return Err(Error::invalid_argument(
                "start",
                format!("`{}` is after end `{}`", self.start, self.end),
            ));
        }
        parse_step(&self.step).map_err(|m| Error::invalid_argument("step", m))?;
        Ok(())
    }
}

pub(super) async fn query_interval(
    args: QueryIntervalArgs,
    ctx: StepContext,
) -> Result<Value, Error> {
    let step = parse_step(&args.step).map_err(|m| Error::invalid_argument("step", m))?;
    let params = [
        ("query", args.query.clone()),
        ("start", time_param("start", &args.start)?),
        ("end", time_param("end", &args.end)?),
        ("step", format!("{step}")),
    ];
    args.connection.get(&ctx, "query_range", &params).await
}

/// Binds the `prom` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("query", query)
        .action("query_interval", query_interval)
}
