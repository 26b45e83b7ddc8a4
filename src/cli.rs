//! The command-line grammar: global flags and the list of commands.
//!
//! Each command's arguments live beside its code in `commands/<name>.rs`; the
//! doc comment on each `Args` struct is its `--help`.

use clap::{CommandFactory, Parser, Subcommand};

use crate::commands;
use crate::commands::Global;
use crate::output::Output;

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
    Gc(commands::gc::Args),
    Config(commands::config::Args),
    Sync(commands::sync::Args),
    Report(commands::report::Args),
    Certificate(commands::certificate::Args),
    Remind(commands::remind::Args),
    #[command(subcommand)]
    Outbox(commands::outbox::OutboxCommand),
    #[command(subcommand)]
    Templates(commands::templates::TemplatesCommand),
    Gate(commands::gate::Args),
    #[command(subcommand)]
    Group(commands::group::GroupCommand),
    Serve(commands::serve::Args),
    Link(commands::link::Args),
    Completions(commands::generate::CompletionsArgs),
    Man(commands::generate::ManArgs),
    Schemas(commands::generate::SchemasArgs),
}

/// The commands by what people do with them, in the order the top-level
/// help lists them (as `gh` does). Every command is in one group; a test
/// fails otherwise.
pub const GROUPS: [(&str, &[&str]); 4] = [
    (
        "Decide",
        &[
            "request", "approve", "changes", "decline", "comment", "withdraw",
        ],
    ),
    (
        "Inspect",
        &[
            "status",
            "list",
            "show",
            "diff",
            "log",
            "report",
            "certificate",
            "verify",
            "gate",
        ],
    ),
    (
        "Administer",
        &[
            "init",
            "key",
            "person",
            "group",
            "policy",
            "sync",
            "gc",
            "config",
            "templates",
            "completions",
            "man",
            "schemas",
        ],
    ),
    ("Serve", &["serve", "link", "remind", "outbox"]),
];

/// The whole command-line grammar: [`Cli`]'s, with the top-level help
/// listing the commands in [`GROUPS`] instead of one long list.
#[must_use]
pub fn command() -> clap::Command {
    let cmd = Cli::command();
    let header = cmd.get_styles().get_header();
    let literal = cmd.get_styles().get_literal();
    let width = GROUPS
        .iter()
        .flat_map(|(_, names)| names.iter())
        .map(|n| n.len())
        .max()
        .unwrap_or_default();
    let mut listing = String::new();
    for (group, names) in GROUPS {
        listing.push_str(&format!("{header}{group} commands:{header:#}\n"));
        for name in names {
            let about = cmd
                .find_subcommand(name)
                .and_then(clap::Command::get_about)
                .map(ToString::to_string)
                .unwrap_or_default();
            listing.push_str(&format!("  {literal}{name:<width$}{literal:#}  {about}\n"));
        }
        listing.push('\n');
    }
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{{usage-heading}} {{usage}}\n\n{listing}{header}Options:{header:#}\n{{options}}{{after-help}}"
    );
    cmd.help_template(template).after_help(
        "Run 'signoff <command> --help' for a command's options and examples, 'signoff config' for the settings signoff reads.",
    )
}

/// Parses `args` with [`command`]'s grammar.
pub fn parse(args: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    use clap::FromArgMatches;
    let matches = command().try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
}

/// Runs the parsed command line; returns the exit code on success.
pub fn dispatch(cli: &Cli, out: &Output) -> crate::error::Result<u8> {
    use commands::{
        certificate, comment, config, decide, diff, gate, gc, generate, group, init, key, link,
        log, outbox, person, policy, remind, report, request, serve, show, status, sync, templates,
        verify, withdraw,
    };
    // `-C DIR` means "as if started in DIR", as with git: every relative path
    // on the command line (deliverable paths, --file, --extract, -o) is taken
    // from DIR, so change into it rather than only opening the repository there.
    let mut global = cli.global.clone();
    if let Some(dir) = global.dir.take() {
        std::env::set_current_dir(&dir).map_err(|e| {
            crate::error::CliError::env(format!(
                "cannot change to directory {}: {e}",
                dir.display()
            ))
            .hint("check the path given to -C")
        })?;
    }
    let ctx = commands::Ctx {
        global: &global,
        out,
    };
    // Commands whose output is not data refuse --json rather than ignore it.
    let no_json = match &cli.command {
        Command::Serve(_) => Some("serve"),
        Command::Templates(_) => Some("templates"),
        Command::Completions(_) => Some("completions"),
        Command::Man(_) => Some("man"),
        Command::Schemas(_) => Some("schemas"),
        _ => None,
    };
    if let (true, Some(name)) = (global.json, no_json) {
        return Err(crate::error::CliError::usage(format!(
            "--json is not supported by 'signoff {name}'"
        ))
        .hint(format!("run 'signoff {name}' without --json")));
    }
    match &cli.command {
        Command::Init(a) => init::run(&ctx, a),
        Command::Key(c) => key::run(&ctx, c),
        Command::Person(c) => person::run(&ctx, c),
        Command::Policy(c) => policy::run(&ctx, c),
        Command::Request(a) => request::run(&ctx, a),
        Command::Decide(d) => decide::run(&ctx, &d.args, d.verdict),
        Command::Withdraw(a) => withdraw::run(&ctx, a),
        Command::Comment(a) => comment::run(&ctx, a),
        Command::Status(a) => status::run_status(&ctx, a),
        Command::List(a) => status::run_list(&ctx, a),
        Command::Show(a) => show::run(&ctx, a),
        Command::Diff(a) => diff::run(&ctx, a),
        Command::Log(a) => log::run(&ctx, a),
        Command::Verify(a) => verify::run(&ctx, a),
        Command::Gc(a) => gc::run(&ctx, a),
        Command::Config(a) => config::run(&ctx, a),
        Command::Sync(a) => sync::run(&ctx, a),
        Command::Report(a) => report::run(&ctx, a),
        Command::Certificate(a) => certificate::run(&ctx, a),
        Command::Remind(a) => remind::run(&ctx, a),
        Command::Outbox(c) => outbox::run(&ctx, c),
        Command::Templates(c) => templates::run(&ctx, c),
        Command::Gate(a) => gate::run(&ctx, a),
        Command::Group(c) => group::run(&ctx, c),
        Command::Serve(a) => serve::run(&ctx, a),
        Command::Link(a) => link::run(&ctx, a),
        Command::Completions(a) => generate::run_completions(&ctx, a, &command()),
        Command::Man(a) => generate::run_man(&ctx, a, &command()),
        Command::Schemas(a) => generate::run_schemas(&ctx, a),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_is_consistent() {
        super::command().debug_assert();
    }

    #[test]
    fn every_command_is_in_one_group() {
        let cmd = super::command();
        let grouped: Vec<&str> = super::GROUPS
            .iter()
            .flat_map(|(_, names)| names.iter().copied())
            .collect();
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let n = grouped.iter().filter(|g| **g == sub.get_name()).count();
            assert_eq!(n, 1, "{} is in {n} groups", sub.get_name());
        }
        let commands = cmd
            .get_subcommands()
            .filter(|s| s.get_name() != "help")
            .count();
        assert_eq!(grouped.len(), commands);
    }
}
