//! `signoff comment`: add a signed comment to a request.

use super::{Ctx, resolve};
use crate::clock::now_string;
use crate::error::{CliError, Result};
use crate::events::Event;
use crate::ledger::{Prepared, whoami};
use crate::record::{self, Comment};

/// Add a comment to a request without deciding.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Deliverable name, name@vN, or request id prefix.
    pub target: String,
    /// The comment.
    #[arg(short, long, value_name = "TEXT", required = true)]
    pub message: String,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    if args.message.trim().is_empty() {
        return Err(CliError::usage("the comment is empty").hint("pass -m \"your comment\""));
    }
    let ledger = ctx.ledger()?.scoped(&args.target);
    let signer = ctx.signer(&ledger.store)?;
    let configured = ledger.store.config_string("signoff.person");
    let (commit, (label, event)) = ledger.append(&signer, |snap| {
        let me = whoami(snap, &signer, configured.clone())?;
        let rr = resolve(snap, &args.target)?;
        let req = &rr.request;
        let label = format!("{} v{}", req.deliverable, snap.version_of(req));
        let id = record::new_id();
        let c = Comment {
            schema: record::SCHEMA_COMMENT.into(),
            store_id: snap.info.store_id.clone(),
            id: id.clone(),
            request: req.id.clone(),
            deliverable: req.deliverable.clone(),
            by: me.clone(),
            key: signer.key().fingerprint().into(),
            at: now_string(),
            comment: args.message.clone(),
        };
        Ok(Prepared {
            records: vec![(
                crate::layout::comment_path(&req.deliverable, &req.id, &id),
                record::to_bytes(&c),
            )],
            files: Vec::new(),
            subject: format!("{me} commented on {label}"),
            kind: "comment",
            trailers: vec![
                ("Signoff-Deliverable".into(), req.deliverable.clone()),
                ("Signoff-Request".into(), req.id.clone()),
            ],
            value: (
                label,
                Event::Commented {
                    deliverable: req.deliverable.clone(),
                    request: req.id.clone(),
                    by: me.clone(),
                    comment: args.message.clone(),
                },
            ),
        })
    })?;
    ctx.emit(&ledger, std::slice::from_ref(&event));
    if ctx.out.json {
        #[derive(serde::Serialize)]
        struct Out {
            commented: String,
            commit: String,
        }
        return ctx
            .out
            .json(&Out {
                commented: label,
                commit,
            })
            .map(|()| 0);
    }
    ctx.out.print(&format!("Commented on {label}"))?;
    Ok(0)
}
