//! The probe-loop benchmark: a `during` probe repeated back to back for
//! `SECONDS` (default 5) against a local HTTP server, against a plain
//! reqwest loop on the same server as the ceiling. Prints one JSON line.
//!
//! ```sh
//! cargo run --release --features bench --example bench_probe_loop -- 5
//! ```

use kallisti::testing::ChaosTest;
use kallisti::Step;
use kallisti_suite::DemoService;
use serde_json::json;
use std::time::{Duration, Instant};

fn main() {
    let seconds: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let window = Duration::from_secs(seconds);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let demo = runtime.block_on(DemoService::start());
    let url = format!("{}/health", demo.url());

    // The ceiling: one client, requests back to back, on the runtime a chaos
    // test gets.
    let ceiling_url = url.clone();
    // Like a `during` step, the loop is a task of the test's runtime.
    let ceiling = kallisti::testing::block_on(async move {
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            let start = Instant::now();
            let mut n = 0u64;
            while start.elapsed() < window {
                let response = client.get(&ceiling_url).send().await.unwrap();
                let _ = response.bytes().await.unwrap();
                n += 1;
            }
            n as f64 / start.elapsed().as_secs_f64()
        })
        .await
        .unwrap()
    });

    // kallisti: a `during` probe, every 0ms, while the body waits.
    let probe = Step::from_json(
        json!({"step": "probe", "do": "cm.http_probe", "where": {"url": url}, "every": "0ms"}),
    )
    .unwrap();
    let dir = std::env::temp_dir().join("kallisti-bench-records");
    let record = kallisti::testing::block_on(async move {
        ChaosTest::new("bench probe loop")
            .record_dir(dir)
            .during(probe)
            .run(move |_| async move { tokio::time::sleep(window).await })
            .await
    });
    drop(runtime);
    let during = &record.trial_record.during[0];
    let repetitions = during.result["repetitions"].as_f64().unwrap_or(0.0);
    let elapsed = during.duration().as_secs_f64();
    let rate = repetitions / elapsed;
    println!(
        "{}",
        json!({"seconds": seconds, "kallisti_probes_per_second": rate, "reqwest_requests_per_second": ceiling,
               "ratio": rate / ceiling, "failed": during.result["failed"]})
    );
}
