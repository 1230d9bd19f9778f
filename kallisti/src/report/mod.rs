//! Reports of a trial for people (`text`), machines (`json`) and CI (`junit`).
//!
//! Reports are made from a [`TrialRecord`], whose secrets are already redacted.

mod html;
mod timeline;

pub use html::html;

use crate::trial::{StepRecord, TrialRecord};
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

/// A readable report: the outcome, one line per step, then the failing
/// step's details (error, logs) and any problems.
pub fn text(record: &TrialRecord) -> String {
    let mut out = String::new();
    let elapsed = (record.completed_at - record.executed_at)
        .to_std()
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "Trial of \"{}\": {}{} in {:.3}s",
        record.experiment,
        record.status,
        if record.dry_run { " (dry run)" } else { "" },
        elapsed.as_secs_f64()
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
    let rows: Vec<(&str, &StepRecord)> = record.labelled_steps().collect();
    if !rows.is_empty() {
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
        for (phase, step) in &rows {
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
    if !rows.is_empty() {
        let _ = writeln!(out);
        out.push_str(&timeline::text(&timeline::of(record), 60));
    }
    for (phase, step) in rows.iter().filter(|(_, s)| !s.succeeded()) {
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
    if let Some(body) = &record.trial_record.body {
        let _ = writeln!(out);
        let took = (body.finished_at - body.started_at)
            .to_std()
            .unwrap_or_default();
        match &body.error {
            None => {
                let _ = writeln!(out, "Test body: ok in {:.3}s", took.as_secs_f64());
            }
            Some(error) => {
                let _ = writeln!(out, "Test body failed after {:.3}s", took.as_secs_f64());
                let _ = writeln!(out, "  error: {}: {}", error.kind, error.message);
            }
        }
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
    let invalid = !record.problems.is_empty();
    let body = record.trial_record.body.as_ref();
    let tests = steps.len() + usize::from(invalid) + usize::from(body.is_some());
    let failures = steps.iter().filter(|(_, s)| !s.succeeded()).count()
        + usize::from(invalid)
        + usize::from(body.is_some_and(|b| b.error.is_some()));
    let total = (record.completed_at - record.executed_at)
        .to_std()
        .unwrap_or_default()
        .as_secs_f64();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
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
    for (phase, step) in &steps {
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{} ({})\" time=\"{:.3}\"",
            phase,
            xml_escape(&step.step_name),
            xml_escape(&step.action),
            step.duration().as_secs_f64()
        );
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
        match &step.error {
            None if lines.is_empty() => out.push_str("/>\n"),
            error => {
                out.push_str(">\n");
                if let Some(error) = error {
                    let _ = writeln!(
                        out,
                        "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                        error.kind,
                        xml_escape(&one_line(&error.message, 500)),
                        xml_escape(&error.message)
                    );
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
        }
    }
    if let Some(body) = &record.trial_record.body {
        let took = (body.finished_at - body.started_at)
            .to_std()
            .unwrap_or_default()
            .as_secs_f64();
        let _ = write!(
            out,
            "    <testcase classname=\"body\" name=\"test body\" time=\"{took:.3}\""
        );
        match &body.error {
            None => out.push_str("/>\n"),
            Some(error) => {
                let _ = writeln!(
                    out,
                    ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>",
                    error.kind,
                    xml_escape(&one_line(&error.message, 500)),
                    xml_escape(&error.message)
                );
            }
        }
    }
    if invalid {
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
