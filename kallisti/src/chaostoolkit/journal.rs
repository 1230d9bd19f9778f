//! The Chaos Toolkit's `journal.json`, as its consumers read it.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

/// A time as Python's `isoformat()` writes an aware UTC one.
pub(crate) fn iso(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, false)
}

/// One activity's run.
#[derive(Debug, Clone)]
pub(crate) struct RunEntry {
    pub(crate) activity: Value,
    pub(crate) output: Option<Value>,
    pub(crate) start: String,
    pub(crate) end: String,
    pub(crate) duration: f64,
    /// `succeeded` or `failed`; none when the run stopped inside it.
    pub(crate) status: Option<&'static str>,
    pub(crate) exception: Option<Vec<String>>,
    /// For steady-state probes.
    pub(crate) tolerance_met: Option<bool>,
}

impl RunEntry {
    pub(crate) fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("activity".into(), self.activity.clone());
        out.insert("output".into(), self.output.clone().unwrap_or(Value::Null));
        out.insert("start".into(), json!(self.start));
        if let Some(status) = self.status {
            out.insert("status".into(), json!(status));
        }
        if let Some(exception) = &self.exception {
            out.insert("exception".into(), json!(exception));
        }
        out.insert("end".into(), json!(self.end));
        out.insert("duration".into(), json!(self.duration));
        if let Some(met) = self.tolerance_met {
            out.insert("tolerance_met".into(), json!(met));
        }
        Value::Object(out)
    }
}

/// The machine, as the journal's `platform` and `node` name it.
pub(crate) fn platform_and_node() -> (String, String) {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let platform = format!(
        "{}-{}-{}",
        capitalized(std::env::consts::OS),
        release.trim(),
        std::env::consts::ARCH
    );
    let node = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_string())
        .unwrap_or_default();
    (platform, node)
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}
