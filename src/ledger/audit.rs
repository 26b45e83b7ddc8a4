//! Judging records one at a time, for readers that stream (`log`).
//!
//! `log` prints events as it walks history; waiting for a full load of a
//! large store before the first line would take seconds. An `Audit` holds
//! only the verified policy chain and answers, for one record path, what a
//! full load would have concluded: whether the record at the tip verifies
//! (`check_record`, plus the checks against its request that `load_records`
//! makes), and the `vN` label of a request. Requests are checked once and
//! remembered, so a whole log costs about one signature check per record.

use std::collections::HashMap;

use super::Result;
use super::check::check_record;
use super::{Ledger, Snapshot, par, scope::Load};
use crate::record::{Record, Request};

/// The store's head (store file and policy chain) plus memos.
pub struct Audit<'l> {
    ledger: &'l Ledger,
    head: Snapshot,
    keys: par::Signers,
    /// Request path → the request, when its record verifies.
    requests: HashMap<String, Option<Request>>,
    /// Deliverable → ids of its verified requests, oldest first.
    versions: HashMap<String, Vec<String>>,
}

impl Ledger {
    /// Opens the store at its tip for a streaming reader: the policy chain
    /// is verified (and checked against rollback) as `load` does, records
    /// are judged one by one on demand.
    pub fn audit(&self) -> Result<Audit<'_>> {
        let tip = self.tip()?;
        let head = self.load_scope(&tip, Load::Head)?;
        self.check_rollback(&head)?;
        Ok(Audit {
            ledger: self,
            keys: par::keys(&head.chain),
            head,
            requests: HashMap::new(),
            versions: HashMap::new(),
        })
    }
}

impl Audit<'_> {
    /// The tip, store file and policy chain (no records).
    #[must_use]
    pub fn head(&self) -> &Snapshot {
        &self.head
    }

    /// Reads and checks the record at `path` in the tip. `None` when there is
    /// no such file; `Err(message)` when a full load would list it as a problem.
    fn check(&self, path: &str) -> Result<Option<std::result::Result<Record, String>>> {
        let store = &self.ledger.store;
        let tip = &self.head.tip;
        let Some(blob) = store.blob_id(tip, path)? else {
            return Ok(None);
        };
        let Some(sig) = store.blob_id(tip, &crate::layout::sig_path(path))? else {
            return Ok(Some(Err("record has no signature file".into())));
        };
        let bytes = store.read_blob(&blob)?;
        let sig = store.read_blob(&sig)?;
        Ok(Some(check_record(
            &self.head.info.store_id,
            self.head.layout(),
            path,
            &bytes,
            &sig,
            &self.keys.keys,
            &self.keys.attesters,
        )))
    }

    /// The request `id` of `deliverable`, when its record verifies.
    fn request(&mut self, deliverable: &str, id: &str) -> Result<Option<Request>> {
        let path = self.head.layout().request_path(deliverable, id);
        if let Some(r) = self.requests.get(&path) {
            return Ok(r.clone());
        }
        let found = match self.check(&path)? {
            Some(Ok(Record::Request(r))) => Some(r),
            _ => None,
        };
        self.requests.insert(path, found.clone());
        Ok(found)
    }

    /// Whether a full load at the tip would accept the record at `path`
    /// (a record that is no longer at the tip is not judged: `true`).
    pub fn record_ok(&mut self, path: &str) -> Result<bool> {
        let rec = match self.check(path)? {
            None => return Ok(true),
            Some(Err(_)) => return Ok(false),
            Some(Ok(rec)) => rec,
        };
        let Some(req) = self.request(rec.deliverable(), rec.request_id())? else {
            return Ok(false);
        };
        Ok(match rec {
            Record::Request(_) => true,
            Record::Decision(d) => d.deliverable == req.deliverable && d.content == req.content,
            Record::Comment(c) => c.deliverable == req.deliverable,
        })
    }

    /// The `vN` label of request `id` of `deliverable`, as a full load gives
    /// it: its place among the deliverable's verified requests.
    pub fn version_of(&mut self, deliverable: &str, id: &str) -> Result<Option<usize>> {
        if self.request(deliverable, id)?.is_none() {
            return Ok(None);
        }
        if !self.versions.contains_key(deliverable) {
            let dir = self.head.layout().deliverable_dir(deliverable);
            let mut ids: Vec<String> = Vec::new();
            for sub in self.ledger.store.subdirs(&self.head.tip, &dir)? {
                if crate::layout::is_record_id(&sub) && self.request(deliverable, &sub)?.is_some() {
                    ids.push(sub);
                }
            }
            ids.sort();
            self.versions.insert(deliverable.to_string(), ids);
        }
        Ok(self
            .versions
            .get(deliverable)
            .map(|ids| ids.iter().filter(|r| r.as_str() <= id).count()))
    }
}
