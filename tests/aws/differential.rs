//! Kallisti's `aws.*` actions side by side with the Chaos Toolkit's AWS
//! driver (chaostoolkit-aws 0.35.1, with boto3, run through
//! chaostoolkit-lib's own activity runner): each scenario runs against two
//! twin moto servers started fresh and seeded alike with the Rust SDK. The
//! driver is pointed at its own as a user would (`AWS_ENDPOINT_URL` and dummy
//! keys in its environment, `aws_region` in the configuration); the kallisti
//! step gets `endpoint_url` and `region`. Then the returned values (as JSON,
//! after [`normalise`] blanks what moto draws at random), whether each
//! failed, and the state read back with the SDK are compared.
//!
//! Each scenario either agrees or is listed, with what differs:
//! - [`DEVIATIONS`]: kallisti differs on purpose;
//! - [`DRIVER_FAILS`]: the driver fails where kallisti works;
//! - [`VALUE_SHAPE`]: the driver works and kallisti's value has another
//!   shape (issue 23, item 1, pending: kallisti's modules are unchanged);
//! - [`STATE_OR_FAILURE`]: the driver works and kallisti leaves another
//!   state, or fails where the driver does not (issue 23, item 2).
//!
//! Every catalog action with a driver function is compared, or listed in
//! [`MOTO_GAPS`] (moto cannot serve the Rust SDK; `FakeAws` stays the
//! evidence, in `fake.rs`), or counted as not yet compared. Those last ones
//! are the work left: the table prints them with their count, and they do
//! not fail the test. An unlisted difference fails it, and so does a listed
//! one that agrees.
//!
//! The summary gives, per service, the scenarios compared and how they
//! came out, then the actions not compared: moto gaps and those not yet
//! compared. Random picks (`terminate_random_instances`) are compared by
//! what they leave (counts), since the twins' ids are moto's own.

mod scenarios;
mod state;

use crate::support;
use scenarios::{scenarios, Service};
use serde_json::{json, Value};
use support::differential::{
    driver_functions, outcome_difference, run_activity_in, run_step, Activity, Outcome, Scenario,
    Verdicts,
};
use support::moto::{sdk_config_at, Moto};

/// The region of every scenario (no other test uses it; the twins are this
/// test's own anyway).
const REGION: &str = "il-central-1";

/// The region of a service's scenarios: [`REGION`], but where moto does
/// not serve the service there (FIS).
fn region_of(service: &str) -> &'static str {
    match service {
        "fis" => "eu-west-1",
        _ => REGION,
    }
}

/// Where kallisti differs on purpose, by scenario label, with why.
const DEVIATIONS: &[(&str, &str)] = &[
    (
        "start an AZ power interruption with a role",
        "the driver copies the console's scenario (targets by its AzImpairmentPower tags, the step's tags on the experiment only); kallisti disrupts only what carries the step's tags, and uses FIS's current ElastiCache action",
    ),
    (
        "remove latency",
        "kallisti also drops the latency value, which the driver leaves behind, and keeps the extension's layer and wrapper while the error fault still needs them",
    ),
    (
        "remove errors",
        "kallisti keeps the extension's layer and wrapper while the latency fault still needs them; the driver removes both",
    ),
    (
    "attach the detached volumes",
    "given no instances, the driver re-attaches every tagged volume in the region; kallisti asks where to act, so a step never reaches volumes another experiment detached",
)];

/// Where the driver fails and kallisti works, by scenario label, with why.
const DRIVER_FAILS: &[(&str, &str)] = &[
    (
        "send a command with the defaults",
        "the driver hands boto3 None for each argument not given, which botocore refuses (ParamValidationError)",
    ),
    (
        "drain container instances",
        "the driver calls update_container_instance_state, which boto3's ECS client lacks (AttributeError); the operation is UpdateContainerInstancesState",
    ),
    (
        "the subnets of a group placed by zone",
        "the driver reads VPCZoneIdentifier, which a group placed by zone lacks (KeyError); kallisti answers false",
    ),
    (
        "attach a group's detached volume",
        "the driver calls attach_volume on its Auto Scaling client, which has none (AttributeError)",
    ),
    (
        "stop the team's instances in steps",
        "the driver hands `tags` to DescribeInstances as a filter of its own, which botocore refuses (ParamValidationError)",
    ),
    (
        "stop a zone's instances in steps",
        "the driver hands random.sample the dict of instances by kind, which Python refuses (TypeError)",
    ),
    (
        "a group's running core instances",
        "the driver sends `group_type` as InstanceGroupType, which ListInstances does not know (ParamValidationError); kallisti sends InstanceGroupTypes",
    ),
    (
        "an uncapped function's concurrency",
        "the driver reads ReservedConcurrentExecutions from a response that has none (KeyError); kallisti answers",
    ),
    (
        "put a parameter",
        "the driver hands boto3 None for each argument not given, which botocore refuses (ParamValidationError)",
    ),
    (
        "overwrite a parameter",
        "the driver hands boto3 None for each argument not given, which botocore refuses (ParamValidationError)",
    ),
    (
        "create a document",
        "the driver hands boto3 None for VersionName when not given, which botocore refuses (ParamValidationError)",
    ),
    (
        "fail over anywhere",
        "the driver hands boto3 TargetDBInstanceIdentifier=None when not given, which botocore refuses; kallisti lets RDS pick",
    ),
];

/// Where the driver works and kallisti's value differs in shape, by
/// scenario label, with how.
const VALUE_SHAPE: &[(&str, &str)] = &[];

/// Where the driver works and kallisti leaves another state or fails, by
/// scenario label, with how.
const STATE_OR_FAILURE: &[(&str, &str)] = &[];

/// Catalog actions moto cannot serve to the Rust SDK, with why; `FakeAws`
/// serves them (`fake.rs`, which the listing test checks runs each).
const MOTO_GAPS: &[(&str, &str)] = &[
    ("aws.cloudwatch.get_alarm_state_value", CLOUDWATCH),
    ("aws.cloudwatch.get_metric_data", CLOUDWATCH),
    ("aws.cloudwatch.get_metric_statistics", CLOUDWATCH),
    ("aws.cloudwatch.put_metric_data", CLOUDWATCH),
    (
        "aws.msk.describe_msk_cluster",
        "moto's DescribeCluster gives times without an offset, which the SDK refuses",
    ),
    (
        "aws.msk.get_bootstrap_servers",
        "moto has no GetBootstrapBrokers",
    ),
    ("aws.msk.reboot_msk_broker", "moto has no RebootBroker"),
    (
        "aws.elasticache.reboot_cache_clusters",
        "moto has no RebootCacheCluster",
    ),
    ("aws.elasticache.test_failover", "moto has no TestFailover"),
    (
        "aws.emr.describe_instance_fleet",
        "moto has no ListInstanceFleets (HTTP 500)",
    ),
    (
        "aws.emr.modify_instance_fleet",
        "moto has no ModifyInstanceFleet (HTTP 500)",
    ),
    (
        "aws.emr.modify_instance_groups_shrink_policy",
        "moto's ModifyInstanceGroups reads InstanceCount from every group and fails (HTTP 500) on a shrink policy alone",
    ),
    (
        "aws.route53.get_dns_answer",
        "moto has no TestDNSAnswer (HTTP 404)",
    ),
    ("aws.incidents.get_active_incident_items", NO_INCIDENTS),
    ("aws.incidents.get_active_incidents", NO_INCIDENTS),
    ("aws.incidents.get_incidents", NO_INCIDENTS),
    ("aws.incidents.get_resolved_incident_items", NO_INCIDENTS),
    ("aws.incidents.get_resolved_incidents", NO_INCIDENTS),
    ("aws.incidents.has_incident_been_opened", NO_INCIDENTS),
    ("aws.incidents.has_incident_been_resolved", NO_INCIDENTS),
    ("aws.xray.get_traces_summaries", XRAY_FILTER),
    ("aws.xray.get_traces", XRAY_FILTER),
    ("aws.xray.get_most_recent_trace", XRAY_FILTER),
    (
        "aws.rds.delete_db_cluster_endpoint",
        "moto answers DeleteDBClusterEndpoint with HTTP 500 and no body",
    ),
];

const NO_INCIDENTS: &str = "moto has no Incident Manager (ssm-incidents)";

const XRAY_FILTER: &str =
    "moto's GetTraceSummaries answers any FilterExpression with HTTP 500, and the driver always sends one";

const CLOUDWATCH: &str =
    "moto 5.2.5 answers the SDK's current CloudWatch protocol with 404 (the rule actions are EventBridge's, which moto serves)";

/// The table's verdicts for the listed kinds of difference.
const DIFFERS_VALUE: &str = "differs (value shape)";
const DIFFERS_STATE: &str = "differs (state or failure)";
const DRIVER_FAILS_VERDICT: &str = "driver fails";

/// Twin moto servers, started side by side, their random draws seeded
/// alike: the same seed calls then give both the same ids (EMR clusters,
/// hosted zones, volumes, subnets), which the scenarios name as `{name}`.
/// Values and states are compared with those ids named back.
async fn twins() -> (Moto, Moto) {
    let (ours, theirs) = std::thread::scope(|s| {
        let theirs = s.spawn(Moto::start);
        (Moto::start(), theirs.join().unwrap())
    });
    for moto in [&ours, &theirs] {
        reqwest::Client::new()
            .post(format!("{}/moto-api/seed?a=23", moto.url))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("moto takes a seed for its random draws");
        // Without Docker, moto answers an invocation with its own error;
        // its simple Lambda backend echoes the payload instead.
        reqwest::Client::new()
            .post(format!("{}/moto-api/config", moto.url))
            .json(&json!({"lambda": {"use_docker": false}}))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("moto takes its Lambda settings");
    }
    (ours, theirs)
}

/// `value` with each of the seed's ids named back as `{name}`: moto
/// draws some ids outside its seeded random source (MSK's ARNs), so each
/// twin's ids are its own.
fn unfill(value: &Value, ids: &Value) -> Value {
    match value {
        Value::String(s) => {
            let named = ids
                .as_object()
                .into_iter()
                .flatten()
                .fold(s.clone(), |s, (name, id)| match id {
                    Value::String(id) if !id.is_empty() => {
                        s.replace(id.as_str(), &format!("{{{name}}}"))
                    }
                    _ => s,
                });
            Value::String(named)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| unfill(v, ids)).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), unfill(v, ids)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `arguments` with the seed's ids filled in: a string that is just
/// `{name}` becomes the id's value (a string or a list), and `{name}`
/// within a longer string becomes the id's text.
fn fill(arguments: &Value, ids: &Value) -> Value {
    match arguments {
        Value::String(s) => {
            let Some(ids) = ids.as_object() else {
                return arguments.clone();
            };
            if let Some(id) = s
                .strip_prefix('{')
                .and_then(|s| s.strip_suffix('}'))
                .and_then(|name| ids.get(name))
            {
                return id.clone();
            }
            let filled = ids.iter().fold(s.clone(), |s, (name, id)| match id {
                Value::String(id) => s.replace(&format!("{{{name}}}"), id),
                _ => s,
            });
            Value::String(filled)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| fill(v, ids)).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), fill(v, ids)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Runs the driver function of `scenario` against `theirs`.
async fn run_driver(
    arguments: Value,
    region: &str,
    (function, kind): (&str, &str),
    theirs: &Moto,
) -> Outcome {
    let environment = [
        ("AWS_ENDPOINT_URL", theirs.url.as_str()),
        ("AWS_ACCESS_KEY_ID", support::moto::ACCESS_KEY),
        ("AWS_SECRET_ACCESS_KEY", support::moto::SECRET_KEY),
        ("AWS_SESSION_TOKEN", support::moto::SESSION_TOKEN),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("AWS_CONFIG_FILE", "/nonexistent/kallisti/aws-config"),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/kallisti/aws-credentials",
        ),
    ];
    run_activity_in(
        Activity {
            function,
            kind,
            arguments,
            configuration: json!({"aws_region": region}),
            secrets: Value::Null,
        },
        environment
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
    .await
}

/// Runs one scenario of `service` on fresh twins: how the two sides
/// differed, if they did, and what the table shows when they agree.
async fn compare(service: &Service, scenario: &Scenario, function: &str, kind: &str) -> Verdict {
    let (ours, theirs) = twins().await;
    let region = region_of(service.name);
    let ours_config = sdk_config_at(region, &ours.url).await;
    let theirs_config = sdk_config_at(region, &theirs.url).await;
    let (ids, their_ids) = tokio::join!(
        (service.seed)(ours_config.clone()),
        (service.seed)(theirs_config.clone())
    );
    let driver_arguments = fill(&scenario.arguments, &their_ids);
    let mut arguments = fill(&scenario.arguments, &ids);
    arguments["region"] = json!(region);
    arguments["endpoint_url"] = json!(ours.url);
    let (mut kallisti, mut driver) = tokio::join!(
        run_step(scenario.label, scenario.action, arguments),
        run_driver(driver_arguments, region, (function, kind), &theirs)
    );
    // Random parts first, so a random pick (`stop_task` by service) reads
    // alike whichever seeded id it drew.
    kallisti.value = unfill(&normalise(&kallisti.value), &ids);
    driver.value = unfill(&normalise(&driver.value), &their_ids);
    let (ours_state, theirs_state) =
        tokio::join!((service.state)(ours_config), (service.state)(theirs_config));
    let (ours_state, theirs_state) = (unfill(&ours_state, &ids), unfill(&theirs_state, &their_ids));
    let differs = outcome_difference(&kallisti, &driver).or_else(|| {
        (ours_state != theirs_state)
            .then(|| format!("state: kallisti {ours_state} vs driver {theirs_state}"))
    });
    let agreement = if kallisti.failed {
        format!("agrees: both fail (kallisti: {})", kallisti.error)
    } else {
        "agrees".to_string()
    };
    Verdict { differs, agreement }
}

struct Verdict {
    differs: Option<String>,
    agreement: String,
}

/// Moto's random parts of a value blanked: times, request and resource
/// ids, an EKS cluster's endpoint, identity and certificate; and boto3's
/// `ResponseMetadata` (its request id, headers and retries, per request)
/// left out.
fn normalise(value: &Value) -> Value {
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .filter(|(k, _)| k.as_str() != "ResponseMetadata")
                .map(|(k, v)| match k.as_str() {
                    // Drawn whole by moto for each EKS cluster.
                    "endpoint" | "identity" | "certificateAuthority" => {
                        (k.clone(), json!("<random>"))
                    }
                    _ => (k.clone(), normalise(v)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normalise).collect()),
        Value::String(s) => Value::String(blank(s)),
        other => other.clone(),
    }
}

/// `s` with what moto draws blanked: a time, an address (IP or MAC), a
/// host name made of one, an ElastiCache endpoint; else, within ARNs, names and sentences, each
/// time, UUID, IAM unique id (`AIDA…`), upper-case random id (hosted zone,
/// resource id), hex resource id (`vol-0a1b…`, `eni-attach-0a1b…`, not the
/// seed's chosen `i-0d1ff…`) and RDS endpoint hash.
fn blank(s: &str) -> String {
    if s.len() == 17
        && s.split(':')
            .all(|p| p.len() == 2 && u8::from_str_radix(p, 16).is_ok())
    {
        return "<mac>".into();
    }
    // ElastiCache endpoints carry a hash moto draws per cluster.
    if s.ends_with(".cache.amazonaws.com") {
        return "<cache endpoint>".into();
    }
    let s = &blank_sentence_times(s);
    let bytes = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| range.clone().all(|i| bytes[i].is_ascii_digit());
    if s.len() >= 19 && digits(0..4) && bytes[4] == b'-' && digits(5..7) && bytes[10] == b'T' {
        return "<time>".into();
    }
    if s.parse::<std::net::Ipv4Addr>().is_ok() {
        return "<address>".into();
    }
    // Host names made of an address: `ip-10-1-2-3.ec2.internal`.
    if let Some((host, _)) = s.split_once('.') {
        if ["ip-", "ec2-"].iter().any(|p| host.starts_with(p))
            && host.split('-').skip(1).all(|n| n.parse::<u8>().is_ok())
        {
            return "<host>".into();
        }
    }
    let mut out = String::new();
    for token in s.split_inclusive([':', '/', ' ', '.']) {
        let (word, end) = match token.char_indices().last() {
            Some((i, c)) if ":/ .".contains(c) => (&token[..i], &token[i..]),
            _ => (token, ""),
        };
        out += &blank_word(word);
        out += end;
    }
    out
}

/// `At 2026-12-01 19:20:09.069472, instance …`: each such time within a
/// sentence, as `<time>`.
fn blank_sentence_times(s: &str) -> String {
    let pattern = |t: &[u8]| {
        let d = |i: usize| t[i].is_ascii_digit();
        t.len() >= 19
            && (0..4).all(d)
            && t[4] == b'-'
            && d(5)
            && d(6)
            && t[7] == b'-'
            && d(8)
            && d(9)
            && t[10] == b' '
            && d(11)
            && d(12)
            && t[13] == b':'
    };
    let (mut out, mut rest) = (String::new(), s);
    while let Some(at) = (0..rest.len()).find(|&i| pattern(&rest.as_bytes()[i..])) {
        out += &rest[..at];
        out += "<time>";
        let tail = &rest[at + 19..];
        let fraction = tail
            .strip_prefix('.')
            .map_or(0, |t| 1 + t.bytes().take_while(u8::is_ascii_digit).count());
        rest = &tail[fraction..];
    }
    out + rest
}

/// One word of a string, blanked as [`blank`] says.
fn blank_word(word: &str) -> String {
    let hex = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_hexdigit());
    let parts: Vec<&str> = word.split('-').collect();
    if parts.len() == 5
        && parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts.iter().all(|p| hex(p))
    {
        return "<uuid>".into();
    }
    if word.len() == 21
        && word.starts_with('A')
        && word
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return "<iam id>".into();
    }
    if word.len() >= 15 && word.bytes().all(|b| b.is_ascii_digit()) {
        return "<number>".into();
    }
    if word.len() >= 16 && hex(word) {
        return "<hex>".into();
    }
    let upper_id = |t: &str| {
        t.len() >= 14
            && t.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && t.bytes().any(|b| b.is_ascii_uppercase())
    };
    if upper_id(word) {
        return "<upper id>".into();
    }
    if let Some((prefix, id)) = word.rsplit_once('-') {
        if upper_id(id) {
            return format!("{prefix}-<upper id>");
        }
    }
    let lower = |t: &str| {
        t.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    match word.rsplit_once('-') {
        Some((prefix, id)) if word.starts_with("cluster-") && id.len() == 12 && lower(id) => {
            format!("{prefix}-<hash>")
        }
        _ => match word.rsplit_once('-') {
            Some((prefix, id))
                if prefix.len() <= 10
                    && prefix.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                    && id.len() >= 8
                    && hex(id)
                    && !id.starts_with("0d1ff") =>
            {
                format!("{prefix}-<id>")
            }
            _ => word.to_string(),
        },
    }
}

/// What the table shows for each catalog action no scenario compares.
fn not_compared(service: &str, verdicts: &mut Verdicts, compared: &[&str]) -> (usize, usize) {
    let (mut gaps, mut not_yet) = (0, 0);
    let prefix = format!("aws.{service}.");
    for action in driver_functions("aws").into_keys() {
        if !action.starts_with(&prefix) || compared.contains(&action.as_str()) {
            continue;
        }
        match MOTO_GAPS.iter().find(|(a, _)| *a == action) {
            Some((_, why)) => {
                gaps += 1;
                verdicts.not_comparable(&action, &format!("moto gap: {why}"));
            }
            None => {
                not_yet += 1;
                verdicts.not_comparable(&action, "not yet compared");
            }
        }
    }
    (gaps, not_yet)
}

/// The services of the catalog's AWS actions, as `aws.<service>.<name>`.
fn catalog_services() -> Vec<String> {
    let mut services: Vec<String> = driver_functions("aws")
        .into_keys()
        .map(|a| a.split('.').nth(1).unwrap().to_string())
        .collect();
    services.dedup();
    services
}

#[test]
fn every_listing_names_a_scenario_or_an_action() {
    let all = scenarios();
    let mut labels: Vec<&str> = all
        .iter()
        .flat_map(|s| s.scenarios.iter().map(|c| c.label))
        .collect();
    let count = labels.len();
    labels.sort();
    labels.dedup();
    assert_eq!(labels.len(), count, "a label names two scenarios");
    for (label, _) in [DEVIATIONS, DRIVER_FAILS, VALUE_SHAPE, STATE_OR_FAILURE].concat() {
        assert!(labels.contains(&label), "no scenario {label:?}");
    }
    // Where kallisti differs from the driver, or works where it fails, the
    // action's own doc says so.
    for (label, _) in [DEVIATIONS, DRIVER_FAILS].concat() {
        let action = all
            .iter()
            .flat_map(|s| &s.scenarios)
            .find(|c| c.label == label)
            .map(|c| c.action)
            .unwrap();
        let doc = kallisti::catalog::find_action(action).map_or("", |a| a.doc);
        assert!(
            doc.to_lowercase().contains("driver"),
            "{action} ({label:?}) differs from the driver, and its doc does not say so: {doc}"
        );
    }
    let functions = driver_functions("aws");
    let fake_tests = include_str!("fake.rs");
    for (action, _) in MOTO_GAPS {
        assert!(functions.contains_key(*action), "no action {action}");
        assert!(
            fake_tests.contains(&format!("\"{action}\"")),
            "{action} is a moto gap that no FakeAws test runs"
        );
        assert!(
            !all.iter()
                .any(|s| s.scenarios.iter().any(|c| c.action == *action)),
            "{action} is compared and listed as a moto gap"
        );
    }
    for scenario in all.iter().flat_map(|s| &s.scenarios) {
        assert!(
            functions.contains_key(scenario.action),
            "no action {}",
            scenario.action
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn kallisti_and_the_chaos_toolkit_aws_driver_agree_or_differ_as_listed() {
    support::moto::dummy_credentials();
    let functions = driver_functions("aws");
    let all = scenarios();
    let mut rows = Vec::new();
    let mut unexpected = Vec::new();
    // While working on a few services: `KALLISTI_AWS_DIFFERENTIAL=emr,xray`
    // compares only those (CI compares all).
    let only = std::env::var("KALLISTI_AWS_DIFFERENTIAL").ok();
    let chosen = |service: &str| {
        only.as_ref()
            .is_none_or(|o| o.split(',').any(|s| s == service))
    };
    for service in catalog_services().into_iter().filter(|s| chosen(s)) {
        let mut verdicts = Verdicts::new(DEVIATIONS)
            .listing(DRIVER_FAILS_VERDICT, DRIVER_FAILS)
            .listing(DIFFERS_VALUE, VALUE_SHAPE)
            .listing(DIFFERS_STATE, STATE_OR_FAILURE);
        let scenarios = all.iter().find(|s| s.name == service);
        let mut compared = Vec::new();
        for scenario in scenarios.iter().flat_map(|s| &s.scenarios) {
            let (function, kind) = &functions[scenario.action];
            let verdict = compare(scenarios.unwrap(), scenario, function, kind).await;
            verdicts.record(scenario.label, scenario.action, verdict.differs, || {
                verdict.agreement
            });
            compared.push(scenario.action);
        }
        let (gaps, not_yet) = not_compared(&service, &mut verdicts, &compared);
        rows.push(row(&service, &verdicts, gaps, not_yet));
        unexpected.extend(verdicts.print(&format!("aws.{service} differential")));
    }
    print_summary(&rows);
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
}

/// One service's line of the summary.
fn row(service: &str, verdicts: &Verdicts, gaps: usize, not_yet: usize) -> [String; 9] {
    let count = |v: &str| verdicts.count(v).to_string();
    [
        service.to_string(),
        verdicts.compared().to_string(),
        count("agrees"),
        count("deviates on purpose: "),
        count(&format!("{DIFFERS_VALUE}: ")),
        count(&format!("{DIFFERS_STATE}: ")),
        gaps.to_string(),
        count(&format!("{DRIVER_FAILS_VERDICT}: ")),
        not_yet.to_string(),
    ]
}

fn print_summary(rows: &[[String; 9]]) {
    let header = [
        "service",
        "compared",
        "agree",
        "deviation",
        "differs:value",
        "differs:state",
        "moto gap",
        "driver fails",
        "not yet",
    ];
    let line = |cells: Vec<&str>| {
        cells
            .iter()
            .map(|c| format!("{c:>13}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut totals = [0usize; 8];
    let mut text = vec![line(header.to_vec())];
    for r in rows {
        for (t, c) in totals.iter_mut().zip(&r[1..]) {
            *t += c.parse::<usize>().unwrap();
        }
        text.push(line(r.iter().map(String::as_str).collect()));
    }
    let totals: Vec<String> = totals.iter().map(usize::to_string).collect();
    let mut total_row = vec!["total"];
    total_row.extend(totals.iter().map(String::as_str));
    text.push(line(total_row));
    println!("aws differential, per service:\n{}", text.join("\n"));
}
