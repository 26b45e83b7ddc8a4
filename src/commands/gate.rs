//! `signoff gate`: pass or fail a CI job on approvals that cover exactly the
//! content about to ship.
//!
//! The gate loads the store under the pinned trust root, takes the newest
//! request of the deliverable, recomputes the content hash from the working
//! tree (or `--rev`, or the diff of `--range`), and evaluates the request
//! under the current policy. Each outcome has its own exit code so a pipeline
//! can tell "wait longer" from "rejected" from "someone changed the bytes".

use std::io::Write as _;
use std::time::Instant;

use serde::Serialize;

use super::{Ctx, parse_duration};
use crate::clock::format_duration;
use crate::error::{CliError, Result};
use crate::ledger::Ledger;
use crate::ops::{
    self,
    gate::{Details, GateError, Outcome, What},
};

/// Exit code: approvals cover the content (the only passing code).
pub const EXIT_APPROVED: u8 = 0;
/// Exit code: still waiting for approvals.
pub const EXIT_PENDING: u8 = 10;
/// Exit code: changes requested, declined or withdrawn.
pub const EXIT_REJECTED: u8 = 11;
/// Exit code: the content changed since it was requested and approved.
pub const EXIT_STALE: u8 = 12;
/// Exit code: `--wait` ran out while still pending.
pub const EXIT_TIMED_OUT: u8 = 13;

/// Pass only if approvals cover exactly the content about to ship
///
/// Approvals count under the current, verified policy.
/// Takes the newest request of DELIVERABLE, recomputes its content from the
/// working tree (default), from --rev, or, for a pull request, the diff of
/// --range (per-file SHA-256s; a git patch id never passes), and checks the approvals under the policy in force. Every file
/// under the requested paths counts — tracked, untracked or ignored; every
/// entry of --rev's tree — and anything that is not a regular file fails
/// closed, named. Nothing is written, so a read-only checkout works. Prints
/// one line saying what is missing (or, when stale, which files changed). Pin the trust root (`--trust`, `SIGNOFF_TRUST` or
/// git config signoff.trust) in CI.
///
/// Under GitHub Actions (`GITHUB_ACTIONS=true`) it also prints `::notice` / `::error`
/// annotations and appends a Markdown table to `$GITHUB_STEP_SUMMARY`.
///
/// Exit codes:
///   0   approved: approvals cover exactly this content
///   10  pending: more approvals are needed
///   11  changes requested, declined or withdrawn
///   12  stale: the content changed since it was requested
///   13  timed out: --wait ran out while still pending (a timeout never passes)
///   2   usage error;  3 deliverable or revision not found
///   4   refused: the paths hold something that is not a regular file (a
///       symlink, a submodule or nested repository, a device) or a name git
///       reserves; the message names it
///   5   integrity failure: bad signature, untrusted policy, policy rollback,
///       rewritten history;  7 environment (git, I/O, fetch failed)
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  signoff gate release/v1.2 --trust sha256:… --fetch origin --wait 2h --interval 30s"
)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Deliverable name (its newest request is gated).
    #[arg(add = crate::complete::deliverable())]
    pub deliverable: String,
    /// Recompute the content from this commit instead of the working tree.
    #[arg(long, value_name = "REV", conflicts_with = "range")]
    pub rev: Option<String>,
    /// Recompute a pull request's diff from BASE..HEAD.
    #[arg(long, value_name = "BASE..HEAD")]
    pub range: Option<String>,
    /// Fetch the store branch from REMOTE (with the system git) before each check.
    #[arg(long, value_name = "REMOTE", add = crate::complete::remote())]
    pub fetch: Option<String>,
    /// Keep checking while pending, up to DURATION (e.g. 30m, 2h, 1h30m, 90s).
    #[arg(long, value_name = "DURATION")]
    pub wait: Option<String>,
    /// Time between checks with --wait.
    #[arg(
        long,
        value_name = "DURATION",
        default_value = "30s",
        requires = "wait"
    )]
    pub interval: String,
}

/// The `gate --json` document (see README "gate --json").
#[derive(schemars::JsonSchema, Debug, Clone, Serialize)]
struct Report {
    outcome: Outcome,
    exit_code: u8,
    #[serde(flatten)]
    details: Details,
    checks: u32,
    waited_seconds: u64,
}

/// The gate's exit code for an outcome.
fn exit_code(outcome: Outcome) -> u8 {
    match outcome {
        Outcome::Approved => EXIT_APPROVED,
        Outcome::Pending => EXIT_PENDING,
        Outcome::Rejected => EXIT_REJECTED,
        Outcome::Stale => EXIT_STALE,
        Outcome::TimedOut => EXIT_TIMED_OUT,
    }
}

/// The command line's words for a check that failed closed.
fn refusal(e: GateError) -> CliError {
    let see = "run 'signoff verify' for every problem and 'signoff log' for who wrote it";
    match e {
        GateError::Ledger(e) => e.into(),
        GateError::NoRequest(d) => {
            CliError::not_found(format!("no request for deliverable {d:?}")).hint(
                "ask for approval first: signoff request <name> <paths> (or --range BASE..HEAD)",
            )
        }
        GateError::PolicyProblem(p) => CliError::integrity(format!(
            "the {} failed verification: {}: {}",
            if p.path == crate::layout::STORE_FILE {
                "store file"
            } else {
                "policy folder"
            },
            p.path,
            p.message
        ))
        .hint(see),
        GateError::RecordProblem {
            deliverable,
            problem: p,
        } => CliError::integrity(format!(
            "a record of {deliverable} failed verification: {}: {}",
            p.path, p.message
        ))
        .hint(see),
        GateError::RevOnRange(d) => CliError::usage(format!(
            "{d} is a pull request (range) request; --rev does not apply"
        ))
        .hint("use --range BASE..HEAD"),
        GateError::RangeMissing => CliError::integrity("range request without a range"),
        GateError::RangeOnPaths(d) => CliError::usage(format!(
            "{d} was requested from repository paths, not a range; --range does not apply"
        ))
        .hint("use --rev REV or no flag (working tree)"),
        GateError::OutsideFiles(d) => CliError::usage(format!(
            "{d} was requested from files outside the repository; the gate cannot recompute what ships"
        ))
        .hint("gate deliverables requested from repository paths or a --range"),
    }
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    let wait = args
        .wait
        .as_deref()
        .map(|w| parse_duration(w, "--wait"))
        .transpose()?;
    let interval = parse_duration(&args.interval, "--interval")?;
    if wait.is_some() && interval.is_zero() {
        return Err(
            CliError::usage("--interval must be more than zero").hint("use e.g. --interval 30s")
        );
    }
    crate::record::check_name(&args.deliverable)
        .map_err(|e| CliError::usage(e).hint("name the deliverable, e.g. release/v1.2"))?;
    if let Some(r) = &args.range {
        crate::range::parse(r)?;
    }
    if let Some(remote) = &args.fetch {
        if remote.is_empty() || remote.starts_with('-') {
            return Err(CliError::usage(format!("invalid remote {remote:?}"))
                .hint("name a remote, e.g. --fetch origin"));
        }
    }
    let ledger = ctx.ledger()?.scoped_strictly(&args.deliverable);
    let started = Instant::now();
    let mut checks = 0u32;
    let mut warned = false;
    loop {
        if let Some(remote) = &args.fetch {
            fetch(&ledger, remote)?;
        }
        checks += 1;
        let snap = ledger.load()?;
        if !warned {
            ctx.warn_snapshot(&snap);
            warned = true;
        }
        let what = What {
            deliverable: &args.deliverable,
            rev: args.rev.as_deref(),
            range: args.range.as_deref(),
        };
        let checked = ops::gate::check(&ledger, &snap, &what).map_err(refusal)?;
        let mut report = Report {
            outcome: checked.outcome,
            exit_code: exit_code(checked.outcome),
            details: checked.details,
            checks,
            waited_seconds: started.elapsed().as_secs(),
        };
        let deadline_left = wait.map(|w| w.saturating_sub(started.elapsed()));
        match (report.outcome, deadline_left) {
            (Outcome::Pending, Some(left)) if !left.is_zero() => {
                ctx.out.note(&format!(
                    "signoff gate: {} pending ({}); checking again in {} ({} left)",
                    report.details.deliverable,
                    report.details.summary,
                    format_duration(interval.as_secs()),
                    format_duration(left.as_secs())
                ));
                std::thread::sleep(interval.min(left));
            }
            (Outcome::Pending, Some(_)) => {
                report.outcome = Outcome::TimedOut;
                report.exit_code = EXIT_TIMED_OUT;
                report.details.summary = format!(
                    "timed out after {} waiting: {}",
                    format_duration(wait.unwrap_or_default().as_secs()),
                    report.details.summary
                );
                return finish(ctx, &report);
            }
            _ => return finish(ctx, &report),
        }
    }
}

fn finish(ctx: &Ctx, r: &Report) -> Result<u8> {
    let line = format!(
        "signoff gate: {} v{}: {}: {}",
        r.details.deliverable,
        r.details.request_version,
        r.outcome.as_str(),
        r.details.summary
    );
    if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
        // With --json, stdout holds only the JSON document: the workflow
        // commands go to stderr, which the runner reads as well.
        github(r, &line, ctx.out.json);
    }
    if ctx.out.json {
        ctx.out.json(r)?;
    } else {
        let painted = match r.outcome {
            Outcome::Approved => ctx.out.paint(&line, "32"),
            Outcome::Pending => ctx.out.paint(&line, "36"),
            _ => ctx.out.paint(&line, "31"),
        };
        ctx.out.print(&painted)?;
    }
    Ok(r.exit_code)
}

/// GitHub Actions: one annotation (on stdout, or stderr with `--json`), a
/// table in the step summary. Pending is a warning: nothing is wrong yet.
fn github(r: &Report, line: &str, to_stderr: bool) {
    let emit = |text: &str| {
        if to_stderr {
            eprintln!("{text}");
        } else {
            println!("{text}");
        }
    };
    if r.details.trust != "pinned" {
        emit(
            "::warning title=signoff gate::trust root not pinned; set SIGNOFF_TRUST to the sha256 of policy version 1",
        );
    }
    let kind = match r.outcome {
        Outcome::Approved => "notice",
        Outcome::Pending => "warning",
        _ => "error",
    };
    // Workflow commands end at a newline; escape as GitHub documents.
    let escaped = line
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    emit(&format!(
        "::{kind} title=signoff gate::{}",
        crate::text::one_line(&escaped)
    ));
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") else {
        return;
    };
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut md = format!(
        "### signoff gate: `{}` v{} — **{}**\n\n{}\n\n| stage | group | approvals | needed | waiting on |\n|---|---|---|---|---|\n",
        r.details.deliverable,
        r.details.request_version,
        r.outcome.as_str(),
        cell(&r.details.summary)
    );
    for n in &r.details.needs {
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            cell(&n.stage),
            cell(n.group.as_deref().unwrap_or("reviewers")),
            n.have,
            n.need,
            cell(&n.waiting_on.join(", "))
        ));
    }
    md.push_str(&format!(
        "\nContent: `{}` ({}{}), requested `{}`; policy version {} ({}).\n\n",
        r.details.content.current,
        r.details.content.source,
        r.details
            .content
            .from
            .as_deref()
            .map(|f| format!(" {f}"))
            .unwrap_or_default(),
        r.details.content.requested,
        r.details.policy_version,
        r.details.trust
    ));
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(md.as_bytes()));
    if let Err(e) = written {
        eprintln!("warning: cannot append to $GITHUB_STEP_SUMMARY: {e}");
    }
}

/// Brings the store branch up to date from `remote` through the same path
/// as `signoff sync` (without pushing): every incoming record is verified
/// before it is merged, and a remote whose history was rewritten since the
/// last known tip is refused.
fn fetch(ledger: &Ledger, remote: &str) -> Result<()> {
    super::sync::sync(ledger, remote, false, None).map(|_| ())
}

/// The JSON Schema of `gate --json`.
pub(crate) fn json_schema() -> schemars::Schema {
    schemars::schema_for!(Report)
}
