//! One module per command: arguments (whose doc comments are the help), and
//! a `run` that translates arguments, calls the core and prints.
//!
//! Commands never name git2 and never decide what records mean: they go
//! through `ledger` for reading and writing and `state` for meaning.

pub mod certificate;
pub mod comment;
pub mod config;
pub mod decide;
pub mod diff;
pub mod gate;
pub mod gc;
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
pub mod templates;
pub mod verify;
pub mod withdraw;

use std::path::PathBuf;

use crate::error::{CliError, Result};
use crate::ledger::{Ledger, Snapshot, Trust};
use crate::output::{ColorChoice, Output};
use crate::policy::TrustPin;
use crate::sign::Signer;
use crate::state::RequestRecords;
use crate::store::{DEFAULT_BRANCH, Store};

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
    /// Never send long output (log, show, report, diff --patch) through a
    /// pager.
    #[arg(long, global = true)]
    pub no_pager: bool,
}

impl Ctx<'_> {
    /// Pages what follows (see `Output::page`), with git's `core.pager`
    /// from `store`'s configuration.
    pub fn page(&self, store: &crate::store::Store) {
        self.out
            .page(store.config_string("core.pager"), self.global.no_pager);
    }
}

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
        let mut ledger = Ledger::new(store, Trust { pin, source });
        // A long read (a cold index build, `verify`) shows a bar once it has
        // taken a second; short ones show nothing.
        let out = self.out.clone();
        let started = std::time::Instant::now();
        let bar: std::sync::Mutex<Option<indicatif::ProgressBar>> = std::sync::Mutex::new(None);
        ledger.on_progress(move |p| {
            let mut bar = bar
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if bar.is_none() && p.done < p.total && started.elapsed().as_secs() >= 1 {
                *bar = Some(out.progress(p.total as u64, "checking request folders"));
            }
            if let Some(b) = bar.as_ref() {
                b.set_position(p.done as u64);
                if p.done >= p.total {
                    b.finish_and_clear();
                }
            }
        });
        Ok(ledger)
    }

    /// Loads the store and warns about trust-on-first-use and bad records.
    pub fn load(&self, ledger: &Ledger) -> Result<Snapshot> {
        let snap = ledger.load()?;
        self.warn_snapshot(&snap);
        Ok(snap)
    }

    /// Loads where every deliverable stands (see `Ledger::overview`), with
    /// the warnings every reading command shows.
    pub fn overview(
        &self,
        ledger: &Ledger,
        pending_only: bool,
        all_versions: bool,
    ) -> Result<crate::ledger::Overview> {
        let o = ledger.overview(pending_only, all_versions)?;
        self.warn(&o.head, o.problems);
        Ok(o)
    }

    /// [`Ctx::overview`] as each version's table line (see
    /// `Ledger::listing`), with the same warnings.
    pub fn listing(
        &self,
        ledger: &Ledger,
        pending_only: bool,
        all_versions: bool,
    ) -> Result<crate::ledger::Listing> {
        let l = ledger.listing(pending_only, all_versions)?;
        self.warn(&l.head, l.problems);
        Ok(l)
    }

    /// Warnings every reading command shows.
    pub fn warn_snapshot(&self, snap: &Snapshot) {
        self.warn(snap, snap.problems.len());
    }

    fn warn(&self, snap: &Snapshot, problems: usize) {
        if snap.chain.tofu
            && std::env::var_os("SIGNOFF_NO_TOFU_WARNING").is_none()
            && crate::seen::first_tofu_warning(
                self.store()
                    .ok()
                    .map(|s| s.common_dir().to_path_buf())
                    .as_deref(),
                &snap.chain.root_hash,
            )
        {
            self.out.warn(&format!(
                "trust root not pinned; trusting policy version 1 on first use (pin it with --trust {} or git config signoff.trust); said once per clone",
                snap.chain.root_hash
            ));
        }
        if problems > 0 {
            self.out.warn(&format!(
                "{problems} record(s) failed verification and are ignored; run 'signoff verify' for details"
            ));
        }
        self.warn_competing(snap);
    }

    /// Says that policy versions made apart met, which is in effect, and
    /// what an admin runs to keep the other.
    pub fn warn_competing(&self, snap: &Snapshot) {
        for p in &snap.chain.competing {
            let v = p.policy.version;
            let in_force = snap
                .chain
                .path(v)
                .map(ToString::to_string)
                .unwrap_or_default();
            self.out.warn(&format!(
                "policy version {v} was changed apart by two admins: {in_force} is in effect, {} ({}) competes with it; to keep that one instead, an admin runs 'signoff policy sign {}' (then apply the other's change again on top)",
                p.path,
                p.signed_by.join(", "),
                p.id()
            ));
        }
    }

    /// Shows how notifying people went after a write landed: warnings and
    /// notes on stderr, never an error.
    pub fn report(&self, report: &crate::notify::Report) {
        for w in &report.warnings {
            self.out.warn(w);
        }
        for n in &report.notes {
            self.out.note(n);
        }
        for n in &report.notices {
            if matches!(n, crate::notify::Notice::NotQueued { .. }) {
                // An error of its own: see `finish`.
                continue;
            }
            match crate::output::notice(n) {
                (true, line) => self.out.warn(&line),
                (false, line) => self.out.note(&line),
            }
        }
        if report.sent > 0 {
            self.out.note(&format!("sent {} email(s)", report.sent));
        }
    }

    /// The exit of a command that wrote a record and notified: 0, or an
    /// environment error when a message could not even be put in the
    /// outbox (the record stays written; the error says how to re-send).
    pub fn finish(&self, report: &crate::notify::Report) -> Result<u8> {
        let lost = report.notices.iter().find_map(|n| match n {
            crate::notify::Notice::NotQueued {
                kind,
                request,
                recipients,
                error,
            } => Some((kind, request, recipients, error)),
            _ => None,
        });
        let Some((kind, request, recipients, error)) = lost else {
            return Ok(0);
        };
        let short = &request[..request.len().min(13)];
        let mut e = CliError::env(format!(
            "the record is written, but {} email(s) could not be put in the outbox (to {}): {error}",
            recipients.len(),
            recipients.join(", ")
        ));
        match crate::fault::Fault::from_text(error) {
            Some(crate::fault::Fault::DiskFull(_)) => e = e.hint("free some disk space"),
            Some(crate::fault::Fault::NotWritable(_)) => {
                e = e.hint("make .git/signoff/outbox writable");
            }
            _ => {}
        }
        e = e.hint(format!(
            "then run 'signoff outbox requeue {short}' to email everyone the request still waits on; the record itself is kept"
        ));
        if kind != "request" {
            e = e.hint(format!(
                "the people the {kind} emails were for see the record with 'signoff show {short}'"
            ));
        }
        Err(e)
    }

    /// Loads the signing key.
    pub fn signer(&self, store: &Store) -> Result<Signer> {
        Ok(crate::keys::signer(
            self.global.key.as_deref(),
            crate::keys::Configured::from_config(|k| store.config_string(k)),
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

/// A public key given on the command line: the key line itself, a `.pub`
/// file that holds it, or `-` for standard input (the first line that is
/// not empty or a `#` comment).
pub fn key_line(arg: &str) -> Result<String> {
    let first_line = |text: &str| {
        text.lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or_default()
            .to_string()
    };
    if arg == "-" {
        use std::io::Read;
        let mut text = String::new();
        std::io::stdin()
            .take(64 * 1024)
            .read_to_string(&mut text)
            .map_err(|e| {
                CliError::usage(format!("cannot read a key from standard input: {e}"))
                    .hint("pipe the key line in, e.g. signoff person add bob --key - < bob.pub")
            })?;
        return Ok(first_line(&text));
    }
    let looks_like_key = arg.starts_with("ssh-") || arg.starts_with("sk-");
    let path = std::path::Path::new(arg);
    if !looks_like_key && path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::usage(format!("cannot read key file {arg}: {e}"))
                .hint("give the .pub file, or paste the key line itself")
        })?;
        return Ok(first_line(&text));
    }
    Ok(arg.to_string())
}

/// The known name closest to what was typed, when it is close enough to be
/// a typo (a few edits, relative to the name's length).
pub fn did_you_mean<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (typed.chars().count() / 3).clamp(1, 3);
    known
        .into_iter()
        .map(|k| (strsim::osa_distance(typed, k), k))
        .filter(|(d, k)| *d > 0 && *d <= limit && !k.is_empty())
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// "did you mean bob?" for a person id that is not in the policy.
pub fn person_hint(snap: &Snapshot, typed: &str) -> String {
    match did_you_mean(typed, snap.policy().people.iter().map(|p| p.id.as_str())) {
        Some(p) => format!("did you mean {p}? (see 'signoff person list')"),
        None => "see 'signoff person list'".to_string(),
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
        let latest = snap.version_of(&newest.request);
        // A published draft shares its number with the draft: `@vN` is
        // the newest request holding it.
        return match version {
            None => Ok(newest),
            Some(v) => versions
                .iter()
                .rev()
                .find(|rr| snap.version_of(&rr.request) == v)
                .copied()
                .ok_or_else(|| {
                    CliError::not_found(format!(
                        "{name} has no version {v} (it has v1 to v{latest})"
                    ))
                    .hint(format!(
                        "use {name}@v1 to {name}@v{latest}, or {name} for the newest"
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
    if let Some(near) = did_you_mean(name, known.iter().map(String::as_str)) {
        err = err.hint(format!("did you mean {near}?"));
    }
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

/// Reads a date typed for `what` (the clock's grammar), with the hint a
/// person needs when it is not one.
pub fn parse_when(s: &str, what: &str) -> Result<jiff::Timestamp> {
    crate::clock::parse_when(s).map_err(|_| {
        CliError::usage(format!("invalid {what} {s:?}"))
            .hint("use a date like 2026-12-01, a time like 2026-12-01T17:00:00Z, or words like today, yesterday, \"2 days ago\", \"in 3 days\"")
    })
}

/// Reads the start of a period (`--since`): a date, a time, words, or a
/// duration meaning that long ago (`48h`).
pub fn parse_since(s: &str, what: &str) -> Result<jiff::Timestamp> {
    crate::clock::parse_since(s).map_err(|_| {
        CliError::usage(format!("invalid {what} {s:?}"))
            .hint("use a date like 2026-12-01, a time like 2026-12-01T17:00:00Z, a duration like 48h or 2d (that long ago), or words like yesterday, \"2 days ago\"")
    })
}

/// Reads a duration typed for `what` (the clock's grammar).
pub fn parse_duration(s: &str, what: &str) -> Result<std::time::Duration> {
    crate::clock::parse_duration(s).map_err(|_| {
        CliError::usage(format!("invalid {what} duration {s:?}"))
            .hint("use e.g. 90 (seconds), 30m, 2h, 1h30m, \"1h 30m\", 2d or 1w")
    })
}

pub use crate::clock::human_time;

/// A request's due date for a listing: a time in this machine's zone, or
/// a bare date as it is, marked as lasting to the end of that day (in
/// each reviewer's zone, which `show` spells out person by person).
#[must_use]
pub fn human_due(stored: &str) -> String {
    match crate::clock::Due::read(stored) {
        Some(crate::clock::Due::Day(d)) => format!("{d} (end of day)"),
        _ => human_time(stored),
    }
}
