//! Reading a Chaos Toolkit experiment file, and telling one from a
//! Kallisti experiment by its shape.

use crate::error::Error;
use crate::experiment::{LoadError, Problem};
use serde_json::{Map, Value};
use std::path::Path;

/// A Chaos Toolkit experiment, as written (JSON or YAML). It stays a JSON
/// document: the journal carries a copy of it, and every activity keeps
/// the keys its author wrote.
///
/// ```
/// use kallisti::chaostoolkit::ChaosToolkitExperiment;
/// use serde_json::json;
///
/// let experiment = ChaosToolkitExperiment::from_value(json!({
///     "title": "the API answers",
///     "description": "a first experiment",
///     "method": [],
/// })).unwrap();
/// assert_eq!(experiment.title(), "the API answers");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ChaosToolkitExperiment {
    pub(crate) document: Map<String, Value>,
}

/// Parses `text` as YAML when `path` ends in `.yaml`/`.yml`, else as JSON.
pub fn parse_document(path: &str, text: &str) -> Result<Value, LoadError> {
    let extension = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("yaml" | "yml") => serde_saphyr::from_str::<Value>(text).map_err(|e| {
            LoadError::Invalid(vec![Problem::new(
                None,
                None,
                Error::InvalidExperiment {
                    message: format!("{path} is not valid YAML: {e}"),
                },
            )])
        }),
        _ => serde_json::from_str(text).map_err(LoadError::Json),
    }
}

impl ChaosToolkitExperiment {
    /// An experiment from its JSON document (which must be a mapping).
    pub fn from_value(document: Value) -> Result<Self, LoadError> {
        match document {
            Value::Object(document) => Ok(ChaosToolkitExperiment { document }),
            _ => Err(LoadError::Invalid(vec![Problem::new(
                None,
                None,
                Error::InvalidExperiment {
                    message: "a Chaos Toolkit experiment is a mapping".into(),
                },
            )])),
        }
    }

    /// Reads the experiment at `path` (`.json`, `.yaml` or `.yml`).
    pub fn load(path: impl AsRef<Path>) -> Result<Self, LoadError> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
            path: shown.clone(),
            source,
        })?;
        Self::from_value(parse_document(&shown, &text)?)
    }

    /// Its title (empty when it has none).
    pub fn title(&self) -> &str {
        self.document
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// The document, as written.
    pub fn document(&self) -> &Map<String, Value> {
        &self.document
    }

    /// The activities of `key` (`method`, `rollbacks`).
    pub(crate) fn activities(&self, key: &str) -> &[Value] {
        self.document
            .get(key)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The steady-state hypothesis's probes.
    pub(crate) fn hypothesis_probes(&self) -> &[Value] {
        self.document
            .get("steady-state-hypothesis")
            .and_then(|h| h.get("probes"))
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The activity a `{"ref": name}` names: a hypothesis probe first, then
    /// a method activity.
    pub(crate) fn lookup(&self, name: &str) -> Option<&Value> {
        let named = |a: &&Value| a.get("name").and_then(Value::as_str) == Some(name);
        self.hypothesis_probes()
            .iter()
            .find(named)
            .or_else(|| self.activities("method").iter().find(named))
    }

    /// `activity`, or the one it refers to.
    pub(crate) fn resolve<'a>(&'a self, activity: &'a Value) -> Option<&'a Value> {
        match activity.get("ref").and_then(Value::as_str) {
            Some(name) => self.lookup(name),
            None => Some(activity),
        }
    }
}
