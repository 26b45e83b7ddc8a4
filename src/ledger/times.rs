//! Times in decision records: a decision's `at` is what its signer wrote,
//! so it is checked against times the signer does not choose alone.
//!
//! A decision whose `at` is not an RFC 3339 time, is dated before its
//! request or later than the commit that added it (beyond [`SKEW`]), or
//! lies far in the future ([`FUTURE`]) is reported as a problem and left
//! out. The commit's
//! time is kept with the request (`RequestRecords::committed`) so that
//! expiry is judged on the later of `at` and that time.
//!
//! Finding the commit that added a record walks the branch's history, so
//! a load does it only for decisions on requests past their expiry and
//! decisions dated later than the branch tip's commit; `verify` checks
//! every decision against its commit during the history walk it makes
//! anyway ([`late_decisions`]). Without history (a
//! shallow clone, e.g. CI checking out with depth 1) commit times are
//! unknown: `at` alone is checked, against the request and the clock.

use std::collections::{BTreeSet, HashMap};

use super::{Ledger, Problem, Snapshot};

/// How far apart two clocks may be: a decision's `at` may run this far
/// ahead of its commit, or behind its request (written on another machine).
pub const SKEW: i64 = 300;
/// How far ahead of this machine's clock a decision may be dated: another
/// machine's clock may be wrong; a day ahead is not a clock, it is a claim.
pub const FUTURE: i64 = 86_400;

use crate::clock::seconds as parse;

/// Checks every decision's time in `snap`, dropping the ones that fail.
/// The adding commit is looked up only for decisions on expired requests
/// and decisions dated after the tip (see the module comment). Returns the
/// paths of the decisions it looked up.
pub(super) fn check(ledger: &Ledger, snap: &mut Snapshot) -> BTreeSet<String> {
    check_with(ledger, snap, true)
}

/// [`check`]; with `look_up` false, no commit is looked up (the caller
/// checks every decision against its commit itself: `verify`, with
/// [`late_decisions`]) and nothing is returned.
pub(super) fn check_with(ledger: &Ledger, snap: &mut Snapshot, look_up: bool) -> BTreeSet<String> {
    let layout = snap.layout();
    let now = crate::clock::now().as_second();
    // The tip's commit time: a decision dated later than it (beyond the
    // skew) is looked up even in a one-deliverable load; honest records
    // are not, as they predate the commit that holds the tip.
    let tip_time = ledger.store.history_time(&snap.tip).and_then(|t| parse(&t));
    let mut problems = Vec::new();
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    for rr in snap.requests.values_mut() {
        let req_at = parse(&rr.request.at);
        let expired = rr
            .request
            .expires
            .as_deref()
            .and_then(parse)
            .is_some_and(|e| e <= now);
        rr.decisions.retain(|d| {
            let path = layout.decision_path(&d.deliverable, &d.request, &d.id);
            let message = match parse(&d.at) {
                None => format!("decision time {:?} is not an RFC 3339 time", d.at),
                Some(at) if req_at.is_some_and(|r| at < r - SKEW) => format!(
                    "decision is dated {}, before its request ({})",
                    d.at, rr.request.at
                ),
                Some(at) if at > now + FUTURE => {
                    format!("decision is dated {}, in the future", d.at)
                }
                Some(at) => {
                    if expired || tip_time.is_some_and(|t| at > t + SKEW) {
                        wanted.insert(path);
                    }
                    return true;
                }
            };
            problems.push(Problem { path, message });
            false
        });
    }
    if !look_up {
        wanted.clear();
    }
    if !wanted.is_empty() {
        if let Some(added) = added_times(ledger, &snap.tip, &wanted) {
            for rr in snap.requests.values_mut() {
                let committed = &mut rr.committed;
                rr.decisions.retain(|d| {
                    let path = layout.decision_path(&d.deliverable, &d.request, &d.id);
                    let Some(&c) = added.get(&path) else {
                        return true;
                    };
                    let at = parse(&d.at).unwrap_or(c);
                    if at > c + SKEW {
                        problems.push(after_commit(path, &d.at, c));
                        return false;
                    }
                    committed.insert(d.id.clone(), c);
                    true
                });
            }
        }
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    snap.problems.extend(problems);
    wanted
}

/// Decisions, given as `(path, at)`, dated later than the commit that added
/// them (beyond [`SKEW`]), given each record path's adding commit time
/// (`added`, from the history walk `verify` makes).
#[must_use]
pub fn late_decisions<S: std::hash::BuildHasher>(
    decisions: &[(String, String)],
    added: &HashMap<String, i64, S>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (path, at_text) in decisions {
        let (Some(&c), Some(at)) = (added.get(path), parse(at_text)) else {
            continue;
        };
        if at > c + SKEW {
            problems.push(after_commit(path.clone(), at_text, c));
        }
    }
    problems
}

/// The time of the oldest commit that added each of `paths`, from the
/// branch's history; `None` without full history.
fn added_times(
    ledger: &Ledger,
    tip: &str,
    paths: &BTreeSet<String>,
) -> Option<HashMap<String, i64>> {
    if ledger.store.common_dir().join("shallow").exists() {
        return None;
    }
    // Oldest first, one commit at a time (nothing of the history is kept
    // but the answer): the first commit adding a path is the one.
    let mut out = HashMap::new();
    ledger
        .store
        .for_each_commit(tip, |c| -> Result<(), crate::store::StoreError> {
            for e in c.added {
                if paths.contains(&e.path) {
                    out.entry(e.path).or_insert(c.time);
                }
            }
            Ok(())
        })
        .ok()?;
    Some(out)
}

/// The problem of a decision dated `at` later than the commit (at `commit`
/// seconds) that added it.
fn after_commit(path: String, at: &str, commit: i64) -> Problem {
    let when = jiff::Timestamp::from_second(commit)
        .map(|t| t.to_string())
        .unwrap_or_default();
    Problem {
        path,
        message: format!("decision is dated {at}, later than the commit that added it ({when})"),
    }
}
