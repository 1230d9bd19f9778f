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
    AwsCall, FakeAutoScalingGroup, FakeAws, FakeAwsBuilder, FakeCacheCluster, FakeDbCluster,
    FakeExperiment, FakeFleet, FakeFunction, FakeIncident, FakeInstance, FakeKafkaCluster,
    FakeTargetGroup, FakeTask, FakeTrace,
};
pub use cloud_foundry::{CfRequest, FakeApp, FakeCloudFoundry, FakeCloudFoundryBuilder};
pub use eks::{FakeEks, FakeEksBuilder, ASSUMED_ACCESS_KEY};
pub use kubernetes::{
    DeletedObject, FakeKubernetes, FakeKubernetesBuilder, KubeRequest, ResourceKind,
};
pub use prometheus::{FakePrometheus, FakePrometheusBuilder, RecordedQuery};

/// Decodes `application/x-www-form-urlencoded` text (a request body or a
/// query) into its pairs: `+` is a space there.
pub(crate) fn form_decode(text: &str) -> std::collections::HashMap<String, String> {
    url::form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}

/// Decodes the `%XX` escapes of one URL path segment. Unlike a form, a
/// path keeps `+` as it is: an S3 key `a+b` stays `a+b`.
pub(crate) fn percent_decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_keep_plus_signs_and_forms_read_them_as_spaces() {
        assert_eq!(
            percent_decode("reports%2F2026+q3.csv"),
            "reports/2026+q3.csv"
        );
        assert_eq!(percent_decode("a%2Bb"), "a+b");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        let form = form_decode("Action=Put&Key=a+b%2Bc&Empty=&Flag");
        assert_eq!(form["Key"], "a b+c");
        assert_eq!(form["Empty"], "");
        assert_eq!(form["Flag"], "");
        assert_eq!(form["Action"], "Put");
    }
}
