//! The `kallisti` command, run as a user runs it: exit codes, report
//! formats, bad input, the catalog, signals, redaction and the blast radius.

mod bad_input;
// Its experiments reach a cluster and an AWS region.
#[cfg(all(feature = "k8s", feature = "aws-ec2"))]
mod blast_radius;
mod command;
