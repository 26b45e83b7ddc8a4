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

fn target(name: &str, v: &str) -> String {
    format!("{name}@v{}", v.trim_start_matches('v'))
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    let ledger = ctx.ledger()?;
    let snap = ctx.load(&ledger)?;
    let a = resolve(&snap, &target(&args.deliverable, &args.from))?;
    let b = resolve(&snap, &target(&args.deliverable, &args.to))?;
    let changes = crate::content::changes(&a.request.files, &b.request.files);
    if ctx.out.json {
        #[derive(Serialize)]
        struct Out {
            from: String,
            to: String,
            same_content: bool,
            changes: Vec<crate::content::FileChange>,
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
