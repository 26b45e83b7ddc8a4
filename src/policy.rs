//! Policy model, rule lookup and the trust chain of policy versions.
//!
//! A policy version is a TOML file listing people with their keys, groups,
//! rules and the admin group with its threshold. Version `N+1` takes effect
//! only when signed by a threshold of the admins of `N` and of `N+1`; version 1
//! is anchored by a trust pin kept outside the branch (or trusted on first use,
//! with a warning). Competing proposals for `N+1` may coexist (`chain`), and
//! `diff` says what one changes. This module knows nothing of git: callers
//! hand it the bytes of each version and its signatures.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::record::{self, RecordError, SCHEMA_POLICY};
use crate::sign::Key;

mod chain;
mod diff;
mod rule;

pub use chain::{Chain, ChainProblem, Proposal, SigFile, VersionFiles, verify_chain};
pub use diff::{diff, summary};
pub use rule::{DeclineMode, Links, OnBehalf, Requirement, Rule, Stage};

/// Name of the default admin group.
pub const ADMIN_GROUP: &str = "admins";

/// A person who can sign records.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    #[serde(default)]
    pub keys: Vec<String>,
    /// Their time zone (an IANA name such as `Europe/Paris`): emails to
    /// them give deadlines in it. Absent: UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tz: Option<String>,
    /// After this their links and inbox stop (`2026-12-31`: the end of
    /// that day in `tz`; or an RFC 3339 time). Absent: no end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_until: Option<String>,
}

/// Who may change the policy.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Admins {
    pub group: String,
    pub threshold: u32,
}

/// One policy version.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub schema: String,
    pub store_id: String,
    pub version: u32,
    /// `sha256:` of the previous version's exact bytes (absent in version 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    pub admins: Admins,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub groups: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// People whose keys attest decisions made through email links
    /// (`signoff serve`); they sign link decisions and nothing else.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attesters: Vec<String>,
}

/// Why a policy (or the chain of versions) is not acceptable.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PolicyError {
    #[error("policy version {version} is malformed: {reason}")]
    Malformed { version: u32, reason: String },
    #[error("policy version {version} is invalid: {reason}")]
    Invalid { version: u32, reason: String },
    #[error("no policy version 1 on the store branch")]
    Missing,
    #[error("policy version {found} follows version {after}: versions must go up by exactly one")]
    Skipped { after: u32, found: u32 },
    #[error(
        "policy version {version} does not chain to version {prev}: its 'previous' hash does not match"
    )]
    BadChain { version: u32, prev: u32 },
    #[error("policy version 1 does not match the pinned trust root {pin}")]
    Untrusted { pin: String },
    #[error(
        "policy rollback: this branch's newest policy is version {found}, but version {seen} was seen before"
    )]
    Rollback { found: u32, seen: u32 },
}

impl Policy {
    /// Parses and checks one policy version.
    pub fn parse(bytes: &[u8]) -> Result<Policy, PolicyError> {
        let policy: Policy =
            record::parse_as(bytes).map_err(|e: RecordError| PolicyError::Malformed {
                version: 0,
                reason: e.to_string(),
            })?;
        policy.check()?;
        Ok(policy)
    }

    /// Structural checks: schema, unique people and keys, groups name known
    /// people, thresholds reachable, globs valid, keys strong Ed25519.
    pub fn check(&self) -> Result<(), PolicyError> {
        let invalid = |reason: String| PolicyError::Invalid {
            version: self.version,
            reason,
        };
        if self.schema != SCHEMA_POLICY {
            return Err(invalid(format!("schema is {:?}", self.schema)));
        }
        if self.version == 0 {
            return Err(invalid("version must start at 1".into()));
        }
        if (self.version == 1) != self.previous.is_none() {
            return Err(invalid(
                "'previous' must be absent in version 1 and present after".into(),
            ));
        }
        let mut ids = BTreeSet::new();
        let mut keys = BTreeMap::new();
        for p in &self.people {
            if let Err(e) = check_person_id(&p.id) {
                return Err(invalid(e));
            }
            if !ids.insert(p.id.as_str()) {
                return Err(invalid(format!("person {} is listed twice", p.id)));
            }
            if let Some(until) = &p.access_until {
                if crate::clock::Due::read(until).is_none() {
                    return Err(invalid(format!(
                        "access_until of {} is {until:?}: give a date (2026-12-31) or an RFC 3339 time",
                        p.id
                    )));
                }
            }
            for k in &p.keys {
                let key = Key::parse(k).map_err(|e| invalid(format!("key of {}: {e}", p.id)))?;
                if let Some(other) = keys.insert(key.fingerprint().to_string(), p.id.clone()) {
                    return Err(invalid(format!(
                        "key {} is listed for both {other} and {}",
                        key.fingerprint(),
                        p.id
                    )));
                }
            }
        }
        for (g, members) in &self.groups {
            let mut seen = BTreeSet::new();
            for m in members {
                if !ids.contains(m.as_str()) {
                    return Err(invalid(format!("group {g} names unknown person {m}")));
                }
                if !seen.insert(m) {
                    return Err(invalid(format!("group {g} lists {m} twice")));
                }
            }
        }
        for a in &self.attesters {
            if !ids.contains(a.as_str()) {
                return Err(invalid(format!("attester {a} is not a listed person")));
            }
            if let Some((g, _)) = self.groups.iter().find(|(_, m)| m.contains(a)) {
                return Err(invalid(format!(
                    "attester {a} is also in group {g}; an attester only vouches for link decisions"
                )));
            }
        }
        let admins = self
            .groups
            .get(&self.admins.group)
            .ok_or_else(|| invalid(format!("admin group {} is not defined", self.admins.group)))?;
        if self.admins.threshold == 0 || self.admins.threshold as usize > admins.len() {
            return Err(invalid(format!(
                "admin threshold {} must be between 1 and the {} members of {}",
                self.admins.threshold,
                admins.len(),
                self.admins.group
            )));
        }
        for r in &self.rules {
            globset::Glob::new(&r.pattern)
                .map_err(|e| invalid(format!("rule match {:?}: {e}", r.pattern)))?;
            if !r.stages.is_empty() && !r.require.is_empty() {
                return Err(invalid(format!(
                    "rule {:?} has both 'stages' and 'require'; use one",
                    r.pattern
                )));
            }
            if let OnBehalf::Group(g) = &r.on_behalf {
                if !self.groups.contains_key(g) {
                    return Err(invalid(format!(
                        "rule {:?} lets group {g} decide on behalf of others, but there is no such group",
                        r.pattern
                    )));
                }
            }
            for s in r.effective_stages() {
                for req in &s.require {
                    let Some(members) = self.groups.get(&req.group) else {
                        return Err(invalid(format!(
                            "rule {:?} requires unknown group {}",
                            r.pattern, req.group
                        )));
                    };
                    if req.count == 0 || req.count as usize > members.len() {
                        return Err(invalid(format!(
                            "rule {:?} requires {} of group {} which has {} members",
                            r.pattern,
                            req.count,
                            req.group,
                            members.len()
                        )));
                    }
                }
            }
        }
        Ok(())
    }

    /// The person with this id.
    #[must_use]
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    /// The person owning a key fingerprint.
    #[must_use]
    pub fn person_by_fingerprint(&self, fp: &str) -> Option<&Person> {
        self.people.iter().find(|p| {
            p.keys
                .iter()
                .any(|k| Key::parse(k).is_ok_and(|k| k.fingerprint() == fp))
        })
    }

    /// The parsed key of `person` with fingerprint `fp`, if listed.
    #[must_use]
    pub fn key_of(&self, person: &str, fp: &str) -> Option<Key> {
        self.person(person)?
            .keys
            .iter()
            .filter_map(|k| Key::parse(k).ok())
            .find(|k| k.fingerprint() == fp)
    }

    /// Members of a group (empty when unknown).
    #[must_use]
    pub fn members(&self, group: &str) -> &[String] {
        self.groups.get(group).map_or(&[], Vec::as_slice)
    }

    #[must_use]
    pub fn is_admin(&self, person: &str) -> bool {
        self.members(&self.admins.group).iter().any(|m| m == person)
    }

    /// The first rule whose glob matches the deliverable name.
    #[must_use]
    pub fn rule_for(&self, deliverable: &str) -> Rule {
        self.rules
            .iter()
            .find(|r| glob_matches(&r.pattern, deliverable))
            .cloned()
            .unwrap_or_else(Rule::fallback)
    }

    /// An OpenSSH `allowed_signers` file for every key in this version.
    #[must_use]
    pub fn allowed_signers(&self) -> String {
        self.allowed_signers_for(Signers::Records)
    }

    /// An `allowed_signers` file for records (principal: the person's id,
    /// namespace `signoff`) or for git's `gpg.ssh.allowedSignersFile`
    /// (principal: the person's email, namespace `git`, which store commits
    /// are signed in).
    #[must_use]
    pub fn allowed_signers_for(&self, what: Signers) -> String {
        let mut out = String::new();
        for p in &self.people {
            let (principal, namespace) = match what {
                Signers::Records => (p.id.as_str(), crate::sign::NAMESPACE),
                Signers::GitCommits => (
                    if allowed_principal(&p.email) {
                        p.email.as_str()
                    } else {
                        p.id.as_str()
                    },
                    crate::sign::GIT_NAMESPACE,
                ),
            };
            for k in &p.keys {
                if let Ok(key) = Key::parse(k) {
                    out.push_str(&format!(
                        "{principal} namespaces=\"{namespace}\" {}\n",
                        key.openssh()
                    ));
                }
            }
        }
        out
    }

    /// The bytes of this version as written to the branch.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        record::to_bytes(self)
    }
}

/// Person ids: like a deliverable segment, short.
pub fn check_person_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "invalid person id {id:?}: use 1-64 characters a-z, 0-9, '.', '_' or '-', starting with a letter or digit"
        ))
    }
}

/// The trust root pinned outside the branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustPin {
    /// `sha256:<hex>` of policy version 1's exact bytes.
    PolicyHash(String),
    /// Admin key fingerprints (`SHA256:…`), any threshold of which must sign v1.
    Keys(Vec<String>),
}

impl TrustPin {
    /// Parses `sha256:<hex>` or a comma-separated list of `SHA256:` fingerprints.
    pub fn parse(s: &str) -> Result<TrustPin, String> {
        let s = s.trim();
        if let Some(hex) = s.strip_prefix("sha256:") {
            if hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return Ok(TrustPin::PolicyHash(format!(
                    "sha256:{}",
                    hex.to_ascii_lowercase()
                )));
            }
        } else {
            let fps: Vec<String> = s.split(',').map(|f| f.trim().to_string()).collect();
            if !fps.is_empty() && fps.iter().all(|f| f.starts_with("SHA256:") && f.len() > 40) {
                return Ok(TrustPin::Keys(fps));
            }
        }
        Err(format!(
            "invalid trust root {s:?}: give sha256:<64 hex digits> (policy v1 hash) or SHA256:… key fingerprints separated by commas"
        ))
    }
}

/// Whether the rule pattern `pattern` matches `deliverable`. Compiling a
/// glob costs far more than matching it, and a listing asks once per
/// deliverable: each pattern is compiled once per thread.
fn glob_matches(pattern: &str, deliverable: &str) -> bool {
    thread_local! {
        static GLOBS: std::cell::RefCell<
            std::collections::HashMap<String, Option<globset::GlobMatcher>>,
        > = std::cell::RefCell::default();
    }
    GLOBS.with(|m| {
        m.borrow_mut()
            .entry(pattern.to_string())
            .or_insert_with(|| {
                globset::GlobBuilder::new(pattern)
                    .literal_separator(true)
                    .build()
                    .ok()
                    .map(|g| g.compile_matcher())
            })
            .as_ref()
            .is_some_and(|g| g.is_match(deliverable))
    })
}

/// Which signatures an `allowed_signers` file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signers {
    /// Records (`ssh-keygen -Y verify -n signoff`).
    Records,
    /// Store commits (`git verify-commit` with `gpg.ssh.allowedSignersFile`).
    GitCommits,
}

/// Whether an email can stand as an `allowed_signers` principal as is
/// (no spaces, quotes, commas or control characters, which the file's
/// syntax would read otherwise).
fn allowed_principal(email: &str) -> bool {
    !email.is_empty()
        && email
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | ',' | '*' | '?' | '!'))
}
