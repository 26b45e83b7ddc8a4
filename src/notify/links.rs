//! Making email links: the decision and inbox links that notifications
//! carry and `signoff link` prints, minted with the server's attestation key.
//!
//! Settings (git config): `signoff.serveUrl` (the base URL; no URL, no
//! links), `signoff.serveKey` (the key's path) and `signoff.linkDays` (how
//! long a link lives), and which links each recipient of one message gets.
//! What a link may do is checked by the server
//! (`serve::portal`); this module only mints.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::ledger::Snapshot;
use crate::link::{self, AttestKey, Claims};
use crate::record::Request as Req;
use crate::store::Store;

/// Why links cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum LinkKeyError {
    /// A server URL is set but the attestation key was never made.
    #[error("no attestation key at {}", .0.display())]
    Missing(PathBuf),
    /// The key file is there but unusable.
    #[error("{0}")]
    Unreadable(String),
}

/// Default link lifetime in days.
pub const DEFAULT_LINK_DAYS: i64 = 30;

/// Where the attestation key lives: `git config signoff.serveKey` (relative
/// to the working tree), else `.git/signoff/attest_ed25519`.
#[must_use]
pub fn key_path(store: &Store) -> PathBuf {
    match store.config_string("signoff.serveKey") {
        Some(p) if std::path::Path::new(&p).is_absolute() => PathBuf::from(p),
        Some(p) => store.workdir().unwrap_or(store.git_dir()).join(p),
        None => store.git_dir().join("signoff").join("attest_ed25519"),
    }
}

/// Where a watching server (`serve --remote`) notes its first start in
/// this clone: the time from which it mails events. While it exists,
/// commands in this clone leave the link-deciders' mail to the watcher.
#[must_use]
pub fn watcher_mark(store: &Store) -> PathBuf {
    store.git_dir().join("signoff").join("announce-since")
}

/// Link lifetime in days from `git config signoff.linkDays`.
#[must_use]
pub fn link_days(store: &Store) -> i64 {
    store
        .config_string("signoff.linkDays")
        .and_then(|d| d.trim().parse::<i64>().ok())
        .filter(|d| *d > 0)
        .unwrap_or(DEFAULT_LINK_DAYS)
}

/// Mints links with the attestation key, for emails and `signoff link`.
pub struct LinkMaker {
    pub base_url: String,
    pub key: AttestKey,
    pub days: i64,
}

impl LinkMaker {
    /// The link maker of a repository: `None` when `signoff.serveUrl` is
    /// unset, an error when it is set but the key is missing or unreadable.
    pub fn from_store(store: &Store) -> Result<Option<LinkMaker>, LinkKeyError> {
        let Some(url) = store
            .config_string("signoff.serveUrl")
            .filter(|u| !u.trim().is_empty())
        else {
            return Ok(None);
        };
        LinkMaker::new(store, &url).map(Some)
    }

    /// A link maker for `base_url` with the repository's attestation key.
    pub fn new(store: &Store, base_url: &str) -> Result<LinkMaker, LinkKeyError> {
        let path = key_path(store);
        if !path.exists() {
            return Err(LinkKeyError::Missing(path));
        }
        Ok(LinkMaker {
            base_url: base_url.trim().trim_end_matches('/').to_string(),
            key: AttestKey::load(&path).map_err(LinkKeyError::Unreadable)?,
            days: link_days(store),
        })
    }

    fn default_expiry(&self) -> i64 {
        crate::clock::now().as_second() + self.days * 86_400
    }

    /// A decision link for `person` on `req`; it expires with the request
    /// when that comes first.
    #[must_use]
    pub fn decide_url(&self, snap: &Snapshot, req: &Req, person: &str) -> String {
        let request_end = req.expires.as_deref().and_then(crate::clock::seconds);
        let until = request_end.map_or(self.default_expiry(), |e| e.min(self.default_expiry()));
        self.decide_url_until(snap, req, person, until)
    }

    /// A decision link that expires at `expires` (seconds since the epoch).
    #[must_use]
    pub fn decide_url_until(
        &self,
        snap: &Snapshot,
        req: &Req,
        person: &str,
        expires: i64,
    ) -> String {
        // Bound to the address it is mailed to: a new address in the
        // policy retires every link sent to the old one.
        let email = snap
            .policy()
            .person(person)
            .map(|p| p.email.clone())
            .unwrap_or_default();
        let claims = Claims::decide(
            &snap.info.store_id,
            &req.id,
            &req.content,
            person,
            &email,
            expires,
        );
        format!(
            "{}/d/{}",
            self.base_url,
            link::mint(&self.key.signing, &claims)
        )
    }

    /// An inbox link for `person` (bound to their email address).
    #[must_use]
    pub fn inbox_url(&self, snap: &Snapshot, person: &str, expires: Option<i64>) -> String {
        let email = snap
            .policy()
            .person(person)
            .map(|p| p.email.clone())
            .unwrap_or_default();
        let claims = Claims::inbox(
            &snap.info.store_id,
            person,
            &email,
            expires.unwrap_or_else(|| self.default_expiry()),
        );
        format!(
            "{}/i/{}",
            self.base_url,
            link::mint(&self.key.signing, &claims)
        )
    }
}

/// Decision links for reviewers, and inbox links for those without a key
/// (who have no command line to list their work), when `git config
/// signoff.serveUrl` is set (see `serve`). Empty otherwise.
pub fn links_for(
    maker: Option<&LinkMaker>,
    snap: &Snapshot,
    rr: &crate::state::RequestRecords,
    to: &BTreeSet<String>,
) -> super::Links {
    let Some(m) = maker else {
        return super::Links::default();
    };
    let policy = snap.policy();
    super::Links {
        decide: to
            .iter()
            .map(|id| (id.clone(), m.decide_url(snap, &rr.request, id)))
            .collect(),
        inbox: to
            .iter()
            .filter(|id| policy.person(id).is_some_and(|p| p.keys.is_empty()))
            .map(|id| (id.clone(), m.inbox_url(snap, id, None)))
            .collect(),
    }
}

/// Whether this process leaves `id`'s request, stage and reminder mail to
/// the server: when it makes no links and `id` decides through them, and
/// the policy lists an attester (a server that mails them). A store with
/// no server at all still mails them without a link, as before (someone
/// enters their answer for them).
#[must_use]
pub fn left_to_server(policy: &crate::policy::Policy, links: Option<&LinkMaker>, id: &str) -> bool {
    links.is_none() && !policy.attesters.is_empty() && decides_by_link(policy, id)
}

/// Whether `id` decides through email links (has no key of their own):
/// the server that holds the attestation key mails them their links.
#[must_use]
pub fn decides_by_link(policy: &crate::policy::Policy, id: &str) -> bool {
    policy
        .person(id)
        .is_some_and(|p| p.keys.is_empty() && !policy.attesters.contains(&p.id))
}
