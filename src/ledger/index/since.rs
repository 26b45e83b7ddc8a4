//! Which units an update of the index checks: those that changed since
//! the indexed tip, or every unit when the index starts again.

use super::{Outcome, codec};
use crate::layout;
use crate::ledger::{Ledger, Snapshot};

/// What changed in the store between the indexed tip and the tip of
/// `snap` (everything when there is no indexed tip, when this clone no
/// longer has it, or when the units' dictionary was sampled from too few
/// units and the store has grown: those units are then checked again and
/// the dictionary sampled anew); returns the indexed tip the changes are
/// counted from.
pub(super) fn changes_since(
    ledger: &Ledger,
    tx: &rusqlite::Transaction<'_>,
    snap: &Snapshot,
    old_tip: Option<String>,
    codec: &mut codec::Codec,
) -> std::result::Result<(crate::store::Changes, Option<String>), Outcome> {
    // Every unit checked again, the index emptied and the dictionaries
    // to be sampled anew.
    let from_scratch = |codec: &mut codec::Codec| {
        tx.execute_batch(
            "DELETE FROM units; DELETE FROM files; DELETE FROM summaries; DELETE FROM older;
             DELETE FROM meta WHERE k IN ('dict', 'dict_units', 'sdict', 'sdict_units');",
        )?;
        *codec = codec::Codec::empty();
        Ok((
            ledger
                .store
                .changes(None, &snap.tip, &layout::is_unit_dir)?,
            None,
        ))
    };
    let Some(old) = old_tip else {
        return Ok((
            ledger
                .store
                .changes(None, &snap.tip, &layout::is_unit_dir)?,
            None,
        ));
    };
    let changes = match ledger
        .store
        .changes(Some(&old), &snap.tip, &layout::is_unit_dir)
    {
        Ok(c) => c,
        // An indexed tip this clone no longer has: start again.
        Err(e) if e.is_damage() => return from_scratch(codec),
        Err(e) => return Err(e.into()),
    };
    if codec.young() && !changes.units.is_empty() {
        let have: i64 = tx.query_row("SELECT count(*) FROM units", [], |r| r.get(0))?;
        let new = i64::try_from(changes.units.len()).unwrap_or(i64::MAX);
        if have.saturating_add(new) >= codec::RESAMPLE_AT {
            return from_scratch(codec);
        }
    }
    Ok((changes, Some(old)))
}
