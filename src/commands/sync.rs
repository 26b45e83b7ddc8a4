//! `signoff sync`: exchange the store branch with a remote.

use super::Ctx;
use crate::error::{CliError, Result};
use crate::ledger::Ledger;
use crate::ops::{self, sync::Outcome};

/// Exchange the store branch with a remote.
///
/// Fetches the remote's store branch with the system git (your SSH keys and
/// credential helpers apply), verifies every incoming record before merging,
/// merges by union (the same path with different bytes on the two sides is an
/// integrity failure and is never overwritten), and pushes, retrying when the
/// push is rejected because the remote moved on, and, with backoff, while the
/// remote's branch is locked by another push (or by a lock file a killed push
/// left behind). When the push fails after the merge, the error says so: the
/// local branch keeps the merge, and running sync again pushes it. A remote whose store history
/// was rewritten since the last sync, or that removes or changes any record
/// (through any parent of any merge), or that holds another store, is refused.
///
/// Example: signoff sync
/// Example: signoff sync upstream --no-push
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The remote (default: git config signoff.remote, else "origin").
    #[arg(add = crate::complete::remote())]
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
    // Policy versions that two admins made apart meet here: say so.
    if let Ok(snap) = ledger.load() {
        ctx.warn_competing(&snap);
    }
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
    ops::sync::sync(ledger, remote, push).map_err(CliError::from)
}
