//! Signed link tokens for email links, and the attestation key that signs them.
//!
//! A reviewer without a key decides through a link that `signoff serve`
//! checks. The link carries a token in this format (documented in the README):
//!
//! ```text
//! so1.<payload>.<signature>
//! payload   = base64url (no padding) of the JSON claims
//! signature = base64url (no padding) of an Ed25519 signature over the ASCII
//!             bytes "signoff-link-v1." followed by <payload> as it appears
//! ```
//!
//! The claims bind the store id, the request id, its content hash, the
//! reviewer and the address the link was sent to, the decisions allowed, an
//! expiry and a random id (which makes
//! the token single-use: the decision record embeds the token, so the store
//! itself is the durable list of used ids). Inbox links use the same format
//! with `kind = "inbox"` and no request. The signing key is the server's
//! *attestation key*, an Ed25519 OpenSSH key that also signs link decision
//! records; the policy lists it for a person named in `attesters`, so any
//! verifier can check both the record and the token it embeds. This module
//! knows nothing of HTTP or git: callers pass keys, bytes and the time.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::record::{Comment, Decision, LinkEvidence, Verdict};
use crate::sign::{Key, Signer};

/// Token prefix; a new format gets a new prefix.
pub const PREFIX: &str = "so1";
/// Domain separation for the signature.
const CONTEXT: &[u8] = b"signoff-link-v1.";
/// Longest token accepted (a real one is ~500 bytes).
pub const MAX_TOKEN_LEN: usize = 2048;
/// `via` of a decision made through a link.
pub const VIA_LINK: &str = "link";
/// Claims `kind` of a decision link.
pub const KIND_DECIDE: &str = "decide";
/// Claims `kind` of an inbox link.
pub const KIND_INBOX: &str = "inbox";

/// What a token says.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Claims {
    /// `decide` or `inbox`.
    pub kind: String,
    /// Store id.
    pub store: String,
    /// Request id (decide links).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub request: String,
    /// Content hash of the request (decide links).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub content: String,
    /// The reviewer (person id).
    pub person: String,
    /// The address the link was made for: the reviewer's email address in
    /// the policy when the link was minted. A link decides (or opens the
    /// inbox) only while the policy still gives the reviewer that address,
    /// so a link mailed to an old address dies with it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    /// Decisions the link may record.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Verdict>,
    /// Expiry, seconds since the epoch.
    pub expires: i64,
    /// Random id (32 hex digits); single-use for decide links.
    pub id: String,
}

impl Claims {
    /// Claims for a decision link with a fresh random id, for `person` at
    /// `email` (the address it is sent to).
    #[must_use]
    pub fn decide(
        store: &str,
        request: &str,
        content: &str,
        person: &str,
        email: &str,
        expires: i64,
    ) -> Claims {
        Claims {
            kind: KIND_DECIDE.into(),
            store: store.into(),
            request: request.into(),
            content: content.into(),
            person: person.into(),
            email: email.into(),
            decisions: Verdict::DECIDING.to_vec(),
            expires,
            id: random_id(),
        }
    }

    /// Claims for an inbox link with a fresh random id.
    #[must_use]
    pub fn inbox(store: &str, person: &str, email: &str, expires: i64) -> Claims {
        Claims {
            kind: KIND_INBOX.into(),
            store: store.into(),
            request: String::new(),
            content: String::new(),
            person: person.into(),
            email: email.into(),
            decisions: Vec::new(),
            expires,
            id: random_id(),
        }
    }

    /// Whether the link has expired at `now` (seconds since the epoch).
    #[must_use]
    pub fn expired(&self, now: i64) -> bool {
        now >= self.expires
    }
}

fn random_id() -> String {
    let mut b = [0u8; 16];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut b);
    hex::encode(b)
}

/// Why a token was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("the link is malformed or cut off")]
    Malformed,
    #[error("the link's signature does not verify")]
    Forged,
}

/// Signs claims into a token.
#[must_use]
pub fn mint(key: &SigningKey, claims: &Claims) -> String {
    let json = serde_json::to_vec(claims).expect("claims serialise to JSON");
    let payload = URL_SAFE_NO_PAD.encode(json);
    let sig = key.sign(&signed_bytes(&payload));
    format!(
        "{PREFIX}.{payload}.{}",
        URL_SAFE_NO_PAD.encode(sig.to_bytes())
    )
}

fn signed_bytes(payload: &str) -> Vec<u8> {
    let mut m = CONTEXT.to_vec();
    m.extend_from_slice(payload.as_bytes());
    m
}

/// Verifies a token's signature with `key`, then parses its claims. Expiry
/// and what the claims name are the caller's to check.
pub fn verify(key: &VerifyingKey, token: &str) -> Result<Claims, TokenError> {
    let (payload, sig) = split(token)?;
    let sig = Signature::from_slice(&sig).map_err(|_| TokenError::Malformed)?;
    key.verify_strict(&signed_bytes(payload), &sig)
        .map_err(|_| TokenError::Forged)?;
    let json = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| TokenError::Malformed)?;
    serde_json::from_slice(&json).map_err(|_| TokenError::Malformed)
}

/// The claims of a token without checking its signature: only for picking
/// out the random id of tokens already verified (embedded in records).
#[must_use]
pub fn peek(token: &str) -> Option<Claims> {
    let (payload, _) = split(token).ok()?;
    let json = URL_SAFE_NO_PAD.decode(payload).ok()?;
    serde_json::from_slice(&json).ok()
}

fn split(token: &str) -> Result<(&str, Vec<u8>), TokenError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(TokenError::Malformed);
    }
    let mut parts = token.split('.');
    let (Some(PREFIX), Some(payload), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed);
    };
    let sig = URL_SAFE_NO_PAD
        .decode(sig)
        .map_err(|_| TokenError::Malformed)?;
    Ok((payload, sig))
}

/// What every record made through a link shares: signed by an attester
/// (`signer`, whose key is `key`), carrying the link's evidence, whose
/// token that same key signed; returns the token's claims and the record's
/// time. `what` names the record in messages.
fn attested(
    what: &str,
    link: Option<&LinkEvidence>,
    at: &str,
    signer: &str,
    key: &Key,
    attesters: &BTreeSet<String>,
) -> Result<(Claims, jiff::Timestamp), String> {
    if !attesters.contains(signer) {
        return Err(format!(
            "link {what} signed by {signer}, who is not an attester in any policy version"
        ));
    }
    let Some(link) = link else {
        return Err(format!("link {what} without its link evidence"));
    };
    let vk = key
        .verifying_key()
        .ok_or("the attester key is not an Ed25519 key")?;
    let claims = verify(&vk, &link.token).map_err(|e| format!("embedded token: {e}"))?;
    let at = at
        .parse::<jiff::Timestamp>()
        .map_err(|_| format!("{what} time is not RFC 3339"))?;
    Ok((claims, at))
}

/// Checks a link decision: signed by an attester's key (`signer`, whose key
/// is `key`), carrying a token that the same key signed and that names this
/// store, request, content, reviewer and decision, used before it expired.
pub fn check_decision(
    d: &Decision,
    signer: &str,
    key: &Key,
    attesters: &BTreeSet<String>,
) -> Result<(), String> {
    let (claims, at) = attested("decision", d.link.as_ref(), &d.at, signer, key, attesters)?;
    let checks = [
        (claims.kind == KIND_DECIDE, "is not a decision link"),
        (claims.store == d.store_id, "names another store"),
        (claims.request == d.request, "names another request"),
        (claims.content == d.content, "names other content"),
        (claims.person == d.by, "names another reviewer"),
        (
            claims.decisions.contains(&d.decision),
            "does not allow this decision",
        ),
        (!claims.expired(at.as_second()), "had expired when used"),
        (
            d.on_behalf_of.is_none(),
            "cannot be used on behalf of others",
        ),
    ];
    for (ok, why) in checks {
        if !ok {
            return Err(format!("embedded token {why}"));
        }
    }
    Ok(())
}

/// Checks a comment left on the email-link page: signed by an attester,
/// embedding a decision link of the same store, request and reviewer that
/// had not expired when the comment was written. A link comment is never
/// internal (the reviewer is outside the agency). The token is not used up
/// by a comment: the same link still decides.
pub fn check_comment(
    c: &Comment,
    signer: &str,
    key: &Key,
    attesters: &BTreeSet<String>,
) -> Result<(), String> {
    let (claims, at) = attested("comment", c.link.as_ref(), &c.at, signer, key, attesters)?;
    let checks = [
        (claims.kind == KIND_DECIDE, "is not a decision link"),
        (claims.store == c.store_id, "names another store"),
        (claims.request == c.request, "names another request"),
        (claims.person == c.by, "names another reviewer"),
        (!claims.expired(at.as_second()), "had expired when used"),
        (!c.internal, "cannot mark a comment internal"),
    ];
    for (ok, why) in checks {
        if !ok {
            return Err(format!("embedded token {why}"));
        }
    }
    Ok(())
}

/// The attestation key: where it lives, and loading or creating it.
pub struct AttestKey {
    pub signer: Signer,
    pub signing: SigningKey,
}

impl AttestKey {
    /// Loads the key at `path`.
    pub fn load(path: &Path) -> Result<AttestKey, String> {
        let signer = Signer::load(path).map_err(|e| e.to_string())?;
        let signing = signer.ed25519_signing_key().ok_or_else(|| {
            format!(
                "{} must be an unencrypted Ed25519 private key",
                path.display()
            )
        })?;
        Ok(AttestKey { signer, signing })
    }

    /// Loads the key at `path`, creating it (mode 0600) when absent.
    /// Returns whether it was created.
    pub fn load_or_create(path: &Path) -> Result<(AttestKey, bool), String> {
        if path.exists() {
            return AttestKey::load(path).map(|k| (k, false));
        }
        let (_, text) = Signer::generate("signoff-serve").map_err(|e| e.to_string())?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        match opts.open(path) {
            Ok(mut f) => f
                .write_all(text.as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
            // Another process created it first: use theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(format!("cannot create {}: {e}", path.display())),
        }
        AttestKey::load(path).map(|k| (k, true))
    }

    #[must_use]
    pub fn verifying(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SigningKey {
        SigningKey::generate(&mut rand_core::OsRng)
    }

    #[test]
    fn roundtrip_and_tamper() {
        let k = key();
        let c = Claims::decide("s", "r", "sha256:x", "bob", "bob@example.com", 100);
        let t = mint(&k, &c);
        assert_eq!(verify(&k.verifying_key(), &t).unwrap(), c);
        assert_eq!(peek(&t).unwrap(), c);
        let other = key();
        assert_eq!(verify(&other.verifying_key(), &t), Err(TokenError::Forged));
        // Swap in a payload naming someone else, keep the signature.
        let forged = Claims {
            person: "mallory".into(),
            ..c.clone()
        };
        let f = mint(&other, &forged);
        let mixed = format!(
            "{}.{}",
            f.rsplit_once('.').unwrap().0,
            t.rsplit_once('.').unwrap().1
        );
        assert_eq!(verify(&k.verifying_key(), &mixed), Err(TokenError::Forged));
        for bad in [
            "",
            "so1",
            "so1.a",
            "so2.a.b",
            "so1.a.b.c",
            &"x".repeat(3000),
        ] {
            assert!(verify(&k.verifying_key(), bad).is_err(), "{bad}");
        }
        assert!(c.expired(100) && !c.expired(99));
    }
}
