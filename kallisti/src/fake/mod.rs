//! Offline fakes of the platforms: wiremock-backed HTTP servers on a random
//! loopback port that answer like the real thing, keep state, and record
//! what was asked of them. Point a step's endpoint at `fake.uri()`.

mod cloud_foundry;
mod eks;
mod kubernetes;
mod prometheus;

pub use cloud_foundry::{CfRequest, FakeApp, FakeCloudFoundry, FakeCloudFoundryBuilder};
pub use eks::{FakeEks, FakeEksBuilder, ASSUMED_ACCESS_KEY};
pub use kubernetes::{
    DeletedObject, FakeKubernetes, FakeKubernetesBuilder, KubeRequest, ResourceKind,
};
pub use prometheus::{FakePrometheus, FakePrometheusBuilder, RecordedQuery};
