//! `run`, `validate` and `actions`: an experiment file in, a report and an
//! exit code out.

use crate::{CatalogFormat, RunArgs, Safety, EXIT_USAGE};
use kallisti::trial::AllowList;
use kallisti::{CancellationToken, Experiment, Registry, Trial};
use serde_json::{Map, Value};
use std::path::Path;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

impl Safety {
    pub(crate) fn allow_list(self) -> AllowList {
        AllowList::default()
            .hosts(self.hosts)
            .namespaces(self.namespaces)
            .aws_accounts(self.aws_accounts)
            .aws_regions(self.aws_regions)
            .cf_spaces(self.cf_spaces)
            .processes(self.processes)
            .require(self.require_allow_list)
            .merge(AllowList::from_env())
    }
}

pub fn parse_duration(text: &str) -> Result<Duration, String> {
    kallisti::duration::parse(text)
}

fn parse_params(params: &[String]) -> Result<Map<String, Value>, String> {
    let mut map = Map::new();
    for param in params {
        let (name, value) = param
            .split_once('=')
            .ok_or_else(|| format!("--param `{param}` is not NAME=VALUE"))?;
        if name.trim().is_empty() {
            return Err(format!("--param `{param}` has no name"));
        }
        let value = serde_json::from_str::<Value>(value)
            .unwrap_or_else(|_| Value::String(value.to_string()));
        map.insert(name.trim().to_string(), value);
    }
    Ok(map)
}

/// Reads an experiment file as a JSON document (YAML too with the
/// `chaostoolkit` feature).
#[cfg(feature = "chaostoolkit")]
pub(crate) fn read_document(file: &Path) -> Result<Value, ExitCode> {
    read_value(file).map_err(usage_error)
}

fn read_value(file: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let shown = file.display().to_string();
    #[cfg(feature = "chaostoolkit")]
    let parsed = kallisti::chaostoolkit::parse_document(&shown, &text).map_err(|e| e.to_string());
    #[cfg(not(feature = "chaostoolkit"))]
    let parsed = serde_json::from_str::<Value>(&text).map_err(|e| format!("not JSON: {e}"));
    parsed.map_err(|e| format!("{shown}: {e}"))
}

/// The experiment in `file`: a Kallisti one, or a Chaos Toolkit document.
enum Loaded {
    Kallisti(Box<Experiment>),
    #[cfg_attr(not(feature = "chaostoolkit"), allow(dead_code))]
    ChaosToolkit(Value),
}

fn load_any(file: &PathBuf) -> Result<Loaded, ExitCode> {
    let yaml = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    // Text that does not parse is the Kallisti loader's to explain, unless
    // only a Chaos Toolkit experiment could be YAML.
    let document = match read_value(file) {
        Ok(document) => document,
        Err(message) if yaml => return Err(usage_error(message)),
        Err(_) => return load(file).map(|e| Loaded::Kallisti(Box::new(e))),
    };
    if kallisti::experiment::is_chaostoolkit(&document) {
        if cfg!(feature = "chaostoolkit") {
            return Ok(Loaded::ChaosToolkit(document));
        }
        return Err(usage_error(format!(
            "{} is a Chaos Toolkit experiment: this kallisti was built without the `chaostoolkit` feature",
            file.display()
        )));
    }
    load(file).map(|e| Loaded::Kallisti(Box::new(e)))
}

fn load(file: &PathBuf) -> Result<Experiment, ExitCode> {
    Experiment::from_file(file).map_err(|e| {
        eprintln!("kallisti: {}: {e}", file.display());
        ExitCode::from(EXIT_USAGE)
    })
}

struct TrialRequest {
    parameters: Map<String, Value>,
    metadata: Option<Map<String, Value>>,
    ticket: Option<Value>,
}

fn load_trial_request(file: &PathBuf) -> Result<TrialRequest, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read trial file {}: {e}", file.display()))?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| format!("trial file {} is not JSON: {e}", file.display()))?;
    let Value::Object(mut map) = value else {
        return Err(format!(
            "trial file {} must be a JSON object",
            file.display()
        ));
    };
    let parameters = match map.remove("parameters") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(p)) => p,
        Some(_) => {
            return Err(format!(
                "trial file {}: `parameters` must be an object",
                file.display()
            ))
        }
    };
    let metadata = match map.remove("metadata") {
        None | Some(Value::Null) => None,
        Some(Value::Object(m)) => Some(m),
        Some(_) => {
            return Err(format!(
                "trial file {}: `metadata` must be an object",
                file.display()
            ))
        }
    };
    Ok(TrialRequest {
        parameters,
        metadata,
        ticket: map.remove("ticket"),
    })
}

/// Cancels `token` on the first Ctrl-C or SIGTERM; a second one exits at once.
pub(crate) fn stop_on_signals(token: CancellationToken) {
    tokio::spawn(async move {
        wait_for_signal().await;
        crate::output::clear_status();
        eprintln!("kallisti: stopping; running post steps (press Ctrl-C again to quit now)");
        token.cancel();
        wait_for_signal().await;
        crate::output::clear_status();
        eprintln!("kallisti: quitting without finishing post steps");
        std::process::exit(130);
    });
}

pub async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Prints `message` as the command's error and gives the usage exit code.
pub(crate) fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("kallisti: {message}");
    ExitCode::from(EXIT_USAGE)
}

/// Runs the experiment as one trial and prints its report.
pub async fn run(registry: &Registry, args: RunArgs) -> ExitCode {
    let experiment = match load_any(&args.file) {
        Ok(Loaded::Kallisti(e)) => *e,
        #[cfg(feature = "chaostoolkit")]
        Ok(Loaded::ChaosToolkit(document)) => {
            return crate::ctk::run(registry, args, document).await
        }
        #[cfg(not(feature = "chaostoolkit"))]
        Ok(Loaded::ChaosToolkit(_)) => unreachable!("refused by load_any"),
        Err(code) => return code,
    };
    let mut request = match args.trial_file.as_ref().map(load_trial_request).transpose() {
        Ok(r) => r.unwrap_or(TrialRequest {
            parameters: Map::new(),
            metadata: None,
            ticket: None,
        }),
        Err(message) => return usage_error(message),
    };
    match parse_params(&args.params) {
        Ok(p) => request.parameters.extend(p),
        Err(message) => return usage_error(message),
    }
    let token = CancellationToken::new();
    stop_on_signals(token.clone());
    let mut trial = Trial::new(experiment)
        .parameters(request.parameters)
        .dry_run(args.dry_run)
        .allow(args.safety.allow_list())
        .cancel_on(token);
    if let Some(seed) = args.seed.or_else(kallisti::trial::seed_from_env) {
        trial = trial.seed(seed);
    }
    if let Some(timeout) = args.step_timeout {
        trial = trial.step_timeout(timeout);
    }
    if let Some(metadata) = request.metadata {
        trial = trial.metadata(metadata);
    }
    if let Some(ticket) = request.ticket {
        trial = trial.ticket(ticket);
    }
    let result = trial.run(registry).await;
    if let Some(path) = args.record {
        if let Err(e) = std::fs::write(&path, kallisti::report::json(&result)) {
            eprintln!("kallisti: cannot write {}: {e}", path.display());
        }
    }
    emit(&kallisti::report::render(&result, args.format));
    ExitCode::from(result.status.exit_code() as u8)
}

/// Checks the experiment without running it and lists every problem.
pub async fn validate(
    registry: &Registry,
    file: PathBuf,
    params: Vec<String>,
    safety: Safety,
) -> ExitCode {
    let experiment = match load_any(&file) {
        Ok(Loaded::Kallisti(e)) => *e,
        #[cfg(feature = "chaostoolkit")]
        Ok(Loaded::ChaosToolkit(document)) => {
            return crate::ctk::validate(registry, &file, document, safety).await
        }
        #[cfg(not(feature = "chaostoolkit"))]
        Ok(Loaded::ChaosToolkit(_)) => unreachable!("refused by load_any"),
        Err(code) => return code,
    };
    let params = match parse_params(&params) {
        Ok(p) => p,
        Err(message) => return usage_error(message),
    };
    let allow = safety.allow_list();
    let checked = registry
        .plan(&experiment, &params)
        .and_then(|plan| allow.check_plan(&plan).map(|()| plan));
    match checked {
        Ok(plan) => {
            let steps: usize = plan.phases.iter().map(Vec::len).sum();
            println!("{}: valid ({steps} step(s))", file.display());
            ExitCode::SUCCESS
        }
        Err(problems) => {
            println!("{}: {} problem(s)", file.display(), problems.len());
            for problem in problems {
                println!("  - {problem}");
            }
            ExitCode::from(kallisti::TrialStatus::Invalid.exit_code() as u8)
        }
    }
}

/// Lists the actions and probes of this build with their arguments.
pub fn actions(registry: &Registry, format: CatalogFormat) -> ExitCode {
    let catalog = registry.catalog();
    if format == CatalogFormat::Json {
        let json = serde_json::to_string_pretty(&catalog).expect("catalog serializes");
        emit(&format!("{json}\n"));
        return ExitCode::SUCCESS;
    }
    let mut text = String::new();
    for entry in catalog {
        text.push_str(&format!("{} ({})\n", entry.target, entry.kind));
        if !entry.doc.is_empty() {
            text.push_str(&format!("    {}\n", entry.doc));
        }
        for arg in entry.arguments {
            let default = match (&arg.default, arg.required) {
                (_, true) => "required".to_string(),
                (Some(Value::Null) | None, false) => "optional".to_string(),
                (Some(d), false) => format!("default {d}"),
            };
            let choices = if arg.choices.is_empty() {
                String::new()
            } else {
                format!(", one of {}", arg.choices.join(" | "))
            };
            text.push_str(&format!(
                "    {:<16} {:<8} {default}{choices}\n",
                arg.name, arg.ty
            ));
        }
    }
    emit(&text);
    ExitCode::SUCCESS
}

/// Writes `text` to stdout. A reader that stops early (`| head`) is not an
/// error of ours: the rest is dropped quietly, as other commands do.
pub fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => eprintln!("kallisti: cannot write the output: {e}"),
    }
}
