//! `signoff sync`: exchange the store branch with a remote.

use super::Ctx;
use crate::error::{CliError, Result};
use crate::ledger::Ledger;
use crate::ops::{self, sync::Outcome};

/// Exchange the store branch with a remote.
///
/// Fetches the remote's store branch with the system git (your SSH keys and
/// credential helpers apply), verifies every incoming record before taking
/// it in, re-creates your local-only store commits on the remote's tip, each
/// signed again with your key (records are independent files, so this never
/// conflicts; the same path with different bytes on the two sides is an
/// integrity failure and is never overwritten; the branch stays linear and
/// signed, as branch protection wants), and pushes, retrying when the
/// push is rejected because the remote moved on, and, with backoff, while the
/// remote's branch is locked by another push (or by a lock file a killed push
/// left behind). When the push fails after the rebase, the error says so: the
/// local branch keeps it, and running sync again pushes it. A remote whose store history
/// was rewritten since the last sync, or that removes or changes any record
/// (through any parent of any merge), or that holds another store, is refused.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  signoff sync\n  signoff sync upstream --no-push\n  signoff sync git@git.example.com:team/app.git"
)]
pub struct Args {
    /// The remote: a name or a URL (default: git config signoff.remote,
    /// else "origin").
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
    // Local commits re-created on the remote's tip are signed with your
    // key; without one they go unsigned (and the warning says so).
    let signer = ctx.signer(&ledger.store);
    let out = sync(&ledger, &remote, !args.no_push, signer.as_ref().ok())?;
    if out.unsigned > 0 {
        let why = signer
            .err()
            .map_or_else(String::new, |e| format!(" ({})", e.message));
        ctx.out.warn(&format!(
            "{} local commit(s) were re-created on the remote's tip without a signature{why}; a remote that requires signed commits refuses them",
            out.unsigned
        ));
    }
    if let Some(run) = ops::landed::after_push(&ledger, &out) {
        if !run.ok {
            let said = if run.said.is_empty() {
                String::new()
            } else {
                format!(": {}", run.said)
            };
            ctx.out.warn(&format!(
                "the records landed, but the push hook ({} = {}) failed{said}",
                ops::landed::KEY,
                run.command
            ));
        }
    }
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

/// Fetch, verify, rebase and (optionally) push, with the command line's
/// words for a refusal (`gate --fetch` syncs the same way).
pub fn sync(
    ledger: &Ledger,
    remote: &str,
    push: bool,
    signer: Option<&crate::sign::Signer>,
) -> Result<Outcome> {
    ops::sync::sync(ledger, remote, push, signer).map_err(CliError::from)
}
