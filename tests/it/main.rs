//! The one integration-test binary: every test runs the real `signoff`
//! binary against temporary git repositories (see `common`).

mod a11y;
mod architecture;
mod attack_bytes;
mod attack_decide;
mod attack_history;
mod attack_policy;
mod attack_text;
mod bad_input;
mod behaviour;
mod client_page;
mod common;
mod concurrency;
mod counting;
mod edges;
mod examples;
mod faults;
mod gate;
mod generated;
mod index;
mod interactive;
mod interop;
mod layout;
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
