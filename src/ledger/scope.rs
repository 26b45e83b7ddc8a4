//! Reading only the part of the store a command needs.
//!
//! A command about one deliverable (`gate`, `status NAME`, `show`, a
//! decision, a comment, a new request) needs the policy chain and that
//! deliverable's folder, not every record of the store: a `Ledger` scoped to a
//! deliverable loads `deliverables/<name>/<request-id>/…` and nothing else, on
//! every attempt of a write too. Everything about one deliverable (its
//! versions, supersession, `vN` labels, its problems) lives in that folder,
//! so the answers are those of a full load. Only resolving something that is
//! not a deliverable's name (a request id prefix, a typo) needs every request:
//! then the scoped load finds nothing and falls back to the full one, which
//! goes through the index (`index`).

use super::Result;
use super::{Ledger, Snapshot};
use crate::layout::Format;
use crate::record;
use crate::store::{Entry, Store};

/// How much of the store to load.
#[derive(Debug, Clone, Copy)]
pub(super) enum Load<'a> {
    /// Every record, verified now (`verify`, `sync`).
    Full,
    /// Every record, through the index (only changed folders are checked).
    Cached,
    /// One deliverable's requests and their records.
    Only(&'a str),
    /// The store file and the policy chain, no records (`audit`).
    Head,
}

impl<'a> Load<'a> {
    pub(super) fn only(self) -> Option<&'a str> {
        match self {
            Load::Only(name) => Some(name),
            Load::Full | Load::Cached | Load::Head => None,
        }
    }
}

/// The deliverable a ledger is scoped to.
#[derive(Debug, Clone)]
pub(super) struct Scope {
    name: String,
    /// Never fall back to a full load (the command only ever names a
    /// deliverable, and "no request yet" is a complete answer).
    strict: bool,
}

/// Every entry of the store's tree that is not a folder (submodule entries
/// and links included, so that they can be reported), or only those of one
/// deliverable's requests (`deliverables/<name>/<request-id>/…`: a
/// deliverable nested under it, `<name>/<part>/…`, is someone else's folder).
pub(super) fn entries(
    store: &Store,
    tip: &str,
    layout: Format,
    only: Option<&str>,
) -> Result<Vec<Entry>> {
    let Some(name) = only else {
        return Ok(store.walk_all(tip, "")?);
    };
    let mut entries = store.walk_all(tip, &layout.deliverable_dir(name))?;
    entries.retain(|e| layout.request_of(name, &e.path).is_some());
    Ok(entries)
}

impl Ledger {
    /// Limits `load` and `append` to one deliverable, named by `target`
    /// (`name` or `name@vN`). When `target` names no deliverable with a
    /// verified request (a request id prefix, an unknown name), they load
    /// the whole store, so resolving it answers as before.
    #[must_use]
    pub fn scoped(self, target: &str) -> Ledger {
        let name = match target.rsplit_once("@v") {
            Some((n, v)) if v.parse::<usize>().is_ok() => n,
            _ => target,
        };
        self.with_scope(name, false)
    }

    /// Limits `load` and `append` to the deliverable `name`, with no fallback:
    /// for commands that take only a deliverable name (`gate`, `request`).
    #[must_use]
    pub fn scoped_strictly(self, name: &str) -> Ledger {
        self.with_scope(name, true)
    }

    fn with_scope(mut self, name: &str, strict: bool) -> Ledger {
        // A name that is not a valid deliverable name has no folder: leave
        // the ledger whole, so the command reports it as it always did.
        self.scope = record::check_name(name).is_ok().then(|| Scope {
            name: name.to_string(),
            strict,
        });
        self
    }

    /// The snapshot `load` and `append` work on: the scoped deliverable, or
    /// the whole store through the index.
    pub(super) fn load_view(&self, tip: &str) -> Result<Snapshot> {
        if let Some(scope) = &self.scope {
            let snap = self.load_scope(tip, Load::Only(&scope.name))?;
            if scope.strict || !snap.versions(&scope.name).is_empty() {
                return Ok(snap);
            }
        }
        self.load_scope(tip, Load::Cached)
    }
}
