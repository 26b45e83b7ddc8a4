//! `signoff diff`: which files changed between two versions of a deliverable.

use serde::Serialize;

use super::{Ctx, resolve};
use crate::error::Result;

/// Show which files changed between two versions of a deliverable.
///
/// Example: signoff diff acme/logo v1 v2
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Deliverable name.
    pub deliverable: String,
    /// The older version (v1, or 1).
    pub from: String,
    /// The newer version.
    pub to: String,
}

#[derive(Serialize)]
struct FileChange {
    path: String,
    /// `added`, `removed` or `modified` (the JSON field is `change`).
    #[serde(rename = "change")]
    kind: &'static str,
    from_size: Option<u64>,
    to_size: Option<u64>,
}

fn target(name: &str, v: &str) -> String {
    format!("{name}@v{}", v.trim_start_matches('v'))
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    let ledger = ctx.ledger()?;
    let snap = ctx.load(&ledger)?;
    let a = resolve(&snap, &target(&args.deliverable, &args.from))?;
    let b = resolve(&snap, &target(&args.deliverable, &args.to))?;
    let mut changes = Vec::new();
    for f in &a.request.files {
        match b.request.files.iter().find(|g| g.path == f.path) {
            None => changes.push(FileChange {
                path: f.path.clone(),
                kind: "removed",
                from_size: Some(f.size),
                to_size: None,
            }),
            Some(g) if g.sha256 != f.sha256 => changes.push(FileChange {
                path: f.path.clone(),
                kind: "modified",
                from_size: Some(f.size),
                to_size: Some(g.size),
            }),
            Some(_) => {}
        }
    }
    for g in &b.request.files {
        if !a.request.files.iter().any(|f| f.path == g.path) {
            changes.push(FileChange {
                path: g.path.clone(),
                kind: "added",
                from_size: None,
                to_size: Some(g.size),
            });
        }
    }
    changes.sort_by(|x, y| x.path.cmp(&y.path));
    if ctx.out.json {
        #[derive(Serialize)]
        struct Out {
            from: String,
            to: String,
            same_content: bool,
            changes: Vec<FileChange>,
        }
        return ctx
            .out
            .json(&Out {
                from: a.request.id.clone(),
                to: b.request.id.clone(),
                same_content: a.request.content == b.request.content,
                changes,
            })
            .map(|()| 0);
    }
    if changes.is_empty() {
        ctx.out.print("no files changed (same content)")?;
        return Ok(0);
    }
    let mut text = String::new();
    for c in &changes {
        let mark = match c.kind {
            "added" => "A",
            "removed" => "D",
            _ => "M",
        };
        let sizes = match (c.from_size, c.to_size) {
            (Some(x), Some(y)) => format!("{x} -> {y} bytes"),
            (Some(x), None) => format!("{x} bytes"),
            (None, Some(y)) => format!("{y} bytes"),
            (None, None) => String::new(),
        };
        text.push_str(&format!("{mark}  {}  ({sizes})\n", c.path));
    }
    ctx.out.print(&text)?;
    Ok(0)
}
