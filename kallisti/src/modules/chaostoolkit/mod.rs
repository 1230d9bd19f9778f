//! `chaostoolkit`: the providers of Chaos Toolkit activities that are not a
//! driver function kallisti implements.
//!
//! - `chaostoolkit.http`: a request; the result is `status`, `headers` and
//!   `body`, whatever the status.
//! - `chaostoolkit.process`: a program; the result is `status`, `stdout`
//!   and `stderr`, whatever the exit code.
//! - `chaostoolkit.python`: a python function, called through a Python
//!   interpreter (`KALLISTI_PYTHON`, else `python3`).
//!
//! [`crate::chaostoolkit`] turns each activity of an experiment into one of
//! these steps, or into the kallisti action that stands in for a driver's
//! function.

mod http;
mod process;
pub(crate) mod python;

use crate::action::ActionSet;
use serde_json::Value;

/// A value as Python's `str()` writes it (`True`, `None`, `3`), which is
/// how the Chaos Toolkit turns arguments and placeholders into text.
pub(crate) fn python_str(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        other => other.to_string(),
    }
}

/// The actions, each bound by the file that implements it.
type Set = ActionSet;

/// The `chaostoolkit` namespace, ready to register.
pub fn namespace() -> ActionSet {
    let set = ActionSet::new(&kallisti_catalog::chaostoolkit::CHAOSTOOLKIT);
    let set = http::bind(set);
    let set = process::bind(set);
    python::bind(set)
}
