//! `signoff policy`: show the policy, export `allowed_signers`, and the shared
//! path by which every policy change becomes a new signed version.

use std::path::PathBuf;

use serde::Serialize;

use super::Ctx;
use crate::content::sha256_tagged;
use crate::error::{CliError, Result};
use crate::ledger::Ledger;
use crate::ledger::{Prepared, Snapshot, policy_path, policy_sig_path, whoami};
use crate::policy::{Person, Policy};
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
    /// Add your signature (as an admin) to a proposed policy version.
    Sign {
        /// The version to sign (default: the oldest proposed version).
        version: Option<u32>,
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
        PolicyCommand::Sign { version } => return sign(ctx, *version),
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
                    proposed: Vec<u32>,
                }
                return ctx
                    .out
                    .json(&Out {
                        policy: p,
                        trust_root: &snap.chain.root_hash,
                        proposed: snap.chain.proposed.iter().map(|(p, _)| p.version).collect(),
                    })
                    .map(|()| 0);
            }
            let bytes = ledger
                .store
                .read(&snap.tip, &policy_path(p.version))?
                .unwrap_or_default();
            ctx.out.print(&String::from_utf8_lossy(&bytes))?;
            ctx.out.note(&format!(
                "# policy version {} in effect; trust root {}",
                p.version, snap.chain.root_hash
            ));
            for (p, why) in &snap.chain.proposed {
                ctx.out.note(&format!(
                    "# version {} proposed, not in effect: {}",
                    p.version,
                    why.join("; ")
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
    pub in_effect: bool,
    pub commit: String,
}

/// Writes policy version N+1 made by `change` from the current policy,
/// signed by the caller (who must be an admin of the current version).
pub fn propose(
    ctx: &Ctx,
    subject: &str,
    mut change: impl FnMut(&Snapshot, &mut Policy) -> Result<()>,
) -> Result<Proposed> {
    let ledger = ctx.ledger()?;
    let signer = ctx.signer(&ledger.store)?;
    let configured = ledger.store.config_string("signoff.person");
    let (commit, version) = ledger.append(&signer, |snap| {
        let me = whoami(snap, &signer, configured.clone())?;
        let current = snap.policy();
        if !current.is_admin(&me) {
            return Err(CliError::refused(format!(
                "only admins can change the policy, and {me} is not in group {}",
                current.admins.group
            ))
            .hint("ask an admin to make the change"));
        }
        if let Some((p, _)) = snap.chain.proposed.first() {
            return Err(CliError::refused(format!(
                "policy version {} is proposed and waiting for admin signatures",
                p.version
            ))
            .hint("sign it first with 'signoff policy sign', then make this change"));
        }
        let current_bytes = ledger
            .store
            .read(&snap.tip, &policy_path(current.version))?
            .ok_or_else(|| CliError::integrity("the policy in force is missing"))?;
        let mut next = current.clone();
        next.version = current.version + 1;
        next.previous = Some(sha256_tagged(&current_bytes));
        change(snap, &mut next)?;
        next.check().map_err(|e| CliError::usage(e.to_string()))?;
        crate::text::check_new_people(current, &next).map_err(|e| {
            CliError::usage(e).hint("names and addresses are one line of visible text")
        })?;
        let bytes = next.to_bytes();
        let sig = signer
            .sign(&bytes)
            .map_err(|e| CliError::identity(format!("cannot sign: {e}")))?;
        Ok(Prepared {
            records: Vec::new(),
            files: vec![
                (policy_path(next.version), NewFile::Bytes(bytes)),
                (
                    policy_sig_path(next.version, &me),
                    NewFile::Bytes(sig.into_bytes()),
                ),
            ],
            subject: subject.to_string(),
            kind: "policy",
            trailers: vec![("Signoff-Policy".into(), next.version.to_string())],
            value: next.version,
        })
    })?;
    let snap = ledger.load()?;
    Ok(Proposed {
        version,
        in_effect: snap.policy().version == version,
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
fn as_next_version(snap: &Snapshot, current_bytes: &[u8], bytes: &[u8]) -> Result<Policy> {
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
    let previous = sha256_tagged(current_bytes);
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
    ledger
        .store
        .read(&snap.tip, &policy_path(snap.policy().version))?
        .ok_or_else(|| CliError::integrity("the policy in force is missing from the branch"))
}

/// Writes a user-supplied policy file as the next version.
fn apply(ctx: &Ctx, bytes: &[u8], subject: &str) -> Result<Proposed> {
    let ledger = ctx.ledger()?;
    propose(ctx, subject, |snap, next| {
        let cur = current_bytes(&ledger, snap)?;
        *next = as_next_version(snap, &cur, bytes)?;
        Ok(())
    })
}

fn check(ctx: &Ctx, file: Option<&std::path::Path>) -> Result<u8> {
    #[derive(Serialize)]
    struct Proposal {
        version: u32,
        missing: Vec<String>,
    }
    #[derive(Serialize)]
    struct Out {
        ok: bool,
        policy_version: u32,
        trust_root: String,
        pinned: bool,
        proposed: Vec<Proposal>,
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
        proposed: snap
            .chain
            .proposed
            .iter()
            .map(|(p, why)| Proposal {
                version: p.version,
                missing: why.clone(),
            })
            .collect(),
        file_would_be_version: None,
    };
    if let Some(path) = file {
        let bytes = read_policy_file(path)?;
        let cur = current_bytes(&ledger, &snap)?;
        let next = as_next_version(&snap, &cur, &bytes)?;
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
            "version {} proposed, not in effect: {}\n",
            p.version,
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
    if let Some((p, _)) = snap.chain.proposed.first() {
        return Err(CliError::refused(format!(
            "policy version {} is proposed and waiting for admin signatures",
            p.version
        ))
        .hint("sign it first with 'signoff policy sign', then edit"));
    }
    let cur = current_bytes(&ledger, &snap)?;
    let mut template = snap.policy().clone();
    template.version += 1;
    template.previous = Some(sha256_tagged(&cur));
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

/// The person the signer is in the policy in force, else in the proposed
/// version (a new admin signing the version that adds them).
fn signer_identity(
    snap: &Snapshot,
    fp: &str,
    configured: Option<&str>,
) -> Option<(String, Option<Person>)> {
    let policies = std::iter::once(snap.policy()).chain(snap.chain.proposed.iter().map(|(p, _)| p));
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

fn sign(ctx: &Ctx, version: Option<u32>) -> Result<u8> {
    let ledger = ctx.ledger()?;
    let signer = ctx.signer(&ledger.store)?;
    let configured = ledger.store.config_string("signoff.person");
    let fp = signer.key().fingerprint().to_string();
    let (commit, signed_version) = ledger.append_as(
        &signer,
        |snap| {
            signer_identity(snap, &fp, configured.as_deref()).ok_or_else(|| {
                CliError::identity(format!(
                    "your key {fp} is not in the policy in force nor in a proposed version"
                ))
                .hint("only admins sign policy versions; check --signing-key")
            })
        },
        |snap| {
            let (me, _) = signer_identity(snap, &fp, configured.as_deref())
                .expect("identity was resolved for this snapshot");
            let in_force = snap.policy().version;
            let Some(first) = snap.chain.proposed.first().map(|(p, _)| p.version) else {
                return Err(CliError::refused(format!(
                    "no policy version is waiting for signatures (version {in_force} is in force)"
                ))
                .hint("propose a change with 'signoff policy edit' or 'signoff policy apply'"));
            };
            let v = version.unwrap_or(first);
            if v <= in_force {
                return Err(CliError::refused(format!(
                    "policy version {v} is already in effect (version {in_force} is in force)"
                )));
            }
            let Some(idx) = snap.chain.proposed.iter().position(|(p, _)| p.version == v) else {
                return Err(CliError::not_found(format!("there is no policy version {v}"))
                    .hint(format!("proposed versions start at {first}")));
            };
            let proposed = &snap.chain.proposed[idx].0;
            let previous = if idx == 0 {
                snap.policy()
            } else {
                &snap.chain.proposed[idx - 1].0
            };
            let counts = |p: &Policy| p.is_admin(&me) && p.key_of(&me, &fp).is_some();
            if !counts(previous) && !counts(proposed) {
                return Err(CliError::refused(format!(
                    "{me} is not an admin of policy version {} or {v} (with this key), so their signature would not count",
                    previous.version
                ))
                .hint("ask an admin to sign it"));
            }
            let bytes = ledger
                .store
                .read(&snap.tip, &policy_path(v))?
                .ok_or_else(|| CliError::integrity(format!("policy version {v} is missing")))?;
            if let Some(existing) = ledger.store.read(&snap.tip, &policy_sig_path(v, &me))? {
                if signer.key().verify(&bytes, &existing).is_ok() {
                    return Err(CliError::refused(format!(
                        "{me} has already signed policy version {v}"
                    ))
                    .hint("another admin must sign it; a person's signature counts once"));
                }
                return Err(CliError::integrity(format!(
                    "{} holds a signature under your name that does not verify with your key",
                    policy_sig_path(v, &me)
                ))
                .hint("someone else wrote it; run 'signoff log' to see who, and tell the other admins"));
            }
            let sig = signer
                .sign(&bytes)
                .map_err(|e| CliError::identity(format!("cannot sign: {e}")))?;
            Ok(Prepared {
                records: Vec::new(),
                files: vec![(policy_sig_path(v, &me), NewFile::Bytes(sig.into_bytes()))],
                subject: format!("{me} signed policy version {v}"),
                kind: "policy-signature",
                trailers: vec![("Signoff-Policy".into(), v.to_string())],
                value: v,
            })
        },
    )?;
    let snap = ledger.load()?;
    let p = Proposed {
        version: signed_version,
        in_effect: snap.policy().version >= signed_version,
        commit,
    };
    super::person::report(ctx, &p, &format!("Signed policy version {signed_version}"))
}
