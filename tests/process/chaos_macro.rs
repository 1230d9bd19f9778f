//! A `process` step in `#[chaos_test]`: the binding starts a child, a
//! before step kills it, the body and a post step see how it ended.

use kallisti::chaos_test;
use kallisti::process::{Child, ChildCommand};
use kallisti::testing::ChaosContext;
use serde_json::json;
use std::time::Duration;

#[chaos_test(
    let child = Child::spawn("kallisti-macro-cache", ChildCommand::new("sleep").arg("300")).unwrap(),
    pre({step: "the cache runs", do: "process.running", where: {child: child.name()},
         expect: [{"operator": "eq", "value": true}]}),
    before({step: "kill the cache", do: "process.kill", where: {child: child.name(), signal: "KILL"}}),
    post({step: "the cache was killed", do: "process.exit_status", where: {child: child.name()},
          retry: {within: "20s", every: "50ms"},
          expect: [{"operator": "eq", "signal": "SIGKILL"}]}),
)]
async fn a_before_step_kills_a_child_the_binding_started(ctx: ChaosContext) {
    let exit = child.wait_for_exit(Duration::from_secs(20)).await;
    assert_eq!(exit.and_then(|e| e.signal_name()), Some("SIGKILL"));
    let killed = ctx.output("kill the cache").unwrap();
    assert_eq!(killed["targets"][0]["pid"], child.pid());
    let status = ctx
        .step(
            "status",
            "process.exit_status",
            json!({"child": child.name()}),
        )
        .await
        .unwrap();
    assert_eq!(status["signal_number"], 9);
}

/// `allow_processes` admits the processes it names (its refusals are
/// `AllowList::processes`', tested in `safety.rs`).
#[chaos_test(
    let sleeper = Child::spawn("kallisti-macro-allowed", ChildCommand::new("sleep").arg("300")).unwrap(),
    allow_processes("sleep"),
    require_allow_list = true,
    before({step: "stop the sleeper", do: "process.kill", where: {child: sleeper.name(), signal: "KILL"}}),
)]
async fn allow_processes_admits_what_it_names() {
    assert!(sleeper
        .wait_for_exit(Duration::from_secs(20))
        .await
        .is_some());
}
