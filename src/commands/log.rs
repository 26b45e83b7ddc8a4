//! `signoff log`: the audit log, read from the store branch's git history.

use std::collections::HashSet;

use serde::Serialize;

use super::{Ctx, human_time};
use crate::error::Result;
use crate::layout;
use crate::ledger::Held;
use crate::record::{self, Record};

/// Show the audit log: who did what, when, on which version, with comments.
///
/// Read from the git history of the store branch, oldest first. With --json,
/// prints one JSON object per line (JSON Lines).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  signoff log acme/logo --since 2026-11-01\n  signoff log --since 48h"
)]
pub struct Args {
    /// Only this deliverable (and deliverables under it).
    #[arg(add = crate::complete::deliverable())]
    pub deliverable: Option<String>,
    /// Only events at or after this date or time, or within this long
    /// (a duration such as 48h or 2d means that long ago).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
}

/// One line of the audit log.
#[derive(schemars::JsonSchema, Debug, Serialize)]
pub struct LogEvent {
    pub at: String,
    pub commit: String,
    pub kind: String,
    pub by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deliverable: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deliverable_version: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// An internal comment (the agency's side only).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
    pub path: String,
    /// False when the record fails verification at the tip.
    pub verified: bool,
    /// A decision made through an email link (attested by `by`'s server).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub via_link: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    let ledger = ctx.ledger()?;
    ctx.page(&ledger.store);
    // Stream: judge each record as it is printed instead of loading (and
    // verifying) the whole store before the first line.
    let audit = ledger.audit()?;
    ctx.warn_snapshot(audit.head());
    let tip = audit.head().tip.clone();
    let since = args
        .since
        .as_deref()
        .map(|s| super::parse_since(s, "--since"))
        .transpose()?;
    let mut failing = 0usize;
    let wanted = |d: &str| {
        args.deliverable
            .as_deref()
            .is_none_or(|w| d == w || d.starts_with(&format!("{w}/")))
    };
    // A merge commit (from `sync`) shows the other side's records as added
    // again, relative to its first parent: list each record once, at the
    // commit that first added it.
    let mut seen: HashSet<String> = HashSet::new();
    // A record is taken as the tip holds it only when the tip holds the
    // very blob this commit added; a path some commit changed after adding
    // it is read as each commit holds it.
    let mut at_tip = ledger.store.files_at(&tip)?;
    ledger.store.for_each_commit(&tip, |commit| -> Result<()> {
        for path in commit.changed.iter().chain(commit.deleted.iter()) {
            ctx.out.warn(&format!(
                "commit {} modified or deleted {path}: records must never change",
                &commit.id[..12]
            ));
        }
        for added in &commit.added {
            let p = added.path.as_str();
            if !seen.insert(added.path.clone()) {
                continue;
            }
            let Some(mut ev) = describe(&ledger, &audit, p, &added.blob, &commit, &mut at_tip)?
            else {
                continue;
            };
            if let Some(d) = &ev.deliverable {
                if !wanted(d) {
                    continue;
                }
            } else if args.deliverable.is_some() {
                continue;
            }
            if let Some(since) = since {
                if ev.at.parse::<jiff::Timestamp>().is_ok_and(|t| t < since) {
                    continue;
                }
            }
            if ev.deliverable.is_some() {
                ev.verified = audit.record_ok(p);
            }
            failing += usize::from(!ev.verified);
            print_event(ctx, &ev)?;
        }
        Ok(())
    })?;
    if failing > 0 {
        ctx.out.warn(&format!(
            "{failing} record(s) above fail verification; run 'signoff verify' for details"
        ));
    }
    // Every deliverable's part is still held, and the repository handle
    // its object cache: freeing them piece by piece costs a tenth of a
    // large log, and the process ends here (nothing is left to write).
    std::mem::forget(audit);
    std::mem::forget(at_tip);
    std::mem::forget(ledger);
    Ok(0)
}

fn describe(
    ledger: &crate::ledger::Ledger,
    audit: &crate::ledger::Audit<'_>,
    path: &str,
    blob: &str,
    commit: &crate::store::LogCommit,
    at_tip: &mut crate::store::FilesAt<'_>,
) -> Result<Option<LogEvent>> {
    let author = commit.author.clone();
    // A policy change is one event: the version and its proposer's
    // signature come in one commit, and the version's line says it.
    let adds_version = |v: u32| {
        commit.added.iter().any(|e| {
            matches!(layout::place(&e.path), layout::Place::PolicyVersion { version, .. } if version == v)
        })
    };
    let commit = commit.id.as_str();
    let base = |kind: &str, by: String, at: String| LogEvent {
        at,
        commit: commit.to_string(),
        kind: kind.into(),
        by,
        on_behalf_of: None,
        evidence: None,
        deliverable: None,
        deliverable_version: None,
        request: None,
        decision: None,
        comment: String::new(),
        internal: false,
        path: path.to_string(),
        verified: true,
        via_link: false,
    };
    match layout::place(path) {
        layout::Place::PolicySig { version, .. } if adds_version(version) => return Ok(None),
        layout::Place::PolicySig {
            version, person, ..
        } => {
            let when = ledger.store.history_time(commit).unwrap_or_default();
            let mut ev = base("policy-sign", person.into(), when);
            ev.comment = format!("signed policy version {version}");
            return Ok(Some(ev));
        }
        layout::Place::PolicyVersion { version, .. } => {
            let when = ledger.store.history_time(commit).unwrap_or_default();
            let mut ev = base("policy", author, when);
            ev.comment = policy_comment(audit, version, path);
            return Ok(Some(ev));
        }
        layout::Place::Record => {}
        _ => return Ok(None),
    }
    // A record accepted at the tip is taken as the load parsed it; any
    // other is read from its blob.
    let held = match at_tip.blob(path)? {
        Some(b) if b == blob => audit.held(path),
        _ => None,
    };
    let rec = match held {
        Some(Held::Request(r)) => Record::Request(r),
        Some(Held::Decision(d)) => Record::Decision(d),
        Some(Held::Comment(c)) => Record::Comment(c),
        None => {
            let bytes = match ledger.store.read_small(blob) {
                Err(crate::store::StoreError::TooLarge { .. }) => return Ok(None),
                other => other?,
            };
            let Ok(rec) = record::parse(&bytes) else {
                return Ok(None);
            };
            rec
        }
    };
    let request_version =
        |d: &str, id: &str| -> Result<Option<usize>> { Ok(audit.version_of(d, id)) };
    Ok(Some(match rec {
        Record::Request(r) => {
            let mut ev = base(if r.draft { "draft" } else { "request" }, r.by, r.at);
            ev.deliverable_version = request_version(&r.deliverable, &r.id)?;
            ev.deliverable = Some(r.deliverable);
            ev.request = Some(r.id);
            ev.comment = r.message;
            ev
        }
        Record::Decision(d) => {
            let kind = if d.decision == record::Verdict::Withdraw {
                "withdraw"
            } else {
                "decision"
            };
            let mut ev = base(kind, d.by, d.at);
            ev.deliverable_version = request_version(&d.deliverable, &d.request)?;
            ev.deliverable = Some(d.deliverable);
            ev.request = Some(d.request);
            ev.decision = Some(d.decision.as_str().into());
            ev.via_link = d.via == crate::link::VIA_LINK;
            ev.on_behalf_of = d.on_behalf_of;
            ev.evidence = d.evidence;
            ev.comment = d.comment;
            ev
        }
        // The server's note that it mailed the link-deciders is no event
        // of the round (and never a decision).
        Record::Notified(_) => return Ok(None),
        Record::Comment(c) => {
            let mut ev = base("comment", c.by, c.at);
            ev.deliverable_version = request_version(&c.deliverable, &c.request)?;
            ev.deliverable = Some(c.deliverable);
            ev.request = Some(c.request);
            ev.comment = c.comment;
            ev.internal = c.internal;
            ev
        }
    }))
}

/// What policy version `version` at `path` did, in words, when it is the
/// one in effect at that number; a proposal is named as one.
fn policy_comment(audit: &crate::ledger::Audit, version: u32, path: &str) -> String {
    let chain = &audit.head().chain;
    let idx = usize::try_from(version).ok().and_then(|v| v.checked_sub(1));
    let effective = idx.filter(|i| chain.paths.get(*i).is_some_and(|p| p == path));
    match effective {
        Some(0) => format!(
            "policy version 1: created the store (admins: {})",
            chain.effective[0]
                .members(&chain.effective[0].admins.group)
                .join(", ")
        ),
        Some(i) => format!(
            "policy version {version}: {}",
            crate::policy::summary(&chain.effective[i - 1], &chain.effective[i]).join("; ")
        ),
        None => format!("proposed policy version {version} (not in effect)"),
    }
}

fn print_event(ctx: &Ctx, ev: &LogEvent) -> Result<()> {
    if ctx.out.json {
        return ctx.out.json_line(ev);
    }
    let what = match ev.kind.as_str() {
        "request" | "draft" => format!(
            "requested{} {}",
            if ev.kind == "draft" { " (draft)" } else { "" },
            label(ev)
        ),
        "decision" => {
            let verb = ev
                .decision
                .as_deref()
                .and_then(record::Verdict::parse)
                .map_or("decided on", record::Verdict::past);
            match &ev.on_behalf_of {
                Some(o) => format!(
                    "recorded that {o} {verb} {} (evidence: {})",
                    label(ev),
                    ev.evidence.clone().unwrap_or_default()
                ),
                None if ev.via_link => format!("{verb} {} (email link)", label(ev)),
                None => format!("{verb} {}", label(ev)),
            }
        }
        "withdraw" => format!("withdrew {}", label(ev)),
        "comment" if ev.internal => format!("[internal] commented on {}", label(ev)),
        "comment" => format!("commented on {}", label(ev)),
        _ => String::new(),
    };
    let mut line = if what.is_empty() {
        format!("{}  {}  {}", human_time(&ev.at), ev.by, ev.comment)
    } else {
        let comment = if ev.comment.is_empty() {
            String::new()
        } else {
            format!(": \"{}\"", ev.comment.replace('\n', " "))
        };
        format!("{}  {}  {what}{comment}", human_time(&ev.at), ev.by)
    };
    if !ev.verified {
        line.push_str("  [FAILS VERIFICATION]");
    }
    ctx.out.line(line.trim_end())
}

fn label(ev: &LogEvent) -> String {
    let d = ev.deliverable.clone().unwrap_or_default();
    match ev.deliverable_version {
        Some(v) => format!("{d} v{v}"),
        None => d,
    }
}

/// The JSON Schema of each line of `log --json`.
pub(crate) fn json_schema() -> schemars::Schema {
    schemars::schema_for!(LogEvent)
}
