//! `signoff policy`: show the policy, export `allowed_signers`, and the shared
//! path by which every policy change becomes a new signed version.

use std::path::PathBuf;

use serde::Serialize;

use super::Ctx;
use crate::content::sha256_tagged;
use crate::error::{CliError, Result};
use crate::layout::{self, policy_path, policy_sig_path_of};
use crate::ledger::Ledger;
use crate::ledger::{Note, Prepared, Snapshot, whoami};
use crate::policy::{Person, Policy, Proposal};
use crate::record::SCHEMA_POLICY;
use crate::store::NewFile;

/// Show, check, change and sign the store's policy.
///
/// Every change is a new version N+1 that takes effect only when signed by
/// the admin threshold of version N and of version N+1.
#[derive(Debug, clap::Subcommand)]
pub enum PolicyCommand {
    /// Print the policy in force (TOML, or JSON with --json).
    Show,
    /// Check the chain of policy versions on the branch, or check FILE as
    /// the next version without writing it.
    Check {
        /// A policy file to check as the next version.
        file: Option<PathBuf>,
    },
    /// Edit the next policy version in $VISUAL / $EDITOR, then write it
    /// signed by you (an admin).
    Edit,
    /// Write FILE as the next policy version, signed by you (an admin).
    ///
    /// FILE is usually an edited copy of 'signoff policy show': its version
    /// may be the one in force (it is raised by one) or the next one.
    Apply {
        /// The policy file (TOML).
        file: PathBuf,
    },
    /// Show what a proposed policy version changes, then add your
    /// signature (as an admin).
    ///
    /// Name the proposal by its id (a unique prefix of its hash, as 'policy
    /// check' lists them) or by its version when only one proposal waits for
    /// it. Without a terminal, --yes is required: review the changes printed
    /// first, then sign exactly that proposal.
    Sign {
        /// The proposal: its id (hash prefix) or version number (default:
        /// the only proposal waiting).
        proposal: Option<String>,
        /// Sign without asking (for scripts).
        #[arg(long)]
        yes: bool,
    },
    /// Write an OpenSSH `allowed_signers` file with every key any policy
    /// version in effect has listed, for `ssh-keygen -Y verify`.
    AllowedSigners {
        /// Write to FILE instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

pub fn run(ctx: &Ctx, cmd: &PolicyCommand) -> Result<u8> {
    match cmd {
        PolicyCommand::Check { file } => return check(ctx, file.as_deref()),
        PolicyCommand::Edit => return edit(ctx),
        PolicyCommand::Apply { file } => {
            let bytes = read_policy_file(file)?;
            let p = apply(ctx, &bytes, "Apply policy file")?;
            return super::person::report(ctx, &p, "Applied policy");
        }
        PolicyCommand::Sign { proposal, yes } => return sign(ctx, proposal.as_deref(), *yes),
        PolicyCommand::Show | PolicyCommand::AllowedSigners { .. } => {}
    }
    let ledger = ctx.ledger()?;
    let snap = ctx.load(&ledger)?;
    match cmd {
        PolicyCommand::Show => {
            let p = snap.policy();
            if ctx.out.json {
                #[derive(Serialize)]
                struct Out<'a> {
                    policy: &'a Policy,
                    trust_root: &'a str,
                    proposed: Vec<ProposalOut>,
                }
                return ctx
                    .out
                    .json(&Out {
                        policy: p,
                        trust_root: &snap.chain.root_hash,
                        proposed: snap.chain.proposed.iter().map(ProposalOut::of).collect(),
                    })
                    .map(|()| 0);
            }
            let bytes = current_bytes(&ledger, &snap)?;
            ctx.out.print(&String::from_utf8_lossy(&bytes))?;
            ctx.out.note(&format!(
                "# policy version {} in effect; trust root {}",
                p.version, snap.chain.root_hash
            ));
            for p in &snap.chain.proposed {
                ctx.out.note(&format!(
                    "# version {} proposed as {}, not in effect: {}",
                    p.policy.version,
                    p.id(),
                    p.missing.join("; ")
                ));
            }
            Ok(0)
        }
        PolicyCommand::Check { .. }
        | PolicyCommand::Edit
        | PolicyCommand::Apply { .. }
        | PolicyCommand::Sign { .. } => unreachable!("handled above"),
        PolicyCommand::AllowedSigners { output } => {
            let mut lines: Vec<String> = Vec::new();
            for p in &snap.chain.effective {
                for l in p.allowed_signers().lines() {
                    if !lines.iter().any(|x| x == l) {
                        lines.push(l.to_string());
                    }
                }
            }
            let text = lines.join("\n") + "\n";
            match output {
                Some(path) => {
                    std::fs::write(path, text)?;
                    ctx.out
                        .note(&format!("Wrote {} ({} keys)", path.display(), lines.len()));
                }
                None => ctx.out.print(&text)?,
            }
            Ok(0)
        }
    }
}

/// What a policy change produced.
pub struct Proposed {
    pub version: u32,
    /// The proposal's id (first 16 hex digits of its hash).
    pub id: String,
    pub in_effect: bool,
    pub commit: String,
}

/// A proposal as `policy show --json` and `policy check --json` list it.
#[derive(Serialize)]
struct ProposalOut {
    version: u32,
    id: String,
    hash: String,
    path: String,
    signed_by: Vec<String>,
    missing: Vec<String>,
}

impl ProposalOut {
    fn of(p: &Proposal) -> ProposalOut {
        ProposalOut {
            version: p.policy.version,
            id: p.id().to_string(),
            hash: p.hash.clone(),
            path: p.path.clone(),
            signed_by: p.signed_by.clone(),
            missing: p.missing.clone(),
        }
    }
}

/// Where a new proposal for `version` goes: the plain name when nothing
/// holds it (nor a signature under it), else the name carrying its hash, so
/// that a file someone else put there never blocks the change.
fn proposal_path(ledger: &Ledger, snap: &Snapshot, version: u32, bytes: &[u8]) -> Result<String> {
    let plain = policy_path(version);
    let sig_dir = layout::policy_sig_dir_of(&plain);
    let taken = ledger.store.blob_id(&snap.tip, &plain)?.is_some()
        || !ledger.store.walk(&snap.tip, &sig_dir)?.is_empty();
    Ok(if taken {
        let hash = crate::content::sha256_tagged(bytes);
        layout::policy_proposal_path(version, hash.trim_start_matches("sha256:"))
    } else {
        plain
    })
}

/// Writes a proposal for policy version N+1 made by `change` from the
/// policy in force, signed by the caller (who must be an admin of it).
/// Other proposals waiting for N+1 do not stand in the way: each is its
/// own file, and the first to reach the admins' thresholds takes effect.
pub fn propose(
    ctx: &Ctx,
    subject: &str,
    mut change: impl FnMut(&Snapshot, &mut Policy) -> Result<()>,
) -> Result<Proposed> {
    let ledger = ctx.ledger()?;
    let signer = ctx.signer(&ledger.store)?;
    let configured = ledger.store.config_string("signoff.person");
    let (commit, (version, hash)) = ledger.append(&signer, |snap| {
        let me = whoami(snap, &signer, configured.clone())?;
        let current = snap.policy();
        if !current.is_admin(&me) {
            return Err(CliError::refused(format!(
                "only admins can change the policy, and {me} is not in group {}",
                current.admins.group
            ))
            .hint("ask an admin to make the change"));
        }
        let mut next = current.clone();
        next.version = current.version + 1;
        next.previous = Some(snap.chain.current_hash().to_string());
        change(snap, &mut next)?;
        next.check().map_err(|e| CliError::usage(e.to_string()))?;
        crate::text::check_new_people(current, &next).map_err(|e| {
            CliError::usage(e).hint("names and addresses are one line of visible text")
        })?;
        let bytes = next.to_bytes();
        let hash = sha256_tagged(&bytes);
        if let Some(same) = snap.chain.proposed.iter().find(|p| p.hash == hash) {
            return Err(CliError::refused(format!(
                "this exact change is already proposed as {} (version {})",
                same.id(),
                next.version
            ))
            .hint(format!(
                "sign it with 'signoff policy sign {}' instead",
                same.id()
            )));
        }
        let path = proposal_path(&ledger, snap, next.version, &bytes)?;
        let sig = signer
            .sign(&bytes)
            .map_err(|e| CliError::identity(format!("cannot sign: {e}")))?;
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
    let snap = ledger.load()?;
    Ok(Proposed {
        version,
        id: hash["sha256:".len().."sha256:".len() + 16].to_string(),
        in_effect: snap.chain.hashes.contains(&hash),
        commit,
    })
}

fn read_policy_file(path: &std::path::Path) -> Result<Vec<u8>> {
    let bytes = std::fs::read(path).map_err(|e| {
        CliError::not_found(format!("cannot read policy file {}: {e}", path.display()))
            .hint("check the path; 'signoff policy show > policy.toml' makes a copy to edit")
    })?;
    if bytes.len() > crate::record::MAX_RECORD_BYTES {
        return Err(CliError::usage(format!(
            "policy file {} is larger than {} bytes",
            path.display(),
            crate::record::MAX_RECORD_BYTES
        )));
    }
    Ok(bytes)
}

/// Turns a user's policy file into version `current + 1`: the file's version
/// may be the one in force (an edited copy of `policy show`) or the next one.
fn as_next_version(snap: &Snapshot, bytes: &[u8]) -> Result<Policy> {
    let current = snap.policy();
    let mut file: Policy = crate::record::parse_as(bytes).map_err(|e| {
        CliError::usage(format!("the policy file is not valid: {e}"))
            .hint("start from 'signoff policy show' and keep every field it prints")
    })?;
    if file.schema != SCHEMA_POLICY {
        return Err(CliError::usage(format!(
            "the policy file has schema {:?}, expected {SCHEMA_POLICY}",
            file.schema
        )));
    }
    if file.store_id != snap.info.store_id {
        return Err(
            CliError::usage("the policy file belongs to another store (store_id differs)")
                .hint("start from 'signoff policy show' in this repository"),
        );
    }
    let next = current.version + 1;
    if file.version != current.version && file.version != next {
        return Err(CliError::refused(format!(
            "the policy file says version {}, but version {} is in force: versions go up by exactly one",
            file.version, current.version
        ))
        .hint(format!(
            "set version = {next} (or start again from 'signoff policy show')"
        )));
    }
    let previous = snap.chain.current_hash().to_string();
    if file.version == next && file.previous.as_deref().is_some_and(|p| p != previous) {
        return Err(CliError::refused(format!(
            "the policy file's 'previous' does not match version {} in force",
            current.version
        ))
        .hint("it was made from another version; start again from 'signoff policy show'"));
    }
    file.version = next;
    file.previous = Some(previous);
    file.check().map_err(|e| {
        CliError::usage(e.to_string()).hint("fix the file and try again; nothing was written")
    })?;
    let mut same = current.clone();
    same.version = file.version;
    same.previous.clone_from(&file.previous);
    if same == file {
        return Err(CliError::refused("the policy file changes nothing")
            .hint("edit people, groups, rules or admins first"));
    }
    Ok(file)
}

fn current_bytes(ledger: &Ledger, snap: &Snapshot) -> Result<Vec<u8>> {
    let path = snap.chain.path(snap.policy().version).unwrap_or_default();
    ledger
        .store
        .read(&snap.tip, path)?
        .ok_or_else(|| CliError::integrity("the policy in force is missing from the branch"))
}

/// Writes a user-supplied policy file as the next version.
fn apply(ctx: &Ctx, bytes: &[u8], subject: &str) -> Result<Proposed> {
    propose(ctx, subject, |snap, next| {
        *next = as_next_version(snap, bytes)?;
        Ok(())
    })
}

fn check(ctx: &Ctx, file: Option<&std::path::Path>) -> Result<u8> {
    #[derive(Serialize)]
    struct Out {
        ok: bool,
        policy_version: u32,
        trust_root: String,
        pinned: bool,
        proposed: Vec<ProposalOut>,
        stale: Vec<ProposalOut>,
        #[serde(skip_serializing_if = "Option::is_none")]
        file_would_be_version: Option<u32>,
    }
    let ledger = ctx.ledger()?;
    let snap = ctx.load(&ledger)?;
    let mut out = Out {
        ok: true,
        policy_version: snap.policy().version,
        trust_root: snap.chain.root_hash.clone(),
        pinned: !snap.chain.tofu,
        proposed: snap.chain.proposed.iter().map(ProposalOut::of).collect(),
        stale: snap.chain.stale.iter().map(ProposalOut::of).collect(),
        file_would_be_version: None,
    };
    if let Some(path) = file {
        let bytes = read_policy_file(path)?;
        let next = as_next_version(&snap, &bytes)?;
        out.file_would_be_version = Some(next.version);
    }
    if ctx.out.json {
        return ctx.out.json(&out).map(|()| 0);
    }
    let mut text = format!(
        "policy chain ok: version {} in force ({} trust root {})\n",
        out.policy_version,
        if out.pinned { "pinned" } else { "unpinned" },
        out.trust_root
    );
    for p in &out.proposed {
        text.push_str(&format!(
            "version {} proposed, not in effect: {} (proposal {}, {}; signed by {})\n",
            p.version,
            p.missing.join("; "),
            p.id,
            p.path,
            if p.signed_by.is_empty() {
                "nobody".to_string()
            } else {
                p.signed_by.join(", ")
            }
        ));
    }
    for p in &out.stale {
        text.push_str(&format!(
            "version {} proposal {} cannot take effect: {}\n",
            p.version,
            p.id,
            p.missing.join("; ")
        ));
    }
    if let Some(v) = out.file_would_be_version {
        text.push_str(&format!(
            "{}: valid; it would be written as version {v} ('signoff policy apply')\n",
            file.map(|f| f.display().to_string()).unwrap_or_default()
        ));
    }
    ctx.out.print(&text)?;
    Ok(0)
}

fn edit(ctx: &Ctx) -> Result<u8> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .or_else(|| std::env::var("EDITOR").ok())
        .filter(|e| !e.trim().is_empty())
        .ok_or_else(|| {
            CliError::usage("no editor: neither VISUAL nor EDITOR is set").hint(
                "set EDITOR, or edit a copy of 'signoff policy show' and run 'signoff policy apply FILE'",
            )
        })?;
    let ledger = ctx.ledger()?;
    let snap = ctx.load(&ledger)?;
    let mut template = snap.policy().clone();
    template.version += 1;
    template.previous = Some(snap.chain.current_hash().to_string());
    let dir = ledger.store.git_dir().join("signoff");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("POLICY_EDIT_{}.toml", template.version));
    let header = format!(
        "# Policy version {} for this store. Save and quit to sign and write it;\n# save it unchanged to abort.\n",
        template.version
    );
    let body = template.to_bytes();
    let original = [header.as_bytes(), &body].concat();
    std::fs::write(&path, &original)?;
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("signoff-editor")
        .arg(&path)
        .status()
        .map_err(|e| CliError::env(format!("cannot start the editor {editor:?}: {e}")))?;
    if !status.success() {
        return Err(
            CliError::env(format!("the editor {editor:?} failed; nothing was written"))
                .hint(format!("your edit is kept in {}", path.display())),
        );
    }
    let edited = std::fs::read(&path)?;
    if edited == original {
        let _ = std::fs::remove_file(&path);
        ctx.out.note("policy unchanged; nothing written");
        return Ok(0);
    }
    let result = apply(ctx, &edited, "Edit policy");
    match result {
        Ok(p) => {
            let _ = std::fs::remove_file(&path);
            super::person::report(ctx, &p, "Edited policy")
        }
        Err(e) => Err(e.hint(format!(
            "your edit is kept in {}; fix it and run 'signoff policy apply {}'",
            path.display(),
            path.display()
        ))),
    }
}

/// The person the signer is in the policy in force, else in a proposed
/// version (a new admin signing the version that adds them).
fn signer_identity(
    snap: &Snapshot,
    fp: &str,
    configured: Option<&str>,
) -> Option<(String, Option<Person>)> {
    let policies =
        std::iter::once(snap.policy()).chain(snap.chain.proposed.iter().map(|p| &p.policy));
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

/// The proposal `wanted` names: a unique prefix of its hash, or a version
/// only one proposal waits for; with no name, the only proposal waiting.
fn choose<'s>(snap: &'s Snapshot, wanted: Option<&str>) -> Result<&'s Proposal> {
    let in_force = snap.policy().version;
    let waiting = &snap.chain.proposed;
    let list = || {
        waiting
            .iter()
            .map(|p| format!("{} (version {})", p.id(), p.policy.version))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(first) = waiting.first() else {
        return Err(CliError::refused(format!(
            "no policy version is waiting for signatures (version {in_force} is in force)"
        ))
        .hint("propose a change with 'signoff policy edit' or 'signoff policy apply'"));
    };
    let Some(wanted) = wanted else {
        if waiting.len() == 1 {
            return Ok(first);
        }
        return Err(CliError::usage(format!(
            "{} proposals wait for signatures: {}",
            waiting.len(),
            list()
        ))
        .hint(
            "name the one to sign: 'signoff policy sign <id>' ('signoff policy check' lists them)",
        ));
    };
    if let Ok(v) = wanted.parse::<u32>() {
        if wanted.len() <= 6 {
            if v <= in_force {
                return Err(CliError::refused(format!(
                    "policy version {v} is already in effect (version {in_force} is in force)"
                )));
            }
            let matching: Vec<&Proposal> =
                waiting.iter().filter(|p| p.policy.version == v).collect();
            return match matching.as_slice() {
                [one] => Ok(one),
                [] => Err(
                    CliError::not_found(format!("no proposal waits for policy version {v}"))
                        .hint(format!("waiting: {}", list())),
                ),
                _ => Err(CliError::usage(format!(
                    "{} proposals wait for policy version {v}: {}",
                    matching.len(),
                    list()
                ))
                .hint("name the one to sign by its id: 'signoff policy sign <id>'")),
            };
        }
    }
    let prefix = wanted.trim_start_matches("sha256:").to_ascii_lowercase();
    if prefix.len() < 4 || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(CliError::usage(format!(
            "{wanted:?} is neither a policy version nor a proposal id"
        ))
        .hint("give the id 'signoff policy check' lists (at least 4 hex digits)"));
    }
    let matching: Vec<&Proposal> = waiting
        .iter()
        .filter(|p| p.hash["sha256:".len()..].starts_with(&prefix))
        .collect();
    match matching.as_slice() {
        [one] => Ok(one),
        [] => Err(
            CliError::not_found(format!("no proposal {wanted} waits for signatures"))
                .hint(format!("waiting: {}", list())),
        ),
        _ => Err(
            CliError::usage(format!("proposal id {wanted} is ambiguous"))
                .hint("give more digits of the id"),
        ),
    }
}

/// Refuses a signature that would not count, or one already there.
fn check_may_sign(
    ledger: &Ledger,
    snap: &Snapshot,
    proposal: &Proposal,
    me: &str,
    signer: &crate::sign::Signer,
) -> Result<()> {
    let fp = signer.key().fingerprint();
    let v = proposal.policy.version;
    let previous = snap.policy();
    let counts = |p: &Policy| p.is_admin(me) && p.key_of(me, fp).is_some();
    if !counts(previous) && !counts(&proposal.policy) {
        return Err(CliError::refused(format!(
            "{me} is not an admin of policy version {} or {v} (with this key), so their signature would not count",
            previous.version
        ))
        .hint("ask an admin to sign it"));
    }
    let sig_path = policy_sig_path_of(&proposal.path, me);
    if let Some(existing) = ledger.store.read(&snap.tip, &sig_path)? {
        let bytes = ledger
            .store
            .read(&snap.tip, &proposal.path)?
            .unwrap_or_default();
        if signer.key().verify(&bytes, &existing).is_ok() {
            return Err(CliError::refused(format!(
                "{me} has already signed policy version {v} (proposal {})",
                proposal.id()
            ))
            .hint("another admin must sign it; a person's signature counts once"));
        }
        return Err(CliError::integrity(format!(
            "{sig_path} holds a signature under your name that does not verify with your key"
        ))
        .hint("someone else wrote it; run 'signoff log' to see who, and tell the other admins"));
    }
    Ok(())
}

/// The changes a proposal makes to the policy in force, for a person to read.
fn describe(snap: &Snapshot, p: &Proposal) -> String {
    let mut text = format!(
        "Policy version {} proposal {} ({}), {}:\n",
        p.policy.version,
        p.id(),
        p.path,
        if p.signed_by.is_empty() {
            "signed by nobody yet".to_string()
        } else {
            format!("signed by {}", p.signed_by.join(", "))
        }
    );
    let lines = crate::policy::diff(snap.policy(), &p.policy);
    if lines.is_empty() {
        text.push_str("  (no change but the version number)\n");
    }
    for l in lines {
        text.push_str(&format!("  {l}\n"));
    }
    text.push_str(&format!("Full hash: {}\n", p.hash));
    text
}

fn sign(ctx: &Ctx, wanted: Option<&str>, yes: bool) -> Result<u8> {
    let ledger = ctx.ledger()?;
    let signer = ctx.signer(&ledger.store)?;
    let configured = ledger.store.config_string("signoff.person");
    let fp = signer.key().fingerprint().to_string();
    let no_identity = || {
        CliError::identity(format!(
            "your key {fp} is not in the policy in force nor in a proposed version"
        ))
        .hint("only admins sign policy versions; check --signing-key")
    };
    // Choose and show first: the signature is then made over exactly the
    // proposal shown (by its hash), whatever lands on the branch meanwhile.
    let snap = ctx.load(&ledger)?;
    let chosen = choose(&snap, wanted)?.clone();
    let (me, _) = signer_identity(&snap, &fp, configured.as_deref()).ok_or_else(no_identity)?;
    check_may_sign(&ledger, &snap, &chosen, &me, &signer)?;
    let text = describe(&snap, &chosen);
    if ctx.out.json {
        ctx.out.note(text.trim_end());
    } else {
        ctx.out.print(&text)?;
    }
    if !yes {
        if !super::interact::can_prompt() {
            return Err(CliError::usage(
                "not signed: 'policy sign' asks before signing, and there is no terminal to ask on",
            )
            .hint(format!(
                "review the changes above, then run 'signoff policy sign {} --yes'",
                chosen.id()
            )));
        }
        if !super::interact::confirm(
            &format!(
                "Sign policy version {} ({})?",
                chosen.policy.version,
                chosen.id()
            ),
            false,
        )? {
            return Err(CliError::refused("not signed; nothing was written")
                .hint("sign later with 'signoff policy sign <id>'"));
        }
    }
    let (commit, signed_version) = ledger.append_as(
        &signer,
        |snap| signer_identity(snap, &fp, configured.as_deref()).ok_or_else(no_identity),
        |snap| {
            let (me, _) = signer_identity(snap, &fp, configured.as_deref())
                .expect("identity was resolved for this snapshot");
            let Some(proposal) = snap.chain.proposed.iter().find(|p| p.hash == chosen.hash) else {
                return Err(CliError::refused(format!(
                    "proposal {} no longer waits for signatures (policy version {} is in force)",
                    chosen.id(),
                    snap.policy().version
                ))
                .hint("see 'signoff policy check'; nothing was signed"));
            };
            check_may_sign(&ledger, snap, proposal, &me, &signer)?;
            let v = proposal.policy.version;
            let bytes = ledger
                .store
                .read(&snap.tip, &proposal.path)?
                .filter(|b| sha256_tagged(b) == chosen.hash)
                .ok_or_else(|| {
                    CliError::integrity(format!("{} is missing or changed", proposal.path))
                })?;
            let sig = signer
                .sign(&bytes)
                .map_err(|e| CliError::identity(format!("cannot sign: {e}")))?;
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
    let snap = ledger.load()?;
    let p = Proposed {
        version: signed_version,
        id: chosen.id().to_string(),
        in_effect: snap.chain.hashes.contains(&chosen.hash),
        commit,
    };
    super::person::report(ctx, &p, &format!("Signed policy version {signed_version}"))
}
