//! The `kallisti` command, run as a user runs it: exit codes, report
//! formats, bad input, the catalog, signals, redaction, progress and
//! colour, the blast radius, and `kallisti fake`.

mod bad_input;
// Its experiments reach a cluster and an AWS region.
#[cfg(all(feature = "k8s", feature = "aws-ec2"))]
mod blast_radius;
mod command;
// `kallisti fake all` serves AWS too.
#[cfg(all(feature = "fake", feature = "aws"))]
mod fake;
mod output;
