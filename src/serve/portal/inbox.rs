//! The per-person inbox: every request that waits on one person, each with
//! a freshly minted decision link and its deadline; the requests they were
//! asked about that others already decided (naming who, since under "any
//! one of" rules one person decides for the group); and the history of
//! their own decisions (what, when, which version; one entered for them
//! says so, in the words `views::Viewer::said` gives). An inbox link is a
//! standing credential, so it is honoured only while the policy still
//! gives that person the email the link was sent to; that is why it checks
//! the address, not just the signature. It only reads and mints links: it
//! must not decide or write anything, the links it mints carry its own
//! expiry, never a longer one, and it never shows comments (internal ones
//! least of all).

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::guard::{access_refusal, check_token};
use super::kit::{Page, trouble};
use crate::ledger::Snapshot;
use crate::link::{self, Claims};
use crate::policy::Policy;
use crate::serve::App;
use crate::state::{self, RequestRecords, State, deadlines};

/// Most entries in each of the "already decided" and history lists.
const MAX_LISTED: usize = 50;

/// GET of an inbox link: every request that waits on the person, each
/// with a fresh decision link, then what others decided and their own
/// decisions.
pub fn inbox_page(app: &App, token: &str) -> Page {
    let brand = &app.brand;
    let claims = match check_token(app, token, link::KIND_INBOX) {
        Ok(c) => c,
        Err(r) => return r.page(brand),
    };
    // Where every deliverable stands, from the index: the waiting list
    // reads the pending ones only, not every record of the store.
    let ledger = match app.ledger() {
        Ok(l) => l,
        Err(e) => return trouble(brand, &e),
    };
    let overview = match ledger.overview(true, false) {
        Ok(o) => o,
        Err(e) => return trouble(brand, &e.into()),
    };
    let snap = &overview.head;
    let policy = snap.policy();
    let current_email = policy.person(&claims.person).map(|p| p.email.as_str());
    if claims.store != snap.info.store_id || current_email != Some(claims.email.as_str()) {
        return Page::message(
            brand,
            StatusCode::FORBIDDEN,
            "This inbox link is no longer valid",
            "It was issued for another project or another email address. Ask the sender for a new link.",
        );
    }
    // After their access ends, the inbox shows only that, and whom to ask.
    if let Some(r) = access_refusal(snap, &claims.person, None) {
        return r.page(brand);
    }
    let me = Some(claims.person.as_str());
    let mut items = Vec::new();
    for v in overview.deliverables.iter().filter_map(|(_, v)| v.last()) {
        let ev = &v.evaluation;
        let waits = crate::views::waits_on(ev, &claims.person);
        if !waits {
            continue;
        }
        let c = Claims::decide(
            &snap.info.store_id,
            &v.request.id,
            &v.request.content,
            &claims.person,
            &claims.email,
            claims.expires,
        );
        items.push(json!({
            "request": v.request.id,
            "deliverable": v.request.deliverable,
            "title": crate::notify::title_of(&v.request),
            "version": v.version,
            "message": v.request.message,
            "due": deadlines::due_text(policy, &v.request, me),
            "due_iso": deadlines::due_for(policy, &v.request, me).map(|t| t.to_string()),
            "overdue": deadlines::overdue_for(policy, &v.request, me, crate::clock::now()),
            "requester": crate::notify::person_view(policy, &v.request.by).name,
            "url": format!("/d/{}", link::mint(&app.key.signing, &c)),
        }));
    }
    // What others decided and the person's own history need the records
    // themselves: the server's verified snapshot (kept between requests).
    let full = match app.snapshot(&ledger) {
        Ok(full) => full,
        Err(e) => return trouble(brand, &e),
    };
    for item in &mut items {
        let so_far = item["request"]
            .as_str()
            .and_then(|id| full.requests.get(id))
            .map(|rr| decisions_so_far(&full, rr, &claims.person))
            .unwrap_or_default();
        item["so_far"] = json!(so_far);
    }
    let waiting: Vec<&str> = items.iter().filter_map(|i| i["request"].as_str()).collect();
    let decided = decided_by_others(&full, &claims.person, &waiting);
    let history = own_decisions(&full, &claims.person);
    let ctx = json!({
        "person": crate::notify::person_view(policy, &claims.person),
        "items": items,
        "decided": decided,
        "history": history,
    });
    Page::render(brand, "serve/inbox.html", ctx)
}

/// Whether one approval (the person's, or a fellow reviewer's) settles
/// what `person` was asked for on `rr`: a quorum of one among several
/// reviewers, or one member of a group they share with others (asked by
/// the request, `--to group`, or required by a stage of the rule).
fn any_one_of(policy: &Policy, rr: &RequestRecords, person: &str) -> bool {
    let req = &rr.request;
    if req.reviewers.iter().any(|r| r == person) {
        return req.quorum == Some(1) && req.reviewers.len() > 1;
    }
    let one_of_many = |group: &str, count: u32| {
        let members = policy.members(group);
        count == 1 && members.len() > 1 && members.iter().any(|m| m == person)
    };
    if req.groups.iter().any(|g| one_of_many(&g.group, g.count)) {
        return true;
    }
    policy
        .rule_for(&req.deliverable)
        .effective_stages()
        .iter()
        .flat_map(|s| s.require.iter())
        .any(|r| one_of_many(&r.group, r.count))
}

/// Each person's latest decision on `rr` (withdrawals aside) that `viewer`
/// may read (see `views::Viewer`): who, what, when.
fn decisions_so_far(snap: &Snapshot, rr: &RequestRecords, viewer: &str) -> Vec<Value> {
    let ev = state::evaluate(snap.policy(), rr, snap.is_superseded(&rr.request));
    let viewer = crate::views::Viewer::new(snap.policy(), &rr.request.deliverable, viewer);
    ev.latest
        .values()
        .filter_map(|id| rr.decisions.iter().find(|d| &d.id == id))
        .filter(|d| d.decision != crate::record::Verdict::Withdraw && viewer.sees_decision(d))
        .map(|d| {
            json!({
                "said": viewer.said(d, None),
                "who": crate::notify::person_view(snap.policy(), state::decider(d)).name,
                "past": d.decision.past(),
                "at": crate::clock::utc_time(&d.at),
                "at_iso": d.at,
            })
        })
        .collect()
}

/// The newest version of each deliverable `person` was asked about, has
/// not decided themselves, and others have (as far as `person` may read
/// them): who decided what, and when. A request still `waiting` on them
/// is theirs to decide, never "already decided".
fn decided_by_others(snap: &Snapshot, person: &str, waiting: &[&str]) -> Vec<Value> {
    let policy = snap.policy();
    let mut out = Vec::new();
    for name in snap.deliverables() {
        let Some(rr) = snap.versions(&name).last().copied() else {
            continue;
        };
        let ev = state::evaluate(policy, rr, snap.is_superseded(&rr.request));
        if rr.request.draft
            || waiting.contains(&rr.request.id.as_str())
            || ev.state == State::Withdrawn
            || !crate::notify::asked(policy, rr, &ev).contains(person)
            || rr.decisions.iter().any(|d| state::decider(d) == person)
        {
            continue;
        }
        let by = decisions_so_far(snap, rr, person);
        if by.is_empty() {
            continue;
        }
        out.push(json!({
            "title": crate::notify::title_of(&rr.request),
            "version": snap.version_of(&rr.request),
            "state": ev.state.as_str(),
            "any_one": any_one_of(policy, rr, person),
            "by": by,
        }));
    }
    out.truncate(MAX_LISTED);
    out
}

/// Every decision `person` made (theirs, or entered for them), newest
/// first: what, on which version, and when.
fn own_decisions(snap: &Snapshot, person: &str) -> Vec<Value> {
    let mut mine: Vec<(&crate::record::Decision, &RequestRecords)> = snap
        .requests
        .values()
        .flat_map(|rr| rr.decisions.iter().map(move |d| (d, rr)))
        .filter(|(d, _)| {
            state::decider(d) == person && d.decision != crate::record::Verdict::Withdraw
        })
        .collect();
    mine.sort_by(|a, b| b.0.at.cmp(&a.0.at).then_with(|| b.0.id.cmp(&a.0.id)));
    mine.into_iter()
        .take(MAX_LISTED)
        .map(|(d, rr)| {
            let viewer = crate::views::Viewer::new(snap.policy(), &rr.request.deliverable, person);
            let what = format!(
                "{} v{}",
                crate::notify::title_of(&rr.request),
                snap.version_of(&rr.request)
            );
            json!({
                "said": viewer.said(d, Some(&what)),
                "title": crate::notify::title_of(&rr.request),
                "version": snap.version_of(&rr.request),
                "past": d.decision.past(),
                "at": crate::clock::utc_time(&d.at),
                "at_iso": d.at,
                "comment": d.comment,
            })
        })
        .collect()
}
