//! `signoff report`: deliverables, versions, states, decisions and
//! turnaround times, as a table, Markdown, HTML, JSON or CSV.

use serde::Serialize;

use super::{Ctx, human_time, parse_when};
use crate::clock::now;
use crate::error::{CliError, Result};
use crate::events::renderer_for;
use crate::ops::report::{Filter, Row};

/// Report on requests: who decided what and when, and how long it took.
///
/// Lists every version of every deliverable (newest first within a
/// deliverable) unless filtered. Turnaround is the time from the request to
/// the decision that settled it; first response is the time to the first
/// decision. md and html render the templates report.md / report.html
/// (a repository overrides them in .signoff/templates/).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  signoff report --since 30d\n  signoff report --deliverable 'acme/**' --format csv > approvals.csv"
)]
pub struct Args {
    /// Only deliverables whose name matches this glob (e.g. "acme/**").
    #[arg(long, value_name = "GLOB", add = crate::complete::deliverable())]
    pub deliverable: Option<String>,
    /// Only requests in this state (pending, approved, changes-requested, …).
    #[arg(long, value_name = "STATE")]
    pub state: Option<String>,
    /// Only requests made on or after this date, or within this long (a
    /// duration such as 48h or 2d means that long ago).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Only requests made before this date.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only the newest version of each deliverable.
    #[arg(long)]
    pub latest: bool,
    /// Output format (--json is the same as --format json).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Md,
    Html,
    Json,
    Csv,
}

/// What `report --json` prints.
#[derive(schemars::JsonSchema, Serialize)]
struct JsonOut {
    generated_at: String,
    requests: Vec<Row>,
}

/// The JSON Schema of `report --json`.
pub(crate) fn json_schema() -> schemars::Schema {
    schemars::schema_for!(JsonOut)
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    let format = if ctx.out.json {
        Format::Json
    } else {
        args.format
    };
    let glob = args
        .deliverable
        .as_deref()
        .map(|g| {
            globset::GlobBuilder::new(g)
                .literal_separator(true)
                .build()
                .map(|g| g.compile_matcher())
                .map_err(|e| CliError::usage(format!("invalid --deliverable glob {g:?}: {e}")))
        })
        .transpose()?;
    let filter = Filter {
        deliverable: glob,
        state: args.state.clone(),
        since: args
            .since
            .as_deref()
            .map(|s| super::parse_since(s, "--since"))
            .transpose()?,
        until: args
            .until
            .as_deref()
            .map(|s| parse_when(s, "--until"))
            .transpose()?,
        latest: args.latest,
    };
    let ledger = ctx.ledger()?;
    // The whole store's records, kept until the process ends: freeing them
    // one by one on the way out was an eighth of a whole-store report.
    let snap = std::mem::ManuallyDrop::new(ctx.load(&ledger)?);
    ctx.page(&ledger.store);
    let rows = crate::ops::report::rows(&snap, &filter);
    let filters: Vec<String> = [
        args.deliverable
            .as_ref()
            .map(|d| format!("deliverable {d}")),
        args.state.as_ref().map(|s| format!("state {s}")),
        args.since.as_ref().map(|s| format!("since {s}")),
        args.until.as_ref().map(|s| format!("until {s}")),
        args.latest.then(|| "latest versions".to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    match format {
        Format::Json => {
            ctx.out.json(&JsonOut {
                generated_at: now().to_string(),
                requests: rows,
            })?;
        }
        Format::Md | Format::Html => {
            let name = if format == Format::Md {
                "report.md"
            } else {
                "report.html"
            };
            let text = renderer_for(&ledger.store).render(
                name,
                &serde_json::json!({
                    "generated_at": now().to_string(),
                    "filters": filters.join(", "),
                    "rows": rows,
                }),
            )?;
            ctx.out.print(&text)?;
        }
        Format::Csv => ctx.out.print(&csv(&rows))?,
        Format::Table => {
            if rows.is_empty() {
                ctx.out.note("nothing to report");
                return Ok(0);
            }
            ctx.out.print(&table(ctx, &rows))?;
        }
    }
    Ok(0)
}

/// The rows as CSV, one decision list per cell.
fn csv(rows: &[Row]) -> String {
    let mut s = String::from(
        "deliverable,version,request,state,requested_by,requested_at,due,decisions,first_response_seconds,turnaround_seconds\n",
    );
    for r in rows {
        let decisions = r
            .decisions
            .iter()
            .map(|d| format!("{} {} {}", d.person, d.verdict, d.at))
            .collect::<Vec<_>>()
            .join("; ");
        let fields = [
            r.deliverable.clone(),
            r.version.to_string(),
            r.request.clone(),
            r.state.as_str().to_string(),
            r.requested_by.clone(),
            r.requested_at.clone(),
            r.due.clone().unwrap_or_default(),
            decisions,
            r.first_response_seconds
                .map(|x| x.to_string())
                .unwrap_or_default(),
            r.turnaround_seconds
                .map(|x| x.to_string())
                .unwrap_or_default(),
        ];
        s.push_str(
            &fields
                .iter()
                .map(|f| crate::text::csv_cell(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        s.push('\n');
    }
    s
}

/// The rows as a terminal table.
fn table(ctx: &Ctx, rows: &[Row]) -> String {
    ctx.out.table(
        &[
            "deliverable",
            "ver",
            "state",
            "requested",
            "decisions",
            "turnaround",
        ],
        rows.iter()
            .map(|r| {
                vec![
                    r.deliverable.clone(),
                    format!("v{}", r.version),
                    ctx.out.state(r.state.as_str()),
                    format!("{} {}", human_time(&r.requested_at), r.requested_by),
                    r.decisions
                        .iter()
                        .map(|d| {
                            let by = d
                                .entered_by
                                .as_ref()
                                .map(|b| format!(" (entered by {b})"))
                                .unwrap_or_default();
                            format!("{} {}{by} {}", d.person, d.verdict, human_time(&d.at))
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                    r.turnaround.clone().unwrap_or_else(|| "—".into()),
                ]
            })
            .collect(),
    )
}
