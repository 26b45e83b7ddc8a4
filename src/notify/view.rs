//! What email templates see beyond the records themselves, and how a
//! message's parts are put together: the request as templates see it and
//! its title, the brand the messages carry (like the page's, the logo
//! inline or not at all), the links made for each recipient, which files
//! changed since the previous version, and who may read internal comments.
//! It reads git config and the verified snapshot only; it sends nothing.

use lettre::message::{Attachment, MultiPart, SinglePart, header::ContentType};
use serde::Serialize;
use serde_json::{Value, json};

use crate::ledger::Snapshot;
use crate::policy::Policy;
use crate::state::RequestRecords;
use crate::store::Store;

/// Links for the recipients of one event, by person.
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// Each reviewer's decision link.
    pub decide: std::collections::BTreeMap<String, String>,
    /// Inbox links, for recipients without a key.
    pub inbox: std::collections::BTreeMap<String, String>,
}

/// Emails are branded like the page: its title and accent colour (`git
/// config signoff.portalTitle`, `signoff.portalAccent`). A colour that is
/// not `#rgb` or `#rrggbb` is left out here (`signoff serve` refuses to
/// start with one). The logo travels inside the message, or not at all.
#[derive(Debug, Clone, Serialize)]
pub struct MailBrand {
    pub title: String,
    pub accent: String,
    /// Whether the message carries the logo as an inline part
    /// (`cid:signoff-logo`; see [`mail_logo`]).
    pub logo: bool,
}

/// The Content-ID of the inline logo part.
pub const LOGO_CID: &str = "signoff-logo";
/// Largest logo carried in an email (each message carries its own copy).
const MAX_MAIL_LOGO: usize = 100 * 1024;

/// The logo for emails: `git config signoff.portalLogo` (relative to the
/// working tree) when it is a PNG, JPEG or GIF of at most 100 KiB whose
/// bytes say so, as bytes and MIME type; else none, and emails carry no
/// logo. Never an SVG (mail clients do not sandbox it) and never a link to
/// elsewhere (mail clients would fetch it and tell the sender).
#[must_use]
pub fn mail_logo(store: &Store) -> Option<(Vec<u8>, &'static str)> {
    let name = store
        .config_string("signoff.portalLogo")
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())?;
    let path = store.workdir().unwrap_or(store.git_dir()).join(&name);
    let meta = std::fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > MAX_MAIL_LOGO as u64 {
        return None;
    }
    let bytes = std::fs::read(&path).ok()?;
    let mime = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        "image/jpeg"
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        "image/gif"
    } else {
        return None;
    };
    Some((bytes, mime))
}

impl MailBrand {
    /// Reads the branding keys of `store`'s git config.
    #[must_use]
    pub fn from_store(store: &Store) -> MailBrand {
        let get = |k: &str| {
            store
                .config_string(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let accent = get("signoff.portalAccent").filter(|a| {
            a.strip_prefix('#').is_some_and(|h| {
                matches!(h.len(), 3 | 6) && h.chars().all(|c| c.is_ascii_hexdigit())
            })
        });
        MailBrand {
            title: get("signoff.portalTitle").map_or_else(
                || "Approvals".into(),
                |t| crate::text::header(&t).chars().take(100).collect(),
            ),
            accent: accent.unwrap_or_else(|| "#2f5d8a".into()),
            logo: mail_logo(store).is_some(),
        }
    }
}

/// What changed in a request's files since the deliverable's previous
/// version: each path added, changed or removed (empty for a first
/// version). Names only: no hashes, which mean nothing to a client.
#[must_use]
pub fn file_changes(snap: &Snapshot, rr: &RequestRecords) -> Vec<Value> {
    let req = &rr.request;
    let versions = snap.versions(&req.deliverable);
    let Some(prev) = versions
        .iter()
        .take_while(|v| v.request.id != req.id)
        .last()
        .map(|v| &v.request)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for f in &req.files {
        match prev.files.iter().find(|o| o.path == f.path) {
            None => out.push(json!({"path": f.path, "change": "new"})),
            Some(o) if o.sha256 != f.sha256 => {
                out.push(json!({"path": f.path, "change": "changed"}));
            }
            Some(_) => {}
        }
    }
    for o in &prev.files {
        if !req.files.iter().any(|f| f.path == o.path) {
            out.push(json!({"path": o.path, "change": "removed"}));
        }
    }
    out
}

/// What people read as a request's name: its title when it has one, else
/// the deliverable's name.
#[must_use]
pub fn title_of(req: &crate::record::Request) -> &str {
    if req.title.is_empty() {
        &req.deliverable
    } else {
        &req.title
    }
}

/// Whether `id` is on the agency's side, and so may read internal
/// comments (the one rule is `views::is_team`).
#[must_use]
pub fn is_internal(policy: &Policy, id: &str) -> bool {
    crate::views::is_team(policy, id)
}

/// The body of a message: its text and HTML parts; with a logo (and an
/// HTML part that shows it), the HTML part and the logo travel together
/// (multipart/related), the logo named by its Content-ID.
pub(super) fn body(
    logo: Option<&(Vec<u8>, &'static str)>,
    text: &str,
    html: &str,
) -> Result<MultiPart, String> {
    match logo {
        Some((bytes, mime)) if html.contains(&format!("cid:{LOGO_CID}")) => {
            let kind =
                ContentType::parse(mime).map_err(|e| format!("cannot attach the logo: {e}"))?;
            Ok(MultiPart::alternative()
                .singlepart(SinglePart::plain(text.to_string()))
                .multipart(
                    MultiPart::related()
                        .singlepart(SinglePart::html(html.to_string()))
                        .singlepart(
                            Attachment::new_inline(LOGO_CID.into()).body(bytes.clone(), kind),
                        ),
                ))
        }
        _ => Ok(MultiPart::alternative_plain_html(
            text.to_string(),
            html.to_string(),
        )),
    }
}

/// The request part of every email's context.
#[must_use]
pub fn request_view(snap: &Snapshot, rr: &RequestRecords) -> Value {
    let r = &rr.request;
    json!({
        "id": r.id,
        "by": r.by,
        "at": r.at,
        "message": r.message,
        "due": r.due,
        "content": r.content,
        "reviewers": r.reviewers,
        "groups": r.groups,
        "files": r.files,
        "version": snap.version_of(r),
        "title": r.title,
    })
}
