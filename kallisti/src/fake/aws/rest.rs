//! Services moto lacks or gets wrong: MSK (Kafka), X-Ray and Incident
//! Manager (REST-JSON), and CloudWatch (Smithy RPC v2 CBOR).

use super::wire::{Call, Reply};
use super::State;
use serde_json::{json, Value};

const ACCOUNT: &str = "123456789012";

fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default()
}

/// An MSK cluster of the fake, with `brokers` brokers.
#[derive(Debug, Clone)]
pub struct FakeKafkaCluster {
    pub(crate) name: String,
    brokers: usize,
    pub(crate) state: String,
    pub(crate) reboots: Vec<Vec<String>>,
}

impl FakeKafkaCluster {
    /// An active cluster.
    pub fn new(name: &str, brokers: usize) -> Self {
        FakeKafkaCluster {
            name: name.into(),
            brokers,
            state: "ACTIVE".into(),
            reboots: Vec::new(),
        }
    }

    /// Its ARN.
    pub fn arn(&self) -> String {
        format!(
            "arn:aws:kafka:us-east-1:{ACCOUNT}:cluster/{}/6b0b8a1c-kallisti",
            self.name
        )
    }
}

fn not_found(what: &str) -> Reply {
    Reply::rest_error(404, "NotFoundException", &format!("{what} was not found"))
}

pub(super) fn kafka(state: &mut State, call: &Call) -> Reply {
    let p: Vec<&str> = call.path.iter().map(String::as_str).collect();
    let op = call.operation.as_str();
    let (arn, tail) = match p.as_slice() {
        ["v1", "clusters", arn, rest @ ..] => (*arn, rest),
        _ => return Reply::rest_error(404, "UnknownOperationException", op),
    };
    let Some(c) = state.kafka_clusters.iter_mut().find(|c| c.arn() == arn) else {
        return not_found(&format!("Cluster {arn}"));
    };
    match (op.split(' ').next().unwrap_or_default(), tail) {
        ("GET", []) => Reply::rest(
            200,
            json!({"clusterInfo": {
                "clusterArn": c.arn(),
                "clusterName": c.name,
                "state": c.state,
                "currentVersion": "K3AEGXETSR30VB",
                "numberOfBrokerNodes": c.brokers,
                "currentBrokerSoftwareInfo": {"kafkaVersion": "3.6.0"},
            }}),
        ),
        ("GET", ["bootstrap-brokers"]) => {
            let plain: Vec<String> = (1..=c.brokers)
                .map(|b| format!("b-{b}.{}.kafka.us-east-1.amazonaws.com:9092", c.name))
                .collect();
            let tls: Vec<String> = (1..=c.brokers)
                .map(|b| format!("b-{b}.{}.kafka.us-east-1.amazonaws.com:9094", c.name))
                .collect();
            Reply::rest(
                200,
                json!({"bootstrapBrokerString": plain.join(","), "bootstrapBrokerStringTls": tls.join(",")}),
            )
        }
        ("PUT", ["reboot-broker"]) => {
            let ids: Vec<String> = call.json["brokerIds"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
            if ids.iter().any(|id| {
                id.parse::<usize>()
                    .map_or(true, |n| n == 0 || n > c.brokers)
            }) {
                return Reply::rest_error(
                    400,
                    "BadRequestException",
                    "The broker ID is not valid for this cluster.",
                );
            }
            c.reboots.push(ids);
            Reply::rest(
                200,
                json!({"clusterArn": c.arn(), "clusterOperationArn": format!("{}/operation/1", c.arn())}),
            )
        }
        ("DELETE", []) => {
            c.state = "DELETING".into();
            Reply::rest(200, json!({"clusterArn": c.arn(), "state": "DELETING"}))
        }
        _ => Reply::rest_error(404, "UnknownOperationException", op),
    }
}

/// An X-Ray trace of the fake: one segment of `service`, started
/// `seconds_ago`.
#[derive(Debug, Clone)]
pub struct FakeTrace {
    id: String,
    service: String,
    start: f64,
    duration: f64,
    fault: bool,
}

impl FakeTrace {
    /// A trace of `service` that started `seconds_ago` and took `duration` s.
    pub fn new(id: &str, service: &str, seconds_ago: f64, duration: f64) -> Self {
        FakeTrace {
            id: id.into(),
            service: service.into(),
            start: now() - seconds_ago,
            duration,
            fault: false,
        }
    }

    /// A trace with a fault (a 5xx).
    pub fn fault(mut self) -> Self {
        self.fault = true;
        self
    }
}

pub(super) fn xray(state: &mut State, call: &Call) -> Reply {
    let body = &call.json;
    let window = |t: &FakeTrace| {
        let start = body["StartTime"].as_f64().unwrap_or(0.0);
        let end = body["EndTime"].as_f64().unwrap_or(f64::MAX);
        t.start >= start && t.start <= end
    };
    match call.path.first().map(String::as_str) {
        Some("TraceSummaries") => {
            let summaries: Vec<Value> = state.traces.iter().filter(|t| window(t)).map(|t| json!({
                "Id": t.id, "StartTime": t.start, "Duration": t.duration, "ResponseTime": t.duration,
                "HasFault": t.fault, "HasError": false, "HasThrottle": false,
            })).collect();
            Reply::rest(
                200,
                json!({"TraceSummaries": summaries, "ApproximateTime": now(), "TracesProcessedCount": summaries.len()}),
            )
        }
        Some("Traces") => {
            let ids: Vec<&str> = body["TraceIds"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let traces: Vec<Value> = state.traces.iter().filter(|t| ids.contains(&t.id.as_str())).map(|t| json!({
                "Id": t.id, "Duration": t.duration,
                "Segments": [{"Id": "70de5b6f19ff9a0a", "Document": json!({
                    "name": t.service, "id": "70de5b6f19ff9a0a", "trace_id": t.id,
                    "start_time": t.start, "end_time": t.start + t.duration, "fault": t.fault,
                }).to_string()}],
            })).collect();
            Reply::rest(200, json!({"Traces": traces, "UnprocessedTraceIds": []}))
        }
        Some("ServiceGraph") => {
            let mut names: Vec<&str> = state
                .traces
                .iter()
                .filter(|t| window(t))
                .map(|t| t.service.as_str())
                .collect();
            names.sort();
            names.dedup();
            let services: Vec<Value> = names.iter().enumerate().map(|(i, n)| json!({
                "ReferenceId": i, "Name": n, "Names": [n], "Type": "AWS::EC2::Instance", "State": "active", "Edges": [],
            })).collect();
            Reply::rest(
                200,
                json!({"Services": services, "StartTime": body["StartTime"], "EndTime": body["EndTime"]}),
            )
        }
        _ => Reply::rest_error(404, "UnknownOperationException", &call.operation),
    }
}

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

pub(super) fn incidents(state: &mut State, call: &Call) -> Reply {
    let body = &call.json;
    match call.path.first().map(String::as_str) {
        Some("listIncidentRecords") => {
            let filters = body["filters"].as_array().cloned().unwrap_or_default();
            let found: Vec<Value> = state.incidents.iter().filter(|i| filters.iter().all(|f| matches_filter(i, f))).map(|i| json!({
                "arn": i.arn(), "title": i.title, "status": i.status, "impact": i.impact,
                "creationTime": i.created,
                "incidentRecordSource": {"createdBy": i.created_by, "source": "aws.ssm-incidents.custom"},
            })).collect();
            Reply::rest(200, json!({"incidentRecordSummaries": found}))
        }
        Some("listRelatedItems") => {
            let arn = body["incidentRecordArn"].as_str().unwrap_or_default();
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
        _ => Reply::rest_error(404, "UnknownOperationException", &call.operation),
    }
}

/// A CloudWatch data point of the fake.
#[derive(Debug, Clone)]
pub(crate) struct FakeDatapoint {
    namespace: String,
    name: String,
    dimensions: Vec<(String, String)>,
    value: f64,
    at: f64,
}

fn dimensions(value: &Value) -> Vec<(String, String)> {
    let mut dims: Vec<(String, String)> = value
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["Name"].as_str().unwrap_or_default().to_string(),
                d["Value"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    dims.sort();
    dims
}

/// The statistics of the points of one metric in [start, end].
fn statistics(
    state: &State,
    metric: &Value,
    start: f64,
    end: f64,
) -> Option<(f64, f64, f64, f64, f64)> {
    let dims = dimensions(&metric["Dimensions"]);
    let values: Vec<f64> = state
        .datapoints
        .iter()
        .filter(|p| {
            Some(p.namespace.as_str()) == metric["Namespace"].as_str()
                && Some(p.name.as_str()) == metric["MetricName"].as_str()
        })
        .filter(|p| p.dimensions == dims && p.at >= start && p.at <= end)
        .map(|p| p.value)
        .collect();
    if values.is_empty() {
        return None;
    }
    let sum: f64 = values.iter().sum();
    let count = values.len() as f64;
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Some((sum / count, sum, min, max, count))
}

fn statistic(stats: (f64, f64, f64, f64, f64), name: &str) -> f64 {
    match name {
        "Sum" => stats.1,
        "Minimum" => stats.2,
        "Maximum" => stats.3,
        "SampleCount" => stats.4,
        _ => stats.0,
    }
}

/// CloudWatch over Smithy RPC v2 CBOR.
pub(super) fn cloudwatch(state: &mut State, call: &Call) -> Reply {
    let body = &call.json;
    let start = body["StartTime"].as_f64().unwrap_or(0.0);
    let end = body["EndTime"].as_f64().unwrap_or(f64::MAX);
    match call.operation.as_str() {
        "PutMetricData" => {
            let namespace = body["Namespace"].as_str().unwrap_or_default();
            for d in body["MetricData"].as_array().into_iter().flatten() {
                state.datapoints.push(FakeDatapoint {
                    namespace: namespace.to_string(),
                    name: d["MetricName"].as_str().unwrap_or_default().to_string(),
                    dimensions: dimensions(&d["Dimensions"]),
                    value: d["Value"].as_f64().unwrap_or_default(),
                    // CloudWatch keeps at most one-second resolution.
                    at: d["Timestamp"].as_f64().unwrap_or_else(now).floor(),
                });
            }
            Reply::cbor(json!({}))
        }
        "GetMetricStatistics" => {
            let points = match statistics(state, body, start, end) {
                Some(stats) => {
                    let mut point = serde_json::Map::new();
                    point.insert("Timestamp".into(), json!({"$epoch": start}));
                    for name in body["Statistics"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                    {
                        point.insert(name.into(), json!(statistic(stats, name)));
                    }
                    vec![Value::Object(point)]
                }
                None => Vec::new(),
            };
            Reply::cbor(json!({"Label": body["MetricName"], "Datapoints": points}))
        }
        "GetMetricData" => {
            let results: Vec<Value> = body["MetricDataQueries"].as_array().into_iter().flatten().map(|q| {
                let stat = &q["MetricStat"];
                let found = statistics(state, &stat["Metric"], start, end);
                let values: Vec<f64> = found.map(|s| statistic(s, stat["Stat"].as_str().unwrap_or("Average"))).into_iter().collect();
                json!({
                    "Id": q["Id"], "Label": stat["Metric"]["MetricName"],
                    "Timestamps": values.iter().map(|_| json!({"$epoch": end})).collect::<Vec<_>>(),
                    "Values": values, "StatusCode": "Complete",
                })
            }).collect();
            Reply::cbor(json!({"MetricDataResults": results, "Messages": []}))
        }
        "DescribeAlarms" => {
            let names: Vec<&str> = body["AlarmNames"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let alarms: Vec<Value> = state.alarms.iter().filter(|a| names.is_empty() || names.contains(&a.0.as_str())).map(|(name, value)| json!({
                "AlarmName": name, "StateValue": value, "AlarmArn": format!("arn:aws:cloudwatch:us-east-1:{ACCOUNT}:alarm:{name}"),
            })).collect();
            Reply::cbor(json!({"MetricAlarms": alarms, "CompositeAlarms": []}))
        }
        op => Reply::cbor_error(
            400,
            "UnknownOperationException",
            &format!("Unknown operation {op}"),
        ),
    }
}

/// An EMR instance fleet of the fake.
#[derive(Debug, Clone)]
pub struct FakeFleet {
    pub(crate) cluster: String,
    pub(crate) id: String,
    pub(crate) on_demand: i64,
    pub(crate) spot: i64,
}

impl FakeFleet {
    /// A core fleet of `cluster` with these target capacities.
    pub fn new(cluster: &str, id: &str, on_demand: i64, spot: i64) -> Self {
        FakeFleet {
            cluster: cluster.into(),
            id: id.into(),
            on_demand,
            spot,
        }
    }
}

fn fleet_json(f: &FakeFleet) -> Value {
    json!({
        "Id": f.id, "Name": "core", "InstanceFleetType": "CORE",
        "Status": {"State": "RUNNING"},
        "TargetOnDemandCapacity": f.on_demand, "TargetSpotCapacity": f.spot,
        "ProvisionedOnDemandCapacity": f.on_demand, "ProvisionedSpotCapacity": f.spot,
    })
}

/// EMR's instance fleets (JSON 1.1), which moto lacks.
pub(super) fn emr(state: &mut State, call: &Call) -> Reply {
    let body = &call.json;
    let cluster = body["ClusterId"].as_str().unwrap_or_default();
    if !state.fleets.iter().any(|f| f.cluster == cluster) {
        return Reply::json_error(
            400,
            "InvalidRequestException",
            &format!("Cluster id '{cluster}' is not valid."),
        );
    }
    match call.operation.as_str() {
        "ListInstanceFleets" => Reply::json(
            json!({"InstanceFleets": state.fleets.iter().filter(|f| f.cluster == cluster).map(fleet_json).collect::<Vec<_>>()}),
        ),
        "ModifyInstanceFleet" => {
            let change = &body["InstanceFleet"];
            let id = change["InstanceFleetId"].as_str().unwrap_or_default();
            let Some(f) = state
                .fleets
                .iter_mut()
                .find(|f| f.cluster == cluster && f.id == id)
            else {
                return Reply::json_error(
                    400,
                    "InvalidRequestException",
                    &format!("Instance fleet '{id}' is not valid."),
                );
            };
            if let Some(n) = change["TargetOnDemandCapacity"].as_i64() {
                f.on_demand = n;
            }
            if let Some(n) = change["TargetSpotCapacity"].as_i64() {
                f.spot = n;
            }
            Reply::json(json!({}))
        }
        "DescribeCluster" => Reply::json(json!({"Cluster": {
            "Id": cluster, "Name": cluster, "Status": {"State": "WAITING"},
            "StepConcurrencyLevel": 1, "InstanceCollectionType": "INSTANCE_FLEET",
            "ReleaseLabel": "emr-7.2.0",
        }})),
        "ModifyCluster" => {
            Reply::json(json!({"StepConcurrencyLevel": body["StepConcurrencyLevel"]}))
        }
        // Each fleet doubles as an instance group of the same id.
        "ListInstanceGroups" => Reply::json(json!({"InstanceGroups": state.fleets.iter()
            .filter(|f| f.cluster == cluster)
            .map(|f| json!({"Id": f.id, "InstanceGroupType": "CORE", "Market": "ON_DEMAND",
                "RequestedInstanceCount": f.on_demand, "RunningInstanceCount": f.on_demand,
                "Status": {"State": "RUNNING"}}))
            .collect::<Vec<_>>()})),
        "ModifyInstanceGroups" => Reply::json(json!({})),
        "ListInstances" => {
            let fleet = body["InstanceFleetId"].as_str();
            let instances: Vec<Value> = state
                .fleets
                .iter()
                .filter(|f| {
                    f.cluster == cluster && (fleet.is_none() || fleet == Some(f.id.as_str()))
                })
                .flat_map(|f| {
                    (0..f.on_demand + f.spot).map(move |i| json!({
                    "Id": format!("ci-{}-{i}", f.id), "Ec2InstanceId": format!("i-{}{i}", f.id),
                    "Status": {"State": "RUNNING"}, "InstanceFleetId": f.id,
                    "Market": if i < f.on_demand { "ON_DEMAND" } else { "SPOT" },
                }))
                })
                .collect();
            Reply::json(json!({"Instances": instances}))
        }
        op => Reply::json_error(
            400,
            "UnknownOperationException",
            &format!("Unknown operation {op}"),
        ),
    }
}

const ROUTE53: &str = "https://route53.amazonaws.com/doc/2013-04-01/";

/// A hosted zone (one the DNS records name): read it, or associate and
/// disassociate VPCs.
fn hosted_zone(state: &mut State, call: &Call, zone: &str, rest: &[String]) -> Reply {
    let records = state.dns.iter().filter(|r| r.0 == zone).count();
    if records == 0 {
        return Reply::query_error(
            404,
            "NoSuchHostedZone",
            &format!("No hosted zone found with ID: {zone}"),
        );
    }
    use super::wire::tag;
    match rest.first().map(String::as_str) {
        None => Reply::xml_document(format!(
            r#"<GetHostedZoneResponse xmlns="{ROUTE53}"><HostedZone>{}{}{}<Config><PrivateZone>true</PrivateZone></Config>{}</HostedZone><VPCs/></GetHostedZoneResponse>"#,
            tag("Id", format!("/hostedzone/{zone}")),
            tag("Name", format!("{zone}.")),
            tag("CallerReference", "kallisti"),
            tag("ResourceRecordSetCount", records),
        )),
        Some(op @ ("associatevpc" | "disassociatevpc")) => {
            let name = if op == "associatevpc" {
                "AssociateVPCWithHostedZone"
            } else {
                "DisassociateVPCFromHostedZone"
            };
            Reply::xml_document(format!(
                r#"<{name}Response xmlns="{ROUTE53}"><ChangeInfo><Id>/change/C0KALLISTI</Id><Status>PENDING</Status><SubmittedAt>2026-01-01T00:00:00Z</SubmittedAt></ChangeInfo></{name}Response>"#
            ))
        }
        Some(_) => Reply::query_error(404, "UnknownOperationException", &call.operation),
    }
}

/// Route 53's DNS answers (REST-XML), which moto lacks.
pub(super) fn route53(state: &mut State, call: &Call) -> Reply {
    if let [_, zone_path, zone, rest @ ..] = call.path.as_slice() {
        if zone_path == "hostedzone" {
            return hosted_zone(state, call, zone, rest);
        }
    }
    if call.path.last().map(String::as_str) != Some("testdnsanswer") {
        return Reply::query_error(404, "UnknownOperationException", &call.operation);
    }
    let q = |k: &str| call.query.get(k).cloned().unwrap_or_default();
    let (zone, name, kind) = (q("hostedzoneid"), q("recordname"), q("recordtype"));
    let Some(answers) = state
        .dns
        .iter()
        .find(|r| r.0 == zone && r.1 == name && r.2 == kind)
        .map(|r| r.3.clone())
    else {
        if !state.dns.iter().any(|r| r.0 == zone) {
            return Reply::query_error(
                404,
                "NoSuchHostedZone",
                &format!("No hosted zone found with ID: {zone}"),
            );
        }
        return Reply::xml_document(format!(
            r#"<TestDNSAnswerResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Nameserver>ns-1.awsdns-01.org</Nameserver><RecordName>{}</RecordName><RecordType>{}</RecordType><RecordData/><ResponseCode>NXDOMAIN</ResponseCode><Protocol>UDP</Protocol></TestDNSAnswerResponse>"#,
            super::wire::esc(&name),
            super::wire::esc(&kind)
        ));
    };
    let data: String = answers
        .iter()
        .map(|a| super::wire::tag("RecordDataEntry", a))
        .collect();
    Reply::xml_document(format!(
        r#"<TestDNSAnswerResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Nameserver>ns-1.awsdns-01.org</Nameserver><RecordName>{}</RecordName><RecordType>{}</RecordType><RecordData>{data}</RecordData><ResponseCode>NOERROR</ResponseCode><Protocol>UDP</Protocol></TestDNSAnswerResponse>"#,
        super::wire::esc(&name),
        super::wire::esc(&kind)
    ))
}

/// An object of a bucket: HEAD and GET tell whether it exists (S3 answers a
/// HEAD for a missing key with a bare 404), DELETE removes it.
fn s3_object(state: &mut State, call: &Call, bucket: String) -> Reply {
    let key = call.path[1..].join("/");
    let at = state
        .objects
        .iter()
        .position(|o| o.0 == bucket && o.1 == key);
    match (call.operation.split(' ').next().unwrap_or_default(), at) {
        ("DELETE", at) => {
            if let Some(at) = at {
                state.objects.remove(at);
            }
            Reply::rest(204, Value::Null)
        }
        (_, Some(_)) => Reply::xml_document(String::new()).header("etag", "\"kallisti\"".into()),
        ("HEAD", None) => Reply::rest(404, Value::Null),
        (_, None) => Reply::query_error(404, "NoSuchKey", "The specified key does not exist."),
    }
}

/// S3 bucket versioning (REST-XML), which moto answers in a shape the SDK
/// refuses.
pub(super) fn s3(state: &mut State, call: &Call) -> Reply {
    let Some(bucket) = call.path.first().cloned() else {
        return Reply::query_error(400, "InvalidRequest", "no bucket");
    };
    let Some(at) = state.buckets.iter().position(|b| b.0 == bucket) else {
        return Reply::query_error(404, "NoSuchBucket", "The specified bucket does not exist");
    };
    if call.path.len() > 1 {
        return s3_object(state, call, bucket);
    }
    if !call.query.contains_key("versioning") {
        return Reply::query_error(
            501,
            "NotImplemented",
            "FakeAws serves bucket versioning only",
        );
    }
    if call.operation.starts_with("PUT") {
        let body = String::from_utf8_lossy(&call.body).into_owned();
        let status = body
            .split("<Status>")
            .nth(1)
            .and_then(|r| r.split("</Status>").next())
            .unwrap_or_default();
        state.buckets[at].1 = status.to_string();
        return Reply::xml_document(String::new());
    }
    let status = &state.buckets[at].1;
    let inner = if status.is_empty() {
        String::new()
    } else {
        super::wire::tag("Status", status)
    };
    Reply::xml_document(format!(
        r#"<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">{inner}</VersioningConfiguration>"#
    ))
}
