//! Local chaos: faults between a service and its real dependency, inside
//! `cargo test`, with no cluster.
//!
//! ```sh
//! cargo test --features net,process --example local_chaos
//! ```
//!
//! The service under test, `QuoteService`, answers `GET /quote` with a price
//! it asks its pricing dependency for. The dependency is a real process
//! (Python's `http.server` serving a `price` file), and the service reaches
//! it through a [`ChaosProxy`](kallisti::net::ChaosProxy), so each test can make the dependency slow,
//! rude, absent or dead and check that the service copes:
//! - it gives up on pricing after 300 ms and answers a cached price
//!   (`"source": "fallback"`);
//! - it retries a connection that breaks, a few times, 150 ms apart.

use kallisti::process::{Child, ChildCommand};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn main() {
    println!("run me with: cargo test --features net,process --example local_chaos");
}

/// The price the service answers when pricing does not.
const CACHED_PRICE: &str = "40";

/// The service under test.
pub struct QuoteService {
    url: String,
    stats: Arc<Stats>,
}

/// What the service counts.
#[derive(Default)]
pub struct Stats {
    /// Pricing calls that failed and were tried again.
    pub retries: AtomicU64,
}

impl QuoteService {
    /// Starts the service on a free port, asking pricing at `pricing`.
    pub async fn start(pricing: SocketAddr) -> QuoteService {
        use axum::{extract::State, routing::get, Json, Router};
        let stats = Arc::new(Stats::default());
        let app = Router::new()
            .route(
                "/quote",
                get(
                    |State((pricing, stats)): State<(SocketAddr, Arc<Stats>)>| async move {
                        Json(quote(pricing, &stats).await)
                    },
                ),
            )
            .with_state((pricing, stats.clone()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        QuoteService { url, stats }
    }

    /// Its base URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// How many pricing calls it retried so far.
    pub fn retries(&self) -> u64 {
        self.stats.retries.load(Ordering::SeqCst)
    }
}

/// The service's one piece of logic: ask pricing within 300 ms, retry a
/// broken connection up to 5 times, else answer the cached price.
async fn quote(pricing: SocketAddr, stats: &Stats) -> Value {
    for attempt in 1..=6 {
        match tokio::time::timeout(Duration::from_millis(300), fetch_price(pricing)).await {
            Ok(Ok(price)) => return json!({"price": price, "source": "live", "attempts": attempt}),
            Ok(Err(_broken)) if attempt < 6 => {
                stats.retries.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
            Ok(Err(_)) | Err(_) => break,
        }
    }
    json!({"price": CACHED_PRICE, "source": "fallback"})
}

/// `GET /price` over a plain TCP connection (HTTP/1.0: the answer ends
/// when the connection does).
async fn fetch_price(pricing: SocketAddr) -> std::io::Result<String> {
    let mut stream = tokio::net::TcpStream::connect(pricing).await?;
    stream
        .write_all(b"GET /price HTTP/1.0\r\nHost: pricing\r\n\r\n")
        .await?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await?;
    let answer = String::from_utf8_lossy(&answer);
    match answer.split_once("\r\n\r\n") {
        Some((head, body)) if head.starts_with("HTTP/1.0 200") => Ok(body.trim().to_string()),
        _ => Err(std::io::Error::other(format!("pricing answered: {answer}"))),
    }
}

/// The pricing dependency: a real `python3 -m http.server` process serving
/// a `price` file, started as a [`Child`] the `process` steps can target.
pub struct Pricing {
    child: Child,
    addr: SocketAddr,
    _folder: TempFolder,
}

impl Pricing {
    /// Starts it on a free port and waits until it answers.
    pub async fn start(name: &str) -> Pricing {
        let folder = TempFolder::new(name);
        std::fs::write(folder.0.join("price"), "42\n").unwrap();
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let command = ChildCommand::new("python3")
            .args([
                "-m",
                "http.server",
                &addr.port().to_string(),
                "--bind",
                "127.0.0.1",
            ])
            .current_dir(&folder.0);
        let child = Child::spawn(name, command).expect("python3 starts");
        let pricing = Pricing {
            child,
            addr,
            _folder: folder,
        };
        pricing.wait_until_up().await;
        pricing
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Waits (up to 10 s) until it accepts connections.
    pub async fn wait_until_up(&self) {
        for _ in 0..200 {
            if fetch_price(self.addr).await.is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("pricing did not start: {}", self.child.stderr());
    }
}

/// A folder removed when dropped.
struct TempFolder(std::path::PathBuf);

impl TempFolder {
    fn new(name: &str) -> TempFolder {
        let path = std::env::temp_dir().join(format!("kallisti-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&path).unwrap();
        TempFolder(path)
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kallisti::chaos_test;
    use kallisti::net::ChaosProxy;
    use kallisti::testing::{ChaosContext, StepFailure};
    use kallisti::{Step, TrialRecord};

    async fn get_quote(service: &QuoteService) -> Value {
        let url = format!("{}/quote", service.url());
        let response = reqwest::get(&url).await.unwrap();
        serde_json::from_str(&response.text().await.unwrap()).unwrap()
    }

    /// A slow dependency: the service falls back to its cached price, and
    /// keeps answering fast while pricing is slow.
    #[chaos_test(
        let pricing = Pricing::start("pricing-slow").await,
        let proxy = ChaosProxy::start("pricing-slow", pricing.addr()).await.unwrap(),
        let service = QuoteService::start(proxy.addr()).await,
        parameters(base_url = service.url()),
        before({step: "pricing takes a second", do: "net.add_toxic",
                where: {proxy: "pricing-slow", type: "latency", attributes: {latency: 1000}}}),
        during({step: "quotes keep coming", do: "cm.http_probe", where: {url: "{{ base_url }}/quote"},
                every: "100ms",
                aggregate: [{"operator": "eq", "success_ratio": 1},
                            {"operator": "lt", "p99_response_time_seconds": 0.9}]}),
        post({step: "pricing is fast again", do: "net.reset", where: {proxy: "pricing-slow"}}),
    )]
    async fn latency_turns_into_the_fallback() {
        let started = std::time::Instant::now();
        let quote = get_quote(&service).await;
        assert_eq!(quote, json!({"price": CACHED_PRICE, "source": "fallback"}));
        assert!(
            started.elapsed() < Duration::from_millis(900),
            "{:?}",
            started.elapsed()
        );
    }

    /// A dependency that resets connections: the service retries, and the
    /// quote is live once the resets stop.
    #[chaos_test(
        let pricing = Pricing::start("pricing-reset").await,
        let proxy = ChaosProxy::start("pricing-reset", pricing.addr()).await.unwrap(),
        let service = QuoteService::start(proxy.addr()).await,
        before({step: "pricing resets connections", do: "net.add_toxic",
                where: {proxy: "pricing-reset", type: "reset_peer", stream: "upstream"}}),
        post({step: "no more resets", do: "net.reset", where: {proxy: "pricing-reset"}}),
    )]
    async fn a_reset_connection_is_retried(ctx: ChaosContext) -> Result<(), StepFailure> {
        let asking = tokio::spawn({
            let url = format!("{}/quote", service.url());
            async move { reqwest::get(&url).await.unwrap().text().await.unwrap() }
        });
        // Once the service has met a reset and is retrying, the resets stop.
        let retrying = async {
            while service.retries() == 0 {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        };
        tokio::time::timeout(Duration::from_secs(20), retrying)
            .await
            .expect("the service retried after a reset");
        ctx.step(
            "resets stop",
            "net.remove_toxic",
            json!({"proxy": "pricing-reset", "name": "reset_peer_upstream"}),
        )
        .await?;
        let quote: Value = serde_json::from_str(&asking.await.unwrap()).unwrap();
        assert_eq!(quote["source"], "live", "{quote}");
        assert!(quote["attempts"].as_u64().unwrap() >= 2, "{quote}");
        Ok(())
    }

    /// The dependency goes down and comes back; the trial measures how long
    /// the service takes to answer live quotes again.
    #[chaos_test(
        let pricing = Pricing::start("pricing-down").await,
        let proxy = ChaosProxy::start("pricing-down", pricing.addr()).await.unwrap(),
        let service = QuoteService::start(proxy.addr()).await,
        before({step: "pricing goes down", do: "net.disable_proxy", where: {proxy: "pricing-down"}}),
        post({step: "pricing is up", do: "net.enable_proxy", where: {proxy: "pricing-down"}}),
        inspect = |record: &TrialRecord| {
            let back = record.step("live quotes are back").unwrap();
            let ttr = back.retry.as_ref().unwrap().time_to_recover_seconds.unwrap();
            println!("time to recover: {ttr} s");
        },
    )]
    async fn down_then_up_is_timed(ctx: ChaosContext) -> Result<(), StepFailure> {
        assert_eq!(get_quote(&service).await["source"], "fallback");
        ctx.step(
            "pricing comes back",
            "net.enable_proxy",
            json!({"proxy": "pricing-down"}),
        )
        .await?;
        ctx.run(
            Step::from_json(json!({
                "step": "live quotes are back", "do": "cm.http_probe",
                "where": {"url": format!("{}/quote", service.url())},
                "retry": {"within": "5s", "every": "50ms"},
                "expect": [{"operator": "eq", "response.source": "live"},
                           {"operator": "le", "time_to_recover_seconds": 2}]
            }))
            .unwrap(),
        )
        .await?;
        Ok(())
    }

    /// The dependency's process is killed: the service falls back, and once
    /// the process is restarted, quotes are live again.
    #[chaos_test(
        let pricing = Pricing::start("pricing-killed").await,
        let service = QuoteService::start(pricing.addr()).await,
        before({step: "kill pricing", do: "process.kill", where: {child: "pricing-killed", signal: "SIGKILL"}}),
        post({step: "pricing runs", do: "process.running", where: {child: "pricing-killed"},
              expect: [{"operator": "eq", "value": true}]}),
    )]
    async fn a_killed_dependency_is_restarted(ctx: ChaosContext) -> Result<(), StepFailure> {
        assert_eq!(get_quote(&service).await["source"], "fallback");
        ctx.step(
            "restart pricing",
            "process.restart",
            json!({"child": "pricing-killed"}),
        )
        .await?;
        pricing.wait_until_up().await;
        assert_eq!(get_quote(&service).await["source"], "live");
        Ok(())
    }
}
