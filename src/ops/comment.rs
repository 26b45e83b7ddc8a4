//! Commenting on a request without deciding.

use crate::clock::now_string;
use crate::events::Event;
use crate::ledger::{Ledger, LedgerError, Note, Prepared, Snapshot, whoami};
use crate::notify::Report;
use crate::record::{self, Comment};
use crate::sign::Signer;
use crate::state::RequestRecords;

/// A comment that landed.
#[derive(Debug)]
pub struct Commented {
    pub commit: String,
    /// `acme/logo v2`.
    pub label: String,
    pub notified: Report,
}

/// Why nothing was written.
#[derive(Debug)]
pub enum CommentError<E> {
    /// The caller's `pick` refused.
    Target(E),
    /// The comment is blank.
    Empty,
    /// The store, the keys or the records failed.
    Ledger(LedgerError),
}

impl<E> From<LedgerError> for CommentError<E> {
    fn from(e: LedgerError) -> Self {
        CommentError::Ledger(e)
    }
}

/// Adds `text` to the request `pick` chooses, signed by `signer`
/// (`configured`: `git config signoff.person`, when set), then notifies.
pub fn comment<E>(
    ledger: &Ledger,
    signer: &Signer,
    configured: Option<String>,
    text: &str,
    pick: impl Fn(&Snapshot) -> Result<&RequestRecords, E>,
) -> Result<Commented, CommentError<E>> {
    if text.trim().is_empty() {
        return Err(CommentError::Empty);
    }
    let (commit, (label, event)) = ledger.append(signer, |snap| -> Result<_, CommentError<E>> {
        let me = whoami(snap, signer, configured.clone())?;
        let rr = pick(snap).map_err(CommentError::Target)?;
        let req = &rr.request;
        let label = format!("{} v{}", req.deliverable, snap.version_of(req));
        let c = Comment {
            schema: record::SCHEMA_COMMENT.into(),
            store_id: snap.info.store_id.clone(),
            id: record::new_id(),
            request: req.id.clone(),
            deliverable: req.deliverable.clone(),
            by: me.clone(),
            key: signer.key().fingerprint().into(),
            at: now_string(),
            comment: text.to_string(),
        };
        Ok(Prepared {
            records: vec![(
                snap.layout().comment_path(&req.deliverable, &req.id, &c.id),
                record::to_bytes(&c),
            )],
            files: Vec::new(),
            subject: format!("{me} commented on {label}"),
            note: Note::Comment {
                deliverable: req.deliverable.clone(),
                request: req.id.clone(),
            },
            value: (
                label,
                Event::Commented {
                    deliverable: req.deliverable.clone(),
                    request: req.id.clone(),
                    by: me.clone(),
                    comment: text.to_string(),
                },
            ),
        })
    })?;
    let notified = super::notify(ledger, None, std::slice::from_ref(&event));
    Ok(Commented {
        commit,
        label,
        notified,
    })
}
