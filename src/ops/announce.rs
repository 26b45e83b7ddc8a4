//! The server mails the people who decide through links (DESIGN §13 "The
//! server that answers a link sends it").
//!
//! A clone without the attestation key mails nobody who has no key of
//! their own: it cannot make their link. The `serve` that holds the key
//! and keeps a remote in step runs [`announce`] after each fetch: for each
//! request, stage or reminder due to a link-decider that no `notified`
//! record covers yet, it renders the branded email with their link, holds
//! it in the outbox, commits one `notified` record per event (signed by
//! the attestation key, naming the event, the recipients and each
//! Message-ID) on the remote's tip as fetched, and pushes that commit
//! without forcing. The push is the compare-and-swap that makes several
//! servers send each mail once: the server whose push lands sends, the
//! others' pushes are refused, and the records they fetch next cover the
//! event. Held messages are released only once their record is on the
//! remote; a server that dies between the push and the send releases them
//! in its next round (after fetching), with their original Message-ID:
//! delivery is at least once, and receivers' threading folds a duplicate.
//!
//! Only events newer than the server's first start count (`since`, kept in
//! `.git/signoff/announce-since`), so a server started on an old store
//! does not mail its whole past. Everything this module mails is read from
//! the verified snapshot at the tip it pushes onto, which this clone holds:
//! a link works the moment its mail arrives.

use std::collections::BTreeSet;

use serde_json::json;

use crate::ledger::{Ledger, LedgerError, Note, Prepared, Snapshot};
use crate::notify::links::LinkMaker;
use crate::notify::{self, MailConfig, Outbox, Report};
use crate::record::{self, Mailed, Notified};
use crate::sign::Signer;
use crate::state::{self, State};
use crate::store::Push;

/// One mail due to link-deciders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub request: String,
    /// `request`, `stage` or `reminder`.
    pub event: &'static str,
    /// The stage that waits on them.
    pub stage: String,
    pub to: BTreeSet<String>,
}

/// The server that sends: its attester id, key and links.
pub struct Server<'a> {
    pub attester: &'a str,
    pub signer: &'a Signer,
    pub links: &'a LinkMaker,
}

/// What one round did.
#[derive(Debug, Default)]
pub struct Announced {
    /// Events this server won and mailed.
    pub events: usize,
    /// Held messages of an earlier round released (their record landed).
    pub resent: usize,
    /// Messages that waited in the outbox (a failed send) tried again.
    pub retried: usize,
    /// Another writer pushed first: the events are judged again next round.
    pub lost_race: bool,
    pub report: Report,
}

/// Why a round stopped (nothing was mailed).
#[derive(Debug, thiserror::Error)]
pub enum AnnounceError {
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error("the push of the notified records failed: {0}")]
    Push(String),
    #[error("cannot render an email: {0}")]
    Render(#[from] crate::render::RenderError),
    #[error("cannot hold an email in the outbox: {0}")]
    Outbox(String),
}

impl From<crate::store::StoreError> for AnnounceError {
    fn from(e: crate::store::StoreError) -> Self {
        AnnounceError::Ledger(e.into())
    }
}

/// The time from which events count: the first start of a server in this
/// clone (written then).
#[must_use]
pub fn since(store: &crate::store::Store) -> i64 {
    let path = crate::notify::links::watcher_mark(store);
    if let Some(t) = std::fs::read_to_string(&path)
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        return t;
    }
    let now = crate::clock::now().as_second();
    let _ = std::fs::create_dir_all(path.parent().unwrap_or(store.git_dir()));
    let _ = std::fs::write(&path, format!("{now}\n"));
    now
}

/// The mails due to link-deciders at `snap`: each pending request's open
/// stage, to the link-deciders it waits on who have an address and whom
/// no `notified` record of that stage names; and reminders (a due date
/// within `within` seconds, nobody mailed about it for `interval`).
#[must_use]
pub fn due(snap: &Snapshot, since: i64, within: i64, interval: i64) -> Vec<Due> {
    let policy = snap.policy();
    let now = crate::clock::now().as_second();
    let mut out = Vec::new();
    for (rid, rr) in &snap.requests {
        let ev = state::evaluate(policy, rr, snap.is_superseded(&rr.request));
        if ev.state != State::Pending || rr.request.draft {
            continue;
        }
        let Some(stage) = ev.stage.clone() else {
            continue;
        };
        let waiting: BTreeSet<String> = crate::views::waiting(&ev)
            .into_iter()
            .filter(|p| crate::events::decides_by_link(policy, p))
            .filter(|p| {
                policy
                    .person(p)
                    .is_some_and(|x| x.email.parse::<lettre::Address>().is_ok())
            })
            .collect();
        if waiting.is_empty() {
            continue;
        }
        let notified = snap.notified.get(rid).map_or(&[][..], Vec::as_slice);
        let covered: BTreeSet<&str> = notified
            .iter()
            .filter(|n| n.stage == stage && n.event != "reminder")
            .flat_map(|n| n.mail.iter().map(|m| m.person.as_str()))
            .collect();
        let to: BTreeSet<String> = waiting
            .iter()
            .filter(|p| !covered.contains(p.as_str()))
            .cloned()
            .collect();
        let first = policy
            .rule_for(&rr.request.deliverable)
            .effective_stages()
            .first()
            .is_none_or(|s| s.name == stage);
        if !to.is_empty() && newest(rr) >= since {
            out.push(Due {
                request: rid.clone(),
                event: if first { "request" } else { "stage" },
                stage: stage.clone(),
                to,
            });
            continue;
        }
        if let Some(r) = reminder(policy, rr, notified, &waiting, now, within, interval) {
            out.push(Due {
                request: rid.clone(),
                event: "reminder",
                stage,
                to: r,
            });
        }
    }
    out
}

/// When the request's newest record entered the history (a record whose
/// place is unknown counts as new).
fn newest(rr: &state::RequestRecords) -> i64 {
    let Some(entered) = rr.entered else {
        return i64::MAX;
    };
    rr.arrived.values().map(|a| a.hi).fold(entered.hi, i64::max)
}

/// The link-deciders to remind about `rr` now: due within `within` (each
/// in their own zone, `state::deadlines`), and not mailed about it for
/// `interval` (by any notified record).
fn reminder(
    policy: &crate::policy::Policy,
    rr: &state::RequestRecords,
    notified: &[Notified],
    waiting: &BTreeSet<String>,
    now: i64,
    within: i64,
    interval: i64,
) -> Option<BTreeSet<String>> {
    rr.request.due.as_ref()?;
    let to: BTreeSet<String> = waiting
        .iter()
        .filter(|p| {
            state::deadlines::due_for(policy, &rr.request, Some(p.as_str()))
                .is_some_and(|due| due.as_second() <= now.saturating_add(within))
        })
        .filter(|p| {
            notified
                .iter()
                .filter(|n| n.mail.iter().any(|m| &m.person == *p))
                .filter_map(|n| crate::clock::seconds(&n.at))
                .max()
                .is_none_or(|t| now - t >= interval)
        })
        .cloned()
        .collect();
    (!to.is_empty()).then_some(to)
}

/// One round on `remote`: releases what an earlier round held once its
/// record landed, then mails what is due at the remote's tip as fetched
/// (which the local branch must hold: nothing unpushed), when this
/// server's push of the records wins.
pub fn announce(
    ledger: &Ledger,
    snap: &Snapshot,
    remote: &str,
    server: &Server<'_>,
    windows: (i64, i64, i64),
) -> Result<Announced, AnnounceError> {
    let store = &ledger.store;
    let outbox = Outbox::new(store.git_dir());
    let mut done = Announced::default();
    // `signoff.notify = false`: nobody is mailed, so nothing is recorded.
    if !MailConfig::from_store(store).enabled {
        return Ok(done);
    }
    catch_up(store, &outbox, snap, &mut done)?;
    let (since, within, interval) = windows;
    let due = due(snap, since, within, interval);
    if due.is_empty() {
        return Ok(done);
    }
    let cfg = MailConfig::from_store(store);
    let renderer = crate::events::mail_renderer_for(store);
    let fp = server.signer.key().fingerprint().to_string();
    let mut records = Vec::new();
    for d in &due {
        let Some(rr) = snap.requests.get(&d.request) else {
            continue;
        };
        let mut n = Notified::on(&rr.request, server.attester, &fp, d.event, &d.stage);
        for (meta, eml) in render(&renderer, snap, rr, d, server.links, &cfg)? {
            n.mail.push(Mailed {
                person: meta.recipient.clone(),
                message_id: meta.message_id.clone(),
            });
            outbox
                .hold(&n.id, &meta, &eml)
                .map_err(|e| AnnounceError::Outbox(e.to_string()))?;
        }
        if n.mail.is_empty() {
            outbox.drop_held(&n.id);
            continue;
        }
        records.push((
            snap.layout()
                .notified_path(&n.deliverable, &n.request, &n.id),
            record::to_bytes(&n),
        ));
        done.events += 1;
    }
    let keys: Vec<String> = records
        .iter()
        .filter_map(|(p, _)| {
            p.rsplit('/')
                .next()
                .and_then(|f| f.strip_suffix(".toml"))
                .map(str::to_string)
        })
        .collect();
    if records.is_empty() {
        return Ok(done);
    }
    let prepared = Prepared {
        records,
        files: Vec::new(),
        subject: format!("{} mailed the link-deciders", server.attester),
        note: Note::Notified,
        value: (),
    };
    let pushed = ledger
        .commit_on(&snap.tip, server.signer, server.attester, prepared)
        .map_err(AnnounceError::from)
        .and_then(|(commit, ())| Ok((store.push_commit(remote, &commit)?, commit)));
    match pushed {
        Ok((Push::Done, commit)) => {
            crash_here_in_tests();
            // The remote has it: so does this clone, at once. (When the
            // branch moved meanwhile, a page's decision, the next sync
            // puts that on top.)
            store.reset_tracking(remote, Some(&commit))?;
            let _ = store.advance(Some(&snap.tip), &commit)?;
            for key in &keys {
                let ids = outbox
                    .release_held(key)
                    .map_err(|e| AnnounceError::Outbox(e.to_string()))?;
                done.report.queued += ids.len();
                done.report.absorb(notify::send_queued(store, &ids));
            }
            Ok(done)
        }
        Ok((Push::NotFastForward, _)) => {
            for key in &keys {
                outbox.drop_held(key);
            }
            done.events = 0;
            done.lost_race = true;
            Ok(done)
        }
        // The push may or may not have landed: the messages stay held,
        // and the next round (after a fetch) sends or drops them.
        Ok((Push::Locked(e) | Push::Refused(e) | Push::Failed(e), _)) => {
            Err(AnnounceError::Push(e))
        }
        Err(e) => {
            for key in &keys {
                outbox.drop_held(key);
            }
            Err(e)
        }
    }
}

/// What earlier rounds left: messages held by a round that did not finish
/// are sent once their record is on the branch (else dropped: the event is
/// still uncovered and is mailed afresh), and messages whose send failed
/// are tried again when a transport is configured.
fn catch_up(
    store: &crate::store::Store,
    outbox: &Outbox,
    snap: &Snapshot,
    done: &mut Announced,
) -> Result<(), AnnounceError> {
    // Held by a round that did not finish: send once the record is here.
    for key in outbox.held_keys() {
        let landed = snap
            .notified
            .values()
            .any(|ns| ns.iter().any(|n| n.id == key));
        if landed {
            let ids = outbox
                .release_held(&key)
                .map_err(|e| AnnounceError::Outbox(e.to_string()))?;
            done.resent += ids.len();
            done.report.queued += ids.len();
            done.report.absorb(notify::send_queued(store, &ids));
        } else {
            outbox.drop_held(&key);
        }
    }
    // Mail an earlier round (or a page) could not send goes now.
    let waiting: Vec<String> = outbox
        .list(false)
        .into_iter()
        .filter(|e| e.status == notify::Status::Pending)
        .map(|e| e.id)
        .collect();
    let transport = matches!(
        notify::Sender::from_config(&MailConfig::from_store(store)),
        Ok(Some(_))
    );
    if transport && !waiting.is_empty() {
        done.retried = waiting.len();
        done.report.absorb(notify::send_queued(store, &waiting));
    }
    Ok(())
}

/// The messages of one due event, built and addressed (each with its
/// Message-ID), to the people it names who have an address.
fn render(
    renderer: &crate::render::Renderer,
    snap: &Snapshot,
    rr: &state::RequestRecords,
    d: &Due,
    links: &LinkMaker,
    cfg: &MailConfig,
) -> Result<Vec<(notify::Meta, Vec<u8>)>, AnnounceError> {
    let policy = snap.policy();
    let actor = notify::person_view(policy, &rr.request.by);
    let (kind, extra) = match d.event {
        "request" => ("request", json!({ "actor": actor })),
        "reminder" => (
            "reminder",
            json!({ "actor": actor, "overdue": overdue(policy, rr) }),
        ),
        _ => {
            let stages = policy.rule_for(&rr.request.deliverable).effective_stages();
            let prev = stages
                .iter()
                .take_while(|s| s.name != d.stage)
                .last()
                .map(|s| s.name.clone())
                .unwrap_or_default();
            (
                "stage-complete",
                json!({ "actor": actor, "stage": prev, "next_stage": d.stage }),
            )
        }
    };
    let links = crate::events::links_for(Some(links), snap, rr, &d.to);
    let (messages, _) = notify::render_for(renderer, snap, rr, kind, &d.to, &extra, &links)?;
    let mut out = Vec::new();
    for m in &messages {
        let built = notify::build_message(cfg, &actor, m).map_err(AnnounceError::Outbox)?;
        out.push(built);
    }
    Ok(out)
}

/// Whether `rr` is overdue in UTC (each recipient's message says it in
/// their own zone: `notify::render_for` asks `state::deadlines`).
fn overdue(policy: &crate::policy::Policy, rr: &state::RequestRecords) -> bool {
    state::deadlines::overdue_for(policy, &rr.request, None, crate::clock::now())
}

/// The fault test of a server killed between its push and its send
/// (`deploy::a_server_killed_between_push_and_send_sends_on_restart`):
/// a debug build exits here when `SIGNOFF_TEST_CRASH_AFTER_PUSH` is set. A
/// release build has no such switch.
fn crash_here_in_tests() {
    #[cfg(debug_assertions)]
    if std::env::var_os("SIGNOFF_TEST_CRASH_AFTER_PUSH").is_some() {
        std::process::exit(70);
    }
}
