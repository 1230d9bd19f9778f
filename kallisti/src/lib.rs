//! # kallisti
//!
//! Chaos engineering in `cargo test`. Declare chaos steps (kill pods, stop an
//! app, delay a route, stop an instance) and the expectations your service
//! must still meet, as Kallisti JSON experiments or with the typed builder,
//! and run them as trials.
//!
//! ```no_run
//! use kallisti::{Experiment, Registry, Step, Trial, Expectation};
//! use serde_json::json;
//!
//! # async fn demo() {
//! let experiment = Experiment::builder("checkout survives a slow payment route")
//!     .pre_step(Step::new("service is up", "cm.http_probe").arg("url", "{{ base_url }}/health"))
//!     .step(Step::new("checkout answers", "cm.http_request")
//!         .arg("url", "{{ base_url }}/checkout")
//!         .arg("method", "POST")
//!         .expect(Expectation::new("eq", "status_code", json!(200)))
//!         .expect(Expectation::new("lt", "response_time_in_seconds", json!(2))))
//!     .build()
//!     .unwrap();
//! let record = Trial::new(experiment)
//!     .parameter("base_url", "http://127.0.0.1:8080")
//!     .run(&Registry::with_builtins())
//!     .await;
//! println!("{}", kallisti::report::text(&record));
//! # }
//! ```
//!
//! ## Layout
//! - [`experiment`]: the document model and builder.
//! - [`template`]: `{{ parameter }}` interpolation.
//! - [`registry`]: namespaces, typed actions, argument checks.
//! - [`trial`]: the runner and its [`TrialRecord`].
//! - [`expect`]: expectation operators and paths.
//! - [`credential`]: credential types and secret redaction.
//! - [`report`]: text, JSON and JUnit reports.
//! - [`modules`]: the built-in namespaces, one cargo feature each.
//!
//! ## Cargo features
//! - `cm` (default): the common namespace (HTTP probes and requests, waits).
//! - `prom`: Prometheus probes.
//! - `cf`: Cloud Foundry (Cloud Controller v3 and UAA).
//! - `k8s`: Kubernetes and Istio (kube-rs).
//! - `eks`: `platform: eks` for `k8s` and `istio` steps (adds the AWS SDK).
//! - `aws-asg`, `aws-cloudwatch`, `aws-ec2`, `aws-ecs`, `aws-eks`,
//!   `aws-elasticache`, `aws-elbv2`, `aws-emr`, `aws-fis`, `aws-iam`,
//!   `aws-incidents`, `aws-lambda`, `aws-msk`, `aws-rds`, `aws-route53`,
//!   `aws-s3`, `aws-ssm`, `aws-xray`: one AWS service each, on the official
//!   AWS SDK (`modules::aws`); `aws`: all of them.
//! - `macros` (default): [`chaos_test`].
//! - `fake`: offline, wiremock-backed fakes of the platforms ([`fake`]).
//! - `cli` (default): the `kallisti` command.

#![warn(missing_docs)]
// docs.rs builds with every feature and marks what each item needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

/// The declarations of every built-in namespace (re-exported `kallisti-catalog`).
pub mod catalog {
    pub use kallisti_catalog::*;
}
pub mod action;
#[cfg(feature = "chaostoolkit")]
#[cfg_attr(docsrs, doc(cfg(feature = "chaostoolkit")))]
pub mod chaostoolkit;
pub mod credential;
pub mod duration;
pub mod error;
pub mod expect;
pub mod experiment;
#[cfg(feature = "fake")]
#[cfg_attr(docsrs, doc(cfg(feature = "fake")))]
pub mod fake;
#[cfg(any(
    feature = "cm",
    feature = "prom",
    feature = "cf",
    feature = "eks",
    feature = "toxiproxy"
))]
#[cfg_attr(
    docsrs,
    doc(cfg(any(
        feature = "cm",
        feature = "prom",
        feature = "cf",
        feature = "eks",
        feature = "toxiproxy"
    )))
)]
pub mod http;
pub mod modules;
#[cfg(feature = "net")]
#[cfg_attr(docsrs, doc(cfg(feature = "net")))]
pub mod net;
#[cfg(feature = "process")]
#[cfg_attr(docsrs, doc(cfg(feature = "process")))]
pub mod process;
pub mod registry;
pub mod report;
pub mod template;
pub mod testing;
pub mod time;
pub mod trial;

#[cfg(feature = "macros")]
#[cfg_attr(docsrs, doc(cfg(feature = "macros")))]
#[doc = include_str!("../docs/chaos_test.md")]
pub use kallisti_macros::chaos_test;

pub use error::{Error, ErrorKind, ExpectationFailure, Result};
pub use experiment::{Expectation, Experiment, Phase, Step};
pub use registry::Registry;
pub use tokio_util::sync::CancellationToken;
pub use trial::{StepContext, Trial, TrialRecord, TrialStatus};

/// The README's Rust examples, compiled as doc tests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
