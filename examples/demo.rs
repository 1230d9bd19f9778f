//! The main job: start the local demo service, run a Kallisti experiment
//! against it, and print the trial report.
//!
//! ```text
//! cargo run --example demo                 # text report
//! cargo run --example demo -- --format json
//! ```
//!
//! The experiment is `examples/experiments/demo.json`; its `base_url`
//! parameter is pointed at the demo service. The process exits with the same
//! code as `kallisti run` (0 only when the trial succeeded).

use kallisti::report::Format;
use kallisti::{Experiment, Registry, Trial};
use kallisti_suite::DemoService;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let format = match std::env::args().skip_while(|a| a != "--format").nth(1) {
        Some(f) => f.parse::<Format>().unwrap_or_else(|e| panic!("{e}")),
        None => Format::Text,
    };
    let service = DemoService::start().await;
    eprintln!("demo service listening on {}", service.url());

    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/experiments/demo.json"
    );
    let experiment = Experiment::from_file(path).expect("the demo experiment is valid");
    let record = Trial::new(experiment)
        .parameter("base_url", service.url())
        .run(&Registry::with_builtins())
        .await;

    print!("{}", kallisti::report::render(&record, format));
    std::process::ExitCode::from(record.status.exit_code() as u8)
}
