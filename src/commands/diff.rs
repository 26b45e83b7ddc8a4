//! `signoff diff`: which files changed between two versions of a
//! deliverable, and (`--patch`) how their text changed.

use serde::Serialize;

use super::{Ctx, resolve};
use crate::error::Result;

/// Show which files changed between two versions of a deliverable.
///
/// With --patch, also how each text file changed, as `git diff` shows it
/// (binary files and files over 1 MiB are only named).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  signoff diff acme/logo v1 v2 --patch")]
pub struct Args {
    /// Deliverable name.
    #[arg(add = crate::complete::deliverable())]
    pub deliverable: String,
    /// The older version (v1, or 1).
    #[arg(add = crate::complete::version())]
    pub from: String,
    /// The newer version.
    #[arg(add = crate::complete::version())]
    pub to: String,
    /// Show the changes inside text files (unified diff).
    #[arg(long, short = 'p')]
    pub patch: bool,
}

/// Text files larger than this are named, not shown.
const MAX_PATCH_BYTES: u64 = 1 << 20;

/// The unified diff of one changed file, when both sides (that exist) are
/// text; `None` for binary or very large files.
fn patch_of(
    ledger: &crate::ledger::Ledger,
    from: &[crate::record::ManifestEntry],
    to: &[crate::record::ManifestEntry],
    path: &str,
) -> Result<Option<String>> {
    let side = |files: &[crate::record::ManifestEntry]| -> Result<Option<String>> {
        let Some(f) = files.iter().find(|f| f.path == path) else {
            return Ok(Some(String::new()));
        };
        if f.size > MAX_PATCH_BYTES {
            return Ok(None);
        }
        let bytes = ledger.store.read_blob(&f.blob)?;
        Ok(String::from_utf8(bytes).ok().filter(|t| !t.contains('\0')))
    };
    let (Some(old), Some(new)) = (side(from)?, side(to)?) else {
        return Ok(None);
    };
    Ok(Some(crate::content::unified_diff(path, &old, &new)))
}

fn target(name: &str, v: &str) -> String {
    format!("{name}@v{}", v.trim_start_matches('v'))
}

/// What `diff --json` prints.
#[derive(schemars::JsonSchema, Serialize)]
struct Out {
    /// The request id of the older version.
    from: String,
    /// The request id of the newer version.
    to: String,
    same_content: bool,
    changes: Vec<crate::content::FileChange>,
    /// With --patch: the unified diff of each changed text file.
    #[serde(skip_serializing_if = "Option::is_none")]
    patches: Option<std::collections::BTreeMap<String, String>>,
}

/// The JSON Schema of `diff --json`.
pub(crate) fn json_schema() -> schemars::Schema {
    schemars::schema_for!(Out)
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    let ledger = ctx.ledger()?;
    if args.patch {
        ctx.page(&ledger.store);
    }
    let snap = ctx.load(&ledger)?;
    let a = resolve(&snap, &target(&args.deliverable, &args.from))?;
    let b = resolve(&snap, &target(&args.deliverable, &args.to))?;
    let changes = crate::content::changes(&a.request.files, &b.request.files);
    if ctx.out.json {
        let patches = if args.patch {
            let mut m = std::collections::BTreeMap::new();
            for c in &changes {
                if let Some(p) = patch_of(&ledger, &a.request.files, &b.request.files, &c.path)? {
                    m.insert(c.path.clone(), p);
                }
            }
            Some(m)
        } else {
            None
        };
        return ctx
            .out
            .json(&Out {
                from: a.request.id.clone(),
                to: b.request.id.clone(),
                same_content: a.request.content == b.request.content,
                changes,
                patches,
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
    if args.patch {
        for c in &changes {
            match patch_of(&ledger, &a.request.files, &b.request.files, &c.path)? {
                // Each line escaped: a file's bytes are not the terminal's.
                Some(p) => {
                    for line in p.lines() {
                        ctx.out.line(line)?;
                    }
                }
                None => ctx
                    .out
                    .line(&format!("Binary or large file {} differs", c.path))?,
            }
        }
    }
    Ok(0)
}
