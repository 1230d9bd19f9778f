//! Pods: terminate a selection of them, count them, check their phase.

use super::client::{api_error, Connection};
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::api::{Api, DeleteParams, ListParams};
use serde::Deserialize;
use serde_json::{json, Value};

fn default_ns() -> String {
    "default".into()
}

/// Lists the pods of `ns` matching `label_selector`, following pagination.
pub(crate) async fn list_pods(
    api: &Api<Pod>,
    ns: &str,
    label_selector: Option<&str>,
) -> Result<Vec<Pod>, Error> {
    let mut params = ListParams::default().limit(500);
    if let Some(selector) = label_selector {
        params = params.labels(selector);
    }
    let mut pods = Vec::new();
    loop {
        let page = api
            .list(&params)
            .await
            .map_err(|e| api_error(&format!("listing pods in `{ns}`"), e))?;
        pods.extend(page.items);
        match page.metadata.continue_.filter(|c| !c.is_empty()) {
            Some(token) => params = params.continue_token(&token),
            None => break,
        }
    }
    Ok(pods)
}

/// The metadata of the pods of `ns` matching `label_selector` (names,
/// labels, creation times: all a selection needs, a fraction of the bytes).
pub(crate) async fn list_pod_metadata(
    api: &Api<Pod>,
    ns: &str,
    label_selector: Option<&str>,
) -> Result<Vec<ObjectMeta>, Error> {
    let mut params = ListParams::default().limit(500);
    if let Some(selector) = label_selector {
        params = params.labels(selector);
    }
    let mut found = Vec::new();
    loop {
        let page = api
            .list_metadata(&params)
            .await
            .map_err(|e| api_error(&format!("listing pods in `{ns}`"), e))?;
        found.extend(page.items.into_iter().map(|p| p.metadata));
        match page.metadata.continue_.filter(|c| !c.is_empty()) {
            Some(token) => params = params.continue_token(&token),
            None => break,
        }
    }
    Ok(found)
}

fn name_of(pod: &Pod) -> String {
    pod.metadata.name.clone().unwrap_or_default()
}

fn phase_of(pod: &Pod) -> String {
    pod.status
        .as_ref()
        .and_then(|s| s.phase.clone())
        .unwrap_or_else(|| "Unknown".into())
}

fn default_mode() -> String {
    "fixed".into()
}
fn default_qty() -> i64 {
    1
}
fn default_grace() -> i64 {
    -1
}
fn default_order() -> String {
    "alphabetic".into()
}

#[derive(Debug, Deserialize)]
pub(super) struct TerminateArgs {
    #[serde(default)]
    label_selector: Option<String>,
    #[serde(default)]
    name_pattern: Option<String>,
    #[serde(default)]
    all: bool,
    #[serde(default)]
    rand: bool,
    #[serde(default = "default_mode")]
    mode: String,
    #[serde(default = "default_qty")]
    qty: i64,
    #[serde(default = "default_grace")]
    grace_period: i64,
    #[serde(default = "default_ns")]
    ns: String,
    #[serde(default = "default_order")]
    order: String,
    #[serde(flatten)]
    connection: Connection,
}

impl ActionArgs for TerminateArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()?;
        if let Some(pattern) = &self.name_pattern {
            regex::Regex::new(pattern).map_err(|e| {
                Error::invalid_argument("name_pattern", format!("not a regular expression: {e}"))
            })?;
        }
        match self.mode.as_str() {
            "fixed" if self.qty < 0 => Err(Error::invalid_argument(
                "qty",
                format!("must be 0 or more, not {}", self.qty),
            )),
            "percentage" if !(0..=100).contains(&self.qty) => Err(Error::invalid_argument(
                "qty",
                format!(
                    "with mode `percentage`, must be between 0 and 100, not {}",
                    self.qty
                ),
            )),
            "fixed" | "percentage" => Ok(()),
            other => Err(Error::invalid_argument(
                "mode",
                format!("must be `fixed` or `percentage`, not `{other}`"),
            )),
        }?;
        if !matches!(self.order.as_str(), "alphabetic" | "oldest") {
            return Err(Error::invalid_argument(
                "order",
                format!("must be `alphabetic` or `oldest`, not `{}`", self.order),
            ));
        }
        Ok(())
    }
}

/// Chooses the pods `terminate_pods` acts on, as the driver does: filter by
/// name pattern, order, then all, or `qty` (fixed or percentage) from the
/// start or, given the step's context (`rand`), at random from the trial's
/// generator.
pub(crate) fn select_pods(
    mut pods: Vec<ObjectMeta>,
    name_pattern: Option<&regex::Regex>,
    order: &str,
    all: bool,
    rand: Option<&StepContext>,
    mode: &str,
    qty: i64,
) -> Vec<String> {
    let name = |m: &ObjectMeta| m.name.clone().unwrap_or_default();
    if let Some(pattern) = name_pattern {
        pods.retain(|p| pattern.is_match(p.name.as_deref().unwrap_or_default()));
    }
    if order == "oldest" {
        pods.sort_by(|a, b| {
            let created = |p: &ObjectMeta| p.creation_timestamp.as_ref().map(|t| t.0);
            created(a)
                .cmp(&created(b))
                .then_with(|| a.name.cmp(&b.name))
        });
    } else {
        pods.sort_by(|a, b| a.name.cmp(&b.name));
    }
    let mut names: Vec<String> = pods.iter().map(name).collect();
    if all {
        return names;
    }
    // The driver rounds a percentage up: 30% of 5 pods is 2.
    let count = if mode == "percentage" {
        ((names.len() as u64) * (qty as u64)).div_ceil(100) as usize
    } else {
        qty as usize
    }
    .min(names.len());
    if let Some(ctx) = rand {
        ctx.shuffle(&mut names);
        let mut picked: Vec<String> = names.into_iter().take(count).collect();
        picked.sort();
        picked
    } else {
        names.truncate(count);
        names
    }
}

pub(super) async fn terminate_pods(args: TerminateArgs, ctx: StepContext) -> Result<Value, Error> {
    let client = args.connection.client(&ctx).await?;
    let api: Api<Pod> = Api::namespaced(client, &args.ns);
    let pods = list_pod_metadata(&api, &args.ns, args.label_selector.as_deref()).await?;
    let pattern = args
        .name_pattern
        .as_deref()
        .map(regex::Regex::new)
        .transpose()
        .map_err(|e| Error::invalid_argument("name_pattern", e.to_string()))?;
    let names = select_pods(
        pods,
        pattern.as_ref(),
        &args.order,
        args.all,
        args.rand.then_some(&ctx),
        &args.mode,
        args.qty,
    );
    if names.is_empty() {
        // As the driver: nothing matched is an empty list, not a failure.
        ctx.log(format!("no pod to terminate in `{}`", args.ns));
        return Ok(json!([]));
    }
    if ctx.dry_run() {
        ctx.log(format!(
            "dry run: would terminate {} pod(s) in `{}`: {}",
            names.len(),
            args.ns,
            names.join(", ")
        ));
        return Ok(json!({"dry_run": true, "would_terminate": names, "ns": args.ns}));
    }
    let params = if args.grace_period >= 0 {
        DeleteParams {
            grace_period_seconds: Some(args.grace_period as u32),
            ..DeleteParams::default()
        }
    } else {
        DeleteParams::default()
    };
    for name in &names {
        api.delete(name, &params)
            .await
            .map_err(|e| api_error(&format!("deleting pod `{name}` in `{}`", args.ns), e))?;
        ctx.log(format!("terminated pod `{name}` in `{}`", args.ns));
    }
    Ok(json!(names))
}

#[derive(Debug, Deserialize)]
pub(super) struct CountArgs {
    label_selector: String,
    #[serde(default)]
    phase: Option<String>,
    #[serde(default = "default_ns")]
    ns: String,
    #[serde(flatten)]
    connection: Connection,
}

impl ActionArgs for CountArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()
    }
}

async fn matching(
    connection: &Connection,
    ctx: &StepContext,
    ns: &str,
    selector: &str,
) -> Result<Vec<Pod>, Error> {
    let client = connection.client(ctx).await?;
    let api: Api<Pod> = Api::namespaced(client, ns);
    list_pods(&api, ns, Some(selector)).await
}

pub(super) async fn count_pods(args: CountArgs, ctx: StepContext) -> Result<Value, Error> {
    let pods = matching(&args.connection, &ctx, &args.ns, &args.label_selector).await?;
    let count = pods
        .iter()
        .filter(|p| args.phase.as_ref().is_none_or(|ph| phase_of(p) == *ph))
        .count();
    Ok(json!(count))
}

fn default_running() -> String {
    "Running".into()
}
fn default_min() -> i64 {
    2
}
fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
pub(super) struct MinArgs {
    label_selector: String,
    #[serde(default = "default_running")]
    phase: String,
    #[serde(default = "default_min")]
    min_count: i64,
    #[serde(default = "default_ns")]
    ns: String,
    #[serde(flatten)]
    connection: Connection,
}

impl ActionArgs for MinArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()
    }
}

pub(super) async fn count_min_pods(args: MinArgs, ctx: StepContext) -> Result<Value, Error> {
    let pods = matching(&args.connection, &ctx, &args.ns, &args.label_selector).await?;
    let count = pods.iter().filter(|p| phase_of(p) == args.phase).count() as i64;
    ctx.log(format!(
        "{count} pod(s) in phase {} (at least {} wanted)",
        args.phase, args.min_count
    ));
    Ok(json!(count >= args.min_count))
}

#[derive(Debug, Deserialize)]
pub(super) struct PhaseArgs {
    label_selector: String,
    #[serde(default = "default_running")]
    phase: String,
    #[serde(default = "default_ns")]
    ns: String,
    #[serde(default = "yes", alias = "raise_on_in_phase")]
    raise_on_invalid_phase: bool,
    #[serde(flatten)]
    connection: Connection,
}

impl ActionArgs for PhaseArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()
    }
}

/// Whether every matching pod is (`want_in`) or is not in the phase; a
/// `FailedAction` saying which pods are where when not, if asked to raise.
async fn phase_check(args: PhaseArgs, ctx: StepContext, want_in: bool) -> Result<Value, Error> {
    let pods = matching(&args.connection, &ctx, &args.ns, &args.label_selector).await?;
    let wrong: Vec<String> = pods
        .iter()
        .filter(|p| (phase_of(p) == args.phase) != want_in)
        .map(|p| format!("{} is {}", name_of(p), phase_of(p)))
        .collect();
    // No pod at all fails the check too, as in the driver, and follows the
    // same flag.
    let message = if pods.is_empty() {
        format!(
            "no pod with labels `{}` in `{}`",
            args.label_selector, args.ns
        )
    } else if wrong.is_empty() {
        return Ok(json!(true));
    } else {
        format!(
            "pods with labels `{}` in `{}` should {}be {}: {}",
            args.label_selector,
            args.ns,
            if want_in { "" } else { "not " },
            args.phase,
            wrong.join(", ")
        )
    };
    if args.raise_on_invalid_phase {
        Err(Error::failed_action(message))
    } else {
        ctx.log(message);
        Ok(json!(false))
    }
}

pub(super) async fn pods_in_phase(args: PhaseArgs, ctx: StepContext) -> Result<Value, Error> {
    phase_check(args, ctx, true).await
}

pub(super) async fn pods_not_in_phase(args: PhaseArgs, ctx: StepContext) -> Result<Value, Error> {
    phase_check(args, ctx, false).await
}

fn default_request_timeout() -> i64 {
    60
}

#[derive(Debug, Deserialize)]
pub(super) struct ExecArgs {
    cmd: Value,
    #[serde(default)]
    container_name: Option<String>,
    #[serde(default = "default_request_timeout")]
    request_timeout: i64,
    #[serde(flatten)]
    select: TerminateArgs,
}

/// The command as words: a list as is, a string split on whitespace (as the driver does).
fn command_words(cmd: &Value) -> Result<Vec<String>, Error> {
    let words: Vec<String> = match cmd {
        Value::String(s) => s.split_whitespace().map(str::to_string).collect(),
        Value::Array(items) => items
            .iter()
            .map(|w| w.as_str().map(str::to_string))
            .collect::<Option<_>>()
            .ok_or_else(|| Error::invalid_argument("cmd", "a list of strings"))?,
        other => {
            return Err(Error::invalid_argument(
                "cmd",
                format!("a string or a list of strings, not {other}"),
            ))
        }
    };
    if words.is_empty() {
        return Err(Error::invalid_argument("cmd", "the command is empty"));
    }
    Ok(words)
}

impl ActionArgs for ExecArgs {
    fn check(&self) -> Result<(), Error> {
        command_words(&self.cmd)?;
        if self.request_timeout <= 0 {
            return Err(Error::invalid_argument(
                "request_timeout",
                "must be a positive number of seconds",
            ));
        }
        self.select.check()
    }
}

/// All of one output stream of an exec, as text.
async fn read_output(
    stream: Option<impl tokio::io::AsyncRead + Unpin>,
    what: &str,
    pod: &str,
) -> Result<String, Error> {
    use tokio::io::AsyncReadExt;
    let mut text = String::new();
    if let Some(mut stream) = stream {
        stream
            .read_to_string(&mut text)
            .await
            .map_err(|e| Error::failed_action_from(format!("reading {what} of `{pod}`: {e}"), e))?;
    }
    Ok(text)
}

/// Runs `cmd` in the selected pods (chosen as `terminate_pods` chooses),
/// over the API server's websocket exec protocol: each pod's stdout, stderr
/// and exit status.
pub(super) async fn exec_in_pods(args: ExecArgs, ctx: StepContext) -> Result<Value, Error> {
    use kube::api::AttachParams;

    let words = command_words(&args.cmd)?;
    let s = &args.select;
    let client = s.connection.client(&ctx).await?;
    let api: Api<Pod> = Api::namespaced(client, &s.ns);
    let pods = list_pods(&api, &s.ns, s.label_selector.as_deref()).await?;
    let pattern = s
        .name_pattern
        .as_deref()
        .map(regex::Regex::new)
        .transpose()
        .map_err(|e| Error::invalid_argument("name_pattern", e.to_string()))?;
    let chosen: Vec<String> = select_pods(
        pods.into_iter().map(|p| p.metadata).collect(),
        pattern.as_ref(),
        &s.order,
        s.all,
        s.rand.then_some(&ctx),
        &s.mode,
        s.qty,
    );
    if chosen.is_empty() {
        return Err(Error::failed_action(format!(
            "no pod to run `{}` in, in `{}`",
            words.join(" "),
            s.ns
        )));
    }
    if ctx.dry_run() {
        return Ok(json!({"dry_run": true, "would_exec_in": chosen, "cmd": words}));
    }
    let mut results = Vec::new();
    for name in &chosen {
        let mut params = AttachParams::default()
            .stdin(false)
            .stdout(true)
            .stderr(true);
        if let Some(c) = &args.container_name {
            params = params.container(c.clone());
        }
        let run = async {
            let mut process = api
                .exec(name, words.clone(), &params)
                .await
                .map_err(|e| api_error(&format!("exec in pod `{name}` in `{}`", s.ns), e))?;
            // Both at once: the streams share one websocket, so a full
            // stderr buffer would hold up stdout (and the other way round).
            let (stdout, stderr) = tokio::try_join!(
                read_output(process.stdout(), "stdout", name),
                read_output(process.stderr(), "stderr", name)
            )?;
            let status = match process.take_status() {
                Some(status) => status.await,
                None => None,
            };
            let _ = process.join().await;
            let succeeded = status
                .as_ref()
                .is_none_or(|s| s.status.as_deref() == Some("Success"));
            let exit_code = status
                .as_ref()
                .and_then(|s| s.details.as_ref())
                .and_then(|d| d.causes.as_ref())
                .and_then(|c| c.iter().find(|c| c.reason.as_deref() == Some("ExitCode")))
                .and_then(|c| c.message.as_deref()?.parse::<i64>().ok())
                .unwrap_or(if succeeded { 0 } else { 1 });
            Ok::<Value, Error>(
                json!({"pod": name, "stdout": stdout, "stderr": stderr, "exit_code": exit_code}),
            )
        };
        let result = tokio::time::timeout(
            std::time::Duration::from_secs(args.request_timeout as u64),
            run,
        )
        .await
        .map_err(|_| {
            Error::failed_action(format!(
                "exec in pod `{name}` took longer than {}s",
                args.request_timeout
            ))
        })??;
        ctx.log(format!(
            "ran `{}` in pod `{name}`: exit code {}",
            words.join(" "),
            result["exit_code"]
        ));
        results.push(result);
    }
    Ok(Value::Array(results))
}
