//! The gate's check: is the newest request of a deliverable approved, for
//! exactly the bytes that would ship now?
//!
//! The content is recomputed the way the request computed it (the working
//! tree or a revision for repository paths, the diff for a range), so the
//! gate passes only the bytes people approved. A record of the deliverable,
//! or a file of the policy folder, that fails verification fails the check
//! closed. This writes nothing; waiting and fetching are the caller's.

use serde::Serialize;

use crate::layout;
use crate::ledger::{Ledger, LedgerError, Problem, Snapshot};
use crate::record::Request;
use crate::state::{self, Evaluation, Need, State};

/// What to check.
pub struct What<'a> {
    pub deliverable: &'a str,
    /// Check the files of this revision instead of the working tree.
    pub rev: Option<&'a str>,
    /// Check this range instead of the one the request named.
    pub range: Option<&'a str>,
}

/// What the gate decided.
#[derive(schemars::JsonSchema, Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Approved,
    Pending,
    Rejected,
    Stale,
    TimedOut,
}

impl Outcome {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Approved => "approved",
            Outcome::Pending => "pending",
            Outcome::Rejected => "rejected",
            Outcome::Stale => "stale",
            Outcome::TimedOut => "timed-out",
        }
    }
}

/// Where the content was recomputed from.
#[derive(schemars::JsonSchema, Debug, Clone, Serialize)]
pub struct ContentCheck {
    /// `worktree`, `rev` or `range`.
    pub source: String,
    /// The revision or range, when not the working tree.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Content the request (and its decisions) signed.
    pub requested: String,
    /// Content recomputed now.
    pub current: String,
    pub matches: bool,
    /// The files that differ from the request's manifest (for a range: the
    /// files whose part of the diff differs from the requested diff's).
    pub changes: Vec<crate::content::FileChange>,
    /// A range request bound to a git patch id (written before the
    /// collision-resistant binding): never matched, whatever the diff;
    /// request the range again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub legacy_binding: bool,
    /// For a range whose diff differs: the diff still has the request's git
    /// patch id, i.e. it was made to collide with it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub patch_id_collides: bool,
}

/// The outcome and everything that explains it.
#[derive(Debug, Clone)]
pub struct Checked {
    pub outcome: Outcome,
    pub details: Details,
}

/// What the check found (the body of `gate --json`).
#[derive(schemars::JsonSchema, Debug, Clone, Serialize)]
pub struct Details {
    pub deliverable: String,
    pub request: String,
    pub request_version: usize,
    pub state: State,
    /// The stage waiting for approvals, when pending.
    pub stage: Option<String>,
    pub summary: String,
    pub content: ContentCheck,
    pub approvals: Vec<String>,
    pub needs: Vec<Need>,
    pub conflicts: Vec<String>,
    pub ignored: Vec<state::Ignored>,
    pub author_excluded: bool,
    pub policy_version: u32,
    /// `pinned` or `trust-on-first-use`.
    pub trust: &'static str,
    pub store_tip: String,
}

/// Why there is no outcome: the gate fails closed.
#[derive(Debug)]
pub enum GateError {
    /// The deliverable has no request.
    NoRequest(String),
    /// A file of the policy folder, or the store file, failed verification.
    PolicyProblem(Problem),
    /// A record of the deliverable failed verification.
    RecordProblem {
        deliverable: String,
        problem: Problem,
    },
    /// `--rev` on a range request.
    RevOnRange(String),
    /// A range request that names no range.
    RangeMissing,
    /// `--range` on a request of repository paths.
    RangeOnPaths(String),
    /// Requested from files outside the repository: nothing to recompute.
    OutsideFiles(String),
    /// The store, the records or the repository failed.
    Ledger(LedgerError),
}

impl From<LedgerError> for GateError {
    fn from(e: LedgerError) -> Self {
        GateError::Ledger(e)
    }
}

/// Evaluates the newest request of the deliverable against the content now.
pub fn check(ledger: &Ledger, snap: &Snapshot, what: &What<'_>) -> Result<Checked, GateError> {
    // A record of this deliverable that fails verification means someone
    // tampered with it: fail closed rather than gate on the rest.
    // So does anything unexpected in the policy folder (the policy decides
    // what counts), and a store file that fails its signature (it says
    // where records live: a flipped format would file genuine records
    // elsewhere and hide the rest).
    let concerning = crate::views::problems_concerning(snap, what.deliverable);
    if let Some(p) = concerning
        .iter()
        .find(|p| layout::is_policy_path(&p.path) || p.path == layout::STORE_FILE)
    {
        return Err(GateError::PolicyProblem((*p).clone()));
    }
    let versions = snap.versions(what.deliverable);
    let Some(rr) = versions.last() else {
        return Err(GateError::NoRequest(what.deliverable.to_string()));
    };
    let req = &rr.request;
    // A record of this deliverable in either layout's place counts as its.
    if let Some(p) = concerning.first() {
        return Err(GateError::RecordProblem {
            deliverable: req.deliverable.clone(),
            problem: (*p).clone(),
        });
    }
    let content = match req.source.kind.as_str() {
        "range" => {
            if what.rev.is_some() {
                return Err(GateError::RevOnRange(req.deliverable.clone()));
            }
            let range = what
                .range
                .map(str::to_string)
                .or_else(|| req.source.range.clone())
                .ok_or(GateError::RangeMissing)?;
            range_check(ledger, req, range)?
        }
        "paths" => {
            if what.range.is_some() {
                return Err(GateError::RangeOnPaths(req.deliverable.clone()));
            }
            let now = ledger
                .current_manifest(req, what.rev)?
                .expect("paths requests always have a current manifest");
            let current = crate::content::content_hash(&now);
            ContentCheck {
                changes: crate::content::changes(&req.files, &now),
                source: if what.rev.is_some() {
                    "rev"
                } else {
                    "worktree"
                }
                .into(),
                from: what.rev.map(str::to_string),
                requested: req.content.clone(),
                matches: current == req.content,
                current,
                legacy_binding: false,
                patch_id_collides: false,
            }
        }
        _ => {
            return Err(GateError::OutsideFiles(req.deliverable.clone()));
        }
    };
    let ev = state::evaluate(snap.policy(), rr, snap.is_superseded(req));
    let outcome = if content.matches {
        match ev.state {
            State::Approved => Outcome::Approved,
            State::ChangesRequested | State::Declined | State::Withdrawn | State::Expired => {
                Outcome::Rejected
            }
            State::Pending | State::Draft | State::Superseded => Outcome::Pending,
        }
    } else {
        Outcome::Stale
    };
    let version = snap.version_of(req);
    let summary = summary_line(outcome, &ev, &content, version);
    Ok(Checked {
        outcome,
        details: Details {
            deliverable: req.deliverable.clone(),
            request: req.id.clone(),
            request_version: version,
            state: ev.state,
            stage: ev.stage.clone(),
            summary,
            content,
            approvals: ev.approvals.clone(),
            needs: ev.needs.clone(),
            conflicts: ev.conflicts.clone(),
            ignored: ev.ignored.clone(),
            author_excluded: ev.author_excluded,
            policy_version: snap.policy().version,
            trust: if snap.chain.tofu {
                "trust-on-first-use"
            } else {
                "pinned"
            },
            store_tip: snap.tip.clone(),
        },
    })
}

/// Recomputes a range request's binding from the range now. A request
/// bound to a git patch id never matches (a forged diff can share it).
fn range_check(ledger: &Ledger, req: &Request, range: String) -> Result<ContentCheck, GateError> {
    let now = crate::range::compute(ledger.store.git_dir(), &range)?;
    let legacy = crate::range::is_legacy(&req.content);
    let matches = !legacy && now.content == req.content;
    let changes = if matches {
        Vec::new()
    } else {
        requested_diff(ledger, req)
            .map(|old| crate::range::changes(&old, &now.files))
            .unwrap_or_default()
    };
    let hint = req.source.patch_id.as_deref().or(if legacy {
        req.content.strip_prefix(crate::range::LEGACY_PREFIX)
    } else {
        None
    });
    Ok(ContentCheck {
        changes,
        source: "range".into(),
        from: Some(range),
        requested: req.content.clone(),
        matches,
        patch_id_collides: !matches && hint == Some(now.patch_id.as_str()),
        current: now.content,
        legacy_binding: legacy,
    })
}

/// The per-file digests of the diff the request stored (its signed
/// manifest's `changes.diff`), to name what changed; `None` when it cannot
/// be read or does not hash as the request says. Naming only: the binding
/// alone decides.
fn requested_diff(ledger: &Ledger, req: &Request) -> Option<Vec<crate::range::DiffFile>> {
    use sha2::{Digest, Sha256};
    let entry = req.files.iter().find(|f| f.path == "changes.diff")?;
    let bytes = ledger.store.read_blob(&entry.blob).ok()?;
    if hex::encode(Sha256::digest(&bytes)) != entry.sha256 {
        return None;
    }
    let (content, files) = crate::range::bind(&bytes);
    (crate::range::is_legacy(&req.content) || content == req.content).then_some(files)
}

fn summary_line(
    outcome: Outcome,
    ev: &Evaluation,
    content: &ContentCheck,
    version: usize,
) -> String {
    let mut line = match outcome {
        Outcome::Stale if content.legacy_binding => format!(
            "v{version} is bound to a git patch id, which a forged diff can match, so it no longer passes{}; request this range again",
            changed_files(&content.changes)
        ),
        Outcome::Stale if content.patch_id_collides => format!(
            "the diff changed since v{version} was requested{} although its git patch id did not (a diff made to collide with it); request approval again",
            changed_files(&content.changes)
        ),
        Outcome::Stale => format!(
            "content changed since v{version} was requested ({} now, {} requested){}; request approval again",
            crate::content::short(&content.current),
            crate::content::short(&content.requested),
            changed_files(&content.changes)
        ),
        Outcome::Pending if ev.state == State::Draft => {
            format!("v{version} is a draft; nobody has been asked yet")
        }
        _ => ev.summary(),
    };
    let not_counted: Vec<String> = ev
        .ignored
        .iter()
        .filter(|i| i.reason != state::NotCounted::AuthorExcluded)
        .map(|i| match &i.entered_by {
            Some(b) => format!("{} ({}; entered by {b})", i.person, i.reason),
            None => format!("{} ({})", i.person, i.reason),
        })
        .collect();
    if !not_counted.is_empty() {
        line.push_str(&format!("; not counted: {}", not_counted.join(", ")));
    }
    line
}

/// `: modified a.txt, added b.txt, removed c.txt` (the first few), or
/// nothing when no file is named.
fn changed_files(changes: &[crate::content::FileChange]) -> String {
    const SHOWN: usize = 5;
    if changes.is_empty() {
        return String::new();
    }
    let mut parts: Vec<String> = changes
        .iter()
        .take(SHOWN)
        .map(|c| format!("{} {}", c.kind, c.path))
        .collect();
    if changes.len() > SHOWN {
        parts.push(format!("and {} more", changes.len() - SHOWN));
    }
    format!(": {}", parts.join(", "))
}
