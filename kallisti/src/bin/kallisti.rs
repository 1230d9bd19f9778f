//! `kallisti`: run, validate and list Kallisti experiments from the command line.
//!
//! Exit codes of `run`: 0 Succeeded, 1 Failed, 2 Aborted, 3 Invalid,
//! 4 Stopped, 64 for an unreadable or malformed file or bad flags.

use clap::{Parser, Subcommand};
use kallisti::report::Format;
use kallisti::trial::AllowList;
use kallisti::{CancellationToken, Experiment, Registry, Trial};
use serde_json::{Map, Value};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Exit code for unreadable or malformed input (sysexits' EX_USAGE).
const EXIT_USAGE: u8 = 64;

#[derive(Parser)]
#[command(name = "kallisti", version, about = "Run Kallisti chaos experiments")]
struct Cli {
    /// Print step events to stderr (repeat for more detail).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run an experiment as one trial and print its report.
    Run {
        /// The experiment file (Kallisti JSON).
        file: PathBuf,
        /// A parameter, NAME=VALUE; VALUE is read as JSON when it is JSON (`3`, `true`), else as text.
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// A Kallisti trial request (JSON with `parameters`, `metadata`, `ticket`).
        #[arg(long, value_name = "FILE")]
        trial_file: Option<PathBuf>,
        /// Report format: text, json, junit or html (one page with an SVG timeline).
        #[arg(long, default_value = "text")]
        format: Format,
        /// Resolve targets and print what would be done, without doing it.
        #[arg(long)]
        dry_run: bool,
        /// Timeout of steps that set none, e.g. `30s` (default 60s).
        #[arg(long, value_parser = parse_duration)]
        step_timeout: Option<Duration>,
        /// Also write the JSON trial record to this file.
        #[arg(long, value_name = "FILE")]
        record: Option<PathBuf>,
        /// Seed of the trial's random picks, to replay a recorded trial
        /// (default: KALLISTI_SEED, else random; the record keeps it).
        #[arg(long, value_name = "N")]
        seed: Option<u64>,
        #[command(flatten)]
        safety: Safety,
    },
    /// Check an experiment without running it; list every problem.
    Validate {
        /// The experiment file.
        file: PathBuf,
        /// A parameter, NAME=VALUE (as for `run`).
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        #[command(flatten)]
        safety: Safety,
    },
    /// List the actions and probes this build offers, with their arguments.
    Actions {
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Where steps may act. Each flag adds to the matching `KALLISTI_ALLOW_*`
/// variable's list; every connection a step makes is checked against them.
#[derive(clap::Args)]
struct Safety {
    /// A host steps may connect to: a name, `*.suffix`, an address or a
    /// CIDR network (repeatable; adds to KALLISTI_ALLOW_HOSTS).
    #[arg(long = "allow-host", value_name = "PATTERN")]
    hosts: Vec<String>,
    /// A Kubernetes namespace steps may act in (repeatable; adds to
    /// KALLISTI_ALLOW_NAMESPACES).
    #[arg(long = "allow-namespace", value_name = "PATTERN")]
    namespaces: Vec<String>,
    /// An AWS account id steps may act as, checked with STS before the
    /// first AWS call (repeatable; adds to KALLISTI_ALLOW_AWS_ACCOUNTS).
    #[arg(long = "allow-aws-account", value_name = "ID")]
    aws_accounts: Vec<String>,
    /// An AWS region steps may act in (repeatable; adds to
    /// KALLISTI_ALLOW_AWS_REGIONS).
    #[arg(long = "allow-aws-region", value_name = "PATTERN")]
    aws_regions: Vec<String>,
    /// A Cloud Foundry space steps may act in, `ORG/SPACE` or `SPACE`
    /// (repeatable; adds to KALLISTI_ALLOW_CF_SPACES).
    #[arg(long = "allow-cf-space", value_name = "ORG/SPACE")]
    cf_spaces: Vec<String>,
    /// Refuse every acting step when no allow-list is set (also
    /// KALLISTI_REQUIRE_ALLOW_LIST=1): safe to switch on in CI.
    #[arg(long)]
    require_allow_list: bool,
}

impl Safety {
    fn allow_list(self) -> AllowList {
        AllowList::default()
            .hosts(self.hosts)
            .namespaces(self.namespaces)
            .aws_accounts(self.aws_accounts)
            .aws_regions(self.aws_regions)
            .cf_spaces(self.cf_spaces)
            .require(self.require_allow_list)
            .merge(AllowList::from_env())
    }
}

fn parse_duration(text: &str) -> Result<Duration, String> {
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

fn init_tracing(verbose: u8) {
    let level = match verbose {
        0 => tracing::Level::WARN,
        1 => tracing::Level::INFO,
        _ => tracing::Level::DEBUG,
    };
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

/// Cancels `token` on the first Ctrl-C or SIGTERM; a second one exits at once.
fn stop_on_signals(token: CancellationToken) {
    tokio::spawn(async move {
        wait_for_signal().await;
        eprintln!("kallisti: stopping; running post steps (press Ctrl-C again to quit now)");
        token.cancel();
        wait_for_signal().await;
        eprintln!("kallisti: quitting without finishing post steps");
        std::process::exit(130);
    });
}

async fn wait_for_signal() {
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

fn main() -> ExitCode {
    // Bad flags exit 64 like malformed files: 2 means Aborted here.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            let _ = e.print();
            return ExitCode::from(EXIT_USAGE);
        }
        Err(e) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    init_tracing(cli.verbose);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async move {
        let registry = Registry::with_builtins();
        match cli.command {
            Command::Run {
                file,
                params,
                trial_file,
                format,
                dry_run,
                step_timeout,
                record,
                seed,
                safety,
            } => {
                let experiment = match load(&file) {
                    Ok(e) => e,
                    Err(code) => return code,
                };
                let mut request = match trial_file.as_ref().map(load_trial_request).transpose() {
                    Ok(r) => r.unwrap_or(TrialRequest {
                        parameters: Map::new(),
                        metadata: None,
                        ticket: None,
                    }),
                    Err(message) => {
                        eprintln!("kallisti: {message}");
                        return ExitCode::from(EXIT_USAGE);
                    }
                };
                match parse_params(&params) {
                    Ok(p) => request.parameters.extend(p),
                    Err(message) => {
                        eprintln!("kallisti: {message}");
                        return ExitCode::from(EXIT_USAGE);
                    }
                }
                let token = CancellationToken::new();
                stop_on_signals(token.clone());
                let mut trial = Trial::new(experiment)
                    .parameters(request.parameters)
                    .dry_run(dry_run)
                    .allow(safety.allow_list())
                    .cancel_on(token);
                if let Some(seed) = seed.or_else(kallisti::trial::seed_from_env) {
                    trial = trial.seed(seed);
                }
                if let Some(timeout) = step_timeout {
                    trial = trial.step_timeout(timeout);
                }
                if let Some(metadata) = request.metadata {
                    trial = trial.metadata(metadata);
                }
                if let Some(ticket) = request.ticket {
                    trial = trial.ticket(ticket);
                }
                let result = trial.run(&registry).await;
                if let Some(path) = record {
                    if let Err(e) = std::fs::write(&path, kallisti::report::json(&result)) {
                        eprintln!("kallisti: cannot write {}: {e}", path.display());
                    }
                }
                print!("{}", kallisti::report::render(&result, format));
                ExitCode::from(result.status.exit_code() as u8)
            }
            Command::Validate {
                file,
                params,
                safety,
            } => {
                let experiment = match load(&file) {
                    Ok(e) => e,
                    Err(code) => return code,
                };
                let params = match parse_params(&params) {
                    Ok(p) => p,
                    Err(message) => {
                        eprintln!("kallisti: {message}");
                        return ExitCode::from(EXIT_USAGE);
                    }
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
            Command::Actions { json } => {
                let catalog = registry.catalog();
                if json {
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&catalog).expect("catalog serializes")
                    );
                } else {
                    for entry in catalog {
                        println!("{} ({})", entry.target, entry.kind);
                        if !entry.doc.is_empty() {
                            println!("    {}", entry.doc);
                        }
                        for arg in entry.arguments {
                            let default = match (&arg.default, arg.required) {
                                (_, true) => "required".to_string(),
                                (Some(Value::Null) | None, false) => "optional".to_string(),
                                (Some(d), false) => format!("default {d}"),
                            };
                            println!("    {:<16} {:<8} {default}", arg.name, arg.ty);
                        }
                    }
                }
                ExitCode::SUCCESS
            }
        }
    })
}
