//! Fault Injection Service experiments and templates (REST-JSON).

use super::wire::{dispatch, Call, Operation, Reply};
use super::State;
use serde_json::{json, Map, Value};

/// A FIS experiment of the fake, started from a template.
#[derive(Debug, Clone)]
pub struct FakeExperiment {
    pub(crate) id: String,
    pub(crate) template: String,
    pub(crate) status: String,
    pub(crate) tags: Vec<(String, String)>,
}

impl FakeExperiment {
    /// A running experiment `id` of template `template`.
    ///
    /// ```
    /// use kallisti::fake::FakeExperiment;
    /// let running = FakeExperiment::new("EXP1", "EXT1").tag("team", "shop");
    /// # let _ = running;
    /// ```
    pub fn new(id: &str, template: &str) -> Self {
        FakeExperiment {
            id: id.into(),
            template: template.into(),
            status: "running".into(),
            tags: Vec::new(),
        }
    }

    /// With a tag (experiments can be stopped by their tags).
    pub fn tag(mut self, key: &str, value: &str) -> Self {
        self.tags.push((key.into(), value.into()));
        self
    }
}

const OPERATIONS: &[Operation] = &[
    ("GetExperimentTemplate", get_template),
    ("ListExperimentTemplates", list_templates),
    ("DeleteExperimentTemplate", delete_template),
    ("GetExperiment", get_experiment),
    ("ListExperiments", list_experiments),
    ("StartExperiment", start_experiment),
    ("StopExperiment", stop_experiment),
];

/// The operation a REST route names.
fn operation(call: &Call) -> &'static str {
    let method = call.operation.split(' ').next().unwrap_or_default();
    let path: Vec<&str> = call.path.iter().map(String::as_str).collect();
    match (method, path.as_slice()) {
        ("GET", ["experimentTemplates", _]) => "GetExperimentTemplate",
        ("GET", ["experimentTemplates"]) => "ListExperimentTemplates",
        ("DELETE", ["experimentTemplates", _]) => "DeleteExperimentTemplate",
        ("GET", ["experiments", _]) => "GetExperiment",
        ("GET", ["experiments"]) => "ListExperiments",
        ("POST", ["experiments"]) => "StartExperiment",
        ("DELETE", ["experiments", _]) => "StopExperiment",
        _ => "Unknown",
    }
}

pub(super) fn fis(state: &mut State, call: &Call) -> Reply {
    dispatch(OPERATIONS, operation(call), state, call, |_| {
        Reply::rest_error(404, "UnknownOperationException", &call.operation)
    })
}

fn tags_json(tags: &[(String, String)]) -> Value {
    Value::Object(
        tags.iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect::<Map<_, _>>(),
    )
}

fn experiment_json(e: &FakeExperiment) -> Value {
    json!({"id": e.id, "experimentTemplateId": e.template,
           "state": {"status": e.status, "reason": ""}, "tags": tags_json(&e.tags)})
}

fn not_found(what: &str, id: &str) -> Reply {
    Reply::rest_error(
        404,
        "ResourceNotFoundException",
        &format!("{what} {id} not found"),
    )
}

fn id(call: &Call) -> &str {
    call.path.get(1).map(String::as_str).unwrap_or_default()
}

fn get_template(state: &mut State, call: &Call) -> Reply {
    match state
        .experiment_templates
        .iter()
        .find(|(t, _)| t == id(call))
    {
        Some((t, tags)) => Reply::rest(
            200,
            json!({"experimentTemplate": {"id": t, "tags": tags_json(tags)}}),
        ),
        None => not_found("Experiment template", id(call)),
    }
}

fn list_templates(state: &mut State, _: &Call) -> Reply {
    let all: Vec<Value> = state
        .experiment_templates
        .iter()
        .map(|(t, tags)| json!({"id": t, "tags": tags_json(tags)}))
        .collect();
    Reply::rest(200, json!({"experimentTemplates": all}))
}

fn delete_template(state: &mut State, call: &Call) -> Reply {
    let Some(at) = state
        .experiment_templates
        .iter()
        .position(|(t, _)| t == id(call))
    else {
        return not_found("Experiment template", id(call));
    };
    let (t, tags) = state.experiment_templates.remove(at);
    Reply::rest(
        200,
        json!({"experimentTemplate": {"id": t, "tags": tags_json(&tags)}}),
    )
}

fn get_experiment(state: &mut State, call: &Call) -> Reply {
    match state.experiments.iter().find(|e| e.id == id(call)) {
        Some(e) => Reply::rest(200, json!({"experiment": experiment_json(e)})),
        None => not_found("Experiment", id(call)),
    }
}

fn list_experiments(state: &mut State, _: &Call) -> Reply {
    let all: Vec<Value> = state.experiments.iter().map(experiment_json).collect();
    Reply::rest(200, json!({"experiments": all}))
}

fn start_experiment(state: &mut State, call: &Call) -> Reply {
    let template = call.json["experimentTemplateId"]
        .as_str()
        .unwrap_or_default();
    if !state
        .experiment_templates
        .iter()
        .any(|(t, _)| t == template)
    {
        return not_found("Experiment template", template);
    }
    let mut started = FakeExperiment::new(&format!("EXP{}", state.experiments.len() + 1), template);
    if let Some(tags) = call.json["tags"].as_object() {
        for (k, v) in tags {
            started = started.tag(k, v.as_str().unwrap_or_default());
        }
    }
    let reply = Reply::rest(200, json!({"experiment": experiment_json(&started)}));
    state.experiments.push(started);
    reply
}

fn stop_experiment(state: &mut State, call: &Call) -> Reply {
    let wanted = id(call).to_string();
    match state.experiments.iter_mut().find(|e| e.id == wanted) {
        Some(e) => {
            e.status = "stopping".into();
            Reply::rest(200, json!({"experiment": experiment_json(e)}))
        }
        None => not_found("Experiment", &wanted),
    }
}
