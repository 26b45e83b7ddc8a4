//! `signoff show`: the whole picture of one request at the time it was made.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use super::{Ctx, human_time, resolve};
use crate::content::short;
use crate::error::{CliError, Result};
use crate::record::{self, Comment, Decision, Request};
use crate::state::Evaluation;

/// Show a request: its files, description, decisions and comments.
///
/// With --extract DIR, writes the snapshot's files into DIR exactly as they
/// were requested (DIR must not exist or be empty).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  signoff show acme/logo\n  signoff show acme/logo@v1 --json")]
pub struct Args {
    /// Deliverable name, name@vN, or request id prefix.
    #[arg(add = crate::complete::deliverable())]
    pub deliverable: String,
    /// Which version (default: the newest).
    #[arg(long, value_name = "N")]
    pub version: Option<usize>,
    /// Write the snapshot's files into DIR.
    #[arg(long, value_name = "DIR")]
    pub extract: Option<PathBuf>,
}

#[derive(schemars::JsonSchema, Serialize)]
struct Out<'a> {
    version_label: usize,
    request: &'a Request,
    evaluation: Evaluation,
    decisions: &'a [Decision],
    comments: &'a [Comment],
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    let ledger = ctx.ledger()?.scoped(&args.deliverable);
    let snap = ctx.load(&ledger)?;
    let target = match args.version {
        Some(v) => format!("{}@v{v}", args.deliverable),
        None => args.deliverable.clone(),
    };
    let rr = resolve(&snap, &target)?;
    let req = &rr.request;
    if let Some(dir) = &args.extract {
        extract(ctx, &ledger, req, dir)?;
        return Ok(0);
    }
    let v = crate::views::version(&snap, rr);
    ctx.page(&ledger.store);
    if ctx.out.json {
        return ctx
            .out
            .json(&Out {
                version_label: v.number,
                request: req,
                evaluation: v.evaluation.clone(),
                decisions: &rr.decisions,
                comments: &rr.comments,
            })
            .map(|()| 0);
    }
    ctx.out.print(&text(ctx, snap.policy(), &v))?;
    Ok(0)
}

/// The due date: a time as it is; a bare date with when it ends for each
/// reviewer still waited on (in their own zone, `state::deadlines`).
fn due_lines(t: &mut String, policy: &crate::policy::Policy, v: &crate::views::VersionView<'_>) {
    let req = &v.records.request;
    let Some(due) = &req.due else {
        return;
    };
    if let Some(crate::clock::Due::Day(day)) = crate::clock::Due::read(due) {
        let _ = writeln!(
            t,
            "  due       {day}, the end of that day in each reviewer's time zone"
        );
        for p in crate::views::waiting(&v.evaluation) {
            if let Some(when) = crate::state::deadlines::due_text(policy, req, Some(&p)) {
                let _ = writeln!(t, "            {p}: {when}");
            }
        }
    } else {
        let _ = writeln!(t, "  due       {}", human_time(due));
    }
}

/// The request as the terminal shows it: its header, files, decisions
/// and comments.
fn text(ctx: &Ctx, policy: &crate::policy::Policy, v: &crate::views::VersionView<'_>) -> String {
    let rr = v.records;
    let req = &rr.request;
    let ev = &v.evaluation;
    let mut t = format!(
        "{} v{} — {}\n  request   {}\n  by        {} at {}\n  content   {}\n  reviewers {}{}\n",
        req.deliverable,
        v.number,
        ctx.out.state(ev.state.as_str()),
        req.id,
        req.by,
        human_time(&req.at),
        req.content,
        req.reviewers
            .iter()
            .cloned()
            .chain(req.groups.iter().map(|g| if g.count == 1 {
                format!("any one of {}", g.group)
            } else {
                format!("{} of {}", g.count, g.group)
            }))
            .collect::<Vec<_>>()
            .join(", "),
        req.quorum
            .map(|q| format!(" (quorum {q})"))
            .unwrap_or_default(),
    );
    if !req.title.is_empty() {
        let _ = writeln!(t, "  title     {}", req.title);
    }
    due_lines(&mut t, policy, v);
    if let Some(rev) = &req.source.rev {
        // By chars: the field comes from a record, and slicing bytes could
        // split a character.
        let short: String = rev.chars().take(12).collect();
        let _ = writeln!(t, "  from      commit {short}");
    }
    let _ = writeln!(t, "  summary   {}", ev.summary());
    if !req.message.is_empty() {
        t.push('\n');
        for l in req.message.lines() {
            let _ = writeln!(t, "  {l}");
        }
    }
    t.push_str("\nFiles\n");
    t.push_str(
        &ctx.out.table(
            &["path", "size", "sha256"],
            req.files
                .iter()
                .map(|f| {
                    vec![
                        f.path.clone(),
                        f.size.to_string(),
                        short(&f.sha256).to_string(),
                    ]
                })
                .collect(),
        ),
    );
    if !v.decisions.is_empty() {
        t.push_str("\nDecisions\n");
        t.push_str(
            &ctx.out.table(
                &["when", "who", "decision", "comment"],
                v.decisions
                    .iter()
                    .map(|view| {
                        let d = view.decision;
                        let who = match view.entered_by {
                            Some(by) => format!(
                                "{} (entered by {by}; evidence: {})",
                                view.person,
                                d.evidence.clone().unwrap_or_default()
                            ),
                            None => view.person.to_string(),
                        };
                        vec![
                            human_time(&d.at),
                            who,
                            d.decision.as_str().to_string(),
                            d.comment.clone(),
                        ]
                    })
                    .collect(),
            ),
        );
    }
    if !rr.comments.is_empty() {
        t.push_str("\nComments\n");
        t.push_str(
            &ctx.out.table(
                &["when", "who", "comment"],
                rr.comments
                    .iter()
                    .map(|c| {
                        let text = if c.internal {
                            format!("[internal] {}", c.comment)
                        } else {
                            c.comment.clone()
                        };
                        vec![human_time(&c.at), c.by.clone(), text]
                    })
                    .collect(),
            ),
        );
    }
    t
}

fn extract(
    ctx: &Ctx,
    ledger: &crate::ledger::Ledger,
    req: &Request,
    dir: &std::path::Path,
) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(
            CliError::refused(format!("{} exists and is not a folder", dir.display()))
                .hint("extract into a new or empty folder"),
        );
    }
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(CliError::refused(format!("{} is not empty", dir.display()))
            .hint("extract into a new or empty folder"));
    }
    // Check every path before writing anything: the same validator that
    // `request` and `verify` apply, so no `.git`, `..` or absolute path.
    for f in &req.files {
        record::check_snapshot_path(&f.path).map_err(|e| {
            CliError::integrity(e)
                .hint("this request was not written by signoff; run 'signoff verify'")
        })?;
    }
    std::fs::create_dir_all(dir)?;
    for f in &req.files {
        let mut file = std::io::BufWriter::new(create_inside(dir, &f.path)?);
        ledger.store.copy_blob(&f.blob, &mut file)?;
        std::io::Write::flush(&mut file)?;
    }
    ctx.out.note(&format!(
        "Extracted {} file(s) of {} into {}",
        req.files.len(),
        req.deliverable,
        dir.display()
    ));
    Ok(())
}

/// Creates the file at `rel` (a checked snapshot path) under `dir`, never
/// writing through a symlink: each folder on the way must be a real folder
/// (created here when missing), and the file itself must not exist yet
/// (`create_new` does not follow a symlink planted at the name).
fn create_inside(dir: &std::path::Path, rel: &str) -> Result<std::fs::File> {
    let refuse = |what: &std::path::Path, why: &str| {
        CliError::refused(format!("will not write {}: {why}", what.display()))
            .hint("extract into a new or empty folder that nothing else writes to")
    };
    let mut at = dir.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    let (name, folders) = parts.split_last().expect("a checked path has a part");
    for part in folders {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(refuse(&at, "a symbolic link is in the way"));
            }
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(refuse(&at, "a file is in the way of a folder")),
            Err(_) => std::fs::create_dir(&at)
                .map_err(|e| refuse(&at, &format!("cannot create the folder: {e}")))?,
        }
    }
    at.push(name);
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&at)
        .map_err(|e| refuse(&at, &e.to_string()))
}

/// The JSON Schema of `show --json`.
pub(crate) fn json_schema() -> schemars::Schema {
    schemars::schema_for!(Out<'static>)
}

#[cfg(test)]
mod tests {
    use super::create_inside;

    #[test]
    fn never_writes_through_a_symlink() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        // A link where a folder goes, and one where the file goes.
        std::os::unix::fs::symlink(&elsewhere, target.join("site")).unwrap();
        std::os::unix::fs::symlink(elsewhere.join("f"), target.join("f")).unwrap();
        let e = create_inside(&target, "site/index.html").unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert!(create_inside(&target, "f").is_err());
        assert!(std::fs::read_dir(&elsewhere).unwrap().next().is_none());
        // An ordinary path is created, folders and all.
        create_inside(&target, "a/b/c.txt").unwrap();
        assert!(target.join("a/b/c.txt").is_file());
    }
}
