//! The one integration-test binary: every test runs the real `signoff`
//! binary against temporary git repositories (see `common`).

mod bad_input;
mod behaviour;
mod common;
mod concurrency;
mod edges;
mod generated;
mod interactive;
mod interop;
mod mail;
mod merged;
mod reports;
mod round;
mod sync;
mod tamper;
