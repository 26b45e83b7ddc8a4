//! The operations: every rule about what may be written, in one place.
//!
//! Each operation takes plain inputs and the [`Ledger`], runs its checks
//! against the snapshot the write lands on (on every attempt of the
//! compare-and-swap), writes at most one commit, and only then hands its
//! events to `events` for notification, once. It returns a typed outcome or a
//! typed refusal and prints nothing: the command line (`commands/`) and the
//! email-link page (`serve/`) both call these functions and each words the
//! outcome for its own reader.
//!
//! | operation | what it writes |
//! |---|---|
//! | [`announce`] | the server's `notified` records, pushed before it mails the link-deciders |
//! | [`request`] | a request and the snapshot of its files |
//! | [`decide`] | a decision: own key, on someone's behalf, or through a link |
//! | [`comment`] | a comment |
//! | [`withdraw`] | the requester's withdrawal |
//! | [`policy_change`] | a proposed policy version, or a signature on one |
//! | [`sync`] | a merge with another copy of the store |
//! | [`gate`] | nothing: whether the exact bytes are approved |
//! | [`landed`] | nothing: runs the configured hook after a push landed records |
//! | [`outbox`] | nothing in the store: sends the outbox's waiting mail |
//! | [`remind`] | nothing in the store: mails who a due request waits on |
//! | [`verify`] | nothing in the store: every record, the policy chain, the history |
//! | [`report`] | nothing: versions, decisions and turnaround, as rows |
//!
//! An operation that lets the caller pick the request (a deliverable name on
//! the command line, a token on the page) takes a `pick` function whose own
//! error comes back unchanged as `Target`.

pub mod announce;
pub mod comment;
pub mod decide;
pub mod gate;
pub mod landed;
pub mod outbox;
pub mod policy_change;
pub mod remind;
pub mod report;
pub mod request;
pub mod sync;
pub mod verify;
pub mod withdraw;

use crate::events::Event;
use crate::ledger::{Ledger, Snapshot};
use crate::notify::Report;

/// Notifies people of `events` after a write landed. `after` is the snapshot
/// the write produced, when the caller has it (it saves a load). A failure
/// to notify never undoes the write: it comes back as warnings.
fn notify(ledger: &Ledger, after: Option<&Snapshot>, events: &[Event]) -> Report {
    match after {
        Some(snap) => crate::events::emit_on(ledger, snap, events),
        None => crate::events::emit(ledger, events),
    }
}

/// Lets an operation's error take the errors of the layers below through
/// its `Ledger` variant, so `?` works on store, file and range reads.
macro_rules! through_ledger {
    ($($op:ty),+ $(,)?) => {$(
        impl From<crate::store::StoreError> for $op {
            fn from(e: crate::store::StoreError) -> Self {
                crate::ledger::LedgerError::from(e).into()
            }
        }
        impl From<crate::store::SourceError> for $op {
            fn from(e: crate::store::SourceError) -> Self {
                crate::ledger::LedgerError::from(e).into()
            }
        }
        impl From<crate::range::RangeError> for $op {
            fn from(e: crate::range::RangeError) -> Self {
                crate::ledger::LedgerError::from(e).into()
            }
        }
        impl From<crate::seen::SeenError> for $op {
            fn from(e: crate::seen::SeenError) -> Self {
                crate::ledger::LedgerError::from(e).into()
            }
        }
    )+};
}

through_ledger!(
    request::RequestError,
    gate::GateError,
    sync::SyncError,
    policy_change::PolicyChangeError,
);
