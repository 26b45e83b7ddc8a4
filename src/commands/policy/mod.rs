//! `signoff policy`: show the policy, export `allowed_signers`, and the shared
//! path by which every policy change becomes a new signed version.

use std::path::PathBuf;

use serde::Serialize;

mod words;

pub use words::change_error;

use super::Ctx;
use crate::error::{CliError, Result};
use crate::ledger::{Ledger, Snapshot};
use crate::ops::{
    self,
    policy_change::{Change, PolicyChangeError, Proposed},
};
use crate::policy::{Policy, Proposal};

/// Show, check, change and sign the store's policy.
///
/// Every change is a new version N+1 that takes effect only when signed by
/// the admin threshold of version N and of version N+1.
#[derive(Debug, clap::Subcommand)]
pub enum PolicyCommand {
    /// Print the policy in force (TOML, or JSON with --json).
    Show,
    /// Check the chain of policy versions, or FILE as the next version.
    ///
    /// Nothing is written.
    Check {
        /// A policy file to check as the next version.
        file: Option<PathBuf>,
    },
    /// Edit the next policy version, then write it signed by you (an admin).
    ///
    /// The editor is $VISUAL, else $EDITOR.
    Edit,
    /// Write FILE as the next policy version, signed by you (an admin).
    ///
    /// FILE is usually an edited copy of 'signoff policy show': its version
    /// may be the one in force (it is raised by one) or the next one.
    Apply {
        /// The policy file (TOML).
        file: PathBuf,
    },
    /// Show what a proposed policy version changes, then sign it (an admin).
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
    /// Write an `allowed_signers` file for `ssh-keygen -Y verify`.
    ///
    /// It lists every key any policy version in effect has listed.
    ///
    /// With --git, the file is for git instead: store commits are signed
    /// with their writer's key, and `git verify-commit` checks them with
    /// `git -c gpg.ssh.allowedSignersFile=FILE verify-commit COMMIT`.
    AllowedSigners {
        /// Write to FILE instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// For git's gpg.ssh.allowedSignersFile (namespace "git", principals
        /// are email addresses): checks the store's commit signatures.
        #[arg(long)]
        git: bool,
    },
}

pub fn run(ctx: &Ctx, cmd: &PolicyCommand) -> Result<u8> {
    match cmd {
        PolicyCommand::Check { file } => return check(ctx, file.as_deref()),
        PolicyCommand::Edit => return edit(ctx),
        PolicyCommand::Apply { file } => {
            let bytes = read_policy_file(file)?;
            let p = apply(ctx, &bytes, "Apply policy file")?;
            return report(ctx, &p, "Applied policy");
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
                    competing: Vec<ProposalOut>,
                }
                return ctx
                    .out
                    .json(&Out {
                        policy: p,
                        trust_root: &snap.chain.root_hash,
                        proposed: snap.chain.proposed.iter().map(ProposalOut::of).collect(),
                        competing: snap.chain.competing.iter().map(ProposalOut::of).collect(),
                    })
                    .map(|()| 0);
            }
            let bytes = current_bytes(&ledger, &snap)?;
            ctx.out.print(&String::from_utf8_lossy(&bytes))?;
            ctx.out.note(&format!(
                "# policy version {} in effect; trust root {}",
                p.version, snap.chain.root_hash
            ));
            for p in snap.chain.proposed.iter().chain(&snap.chain.competing) {
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
        PolicyCommand::AllowedSigners { output, git } => {
            if ctx.out.json {
                return Err(crate::error::CliError::usage(
                    "policy allowed-signers writes an OpenSSH allowed_signers file, not JSON",
                )
                .hint("drop --json; for the keys as JSON use 'signoff policy show --json' (people[].keys)"));
            }
            let text = snap.chain.allowed_signers_for(if *git {
                crate::policy::Signers::GitCommits
            } else {
                crate::policy::Signers::Records
            });
            match output {
                Some(path) => {
                    std::fs::write(path, &text)?;
                    ctx.out.note(&format!(
                        "Wrote {} ({} keys)",
                        path.display(),
                        text.lines().count()
                    ));
                }
                None => ctx.out.print(&text)?,
            }
            Ok(0)
        }
    }
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

/// Proposes `change` as the next policy version, signed by the caller.
pub fn propose(ctx: &Ctx, subject: &str, change: &Change) -> Result<Proposed> {
    propose_or(ctx, subject, change, change_error)
}

/// [`propose`], with the caller's own words for a refusal.
pub fn propose_or(
    ctx: &Ctx,
    subject: &str,
    change: &Change,
    words: impl FnOnce(PolicyChangeError) -> CliError,
) -> Result<Proposed> {
    let ledger = ctx.ledger()?;
    let signer = ctx.signer(&ledger.store)?;
    let configured = ledger.store.config_string("signoff.person");
    ops::policy_change::propose(&ledger, &signer, configured, subject, change).map_err(words)
}

/// Prints the outcome of a policy change.
pub fn report(ctx: &Ctx, p: &Proposed, what: &str) -> Result<u8> {
    if ctx.out.json {
        #[derive(Serialize)]
        struct Out<'a> {
            policy_version: u32,
            proposal: &'a str,
            in_effect: bool,
            commit: &'a str,
        }
        return ctx
            .out
            .json(&Out {
                policy_version: p.version,
                proposal: &p.id,
                in_effect: p.in_effect,
                commit: &p.commit,
            })
            .map(|()| 0);
    }
    if p.in_effect {
        ctx.out.print(&format!(
            "{what}: policy version {} is in effect",
            p.version
        ))?;
    } else {
        ctx.out.print(&format!(
            "{what}: policy version {} proposed; it takes effect when enough admins sign it ('signoff policy sign {}')",
            p.version, p.id
        ))?;
    }
    Ok(0)
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

fn current_bytes(ledger: &Ledger, snap: &Snapshot) -> Result<Vec<u8>> {
    let path = snap.chain.path(snap.policy().version).unwrap_or_default();
    ledger
        .store
        .read(&snap.tip, path)?
        .ok_or_else(|| CliError::integrity("the policy in force is missing from the branch"))
}

/// Writes a user-supplied policy file as the next version.
fn apply(ctx: &Ctx, bytes: &[u8], subject: &str) -> Result<Proposed> {
    propose(ctx, subject, &Change::File(bytes.to_vec()))
}

fn check(ctx: &Ctx, file: Option<&std::path::Path>) -> Result<u8> {
    #[derive(Serialize)]
    struct Out {
        ok: bool,
        policy_version: u32,
        trust_root: String,
        pinned: bool,
        proposed: Vec<ProposalOut>,
        competing: Vec<ProposalOut>,
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
        competing: snap.chain.competing.iter().map(ProposalOut::of).collect(),
        stale: snap.chain.stale.iter().map(ProposalOut::of).collect(),
        file_would_be_version: None,
    };
    if let Some(path) = file {
        let bytes = read_policy_file(path)?;
        let next = ops::policy_change::next_from_file(&snap, &bytes).map_err(change_error)?;
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
    for p in &out.competing {
        text.push_str(&format!(
            "version {} {} ({}; signed by {}) {}\n",
            p.version,
            p.id,
            p.path,
            p.signed_by.join(", "),
            p.missing.join("; ")
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
            report(ctx, &p, "Edited policy")
        }
        Err(e) => Err(e.hint(format!(
            "your edit is kept in {}; fix it and run 'signoff policy apply {}'",
            path.display(),
            path.display()
        ))),
    }
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
    use ops::policy_change::{check_may_sign, choose, signer_identity};
    let ledger = ctx.ledger()?;
    let signer = ctx.signer(&ledger.store)?;
    let configured = ledger.store.config_string("signoff.person");
    let fp = signer.key().fingerprint().to_string();
    // Choose and show first: the signature is then made over exactly the
    // proposal shown (by its hash), whatever lands on the branch meanwhile.
    let snap = ctx.load(&ledger)?;
    let chosen = choose(&snap, wanted).map_err(change_error)?.clone();
    let (me, _) = signer_identity(&snap, &fp, configured.as_deref()).ok_or_else(|| {
        change_error(PolicyChangeError::NoIdentity {
            fingerprint: fp.clone(),
        })
    })?;
    check_may_sign(&ledger, &snap, &chosen, &me, &signer).map_err(change_error)?;
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
    let p = ops::policy_change::sign(&ledger, &signer, configured.as_deref(), &chosen)
        .map_err(change_error)?;
    report(ctx, &p, &format!("Signed policy version {}", p.version))
}
