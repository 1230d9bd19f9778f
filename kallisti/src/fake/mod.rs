//! Offline fakes of the platforms: wiremock-backed HTTP servers on a random
//! loopback port that answer like the real thing, keep state, and record
//! what was asked of them. Point a step's endpoint at `fake.uri()`.

#[cfg(feature = "__aws")]
mod aws;
mod cloud_foundry;
mod eks;
mod kubernetes;
mod prometheus;

#[cfg(feature = "__aws")]
pub use aws::{
    AwsCall, FakeAws, FakeAwsBuilder, FakeCacheCluster, FakeDbCluster, FakeFleet, FakeFunction,
    FakeIncident, FakeInstance, FakeKafkaCluster, FakeTargetGroup, FakeTask, FakeTrace,
};
pub use cloud_foundry::{CfRequest, FakeApp, FakeCloudFoundry, FakeCloudFoundryBuilder};
pub use eks::{FakeEks, FakeEksBuilder, ASSUMED_ACCESS_KEY};
pub use kubernetes::{
    DeletedObject, FakeKubernetes, FakeKubernetesBuilder, KubeRequest, ResourceKind,
};
pub use prometheus::{FakePrometheus, FakePrometheusBuilder, RecordedQuery};

/// Decodes `application/x-www-form-urlencoded` text (a request body or a
/// query) into its pairs.
pub(crate) fn form_decode(text: &str) -> std::collections::HashMap<String, String> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// Decodes `%XX` escapes and `+` (a space in forms).
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
