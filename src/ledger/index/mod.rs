//! The index: each unit's checked result at the indexed tip, in `SQLite`.
//!
//! Verifying every record of a large store costs seconds of CPU, and most
//! of a store does not change between two commands. Git trees are
//! content-addressed, so a request folder ("unit", see `units`) whose
//! files did not change keeps its tree id. The index keeps the tip it was
//! brought to and, for each unit at that tip, its result (`units::Unit`:
//! verified records and problems, stored compactly, see `codec`); loading
//! the store at a new tip compares the indexed tip's tree with the new one
//! (`Store::changes`, which descends only into folders whose ids differ),
//! checks only the units that changed, and takes every other unit's result
//! from the index.
//!
//! The index lives at `<git common dir>/signoff/index.sqlite` (`SQLite`, with
//! its library compiled in). It is derived, and never trusted more than the
//! records:
//! - its results are used only under the exact signers (every key in the
//!   verified policy chain), store id, store format and signoff version they
//!   were computed with; anything else empties it;
//! - a file that `SQLite` cannot read, or a row that does not decode, is
//!   deleted and rebuilt from the records; deleting it never changes an
//!   answer;
//! - the policy chain and the store file are verified afresh on every load;
//! - `verify` and `sync` never read it (`verify --since-last` reads only
//!   the tip it last verified in full).
//!
//! Updates run in one write transaction, so a crash or a concurrent writer
//! never leaves it half-updated; a reader that cannot get the lock in time,
//! or a repository it cannot write, loads without it.

mod arrivals;
mod codec;
mod reader;
mod since;
mod summary;

pub(super) use reader::{Part, Reader};

pub(super) use summary::{listing, overview};

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};

use super::history::Arrived;
use super::units::{self, Pending, Unit};
use super::{Ledger, Problem, Result, Snapshot, par};
use crate::store::Entry;

/// Bumped whenever what the index holds, or how it is derived, changes;
/// kept as `SQLite`'s `user_version`, and an index of another version is
/// emptied and built again. (5: requests may ask groups, and stages hold
/// in the count. 6: requests may have a title, and comments may be
/// internal or left on the link page, which a unit's check accepts.
/// 7: the history's order and times, `arrivals`, and summaries ordered by
/// it. 8: units hold the server's `notified` records. 9: a draft holds
/// the number of the version it prepares.
/// 10: compact rows: a unit's JSON compressed against a dictionary of the
/// store's own units, arrivals packed a unit folder to a row, commit ids
/// as bytes. 11: summaries and older hold each version's table line.
/// 12: summaries' and older versions' JSON compressed against a dictionary
/// of their own, and the policy they were folded under kept once.)
const FORMAT: i64 = 12;

/// How long a load waits for another process updating the index.
const BUSY: Duration = Duration::from_secs(30);

/// The pseudo-unit of files outside every unit.
const LOOSE: &str = "";

fn path(ledger: &Ledger) -> PathBuf {
    ledger
        .store
        .common_dir()
        .join("signoff")
        .join("index.sqlite")
}

/// What the index's results were computed under.
fn meta_wanted(snap: &Snapshot, signers: &par::Signers) -> Vec<(&'static str, String)> {
    vec![
        ("format", FORMAT.to_string()),
        ("signoff", env!("CARGO_PKG_VERSION").to_string()),
        ("store_id", snap.info.store_id.clone()),
        ("layout", snap.layout().number().to_string()),
        ("signers", signers.digest()),
    ]
}

/// Why the index could not be used: the load goes on without it.
#[derive(Debug)]
enum Skip {
    /// `SQLite` failed (locked too long, unwritable, damaged).
    Db(rusqlite::Error),
    /// A stored result does not decode.
    Damaged,
}

impl From<rusqlite::Error> for Skip {
    fn from(e: rusqlite::Error) -> Skip {
        Skip::Db(e)
    }
}

/// Fills the records of `snap` (its head already loaded and verified) for
/// its tip through the index, checking only what changed since the indexed
/// tip, and returns where each record entered the history. Returns
/// `Ok(None)`, with `snap` untouched, when the index cannot be used; the
/// caller then loads without it.
pub(super) fn fill(ledger: &Ledger, snap: &mut Snapshot) -> Result<Option<Arrived>> {
    let file = path(ledger);
    for attempt in 0..2 {
        match try_fill(ledger, &file, snap) {
            Ok(filled) => return Ok(Some(filled)),
            Err(Outcome::Ledger(e)) => return Err(e),
            // A damaged file is removed and built again once; a busy or
            // unwritable one is left alone.
            Err(Outcome::Skip(Skip::Damaged)) if attempt == 0 => remove(&file),
            Err(Outcome::Skip(Skip::Db(e))) if attempt == 0 && is_damage(&e) => remove(&file),
            Err(Outcome::Skip(_)) => return Ok(None),
        }
    }
    Ok(None)
}

/// Brings the index up to the tip of `head` (its head loaded and
/// verified), checking only what changed since the indexed tip, without
/// reading any unit back: a streaming reader (`Audit`) then reads it part
/// by part. `false` when the index cannot be used.
pub(super) fn bring_up_to_date(ledger: &Ledger, head: &Snapshot) -> Result<bool> {
    match with_index(ledger, &path(ledger), head, |_, _| Ok(())) {
        Ok(()) => Ok(true),
        Err(Outcome::Ledger(e)) => Err(e),
        Err(Outcome::Skip(_)) => Ok(false),
    }
}

/// Where each record under `prefix` (a folder ending in `/`) entered the
/// history at `tip`, from the index (brought up to `tip` first); `None`
/// when the index cannot be used.
pub(super) fn arrivals_under(ledger: &Ledger, tip: &str, prefix: &str) -> Option<Arrived> {
    let run = || -> std::result::Result<Arrived, Outcome> {
        let mut db = open(&path(ledger))?;
        // Most loads find the history already at their tip: a read does,
        // without waiting for the write lock other commands may hold.
        {
            let tx = db.transaction()?;
            if arrivals::at_tip(&tx, tip)? {
                let mut out = Arrived::default();
                arrivals::read(&tx, Some(prefix), &mut out)?;
                return Ok(out);
            }
        }
        let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        arrivals::update(ledger, &tx, tip)?;
        let mut out = Arrived::default();
        arrivals::read(&tx, Some(prefix), &mut out)?;
        tx.commit()?;
        Ok(out)
    };
    run().ok()
}

fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    ) || matches!(e, rusqlite::Error::FromSqlConversionFailure(..))
}

fn remove(file: &std::path::Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = file.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

enum Outcome {
    Ledger(super::LedgerError),
    Skip(Skip),
}

impl From<rusqlite::Error> for Outcome {
    fn from(e: rusqlite::Error) -> Outcome {
        Outcome::Skip(Skip::Db(e))
    }
}

impl From<super::LedgerError> for Outcome {
    fn from(e: super::LedgerError) -> Outcome {
        Outcome::Ledger(e)
    }
}

impl From<crate::store::StoreError> for Outcome {
    fn from(e: crate::store::StoreError) -> Outcome {
        Outcome::Ledger(e.into())
    }
}

fn open(file: &std::path::Path) -> rusqlite::Result<Connection> {
    if let Some(dir) = file.parent() {
        // An unwritable folder shows as an open failure just below.
        let _ = std::fs::create_dir_all(dir);
    }
    let db = Connection::open(file)?;
    db.busy_timeout(BUSY)?;
    db.pragma_update(None, "journal_mode", "WAL")?;
    db.pragma_update(None, "synchronous", "NORMAL")?;
    // Reads map the file rather than copy it page by page.
    db.pragma_update(None, "mmap_size", 1i64 << 30)?;
    let version: i64 = db.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version != FORMAT {
        db.execute_batch(
            "DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS units;
             DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS summaries;
             DROP TABLE IF EXISTS older; DROP TABLE IF EXISTS commits;
             DROP TABLE IF EXISTS arrivals;",
        )?;
        // The tables of this format, made once: an index already at it has
        // them (a missing one reads as damage, and the file is built again).
        db.execute_batch(
            "CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v NOT NULL) WITHOUT ROWID;
         CREATE TABLE IF NOT EXISTS units (dir TEXT PRIMARY KEY, deliverable TEXT,
             problems INTEGER NOT NULL, data BLOB NOT NULL) WITHOUT ROWID;
         CREATE INDEX IF NOT EXISTS units_by_deliverable ON units (deliverable);
         CREATE INDEX IF NOT EXISTS units_with_problems ON units (problems) WHERE problems > 0;
         CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, blob TEXT NOT NULL,
             mode INTEGER NOT NULL) WITHOUT ROWID;
         CREATE TABLE IF NOT EXISTS summaries (deliverable TEXT PRIMARY KEY,
             until INTEGER, tip TEXT, problems INTEGER NOT NULL, state TEXT NOT NULL,
             line BLOB NOT NULL, newest BLOB NOT NULL);
         CREATE TABLE IF NOT EXISTS older (deliverable TEXT PRIMARY KEY, lines BLOB NOT NULL,
             versions BLOB NOT NULL);
         CREATE INDEX IF NOT EXISTS summaries_by_state ON summaries (state, deliverable);
         CREATE INDEX IF NOT EXISTS summaries_problems ON summaries (problems) WHERE problems > 0;",
        )?;
        db.execute_batch(arrivals::TABLES)?;
        db.pragma_update(None, "user_version", FORMAT)?;
    }
    Ok(db)
}

/// What an update of the index found: the units checked now (by folder)
/// and the deliverables whose units changed.
struct Updated {
    changed: HashMap<String, Unit>,
    touched: BTreeSet<String>,
}

/// Runs `then` on the index brought up to the tip of `snap`, inside one
/// write transaction.
fn with_index<T>(
    ledger: &Ledger,
    file: &std::path::Path,
    snap: &Snapshot,
    then: impl FnOnce(&rusqlite::Transaction<'_>, Updated) -> std::result::Result<T, Outcome>,
) -> std::result::Result<T, Outcome> {
    let mut db = open(file)?;
    let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let updated = update(ledger, &tx, snap)?;
    arrivals::update(ledger, &tx, &snap.tip)?;
    let out = then(&tx, updated)?;
    tx.commit()?;
    Ok(out)
}

/// Brings the index to the tip of `snap`: checks the units that changed
/// since the indexed tip, forgets the ones gone.
fn update(
    ledger: &Ledger,
    tx: &rusqlite::Transaction<'_>,
    snap: &Snapshot,
) -> std::result::Result<Updated, Outcome> {
    let signers = par::keys(&snap.chain);
    let wanted = meta_wanted(snap, &signers);
    let mut fresh = true;
    for (k, v) in &wanted {
        let have: Option<String> = tx
            .query_row("SELECT v FROM meta WHERE k = ?1", [k], |r| r.get(0))
            .optional()?;
        fresh &= have.as_deref() == Some(v.as_str());
    }
    let old_tip: Option<String> = if fresh {
        tx.query_row("SELECT v FROM meta WHERE k = 'tip'", [], |r| r.get(0))
            .optional()?
    } else {
        tx.execute_batch(
            "DELETE FROM meta; DELETE FROM units; DELETE FROM files; DELETE FROM summaries;
             DELETE FROM older;",
        )?;
        tx.execute_batch(arrivals::CLEAR)?;
        None
    };
    let layout = snap.layout();
    let mut out = Updated {
        changed: HashMap::new(),
        touched: BTreeSet::new(),
    };
    if old_tip.as_deref() == Some(snap.tip.as_str()) {
        return Ok(out);
    }
    let mut codec = codec::Codec::load(tx)?;
    let (changes, old_tip) = since::changes_since(ledger, tx, snap, old_tip, &mut codec)?;
    let old_deliverable = |dir: &str| -> rusqlite::Result<Option<String>> {
        Ok(tx
            .prepare_cached("SELECT deliverable FROM units WHERE dir = ?1")?
            .query_row([dir], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    };
    for dir in &changes.gone_units {
        out.touched.extend(old_deliverable(dir)?);
        tx.execute("DELETE FROM units WHERE dir = ?1", [dir])?;
    }
    for p in &changes.gone_files {
        tx.execute("DELETE FROM files WHERE path = ?1", [p])?;
    }
    for e in &changes.files {
        tx.execute(
            "INSERT OR REPLACE INTO files (path, blob, mode) VALUES (?1, ?2, ?3)",
            params![e.path, e.blob, e.mode],
        )?;
    }
    ledger.in_batches(&changes.units, |batch, pending| {
        let checked = units::check(
            &ledger.store,
            &snap.info.store_id,
            layout,
            &signers,
            &pending,
        )?;
        let json: Vec<Vec<u8>> = checked.iter().map(to_json).collect();
        if codec.is_empty() {
            codec = codec::Codec::sample(tx, &json)?;
        }
        for (((dir, _), unit), json) in batch.iter().zip(checked).zip(&json) {
            out.touched.extend(old_deliverable(dir)?);
            put(tx, &codec, dir, &unit, json)?;
            out.touched.extend(deliverable_of(&unit));
            out.changed.insert(dir.clone(), unit);
        }
        Ok::<(), Outcome>(())
    })?;
    if !changes.files.is_empty() || !changes.gone_files.is_empty() || old_tip.is_none() {
        let loose = check_loose(ledger, tx, snap, &signers)?;
        let json = to_json(&loose);
        if codec.is_empty() {
            codec = codec::Codec::sample(tx, std::slice::from_ref(&json))?;
        }
        put(tx, &codec, LOOSE, &loose, &json)?;
        out.changed.insert(LOOSE.to_string(), loose);
    }
    for (k, v) in wanted
        .iter()
        .map(|(k, v)| (*k, v.as_str()))
        .chain([("tip", snap.tip.as_str())])
    {
        tx.execute(
            "INSERT OR REPLACE INTO meta (k, v) VALUES (?1, ?2)",
            params![k, v],
        )?;
    }
    Ok(out)
}

/// The deliverable a unit's request is for (none when it has no valid
/// request).
fn deliverable_of(unit: &Unit) -> Option<String> {
    unit.requests.first().map(|r| r.request.deliverable.clone())
}

fn to_json(unit: &Unit) -> Vec<u8> {
    serde_json::to_vec(unit).expect("units serialise")
}

fn put(
    tx: &rusqlite::Transaction<'_>,
    codec: &codec::Codec,
    dir: &str,
    unit: &Unit,
    json: &[u8],
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO units (dir, deliverable, problems, data) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        dir,
        deliverable_of(unit),
        i64::try_from(unit.problems.len() + unit.orphans.len()).unwrap_or(i64::MAX),
        codec.encode(json)
    ])?;
    Ok(())
}

fn try_fill(
    ledger: &Ledger,
    file: &std::path::Path,
    snap: &mut Snapshot,
) -> std::result::Result<Arrived, Outcome> {
    let head = snap.clone();
    let mut arrived = Arrived::default();
    let units = with_index(ledger, file, &head, |tx, mut updated| {
        arrivals::read(tx, None, &mut arrived)?;
        // Every unit, in path order: the ones just checked from memory,
        // the rest from the index.
        let codec = codec::Codec::load(tx)?;
        let mut stmt = tx.prepare("SELECT dir, data FROM units ORDER BY dir")?;
        let mut rows = stmt.query([])?;
        let mut all = Vec::new();
        while let Some(row) = rows.next()? {
            let dir: String = row.get(0)?;
            all.push(match updated.changed.remove(&dir) {
                Some(u) => u,
                None => codec.unit(row, 1)?,
            });
        }
        Ok(all)
    })?;
    for unit in units {
        add(snap, unit);
    }
    Ok(arrived)
}

/// Checks the files outside every unit, as recorded in the index.
fn check_loose(
    ledger: &Ledger,
    tx: &rusqlite::Transaction<'_>,
    snap: &Snapshot,
    signers: &par::Signers,
) -> std::result::Result<Unit, Outcome> {
    let mut stmt = tx.prepare("SELECT path, blob, mode FROM files ORDER BY path")?;
    let entries = stmt
        .query_map([], |r| {
            Ok(Entry {
                path: r.get(0)?,
                blob: r.get(1)?,
                mode: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let pending = [Pending { entries }];
    let mut out = units::check(
        &ledger.store,
        &snap.info.store_id,
        snap.layout(),
        signers,
        &pending,
    )?;
    Ok(out.pop().unwrap_or_default())
}

/// Adds one unit's result to `snap`.
pub(super) fn add(snap: &mut Snapshot, unit: Unit) {
    snap.verified += unit.verified;
    snap.orphans.extend(unit.orphans);
    snap.problems
        .extend(unit.problems.into_iter().map(|p| Problem {
            path: p.path,
            message: p.message,
        }));
    for r in unit.requests {
        if !r.notified.is_empty() {
            snap.notified.insert(r.request.id.clone(), r.notified);
        }
        snap.requests.insert(
            r.request.id.clone(),
            crate::state::RequestRecords {
                request: r.request,
                decisions: r.decisions,
                comments: r.comments,
                dag_order: std::collections::BTreeSet::new(),
                entered: None,
                arrived: std::collections::BTreeMap::new(),
            },
        );
    }
}
