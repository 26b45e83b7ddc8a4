//! `signoff withdraw`: the requester takes a request back.

use super::{Ctx, resolve};
use crate::error::{CliError, Result};
use crate::ops::{self, withdraw::WithdrawError};

/// Withdraw a request: no more decisions are accepted on it.
///
/// Only the requester or a policy admin may withdraw. The request and its
/// decisions stay in history.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Deliverable name, name@vN, or request id prefix.
    #[arg(add = crate::complete::deliverable())]
    pub target: String,
    /// Why it is withdrawn.
    #[arg(short, long, value_name = "TEXT")]
    pub message: Option<String>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    let ledger = ctx.ledger()?.scoped(&args.target);
    let signer = ctx.signer(&ledger.store)?;
    let configured = ledger.store.config_string("signoff.person");
    let reason = args.message.clone().unwrap_or_default();
    let done = ops::withdraw::withdraw(&ledger, &signer, configured, &reason, |snap| {
        resolve(snap, &args.target)
    })
    .map_err(|e| match e {
        WithdrawError::Target(e) => e,
        WithdrawError::Ledger(e) => e.into(),
        WithdrawError::Closed { label, state } => {
            CliError::refused(format!("{label} is already {}", state.as_str()))
                .hint("nothing to do; 'signoff status' shows where it stands")
        }
        WithdrawError::NotAllowed { label, requester } => CliError::refused(format!(
            "only {requester} (who requested {label}) or an admin can withdraw it"
        ))
        .hint(format!(
            "ask {requester} to withdraw it, or leave a note with 'signoff comment'"
        )),
    })?;
    let (label, commit) = (done.label, done.commit);
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
