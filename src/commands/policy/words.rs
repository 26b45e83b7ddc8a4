//! The command line's words for every way a policy change can be refused.

use crate::error::CliError;
use crate::ops::policy_change::PolicyChangeError;
use crate::record::SCHEMA_POLICY;

/// The command line's words for a policy change that was not written.
#[must_use]
pub fn change_error(e: PolicyChangeError) -> CliError {
    use PolicyChangeError as E;
    match e {
        E::Ledger(e) => e.into(),
        E::NotAdmin { person, group } => CliError::refused(format!(
            "only admins can change the policy, and {person} is not in group {group}"
        ))
        .hint("ask an admin to make the change"),
        E::Invalid(e) => CliError::usage(e),
        E::BadPeople(e) => {
            CliError::usage(e).hint("names and addresses are one line of visible text")
        }
        E::AlreadyProposed { id, version } => CliError::refused(format!(
            "this exact change is already proposed as {id} (version {version})"
        ))
        .hint(format!("sign it with 'signoff policy sign {id}' instead")),
        E::UnknownPerson(id) => CliError::not_found(format!("unknown person {id:?}"))
            .hint("see 'signoff person list'"),
        E::PersonExists(id) => {
            CliError::refused(format!("person {id} already exists")).hint("pick another id")
        }
        E::UnknownGroup(group) => CliError::not_found(format!("unknown group {group:?}"))
            .hint("see 'signoff group list'"),
        E::AlreadyInGroup { person, group } => {
            CliError::refused(format!("{person} is already in group {group}"))
                .hint("nothing to do; see 'signoff group list'")
        }
        E::NotInGroup { person, group } => {
            CliError::not_found(format!("{person} is not in group {group}"))
                .hint("see 'signoff group list'")
        }
        E::FileUnreadable(e) => CliError::usage(format!("the policy file is not valid: {e}"))
            .hint("start from 'signoff policy show' and keep every field it prints"),
        E::FileSchema(schema) => CliError::usage(format!(
            "the policy file has schema {schema:?}, expected {SCHEMA_POLICY}"
        )),
        E::FileOtherStore => {
            CliError::usage("the policy file belongs to another store (store_id differs)")
                .hint("start from 'signoff policy show' in this repository")
        }
        E::FileVersion { file, in_force } => CliError::refused(format!(
            "the policy file says version {file}, but version {in_force} is in force: versions go up by exactly one"
        ))
        .hint(format!(
            "set version = {} (or start again from 'signoff policy show')",
            in_force + 1
        )),
        E::FilePrevious { in_force } => CliError::refused(format!(
            "the policy file's 'previous' does not match version {in_force} in force"
        ))
        .hint("it was made from another version; start again from 'signoff policy show'"),
        E::FileInvalid(e) => {
            CliError::usage(e).hint("fix the file and try again; nothing was written")
        }
        E::FileChangesNothing => CliError::refused("the policy file changes nothing")
            .hint("edit people, groups, rules or admins first"),
        e @ (E::NoneWaiting { .. }
        | E::Several { .. }
        | E::AlreadyInEffect { .. }
        | E::NoneForVersion { .. }
        | E::SeveralForVersion { .. }
        | E::NotAnId(_)
        | E::NoSuchProposal { .. }
        | E::AmbiguousId(_)
        | E::NoIdentity { .. }
        | E::WouldNotCount { .. }
        | E::AlreadySigned { .. }
        | E::ForeignSignature(_)
        | E::NoLongerWaiting { .. }
        | E::ProposalChanged(_)
        | E::Sign(_)) => sign_error(e),
    }
}

/// The words for a signature on a proposed version that was not written
/// (`change_error` hands over exactly these variants).
fn sign_error(e: PolicyChangeError) -> CliError {
    use PolicyChangeError as E;
    match e {
        E::NoneWaiting { in_force } => CliError::refused(format!(
            "no policy version is waiting for signatures (version {in_force} is in force)"
        ))
        .hint("propose a change with 'signoff policy edit' or 'signoff policy apply'"),
        E::Several { count, waiting } => CliError::usage(format!(
            "{count} proposals wait for signatures: {waiting}"
        ))
        .hint("name the one to sign: 'signoff policy sign <id>' ('signoff policy check' lists them)"),
        E::AlreadyInEffect { version, in_force } => CliError::refused(format!(
            "policy version {version} is already in effect (version {in_force} is in force)"
        )),
        E::NoneForVersion { version, waiting } => {
            CliError::not_found(format!("no proposal waits for policy version {version}"))
                .hint(format!("waiting: {waiting}"))
        }
        E::SeveralForVersion {
            version,
            count,
            waiting,
        } => CliError::usage(format!(
            "{count} proposals wait for policy version {version}: {waiting}"
        ))
        .hint("name the one to sign by its id: 'signoff policy sign <id>'"),
        E::NotAnId(wanted) => CliError::usage(format!(
            "{wanted:?} is neither a policy version nor a proposal id"
        ))
        .hint("give the id 'signoff policy check' lists (at least 4 hex digits)"),
        E::NoSuchProposal { wanted, waiting } => {
            CliError::not_found(format!("no proposal {wanted} waits for signatures"))
                .hint(format!("waiting: {waiting}"))
        }
        E::AmbiguousId(wanted) => CliError::usage(format!("proposal id {wanted} is ambiguous"))
            .hint("give more digits of the id"),
        E::NoIdentity { fingerprint } => CliError::identity(format!(
            "your key {fingerprint} is not in the policy in force nor in a proposed version"
        ))
        .hint("only admins sign policy versions; check --signing-key"),
        E::WouldNotCount {
            person,
            in_force,
            version,
        } => CliError::refused(format!(
            "{person} is not an admin of policy version {in_force} or {version} (with this key), so their signature would not count"
        ))
        .hint("ask an admin to sign it"),
        E::AlreadySigned {
            person,
            version,
            id,
        } => CliError::refused(format!(
            "{person} has already signed policy version {version} (proposal {id})"
        ))
        .hint("another admin must sign it; a person's signature counts once"),
        E::ForeignSignature(path) => CliError::integrity(format!(
            "{path} holds a signature under your name that does not verify with your key"
        ))
        .hint("someone else wrote it; run 'signoff log' to see who, and tell the other admins"),
        E::NoLongerWaiting { id, in_force } => CliError::refused(format!(
            "proposal {id} no longer waits for signatures (policy version {in_force} is in force)"
        ))
        .hint("see 'signoff policy check'; nothing was signed"),
        E::ProposalChanged(path) => CliError::integrity(format!("{path} is missing or changed")),
        E::Sign(e) => CliError::identity(format!("cannot sign: {e}")),
        other => unreachable!("change_error words {other:?} itself"),
    }
}
