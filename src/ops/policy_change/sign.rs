//! Signing a proposed policy version: choosing it, checking that the
//! signature would count, and adding it.

use super::{PolicyChangeError, Proposed, Result, landed};
use crate::content::sha256_tagged;
use crate::layout::policy_sig_path_of;
use crate::ledger::{Ledger, Note, Prepared, Snapshot};
use crate::policy::{Person, Policy, Proposal};
use crate::sign::Signer;
use crate::store::NewFile;

/// The person the signer is in the policy in force, else in a proposed
/// version (a new admin signing the version that adds them).
#[must_use]
pub fn signer_identity(
    snap: &Snapshot,
    fp: &str,
    configured: Option<&str>,
) -> Option<(String, Option<Person>)> {
    let policies = std::iter::once(snap.policy()).chain(signable(snap).map(|p| &p.policy));
    for p in policies {
        let found = match configured {
            Some(id) => p.key_of(id, fp).and_then(|_| p.person(id)),
            None => p.person_by_fingerprint(fp),
        };
        if let Some(person) = found {
            return Some((person.id.clone(), Some(person.clone())));
        }
    }
    None
}

/// What an admin may sign: the proposals waiting for the next version, and
/// the versions competing with the one in effect (made apart and merged).
fn signable(snap: &Snapshot) -> impl Iterator<Item = &Proposal> {
    snap.chain
        .proposed
        .iter()
        .chain(snap.chain.competing.iter())
}

/// The proposal `wanted` names: a unique prefix of its hash, or a version
/// only one proposal waits for; with no name, the only proposal waiting.
pub fn choose<'s>(snap: &'s Snapshot, wanted: Option<&str>) -> Result<&'s Proposal> {
    use PolicyChangeError as E;
    let in_force = snap.policy().version;
    let waiting: Vec<&Proposal> = signable(snap).collect();
    let list = || {
        waiting
            .iter()
            .map(|p| format!("{} (version {})", p.id(), p.policy.version))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(&first) = waiting.first() else {
        return Err(E::NoneWaiting { in_force });
    };
    let Some(wanted) = wanted else {
        if waiting.len() == 1 {
            return Ok(first);
        }
        return Err(E::Several {
            count: waiting.len(),
            waiting: list(),
        });
    };
    if let Ok(v) = wanted.parse::<u32>() {
        if wanted.len() <= 6 {
            if v <= in_force {
                return Err(E::AlreadyInEffect {
                    version: v,
                    in_force,
                });
            }
            let matching: Vec<&Proposal> = waiting
                .iter()
                .copied()
                .filter(|p| p.policy.version == v)
                .collect();
            return match matching.as_slice() {
                [one] => Ok(one),
                [] => Err(E::NoneForVersion {
                    version: v,
                    waiting: list(),
                }),
                _ => Err(E::SeveralForVersion {
                    version: v,
                    count: matching.len(),
                    waiting: list(),
                }),
            };
        }
    }
    let prefix = wanted.trim_start_matches("sha256:").to_ascii_lowercase();
    if prefix.len() < 4 || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(E::NotAnId(wanted.to_string()));
    }
    let matching: Vec<&Proposal> = waiting
        .iter()
        .copied()
        .filter(|p| p.hash["sha256:".len()..].starts_with(&prefix))
        .collect();
    match matching.as_slice() {
        [one] => Ok(one),
        [] => Err(E::NoSuchProposal {
            wanted: wanted.to_string(),
            waiting: list(),
        }),
        _ => Err(E::AmbiguousId(wanted.to_string())),
    }
}

/// Refuses a signature by `me` that would not count, or one already there.
pub fn check_may_sign(
    ledger: &Ledger,
    snap: &Snapshot,
    proposal: &Proposal,
    me: &str,
    signer: &Signer,
) -> Result<()> {
    use PolicyChangeError as E;
    let fp = signer.key().fingerprint();
    let v = proposal.policy.version;
    // A competing version follows the one before the version in effect.
    let previous = usize::try_from(v)
        .ok()
        .and_then(|v| v.checked_sub(2))
        .and_then(|i| snap.chain.effective.get(i))
        .unwrap_or(snap.policy());
    let counts = |p: &Policy| p.is_admin(me) && p.key_of(me, fp).is_some();
    if !counts(previous) && !counts(&proposal.policy) {
        return Err(E::WouldNotCount {
            person: me.to_string(),
            in_force: previous.version,
            version: v,
        });
    }
    let sig_path = policy_sig_path_of(&proposal.path, me);
    if let Some(existing) = ledger.store.read(&snap.tip, &sig_path)? {
        let bytes = ledger
            .store
            .read(&snap.tip, &proposal.path)?
            .unwrap_or_default();
        if signer.key().verify(&bytes, &existing).is_ok() {
            return Err(E::AlreadySigned {
                person: me.to_string(),
                version: v,
                id: proposal.id().to_string(),
            });
        }
        return Err(E::ForeignSignature(sig_path));
    }
    Ok(())
}

/// Adds the signer's signature to `chosen` (a proposal the person has seen),
/// checked again against the snapshot the write lands on.
pub fn sign(
    ledger: &Ledger,
    signer: &Signer,
    configured: Option<&str>,
    chosen: &Proposal,
) -> Result<Proposed> {
    let fp = signer.key().fingerprint().to_string();
    let no_identity = || PolicyChangeError::NoIdentity {
        fingerprint: fp.clone(),
    };
    let (commit, signed_version) = ledger.append_as(
        signer,
        |snap| signer_identity(snap, &fp, configured).ok_or_else(no_identity),
        |snap| {
            let (me, _) = signer_identity(snap, &fp, configured).ok_or_else(no_identity)?;
            let Some(proposal) = signable(snap).find(|p| p.hash == chosen.hash) else {
                return Err(PolicyChangeError::NoLongerWaiting {
                    id: chosen.id().to_string(),
                    in_force: snap.policy().version,
                });
            };
            check_may_sign(ledger, snap, proposal, &me, signer)?;
            let v = proposal.policy.version;
            let bytes = ledger
                .store
                .read(&snap.tip, &proposal.path)?
                .filter(|b| sha256_tagged(b) == chosen.hash)
                .ok_or_else(|| PolicyChangeError::ProposalChanged(proposal.path.clone()))?;
            let sig = signer
                .sign(&bytes)
                .map_err(|e| PolicyChangeError::Sign(e.to_string()))?;
            Ok(Prepared {
                records: Vec::new(),
                files: vec![(
                    policy_sig_path_of(&proposal.path, &me),
                    NewFile::Bytes(sig.into_bytes()),
                )],
                subject: format!("{me} signed policy version {v}"),
                note: Note::PolicySignature {
                    version: v,
                    proposal: chosen.hash.clone(),
                },
                value: v,
            })
        },
    )?;
    landed(ledger, signed_version, &chosen.hash, commit)
}
