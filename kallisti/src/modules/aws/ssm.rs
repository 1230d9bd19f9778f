//! `aws.ssm`: Systems Manager documents, parameters and Run Command.
//!
//! A `SecureString` parameter's value is a secret: it is redacted from the
//! trial's records and logs.

use super::boto::{self, boto};
use super::client::{dry_run, Connection, OrFail};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_ssm::types::{DocumentFormat, DocumentType, ParameterTier, ParameterType, Tag, Target};
use aws_sdk_ssm::Client;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The `aws.ssm` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::aws::ssm::SSM)
        .with_common::<Connection>()
        .action("create_document", create_document)
        .action("delete_document", delete_document)
        .action("put_parameter", put_parameter)
        .action("send_command", send_command)
        .into()
}

async fn ssm(connection: &Connection, ctx: &StepContext) -> Result<Client, Error> {
    connection.client(ctx, Client::new).await
}

fn one_of(argument: &str, value: &Option<String>, allowed: &[&str]) -> Result<(), Error> {
    match value {
        Some(v) if !allowed.contains(&v.as_str()) => Err(Error::invalid_argument(
            argument,
            format!("`{v}` is not one of {}", allowed.join(", ")),
        )),
        _ => Ok(()),
    }
}

#[derive(Debug, Deserialize)]
struct CreateDocumentArgs {
    path_content: String,
    name: String,
    version_name: Option<String>,
    document_type: Option<String>,
    document_format: Option<String>,
}

impl ActionArgs for CreateDocumentArgs {
    fn check(&self) -> Result<(), Error> {
        one_of(
            "document_format",
            &self.document_format,
            DocumentFormat::values(),
        )?;
        one_of("document_type", &self.document_type, DocumentType::values())?;
        if !std::path::Path::new(&self.path_content).is_file() {
            return Err(Error::invalid_argument(
                "path_content",
                format!("`{}` is not a readable file", self.path_content),
            ));
        }
        Ok(())
    }
}

async fn create_document(
    args: CreateDocumentArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ssm = ssm(&aws, &ctx).await?;
    let content = std::fs::read_to_string(&args.path_content).map_err(|e| {
        Error::invalid_argument(
            "path_content",
            format!("cannot read `{}`: {e}", args.path_content),
        )
    })?;
    if let Some(report) = dry_run(
        &ctx,
        format!("create document `{}`", args.name),
        json!(args.name),
    ) {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::ssm,
        "CreateDocument",
        ssm.create_document()
            .name(&args.name)
            .content(content)
            .set_version_name(args.version_name.clone())
            .set_document_type(args.document_type.as_deref().map(DocumentType::from))
            .set_document_format(args.document_format.as_deref().map(DocumentFormat::from))
    );
    ctx.log(format!("created document `{}`", args.name));
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct DeleteDocumentArgs {
    name: String,
    version_name: Option<String>,
    force: bool,
}

impl ActionArgs for DeleteDocumentArgs {}

async fn delete_document(
    args: DeleteDocumentArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ssm = ssm(&aws, &ctx).await?;
    if ctx.dry_run() {
        ssm.describe_document()
            .name(&args.name)
            .send()
            .await
            .or_fail("DescribeDocument")?;
        return Ok(dry_run(
            &ctx,
            format!("delete document `{}`", args.name),
            json!(args.name),
        )
        .unwrap_or_default());
    }
    let (_, response) = boto!(
        boto::ssm,
        "DeleteDocument",
        ssm.delete_document()
            .name(&args.name)
            .set_version_name(args.version_name.clone())
            .force(args.force)
    );
    ctx.log(format!("deleted document `{}`", args.name));
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct PutParameterArgs {
    name: String,
    value: String,
    description: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    key_id: Option<String>,
    overwrite: bool,
    allowed_pattern: Option<String>,
    tags: Option<Vec<Value>>,
    tier: Option<String>,
    policies: Option<String>,
    data_type: Option<String>,
}

impl ActionArgs for PutParameterArgs {
    fn secrets(&self) -> Vec<String> {
        if self.kind.as_deref() == Some("SecureString") {
            vec![self.value.clone()]
        } else {
            Vec::new()
        }
    }

    fn check(&self) -> Result<(), Error> {
        one_of("type", &self.kind, ParameterType::values())?;
        one_of("tier", &self.tier, ParameterTier::values())?;
        if let Some(tags) = &self.tags {
            super::client::parse_tags("tags", &Value::Array(tags.clone()))?;
        }
        if self.overwrite && self.tags.is_some() {
            return Err(Error::invalid_argument(
                "tags",
                "cannot be given with `overwrite`: SSM refuses both at once",
            ));
        }
        Ok(())
    }
}

async fn put_parameter(
    args: PutParameterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    if args.kind.as_deref() == Some("SecureString") {
        ctx.add_secret(&args.value);
    }
    let ssm = ssm(&aws, &ctx).await?;
    if let Some(report) = dry_run(
        &ctx,
        format!("put parameter `{}`", args.name),
        json!(args.name),
    ) {
        return Ok(report);
    }
    let tags = match &args.tags {
        Some(tags) => Some(
            super::client::parse_tags("tags", &Value::Array(tags.clone()))?
                .into_iter()
                .map(|(k, v)| Tag::builder().key(k).value(v).build())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| Error::invalid_argument("tags", e.to_string()))?,
        ),
        None => None,
    };
    let (_, response) = boto!(
        boto::ssm,
        "PutParameter",
        ssm.put_parameter()
            .name(&args.name)
            .value(&args.value)
            .set_description(args.description.clone())
            .set_type(args.kind.as_deref().map(ParameterType::from))
            .set_key_id(args.key_id.clone())
            .overwrite(args.overwrite)
            .set_allowed_pattern(args.allowed_pattern.clone())
            .set_tags(tags)
            .set_tier(args.tier.as_deref().map(ParameterTier::from))
            .set_policies(args.policies.clone())
            .set_data_type(args.data_type.clone())
    );
    ctx.log(format!("put parameter `{}`", args.name));
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct SendCommandArgs {
    document_name: String,
    targets: Option<Vec<Value>>,
    document_version: Option<String>,
    parameters: Option<Map<String, Value>>,
    timeout_seconds: Option<i32>,
    max_concurrency: Option<String>,
    max_errors: Option<String>,
}

fn targets(given: &[Value]) -> Result<Vec<Target>, Error> {
    given
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let key = t.get("Key").and_then(Value::as_str);
            let values: Option<Vec<String>> = t
                .get("Values")
                .and_then(Value::as_array)
                .and_then(|vs| vs.iter().map(|v| v.as_str().map(str::to_string)).collect());
            match (key, values) {
                (Some(key), Some(values)) => {
                    Ok(Target::builder().key(key).set_values(Some(values)).build())
                }
                _ => Err(Error::invalid_argument(
                    format!("targets[{i}]"),
                    "must be {\"Key\": \"...\", \"Values\": [\"...\"]}",
                )),
            }
        })
        .collect()
}

fn parameters(given: &Map<String, Value>) -> Result<HashMap<String, Vec<String>>, Error> {
    given
        .iter()
        .map(|(name, value)| {
            let values = match value {
                Value::String(s) => Some(vec![s.clone()]),
                Value::Array(items) => items
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect(),
                _ => None,
            };
            values.map(|v| (name.clone(), v)).ok_or_else(|| {
                Error::invalid_argument(
                    format!("parameters.{name}"),
                    "must be a string or a list of strings",
                )
            })
        })
        .collect()
}

impl ActionArgs for SendCommandArgs {
    fn check(&self) -> Result<(), Error> {
        if let Some(t) = &self.targets {
            targets(t)?;
        }
        if let Some(p) = &self.parameters {
            parameters(p)?;
        }
        if matches!(self.timeout_seconds, Some(t) if t < 30) {
            return Err(Error::invalid_argument(
                "timeout_seconds",
                "must be 30 or more (SSM's minimum)",
            ));
        }
        Ok(())
    }
}

async fn send_command(
    args: SendCommandArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ssm = ssm(&aws, &ctx).await?;
    let targets = args.targets.as_deref().map(targets).transpose()?;
    if let Some(report) = dry_run(
        &ctx,
        format!("run document `{}`", args.document_name),
        json!({"document": args.document_name, "targets": args.targets}),
    ) {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::ssm,
        "SendCommand",
        ssm.send_command()
            .document_name(&args.document_name)
            .set_targets(targets)
            .set_document_version(args.document_version.clone())
            .set_parameters(args.parameters.as_ref().map(parameters).transpose()?)
            .set_timeout_seconds(args.timeout_seconds)
            .set_max_concurrency(args.max_concurrency.clone())
            .set_max_errors(args.max_errors.clone())
    );
    ctx.log(format!("sent document `{}`", args.document_name));
    Ok(response)
}
