//! Where each record entered the store branch's history, and the time
//! its commit allows (DESIGN §13: "Order comes from history", "Time never
//! runs backwards").
//!
//! The place comes from the commit graph alone (`store::order`): a
//! deliverable's versions are ordered by where their requests entered, and
//! stages by where decisions entered, never by an id or a time a writer
//! chose. Times are bounded by the history: a commit's time is taken as
//! the latest of its own and its parents' (so it never runs backwards), and
//! a record's `at` must lie between its commit's parents' time and its
//! commit's time, each with [`SKEW`] of slack for clocks that differ.
//! `verify` reports a commit dated before a parent and a record outside
//! its window; a load leaves out a record dated after its commit (see
//! [`window_problem`] for why not one dated before).
//!
//! The walk is kept in the index (`index::arrivals`), which extends it with
//! the commits added since the tip it last saw; without the index (`verify`,
//! `sync`, an unwritable repository) it is walked in memory. A shallow
//! clone has no history before its boundary: records there share the
//! boundary's place (ordered by id among themselves), as nothing older is
//! known.

use std::collections::HashMap;

use super::{Ledger, Problem};
use crate::layout;
use crate::state::Entered;
use crate::store::Rewrite;
use crate::store::order::Arrival;

/// How far apart two clocks may be: a record's `at` may run this far ahead
/// of its commit's time, or behind its commit's parents' time.
pub const SKEW: i64 = 300;

/// Whether `path` is a record whose arrival the history keeps.
pub(super) fn keep(path: &str) -> bool {
    matches!(layout::place(path), layout::Place::Record)
}

/// What a walk of part of the history found.
#[derive(Debug, Default)]
pub(super) struct Folded {
    /// Commit id → (place, time as bounded by its parents).
    pub commits: Vec<(String, u64, i64)>,
    /// Record path → where it entered.
    pub records: Vec<(String, Entered)>,
    /// Commits dated before one of their parents.
    pub backwards: Vec<Problem>,
}

/// Folds `arrivals` (in history order) into places from `first` on;
/// `known` gives the bounded time of a commit walked before.
pub(super) fn fold(
    arrivals: Vec<Arrival>,
    first: u64,
    known: &dyn Fn(&str) -> Option<i64>,
) -> Folded {
    let mut out = Folded::default();
    let mut times: HashMap<String, i64> = HashMap::new();
    for (seq, a) in (first..).zip(arrivals) {
        let mut lo: Option<i64> = None;
        let mut raw_parent: Option<i64> = None;
        for p in &a.parents {
            if let Some(t) = times.get(p).copied().or_else(|| known(p)) {
                lo = Some(lo.map_or(t, |l| l.max(t)));
                raw_parent = Some(raw_parent.map_or(t, |r| r.max(t)));
            }
        }
        if let Some(parent) = raw_parent.filter(|p| a.time < *p) {
            out.backwards.push(Problem {
                path: format!("commit {}", &a.id[..12.min(a.id.len())]),
                message: format!(
                    "dated {}, before its parent ({}); time never runs backwards along the store's history",
                    show(a.time),
                    show(parent)
                ),
            });
        }
        let lo = lo.unwrap_or(a.time);
        let hi = a.time.max(lo);
        times.insert(a.id.clone(), hi);
        for path in a.added {
            out.records.push((
                path,
                Entered {
                    seq,
                    lo,
                    hi,
                    own: a.time,
                    authored: a.authored,
                },
            ));
        }
        out.commits.push((a.id, seq, hi));
    }
    out
}

/// Whether a record dated `t` before its commit's parents sits in a
/// commit that `sync` replayed onto a newer tip: the commit was authored
/// before that parent and the record no later than the authoring (plus
/// the skew). Its date then decides nothing (it is judged at its commit's
/// place and time, see `window_problem`), so it is no integrity problem.
fn made_offline(e: &Entered, t: i64) -> bool {
    e.authored < e.lo && t <= e.authored + SKEW
}

fn show(t: i64) -> String {
    jiff::Timestamp::from_second(t).map_or_else(|_| t.to_string(), |t| t.to_string())
}

/// Where each record path of the history at a tip entered it.
#[derive(Debug, Default)]
pub(super) struct Arrived {
    pub paths: HashMap<String, Entered>,
}

impl Ledger {
    /// The whole history of `tip`, walked in memory: where every record
    /// entered it, and the commits dated before a parent. Empty when the
    /// history cannot be read (a shallow clone whose boundary libgit2 cannot
    /// walk): records are then ordered by id and timed by `at` alone.
    pub(super) fn walk_history(&self, tip: &str) -> (Arrived, Vec<Problem>) {
        match self.store.arrivals_since(tip, None, &keep) {
            Ok(Some(arrivals)) => {
                let folded = fold(arrivals, 0, &|_| None);
                (
                    Arrived {
                        paths: folded.records.into_iter().collect(),
                    },
                    folded.backwards,
                )
            }
            _ => (Arrived::default(), Vec::new()),
        }
    }

    /// `verify`'s walk of the history, once: the commits that do not carry
    /// a parent's file over unchanged, then the commits dated before a
    /// parent and each of `records` (path, `at`) outside its commit's
    /// window, among the commits since `since` (an ancestor of `tip` whose
    /// whole history a verify found sound) or all of them. `verify` walks
    /// the history itself: it never trusts the index (docs/SECURITY.md).
    pub fn verify_history(
        &self,
        tip: &str,
        since: Option<&str>,
        records: &[(String, String)],
    ) -> crate::store::Result<(Vec<Rewrite>, Vec<Problem>)> {
        Ok(walk_verified(&self.store, tip, since)?.judge(records))
    }

    /// [`Ledger::verify_history`] started now on a thread of its own (with
    /// its own handle on the repository), so that the walk runs while the
    /// records are checked; [`HistoryCheck::finish`] judges the records'
    /// times once they are known.
    pub fn start_history_check(
        &self,
        tip: &str,
        since: Option<&str>,
    ) -> crate::store::Result<HistoryCheck> {
        let store = self.store.reopen()?;
        let (tip, since) = (tip.to_string(), since.map(str::to_string));
        Ok(HistoryCheck {
            walk: std::thread::spawn(move || walk_verified(&store, &tip, since.as_deref())),
        })
    }
}

/// `verify`'s walk of the history, under way (see
/// [`Ledger::start_history_check`]).
#[derive(Debug)]
pub struct HistoryCheck {
    walk: std::thread::JoinHandle<crate::store::Result<Walked>>,
}

impl HistoryCheck {
    /// Waits for the walk: the commits that rewrite a parent's file, then
    /// the commits dated before a parent and each of `records` (path, `at`)
    /// outside its commit's window.
    pub fn finish(
        self,
        records: &[(String, String)],
    ) -> super::Result<(Vec<Rewrite>, Vec<Problem>)> {
        let walked = self.walk.join().map_err(|_| super::LedgerError::Thread)??;
        Ok(walked.judge(records))
    }
}

/// The history since `since` (or all of it), walked once.
#[derive(Debug)]
struct Walked {
    rewrites: Vec<Rewrite>,
    windows: HashMap<String, Entered>,
    backwards: Vec<Problem>,
}

impl Walked {
    fn judge(self, records: &[(String, String)]) -> (Vec<Rewrite>, Vec<Problem>) {
        let mut problems = self.backwards;
        for (path, at) in records {
            if let Some(p) = window_problem(path, at, self.windows.get(path), true) {
                problems.push(p);
            }
        }
        (self.rewrites, problems)
    }
}

fn walk_verified(
    store: &crate::store::Store,
    tip: &str,
    since: Option<&str>,
) -> crate::store::Result<Walked> {
    let (rewrites, arrivals) = store.rewrites_since(tip, since, &keep)?;
    // Commits checked before were not dated before their parents, so
    // their own time is their bounded time.
    let known = |id: &str| since.and_then(|_| store.commit_time(id));
    let folded = fold(arrivals, 0, &known);
    Ok(Walked {
        rewrites,
        windows: folded.records.into_iter().collect(),
        backwards: folded.backwards,
    })
}

/// The problem of a record dated `at` outside the window its commit
/// allows, if it is; with `before` false, only a record dated after its
/// commit or added by a commit dated before its parent (which only a
/// writer around signoff makes). A load leaves out only those: a record dated before its
/// commit's parents decides nothing by that date (expiry is judged on its
/// commit's time, order and stages on the history), and leaving it out
/// would let one writer who dates a commit ahead silence every honest
/// record after it until the clocks catch up. `verify` reports both.
pub(super) fn window_problem(
    path: &str,
    at: &str,
    entered: Option<&Entered>,
    before: bool,
) -> Option<Problem> {
    window_message(at, crate::clock::seconds(at), entered, before).map(|message| Problem {
        path: path.to_string(),
        message,
    })
}

/// [`window_problem`]'s message for a record dated `at`, already read as
/// `seconds` (the load reads each `at` once).
pub(super) fn window_message(
    at: &str,
    seconds: Option<i64>,
    entered: Option<&Entered>,
    before: bool,
) -> Option<String> {
    let (Some(e), Some(t)) = (entered, seconds) else {
        return None;
    };
    let message = if t > e.own + SKEW {
        format!(
            "record is dated {at}, later than the commit that added it ({})",
            show(e.own)
        )
    } else if e.own < e.lo {
        format!(
            "record was added by a commit dated {}, before its parent ({}); time never runs backwards along the store's history",
            show(e.own),
            show(e.lo)
        )
    } else if before && t < e.lo - SKEW && !made_offline(e, t) {
        format!(
            "record is dated {at}, before the commit it was added on ({}); time never runs backwards along the store's history",
            show(e.lo)
        )
    } else {
        return None;
    };
    Some(message)
}
