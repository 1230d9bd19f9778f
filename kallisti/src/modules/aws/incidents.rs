//! `aws.incidents`: Incident Manager incidents of an impact, created in a
//! recent window (`created_in_the_last`: a period such as `3 minutes`, or
//! seconds), optionally by a given resource or role (`created_by`).

use super::boto::{self, boto_pages};
use super::client::{period_seconds, Connection, OrFail};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_ssmincidents::types::{AttributeValueList, Condition, Filter, IncidentRecordSummary};
use aws_sdk_ssmincidents::Client;
use serde::Deserialize;
use serde_json::Value;

/// The `aws.incidents` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::aws::incidents::INCIDENTS)
        .with_common::<Connection>()
        .action("get_active_incident_items", get_active_incident_items)
        .action("get_active_incidents", get_active_incidents)
        .action("get_incidents", get_incidents)
        .action("get_resolved_incident_items", get_resolved_incident_items)
        .action("get_resolved_incidents", get_resolved_incidents)
        .action("has_incident_been_opened", has_incident_been_opened)
        .action("has_incident_been_resolved", has_incident_been_resolved)
        .into()
}

/// An incident's state, as Incident Manager spells it.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
enum Status {
    Open,
    Resolved,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Open => "OPEN",
            Status::Resolved => "RESOLVED",
        }
    }
}

#[derive(Debug, Deserialize)]
struct IncidentArgs {
    impact: i32,
    /// Declared by only some of the actions these arguments serve.
    status: Option<Status>,
    created_in_the_last: Value,
    created_by: Option<Value>,
}

impl ActionArgs for IncidentArgs {
    fn check(&self) -> Result<(), Error> {
        self.window()?;
        self.creators()?;
        if !(1..=5).contains(&self.impact) {
            return Err(Error::invalid_argument(
                "impact",
                format!("must be between 1 (critical) and 5, not {}", self.impact),
            ));
        }
        Ok(())
    }
}

impl IncidentArgs {
    fn window(&self) -> Result<f64, Error> {
        match &self.created_in_the_last {
            Value::Number(n) => Ok(n.as_f64().unwrap_or_default()),
            Value::String(s) => period_seconds("created_in_the_last", s),
            _ => Err(Error::invalid_argument(
                "created_in_the_last",
                "must be a period such as `3 minutes`, or seconds",
            )),
        }
    }

    fn creators(&self) -> Result<Vec<String>, Error> {
        match &self.created_by {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::String(s)) => Ok(vec![s.clone()]),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| {
                    Error::invalid_argument("created_by", "must be a string or a list of strings")
                }),
            Some(_) => Err(Error::invalid_argument(
                "created_by",
                "must be a string or a list of strings",
            )),
        }
    }

    /// The incidents matching, most recent first.
    async fn incidents(
        &self,
        aws: &Connection,
        ctx: &StepContext,
        status: &str,
    ) -> Result<(Client, Vec<IncidentRecordSummary>, Value), Error> {
        let client = aws.client(ctx, Client::new).await?;
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or_default()
            - self.window()?;
        let filter = |key: &str, condition: Condition| -> Result<Filter, Error> {
            Filter::builder()
                .key(key)
                .condition(condition)
                .build()
                .map_err(|e| Error::failed_action(e.to_string()))
        };
        let mut filters = vec![
            filter(
                "impact",
                Condition::Equals(AttributeValueList::IntegerValues(vec![self.impact])),
            )?,
            filter(
                "status",
                Condition::Equals(AttributeValueList::StringValues(vec![status.to_string()])),
            )?,
            filter(
                "creationTime",
                Condition::After(aws_smithy_types::DateTime::from_secs_f64(since)),
            )?,
        ];
        let creators = self.creators()?;
        if !creators.is_empty() {
            filters.push(filter(
                "createdBy",
                Condition::Equals(AttributeValueList::StringValues(creators)),
            )?);
        }
        let (pages, response) = boto_pages!(
            boto::incidents,
            "ListIncidentRecords",
            client.list_incident_records().set_filters(Some(filters)),
            set_next_token,
            next_token,
            "nextToken"
        );
        let mut found: Vec<IncidentRecordSummary> = pages
            .iter()
            .flat_map(|page| page.incident_record_summaries().iter().cloned())
            .collect();
        found.sort_by_key(|i| std::cmp::Reverse(i.creation_time().secs()));
        Ok((client, found, response))
    }
}

async fn listed(
    args: &IncidentArgs,
    aws: &Connection,
    ctx: &StepContext,
    status: &str,
) -> Result<Value, Error> {
    Ok(args.incidents(aws, ctx, status).await?.2)
}

async fn get_incidents(
    args: IncidentArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    listed(&args, &aws, &ctx, args.status.map_or("", Status::as_str)).await
}

async fn get_active_incidents(
    args: IncidentArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    listed(&args, &aws, &ctx, "OPEN").await
}

async fn get_resolved_incidents(
    args: IncidentArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    listed(&args, &aws, &ctx, "RESOLVED").await
}

async fn has_incident_been_opened(
    args: IncidentArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<bool, Error> {
    Ok(!args.incidents(&aws, &ctx, "OPEN").await?.1.is_empty())
}

async fn has_incident_been_resolved(
    args: IncidentArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<bool, Error> {
    Ok(!args.incidents(&aws, &ctx, "RESOLVED").await?.1.is_empty())
}

/// The related items of the most recent incident in `status`.
async fn items(
    args: &IncidentArgs,
    aws: &Connection,
    ctx: &StepContext,
    status: &str,
) -> Result<Value, Error> {
    let (client, found, _) = args.incidents(aws, ctx, status).await?;
    let Some(latest) = found.first() else {
        return Err(Error::failed_action(format!(
            "no {} incident of impact {} in the window",
            status.to_lowercase(),
            args.impact
        )));
    };
    let (_, response) = boto_pages!(
        boto::incidents,
        "ListRelatedItems",
        client.list_related_items().incident_record_arn(latest.arn()),
        set_next_token,
        next_token,
        "nextToken"
    );
    Ok(response)
}

async fn get_active_incident_items(
    args: IncidentArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    items(&args, &aws, &ctx, "OPEN").await
}

async fn get_resolved_incident_items(
    args: IncidentArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    items(&args, &aws, &ctx, "RESOLVED").await
}
