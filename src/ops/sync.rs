//! Syncing: exchange the store branch with another copy of it.
//!
//! Fetches the remote's branch, verifies every incoming record and the
//! incoming history (append-only, edge by edge) before anything is merged,
//! merges by union, and pushes, retrying while the remote moves on. What is
//! refused leaves the local branch and the remote-tracking memory as they
//! were.

use serde::Serialize;

use crate::clock::now;
use crate::ledger::{Ledger, LedgerError, Note, Problem};
use crate::store::{Push, Rewrite};

/// How many fetch-merge-push rounds to try before giving up.
const MAX_ROUNDS: usize = 10;

/// Why a sync stopped (nothing it refused was merged).
#[derive(Debug)]
pub enum SyncError {
    /// Neither side has a store.
    NoStore { remote: String },
    /// The remote's branch lacks or changes a record this side holds.
    Lost(String),
    /// The union of both sides does not verify.
    InvalidMerge { remote: String, problem: Problem },
    /// The remote moved on every round.
    KeptMoving { remote: String, rounds: usize },
    /// A tip fetched from the remote before is no longer part of it.
    ForcePushed(String),
    /// The tip this clone verified last is no longer part of the remote's.
    Dropped(String),
    /// The remote's store fails to load (trust chain, store file).
    DoesNotVerify(LedgerError),
    /// Records of the remote's store fail verification.
    InvalidRecords { count: usize, first: Problem },
    /// The remote's history deletes or modifies a record.
    Rewrites(Rewrite),
    /// The remote holds another store (`verified_before`: the one this
    /// clone verified on the branch, rather than the local branch's).
    OtherStore {
        theirs: String,
        ours: String,
        verified_before: bool,
    },
    /// The store, the keys or the records failed.
    Ledger(LedgerError),
}

impl From<LedgerError> for SyncError {
    fn from(e: LedgerError) -> Self {
        SyncError::Ledger(e)
    }
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

/// Fetch, verify, union-merge and (optionally) push, with retries.
pub fn sync(ledger: &Ledger, remote: &str, push: bool) -> Result<Outcome, SyncError> {
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
                return Err(SyncError::NoStore {
                    remote: remote.to_string(),
                });
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
                    return Err(SyncError::Lost(p.clone()));
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
                    &Note::Sync.message(&format!("Merge store from {remote}"), []),
                    (&name, &email),
                    now().as_second(),
                )?;
                let snap = ledger.load_at(&merged)?;
                if let Some(p) = snap.problems.first() {
                    return Err(SyncError::InvalidMerge {
                        remote: remote.to_string(),
                        problem: p.clone(),
                    });
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
    Err(SyncError::KeptMoving {
        remote: remote.to_string(),
        rounds: MAX_ROUNDS,
    })
}

/// Refuses an incoming store whose history was rewritten since the last
/// fetch, that belongs to another store, or that fails verification.
fn check_incoming(
    ledger: &Ledger,
    before: Option<&str>,
    theirs: &str,
    ours: Option<&str>,
) -> Result<(), SyncError> {
    let store = &ledger.store;
    if let Some(prev) = before {
        if !store.is_ancestor(prev, theirs)? {
            return Err(SyncError::ForcePushed(prev.to_string()));
        }
    }
    let snap = ledger.load_at(theirs).map_err(SyncError::DoesNotVerify)?;
    if let Some(p) = snap.problems.first() {
        return Err(SyncError::InvalidRecords {
            count: snap.problems.len(),
            first: p.clone(),
        });
    }
    if let Some(r) = store.rewrites(theirs)?.first() {
        return Err(SyncError::Rewrites(r.clone()));
    }
    // The store this clone verified on the branch before, and every record
    // of the tip it verified last (pinned trust root or not).
    if let Some(seen) = crate::seen::read_verified(store.common_dir(), store.branch()) {
        if seen.store_id != snap.info.store_id {
            return Err(SyncError::OtherStore {
                theirs: snap.info.store_id.clone(),
                ours: seen.store_id,
                verified_before: true,
            });
        }
        if ours.is_none() && !store.is_ancestor(&seen.tip, theirs).unwrap_or(false) {
            return Err(SyncError::Dropped(seen.tip));
        }
    }
    if let Some(o) = ours {
        let mine = ledger.load_at(o)?;
        if mine.info.store_id != snap.info.store_id {
            return Err(SyncError::OtherStore {
                theirs: snap.info.store_id.clone(),
                ours: mine.info.store_id,
                verified_before: false,
            });
        }
    }
    Ok(())
}
