//! Events that other people may need to hear about.
//!
//! Every command that writes a record reports what happened here, in one
//! place, after the write has landed. Notification (email, the outbox) hangs
//! off [`emit`]; a failure to notify is reported as a warning and never undoes
//! or blocks the write.

use serde::Serialize;

/// Something that happened on the store.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Event {
    /// A request was created (reviewers should be asked).
    Requested {
        deliverable: String,
        request: String,
        version: usize,
        by: String,
        reviewers: Vec<String>,
    },
    /// A decision was recorded.
    Decided {
        deliverable: String,
        request: String,
        decision: String,
        by: String,
        on_behalf_of: Option<String>,
        comment: String,
    },
    /// A comment was added.
    Commented {
        deliverable: String,
        request: String,
        by: String,
        comment: String,
    },
}

/// Delivers events to whoever listens. Returns warnings to show the user.
#[must_use]
pub fn emit(events: &[Event]) -> Vec<String> {
    // Notification transports arrive with the email issue; until then events
    // are only visible through `--json` output of the writing commands.
    let _ = events;
    Vec::new()
}
