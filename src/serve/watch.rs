//! The watcher of `serve --remote`: the server mails the link-deciders.
//!
//! Every [`WATCH_EVERY`] it fetches the remote (through `ops::sync`, as a
//! page does, pushing first whatever this server recorded and the remote
//! lacks), and then lets `ops::announce` mail what is due to people who
//! decide through links: new requests, stages that opened, reminders. Mail
//! goes out only once this clone holds the record it is about, so its link
//! works at once; several servers against one remote send it once (the
//! `notified` record's push decides). It owns the timing and the log
//! lines only; one sync at a time, shared with pages and the pusher.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::notify::links::LinkMaker;
use crate::ops::announce::{self, Server};
use crate::ops::sync::sync;

use super::App;
use super::remote::{lock, scrub, short, unpushed};

/// How often the watcher fetches the remote.
pub const WATCH_EVERY: Duration = Duration::from_secs(2);

/// Starts the watcher (when the server has a remote and a base URL).
pub fn start(app: &Arc<App>) {
    let Some(remote) = &app.remote else {
        return;
    };
    // What this process writes (a link decision that opens a client's
    // stage) is mailed by the watcher too, after it is pushed.
    crate::events::leave_link_mail_to_watcher();
    let app2 = Arc::clone(app);
    let handle = std::thread::Builder::new()
        .name("signoff-watch".into())
        .spawn(move || watch(&app2))
        .expect("a thread starts");
    *lock(&remote.watcher) = Some(handle);
}

fn watch(app: &App) {
    let Some(remote) = &app.remote else {
        return;
    };
    let name = &remote.name;
    let (since, within, interval) = match app.ledger() {
        Ok(l) => (
            announce::since(&l.store),
            config_secs(&l.store, "signoff.remindWithin", "2d"),
            config_secs(&l.store, "signoff.remindInterval", "1d"),
        ),
        Err(e) => {
            eprintln!("mail {name}: cannot open the store: {}", scrub(&e.message));
            return;
        }
    };
    // Judging every pending request takes time on a large store: only when
    // the tip moved, or when a reminder may have come due.
    let recheck = Duration::from_secs(u64::try_from((interval / 2).clamp(2, 60)).unwrap_or(60));
    let mut last: Option<(String, Instant)> = None;
    loop {
        if let Err(e) = round(app, (since, within, interval), recheck, &mut last) {
            eprintln!("mail {name}: {}", scrub(&e));
        }
        if remote.pause(WATCH_EVERY) {
            return;
        }
    }
}

/// One fetch, and one round of mail.
fn round(
    app: &App,
    windows: (i64, i64, i64),
    recheck: Duration,
    last: &mut Option<(String, Instant)>,
) -> Result<(), String> {
    let Some(remote) = &app.remote else {
        return Ok(());
    };
    let name = &remote.name;
    let _one = lock(&remote.sync_lock);
    let ledger = app.ledger().map_err(|e| e.message)?;
    let push = unpushed(&ledger.store, name).map_err(|e| e.to_string())?;
    let signer = Some(&app.key.signer);
    let o = sync(&ledger, name, push, signer)
        .map_err(|e| format!("fetch failed: {}", crate::error::CliError::from(e).message))?;
    remote.fetched_now();
    if o.merge != "up-to-date" || o.pushed {
        eprintln!(
            "fetch {name}: {}{}; store at {}",
            o.merge,
            if o.pushed { ", pushed" } else { "" },
            short(&o.tip)
        );
    }
    // Mail is about what the remote holds: nothing of ours may be missing
    // from it (the pusher brings it there first).
    if unpushed(&ledger.store, name).map_err(|e| e.to_string())? {
        return Ok(());
    }
    let snap = app.snapshot(&ledger).map_err(|e| e.message)?;
    if last
        .as_ref()
        .is_some_and(|(tip, at)| *tip == snap.tip && at.elapsed() < recheck)
    {
        return Ok(());
    }
    *last = Some((snap.tip.clone(), Instant::now()));
    // The base URL given at start, else git config's as it is now.
    let Some(url) = app
        .base_url
        .clone()
        .or_else(|| ledger.store.config_string("signoff.serveUrl"))
    else {
        return Err(
            "no base URL (git config signoff.serveUrl or --base-url): nobody who decides through links is mailed".into(),
        );
    };
    let links = LinkMaker::new(&ledger.store, &url).map_err(|e| e.to_string())?;
    let server = Server {
        attester: &app.attester,
        signer: &app.key.signer,
        links: &links,
    };
    let done =
        announce::announce(&ledger, &snap, name, &server, windows).map_err(|e| e.to_string())?;
    if done.events > 0 || done.resent > 0 || done.retried > 0 || done.lost_race {
        eprintln!(
            "mail {name}: {} event(s) mailed, {} held message(s) released, {} waiting message(s) tried again{}; {} sent, {} waiting in the outbox",
            done.events,
            done.resent,
            done.retried,
            if done.lost_race {
                ", another writer pushed first"
            } else {
                ""
            },
            done.report.sent,
            (done.report.queued + done.retried).saturating_sub(done.report.sent)
        );
    }
    for w in &done.report.warnings {
        eprintln!("mail {name}: {}", scrub(w));
    }
    for n in &done.report.notices {
        if let crate::notify::Notice::NotSent { count, error } = n {
            eprintln!(
                "mail {name}: could not send {count} email(s) ({}); they wait in the outbox",
                scrub(error)
            );
        }
    }
    Ok(())
}

fn config_secs(store: &crate::store::Store, key: &str, default: &str) -> i64 {
    let text = store.config_string(key).unwrap_or_else(|| default.into());
    crate::clock::parse_duration(&text)
        .or_else(|_| crate::clock::parse_duration(default))
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
