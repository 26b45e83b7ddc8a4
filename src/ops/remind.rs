//! Reminding: mail the people pending requests still wait on when a
//! request is due soon or overdue, nobody twice about the same request
//! within an interval. Who is waited on is `views::waiting`'s answer; what
//! was sent when is kept in the clone's git folder
//! (`signoff/reminders.json`), and a lock file keeps two overlapping runs
//! from both sending. Prints nothing; `remind` words the outcome.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::json;

use crate::clock::now;
use crate::ledger::{Ledger, Snapshot};
use crate::notify;
use crate::record::Request;
use crate::state::{RequestRecords, State, deadlines};

/// How to remind.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Remind about requests due within this many seconds from now (and
    /// overdue ones).
    pub within: i64,
    /// Remind nobody about the same request more often (seconds).
    pub interval: i64,
    /// Work out who would be reminded; send nothing, record nothing.
    pub dry_run: bool,
}

/// One person reminded (or who would be) about one request.
#[derive(Debug, Serialize)]
pub struct Reminded {
    pub deliverable: String,
    pub request_version: usize,
    pub request: String,
    /// When it is due for this person (a bare date: the end of that day
    /// in their time zone), RFC 3339.
    pub due: String,
    /// The same, as they read it (in their zone, named).
    #[serde(skip)]
    pub shown: String,
    pub overdue: bool,
    pub person: String,
}

/// What a round did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub reminded: Vec<Reminded>,
    /// What sending did (empty on a dry run).
    pub report: notify::Report,
}

/// Why a round did not run to the end.
#[derive(Debug)]
pub enum RemindError {
    /// Another round holds the lock; this one leaves the work to it.
    Busy,
    /// The clone's state files could not be read or written.
    Io(std::io::Error),
    /// An email could not be rendered.
    Render(crate::render::RenderError),
}

impl From<std::io::Error> for RemindError {
    fn from(e: std::io::Error) -> Self {
        RemindError::Io(e)
    }
}

impl From<crate::render::RenderError> for RemindError {
    fn from(e: crate::render::RenderError) -> Self {
        RemindError::Render(e)
    }
}

/// One reminder round over `snap`, a snapshot of `ledger`.
///
/// # Panics
/// Only if serialising a map of strings to JSON fails, which it cannot.
pub fn remind(ledger: &Ledger, snap: &Snapshot, opts: Options) -> Result<Outcome, RemindError> {
    let store = &ledger.store;
    let dir = store.git_dir().join("signoff");
    std::fs::create_dir_all(&dir)?;
    let _lock = if opts.dry_run {
        None
    } else {
        Some(Lock::take(&dir.join("remind.lock"))?.ok_or(RemindError::Busy)?)
    };
    let state_path = dir.join("reminders.json");
    let mut sent_at: BTreeMap<String, i64> = std::fs::read(&state_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let now_s = now().as_second();
    let mut round = Round {
        snap,
        renderer: crate::events::mail_renderer_for(store),
        // Each reminder carries the person's own link when the page is set up.
        makers: crate::notify::links::LinkMaker::from_store(store)
            .ok()
            .flatten(),
        out: Outcome::default(),
    };
    for rr in snap.requests.values() {
        // Without links here, the server that holds the attestation key
        // reminds the link-deciders (with their link).
        let links = round
            .makers
            .as_ref()
            .filter(|m| crate::events::clone_mails_link_deciders(store, Some(m)));
        let due_now = due(snap, rr, &sent_at, now_s, opts, links);
        for (p, due) in &due_now {
            round.note(&rr.request, p, *due);
        }
        if opts.dry_run {
            continue;
        }
        // One message each to those overdue and to those not yet.
        let mut by_overdue: BTreeMap<bool, BTreeSet<String>> = BTreeMap::new();
        for (p, due) in due_now {
            by_overdue.entry(due < now()).or_default().insert(p);
        }
        for (overdue, people) in &by_overdue {
            round.send(ledger, rr, people, *overdue)?;
            for p in people {
                sent_at.insert(format!("{}/{p}", rr.request.id), now_s);
            }
        }
    }
    if !opts.dry_run && !round.out.reminded.is_empty() {
        let tmp = dir.join("reminders.json.tmp");
        std::fs::write(
            &tmp,
            serde_json::to_vec_pretty(&sent_at).expect("map serialises"),
        )?;
        std::fs::rename(&tmp, &state_path)?;
    }
    let mut out = round.out;
    out.report.warnings.extend(round.renderer.take_fallbacks());
    Ok(out)
}

/// Who `rr` (pending) is due for within the window, each with their own
/// due time (`state::deadlines`: a bare date ends at midnight in their
/// zone), among those it waits on who have not been reminded within the
/// interval and are not left to the server (`links`: the link maker, when
/// this clone mails link-deciders).
fn due(
    snap: &Snapshot,
    rr: &RequestRecords,
    sent_at: &BTreeMap<String, i64>,
    now_s: i64,
    opts: Options,
    links: Option<&crate::notify::links::LinkMaker>,
) -> Vec<(String, jiff::Timestamp)> {
    let req = &rr.request;
    let policy = snap.policy();
    // A bare date ends anywhere from 14 hours before to 12 after the end
    // of that day in UTC: nothing to judge per person before that.
    let Some(utc) = deadlines::due_for(policy, req, None) else {
        return Vec::new();
    };
    if utc.as_second().saturating_sub(14 * 3600) > now_s.saturating_add(opts.within) {
        return Vec::new();
    }
    let ev = crate::state::evaluate(policy, rr, snap.is_superseded(req));
    if ev.state != State::Pending {
        return Vec::new();
    }
    crate::views::waiting(&ev)
        .into_iter()
        .filter(|p| !crate::events::left_to_server(policy, links, p))
        .filter(|p| {
            sent_at
                .get(&format!("{}/{p}", req.id))
                .is_none_or(|t| now_s - t >= opts.interval)
        })
        .filter_map(|p| {
            let due = deadlines::due_for(policy, req, Some(&p))?;
            (due.as_second() <= now_s.saturating_add(opts.within)).then_some((p, due))
        })
        .collect()
}

/// One round's renderer, link makers and what it did so far.
struct Round<'s> {
    snap: &'s Snapshot,
    renderer: crate::render::Renderer,
    makers: Option<crate::notify::links::LinkMaker>,
    out: Outcome,
}

impl Round<'_> {
    fn note(&mut self, req: &Request, person: &str, due: jiff::Timestamp) {
        let policy = self.snap.policy();
        self.out.reminded.push(Reminded {
            deliverable: req.deliverable.clone(),
            request_version: self.snap.version_of(req),
            request: req.id.clone(),
            due: due.to_string(),
            shown: deadlines::due_text(policy, req, Some(person)).unwrap_or_default(),
            overdue: deadlines::overdue_for(policy, req, Some(person), now()),
            person: person.to_string(),
        });
    }

    fn send(
        &mut self,
        ledger: &Ledger,
        rr: &RequestRecords,
        due_now: &BTreeSet<String>,
        overdue: bool,
    ) -> Result<(), RemindError> {
        let (snap, req) = (self.snap, &rr.request);
        let policy = snap.policy();
        let extra = json!({ "actor": notify::person_view(policy, &req.by), "overdue": overdue });
        let links = crate::events::links_for(self.makers.as_ref(), snap, rr, due_now);
        let (messages, skipped) = notify::render_for(
            &self.renderer,
            snap,
            rr,
            "reminder",
            due_now,
            &extra,
            &links,
        )?;
        for unsent in skipped {
            self.out.report.notes.push(unsent.note("reminded"));
        }
        self.out.report.absorb(notify::dispatch(
            &ledger.store,
            &notify::person_view(policy, &req.by),
            &messages,
        ));
        Ok(())
    }
}

/// An exclusive lock file; a lock older than an hour is taken over (its
/// owner died). Removed on drop.
struct Lock(PathBuf);

impl Lock {
    fn take(path: &Path) -> std::io::Result<Option<Lock>> {
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(_) => return Ok(Some(Lock(path.to_path_buf()))),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let stale = std::fs::metadata(path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .is_some_and(|age| age.as_secs() > 3600);
                    if !stale {
                        return Ok(None);
                    }
                    let _ = std::fs::remove_file(path);
                }
                Err(e) => return Err(e),
            }
        }
        Ok(None)
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
