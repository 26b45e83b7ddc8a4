//! Loading a verified picture of the store, and appending signed records.
//!
//! `load` reads the store branch at its tip, checks the policy chain against
//! the trust root, verifies every record's signature over its exact bytes
//! before parsing it, and checks that each record's fields match its path and
//! its request. Records that fail are left out of the picture and reported as
//! problems. `append` is the single place where records are signed and
//! written: it re-loads the store on every attempt of the compare-and-swap, so
//! the caller's checks (superseded request, duplicate decision) always run
//! against the state the write lands on.

mod audit;
mod cache;
mod par;
mod scope;
mod times;

pub use audit::Audit;
pub use times::late_decisions;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde::Serialize;

use crate::error::{CliError, Result};
use crate::policy::{self, Chain, Policy, TrustPin, VersionFiles};
use crate::record::{self, Record, Request, StoreInfo};
use crate::sign::{self, Key, Signer};
use crate::state::RequestRecords;
use crate::store::{NewFile, Store, Write};

/// A problem found with one path of the store.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

/// A verified picture of the store at one tip.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub tip: String,
    pub info: StoreInfo,
    pub chain: Chain,
    /// Requests by id, with their decisions and comments.
    pub requests: BTreeMap<String, RequestRecords>,
    /// Records left out because they failed a check.
    pub problems: Vec<Problem>,
    /// Number of records whose signature verified.
    pub verified: usize,
    /// Request ids per deliverable, oldest first: built on first use (after
    /// `requests` is complete), so that listing every deliverable with its
    /// versions is linear in the store, not a scan of every request for each
    /// deliverable.
    by_deliverable: std::sync::OnceLock<HashMap<String, Vec<String>>>,
}

impl Snapshot {
    #[must_use]
    pub fn policy(&self) -> &Policy {
        self.chain.current()
    }

    fn index(&self) -> &HashMap<String, Vec<String>> {
        self.by_deliverable.get_or_init(|| {
            let mut index: HashMap<String, Vec<String>> = HashMap::new();
            // `requests` is ordered by id, so each list comes out oldest first.
            for (id, rr) in &self.requests {
                index
                    .entry(rr.request.deliverable.clone())
                    .or_default()
                    .push(id.clone());
            }
            index
        })
    }

    /// Requests of one deliverable, oldest first (ids are time-ordered).
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
            .is_some_and(|newest| *newest > req.id)
    }

    /// The `vN` label of a request.
    #[must_use]
    pub fn version_of(&self, req: &Request) -> usize {
        self.index()
            .get(&req.deliverable)
            .map_or(0, |ids| ids.partition_point(|id| *id <= req.id))
    }
}

/// Where the trust root came from, for messages.
#[derive(Debug, Clone)]
pub struct Trust {
    pub pin: Option<TrustPin>,
    pub source: &'static str,
}

/// An opened store plus its trust configuration.
pub struct Ledger {
    pub store: Store,
    pub trust: Trust,
    /// The deliverable `load` and `append` are limited to (see `scope`).
    scope: Option<scope::Scope>,
}

/// Records to sign and files to add in one write.
pub struct Prepared<T> {
    /// `(path, bytes)` of records; each gets a `.sig` beside it.
    pub records: Vec<(String, Vec<u8>)>,
    /// Other files (snapshot content).
    pub files: Vec<(String, NewFile)>,
    /// The human line of the commit message.
    pub subject: String,
    /// `Signoff-Kind` trailer.
    pub kind: &'static str,
    /// Extra trailers.
    pub trailers: Vec<(String, String)>,
    /// Whatever the caller wants back.
    pub value: T,
}

pub use crate::clock::{now, now_string};

impl Ledger {
    #[must_use]
    pub fn new(store: Store, trust: Trust) -> Ledger {
        Ledger {
            store,
            trust,
            scope: None,
        }
    }

    /// The current tip, or a "no store" error.
    pub fn tip(&self) -> Result<String> {
        self.store.tip()?.ok_or_else(|| self.no_store())
    }

    fn no_store(&self) -> CliError {
        let branch = self.store.branch();
        CliError::not_found(format!(
            "no store on this repository (branch '{branch}' does not exist)"
        ))
        .hint(format!(
            "run 'signoff init' to create one, or 'git fetch origin {branch}:{branch}' to get it"
        ))
    }

    /// Loads and verifies the store at its tip, and refuses a tip whose
    /// policy is older than one this clone verified before (a rollback).
    pub fn load(&self) -> Result<Snapshot> {
        let tip = self.tip()?;
        let snap = self.load_view(&tip)?;
        self.check_rollback(&snap)?;
        Ok(snap)
    }

    /// Checks the branch tip's policy chain against what this clone has seen
    /// before, then remembers it, and refuses a branch that no longer holds
    /// what this clone verified on it (see `seen`). Only the local branch
    /// tip is checked: a remote that is merely behind is not a rollback.
    pub fn check_rollback(&self, snap: &Snapshot) -> Result<()> {
        self.check_policy_rollback(snap)?;
        Ok(crate::seen::check_branch(
            &self.store,
            &snap.info.store_id,
            &snap.tip,
        )?)
    }

    /// The policy half of [`Ledger::check_rollback`].
    pub fn check_policy_rollback(&self, snap: &Snapshot) -> Result<()> {
        crate::seen::check_and_remember(
            self.store.common_dir(),
            &snap.info.store_id,
            &snap.chain,
            self.trust.pin.is_some(),
        )
        .map_err(|e| {
            CliError::integrity(format!("untrusted policy: {e}")).hint(
                "this copy of the store branch is older than, or different from, one this clone verified before; fetch the current branch from a trusted remote",
            )
        })
    }

    fn read_required(&self, tip: &str, path: &str) -> Result<Vec<u8>> {
        self.store.read(tip, path)?.ok_or_else(|| {
            CliError::integrity(format!("{path} is missing from the store branch"))
                .hint("the store branch is damaged; run 'signoff verify' for details")
        })
    }

    /// `signoff.toml` at `tip`, parsed, with its exact bytes. Its errors are
    /// about that file alone, so `verify` can report them under its path.
    pub fn store_info(&self, tip: &str) -> Result<(StoreInfo, Vec<u8>)> {
        let info_bytes = self.read_required(tip, "signoff.toml")?;
        let info: StoreInfo = record::parse_as(&info_bytes).map_err(|e| {
            CliError::integrity(format!("signoff.toml is not a valid store file: {e}"))
                .hint("the store branch is damaged; run 'signoff verify' for details")
        })?;
        if info.schema != record::SCHEMA_STORE {
            return Err(CliError::integrity(format!(
                "signoff.toml has schema {:?}; this signoff understands {}",
                info.schema,
                record::SCHEMA_STORE
            ))
            .hint("upgrade signoff"));
        }
        Ok((info, info_bytes))
    }

    /// The candidate policy versions at `tip`, and the paths under
    /// `policy/` that are not a version file or its signature by the
    /// layout's exact names (`NNNNNN.toml`, `NNNNNN-<hash>.toml`, each with
    /// `<name>.sig.d/<person>.sig`).
    pub fn policy_versions(&self, tip: &str) -> Result<(Vec<VersionFiles>, Vec<Problem>)> {
        let entries = self.store.walk(tip, "policy")?;
        let mut problems = Vec::new();
        let mut versions: BTreeMap<String, VersionFiles> = BTreeMap::new();
        let mut sigs = Vec::new();
        for e in &entries {
            let rest = e.path.strip_prefix("policy/").unwrap_or(&e.path);
            let version_file = rest
                .strip_suffix(".toml")
                .filter(|stem| !stem.contains('/'))
                .and_then(|stem| policy_stem(stem).map(|v| (stem, v)));
            if let Some((stem, (version, hash))) = version_file {
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
                continue;
            }
            let sig = rest.split_once(".sig.d/").and_then(|(stem, file)| {
                let person = file.strip_suffix(".sig")?;
                let ok = policy_stem(stem).is_some() && policy::check_person_id(person).is_ok();
                ok.then_some((stem, person))
            });
            match sig {
                Some((stem, person)) => sigs.push((stem, person, e)),
                None => problems.push(Problem {
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
    fn load_scope(&self, tip: &str, how: scope::Load<'_>) -> Result<Snapshot> {
        let (info, info_bytes) = self.store_info(tip)?;
        let (versions, mut problems) = self.policy_versions(tip)?;
        let chain = policy::verify_chain(&info.store_id, &versions, self.trust.pin.as_ref())
            .map_err(|e| {
                CliError::integrity(format!("untrusted policy: {e}"))
                    .hint("run 'signoff verify' for details; check the trust root you pinned")
            })?;
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
                                record::decision_path(&d.deliverable, &d.request, &d.id),
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
        let sig = self.store.read(&snap.tip, "signoff.toml.sig")?;
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
                path: "signoff.toml".into(),
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
        let entries = scope::entries(&self.store, &snap.tip, only)?;
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
            if !path.starts_with("deliverables/") {
                // The store file and the policy chain are read and checked
                // by their own loaders; nothing else belongs outside
                // `deliverables/`.
                if !is_head_path(path) {
                    early.push((
                        jobs.len(),
                        Problem {
                            path: path.to_string(),
                            message:
                                "unexpected file in the store: signoff's layout has no such path"
                                    .into(),
                        },
                    ));
                }
                continue;
            }
            // Snapshot files first: a deliverable may hold any file name,
            // including "x.sig" or "y.toml".
            if let Some((dir, file)) = content_split(path) {
                content
                    .entry(dir.to_string())
                    .or_default()
                    .insert(file.to_string(), e.blob.clone());
                continue;
            }
            if path.ends_with(".sig") {
                let rec = path.trim_end_matches(".sig");
                if !blobs.contains_key(rec) {
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
            if !path.ends_with(".toml") {
                early.push((
                    jobs.len(),
                    Problem {
                        path: path.to_string(),
                        message: "unexpected file in the store".into(),
                    },
                ));
                continue;
            }
            let sig_path = record::sig_path(path);
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
        let checked = par::check_all(&self.store, &snap.info.store_id, &keys, &jobs)?;
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
                let dir = record::request_dir(&req.deliverable, &req.id);
                let stored = content.remove(&dir).unwrap_or_default();
                if let Some((file, message)) = check_manifest(req, &stored) {
                    snap.problems.push(Problem {
                        path: match file {
                            Some(f) => format!("{dir}/content/{f}"),
                            None => format!("{dir}/content"),
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
                path: format!("{dir}/content"),
                message: "snapshot content without a valid request".into(),
            });
        }
        for r in records {
            let path = r.expected_path();
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

    /// Signs and appends records in one commit. `make` runs against a fresh
    /// snapshot on every attempt and may refuse by returning an error.
    pub fn append<T>(
        &self,
        signer: &Signer,
        make: impl FnMut(&Snapshot) -> Result<Prepared<T>>,
    ) -> Result<(String, T)> {
        let configured = self.store.config_string("signoff.person");
        self.append_as(
            signer,
            |snap| {
                let me = whoami(snap, signer, configured.clone())?;
                let person = snap.policy().person(&me).cloned();
                Ok((me, person))
            },
            make,
        )
    }

    /// Like [`Ledger::append`], with the signer's identity decided by `who`
    /// (a new admin signing a proposed policy is not yet in the policy in force).
    pub fn append_as<T>(
        &self,
        signer: &Signer,
        mut who: impl FnMut(&Snapshot) -> Result<(String, Option<policy::Person>)>,
        mut make: impl FnMut(&Snapshot) -> Result<Prepared<T>>,
    ) -> Result<(String, T)> {
        let (commit, value) = self.store.write(|tip| -> Result<_> {
            let tip = tip.ok_or_else(|| self.no_store())?;
            let snap = self.load_view(tip)?;
            self.check_rollback(&snap)?;
            let (me, person) = who(&snap)?;
            let prepared = make(&snap)?;
            let write = to_write(
                signer,
                &me,
                person.as_ref(),
                prepared.records.clone(),
                &prepared,
            )?;
            Ok((write, prepared.value))
        })?;
        Ok((commit, value))
    }
}

/// Signs the records and turns a prepared write into the store's `Write`.
fn to_write<T>(
    signer: &Signer,
    me: &str,
    person: Option<&policy::Person>,
    records: Vec<(String, Vec<u8>)>,
    prepared: &Prepared<T>,
) -> Result<Write> {
    let mut files = Vec::new();
    let mut message = format!("{}\n\nSignoff-Kind: {}\n", prepared.subject, prepared.kind);
    for (path, bytes) in records {
        // Refuse what `load` would reject, before anything is written.
        if bytes.len() > record::MAX_RECORD_BYTES {
            let what = path.rsplit('/').next().unwrap_or(&path);
            return Err(CliError::usage(format!(
                "the {what} record would be {} bytes, over the {}-byte limit for a record",
                bytes.len(),
                record::MAX_RECORD_BYTES
            ))
            .hint("request fewer files (e.g. an archive of the folder), or shorten the message"));
        }
        let sig = signer.sign(&bytes).map_err(sign_error)?;
        let _ = writeln!(message, "Signoff-Record: {path}");
        files.push((record::sig_path(&path), NewFile::Bytes(sig.into_bytes())));
        files.push((path, NewFile::Bytes(bytes)));
    }
    for (k, v) in &prepared.trailers {
        let _ = writeln!(message, "{k}: {v}");
    }
    files.extend(prepared.files.iter().cloned());
    // A name or address from an old or planted policy may hold characters a
    // git signature refuses; the commit author is only a courtesy.
    let author = |s: &str| crate::text::header(s).replace(['<', '>'], "");
    let email = person
        .map(|p| author(&p.email))
        .filter(|e| !e.is_empty())
        .unwrap_or_else(|| format!("{me}@signoff.invalid"));
    let name = person
        .map(|p| author(&p.name))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| me.to_string());
    Ok(Write {
        files,
        message,
        author_name: name,
        author_email: email,
        time: now().as_second(),
    })
}

impl Ledger {
    /// Creates the store branch: `signoff.toml` and policy version 1.
    pub fn init(&self, signer: &Signer, person: policy::Person) -> Result<(String, StoreInfo)> {
        if self.store.tip()?.is_some() {
            return Err(CliError::refused(format!(
                "this repository already has a store (branch '{}')",
                self.store.branch()
            ))
            .hint("use it as it is; 'signoff status' shows what it holds"));
        }
        let store_id = uuid::Uuid::new_v4().to_string();
        let info = StoreInfo {
            schema: record::SCHEMA_STORE.into(),
            store_id: store_id.clone(),
            format: 1,
            created_at: now_string(),
            created_by: person.id.clone(),
        };
        let id = person.id.clone();
        let policy = Policy {
            schema: record::SCHEMA_POLICY.into(),
            store_id,
            version: 1,
            previous: None,
            admins: policy::Admins {
                group: policy::ADMIN_GROUP.into(),
                threshold: 1,
            },
            groups: BTreeMap::from([(policy::ADMIN_GROUP.to_string(), vec![id.clone()])]),
            people: vec![person.clone()],
            rules: vec![policy::Rule::fallback()],
            attesters: Vec::new(),
        };
        policy.check().map_err(|e| CliError::usage(e.to_string()))?;
        let prepared = Prepared {
            records: vec![("signoff.toml".to_string(), record::to_bytes(&info))],
            files: vec![
                (
                    policy_sig_path(1, &id),
                    NewFile::Bytes(
                        signer
                            .sign(&policy.to_bytes())
                            .map_err(sign_error)?
                            .into_bytes(),
                    ),
                ),
                (policy_path(1), NewFile::Bytes(policy.to_bytes())),
            ],
            subject: format!("Initialise signoff store {}", info.store_id),
            kind: "init",
            trailers: vec![("Signoff-Policy".into(), "1".into())],
            value: (),
        };
        let write = to_write(
            signer,
            &id,
            Some(&person),
            prepared.records.clone(),
            &prepared,
        )?;
        let (commit, ()) = self.store.write(|tip| {
            if tip.is_some() {
                return Err(
                    CliError::refused("another process initialised the store first")
                        .hint("use it as it is"),
                );
            }
            Ok((write.clone(), ()))
        })?;
        // A new store on this branch: what this clone knew of the branch
        // before (a store deleted on purpose) no longer applies.
        if crate::seen::read_verified(self.store.common_dir(), self.store.branch()).is_some() {
            crate::seen::remember_branch(&self.store, &info.store_id, &commit, true);
        }
        Ok((commit, info))
    }
}

/// A signing failure, with what to do about it.
fn sign_error(e: sign::SignError) -> CliError {
    CliError::identity(format!("cannot sign: {e}")).hint(
        "with a .pub key, ssh-agent must be running (SSH_AUTH_SOCK) and hold it ('ssh-add -l'); \
         or pass --signing-key with the private key file",
    )
}

/// `policy/NNNNNN.toml`.
#[must_use]
pub fn policy_path(version: u32) -> String {
    format!("policy/{version:06}.toml")
}

/// `policy/NNNNNN.sig.d/<person>.sig`.
#[must_use]
pub fn policy_sig_path(version: u32, person: &str) -> String {
    format!("policy/{version:06}.sig.d/{person}.sig")
}

/// The signature path of `person` for the policy version file at `path`
/// (`policy/<name>.toml` → `policy/<name>.sig.d/<person>.sig`).
#[must_use]
pub fn policy_sig_path_of(path: &str, person: &str) -> String {
    format!("{}.sig.d/{person}.sig", path.trim_end_matches(".toml"))
}

/// The version and (for `NNNNNN-<hash>`) the 16-digit hash a policy file
/// name carries, when it is exactly in one of the two canonical forms.
fn policy_stem(stem: &str) -> Option<(u32, Option<&str>)> {
    let (num, hash) = match stem.split_once('-') {
        Some((n, h)) => (n, Some(h)),
        None => (stem, None),
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(num, 6) {
        return None;
    }
    if let Some(h) = hash {
        if h.len() != 16 || !h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return None;
        }
    }
    Some((num.parse().ok()?, hash))
}

/// Which person the signer is, per the current policy.
pub fn whoami(snap: &Snapshot, signer: &Signer, configured: Option<String>) -> Result<String> {
    let fp = signer.key().fingerprint();
    let policy = snap.policy();
    if let Some(id) = configured {
        return if policy.key_of(&id, fp).is_some() {
            Ok(id)
        } else {
            Err(CliError::identity(format!(
                "git config signoff.person says you are {id}, but key {fp} is not one of {id}'s keys in the policy"
            ))
            .hint(format!(
                "ask an admin to run: signoff person add {id} --key \"{}\"",
                signer.key().openssh()
            )))
        };
    }
    policy
        .person_by_fingerprint(fp)
        .map(|p| p.id.clone())
        .ok_or_else(|| {
            CliError::identity(format!("your key {fp} is not in the store's policy"))
                .hint(format!(
                    "ask an admin to run: signoff person add <your-id> --email <you@example.com> --key \"{}\"",
                    signer.key().openssh()
                ))
        })
}

/// Whether `path` (outside `deliverables/`) is one of the store's head
/// files: the store file, its signature, or a file under `policy/` (whose
/// names the policy chain checks).
fn is_head_path(path: &str) -> bool {
    matches!(path, "signoff.toml" | "signoff.toml.sig") || path.starts_with("policy/")
}

/// Splits `deliverables/<name>/<rid>/content/<file>` into the request folder
/// and the file path. The first `/content/` that follows a record id is the
/// split: deliverable names may contain a `content` part, but never a part
/// that looks like a record id (`record::check_name`).
fn content_split(path: &str) -> Option<(&str, &str)> {
    path.match_indices("/content/").find_map(|(idx, m)| {
        let dir = &path[..idx];
        let rid = dir.rsplit('/').next()?;
        record::is_record_id(rid).then(|| (dir, &path[idx + m.len()..]))
    })
}

/// Verifies a record's signature over its exact bytes, then parses it and
/// checks that its fields match its path, store and key.
fn check_record(
    store_id: &str,
    path: &str,
    bytes: &[u8],
    sig: &[u8],
    keys: &HashMap<String, (String, Key)>,
    attesters: &std::collections::BTreeSet<String>,
) -> std::result::Result<Record, String> {
    let parsed = sign::ParsedSignature::parse(sig).map_err(|e| e.to_string())?;
    let fp = parsed.key_fingerprint();
    let Some((person, key)) = keys.get(&fp) else {
        return Err(format!("signed by key {fp}, which no policy version lists"));
    };
    key.verify_parsed(bytes, &parsed)
        .map_err(|e| format!("bad signature: {e}"))?;
    let rec = record::parse(bytes).map_err(|e| e.to_string())?;
    if rec.store_id() != store_id {
        return Err("record belongs to another store".into());
    }
    if rec.expected_path() != path {
        return Err(format!(
            "record's fields place it at {}, not here (copied or moved)",
            rec.expected_path()
        ));
    }
    if rec.key() != fp {
        return Err(format!(
            "record names key {} but was signed by {fp}",
            rec.key()
        ));
    }
    // A link decision is by the reviewer but signed by the server that
    // attested it; an attester's key signs nothing else.
    match &rec {
        Record::Decision(d) if d.via == crate::link::VIA_LINK => {
            crate::link::check_decision(d, person, key, attesters)?;
            return record::check_name(rec.deliverable()).map(|()| rec);
        }
        _ if attesters.contains(person) => {
            return Err(format!(
                "signed by attester {person}, whose key may only sign link decisions"
            ));
        }
        _ => {}
    }
    if rec.by() != person {
        return Err(format!(
            "record says it is by {}, but was signed by {person}'s key",
            rec.by()
        ));
    }
    record::check_name(rec.deliverable())?;
    Ok(rec)
}

/// Checks that the stored snapshot matches the request's manifest (by blob
/// id) and that the manifest hashes to the request's content hash. A problem
/// names the snapshot file it concerns when there is one, so that `verify`
/// can print its exact path.
fn check_manifest(
    req: &Request,
    stored: &BTreeMap<String, String>,
) -> Option<(Option<String>, String)> {
    if req.source.kind == "range" {
        return None;
    }
    for f in &req.files {
        if let Err(e) = record::check_snapshot_path(&f.path) {
            return Some((None, e));
        }
        // The content hash reads these as raw SHA-256 bytes; anything else
        // would hash ambiguously.
        if f.sha256.len() != 64
            || !f
                .sha256
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            return Some((
                Some(f.path.clone()),
                "manifest entry has a malformed SHA-256".to_string(),
            ));
        }
        match stored.get(&f.path) {
            None => {
                return Some((Some(f.path.clone()), "snapshot file is missing".to_string()));
            }
            Some(b) if *b != f.blob => {
                return Some((
                    Some(f.path.clone()),
                    "snapshot file differs from the manifest".to_string(),
                ));
            }
            Some(_) => {}
        }
    }
    if let Some(extra) = stored
        .keys()
        .find(|k| !req.files.iter().any(|f| &f.path == *k))
    {
        return Some((
            Some(extra.clone()),
            "snapshot holds a file that the manifest does not list".into(),
        ));
    }
    if stored.len() != req.files.len() {
        return Some((None, "manifest lists a file more than once".into()));
    }
    if crate::content::content_hash(&req.files) != req.content {
        return Some((
            None,
            "manifest does not hash to the request's content hash".into(),
        ));
    }
    None
}

impl Ledger {
    /// Recomputes a request's content hash from what is in the repository now:
    /// the working tree, or `rev` when given. `None` when the request's files
    /// came from outside the repository (nothing to compare against).
    /// Nothing is written, so this works on a read-only repository.
    pub fn current_content(&self, req: &Request, rev: Option<&str>) -> Result<Option<String>> {
        if req.source.kind == "range" {
            // A pull request is compared by its range as named at request time
            // (branch names move with the pull request).
            return match &req.source.range {
                Some(r) => Ok(Some(
                    crate::range::compute(self.store.git_dir(), r)?.content,
                )),
                None => Ok(None),
            };
        }
        Ok(self
            .current_manifest(req, rev)?
            .map(|m| crate::content::content_hash(&m)))
    }

    /// The manifest a `paths` request's paths hold now (working tree, or
    /// `rev`), enumerated exactly as `request` enumerated them; `None` for
    /// other kinds of request. Working-tree files are hashed without being
    /// written, so their blob ids are empty.
    pub fn current_manifest(
        &self,
        req: &Request,
        rev: Option<&str>,
    ) -> Result<Option<Vec<record::ManifestEntry>>> {
        if req.source.kind != "paths" {
            return Ok(None);
        }
        let files = match rev {
            Some(r) => {
                let commit = self.store.resolve_commit(r)?;
                self.store.files_at_commit(&commit, &req.source.paths)?
            }
            None => self
                .store
                .files_from_worktree(&req.source.paths, crate::store::Reading::HashOnly)?,
        };
        Ok(Some(
            files
                .into_iter()
                .map(|f| record::ManifestEntry {
                    path: f.path,
                    blob: f.blob,
                    sha256: f.sha256,
                    size: f.size,
                })
                .collect(),
        ))
    }
}

impl Ledger {
    /// Like [`Ledger::append`], for a signer whose identity is known (the
    /// attestation key of `signoff serve`, which must not be mistaken for
    /// the `signoff.person` of the repository it runs in). When `prior` is
    /// the verified snapshot of the tip the write lands on, it is used
    /// instead of loading that tip again.
    pub fn append_on<T>(
        &self,
        signer: &Signer,
        me: &str,
        prior: Option<&Snapshot>,
        mut make: impl FnMut(&Snapshot) -> Result<Prepared<T>>,
    ) -> Result<(String, T)> {
        self.store.write(|tip| {
            let tip = tip.ok_or_else(|| self.no_store())?;
            let loaded;
            let snap = match prior {
                Some(p) if p.tip == tip => p,
                _ => {
                    loaded = self.load_at(tip)?;
                    self.check_rollback(&loaded)?;
                    &loaded
                }
            };
            let prepared = make(snap)?;
            let person = snap.policy().person(me).cloned();
            let write = to_write(
                signer,
                me,
                person.as_ref(),
                prepared.records.clone(),
                &prepared,
            )?;
            Ok((write, prepared.value))
        })
    }
}
