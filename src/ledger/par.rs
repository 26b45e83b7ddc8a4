//! Signature checks, and the other per-object work of a full load, on
//! every core.
//!
//! Verifying a store is one SSHSIG check per record (~33 µs each), so a large
//! store is bound by the CPU: the records are split into one contiguous chunk
//! per core, each checked by its own thread with its own handle on the
//! repository (libgit2 handles are not shared between threads); the calling
//! thread takes the first chunk with its own handle. Each record's
//! bytes are read, checked and dropped, so no thread holds more than one
//! record at a time. Results come back in the order of the jobs, so problems
//! are reported in the same order as a sequential walk. The check itself is
//! `check_record`, the one per-record check of the ledger. [`map`] spreads
//! the rest of a load's reads the same way (request folders' trees, and
//! `verify`'s snapshot hashes, [`Ledger::blob_digests`]).

use std::collections::{BTreeSet, HashMap};
use std::num::NonZeroUsize;

use super::check::check_record;
use super::{Ledger, LedgerError, Result};
use crate::layout::Format;
use crate::policy::Chain;
use crate::record::Record;
use crate::sign::Key;
use crate::store::{Store, StoredBlob};

/// Below this many records per thread, starting threads costs more than it saves.
const MIN_PER_THREAD: usize = 64;

/// Results are handed back in batches of this many, so that the caller can
/// free each batch as it takes the records out.
const BATCH: usize = 4096;

/// `check_record`'s outcome for each job of a batch.
pub(super) type Batch = Vec<std::result::Result<Record, String>>;

/// Who may sign records: every key ever in effect, by fingerprint, with its
/// person (a record stays verifiable after its key is removed; the current
/// policy decides what counts), and the people listed as link attesters.
pub(super) struct Signers {
    pub keys: HashMap<String, (String, Key)>,
    pub attesters: BTreeSet<String>,
}

impl Signers {
    /// A digest of who may sign: a unit checked under the same signers
    /// checks the same again, so the index keeps results under it.
    pub(super) fn digest(&self) -> String {
        let mut lines: Vec<String> = self
            .keys
            .iter()
            .map(|(fp, (person, _))| format!("key {fp} {person}"))
            .chain(self.attesters.iter().map(|a| format!("attester {a}")))
            .collect();
        lines.sort();
        crate::content::sha256_tagged(lines.join("\n").as_bytes())
    }
}

/// The [`Signers`] of every policy version in effect.
pub(super) fn keys(chain: &Chain) -> Signers {
    let attesters = chain
        .effective
        .iter()
        .flat_map(|p| p.attesters.iter().cloned())
        .collect();
    let mut keys: HashMap<String, (String, Key)> = HashMap::new();
    for p in &chain.effective {
        for person in &p.people {
            for k in &person.keys {
                if let Ok(key) = Key::parse(k) {
                    keys.insert(key.fingerprint().to_string(), (person.id.clone(), key));
                }
            }
        }
    }
    Signers { keys, attesters }
}

/// One record to check: its path and the blobs of it and its signature.
pub(super) struct Job<'a> {
    pub path: &'a str,
    pub blob: &'a str,
    pub sig: &'a str,
}

/// The outcome of `check_record` for each job, in job order, in batches.
/// Fails only when the repository cannot be read.
pub(super) fn check_all(
    store: &Store,
    store_id: &str,
    layout: Format,
    keys: &Signers,
    jobs: &[Job<'_>],
) -> Result<Vec<Batch>> {
    let parts = split(store, jobs, MIN_PER_THREAD, |store, part| {
        check_batches(store, store_id, layout, keys, part)
    })?;
    let mut out = Vec::with_capacity(jobs.len().div_ceil(BATCH));
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}

/// `f` of each of `items`, in order, on every core (see the module
/// header), each thread reading through its own handle on the repository;
/// with fewer than `min_per_thread` items per core, fewer threads.
pub(super) fn map<T: Sync, R: Send>(
    store: &Store,
    items: &[T],
    min_per_thread: usize,
    f: impl Fn(&Store, &T) -> R + Sync,
) -> Result<Vec<R>> {
    let parts = split(store, items, min_per_thread, |store, part| {
        part.iter().map(|t| f(store, t)).collect::<Vec<R>>()
    })?;
    Ok(parts.into_iter().flatten().collect())
}

/// `f` of contiguous chunks of `items`, one per thread, in order: the
/// calling thread takes the first with `store`, each other thread a handle
/// of its own.
fn split<T: Sync, R: Send>(
    store: &Store,
    items: &[T],
    min_per_thread: usize,
    f: impl Fn(&Store, &[T]) -> R + Sync,
) -> Result<Vec<R>> {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let threads = cores.min(items.len() / min_per_thread.max(1)).max(1);
    if threads == 1 {
        return Ok(vec![f(store, items)]);
    }
    let chunk = items.len().div_ceil(threads);
    let mut chunks = items.chunks(chunk);
    let first = chunks.next().unwrap_or_default();
    let rest: Vec<&[T]> = chunks.collect();
    let stores = rest
        .iter()
        .map(|_| store.reopen())
        .collect::<Result<Vec<Store>, _>>()?;
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = rest
            .into_iter()
            .zip(stores)
            .map(|(part, store)| s.spawn(move || f(&store, part)))
            .collect();
        let mut out = Vec::with_capacity(handles.len() + 1);
        out.push(f(store, first));
        for h in handles {
            out.push(h.join().map_err(|_| LedgerError::Thread)?);
        }
        Ok(out)
    })
}

impl Ledger {
    /// SHA-256 and size of each of `blobs` (in order), read on every core:
    /// `verify` hashes every snapshot file. An unreadable blob is its own
    /// error; the whole call fails only when the repository cannot be
    /// opened again for another thread.
    pub fn blob_digests(&self, blobs: &[&str]) -> Result<Vec<crate::store::Result<StoredBlob>>> {
        map(&self.store, blobs, 4, |store, id| store.blob_digest(id))
    }
}

fn check_batches(
    store: &Store,
    store_id: &str,
    layout: Format,
    keys: &Signers,
    jobs: &[Job<'_>],
) -> Result<Vec<Batch>> {
    jobs.chunks(BATCH)
        .map(|batch| {
            batch
                .iter()
                .map(|j| check_one(store, store_id, layout, keys, j))
                .collect()
        })
        .collect()
}

// The store refuses from the object header what the record parser would
// refuse after reading: the two limits are one.
const _: () = assert!(crate::record::MAX_RECORD_BYTES == crate::store::MAX_STORE_FILE);

fn check_one(
    store: &Store,
    store_id: &str,
    layout: Format,
    keys: &Signers,
    job: &Job<'_>,
) -> Result<std::result::Result<Record, String>> {
    // A damaged or missing object is this record's problem, named by its
    // path, not a failure of the whole load.
    let read = |id: &str| match store.read_small(id) {
        Ok(bytes) => Ok(Ok(bytes)),
        Err(e) if e.is_damage() => Ok(Err(format!("{e}; {}", crate::store::DAMAGED_ADVICE))),
        // Refused from its header, unread: the same words as a record
        // checked after reading.
        Err(crate::store::StoreError::TooLarge { size, .. }) => Ok(Err(
            crate::record::RecordError::TooLarge(usize::try_from(size).unwrap_or(usize::MAX))
                .to_string(),
        )),
        Err(e) => Err(e),
    };
    let bytes = match read(job.blob)? {
        Ok(b) => b,
        Err(problem) => return Ok(Err(problem)),
    };
    let sig = match read(job.sig)? {
        Ok(b) => b,
        Err(problem) => return Ok(Err(problem)),
    };
    Ok(check_record(
        store_id,
        layout,
        job.path,
        &bytes,
        &sig,
        &keys.keys,
        &keys.attesters,
    ))
}
