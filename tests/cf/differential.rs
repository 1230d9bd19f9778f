//! Kallisti's `cf` actions side by side with the Chaos Toolkit's Cloud
//! Foundry driver (chaostoolkit-cloud-foundry 0.7.3, run through
//! chaostoolkit-lib's own activity runner). Each scenario runs on two twin
//! `FakeCloudFoundry` servers started fresh from the same seed: kallisti's
//! step speaks Cloud Controller v3 to its own, the driver speaks v2 (from
//! `/v2/info` and UAA on) to the other. Then the returned values (as JSON,
//! each side's API URL, guids and times blanked), whether each failed, and
//! the state each fake holds afterwards are compared.
//!
//! A scenario either agrees or is listed in [`DEVIATIONS`] with the reason
//! kallisti differs on purpose (each reason is also in the action's
//! documentation); an unlisted difference fails the test, and so does a
//! listed one that agrees. The test prints the table, then per action the
//! scenarios compared, agreeing and deviating.

mod scenarios;

use crate::support;
use scenarios::{scenarios, Scenario};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use support::differential::{
    assert_covered, driver_functions, outcome_difference, run_activity_in, run_step, Activity,
    Outcome, Verdicts,
};

pub const USER: &str = "chaos-bot";
pub const PASSWORD: &str = "canary-cf-pa55word";

/// Where kallisti differs on purpose, by scenario label, with why.
const DEVIATIONS: &[(&str, &str)] = &[
    (
        "delete an app with a service binding",
        "the driver's v2 DELETE (not recursive) is refused while the app has service bindings; kallisti deletes the app with its bindings, as v3 (and `cf delete`) does",
    ),
    (
        "list every app",
        "the apps are v3 resources (kallisti speaks v3), in the driver's page envelope holding every page; the driver returns the first page of v2 resources",
    ),
    (
        "map a route",
        "kallisti returns each route's v3 destinations (it speaks v3); the driver returns the v2 app resource once per route",
    ),
    (
        "remove a mapped route",
        "the driver crashes (KeyError: it takes the route's app list for the route); kallisti unmaps the route",
    ),
    (
        "stop every app of an org sharing a name",
        "the driver finds each app again by name within the org, so of two apps sharing a name it stops the first twice and never the other; kallisti stops each app of the org",
    ),
    (
        "stop every app of an org across pages",
        "the driver reads the first page of the org's apps only; kallisti follows every page",
    ),
    (
        "stop an app whose name two spaces share",
        "kallisti refuses an app name that several spaces share unless org and space say which; the driver stops the first it finds",
    ),
    (
        "terminate an index the app lacks",
        "kallisti fails on an index the app lacks; the v2 endpoint the driver calls answers 204 and terminates nothing",
    ),
    (
        "terminate an instance of a stopped app",
        "kallisti fails: a stopped app has no instance to terminate; the v2 endpoint the driver calls answers 204 and terminates nothing",
    ),
];

/// What a side did: its outcome, and the fake's state after it.
struct Side {
    outcome: Outcome,
    state: Value,
}

/// The default credential reads `CF_USERNAME` / `CF_PASSWORD`: the same
/// values as the other tests of this binary set.
fn cf_env() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::env::set_var("CF_USERNAME", USER);
        std::env::set_var("CF_PASSWORD", PASSWORD);
    });
}

async fn run_kallisti(scenario: &Scenario) -> Side {
    let cf = (scenario.seed)().start().await;
    let mut arguments = scenario.arguments.clone();
    arguments["cf_api_url"] = json!(cf.uri());
    let mut outcome = run_step(scenario.label, scenario.action, arguments).await;
    outcome.value = normalise(&outcome.value, &cf.uri());
    Side {
        outcome,
        state: state_of(&cf, scenario.random),
    }
}

async fn run_driver(scenario: &Scenario, function: &str, kind: &str) -> Side {
    let cf = (scenario.seed)().start().await;
    // oauthlib refuses a token endpoint over plain HTTP unless told it may,
    // as a user pointing the driver at a local fake tells it.
    let insecure = vec![("OAUTHLIB_INSECURE_TRANSPORT".to_string(), "1".to_string())];
    let mut outcome = run_activity_in(
        Activity {
            function,
            kind,
            arguments: scenario.arguments.clone(),
            configuration: json!({"cf_api_url": cf.uri(), "cf_verify_ssl": false}),
            secrets: json!({"cf_username": USER, "cf_password": PASSWORD}),
        },
        insecure,
    )
    .await;
    outcome.value = normalise(&outcome.value, &cf.uri());
    // The driver finds UAA through `/v2/info` and speaks v2 alone.
    let requests = cf.requests();
    assert!(
        requests[0].path == "/v2/info"
            && requests
                .iter()
                .all(|r| r.path.starts_with("/v2/") || r.path.starts_with("/uaa/")),
        "{}: the driver asked for {requests:?}",
        scenario.label
    );
    Side {
        outcome,
        state: state_of(&cf, scenario.random),
    }
}

/// The fake's state; after a random pick, which instances were picked is
/// left out (each app's instances sorted, terminations by app only).
fn state_of(cf: &kallisti::fake::FakeCloudFoundry, random: bool) -> Value {
    let mut state = cf.snapshot();
    if random {
        for app in state["apps"].as_array_mut().unwrap() {
            let instances = app["instances"].as_array_mut().unwrap();
            instances.sort_by_key(|s| s.to_string());
        }
        for terminated in state["terminated"].as_array_mut().unwrap() {
            *terminated = terminated[0].clone();
        }
    }
    state
}

/// `value` with the API URL, guids and times blanked.
fn normalise(value: &Value, api: &str) -> Value {
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), normalise(v, api)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| normalise(v, api)).collect()),
        Value::String(s) => Value::String(blank(&s.replace(api, "<api>"))),
        other => other.clone(),
    }
}

/// Each guid (8-4-4-4-12 hex) in `s` as `<guid>`; a time as `<time>`.
fn blank(s: &str) -> String {
    let b = s.as_bytes();
    if s.len() >= 19 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T' {
        return "<time>".into();
    }
    let is_guid = |w: &str| {
        let parts: Vec<&str> = w.split('-').collect();
        parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
            && parts
                .iter()
                .all(|p| p.bytes().all(|c| c.is_ascii_hexdigit()))
    };
    s.split_inclusive(['/', ' ', ':'])
        .map(|token| {
            let word = token.trim_end_matches(['/', ' ', ':']);
            if is_guid(word) {
                format!("<guid>{}", &token[word.len()..])
            } else {
                token.to_string()
            }
        })
        .collect()
}

/// How the two sides differ, or `None` when they agree.
fn difference(ours: &Side, theirs: &Side) -> Option<String> {
    outcome_difference(&ours.outcome, &theirs.outcome).or_else(|| {
        (ours.state != theirs.state)
            .then(|| format!("state: kallisti {} vs driver {}", ours.state, theirs.state))
    })
}

#[test]
fn every_cf_action_is_compared_and_every_deviation_names_a_scenario() {
    let all = scenarios();
    let compared: Vec<&str> = all.iter().map(|s| s.action).collect();
    assert_covered("cf", &compared, &[]);
    let functions = driver_functions("cf");
    for scenario in &all {
        assert!(
            functions.contains_key(scenario.action),
            "{} has no driver function",
            scenario.action
        );
    }
    let mut labels: Vec<&str> = all.iter().map(|s| s.label).collect();
    labels.sort_unstable();
    let count = labels.len();
    labels.dedup();
    assert_eq!(labels.len(), count, "a label names two scenarios");
    for (label, _) in DEVIATIONS {
        assert!(labels.contains(label), "no scenario {label:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn kallisti_and_the_chaos_toolkit_cf_driver_agree_or_deviate_as_listed() {
    cf_env();
    let functions = driver_functions("cf");
    // Four at a time: most of the time goes to starting Python.
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(4));
    let runs: Vec<_> = scenarios()
        .into_iter()
        .map(|scenario| {
            let (function, kind) = functions[scenario.action].clone();
            let permits = std::sync::Arc::clone(&permits);
            tokio::spawn(async move {
                let _permit = permits.acquire().await.unwrap();
                let (ours, theirs) = tokio::join!(
                    run_kallisti(&scenario),
                    run_driver(&scenario, &function, &kind)
                );
                let agreement = if ours.outcome.failed {
                    format!("agrees: both fail (kallisti: {})", ours.outcome.error)
                } else {
                    "agrees".to_string()
                };
                (scenario, difference(&ours, &theirs), agreement)
            })
        })
        .collect();
    let mut compared = Vec::new();
    for run in runs {
        compared.push(run.await.unwrap());
    }
    let mut verdicts = Verdicts::new(DEVIATIONS);
    let mut per_action: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for (scenario, differs, agreement) in &compared {
        let deviates = differs.is_some();
        verdicts.record(scenario.label, scenario.action, differs.clone(), || {
            agreement.clone()
        });
        let counts = per_action.entry(scenario.action).or_default();
        counts[0] += 1;
        counts[if deviates { 2 } else { 1 }] += 1;
    }
    print_per_action(&per_action);
    // What each listed deviation really differed in, for the reader to
    // check against its reason.
    for (scenario, differs, _) in &compared {
        if let Some(how) = differs {
            let how: String = how.chars().take(400).collect();
            println!("as seen, {}: {how}", scenario.label);
        }
    }
    verdicts.finish("cf differential");
}

/// Per action: the scenarios compared, agreeing and deviating.
fn print_per_action(per_action: &BTreeMap<&str, [usize; 3]>) {
    let mut lines = vec![format!(
        "{:<36} {:>9} {:>6} {:>10}",
        "action", "compared", "agree", "deviation"
    )];
    let mut totals = [0; 3];
    for (action, counts) in per_action {
        lines.push(format!(
            "{action:<36} {:>9} {:>6} {:>10}",
            counts[0], counts[1], counts[2]
        ));
        for (total, n) in totals.iter_mut().zip(counts) {
            *total += n;
        }
    }
    lines.push(format!(
        "{:<36} {:>9} {:>6} {:>10}",
        "total", totals[0], totals[1], totals[2]
    ));
    println!("cf differential, per action:\n{}", lines.join("\n"));
}
