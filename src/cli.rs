//! The command-line grammar: global flags and the list of commands.
//!
//! Each command's arguments live beside its code in `commands/<name>.rs`; the
//! doc comment on each `Args` struct is its `--help`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands;
use crate::output::ColorChoice;

/// Signed approval records on a git branch.
///
/// signoff records Approve / Request changes / Decline decisions on
/// deliverables as SSH-signed TOML files committed to the `signoff` branch of
/// your repository. Git history is the audit log; anyone can re-check every
/// signature offline with stock `ssh-keygen`.
///
/// Exit codes: 0 success; 2 usage error; 3 not found;
/// 4 refused; 5 integrity failure (verify found problems); 6 no usable key or
/// identity; 7 environment
/// (git, I/O, concurrent writers). `signoff gate` has its own codes (see its help).
#[derive(Debug, Parser)]
#[command(name = "signoff", version, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts.
#[derive(Debug, clap::Args, Clone)]
pub struct Global {
    /// Run as if started in DIR.
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Store branch name (default: git config signoff.ref, else "signoff").
    #[arg(
        long = "ref",
        global = true,
        env = "SIGNOFF_REF",
        value_name = "BRANCH"
    )]
    pub branch: Option<String>,
    /// Signing key: a private key, or a .pub file whose key is in ssh-agent.
    #[arg(
        long = "signing-key",
        global = true,
        env = "SIGNOFF_KEY",
        value_name = "PATH"
    )]
    pub key: Option<PathBuf>,
    /// Pinned trust root: sha256:<hash of policy v1> or admin key fingerprints.
    #[arg(long, global = true, env = "SIGNOFF_TRUST", value_name = "PIN")]
    pub trust: Option<String>,
    /// Print machine-readable JSON on stdout.
    #[arg(long, global = true)]
    pub json: bool,
    /// When to use colour.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print less on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(commands::init::Args),
    #[command(subcommand)]
    Key(commands::key::KeyCommand),
    #[command(subcommand)]
    Person(commands::person::PersonCommand),
    #[command(subcommand)]
    Policy(commands::policy::PolicyCommand),
    Request(commands::request::Args),
    /// `approve`, `changes`, `decline`: one subcommand per decision kind.
    #[command(flatten)]
    Decide(commands::decide::DecideCommand),
    Withdraw(commands::withdraw::Args),
    Comment(commands::comment::Args),
    Status(commands::status::StatusArgs),
    List(commands::status::ListArgs),
    Show(commands::show::Args),
    Diff(commands::diff::Args),
    Log(commands::log::Args),
    Verify(commands::verify::Args),
    Sync(commands::sync::Args),
    Report(commands::report::Args),
    Certificate(commands::certificate::Args),
    Remind(commands::remind::Args),
    #[command(subcommand)]
    Outbox(commands::outbox::OutboxCommand),
    Gate(commands::gate::Args),
    #[command(subcommand)]
    Group(commands::group::GroupCommand),
    Serve(commands::serve::Args),
    Link(commands::link::Args),
    Completions(commands::generate::CompletionsArgs),
    Man(commands::generate::ManArgs),
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
