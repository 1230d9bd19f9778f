//! A typed builder for experiments.

use super::{Experiment, LoadError, Step};
use serde_json::{Map, Value};

/// Builds an [`Experiment`] step by step; [`ExperimentBuilder::build`] runs the
/// same structural checks as reading JSON.
///
/// ```
/// use kallisti::{Expectation, Experiment, Step};
/// use serde_json::json;
///
/// let experiment = Experiment::builder("orders survive a lost pod")
///     .parameter("base_url", "http://127.0.0.1:8080")
///     .pre_step(Step::new("healthy", "cm.http_probe").arg("url", "{{ base_url }}/health"))
///     .step(
///         Step::new("still serving", "cm.http_probe")
///             .arg("url", "{{ base_url }}/orders")
///             .expect(Expectation::new("eq", "status_code", json!(200))),
///     )
///     .build()
///     .unwrap();
/// assert_eq!(experiment.steps.len(), 1);
///
/// // The same checks as a file: an experiment needs at least one step.
/// let empty = Experiment::builder("nothing to do").build();
/// assert!(empty.unwrap_err().to_string().contains("steps"));
/// ```
#[derive(Debug, Clone)]
pub struct ExperimentBuilder {
    experiment: Experiment,
}

impl ExperimentBuilder {
    pub(crate) fn new(name: impl Into<String>) -> Self {
        ExperimentBuilder {
            experiment: Experiment {
                name: name.into(),
                description: None,
                metadata: None,
                parameters: None,
                pre_steps: None,
                steps: Vec::new(),
                post_steps: None,
                stop_conditions: None,
                extra: Map::new(),
            },
        }
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.experiment.description = Some(description.into());
        self
    }

    /// Adds a metadata entry.
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.experiment
            .metadata
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }

    /// Adds a default parameter value.
    pub fn parameter(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.experiment
            .parameters
            .get_or_insert_with(Map::new)
            .insert(name.into(), value.into());
        self
    }

    /// Adds a pre step (a health gate).
    pub fn pre_step(mut self, step: Step) -> Self {
        self.experiment
            .pre_steps
            .get_or_insert_with(Vec::new)
            .push(step);
        self
    }

    /// Adds a main step.
    pub fn step(mut self, step: Step) -> Self {
        self.experiment.steps.push(step);
        self
    }

    /// Adds a post step (always run).
    pub fn post_step(mut self, step: Step) -> Self {
        self.experiment
            .post_steps
            .get_or_insert_with(Vec::new)
            .push(step);
        self
    }

    /// Adds a stop condition: a probe with expectations, checked every
    /// `every` (default 1 s) while the trial runs; a breach stops it.
    pub fn stop_condition(mut self, step: Step) -> Self {
        self.experiment
            .stop_conditions
            .get_or_insert_with(Vec::new)
            .push(step);
        self
    }

    /// Checks the experiment's structure and returns it.
    pub fn build(self) -> Result<Experiment, LoadError> {
        let value = serde_json::to_value(&self.experiment).map_err(LoadError::Json)?;
        Experiment::from_value(value)
    }
}
