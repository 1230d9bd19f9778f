//! `kallisti`: run, validate and list Kallisti experiments from the command
//! line, and serve the offline fakes (`fake` feature).

#[cfg(feature = "chaostoolkit")]
mod ctk;
#[cfg(feature = "fake")]
mod fake;
mod output;
mod run;

use clap::builder::TypedValueParser as _;
use clap::{CommandFactory, Parser, Subcommand};
use kallisti::report::Format;
use kallisti::Registry;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Exit code for unreadable or malformed input and bad flags (sysexits'
/// EX_USAGE): 2 already means Aborted.
const EXIT_USAGE: u8 = 64;

const EXIT_CODES: &str = "\
Exit codes:
  0   the trial succeeded (run), the experiment is valid (validate)
  1   the trial failed: a step or an expectation failed
  2   the trial was aborted: a pre step failed
  3   the experiment cannot run: invalid arguments, refused targets
  4   the trial was stopped: Ctrl-C, SIGTERM or a stop condition
      (a Chaos Toolkit experiment exits as `chaos run` does: 0 completed
      without deviation, 1 otherwise)
  64  unreadable or malformed file, or bad flags
  130 a second Ctrl-C quit before the post steps finished";

#[derive(Parser)]
#[command(name = "kallisti", version, about = "Run Kallisti chaos experiments", after_help = EXIT_CODES)]
struct Cli {
    /// Log more of kallisti's own events to stderr (-v info, -vv debug,
    /// -vvv trace); RUST_LOG, when set, chooses instead.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Print no progress and no warnings: the report and errors only.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Colour on stderr: auto (a terminal, NO_COLOR unset), always or never.
    #[arg(long, global = true, value_enum, default_value_t = output::ColorChoice::Auto)]
    color: output::ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run an experiment as one trial and print its report.
    #[command(after_help = EXIT_CODES)]
    Run(RunArgs),
    /// Check an experiment without running it; list every problem.
    Validate {
        /// The experiment file (Kallisti JSON, or a Chaos Toolkit JSON or YAML experiment).
        file: PathBuf,
        /// A parameter, NAME=VALUE (as for `run`).
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        #[command(flatten)]
        safety: Safety,
    },
    /// Write a Chaos Toolkit experiment as the nearest Kallisti experiment
    /// (stdout, or --output), and list on stderr what it does not express.
    #[cfg(feature = "chaostoolkit")]
    Convert {
        /// The Chaos Toolkit experiment (JSON or YAML).
        file: PathBuf,
        /// Write the Kallisti experiment here instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List the actions and probes this build offers, with their arguments.
    Actions {
        /// Output format.
        #[arg(long, value_enum, default_value_t = CatalogFormat::Text)]
        format: CatalogFormat,
        /// The same as `--format json`.
        #[arg(long, hide = true, conflicts_with = "format")]
        json: bool,
    },
    /// Print a shell completion script, e.g.
    /// `kallisti completions bash > ~/.local/share/bash-completion/completions/kallisti`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Serve the offline fakes of the platforms until Ctrl-C, and print the
    /// settings that point kubectl, boto3, the AWS CLI or a CF client at them.
    #[cfg(feature = "fake")]
    Fake(fake::FakeArgs),
}

/// The report formats of `run`.
const REPORT_FORMATS: [&str; 4] = ["text", "json", "junit", "html"];

#[derive(clap::Args)]
struct RunArgs {
    /// The experiment file: Kallisti JSON, or a Chaos Toolkit experiment
    /// (JSON or YAML, told apart by its shape).
    file: PathBuf,
    /// A parameter, NAME=VALUE; VALUE is read as JSON when it is JSON (`3`, `true`), else as text.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// A Kallisti trial request (JSON with `parameters`, `metadata`, `ticket`).
    #[arg(long, value_name = "FILE")]
    trial_file: Option<PathBuf>,
    /// Report format (html: one page with an SVG timeline).
    #[arg(long, default_value = "text",
          value_parser = clap::builder::PossibleValuesParser::new(REPORT_FORMATS)
              .map(|f| f.parse::<Format>().expect("a listed format")))]
    format: Format,
    /// Resolve targets and print what would be done, without doing it.
    #[arg(long)]
    dry_run: bool,
    /// Timeout of steps that set none, e.g. `30s` (default 60s).
    #[arg(long, value_parser = run::parse_duration)]
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
    #[cfg(feature = "chaostoolkit")]
    #[command(flatten)]
    ctk: ChaosToolkitArgs,
}

/// What only a Chaos Toolkit experiment's run takes.
#[cfg(feature = "chaostoolkit")]
#[derive(clap::Args)]
struct ChaosToolkitArgs {
    /// Write the Chaos Toolkit journal (journal.json) to this file.
    #[arg(long, value_name = "FILE")]
    journal_path: Option<PathBuf>,
    /// When the steady-state hypothesis runs: default, before-method-only,
    /// after-method-only, during-method-only, continuously.
    #[arg(long, value_name = "STRATEGY")]
    hypothesis_strategy: Option<String>,
    /// How often the hypothesis runs during the method, e.g. `2s`.
    #[arg(long, value_parser = run::parse_duration)]
    hypothesis_frequency: Option<Duration>,
    /// When rollbacks run: default, always, never, deviated.
    #[arg(long, value_name = "STRATEGY")]
    rollback_strategy: Option<String>,
}

/// Output formats of `actions`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum CatalogFormat {
    /// One entry a few lines, for reading.
    Text,
    /// The catalog as JSON, for tools.
    Json,
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
    /// A local process `process` steps may signal, a pattern on its name
    /// (repeatable; adds to KALLISTI_ALLOW_PROCESSES).
    #[arg(long = "allow-process", value_name = "PATTERN")]
    processes: Vec<String>,
    /// Refuse every acting step when no allow-list is set (also
    /// KALLISTI_REQUIRE_ALLOW_LIST=1): safe to switch on in CI.
    #[arg(long)]
    require_allow_list: bool,
}

fn main() -> ExitCode {
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
    if let Command::Completions { shell } = cli.command {
        clap_complete::generate(
            shell,
            &mut Cli::command(),
            "kallisti",
            &mut std::io::stdout(),
        );
        return ExitCode::SUCCESS;
    }
    output::init(cli.verbose, cli.quiet, cli.color);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async move {
        let registry = Registry::with_builtins();
        match cli.command {
            Command::Run(args) => run::run(&registry, args).await,
            Command::Validate {
                file,
                params,
                safety,
            } => run::validate(&registry, file, params, safety).await,
            #[cfg(feature = "chaostoolkit")]
            Command::Convert { file, output } => match run::read_document(&file) {
                Ok(document) => ctk::convert(&file, document, output.as_deref()),
                Err(code) => code,
            },
            Command::Actions { format, json } => {
                let format = if json { CatalogFormat::Json } else { format };
                run::actions(&registry, format)
            }
            Command::Completions { .. } => unreachable!("answered before the runtime starts"),
            #[cfg(feature = "fake")]
            Command::Fake(args) => fake::serve(args).await,
        }
    })
}
