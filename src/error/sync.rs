//! The command line's words for a sync that stopped: what happened on each
//! side (the local branch, the remote), and what to do next.

use super::CliError;
use crate::ops::sync::{Applied, SyncError, Unpushed};

// `sync` (and `gate --fetch`, and the server's fetches and pushes) stopped.
impl From<SyncError> for CliError {
    fn from(e: SyncError) -> Self {
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
        SyncError::NotPushed {
            remote,
            applied,
            why,
        } => not_pushed(&remote, applied.as_ref(), why),
        SyncError::AfterApplied { applied, error } => {
            let mut e = CliError::from(*error);
            e.message = format!(
                "{} (this sync had already {}; the local branch keeps that)",
                e.message,
                took_in(&applied)
            );
            for h in &mut e.hints {
                *h = h
                    .replace("nothing was merged", "nothing more was merged")
                    .replace("nothing was changed", "nothing more was changed");
            }
            e
        }
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
}

/// What a sync did to the local branch, in words.
fn took_in(a: &Applied) -> String {
    format!(
        "taken in {} record{} from the remote ({})",
        a.records,
        if a.records == 1 { "" } else { "s" },
        a.merge
    )
}

/// A sync that did not push: what happened on each side, and what to do.
fn not_pushed(remote: &str, applied: Option<&Applied>, why: Unpushed) -> CliError {
    let local = match applied {
        Some(a) => format!(
            "locally, this sync fetched from {remote} and {}: the local store branch now holds the merge, which {remote} does not have yet",
            took_in(a).replacen("taken", "took", 1)
        ),
        None => format!(
            "locally, nothing was changed; the local store branch still holds records {remote} does not have"
        ),
    };
    let again = "run 'signoff sync' again to push".to_string();
    match why {
        Unpushed::Locked { lock, attempts } => CliError::env(format!(
            "could not push to {remote}: its store branch is locked ({lock}), and stayed locked through {attempts} attempts; {local}"
        ))
        .hint(format!("another push to {remote} may be running: wait, then {again}"))
        .hint(format!(
            "if no push is running, a killed push left the lock behind: remove {lock} on the remote, then {again}"
        )),
        Unpushed::Refused(reason) => CliError::env(format!(
            "{remote} refused the push: {reason}; {local}"
        ))
        .hint(format!(
            "the remote's hooks or branch protection refuse pushes to the store branch: ask whoever runs {remote}, then {again}"
        )),
        Unpushed::Failed(reason) => CliError::env(format!(
            "the push to {remote} did not complete: {reason}; {local}"
        ))
        .hint(format!("check the remote ('git remote -v') and your network, then {again}")),
        Unpushed::KeptMoving { rounds } => CliError::env(format!(
            "{remote} kept moving while syncing; gave up after {rounds} rounds; {local}"
        ))
        .hint(format!("{again}; everything merged so far is kept")),
    }
}
