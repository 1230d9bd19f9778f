//! `aws.lambda` (also `aws.awslambda`): a function's timeout, memory,
//! concurrency and layers, its event source mappings, invocations, and
//! errors or latency injected through the chaos Lambda extension layer.
//!
//! A function's environment variables may hold secrets: results show
//! `***` for a value that is one by its name or looks like one (see
//! `credential::is_secret_variable`), and every other value as it is.

use super::boto::{self, boto, boto_pages};
use super::client::{choice, dry_run_after, Connection, OrFail};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::credential::{is_secret_variable, REDACTED};
use crate::error::Error;
use aws_sdk_lambda::operation::get_function_configuration::GetFunctionConfigurationOutput;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{Environment, InvocationType};
use aws_sdk_lambda::Client;
use kallisti_catalog::NamespaceSpec;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

/// Variables the extension reads, always shown in results and removed on
/// undo (all of them: the driver leaves the latency value behind).
const LATENCY_VARIABLES: &[&str] = &[
    "CHAOS_EXTENSION__LAMBDA__ENABLE_LATENCY",
    "CHAOS_EXTENSION__LAMBDA__LATENCY_VALUE",
    "CHAOS_EXTENSION__LAMBDA__LATENCY_PROBABILITY",
];
const ERROR_VARIABLES: &[&str] = &[
    "CHAOS_EXTENSION__RESPONSE__ENABLE_CHANGE_RESPONSE_BODY",
    "CHAOS_EXTENSION__RESPONSE__DEFAULT_RESPONSE",
    "CHAOS_EXTENSION__RESPONSE__CHANGE_RESPONSE_PROBABILITY",
];
const WRAPPER_VARIABLES: &[&str] = &["AWS_LAMBDA_EXEC_WRAPPER", "CHAOSTOOLKIT_EXPERIMENT"];

/// The Lambda namespace under `spec`'s name (`aws.lambda` or its alias
/// `aws.awslambda`), ready to register.
pub fn namespace(spec: &'static NamespaceSpec) -> ActionSet {
    ActionSet::new(spec)
        .with_common::<Connection>()
        .action("add_error", add_error)
        .action("add_latency", add_latency)
        .action("add_layer", add_layer)
        .action("delete_event_source_mapping", delete_event_source_mapping)
        .action("delete_function_concurrency", delete_function_concurrency)
        .action("get_function_concurrency", get_function_concurrency)
        .action("get_function_memory_size", get_function_memory_size)
        .action("get_function_timeout", get_function_timeout)
        .action("invoke_function", invoke_function)
        .action("list_event_source_mapping", list_event_source_mapping)
        .action("put_function_concurrency", put_function_concurrency)
        .action("put_function_memory_size", put_function_memory_size)
        .action("put_function_timeout", put_function_timeout)
        .action("remove_error", remove_error)
        .action("remove_latency", remove_latency)
        .action("remove_layer", remove_layer)
        .action(
            "toggle_event_source_mapping_state",
            toggle_event_source_mapping_state,
        )
        .into()
}

async fn lambda(connection: &Connection, ctx: &StepContext) -> Result<Client, Error> {
    connection.client(ctx, Client::new).await
}

fn shown(name: &str) -> bool {
    LATENCY_VARIABLES.contains(&name)
        || ERROR_VARIABLES.contains(&name)
        || WRAPPER_VARIABLES.contains(&name)
}

/// A function's configuration as boto3 reads it, with each environment
/// value that is a secret, by its name or its look, shown as `***`.
fn masked(mut configuration: Value) -> Value {
    if let Some(Value::Object(variables)) = configuration.pointer_mut("/Environment/Variables") {
        for (name, value) in variables.iter_mut() {
            let secret = match value.as_str() {
                Some(text) => !shown(name) && is_secret_variable(name, text),
                None => false,
            };
            if secret {
                *value = json!(REDACTED);
            }
        }
    }
    configuration
}

async fn configuration(
    lambda: &Client,
    name: &str,
    qualifier: Option<&str>,
) -> Result<GetFunctionConfigurationOutput, Error> {
    lambda
        .get_function_configuration()
        .function_name(name)
        .set_qualifier(qualifier.map(str::to_string))
        .send()
        .await
        .or_fail("GetFunctionConfiguration")
}

#[derive(Debug, Deserialize)]
struct FunctionArgs {
    function_name: String,
    qualifier: Option<String>,
}

impl ActionArgs for FunctionArgs {
    fn check(&self) -> Result<(), Error> {
        if self.function_name.is_empty() {
            return Err(Error::invalid_argument("function_name", "is empty"));
        }
        Ok(())
    }
}

async fn get_function_timeout(
    args: FunctionArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Option<i32>, Error> {
    let lambda = lambda(&aws, &ctx).await?;
    let c = configuration(&lambda, &args.function_name, args.qualifier.as_deref()).await?;
    Ok(c.timeout())
}

async fn get_function_memory_size(
    args: FunctionArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Option<i32>, Error> {
    let lambda = lambda(&aws, &ctx).await?;
    let c = configuration(&lambda, &args.function_name, args.qualifier.as_deref()).await?;
    Ok(c.memory_size())
}

async fn get_function_concurrency(
    args: FunctionArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Option<i32>, Error> {
    let lambda = lambda(&aws, &ctx).await?;
    let out = lambda
        .get_function_concurrency()
        .function_name(&args.function_name)
        .send()
        .await
        .or_fail("GetFunctionConcurrency")?;
    // None reserved is null (the driver fails on the missing key).
    Ok(out.reserved_concurrent_executions())
}

/// Under dry run: checks the function exists and says what would change.
async fn dry_run_on(
    lambda: &Client,
    ctx: &StepContext,
    name: &str,
    would: String,
) -> Result<Option<Value>, Error> {
    let would = format!("{would} of function `{name}`");
    dry_run_after(ctx, would, json!(name), configuration(lambda, name, None)).await
}

async fn delete_function_concurrency(
    args: FunctionArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let lambda = lambda(&aws, &ctx).await?;
    let name = &args.function_name;
    if let Some(report) = dry_run_on(
        &lambda,
        &ctx,
        name,
        "remove the reserved concurrency".into(),
    )
    .await?
    {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::lambda,
        "DeleteFunctionConcurrency",
        lambda.delete_function_concurrency().function_name(name)
    );
    ctx.log(format!("removed the reserved concurrency of `{name}`"));
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct ConcurrencyArgs {
    function_name: String,
    concurrent_executions: i32,
}

impl ActionArgs for ConcurrencyArgs {
    fn check(&self) -> Result<(), Error> {
        if self.concurrent_executions < 0 {
            return Err(Error::invalid_argument(
                "concurrent_executions",
                format!("must be 0 or more, not {}", self.concurrent_executions),
            ));
        }
        Ok(())
    }
}

async fn put_function_concurrency(
    args: ConcurrencyArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let lambda = lambda(&aws, &ctx).await?;
    let name = &args.function_name;
    let n = args.concurrent_executions;
    if let Some(report) =
        dry_run_on(&lambda, &ctx, name, format!("reserve a concurrency of {n}")).await?
    {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::lambda,
        "PutFunctionConcurrency",
        lambda.put_function_concurrency()
            .function_name(name)
            .reserved_concurrent_executions(n)
    );
    ctx.log(format!("reserved a concurrency of {n} for `{name}`"));
    Ok(response)
}

/// A new value of one numeric setting.
#[derive(Debug, Deserialize)]
struct SettingArgs {
    function_name: String,
    timeout: i32,
}

impl ActionArgs for SettingArgs {
    fn check(&self) -> Result<(), Error> {
        if self.timeout < 1 {
            return Err(Error::invalid_argument(
                "timeout",
                format!("must be 1 or more, not {}", self.timeout),
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Deserialize)]
struct MemoryArgs {
    function_name: String,
    memory_size: i32,
}

impl ActionArgs for MemoryArgs {
    fn check(&self) -> Result<(), Error> {
        if !(128..=10240).contains(&self.memory_size) {
            return Err(Error::invalid_argument(
                "memory_size",
                format!("must be between 128 and 10240 MB, not {}", self.memory_size),
            ));
        }
        Ok(())
    }
}

type UpdateBuilder =
    aws_sdk_lambda::operation::update_function_configuration::builders::UpdateFunctionConfigurationFluentBuilder;

/// Applies an `UpdateFunctionConfiguration` built by `change` (or says
/// what it would change under dry run).
async fn update(
    aws: &Connection,
    ctx: &StepContext,
    name: &str,
    would: String,
    change: impl FnOnce(UpdateBuilder) -> UpdateBuilder,
) -> Result<Value, Error> {
    let lambda = lambda(aws, ctx).await?;
    if let Some(report) = dry_run_on(&lambda, ctx, name, would.clone()).await? {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::lambda,
        "UpdateFunctionConfiguration",
        change(lambda.update_function_configuration().function_name(name))
    );
    ctx.log(format!("{would} of function `{name}`: done"));
    Ok(masked(response))
}

async fn put_function_timeout(
    args: SettingArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let timeout = args.timeout;
    update(
        &aws,
        &ctx,
        &args.function_name,
        format!("set the timeout to {timeout} s"),
        |u| u.timeout(timeout),
    )
    .await
}

async fn put_function_memory_size(
    args: MemoryArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let size = args.memory_size;
    update(
        &aws,
        &ctx,
        &args.function_name,
        format!("set the memory size to {size} MB"),
        |u| u.memory_size(size),
    )
    .await
}

#[derive(Debug, Deserialize)]
struct LayerArgs {
    function_name: String,
    layer: String,
}

impl ActionArgs for LayerArgs {
    fn check(&self) -> Result<(), Error> {
        if !self.layer.starts_with("arn:") {
            return Err(Error::invalid_argument(
                "layer",
                format!("`{}` is not a layer version ARN", self.layer),
            ));
        }
        Ok(())
    }
}

/// The function's layers and environment, changed by `edit`, written back.
async fn edit_layers_and_environment(
    aws: &Connection,
    ctx: &StepContext,
    name: &str,
    would: String,
    edit: impl FnOnce(&mut Vec<String>, &mut HashMap<String, String>),
) -> Result<Value, Error> {
    let lambda = lambda(aws, ctx).await?;
    let current = configuration(&lambda, name, None).await?;
    let mut layers: Vec<String> = current
        .layers()
        .iter()
        .filter_map(|l| l.arn().map(str::to_string))
        .collect();
    let mut variables = current
        .environment()
        .and_then(|e| e.variables())
        .cloned()
        .unwrap_or_default();
    edit(&mut layers, &mut variables);
    update(aws, ctx, name, would, move |u| {
        u.set_layers(Some(layers)).environment(
            Environment::builder()
                .set_variables(Some(variables))
                .build(),
        )
    })
    .await
}

async fn add_layer(args: LayerArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    let layer = args.layer.clone();
    edit_layers_and_environment(
        &aws,
        &ctx,
        &args.function_name,
        format!("add layer `{layer}`"),
        |layers, _| {
            if !layers.contains(&layer) {
                layers.push(layer);
            }
        },
    )
    .await
}

async fn remove_layer(args: LayerArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    let lambda = lambda(&aws, &ctx).await?;
    let current = configuration(&lambda, &args.function_name, None).await?;
    if !current
        .layers()
        .iter()
        .any(|l| l.arn() == Some(args.layer.as_str()))
    {
        return Err(Error::failed_action(format!(
            "function `{}` has no layer `{}`",
            args.function_name, args.layer
        )));
    }
    let layer = args.layer.clone();
    edit_layers_and_environment(
        &aws,
        &ctx,
        &args.function_name,
        format!("remove layer `{layer}`"),
        |layers, _| layers.retain(|l| *l != layer),
    )
    .await
}

#[derive(Debug, Deserialize)]
struct LatencyArgs {
    function_name: String,
    latency: i64,
    probability: f64,
    layer: String,
}

fn check_probability(probability: f64) -> Result<(), Error> {
    if !(0.0..=1.0).contains(&probability) {
        return Err(Error::invalid_argument(
            "probability",
            format!("must be between 0 and 1, not {probability}"),
        ));
    }
    Ok(())
}

impl ActionArgs for LatencyArgs {
    fn check(&self) -> Result<(), Error> {
        check_probability(self.probability)?;
        if !(1..=900).contains(&self.latency) {
            return Err(Error::invalid_argument(
                "latency",
                format!("must be between 1 and 900 seconds, not {}", self.latency),
            ));
        }
        Ok(())
    }
}

/// Adds the chaos layer and sets `settings` (and the wrapper) in the
/// function's environment.
async fn inject(
    aws: &Connection,
    ctx: &StepContext,
    name: &str,
    layer: String,
    would: String,
    settings: Vec<(&'static str, String)>,
) -> Result<Value, Error> {
    edit_layers_and_environment(aws, ctx, name, would, |layers, variables| {
        if !layers.contains(&layer) {
            layers.push(layer);
        }
        variables.insert("AWS_LAMBDA_EXEC_WRAPPER".into(), "/opt/bootstrap".into());
        variables.insert("CHAOSTOOLKIT_EXPERIMENT".into(), "true".into());
        for (name, value) in settings {
            variables.insert(name.into(), value);
        }
    })
    .await
}

/// Removes the chaos layer and `settings` (and the wrapper, unless the
/// other fault still needs it).
async fn undo(
    aws: &Connection,
    ctx: &StepContext,
    name: &str,
    layer: String,
    would: String,
    settings: &'static [&'static str],
    other: &'static [&'static str],
) -> Result<Value, Error> {
    edit_layers_and_environment(aws, ctx, name, would, |layers, variables| {
        for setting in settings {
            variables.remove(*setting);
        }
        if !other.iter().any(|v| variables.contains_key(*v)) {
            layers.retain(|l| *l != layer);
            for wrapper in WRAPPER_VARIABLES {
                variables.remove(*wrapper);
            }
        }
    })
    .await
}

async fn add_latency(args: LatencyArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    let settings = vec![
        (LATENCY_VARIABLES[0], "true".to_string()),
        (LATENCY_VARIABLES[1], args.latency.to_string()),
        (LATENCY_VARIABLES[2], args.probability.to_string()),
    ];
    let would = format!(
        "add {} s of latency with probability {}",
        args.latency, args.probability
    );
    inject(
        &aws,
        &ctx,
        &args.function_name,
        args.layer.clone(),
        would,
        settings,
    )
    .await
}

async fn remove_latency(
    args: LayerArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    undo(
        &aws,
        &ctx,
        &args.function_name,
        args.layer.clone(),
        "remove injected latency".into(),
        LATENCY_VARIABLES,
        ERROR_VARIABLES,
    )
    .await
}

#[derive(Debug, Deserialize)]
struct ErrorArgs {
    function_name: String,
    body: String,
    probability: f64,
    layer: String,
}

impl ActionArgs for ErrorArgs {
    fn check(&self) -> Result<(), Error> {
        check_probability(self.probability)
    }
}

async fn add_error(args: ErrorArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    let settings = vec![
        (ERROR_VARIABLES[0], "true".to_string()),
        (ERROR_VARIABLES[1], args.body.clone()),
        (ERROR_VARIABLES[2], args.probability.to_string()),
    ];
    let would = format!("answer with an error with probability {}", args.probability);
    inject(
        &aws,
        &ctx,
        &args.function_name,
        args.layer.clone(),
        would,
        settings,
    )
    .await
}

async fn remove_error(args: LayerArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    undo(
        &aws,
        &ctx,
        &args.function_name,
        args.layer.clone(),
        "remove injected errors".into(),
        ERROR_VARIABLES,
        LATENCY_VARIABLES,
    )
    .await
}

choice! {
    /// How a function is invoked.
    InvocationKind { RequestResponse = "RequestResponse", Event = "Event", DryRun = "DryRun" }
}

#[derive(Debug, Deserialize)]
struct InvokeArgs {
    function_name: String,
    function_arguments: Option<Value>,
    invocation_type: InvocationKind,
    client_context: Option<Value>,
    qualifier: Option<String>,
}

impl ActionArgs for InvokeArgs {
    fn check(&self) -> Result<(), Error> {
        Ok(())
    }
}

async fn invoke_function(
    args: InvokeArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    use base64::Engine;
    let lambda = lambda(&aws, &ctx).await?;
    // Under dry run, Lambda's own `DryRun` checks the call without running it.
    let invocation = if ctx.dry_run() {
        "DryRun"
    } else {
        args.invocation_type.as_str()
    };
    let payload = args
        .function_arguments
        .as_ref()
        .map(|a| Blob::new(a.to_string().into_bytes()));
    let context = args
        .client_context
        .as_ref()
        .map(|c| base64::engine::general_purpose::STANDARD.encode(c.to_string()));
    let (out, response) = boto!(
        boto::lambda,
        "Invoke",
        lambda.invoke()
            .function_name(&args.function_name)
            .invocation_type(InvocationType::from(invocation))
            .set_payload(payload)
            .set_client_context(context)
            .set_qualifier(args.qualifier.clone())
    );
    if ctx.dry_run() {
        // Lambda checked the call (status 204) without running the function.
        return Ok(json!({"dry_run": true, "would": "invoke",
                         "targets": [args.function_name], "StatusCode": out.status_code()}));
    }
    ctx.log(format!(
        "invoked `{}`: status {}",
        args.function_name,
        out.status_code()
    ));
    // The driver hands back the payload decoded from JSON when it is JSON.
    let mut response = response;
    if let Some(Value::String(payload)) = response.get("Payload") {
        if let Ok(decoded) = serde_json::from_str::<Value>(payload) {
            response["Payload"] = decoded;
        }
    }
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct MappingArgs {
    event_uuid: String,
    /// Declared by only some of the actions these arguments serve.
    enabled: Option<bool>,
}

impl ActionArgs for MappingArgs {}

async fn dry_run_on_mapping(
    lambda: &Client,
    ctx: &StepContext,
    uuid: &str,
    would: &str,
) -> Result<Option<Value>, Error> {
    let lookup = lambda.get_event_source_mapping().uuid(uuid).send();
    let would = format!("{would} event source mapping `{uuid}`");
    dry_run_after(ctx, would, json!(uuid), async {
        lookup.await.or_fail("GetEventSourceMapping")
    })
    .await
}

async fn delete_event_source_mapping(
    args: MappingArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let lambda = lambda(&aws, &ctx).await?;
    if let Some(report) = dry_run_on_mapping(&lambda, &ctx, &args.event_uuid, "delete").await? {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::lambda,
        "DeleteEventSourceMapping",
        lambda.delete_event_source_mapping()
            .uuid(&args.event_uuid)
    );
    ctx.log(format!(
        "deleting event source mapping `{}`",
        args.event_uuid
    ));
    Ok(response)
}

async fn toggle_event_source_mapping_state(
    args: MappingArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let lambda = lambda(&aws, &ctx).await?;
    let would = if args.enabled == Some(true) {
        "enable"
    } else {
        "disable"
    };
    if let Some(report) = dry_run_on_mapping(&lambda, &ctx, &args.event_uuid, would).await? {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::lambda,
        "UpdateEventSourceMapping",
        lambda.update_event_source_mapping()
            .uuid(&args.event_uuid)
            .enabled(args.enabled == Some(true))
    );
    ctx.log(format!(
        "{would}d event source mapping `{}`",
        args.event_uuid
    ));
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct ListMappingsArgs {
    source_arn: Option<String>,
    function_name: Option<String>,
}

impl ActionArgs for ListMappingsArgs {
    fn check(&self) -> Result<(), Error> {
        if self.source_arn.is_none() && self.function_name.is_none() {
            return Err(Error::invalid_argument(
                "source_arn",
                "give `source_arn`, `function_name`, or both",
            ));
        }
        Ok(())
    }
}

async fn list_event_source_mapping(
    args: ListMappingsArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let lambda = lambda(&aws, &ctx).await?;
    let (_, response) = boto_pages!(
        boto::lambda,
        "ListEventSourceMappings",
        lambda
            .list_event_source_mappings()
            .set_event_source_arn(args.source_arn.clone())
            .set_function_name(args.function_name.clone()),
        set_marker,
        next_marker,
        "NextMarker"
    );
    Ok(response)
}
