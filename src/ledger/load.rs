//! Loading: the store file, the policy chain and every record at one tip,
//! each checked before it is believed (see `check` for one record).

use std::collections::{BTreeMap, HashMap};

use super::check::check_manifest;
use super::{Ledger, Problem, Snapshot, cache, par, scope, times};
use super::{LedgerError, Result};
use crate::layout;
use crate::policy::{self, VersionFiles};
use crate::record::{self, Record, StoreInfo};
use crate::sign::Key;
use crate::state::RequestRecords;

impl Ledger {
    fn read_required(&self, tip: &str, path: &str) -> Result<Vec<u8>> {
        self.store
            .read(tip, path)?
            .ok_or_else(|| LedgerError::Missing {
                path: path.to_string(),
            })
    }

    /// `signoff.toml` at `tip`, parsed, with its exact bytes. Its errors are
    /// about that file alone, so `verify` can report them under its path.
    pub fn store_info(&self, tip: &str) -> Result<(StoreInfo, Vec<u8>)> {
        let info_bytes = self.read_required(tip, layout::STORE_FILE)?;
        let info: StoreInfo =
            record::parse_as(&info_bytes).map_err(|e| LedgerError::BadStoreFile(e.to_string()))?;
        if info.schema != record::SCHEMA_STORE {
            return Err(LedgerError::NewerStore {
                found: info.schema,
                known: record::SCHEMA_STORE,
            });
        }
        if layout::Format::from_number(info.format).is_none() {
            return Err(LedgerError::UnknownFormat(info.format));
        }
        Ok((info, info_bytes))
    }

    /// The candidate policy versions at `tip`, and the paths under
    /// `policy/` that are not a version file or its signature by the
    /// layout's exact names (`NNNNNN.toml`, `NNNNNN-<hash>.toml`, each with
    /// `<name>.sig.d/<person>.sig`).
    pub fn policy_versions(&self, tip: &str) -> Result<(Vec<VersionFiles>, Vec<Problem>)> {
        let entries = self.store.walk(tip, layout::POLICY_DIR)?;
        let mut problems = Vec::new();
        let mut versions: BTreeMap<String, VersionFiles> = BTreeMap::new();
        let mut sigs = Vec::new();
        for e in &entries {
            match layout::place(&e.path) {
                layout::Place::PolicyVersion {
                    stem,
                    version,
                    hash,
                } => {
                    let bytes = self.store.read_blob(&e.blob)?;
                    if let Some(h) = hash {
                        if !crate::content::sha256_tagged(&bytes)[7..].starts_with(h) {
                            problems.push(Problem {
                                path: e.path.clone(),
                                message: "its name does not match the hash of its content".into(),
                            });
                            continue;
                        }
                    }
                    versions.insert(
                        stem.to_string(),
                        VersionFiles {
                            version,
                            path: e.path.clone(),
                            hashed: hash.is_some(),
                            bytes,
                            signatures: Vec::new(),
                        },
                    );
                }
                layout::Place::PolicySig { stem, person, .. }
                    if policy::check_person_id(person).is_ok() =>
                {
                    sigs.push((stem, person, e));
                }
                _ => problems.push(Problem {
                    path: e.path.clone(),
                    message: "unexpected file in the policy folder; it holds only policy/NNNNNN.toml (or NNNNNN-<hash>.toml) and NNNNNN.sig.d/<person>.sig".into(),
                }),
            }
        }
        for (stem, person, e) in sigs {
            let Some(v) = versions.get_mut(stem) else {
                problems.push(Problem {
                    path: e.path.clone(),
                    message: "signature without a policy version".into(),
                });
                continue;
            };
            v.signatures.push(policy::SigFile {
                person: person.to_string(),
                path: e.path.clone(),
                bytes: self.store.read_blob(&e.blob)?,
            });
        }
        Ok((versions.into_values().collect(), problems))
    }

    /// Loads and verifies the whole store at `tip`, never from the cache.
    pub fn load_at(&self, tip: &str) -> Result<Snapshot> {
        self.load_scope(tip, scope::Load::Full)
    }

    /// Loads and verifies the store at `tip`: all of it, or one
    /// deliverable's folder (`Load::Only`), or all of it through the cache.
    pub(super) fn load_scope(&self, tip: &str, how: scope::Load<'_>) -> Result<Snapshot> {
        let (info, info_bytes) = self.store_info(tip)?;
        let (versions, mut problems) = self.policy_versions(tip)?;
        let chain = policy::verify_chain(&info.store_id, &versions, self.trust.pin.as_ref())
            .map_err(LedgerError::Untrusted)?;
        // Problems of the policy folder come first; the cache keeps them
        // with the rest, as they belong to the same tip.
        problems.extend(chain.problems.iter().map(|p| Problem {
            path: p.path.clone(),
            message: p.message.clone(),
        }));
        let mut snap = Snapshot {
            tip: tip.to_string(),
            info,
            chain,
            requests: BTreeMap::new(),
            problems,
            verified: 0,
            by_deliverable: std::sync::OnceLock::new(),
        };
        if matches!(how, scope::Load::Cached) && cache::fill(self, &mut snap) {
            return Ok(snap);
        }
        self.verify_store_file(&info_bytes, &mut snap)?;
        if matches!(how, scope::Load::Head) {
            return Ok(snap);
        }
        self.load_records(&mut snap, how.only())?;
        // Looking up the commit of every decision would walk the whole
        // history on every full load; `verify` does that check during its own
        // history walk (`times::late_decisions`), so loads stay lazy.
        times::check(self, &mut snap);
        self.order_competing_heads(&mut snap);
        if matches!(how, scope::Load::Cached) {
            cache::save(self, &snap);
        }
        Ok(snap)
    }

    /// Orders competing decision heads by the branch's history (see
    /// `RequestRecords::dag_order`). Only runs when some person has more than
    /// one head; without history (a shallow clone) they stay a conflict.
    fn order_competing_heads(&self, snap: &mut Snapshot) {
        let mut wanted: Vec<(String, Vec<(String, String)>)> = Vec::new();
        for (rid, rr) in &snap.requests {
            for heads in crate::state::may_compete(&rr.decisions) {
                {
                    let ids = heads
                        .iter()
                        .map(|d| {
                            (
                                d.id.clone(),
                                snap.layout()
                                    .decision_path(&d.deliverable, &d.request, &d.id),
                            )
                        })
                        .collect();
                    wanted.push((rid.clone(), ids));
                }
            }
        }
        if wanted.is_empty() {
            return;
        }
        let Ok(history) = self.store.history(&snap.tip) else {
            return;
        };
        let mut added_in: HashMap<String, String> = HashMap::new();
        for c in &history {
            for e in &c.added {
                added_in
                    .entry(e.path.clone())
                    .or_insert_with(|| c.id.clone());
            }
        }
        for (rid, ids) in wanted {
            let mut pairs = Vec::new();
            for (a, pa) in &ids {
                for (b, pb) in &ids {
                    let (Some(ca), Some(cb)) = (added_in.get(pa), added_in.get(pb)) else {
                        continue;
                    };
                    if ca != cb && self.store.is_ancestor(ca, cb).unwrap_or(false) {
                        pairs.push((a.clone(), b.clone()));
                    }
                }
            }
            if let Some(rr) = snap.requests.get_mut(&rid) {
                rr.dag_order.extend(pairs);
            }
        }
    }

    fn verify_store_file(&self, bytes: &[u8], snap: &mut Snapshot) -> Result<()> {
        let sig = self.store.read(&snap.tip, layout::STORE_SIG)?;
        let creator = &snap.info.created_by;
        let ok = sig.is_some_and(|sig| {
            snap.chain
                .effective
                .first()
                .and_then(|p| p.person(creator))
                .is_some_and(|p| {
                    p.keys
                        .iter()
                        .filter_map(|k| Key::parse(k).ok())
                        .any(|k| k.verify(bytes, &sig).is_ok())
                })
        });
        if !ok {
            snap.problems.push(Problem {
                path: layout::STORE_FILE.into(),
                message: format!("not signed by its creator {creator} under policy version 1"),
            });
        }
        Ok(())
    }

    // Store paths are written by signoff in lower case; a ".TOML" file is
    // not a record and must be reported as unexpected, so compare exactly.
    #[allow(clippy::case_sensitive_file_extension_comparisons)]
    fn load_records(&self, snap: &mut Snapshot, only: Option<&str>) -> Result<()> {
        let keys = par::keys(&snap.chain);
        let layout = snap.layout();
        let entries = scope::entries(&self.store, &snap.tip, layout, only)?;
        // Only regular files count: a record stored as a link, an
        // executable or a submodule entry is reported, never read.
        let blobs: HashMap<&str, &str> = entries
            .iter()
            .filter(|e| e.bad_mode().is_none())
            .map(|e| (e.path.as_str(), e.blob.as_str()))
            .collect();
        let mut records: Vec<Record> = Vec::new();
        let mut content: HashMap<String, BTreeMap<String, String>> = HashMap::new();
        // Problems in walk order, each with the number of signature checks
        // queued before it: the checks run in parallel (`par`) once every
        // path is classified, and their problems interleave as walked.
        let mut early: Vec<(usize, Problem)> = Vec::new();
        let mut jobs: Vec<par::Job<'_>> = Vec::new();
        for e in &entries {
            let path = e.path.as_str();
            if let Some(what) = e.bad_mode() {
                early.push((
                    jobs.len(),
                    Problem {
                        path: path.to_string(),
                        message: format!("{what}; signoff writes only regular files"),
                    },
                ));
                continue;
            }
            match layout::place(path) {
                // The store file and the policy chain are read and checked
                // by their own loaders.
                layout::Place::StoreFile
                | layout::Place::StoreSig
                | layout::Place::PolicyVersion { .. }
                | layout::Place::PolicySig { .. }
                | layout::Place::PolicyOther => continue,
                layout::Place::Unknown => {
                    early.push((
                        jobs.len(),
                        Problem {
                            path: path.to_string(),
                            message:
                                "unexpected file in the store: signoff's layout has no such path"
                                    .into(),
                        },
                    ));
                    continue;
                }
                layout::Place::Content { dir, file } => {
                    content
                        .entry(dir.to_string())
                        .or_default()
                        .insert(file.to_string(), e.blob.clone());
                    continue;
                }
                layout::Place::Sig { record } => {
                    if !blobs.contains_key(record) {
                        early.push((
                            jobs.len(),
                            Problem {
                                path: path.to_string(),
                                message: "signature without a record".into(),
                            },
                        ));
                    }
                    continue;
                }
                layout::Place::DeliverableOther => {
                    early.push((
                        jobs.len(),
                        Problem {
                            path: path.to_string(),
                            message: "unexpected file in the store".into(),
                        },
                    ));
                    continue;
                }
                layout::Place::Record => {}
            }
            let sig_path = crate::layout::sig_path(path);
            let Some(sig_blob) = blobs.get(sig_path.as_str()) else {
                early.push((
                    jobs.len(),
                    Problem {
                        path: path.to_string(),
                        message: "record has no signature file".into(),
                    },
                ));
                continue;
            };
            jobs.push(par::Job {
                path,
                blob: &e.blob,
                sig: sig_blob,
            });
        }
        // Results come in batches, each freed once consumed: a large store's
        // parsed records are not held twice.
        records.reserve_exact(jobs.len());
        let mut early = early.into_iter().peekable();
        let checked = par::check_all(&self.store, &snap.info.store_id, layout, &keys, &jobs)?;
        for (k, (result, job)) in checked.into_iter().flatten().zip(&jobs).enumerate() {
            while let Some((_, problem)) = early.next_if(|(at, _)| *at <= k) {
                snap.problems.push(problem);
            }
            match result {
                Ok(r) => {
                    snap.verified += 1;
                    records.push(r);
                }
                Err(message) => snap.problems.push(Problem {
                    path: job.path.to_string(),
                    message,
                }),
            }
        }
        snap.problems.extend(early.map(|(_, problem)| problem));
        drop(jobs);
        drop(blobs);
        drop(entries);
        for r in &records {
            if let Record::Request(req) = r {
                let dir = snap.layout().request_dir(&req.deliverable, &req.id);
                let stored = content.remove(&dir).unwrap_or_default();
                if let Some((file, message)) = check_manifest(req, &stored) {
                    snap.problems.push(Problem {
                        path: match file {
                            Some(f) => snap.layout().content_path(&req.deliverable, &req.id, &f),
                            None => snap.layout().content_dir(&req.deliverable, &req.id),
                        },
                        message,
                    });
                }
                snap.requests.insert(
                    req.id.clone(),
                    RequestRecords {
                        request: req.clone(),
                        decisions: Vec::new(),
                        comments: Vec::new(),
                        dag_order: std::collections::BTreeSet::new(),
                        committed: BTreeMap::new(),
                    },
                );
            }
        }
        for dir in content.keys() {
            snap.problems.push(Problem {
                path: layout::content_dir_in(dir),
                message: "snapshot content without a valid request".into(),
            });
        }
        for r in records {
            let path = r.expected_path(layout);
            let Some(rr) = snap.requests.get_mut(r.request_id()) else {
                if !matches!(r, Record::Request(_)) {
                    snap.problems.push(Problem {
                        path,
                        message: "record refers to a request that is missing or invalid".into(),
                    });
                }
                continue;
            };
            if r.deliverable() != rr.request.deliverable {
                snap.problems.push(Problem {
                    path,
                    message: format!(
                        "record names deliverable {} but its request is for {}",
                        r.deliverable(),
                        rr.request.deliverable
                    ),
                });
                continue;
            }
            match r {
                Record::Request(_) => {}
                Record::Decision(d) => {
                    if d.content == rr.request.content {
                        rr.decisions.push(d);
                    } else {
                        snap.problems.push(Problem {
                            path,
                            message: "decision signs a content hash other than its request's"
                                .into(),
                        });
                    }
                }
                Record::Comment(c) => rr.comments.push(c),
            }
        }
        for rr in snap.requests.values_mut() {
            rr.decisions.sort_by(|a, b| a.id.cmp(&b.id));
            rr.comments.sort_by(|a, b| a.id.cmp(&b.id));
        }
        Ok(())
    }
}
