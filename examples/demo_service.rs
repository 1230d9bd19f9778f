//! The demo "fortune" service on its own, for trying experiments by hand:
//!
//! ```sh
//! cargo run --example demo_service -- 8080
//! curl -X POST 'http://127.0.0.1:8080/chaos/fail?for_ms=3000'   # down for 3 s
//! curl -X POST 'http://127.0.0.1:8080/chaos/fail'               # down until reset
//! curl -X DELETE 'http://127.0.0.1:8080/chaos/fail'             # reset
//! curl -X POST 'http://127.0.0.1:8080/chaos/delay?ms=200'       # slow every answer
//! ```
//!
//! `/health` and `/fortune` answer 503 while failing; every request is logged.

use kallisti_suite::DemoService;
use std::net::SocketAddr;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let port: u16 = match std::env::args().nth(1).map(|p| p.parse()) {
        None => 8080,
        Some(Ok(port)) => port,
        Some(Err(e)) => {
            eprintln!("usage: demo_service [PORT]  ({e})");
            std::process::exit(64);
        }
    };
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let service = match DemoService::start_on(addr).await {
        Ok(service) => service,
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    println!("fortune service on {} (Ctrl-C to stop)", service.url());
    let _ = tokio::signal::ctrl_c().await;
}
