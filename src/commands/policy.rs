//! `signoff policy`: show the policy, export allowed_signers, and the shared
//! path by which every policy change becomes a new signed version.

use std::path::PathBuf;

use serde::Serialize;

use super::Ctx;
use crate::content::sha256_tagged;
use crate::error::{CliError, Result};
use crate::ledger::{Prepared, Snapshot, policy_path, policy_sig_path, whoami};
use crate::policy::Policy;
use crate::store::NewFile;

/// Show and export the store's policy.
#[derive(Debug, clap::Subcommand)]
pub enum PolicyCommand {
    /// Print the policy in force (TOML, or JSON with --json).
    Show,
    /// Write an OpenSSH allowed_signers file with every key any policy
    /// version in effect has listed, for `ssh-keygen -Y verify`.
    AllowedSigners {
        /// Write to FILE instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

pub fn run(ctx: &Ctx, cmd: &PolicyCommand) -> Result<u8> {
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
