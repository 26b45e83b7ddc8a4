//! Email: who hears what, rendering messages, the outbox and the transports.
//!
//! Settings live in git config:
//!
//! | key | meaning |
//! |---|---|
//! | `signoff.smtp` | `smtp://[user[:pass]@]host[:port]` (STARTTLS required; `?tls=opportunistic` or `?tls=none` to relax, e.g. for a relay on loopback) or `smtps://…` (TLS from the first byte). The password may come from `SIGNOFF_SMTP_PASSWORD` instead. |
//! | `signoff.sendmail` | a sendmail-compatible program (`/usr/sbin/sendmail`), used when `signoff.smtp` is unset |
//! | `signoff.from` | `Name <address>` for From (default: "<acting person> via signoff" at the repository's `user.email`, never a reviewer's own address, which would fail the recipients' DMARC checks) |
//! | `signoff.replyTo` | Reply-To (default: the acting person, when From is another address) |
//!
//! Every message says it is automatic (`Auto-Submitted: auto-generated`),
//! names its store (`List-Id: <store-id.signoff>`) and has one subject and
//! one thread per deliverable, so mail clients keep a round together.
//! | `signoff.notify` | `false` turns email off entirely |
//!
//! With no transport, messages wait in the outbox for `signoff outbox flush`.
//! A message is always written to the outbox before a transport sees it, so
//! a failed send leaves it there; nothing here can fail or undo the write
//! that caused it. This module renders through `render` and reads the
//! verified snapshot; it never writes to the store.
//!
//! A message that cannot even be written to the outbox (a full disk) does
//! not exist anywhere, so it is never a mere warning: the report carries a
//! [`Notice::NotQueued`], which the command line turns into an error exit
//! after the record is written, naming the way to ask again. Writing a
//! pending notification before the record instead was considered and not
//! done: on a full disk that note fails as the email does, the record is
//! the one thing that must not be lost, and the records themselves say who
//! is still waited on, so the request email can be rebuilt from them at any
//! time (`reask` in the request operation).

pub(crate) use crate::claim;
pub mod links;
pub mod outbox;
mod transport;
mod unsent;
mod view;

use std::collections::BTreeSet;
use std::time::Duration;

use lettre::Message;
use lettre::message::Mailbox;
use serde::Serialize;
use serde_json::{Value, json};

use crate::clock::now;
use crate::ledger::Snapshot;
use crate::policy::Policy;
use crate::render::Renderer;
use crate::state::{self, Evaluation, RequestRecords};
use crate::store::Store;

pub use outbox::{Entry, Marked, Meta, Outbox, Status};
pub use transport::{MailConfig, Sender, Sent, send_one};
pub use unsent::Unsent;
pub use view::{Links, MailBrand, file_changes, is_internal, request_view, title_of};

/// A message to one person, rendered and ready to address.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub kind: &'static str,
    pub request: String,
    /// The store and deliverable: the list and the thread the message
    /// belongs to.
    pub store_id: String,
    pub deliverable: String,
    pub recipient: String,
    pub to: Mailbox,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A person as templates see them.
#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    pub id: String,
    pub name: String,
    pub email: String,
}

#[must_use]
pub fn person_view(policy: &Policy, id: &str) -> PersonView {
    let p = policy.person(id);
    PersonView {
        id: id.to_string(),
        // Names are one line of visible text; one from an old or planted
        // policy is made so before any email or report uses it.
        name: crate::views::display_name(policy, id),
        email: p.map(|p| p.email.clone()).unwrap_or_default(),
    }
}

/// Fields every email template gets.
fn base_context(
    snap: &Snapshot,
    rr: &RequestRecords,
    ev: &Evaluation,
    recipient: &PersonView,
) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("store_id".into(), json!(snap.info.store_id));
    m.insert("deliverable".into(), json!(rr.request.deliverable));
    m.insert("title".into(), json!(title_of(&rr.request)));
    m.insert("version".into(), json!(snap.version_of(&rr.request)));
    m.insert("request".into(), request_view(snap, rr));
    m.insert(
        "requester".into(),
        json!(person_view(snap.policy(), &rr.request.by)),
    );
    m.insert("recipient".into(), json!(recipient));
    m.insert("changes".into(), json!(file_changes(snap, rr)));
    m.insert("state".into(), json!(ev.state.as_str()));
    m.insert("summary".into(), json!(ev.summary()));
    m
}

/// Renders `email/<kind>.{subject,txt,html}` for each recipient who has an
/// email address, with their own decision link and, without a key, their
/// inbox link (`links`, by person) when there is one, and the deadline in
/// their time zone (`due_local`). Templates also learn whether the recipient has a key
/// (`has_key`): a client without one gets no command lines or hashes.
/// People without an address, and people deciding through links whose
/// access has ended, are returned in the second list.
pub fn render_for(
    renderer: &Renderer,
    snap: &Snapshot,
    rr: &RequestRecords,
    kind: &'static str,
    recipients: &BTreeSet<String>,
    extra: &Value,
    links: &Links,
) -> Result<(Vec<Outgoing>, Vec<Unsent>), crate::render::RenderError> {
    let policy = snap.policy();
    let ev = state::evaluate(policy, rr, snap.is_superseded(&rr.request));
    let now = crate::clock::now();
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for id in recipients {
        let person = person_view(policy, id);
        let Ok(addr) = person.email.parse::<lettre::Address>() else {
            skipped.push(Unsent::NoAddress(id.clone()));
            continue;
        };
        // The same judge as the link guard: mail whose links would only
        // say "access ended" is not sent.
        if links::decides_by_link(policy, id) && state::deadlines::access_ended(policy, id, now) {
            skipped.push(Unsent::AccessEnded(id.clone()));
            continue;
        }
        // What the recipient reads of where it stands names nobody of a
        // stage before theirs (DESIGN §13 "Who sees what").
        let viewer = crate::views::Viewer::new(policy, &rr.request.deliverable, id);
        let seen = viewer.evaluation(&ev);
        let mut ctx = base_context(snap, rr, &seen, &person);
        if let Value::Object(more) = extra {
            for (k, v) in more {
                ctx.insert(k.clone(), v.clone());
            }
        }
        // A decision reads as `views` words it for this recipient ("…:
        // approved for you by Bob (phone call 10:05)").
        let decision = extra.pointer("/decision/id").and_then(Value::as_str);
        if let Some(d) = decision.and_then(|id| rr.decisions.iter().find(|d| d.id == id)) {
            let what = format!(
                "{} v{}",
                title_of(&rr.request),
                snap.version_of(&rr.request)
            );
            ctx.insert("said".into(), json!(viewer.said(d, Some(&what))));
        }
        if let Some(link) = links.decide.get(id) {
            ctx.insert("link".into(), json!(link));
        }
        if let Some(link) = links.inbox.get(id) {
            ctx.insert("inbox_link".into(), json!(link));
        }
        // The deadline in the recipient's own time zone, named (UTC when
        // the policy gives them none).
        if let Some(due) = state::deadlines::due_text(policy, &rr.request, Some(id)) {
            ctx.insert("due_local".into(), json!(due));
            // Overdue or not is theirs too: a day ends in their zone.
            let late = state::deadlines::overdue_for(policy, &rr.request, Some(id), now);
            ctx.insert("overdue".into(), json!(late));
        }
        let has_key = policy.person(id).is_some_and(|p| !p.keys.is_empty());
        ctx.insert("has_key".into(), json!(has_key));
        let subject = renderer.render(&format!("email/{kind}.subject"), &ctx)?;
        let text = renderer.render(&format!("email/{kind}.txt"), &ctx)?;
        let html = renderer.render(&format!("email/{kind}.html"), &ctx)?;
        out.push(Outgoing {
            kind,
            request: rr.request.id.clone(),
            store_id: snap.info.store_id.clone(),
            deliverable: rr.request.deliverable.clone(),
            recipient: id.clone(),
            to: Mailbox::new(Some(crate::text::header(&person.name)), addr),
            subject: crate::text::header(&subject),
            text,
            html,
        });
    }
    Ok((out, skipped))
}

/// Everyone who has been asked to decide on a request so far: its named
/// reviewers, or the members of every stage up to the one waiting (or, when
/// nothing waits, up to the first stage not complete: a stage that never
/// opened has asked nobody, so a change request before it reaches no one
/// in it).
#[must_use]
pub fn asked(policy: &Policy, rr: &RequestRecords, ev: &Evaluation) -> BTreeSet<String> {
    let rule = policy.rule_for(&rr.request.deliverable);
    let stages = rule.effective_stages();
    let mut set: BTreeSet<String> = crate::state::asked(policy, &rr.request);
    for s in &stages {
        for r in &s.require {
            set.extend(policy.members(&r.group).iter().cloned());
        }
        if ev.stage.as_deref() == Some(s.name.as_str()) || !ev.stages_complete.contains(&s.name) {
            break;
        }
    }
    set
}

/// The members of a stage, for the "stage complete" email.
#[must_use]
pub fn stage_members(policy: &Policy, deliverable: &str, stage: &str) -> BTreeSet<String> {
    policy
        .rule_for(deliverable)
        .effective_stages()
        .iter()
        .filter(|s| s.name == stage)
        .flat_map(|s| s.require.iter())
        .flat_map(|r| policy.members(&r.group).iter().cloned())
        .collect()
}

/// Addresses, dates and encodes one message.
///
/// # Panics
/// Never: the fallback From address is a valid literal.
pub fn build_message(
    cfg: &MailConfig,
    actor: &PersonView,
    out: &Outgoing,
) -> Result<(Meta, Vec<u8>), String> {
    let actor_box = actor
        .email
        .parse::<lettre::Address>()
        .ok()
        .map(|a| Mailbox::new(Some(crate::text::header(&actor.name)), a));
    let from: Mailbox = if let Some(f) = &cfg.from {
        f.parse()
            .map_err(|e| format!("git config signoff.from {f:?} is not an address: {e}"))?
    } else {
        let address = cfg
            .sender
            .as_deref()
            .and_then(|a| a.parse::<lettre::Address>().ok())
            .unwrap_or_else(|| "signoff@localhost".parse().expect("a valid address"));
        Mailbox::new(
            Some(crate::text::header(&format!("{} via signoff", actor.name))),
            address,
        )
    };
    let reply_to: Option<Mailbox> = match &cfg.reply_to {
        Some(r) => Some(
            r.parse()
                .map_err(|e| format!("git config signoff.replyTo {r:?} is not an address: {e}"))?,
        ),
        None => actor_box.filter(|a| a.email != from.email),
    };
    let domain = from.email.domain().to_string();
    let message_id = format!("<{}@{domain}>", uuid::Uuid::new_v4());
    // One thread per deliverable of the store: every message of a round
    // (and of the next versions) refers to it.
    let round =
        crate::content::sha256_tagged(format!("{}/{}", out.store_id, out.deliverable).as_bytes());
    let thread = format!("<signoff.{}@{domain}>", &round[7..23]);
    let when = std::time::UNIX_EPOCH
        + Duration::from_secs(u64::try_from(now().as_second()).unwrap_or_default());
    let raw = |name: &'static str, value: String| {
        lettre::message::header::HeaderValue::new(
            lettre::message::header::HeaderName::new_from_ascii_str(name),
            value,
        )
    };
    let mut b = Message::builder()
        .from(from)
        .to(out.to.clone())
        .subject(out.subject.clone())
        .date(when)
        .message_id(Some(message_id.clone()))
        .in_reply_to(thread.clone())
        .references(thread)
        .raw_header(raw("Auto-Submitted", "auto-generated".into()))
        // The store id comes from a record: only its id characters reach
        // a header.
        .raw_header(raw(
            "List-Id",
            format!(
                "<{}.signoff>",
                out.store_id
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect::<String>()
            ),
        ));
    if let Some(r) = reply_to {
        b = b.reply_to(r);
    }
    let body = view::body(cfg.logo.as_ref(), &out.text, &out.html)?;
    let msg = b
        .multipart(body)
        .map_err(|e| format!("cannot build the email: {e}"))?;
    let meta = Meta {
        envelope: msg.envelope().clone(),
        kind: out.kind.to_string(),
        request: out.request.clone(),
        recipient: out.recipient.clone(),
        subject: out.subject.clone(),
        message_id,
        created: now().to_string(),
        attempts: 0,
        last_error: None,
    };
    Ok((meta, msg.formatted()))
}

/// What happened to the messages of one command.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Report {
    pub queued: usize,
    pub sent: usize,
    pub failed: usize,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
    /// What the person who wrote may want to do something about; the
    /// command line and the page word these with what to run next.
    pub notices: Vec<Notice>,
}

/// Something about notifying that calls for an action by the person who
/// wrote (this module names no command).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "notice", rename_all = "kebab-case")]
pub enum Notice {
    /// No transport is configured: `count` messages wait in `outbox`.
    Queued { count: usize, outbox: String },
    /// Sending failed (`error`): `count` messages wait in the outbox.
    NotSent { count: usize, error: String },
    /// Notifying failed unexpectedly; the write itself is recorded.
    Crashed,
    /// The messages to `recipients` about `request` could not be written
    /// to the outbox (`error`: a full disk, a bad From address): they do
    /// not exist anywhere. The write itself is recorded.
    NotQueued {
        /// The kind of message (`request`, `decision`, …).
        kind: String,
        request: String,
        recipients: Vec<String>,
        error: String,
    },
}

impl Report {
    /// Adds `other` to this report; messages waiting in the same outbox
    /// are counted once.
    pub fn absorb(&mut self, other: Report) {
        self.queued += other.queued;
        self.sent += other.sent;
        self.failed += other.failed;
        self.warnings.extend(other.warnings);
        self.notes.extend(other.notes);
        for n in other.notices {
            if let Notice::Queued { count, outbox } = &n {
                let mine = self.notices.iter_mut().find_map(|m| match m {
                    Notice::Queued {
                        count: c,
                        outbox: o,
                    } if o == outbox => Some(c),
                    _ => None,
                });
                if let Some(c) = mine {
                    *c += count;
                    continue;
                }
            }
            if !self.notices.contains(&n) {
                self.notices.push(n);
            }
        }
    }
}

/// Writes messages to the outbox and, when a transport is configured,
/// sends them. Never fails: problems become warnings.
#[must_use]
pub fn dispatch(store: &Store, actor: &PersonView, messages: &[Outgoing]) -> Report {
    let mut report = Report::default();
    let cfg = MailConfig::from_store(store);
    if !cfg.enabled || messages.is_empty() {
        return report;
    }
    let outbox = Outbox::new(store.git_dir());
    let mut ids = Vec::new();
    let mut unqueued = (Vec::new(), None);
    for m in messages {
        match build_message(&cfg, actor, m)
            .and_then(|(meta, eml)| outbox.enqueue(&meta, &eml).map_err(|e| e.to_string()))
        {
            Ok(id) => ids.push(id),
            Err(e) => {
                unqueued.0.push(m.recipient.clone());
                unqueued.1 = Some(e);
            }
        }
    }
    if let (recipients, Some(error)) = unqueued {
        report.notices.push(Notice::NotQueued {
            kind: messages[0].kind.to_string(),
            request: messages[0].request.clone(),
            recipients,
            error,
        });
    }
    report.queued = ids.len();
    report.absorb(send_queued(store, &ids));
    report
}

/// Sends messages already in the outbox (by id) when a transport is
/// configured; otherwise they wait there. Never fails: problems become
/// warnings and notices.
#[must_use]
pub fn send_queued(store: &Store, ids: &[String]) -> Report {
    let mut report = Report::default();
    let cfg = MailConfig::from_store(store);
    let outbox = Outbox::new(store.git_dir());
    let sender = match Sender::from_config(&cfg) {
        Ok(Some(s)) => s,
        Ok(None) => {
            if !ids.is_empty() {
                report.notices.push(Notice::Queued {
                    count: ids.len(),
                    outbox: outbox.dir().display().to_string(),
                });
            }
            return report;
        }
        Err(e) => {
            report
                .warnings
                .push(format!("{e}; {} email(s) wait in the outbox", ids.len()));
            return report;
        }
    };
    let mut last_error = None;
    for id in ids {
        match send_one(&outbox, &sender, id) {
            Ok(Sent::Filed) => report.sent += 1,
            Ok(Sent::Unfiled(e)) => {
                report.sent += 1;
                report.warnings.push(format!(
                    "an email was sent but could not be filed as sent ({e}); it stays in the outbox as sent-unmarked and will not be sent again"
                ));
            }
            Ok(Sent::Taken) => {}
            Err(e) => {
                report.failed += 1;
                last_error = Some(e);
            }
        }
    }
    if let Some(e) = last_error {
        report.notices.push(Notice::NotSent {
            count: report.failed,
            error: e,
        });
    }
    report
}
