//! `signoff request`: snapshot a deliverable and ask for decisions.

use std::path::PathBuf;

use serde::Serialize;

use super::{Ctx, parse_when};
use crate::content::short;
use crate::error::{CliError, Result};
use crate::events::Event;
use crate::ops::{
    self,
    request::{Ask, Files, RequestError},
};

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
/// from the merge base of BASE and HEAD to HEAD: SHA-256 over the sorted
/// SHA-256s of each file's part of the diff, with line numbers and blob ids
/// left out. A rebase that leaves the diff unchanged keeps the approvals;
/// any change to the diff makes them stale. (The diff's `git patch-id` is
/// kept as a hint only: a sum of hashes can be forged.)
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  signoff request acme/homepage design/home.pdf --to cmo --to mdir -m \"Round 2\"\n  signoff request pr/42 --range main..feature --to ana,ben\n  signoff request acme/logo logo.svg --to acme-contacts   # any one of the group"
)]
pub struct Args {
    /// Deliverable name: lowercase segments joined by '/', e.g. acme/logo.
    #[arg(add = crate::complete::deliverable())]
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
    /// Reviewers: person ids, a group name (any one of its members) or
    /// GROUP:N (N of its members); repeatable or comma-separated.
    #[arg(long = "to", value_name = "WHO", value_delimiter = ',', add = crate::complete::person_or_group())]
    pub to: Vec<String>,
    /// How many of the named people must approve (default: all; groups
    /// carry their own count).
    #[arg(long, value_name = "N")]
    pub quorum: Option<u32>,
    /// When decisions are due: 2026-12-01 (the end of that day in each
    /// reviewer's time zone) or an RFC 3339 time.
    #[arg(long, value_name = "DATE")]
    pub due: Option<String>,
    /// After this date the request expires: decisions are refused and it
    /// never counts as approved (2026-12-31 or an RFC 3339 time).
    #[arg(long, value_name = "DATE")]
    pub expires: Option<String>,
    /// Description for the reviewers.
    #[arg(short, long, value_name = "TEXT")]
    pub message: Option<String>,
    /// A human title for the reviewers, e.g. "Spring campaign logo": the
    /// page, the inbox and the emails show it instead of the deliverable
    /// name.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Record it as a draft: nobody is asked yet and nothing counts.
    #[arg(long)]
    pub draft: bool,
    /// Ask again about files byte for byte identical to a version already
    /// approved, saying why (kept in the request's message). Without it
    /// such a request is refused: approved work never reopens by accident.
    #[arg(long, value_name = "REASON")]
    pub again: Option<String>,
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
    let when = |d: &Option<String>, what| d.as_deref().map(|d| parse_when(d, what)).transpose();
    let ask = Ask {
        deliverable: args.deliverable.clone(),
        files: match &args.range {
            Some(r) => Files::Range(r.clone()),
            None => Files::Paths {
                paths: args.paths.clone(),
                outside: args.files.clone(),
                rev: args.rev.clone(),
            },
        },
        reviewers: args.to.clone(),
        quorum: args.quorum,
        expires: when(&args.expires, "expiry date")?,
        due: args
            .due
            .as_deref()
            .map(|d| {
                crate::clock::Due::parse(d).map_err(|_| {
                    CliError::usage(format!("invalid due date {d:?}")).hint(
                        "use a date like 2026-12-01 (the end of that day in each reviewer's time zone), a time like 2026-12-01T17:00:00Z, or words like tomorrow, \"in 3 days\"",
                    )
                })
            })
            .transpose()?,
        message: args.message.clone().unwrap_or_default(),
        title: args.title.clone().unwrap_or_default(),
        draft: args.draft,
        again: args.again.clone(),
    };
    let ledger = ctx.ledger()?.scoped_strictly(&args.deliverable);
    let signer = ctx.signer(&ledger.store)?;
    let configured = ledger.store.config_string("signoff.person");
    let done = ops::request::request(&ledger, &signer, configured, &ask).map_err(refusal)?;
    ctx.report(&done.notified);
    let req = &done.request;
    let out = Out {
        request: req.id.clone(),
        deliverable: req.deliverable.clone(),
        request_version: done.version,
        content: req.content.clone(),
        files: req.files.len(),
        supersedes: req.supersedes.clone(),
        commit: done.commit.clone(),
        events: done.events.clone(),
    };
    if ctx.out.json {
        ctx.out.json(&out)?;
        return ctx.finish(&done.notified);
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
    ctx.finish(&done.notified)
}

/// The command line's words for a request that was not written.
fn refusal(e: RequestError) -> CliError {
    match e {
        RequestError::Ledger(e) => e.into(),
        RequestError::BadName(e) => {
            CliError::usage(e).hint("example: acme/homepage or release/v1.2")
        }
        RequestError::NothingGiven { deliverable } => CliError::usage(format!(
            "nothing to request for {deliverable}: give repository PATHS or --file"
        ))
        .hint("example: signoff request acme/logo design/logo.svg --to ana"),
        RequestError::ExpiresInPast(e) => CliError::usage(format!("--expires {e} is in the past"))
            .hint("give a future date, e.g. --expires 2026-12-31"),
        RequestError::DueInPast(d) => CliError::usage(format!("--due {d} is before today"))
            .hint("give today or a later date, e.g. --due 2026-12-31"),
        RequestError::OutsideFolder(f) => CliError::usage(format!(
            "--file takes files, and {} is a folder",
            f.display()
        ))
        .hint("give each file with its own --file, or request the folder as PATHS from inside the repository"),
        RequestError::NotAFile(f) => CliError::usage(format!("{} is not a file", f.display())),
        RequestError::NoFiles { deliverable } => CliError::usage(format!(
            "the paths given for {deliverable} contain no files"
        ))
        .hint("check the paths; empty folders hold no files"),
        RequestError::BadPath(e) => CliError::usage(e)
            .hint("rename the file; names with control characters or '\\' cannot be stored"),
        RequestError::DuplicatePath(p) => CliError::usage(format!(
            "two files would be stored as {p} in the deliverable"
        ))
        .hint("rename one, or request them separately"),
        RequestError::UnknownReviewer(r) => CliError::not_found(format!(
            "unknown reviewer {r:?}: no person or group has that name"
        ))
        .hint("see 'signoff person list' and 'signoff group list'; add people with 'signoff person add'"),
        RequestError::BadGroupCount {
            group,
            count,
            can_approve,
        } => CliError::usage(format!(
            "--to {group}:{count} must ask between 1 and the {can_approve} member(s) of {group} who can approve"
        ))
        .hint(format!("write --to {group} for any one of them, or --to {group}:N")),
        RequestError::NoReviewers { deliverable } => CliError::usage(format!(
            "no reviewers for {deliverable}: the policy names none for it"
        ))
        .hint("name them with --to <person>"),
        RequestError::OnlyAuthor { deliverable } => CliError::usage(format!(
            "nobody can approve {deliverable}: you are its only reviewer, and the policy does not let authors approve their own work"
        ))
        .hint("name someone else with --to <person>"),
        RequestError::BadTitle(e) => CliError::usage(format!("--title: {e}"))
            .hint("give a short line of text, e.g. --title \"Spring campaign logo\""),
        RequestError::AlreadyApproved {
            deliverable,
            version,
        } => CliError::refused(format!(
            "{deliverable}: these files are already approved as v{version}; a new request would reopen it"
        ))
        .hint(format!(
            "nothing to do: v{version} stands. To ask again on purpose, say why: --again \"<reason>\""
        )),
        RequestError::AgainWithoutReason => CliError::usage("--again needs a reason")
            .hint("say why the approved files are asked about again, e.g. --again \"the client asked to see it once more\""),
        RequestError::StagedRule {
            deliverable,
            rule,
            stages,
            named,
        } => CliError::usage(format!(
            "--to {} cannot apply to {deliverable}: the policy rule {rule:?} asks in stages ({}), and the stages decide who is asked",
            named.join(","),
            stages.join(", then ")
        ))
        .hint("leave out --to; to ask someone else, change the rule's stages with 'signoff policy'"),
        RequestError::BadQuorum { quorum, can_approve } => CliError::usage(format!(
            "--quorum {quorum} must be between 1 and the {can_approve} reviewer(s) who can approve"
        ))
        .hint("lower --quorum, or name more reviewers with --to"),
    }
}
