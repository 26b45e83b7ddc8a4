//! Commenting on a request without deciding: with one's own key (possibly
//! an internal comment, for the agency's side only), or on the email-link
//! page (signed by the server's attestation key, with the link's evidence,
//! never internal).

use crate::events::Event;
use crate::ledger::{Ledger, LedgerError, Note, Prepared, Snapshot, whoami};
use crate::link::VIA_LINK;
use crate::notify::Report;
use crate::record::{Comment, LinkEvidence};
use crate::sign::Signer;
use crate::state::RequestRecords;

/// Who comments, and whose key signs the record.
pub enum Commenter<'a> {
    /// A person with their own key (`configured`: `git config
    /// signoff.person`, when set). `internal` keeps the comment on the
    /// agency's side: off the link page and out of keyless people's mail.
    Key {
        signer: &'a Signer,
        configured: Option<String>,
        internal: bool,
    },
    /// A reviewer on the email-link page: the server's attestation key
    /// (`attester`'s) signs, and the record embeds the link's evidence.
    Link {
        signer: &'a Signer,
        attester: &'a str,
        person: &'a str,
        evidence: LinkEvidence,
    },
}

/// A comment that landed.
#[derive(Debug)]
pub struct Commented {
    pub commit: String,
    /// `acme/logo v2`.
    pub label: String,
    pub comment: Comment,
    pub notified: Report,
}

/// Why nothing was written.
#[derive(Debug)]
pub enum CommentError<E> {
    /// The caller's `pick` refused.
    Target(E),
    /// The comment is blank.
    Empty,
    /// The comment is longer than `state::rules::MAX_COMMENT` characters
    /// (or holds NUL): the rule the page and the command line share.
    TooLong { chars: usize },
    /// The store, the keys or the records failed.
    Ledger(LedgerError),
}

impl<E> From<LedgerError> for CommentError<E> {
    fn from(e: LedgerError) -> Self {
        CommentError::Ledger(e)
    }
}

/// Adds `text` to the request `pick` chooses (from the snapshot the write
/// lands on), signed as `who` says, then notifies.
pub fn comment<E>(
    ledger: &Ledger,
    who: &Commenter<'_>,
    text: &str,
    pick: impl Fn(&Snapshot) -> Result<&RequestRecords, E>,
) -> Result<Commented, CommentError<E>> {
    if text.trim().is_empty() {
        return Err(CommentError::Empty);
    }
    if let Err(crate::state::rules::Refusal::CommentTooLong { chars }) =
        crate::state::rules::comment_refusal(crate::record::Verdict::Approve, text)
    {
        return Err(CommentError::TooLong { chars });
    }
    let make = |snap: &Snapshot, me: &str, signer: &Signer| {
        let rr = pick(snap).map_err(CommentError::Target)?;
        let req = &rr.request;
        let label = format!("{} v{}", req.deliverable, snap.version_of(req));
        let mut c = Comment::on(
            req,
            me,
            signer.key().fingerprint(),
            crate::clock::now_string(),
            text,
        );
        match who {
            Commenter::Key { internal, .. } => c.internal = *internal,
            Commenter::Link { evidence, .. } => {
                c.via = VIA_LINK.into();
                c.link = Some(evidence.clone());
            }
        }
        let subject = format!(
            "{me} commented{} on {label}",
            if c.internal { " (internal)" } else { "" }
        );
        Ok(Prepared {
            records: vec![(
                snap.layout().comment_path(&req.deliverable, &req.id, &c.id),
                crate::record::to_bytes(&c),
            )],
            files: Vec::new(),
            subject,
            note: Note::Comment {
                deliverable: req.deliverable.clone(),
                request: req.id.clone(),
            },
            value: (
                label,
                Event::Commented {
                    deliverable: req.deliverable.clone(),
                    request: req.id.clone(),
                    by: me.to_string(),
                    comment: text.to_string(),
                    internal: c.internal,
                },
                c,
            ),
        })
    };
    let (commit, (label, event, comment)) = match who {
        Commenter::Key {
            signer, configured, ..
        } => ledger.append(signer, |snap| -> Result<_, CommentError<E>> {
            let me = whoami(snap, signer, configured.clone())?;
            make(snap, &me, signer)
        })?,
        Commenter::Link {
            signer,
            attester,
            person,
            ..
        } => ledger.append_on(signer, attester, None, |snap| make(snap, person, signer))?,
    };
    let notified = super::notify(ledger, None, std::slice::from_ref(&event));
    Ok(Commented {
        commit,
        label,
        comment,
        notified,
    })
}
