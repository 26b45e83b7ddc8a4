//! The report: every version of every deliverable a filter keeps, with
//! its state, its decisions (each with whether it counts, from
//! `views::decisions`) and turnaround times. Reads only; `report` and the
//! certificate word it.

use serde::Serialize;

use crate::clock::seconds as secs;
use crate::ledger::Snapshot;
use crate::record::Decision;
use crate::state::State;
use crate::views::VersionView;

// The decision view (`views::DecisionView`) with names, paths and signers
// looked up; its schema keeps the name it has always had in `certificate
// --json` (this doc comment is that schema's description).
/// One decision, as reports and certificates show it.
#[derive(schemars::JsonSchema, Debug, Clone, Serialize)]
#[schemars(rename = "DecisionView")]
pub struct DecisionRow {
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

/// The decisions of version `v`, as reports and certificates show them.
#[must_use]
pub fn decision_rows(snap: &Snapshot, v: &VersionView<'_>) -> Vec<DecisionRow> {
    let policy = snap.policy();
    v.decisions
        .iter()
        .map(|view| {
            let d = view.decision;
            let p = crate::notify::person_view(policy, view.person);
            let link = d.link.as_ref();
            DecisionRow {
                id: d.id.clone(),
                person: view.person.to_string(),
                person_name: p.name,
                email: p.email,
                verdict: d.decision.as_str().to_string(),
                at: d.at.clone(),
                comment: d.comment.clone(),
                how: how(d),
                via: d.via.clone(),
                key: d.key.clone(),
                entered_by: view.entered_by.map(str::to_string),
                evidence: d.evidence.clone(),
                counted: view.counted(),
                ignored_reason: view.not_counted.as_ref().map(ToString::to_string),
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

// One version in the report (no doc comment: it would become the
// description in the schema of `report --json`).
#[derive(schemars::JsonSchema, Debug, Serialize)]
pub struct Row {
    pub deliverable: String,
    pub version: usize,
    pub request: String,
    pub state: State,
    pub summary: String,
    pub requested_by: String,
    pub requested_at: String,
    pub due: Option<String>,
    pub decisions: Vec<DecisionRow>,
    pub first_response: Option<String>,
    pub first_response_seconds: Option<i64>,
    pub turnaround: Option<String>,
    pub turnaround_seconds: Option<i64>,
}

/// The report's row for version `v`.
#[must_use]
pub fn row(snap: &Snapshot, v: &VersionView<'_>) -> Row {
    let req = v.request();
    let ev = &v.evaluation;
    let decisions = decision_rows(snap, v);
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
        version: v.number,
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

/// Which versions a report keeps.
#[derive(Debug, Default)]
pub struct Filter {
    /// Only deliverables whose name this matches.
    pub deliverable: Option<globset::GlobMatcher>,
    /// Only requests in this state (its name, as `State::as_str`).
    pub state: Option<String>,
    /// Only requests made at or after this time.
    pub since: Option<jiff::Timestamp>,
    /// Only requests made before this time.
    pub until: Option<jiff::Timestamp>,
    /// Only the newest version of each deliverable.
    pub latest: bool,
}

/// The rows `filter` keeps: deliverables by name, newest version first
/// within each.
#[must_use]
pub fn rows(snap: &Snapshot, filter: &Filter) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for name in snap.deliverables() {
        if filter
            .deliverable
            .as_ref()
            .is_some_and(|g| !g.is_match(&name))
        {
            continue;
        }
        let versions = snap.versions(&name);
        let take = if filter.latest { 1 } else { versions.len() };
        for rr in versions.into_iter().rev().take(take) {
            let at = rr.request.at.parse::<jiff::Timestamp>().ok();
            if filter.since.zip(at).is_some_and(|(s, a)| a < s)
                || filter.until.zip(at).is_some_and(|(u, a)| a >= u)
            {
                continue;
            }
            let v = crate::views::version(snap, rr);
            if filter
                .state
                .as_deref()
                .is_some_and(|s| s != v.evaluation.state.as_str())
            {
                continue;
            }
            rows.push(row(snap, &v));
        }
    }
    rows
}
