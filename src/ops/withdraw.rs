//! Withdrawing a request: the requester (or an admin) takes it back, and no
//! more decisions are accepted on it.

use crate::ledger::{Ledger, LedgerError, Note, Prepared, Snapshot, whoami};
use crate::record::{self, Decision, Verdict};
use crate::sign::Signer;
use crate::state::{self, RequestRecords, State};

/// A withdrawal that landed.
#[derive(Debug)]
pub struct Withdrawn {
    pub commit: String,
    /// `acme/logo v2`.
    pub label: String,
}

/// Why nothing was written.
#[derive(Debug)]
pub enum WithdrawError<E> {
    /// The caller's `pick` refused.
    Target(E),
    /// The request is already withdrawn or superseded.
    Closed { label: String, state: State },
    /// Only the requester or an admin may withdraw.
    NotAllowed { label: String, requester: String },
    /// The store, the keys or the records failed.
    Ledger(LedgerError),
}

impl<E> From<LedgerError> for WithdrawError<E> {
    fn from(e: LedgerError) -> Self {
        WithdrawError::Ledger(e)
    }
}

/// Withdraws the request `pick` chooses, with `reason`.
pub fn withdraw<E>(
    ledger: &Ledger,
    signer: &Signer,
    configured: Option<String>,
    reason: &str,
    pick: impl Fn(&Snapshot) -> Result<&RequestRecords, E>,
) -> Result<Withdrawn, WithdrawError<E>> {
    let (commit, label) = ledger.append(signer, |snap| -> Result<_, WithdrawError<E>> {
        let me = whoami(snap, signer, configured.clone())?;
        let rr = pick(snap).map_err(WithdrawError::Target)?;
        let req = &rr.request;
        let label = format!("{} v{}", req.deliverable, snap.version_of(req));
        let ev = state::evaluate(snap.policy(), rr, snap.is_superseded(req));
        if matches!(ev.state, State::Withdrawn | State::Superseded) {
            return Err(WithdrawError::Closed {
                label,
                state: ev.state,
            });
        }
        if !crate::state::rules::may_withdraw(snap.policy(), req, &me) {
            return Err(WithdrawError::NotAllowed {
                label,
                requester: req.by.clone(),
            });
        }
        let mut d = Decision {
            comment: reason.to_string(),
            ..Decision::on(
                req,
                Verdict::Withdraw,
                &me,
                signer.key().fingerprint(),
                snap.now_string(),
            )
        };
        snap.stamp(&mut d);
        Ok(Prepared {
            records: vec![(d.path(snap.layout()), record::to_bytes(&d))],
            files: Vec::new(),
            subject: format!("{me} withdrew {label}"),
            note: Note::Withdraw {
                deliverable: req.deliverable.clone(),
                request: req.id.clone(),
            },
            value: label,
        })
    })?;
    Ok(Withdrawn { commit, label })
}
