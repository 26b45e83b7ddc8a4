//! The trust chain of policy versions, and the proposals waiting beside it.
//!
//! Several files may propose the same version N+1 (`policy/NNNNNN.toml`, or
//! `policy/NNNNNN-<hash>.toml` beside it): each is a candidate with its own
//! signatures. The chain walks up from version 1; version N+1 is the
//! candidate that names version N's hash and is signed by a threshold of the
//! admins of N and of its own admins. The others are proposals: they never
//! block another candidate, another change or the chain. Two candidates
//! that both reached the thresholds (two admins who changed the policy
//! apart, met in a merge) compete: one is in effect on every clone (the one
//! a later version builds on, else the one more admins signed, else the
//! lower hash) and the other is listed as competing, never as a problem, so
//! nothing wedges; an admin keeps it instead by signing it. A file that no
//! admin of the version it follows signed is not a proposal but garbage,
//! reported as a problem; an admin-signed file that is not a valid policy
//! breaks the chain (an error, as an admin vouched for it).

use std::collections::{BTreeMap, BTreeSet};

use super::{Policy, PolicyError, TrustPin};
use crate::content::sha256_tagged;
use crate::sign::Key;

/// One signature file of a policy version.
#[derive(Debug, Clone)]
pub struct SigFile {
    /// The person named by the file name.
    pub person: String,
    pub path: String,
    pub bytes: Vec<u8>,
}

/// One candidate policy version as found on the branch.
#[derive(Debug, Clone)]
pub struct VersionFiles {
    /// The version its file name gives.
    pub version: u32,
    pub path: String,
    /// Whether the file name carries the content hash (`NNNNNN-<hash>.toml`).
    pub hashed: bool,
    pub bytes: Vec<u8>,
    pub signatures: Vec<SigFile>,
}

/// A path under `policy/` that is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainProblem {
    pub path: String,
    pub message: String,
}

/// A candidate version that is not in effect.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub policy: Policy,
    pub path: String,
    /// `sha256:` of its exact bytes: what a signature signs.
    pub hash: String,
    /// People whose signature over it verifies.
    pub signed_by: Vec<String>,
    /// Why it is not in effect.
    pub missing: Vec<String>,
}

impl Proposal {
    /// The short id people name it by: the first 16 hex digits of its hash.
    #[must_use]
    pub fn id(&self) -> &str {
        let hex = self.hash.trim_start_matches("sha256:");
        &hex[..hex.len().min(16)]
    }
}

/// The outcome of checking the chain of policy versions.
#[derive(Debug, Clone)]
pub struct Chain {
    /// Every version in effect, oldest first.
    pub effective: Vec<Policy>,
    /// The path of each version in effect.
    pub paths: Vec<String>,
    /// `sha256:` of each version in effect.
    pub hashes: Vec<String>,
    /// Proposals for the next version, each waiting for signatures.
    pub proposed: Vec<Proposal>,
    /// Admin-signed candidates that can no longer take effect (another
    /// candidate took their version, or they follow one not in effect).
    pub stale: Vec<Proposal>,
    /// Versions that reached every threshold but compete with the version
    /// in effect at their number: made apart (two admins offline) and met
    /// in a merge. Any admin settles it by signing the one to keep.
    pub competing: Vec<Proposal>,
    /// Files under `policy/` that are not acceptable.
    pub problems: Vec<ChainProblem>,
    /// True when no trust pin was given.
    pub tofu: bool,
    /// Hash of version 1, to pin.
    pub root_hash: String,
}

impl Chain {
    /// An OpenSSH `allowed_signers` file for every key of every version in
    /// effect (a record signed before a key was rotated out still checks),
    /// each line once.
    #[must_use]
    pub fn allowed_signers(&self) -> String {
        self.allowed_signers_for(super::Signers::Records)
    }

    /// [`Chain::allowed_signers`] for records or for git's commit
    /// signatures ([`super::Signers`]).
    #[must_use]
    pub fn allowed_signers_for(&self, what: super::Signers) -> String {
        let mut lines: Vec<String> = Vec::new();
        for p in &self.effective {
            for l in p.allowed_signers_for(what).lines() {
                if !lines.iter().any(|x| x == l) {
                    lines.push(l.to_string());
                }
            }
        }
        lines.join("\n") + "\n"
    }

    /// The policy in force now.
    #[must_use]
    pub fn current(&self) -> &Policy {
        self.effective
            .last()
            .expect("a verified chain has at least version 1")
    }

    /// The path of version `version` in effect.
    #[must_use]
    pub fn path(&self, version: u32) -> Option<&str> {
        let i = usize::try_from(version).ok()?.checked_sub(1)?;
        self.paths.get(i).map(String::as_str)
    }

    /// `sha256:` of the policy in force.
    #[must_use]
    pub fn current_hash(&self) -> &str {
        self.hashes.last().map_or("", String::as_str)
    }
}

/// Distinct people among the signers of `policy`'s admin group whose
/// signature over `bytes` verifies with one of their keys in `policy`.
fn valid_admin_signers(policy: &Policy, bytes: &[u8], sigs: &[SigFile]) -> BTreeSet<String> {
    let admins = policy.members(&policy.admins.group);
    sigs.iter()
        .filter(|s| admins.contains(&s.person) && verifies(policy, bytes, s))
        .map(|s| s.person.clone())
        .collect()
}

/// Whether `sig` verifies with a key `policy` lists for the person it names.
fn verifies(policy: &Policy, bytes: &[u8], sig: &SigFile) -> bool {
    policy.person(&sig.person).is_some_and(|p| {
        p.keys
            .iter()
            .filter_map(|k| Key::parse(k).ok())
            .any(|k| k.verify(bytes, &sig.bytes).is_ok())
    })
}

/// Parses a candidate and checks it belongs where its file says.
fn parse_version(v: &VersionFiles, store_id: &str) -> Result<Policy, PolicyError> {
    let policy = Policy::parse(&v.bytes).map_err(|e| match e {
        PolicyError::Malformed { reason, .. } => PolicyError::Malformed {
            version: v.version,
            reason,
        },
        other => other,
    })?;
    let invalid = |reason: String| PolicyError::Invalid {
        version: v.version,
        reason,
    };
    if policy.version != v.version {
        return Err(invalid(format!(
            "its file is version {} but it says version {}",
            v.version, policy.version
        )));
    }
    if policy.store_id != store_id {
        return Err(invalid("it belongs to another store".into()));
    }
    Ok(policy)
}

/// Checks version 1 (the root) against the pin.
fn check_root(
    store_id: &str,
    v: &VersionFiles,
    pin: Option<&TrustPin>,
) -> Result<(Policy, String), PolicyError> {
    let root_hash = sha256_tagged(&v.bytes);
    let policy = parse_version(v, store_id)?;
    let own = valid_admin_signers(&policy, &v.bytes, &v.signatures);
    if own.len() < policy.admins.threshold as usize {
        return Err(PolicyError::Invalid {
            version: 1,
            reason: format!(
                "{} of {} admins of version 1 signed (needs {})",
                own.len(),
                policy.members(&policy.admins.group).len(),
                policy.admins.threshold
            ),
        });
    }
    match pin {
        Some(TrustPin::PolicyHash(h)) if *h != root_hash => {
            return Err(PolicyError::Untrusted { pin: h.clone() });
        }
        Some(TrustPin::Keys(fps)) => {
            let pinned_signers = own
                .iter()
                .filter(|who| {
                    let Some(person) = policy.person(who) else {
                        return false;
                    };
                    person
                        .keys
                        .iter()
                        .filter_map(|k| Key::parse(k).ok())
                        .any(|k| {
                            fps.iter().any(|f| f == k.fingerprint())
                                && v.signatures.iter().any(|s| {
                                    s.person == **who && k.verify(&v.bytes, &s.bytes).is_ok()
                                })
                        })
                })
                .count();
            if pinned_signers < policy.admins.threshold as usize {
                return Err(PolicyError::Untrusted { pin: fps.join(",") });
            }
        }
        _ => {}
    }
    Ok((policy, root_hash))
}

/// What one candidate for the version after `prev` is.
enum Verdict {
    /// Signed by enough admins of `prev` and of itself: it may take effect.
    Ready(Proposal),
    /// Admin-signed, waiting for more signatures.
    Pending(Proposal),
    /// Admin-signed but made from another version than `prev`.
    Stale(Proposal),
    /// Signed by no admin of `prev`: not a proposal.
    Garbage(String),
}

fn judge(
    store_id: &str,
    v: &VersionFiles,
    prev: &Policy,
    prev_hash: &str,
) -> Result<Verdict, PolicyError> {
    let by_prev = valid_admin_signers(prev, &v.bytes, &v.signatures);
    let policy = match parse_version(v, store_id) {
        Ok(p) => p,
        // An admin vouched for a broken policy: the chain is broken.
        Err(e) if !by_prev.is_empty() => return Err(e),
        Err(e) => return Ok(Verdict::Garbage(e.to_string())),
    };
    if by_prev.is_empty() {
        return Ok(Verdict::Garbage(format!(
            "policy version {} is signed by no admin of version {}; it is not a proposal",
            v.version, prev.version
        )));
    }
    let own = valid_admin_signers(&policy, &v.bytes, &v.signatures);
    let mut signed_by: Vec<String> = by_prev.union(&own).cloned().collect();
    signed_by.sort();
    let mut proposal = Proposal {
        path: v.path.clone(),
        hash: sha256_tagged(&v.bytes),
        signed_by,
        missing: Vec::new(),
        policy,
    };
    if proposal.policy.previous.as_deref() != Some(prev_hash) {
        proposal.missing.push(format!(
            "it was made from another version {} than the one in force",
            prev.version
        ));
        return Ok(Verdict::Stale(proposal));
    }
    let p = &proposal.policy;
    if own.len() < p.admins.threshold as usize {
        proposal.missing.push(format!(
            "{} of {} admins of version {} signed (needs {})",
            own.len(),
            p.members(&p.admins.group).len(),
            v.version,
            p.admins.threshold
        ));
    }
    if by_prev.len() < prev.admins.threshold as usize {
        proposal.missing.push(format!(
            "{} of the admins of version {} signed (needs {})",
            by_prev.len(),
            prev.version,
            prev.admins.threshold
        ));
    }
    Ok(if proposal.missing.is_empty() {
        Verdict::Ready(proposal)
    } else {
        Verdict::Pending(proposal)
    })
}

/// Reports signature files that do not verify for the person they name,
/// under `prev` or `this`.
fn check_signatures(
    v: &VersionFiles,
    prev: Option<&Policy>,
    this: &Policy,
    problems: &mut Vec<ChainProblem>,
) {
    for s in &v.signatures {
        let ok = verifies(this, &v.bytes, s) || prev.is_some_and(|p| verifies(p, &v.bytes, s));
        if !ok {
            problems.push(ChainProblem {
                path: s.path.clone(),
                message: format!(
                    "signature does not verify with a key of {} over {}",
                    s.person, v.path
                ),
            });
        }
    }
}

/// Whether a candidate of the following version names `p` as its previous
/// version and is signed by an admin of `p`.
fn has_successor(store_id: &str, p: &Proposal, later: &[&VersionFiles]) -> bool {
    later.iter().any(|v| {
        parse_version(v, store_id).is_ok_and(|next| next.previous.as_deref() == Some(&p.hash))
            && !valid_admin_signers(&p.policy, &v.bytes, &v.signatures).is_empty()
    })
}

/// Checks the chain of versions against the store id and the trust pin.
pub fn verify_chain(
    store_id: &str,
    versions: &[VersionFiles],
    pin: Option<&TrustPin>,
) -> Result<Chain, PolicyError> {
    let mut by_version: BTreeMap<u32, Vec<&VersionFiles>> = BTreeMap::new();
    for v in versions {
        by_version.entry(v.version).or_default().push(v);
    }
    let mut problems = Vec::new();
    for v in by_version.remove(&0).unwrap_or_default() {
        problems.push(garbage(v, "policy versions start at 1".into()));
    }
    // Version 1 is the root: exactly the plain file, pinned or trusted.
    let mut roots = by_version.remove(&1).unwrap_or_default();
    let Some(at) = roots.iter().position(|v| !v.hashed) else {
        return Err(PolicyError::Missing);
    };
    let root = roots.remove(at);
    for v in roots {
        problems.push(garbage(
            v,
            "a second policy version 1; version 1 is the trust root and there is only one".into(),
        ));
    }
    let (first, root_hash) = check_root(store_id, root, pin)?;
    check_signatures(root, None, &first, &mut problems);
    let mut chain = Chain {
        effective: vec![first],
        paths: vec![root.path.clone()],
        hashes: vec![root_hash.clone()],
        proposed: Vec::new(),
        stale: Vec::new(),
        competing: Vec::new(),
        tofu: pin.is_none(),
        root_hash,
        problems,
    };
    while next_version(store_id, &mut chain, &mut by_version)? {}
    beyond(store_id, &mut chain, by_version);
    Ok(chain)
}

/// A policy file that is no policy version at all.
fn garbage(v: &VersionFiles, message: String) -> ChainProblem {
    ChainProblem {
        path: v.path.clone(),
        message,
    }
}

/// Puts the version after the chain's current one in effect, if a
/// candidate for it reached the thresholds; `false` when none did (the
/// chain ends). Candidates that compete with it, or wait, are kept.
fn next_version(
    store_id: &str,
    chain: &mut Chain,
    by_version: &mut BTreeMap<u32, Vec<&VersionFiles>>,
) -> Result<bool, PolicyError> {
    let prev = chain.current().clone();
    let next = prev.version + 1;
    let Some(candidates) = by_version.remove(&next) else {
        return Ok(false);
    };
    let mut ready = Vec::new();
    let mut waiting = Vec::new();
    for v in candidates {
        match judge(store_id, v, &prev, chain.current_hash())? {
            Verdict::Ready(p) => {
                check_signatures(v, Some(&prev), &p.policy, &mut chain.problems);
                ready.push((p, v));
            }
            Verdict::Pending(p) => {
                check_signatures(v, Some(&prev), &p.policy, &mut chain.problems);
                waiting.push(p);
            }
            Verdict::Stale(p) => {
                check_signatures(v, Some(&prev), &p.policy, &mut chain.problems);
                chain.stale.push(p);
            }
            Verdict::Garbage(m) => chain.problems.push(garbage(v, m)),
        }
    }
    // Two candidates that both reached the thresholds (made apart and
    // merged) compete: on every clone the same one is in effect, and
    // the admins choose by signing. First the one a later version
    // builds on (choosing the other would undo that version), then the
    // one more admins signed, then the lower hash. The others stay
    // visible as competing versions; signing one puts it ahead.
    let later = by_version.get(&(next + 1)).cloned().unwrap_or_default();
    ready.sort_by(|a, b| {
        let built = |p: &Proposal| has_successor(store_id, p, &later);
        built(&b.0)
            .cmp(&built(&a.0))
            .then(b.0.signed_by.len().cmp(&a.0.signed_by.len()))
            .then(a.0.hash.cmp(&b.0.hash))
    });
    let mut ready = ready.into_iter();
    let Some((winner, file)) = ready.next() else {
        chain.proposed = waiting;
        return Ok(false);
    };
    for (mut p, _) in ready {
        p.missing = vec![format!(
            "competes with {} ({}), in effect as version {next}: an admin who signs this one puts it in effect instead",
            winner.id(),
            winner.path
        )];
        chain.competing.push(p);
    }
    for mut p in waiting {
        p.missing = vec![format!(
            "another proposal became version {next} ({})",
            winner.path
        )];
        chain.stale.push(p);
    }
    chain.paths.push(file.path.clone());
    chain.hashes.push(winner.hash);
    chain.effective.push(winner.policy);
    Ok(true)
}

/// Versions beyond the next one follow a version not in effect: stale
/// when the current admins signed them, else problems.
fn beyond(store_id: &str, chain: &mut Chain, by_version: BTreeMap<u32, Vec<&VersionFiles>>) {
    let current = chain.current().clone();
    for (version, candidates) in by_version {
        for v in candidates {
            let signed = !valid_admin_signers(&current, &v.bytes, &v.signatures).is_empty();
            match parse_version(v, store_id) {
                Ok(policy) if signed => {
                    chain.stale.push(Proposal {
                        path: v.path.clone(),
                        hash: sha256_tagged(&v.bytes),
                        signed_by: Vec::new(),
                        missing: vec!["an earlier version is not yet in effect".into()],
                        policy,
                    });
                }
                _ => chain.problems.push(garbage(
                    v,
                    PolicyError::Skipped {
                        after: current.version,
                        found: version,
                    }
                    .to_string(),
                )),
            }
        }
    }
}
