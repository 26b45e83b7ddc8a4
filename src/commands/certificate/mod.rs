//! `signoff certificate`: one request's decisions, with everything an
//! auditor needs to re-check them using stock OpenSSH: the timeline
//! (`timeline`) and the stand-alone archive of `--bundle` (`bundle`).

mod bundle;
mod timeline;

use serde::Serialize;
use sha2::Digest;

use super::{Ctx, resolve};
use crate::clock::now;
use crate::error::{CliError, Result};
use crate::events::renderer_for;
use crate::notify::person_view;
use crate::ops::report::{DecisionRow, decision_rows};

/// A certificate for one request: who decided what, when and how.
///
/// It holds the deliverable and its content hashes,
/// every decision with who, when and how (key fingerprint, email link with
/// the address, browser and consent text the server recorded, or on behalf
/// with evidence) and the policy version each was made under, the full
/// timeline (request, decisions with replaced ones marked, comments,
/// withdrawal, stage completions, emails this clone sent), the verification
/// result, and the exact `ssh-keygen -Y verify` commands that re-check every
/// signature.
///
/// html and md render the templates certificate.html / certificate.md (a
/// repository overrides them in .signoff/templates/).
///
/// --bundle FILE writes one tar archive instead: every record with its
/// signature, the policy versions and their signatures, the allowed signers
/// file, the approved files, and verify.sh, which checks it all with nothing but
/// ssh-keygen and sha256sum (`tar -xf FILE && sh certificate-*/verify.sh`).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  signoff certificate acme/logo --version 2 --format html > cert.html\n  signoff certificate acme/logo --bundle logo-v2.tar"
)]
pub struct Args {
    /// Deliverable name, name@vN, or request id prefix.
    #[arg(add = crate::complete::deliverable())]
    pub target: String,
    /// Which version of the deliverable (default: the newest).
    #[arg(long, value_name = "N")]
    pub version: Option<usize>,
    /// Output format (--json is the same as --format json).
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Write a stand-alone archive (tar) to FILE instead of printing.
    #[arg(long, value_name = "FILE")]
    pub bundle: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Html,
    Md,
    Json,
}

#[derive(schemars::JsonSchema, Serialize)]
struct Verification {
    ok: bool,
    result: String,
    records_checked: usize,
    problems: Vec<crate::ledger::Problem>,
}

#[derive(schemars::JsonSchema, Serialize)]
struct Certificate {
    generated_at: String,
    store_id: String,
    branch: String,
    tip: String,
    deliverable: String,
    version: usize,
    request: serde_json::Value,
    state: String,
    summary: String,
    decisions: Vec<DecisionRow>,
    timeline: Vec<timeline::Moment>,
    policy: serde_json::Value,
    trust: serde_json::Value,
    verification: Verification,
    commands: Vec<String>,
}

/// Shell quoting for the commands we print. Text with control or
/// formatting characters (a file name can hold any) uses bash's `$'…'` with
/// escapes, so every command stays one visible line that means what it shows.
fn sh_quote(s: &str) -> String {
    if s.chars().any(crate::text::is_unsafe) {
        let mut q = String::from("$'");
        for c in s.chars() {
            match c {
                '\\' | '\'' => {
                    q.push('\\');
                    q.push(c);
                }
                c if !crate::text::is_unsafe(c) => q.push(c),
                c if c.is_ascii() => q.push_str(&format!("\\x{:02x}", u32::from(c))),
                c => q.push_str(&format!("\\U{:08x}", u32::from(c))),
            }
        }
        q.push('\'');
        return q;
    }
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@=+,".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    let format = if ctx.out.json {
        Format::Json
    } else {
        args.format
    };
    let ledger = ctx.ledger()?;
    let snap = ctx.load(&ledger)?;
    let rr = resolve(&snap, &target(args)?)?;
    let v = crate::views::version(&snap, rr);
    let cert = certificate(&ledger, &snap, &v)?;
    if let Some(out) = &args.bundle {
        let written = bundle::write(
            &ledger,
            &bundle::Contents {
                snap: &snap,
                rr,
                version: v.number,
                markdown: renderer_for(&ledger.store).render("certificate.md", &cert)?,
                json: serde_json::to_value(&cert)
                    .map(crate::output::with_schema)
                    .and_then(|v| serde_json::to_string_pretty(&v))
                    .map_err(|e| CliError::env(format!("cannot encode the certificate: {e}")))?
                    + "\n",
            },
            out,
        )?;
        ctx.out.note(&format!(
            "Wrote {} ({} signatures, {} files). Check it anywhere: tar -xf {} && sh certificate-*/verify.sh",
            out.display(),
            written.signatures,
            written.files,
            out.display()
        ));
        return Ok(0);
    }
    match format {
        Format::Json => ctx.out.json(&cert)?,
        Format::Md | Format::Html => {
            let name = if format == Format::Md {
                "certificate.md"
            } else {
                "certificate.html"
            };
            let text = renderer_for(&ledger.store).render(name, &cert)?;
            ctx.out.print(&text)?;
        }
    }
    Ok(0)
}

/// The request the arguments name: `name@vN`, or a name with `--version`.
fn target(args: &Args) -> Result<String> {
    Ok(match args.version {
        Some(0) => {
            return Err(CliError::usage("--version counts from 1")
                .hint("v1 is the first request of a deliverable"));
        }
        Some(v) => {
            if args.target.contains("@v") {
                return Err(CliError::usage(
                    "give the version once: name@vN or --version N",
                ));
            }
            format!("{}@v{v}", args.target)
        }
        None => args.target.clone(),
    })
}

/// The certificate of version `v`.
fn certificate(
    ledger: &crate::ledger::Ledger,
    snap: &crate::ledger::Snapshot,
    v: &crate::views::VersionView<'_>,
) -> Result<Certificate> {
    let rr = v.records;
    let req = &rr.request;
    let policy = snap.policy();
    let ev = &v.evaluation;
    let decisions = decision_rows(snap, v);
    let outbox = crate::notify::outbox::Outbox::new(ledger.store.git_dir());
    let timeline = timeline::build(snap, v, Some(&outbox));
    let tip = snap.tip.clone();
    // The problems the gate would fail closed on: one answer for both.
    let problems: Vec<crate::ledger::Problem> =
        crate::views::problems_concerning(snap, &req.deliverable)
            .into_iter()
            .cloned()
            .collect();
    let records_checked = 1 + rr.decisions.len() + rr.comments.len();
    let result = if problems.is_empty() {
        format!(
            "all {records_checked} signatures of this request verified, policy chain verified to version {}",
            policy.version
        )
    } else {
        format!("{} problem(s) found; see below", problems.len())
    };
    let policy_bytes = ledger
        .store
        .read(&tip, snap.chain.path(policy.version).unwrap_or_default())?
        .unwrap_or_default();
    let policy_hash = format!(
        "sha256:{}",
        hex::encode(sha2::Sha256::digest(&policy_bytes))
    );
    let commands = commands(snap, ledger.store.branch(), req, &decisions);
    let by = person_view(policy, &req.by);
    Ok(Certificate {
        generated_at: now().to_string(),
        store_id: snap.info.store_id.clone(),
        branch: ledger.store.branch().to_string(),
        tip,
        deliverable: req.deliverable.clone(),
        version: v.number,
        request: serde_json::json!({
            "id": req.id,
            "by": req.by,
            "by_name": by.name,
            "by_email": by.email,
            "at": req.at,
            "key": req.key,
            "message": req.message,
            "due": req.due,
            "content": req.content,
            "source": req.source,
            "files": req.files,
            "reviewers": req.reviewers,
            "groups": req.groups,
        }),
        state: ev.state.as_str().to_string(),
        summary: ev.summary(),
        decisions,
        timeline,
        policy: serde_json::json!({
            "version": policy.version,
            "hash": policy_hash,
            "admins": policy.members(&policy.admins.group),
            "threshold": policy.admins.threshold,
        }),
        trust: serde_json::json!({
            "root": snap.chain.root_hash,
            "pinned": !snap.chain.tofu,
            "source": ledger.trust.source,
        }),
        verification: Verification {
            ok: problems.is_empty(),
            result,
            records_checked,
            problems,
        },
        commands,
    })
}

/// The commands an auditor runs, verbatim, in a fresh clone: the store
/// branch fetched into a local branch of the same name (a bare `git fetch
/// origin BRANCH` makes none, and `signoff` reads the local one), allowed
/// signers from the policy, then one verify per record, read straight
/// from the store commit.
fn commands(
    snap: &crate::ledger::Snapshot,
    branch: &str,
    req: &crate::record::Request,
    decisions: &[DecisionRow],
) -> Vec<String> {
    let tip = &snap.tip;
    let mut commands = vec![
        format!("git fetch origin {branch}:{branch}"),
        "signoff policy allowed-signers -o allowed_signers".to_string(),
    ];
    let mut verify = |path: &str, signer: &str, name: &str| {
        commands.push(format!(
            "git show {tip}:{} > {name}.sig",
            sh_quote(&crate::layout::sig_path(path))
        ));
        commands.push(format!(
            "git show {tip}:{} | ssh-keygen -Y verify -f allowed_signers -I {} -n signoff -s {name}.sig",
            sh_quote(path),
            sh_quote(signer)
        ));
    };
    verify(
        &snap.layout().request_path(&req.deliverable, &req.id),
        &req.by,
        "request",
    );
    // A link decision is signed by the server that attested it: its key's
    // principal is the one to name, not the reviewer's.
    for (i, d) in decisions.iter().enumerate() {
        verify(&d.path, &d.signer, &format!("decision-{}", i + 1));
    }
    for f in &req.files {
        commands.push(format!(
            "git show {tip}:{} | sha256sum   # expect {}",
            sh_quote(
                &snap
                    .layout()
                    .content_path(&req.deliverable, &req.id, &f.path)
            ),
            f.sha256
        ));
    }
    commands
}

/// The JSON Schema of `certificate --json`.
pub(crate) fn json_schema() -> schemars::Schema {
    schemars::schema_for!(Certificate)
}
