//! The history in the index: each commit's place and bounded time, and
//! where each record entered (see `ledger::history`), extended with the
//! commits added since the tip it last saw, so that no command walks the
//! whole history once the index knows it.
//!
//! Compactly: a commit is keyed by its id's bytes, and the records of one
//! folder (a unit, see `units`) share one row, each record packed as its
//! name inside the folder (a record id as its 16 bytes) and its place and
//! times as varints, deltas from the record before it.

use std::collections::{BTreeMap, HashSet};

use rusqlite::{OptionalExtension, params};

use super::codec::{get_signed, get_varint, put_signed, put_varint};
use super::{Outcome, Skip};
use crate::layout;
use crate::ledger::Ledger;
use crate::ledger::history::{Arrived, fold, keep};
use crate::state::Entered;

/// The tables this part of the index keeps.
pub(super) const TABLES: &str = "CREATE TABLE IF NOT EXISTS commits (id BLOB PRIMARY KEY,
        seq INTEGER NOT NULL, time INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS arrivals (dir TEXT PRIMARY KEY, data BLOB NOT NULL)
        WITHOUT ROWID;";

/// Empties this part of the index.
pub(super) const CLEAR: &str = "DELETE FROM commits; DELETE FROM arrivals;";

/// Whether the history is already at `tip`.
pub(super) fn at_tip(tx: &rusqlite::Connection, tip: &str) -> rusqlite::Result<bool> {
    let old: Option<String> = tx
        .query_row("SELECT v FROM meta WHERE k = 'history_tip'", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(old.as_deref() == Some(tip))
}

/// Brings the history to `tip`: walks the commits since the tip it last
/// saw, or (when that tip is not on the new tip's first-parent line) the
/// whole history again, and then forgets every summary, whose order of
/// versions may have changed.
pub(super) fn update(
    ledger: &Ledger,
    tx: &rusqlite::Transaction<'_>,
    tip: &str,
) -> std::result::Result<(), Outcome> {
    let old: Option<String> = tx
        .query_row("SELECT v FROM meta WHERE k = 'history_tip'", [], |r| {
            r.get(0)
        })
        .optional()?;
    if old.as_deref() == Some(tip) {
        return Ok(());
    }
    let since = match old.as_deref() {
        Some(o) => ledger
            .store
            .arrivals_since(tip, Some(o), &keep)
            .ok()
            .flatten(),
        None => None,
    };
    // Whether the arrivals start empty (no row to extend).
    let empty = since.is_none();
    let arrivals = if let Some(a) = since {
        a
    } else {
        tx.execute_batch(CLEAR)?;
        if old.is_some() {
            tx.execute_batch("DELETE FROM summaries; DELETE FROM older;")?;
        }
        // A history that cannot be walked (a shallow boundary libgit2
        // cannot read) is known from here on only.
        ledger
            .store
            .arrivals_since(tip, None, &keep)
            .ok()
            .flatten()
            .unwrap_or_default()
    };
    let next: i64 = tx.query_row("SELECT coalesce(max(seq) + 1, 0) FROM commits", [], |r| {
        r.get(0)
    })?;
    let known = |id: &str| -> Option<i64> {
        tx.prepare_cached("SELECT time FROM commits WHERE id = ?1")
            .and_then(|mut stmt| stmt.query_row([commit_key(id)], |r| r.get(0)))
            .ok()
    };
    let folded = fold(arrivals, u64::try_from(next).unwrap_or(0), &known);
    {
        let mut put =
            tx.prepare("INSERT OR IGNORE INTO commits (id, seq, time) VALUES (?1, ?2, ?3)")?;
        for (id, seq, time) in &folded.commits {
            put.execute(params![
                commit_key(id),
                i64::try_from(*seq).unwrap_or(i64::MAX),
                time
            ])?;
        }
    }
    // The records by folder; a record already known keeps its first
    // arrival, as does the first of two arrivals of one path.
    let mut by_dir: BTreeMap<&str, Vec<(&str, &Entered)>> = BTreeMap::new();
    for (path, e) in &folded.records {
        let (dir, leaf) = split(path);
        by_dir.entry(dir).or_default().push((leaf, e));
    }
    for (dir, new) in by_dir {
        let old: Option<Vec<u8>> = if empty {
            None
        } else {
            tx.prepare_cached("SELECT data FROM arrivals WHERE dir = ?1")?
                .query_row([dir], |r| r.get(0))
                .optional()?
        };
        let mut entries = match &old {
            Some(data) => unpack(data).ok_or(Outcome::Skip(Skip::Damaged))?,
            None => Vec::new(),
        };
        let mut seen: HashSet<String> = entries.iter().map(|(l, _)| l.clone()).collect();
        for (leaf, e) in new {
            if seen.insert(leaf.to_string()) {
                entries.push((leaf.to_string(), *e));
            }
        }
        tx.prepare_cached("INSERT OR REPLACE INTO arrivals (dir, data) VALUES (?1, ?2)")?
            .execute(params![dir, pack(&entries)])?;
    }
    tx.execute(
        "INSERT OR REPLACE INTO meta (k, v) VALUES ('history_tip', ?1)",
        [tip],
    )?;
    Ok(())
}

/// Where each record under `prefix` (a folder ending in `/`; every record
/// without one) entered the history.
pub(super) fn read(
    tx: &rusqlite::Connection,
    prefix: Option<&str>,
    into: &mut Arrived,
) -> std::result::Result<(), Outcome> {
    let mut add = |dir: String, data: &[u8]| -> std::result::Result<(), Outcome> {
        let entries = unpack(data).ok_or(Outcome::Skip(Skip::Damaged))?;
        into.paths.extend(
            entries
                .into_iter()
                .map(|(leaf, e)| (format!("{dir}{leaf}"), e)),
        );
        Ok(())
    };
    let mut rows = |mut stmt: rusqlite::CachedStatement<'_>,
                    args: &[&str]|
     -> std::result::Result<(), Outcome> {
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        while let Some(r) = rows.next()? {
            let dir: String = r.get(0)?;
            let data = r
                .get_ref(1)?
                .as_blob()
                .map_err(|_| Outcome::Skip(Skip::Damaged))?;
            add(dir, data)?;
        }
        Ok(())
    };
    let sql = "SELECT dir, data FROM arrivals";
    match prefix {
        Some(p) => {
            // Every folder starting with `p` (folders are kept with their
            // final `/`): `p` up to (not including) the same text with its
            // final `/` raised to `0`.
            let end = format!("{}0", p.trim_end_matches('/'));
            rows(
                tx.prepare_cached(&format!("{sql} WHERE dir >= ?1 AND dir < ?2"))?,
                &[p, end.as_str()],
            )
        }
        None => rows(tx.prepare_cached(sql)?, &[]),
    }
}

/// A commit id as the index keys it: its bytes (its text, should it not
/// be hex).
fn commit_key(id: &str) -> Vec<u8> {
    hex::decode(id).unwrap_or_else(|_| id.as_bytes().to_vec())
}

/// A record path as its folder (its unit's, ending in `/`) and its name
/// there.
fn split(path: &str) -> (&str, &str) {
    let end = match layout::unit_of(path) {
        Some(unit) => unit.len() + 1,
        None => path.rfind('/').map_or(0, |i| i + 1),
    };
    path.split_at(end)
}

/// The folders a record name in a unit is most often in, each coded as
/// its place in this list plus [`SUB`].
const SUBS: [&str; 3] = ["decisions", "comments", "notified"];
/// Name codes: the name as text, `request.toml`, `<folder>/<id>.toml`
/// with the folder as text, then one per [`SUBS`].
const TEXT: u64 = 0;
const REQUEST: u64 = 1;
const OTHER_SUB: u64 = 2;
const SUB: u64 = 3;

/// Packs the arrivals of one folder's records.
fn pack(entries: &[(String, Entered)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.len() * 24);
    let (mut seq, mut lo) = (0i64, 0i64);
    for (leaf, e) in entries {
        pack_leaf(&mut out, leaf);
        let s = i64::try_from(e.seq).unwrap_or(i64::MAX);
        put_signed(&mut out, s.wrapping_sub(seq));
        put_signed(&mut out, e.lo.wrapping_sub(lo));
        put_signed(&mut out, e.hi.wrapping_sub(e.lo));
        put_signed(&mut out, e.own.wrapping_sub(e.lo));
        (seq, lo) = (s, e.lo);
    }
    out
}

fn pack_leaf(out: &mut Vec<u8>, leaf: &str) {
    if leaf == "request.toml" {
        put_varint(out, REQUEST);
        return;
    }
    if let Some((sub, file)) = leaf.split_once('/')
        && let Some(id) = file.strip_suffix(".toml")
        && let Ok(uuid) = uuid::Uuid::try_parse(id)
        && uuid.hyphenated().to_string() == id
    {
        if let Some(i) = SUBS.iter().position(|s| *s == sub) {
            put_varint(out, SUB + i as u64);
        } else {
            put_varint(out, OTHER_SUB);
            put_text(out, sub);
        }
        out.extend_from_slice(uuid.as_bytes());
        return;
    }
    put_varint(out, TEXT);
    put_text(out, leaf);
}

fn put_text(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn get_text(data: &[u8], at: &mut usize) -> Option<String> {
    let len = usize::try_from(get_varint(data, at)?).ok()?;
    let bytes = data.get(*at..at.checked_add(len)?)?;
    *at += len;
    String::from_utf8(bytes.to_vec()).ok()
}

/// The arrivals [`pack`] packed; `None` when they do not decode.
fn unpack(data: &[u8]) -> Option<Vec<(String, Entered)>> {
    let mut out = Vec::new();
    let mut at = 0;
    let (mut seq, mut lo) = (0i64, 0i64);
    while at < data.len() {
        let code = get_varint(data, &mut at)?;
        let leaf = match code {
            TEXT => get_text(data, &mut at)?,
            REQUEST => "request.toml".to_string(),
            _ => {
                let sub = match code {
                    OTHER_SUB => get_text(data, &mut at)?,
                    c => (*SUBS.get(usize::try_from(c - SUB).ok()?)?).to_string(),
                };
                let id = uuid::Uuid::from_slice(data.get(at..at + 16)?).ok()?;
                at += 16;
                format!("{sub}/{}.toml", id.hyphenated())
            }
        };
        seq = seq.wrapping_add(get_signed(data, &mut at)?);
        lo = lo.wrapping_add(get_signed(data, &mut at)?);
        let hi = lo.wrapping_add(get_signed(data, &mut at)?);
        let own = lo.wrapping_add(get_signed(data, &mut at)?);
        out.push((
            leaf,
            Entered {
                seq: u64::try_from(seq).ok()?,
                lo,
                hi,
                own,
                authored: own,
            },
        ));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_arrivals_round_trip() {
        let at = |seq, lo| Entered {
            seq,
            lo,
            hi: lo + 3,
            own: lo - 5,
            authored: lo - 5,
        };
        let entries = vec![
            ("request.toml".to_string(), at(7, 1_796_678_744)),
            (
                "decisions/01a25265-f7ea-78e2-8c80-0e8e9f23c708.toml".to_string(),
                at(3, 1_796_678_700),
            ),
            (
                "other/01a25265-f7ea-78e2-8c80-0e8e9f23c708.toml".to_string(),
                at(9, 1_796_678_900),
            ),
            // Not a lower-case id: kept as text.
            (
                "comments/01A25265-F7EA-78E2-8C80-0E8E9F23C708.toml".to_string(),
                at(0, 0),
            ),
            ("odd name".to_string(), at(u64::MAX >> 1, -1)),
        ];
        let packed = pack(&entries);
        assert_eq!(unpack(&packed), Some(entries));
        assert_eq!(unpack(&packed[..packed.len() - 1]), None);
        assert_eq!(
            split("deliverables/ab/pr-1/01a25265-f7ea-78e2-8c80-0e8e9f23c708/request.toml"),
            (
                "deliverables/ab/pr-1/01a25265-f7ea-78e2-8c80-0e8e9f23c708/",
                "request.toml"
            )
        );
    }
}
