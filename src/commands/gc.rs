//! `signoff gc`: git's housekeeping of the repository, now.

use serde::Serialize;

use super::Ctx;
use crate::error::Result;

/// Pack the repository's objects now (git gc).
///
/// Every write already starts git's own housekeeping (`git gc --auto`, by
/// git's thresholds gc.auto and gc.autoPackLimit) in the background, so a
/// busy store does not pile up loose objects. This runs `git gc` now, in
/// the foreground, through the system git, and prints the size of the git
/// folder before and after. git removes nothing reachable: only
/// unreachable objects older than gc.pruneExpire (two weeks by default).
/// Set gc.auto to 0 to turn the background housekeeping off, as in git.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  signoff gc\n  signoff gc --json")]
pub struct Args {}

#[derive(Serialize)]
struct Out {
    git_bytes_before: u64,
    git_bytes_after: u64,
}

pub fn run(ctx: &Ctx, _args: &Args) -> Result<u8> {
    let store = ctx.store()?;
    let packed = store.gc_now()?;
    if ctx.out.json {
        ctx.out.json(&Out {
            git_bytes_before: packed.before_bytes,
            git_bytes_after: packed.after_bytes,
        })?;
    } else {
        ctx.out.line(&format!(
            "packed the repository: .git {} → {}",
            megabytes(packed.before_bytes),
            megabytes(packed.after_bytes)
        ))?;
    }
    Ok(0)
}

fn megabytes(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let mb = bytes as f64 / 1e6;
    format!("{mb:.1} MB")
}
