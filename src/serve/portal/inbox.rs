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
use crate::state::{self, State};

/// GET of an inbox link: every request that waits on the person, each
/// with a fresh decision link.
pub fn inbox_page(app: &App, token: &str) -> Page {
    let brand = &app.brand;
    let claims = match check_token(app, token, link::KIND_INBOX) {
        Ok(c) => c,
        Err(r) => return r.page(brand),
    };
    let snap = match app.ledger().and_then(|l| app.snapshot(&l)) {
        Ok(s) => s,
        Err(e) => return trouble(brand, &e),
    };
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
    for rr in snap.requests.values() {
        if snap.is_superseded(&rr.request) {
            continue;
        }
        let ev = state::evaluate(policy, rr, false);
        let waits = ev.state == State::Pending
            && !ev.latest.contains_key(&claims.person)
            && ev
                .needs
                .iter()
                .any(|n| n.waiting_on.contains(&claims.person));
        if !waits {
            continue;
        }
        let c = Claims::decide(
            &snap.info.store_id,
            &rr.request.id,
            &rr.request.content,
            &claims.person,
            claims.expires,
        );
        items.push(json!({
            "deliverable": rr.request.deliverable,
            "version": snap.version_of(&rr.request),
            "message": rr.request.message,
            "due": rr.request.due.as_deref().map(crate::clock::human_time),
            "requester": crate::notify::person_view(policy, &rr.request.by).name,
            "url": format!("/d/{}", link::mint(&app.key.signing, &c)),
        }));
    }
    let ctx = json!({
        "person": crate::notify::person_view(policy, &claims.person),
        "items": items,
    });
    Page::render(brand, "serve/inbox.html", ctx)
}
