//! `aws.<service>`: the Chaos Toolkit AWS driver's actions and probes, one
//! namespace per service (`aws.ec2`, `aws.rds`, ...), each behind the
//! `aws-<service>` feature of `kallisti`.
//!
//! Every AWS step also takes `region`, `role` and `endpoint_url`;
//! credentials come from the standard AWS chain, never from `credentials`.

pub mod asg;
pub mod cloudwatch;
pub mod ec2;
pub mod ecs;
pub mod eks;
pub mod elasticache;
pub mod elbv2;
pub mod emr;
pub mod fis;
pub mod iam;
pub mod incidents;
pub mod lambda;
pub mod msk;
pub mod rds;
pub mod route53;
pub mod s3;
pub mod ssm;
pub mod xray;

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
