//! One self-contained HTML page: an SVG timeline (steps that ran once as
//! spans, repetitions and attempts as marks coloured by outcome, response
//! times as a line) and the step table. No external resources.

use super::timeline::{self, Row, Timeline};
use super::{summary_of, xml_escape};
use crate::trial::TrialRecord;
use std::fmt::Write as _;

const WIDTH: f64 = 960.0;
const LABEL: f64 = 260.0;
const ROW: f64 = 26.0;
const TOP: f64 = 30.0;

const STYLE: &str = "
body { font: 14px system-ui, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 20px; margin: 0 0 4px; }
.status { font-weight: bold; }
.status.Succeeded { color: #1a7f37; } .status.Failed, .status.Invalid { color: #cf222e; }
.status.Aborted, .status.Stopped { color: #9a6700; }
svg { border: 1px solid #ddd; background: #fff; }
svg text { font: 12px system-ui, sans-serif; fill: #333; }
rect.span.ok { fill: #4c8bf5; } rect.span.failed { fill: #cf222e; }
rect.span.body { fill: #8250df; opacity: 0.5; }
circle.mark.ok { fill: #1a7f37; } circle.mark.failed { fill: #cf222e; }
polyline.latency { fill: none; stroke: #9a6700; stroke-width: 1.5; }
line.tick { stroke: #eee; }
table { border-collapse: collapse; margin-top: 16px; }
td, th { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
td.failed { color: #cf222e; font-weight: bold; }
";

fn x(timeline: &Timeline, ms: f64) -> f64 {
    LABEL + (WIDTH - LABEL - 20.0) * (ms / timeline.total_ms).clamp(0.0, 1.0)
}

fn svg(timeline: &Timeline) -> String {
    let height = TOP + ROW * timeline.rows.len() as f64 + 10.0;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\">"
    );
    for i in 0..=10 {
        let ms = timeline.total_ms * f64::from(i) / 10.0;
        let tx = x(timeline, ms);
        let _ = writeln!(
            out,
            "<line class=\"tick\" x1=\"{tx:.1}\" y1=\"{TOP}\" x2=\"{tx:.1}\" y2=\"{height}\"/><text x=\"{tx:.1}\" y=\"18\" text-anchor=\"middle\">{:.2}s</text>",
            ms / 1000.0
        );
    }
    // One scale for every row's response times, so rows compare.
    let max_seconds = timeline
        .rows
        .iter()
        .flat_map(|r| r.marks.iter().filter_map(|m| m.seconds))
        .fold(0.0, f64::max);
    for (i, row) in timeline.rows.iter().enumerate() {
        svg_row(&mut out, timeline, row, TOP + ROW * i as f64, max_seconds);
    }
    out.push_str("</svg>\n");
    out
}

/// One row at height `y`: its label, then a span, or its marks and the
/// line of their response times.
fn svg_row(out: &mut String, timeline: &Timeline, row: &Row, y: f64, max_seconds: f64) {
    let _ = writeln!(
        out,
        "<text x=\"4\" y=\"{:.1}\">{} · {}</text>",
        y + 16.0,
        xml_escape(row.phase),
        xml_escape(&row.name.chars().take(32).collect::<String>())
    );
    let title = row_title(row);
    let outcome = if row.ok { "ok" } else { "failed" };
    if row.is_span() {
        let class = if row.phase == "body" {
            "span body"
        } else {
            "span"
        };
        let (x0, x1) = (x(timeline, row.start_ms), x(timeline, row.end_ms));
        let _ = writeln!(
            out,
            "<rect class=\"{class} {outcome}\" x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>{title}</title></rect>",
            y + 5.0,
            (x1 - x0).max(2.0),
            ROW - 10.0
        );
        return;
    }
    for mark in &row.marks {
        let class = if mark.ok { "ok" } else { "failed" };
        let _ = writeln!(
            out,
            "<circle class=\"mark {class}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\"><title>{title}</title></circle>",
            x(timeline, mark.at_ms),
            y + ROW / 2.0
        );
    }
    svg_latency(out, timeline, row, y, max_seconds);
}

/// The tooltip of a row: what ran, when, and its note (escaped).
fn row_title(row: &Row) -> String {
    xml_escape(&format!(
        "{} {} ({}) {:.3}s–{:.3}s{}",
        row.phase,
        row.name,
        row.action,
        row.start_ms / 1000.0,
        row.end_ms / 1000.0,
        row.note
            .as_ref()
            .map(|n| format!(": {n}"))
            .unwrap_or_default()
    ))
}

/// The response times of a row's marks as a line within the row, when it
/// has two or more.
fn svg_latency(out: &mut String, timeline: &Timeline, row: &Row, y: f64, max_seconds: f64) {
    let points: Vec<String> = row
        .marks
        .iter()
        .filter_map(|m| m.seconds.map(|s| (m.at_ms, s)))
        .map(|(at, s)| {
            let scale = if max_seconds > 0.0 {
                s / max_seconds
            } else {
                0.0
            };
            format!(
                "{:.1},{:.1}",
                x(timeline, at),
                y + ROW - 3.0 - scale * (ROW - 6.0)
            )
        })
        .collect();
    if points.len() > 1 {
        let _ = writeln!(
            out,
            "<polyline class=\"latency\" points=\"{}\"><title>response times of {}</title></polyline>",
            points.join(" "),
            xml_escape(&row.name)
        );
    }
}

/// The record as one self-contained HTML page.
pub fn html(record: &TrialRecord) -> String {
    let timeline = timeline::of(record);
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(
        out,
        "<title>kallisti: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        xml_escape(&record.experiment)
    );
    let elapsed = (record.completed_at - record.executed_at)
        .to_std()
        .unwrap_or_default()
        .as_secs_f64();
    let _ = writeln!(
        out,
        "<h1>{}</h1>\n<p><span class=\"status {}\">{}</span>{} in {elapsed:.3}s, started {}</p>",
        xml_escape(&record.experiment),
        record.status,
        record.status,
        if record.dry_run { " (dry run)" } else { "" },
        record.executed_at.to_rfc3339()
    );
    out.push_str(&svg(&timeline));
    out.push_str("<table class=\"steps\">\n<tr><th>phase</th><th>step</th><th>do</th><th>status</th><th>time</th><th>result</th></tr>\n");
    for (phase, step) in record.labelled_steps() {
        let status = if step.succeeded() { "ok" } else { "failed" };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"{status}\">{status}</td><td>{:.3}s</td><td>{}</td></tr>",
            xml_escape(phase),
            xml_escape(&step.step_name),
            xml_escape(&step.action),
            step.duration().as_secs_f64(),
            xml_escape(&summary_of(step))
        );
    }
    out.push_str("</table>\n");
    if !record.problems.is_empty() {
        out.push_str("<h2>The experiment could not run</h2>\n<ul>\n");
        for problem in &record.problems {
            let _ = writeln!(out, "<li>{}</li>", xml_escape(&problem.to_string()));
        }
        out.push_str("</ul>\n");
    }
    // Counts for tools that check the page (and people reading its source).
    out.push_str(
        "<script>\nconst svg = document.getElementById('timeline');\nconst box = svg.getBBox();\ndocument.body.dataset.spans = svg.querySelectorAll('rect.span').length;\ndocument.body.dataset.marks = svg.querySelectorAll('circle.mark').length;\ndocument.body.dataset.rendered = String(box.width > 0 && box.height > 0);\n</script>\n",
    );
    out.push_str("</body>\n</html>\n");
    out
}
