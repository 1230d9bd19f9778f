//! Reports of a trial for people (`text`), machines (`json`) and CI (`junit`).
//!
//! Reports are made from a [`TrialRecord`], whose secrets are already redacted.

mod html;
mod timeline;

pub use html::html;

use crate::trial::{BodyRecord, ErrorRecord, StepRecord, TrialRecord};
use chrono::{DateTime, Utc};
use std::fmt::Write as _;

/// The formats `kallisti run --format` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A readable table.
    Text,
    /// The trial record as one JSON object.
    Json,
    /// JUnit XML, one test case per step.
    Junit,
    /// One self-contained HTML page with an SVG timeline.
    Html,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "junit" => Ok(Format::Junit),
            "html" => Ok(Format::Html),
            other => Err(format!(
                "unknown format `{other}` (text, json, junit or html)"
            )),
        }
    }
}

/// Renders `record` in `format`.
pub fn render(record: &TrialRecord, format: Format) -> String {
    match format {
        Format::Text => text(record),
        Format::Json => json(record),
        Format::Junit => junit(record),
        Format::Html => html(record),
    }
}

/// The record as pretty JSON (the shape of `kallisti run --format json`).
pub fn json(record: &TrialRecord) -> String {
    serde_json::to_string_pretty(record).expect("a trial record always serializes")
}

fn one_line(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

pub(crate) fn summary_of(step: &StepRecord) -> String {
    if let Some(error) = &step.error {
        return format!("{}: {}", error.kind, one_line(&error.message, 200));
    }
    if let Some(ttr) = step.retry.as_ref().and_then(|r| r.time_to_recover_seconds) {
        let attempts = step.retry.as_ref().map_or(0, |r| r.attempts);
        return format!("recovered in {ttr:.3}s, {attempts} attempt(s)");
    }
    match &step.result {
        serde_json::Value::Object(map) if map.contains_key("status_code") => {
            format!(
                "status {} in {:.3}s",
                map["status_code"],
                map.get("response_time_in_seconds")
                    .and_then(|v| v.as_f64())
                    .unwrap_or_default()
            )
        }
        serde_json::Value::Null => String::new(),
        other => one_line(&other.to_string(), 80),
    }
}

/// Seconds from `from` to `to`; zero if the clock went backwards.
fn seconds_between(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).to_std().unwrap_or_default().as_secs_f64()
}

/// A readable report: the outcome, one line per step, then the failing
/// step's details (error, logs) and any problems.
pub fn text(record: &TrialRecord) -> String {
    let mut out = String::new();
    text_heading(&mut out, record);
    let rows: Vec<(&str, &StepRecord)> = record.labelled_steps().collect();
    if !rows.is_empty() {
        text_step_table(&mut out, &rows);
        let _ = writeln!(out);
        out.push_str(&timeline::text(&timeline::of(record), 60));
    }
    for (phase, step) in rows.iter().filter(|(_, s)| !s.succeeded()) {
        text_failed_step(&mut out, phase, step);
    }
    if let Some(body) = &record.trial_record.body {
        text_body(&mut out, body);
    }
    if !record.problems.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "The experiment could not run:");
        for problem in &record.problems {
            let _ = writeln!(out, "  - {problem}");
        }
    }
    if let Some(last) = record.trial_record.result.logs.last() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{last}");
    }
    out
}

/// The outcome line, the parameters and the stop condition that ended the trial.
fn text_heading(out: &mut String, record: &TrialRecord) {
    let _ = writeln!(
        out,
        "Trial of \"{}\": {}{} in {:.3}s",
        record.experiment,
        record.status,
        if record.dry_run { " (dry run)" } else { "" },
        seconds_between(record.executed_at, record.completed_at)
    );
    if !record.parameters.is_empty() {
        let params: Vec<String> = record
            .parameters
            .iter()
            .map(|(k, v)| format!("{k}={}", one_line(&v.to_string(), 60)))
            .collect();
        let _ = writeln!(out, "Parameters: {}", params.join(", "));
    }
    if let Some(breach) = &record.stopped_by {
        let _ = writeln!(
            out,
            "Stopped by stop condition \"{}\" ({}): {}",
            breach.condition, breach.action, breach.message
        );
    }
}

/// One line per step, the columns as wide as their widest cell (names cut at 40).
fn text_step_table(out: &mut String, rows: &[(&str, &StepRecord)]) {
    let name_width = rows
        .iter()
        .map(|(_, s)| s.step_name.chars().count().min(40))
        .max()
        .unwrap_or(4)
        .max(4);
    let do_width = rows
        .iter()
        .map(|(_, s)| s.action.len())
        .max()
        .unwrap_or(2)
        .max(2);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "  {:<10} {:<name_width$} {:<do_width$} {:<9} {:>8}  RESULT",
        "PHASE", "STEP", "DO", "STATUS", "TIME"
    );
    for (phase, step) in rows {
        let status = if step.succeeded() { "ok" } else { "FAILED" };
        let _ = writeln!(
            out,
            "  {:<10} {:<name_width$} {:<do_width$} {:<9} {:>7.3}s  {}",
            phase,
            one_line(&step.step_name, 40),
            step.action,
            status,
            step.duration().as_secs_f64(),
            summary_of(step)
        );
    }
}

/// What a failed step was given and what it said: error, arguments, logs.
fn text_failed_step(out: &mut String, phase: &str, step: &StepRecord) {
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{} \"{}\" ({}) failed",
        phase, step.step_name, step.action
    );
    if let Some(error) = &step.error {
        let _ = writeln!(out, "  error: {}: {}", error.kind, error.message);
    }
    let _ = writeln!(
        out,
        "  arguments: {}",
        one_line(&step.step_parameters.to_string(), 300)
    );
    if !step.logs.is_empty() {
        let _ = writeln!(out, "  logs:");
        for line in &step.logs {
            let _ = writeln!(out, "    {line}");
        }
    }
}

/// How the test body of a `#[chaos_test]` ended.
fn text_body(out: &mut String, body: &BodyRecord) {
    let _ = writeln!(out);
    let took = seconds_between(body.started_at, body.finished_at);
    match &body.error {
        None => {
            let _ = writeln!(out, "Test body: ok in {took:.3}s");
        }
        Some(error) => {
            let _ = writeln!(out, "Test body failed after {took:.3}s");
            let _ = writeln!(out, "  error: {}: {}", error.kind, error.message);
        }
    }
}

/// Escapes text for XML content and attributes: JUnit, HTML and the AWS
/// fake's answers.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids most control characters, even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one `<testsuite>` per trial, one `<testcase>` per step that ran
/// (class name = phase), with `<failure>` for failed steps; an `Invalid`
/// trial is one failing test case listing its problems.
pub fn junit(record: &TrialRecord) -> String {
    let steps: Vec<(&str, &StepRecord)> = record.labelled_steps().collect();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    junit_suite_start(&mut out, record, &steps);
    for (phase, step) in &steps {
        junit_step(&mut out, phase, step);
    }
    if let Some(body) = &record.trial_record.body {
        let took = seconds_between(body.started_at, body.finished_at);
        let _ = write!(
            out,
            "    <testcase classname=\"body\" name=\"test body\" time=\"{took:.3}\""
        );
        match &body.error {
            None => out.push_str("/>\n"),
            Some(error) => {
                let _ = writeln!(out, ">\n      {}\n    </testcase>", junit_failure(error));
            }
        }
    }
    if !record.problems.is_empty() {
        let problems: Vec<String> = record.problems.iter().map(|p| p.to_string()).collect();
        let _ = writeln!(
            out,
            "    <testcase classname=\"experiment\" name=\"validate\" time=\"0.000\">\n      <failure type=\"Invalid\" message=\"{} problem(s)\">{}</failure>\n    </testcase>",
            problems.len(),
            xml_escape(&problems.join("\n"))
        );
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Opens `<testsuites>` and `<testsuite>` with their counts (the body and
/// an `Invalid` trial's problems count as test cases) and the status property.
fn junit_suite_start(out: &mut String, record: &TrialRecord, steps: &[(&str, &StepRecord)]) {
    let invalid = !record.problems.is_empty();
    let body = record.trial_record.body.as_ref();
    let tests = steps.len() + usize::from(invalid) + usize::from(body.is_some());
    let failures = steps.iter().filter(|(_, s)| !s.succeeded()).count()
        + usize::from(invalid)
        + usize::from(body.is_some_and(|b| b.error.is_some()));
    let total = seconds_between(record.executed_at, record.completed_at);
    let _ = writeln!(
        out,
        "<testsuites name=\"kallisti\" tests=\"{tests}\" failures=\"{failures}\" time=\"{total:.3}\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" time=\"{total:.3}\" timestamp=\"{}\">",
        xml_escape(&record.experiment),
        record.executed_at.to_rfc3339()
    );
    let _ = writeln!(out, "    <properties>");
    let _ = writeln!(
        out,
        "      <property name=\"status\" value=\"{}\"/>",
        record.status
    );
    let _ = writeln!(out, "    </properties>");
}

/// A step's test case: empty when it succeeded quietly, else with its
/// failure and its output.
fn junit_step(out: &mut String, phase: &str, step: &StepRecord) {
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{} ({})\" time=\"{:.3}\"",
        phase,
        xml_escape(&step.step_name),
        xml_escape(&step.action),
        step.duration().as_secs_f64()
    );
    let lines = junit_output(step);
    if step.error.is_none() && lines.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    if let Some(error) = &step.error {
        let _ = writeln!(out, "      {}", junit_failure(error));
    }
    if !lines.is_empty() {
        let _ = writeln!(
            out,
            "      <system-out>{}</system-out>",
            xml_escape(&lines.join("\n"))
        );
    }
    out.push_str("    </testcase>\n");
}

/// A step's output lines: its logs, then how a retried probe recovered.
fn junit_output(step: &StepRecord) -> Vec<String> {
    let mut lines = step.logs.clone();
    if let Some(retry) = &step.retry {
        lines.push(match retry.time_to_recover_seconds {
            Some(ttr) => format!(
                "time to recover: {ttr:.3}s after {} attempt(s)",
                retry.attempts
            ),
            None => format!(
                "not recovered within {} ({} attempt(s))",
                retry.within, retry.attempts
            ),
        });
    }
    lines
}

/// A `<failure>` element: the message cut to one line in the attribute,
/// whole in the text.
fn junit_failure(error: &ErrorRecord) -> String {
    format!(
        "<failure type=\"{}\" message=\"{}\">{}</failure>",
        error.kind,
        xml_escape(&one_line(&error.message, 500)),
        xml_escape(&error.message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping() {
        assert_eq!(
            xml_escape("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;\u{FFFD}"
        );
    }

    #[test]
    fn formats_parse() {
        assert_eq!("junit".parse::<Format>(), Ok(Format::Junit));
        assert!("yaml".parse::<Format>().is_err());
    }
}
