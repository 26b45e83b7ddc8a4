//! Events that other people may need to hear about.
//!
//! Every command that writes a record reports what happened here, in one
//! place, after the write has landed. [`emit`] turns each event into emails
//! (one `match` arm per event kind decides who hears what) and hands them to
//! `notify`, which writes them to the outbox and sends them when a transport
//! is configured. A failure to notify is reported as a warning and never
//! undoes or blocks the write.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use crate::ledger::{Ledger, Snapshot};
use crate::notify::links::{LinkKeyError, LinkMaker};
pub use crate::notify::links::{decides_by_link, left_to_server, links_for};
use crate::notify::{self, Report};
use crate::render::Renderer;

mod messages;
use messages::messages;
pub use messages::{opened_for, stage_complete_messages};

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
    /// A stage of a staged rule is now approved; the next stage's reviewers
    /// (if any) should be asked now, and not before.
    StageComplete {
        deliverable: String,
        request: String,
        version: usize,
        /// The stage that is now complete.
        stage: String,
        /// The stage whose reviewers are asked next (`None` after the last).
        next_stage: Option<String>,
        /// Who to ask for the next stage (eligible people who have not approved).
        reviewers: Vec<String>,
    },
    /// A receipt for a reviewer who decided through an email link.
    Receipt {
        deliverable: String,
        request: String,
        decision: String,
        by: String,
    },
    /// A comment was added; an `internal` one is for the agency's side
    /// only.
    Commented {
        deliverable: String,
        request: String,
        by: String,
        comment: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        internal: bool,
    },
}

/// Set in a `serve` that keeps a remote in step: its watcher mails the
/// people who decide through links (`ops::announce`), after pushing what
/// it wrote, so what this process writes leaves them to it.
static SERVER_MAILS_LINKS: AtomicBool = AtomicBool::new(false);

/// Leaves the link-deciders' request, stage and reminder mail of this
/// process to the server's watcher (`serve --remote`).
pub fn leave_link_mail_to_watcher() {
    SERVER_MAILS_LINKS.store(true, Ordering::Relaxed);
}

/// Whether this process mails the link-deciders itself: only when it can
/// make their links and no watcher does (DESIGN §13 "The server that
/// answers a link sends it"). A clone without the attestation key leaves
/// them to the server, which mails them once it has the record.
#[must_use]
pub fn mails_link_deciders(links: Option<&LinkMaker>) -> bool {
    links.is_some() && !SERVER_MAILS_LINKS.load(Ordering::Relaxed)
}

/// [`mails_link_deciders`] for a command in `store`'s clone: not in the
/// server's own clone either (`signoff.serveRemote` set, or a watcher has
/// run here with `--remote`), whose writes the server pushes and whose
/// watcher then mails the link-deciders; mailing them from the command too
/// would send each mail twice.
#[must_use]
pub fn clone_mails_link_deciders(store: &crate::store::Store, links: Option<&LinkMaker>) -> bool {
    mails_link_deciders(links)
        && store.config_string("signoff.serveRemote").is_none()
        && !notify::links::watcher_mark(store).exists()
}

/// Delivers events to whoever listens, reading names and addresses from the
/// store as it is after the write. Returns what happened, for the user.
#[must_use]
pub fn emit(ledger: &Ledger, events: &[Event]) -> Report {
    if events.is_empty() || !notify::MailConfig::from_store(&ledger.store).enabled {
        return Report::default();
    }
    let snap = match ledger.load() {
        Ok(s) => s,
        Err(e) => {
            return Report {
                warnings: vec![format!("no email sent: cannot read the store: {e}")],
                ..Report::default()
            };
        }
    };
    emit_on(ledger, &snap, events)
}

/// [`emit`] with the snapshot of the store after the write already at hand.
///
/// Called after a write has committed, so it never fails: every problem,
/// even a bug that panics while building a message, becomes a warning and
/// the command still reports the write it made.
#[must_use]
pub fn emit_on(ledger: &Ledger, snap: &Snapshot, events: &[Event]) -> Report {
    emit_with(ledger, snap, events, false)
}

/// [`emit_on`] for an explicit "ask them again" (`outbox requeue`): in the
/// server's own clone, the link-deciders are asked too, with their links,
/// even though the server's watcher mails them otherwise.
#[must_use]
pub fn emit_again(ledger: &Ledger, snap: &Snapshot, events: &[Event]) -> Report {
    emit_with(ledger, snap, events, true)
}

fn emit_with(ledger: &Ledger, snap: &Snapshot, events: &[Event], again: bool) -> Report {
    if events.is_empty() || !notify::MailConfig::from_store(&ledger.store).enabled {
        return Report::default();
    }
    let run = std::panic::AssertUnwindSafe(|| emit_unguarded(ledger, snap, events, again));
    std::panic::catch_unwind(run).unwrap_or_else(|_| Report {
        notices: vec![notify::Notice::Crashed],
        ..Report::default()
    })
}

fn emit_unguarded(ledger: &Ledger, snap: &Snapshot, events: &[Event], again: bool) -> Report {
    let renderer = mail_renderer_for(&ledger.store);
    let mut report = Report::default();
    let links = match LinkMaker::from_store(&ledger.store) {
        Ok(m) => m,
        // No key here: the server that holds it mails the link-deciders.
        Err(LinkKeyError::Missing(_)) => None,
        Err(e) => {
            report
                .warnings
                .push(format!("request emails carry no link: {e}"));
            None
        }
    };
    let links = links.filter(|m| again || clone_mails_link_deciders(&ledger.store, Some(m)));
    // One message per event: whoever a stage opens for hears of it once,
    // by the stage's email, not also by the decision that opened it.
    let opened: BTreeSet<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::StageComplete {
                request,
                next_stage: Some(next),
                ..
            } => Some(opened_for(snap, request, next)),
            _ => None,
        })
        .flatten()
        .collect();
    for event in events {
        let (actor, outcome) = messages(&renderer, snap, event, links.as_ref(), &opened);
        match outcome {
            Ok((messages, skipped)) => {
                for unsent in skipped {
                    report.notes.push(unsent.note("notified"));
                }
                let actor = notify::person_view(snap.policy(), &actor);
                report.absorb(notify::dispatch(&ledger.store, &actor, &messages));
            }
            Err(e) => report.warnings.push(format!("no email sent: {e}")),
        }
    }
    report.warnings.extend(renderer.take_fallbacks());
    report
}

/// The template renderer for a repository (with its overrides).
///
/// Emails are branded like the page: every template sees `mail_brand`
/// (`title` and `accent`, from `git config signoff.portalTitle` and
/// `signoff.portalAccent`, and `logo` when the logo travels inline).
#[must_use]
pub fn renderer_for(store: &crate::store::Store) -> Renderer {
    Renderer::new(template_dir(store))
        .with_global("mail_brand", notify::MailBrand::from_store(store))
}

/// The renderer for mail: as [`renderer_for`], but a broken override falls
/// back to the built-in template (the message is queued, and a warning names
/// the override's file and line) instead of losing the message.
pub fn mail_renderer_for(store: &crate::store::Store) -> Renderer {
    renderer_for(store).falling_back()
}

/// Where a repository's template overrides live.
#[must_use]
pub fn template_dir(store: &crate::store::Store) -> Option<std::path::PathBuf> {
    Renderer::override_dir(
        store.workdir(),
        store.config_string("signoff.templates").as_deref(),
    )
}
