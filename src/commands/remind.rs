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
    due: String,
    overdue: bool,
    person: String,
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
    for rr in snap.requests.values() {
        let req = &rr.request;
        let Some(due) = req.due.as_deref() else {
            continue;
        };
        let Some(due_s) = crate::clock::seconds(due) else {
            continue;
        };
        if due_s > now_s.saturating_add(within) {
            continue;
        }
        let ev = state::evaluate(policy, rr, snap.is_superseded(req));
        if ev.state != State::Pending {
            continue;
        }
        let waiting = crate::views::waiting(&ev);
        // Without links here, the server that holds the attestation key
        // reminds the link-deciders (with their link).
        let links = makers
            .as_ref()
            .filter(|m| crate::events::clone_mails_link_deciders(store, Some(m)));
        let due_now: BTreeSet<String> = waiting
            .into_iter()
            .filter(|p| !crate::events::left_to_server(policy, links, p))
            .filter(|p| {
                sent_at
                    .get(&format!("{}/{p}", req.id))
                    .is_none_or(|t| now_s - t >= interval)
            })
            .collect();
        if due_now.is_empty() {
            continue;
        }
        let overdue = due_s < now_s;
        for p in &due_now {
            reminded.push(Reminded {
                deliverable: req.deliverable.clone(),
                request_version: snap.version_of(req),
                request: req.id.clone(),
                due: due.to_string(),
                overdue,
                person: p.clone(),
            });
        }
        if args.dry_run {
            continue;
        }
        let extra = json!({ "actor": notify::person_view(policy, &req.by), "overdue": overdue });
        let links = crate::events::links_for(makers.as_ref(), &snap, rr, &due_now);
        let (messages, skipped) =
            notify::render_for(&renderer, &snap, rr, "reminder", &due_now, &extra, &links)?;
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
        for p in &due_now {
            sent_at.insert(format!("{}/{p}", req.id), now_s);
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
                dry_run: args.dry_run,
                sent: report.sent,
                queued: report.queued,
            })
            .map(|()| 0);
    }
    if reminded.is_empty() {
        ctx.out.note("nobody to remind");
        return Ok(0);
    }
    let verb = if args.dry_run {
        "Would remind"
    } else {
        "Reminded"
    };
    for r in &reminded {
        ctx.out.print(&format!(
            "{verb} {} about {} v{} ({} {})",
            r.person,
            r.deliverable,
            r.request_version,
            if r.overdue { "overdue since" } else { "due" },
            super::human_time(&r.due)
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
