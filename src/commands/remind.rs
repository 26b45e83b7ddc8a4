//! `signoff remind`: email reviewers whose decision is due soon or overdue.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::json;

use super::{Ctx, parse_duration};
use crate::clock::now;
use crate::error::Result;
use crate::notify;
use crate::state::{self, State};

/// Email reviewers of pending requests that are due soon or overdue.
///
/// Only people the request still waits on are reminded, and nobody twice
/// about the same request within the interval (state kept in
/// .git/signoff/reminders.json). Safe to run from cron: it never prompts,
/// exits 0 when there is nothing to do, and two overlapping runs do not
/// both send.
///
/// Defaults come from git config signoff.remindWithin (2d) and
/// signoff.remindInterval (1d). Durations: 30m, 12h, 2d, 1w.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Remind about requests due within this long from now (and overdue ones).
    #[arg(long, value_name = "DURATION")]
    pub within: Option<String>,
    /// Do not remind the same person about the same request more often.
    #[arg(long, value_name = "DURATION")]
    pub interval: Option<String>,
    /// Show who would be reminded; send nothing, record nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Serialize)]
struct Reminded {
    deliverable: String,
    request_version: usize,
    request: String,
    /// When it is due for this person (a bare date: the end of that day
    /// in their time zone), RFC 3339.
    due: String,
    /// The same, as they read it (in their zone, named).
    #[serde(skip)]
    shown: String,
    overdue: bool,
    person: String,
}

/// Mails one reminder about `rr` to each of `people` (all overdue, or
/// all not yet), with their own links when the page is set up.
fn remind_about(
    store: &crate::store::Store,
    renderer: &crate::render::Renderer,
    snap: &crate::ledger::Snapshot,
    rr: &state::RequestRecords,
    people: &BTreeSet<String>,
    overdue: bool,
    makers: Option<&crate::notify::links::LinkMaker>,
) -> Result<notify::Report> {
    let policy = snap.policy();
    let req = &rr.request;
    let mut report = notify::Report::default();
    let extra = json!({ "actor": notify::person_view(policy, &req.by), "overdue": overdue });
    let links = crate::events::links_for(makers, snap, rr, people);
    let (messages, skipped) =
        notify::render_for(renderer, snap, rr, "reminder", people, &extra, &links)?;
    for id in skipped {
        report.notes.push(format!(
            "{id} has no email address in the policy; not reminded"
        ));
    }
    report.absorb(notify::dispatch(
        store,
        &notify::person_view(policy, &req.by),
        &messages,
    ));
    Ok(report)
}

/// # Panics
/// Only if serialising a map of strings to JSON fails, which it cannot.
pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    let ledger = ctx.ledger()?;
    let store = &ledger.store;
    let within = match &args.within {
        Some(w) => parse_duration(w, "--within")?,
        None => parse_duration(
            &store
                .config_string("signoff.remindWithin")
                .unwrap_or_else(|| "2d".into()),
            "git config signoff.remindWithin",
        )?,
    };
    let interval = match &args.interval {
        Some(w) => parse_duration(w, "--interval")?,
        None => parse_duration(
            &store
                .config_string("signoff.remindInterval")
                .unwrap_or_else(|| "1d".into()),
            "git config signoff.remindInterval",
        )?,
    };
    let (within, interval) = (secs_i64(within), secs_i64(interval));
    let snap = ctx.load(&ledger)?;
    let dir = store.git_dir().join("signoff");
    std::fs::create_dir_all(&dir)?;
    let _lock = if args.dry_run {
        None
    } else {
        let Some(lock) = Lock::take(&dir.join("remind.lock"))? else {
            ctx.out
                .note("another 'signoff remind' is running; leaving this round to it");
            return Ok(0);
        };
        Some(lock)
    };
    let state_path = dir.join("reminders.json");
    let mut sent_at: BTreeMap<String, i64> = std::fs::read(&state_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let now_s = now().as_second();
    let policy = snap.policy();
    let renderer = crate::events::mail_renderer_for(store);
    // Each reminder carries the person's own link when the page is set up.
    let makers = crate::notify::links::LinkMaker::from_store(store)
        .ok()
        .flatten();
    let mut reminded = Vec::new();
    let mut report = notify::Report::default();
    // A bare due date ends at midnight in each person's zone: anywhere
    // from 14 hours before to 12 hours after the end of that day in UTC.
    let widest = 14 * 3600;
    for rr in snap.requests.values() {
        let req = &rr.request;
        let Some(utc_due) = state::deadlines::due_for(policy, req, None) else {
            continue;
        };
        if utc_due.as_second().saturating_sub(widest) > now_s.saturating_add(within) {
            continue;
        }
        let ev = state::evaluate(policy, rr, snap.is_superseded(req));
        if ev.state != State::Pending {
            continue;
        }
        // Without links here, the server that holds the attestation key
        // reminds the link-deciders (with their link).
        let links = makers
            .as_ref()
            .filter(|m| crate::events::clone_mails_link_deciders(store, Some(m)));
        // Each person's deadline is theirs (`state::deadlines::due_for`):
        // due soon, or overdue, is judged in their zone.
        let mut due_now: BTreeMap<bool, BTreeSet<String>> = BTreeMap::new();
        for p in crate::views::waiting(&ev) {
            if crate::events::left_to_server(policy, links, &p) {
                continue;
            }
            let Some(due) = state::deadlines::due_for(policy, req, Some(&p)) else {
                continue;
            };
            let recent = sent_at
                .get(&format!("{}/{p}", req.id))
                .is_some_and(|t| now_s - t < interval);
            if due.as_second() > now_s.saturating_add(within) || recent {
                continue;
            }
            let overdue = state::deadlines::overdue_for(policy, req, Some(&p), now());
            reminded.push(Reminded {
                deliverable: req.deliverable.clone(),
                request_version: snap.version_of(req),
                request: req.id.clone(),
                due: due.to_string(),
                shown: state::deadlines::due_text(policy, req, Some(&p)).unwrap_or_default(),
                overdue,
                person: p.clone(),
            });
            due_now.entry(overdue).or_default().insert(p);
        }
        if args.dry_run {
            continue;
        }
        for (overdue, people) in &due_now {
            report.absorb(remind_about(
                store,
                &renderer,
                &snap,
                rr,
                people,
                *overdue,
                makers.as_ref(),
            )?);
            for p in people {
                sent_at.insert(format!("{}/{p}", req.id), now_s);
            }
        }
    }
    if !args.dry_run && !reminded.is_empty() {
        let tmp = dir.join("reminders.json.tmp");
        std::fs::write(
            &tmp,
            serde_json::to_vec_pretty(&sent_at).expect("map serialises"),
        )?;
        std::fs::rename(&tmp, &state_path)?;
    }
    report.warnings.extend(renderer.take_fallbacks());
    ctx.report(&report);
    print(ctx, args.dry_run, reminded, &report)
}

/// Says who was (or would be) reminded, and when each was due.
fn print(ctx: &Ctx, dry_run: bool, reminded: Vec<Reminded>, report: &notify::Report) -> Result<u8> {
    if ctx.out.json {
        #[derive(Serialize)]
        struct Out {
            reminded: Vec<Reminded>,
            dry_run: bool,
            sent: usize,
            queued: usize,
        }
        return ctx
            .out
            .json(&Out {
                reminded,
                dry_run,
                sent: report.sent,
                queued: report.queued,
            })
            .map(|()| 0);
    }
    if reminded.is_empty() {
        ctx.out.note("nobody to remind");
        return Ok(0);
    }
    let verb = if dry_run { "Would remind" } else { "Reminded" };
    for r in &reminded {
        ctx.out.print(&format!(
            "{verb} {} about {} v{} ({} {})",
            r.person,
            r.deliverable,
            r.request_version,
            if r.overdue { "overdue since" } else { "due" },
            r.shown
        ))?;
    }
    Ok(0)
}

/// An exclusive lock file; a lock older than an hour is taken over (its
/// owner died). Removed on drop.
struct Lock(std::path::PathBuf);

impl Lock {
    fn take(path: &std::path::Path) -> Result<Option<Lock>> {
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
                Err(e) => return Err(e.into()),
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

fn secs_i64(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}
