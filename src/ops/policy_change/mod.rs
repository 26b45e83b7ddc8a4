//! Changing the policy: every change is a proposed version N+1, signed by its
//! proposer, that takes effect once the admin thresholds of version N and of
//! version N+1 have signed it (`policy::chain` decides that on every load).
//!
//! [`propose`] writes a proposal made by a [`Change`]; [`choose`] and
//! [`sign`] add another admin's signature to a proposal waiting for it.
//! Other proposals for the same version never stand in the way: each is its
//! own file, named by its hash (`layout::policy_proposal_path`).

mod file;
mod sign;

pub use file::next_from_file;
pub use sign::{check_may_sign, choose, sign, signer_identity};

use crate::content::sha256_tagged;
use crate::layout::{self, policy_sig_path_of};
use crate::ledger::{Ledger, LedgerError, Note, Prepared, Snapshot, whoami};
use crate::policy::{Person, Policy};
use crate::sign::Signer;
use crate::store::NewFile;

/// What to change, from the policy in force.
#[derive(Debug, Clone)]
pub enum Change {
    /// Add a person (with keys already checked) and put them in groups.
    AddPerson { person: Person, groups: Vec<String> },
    /// Add the attestation key of the email-link server as a person who
    /// signs link decisions and nothing else.
    AddAttester(Person),
    /// Remove a person from the policy and from every group.
    RemovePerson(String),
    /// Change a person's time zone or the end of their link access
    /// (`Some(None)`: no end); `None` leaves a field as it is.
    EditPerson {
        id: String,
        tz: Option<String>,
        access_until: Option<Option<String>>,
    },
    /// Add people to a group (creating it).
    AddToGroup { group: String, people: Vec<String> },
    /// Remove people from a group; with nobody named, the whole group.
    RemoveFromGroup { group: String, people: Vec<String> },
    /// Replace the policy with a file (an edited copy of the one in force).
    File(Vec<u8>),
}

/// A proposal (or signature) that landed.
#[derive(Debug, Clone)]
pub struct Proposed {
    pub version: u32,
    /// The proposal's id (first 16 hex digits of its hash).
    pub id: String,
    /// Whether it is the policy in force now.
    pub in_effect: bool,
    pub commit: String,
}

/// Why nothing was written.
#[derive(Debug)]
pub enum PolicyChangeError {
    /// Only admins propose changes.
    NotAdmin {
        person: String,
        group: String,
    },
    /// The changed policy breaks a rule of the policy format.
    Invalid(String),
    /// A new person's name or address is not one line of visible text.
    BadPeople(String),
    /// The same bytes are already proposed.
    AlreadyProposed {
        id: String,
        version: u32,
    },
    UnknownPerson(String),
    PersonExists(String),
    UnknownGroup(String),
    AlreadyInGroup {
        person: String,
        group: String,
    },
    NotInGroup {
        person: String,
        group: String,
    },
    /// A policy file that does not parse.
    FileUnreadable(String),
    FileSchema(String),
    FileOtherStore,
    /// The file's version is neither the one in force nor the next.
    FileVersion {
        file: u32,
        in_force: u32,
    },
    /// The file was made from another version than the one in force.
    FilePrevious {
        in_force: u32,
    },
    /// The file breaks a rule of the policy format.
    FileInvalid(String),
    FileChangesNothing,
    /// Nothing waits for signatures.
    NoneWaiting {
        in_force: u32,
    },
    /// Several proposals wait; one must be named.
    Several {
        count: usize,
        waiting: String,
    },
    AlreadyInEffect {
        version: u32,
        in_force: u32,
    },
    NoneForVersion {
        version: u32,
        waiting: String,
    },
    SeveralForVersion {
        version: u32,
        count: usize,
        waiting: String,
    },
    NotAnId(String),
    NoSuchProposal {
        wanted: String,
        waiting: String,
    },
    AmbiguousId(String),
    /// The signer's key is in no policy version as an admin.
    NoIdentity {
        fingerprint: String,
    },
    /// The signer's signature would not count for this proposal.
    WouldNotCount {
        person: String,
        in_force: u32,
        version: u32,
    },
    AlreadySigned {
        person: String,
        version: u32,
        id: String,
    },
    /// A signature under the signer's name that their key did not make.
    ForeignSignature(String),
    /// The proposal was replaced or took effect meanwhile.
    NoLongerWaiting {
        id: String,
        in_force: u32,
    },
    /// The proposal's bytes changed or vanished meanwhile.
    ProposalChanged(String),
    /// The key could not sign.
    Sign(String),
    /// The store, the keys or the records failed.
    Ledger(LedgerError),
}

impl From<LedgerError> for PolicyChangeError {
    fn from(e: LedgerError) -> Self {
        PolicyChangeError::Ledger(e)
    }
}

type Result<T> = std::result::Result<T, PolicyChangeError>;

impl Change {
    fn apply(&self, snap: &Snapshot, policy: &mut Policy) -> Result<()> {
        use PolicyChangeError as E;
        match self {
            Change::AddPerson { person, groups } => {
                if policy.person(&person.id).is_some() {
                    return Err(E::PersonExists(person.id.clone()));
                }
                policy.people.push(person.clone());
                for g in groups {
                    policy
                        .groups
                        .entry(g.clone())
                        .or_default()
                        .push(person.id.clone());
                }
            }
            Change::AddAttester(person) => {
                if policy.person(&person.id).is_some() {
                    return Err(E::PersonExists(person.id.clone()));
                }
                policy.people.push(person.clone());
                policy.attesters.push(person.id.clone());
            }
            Change::RemovePerson(id) => {
                if policy.person(id).is_none() {
                    return Err(E::UnknownPerson(id.clone()));
                }
                policy.people.retain(|p| p.id != *id);
                for members in policy.groups.values_mut() {
                    members.retain(|m| m != id);
                }
            }
            Change::EditPerson {
                id,
                tz,
                access_until,
            } => {
                let Some(p) = policy.people.iter_mut().find(|p| p.id == *id) else {
                    return Err(E::UnknownPerson(id.clone()));
                };
                let before = p.clone();
                if let Some(tz) = tz {
                    p.tz = Some(tz.clone());
                }
                if let Some(until) = access_until {
                    p.access_until.clone_from(until);
                }
                if *p == before {
                    return Err(E::Invalid(format!(
                        "this changes nothing: {id} already has that time zone and access end"
                    )));
                }
            }
            Change::AddToGroup { group, people } => {
                if let Some(id) = people.iter().find(|id| policy.person(id).is_none()) {
                    return Err(E::UnknownPerson(id.clone()));
                }
                let members = policy.groups.entry(group.clone()).or_default();
                for id in people {
                    if members.contains(id) {
                        return Err(E::AlreadyInGroup {
                            person: id.clone(),
                            group: group.clone(),
                        });
                    }
                    members.push(id.clone());
                }
            }
            Change::RemoveFromGroup { group, people } => {
                let Some(members) = policy.groups.get_mut(group) else {
                    return Err(E::UnknownGroup(group.clone()));
                };
                if people.is_empty() {
                    policy.groups.remove(group);
                    return Ok(());
                }
                for id in people {
                    let before = members.len();
                    members.retain(|m| m != id);
                    if members.len() == before {
                        return Err(E::NotInGroup {
                            person: id.clone(),
                            group: group.clone(),
                        });
                    }
                }
            }
            Change::File(bytes) => *policy = next_from_file(snap, bytes)?,
        }
        Ok(())
    }
}

/// Writes a proposal for policy version N+1 made by `change` from the
/// policy in force, signed by the caller (who must be an admin of it).
pub fn propose(
    ledger: &Ledger,
    signer: &Signer,
    configured: Option<String>,
    subject: &str,
    change: &Change,
) -> Result<Proposed> {
    let (commit, (version, hash)) = ledger.append(signer, |snap| -> Result<_> {
        let me = whoami(snap, signer, configured.clone())?;
        let current = snap.policy();
        if !current.is_admin(&me) {
            return Err(PolicyChangeError::NotAdmin {
                person: me,
                group: current.admins.group.clone(),
            });
        }
        let mut next = current.clone();
        next.version = current.version + 1;
        next.previous = Some(snap.chain.current_hash().to_string());
        change.apply(snap, &mut next)?;
        next.check()
            .map_err(|e| PolicyChangeError::Invalid(e.to_string()))?;
        crate::text::check_new_people(current, &next).map_err(PolicyChangeError::BadPeople)?;
        let bytes = next.to_bytes();
        let hash = sha256_tagged(&bytes);
        if let Some(same) = snap.chain.proposed.iter().find(|p| p.hash == hash) {
            return Err(PolicyChangeError::AlreadyProposed {
                id: same.id().to_string(),
                version: next.version,
            });
        }
        let path = proposal_path(next.version, &bytes);
        let sig = signer
            .sign(&bytes)
            .map_err(|e| PolicyChangeError::Sign(e.to_string()))?;
        Ok(Prepared {
            records: Vec::new(),
            files: vec![
                (
                    policy_sig_path_of(&path, &me),
                    NewFile::Bytes(sig.into_bytes()),
                ),
                (path, NewFile::Bytes(bytes)),
            ],
            subject: subject.to_string(),
            note: Note::Policy {
                version: next.version,
                proposal: hash.clone(),
            },
            value: (next.version, hash),
        })
    })?;
    landed(ledger, version, &hash, commit)
}

/// What the branch says of a proposal after the write landed.
fn landed(ledger: &Ledger, version: u32, hash: &str, commit: String) -> Result<Proposed> {
    let snap = ledger.load()?;
    Ok(Proposed {
        version,
        id: hash["sha256:".len().."sha256:".len() + 16].to_string(),
        in_effect: snap.chain.hashes.iter().any(|h| h == hash),
        commit,
    })
}

/// Where a new proposal for `version` goes: always the name carrying its
/// hash (`policy/NNNNNN-<hash>.toml`), never the plain name. Two admins who
/// change the policy apart (offline, each on a clone) then write two paths,
/// not one path with two contents: `sync` unions them and the chain lets
/// them meet as competing versions, which the admins settle by signing one
/// (see `policy::chain`). A plain name would make the second `sync` refuse
/// the merge forever (a path that differs on the two sides is tampering).
fn proposal_path(version: u32, bytes: &[u8]) -> String {
    let hash = sha256_tagged(bytes);
    layout::policy_proposal_path(version, hash.trim_start_matches("sha256:"))
}
