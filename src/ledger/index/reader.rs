//! Reading the index at one tip, part by part, for a streaming reader
//! (`log` through `ledger::audit`): a deliverable's units and history rows
//! at a time, never bringing the index up to date.

use rusqlite::{Connection, OptionalExtension};

use super::codec::Codec;
use super::{LOOSE, Outcome, add, arrivals, meta_wanted, open, path};
use crate::layout;
use crate::ledger::history::Arrived;
use crate::ledger::{Ledger, Snapshot, par};

/// Which part of the tip [`Reader::part`] reads.
pub(in crate::ledger) enum Part<'a> {
    /// Every unit of one deliverable.
    Deliverable(&'a str),
    /// The unit holding a record path, and (when it has a valid request)
    /// every other unit of its deliverable.
    Holding(&'a str),
}

/// A read of the index exactly at one tip, held open for a streaming
/// reader (`log`): one connection and one read transaction, so every part
/// it reads belongs to the same indexed tip, whoever writes the index
/// meanwhile.
pub(in crate::ledger) struct Reader {
    db: Connection,
    codec: Codec,
}

impl Reader {
    /// A reader of the index at the tip of `head` (its head loaded and
    /// verified), without bringing the index up to date; `None` when the
    /// index is not exactly at this tip under this policy and store (the
    /// caller then loads in full), or cannot be read.
    pub(in crate::ledger) fn at(ledger: &Ledger, head: &Snapshot) -> Option<Reader> {
        let run = || -> rusqlite::Result<Option<Reader>> {
            let db = open(&path(ledger))?;
            db.execute_batch("BEGIN")?;
            let signers = par::keys(&head.chain);
            for (k, v) in meta_wanted(head, &signers)
                .into_iter()
                .chain([("tip", head.tip.clone())])
            {
                let have: Option<String> = db
                    .query_row("SELECT v FROM meta WHERE k = ?1", [k], |r| r.get(0))
                    .optional()?;
                if have.as_deref() != Some(v.as_str()) {
                    return Ok(None);
                }
            }
            if !arrivals::at_tip(&db, &head.tip)? {
                return Ok(None);
            }
            let Ok(codec) = Codec::load(&db) else {
                return Ok(None);
            };
            Ok(Some(Reader { db, codec }))
        };
        run().ok().flatten()
    }

    /// Part of the tip: the units `which` names, added to a copy of
    /// `head`, with where their records entered the history, and the
    /// deliverable they belong to (`None` for units without one). `None`
    /// when the index cannot be read.
    pub(in crate::ledger) fn part(
        &self,
        head: &Snapshot,
        which: &Part<'_>,
    ) -> Option<(Snapshot, Arrived, Option<String>)> {
        self.read_part(head, which).ok()
    }

    fn read_part(
        &self,
        head: &Snapshot,
        which: &Part<'_>,
    ) -> std::result::Result<(Snapshot, Arrived, Option<String>), Outcome> {
        let db = &self.db;
        let mut snap = head.clone();
        let mut arrived = Arrived::default();
        let deliverable = match which {
            Part::Deliverable(d) => Some((*d).to_string()),
            Part::Holding(p) => {
                let dir = layout::unit_of(p).unwrap_or(LOOSE);
                let found: Option<(Option<String>, Vec<u8>)> = db
                    .prepare_cached("SELECT deliverable, data FROM units WHERE dir = ?1")?
                    .query_row([dir], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                match found {
                    Some((Some(d), _)) => Some(d),
                    // A unit without a valid request: it alone.
                    Some((None, data)) => {
                        add(&mut snap, self.codec.decode(&data)?);
                        arrivals::read(db, Some(&format!("{dir}/")), &mut arrived)?;
                        return Ok((snap, arrived, None));
                    }
                    // Not in the index at this tip: no record of the tip.
                    None => return Ok((snap, arrived, None)),
                }
            }
        };
        if let Some(d) = &deliverable {
            let mut stmt = db.prepare_cached("SELECT data FROM units WHERE deliverable = ?1")?;
            let mut rows = stmt.query([d])?;
            while let Some(row) = rows.next()? {
                add(&mut snap, self.codec.unit(row, 0)?);
            }
            let dir = head.layout().deliverable_dir(d);
            arrivals::read(db, Some(&format!("{dir}/")), &mut arrived)?;
        }
        Ok((snap, arrived, deliverable))
    }
}
