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

/// How `qty` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Mode {
    /// A number of pods.
    Fixed,
    /// A percentage of the candidates, rounded up.
    Percentage,
}

/// Which candidates come first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Order {
    /// By name.
    Alphabetic,
    /// By creation time, then name.
    Oldest,
}

/// The pods a step picks, as `terminate_pods` and `exec_in_pods` pick them.
#[derive(Debug, Deserialize)]
pub(super) struct PodSelection {
    label_selector: Option<String>,
    name_pattern: Option<String>,
    all: bool,
    rand: bool,
    mode: Mode,
    qty: i64,
    ns: String,
    order: Order,
}

#[derive(Debug, Deserialize)]
pub(super) struct TerminateArgs {
    #[serde(flatten)]
    select: PodSelection,
    grace_period: i64,
}

impl ActionArgs for TerminateArgs {
    fn check(&self) -> Result<(), Error> {
        self.select.check()
    }
}

impl PodSelection {
    fn check(&self) -> Result<(), Error> {
        if let Some(pattern) = &self.name_pattern {
            regex::Regex::new(pattern).map_err(|e| {
                Error::invalid_argument("name_pattern", format!("not a regular expression: {e}"))
            })?;
        }
        match self.mode {
            Mode::Fixed if self.qty < 0 => Err(Error::invalid_argument(
                "qty",
                format!("must be 0 or more, not {}", self.qty),
            )),
            Mode::Percentage if !(0..=100).contains(&self.qty) => Err(Error::invalid_argument(
                "qty",
                format!(
                    "with mode `percentage`, must be between 0 and 100, not {}",
                    self.qty
                ),
            )),
            _ => Ok(()),
        }
    }

    /// The names of the pods these arguments pick among `pods`.
    fn choose(&self, pods: Vec<ObjectMeta>, ctx: &StepContext) -> Result<Vec<String>, Error> {
        let pattern = self
            .name_pattern
            .as_deref()
            .map(regex::Regex::new)
            .transpose()
            .map_err(|e| Error::invalid_argument("name_pattern", e.to_string()))?;
        Ok(select_pods(
            pods,
            pattern.as_ref(),
            self.order,
            self.all,
            self.rand.then_some(ctx),
            self.mode,
            self.qty,
        ))
    }
}

/// Chooses the pods `terminate_pods` acts on, as the driver does: filter by
/// name pattern, order, then all, or `qty` (fixed or percentage) from the
/// start or, given the step's context (`rand`), at random from the trial's
/// generator.
pub(crate) fn select_pods(
    mut pods: Vec<ObjectMeta>,
    name_pattern: Option<&regex::Regex>,
    order: Order,
    all: bool,
    rand: Option<&StepContext>,
    mode: Mode,
    qty: i64,
) -> Vec<String> {
    let name = |m: &ObjectMeta| m.name.clone().unwrap_or_default();
    if let Some(pattern) = name_pattern {
        pods.retain(|p| pattern.is_match(p.name.as_deref().unwrap_or_default()));
    }
    if order == Order::Oldest {
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
    let count = if mode == Mode::Percentage {
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

pub(super) async fn terminate_pods(
    args: TerminateArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let s = &args.select;
    let client = connection.client(&ctx).await?;
    let api: Api<Pod> = Api::namespaced(client, &s.ns);
    let pods = list_pod_metadata(&api, &s.ns, s.label_selector.as_deref()).await?;
    let names = s.choose(pods, &ctx)?;
    if names.is_empty() {
        // As the driver: nothing matched is an empty list, not a failure.
        ctx.log(format!("no pod to terminate in `{}`", s.ns));
        return Ok(json!([]));
    }
    if ctx.dry_run() {
        ctx.log(format!(
            "dry run: would terminate {} pod(s) in `{}`: {}",
            names.len(),
            s.ns,
            names.join(", ")
        ));
        return Ok(json!({"dry_run": true, "would_terminate": names, "ns": s.ns}));
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
            .map_err(|e| api_error(&format!("deleting pod `{name}` in `{}`", s.ns), e))?;
        ctx.log(format!("terminated pod `{name}` in `{}`", s.ns));
    }
    Ok(json!(names))
}

#[derive(Debug, Deserialize)]
pub(super) struct CountArgs {
    label_selector: String,
    phase: Option<String>,
    ns: String,
}

impl ActionArgs for CountArgs {}

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

pub(super) async fn count_pods(
    args: CountArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let pods = matching(&connection, &ctx, &args.ns, &args.label_selector).await?;
    let count = pods
        .iter()
        .filter(|p| args.phase.as_ref().is_none_or(|ph| phase_of(p) == *ph))
        .count();
    Ok(json!(count))
}

#[derive(Debug, Deserialize)]
pub(super) struct MinArgs {
    label_selector: String,
    phase: String,
    min_count: i64,
    ns: String,
}

impl ActionArgs for MinArgs {}

pub(super) async fn count_min_pods(
    args: MinArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let pods = matching(&connection, &ctx, &args.ns, &args.label_selector).await?;
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
    phase: String,
    ns: String,
    #[serde(alias = "raise_on_in_phase")]
    raise_on_invalid_phase: bool,
}

impl ActionArgs for PhaseArgs {}

/// Whether every matching pod is (`want_in`) or is not in the phase; a
/// `FailedAction` saying which pods are where when not, if asked to raise.
async fn phase_check(
    args: PhaseArgs,
    connection: Connection,
    ctx: StepContext,
    want_in: bool,
) -> Result<Value, Error> {
    let pods = matching(&connection, &ctx, &args.ns, &args.label_selector).await?;
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

pub(super) async fn pods_in_phase(
    args: PhaseArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    phase_check(args, connection, ctx, true).await
}

pub(super) async fn pods_not_in_phase(
    args: PhaseArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    phase_check(args, connection, ctx, false).await
}

#[derive(Debug, Deserialize)]
pub(super) struct ExecArgs {
    cmd: Value,
    container_name: Option<String>,
    request_timeout: i64,
    #[serde(flatten)]
    select: PodSelection,
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
pub(super) async fn exec_in_pods(
    args: ExecArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let words = command_words(&args.cmd)?;
    let s = &args.select;
    let client = connection.client(&ctx).await?;
    let api: Api<Pod> = Api::namespaced(client, &s.ns);
    let pods = list_pods(&api, &s.ns, s.label_selector.as_deref()).await?;
    let chosen = s.choose(pods.into_iter().map(|p| p.metadata).collect(), &ctx)?;
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
        let result = tokio::time::timeout(
            std::time::Duration::from_secs(args.request_timeout as u64),
            exec_in_pod(&api, name, &words, &args),
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

/// Runs `words` in pod `name`: its stdout, stderr and exit code.
async fn exec_in_pod(
    api: &Api<Pod>,
    name: &str,
    words: &[String],
    args: &ExecArgs,
) -> Result<Value, Error> {
    use kube::api::AttachParams;

    let mut params = AttachParams::default()
        .stdin(false)
        .stdout(true)
        .stderr(true);
    if let Some(c) = &args.container_name {
        params = params.container(c.clone());
    }
    let mut process = api
        .exec(name, words.to_vec(), &params)
        .await
        .map_err(|e| api_error(&format!("exec in pod `{name}` in `{}`", args.select.ns), e))?;
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
    Ok(json!({"pod": name, "stdout": stdout, "stderr": stderr, "exit_code": exit_code}))
}

/// Binds the `k8s` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("terminate_pods", terminate_pods)
        .action("exec_in_pods", exec_in_pods)
        .action("count_pods", count_pods)
        .action("count_min_pods", count_min_pods)
        .action("pods_in_phase", pods_in_phase)
        .action("pods_not_in_phase", pods_not_in_phase)
}
