//! The verified picture of the store at one tip, and the lookups every
//! command asks of it (a deliverable's versions, whether a request is
//! superseded), answered from an index built once.

use std::collections::{BTreeMap, HashMap};

use crate::layout::Format;
use crate::policy::{Chain, Policy};
use crate::record::{Request, StoreInfo};
use crate::state::RequestRecords;

use super::Problem;

/// A verified picture of the store at one tip.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub tip: String,
    pub info: StoreInfo,
    pub chain: Chain,
    /// Requests by id, with their decisions and comments.
    pub requests: BTreeMap<String, RequestRecords>,
    /// The server's `notified` records by request id: what the link-deciders
    /// were mailed (see `ops::announce`). Never decisions.
    pub notified: BTreeMap<String, Vec<crate::record::Notified>>,
    /// Records left out because they failed a check.
    pub problems: Vec<Problem>,
    /// Number of records whose signature verified.
    pub verified: usize,
    /// Request ids per deliverable, oldest first (by where each entered the
    /// history): built on first use (after `requests` is complete), so that listing every deliverable with its
    /// versions is linear in the store, not a scan of every request for each
    /// deliverable.
    pub(super) by_deliverable: std::sync::OnceLock<HashMap<String, Vec<String>>>,
    /// Records filed where their request is not, until every folder is read
    /// (then they become problems).
    pub(super) orphans: Vec<super::units::Orphan>,
}

impl Snapshot {
    /// How this store lays out its deliverables (checked when loaded).
    #[must_use]
    pub fn layout(&self) -> Format {
        Format::from_number(self.info.format).unwrap_or(Format::NEWEST)
    }

    #[must_use]
    pub fn policy(&self) -> &Policy {
        self.chain.current()
    }

    /// Marks a new decision with the policy version in effect here and the
    /// hash of its exact bytes, so evidence names the rules it was made
    /// under rather than today's.
    pub fn stamp(&self, d: &mut crate::record::Decision) {
        d.policy_version = Some(self.policy().version);
        d.policy_hash = self.chain.hashes.last().cloned();
    }

    fn index(&self) -> &HashMap<String, Vec<String>> {
        self.by_deliverable.get_or_init(|| {
            let mut index: HashMap<String, Vec<String>> = HashMap::new();
            for (id, rr) in &self.requests {
                index
                    .entry(rr.request.deliverable.clone())
                    .or_default()
                    .push(id.clone());
            }
            // Oldest first by where each request entered the branch's
            // history (DESIGN §13), never by the time inside its id; the id
            // only orders requests of one commit, or those from before a
            // shallow clone's boundary (which come first).
            for ids in index.values_mut() {
                ids.sort_by_cached_key(|id| {
                    let place = self
                        .requests
                        .get(id)
                        .and_then(|rr| rr.entered)
                        .map(|e| e.seq);
                    (place.is_some(), place, id.clone())
                });
            }
            index
        })
    }

    /// Requests of one deliverable, oldest first: in the order they entered
    /// the branch's history.
    #[must_use]
    pub fn versions(&self, deliverable: &str) -> Vec<&RequestRecords> {
        self.index()
            .get(deliverable)
            .map(|ids| ids.iter().filter_map(|id| self.requests.get(id)).collect())
            .unwrap_or_default()
    }

    /// Every deliverable name, sorted.
    #[must_use]
    pub fn deliverables(&self) -> Vec<String> {
        let mut names: Vec<String> = self.index().keys().cloned().collect();
        names.sort();
        names
    }

    /// Whether a newer request exists for the same deliverable.
    #[must_use]
    pub fn is_superseded(&self, req: &Request) -> bool {
        self.index()
            .get(&req.deliverable)
            .and_then(|ids| ids.last())
            .is_some_and(|newest| *newest != req.id)
    }

    /// The `vN` label of a request (0 when it is not in this snapshot):
    /// one more than the published (not draft) requests before it. A draft
    /// holds the number of the version it prepares, so publishing it (the
    /// same files requested again without `--draft`) keeps that number:
    /// the client's first version is v1 however many drafts came first.
    #[must_use]
    pub fn version_of(&self, req: &Request) -> usize {
        let Some(ids) = self.index().get(&req.deliverable) else {
            return 0;
        };
        let Some(at) = ids.iter().position(|id| *id == req.id) else {
            return 0;
        };
        1 + ids[..at]
            .iter()
            .filter(|id| self.requests.get(*id).is_some_and(|rr| !rr.request.draft))
            .count()
    }

    /// The newest `vN` of a deliverable (0 when it has none).
    #[must_use]
    pub fn latest_version(&self, deliverable: &str) -> usize {
        self.versions(deliverable)
            .last()
            .map_or(0, |rr| self.version_of(&rr.request))
    }
}
