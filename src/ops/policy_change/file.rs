//! A policy file a person edited, read as the next version.

use super::{PolicyChangeError, Result};
use crate::ledger::Snapshot;
use crate::policy::Policy;
use crate::record::SCHEMA_POLICY;

/// Turns a user's policy file into version `current + 1`: the file's version
/// may be the one in force (an edited copy of `policy show`) or the next one.
pub fn next_from_file(snap: &Snapshot, bytes: &[u8]) -> Result<Policy> {
    use PolicyChangeError as E;
    let current = snap.policy();
    let mut file: Policy =
        crate::record::parse_as(bytes).map_err(|e| E::FileUnreadable(e.to_string()))?;
    if file.schema != SCHEMA_POLICY {
        return Err(E::FileSchema(file.schema));
    }
    if file.store_id != snap.info.store_id {
        return Err(E::FileOtherStore);
    }
    let next = current.version + 1;
    if file.version != current.version && file.version != next {
        return Err(E::FileVersion {
            file: file.version,
            in_force: current.version,
        });
    }
    let previous = snap.chain.current_hash().to_string();
    if file.version == next && file.previous.as_deref().is_some_and(|p| p != previous) {
        return Err(E::FilePrevious {
            in_force: current.version,
        });
    }
    file.version = next;
    file.previous = Some(previous);
    file.check().map_err(|e| E::FileInvalid(e.to_string()))?;
    let mut same = current.clone();
    same.version = file.version;
    same.previous.clone_from(&file.previous);
    if same == file {
        return Err(E::FileChangesNothing);
    }
    Ok(file)
}
