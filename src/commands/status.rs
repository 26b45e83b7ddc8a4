//! `signoff status` and `signoff list`: where deliverables stand.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Ctx, human_time};
use crate::error::{CliError, Result};
use crate::ledger::{Ledger, Line, Snapshot, Version, whoami};
use crate::state::{self, Evaluation, State};

/// Show where deliverables stand.
///
/// For each deliverable: the state of its newest request, who is waiting, and
/// (for one deliverable) whether the content changed since it was requested.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  signoff status\n  signoff status acme/logo --json | jq .state"
)]
pub struct StatusArgs {
    /// One deliverable (default: all).
    #[arg(add = crate::complete::deliverable())]
    pub deliverable: Option<String>,
}

/// List requests, newest version of each deliverable.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  signoff list --pending")]
pub struct ListArgs {
    /// Only requests still waiting for decisions.
    #[arg(long)]
    pub pending: bool,
    /// Only requests waiting on me.
    #[arg(long)]
    pub mine: bool,
    /// Only deliverables whose name matches this glob (e.g. "acme/**").
    #[arg(long, value_name = "GLOB")]
    pub deliverable: Option<String>,
    /// Include superseded versions too.
    #[arg(long)]
    pub all: bool,
}

/// One row of status or list output.
#[derive(schemars::JsonSchema, Debug, Serialize)]
pub struct Row {
    pub deliverable: String,
    pub request_version: usize,
    pub request: String,
    /// The same as the evaluation's `state` (flattened below), which is the
    /// one written: a JSON object names a key once.
    #[serde(skip)]
    #[schemars(skip)]
    pub state: State,
    /// `Some(true)` when the content in the repository differs from the request.
    pub stale: Option<bool>,
    pub summary: String,
    pub requested_by: String,
    pub requested_at: String,
    pub due: Option<String>,
    #[serde(flatten)]
    pub evaluation: Evaluation,
}

fn row(snap: &Snapshot, rr: &state::RequestRecords) -> Row {
    let req = &rr.request;
    let superseded = snap.is_superseded(req);
    row_of(Version {
        request: req.clone(),
        version: snap.version_of(req),
        superseded,
        evaluation: state::evaluate(snap.policy(), rr, superseded),
    })
}

fn row_of(v: Version) -> Row {
    let req = v.request;
    Row {
        deliverable: req.deliverable,
        request_version: v.version,
        request: req.id,
        state: v.evaluation.state,
        stale: None,
        summary: v.evaluation.summary(),
        requested_by: req.by,
        requested_at: req.at,
        due: req.due,
        evaluation: v.evaluation,
    }
}

fn print_rows(ctx: &Ctx, rows: Vec<Row>, key: &str) -> Result<()> {
    if ctx.out.json {
        return ctx.out.json_rows(key, rows);
    }
    print_table(
        ctx,
        rows.into_iter()
            .map(|r| {
                let state = r.state;
                (
                    r.deliverable,
                    Line {
                        version: r.request_version,
                        state,
                        by: r.requested_by,
                        at: r.requested_at,
                        due: r.due,
                        summary: r.summary,
                    },
                    r.stale == Some(true),
                )
            })
            .collect(),
    )
}

/// The table of `rows` (each a deliverable, its version's line, and
/// whether its content changed since).
fn print_table(ctx: &Ctx, rows: Vec<(String, Line, bool)>) -> Result<()> {
    if rows.is_empty() {
        ctx.out.note("nothing to show");
        return Ok(());
    }
    // A due column only when some row has a due date.
    let with_due = rows.iter().any(|(_, l, _)| l.due.is_some());
    let mut header = vec!["deliverable", "ver", "state", "requested", "by"];
    if with_due {
        header.push("due");
    }
    header.push("summary");
    // One time zone for every row (each lookup of the system's costs).
    let tz = crate::clock::local_zone();
    // Requests made together show the same time: each is worded once.
    let mut last: (String, String) = (String::new(), String::new());
    let mut time = |t: &str| {
        if last.0 != t {
            last = (t.to_owned(), crate::clock::human_time_in(t, &tz));
        }
        last.1.clone()
    };
    let cells = rows
        .into_iter()
        .map(|(deliverable, l, stale)| {
            let mut state = ctx.out.state(l.state.as_str());
            if stale {
                state = format!("{state}, {}", ctx.out.state("stale"));
            }
            let mut row = Vec::with_capacity(header.len());
            row.extend([
                deliverable,
                format!("v{}", l.version),
                state,
                time(&l.at),
                l.by,
            ]);
            if with_due {
                row.push(l.due.as_deref().map(super::human_due).unwrap_or_default());
            }
            row.push(l.summary);
            row
        })
        .collect();
    ctx.out.print_table(&header, cells)
}

fn with_stale(ledger: &Ledger, mut r: Row, snap: &Snapshot) -> Row {
    let rr = &snap.requests[&r.request];
    if let Ok(Some(now)) = ledger.current_content(&rr.request, None) {
        r.stale = Some(now != rr.request.content);
        if r.stale == Some(true) {
            r.summary = format!(
                "{}; content changed since v{} was requested",
                r.summary, r.request_version
            );
        }
    }
    r
}

pub fn run_status(ctx: &Ctx, args: &StatusArgs) -> Result<u8> {
    let mut ledger = ctx.ledger()?;
    if let Some(name) = &args.deliverable {
        ledger = ledger.scoped(name);
    }
    let Some(name) = &args.deliverable else {
        if !ctx.out.json {
            // A table shows each version's line: read without the versions.
            let listing = ctx.listing(&ledger, false, false)?;
            return print_table(
                ctx,
                listing
                    .deliverables
                    .into_iter()
                    .filter_map(|(d, mut lines)| lines.pop().map(|l| (d, l, false)))
                    .collect(),
            )
            .map(|()| 0);
        }
        let overview = ctx.overview(&ledger, false, false)?;
        let rows: Vec<Row> = overview
            .deliverables
            .into_iter()
            .filter_map(|(_, mut versions)| versions.pop().map(row_of))
            .collect();
        print_rows(ctx, rows, "deliverables")?;
        return Ok(0);
    };
    let snap = ctx.load(&ledger)?;
    {
        let rr = super::resolve(&snap, name)?;
        let r = with_stale(&ledger, row(&snap, rr), &snap);
        if ctx.out.json {
            return ctx.out.json(&r).map(|()| 0);
        }
        let mut text = format!(
            "{} v{}: {}{}\n  {}\n  requested by {} at {}\n",
            r.deliverable,
            r.request_version,
            ctx.out.state(r.state.as_str()),
            if r.stale == Some(true) { ", stale" } else { "" },
            r.summary,
            r.requested_by,
            human_time(&r.requested_at)
        );
        if let Some(due) = &r.due {
            let _ = writeln!(text, "  due {}", super::human_due(due));
        }
        for (person, id) in &r.evaluation.latest {
            if let Some(d) = rr.decisions.iter().find(|d| &d.id == id) {
                let _ = writeln!(
                    text,
                    "  {person}: {}{}{}",
                    d.decision.past(),
                    match &d.on_behalf_of {
                        Some(_) => format!(" (entered by {})", d.by),
                        None => String::new(),
                    },
                    if d.comment.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", crate::text::one_line(&d.comment))
                    }
                );
            }
        }
        for i in &r.evaluation.ignored {
            let entered = i
                .entered_by
                .as_ref()
                .map(|b| format!(" entered by {b}"))
                .unwrap_or_default();
            let _ = writeln!(text, "  {}: not counted ({}{entered})", i.person, i.reason);
        }
        ctx.out.print(&text)?;
    }
    Ok(0)
}

pub fn run_list(ctx: &Ctx, args: &ListArgs) -> Result<u8> {
    let ledger = ctx.ledger()?;
    let matcher = args
        .deliverable
        .as_deref()
        .map(|g| {
            globset::GlobBuilder::new(g)
                .literal_separator(true)
                .build()
                .map(|g| g.compile_matcher())
                .map_err(|e| {
                    CliError::usage(format!("invalid --deliverable glob {g:?}: {e}"))
                        .hint("use * within one name part and ** across parts, e.g. \"acme/**\"")
                })
        })
        .transpose()?;
    let keep = |d: &str| matcher.as_ref().is_none_or(|m| m.is_match(d));
    if !ctx.out.json && !args.mine {
        // A table shows each version's line: read without the versions.
        let listing = ctx.listing(&ledger, args.pending, args.all)?;
        let mut rows = Vec::new();
        for (d, lines) in listing.deliverables {
            if !keep(&d) {
                continue;
            }
            for l in lines {
                if args.pending && l.state != State::Pending {
                    continue;
                }
                rows.push((d.clone(), l, false));
            }
        }
        print_table(ctx, rows)?;
        return Ok(0);
    }
    let overview = ctx.overview(&ledger, args.pending || args.mine, args.all)?;
    let me = if args.mine {
        let signer = ctx.signer(&ledger.store)?;
        Some(whoami(
            &overview.head,
            &signer,
            ledger.store.config_string("signoff.person"),
        )?)
    } else {
        None
    };
    let mut rows = Vec::new();
    for (d, versions) in overview.deliverables {
        if !keep(&d) {
            continue;
        }
        for v in versions {
            let r = row_of(v);
            if (args.pending || args.mine) && r.state != State::Pending {
                continue;
            }
            if let Some(me) = &me {
                let waiting = crate::views::waits_on(&r.evaluation, me);
                if !waiting {
                    continue;
                }
            }
            rows.push(r);
        }
    }
    print_rows(ctx, rows, "requests")?;
    Ok(0)
}

/// The JSON Schemas of `status NAME --json` (one row), `status --json`
/// (`deliverables`) and `list --json` (`requests`).
pub(crate) fn json_schemas() -> [(&'static str, schemars::Schema); 3] {
    #[derive(schemars::JsonSchema)]
    #[allow(dead_code)]
    struct All {
        deliverables: Vec<Row>,
    }
    #[derive(schemars::JsonSchema)]
    #[allow(dead_code)]
    struct List {
        requests: Vec<Row>,
    }
    [
        ("status-one", schemars::schema_for!(Row)),
        ("status", schemars::schema_for!(All)),
        ("list", schemars::schema_for!(List)),
    ]
}
