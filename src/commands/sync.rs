//! `signoff sync`: exchange the store branch with a remote.

use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, Result};
use crate::ledger::{Ledger, now};
use crate::store::Push;

/// How many fetch-merge-push rounds to try before giving up.
const MAX_ROUNDS: usize = 10;

/// Exchange the store branch with a remote.
///
/// Fetches the remote's store branch with the system git (your SSH keys and
/// credential helpers apply), verifies every incoming record before merging,
/// merges by union (the same path with different bytes on the two sides is an
/// integrity failure and is never overwritten), and pushes, retrying when the
/// push is rejected because the remote moved on. A remote whose store history
/// was rewritten since the last sync, or that removes or changes any record
/// (through any parent of any merge), or that holds another store, is refused.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The remote (default: git config signoff.remote, else "origin").
    pub remote: Option<String>,
    /// Only fetch and merge; do not push.
    #[arg(long)]
    pub no_push: bool,
}

/// What one sync did.
#[derive(Debug, Serialize, Default)]
pub struct Outcome {
    pub remote: String,
    /// `up-to-date`, `fast-forward`, `merged`, `cloned`, or `local-ahead`.
    pub merge: String,
    pub pushed: bool,
    pub tip: String,
    pub rounds: usize,
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

/// Fetch, verify, union-merge and (optionally) push, with retries.
pub fn sync(ledger: &Ledger, remote: &str, push: bool) -> Result<Outcome> {
    let store = &ledger.store;
    let mut outcome = Outcome {
        remote: remote.to_string(),
        ..Outcome::default()
    };
    for round in 1..=MAX_ROUNDS {
        outcome.rounds = round;
        // The last tip seen from this remote: our own tracking ref, or, in a
        // fresh clone, the remote-tracking branch `git clone` made.
        let before = match store.ref_target(&store.tracking_ref(remote))? {
            Some(t) => Some(t),
            None => store.ref_target(&format!("refs/remotes/{remote}/{}", store.branch()))?,
        };
        let theirs = store.fetch(remote)?;
        let ours = store.tip()?;
        if let Some(o) = &ours {
            // A local branch rewritten since this clone verified it is not
            // merged into anything, nor pushed.
            let (info, _) = ledger.store_info(o)?;
            if let Err(e) = crate::seen::check_branch(store, &info.store_id, o) {
                store.reset_tracking(remote, before.as_deref())?;
                return Err(e.into());
            }
        }
        if let Some(theirs) = &theirs {
            if let Err(e) = check_incoming(ledger, before.as_deref(), theirs, ours.as_deref()) {
                store.reset_tracking(remote, before.as_deref())?;
                return Err(e);
            }
        }
        outcome.merge = match (&ours, &theirs) {
            (None, None) => {
                return Err(CliError::not_found(format!(
                    "neither this repository nor {remote} has a store"
                ))
                .hint("run 'signoff init' first"));
            }
            (Some(_), None) => "local-ahead".into(),
            (None, Some(t)) => {
                if !store.advance(None, t)? {
                    continue;
                }
                "cloned".into()
            }
            (Some(o), Some(t)) if o == t => "up-to-date".into(),
            (Some(o), Some(t)) if store.is_ancestor(o, t)? => {
                // Implied by the history check of `theirs`; checked again
                // here, right where a fast-forward would lose it.
                if let Some(p) = store.lost_between(o, t)?.first() {
                    store.reset_tracking(remote, before.as_deref())?;
                    return Err(CliError::integrity(format!(
                        "the remote's store lacks or changes {p}, which this repository holds"
                    ))
                    .hint("nothing was merged; records are append-only"));
                }
                if !store.advance(Some(o), t)? {
                    continue;
                }
                "fast-forward".into()
            }
            (Some(o), Some(t)) if store.is_ancestor(t, o)? => "local-ahead".into(),
            (Some(o), Some(t)) => {
                let name = store
                    .config_string("user.name")
                    .unwrap_or_else(|| "signoff".into());
                let email = store
                    .config_string("user.email")
                    .unwrap_or_else(|| "signoff@signoff.invalid".into());
                let merged = store.union_merge(
                    o,
                    t,
                    &format!("Merge store from {remote}\n\nSignoff-Kind: sync\n"),
                    (&name, &email),
                    now().as_second(),
                )?;
                let snap = ledger.load_at(&merged)?;
                if let Some(p) = snap.problems.first() {
                    return Err(CliError::integrity(format!(
                        "merging {remote} would produce an invalid store: {}: {}",
                        p.path, p.message
                    ))
                    .hint("nothing was merged; run 'signoff verify' on both sides"));
                }
                if !store.advance(Some(o), &merged)? {
                    continue;
                }
                "merged".into()
            }
        };
        let tip = store.tip()?.expect("the store exists after a merge");
        outcome.tip.clone_from(&tip);
        // The incoming tip verified in full (records and history), and so
        // did a merge's result: remember the newest of them that the branch
        // now contains (never moving the memory backwards).
        if let Some(t) = &theirs {
            let id = ledger.store_info(t)?.0.store_id;
            let verified = if outcome.merge == "merged" { &tip } else { t };
            crate::seen::remember_branch(store, &id, verified, false);
        }
        if !push || theirs.as_deref() == Some(tip.as_str()) {
            return Ok(outcome);
        }
        match store.push(remote)? {
            Push::Done => {
                // The remote now holds this tip: remember it, so that a later
                // force-push that drops it is refused as a rewrite.
                store.reset_tracking(remote, Some(&tip))?;
                outcome.pushed = true;
                return Ok(outcome);
            }
            Push::NotFastForward => {}
        }
    }
    Err(CliError::env(format!(
        "{remote} kept moving while syncing; gave up after {MAX_ROUNDS} rounds"
    ))
    .hint("run 'signoff sync' again; everything merged so far is kept"))
}

/// Refuses an incoming store whose history was rewritten since the last
/// fetch, that belongs to another store, or that fails verification.
fn check_incoming(
    ledger: &Ledger,
    before: Option<&str>,
    theirs: &str,
    ours: Option<&str>,
) -> Result<()> {
    let store = &ledger.store;
    if let Some(prev) = before {
        if !store.is_ancestor(prev, theirs)? {
            return Err(CliError::integrity(format!(
                "the remote's store history was rewritten: {} is no longer part of it",
                &prev[..12]
            ))
            .hint("someone force-pushed the store branch; nothing was merged. Compare with 'signoff verify' and restore it from a good clone"));
        }
    }
    let snap = ledger.load_at(theirs).map_err(|e| {
        CliError::integrity(format!("the remote's store does not verify: {}", e.message))
            .hint("nothing was merged")
    })?;
    if let Some(p) = snap.problems.first() {
        return Err(CliError::integrity(format!(
            "the remote's store has {} invalid record(s), e.g. {}: {}",
            snap.problems.len(),
            p.path,
            p.message
        ))
        .hint("nothing was merged; ask whoever pushed it to run 'signoff verify'"));
    }
    if let Some(r) = store.rewrites(theirs)?.first() {
        return Err(CliError::integrity(format!(
            "the remote's store history {} {} (commit {})",
            if r.deleted { "deletes" } else { "modifies" },
            r.path,
            &r.commit[..12]
        ))
        .hint("nothing was merged; records are append-only"));
    }
    // The store this clone verified on the branch before, and every record
    // of the tip it verified last (pinned trust root or not).
    if let Some(seen) = crate::seen::read_verified(store.common_dir(), store.branch()) {
        if seen.store_id != snap.info.store_id {
            return Err(CliError::integrity(format!(
                "the remote holds another store ({}), not the one this clone verified ({})",
                snap.info.store_id, seen.store_id
            ))
            .hint("check the remote; stores are never merged across ids"));
        }
        if ours.is_none() && !store.is_ancestor(&seen.tip, theirs).unwrap_or(false) {
            return Err(CliError::integrity(format!(
                "the remote's store history was rewritten: {} is no longer part of it",
                &seen.tip[..seen.tip.len().min(12)]
            ))
            .hint("nothing was merged; restore the store branch from a trusted clone"));
        }
    }
    if let Some(o) = ours {
        let mine = ledger.load_at(o)?;
        if mine.info.store_id != snap.info.store_id {
            return Err(CliError::integrity(format!(
                "the remote holds another store ({}), not this one ({})",
                snap.info.store_id, mine.info.store_id
            ))
            .hint("check the remote; stores are never merged across ids"));
        }
    }
    Ok(())
}
