//! `aws.<service>`: the Chaos Toolkit AWS driver's actions and probes, one
//! namespace per service, each behind its own cargo feature (`aws-ec2`,
//! `aws-rds`, ...; `aws` turns them all on), through the official AWS SDK
//! for Rust.
//!
//! Credentials come from the standard AWS chain (environment, profile, web
//! identity, instance role); `role` assumes a role through STS. `region`
//! comes from the step or the environment. The endpoint is AWS's unless
//! `endpoint_url` or the standard `AWS_ENDPOINT_URL` (or
//! `AWS_ENDPOINT_URL_<SERVICE>`) points elsewhere, an emulator say, so the
//! same experiment runs offline. One SDK configuration and one client per
//! service are made for each trial, region, role and endpoint, and reused
//! by its steps. A step with `credentials` is refused before anything runs.
//!
//! Results are what the driver returns: AWS responses as boto3 reads them
//! (every field, boto3's keys, timestamps as ISO 8601 strings, and
//! `ResponseMetadata`), read from the wire with botocore's service models
//! (see `boto`), or the values the driver computes from them.
//!
//! Every action that selects its targets (a random instance, some tasks)
//! reports them without acting under dry run; so does every other action
//! that changes something.
//!
//! ```json
//! {"step": "Stop an EC2 instance", "do": "aws.ec2.stop_instance",
//!  "where": {"region": "us-east-1", "az": "us-east-1a"}}
//! ```

pub(crate) mod boto;
pub(crate) mod client;

use crate::action::ActionSet;

// One line per service: its feature, its module and the namespaces it
// registers. The module declaration, the registration and the feature
// check all come from here, so a new service is added in one line.
macro_rules! services {
    ($($feature:literal => $module:ident: $($set:expr),+;)*) => {
        $(
            #[cfg(feature = $feature)]
            #[cfg_attr(docsrs, doc(cfg(feature = $feature)))]
            pub mod $module;
        )*

        /// Every AWS service compiled in, ready for a registry.
        pub(crate) fn builtins(out: &mut Vec<ActionSet>) {
            $(
                #[cfg(feature = $feature)]
                out.extend([$($set),+]);
            )*
            let _ = out;
        }

        /// Whether `feature` is an AWS service's feature, and then whether it is on.
        pub(crate) fn compiled_in(feature: &str) -> Option<bool> {
            [$(($feature, cfg!(feature = $feature))),*]
                .iter()
                .find(|(name, _)| *name == feature)
                .map(|(_, on)| *on)
        }
    };
}

services! {
    "aws-asg" => asg: asg::namespace();
    "aws-cloudwatch" => cloudwatch: cloudwatch::namespace();
    "aws-ec2" => ec2: ec2::namespace();
    "aws-ecs" => ecs: ecs::namespace();
    "aws-eks" => eks: eks::namespace();
    "aws-elasticache" => elasticache: elasticache::namespace();
    "aws-elbv2" => elbv2: elbv2::namespace();
    "aws-emr" => emr: emr::namespace();
    "aws-fis" => fis: fis::namespace();
    "aws-iam" => iam: iam::namespace();
    "aws-incidents" => incidents: incidents::namespace();
    "aws-lambda" => lambda: lambda::namespace(&kallisti_catalog::aws::lambda::LAMBDA),
        lambda::namespace(&kallisti_catalog::aws::lambda::AWSLAMBDA);
    "aws-msk" => msk: msk::namespace();
    "aws-rds" => rds: rds::namespace();
    "aws-route53" => route53: route53::namespace();
    "aws-s3" => s3: s3::namespace();
    "aws-ssm" => ssm: ssm::namespace();
    "aws-xray" => xray: xray::namespace();
}
