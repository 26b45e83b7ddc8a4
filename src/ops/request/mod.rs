//! Requesting: snapshot a deliverable's files and ask people to decide.
//!
//! The files are read (and their blobs written to the object database)
//! before the write; the checks that depend on the policy (reviewers known,
//! someone able to approve, a quorum that can be met) run against the
//! snapshot the write lands on.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::content::content_hash;
use crate::events::Event;
use crate::ledger::{Ledger, LedgerError, Note, Prepared};
use crate::notify::Report;
use crate::record::{self, ManifestEntry, Request, Source};
use crate::sign::Signer;
use crate::store::{NewFile, SourceFile};

mod checks;
pub use checks::MAX_TITLE;
use checks::{approved_again, check_title, split_asked};

/// Where the files come from.
pub enum Files {
    /// Repository paths (files or folders), from the working tree or, with
    /// `rev`, from that commit; plus files from outside the repository.
    Paths {
        paths: Vec<PathBuf>,
        outside: Vec<PathBuf>,
        rev: Option<String>,
    },
    /// The diff of `BASE..HEAD` (a pull request).
    Range(String),
}

/// What to request.
pub struct Ask {
    pub deliverable: String,
    pub files: Files,
    pub reviewers: Vec<String>,
    pub quorum: Option<u32>,
    /// A day is kept as typed: it ends in each reviewer's own zone.
    pub due: Option<crate::clock::Due>,
    pub expires: Option<jiff::Timestamp>,
    pub message: String,
    /// A human title (empty: none; the deliverable name is shown).
    pub title: String,
    pub draft: bool,
    /// Why bytes already approved are asked about again (DESIGN §13
    /// "Approved stays approved"): without it, such a request is refused.
    /// The reason is kept in the request's message.
    pub again: Option<String>,
}

/// A request that landed.
#[derive(Debug)]
pub struct Requested {
    pub commit: String,
    pub request: Request,
    pub version: usize,
    pub events: Vec<Event>,
    pub notified: Report,
}

/// Why nothing was written.
#[derive(Debug)]
pub enum RequestError {
    /// The deliverable name breaks the naming rules (the reason says how).
    BadName(String),
    /// No paths, files or range.
    NothingGiven { deliverable: String },
    /// The expiry date has passed.
    ExpiresInPast(String),
    /// The due date is before today (UTC).
    DueInPast(String),
    /// An outside file is a folder.
    OutsideFolder(PathBuf),
    /// An outside path names no file.
    NotAFile(PathBuf),
    /// The paths hold no files.
    NoFiles { deliverable: String },
    /// A file name cannot be stored (the reason says why).
    BadPath(String),
    /// Two files would be stored under one name.
    DuplicatePath(String),
    /// A reviewer is not in the policy.
    UnknownReviewer(String),
    /// `--to GROUP:N` asks more members than can approve (or zero).
    BadGroupCount {
        group: String,
        count: String,
        can_approve: usize,
    },
    /// No reviewers given and the policy names none for this deliverable.
    NoReviewers { deliverable: String },
    /// The author is the only reviewer and may not approve their own work.
    OnlyAuthor { deliverable: String },
    /// The title is not one line of visible text, or too long (the reason
    /// says which).
    BadTitle(String),
    /// The quorum is zero or more than the reviewers who can approve.
    BadQuorum { quorum: u32, can_approve: usize },
    /// The files are byte for byte those of a version already approved:
    /// asking again would reopen approved work (give a reason to mean it).
    AlreadyApproved { deliverable: String, version: usize },
    /// `--again` was given with an empty reason.
    AgainWithoutReason,
    /// Reviewers were named for a deliverable whose rule asks in stages:
    /// the stages decide who is asked, so the names would be dropped.
    StagedRule {
        deliverable: String,
        /// The rule's pattern.
        rule: String,
        stages: Vec<String>,
        named: Vec<String>,
    },
    /// The store, the keys or the records failed.
    Ledger(LedgerError),
}

impl From<LedgerError> for RequestError {
    fn from(e: LedgerError) -> Self {
        RequestError::Ledger(e)
    }
}

/// Snapshots the files and writes the request, then asks the reviewers.
pub fn request(
    ledger: &Ledger,
    signer: &Signer,
    configured: Option<String>,
    ask: &Ask,
) -> Result<Requested, RequestError> {
    let name = &ask.deliverable;
    let reviewers = check_ask(ask)?;
    let (source, manifest, content) = snapshot(ledger, ask)?;
    let (due, expires) = (
        ask.due.map(|d| d.stored()),
        ask.expires.map(|t| t.to_string()),
    );
    let (commit, (request, version, events)) =
        ledger.append(signer, |snap| -> Result<_, RequestError> {
            let me = crate::ledger::whoami(snap, signer, configured.clone())?;
            let policy = snap.policy();
            let rule = policy.rule_for(name);
            // A staged rule decides who is asked, stage by stage: names
            // given with the request would be dropped without a word.
            if !rule.stages.is_empty() && !reviewers.is_empty() {
                return Err(RequestError::StagedRule {
                    deliverable: name.clone(),
                    rule: rule.pattern.clone(),
                    stages: rule.stages.iter().map(|s| s.name.clone()).collect(),
                    named: reviewers.clone(),
                });
            }
            let (reviewers, groups) = split_asked(policy, &rule, &reviewers, &me)?;
            let message = approved_again(snap, name, &content, &ask.message, ask.again.as_deref())?;
            check_asked(ask, &rule, &reviewers, !groups.is_empty(), &me)?;
            let previous = snap.versions(name).last().map(|r| r.request.id.clone());
            let id = record::new_id();
            let req = Request {
                schema: record::SCHEMA_REQUEST.into(),
                store_id: snap.info.store_id.clone(),
                id: id.clone(),
                deliverable: name.clone(),
                by: me.clone(),
                key: signer.key().fingerprint().into(),
                at: crate::clock::now_string(),
                message,
                title: ask.title.clone(),
                reviewers: reviewers.clone(),
                quorum: ask.quorum,
                due: due.clone(),
                expires: expires.clone(),
                draft: ask.draft,
                supersedes: previous,
                source: source.clone(),
                content: content.clone(),
                groups: groups.clone(),
                files: manifest.clone(),
            };
            // Drafts before it hold this number too (`Snapshot::version_of`).
            let version = snap
                .versions(name)
                .iter()
                .filter(|v| !v.request.draft)
                .count()
                + 1;
            let files = manifest
                .iter()
                .map(|f| {
                    (
                        snap.layout().content_path(name, &id, &f.path),
                        NewFile::Blob(f.blob.clone()),
                    )
                })
                .collect();
            let notify = to_notify(policy, &rule, &reviewers, &groups, &me);
            let events = if ask.draft {
                Vec::new()
            } else {
                vec![Event::Requested {
                    deliverable: name.clone(),
                    request: id.clone(),
                    version,
                    by: me.clone(),
                    reviewers: notify,
                }]
            };
            Ok(Prepared {
                records: vec![(
                    snap.layout().request_path(name, &id),
                    record::to_bytes(&req),
                )],
                files,
                subject: format!(
                    "{me} requested decisions on {name} v{version}{}",
                    if ask.draft { " (draft)" } else { "" }
                ),
                note: Note::Request {
                    deliverable: name.clone(),
                    request: id.clone(),
                    content: content.clone(),
                },
                value: (req, version, events),
            })
        })?;
    let notified = super::notify(ledger, None, &events);
    Ok(Requested {
        commit,
        request,
        version,
        events,
        notified,
    })
}

/// The checks of what was asked that need no store: the name, the title,
/// something to snapshot, dates ahead; returns the named reviewers, each
/// once.
fn check_ask(ask: &Ask) -> Result<Vec<String>, RequestError> {
    let name = &ask.deliverable;
    record::check_name(name).map_err(RequestError::BadName)?;
    check_title(&ask.title).map_err(RequestError::BadTitle)?;
    if matches!(&ask.files, Files::Paths { paths, outside, .. } if paths.is_empty() && outside.is_empty())
    {
        return Err(RequestError::NothingGiven {
            deliverable: name.clone(),
        });
    }
    if let Some(e) = ask.expires {
        if e <= crate::clock::now() {
            return Err(RequestError::ExpiresInPast(e.to_string()));
        }
    }
    // A due date of today is fine (a bare date lasts until its end in
    // each reviewer's zone); one before today (UTC) cannot be met.
    if let Some(d) = ask.due {
        let today = crate::clock::now()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date();
        if d.day() < today {
            return Err(RequestError::DueInPast(d.stored()));
        }
    }
    let mut reviewers: Vec<String> = Vec::new();
    for r in &ask.reviewers {
        let r = r.trim().to_string();
        if !r.is_empty() && !reviewers.contains(&r) {
            reviewers.push(r);
        }
    }
    Ok(reviewers)
}

/// Whether the people asked can approve at all: someone is asked, not
/// only the author (unless the rule lets authors approve), and the quorum
/// fits.
fn check_asked(
    ask: &Ask,
    rule: &crate::policy::Rule,
    reviewers: &[String],
    has_groups: bool,
    me: &str,
) -> Result<(), RequestError> {
    let name = &ask.deliverable;
    if reviewers.is_empty() && !has_groups && rule.effective_stages().is_empty() {
        return Err(RequestError::NoReviewers {
            deliverable: name.clone(),
        });
    }
    // Reviewers whose approval can count: the author's cannot unless the
    // policy says so. A request nobody can approve would wait forever.
    let can_approve = reviewers
        .iter()
        .filter(|r| rule.author_can_approve || **r != me)
        .count();
    if !reviewers.is_empty() && can_approve == 0 && !has_groups {
        return Err(RequestError::OnlyAuthor {
            deliverable: name.clone(),
        });
    }
    if let Some(q) = ask.quorum {
        if q == 0 || q as usize > can_approve {
            return Err(RequestError::BadQuorum {
                quorum: q,
                can_approve,
            });
        }
    }
    Ok(())
}

/// Who the request email goes to: the named reviewers and the asked
/// groups' members (the author aside), or else the first stage's.
fn to_notify(
    policy: &crate::policy::Policy,
    rule: &crate::policy::Rule,
    reviewers: &[String],
    groups: &[crate::record::GroupAsk],
    me: &str,
) -> Vec<String> {
    let mut notify = reviewers.to_vec();
    for g in groups {
        for m in policy.members(&g.group) {
            if *m != me && !notify.contains(m) {
                notify.push(m.clone());
            }
        }
    }
    if notify.is_empty() {
        if let Some(stage) = rule.effective_stages().first() {
            for r in &stage.require {
                notify.extend(policy.members(&r.group).iter().cloned());
            }
            notify.retain(|p| *p != me);
        }
    }
    notify
}

/// Reads the files into the object database (invisible until a commit
/// refers to them) and returns the request's source, manifest and content
/// hash.
fn snapshot(
    ledger: &Ledger,
    ask: &Ask,
) -> Result<(Source, Vec<ManifestEntry>, String), RequestError> {
    let store = &ledger.store;
    let (paths, outside, rev) = match &ask.files {
        Files::Paths {
            paths,
            outside,
            rev,
        } => (paths.as_slice(), outside.as_slice(), rev.as_deref()),
        Files::Range(_) => (&[][..], &[][..], None),
    };
    let mut rel_paths = Vec::new();
    for p in paths {
        rel_paths.push(store.repo_relative(p)?);
    }
    let mut range = None;
    let (rev, mut files): (Option<String>, Vec<SourceFile>) = match (&ask.files, rev) {
        (Files::Range(text), _) => {
            let r = crate::range::compute(store.git_dir(), text)?;
            let b = store.store_bytes(&r.diff)?;
            let file = SourceFile {
                path: "changes.diff".into(),
                blob: b.blob,
                sha256: b.sha256,
                size: b.size,
            };
            range = Some((text.clone(), r));
            (None, vec![file])
        }
        (_, Some(rev)) => {
            let commit = store.resolve_commit(rev)?;
            let files = store.files_at_commit(&commit, &rel_paths)?;
            (Some(commit), files)
        }
        (_, None) => (
            None,
            store.files_from_worktree(&rel_paths, crate::store::Reading::Store)?,
        ),
    };
    for f in outside {
        if f.is_dir() {
            return Err(RequestError::OutsideFolder(f.clone()));
        }
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| RequestError::NotAFile(f.clone()))?;
        let b = store.store_file(f)?;
        files.push(SourceFile {
            path: name,
            blob: b.blob,
            sha256: b.sha256,
            size: b.size,
        });
    }
    if files.is_empty() {
        return Err(RequestError::NoFiles {
            deliverable: ask.deliverable.clone(),
        });
    }
    let mut seen = BTreeSet::new();
    for f in &files {
        record::check_snapshot_path(&f.path).map_err(RequestError::BadPath)?;
        if !seen.insert(f.path.clone()) {
            return Err(RequestError::DuplicatePath(f.path.clone()));
        }
    }
    let mut manifest: Vec<ManifestEntry> = files
        .iter()
        .map(|f| ManifestEntry {
            path: f.path.clone(),
            blob: f.blob.clone(),
            sha256: f.sha256.clone(),
            size: f.size,
        })
        .collect();
    manifest.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    let content = match &range {
        Some((_, r)) => r.content.clone(),
        None => content_hash(&manifest),
    };
    let source = Source {
        kind: if range.is_some() {
            "range"
        } else if paths.is_empty() {
            "files"
        } else {
            "paths"
        }
        .into(),
        rev: range.as_ref().map_or(rev, |(_, r)| Some(r.head.clone())),
        paths: rel_paths,
        range: range.as_ref().map(|(text, _)| text.clone()),
        patch_id: range.as_ref().map(|(_, r)| r.patch_id.clone()),
    };
    Ok((source, manifest, content))
}

/// Asks again everyone `rr` still waits on: the request email, to each
/// person asked so far who has not decided on it. Used when the first
/// emails could not be put in the outbox; writes nothing to the store.
/// `Err` with the request's state when it waits on nobody (not pending).
pub fn reask(
    ledger: &Ledger,
    snap: &crate::ledger::Snapshot,
    rr: &crate::state::RequestRecords,
) -> Result<Report, crate::state::State> {
    let policy = snap.policy();
    let ev = crate::state::evaluate(policy, rr, snap.is_superseded(&rr.request));
    if ev.state != crate::state::State::Pending {
        return Err(ev.state);
    }
    let reviewers = crate::notify::asked(policy, rr, &ev)
        .into_iter()
        .filter(|p| !ev.latest.contains_key(p) && *p != rr.request.by)
        .collect();
    let event = Event::Requested {
        deliverable: rr.request.deliverable.clone(),
        request: rr.request.id.clone(),
        version: snap.version_of(&rr.request),
        by: rr.request.by.clone(),
        reviewers,
    };
    Ok(crate::events::emit_again(ledger, snap, &[event]))
}
