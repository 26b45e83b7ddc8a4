//! Writing: the single path by which records are signed and committed.
//! Every write re-loads the store on each attempt of the compare-and-swap,
//! so the caller's checks run against the state the write lands on.

use std::collections::BTreeMap;

use super::{Ledger, LedgerError, Note, Result, Snapshot, whoami};
use crate::clock::{now, now_string};
use crate::layout;
use crate::policy::{self, Policy};
use crate::record::{self, StoreInfo};
use crate::sign::Signer;
use crate::store::{CommitSigner, NewFile, Write};

/// Records to sign and files to add in one write.
pub struct Prepared<T> {
    /// `(path, bytes)` of records; each gets a `.sig` beside it.
    pub records: Vec<(String, Vec<u8>)>,
    /// Other files (snapshot content).
    pub files: Vec<(String, NewFile)>,
    /// The human line of the commit message.
    pub subject: String,
    /// What the write is, for the commit's trailers.
    pub note: Note,
    /// Whatever the caller wants back.
    pub value: T,
}

impl Ledger {
    /// which comes back unchanged.
    pub fn append<T, E: From<LedgerError>>(
        &self,
        signer: &Signer,
        make: impl FnMut(&Snapshot) -> std::result::Result<Prepared<T>, E>,
    ) -> std::result::Result<(String, T), E> {
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
    pub fn append_as<T, E: From<LedgerError>>(
        &self,
        signer: &Signer,
        mut who: impl FnMut(&Snapshot) -> std::result::Result<(String, Option<policy::Person>), E>,
        mut make: impl FnMut(&Snapshot) -> std::result::Result<Prepared<T>, E>,
    ) -> std::result::Result<(String, T), E> {
        let mut failed: Option<E> = None;
        let written = self.store.write(|tip| -> Result<_> {
            let tip = tip.ok_or_else(|| self.no_store())?;
            let snap = self.load_view(tip)?;
            self.check_rollback(&snap)?;
            let attempt = who(&snap).and_then(|(me, person)| Ok((me, person, make(&snap)?)));
            let (me, person, prepared) = match attempt {
                Ok(m) => m,
                Err(e) => {
                    failed = Some(e);
                    return Err(aborted());
                }
            };
            to_write(signer, &me, person.as_ref(), prepared)
        });
        self.after_write(written.is_ok());
        written.map_err(|e| failed.take().unwrap_or_else(|| E::from(e)))
    }
}

impl Ledger {
    /// After a write landed (the branch moved, no lock held): git's
    /// housekeeping in the background when its thresholds are passed
    /// (`store::housekeeping`); the write never waits for it.
    fn after_write(&self, landed: bool) {
        if landed {
            self.store.housekeep_in_background();
        }
    }

    /// Signs `prepared`'s records as `me` and commits them on `parent`
    /// without moving the store branch; returns the commit. For a record
    /// that must reach the remote before this clone keeps it (the server's
    /// `notified` records, pushed with compare-and-swap).
    pub fn commit_on<T>(
        &self,
        parent: &str,
        signer: &Signer,
        me: &str,
        prepared: Prepared<T>,
    ) -> Result<(String, T)> {
        let (write, value) = to_write(signer, me, None, prepared)?;
        Ok((self.store.commit_on(parent, &write)?, value))
    }
}

/// Stands for the caller's own error while it travels out of the store's
/// write loop (which takes no other error type); never shown.
fn aborted() -> LedgerError {
    LedgerError::Aborted
}

/// Signs the records and turns a prepared write into the store's `Write`.
fn to_write<T>(
    signer: &Signer,
    me: &str,
    person: Option<&policy::Person>,
    prepared: Prepared<T>,
) -> Result<(Write, T)> {
    let Prepared {
        records,
        files: extra,
        subject,
        note,
        value,
    } = prepared;
    let mut files = Vec::new();
    let message = note.message(&subject, records.iter().map(|(path, _)| path.as_str()));
    for (path, bytes) in records {
        // Refuse what `load` would reject, before anything is written.
        if bytes.len() > record::MAX_RECORD_BYTES {
            let what = path.rsplit('/').next().unwrap_or(&path);
            return Err(LedgerError::TooLarge {
                what: what.to_string(),
                size: bytes.len(),
                limit: record::MAX_RECORD_BYTES,
            });
        }
        let sig = signer.sign(&bytes)?;
        files.push((
            crate::layout::sig_path(&path),
            NewFile::Bytes(sig.into_bytes()),
        ));
        files.push((path, NewFile::Bytes(bytes)));
    }
    files.extend(extra);
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
    let write = Write {
        files,
        message,
        author_name: name,
        author_email: email,
        time: now().as_second(),
        sign: Some(commit_signer(signer)),
    };
    Ok((write, value))
}

/// Signs store commits with `signer`'s key as git does (`gpg.format=ssh`),
/// so `git verify-commit` and a forge's "require signed commits" accept
/// them.
#[must_use]
pub fn commit_signer(signer: &Signer) -> CommitSigner {
    let signer = signer.clone();
    CommitSigner::new(move |bytes| signer.sign_commit(bytes).map_err(|e| e.to_string()))
}

impl Ledger {
    /// Creates the store branch: `signoff.toml` and policy version 1.
    pub fn init(&self, signer: &Signer, person: policy::Person) -> Result<(String, StoreInfo)> {
        if self.store.tip()?.is_some() {
            return Err(LedgerError::AlreadyInitialised {
                branch: self.store.branch().to_string(),
            });
        }
        let store_id = uuid::Uuid::new_v4().to_string();
        let info = StoreInfo {
            schema: record::SCHEMA_STORE.into(),
            store_id: store_id.clone(),
            format: new_store_format().number(),
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
        policy
            .check()
            .map_err(|e| LedgerError::BadPolicy(e.to_string()))?;
        let prepared = Prepared {
            records: vec![(layout::STORE_FILE.to_string(), record::to_bytes(&info))],
            files: vec![
                (
                    layout::policy_sig_path(1, &id),
                    NewFile::Bytes(signer.sign(&policy.to_bytes())?.into_bytes()),
                ),
                (layout::policy_path(1), NewFile::Bytes(policy.to_bytes())),
            ],
            subject: format!("Initialise signoff store {}", info.store_id),
            note: Note::Init,
            value: (),
        };
        let (write, ()) = to_write(signer, &id, Some(&person), prepared)?;
        let (commit, ()) = self.store.write(|tip| {
            if tip.is_some() {
                return Err(LedgerError::InitRace);
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

impl Ledger {
    /// Like [`Ledger::append`], for a signer whose identity is known (the
    /// attestation key of `signoff serve`, which must not be mistaken for
    /// the `signoff.person` of the repository it runs in). When `prior` is
    /// the verified snapshot of the tip the write lands on, it is used
    /// instead of loading that tip again.
    pub fn append_on<T, E: From<LedgerError>>(
        &self,
        signer: &Signer,
        me: &str,
        prior: Option<&Snapshot>,
        mut make: impl FnMut(&Snapshot) -> std::result::Result<Prepared<T>, E>,
    ) -> std::result::Result<(String, T), E> {
        let mut failed: Option<E> = None;
        let written = self.store.write(|tip| -> Result<_> {
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
            let prepared = match make(snap) {
                Ok(p) => p,
                Err(e) => {
                    failed = Some(e);
                    return Err(aborted());
                }
            };
            let person = snap.policy().person(me).cloned();
            to_write(signer, me, person.as_ref(), prepared)
        });
        self.after_write(written.is_ok());
        written.map_err(|e| failed.take().unwrap_or_else(|| E::from(e)))
    }
}

/// The layout a new store gets: the newest, unless `SIGNOFF_STORE_FORMAT`
/// asks for an older one (the tests and the benchmark make stores as earlier
/// versions did, to keep those tested and measured). It only chooses the
/// layout of a store being created; every store says its own.
fn new_store_format() -> crate::layout::Format {
    if let Some(f) = std::env::var("SIGNOFF_STORE_FORMAT")
        .ok()
        .and_then(|n| n.parse().ok())
        .and_then(crate::layout::Format::from_number)
    {
        return f;
    }
    crate::layout::Format::NEWEST
}
