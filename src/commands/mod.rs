//! One module per command: arguments (whose doc comments are the help), and
//! a `run` that translates arguments, calls the core and prints.
//!
//! Commands never name git2 and never decide what records mean: they go
//! through `ledger` for reading and writing and `state` for meaning.

pub mod certificate;
pub mod comment;
pub mod decide;
pub mod diff;
pub mod gate;
pub mod generate;
pub mod group;
pub mod init;
pub mod interact;
pub mod key;
pub mod link;
pub mod log;
pub mod outbox;
pub mod person;
pub mod policy;
pub mod remind;
pub mod report;
pub mod request;
pub mod serve;
pub mod show;
pub mod status;
pub mod sync;
pub mod verify;
pub mod withdraw;

use crate::cli::{Cli, Command, Global};
use crate::error::{CliError, Result};
use crate::ledger::{Ledger, Snapshot, Trust};
use crate::output::Output;
use crate::policy::TrustPin;
use crate::record::Verdict;
use crate::sign::Signer;
use crate::state::RequestRecords;
use crate::store::{DEFAULT_BRANCH, Store};

/// What every command gets: the global flags and the output channel.
pub struct Ctx<'a> {
    pub global: &'a Global,
    pub out: &'a Output,
}

impl Ctx<'_> {
    /// Opens the repository and its store branch. The store's warnings
    /// are printed as they happen.
    pub fn store(&self) -> Result<Store> {
        let store = Store::open(self.global.dir.as_deref(), DEFAULT_BRANCH)?;
        let branch = self
            .global
            .branch
            .clone()
            .or_else(|| store.config_string("signoff.ref"));
        let mut store = match branch {
            Some(b) if b != DEFAULT_BRANCH => {
                if git_ref_name_ok(&b) {
                    Store::open(self.global.dir.as_deref(), &b)?
                } else {
                    return Err(CliError::usage(format!("invalid store branch name {b:?}"))
                        .hint("use a plain branch name such as 'signoff'"));
                }
            }
            _ => store,
        };
        let out = self.out.clone();
        store.on_warning(move |w| out.warn(&w.to_string()));
        Ok(store)
    }

    /// Opens the store with the trust root from `--trust`, `SIGNOFF_TRUST` or
    /// `git config signoff.trust`.
    pub fn ledger(&self) -> Result<Ledger> {
        let store = self.store()?;
        let (text, source) = match &self.global.trust {
            Some(t) => (Some(t.clone()), "--trust / SIGNOFF_TRUST"),
            None => (
                store.config_string("signoff.trust"),
                "git config signoff.trust",
            ),
        };
        let pin = text
            .map(|t| {
                TrustPin::parse(&t).map_err(|e| {
                    CliError::usage(format!("invalid trust root from {source}: {e}")).hint(
                        "'signoff init' and 'signoff policy show' print the trust root to pin (sha256:…)",
                    )
                })
            })
            .transpose()?;
        Ok(Ledger::new(store, Trust { pin, source }))
    }

    /// Loads the store and warns about trust-on-first-use and bad records.
    pub fn load(&self, ledger: &Ledger) -> Result<Snapshot> {
        let snap = ledger.load()?;
        self.warn_snapshot(&snap);
        Ok(snap)
    }

    /// Warnings every reading command shows.
    pub fn warn_snapshot(&self, snap: &Snapshot) {
        if snap.chain.tofu && std::env::var_os("SIGNOFF_NO_TOFU_WARNING").is_none() {
            self.out.warn(&format!(
                "trust root not pinned; trusting policy version 1 on first use (pin it with --trust {} or git config signoff.trust)",
                snap.chain.root_hash
            ));
        }
        if !snap.problems.is_empty() {
            self.out.warn(&format!(
                "{} record(s) failed verification and are ignored; run 'signoff verify' for details",
                snap.problems.len()
            ));
        }
    }

    /// Notifies people of events after a write landed: warnings and notes
    /// on stderr, never an error.
    pub fn emit(&self, ledger: &Ledger, events: &[crate::events::Event]) {
        let report = crate::events::emit(ledger, events);
        for w in &report.warnings {
            self.out.warn(w);
        }
        for n in &report.notes {
            self.out.note(n);
        }
        if report.sent > 0 {
            self.out.note(&format!("sent {} email(s)", report.sent));
        }
    }

    /// Loads the signing key.
    pub fn signer(&self, store: &Store) -> Result<Signer> {
        Ok(crate::keys::signer(
            self.global.key.as_deref(),
            store.config_string("signoff.key"),
        )?)
    }
}

// Git's ref-name rules are case-sensitive: "x.LOCK" is a valid branch name.
#[allow(clippy::case_sensitive_file_extension_comparisons)]
fn git_ref_name_ok(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(['-', '/', '.'])
        && !name.contains("..")
        && !name.ends_with(['/', '.'])
        && !name.ends_with(".lock")
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
}

/// Runs the parsed command line; returns the exit code on success.
pub fn dispatch(cli: &Cli, out: &Output) -> Result<u8> {
    // `-C DIR` means "as if started in DIR", as with git: every relative path
    // on the command line (deliverable paths, --file, --extract, -o) is taken
    // from DIR, so change into it rather than only opening the repository there.
    let mut global = cli.global.clone();
    if let Some(dir) = global.dir.take() {
        std::env::set_current_dir(&dir).map_err(|e| {
            CliError::env(format!("cannot change to directory {}: {e}", dir.display()))
                .hint("check the path given to -C")
        })?;
    }
    let ctx = Ctx {
        global: &global,
        out,
    };
    match &cli.command {
        Command::Init(a) => init::run(&ctx, a),
        Command::Key(c) => key::run(&ctx, c),
        Command::Person(c) => person::run(&ctx, c),
        Command::Policy(c) => policy::run(&ctx, c),
        Command::Request(a) => request::run(&ctx, a),
        Command::Approve(a) => decide::run(&ctx, a, Verdict::Approve),
        Command::Changes(a) => decide::run(&ctx, a, Verdict::Changes),
        Command::Decline(a) => decide::run(&ctx, a, Verdict::Decline),
        Command::Withdraw(a) => withdraw::run(&ctx, a),
        Command::Comment(a) => comment::run(&ctx, a),
        Command::Status(a) => status::run_status(&ctx, a),
        Command::List(a) => status::run_list(&ctx, a),
        Command::Show(a) => show::run(&ctx, a),
        Command::Diff(a) => diff::run(&ctx, a),
        Command::Log(a) => log::run(&ctx, a),
        Command::Verify(a) => verify::run(&ctx, a),
        Command::Sync(a) => sync::run(&ctx, a),
        Command::Report(a) => report::run(&ctx, a),
        Command::Certificate(a) => certificate::run(&ctx, a),
        Command::Remind(a) => remind::run(&ctx, a),
        Command::Outbox(c) => outbox::run(&ctx, c),
        Command::Gate(a) => gate::run(&ctx, a),
        Command::Group(c) => group::run(&ctx, c),
        Command::Serve(a) => serve::run(&ctx, a),
        Command::Link(a) => link::run(&ctx, a),
        Command::Completions(a) => generate::run_completions(&ctx, a),
        Command::Man(a) => generate::run_man(&ctx, a),
    }
}

/// Resolves `<deliverable|request-id>`: a unique prefix of a request id, or
/// a deliverable name (its newest request), optionally `name@vN`.
pub fn resolve<'s>(snap: &'s Snapshot, target: &str) -> Result<&'s RequestRecords> {
    let (name, version) = match target.rsplit_once("@v") {
        Some((n, v)) if v.parse::<usize>().is_ok() => (n, v.parse::<usize>().ok()),
        _ => (target, None),
    };
    let versions = snap.versions(name);
    if let Some(newest) = versions.last() {
        return match version {
            None => Ok(newest),
            Some(v) => versions.get(v.wrapping_sub(1)).copied().ok_or_else(|| {
                CliError::not_found(format!(
                    "{name} has no version {v} (it has v1 to v{})",
                    versions.len()
                ))
                .hint(format!(
                    "use {name}@v1 to {name}@v{}, or {name} for the newest",
                    versions.len()
                ))
            }),
        };
    }
    let prefix = target.to_ascii_lowercase();
    if prefix.len() >= 4 && prefix.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        let hits: Vec<&RequestRecords> = snap
            .requests
            .values()
            .filter(|r| r.request.id.starts_with(&prefix))
            .collect();
        match hits.len() {
            1 => return Ok(hits[0]),
            0 => {}
            n => {
                return Err(CliError::usage(format!(
                    "request id prefix {target} is ambiguous ({n} requests match)"
                ))
                .hint("type more characters of the id, or use the deliverable name"));
            }
        }
    }
    let known = snap.deliverables();
    let mut err = CliError::not_found(format!("unknown deliverable or request {target:?}"));
    err = if known.is_empty() {
        err.hint(
            "no deliverables yet; create one with 'signoff request <name> <paths> --to <person>'",
        )
    } else {
        err.hint(format!(
            "known deliverables: {}",
            known.iter().take(8).cloned().collect::<Vec<_>>().join(", ")
        ))
    };
    Err(err)
}

/// Parses a date (`2026-12-01`) or an RFC 3339 time into RFC 3339.
pub fn parse_when(s: &str, what: &str) -> Result<jiff::Timestamp> {
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Ok(t);
    }
    if let Ok(d) = s.parse::<jiff::civil::Date>() {
        if let Ok(z) = d.to_zoned_datetime(jiff::tz::TimeZone::UTC) {
            return Ok(z.timestamp());
        }
    }
    Err(CliError::usage(format!("invalid {what} {s:?}"))
        .hint("use a date like 2026-12-01 or a time like 2026-12-01T17:00:00Z"))
}

/// `2026-11-29 19:36` for humans.
#[must_use]
pub fn human_time(rfc3339: &str) -> String {
    rfc3339.parse::<jiff::Timestamp>().map_or_else(
        |_| rfc3339.to_string(),
        |t| t.strftime("%Y-%m-%d %H:%M").to_string(),
    )
}
