//! `signoff serve`: run the web page behind email links; `serve init` sets
//! up its attestation key in the policy.

use std::net::SocketAddr;

use super::Ctx;
use crate::error::{CliError, Result};
use crate::link::AttestKey;
use crate::ops::policy_change::{Change, PolicyChangeError};
use crate::policy::{Person, check_person_id};
use crate::serve::{self, Options, client::Proxy};

/// Serve the page where reviewers decide from an email link.
///
/// Each request email carries a signed link per reviewer when `git config
/// signoff.serveUrl` is set. Opening a link shows the deliverable and never
/// changes anything; a decision needs a press of Approve, Request changes or
/// Decline. The decision is signed by this server's attestation key, which
/// an admin lists in the policy once with 'signoff serve init'. Links are
/// single-use and expire (git config signoff.linkDays, default 30).
///
/// With --remote (git config signoff.serveRemote), the server keeps that git
/// remote in step: before a link page or an inbox is shown it fetches the
/// remote's store branch and takes in new records, verified as 'signoff
/// sync' does (at most one fetch every few seconds; if the remote cannot be
/// reached the page shows the local store), and after each decision it
/// pushes in the background, retrying until the push lands. Ctrl-C tries one
/// last push and says what is not pushed yet; the next start pushes it.
/// It also mails the people without a key (who cannot be mailed from a
/// clone without this key): every 2 seconds it fetches the remote and, for
/// each new request, stage that opens and reminder due, sends their email
/// with their link once it holds the record. Before sending it pushes a
/// 'notified' record without forcing, so that several servers against one
/// remote send each mail once.
///
/// Every request is logged in one line on stderr (no tokens). GET /healthz
/// answers with a small JSON object: ok, the store's tip, whether pushes are
/// pending. Behind a reverse proxy, give its
/// address with --trusted-proxy (git config signoff.serveTrustedProxy, comma
/// separated) so that the client address comes from X-Forwarded-For.
///
/// Branding: git config signoff.portalTitle, signoff.portalLogo (an image in
/// the working tree), signoff.portalAccent (#rrggbb), signoff.portalSupport
/// (an email address). Pages are the templates serve/*.html and
/// serve/style.css (a repository overrides them in .signoff/templates/).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  signoff serve init\n  signoff serve --listen 127.0.0.1:8080 --base-url https://approvals.example.com --remote origin"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<ServeCommand>,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    pub listen: SocketAddr,
    /// Public base URL of this server (default: git config signoff.serveUrl).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Keep this git remote in step: fetch before pages, push after decisions
    /// (default: git config signoff.serveRemote; none: this repository only).
    #[arg(long, value_name = "NAME")]
    pub remote: Option<String>,
    /// A reverse proxy whose X-Forwarded-For names the client: an IP address
    /// or a network such as 10.0.0.0/8; repeatable (default: git config
    /// signoff.serveTrustedProxy, comma separated).
    #[arg(long = "trusted-proxy", value_name = "ADDR")]
    pub trusted_proxies: Vec<String>,
    /// Print the attestation public key (creating the key if needed) and exit.
    #[arg(long)]
    pub print_key: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum ServeCommand {
    /// Create the attestation key and add it to the policy as an attester.
    ///
    /// This is a new policy version: you must be an admin.
    Init {
        /// Person id for the server in the policy.
        #[arg(long, default_value = "portal", value_name = "ID")]
        id: String,
    },
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    if let Some(ServeCommand::Init { id }) = &args.command {
        return init(ctx, id);
    }
    let store = ctx.store()?;
    if args.print_key {
        let (key, created) = load_or_create(&store)?;
        if created {
            ctx.out.note(&format!(
                "created the attestation key {}",
                serve::key_path(&store).display()
            ));
        }
        ctx.out.print(&key.signer.key().openssh())?;
        return Ok(0);
    }
    let base_url = args
        .base_url
        .clone()
        .or_else(|| store.config_string("signoff.serveUrl"));
    if let Some(u) = &base_url {
        if !(u.starts_with("http://") || u.starts_with("https://")) {
            return Err(CliError::usage(format!("invalid base URL {u:?}"))
                .hint("give the address reviewers open, e.g. https://approvals.example.com"));
        }
    }
    let remote = args
        .remote
        .clone()
        .or_else(|| store.config_string("signoff.serveRemote"))
        .filter(|r| !r.trim().is_empty());
    let trusted_proxies = trusted_proxies(&store, &args.trusted_proxies)?;
    let repo = store.workdir().unwrap_or(store.git_dir()).to_path_buf();
    let ledger = ctx.ledger()?;
    let opts = Options {
        repo,
        branch: store.branch().to_string(),
        trust: ledger.trust.clone(),
        listen: args.listen,
        base_url,
        remote,
        trusted_proxies,
    };
    let out = ctx.out;
    serve::run(&opts, |addr| {
        out.note(&format!("listening on http://{addr}"));
        if let Some(r) = &opts.remote {
            out.note(&format!(
                "keeping remote {r} in step: fetching before pages, pushing decisions, mailing the people who decide through links"
            ));
        }
        if opts.base_url.is_none() {
            out.note("no base URL: set git config signoff.serveUrl so request emails carry links");
        }
    })?;
    Ok(0)
}

/// The trusted proxies from the flags, else from git config.
fn trusted_proxies(store: &crate::store::Store, flags: &[String]) -> Result<Vec<Proxy>> {
    let (list, from) = if flags.is_empty() {
        let config = store
            .config_string("signoff.serveTrustedProxy")
            .unwrap_or_default();
        let list: Vec<String> = config
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        (list, "git config signoff.serveTrustedProxy")
    } else {
        (flags.to_vec(), "--trusted-proxy")
    };
    list.iter()
        .map(|p| {
            Proxy::parse(p).map_err(|e| {
                CliError::usage(format!("invalid trusted proxy in {from}: {e}")).hint(
                    "give the proxy's IP address or network, e.g. 127.0.0.1, ::1 or 10.0.0.0/8",
                )
            })
        })
        .collect()
}

fn load_or_create(store: &crate::store::Store) -> Result<(AttestKey, bool)> {
    let path = serve::key_path(store);
    AttestKey::load_or_create(&path).map_err(|e| {
        CliError::identity(format!("cannot use the attestation key: {e}"))
            .hint("set git config signoff.serveKey to an unencrypted Ed25519 OpenSSH key file")
    })
}

fn init(ctx: &Ctx, id: &str) -> Result<u8> {
    check_person_id(id).map_err(CliError::usage)?;
    let store = ctx.store()?;
    let (key, created) = load_or_create(&store)?;
    if created {
        ctx.out.note(&format!(
            "created the attestation key {} (keep it private: it vouches for link decisions)",
            serve::key_path(&store).display()
        ));
    }
    let line = key.signer.key().openssh();
    let fp = key.signer.key().fingerprint().to_string();
    let ledger = ctx.ledger()?;
    let snap = ctx.load(&ledger)?;
    let policy = snap.policy();
    if let Some(p) = policy.person_by_fingerprint(&fp) {
        if policy.attesters.contains(&p.id) {
            ctx.out.print(&format!(
                "{} (key {fp}) is already an attester in policy version {}",
                p.id, policy.version
            ))?;
            return Ok(0);
        }
        return Err(CliError::refused(format!(
            "the attestation key {fp} already belongs to {} and is not an attester",
            p.id
        ))
        .hint("use a separate key for the server (git config signoff.serveKey)"));
    }
    let attester = Person {
        id: id.to_string(),
        name: "signoff serve (email links)".into(),
        email: String::new(),
        keys: vec![line.clone()],
        tz: None,
        access_until: None,
    };
    let subject = format!("Add link attester {id}");
    let change = Change::AddAttester(attester);
    let proposed = super::policy::propose_or(ctx, &subject, &change, |e| match e {
        PolicyChangeError::PersonExists(id) => {
            CliError::refused(format!("person {id} already exists"))
                .hint("pick another id with --id")
        }
        e => super::policy::change_error(e),
    })?;
    super::policy::report(ctx, &proposed, &format!("Added attester {id}"))
}
