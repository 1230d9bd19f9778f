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
//! Every action that selects its targets (a random instance, some tasks)
//! reports them without acting under dry run; so does every other action
//! that changes something.
//!
//! ```json
//! {"step": "Stop an EC2 instance", "do": "aws.ec2.stop_instance",
//!  "where": {"region": "us-east-1", "az": "us-east-1a"}}
//! ```

#[cfg(feature = "aws-asg")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-asg")))]
pub mod asg;
pub(crate) mod client;
#[cfg(feature = "aws-cloudwatch")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-cloudwatch")))]
pub mod cloudwatch;
#[cfg(feature = "aws-ec2")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-ec2")))]
pub mod ec2;
#[cfg(feature = "aws-ecs")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-ecs")))]
pub mod ecs;
#[cfg(feature = "aws-eks")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-eks")))]
pub mod eks;
#[cfg(feature = "aws-elasticache")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-elasticache")))]
pub mod elasticache;
#[cfg(feature = "aws-elbv2")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-elbv2")))]
pub mod elbv2;
#[cfg(feature = "aws-emr")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-emr")))]
pub mod emr;
#[cfg(feature = "aws-fis")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-fis")))]
pub mod fis;
#[cfg(feature = "aws-iam")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-iam")))]
pub mod iam;
#[cfg(feature = "aws-incidents")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-incidents")))]
pub mod incidents;
#[cfg(feature = "aws-lambda")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-lambda")))]
pub mod lambda;
#[cfg(feature = "aws-msk")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-msk")))]
pub mod msk;
#[cfg(feature = "aws-rds")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-rds")))]
pub mod rds;
#[cfg(feature = "aws-route53")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-route53")))]
pub mod route53;
#[cfg(feature = "aws-s3")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-s3")))]
pub mod s3;
#[cfg(feature = "aws-ssm")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-ssm")))]
pub mod ssm;
#[cfg(feature = "aws-xray")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-xray")))]
pub mod xray;

use crate::action::ActionSet;

/// Every AWS service compiled in, ready for a registry.
pub(crate) fn builtins(out: &mut Vec<ActionSet>) {
    #[cfg(feature = "aws-ec2")]
    out.push(ec2::namespace());
    #[cfg(feature = "aws-ecs")]
    out.push(ecs::namespace());
    #[cfg(feature = "aws-eks")]
    out.push(eks::namespace());
    #[cfg(feature = "aws-elasticache")]
    out.push(elasticache::namespace());
    #[cfg(feature = "aws-elbv2")]
    out.push(elbv2::namespace());
    #[cfg(feature = "aws-iam")]
    out.push(iam::namespace());
    #[cfg(feature = "aws-lambda")]
    {
        out.push(lambda::namespace(&kallisti_catalog::aws::lambda::LAMBDA));
        out.push(lambda::namespace(&kallisti_catalog::aws::lambda::AWSLAMBDA));
    }
    #[cfg(feature = "aws-msk")]
    out.push(msk::namespace());
    #[cfg(feature = "aws-ssm")]
    out.push(ssm::namespace());
    #[cfg(feature = "aws-xray")]
    out.push(xray::namespace());
    #[cfg(feature = "aws-incidents")]
    out.push(incidents::namespace());
    #[cfg(feature = "aws-cloudwatch")]
    out.push(cloudwatch::namespace());
    #[cfg(feature = "aws-emr")]
    out.push(emr::namespace());
    #[cfg(feature = "aws-asg")]
    out.push(asg::namespace());
    #[cfg(feature = "aws-fis")]
    out.push(fis::namespace());
    #[cfg(feature = "aws-rds")]
    out.push(rds::namespace());
    #[cfg(feature = "aws-route53")]
    out.push(route53::namespace());
    #[cfg(feature = "aws-s3")]
    out.push(s3::namespace());
    let _ = out;
}
