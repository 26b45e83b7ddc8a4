//! `signoff sync`: exchange the store branch with a remote.

use super::Ctx;
use crate::error::{CliError, Result};
use crate::ledger::Ledger;
use crate::ops::{
    self,
    sync::{Outcome, SyncError},
};

/// Exchange the store branch with a remote.
///
/// Fetches the remote's store branch with the system git (your SSH keys and
/// credential helpers apply), verifies every incoming record before merging,
/// merges by union (the same path with different bytes on the two sides is an
/// integrity failure and is never overwritten), and pushes, retrying when the
/// push is rejected because the remote moved on. A remote whose store history
/// was rewritten since the last sync, or that removes or changes any record
/// (through any parent of any merge), or that holds another store, is refused.
///
/// Example: signoff sync
/// Example: signoff sync upstream --no-push
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The remote (default: git config signoff.remote, else "origin").
    pub remote: Option<String>,
    /// Only fetch and merge; do not push.
    #[arg(long)]
    pub no_push: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    let ledger = ctx.ledger()?;
    let remote = args
        .remote
        .clone()
        .or_else(|| ledger.store.config_string("signoff.remote"))
        .unwrap_or_else(|| "origin".into());
    let out = sync(&ledger, &remote, !args.no_push)?;
    if ctx.out.json {
        return ctx.out.json(&out).map(|()| 0);
    }
    ctx.out.print(&format!(
        "{}: {}{}; store at {}",
        out.remote,
        out.merge,
        if out.pushed { ", pushed" } else { "" },
        &out.tip[..out.tip.len().min(12)]
    ))?;
    Ok(0)
}

/// Fetch, verify, union-merge and (optionally) push, with the command
/// line's words for a refusal (`gate --fetch` syncs the same way).
pub fn sync(ledger: &Ledger, remote: &str, push: bool) -> Result<Outcome> {
    ops::sync::sync(ledger, remote, push).map_err(refusal)
}

/// The command line's words for a sync that stopped.
#[must_use]
pub fn refusal(e: SyncError) -> CliError {
    match e {
        SyncError::Ledger(e) => e.into(),
        SyncError::NoStore { remote } => CliError::not_found(format!(
            "neither this repository nor {remote} has a store"
        ))
        .hint("run 'signoff init' first"),
        SyncError::Lost(p) => CliError::integrity(format!(
            "the remote's store lacks or changes {p}, which this repository holds"
        ))
        .hint("nothing was merged; records are append-only"),
        SyncError::InvalidMerge { remote, problem } => CliError::integrity(format!(
            "merging {remote} would produce an invalid store: {}: {}",
            problem.path, problem.message
        ))
        .hint("nothing was merged; run 'signoff verify' on both sides"),
        SyncError::KeptMoving { remote, rounds } => CliError::env(format!(
            "{remote} kept moving while syncing; gave up after {rounds} rounds"
        ))
        .hint("run 'signoff sync' again; everything merged so far is kept"),
        SyncError::ForcePushed(prev) => CliError::integrity(format!(
            "the remote's store history was rewritten: {} is no longer part of it",
            &prev[..prev.len().min(12)]
        ))
        .hint("someone force-pushed the store branch; nothing was merged. Compare with 'signoff verify' and restore it from a good clone"),
        SyncError::Dropped(tip) => CliError::integrity(format!(
            "the remote's store history was rewritten: {} is no longer part of it",
            &tip[..tip.len().min(12)]
        ))
        .hint("nothing was merged; restore the store branch from a trusted clone"),
        SyncError::DoesNotVerify(e) => {
            CliError::integrity(format!("the remote's store does not verify: {e}"))
                .hint("nothing was merged")
        }
        SyncError::InvalidRecords { count, first } => CliError::integrity(format!(
            "the remote's store has {count} invalid record(s), e.g. {}: {}",
            first.path, first.message
        ))
        .hint("nothing was merged; ask whoever pushed it to run 'signoff verify'"),
        SyncError::Rewrites(r) => CliError::integrity(format!(
            "the remote's store history {} {} (commit {})",
            if r.deleted { "deletes" } else { "modifies" },
            r.path,
            &r.commit[..r.commit.len().min(12)]
        ))
        .hint("nothing was merged; records are append-only"),
        SyncError::OtherStore {
            theirs,
            ours,
            verified_before,
        } => CliError::integrity(if verified_before {
            format!("the remote holds another store ({theirs}), not the one this clone verified ({ours})")
        } else {
            format!("the remote holds another store ({theirs}), not this one ({ours})")
        })
        .hint("check the remote; stores are never merged across ids"),
    }
}
