//! `signoff verify`: check every record, the policy chain and the history
//! (the checks are `ops::verify`'s; this file words what they found).

use std::fmt::Write as _;

use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, ErrorKind, Result};
use crate::ledger::Problem;
use crate::ops::verify::{self, Verified, VerifyError};

/// Exit code when verification finds any problem.
pub const EXIT_PROBLEMS: u8 = 5;

/// Check every record, the policy chain and the history of the store.
///
/// Checks every SSHSIG over the exact bytes, by a key of the person the record
/// names, per the policy chain from the trust root; that fields match each
/// record's path; that snapshot bytes match their manifests; that the store
/// holds only regular files at paths signoff writes; that history is
/// append-only (no commit ever modified or removed a file of any of its
/// parents); and that the branch still contains the tip this clone verified
/// last, and the same store.
///
/// Prints each problem with its path and exits 5 when there is any.
///
/// With --since-last, checks only what changed since the tip this command
/// last checked in full without a problem (on this clone): request folders
/// whose tree is unchanged hold the same bytes and are not read again; the
/// store file, the policy chain and every new commit's history are checked
/// as always. Without such a tip, it checks everything.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  signoff verify --trust sha256:…\n  signoff verify --since-last"
)]
pub struct Args {
    /// Check only what changed since the last full verify without problems.
    #[arg(long)]
    pub since_last: bool,
}

#[derive(schemars::JsonSchema, Serialize)]
struct Out {
    ok: bool,
    tip: String,
    records_verified: usize,
    policy_version: Option<u32>,
    problems: Vec<Problem>,
    /// With --since-last: the tip checked before, whose unchanged request
    /// folders were not read again.
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unchanged_folders: Option<usize>,
}

/// The JSON Schema of `verify --json`.
pub(crate) fn json_schema() -> schemars::Schema {
    schemars::schema_for!(Out)
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    let ledger = ctx.ledger()?;
    let tip = ledger.tip()?;
    // The tip checked in full before, when it is still in this branch.
    let since = if args.since_last {
        let before = verify::last_audited(&ledger, &tip);
        if before.is_none() {
            ctx.out
                .note("no earlier full verify of this branch on this clone; checking everything");
        }
        before
    } else {
        None
    };
    let mut loaded = verify::load(&ledger, &tip, since).map_err(refusal)?;
    if let Some(e) = loaded.take_failure() {
        // An unreadable store is a problem to list; anything else (the
        // environment) fails the run.
        let e = CliError::from(e);
        if e.kind != ErrorKind::Integrity {
            return Err(e);
        }
        loaded.unloadable(&ledger, e.message);
    }
    let v = verify::finish(&ledger, loaded).map_err(refusal)?;
    if let Some(snap) = &v.snapshot {
        ctx.warn_snapshot(snap);
    }
    print(ctx, &v)?;
    if v.ok {
        Ok(0)
    } else {
        Err(CliError::integrity(format!(
            "verification failed: {} problem(s)",
            v.problems.len()
        ))
        .hint("each problem is listed above with its path; see 'signoff log' for who wrote it")
        .with_exit_code(EXIT_PROBLEMS))
    }
}

fn refusal(e: VerifyError) -> CliError {
    match e {
        VerifyError::OtherStore {
            branch,
            holds,
            verified,
        } => CliError::integrity(format!(
            "branch '{branch}' holds store {holds}, but this clone verified store {verified} on it"
        ))
        .with_exit_code(EXIT_PROBLEMS),
        VerifyError::Ledger(e) => e.into(),
        VerifyError::Store(e) => e.into(),
    }
}

/// The problems, one per line with its path, and a line saying what was
/// checked (or the JSON of it all).
fn print(ctx: &Ctx, v: &Verified) -> Result<()> {
    if ctx.out.json {
        return ctx.out.json(&Out {
            ok: v.ok,
            tip: v.tip.clone(),
            records_verified: v.records_verified,
            policy_version: v.policy_version,
            problems: v.problems.clone(),
            since: v.since.as_ref().map(|s| s.tip.clone()),
            unchanged_folders: v.unchanged_folders,
        });
    }
    let mut text = String::new();
    for p in &v.problems {
        let _ = writeln!(text, "{}: {}", p.path, p.message);
    }
    if !text.is_empty() {
        ctx.out.print(&text)?;
    }
    let before = match (&v.since, v.unchanged_folders) {
        (Some(s), Some(n)) => format!(
            " ({n} request folder(s) unchanged since {} were checked then)",
            &s.tip[..12]
        ),
        _ => String::new(),
    };
    ctx.out.note(&format!(
        "verified {} records at {}{before}; {} problem(s)",
        v.records_verified,
        &v.tip[..12],
        v.problems.len()
    ));
    Ok(())
}
