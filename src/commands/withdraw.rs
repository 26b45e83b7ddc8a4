//! `signoff withdraw`: the requester takes a request back.

use super::{Ctx, resolve};
use crate::clock::now_string;
use crate::error::{CliError, Result};
use crate::ledger::{Prepared, whoami};
use crate::record::{self, Decision, Verdict};
use crate::state::{self, State};

/// Withdraw a request: no more decisions are accepted on it.
///
/// Only the requester or a policy admin may withdraw. The request and its
/// decisions stay in history.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Deliverable name, name@vN, or request id prefix.
    pub target: String,
    /// Why it is withdrawn.
    #[arg(short, long, value_name = "TEXT")]
    pub message: Option<String>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    let ledger = ctx.ledger()?.scoped(&args.target);
    let signer = ctx.signer(&ledger.store)?;
    let configured = ledger.store.config_string("signoff.person");
    let (commit, label) = ledger.append(&signer, |snap| {
        let me = whoami(snap, &signer, configured.clone())?;
        let rr = resolve(snap, &args.target)?;
        let req = &rr.request;
        let label = format!("{} v{}", req.deliverable, snap.version_of(req));
        let ev = state::evaluate(snap.policy(), rr, snap.is_superseded(req));
        if matches!(ev.state, State::Withdrawn | State::Superseded) {
            return Err(
                CliError::refused(format!("{label} is already {}", ev.state.as_str()))
                    .hint("nothing to do; 'signoff status' shows where it stands"),
            );
        }
        if !crate::decide_rules::may_withdraw(snap.policy(), req, &me) {
            return Err(CliError::refused(format!(
                "only {} (who requested {label}) or an admin can withdraw it",
                req.by
            ))
            .hint(format!(
                "ask {} to withdraw it, or leave a note with 'signoff comment'",
                req.by
            )));
        }
        let d = Decision {
            comment: args.message.clone().unwrap_or_default(),
            ..Decision::on(
                req,
                Verdict::Withdraw,
                &me,
                signer.key().fingerprint(),
                now_string(),
            )
        };
        let id = d.id.clone();
        Ok(Prepared {
            records: vec![(
                crate::layout::decision_path(&req.deliverable, &req.id, &id),
                record::to_bytes(&d),
            )],
            files: Vec::new(),
            subject: format!("{me} withdrew {label}"),
            kind: "withdraw",
            trailers: vec![
                ("Signoff-Deliverable".into(), req.deliverable.clone()),
                ("Signoff-Request".into(), req.id.clone()),
            ],
            value: label,
        })
    })?;
    if ctx.out.json {
        #[derive(serde::Serialize)]
        struct Out {
            withdrawn: String,
            commit: String,
        }
        return ctx
            .out
            .json(&Out {
                withdrawn: label,
                commit,
            })
            .map(|()| 0);
    }
    ctx.out.print(&format!("Withdrew {label}"))?;
    Ok(0)
}
