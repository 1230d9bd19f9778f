//! The engine, the trial rules, `#[chaos_test]` and the `cm` namespace, end to end.

#[path = "../support/mod.rs"]
mod support;

mod chaos_env;
mod chaos_macro;
mod chaos_rollback;
mod cm_namespace;
mod cm_tls;
mod credentials;
mod experiment_model;
mod fuzz_corpus;
mod layers;
mod properties;
mod recovery;
mod registry_api;
mod trial_rules;
