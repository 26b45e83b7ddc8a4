//! `signoff comment`: add a signed comment to a request.

use super::{Ctx, resolve};
use crate::error::{CliError, Result};
use crate::ops::{self, comment::CommentError};

/// Add a comment to a request without deciding.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Deliverable name, name@vN, or request id prefix.
    #[arg(add = crate::complete::deliverable())]
    pub target: String,
    /// The comment.
    #[arg(short, long, value_name = "TEXT", required = true)]
    pub message: String,
    /// For your side only: never shown on the email-link page and never
    /// emailed to people without a key (clients); marked `[internal]` in
    /// `log` and `show`.
    #[arg(long)]
    pub internal: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    let ledger = ctx.ledger()?.scoped(&args.target);
    let signer = ctx.signer(&ledger.store)?;
    let configured = ledger.store.config_string("signoff.person");
    let who = ops::comment::Commenter::Key {
        signer: &signer,
        configured,
        internal: args.internal,
    };
    let done = ops::comment::comment(&ledger, &who, &args.message, |snap| {
        resolve(snap, &args.target)
    })
    .map_err(|e| match e {
        CommentError::Target(e) => e,
        CommentError::Ledger(e) => e.into(),
        CommentError::Empty => {
            CliError::usage("the comment is empty").hint("pass -m \"your comment\"")
        }
        CommentError::TooLong { chars } => CliError::usage(format!(
            "the comment is {chars} characters; the limit is {}",
            crate::state::rules::MAX_COMMENT
        ))
        .hint("shorten it, or put the details in a file in the repository and name it"),
    })?;
    ctx.report(&done.notified);
    let (label, commit) = (done.label, done.commit);
    if ctx.out.json {
        #[derive(serde::Serialize)]
        struct Out {
            commented: String,
            commit: String,
            internal: bool,
        }
        ctx.out.json(&Out {
            commented: label,
            commit,
            internal: args.internal,
        })?;
        return ctx.finish(&done.notified);
    }
    ctx.out.print(&format!(
        "Commented on {label}{}",
        if args.internal { " [internal]" } else { "" }
    ))?;
    ctx.finish(&done.notified)
}
