//! `signoff link`: print a signed email link for a reviewer.

use super::{Ctx, parse_when, resolve};
use crate::error::{CliError, Result};
use crate::notify::links::{LinkKeyError, LinkMaker};

/// Print a signed link with which PERSON decides on TARGET in the browser.
///
/// The link is served by 'signoff serve' and signed with its attestation
/// key (run 'signoff serve init' first). With --inbox, the link lists every
/// request that waits on PERSON instead.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  signoff link acme/logo --for ana\n  signoff link --inbox --for ana --expires \"in 7 days\""
)]
pub struct Args {
    /// Deliverable name, name@vN, or request id prefix (not with --inbox).
    #[arg(required_unless_present = "inbox", conflicts_with = "inbox", add = crate::complete::deliverable())]
    pub target: Option<String>,
    /// The reviewer the link is for.
    #[arg(long = "for", value_name = "PERSON", add = crate::complete::person())]
    pub person: String,
    /// A link to PERSON's inbox of waiting requests.
    #[arg(long)]
    pub inbox: bool,
    /// When the link stops working (default: git config signoff.linkDays, 30 days).
    #[arg(long, value_name = "WHEN")]
    pub expires: Option<String>,
    /// Base URL of the server (default: git config signoff.serveUrl).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    let ledger = ctx.ledger()?;
    let url = args
        .base_url
        .clone()
        .or_else(|| ledger.store.config_string("signoff.serveUrl"))
        .ok_or_else(|| {
            CliError::usage("no server address for the link")
                .hint("pass --base-url https://… or set git config signoff.serveUrl")
        })?;
    let maker = LinkMaker::new(&ledger.store, &url).map_err(|e| {
        let message = match e {
            LinkKeyError::Missing(path) => format!(
                "no attestation key at {} (run 'signoff serve init')",
                path.display()
            ),
            LinkKeyError::Unreadable(e) => e,
        };
        CliError::identity(message).hint("run 'signoff serve init' as an admin first")
    })?;
    let expires = args
        .expires
        .as_deref()
        .map(|e| parse_when(e, "expiry").map(jiff::Timestamp::as_second))
        .transpose()?;
    let snap = ctx.load(&ledger)?;
    if snap.policy().person(&args.person).is_none() {
        return Err(
            CliError::not_found(format!("unknown person {:?}", args.person))
                .hint(super::person_hint(&snap, &args.person)),
        );
    }
    // The page would only say their access ended (`person … --access-until`).
    let policy = snap.policy();
    if crate::state::deadlines::access_ended(policy, &args.person, crate::clock::now()) {
        ctx.out.warn(&format!(
            "{}'s access ended; this link shows them only that (change it with 'signoff person edit {} --access-until DATE')",
            args.person, args.person
        ));
    }
    let link = if args.inbox {
        maker.inbox_url(&snap, &args.person, expires)
    } else {
        let target = args.target.as_deref().unwrap_or_default();
        let rr = resolve(&snap, target)?;
        match expires {
            Some(e) => maker.decide_url_until(&snap, &rr.request, &args.person, e),
            None => maker.decide_url(&snap, &rr.request, &args.person),
        }
    };
    if ctx.out.json {
        ctx.out.json(&serde_json::json!({
            "person": args.person,
            "kind": if args.inbox { "inbox" } else { "decide" },
            "url": link,
        }))?;
    } else {
        ctx.out.print(&link)?;
    }
    Ok(0)
}
