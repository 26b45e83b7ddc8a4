//! `signoff init`: create the store branch with policy version 1.

use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, Result};
use crate::policy::{self, Person};

/// Create the store on this repository.
///
/// Creates the orphan branch `signoff` with a random store id and policy
/// version 1 naming you as a person and the admin. Works in a repository
/// with no commits. Refuses if a store exists. Prints the hash of policy
/// version 1: pin it in CI as the trust root.
///
/// On a terminal it asks for your id, name and email (offering the defaults)
/// and offers to generate a key when you have none; --yes takes the defaults
/// and --generate-key makes the key without asking.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  signoff init --yes --generate-key")]
pub struct Args {
    /// Your person id in the policy (default: git config signoff.person, else
    /// the part of user.email before '@').
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Your name (default: git config user.name).
    #[arg(long)]
    pub name: Option<String>,
    /// Your email (default: git config user.email).
    #[arg(long)]
    pub email: Option<String>,
    /// Generate a signing key first if you have none (as 'signoff key generate').
    #[arg(long)]
    pub generate_key: bool,
    /// Do not ask: take the defaults for anything not given.
    #[arg(short, long)]
    pub yes: bool,
}

#[derive(Serialize)]
struct Out {
    store_id: String,
    branch: String,
    commit: String,
    person: String,
    key: String,
    trust_root: String,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    let ledger = ctx.ledger()?;
    let store = &ledger.store;
    if store.tip()?.is_some() {
        return Err(CliError::refused(format!(
            "this repository already has a store (branch '{}')",
            store.branch()
        ))
        .hint("use it as it is; 'signoff status' shows what it holds"));
    }
    let prompt = !args.yes && super::interact::can_prompt();
    let signer = match ctx.signer(store) {
        Ok(s) => s,
        Err(e) if e.kind == crate::error::ErrorKind::Identity && ctx.global.key.is_none() => {
            let path = crate::keys::generated_key_path()?;
            let generate = args.generate_key
                || (prompt
                    && super::interact::confirm(
                        &format!(
                            "You have no signing key. Generate one at {}?",
                            path.display()
                        ),
                        true,
                    )?);
            if !generate {
                return Err(e.hint("or run 'signoff init --generate-key'"));
            }
            super::key::generate_at(ctx, &path, store.config_string("user.email").as_deref())?
        }
        Err(e) => return Err(e),
    };
    let person = person(store, args, prompt, signer.key().openssh())?;
    let id = person.id.clone();
    let (commit, info) = ledger.init(&signer, person)?;
    let snap = ledger.load()?;
    // The admin who made the store trusts its first policy: pin it in this
    // clone (others pin it from what this command prints). Best effort: the
    // store exists either way, and the pin is printed below.
    let pinned = store.config_string("signoff.trust").is_none()
        && store
            .set_local_config("signoff.trust", &snap.chain.root_hash)
            .is_ok();
    let out = Out {
        store_id: info.store_id.clone(),
        branch: store.branch().to_string(),
        commit,
        person: id.clone(),
        key: signer.key().fingerprint().to_string(),
        trust_root: snap.chain.root_hash.clone(),
    };
    if ctx.out.json {
        return ctx.out.json(&out).map(|()| 0);
    }
    ctx.out.print(&format!(
        "Initialised signoff store {} on branch '{}'\n  admin:      {} ({})\n  trust root: {}\n",
        out.store_id, out.branch, id, out.key, out.trust_root
    ))?;
    if pinned {
        ctx.out
            .note("Pinned it in this clone's git config (signoff.trust).");
    }
    ctx.out.note(&format!(
        "Pin the trust root in CI and other clones: signoff gate --trust {} …  (or: git config signoff.trust {})",
        out.trust_root, out.trust_root
    ));
    Ok(0)
}

/// The first admin, from the arguments, git config, and (when `prompt`)
/// the answers to a few questions; `key` is their public key.
fn person(store: &crate::store::Store, args: &Args, prompt: bool, key: String) -> Result<Person> {
    let mut email = args
        .email
        .clone()
        .or_else(|| store.config_string("user.email"))
        .unwrap_or_default();
    if prompt && args.email.is_none() {
        email = super::interact::ask("Your email", &email)?;
    }
    let id = args
        .id
        .clone()
        .or_else(|| store.config_string("signoff.person"))
        .or_else(|| {
            email
                .split('@')
                .next()
                .map(|s| {
                    s.to_ascii_lowercase()
                        .chars()
                        .map(|c| {
                            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                                c
                            } else {
                                '-'
                            }
                        })
                        .collect::<String>()
                })
                .filter(|s| !s.is_empty())
        })
        .ok_or_else(|| {
            CliError::usage("cannot tell your person id")
                .hint("pass --id <you>, or set git config user.email")
        })?;
    let id = if prompt && args.id.is_none() {
        super::interact::ask("Your person id (a-z, 0-9, '.', '_', '-')", &id)?
    } else {
        id
    };
    policy::check_person_id(&id).map_err(|e| CliError::usage(e).hint("pass --id <you>"))?;
    let name = args
        .name
        .clone()
        .or_else(|| store.config_string("user.name"))
        .unwrap_or_default();
    let name = if prompt && args.name.is_none() {
        super::interact::ask("Your name", &name)?
    } else {
        name
    };
    crate::text::check_name("name", &name)
        .map_err(|e| CliError::usage(e).hint("pass --name \"Your Name\""))?;
    if !email.is_empty() {
        crate::text::check_email(&email)
            .map_err(|e| CliError::usage(e).hint("pass --email you@example.com"))?;
    }
    Ok(Person {
        id,
        name,
        email,
        keys: vec![key],
        tz: None,
        access_until: None,
    })
}
