//! `signoff report`: deliverables, versions, states, decisions and
//! turnaround times, as a table, Markdown, HTML, JSON or CSV.

use serde::Serialize;

use super::{Ctx, human_time, parse_when};
use crate::clock::now;
use crate::error::{CliError, Result};
use crate::events::renderer_for;
use crate::ledger::Snapshot;
use crate::record::Decision;
use crate::state::{self, Evaluation, RequestRecords, State};

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

/// One decision, as reports and certificates show it.
#[derive(schemars::JsonSchema, Debug, Clone, Serialize)]
pub struct DecisionView {
    pub id: String,
    pub person: String,
    pub person_name: String,
    pub email: String,
    pub verdict: String,
    pub at: String,
    pub comment: String,
    /// Signing key fingerprint / email link / on behalf, in words.
    pub how: String,
    pub via: String,
    pub key: String,
    pub entered_by: Option<String>,
    pub evidence: Option<String>,
    pub counted: bool,
    pub ignored_reason: Option<String>,
    pub path: String,
    /// The policy version the decision names as in effect where it was
    /// made, and the hash of that version's bytes (absent in older records).
    pub policy_version: Option<u32>,
    pub policy_hash: Option<String>,
    /// Whether that version and hash are the ones in this store's chain.
    pub policy_in_chain: bool,
    /// The principal whose key signed the record (the attesting server for
    /// an email-link decision): what `ssh-keygen -Y verify -I` needs.
    pub signer: String,
    /// For an email-link decision: what the server saw and showed.
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
    pub consent: Option<String>,
}

/// How a decision was made, in words.
#[must_use]
pub fn how(d: &Decision) -> String {
    if d.via == "link" {
        return format!("email link (attested by key {})", d.key);
    }
    match &d.on_behalf_of {
        Some(_) => format!(
            "entered by {} (key {}) on their behalf; evidence: {}",
            d.by,
            d.key,
            d.evidence.as_deref().unwrap_or("none given")
        ),
        None => format!("signed with key {}", d.key),
    }
}

/// The person whose key (by fingerprint) signs records, in any policy
/// version in effect: for a link decision, the attesting server.
#[must_use]
pub fn signer_of(snap: &Snapshot, fingerprint: &str) -> Option<String> {
    snap.chain.effective.iter().rev().find_map(|p| {
        p.people.iter().find_map(|person| {
            person
                .keys
                .iter()
                .any(|k| crate::sign::Key::parse(k).is_ok_and(|k| k.fingerprint() == fingerprint))
                .then(|| person.id.clone())
        })
    })
}

#[must_use]
pub fn decision_views(snap: &Snapshot, rr: &RequestRecords, ev: &Evaluation) -> Vec<DecisionView> {
    let policy = snap.policy();
    rr.decisions
        .iter()
        .map(|d| {
            let person = state::decider(d).to_string();
            let p = crate::notify::person_view(policy, &person);
            let ignored = ev.ignored.iter().find(|i| i.decision == d.id);
            let link = d.link.as_ref();
            let latest = ev.latest.get(&person) == Some(&d.id);
            let ignored_reason = if d.decision == crate::record::Verdict::Withdraw {
                Some("withdrawal of the request".to_string())
            } else if let Some(i) = ignored {
                Some(i.reason.clone())
            } else if ev.conflicts.contains(&person) {
                Some("conflicting decisions from the same person".to_string())
            } else if !latest {
                Some("replaced by a later decision".to_string())
            } else {
                None
            };
            DecisionView {
                id: d.id.clone(),
                person,
                person_name: p.name,
                email: p.email,
                verdict: d.decision.as_str().to_string(),
                at: d.at.clone(),
                comment: d.comment.clone(),
                how: how(d),
                via: d.via.clone(),
                key: d.key.clone(),
                entered_by: d.on_behalf_of.as_ref().map(|_| d.by.clone()),
                evidence: d.evidence.clone(),
                counted: ignored_reason.is_none(),
                ignored_reason,
                path: snap
                    .layout()
                    .decision_path(&d.deliverable, &d.request, &d.id),
                policy_version: d.policy_version,
                policy_hash: d.policy_hash.clone(),
                policy_in_chain: d.policy_version.is_some_and(|v| {
                    usize::try_from(v)
                        .ok()
                        .and_then(|v| snap.chain.hashes.get(v.checked_sub(1)?))
                        == d.policy_hash.as_ref()
                }),
                signer: signer_of(snap, &d.key).unwrap_or_else(|| d.by.clone()),
                client_ip: link.map(|l| l.client_ip.clone()),
                user_agent: link.map(|l| l.user_agent.clone()),
                consent: link.map(|l| l.consent.clone()).filter(|c| !c.is_empty()),
            }
        })
        .collect()
}

#[derive(schemars::JsonSchema, Debug, Serialize)]
struct Row {
    deliverable: String,
    version: usize,
    request: String,
    state: State,
    summary: String,
    requested_by: String,
    requested_at: String,
    due: Option<String>,
    decisions: Vec<DecisionView>,
    first_response: Option<String>,
    first_response_seconds: Option<i64>,
    turnaround: Option<String>,
    turnaround_seconds: Option<i64>,
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

use crate::clock::seconds as secs;

fn row(snap: &Snapshot, rr: &RequestRecords) -> Row {
    let req = &rr.request;
    let ev = state::evaluate(snap.policy(), rr, snap.is_superseded(req));
    let decisions = decision_views(snap, rr, &ev);
    let start = secs(&req.at);
    let first = decisions.iter().filter_map(|d| secs(&d.at)).min();
    let settling: Vec<&str> = match ev.state {
        State::Approved => ev.approvals.iter().map(String::as_str).collect(),
        State::ChangesRequested | State::Declined => {
            ev.blockers.iter().map(String::as_str).collect()
        }
        _ => Vec::new(),
    };
    let settled = decisions
        .iter()
        .filter(|d| d.counted && settling.contains(&d.person.as_str()))
        .filter_map(|d| secs(&d.at))
        .max();
    let first_s = start.zip(first).map(|(a, b)| b - a);
    let turn_s = start.zip(settled).map(|(a, b)| b - a);
    Row {
        deliverable: req.deliverable.clone(),
        version: snap.version_of(req),
        request: req.id.clone(),
        state: ev.state,
        summary: ev.summary(),
        requested_by: req.by.clone(),
        requested_at: req.at.clone(),
        due: req.due.clone(),
        decisions,
        first_response: first_s.map(|s| crate::clock::format_duration(s.unsigned_abs())),
        first_response_seconds: first_s,
        turnaround: turn_s.map(|s| crate::clock::format_duration(s.unsigned_abs())),
        turnaround_seconds: turn_s,
    }
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
    let since = args
        .since
        .as_deref()
        .map(|s| super::parse_since(s, "--since"))
        .transpose()?;
    let until = args
        .until
        .as_deref()
        .map(|s| parse_when(s, "--until"))
        .transpose()?;
    let ledger = ctx.ledger()?;
    let snap = ctx.load(&ledger)?;
    ctx.page(&ledger.store);
    let mut rows: Vec<Row> = Vec::new();
    for name in snap.deliverables() {
        if glob.as_ref().is_some_and(|g| !g.is_match(&name)) {
            continue;
        }
        let versions = snap.versions(&name);
        let take = if args.latest { 1 } else { versions.len() };
        for rr in versions.into_iter().rev().take(take) {
            let at = rr.request.at.parse::<jiff::Timestamp>().ok();
            if since.zip(at).is_some_and(|(s, a)| a < s)
                || until.zip(at).is_some_and(|(u, a)| a >= u)
            {
                continue;
            }
            let r = row(&snap, rr);
            if args.state.as_deref().is_some_and(|s| s != r.state.as_str()) {
                continue;
            }
            rows.push(r);
        }
    }
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
        Format::Csv => {
            let mut s = String::from(
                "deliverable,version,request,state,requested_by,requested_at,due,decisions,first_response_seconds,turnaround_seconds\n",
            );
            for r in &rows {
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
            ctx.out.print(&s)?;
        }
        Format::Table => {
            if rows.is_empty() {
                ctx.out.note("nothing to report");
                return Ok(0);
            }
            let table = ctx.out.table(
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
            );
            ctx.out.print(&table)?;
        }
    }
    Ok(0)
}
