//! Judging records one at a time, for readers that stream (`log`).
//!
//! `log` prints events as it walks history. An `Audit` answers, for one
//! record path, what a full load at the tip concludes: whether the record
//! is accepted, the `vN` label of a request, and the parsed record itself
//! (so that a record at the tip is not read and parsed a second time). It
//! is built from the snapshot of the tip through the index (`index`), so
//! after the first run it costs a read of the index, not one signature
//! check per record; the answers are those of a full load by construction.

use std::collections::{HashMap, HashSet};

use super::Result;
use super::{Ledger, Snapshot};
use crate::record::{Comment, Decision, Request};

/// A record of the tip, as the snapshot holds it.
#[derive(Debug, Clone, Copy)]
pub enum Held<'a> {
    Request(&'a Request),
    Decision(&'a Decision),
    Comment(&'a Comment),
}

/// The store at its tip, with lookups by record path.
pub struct Audit {
    snap: Snapshot,
    /// Paths a full load reports as problems.
    failing: HashSet<String>,
    /// Record path → (request id, index into decisions or comments; `None`
    /// for the request itself, `Some((true, i))` for decision `i`,
    /// `Some((false, i))` for comment `i`).
    by_path: HashMap<String, (String, Option<(bool, usize)>)>,
}

impl Ledger {
    /// Opens the store at its tip for a streaming reader: loaded and
    /// checked as `load` does (through the index), with lookups by path.
    pub fn audit(&self) -> Result<Audit> {
        let snap = self.load()?;
        let failing = snap.problems.iter().map(|p| p.path.clone()).collect();
        let layout = snap.layout();
        let mut by_path = HashMap::new();
        for (id, rr) in &snap.requests {
            let r = &rr.request;
            by_path.insert(layout.request_path(&r.deliverable, id), (id.clone(), None));
            for (i, d) in rr.decisions.iter().enumerate() {
                by_path.insert(
                    layout.decision_path(&d.deliverable, &d.request, &d.id),
                    (id.clone(), Some((true, i))),
                );
            }
            for (i, c) in rr.comments.iter().enumerate() {
                by_path.insert(
                    layout.comment_path(&c.deliverable, &c.request, &c.id),
                    (id.clone(), Some((false, i))),
                );
            }
        }
        Ok(Audit {
            snap,
            failing,
            by_path,
        })
    }
}

impl Audit {
    /// The verified picture of the tip.
    #[must_use]
    pub fn head(&self) -> &Snapshot {
        &self.snap
    }

    /// The accepted record at `path` in the tip, parsed.
    #[must_use]
    pub fn held(&self, path: &str) -> Option<Held<'_>> {
        let (id, which) = self.by_path.get(path)?;
        let rr = self.snap.requests.get(id)?;
        Some(match which {
            None => Held::Request(&rr.request),
            Some((true, i)) => Held::Decision(rr.decisions.get(*i)?),
            Some((false, i)) => Held::Comment(rr.comments.get(*i)?),
        })
    }

    /// Whether a full load at the tip accepts the record at `path` (a
    /// record that is no longer at the tip is not judged: `true`).
    #[must_use]
    pub fn record_ok(&self, path: &str) -> bool {
        !self.failing.contains(path)
    }

    /// The `vN` label of request `id` of `deliverable`, as a full load gives
    /// it: its place among the deliverable's verified requests.
    #[must_use]
    pub fn version_of(&self, deliverable: &str, id: &str) -> Option<usize> {
        let rr = self.snap.requests.get(id)?;
        (rr.request.deliverable == deliverable).then(|| self.snap.version_of(&rr.request))
    }
}
