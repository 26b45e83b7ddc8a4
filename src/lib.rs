//! signoff: signed approval records on a git branch.
//!
//! The library holds everything but argument parsing glue: the store
//! (`store`, the only module that names git2), records and their layout
//! (`record`), signatures (`sign`), the policy and trust chain (`policy`),
//! state folding (`state`), the verified picture of a store and the single
//! write path (`ledger`), notification events (`events`), email and the outbox (`notify`), templates
//! (`render`), and the commands
//! (`commands`), which translate arguments, call the core and print.
#![forbid(unsafe_code)]

pub mod claim;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod complete;
pub mod content;
pub mod error;
pub mod events;
pub mod fault;
pub mod keys;
pub mod keytype;
pub mod kind;
pub mod layout;
pub mod ledger;
pub mod link;
pub mod notify;
pub mod ops;
pub mod output;
pub mod policy;
pub mod range;
pub mod record;
pub mod render;
pub mod seen;
pub mod serve;
pub mod settings;
pub mod sign;
pub mod state;
pub mod store;
pub mod text;
pub mod views;

pub use error::{CliError, ErrorKind, Result};

/// Runs the command line and returns the process exit code.
#[must_use]
pub fn main_with_args(args: Vec<std::ffi::OsString>) -> u8 {
    let cli = match cli::parse(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let out = output::Output::new(cli.global.json, cli.global.color, cli.global.quiet);
    let done = cli::dispatch(&cli, &out);
    output::finish_pager();
    match done {
        Ok(code) => code,
        Err(e) if e.message == output::BROKEN_PIPE => 0,
        Err(e) => {
            out.error(&e);
            e.code()
        }
    }
}
