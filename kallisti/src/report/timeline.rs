//! The trial as a timeline: spans for steps that ran once, marks for each
//! repetition of a repeated step and each attempt of a retried probe. The
//! text and HTML reports draw the same model.

use crate::trial::{StepRecord, TrialRecord};
use chrono::{DateTime, Utc};

/// One mark: a repetition or an attempt.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mark {
    /// Milliseconds from the trial's start.
    pub at_ms: f64,
    pub ok: bool,
    /// The response time, for repetitions.
    pub seconds: Option<f64>,
}

/// A row: one step (or the test body).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub phase: &'static str,
    pub name: String,
    pub action: String,
    pub start_ms: f64,
    pub end_ms: f64,
    pub ok: bool,
    /// Empty for a span.
    pub marks: Vec<Mark>,
    /// A note: time to recover, repetitions.
    pub note: Option<String>,
}

impl Row {
    /// Whether the row is drawn as a span (it ran once, not repeated or retried).
    pub fn is_span(&self) -> bool {
        self.marks.is_empty()
    }
}

/// The rows and the time they cover.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Timeline {
    pub total_ms: f64,
    pub rows: Vec<Row>,
}

fn ms_between(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_microseconds().unwrap_or(0) as f64 / 1000.0
}

fn row_of(start: DateTime<Utc>, phase: &'static str, step: &StepRecord) -> Row {
    let mut marks: Vec<Mark> = step
        .samples
        .iter()
        .map(|s| Mark {
            at_ms: ms_between(start, s.at),
            ok: s.succeeded,
            seconds: Some(s.seconds),
        })
        .collect();
    let mut note = step.every.as_ref().map(|every| {
        format!(
            "{} repetition(s) every {every}",
            step.result["repetitions"].as_u64().unwrap_or(0)
        )
    });
    if let Some(retry) = &step.retry {
        for run in &retry.outcomes {
            // Attempts of a run are spread evenly over it.
            let from = ms_between(start, run.from);
            let to = ms_between(start, run.to);
            for i in 0..run.count {
                let at = if run.count == 1 {
                    from
                } else {
                    from + (to - from) * f64::from(i) / f64::from(run.count - 1)
                };
                marks.push(Mark {
                    at_ms: at,
                    ok: run.succeeded,
                    seconds: None,
                });
            }
        }
        note = Some(match retry.time_to_recover_seconds {
            Some(ttr) => format!(
                "recovered in {ttr:.3}s{}, {} attempt(s)",
                retry
                    .since
                    .as_ref()
                    .map(|s| format!(" after {s:?}"))
                    .unwrap_or_default(),
                retry.attempts
            ),
            None => format!(
                "not recovered within {}, {} attempt(s)",
                retry.within, retry.attempts
            ),
        });
    }
    Row {
        phase,
        name: step.step_name.clone(),
        action: step.action.clone(),
        start_ms: ms_between(start, step.started_at),
        end_ms: ms_between(start, step.finished_at),
        ok: step.succeeded(),
        marks,
        note,
    }
}

/// The timeline of a record, rows in run order (the body after the steps).
pub(crate) fn of(record: &TrialRecord) -> Timeline {
    let start = record.executed_at;
    let mut rows: Vec<Row> = record
        .labelled_steps()
        .map(|(phase, step)| row_of(start, phase, step))
        .collect();
    if let Some(body) = &record.trial_record.body {
        let at = rows
            .iter()
            .position(|r| r.phase == "post_steps")
            .unwrap_or(rows.len());
        rows.insert(
            at,
            Row {
                phase: "body",
                name: "test body".into(),
                action: String::new(),
                start_ms: ms_between(start, body.started_at),
                end_ms: ms_between(start, body.finished_at),
                ok: body.error.is_none(),
                marks: Vec::new(),
                note: None,
            },
        );
    }
    let total_ms = ms_between(start, record.completed_at)
        .max(rows.iter().map(|r| r.end_ms).fold(0.0, f64::max))
        .max(1.0);
    Timeline { total_ms, rows }
}

/// The timeline as text: one row per step, a bar over `width` columns.
pub(crate) fn text(timeline: &Timeline, width: usize) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let per_column = timeline.total_ms / width as f64;
    let _ = writeln!(
        out,
        "Timeline (0 to {:.3}s, one column = {:.0}ms; █ ran, ▒ failed, · ok, × failed):",
        timeline.total_ms / 1000.0,
        per_column.max(1.0)
    );
    let name_width = timeline
        .rows
        .iter()
        .map(|r| r.name.chars().count().min(30))
        .max()
        .unwrap_or(4);
    let column = |ms: f64| ((ms / per_column) as usize).min(width - 1);
    for row in &timeline.rows {
        let mut cells = vec![' '; width];
        if row.is_span() {
            let fill = if row.ok { '█' } else { '▒' };
            for cell in &mut cells[column(row.start_ms)..=column(row.end_ms)] {
                *cell = fill;
            }
        } else {
            for mark in &row.marks {
                let cell = &mut cells[column(mark.at_ms)];
                // A failure in a column shows over successes.
                if *cell != '×' {
                    *cell = if mark.ok { '·' } else { '×' };
                }
            }
        }
        let name: String = row.name.chars().take(30).collect();
        let bar: String = cells.into_iter().collect();
        let _ = writeln!(
            out,
            "  {:<10} {:<name_width$} |{bar}|{}",
            row.phase,
            name,
            row.note
                .as_ref()
                .map(|n| format!(" {n}"))
                .unwrap_or_default()
        );
    }
    out
}
