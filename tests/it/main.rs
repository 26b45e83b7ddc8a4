//! The one integration-test binary: every test runs the real `signoff`
//! binary against temporary git repositories (see `common`).

mod common;
mod concurrency;
mod counting;
mod examples;
mod gate;
mod generated;
mod interactive;
mod mail;
mod policy_cmds;
mod range;
mod reports;
mod round;
mod sync;
mod trust;
