//! The store's path layout: every path in the store branch is built and read
//! here, and nowhere else.
//!
//! ```text
//! <store branch>
//! ├── signoff.toml                      the store's identity (STORE_FILE)
//! ├── signoff.toml.sig
//! ├── policy/                           the trust chain
//! │   ├── 000001.toml                   version 1
//! │   ├── 000001.sig.d/<person>.sig     one signature per signer
//! │   ├── 000002-<16 hex>.toml          a competing proposal, named by its hash
//! │   └── 000002-<16 hex>.sig.d/<person>.sig
//! └── deliverables/
//!     └── <name, may hold '/'>/
//!         └── <request id>/
//!             ├── request.toml (+ .sig)
//!             ├── decisions/<id>.toml (+ .sig)
//!             ├── comments/<id>.toml (+ .sig)
//!             ├── notified/<id>.toml (+ .sig)   the server mailed the link-deciders
//!             └── content/<file path>   the approved bytes, as requested
//! ```
//!
//! Every record sits beside its signature (`<record>.sig`). Deliverable
//! names never contain a part that looks like a record id
//! (`record::check_name`), which is what lets [`place`] find the request
//! folder in a path whatever the name's depth. This module only computes
//! strings; it reads nothing and knows no git.

/// Whether `s` is a record id (a hyphenated UUID), which is what names a
/// request folder and each decision and comment.
#[must_use]
pub fn is_record_id(s: &str) -> bool {
    s.len() == 36 && uuid::Uuid::parse_str(s).is_ok()
}

/// The store's identity record.
pub const STORE_FILE: &str = "signoff.toml";
/// The signature of [`STORE_FILE`].
pub const STORE_SIG: &str = "signoff.toml.sig";
/// The folder of the policy chain.
pub const POLICY_DIR: &str = "policy";
const DELIVERABLES: &str = "deliverables";

/// How a store lays out its deliverables: `signoff.toml`'s `format`.
///
/// Format 1 files a deliverable's requests under its name
/// (`deliverables/acme/logo/<request>/…`), so the `deliverables` tree (or one
/// folder holding many flat names, `pr-1` … `pr-10000`) grows with every
/// deliverable and each write rewrites it. Format 2 adds one fan-out level,
/// the first two hex digits of the SHA-256 of the name
/// (`deliverables/3f/acme/logo/<request>/…`), as git's object store does:
/// 256 folders, each a 256th of the names. Stores keep the format they were
/// made with; both are read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Format 1: `deliverables/<name>/<request>/…`.
    Flat,
    /// Format 2: `deliverables/<fan>/<name>/<request>/…`.
    FanOut,
}

impl Format {
    /// The format new stores are made with.
    pub const NEWEST: Format = Format::FanOut;

    /// The format `signoff.toml` names, when this version knows it.
    #[must_use]
    pub fn from_number(n: u32) -> Option<Format> {
        match n {
            1 => Some(Format::Flat),
            2 => Some(Format::FanOut),
            _ => None,
        }
    }

    /// The number `signoff.toml` records.
    #[must_use]
    pub fn number(self) -> u32 {
        match self {
            Format::Flat => 1,
            Format::FanOut => 2,
        }
    }

    /// The folder holding every request of one deliverable.
    #[must_use]
    pub fn deliverable_dir(self, deliverable: &str) -> String {
        match self {
            Format::Flat => format!("{DELIVERABLES}/{deliverable}"),
            Format::FanOut => format!("{DELIVERABLES}/{}/{deliverable}", fan(deliverable)),
        }
    }

    /// The folder holding one request and everything about it.
    #[must_use]
    pub fn request_dir(self, deliverable: &str, request: &str) -> String {
        format!("{}/{request}", self.deliverable_dir(deliverable))
    }
    #[must_use]
    pub fn request_path(self, deliverable: &str, request: &str) -> String {
        format!("{}/request.toml", self.request_dir(deliverable, request))
    }
    #[must_use]
    pub fn decision_path(self, deliverable: &str, request: &str, id: &str) -> String {
        format!(
            "{}/decisions/{id}.toml",
            self.request_dir(deliverable, request)
        )
    }
    #[must_use]
    pub fn comment_path(self, deliverable: &str, request: &str, id: &str) -> String {
        format!(
            "{}/comments/{id}.toml",
            self.request_dir(deliverable, request)
        )
    }
    /// Where a `notified` record (the server mailed the link-deciders) is
    /// filed.
    #[must_use]
    pub fn notified_path(self, deliverable: &str, request: &str, id: &str) -> String {
        format!(
            "{}/notified/{id}.toml",
            self.request_dir(deliverable, request)
        )
    }
    /// The folder of a request's snapshot of the deliverable's files.
    #[must_use]
    pub fn content_dir(self, deliverable: &str, request: &str) -> String {
        content_dir_in(&self.request_dir(deliverable, request))
    }
    #[must_use]
    pub fn content_path(self, deliverable: &str, request: &str, file: &str) -> String {
        format!("{}/{file}", self.content_dir(deliverable, request))
    }

    /// The request id whose folder holds `path`, when `path` lies in one of
    /// the request folders of `deliverable` itself (not of a deliverable
    /// nested under its name, `<name>/<part>/…`).
    #[must_use]
    pub fn request_of<'a>(self, deliverable: &str, path: &'a str) -> Option<&'a str> {
        let dir = self.deliverable_dir(deliverable);
        let rest = path.strip_prefix(dir.as_str())?.strip_prefix('/')?;
        let id = rest.split('/').next()?;
        is_record_id(id).then_some(id)
    }
}

/// The request folder ("unit") that holds `path`: the path up to and
/// including the first part after `deliverables/` that is a record id.
/// Everything about one request (its record, decisions, comments and
/// snapshot) lies in its unit, so units are read, verified and indexed one
/// at a time, keyed by their tree id.
#[must_use]
pub fn unit_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix(DELIVERABLES)?.strip_prefix('/')?;
    let mut end = DELIVERABLES.len() + 1;
    for part in rest.split('/') {
        end += part.len();
        if is_record_id(part) {
            return (end < path.len()).then(|| &path[..end]);
        }
        end += 1;
    }
    None
}

/// Whether the folder named `name` inside `dir` is a unit ([`unit_of`]):
/// under `deliverables/` and named by a record id (a walk stops at the
/// first one, so nothing above it is a record id).
#[must_use]
pub fn is_unit_dir(dir: &str, name: &str) -> bool {
    dir.strip_prefix(DELIVERABLES)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        && is_record_id(name)
}

/// The fan-out folder of a deliverable name: two hex digits.
fn fan(deliverable: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(deliverable.as_bytes());
    format!("{:02x}", digest[0])
}

/// The snapshot folder inside the request folder `dir`.
#[must_use]
pub fn content_dir_in(dir: &str) -> String {
    format!("{dir}/content")
}
/// The signature file beside a record.
#[must_use]
pub fn sig_path(record_path: &str) -> String {
    format!("{record_path}.sig")
}

/// Whether `path` lies inside the request folder `dir`
/// ([`Format::request_dir`]).
#[must_use]
pub fn is_in(dir: &str, path: &str) -> bool {
    path.strip_prefix(dir)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether `path` lies in the policy folder.
#[must_use]
pub fn is_policy_path(path: &str) -> bool {
    path.strip_prefix(POLICY_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// `policy/NNNNNN.toml`.
#[must_use]
pub fn policy_path(version: u32) -> String {
    format!("{POLICY_DIR}/{version:06}.toml")
}

/// `policy/NNNNNN-<16 hex>.toml`: a proposal for `version` named by the
/// hash of its bytes (every version after the first is written so; older
/// stores also hold versions at the plain name).
#[must_use]
pub fn policy_proposal_path(version: u32, sha256_hex: &str) -> String {
    format!("{POLICY_DIR}/{version:06}-{}.toml", &sha256_hex[..16])
}

/// `policy/NNNNNN.sig.d/<person>.sig`.
#[must_use]
pub fn policy_sig_path(version: u32, person: &str) -> String {
    policy_sig_path_of(&policy_path(version), person)
}

/// The signature path of `person` for the policy version file at `path`
/// (`policy/<name>.toml` → `policy/<name>.sig.d/<person>.sig`).
#[must_use]
pub fn policy_sig_path_of(path: &str, person: &str) -> String {
    format!("{}/{person}.sig", policy_sig_dir_of(path))
}

/// The folder of signatures of the policy version file at `path`.
#[must_use]
pub fn policy_sig_dir_of(path: &str) -> String {
    format!("{}.sig.d", path.trim_end_matches(".toml"))
}

/// What a path in the store is, by the layout alone (nothing is read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'a> {
    /// [`STORE_FILE`].
    StoreFile,
    /// [`STORE_SIG`].
    StoreSig,
    /// A policy version file; `stem` is its name without `.toml`, `hash`
    /// the 16 hex digits of a proposal named by its hash.
    PolicyVersion {
        stem: &'a str,
        version: u32,
        hash: Option<&'a str>,
    },
    /// A signature of the policy version file named `stem` (whether
    /// `person` is a valid person id is the policy's to say).
    PolicySig {
        stem: &'a str,
        version: u32,
        person: &'a str,
    },
    /// Anything else under `policy/`: not a name the layout has.
    PolicyOther,
    /// A file of a request's snapshot: `dir` is the request folder.
    Content { dir: &'a str, file: &'a str },
    /// A record signature; `record` is the record's path.
    Sig { record: &'a str },
    /// A record (`.toml`) under `deliverables/`.
    Record,
    /// Anything else under `deliverables/`.
    DeliverableOther,
    /// Anything outside the layout.
    Unknown,
}

/// Classifies `path`. Snapshot files come first: a deliverable may hold any
/// file name, including `x.sig` or `y.toml`.
#[must_use]
pub fn place(path: &str) -> Place<'_> {
    match path {
        STORE_FILE => return Place::StoreFile,
        STORE_SIG => return Place::StoreSig,
        _ => {}
    }
    if let Some(rest) = path
        .strip_prefix(POLICY_DIR)
        .and_then(|r| r.strip_prefix('/'))
    {
        return policy_place(rest);
    }
    if !path
        .strip_prefix(DELIVERABLES)
        .is_some_and(|r| r.starts_with('/'))
    {
        return Place::Unknown;
    }
    if let Some((dir, file)) = content_split(path) {
        return Place::Content { dir, file };
    }
    if let Some(record) = path.strip_suffix(".sig") {
        return Place::Sig { record };
    }
    // Record files are named in lower case; `X.TOML` is not a record.
    #[allow(clippy::case_sensitive_file_extension_comparisons)]
    if path.ends_with(".toml") {
        Place::Record
    } else {
        Place::DeliverableOther
    }
}

fn policy_place(rest: &str) -> Place<'_> {
    if let Some(stem) = rest.strip_suffix(".toml").filter(|s| !s.contains('/')) {
        if let Some((version, hash)) = policy_stem(stem) {
            return Place::PolicyVersion {
                stem,
                version,
                hash,
            };
        }
    }
    let sig = rest.split_once(".sig.d/").and_then(|(stem, file)| {
        let person = file.strip_suffix(".sig")?;
        let (version, _) = policy_stem(stem)?;
        Some(Place::PolicySig {
            stem,
            version,
            person,
        })
    });
    sig.unwrap_or(Place::PolicyOther)
}

/// The version and (for `NNNNNN-<hash>`) the 16-digit hash a policy file
/// name carries, when it is exactly in one of the two canonical forms.
fn policy_stem(stem: &str) -> Option<(u32, Option<&str>)> {
    let (num, hash) = match stem.split_once('-') {
        Some((n, h)) => (n, Some(h)),
        None => (stem, None),
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(num, 6) {
        return None;
    }
    if let Some(h) = hash {
        if h.len() != 16 || !h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return None;
        }
    }
    Some((num.parse().ok()?, hash))
}

/// Splits `deliverables/<name>/<rid>/content/<file>` into the request folder
/// and the file path. The first `/content/` that follows a record id is the
/// split: deliverable names may contain a `content` part, but never a part
/// that looks like a record id.
fn content_split(path: &str) -> Option<(&str, &str)> {
    path.match_indices("/content/").find_map(|(idx, m)| {
        let dir = &path[..idx];
        let rid = dir.rsplit('/').next()?;
        is_record_id(rid).then(|| (dir, &path[idx + m.len()..]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RID: &str = "0192f2a4-7c1e-7b3a-9f00-000000000001";

    #[test]
    fn every_built_path_reads_back_as_its_place() {
        let d = "acme/content/logo";
        assert_eq!(place(STORE_FILE), Place::StoreFile);
        assert_eq!(place(STORE_SIG), Place::StoreSig);
        for f in [Format::Flat, Format::FanOut] {
            assert_eq!(Format::from_number(f.number()), Some(f));
            assert_eq!(place(&f.request_path(d, RID)), Place::Record);
            assert_eq!(place(&f.notified_path(d, RID, RID)), Place::Record);
            assert_eq!(
                unit_of(&f.notified_path(d, RID, RID)),
                Some(f.request_dir(d, RID).as_str())
            );
            assert_eq!(place(&f.decision_path(d, RID, RID)), Place::Record);
            assert_eq!(place(&f.comment_path(d, RID, RID)), Place::Record);
            let dir = f.request_dir(d, RID);
            assert_eq!(
                place(&f.content_path(d, RID, "a/b.sig")),
                Place::Content {
                    dir: &dir,
                    file: "a/b.sig"
                }
            );
            let rp = f.request_path(d, RID);
            assert_eq!(place(&sig_path(&rp)), Place::Sig { record: &rp });
            assert_eq!(f.request_of(d, &rp), Some(RID));
            assert_eq!(f.request_of("acme", &rp), None);
            assert!(is_in(&dir, &rp) && !is_in(&dir, &format!("{dir}x/y")));
        }
        assert_eq!(
            Format::Flat.request_path("pr-7", RID),
            format!("deliverables/pr-7/{RID}/request.toml")
        );
        // 256 fan-out folders: two hex digits of the name's SHA-256.
        let fanned = Format::FanOut.request_path("pr-7", RID);
        let parts: Vec<&str> = fanned.split('/').collect();
        assert_eq!(parts[0], "deliverables");
        assert!(parts[1].len() == 2 && parts[1].bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(&parts[2..], ["pr-7", RID, "request.toml"]);
        assert_eq!(Format::from_number(3), None);
        assert!(matches!(
            place(&policy_path(7)),
            Place::PolicyVersion {
                version: 7,
                hash: None,
                ..
            }
        ));
        let h = "0123456789abcdef0123";
        assert!(matches!(
            place(&policy_proposal_path(2, h)),
            Place::PolicyVersion {
                version: 2,
                hash: Some("0123456789abcdef"),
                ..
            }
        ));
        assert!(matches!(
            place(&policy_sig_path(3, "bob")),
            Place::PolicySig {
                version: 3,
                person: "bob",
                ..
            }
        ));
        for odd in ["policy/2.toml", "policy/+00002.toml", "policy/000001.TOML"] {
            assert_eq!(place(odd), Place::PolicyOther, "{odd}");
        }
        assert_eq!(place("README.md"), Place::Unknown);
    }

    #[test]
    fn every_record_path_has_its_request_folder_as_unit() {
        for f in [Format::Flat, Format::FanOut] {
            let dir = f.request_dir("acme/content/logo", RID);
            for p in [
                f.request_path("acme/content/logo", RID),
                f.decision_path("acme/content/logo", RID, RID),
                f.content_path("acme/content/logo", RID, "a/b.sig"),
            ] {
                assert_eq!(unit_of(&p), Some(dir.as_str()), "{p}");
            }
            let (parent, name) = dir.rsplit_once('/').unwrap();
            assert!(is_unit_dir(parent, name));
        }
        assert_eq!(unit_of(&format!("deliverables/x/{RID}")), None);
        assert!(is_unit_dir("deliverables", RID) && !is_unit_dir("deliverablesx", RID));
        assert_eq!(unit_of("deliverables/x/y.toml"), None);
        assert_eq!(unit_of(&format!("policy/{RID}/a")), None);
    }
}
