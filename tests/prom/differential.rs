//! Kallisti's `prom` probes side by side with the Chaos Toolkit's
//! Prometheus driver (chaostoolkit-prometheus 0.6.0, run through
//! chaostoolkit-lib's own activity runner): each scenario runs against two
//! twin real Prometheus servers, the driver pointed at its own through
//! `prometheus_base_url` in the configuration, then the returned values and
//! whether each failed are compared. Probes change nothing, so there is no
//! state after to compare. Queries and times are fixed so that both servers
//! give the same answer.
//!
//! A scenario either agrees or is listed in [`DEVIATIONS`] with the reason
//! kallisti differs on purpose; the test prints the table.

use crate::support;
use serde_json::{json, Value};
use support::differential::{
    assert_covered, driver_functions, outcome_difference, run_activity, run_step, scenario,
    Activity, Scenario, Verdicts,
};
use support::prometheus::Prometheus;

/// Where kallisti differs on purpose, by scenario label, with why. Each
/// reason is also in the action's documentation.
const DEVIATIONS: &[(&str, &str)] = &[(
    "mean of up over a minute",
    "the driver crashes subtracting the window's start (a date) from the end (a Unix time); kallisti computes the mean",
)];

/// Catalog actions with a driver function that no scenario compares.
const NOT_COMPARABLE: &[(&str, &str)] = &[];

/// A fixed evaluation time, before the servers ran: queries of constants
/// answer alike there, whenever the test runs.
const AT: &str = "2026-01-01T00:00:00Z";

fn scenarios() -> Vec<Scenario> {
    vec![
        scenario(
            "a constant scalar",
            "prom.query",
            json!({"query": "1 + 1", "when": AT}),
        ),
        scenario(
            "a constant vector with a timeout",
            "prom.query",
            json!({"query": "vector(3)", "when": AT, "timeout": 5}),
        ),
        scenario(
            "a time as Unix seconds",
            "prom.query",
            json!({"query": "vector(4)", "when": "1767225600"}),
        ),
        scenario(
            "a time with an offset",
            "prom.query",
            json!({"query": "time()", "when": "2026-01-01T01:00:00+01:00"}),
        ),
        scenario(
            "up before the server ran",
            "prom.query",
            json!({"query": "up", "when": "2020-01-01T00:00:00Z"}),
        ),
        scenario(
            "a query Prometheus rejects",
            "prom.query",
            json!({"query": "sum(up", "when": AT}),
        ),
        scenario(
            "a time that is no time",
            "prom.query",
            json!({"query": "up", "when": "in a while"}),
        ),
        scenario(
            "a constant over five minutes",
            "prom.query_interval",
            json!({"query": "vector(1)", "start": "2026-01-01T00:00:00Z",
                   "end": "2026-01-01T00:05:00Z", "step": 60}),
        ),
        scenario(
            "a constant with a duration step",
            "prom.query_interval",
            json!({"query": "vector(2)", "start": "2026-01-01T00:00:00Z",
                   "end": "2026-01-01T00:02:00Z", "step": "30s"}),
        ),
        scenario(
            "a constant every second by default",
            "prom.query_interval",
            json!({"query": "vector(5)", "start": "1767225600", "end": "2026-01-01T00:00:10Z"}),
        ),
        scenario(
            "a range that ends before it starts",
            "prom.query_interval",
            json!({"query": "up", "start": "2026-01-01T00:05:00Z", "end": AT}),
        ),
        scenario(
            "mean of up over a minute",
            "prom.compute_mean",
            json!({"query": "up", "window": "1m"}),
        ),
        scenario(
            "nodes' CPU with no node exporter",
            "prom.nodes_cpu_usage_mean",
            json!({"window": "5m"}),
        ),
    ]
}

#[test]
fn every_prom_action_is_compared_or_listed() {
    let compared: Vec<&str> = scenarios().iter().map(|s| s.action).collect();
    assert_covered("prom", &compared, NOT_COMPARABLE);
}

#[tokio::test(flavor = "multi_thread")]
async fn kallisti_and_the_chaos_toolkit_driver_agree() {
    let functions = driver_functions("prom");
    // Twin servers: each side reads its own, as with the other namespaces.
    let (ours, theirs) = (Prometheus::start(), Prometheus::start());
    let mut verdicts = Verdicts::new(DEVIATIONS);
    for scenario in scenarios() {
        let (function, kind) = &functions[scenario.action];
        let mut arguments = scenario.arguments.clone();
        arguments["base_url"] = json!(ours.url);
        let kallisti = run_step(scenario.label, scenario.action, arguments).await;
        let driver = run_activity(Activity {
            function,
            kind,
            arguments: scenario.arguments.clone(),
            configuration: json!({"prometheus_base_url": theirs.url}),
            secrets: Value::Null,
        })
        .await;
        let differs = outcome_difference(&kallisti, &driver);
        // Both failing agrees too: the table says so, so that a scenario
        // meant to succeed cannot hide behind a shared failure.
        let agreement = || {
            if kallisti.failed {
                format!("agrees: both fail (kallisti: {})", kallisti.error)
            } else {
                "agrees".into()
            }
        };
        verdicts.record(scenario.label, scenario.action, differs, agreement);
    }
    for (action, why) in NOT_COMPARABLE {
        verdicts.not_comparable(action, why);
    }
    verdicts.finish("prom differential");
}
