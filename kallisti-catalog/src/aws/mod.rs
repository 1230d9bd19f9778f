//! `aws.<service>`: the Chaos Toolkit AWS driver's actions and probes, one
//! namespace per service (`aws.ec2`, `aws.rds`, ...), each behind the
//! `aws-<service>` feature of `kallisti`.
//!
//! Every AWS step also takes `region`, `role` and `endpoint_url`;
//! credentials come from the standard AWS chain, never from `credentials`.

// One line per service: its module and the namespaces it declares. The
// catalog's list of every namespace is built from this, so a new service
// is added here and in its own file only.
macro_rules! services {
    ($($module:ident => $($spec:ident),+;)*) => {
        $(pub mod $module;)*

        /// Every AWS service's namespace (`aws.awslambda` is an alias of `aws.lambda`).
        pub static SERVICES: &[&crate::NamespaceSpec] = &[$($(&$module::$spec,)+)*];
    };
}

services! {
    asg => ASG;
    cloudwatch => CLOUDWATCH;
    ec2 => EC2;
    ecs => ECS;
    eks => EKS;
    elasticache => ELASTICACHE;
    elbv2 => ELBV2;
    emr => EMR;
    fis => FIS;
    iam => IAM;
    incidents => INCIDENTS;
    lambda => LAMBDA, AWSLAMBDA;
    msk => MSK;
    rds => RDS;
    route53 => ROUTE53;
    s3 => S3;
    ssm => SSM;
    xray => XRAY;
}

use crate::{ArgSpec, ArgType};

/// The arguments every AWS step takes.
pub(crate) const COMMON: &[ArgSpec] = &[
    ArgSpec::optional("region", ArgType::String, "null")
        .doc("The region (default: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's)."),
    ArgSpec::optional("role", ArgType::String, "null")
        .doc("The ARN of a role to assume through STS for this step."),
    ArgSpec::optional("endpoint_url", ArgType::String, "null").doc(
        "The service's endpoint, e.g. an emulator's (default: `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, then AWS's).",
    ),
    ArgSpec::optional("credentials", ArgType::Mapping, "null").doc(
        "Not accepted: AWS steps use the AWS credential chain (environment, profile, web identity, instance role) and `role`.",
    ),
];
