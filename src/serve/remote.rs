//! `serve --remote NAME`: the server keeps the team's remote in step.
//!
//! Before a link page or an inbox is shown, the server fetches the remote's
//! store branch and takes in new records through `sync`'s own code path
//! (`ops::sync`, without pushing): every incoming record and the incoming
//! history are verified before anything is merged, exactly as
//! `signoff sync`. A fetch runs at most once every [`FETCH_EVERY`]; page
//! views meanwhile share the fetch under way and wait for it at most
//! [`FETCH_WAIT`]. A failed or refused fetch shows the page from the local
//! store.
//!
//! After each recorded decision a background thread pushes, again through
//! `sync` (fetch, verify, merge, push; a non-fast-forward goes round
//! again). The reviewer's answer never waits for it. A failed push is
//! retried with backoff until it lands, and at start a local tip the remote
//! lacks is pushed the same way; at shutdown one last push is tried and
//! what is still unpushed is named. Each fetch and push says how it went in
//! one line on stderr.
//!
//! It owns only timing and the log: what a sync verifies, merges or
//! refuses is `ops::sync`'s, and a fetch and a push never run at once.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::error::CliError;
use crate::ledger::Ledger;
use crate::ops::sync::{Outcome, sync};
use crate::store::Store;

use super::App;

/// Shortest time between two fetches.
pub const FETCH_EVERY: Duration = Duration::from_secs(3);
/// Longest a page waits for a fetch under way before showing the local store.
pub const FETCH_WAIT: Duration = Duration::from_secs(5);
/// First wait before retrying a failed push; doubled up to [`RETRY_MAX`].
const RETRY_FIRST: Duration = Duration::from_secs(1);
const RETRY_MAX: Duration = Duration::from_secs(30);

/// The remote and the state of the fetches and pushes to it.
pub struct Remote {
    pub name: String,
    /// One sync at a time: a fetch and a push both move the tracking ref.
    pub(super) sync_lock: Mutex<()>,
    fetch: Mutex<Fetch>,
    fetched: Condvar,
    push: Mutex<Push>,
    poke: Condvar,
    pusher: Mutex<Option<std::thread::JoinHandle<()>>>,
    /// The watcher that mails link-deciders (`watch`).
    pub(super) watcher: Mutex<Option<std::thread::JoinHandle<()>>>,
}

#[derive(Default)]
struct Fetch {
    running: bool,
    last: Option<Instant>,
    /// Counts finished fetches, so a waiter knows when its one is done.
    done: u64,
}

struct Push {
    /// Something may be waiting to be pushed.
    wake: bool,
    stop: bool,
}

pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Remote {
    #[must_use]
    pub fn new(name: String) -> Remote {
        Remote {
            name,
            sync_lock: Mutex::new(()),
            fetch: Mutex::new(Fetch::default()),
            fetched: Condvar::new(),
            // The first round checks for a tip left unpushed by an earlier run.
            push: Mutex::new(Push {
                wake: true,
                stop: false,
            }),
            poke: Condvar::new(),
            pusher: Mutex::new(None),
            watcher: Mutex::new(None),
        }
    }

    /// Waits up to `d`, or until shutdown; whether the server is stopping.
    pub(super) fn pause(&self, d: Duration) -> bool {
        let st = lock(&self.push);
        if st.stop {
            return true;
        }
        let (st, _) = self
            .poke
            .wait_timeout_while(st, d, |s| !s.stop)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        st.stop
    }

    /// Notes a fetch done by the watcher: pages need not fetch again soon.
    pub(super) fn fetched_now(&self) {
        lock(&self.fetch).last = Some(Instant::now());
    }

    /// Asks the pusher to look for something to push (after a decision).
    pub fn wake(&self) {
        lock(&self.push).wake = true;
        self.poke.notify_all();
    }
}

/// Starts the background pusher (when the server has a remote).
pub fn start(app: &Arc<App>) {
    let Some(remote) = &app.remote else {
        return;
    };
    let app2 = Arc::clone(app);
    let handle = std::thread::Builder::new()
        .name("signoff-push".into())
        .spawn(move || pusher(&app2))
        .expect("a thread starts");
    *lock(&remote.pusher) = Some(handle);
}

/// Brings in what the remote has before a page is shown: at most one fetch
/// every [`FETCH_EVERY`], shared by the pages that ask meanwhile, each
/// waiting for it at most [`FETCH_WAIT`].
pub fn refresh(app: &Arc<App>) {
    let Some(remote) = &app.remote else {
        return;
    };
    let mut st = lock(&remote.fetch);
    if !st.running {
        if st.last.is_some_and(|t| t.elapsed() < FETCH_EVERY) {
            return;
        }
        st.running = true;
        let app2 = Arc::clone(app);
        let spawned = std::thread::Builder::new()
            .name("signoff-fetch".into())
            .spawn(move || {
                fetch_now(&app2);
                let Some(remote) = &app2.remote else {
                    return;
                };
                let mut st = lock(&remote.fetch);
                st.running = false;
                st.last = Some(Instant::now());
                st.done += 1;
                remote.fetched.notify_all();
            });
        if spawned.is_err() {
            st.running = false;
            return;
        }
    }
    let done = st.done;
    let _ = remote
        .fetched
        .wait_timeout_while(st, FETCH_WAIT, |s| s.done == done)
        .unwrap_or_else(std::sync::PoisonError::into_inner);
}

fn fetch_now(app: &App) {
    let Some(remote) = &app.remote else {
        return;
    };
    let _one = lock(&remote.sync_lock);
    let name = &remote.name;
    let ledger = match app.ledger() {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "fetch {name}: failed: {}; showing the local store",
                scrub(&e.message)
            );
            return;
        }
    };
    match sync(&ledger, name, false, Some(&app.key.signer)) {
        Ok(o) => {
            eprintln!("fetch {name}: {}; store at {}", o.merge, short(&o.tip));
            // The remote answers: whatever waits to be pushed goes now.
            if unpushed(&ledger.store, name).unwrap_or(false) {
                remote.wake();
            }
        }
        Err(e) => {
            let e = CliError::from(e);
            eprintln!(
                "fetch {name}: failed: {}; showing the local store",
                scrub(&e.message)
            );
        }
    }
}

/// Whether the local store branch holds commits the remote (as last
/// fetched or pushed) lacks.
pub fn unpushed(store: &Store, remote: &str) -> crate::store::Result<bool> {
    let Some(tip) = store.tip()? else {
        return Ok(false);
    };
    let theirs = match store.ref_target(&store.tracking_ref(remote))? {
        Some(t) => Some(t),
        None => store.ref_target(&format!("refs/remotes/{remote}/{}", store.branch()))?,
    };
    Ok(match theirs {
        None => true,
        Some(t) => t != tip && !store.is_ancestor(&tip, &t)?,
    })
}

/// The background pusher: waits to be woken (or for its retry time), and
/// pushes whatever the remote lacks, backing off while that fails.
fn pusher(app: &App) {
    let Some(remote) = &app.remote else {
        return;
    };
    let mut retry: Option<Duration> = None;
    loop {
        {
            let mut st = lock(&remote.push);
            let until = retry.map(|r| Instant::now() + r);
            while !st.wake && !st.stop {
                match until {
                    None => {
                        st = remote
                            .poke
                            .wait(st)
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                    }
                    Some(t) => {
                        let now = Instant::now();
                        if now >= t {
                            break;
                        }
                        st = remote
                            .poke
                            .wait_timeout(st, t - now)
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .0;
                    }
                }
            }
            if st.stop {
                return;
            }
            st.wake = false;
        }
        retry = match push_once(app, remote) {
            Ok(_) => None,
            Err(e) => {
                let next = retry.map_or(RETRY_FIRST, |r| (r * 2).min(RETRY_MAX));
                eprintln!(
                    "push {}: failed: {}; retrying in {}s",
                    remote.name,
                    scrub(&e.message),
                    next.as_secs()
                );
                Some(next)
            }
        };
    }
}

/// Pushes when the remote lacks something; `Ok(None)` when nothing was
/// waiting. Logs a push that landed.
fn push_once(app: &App, remote: &Remote) -> Result<Option<Outcome>, CliError> {
    let _one = lock(&remote.sync_lock);
    let ledger: Ledger = app.ledger()?;
    if !unpushed(&ledger.store, &remote.name)? {
        return Ok(None);
    }
    let o = sync(&ledger, &remote.name, true, Some(&app.key.signer))?;
    if let Some(run) = crate::ops::landed::after_push(&ledger, &o) {
        let said = if run.said.is_empty() {
            String::new()
        } else {
            format!(": {}", scrub(&run.said))
        };
        let how = if run.ok { "ran" } else { "failed" };
        eprintln!("push {}: hook {how}{said}", remote.name);
    }
    eprintln!(
        "push {}: {}{}; store at {}",
        remote.name,
        o.merge,
        if o.pushed { ", pushed" } else { "" },
        short(&o.tip)
    );
    Ok(Some(o))
}

/// At shutdown: stops the pusher, tries one last push, and says what the
/// remote still lacks (nothing when the server never started listening).
pub fn finish(app: &App) {
    let Some(remote) = &app.remote else {
        return;
    };
    // A server that never started listening has nothing of its own to push.
    let Some(pusher) = lock(&remote.pusher).take() else {
        return;
    };
    {
        let mut st = lock(&remote.push);
        st.stop = true;
        remote.poke.notify_all();
    }
    let _ = pusher.join();
    if let Some(w) = lock(&remote.watcher).take() {
        let _ = w.join();
    }
    let name = &remote.name;
    if let Err(e) = push_once(app, remote) {
        eprintln!("push {name}: failed: {}", scrub(&e.message));
    }
    let left = app.ledger().and_then(|l| {
        if !unpushed(&l.store, name)? {
            return Ok(None);
        }
        Ok(Some(unpushed_records(&l.store, name)?))
    });
    match left {
        Ok(None) => eprintln!("push {name}: everything recorded here is on {name}"),
        Ok(Some(n)) => eprintln!(
            "push {name}: {n} record(s) recorded here are not on {name} yet; they are pushed at the next start of 'signoff serve --remote {name}', or by 'signoff sync {name}'"
        ),
        Err(e) => eprintln!(
            "push {name}: cannot tell what is unpushed: {}",
            scrub(&e.message)
        ),
    }
}

/// How many records the local branch holds that the remote's tip (as last
/// fetched or pushed) lacks.
fn unpushed_records(store: &Store, remote: &str) -> crate::store::Result<usize> {
    let Some(tip) = store.tip()? else {
        return Ok(0);
    };
    let is_record = |p: &str| p.starts_with("deliverables/") && p.ends_with(".toml");
    Ok(match store.ref_target(&store.tracking_ref(remote))? {
        Some(theirs) => store
            .lost_between(&tip, &theirs)?
            .iter()
            .filter(|p| is_record(p))
            .count(),
        None => store
            .walk_all(&tip, "")?
            .iter()
            .filter(|e| is_record(&e.path))
            .count(),
    })
}

/// `text` with the user and password of any URL in it (as git may quote
/// a remote's URL in an error) replaced by `<redacted>`: the log keeps no
/// credentials.
pub(super) fn scrub(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        let authority_end = tail
            .find(|c: char| c == '/' || c == '\'' || c == '"' || c.is_whitespace())
            .unwrap_or(tail.len());
        match tail[..authority_end].rfind('@') {
            Some(at) => {
                out.push_str("<redacted>");
                rest = &tail[at..];
            }
            None => rest = tail,
        }
    }
    out.push_str(rest);
    out
}

pub(super) fn short(tip: &str) -> &str {
    &tip[..tip.len().min(12)]
}

#[cfg(test)]
mod tests {
    use super::scrub;

    #[test]
    fn credentials_in_urls_never_reach_the_log() {
        assert_eq!(
            scrub("unable to access 'https://bot:ghp_secret@example.com/a.git/': 403"),
            "unable to access 'https://<redacted>@example.com/a.git/': 403"
        );
        assert_eq!(
            scrub("ssh://git@example.com/a.git and https://example.com/b"),
            "ssh://<redacted>@example.com/a.git and https://example.com/b"
        );
        assert_eq!(scrub("no url here"), "no url here");
        assert_eq!(scrub("odd ://"), "odd ://");
    }
}
