//! Syncing: exchange the store branch with another copy of it.
//!
//! Fetches the remote's branch, verifies every incoming record and the
//! incoming history (append-only, edge by edge) before anything is taken
//! in, re-creates this side's local-only commits on the remote's tip (each
//! re-signed: the branch stays linear and signed, as a forge's branch
//! protection wants; older merge-shaped histories are still read), and pushes, retrying while the remote moves on and
//! while the remote's ref is locked (by a concurrent push, or by a lock file
//! a killed push left), with backoff. What is refused leaves the local
//! branch and the remote-tracking memory as they were.
//!
//! A sync changes two sides, and a failure says what happened on each: once
//! the local branch took in the remote's records, every later failure (a
//! locked, refused or failed push, a fetch that fails on a retry) carries
//! what was merged locally ([`Applied`]), so nobody is told "nothing was
//! changed" about a branch that changed.

use serde::Serialize;

use crate::clock::now;
use crate::ledger::{Ledger, LedgerError, Problem};
use crate::seen::Checked;
use crate::sign::Signer;
use crate::store::{Push, Rebased, Rewrite};

/// How many fetch-merge-push rounds to try before giving up.
const MAX_ROUNDS: usize = 10;

/// How many pushes to try while the remote's ref is locked, and the first
/// wait between them (doubled each time, at most [`LOCK_WAIT_MAX`]).
const LOCK_ATTEMPTS: u32 = 6;
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(250);
const LOCK_WAIT_MAX: std::time::Duration = std::time::Duration::from_secs(2);

/// What a sync had already done to the local branch when it stopped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// `fast-forward`, `rebased` or `cloned`.
    pub merge: String,
    /// Records the local branch took in from the remote.
    pub records: usize,
}

/// Why the local branch was not pushed.
#[derive(Debug)]
pub enum Unpushed {
    /// The remote's ref stayed locked through every attempt; holds the
    /// lock file (or git's words).
    Locked { lock: String, attempts: u32 },
    /// The remote refused the push (a hook, branch protection).
    Refused(String),
    /// The push, or the fetch of a later round, did not complete.
    Failed(String),
    /// The remote moved on every round.
    KeptMoving { rounds: usize },
}

/// Why a sync stopped (nothing it refused was merged).
#[derive(Debug)]
pub enum SyncError {
    /// Neither side has a store.
    NoStore { remote: String },
    /// The remote's branch lacks or changes a record this side holds.
    Lost(String),
    /// The union of both sides does not verify.
    InvalidMerge { remote: String, problem: Problem },
    /// The local branch could not be pushed (`applied`: what this sync
    /// had merged locally first, if anything).
    NotPushed {
        remote: String,
        applied: Option<Applied>,
        why: Unpushed,
    },
    /// A later round failed after an earlier one had changed the local
    /// branch (which keeps what it took in).
    AfterApplied {
        applied: Applied,
        error: Box<SyncError>,
    },
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
    /// `up-to-date`, `fast-forward`, `rebased`, `cloned`, or `local-ahead`.
    pub merge: String,
    pub pushed: bool,
    pub tip: String,
    pub rounds: usize,
    /// Local commits re-created on the remote's tip without a signature
    /// (no key was at hand): a remote that requires signed commits
    /// refuses them.
    #[serde(skip_serializing_if = "is_zero")]
    pub unsigned: usize,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde hands a reference
fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Re-creates the local-only commits of `ours` on `theirs`, committed by
/// this clone's git identity and signed by `signer` when given.
fn rebase(
    ledger: &Ledger,
    ours: &str,
    theirs: &str,
    signer: Option<&Signer>,
) -> Result<Rebased, SyncError> {
    let store = &ledger.store;
    let name = store
        .config_string("user.name")
        .unwrap_or_else(|| "signoff".into());
    let email = store
        .config_string("user.email")
        .unwrap_or_else(|| "signoff@signoff.invalid".into());
    let sign = signer.map(crate::ledger::commit_signer);
    Ok(store.rebase_onto(
        ours,
        theirs,
        (&name, &email, now().as_second()),
        sign.as_ref(),
    )?)
}

/// Fetch, verify, rebase local-only commits onto the remote's tip and
/// (optionally) push, with retries. Re-created commits are signed with
/// `signer` (git's SSH commit signature) when given.
pub fn sync(
    ledger: &Ledger,
    remote: &str,
    push: bool,
    signer: Option<&Signer>,
) -> Result<Outcome, SyncError> {
    let mut applied: Option<Applied> = None;
    let synced = sync_rounds(ledger, remote, push, signer, &mut applied);
    if synced.is_ok() {
        // git's housekeeping, as after any write (`store::housekeeping`).
        ledger.store.housekeep_in_background();
    }
    synced.map_err(|e| match (e, applied) {
        (e @ (SyncError::NotPushed { .. } | SyncError::AfterApplied { .. }), _) | (e, None) => e,
        (e, Some(applied)) => SyncError::AfterApplied {
            applied,
            error: Box::new(e),
        },
    })
}

fn sync_rounds(
    ledger: &Ledger,
    remote: &str,
    push: bool,
    signer: Option<&Signer>,
    applied: &mut Option<Applied>,
) -> Result<Outcome, SyncError> {
    let store = &ledger.store;
    let mut outcome = Outcome {
        remote: remote.to_string(),
        ..Outcome::default()
    };
    let mut locked = 0;
    let mut round = 0;
    while round < MAX_ROUNDS {
        round += 1;
        outcome.rounds = round;
        let Fetched {
            before,
            theirs,
            ours,
        } = fetch(ledger, remote, applied.as_ref())?;
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
                if !rebase_onto(ledger, remote, o, t, signer, &mut outcome)? {
                    continue;
                }
                "rebased".into()
            }
        };
        let tip = store.local_tip()?.expect("the store exists after a merge");
        outcome.tip.clone_from(&tip);
        if ours.as_deref() != Some(tip.as_str()) {
            let records = store.records_added(ours.as_deref(), &tip)?;
            let a = applied.get_or_insert_with(Applied::default);
            a.merge.clone_from(&outcome.merge);
            a.records += records;
        }
        // The incoming tip verified in full (records and history), and so
        // did a merge's result: remember the newest of them that the branch
        // now contains (never moving the memory backwards).
        if let Some(t) = &theirs {
            let id = ledger.store_info(t)?.0.store_id;
            let verified = if outcome.merge == "rebased" { &tip } else { t };
            crate::seen::remember_branch(store, &id, verified, false);
        }
        if !push || theirs.as_deref() == Some(tip.as_str()) {
            return Ok(outcome);
        }
        let not_pushed = |why| SyncError::NotPushed {
            remote: remote.to_string(),
            applied: applied.clone(),
            why,
        };
        match store.push(remote)? {
            Push::Done => {
                // The remote now holds this tip: remember it, so that a later
                // force-push that drops it is refused as a rewrite.
                store.reset_tracking(remote, Some(&tip))?;
                outcome.pushed = true;
                return Ok(outcome);
            }
            Push::NotFastForward => {}
            Push::Locked(lock) => {
                locked += 1;
                if locked >= LOCK_ATTEMPTS {
                    return Err(not_pushed(Unpushed::Locked {
                        lock,
                        attempts: locked,
                    }));
                }
                // Waiting on a lock is not the remote moving on: the round
                // does not count.
                round -= 1;
                std::thread::sleep((LOCK_WAIT * 2u32.pow(locked - 1)).min(LOCK_WAIT_MAX));
            }
            Push::Refused(why) => return Err(not_pushed(Unpushed::Refused(why))),
            Push::Failed(why) => return Err(not_pushed(Unpushed::Failed(why))),
        }
    }
    Err(SyncError::NotPushed {
        remote: remote.to_string(),
        applied: applied.clone(),
        why: Unpushed::KeptMoving { rounds: MAX_ROUNDS },
    })
}

/// One round's view of both sides: the remote's tip as this clone last
/// saw it (`before`), as fetched now (`theirs`, checked: its history and
/// records), and the local branch's (`ours`, checked against what this
/// clone verified on it).
struct Fetched {
    before: Option<String>,
    theirs: Option<String>,
    ours: Option<String>,
}

fn fetch(ledger: &Ledger, remote: &str, applied: Option<&Applied>) -> Result<Fetched, SyncError> {
    let store = &ledger.store;
    // The last tip seen from this remote: our own tracking ref, or, in a
    // fresh clone, the remote-tracking branch `git clone` made.
    let before = match store.ref_target(&store.tracking_ref(remote))? {
        Some(t) => Some(t),
        // (A remote given as a URL has none: its name is no ref name.)
        None => store
            .ref_target(&format!("refs/remotes/{remote}/{}", store.branch()))
            .ok()
            .flatten(),
    };
    let theirs = match store.fetch(remote) {
        Ok(t) => t,
        Err(crate::store::StoreError::Unreachable { detail, .. }) if applied.is_some() => {
            return Err(SyncError::NotPushed {
                remote: remote.to_string(),
                applied: applied.cloned(),
                why: Unpushed::Failed(detail),
            });
        }
        Err(e) => return Err(e.into()),
    };
    // The local branch only: a store read from a remote-tracking
    // branch is not a local side to rebase or push.
    let ours = store.local_tip()?;
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
    Ok(Fetched {
        before,
        theirs,
        ours,
    })
}

/// Re-creates the local-only commits `o` has on the remote's tip `t`,
/// checks the result and moves the branch to it; `false` when the branch
/// moved meanwhile (the round is played again).
fn rebase_onto(
    ledger: &Ledger,
    remote: &str,
    o: &str,
    t: &str,
    signer: Option<&Signer>,
    outcome: &mut Outcome,
) -> Result<bool, SyncError> {
    let store = &ledger.store;
    let rebased = rebase(ledger, o, t, signer)?;
    let base = checked_base(ledger, t);
    let snap = check_tip(ledger, &rebased.tip, base.as_deref())?;
    if let Some(p) = snap.problems.first() {
        return Err(SyncError::InvalidMerge {
            remote: remote.to_string(),
            problem: p.clone(),
        });
    }
    // The tip this clone remembers as verified may be a local
    // commit about to be replaced: first remember the newest
    // commit both sides share, which the branch contains before
    // and after the move, so that a sync killed between the
    // move and the memory never finds its history "rewritten".
    let id = &snap.info.store_id;
    if let Some(base) = &rebased.base {
        crate::seen::remember_branch(store, id, base, true);
    }
    if !store.advance(Some(o), &rebased.tip)? {
        return Ok(false);
    }
    // The local commits were re-created on the remote's tip: the
    // remembered tip moves to the new one.
    crate::seen::remember_branch(store, id, &rebased.tip, true);
    crate::seen::remember_checked(store, id, &rebased.tip, Checked::Synced);
    if signer.is_none() {
        outcome.unsigned += rebased.commits;
    }
    Ok(true)
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
    let base = checked_base(ledger, theirs);
    let snap = check_tip(ledger, theirs, base.as_deref()).map_err(SyncError::DoesNotVerify)?;
    if let Some(p) = snap.problems.first() {
        return Err(SyncError::InvalidRecords {
            count: snap.problems.len(),
            first: p.clone(),
        });
    }
    let (rewrites, _) = store.rewrites_since(theirs, base.as_deref(), &|_| false)?;
    if let Some(r) = rewrites.first() {
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
        let (mine, _) = ledger.store_info(o)?;
        if mine.store_id != snap.info.store_id {
            return Err(SyncError::OtherStore {
                theirs: snap.info.store_id.clone(),
                ours: mine.store_id,
                verified_before: false,
            });
        }
    }
    crate::seen::remember_checked(store, &snap.info.store_id, theirs, Checked::Synced);
    Ok(())
}

/// A tip of this branch whose every record and commit was checked before
/// (by `verify`, or by an earlier `sync`) and that `tip` contains: only
/// what came after it needs checking again.
fn checked_base(ledger: &Ledger, tip: &str) -> Option<String> {
    let store = &ledger.store;
    [Checked::Synced, Checked::Audited]
        .into_iter()
        .filter_map(|by| crate::seen::read_checked(store.common_dir(), store.branch(), by))
        .find(|v| v.tip != tip && store.is_ancestor(&v.tip, tip).unwrap_or(false))
        .map(|v| v.tip)
}

/// Loads and checks `tip`: in full, or from `base` on (the request folders
/// unchanged since `base` were checked then). The store file, the policy
/// chain and the files outside request folders are checked in full either
/// way.
fn check_tip(
    ledger: &Ledger,
    tip: &str,
    base: Option<&str>,
) -> crate::ledger::Result<crate::ledger::Snapshot> {
    match base {
        Some(b) => ledger.load_since(b, tip).map(|(snap, _)| snap),
        None => ledger.load_at(tip),
    }
}
