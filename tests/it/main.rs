//! The one integration-test binary: every test runs the real `signoff`
//! binary against temporary git repositories (see `common`).

mod attack_policy;
mod bad_input;
mod behaviour;
mod cache;
mod common;
mod concurrency;
mod counting;
mod edges;
mod examples;
mod gate;
mod generated;
mod interactive;
mod interop;
mod mail;
mod merged;
mod policy_cmds;
mod range;
mod reports;
mod round;
mod security;
mod serve;
mod stress;
mod sync;
mod tamper;
mod trust;
