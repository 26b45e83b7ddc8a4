//! A comment left on the email-link page without deciding. It is checked
//! like a decision (the link, the CSRF nonce, and [`link_target`] again
//! inside the write, so a closed or superseded request takes no comment),
//! and written through the one write path as a comment record signed by
//! the attestation key with the link's evidence. It does not use the link
//! up: the same link still decides afterwards. It must not write anything
//! but that comment, and a page comment is never internal.

use axum::http::StatusCode;
use serde_json::json;

use super::guard::{DecideInput, link_target};
use super::kit::{Page, Refusal, trouble};
use crate::link::Claims;
use crate::ops::comment::{self, CommentError, Commenter};
use crate::record::LinkEvidence;
use crate::serve::App;

/// Records `text` as `claims.person`'s comment (the POST's CSRF and the
/// link were checked by the caller), and says so.
pub(super) fn comment_post(app: &App, claims: &Claims, input: &DecideInput, text: &str) -> Page {
    let brand = &app.brand;
    if text.is_empty() {
        return Page::message(
            brand,
            StatusCode::BAD_REQUEST,
            "Write your comment first",
            "The comment box was empty. Go back to the page and try again. Nothing was recorded.",
        );
    }
    let ledger = match app.ledger() {
        Ok(l) => l,
        Err(e) => return trouble(brand, &e),
    };
    let who = Commenter::Link {
        signer: &app.key.signer,
        attester: &app.attester,
        person: &claims.person,
        evidence: LinkEvidence {
            token: input.token.clone(),
            client_ip: input.client_ip.clone(),
            user_agent: input.user_agent.clone(),
            // The page's consent statement is about deciding; a comment
            // decides nothing.
            consent: String::new(),
        },
    };
    match comment::comment(&ledger, &who, text, |snap| not_said_yet(snap, claims, text)) {
        Ok(done) => {
            for w in &done.notified.warnings {
                eprintln!("warning: {}", crate::text::one_line(w));
            }
            let ctx = json!({
                "heading": "Thank you: your comment is recorded",
                "message": format!(
                    "Your comment on {} was recorded on {} and sent to the people working on it. You have not decided yet: this link still works for your decision.",
                    done.label,
                    crate::clock::utc_time(&done.comment.at),
                ),
                "ok": true,
                "record": done.comment.id,
                "no_receipt": true,
                "back": format!("/d/{}", input.token),
            });
            Page::render(brand, "serve/message.html", ctx)
        }
        Err(CommentError::Target(r)) => r.page(brand),
        Err(CommentError::Empty) => Page::message(
            brand,
            StatusCode::BAD_REQUEST,
            "Write your comment first",
            "The comment box was empty. Nothing was recorded.",
        ),
        Err(CommentError::TooLong { .. }) => Page::message(
            brand,
            StatusCode::BAD_REQUEST,
            "The comment is too long",
            &format!(
                "Keep it under {} characters. Nothing was recorded.",
                crate::state::rules::MAX_COMMENT
            ),
        ),
        Err(CommentError::Ledger(e)) => super::kit::trouble_with(brand, &e.to_string()),
    }
}

/// The request `claims` may comment on in `snap` ([`link_target`]), unless
/// the same person already left this very comment through a link there: a
/// second press of the button (or a reload of the POST) adds nothing.
fn not_said_yet<'s>(
    snap: &'s crate::ledger::Snapshot,
    claims: &Claims,
    text: &str,
) -> Result<&'s crate::state::RequestRecords, Refusal> {
    let rr = link_target(snap, claims)?;
    let again = rr
        .comments
        .iter()
        .any(|c| c.by == claims.person && c.via == crate::link::VIA_LINK && c.comment == text);
    if again {
        return Err(Refusal::new(
            StatusCode::CONFLICT,
            "Your comment is already recorded",
            "The same comment from you is already on this version. Nothing new was recorded; your link still works for your decision.",
        ));
    }
    Ok(rr)
}
