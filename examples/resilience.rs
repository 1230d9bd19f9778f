//! A complete resilience test with `#[chaos_test]`, run by
//! `cargo test --example resilience` (and by the whole test suite).
//!
//! The fortune service must keep answering while its backend is slowed
//! down, and come back after a short outage injected from the test body.

fn main() {
    println!("run me with: cargo test --example resilience");
}

#[cfg(test)]
mod tests {
    use kallisti::chaos_test;
    use kallisti::testing::ChaosContext;
    use kallisti_suite::DemoService;
    use serde_json::json;
    use std::time::Duration;

    #[chaos_test(
        // A local demo service; it lives until the post steps have run.
        let demo = DemoService::start().await,
        parameters(base_url = demo.url()),
        // Health gate: if it fails the trial is Aborted and nothing else runs.
        pre({step: "service is up", do: "cm.http_probe", where: {url: "{{ base_url }}/health"},
             expect: [{"operator": "eq", "response.status": "UP"}]}),
        // The chaos: every request now takes 20 ms longer.
        before({step: "slow the backend", do: "cm.http_request",
                where: {url: "{{ base_url }}/chaos/delay?ms=20", method: "POST"},
                expect: [{"operator": "eq", "status_code": 200}]}),
        // While the body runs: fortunes keep coming, fast enough, nearly always.
        during({step: "fortunes keep coming", do: "cm.http_probe",
                where: {url: "{{ base_url }}/fortune"},
                every: "50ms",
                aggregate: [
                    {"operator": "ge", "success_ratio": 0.7},
                    {"operator": "lt", "p99_response_time_seconds": 1},
                ]}),
        // Always: undo the chaos.
        post({step: "restore", do: "cm.http_request",
              where: {url: "{{ base_url }}/chaos/fail", method: "DELETE"}}),
        timeout = "30s",
    )]
    async fn fortunes_survive_a_slow_backend_and_a_short_outage(ctx: ChaosContext) {
        // A short outage on top of the slowness; the service must come back.
        demo.fail_for(Duration::from_millis(50));
        tokio::time::sleep(Duration::from_millis(500)).await;
        let health = ctx
            .step(
                "health is back",
                "cm.http_probe",
                json!({"url": format!("{}/health", demo.url())}),
            )
            .await
            .expect("the service recovered");
        assert_eq!(health["response"]["status"], "UP");
    }
}
