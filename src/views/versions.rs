//! A deliverable's versions, oldest first: each request with its `vN`,
//! its evaluation, its decisions (with why each counts or not, from
//! `decisions`), and what changed in its files since the version before.
//! `show`, `report`, the certificate and the page read this; none of them
//! numbers versions or evaluates one on its own.

use crate::ledger::Snapshot;
use crate::record::{ManifestEntry, Request};
use crate::state::{self, Evaluation, RequestRecords};

use super::decisions::{DecisionView, decisions};

/// What happened to one file from the version before to this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileChange {
    /// The first version, or a path the version before did not have.
    Added,
    /// Different bytes at the same path.
    Changed,
    /// The same bytes at the same path.
    Same,
}

/// One version of a deliverable.
#[derive(Debug, Clone)]
pub struct VersionView<'s> {
    /// Its `vN` (from 1, in history order).
    pub number: usize,
    pub records: &'s RequestRecords,
    /// Whether a later version replaced it.
    pub superseded: bool,
    pub evaluation: Evaluation,
    pub decisions: Vec<DecisionView<'s>>,
    /// The version before, if any.
    pub previous: Option<&'s Request>,
}

impl<'s> VersionView<'s> {
    /// The request.
    #[must_use]
    pub fn request(&self) -> &'s Request {
        &self.records.request
    }

    /// The file at the same path in the version before, if there is one.
    #[must_use]
    pub fn before(&self, f: &ManifestEntry) -> Option<&'s ManifestEntry> {
        self.previous?.files.iter().find(|o| o.path == f.path)
    }

    /// What happened to file `f` of this version since the version before.
    #[must_use]
    pub fn change(&self, f: &ManifestEntry) -> FileChange {
        match self.before(f) {
            None => FileChange::Added,
            Some(o) if o.sha256 == f.sha256 => FileChange::Same,
            Some(_) => FileChange::Changed,
        }
    }

    /// The paths the version before had and this one has not.
    #[must_use]
    pub fn removed(&self) -> Vec<&'s str> {
        let Some(prev) = self.previous else {
            return Vec::new();
        };
        let files = &self.records.request.files;
        prev.files
            .iter()
            .filter(|o| !files.iter().any(|f| f.path == o.path))
            .map(|o| o.path.as_str())
            .collect()
    }
}

/// The view of one version, `rr`, of its deliverable.
#[must_use]
pub fn version<'s>(snap: &'s Snapshot, rr: &'s RequestRecords) -> VersionView<'s> {
    let req = &rr.request;
    let superseded = snap.is_superseded(req);
    let evaluation = state::evaluate(snap.policy(), rr, superseded);
    let previous = snap
        .versions(&req.deliverable)
        .into_iter()
        .take_while(|v| v.request.id != req.id)
        .last()
        .map(|v| &v.request);
    VersionView {
        number: snap.version_of(req),
        records: rr,
        superseded,
        decisions: decisions(rr, &evaluation),
        evaluation,
        previous,
    }
}

/// Every version of `deliverable`, oldest first.
#[must_use]
pub fn history<'s>(snap: &'s Snapshot, deliverable: &str) -> Vec<VersionView<'s>> {
    let mut previous = None;
    // A draft holds the number of the version it prepares
    // (`Snapshot::version_of`), counted here in one pass.
    let mut published = 0;
    snap.versions(deliverable)
        .into_iter()
        .map(|rr| {
            let superseded = snap.is_superseded(&rr.request);
            let evaluation = state::evaluate(snap.policy(), rr, superseded);
            let number = published + 1;
            if !rr.request.draft {
                published += 1;
            }
            let v = VersionView {
                number,
                records: rr,
                superseded,
                decisions: decisions(rr, &evaluation),
                evaluation,
                previous,
            };
            previous = Some(&rr.request);
            v
        })
        .collect()
}
