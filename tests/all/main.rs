//! What crosses namespaces: the blast radius, the catalog against the reference, secrets in every output, and every action in dry run.

#[path = "../support/mod.rs"]
mod support;

mod blast_radius;
mod catalog;
mod dry_run_walk;
mod echoed_secrets;
mod secret_canaries;
