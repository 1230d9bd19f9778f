//! What the command prints besides the report: `tracing` lines filtered by
//! `RUST_LOG` and `-v`, and step progress on stderr (live on a terminal,
//! plain lines otherwise), coloured as `--color` and `NO_COLOR` say.

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing::{Event, Subscriber};
use tracing_subscriber::filter::{EnvFilter, Targets};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

/// When to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// When stderr is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always, even into a file or a pipe.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether text written to stderr gets colour.
    pub fn for_stderr(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stderr().is_terminal()
            }
        }
    }
}

/// The `tracing` filter the flags ask for: `-v` raises kallisti's own
/// targets only, so hyper and the AWS SDK stay at warnings; `--quiet`
/// leaves errors alone.
fn flag_filter(verbose: u8, quiet: bool, progress: bool) -> String {
    if quiet {
        return "error".into();
    }
    let own = match verbose {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    // Progress already shows failed steps; `-v` shows them again.
    let steps = if progress && verbose == 0 {
        ",kallisti::step=error"
    } else {
        ""
    };
    format!("warn,kallisti={own}{steps}")
}

/// `RUST_LOG` when set and valid, else what the flags ask for.
fn log_filter(verbose: u8, quiet: bool, progress: bool) -> EnvFilter {
    let flags = flag_filter(verbose, quiet, progress);
    match std::env::var("RUST_LOG") {
        Ok(chosen) if !chosen.trim().is_empty() => {
            EnvFilter::try_new(&chosen).unwrap_or_else(|e| {
                eprintln!("kallisti: RUST_LOG `{chosen}` is not a filter ({e}); using `{flags}`");
                EnvFilter::new(&flags)
            })
        }
        _ => EnvFilter::new(&flags),
    }
}

/// The progress display, once `init` made one: other writers to stderr
/// clear its status line first.
static PROGRESS: std::sync::OnceLock<Progress> = std::sync::OnceLock::new();

/// Clears the terminal's status line, so that a message printed next
/// starts on a line of its own.
pub fn clear_status() {
    if let Some(progress) = PROGRESS.get() {
        progress.state.lock().expect("progress").clear_status();
    }
}

/// Sets up `tracing` and, unless `quiet`, step progress on stderr.
pub fn init(verbose: u8, quiet: bool, color: ColorChoice) {
    let color = color.for_stderr();
    let live = std::io::stderr().is_terminal() && std::env::var("TERM").is_ok_and(|t| t != "dumb");
    let progress = (!quiet).then(|| PROGRESS.get_or_init(|| Progress::new(live, color)).clone());
    let log = tracing_subscriber::fmt::layer()
        .with_writer(|| StatusAware)
        .with_target(false)
        .with_ansi(color)
        .with_filter(log_filter(verbose, quiet, progress.is_some()));
    let progress = progress.map(|p| {
        p.with_filter(
            Targets::new()
                .with_target("kallisti::step", tracing::Level::INFO)
                .with_target("kallisti::trial", tracing::Level::INFO),
        )
    });
    let _ = tracing_subscriber::registry()
        .with(log)
        .with(progress)
        .try_init();
}

/// stderr for log lines, secrets hidden: the status line is cleared
/// before each one.
struct StatusAware;

impl Write for StatusAware {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        clear_status();
        // Other crates' lines (`RUST_LOG=kube=debug`) may carry a secret.
        kallisti::credential::RedactingWriter::new(std::io::stderr()).write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

/// The step a `step` span stands for, kept in the span's extensions.
struct StepSpan {
    name: String,
    action: String,
    phase: String,
}

/// The phase a `phase` span stands for.
struct PhaseSpan(String);

/// Collects the fields of a span or an event as text.
#[derive(Default)]
struct Fields(Vec<(&'static str, String)>);

impl Fields {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name(), value.to_string()));
    }
}

/// A step that has started and not finished.
struct Running {
    span: Id,
    label: String,
    started: Instant,
    last_line: Option<String>,
}

/// Prints each step as it starts and ends. On a terminal a status line
/// under them shows the step running longest (a wait, a retried probe, a
/// probe loop), its elapsed time and its latest log line, redrawn every
/// half second.
#[derive(Clone)]
pub struct Progress {
    state: Arc<Mutex<Screen>>,
}

struct Screen {
    live: bool,
    color: bool,
    running: Vec<Running>,
    status_shown: bool,
    ticking: bool,
}

impl Progress {
    fn new(live: bool, color: bool) -> Self {
        Progress {
            state: Arc::new(Mutex::new(Screen {
                live,
                color,
                running: Vec::new(),
                status_shown: false,
                ticking: false,
            })),
        }
    }

    /// Redraws the status line every half second, from the first step on.
    fn start_ticking(&self) {
        let ticking = Arc::downgrade(&self.state);
        std::thread::spawn(move || {
            while let Some(state) = ticking.upgrade() {
                state.lock().expect("progress").draw_status();
                drop(state);
                std::thread::sleep(Duration::from_millis(500));
            }
        });
    }
}

impl Screen {
    fn paint(&self, text: &str, code: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn clear_status(&mut self) {
        if self.status_shown {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
            self.status_shown = false;
        }
    }

    /// Prints one line above the status line.
    fn line(&mut self, text: &str) {
        self.clear_status();
        let _ = writeln!(std::io::stderr(), "{text}");
    }

    fn draw_status(&mut self) {
        if !self.live {
            return;
        }
        let now = Instant::now();
        let Some(longest) = self.running.iter().min_by_key(|r| r.started) else {
            self.clear_status();
            return;
        };
        let mut text = format!(
            "  … {} {:.0}s",
            longest.label,
            now.duration_since(longest.started).as_secs_f64()
        );
        if let Some(line) = &longest.last_line {
            text.push_str(&format!(": {line}"));
        }
        if self.running.len() > 1 {
            text.push_str(&format!(" (+{} running)", self.running.len() - 1));
        }
        let width = terminal_width();
        let text: String = text.chars().take(width.saturating_sub(1)).collect();
        // Wrapping off while drawing: a line longer than the terminal
        // must not push the next redraw down a row.
        let _ = write!(
            std::io::stderr(),
            "\r\x1b[2K\x1b[?7l{}\x1b[?7h",
            self.paint(&text, "2")
        );
        let _ = std::io::stderr().flush();
        self.status_shown = true;
    }

    fn started(&mut self, span: Id, step: &StepSpan) {
        let label = format!("{} {} ({})", step.phase, step.name, step.action);
        let mark = self.paint(if self.live { "▸" } else { "started" }, "36");
        self.line(&format!("{mark} {label}"));
        self.running.push(Running {
            span,
            label,
            started: Instant::now(),
            last_line: None,
        });
    }

    /// Forgets a step whose span closed without a last word (a cancelled run).
    fn closed(&mut self, span: &Id) {
        self.running.retain(|r| r.span != *span);
    }

    fn finished(&mut self, span: &Id, failure: Option<&str>) {
        let Some(at) = self.running.iter().position(|r| r.span == *span) else {
            return;
        };
        let done = self.running.remove(at);
        let took = format!("{:.3}s", done.started.elapsed().as_secs_f64());
        let (ok, failed) = if self.live {
            ("✓", "✗")
        } else {
            ("ok", "failed")
        };
        let text = match failure {
            None => format!("{} {} {took}", self.paint(ok, "32"), done.label),
            Some(why) => format!("{} {} {took}: {why}", self.paint(failed, "31"), done.label),
        };
        self.line(&text);
    }

    fn logged(&mut self, span: &Id, line: &str) {
        if let Some(running) = self.running.iter_mut().find(|r| r.span == *span) {
            running.last_line = Some(line.to_string());
        }
    }
}

/// The terminal's width in columns (`COLUMNS` when the terminal says
/// nothing, else 80).
fn terminal_width() -> usize {
    terminal_size::terminal_size_of(std::io::stderr())
        .map(|(width, _)| usize::from(width.0))
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(80)
}

impl<S> Layer<S> for Progress
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        let Some(span) = ctx.span(id) else { return };
        if attrs.metadata().name() == "phase" {
            let phase = PhaseSpan(fields.get("phase").unwrap_or_default().to_string());
            span.extensions_mut().insert(phase);
            return;
        }
        if attrs.metadata().name() != "step" {
            return;
        }
        let phase = span
            .scope()
            .skip(1)
            .find_map(|s| s.extensions().get::<PhaseSpan>().map(|p| p.0.clone()))
            .unwrap_or_default();
        span.extensions_mut().insert(StepSpan {
            name: fields.get("step").unwrap_or_default().to_string(),
            action: fields.get("do").unwrap_or_default().to_string(),
            phase,
        });
    }

    fn on_close(&self, id: Id, _ctx: Context<'_, S>) {
        self.state.lock().expect("progress").closed(&id);
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let Some(step_span) = ctx
            .event_scope(event)
            .and_then(|mut scope| scope.find(|s| s.extensions().get::<StepSpan>().is_some()))
        else {
            return;
        };
        let mut fields = Fields::default();
        event.record(&mut fields);
        let id = step_span.id();
        let mut screen = self.state.lock().expect("progress");
        // Told apart by their fields, not their text: a step's own log line
        // may read anything.
        match (fields.get("arguments"), fields.get("status")) {
            (Some(_), _) => {
                let extensions = step_span.extensions();
                let step = extensions.get::<StepSpan>().expect("a step span");
                screen.started(id, step);
                if screen.live && !screen.ticking {
                    screen.ticking = true;
                    self.start_ticking();
                }
            }
            (None, Some("Failed")) => {
                let why = fields.get("error.message").unwrap_or("failed").to_string();
                screen.finished(&id, Some(&why));
            }
            (None, Some(_)) => screen.finished(&id, None),
            (None, None) => screen.logged(&id, fields.get("message").unwrap_or_default()),
        }
    }
}
