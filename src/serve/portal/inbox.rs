//! The per-person inbox: every request that waits on one person, each with
//! a freshly minted decision link. An inbox link is a standing credential,
//! so it is honoured only while the policy still gives that person the
//! email the link was sent to; that is why it checks the address, not just
//! the signature. It only reads and mints links: it must not decide or
//! write anything, and the links it mints carry its own expiry, never a
//! longer one.

use axum::http::StatusCode;
use serde_json::json;

use super::decide::check_token;
use super::pages::{Page, trouble};
use crate::link::{self, Claims};
use crate::serve::App;
use crate::state::State;

/// GET of an inbox link: every request that waits on the person, each
/// with a fresh decision link.
pub fn inbox_page(app: &App, token: &str) -> Page {
    let brand = &app.brand;
    let claims = match check_token(app, token, link::KIND_INBOX) {
        Ok(c) => c,
        Err(r) => return r.page(brand),
    };
    // Where every deliverable stands, from the index: an inbox reads the
    // pending ones only, not every record of the store.
    let overview = match app
        .ledger()
        .and_then(|l| l.overview(true, false).map_err(Into::into))
    {
        Ok(o) => o,
        Err(e) => return trouble(brand, &e),
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
    let mut items = Vec::new();
    for v in overview.deliverables.iter().filter_map(|(_, v)| v.last()) {
        let ev = &v.evaluation;
        let rule = policy.rule_for(&v.request.deliverable);
        let waits = ev.state == State::Pending
            && !ev.latest.contains_key(&claims.person)
            && crate::state::rules::stage_not_open(policy, &rule, ev, &claims.person).is_none()
            && ev
                .needs
                .iter()
                .any(|n| n.waiting_on.contains(&claims.person));
        if !waits {
            continue;
        }
        let c = Claims::decide(
            &snap.info.store_id,
            &v.request.id,
            &v.request.content,
            &claims.person,
            claims.expires,
        );
        items.push(json!({
            "deliverable": v.request.deliverable,
            "version": v.version,
            "message": v.request.message,
            "due": v.request.due.as_deref().map(crate::clock::human_time),
            "requester": crate::notify::person_view(policy, &v.request.by).name,
            "url": format!("/d/{}", link::mint(&app.key.signing, &c)),
        }));
    }
    let ctx = json!({
        "person": crate::notify::person_view(policy, &claims.person),
        "items": items,
    });
    Page::render(brand, "serve/inbox.html", ctx)
}
