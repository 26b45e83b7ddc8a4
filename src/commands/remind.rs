//! `signoff remind`: email reviewers whose decision is due soon or overdue
//! (the round is `ops::remind`; this file reads the options and words
//! the outcome).

use serde::Serialize;

use super::{Ctx, parse_duration};
use crate::error::Result;
use crate::ops::remind::{self, Options, Outcome, RemindError};

/// Email reviewers of pending requests that are due soon or overdue.
///
/// Only people the request still waits on are reminded, and nobody twice
/// about the same request within the interval (state kept in
/// .git/signoff/reminders.json). Safe to run from cron: it never prompts,
/// exits 0 when there is nothing to do, and two overlapping runs do not
/// both send.
///
/// Defaults come from git config signoff.remindWithin (2d) and
/// signoff.remindInterval (1d). Durations: 30m, 12h, 2d, 1w.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Remind about requests due within this long from now (and overdue ones).
    #[arg(long, value_name = "DURATION")]
    pub within: Option<String>,
    /// Do not remind the same person about the same request more often.
    #[arg(long, value_name = "DURATION")]
    pub interval: Option<String>,
    /// Show who would be reminded; send nothing, record nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    let ledger = ctx.ledger()?;
    let store = &ledger.store;
    let within = match &args.within {
        Some(w) => parse_duration(w, "--within")?,
        None => parse_duration(
            &store
                .config_string("signoff.remindWithin")
                .unwrap_or_else(|| "2d".into()),
            "git config signoff.remindWithin",
        )?,
    };
    let interval = match &args.interval {
        Some(w) => parse_duration(w, "--interval")?,
        None => parse_duration(
            &store
                .config_string("signoff.remindInterval")
                .unwrap_or_else(|| "1d".into()),
            "git config signoff.remindInterval",
        )?,
    };
    let snap = ctx.load(&ledger)?;
    let opts = Options {
        within: secs_i64(within),
        interval: secs_i64(interval),
        dry_run: args.dry_run,
    };
    let Outcome { reminded, report } = match remind::remind(&ledger, &snap, opts) {
        Ok(o) => o,
        Err(RemindError::Busy) => {
            ctx.out
                .note("another 'signoff remind' is running; leaving this round to it");
            return Ok(0);
        }
        Err(RemindError::Io(e)) => return Err(e.into()),
        Err(RemindError::Render(e)) => return Err(e.into()),
    };
    ctx.report(&report);
    if ctx.out.json {
        #[derive(Serialize)]
        struct Out {
            reminded: Vec<remind::Reminded>,
            dry_run: bool,
            sent: usize,
            queued: usize,
        }
        return ctx
            .out
            .json(&Out {
                reminded,
                dry_run: args.dry_run,
                sent: report.sent,
                queued: report.queued,
            })
            .map(|()| 0);
    }
    if reminded.is_empty() {
        ctx.out.note("nobody to remind");
        return Ok(0);
    }
    let verb = if args.dry_run {
        "Would remind"
    } else {
        "Reminded"
    };
    for r in &reminded {
        ctx.out.print(&format!(
            "{verb} {} about {} v{} ({} {})",
            r.person,
            r.deliverable,
            r.request_version,
            if r.overdue { "overdue since" } else { "due" },
            r.shown
        ))?;
    }
    Ok(0)
}

fn secs_i64(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}
