//! The history in the index: each commit's place and bounded time, and
//! where each record entered (see `ledger::history`), extended with the
//! commits added since the tip it last saw, so that no command walks the
//! whole history once the index knows it.

use rusqlite::{OptionalExtension, params};

use super::Outcome;
use crate::ledger::Ledger;
use crate::ledger::history::{Arrived, fold, keep};
use crate::state::Entered;

/// The tables this part of the index keeps.
pub(super) const TABLES: &str = "CREATE TABLE IF NOT EXISTS commits (id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL, time INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS arrivals (path TEXT PRIMARY KEY, seq INTEGER NOT NULL,
        lo INTEGER NOT NULL, hi INTEGER NOT NULL, own INTEGER NOT NULL);";

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
            .and_then(|mut stmt| stmt.query_row([id], |r| r.get(0)))
            .ok()
    };
    let folded = fold(arrivals, u64::try_from(next).unwrap_or(0), &known);
    {
        let mut put =
            tx.prepare("INSERT OR IGNORE INTO commits (id, seq, time) VALUES (?1, ?2, ?3)")?;
        for (id, seq, time) in &folded.commits {
            put.execute(params![id, i64::try_from(*seq).unwrap_or(i64::MAX), time])?;
        }
        let mut put = tx.prepare(
            "INSERT OR IGNORE INTO arrivals (path, seq, lo, hi, own) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (path, e) in &folded.records {
            put.execute(params![
                path,
                i64::try_from(e.seq).unwrap_or(i64::MAX),
                e.lo,
                e.hi,
                e.own
            ])?;
        }
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
    let row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(String, Entered)> {
        Ok((
            r.get(0)?,
            Entered {
                seq: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                lo: r.get(2)?,
                hi: r.get(3)?,
                own: r.get(4)?,
                authored: r.get(4)?,
            },
        ))
    };
    let sql = "SELECT path, seq, lo, hi, own FROM arrivals";
    let rows: Vec<(String, Entered)> = match prefix {
        Some(p) => {
            // Every path starting with `p`: `p` up to (not including) the
            // same text with its final `/` raised to `0`.
            let end = format!("{}0", p.trim_end_matches('/'));
            tx.prepare_cached(&format!("{sql} WHERE path >= ?1 AND path < ?2"))?
                .query_map([p, end.as_str()], row)?
                .collect::<rusqlite::Result<_>>()?
        }
        None => tx
            .prepare(sql)?
            .query_map([], row)?
            .collect::<rusqlite::Result<_>>()?,
    };
    into.paths.extend(rows);
    Ok(())
}
