//! Loading: the store file, the policy chain and every record at one tip,
//! each checked before it is believed (see `check` for one record).

use std::collections::{BTreeMap, HashMap};

use super::{Ledger, Problem, Snapshot, history, index, par, scope, times, units};
use super::{LedgerError, Result};
use crate::layout;
use crate::policy::{self, VersionFiles};
use crate::record::{self, StoreInfo};
use crate::sign::Key;

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
                    let bytes = self.store.read_small(&e.blob)?;
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
                bytes: self.store.read_small(&e.blob)?,
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
            notified: BTreeMap::new(),
            problems,
            verified: 0,
            by_deliverable: std::sync::OnceLock::new(),
            orphans: Vec::new(),
        };
        self.verify_store_file(&info_bytes, &mut snap)?;
        if matches!(how, scope::Load::Head) {
            return Ok(snap);
        }
        let head = snap.problems.len();
        let indexed = match how {
            scope::Load::Cached => index::fill(self, &mut snap)?,
            _ => None,
        };
        let arrived = if let Some(arrived) = indexed {
            arrived
        } else {
            self.load_records(&mut snap, how.only())?;
            let only = how
                .only()
                .map(|name| format!("{}/", snap.layout().deliverable_dir(name)));
            only.and_then(|prefix| index::arrivals_under(self, tip, &prefix))
                .unwrap_or_else(|| self.walk_history(tip).0)
        };
        self.finish(&mut snap, head, &arrived);
        Ok(snap)
    }

    /// Words the records filed away from their request, puts the record
    /// problems (after the first `head`) in path order, and runs the checks
    /// that ask the history.
    pub(super) fn finish(&self, snap: &mut Snapshot, head: usize, arrived: &history::Arrived) {
        for orphan in std::mem::take(&mut snap.orphans) {
            let found = snap
                .requests
                .get(&orphan.request)
                .map(|rr| rr.request.deliverable.as_str());
            let problem = orphan.problem(found);
            snap.problems.push(problem);
        }
        // Record problems in path order, whichever way they were found.
        snap.problems[head..].sort_by(|a, b| a.path.cmp(&b.path));
        self.settle(snap, arrived);
    }

    /// The checks of a load that ask the branch's history: record times
    /// against their commits (with `arrived`, where each record entered the
    /// history) and the order of competing heads. Returns the deliverables
    /// whose answer asked more of the history than `arrived` (it holds for
    /// this tip only).
    pub(super) fn settle(
        &self,
        snap: &mut Snapshot,
        arrived: &history::Arrived,
    ) -> std::collections::BTreeSet<String> {
        times::check(snap, arrived);
        let ordered = self.order_competing_heads(snap);
        let mut out = std::collections::BTreeSet::new();
        for rid in ordered {
            if let Some(rr) = snap.requests.get(&rid) {
                out.insert(rr.request.deliverable.clone());
            }
        }
        out
    }

    /// Orders competing decision heads by the branch's history (see
    /// `RequestRecords::dag_order`). Only runs when some person has more than
    /// one head; without history (a shallow clone) they stay a conflict.
    /// Returns the requests whose heads it ordered.
    fn order_competing_heads(&self, snap: &mut Snapshot) -> Vec<String> {
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
        let asked: Vec<String> = wanted.iter().map(|(rid, _)| rid.clone()).collect();
        if wanted.is_empty() {
            return asked;
        }
        let Ok(history) = self.store.history(&snap.tip) else {
            return asked;
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
        asked
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

    /// Checks every record at the tip of `snap` (or of one deliverable,
    /// `only`), unit by unit (see `units`): the whole store streams through
    /// in batches, so memory holds one batch of files at a time.
    fn load_records(&self, snap: &mut Snapshot, only: Option<&str>) -> Result<()> {
        let signers = par::keys(&snap.chain);
        let layout = snap.layout();
        let store_id = snap.info.store_id.clone();
        let check = |pending: &[units::Pending], snap: &mut Snapshot| -> Result<()> {
            for unit in units::check(&self.store, &store_id, layout, &signers, pending)? {
                index::add(snap, unit);
            }
            Ok(())
        };
        if let Some(name) = only {
            // One deliverable: its folder's files, grouped by unit.
            let entries = scope::entries(&self.store, &snap.tip, layout, Some(name))?;
            let mut by_unit: BTreeMap<String, Vec<crate::store::Entry>> = BTreeMap::new();
            for e in entries {
                let dir = layout::unit_of(&e.path).unwrap_or_default().to_string();
                by_unit.entry(dir).or_default().push(e);
            }
            let pending: Vec<units::Pending> = by_unit
                .into_values()
                .map(|entries| units::Pending { entries })
                .collect();
            return check(&pending, snap);
        }
        let changes = self.store.changes(None, &snap.tip, &layout::is_unit_dir)?;
        self.check_units(snap, changes.files, &changes.units)
    }

    /// Checks the files outside units, then each unit (folder, tree id),
    /// in batches, into `snap`.
    fn check_units(
        &self,
        snap: &mut Snapshot,
        loose: Vec<crate::store::Entry>,
        units: &[(String, String)],
    ) -> Result<()> {
        let signers = par::keys(&snap.chain);
        let layout = snap.layout();
        let store_id = snap.info.store_id.clone();
        let check = |pending: &[units::Pending], snap: &mut Snapshot| -> Result<()> {
            for unit in units::check(&self.store, &store_id, layout, &signers, pending)? {
                index::add(snap, unit);
            }
            Ok(())
        };
        check(&[units::Pending { entries: loose }], snap)?;
        self.in_batches(units, |_, pending| check(&pending, snap))
    }

    /// Loads the store at `tip` checking, of its request folders, only
    /// those whose tree differs from `old` (a tip `verify` checked in full
    /// before, an ancestor of `tip`): the store file, the policy chain and
    /// the files outside request folders are checked as in a full load.
    /// Returns the snapshot (the changed folders' records only) and how
    /// many folders were left out as unchanged.
    pub fn load_since(&self, old: &str, tip: &str) -> Result<(Snapshot, usize)> {
        let mut snap = self.load_scope(tip, scope::Load::Head)?;
        let head = snap.problems.len();
        let all = self.store.changes(None, tip, &layout::is_unit_dir)?;
        let changed = self.store.changes(Some(old), tip, &layout::is_unit_dir)?;
        self.check_units(&mut snap, all.files, &changed.units)?;
        let arrived = self.walk_history(tip).0;
        self.finish(&mut snap, head, &arrived);
        Ok((snap, all.units.len() - changed.units.len()))
    }

    /// Checks every record at `tip` (or, from `since` on, only the request
    /// folders that changed: see [`Ledger::load_since`]) one batch of
    /// request folders at a time, handing each batch's snapshot to `each`
    /// and then dropping its records: memory holds one batch, whatever the
    /// store's size. Decision times are checked against the request and
    /// the clock, not against their commits (the caller does that from its
    /// own history walk, `verify_history`). Returns the store's head with
    /// every problem found and the count of verified records, and how many
    /// folders were left out as unchanged.
    pub fn check_streaming(
        &self,
        tip: &str,
        since: Option<&str>,
        mut each: impl FnMut(&Snapshot),
    ) -> Result<(Snapshot, usize)> {
        let mut head = self.load_scope(tip, scope::Load::Head)?;
        let first = head.problems.len();
        let all = self.store.changes(None, tip, &layout::is_unit_dir)?;
        let (loose, all_units) = (all.files, all.units.len());
        let units = match since {
            Some(old) => {
                self.store
                    .changes(Some(old), tip, &layout::is_unit_dir)?
                    .units
            }
            None => all.units,
        };
        let unchanged = all_units - units.len();
        let signers = par::keys(&head.chain);
        let layout = head.layout();
        let mut empty = head.clone();
        empty.problems.clear();
        let mut request_of: HashMap<String, String> = HashMap::new();
        let mut orphans = Vec::new();
        let mut run = |pending: &[units::Pending], head: &mut Snapshot| -> Result<()> {
            let mut part = empty.clone();
            for unit in units::check(&self.store, &head.info.store_id, layout, &signers, pending)? {
                index::add(&mut part, unit);
            }
            orphans.append(&mut part.orphans);
            for (id, rr) in &part.requests {
                request_of.insert(id.clone(), rr.request.deliverable.clone());
            }
            times::check(&mut part, &history::Arrived::default());
            self.order_competing_heads(&mut part);
            each(&part);
            head.verified += part.verified;
            head.problems.append(&mut part.problems);
            Ok(())
        };
        run(&[units::Pending { entries: loose }], &mut head)?;
        self.in_batches(&units, |_, pending| run(&pending, &mut head))?;
        for orphan in orphans {
            let found = request_of.get(&orphan.request).map(String::as_str);
            head.problems.push(orphan.problem(found));
        }
        head.problems[first..].sort_by(|a, b| a.path.cmp(&b.path));
        Ok((head, unchanged))
    }
}
