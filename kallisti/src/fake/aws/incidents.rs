//! Incident Manager (REST-JSON): incident records and their related items.

use super::wire::{dispatch, Call, Operation, Reply};
use super::{now, State, ACCOUNT};
use serde_json::{json, Value};

/// An Incident Manager incident of the fake.
#[derive(Debug, Clone)]
pub struct FakeIncident {
    title: String,
    impact: i64,
    status: String,
    created: f64,
    created_by: String,
    items: Vec<(String, String)>,
}

impl FakeIncident {
    /// An open incident of `impact`, created `seconds_ago` by a response plan.
    pub fn new(title: &str, impact: i64, seconds_ago: f64) -> Self {
        FakeIncident {
            title: title.into(),
            impact,
            status: "OPEN".into(),
            created: now() - seconds_ago,
            created_by: format!("arn:aws:iam::{ACCOUNT}:role/responder"),
            items: Vec::new(),
        }
    }

    /// Resolved.
    pub fn resolved(mut self) -> Self {
        self.status = "RESOLVED".into();
        self
    }

    /// With a related item (an ARN, e.g. the alarm that opened it).
    pub fn item(mut self, title: &str, arn: &str) -> Self {
        self.items.push((title.into(), arn.into()));
        self
    }

    fn arn(&self) -> String {
        format!(
            "arn:aws:ssm-incidents::{ACCOUNT}:incident-record/plan/{}",
            self.title.replace(' ', "-")
        )
    }
}

fn matches_filter(i: &FakeIncident, filter: &Value) -> bool {
    let condition = &filter["condition"];
    match filter["key"].as_str() {
        Some("impact") => condition["equals"]["integerValues"]
            .as_array()
            .is_some_and(|v| v.iter().any(|x| x.as_i64() == Some(i.impact))),
        Some("status") => condition["equals"]["stringValues"]
            .as_array()
            .is_some_and(|v| v.iter().any(|x| x.as_str() == Some(&i.status))),
        Some("createdBy") => condition["equals"]["stringValues"]
            .as_array()
            .is_some_and(|v| v.iter().any(|x| x.as_str() == Some(&i.created_by))),
        Some("creationTime") => {
            condition["after"].as_f64().is_none_or(|t| i.created > t)
                && condition["before"].as_f64().is_none_or(|t| i.created < t)
        }
        _ => false,
    }
}

const OPERATIONS: &[Operation] = &[
    ("ListIncidentRecords", list_incident_records),
    ("ListRelatedItems", list_related_items),
];

/// The operation a REST route names.
fn operation(call: &Call) -> &'static str {
    match call.path.first().map(String::as_str) {
        Some("listIncidentRecords") => "ListIncidentRecords",
        Some("listRelatedItems") => "ListRelatedItems",
        _ => "Unknown",
    }
}

pub(super) fn incidents(state: &mut State, call: &Call) -> Reply {
    dispatch(OPERATIONS, operation(call), state, call, |_| {
        Reply::rest_error(404, "UnknownOperationException", &call.operation)
    })
}

fn list_incident_records(state: &mut State, call: &Call) -> Reply {
    let filters = call.json["filters"].as_array().cloned().unwrap_or_default();
    let found: Vec<Value> = state.incidents.iter().filter(|i| filters.iter().all(|f| matches_filter(i, f))).map(|i| json!({
        "arn": i.arn(), "title": i.title, "status": i.status, "impact": i.impact,
        "creationTime": i.created,
        "incidentRecordSource": {"createdBy": i.created_by, "source": "aws.ssm-incidents.custom"},
    })).collect();
    Reply::rest(200, json!({"incidentRecordSummaries": found}))
}

fn list_related_items(state: &mut State, call: &Call) -> Reply {
    let arn = call.json["incidentRecordArn"].as_str().unwrap_or_default();
    let Some(i) = state.incidents.iter().find(|i| i.arn() == arn) else {
        return Reply::rest_error(
            404,
            "ResourceNotFoundException",
            &format!("Incident record {arn} was not found"),
        );
    };
    let items: Vec<Value> = i
        .items
        .iter()
        .map(|(title, arn)| {
            json!({
                "title": title, "identifier": {"type": "OTHER", "value": {"arn": arn}},
            })
        })
        .collect();
    Reply::rest(200, json!({"relatedItems": items}))
}
