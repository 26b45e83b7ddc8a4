//! `signoff request`: snapshot a deliverable and ask for decisions.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::Serialize;

use super::{Ctx, parse_when};
use crate::clock::now_string;
use crate::content::{content_hash, short};
use crate::error::{CliError, Result};
use crate::events::Event;
use crate::ledger::{Prepared, whoami};
use crate::record::{self, ManifestEntry, Request, Source};
use crate::store::{NewFile, SourceFile};

/// Ask for decisions on a deliverable.
///
/// Snapshots the files (path, git blob id, SHA-256, size) into the store and
/// signs a request bound to their content hash. PATHS are files or folders in
/// the repository, read from the working tree or from --rev; --file adds files
/// from outside the repository. Every file under PATHS counts, tracked,
/// untracked or ignored alike (the gate checks the same files); symlinks,
/// submodules, nested repositories and names like `.git` are refused. A new request for an existing deliverable
/// supersedes the previous one and becomes v2, v3, …
///
/// With --range BASE..HEAD (a pull request), the request is bound to the diff
/// from the merge base of BASE and HEAD to HEAD, identified by its stable
/// patch id (`git patch-id --verbatim`): a rebase that leaves the diff
/// unchanged keeps the approvals; any change to the diff makes them stale.
///
/// Example: signoff request acme/homepage design/home.pdf --to cmo --to mdir -m "Round 2"
///
/// Example: signoff request pr/42 --range main..feature --to ana,ben
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Deliverable name: lowercase segments joined by '/', e.g. acme/logo.
    pub deliverable: String,
    /// Files or folders in the repository.
    pub paths: Vec<PathBuf>,
    /// A file from outside the repository (repeatable).
    #[arg(long = "file", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Take PATHS from this commit instead of the working tree.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Bind the request to the diff of BASE..HEAD (a pull request).
    #[arg(long, value_name = "BASE..HEAD", conflicts_with_all = ["paths", "files", "rev"])]
    pub range: Option<String>,
    /// Reviewers (person ids; repeatable or comma-separated).
    #[arg(long = "to", value_name = "PERSON", value_delimiter = ',')]
    pub to: Vec<String>,
    /// How many of the reviewers must approve (default: all).
    #[arg(long, value_name = "N")]
    pub quorum: Option<u32>,
    /// When decisions are due (2026-12-01 or an RFC 3339 time).
    #[arg(long, value_name = "DATE")]
    pub due: Option<String>,
    /// After this date the request expires: decisions are refused and it
    /// never counts as approved (2026-12-31 or an RFC 3339 time).
    #[arg(long, value_name = "DATE")]
    pub expires: Option<String>,
    /// Description for the reviewers.
    #[arg(short, long, value_name = "TEXT")]
    pub message: Option<String>,
    /// Record it as a draft: nobody is asked yet and nothing counts.
    #[arg(long)]
    pub draft: bool,
}

#[derive(Serialize)]
struct Out {
    request: String,
    deliverable: String,
    request_version: usize,
    content: String,
    files: usize,
    supersedes: Option<String>,
    commit: String,
    events: Vec<Event>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    record::check_name(&args.deliverable)
        .map_err(|e| CliError::usage(e).hint("example: acme/homepage or release/v1.2"))?;
    if args.paths.is_empty() && args.files.is_empty() && args.range.is_none() {
        return Err(CliError::usage(format!(
            "nothing to request for {}: give repository PATHS or --file",
            args.deliverable
        ))
        .hint("example: signoff request acme/logo design/logo.svg --to ana"));
    }
    let message = args.message.clone().unwrap_or_default();
    let expires = args
        .expires
        .as_deref()
        .map(|d| parse_when(d, "expiry date").map(|t| t.to_string()))
        .transpose()?;
    if let Some(e) = &expires {
        if e.parse::<jiff::Timestamp>()
            .is_ok_and(|t| t <= crate::clock::now())
        {
            return Err(CliError::usage(format!("--expires {e} is in the past"))
                .hint("give a future date, e.g. --expires 2026-12-31"));
        }
    }
    let due = args
        .due
        .as_deref()
        .map(|d| parse_when(d, "due date").map(|t| t.to_string()))
        .transpose()?;
    let mut reviewers: Vec<String> = Vec::new();
    for r in &args.to {
        let r = r.trim().to_string();
        if !r.is_empty() && !reviewers.contains(&r) {
            reviewers.push(r);
        }
    }
    let ledger = ctx.ledger()?.scoped_strictly(&args.deliverable);
    let store = &ledger.store;
    let signer = ctx.signer(store)?;
    // Read the files before the write: blobs land in the object database,
    // which is invisible until a commit refers to them.
    let mut rel_paths = Vec::new();
    for p in &args.paths {
        rel_paths.push(store.repo_relative(p)?);
    }
    let mut range = None;
    let (rev, mut files): (Option<String>, Vec<SourceFile>) = match &args.rev {
        _ if args.range.is_some() => {
            let text = args.range.clone().unwrap_or_default();
            let r = crate::range::compute(store.git_dir(), &text)?;
            let b = store.store_bytes(&r.diff)?;
            let file = SourceFile {
                path: "changes.diff".into(),
                blob: b.blob,
                sha256: b.sha256,
                size: b.size,
            };
            range = Some((text, r));
            (None, vec![file])
        }
        Some(rev) => {
            let commit = store.resolve_commit(rev)?;
            let files = store.files_at_commit(&commit, &rel_paths)?;
            (Some(commit), files)
        }
        None => (
            None,
            store.files_from_worktree(&rel_paths, crate::store::Reading::Store)?,
        ),
    };
    for f in &args.files {
        if f.is_dir() {
            return Err(CliError::usage(format!(
                "--file takes files, and {} is a folder",
                f.display()
            ))
            .hint("give each file with its own --file, or request the folder as PATHS from inside the repository"));
        }
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| CliError::usage(format!("{} is not a file", f.display())))?;
        let b = store.store_file(f)?;
        files.push(SourceFile {
            path: name,
            blob: b.blob,
            sha256: b.sha256,
            size: b.size,
        });
    }
    if files.is_empty() {
        return Err(CliError::usage(format!(
            "the paths given for {} contain no files",
            args.deliverable
        ))
        .hint("check the paths; empty folders hold no files"));
    }
    let mut seen = BTreeSet::new();
    for f in &files {
        record::check_snapshot_path(&f.path).map_err(|e| {
            CliError::usage(e)
                .hint("rename the file; names with control characters or '\\' cannot be stored")
        })?;
        if !seen.insert(f.path.clone()) {
            return Err(CliError::usage(format!(
                "two files would be stored as {} in the deliverable",
                f.path
            ))
            .hint("rename one, or request them separately"));
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
        } else if args.paths.is_empty() {
            "files"
        } else {
            "paths"
        }
        .into(),
        rev: range.as_ref().map_or(rev, |(_, r)| Some(r.head.clone())),
        paths: rel_paths,
        range: range.as_ref().map(|(text, _)| text.clone()),
    };
    let configured = store.config_string("signoff.person");
    let (commit, out) = ledger.append(&signer, |snap| {
        let me = whoami(snap, &signer, configured.clone())?;
        let policy = snap.policy();
        for r in &reviewers {
            if policy.person(r).is_none() {
                return Err(CliError::not_found(format!("unknown reviewer {r:?}"))
                    .hint("see 'signoff person list'; add people with 'signoff person add'"));
            }
        }
        let rule = policy.rule_for(&args.deliverable);
        if reviewers.is_empty() && rule.effective_stages().is_empty() {
            return Err(CliError::usage(format!(
                "no reviewers for {}: the policy names none for it",
                args.deliverable
            ))
            .hint("name them with --to <person>"));
        }
        // Reviewers whose approval can count: the author's cannot unless the
        // policy says so. A request nobody can approve would wait forever.
        let can_approve = reviewers
            .iter()
            .filter(|r| rule.author_can_approve || **r != me)
            .count();
        if !reviewers.is_empty() && can_approve == 0 {
            return Err(CliError::usage(format!(
                "nobody can approve {}: you are its only reviewer, and the policy does not let authors approve their own work",
                args.deliverable
            ))
            .hint("name someone else with --to <person>"));
        }
        if let Some(q) = args.quorum {
            if q == 0 || q as usize > can_approve {
                return Err(CliError::usage(format!(
                    "--quorum {q} must be between 1 and the {can_approve} reviewer(s) who can approve"
                ))
                .hint("lower --quorum, or name more reviewers with --to"));
            }
        }
        let previous = snap
            .versions(&args.deliverable)
            .last()
            .map(|r| r.request.id.clone());
        let id = record::new_id();
        let req = Request {
            schema: record::SCHEMA_REQUEST.into(),
            store_id: snap.info.store_id.clone(),
            id: id.clone(),
            deliverable: args.deliverable.clone(),
            by: me.clone(),
            key: signer.key().fingerprint().into(),
            at: now_string(),
            message: message.clone(),
            reviewers: reviewers.clone(),
            quorum: args.quorum,
            due: due.clone(),
            expires: expires.clone(),
            draft: args.draft,
            supersedes: previous.clone(),
            source: source.clone(),
            content: content.clone(),
            files: manifest.clone(),
        };
        let version = snap.versions(&args.deliverable).len() + 1;
        let files = manifest
            .iter()
            .map(|f| {
                (
                    crate::layout::content_path(&args.deliverable, &id, &f.path),
                    NewFile::Blob(f.blob.clone()),
                )
            })
            .collect();
        let path = crate::layout::request_path(&args.deliverable, &id);
        let mut notify = reviewers.clone();
        if notify.is_empty() {
            if let Some(stage) = rule.effective_stages().first() {
                for r in &stage.require {
                    notify.extend(policy.members(&r.group).iter().cloned());
                }
                notify.retain(|p| *p != me);
            }
        }
        Ok(Prepared {
            records: vec![(path, record::to_bytes(&req))],
            files,
            subject: format!(
                "{me} requested decisions on {} v{version}{}",
                args.deliverable,
                if args.draft { " (draft)" } else { "" }
            ),
            kind: "request",
            trailers: vec![
                ("Signoff-Deliverable".into(), args.deliverable.clone()),
                ("Signoff-Request".into(), id.clone()),
                ("Signoff-Content".into(), content.clone()),
            ],
            value: Out {
                request: id,
                deliverable: args.deliverable.clone(),
                request_version: version,
                content: content.clone(),
                files: manifest.len(),
                supersedes: previous,
                commit: String::new(),
                events: if args.draft {
                    Vec::new()
                } else {
                    vec![Event::Requested {
                        deliverable: args.deliverable.clone(),
                        request: req.id.clone(),
                        version,
                        by: me.clone(),
                        reviewers: notify,
                    }]
                },
            },
        })
    })?;
    let mut out = out;
    out.commit = commit;
    ctx.emit(&ledger, &out.events);
    if ctx.out.json {
        return ctx.out.json(&out).map(|()| 0);
    }
    ctx.out.print(&format!(
        "Requested {} v{} ({} file{}, content {}){}",
        out.deliverable,
        out.request_version,
        out.files,
        if out.files == 1 { "" } else { "s" },
        short(&out.content),
        if args.draft { " as a draft" } else { "" }
    ))?;
    ctx.out.note(&format!("request id {}", out.request));
    Ok(0)
}
