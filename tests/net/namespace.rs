//! The `net` namespace: steps that reach the test's own proxies by name.

use crate::common::echo_server;
use crate::support::{self, run_steps, step};
use kallisti::chaos_test;
use kallisti::net::{ChaosProxy, Toxic};
use kallisti::testing::ChaosContext;
use kallisti::{TrialRecord, TrialStatus};
use serde_json::json;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn round_trip(addr: SocketAddr) -> Duration {
    let started = Instant::now();
    let mut client = TcpStream::connect(addr).await.unwrap();
    client.write_all(b"ping").await.unwrap();
    let mut back = [0u8; 4];
    client.read_exact(&mut back).await.unwrap();
    started.elapsed()
}

#[tokio::test]
async fn steps_add_change_read_and_remove_toxics() {
    let proxy = ChaosProxy::start("ns-toxics", echo_server().await)
        .await
        .unwrap();
    let record = run_steps(vec![
        step("slow it", "net.add_toxic",
             json!({"proxy": "ns-toxics", "type": "latency", "attributes": {"latency": 100}})),
        step("slower", "net.update_toxic",
             json!({"proxy": "ns-toxics", "name": "latency_downstream", "attributes": {"jitter": 5}})),
        json!({"step": "look", "do": "net.proxy_state", "where": {"proxy": "ns-toxics"},
               "expect": [{"operator": "eq", "enabled": true},
                          {"operator": "eq", "toxics[0].attributes.latency": 100},
                          {"operator": "eq", "toxics[0].attributes.jitter": 5}]}),
    ])
    .await;
    support::assert_succeeded(&record);
    assert_eq!(
        record.trial_record.steps[0].result,
        json!({"name": "latency_downstream", "type": "latency", "stream": "downstream",
               "toxicity": 1.0, "attributes": {"latency": 100, "jitter": 0}})
    );
    assert!(round_trip(proxy.addr()).await >= Duration::from_millis(95));
    let record = run_steps(vec![step(
        "calm",
        "net.remove_toxic",
        json!({"proxy": "ns-toxics", "name": "latency_downstream"}),
    )])
    .await;
    support::assert_succeeded(&record);
    assert!(proxy.toxics().is_empty());
}

#[tokio::test]
async fn down_and_up_and_reset() {
    let proxy = ChaosProxy::start("ns-down", echo_server().await)
        .await
        .unwrap();
    proxy.add(Toxic::timeout(Duration::ZERO)).unwrap();
    let record = run_steps(vec![step(
        "down",
        "net.disable_proxy",
        json!({"proxy": "ns-down"}),
    )])
    .await;
    support::assert_succeeded(&record);
    assert!(TcpStream::connect(proxy.addr()).await.is_err());
    let record = run_steps(vec![step(
        "all clear",
        "net.reset",
        json!({"proxy": "ns-down"}),
    )])
    .await;
    support::assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result, json!(["ns-down"]));
    assert!(proxy.is_enabled() && proxy.toxics().is_empty());
    round_trip(proxy.addr()).await;
}

#[tokio::test]
async fn bad_arguments_are_refused_before_anything_runs() {
    let proxy = ChaosProxy::start("ns-bad", echo_server().await)
        .await
        .unwrap();
    let cases = [
        (json!({"proxy": "ns-bad", "type": "lag"}), "where.type"),
        (
            json!({"proxy": "ns-bad", "type": "latency", "stream": "sideways"}),
            "where.stream",
        ),
        (
            json!({"proxy": "ns-bad", "type": "latency", "toxicity": 2}),
            "where.toxicity",
        ),
        (
            json!({"proxy": "ns-bad", "type": "latency", "attributes": {"latency": "slow"}}),
            "where.attributes",
        ),
    ];
    for (args, field) in cases {
        let record = run_steps(vec![
            step("first", "net.disable_proxy", json!({"proxy": "ns-bad"})),
            step("bad", "net.add_toxic", args.clone()),
        ])
        .await;
        assert_eq!(record.status, TrialStatus::Invalid, "{args}");
        assert_eq!(record.problems[0].field.as_deref(), Some(field), "{args}");
        assert!(proxy.is_enabled(), "{args}: nothing ran");
    }
}

#[tokio::test]
async fn an_unknown_proxy_fails_the_step_by_name() {
    let record = run_steps(vec![step(
        "down",
        "net.disable_proxy",
        json!({"proxy": "ns-nobody"}),
    )])
    .await;
    assert_eq!(record.status, TrialStatus::Failed);
    support::assert_step_error(
        &record,
        0,
        kallisti::ErrorKind::FailedAction,
        "proxy `ns-nobody` not found",
    );
}

#[tokio::test]
async fn dry_run_names_the_change_and_makes_none() {
    let proxy = ChaosProxy::start("ns-dry", echo_server().await)
        .await
        .unwrap();
    proxy
        .add(Toxic::latency(Duration::from_millis(1)).named("kept"))
        .unwrap();
    let steps = vec![
        step(
            "add",
            "net.add_toxic",
            json!({"proxy": "ns-dry", "type": "timeout"}),
        ),
        step(
            "change",
            "net.update_toxic",
            json!({"proxy": "ns-dry", "name": "kept", "attributes": {"latency": 9}}),
        ),
        step(
            "remove",
            "net.remove_toxic",
            json!({"proxy": "ns-dry", "name": "kept"}),
        ),
        step("down", "net.disable_proxy", json!({"proxy": "ns-dry"})),
        step("reset", "net.reset", json!({"proxy": "ns-dry"})),
    ];
    let exp = kallisti::Experiment::from_value(json!({"name": "dry", "steps": steps})).unwrap();
    let record = kallisti::Trial::new(exp)
        .dry_run(true)
        .run(&kallisti::Registry::with_builtins())
        .await;
    support::assert_succeeded(&record);
    for step in &record.trial_record.steps {
        assert_eq!(step.result["dry_run"], true, "{}", step.result);
    }
    assert_eq!(
        record.trial_record.steps[0].result["would_add"]["name"],
        "timeout_downstream"
    );
    assert_eq!(
        proxy.toxics(),
        vec![Toxic::latency(Duration::from_millis(1)).named("kept")]
    );
    assert!(proxy.is_enabled());
}

/// The dependency goes down before the body and comes back during it; the
/// trial measures how long the service took to recover.
#[chaos_test(
    let proxy = ChaosProxy::start("ns-recovery", echo_server().await).await.unwrap(),
    before({step: "take the dependency down", do: "net.disable_proxy", where: {proxy: "ns-recovery"}}),
    post({step: "all clear", do: "net.reset", where: {proxy: "ns-recovery"}}),
    inspect = |record: &TrialRecord| {
        let back = record.step("the dependency answers").unwrap();
        let ttr = back.retry.as_ref().unwrap().time_to_recover_seconds.unwrap();
        assert!(ttr >= 0.25, "{ttr}");
    },
)]
async fn recovery_is_timed_from_the_outage(
    ctx: ChaosContext,
) -> Result<(), kallisti::testing::StepFailure> {
    // Whether the proxy is down, not whether its port refuses: once its
    // listener closes, a test running alongside may bind the same port.
    assert!(!proxy.is_enabled(), "down during the body");
    tokio::time::sleep(Duration::from_millis(300)).await;
    proxy.enable().await.unwrap();
    ctx.run(
        kallisti::Step::from_json(json!({
            "step": "the dependency answers", "do": "net.proxy_state", "where": {"proxy": "ns-recovery"},
            "retry": {"within": "3s", "every": "20ms"},
            "expect": [{"operator": "eq", "enabled": true}, {"operator": "le", "time_to_recover_seconds": 2}]
        }))
        .unwrap(),
    )
    .await?;
    round_trip(proxy.addr()).await;
    Ok(())
}
