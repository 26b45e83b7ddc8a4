//! Commit messages: the one place a write's subject line and its
//! `Signoff-*` trailers are put together.
//!
//! Every commit on the store branch says what kind of write it is
//! (`Signoff-Kind`), which records it adds (`Signoff-Record`, one per
//! record), and the ids a reader greps for (`Signoff-Deliverable`,
//! `Signoff-Request`, `Signoff-Decision`, `Signoff-Via`, `Signoff-Policy`,
//! `Signoff-Proposal`, `Signoff-Content`). Trailers are a courtesy for
//! people reading `git log`: nothing trusts them; the signed records are the
//! truth.

use std::fmt::Write as _;

use crate::record::Verdict;

/// What a write is, for its commit's trailers.
#[derive(Debug, Clone)]
pub enum Note {
    /// The store's first commit: the store file and policy version 1.
    Init,
    /// A new request (a new version of a deliverable).
    Request {
        deliverable: String,
        request: String,
        content: String,
    },
    /// A decision of a reviewer; `via_link` when entered through an email link.
    Decision {
        deliverable: String,
        request: String,
        verdict: Verdict,
        via_link: bool,
    },
    /// The requester (or an admin) withdrew a request.
    Withdraw {
        deliverable: String,
        request: String,
    },
    /// A comment without a decision.
    Comment {
        deliverable: String,
        request: String,
    },
    /// A proposed policy version, signed by its proposer.
    Policy { version: u32, proposal: String },
    /// Another admin's signature on a proposed policy version.
    PolicySignature { version: u32, proposal: String },
    /// The server mailed the link-deciders (`notified` records).
    Notified,
    /// A merge of another copy of the store.
    Sync,
    /// Several writes in one commit (decisions that arrived together at
    /// the email-link page): each one's trailers, in order.
    Batch(Vec<Note>),
}

impl Note {
    /// The `Signoff-Kind` trailer.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Note::Init => "init",
            Note::Request { .. } => "request",
            Note::Decision { .. } => "decision",
            Note::Withdraw { .. } => "withdraw",
            Note::Comment { .. } => "comment",
            Note::Policy { .. } => "policy",
            Note::PolicySignature { .. } => "policy-signature",
            Note::Notified => "notified",
            Note::Sync => "sync",
            Note::Batch(notes) => notes.first().map_or("batch", Note::kind),
        }
    }

    fn trailers(&self) -> Vec<(&'static str, String)> {
        let on = |d: &str, r: &str| {
            vec![
                ("Signoff-Deliverable", d.to_string()),
                ("Signoff-Request", r.to_string()),
            ]
        };
        match self {
            Note::Init => vec![("Signoff-Policy", "1".into())],
            Note::Request {
                deliverable,
                request,
                content,
            } => {
                let mut t = on(deliverable, request);
                t.push(("Signoff-Content", content.clone()));
                t
            }
            Note::Decision {
                deliverable,
                request,
                verdict,
                via_link,
            } => {
                let mut t = on(deliverable, request);
                t.push(("Signoff-Decision", verdict.as_str().into()));
                if *via_link {
                    t.push(("Signoff-Via", "link".into()));
                }
                t
            }
            Note::Withdraw {
                deliverable,
                request,
            }
            | Note::Comment {
                deliverable,
                request,
            } => on(deliverable, request),
            Note::Policy { version, proposal } | Note::PolicySignature { version, proposal } => {
                vec![
                    ("Signoff-Policy", version.to_string()),
                    ("Signoff-Proposal", proposal.clone()),
                ]
            }
            Note::Sync | Note::Notified => Vec::new(),
            Note::Batch(notes) => notes.iter().flat_map(Note::trailers).collect(),
        }
    }

    /// The whole commit message: `subject`, then the kind, one
    /// `Signoff-Record` line per record path, then the other trailers.
    #[must_use]
    pub fn message<'a>(&self, subject: &str, records: impl IntoIterator<Item = &'a str>) -> String {
        let mut message = format!("{subject}\n\nSignoff-Kind: {}\n", self.kind());
        for path in records {
            let _ = writeln!(message, "Signoff-Record: {path}");
        }
        for (k, v) in self.trailers() {
            let _ = writeln!(message, "{k}: {v}");
        }
        message
    }
}
