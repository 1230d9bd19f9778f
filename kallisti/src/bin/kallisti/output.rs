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

/// The `tracing` filter: `RUST_LOG` when set, then `-v` raises kallisti's
/// own targets only, so hyper and the AWS SDK stay at warnings.
fn log_filter(verbose: u8, quiet: bool, progress: bool) -> EnvFilter {
    let base = std::env::var("RUST_LOG").unwrap_or_else(|_| {
        let own = match (quiet, verbose) {
            (true, _) => "error",
            (false, 0) => "warn",
            (false, 1) => "info",
            (false, 2) => "debug",
            (false, _) => "trace",
        };
        // Progress already shows failed steps; `-v` shows them again.
        let steps = if progress && verbose == 0 {
            ",kallisti::step=error"
        } else {
            ""
        };
        format!("warn,kallisti={own}{steps}")
    });
    EnvFilter::try_new(&base).unwrap_or_else(|e| {
        eprintln!("kallisti: RUST_LOG `{base}` is not a filter ({e}); using `warn`");
        EnvFilter::new("warn")
    })
}

/// Sets up `tracing` and, unless `quiet`, step progress on stderr.
pub fn init(verbose: u8, quiet: bool, color: ColorChoice) {
    let color = color.for_stderr();
    let progress = (!quiet).then(|| Progress::new(std::io::stderr().is_terminal(), color));
    let log = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
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
/// under them shows the steps still running, their elapsed time and last
/// log line (retries, probe loops, waits), redrawn every half second.
#[derive(Clone)]
pub struct Progress {
    state: Arc<Mutex<Screen>>,
}

struct Screen {
    live: bool,
    color: bool,
    running: Vec<Running>,
    status_shown: bool,
}

impl Progress {
    fn new(live: bool, color: bool) -> Self {
        let state = Arc::new(Mutex::new(Screen {
            live,
            color,
            running: Vec::new(),
            status_shown: false,
        }));
        if live {
            let ticking = Arc::downgrade(&state);
            std::thread::spawn(move || {
                while let Some(state) = ticking.upgrade() {
                    state.lock().expect("progress").draw_status();
                    drop(state);
                    std::thread::sleep(Duration::from_millis(500));
                }
            });
        }
        Progress { state }
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

    /// Prints one line above the status line.
    fn line(&mut self, text: &str) {
        let mut err = std::io::stderr().lock();
        if self.status_shown {
            let _ = write!(err, "\r\x1b[2K");
            self.status_shown = false;
        }
        let _ = writeln!(err, "{text}");
    }

    fn draw_status(&mut self) {
        if !self.live {
            return;
        }
        let now = Instant::now();
        let Some(longest) = self.running.iter().min_by_key(|r| r.started) else {
            if self.status_shown {
                let _ = write!(std::io::stderr(), "\r\x1b[2K");
                self.status_shown = false;
            }
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
        let _ = write!(std::io::stderr(), "\r\x1b[2K{}", self.paint(&text, "2"));
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

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
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

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let Some(step_span) = ctx
            .event_scope(event)
            .and_then(|mut scope| scope.find(|s| s.extensions().get::<StepSpan>().is_some()))
        else {
            return;
        };
        let mut fields = Fields::default();
        event.record(&mut fields);
        let message = fields.get("message").unwrap_or_default();
        let mut screen = self.state.lock().expect("progress");
        match message {
            "step started" => {
                let extensions = step_span.extensions();
                let step = extensions.get::<StepSpan>().expect("a step span");
                screen.started(step_span.id(), step);
            }
            "step finished" => screen.finished(&step_span.id(), None),
            "step failed" => {
                let why = fields.get("error.message").unwrap_or("failed").to_string();
                screen.finished(&step_span.id(), Some(&why));
            }
            line => screen.logged(&step_span.id(), line),
        }
    }
}
