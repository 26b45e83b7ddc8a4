//! The link guard: what a decision link may do on a verified snapshot,
//! shared by the decision page, the files, the inbox, the comment and the
//! POST, so that every way in refuses alike ([`check_token`],
//! [`decidable`], [`link_target`], and [`access_refusal`] once a person's
//! access has ended); the page's words for the rule owner's
//! refusals; the consent the page shows and records; and what a POST
//! carries. It asks `state::rules` and writes nothing.

use axum::http::StatusCode;

use super::kit::Refusal;
use crate::clock::now;
use crate::ledger::Snapshot;
use crate::link::{self, Claims, TokenError};
use crate::record::Verdict;
use crate::serve::App;
use crate::state::rules as decide_rules;
use crate::state::{self, RequestRecords, State};

/// Longest comment accepted.
pub use crate::state::rules::MAX_COMMENT;

/// Verifies a token's signature, kind and expiry.
pub(super) fn check_token(
    app: &App,
    token: &str,
    kind: &str,
) -> std::result::Result<Claims, Refusal> {
    let claims = link::verify(&app.key.verifying(), token).map_err(|e| match e {
        TokenError::Malformed => Refusal::new(
            StatusCode::BAD_REQUEST,
            "This link is incomplete",
            "The link may have been cut off or changed. Open it again from your email, or copy the whole address.",
        ),
        TokenError::Forged => Refusal::new(
            StatusCode::FORBIDDEN,
            "This link is not valid",
            "This server did not issue this link, or it was altered. Nothing was recorded.",
        ),
    })?;
    if claims.kind != kind {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "This link is not valid here",
            "Open the link from your email exactly as it was sent.",
        ));
    }
    if claims.expired(now().as_second()) {
        return Err(Refusal::new(
            StatusCode::GONE,
            "This link has expired",
            "Ask the sender for a new link. Nothing was recorded.",
        ));
    }
    Ok(claims)
}

/// Whether the decision link `claims` may be used on `snap`; the request.
pub(super) fn decidable<'s>(
    snap: &'s Snapshot,
    claims: &Claims,
) -> std::result::Result<&'s RequestRecords, Refusal> {
    if claims.store != snap.info.store_id {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "This link belongs to another approvals store",
            "It was issued for a different project. Nothing was recorded.",
        ));
    }
    if let Some(r) = access_refusal(
        snap,
        &claims.person,
        snap.requests
            .get(&claims.request)
            .map(|rr| rr.request.by.as_str()),
    ) {
        return Err(r);
    }
    // Bound to the address it was mailed to (as inbox links are).
    let current_email = snap
        .policy()
        .person(&claims.person)
        .map(|p| p.email.as_str());
    if current_email != Some(claims.email.as_str()) {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "This link is no longer valid",
            "It was sent to an email address the project no longer has for you. Ask the sender for a new link. Nothing was recorded.",
        ));
    }
    let Some(rr) = snap.requests.get(&claims.request) else {
        return Err(Refusal::new(
            StatusCode::NOT_FOUND,
            "This request was not found",
            "It may not have reached this server yet. Try again later or contact the sender.",
        ));
    };
    let req = &rr.request;
    let label = format!("{} v{}", req.deliverable, snap.version_of(req));
    if claims.content != req.content {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "This link is not valid",
            "It names content other than the request's. Nothing was recorded.",
        ));
    }
    if let Err(r) = decide_rules::link_refusal(snap.policy(), rr, &claims.id) {
        let mut r = refused(&label, snap.latest_version(&req.deliverable), &r);
        r.inbox_for = Some(claims.person.clone());
        return Err(r);
    }
    let ev = state::evaluate(snap.policy(), rr, snap.is_superseded(req));
    decide_rules::may_take_part(snap.policy(), rr, &ev, &claims.person).map_err(|r| {
        let label = format!("{} v{}", req.deliverable, snap.version_of(req));
        refused(&label, snap.latest_version(&req.deliverable), &r)
    })?;
    Ok(rr)
}

/// The page for `person` once their access has ended (judged by
/// `state::deadlines::access_ended` at the time of asking): every link and
/// their inbox show it, and nothing is recorded. It names when it ended, in their zone, and whom
/// to ask: `contact` (the requester of the link's request, or the store's
/// contact for the inbox), else the admins with an address.
pub(super) fn access_refusal(
    snap: &Snapshot,
    person: &str,
    contact: Option<&str>,
) -> Option<Refusal> {
    let policy = snap.policy();
    if !state::deadlines::access_ended(policy, person, now()) {
        return None;
    }
    let zone = policy.person(person).and_then(|p| p.tz.as_deref());
    let when = state::deadlines::access_until(policy, person).map_or_else(String::new, |t| {
        format!(" on {}", crate::clock::time_in_zone(&t.to_string(), zone))
    });
    let who: Vec<crate::notify::PersonView> = match contact {
        Some(c) => vec![crate::notify::person_view(policy, c)],
        None => policy
            .members(&policy.admins.group)
            .iter()
            .map(|a| crate::notify::person_view(policy, a))
            .collect(),
    };
    let mut r = Refusal::new(
        StatusCode::FORBIDDEN,
        "Your access has ended",
        format!("Your access to these approvals ended{when}. Nothing was recorded."),
    );
    r.contact = who
        .into_iter()
        .filter(|p| !p.email.is_empty())
        .map(|p| serde_json::json!({ "name": p.name, "email": p.email }))
        .collect();
    Some(r)
}

/// The request a decision link may decide on `snap`, checked again inside
/// the write: still decidable, and the link not expired meanwhile.
pub(super) fn link_target<'s>(
    snap: &'s Snapshot,
    claims: &Claims,
) -> std::result::Result<&'s RequestRecords, Refusal> {
    let rr = decidable(snap, claims)?;
    if claims.expired(now().as_second()) {
        return Err(Refusal::new(
            StatusCode::GONE,
            "This link has expired",
            "Ask the sender for a new link. Nothing was recorded.",
        ));
    }
    Ok(rr)
}

/// The page's words for a refusal from `decide_rules`.
pub(super) fn refused(label: &str, latest: usize, r: &decide_rules::Refusal) -> Refusal {
    use decide_rules::Refusal as R;
    match r {
        R::Closed(State::Superseded) => Refusal::new(
            StatusCode::GONE,
            "A newer version is waiting",
            format!(
                "This link is for {label}, which v{latest} has replaced. Use the link in the newest email. Nothing was recorded."
            ),
        ),
        R::Closed(s) => {
            let why = match s {
                State::Withdrawn => "was withdrawn",
                State::Draft => "is a draft",
                State::Expired => "has passed its deadline",
                _ => "is closed",
            };
            Refusal::new(
                StatusCode::GONE,
                "This request is closed",
                format!("{label} {why}. Nothing was recorded."),
            )
        }
        R::NotListed(_) | R::NotReviewer(_) | R::OnBehalf { .. } | R::HasOwnDecision(_) => {
            Refusal::new(
                StatusCode::FORBIDDEN,
                "You are no longer a reviewer of this request",
                "Contact the sender. Nothing was recorded.",
            )
        }
        R::StageNotOpen { open, .. } => Refusal::new(
            StatusCode::CONFLICT,
            "Not ready for you yet",
            format!(
                "{label} is still in its {open} review. You will get an email with your link as soon as it is ready for you. Nothing was recorded."
            ),
        ),
        R::OwnWork(_) => Refusal::new(
            StatusCode::FORBIDDEN,
            "You cannot approve your own request",
            format!(
                "You requested {label}, and the policy does not let authors approve their own work. Nothing was recorded."
            ),
        ),
        R::Repeat { verdict, .. } => Refusal::new(
            StatusCode::CONFLICT,
            "Your decision is already recorded",
            format!(
                "You already {} {label} with the same comment. Nothing was recorded.",
                verdict.past()
            ),
        ),
        R::NoReason(v) => Refusal::new(
            StatusCode::BAD_REQUEST,
            "Please say why",
            format!(
                "To {}, write in the comment box what should change or why, so the sender knows what to do next. Go back to the page and try again. Nothing was recorded.",
                if *v == Verdict::Decline {
                    "decline"
                } else {
                    "request changes"
                }
            ),
        ),
        R::CommentTooLong { .. } => Refusal::new(
            StatusCode::BAD_REQUEST,
            "The comment is too long",
            format!("Keep it under {MAX_COMMENT} characters. Nothing was recorded."),
        ),
        // Harmless (a second click on the email's button): say what was
        // decided and when, and where the rest of their work is.
        R::LinkUsed { verdict, at } => Refusal::new(
            StatusCode::OK,
            "You have already decided",
            format!(
                "This link recorded that you {} {label} on {}. Each link records one decision; to change it, ask the sender for a new link.",
                verdict.past(),
                crate::clock::utc_time(at)
            ),
        ),
        R::LinksIgnored => Refusal::new(
            StatusCode::FORBIDDEN,
            "Decisions are not taken through this page",
            format!(
                "The approval rules for {label} do not count decisions made through email links. Please reply to the sender instead. Nothing was recorded."
            ),
        ),
    }
}

/// The statement the page shows beside its buttons, recorded word for
/// word in the decision: who decides, on what exact version, and what the
/// server keeps. Built from the records, never from the form, so what is
/// recorded is what the page showed. The address is the link's own.
pub(super) fn consent_text(snap: &Snapshot, rr: &RequestRecords, claims: &Claims) -> String {
    let p = crate::notify::person_view(snap.policy(), &claims.person);
    let who = if claims.email.is_empty() {
        p.name
    } else {
        format!("{} <{}>", p.name, claims.email)
    };
    let req = &rr.request;
    format!(
        "By pressing a button I, {who}, record my decision on {} version {} (content {}). It is signed by this server and kept with the time, my network address and my browser's name.",
        req.deliverable,
        snap.version_of(req),
        crate::content::short(&req.content)
    )
}

/// What a POST carries.
pub struct DecideInput {
    pub token: String,
    pub decision: String,
    pub comment: String,
    pub csrf: String,
    /// A decline is recorded only once confirmed on a second page.
    pub confirmed: bool,
    pub client_ip: String,
    pub user_agent: String,
}
