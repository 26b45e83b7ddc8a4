//! Record types and their parsing: exact bytes in, typed record out.
//!
//! A record is a TOML file with a `schema` field. Parsing refuses oversized
//! input, invalid UTF-8 and unknown fields; it does not check signatures (that
//! is `verify`'s job, which verifies the bytes before trusting any field) and
//! it does not decide what a record means (that is `state`). It also says
//! which names are valid deliverable names and snapshot paths; where a
//! record lives on the branch is `layout`'s. Unit tests (round trips that
//! pin each record's bytes, and property tests of the parser, which
//! CONTRIBUTING points to here) make up the rest of the file.
//!
//! Long file: every record kind's type is here, one beside the other, so
//! that a new kind (and the `Record` arms it needs) is one file's change.

use serde::{Deserialize, Serialize};

/// Largest record file accepted.
pub const MAX_RECORD_BYTES: usize = 256 * 1024;
/// Longest deliverable name.
pub const MAX_NAME_LEN: usize = 200;

pub const SCHEMA_STORE: &str = "signoff/store-v1";
pub const SCHEMA_POLICY: &str = "signoff/policy-v1";
pub const SCHEMA_REQUEST: &str = "signoff/request-v1";
pub const SCHEMA_DECISION: &str = "signoff/decision-v1";
pub const SCHEMA_COMMENT: &str = "signoff/comment-v1";
pub const SCHEMA_NOTIFIED: &str = "signoff/notified-v1";

/// Why bytes are not a valid record.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RecordError {
    #[error("record is {0} bytes, larger than the {MAX_RECORD_BYTES}-byte limit")]
    TooLarge(usize),
    #[error("record is not valid UTF-8")]
    NotUtf8,
    #[error("record is not valid TOML for its schema: {0}")]
    Toml(String),
    #[error("unknown record schema {0:?}")]
    UnknownSchema(String),
}

/// `signoff.toml` at the root of the store branch.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct StoreInfo {
    pub schema: String,
    pub store_id: String,
    pub format: u32,
    pub created_at: String,
    pub created_by: String,
}

pub use crate::content::ManifestEntry;

/// Where a request's content came from.
#[derive(schemars::JsonSchema, Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// `paths` (repository files), `files` (outside files) or `range` (a diff).
    pub kind: String,
    /// Commit the paths were read from; absent for the working tree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<String>,
    /// Repository paths that make up the deliverable.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
    /// `base..head` for a range request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<String>,
    /// A range's `git patch-id --verbatim`: a hint for finding the change
    /// in `git log` after a rebase, never a binding (a sum of SHA-1s can be
    /// forged; `content` binds). Absent in older records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch_id: Option<String>,
}

/// A request for decisions on a snapshot of a deliverable.
#[derive(schemars::JsonSchema, Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub schema: String,
    pub store_id: String,
    pub id: String,
    pub deliverable: String,
    pub by: String,
    pub key: String,
    pub at: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    /// A human title for the reviewers (the page and emails show it instead
    /// of the deliverable name); absent in older records.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    pub reviewers: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// After this time no decision can complete the request: it is expired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
    pub source: Source,
    pub content: String,
    /// Groups asked besides the named reviewers: `count` of each group's
    /// members (as the policy in force lists them) must approve.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupAsk>,
    #[serde(default)]
    pub files: Vec<ManifestEntry>,
}

/// A group asked on a request ("any one of acme-contacts", or a count).
#[derive(schemars::JsonSchema, Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct GroupAsk {
    pub group: String,
    pub count: u32,
}

pub use crate::kind::{Effect, Verdict};

/// A decision on one request, bound to its content hash.
#[derive(schemars::JsonSchema, Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub schema: String,
    pub store_id: String,
    pub id: String,
    pub request: String,
    pub deliverable: String,
    pub content: String,
    pub decision: Verdict,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// The person whose decision this is.
    pub by: String,
    /// Fingerprint of the signing key.
    pub key: String,
    pub at: String,
    /// The same person's previous decision on this request, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
    /// When entered for someone else: that person (and `by` entered it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// `key` (signed by the person) or `link` (an email link, attested).
    #[serde(default = "via_key")]
    pub via: String,
    /// For `via = "link"`: what the attesting server saw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<LinkEvidence>,
    /// The policy version in effect where the decision was made, and the
    /// `sha256:` of its exact bytes (absent in records made before signoff
    /// recorded it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_version: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_hash: Option<String>,
}

impl Decision {
    /// A new decision on `req`, bound to its id, deliverable and content
    /// hash — the one place that binding is made. Optional fields start
    /// empty and `via` as "key"; callers set the rest.
    #[must_use]
    pub fn on(req: &Request, verdict: Verdict, by: &str, key: &str, at: String) -> Decision {
        Decision {
            schema: SCHEMA_DECISION.into(),
            store_id: req.store_id.clone(),
            id: new_id(),
            request: req.id.clone(),
            deliverable: req.deliverable.clone(),
            content: req.content.clone(),
            decision: verdict,
            comment: String::new(),
            by: by.to_string(),
            key: key.to_string(),
            at,
            supersedes: None,
            on_behalf_of: None,
            evidence: None,
            via: via_key(),
            link: None,
            policy_version: None,
            policy_hash: None,
        }
    }

    /// The path this decision is filed at.
    #[must_use]
    pub fn path(&self, layout: crate::layout::Format) -> String {
        layout.decision_path(&self.deliverable, &self.request, &self.id)
    }
}

/// How a link decision reached the server that attested it.
#[derive(schemars::JsonSchema, Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LinkEvidence {
    /// The signed link token the reviewer used (see `link`).
    pub token: String,
    /// The client's address as the server saw it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub client_ip: String,
    /// The client's User-Agent header.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub user_agent: String,
    /// The exact statement the page showed beside the buttons, which the
    /// reviewer accepted by pressing one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub consent: String,
}

fn via_key() -> String {
    "key".into()
}

/// A comment on a request.
#[derive(schemars::JsonSchema, Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    pub schema: String,
    pub store_id: String,
    pub id: String,
    pub request: String,
    pub deliverable: String,
    pub by: String,
    pub key: String,
    pub at: String,
    pub comment: String,
    /// For the agency's side only: never shown on a client's page nor
    /// emailed to people without a key (absent, i.e. false, in older
    /// records, which keep their bytes).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
    /// `key` (signed by the person, the default and then absent) or `link`
    /// (left on the email-link page, signed by the attesting server).
    #[serde(default = "via_key", skip_serializing_if = "is_via_key")]
    pub via: String,
    /// For `via = "link"`: what the attesting server saw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<LinkEvidence>,
}

impl Comment {
    /// A new comment by `by` on `req`, signed with the key `key`.
    #[must_use]
    pub fn on(req: &Request, by: &str, key: &str, at: String, text: &str) -> Comment {
        Comment {
            schema: SCHEMA_COMMENT.into(),
            store_id: req.store_id.clone(),
            id: new_id(),
            request: req.id.clone(),
            deliverable: req.deliverable.clone(),
            by: by.to_string(),
            key: key.to_string(),
            at,
            comment: text.to_string(),
            internal: false,
            via: via_key(),
            link: None,
        }
    }
}

fn is_via_key(via: &str) -> bool {
    via == "key"
}

/// That the server holding the attestation key has mailed the people who
/// decide through links about one event of a request: the request itself
/// (`event = "request"`), a later stage that opened (`"stage"`) or a
/// reminder (`"reminder"`). Signed by that server's attestation key. It is
/// how several servers against one remote send each mail once: the one
/// whose push of this record wins sends (DESIGN §13). It is never a
/// decision, and nothing counts it.
#[derive(schemars::JsonSchema, Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Notified {
    pub schema: String,
    pub store_id: String,
    pub id: String,
    pub request: String,
    pub deliverable: String,
    /// The attester (the server's person id in the policy).
    pub by: String,
    /// Fingerprint of the attestation key that signed it.
    pub key: String,
    pub at: String,
    /// `request`, `stage` or `reminder`.
    pub event: String,
    /// The stage the mail asked for (the first one for `request`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stage: String,
    /// Each message sent: to whom, and its Message-ID (a resend after a
    /// crash carries the same one).
    pub mail: Vec<Mailed>,
}

/// One message a [`Notified`] record stands for.
#[derive(schemars::JsonSchema, Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Mailed {
    pub person: String,
    pub message_id: String,
}

impl Notified {
    /// A new record that `by` (an attester, key `key`) mailed `mail` about
    /// `event` of `req`.
    #[must_use]
    pub fn on(req: &Request, by: &str, key: &str, event: &str, stage: &str) -> Notified {
        Notified {
            schema: SCHEMA_NOTIFIED.into(),
            store_id: req.store_id.clone(),
            id: new_id(),
            request: req.id.clone(),
            deliverable: req.deliverable.clone(),
            by: by.to_string(),
            key: key.to_string(),
            at: crate::clock::now_string(),
            event: event.to_string(),
            stage: stage.to_string(),
            mail: Vec::new(),
        }
    }
}

/// Any record found under `deliverables/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Request(Request),
    Decision(Decision),
    Comment(Comment),
    Notified(Notified),
}

impl Record {
    #[must_use]
    pub fn id(&self) -> &str {
        match self {
            Record::Request(r) => &r.id,
            Record::Decision(d) => &d.id,
            Record::Comment(c) => &c.id,
            Record::Notified(n) => &n.id,
        }
    }
    #[must_use]
    pub fn store_id(&self) -> &str {
        match self {
            Record::Request(r) => &r.store_id,
            Record::Decision(d) => &d.store_id,
            Record::Comment(c) => &c.store_id,
            Record::Notified(n) => &n.store_id,
        }
    }
    #[must_use]
    pub fn by(&self) -> &str {
        match self {
            Record::Request(r) => &r.by,
            Record::Decision(d) => &d.by,
            Record::Comment(c) => &c.by,
            Record::Notified(n) => &n.by,
        }
    }
    #[must_use]
    pub fn key(&self) -> &str {
        match self {
            Record::Request(r) => &r.key,
            Record::Decision(d) => &d.key,
            Record::Comment(c) => &c.key,
            Record::Notified(n) => &n.key,
        }
    }
    #[must_use]
    pub fn deliverable(&self) -> &str {
        match self {
            Record::Request(r) => &r.deliverable,
            Record::Decision(d) => &d.deliverable,
            Record::Comment(c) => &c.deliverable,
            Record::Notified(n) => &n.deliverable,
        }
    }
    /// The request this record belongs to (itself for a request).
    #[must_use]
    pub fn request_id(&self) -> &str {
        match self {
            Record::Request(r) => &r.id,
            Record::Decision(d) => &d.request,
            Record::Comment(c) => &c.request,
            Record::Notified(n) => &n.request,
        }
    }
    /// The path this record must live at.
    #[must_use]
    pub fn expected_path(&self, layout: crate::layout::Format) -> String {
        match self {
            Record::Request(r) => layout.request_path(&r.deliverable, &r.id),
            Record::Decision(d) => layout.decision_path(&d.deliverable, &d.request, &d.id),
            Record::Comment(c) => layout.comment_path(&c.deliverable, &c.request, &c.id),
            Record::Notified(n) => layout.notified_path(&n.deliverable, &n.request, &n.id),
        }
    }
}

#[derive(Deserialize)]
struct Peek {
    schema: String,
}

/// Checks size and encoding, then returns the text.
pub fn record_text(bytes: &[u8]) -> Result<&str, RecordError> {
    if bytes.len() > MAX_RECORD_BYTES {
        return Err(RecordError::TooLarge(bytes.len()));
    }
    std::str::from_utf8(bytes).map_err(|_| RecordError::NotUtf8)
}

/// Parses a typed TOML value with unknown fields denied.
pub fn parse_as<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, RecordError> {
    let text = record_text(bytes)?;
    toml::from_str(text).map_err(|e| RecordError::Toml(one_line(&e.to_string())))
}

/// Parses any record under `deliverables/`.
pub fn parse(bytes: &[u8]) -> Result<Record, RecordError> {
    let peek: Peek = parse_as(bytes)?;
    match peek.schema.as_str() {
        SCHEMA_REQUEST => parse_as(bytes).map(Record::Request),
        SCHEMA_DECISION => parse_as(bytes).map(Record::Decision),
        SCHEMA_COMMENT => parse_as(bytes).map(Record::Comment),
        SCHEMA_NOTIFIED => parse_as(bytes).map(Record::Notified),
        other => Err(RecordError::UnknownSchema(other.to_string())),
    }
}

/// Serialises a record to the exact bytes that get signed.
pub fn to_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    toml::to_string(value)
        .expect("record types serialise to TOML")
        .into_bytes()
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub use crate::layout::is_record_id;

/// A new time-ordered record id.
#[must_use]
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Checks a deliverable name: `[a-z0-9][a-z0-9._-]*` segments joined by `/`,
/// no segment that looks like a record id, bounded length.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("deliverable name is empty".into());
    }
    if name.len() > MAX_NAME_LEN {
        return Err(format!(
            "deliverable name is {} characters; the limit is {MAX_NAME_LEN}",
            name.len()
        ));
    }
    for seg in name.split('/') {
        let mut chars = seg.chars();
        let ok_first = chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        let ok_rest =
            chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
        if !ok_first || !ok_rest {
            return Err(format!(
                "invalid deliverable name {name:?}: each '/'-separated part must start with a lowercase letter or digit and contain only a-z, 0-9, '.', '_' or '-'"
            ));
        }
        if is_record_id(seg) {
            return Err(format!(
                "invalid deliverable name {name:?}: a part may not look like a record id"
            ));
        }
    }
    Ok(())
}

/// Checks a path inside a deliverable snapshot: relative, no `..`, no empty
/// or `.` parts, no control characters, and no part that a file system
/// reads as `.git` or `.gitmodules` ([`crate::content::is_git_name`]).
pub fn check_snapshot_path(path: &str) -> Result<(), String> {
    let bad = path.is_empty()
        || path.starts_with('/')
        || path.len() > 4096
        || path.chars().any(|c| c.is_control() || c == '\\')
        || path
            .split('/')
            .any(|p| p.is_empty() || p == "." || p == "..");
    if bad {
        return Err(format!("invalid file path in deliverable: {path:?}"));
    }
    if path.split('/').any(crate::content::is_git_name) {
        return Err(format!(
            "file path in deliverable names a git folder or file: {path:?}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(check_name("acme/logo-v2.final").is_ok());
        assert!(check_name("0release").is_ok());
        for bad in [
            "",
            "Acme",
            "../x",
            "a//b",
            "/a",
            "a/",
            "a/../b",
            ".hidden",
            "a b",
            "a\nb",
            "0190a1b2-0000-7000-8000-000000000000",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(check_name(&"a".repeat(201)).is_err());
    }

    #[test]
    fn snapshot_paths() {
        assert!(check_snapshot_path("a/b.pdf").is_ok());
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../b",
            "a//b",
            "./a",
            "a\0b",
        ] {
            assert!(check_snapshot_path(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn notified_records_round_trip_and_are_filed_under_their_request() {
        let text = "schema = \"signoff/notified-v1\"\nstore_id = \"s\"\nid = \"0192f2a4-7c1e-7b3a-9f00-000000000002\"\nrequest = \"0192f2a4-7c1e-7b3a-9f00-000000000001\"\ndeliverable = \"acme/logo\"\nby = \"portal\"\nkey = \"k\"\nat = \"t\"\nevent = \"stage\"\nstage = \"client\"\n\n[[mail]]\nperson = \"ana\"\nmessage_id = \"<m@example.com>\"\n";
        let Ok(Record::Notified(n)) = parse(text.as_bytes()) else {
            panic!("a notified record")
        };
        assert_eq!(to_bytes(&n), text.as_bytes());
        assert_eq!(n.mail[0].person, "ana");
        let rec = Record::Notified(n);
        assert_eq!(rec.request_id(), "0192f2a4-7c1e-7b3a-9f00-000000000001");
        assert!(
            rec.expected_path(crate::layout::Format::Flat)
                .ends_with("/0192f2a4-7c1e-7b3a-9f00-000000000001/notified/0192f2a4-7c1e-7b3a-9f00-000000000002.toml")
        );
        // Unknown fields are refused, as for every record.
        let extra = format!("{text}decision = \"approve\"\n");
        assert!(parse(extra.as_bytes()).is_err());
    }

    #[test]
    fn unknown_fields_and_limits() {
        let ok = "schema = \"signoff/comment-v1\"\nstore_id = \"s\"\nid = \"i\"\nrequest = \"r\"\ndeliverable = \"d\"\nby = \"a\"\nkey = \"k\"\nat = \"t\"\ncomment = \"c\"\n";
        assert!(matches!(parse(ok.as_bytes()), Ok(Record::Comment(_))));
        // Older comments (no internal, via or link field) keep their bytes.
        let Ok(Record::Comment(c)) = parse(ok.as_bytes()) else {
            panic!("a comment")
        };
        assert!(!c.internal && c.via == "key" && c.link.is_none());
        assert_eq!(to_bytes(&c), ok.as_bytes());
        let internal = Comment {
            internal: true,
            ..c.clone()
        };
        assert_eq!(
            to_bytes(&internal),
            format!("{ok}internal = true\n").as_bytes()
        );
        let extra = format!("{ok}evil = 1\n");
        assert!(matches!(parse(extra.as_bytes()), Err(RecordError::Toml(_))));
        assert_eq!(parse(&[0xff, 0xfe]), Err(RecordError::NotUtf8));
        let big = vec![b'#'; MAX_RECORD_BYTES + 1];
        assert!(matches!(parse(&big), Err(RecordError::TooLarge(_))));
        let nested = format!(
            "schema = \"x\"\na = {}{}",
            "[".repeat(5000),
            "]".repeat(5000)
        );
        assert!(parse(nested.as_bytes()).is_err());
    }
}

/// Property tests: whatever the bytes, parsing returns an error instead of
/// panicking, and whatever name or path the checks accept stays inside the
/// tree it is joined to. `PROPTEST_CASES` raises the case count for a long
/// run (see CONTRIBUTING.md).
#[cfg(test)]
pub(crate) mod props {
    use std::path::{Component, Path};

    use proptest::prelude::*;

    use super::*;

    /// A valid decision record, as signoff writes one.
    pub(crate) const DECISION: &str = "schema = \"signoff/decision-v1\"\nstore_id = \"0190a1b2-0000-4000-8000-000000000001\"\nid = \"0190a1b2-0000-7000-8000-000000000003\"\nrequest = \"0190a1b2-0000-7000-8000-000000000002\"\ndeliverable = \"acme/logo\"\ncontent = \"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"\ndecision = \"approve\"\ncomment = \"Ship it\"\nby = \"bob\"\nkey = \"SHA256:abc\"\nat = \"2026-11-01T10:00:00Z\"\n";

    /// One edit of a byte string: `(position, byte, op)` where op 0 flips
    /// bits of a byte, 1 inserts a byte, 2 deletes one.
    pub(crate) type Edit = (usize, u8, u8);

    pub(crate) fn edits() -> impl Strategy<Value = Vec<Edit>> {
        proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..3), 1..6)
    }

    pub(crate) fn mutate(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
        let mut out = bytes.to_vec();
        for &(pos, byte, op) in edits {
            match op {
                0 if !out.is_empty() => {
                    let i = pos % out.len();
                    out[i] ^= byte.max(1);
                }
                1 => out.insert(pos % (out.len() + 1), byte),
                _ if !out.is_empty() => {
                    out.remove(pos % out.len());
                }
                _ => {}
            }
        }
        out
    }

    /// Text made of record-ish pieces, so that the parser gets past the
    /// first byte more often than with uniform noise.
    fn tomlish() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("schema = \"signoff/decision-v1\"\n".to_string()),
                Just("schema = \"signoff/request-v1\"\n".to_string()),
                Just("[[files]]\n".to_string()),
                Just("[source]\n".to_string()),
                "[a-z_]{1,10} = ",
                "\"[^\"\\\\]{0,10}\"\n",
                Just("[".to_string()),
                Just("]".to_string()),
                Just("{".to_string()),
                Just("}".to_string()),
                "[0-9]{1,20}\n",
                any::<String>(),
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    /// Whether joining `rel` under a base can only land inside it: every
    /// component is a plain name (no root, no `..`, no `.`), and the
    /// components are exactly the `/`-separated parts (nothing dropped).
    fn stays_inside(rel: &str) -> bool {
        let base = Path::new("/base");
        let joined = base.join(rel);
        let parts: Vec<Component> = Path::new(rel).components().collect();
        parts.iter().all(|c| matches!(c, Component::Normal(_)))
            && parts.len() == rel.split('/').count()
            && joined.starts_with(base)
            && joined.components().count() == base.components().count() + parts.len()
    }

    fn names() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z0-9./_-]{1,40}",
            "[a-zA-Z0-9./_\\\\ -]{1,40}",
            "(\\.\\./|/|\\./|[a-z]{1,3}/){0,5}[a-z.]{0,4}",
            any::<String>(),
        ]
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let _ = parse(&bytes);
            let _ = parse_as::<StoreInfo>(&bytes);
        }

        #[test]
        fn arbitrary_toml_never_panics(text in tomlish()) {
            let _ = parse(text.as_bytes());
        }

        #[test]
        fn mutated_records_never_panic(e in edits()) {
            let bytes = mutate(DECISION.as_bytes(), &e);
            if let Ok(Record::Decision(d)) = parse(&bytes) {
                // Whatever parses is a complete record: it round-trips.
                prop_assert_eq!(parse(&to_bytes(&d)), Ok(Record::Decision(d)));
            }
        }

        #[test]
        fn accepted_deliverable_names_stay_inside_the_tree(name in names()) {
            if check_name(&name).is_ok() {
                prop_assert!(!name.split('/').any(|p| p == ".." || p == "." || p.is_empty()));
                prop_assert!(!name.starts_with('/'));
                prop_assert!(!name.chars().any(char::is_control));
                prop_assert!(name.len() <= MAX_NAME_LEN);
                prop_assert!(stays_inside(&name), "{:?}", name);
                // The record paths built from it stay under deliverables/.
                let rid = "0190a1b2-0000-7000-8000-000000000002";
                prop_assert!(stays_inside(&crate::layout::Format::NEWEST.request_path(&name, rid)));
                prop_assert!(stays_inside(&crate::layout::Format::Flat.content_path(&name, rid, "a.pdf")));
            }
        }

        #[test]
        fn accepted_snapshot_paths_stay_inside_the_target(path in names()) {
            if check_snapshot_path(&path).is_ok() {
                prop_assert!(!path.starts_with('/'));
                prop_assert!(!path.chars().any(char::is_control));
                prop_assert!(stays_inside(&path), "{:?}", path);
            }
        }
    }
}
