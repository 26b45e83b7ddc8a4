//! `signoff key`: generate, show, list and import signing keys.

use std::path::PathBuf;

use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, Result};
use crate::keys;
use crate::sign::{Key, Signer};

/// Manage your Ed25519 signing key (OpenSSH format).
#[derive(Debug, clap::Subcommand)]
pub enum KeyCommand {
    /// Generate a new Ed25519 key in your config directory (mode 0600).
    ///
    /// It takes over from a key signoff found elsewhere (git's
    /// `user.signingKey`, `~/.ssh/id_ed25519`); when that one is yours in the
    /// policy, a warning says so and how to keep it.
    #[command(
        after_help = "Examples:\n  signoff key generate\n  signoff key generate --comment ana@laptop"
    )]
    Generate {
        /// Comment stored in the key (default: your git user.email).
        #[arg(long)]
        comment: Option<String>,
    },
    /// Print the public key line of the key signoff would sign with.
    Show,
    /// List the keys signoff can find, in the order it tries them.
    List,
    /// Copy an existing Ed25519 key into signoff's config directory.
    ///
    /// A private key, or a .pub file whose key is in ssh-agent.
    Import {
        /// The key file.
        path: PathBuf,
    },
}

#[derive(Serialize)]
struct KeyOut {
    fingerprint: String,
    public_key: String,
    source: String,
    person: Option<String>,
}

pub fn run(ctx: &Ctx, cmd: &KeyCommand) -> Result<u8> {
    match cmd {
        KeyCommand::Generate { comment } => generate(ctx, comment.as_deref()),
        KeyCommand::Show => show(ctx),
        KeyCommand::List => list(ctx),
        KeyCommand::Import { path } => import(ctx, path),
    }
}

fn comment_default(ctx: &Ctx) -> String {
    ctx.store()
        .ok()
        .and_then(|s| s.config_string("user.email"))
        .unwrap_or_else(|| "signoff".into())
}

fn generate(ctx: &Ctx, comment: Option<&str>) -> Result<u8> {
    let path = keys::generated_key_path()?;
    if path.exists() {
        return Err(CliError::refused(format!(
            "{} already exists; not overwriting a key",
            path.display()
        ))
        .hint("'signoff key show' prints it; move it away first to make a new one"));
    }
    let comment = comment.map_or_else(|| comment_default(ctx), str::to_string);
    let before = signing_today(ctx);
    let (signer, private) = Signer::generate(&comment).map_err(|e| CliError::env(e.to_string()))?;
    let line = format!("{} {comment}", signer.key().openssh());
    keys::write_private_key(&path, &private, &line)?;
    print_key(ctx, signer.key(), &path.display().to_string(), None)?;
    ctx.out
        .note(&format!("Wrote {} (mode 0600)", path.display()));
    if let Some(today) = before {
        say_what_changes(ctx, &today, &path);
    }
    Ok(0)
}

/// The key signoff signs with today: where it is, where that came from,
/// and whose it is in the policy.
struct Today {
    path: PathBuf,
    from: keys::KeySource,
    fingerprint: String,
    person: Option<String>,
}

fn signing_today(ctx: &Ctx) -> Option<Today> {
    let configured = ctx.store().ok().map_or_else(Default::default, |s| {
        keys::Configured::from_config(|k| s.config_string(k))
    });
    let (path, from) = keys::candidates(ctx.global.key.as_deref(), configured)
        .ok()?
        .into_iter()
        .find(|(p, _)| p.exists())?;
    let signer = Signer::load(&path).ok()?;
    Some(Today {
        person: person_of(ctx, signer.key()),
        fingerprint: signer.key().fingerprint().to_string(),
        path,
        from,
    })
}

/// After `key generate`: whether the new key takes over from the one used
/// until now, what that means when the old one is someone's in the policy,
/// and how to keep it.
fn say_what_changes(ctx: &Ctx, today: &Today, new: &std::path::Path) {
    use keys::KeySource;
    let source = crate::error::key_source(today.from);
    match today.from {
        // Those come first: the new key waits until they are unset.
        KeySource::Flag | KeySource::GitConfig => ctx.out.note(&format!(
            "signoff still signs with {} (from {source}); the new key is used once that is unset",
            today.path.display()
        )),
        KeySource::Generated => {}
        KeySource::Imported | KeySource::GitSigning | KeySource::HomeSsh => {
            let Some(person) = &today.person else {
                ctx.out.note(&format!(
                    "the new key takes over from {} (from {source}), which is not in the policy",
                    today.path.display()
                ));
                return;
            };
            ctx.out.warn(&format!(
                "the new key takes over from {} ({}, from {source}), which is yours in the policy (person {person}): signoff now signs with {}, which the policy does not know yet, so what you sign is refused until an admin adds the new key to {person} ('signoff policy edit'); to keep signing with the old key, run: git config --global signoff.key {}",
                today.path.display(),
                today.fingerprint,
                new.display(),
                today.path.display()
            ));
        }
    }
}

/// Generates a key at `path` for `signoff init --generate-key` and returns
/// its signer; says where it went on stderr (stdout is init's).
pub fn generate_at(ctx: &Ctx, path: &std::path::Path, comment: Option<&str>) -> Result<Signer> {
    let comment = comment.unwrap_or("signoff");
    let (signer, private) = Signer::generate(comment).map_err(|e| CliError::env(e.to_string()))?;
    let line = format!("{} {comment}", signer.key().openssh());
    keys::write_private_key(path, &private, &line)?;
    ctx.out.note(&format!(
        "Generated {} ({}, mode 0600)",
        path.display(),
        signer.key().fingerprint()
    ));
    Ok(signer)
}

fn person_of(ctx: &Ctx, key: &Key) -> Option<String> {
    let ledger = ctx.ledger().ok()?;
    let snap = ledger.load().ok()?;
    snap.policy()
        .person_by_fingerprint(key.fingerprint())
        .map(|p| p.id.clone())
}

fn print_key(ctx: &Ctx, key: &Key, source: &str, person: Option<String>) -> Result<()> {
    if ctx.out.json {
        return ctx.out.json(&KeyOut {
            fingerprint: key.fingerprint().into(),
            public_key: key.openssh(),
            source: source.into(),
            person,
        });
    }
    ctx.out.print(&key.openssh())?;
    ctx.out.note(&format!(
        "{}  from {source}{}",
        key.fingerprint(),
        person
            .map(|p| format!("  (person {p})"))
            .unwrap_or_default()
    ));
    Ok(())
}

fn show(ctx: &Ctx) -> Result<u8> {
    let configured = ctx.store().ok().map_or_else(Default::default, |s| {
        keys::Configured::from_config(|k| s.config_string(k))
    });
    let signer = keys::signer(ctx.global.key.as_deref(), configured)?;
    let person = person_of(ctx, signer.key());
    print_key(ctx, signer.key(), &signer.source, person)?;
    Ok(0)
}

#[derive(Serialize)]
struct ListRow {
    path: String,
    from: String,
    exists: bool,
    fingerprint: Option<String>,
    error: Option<String>,
}

fn list(ctx: &Ctx) -> Result<u8> {
    let configured = ctx.store().ok().map_or_else(Default::default, |s| {
        keys::Configured::from_config(|k| s.config_string(k))
    });
    let mut rows = Vec::new();
    for (path, from) in keys::candidates(ctx.global.key.as_deref(), configured)? {
        let exists = path.exists();
        let (fingerprint, error) = if exists {
            match Signer::load(&path) {
                Ok(s) => (Some(s.key().fingerprint().to_string()), None),
                Err(e) => (None, Some(e.to_string())),
            }
        } else {
            (None, None)
        };
        rows.push(ListRow {
            path: path.display().to_string(),
            from: crate::error::key_source(from).into(),
            exists,
            fingerprint,
            error,
        });
    }
    if ctx.out.json {
        #[derive(Serialize)]
        struct L {
            keys: Vec<ListRow>,
        }
        return ctx.out.json(&L { keys: rows }).map(|()| 0);
    }
    let table = ctx.out.table(
        &["path", "from", "fingerprint"],
        rows.into_iter()
            .map(|r| {
                let fp = match (r.exists, r.fingerprint, r.error) {
                    (false, _, _) => "(missing)".to_string(),
                    (true, Some(f), _) => f,
                    (true, None, e) => format!("(unusable: {})", e.unwrap_or_default()),
                };
                vec![r.path, r.from, fp]
            })
            .collect(),
    );
    ctx.out.print(&table)?;
    Ok(0)
}

fn import(ctx: &Ctx, path: &std::path::Path) -> Result<u8> {
    let signer = Signer::load(path)
        .map_err(|e| CliError::identity(e.to_string()).hint(crate::error::sign_hint(&e)))?;
    let text = std::fs::read_to_string(path)?;
    let dest = if crate::keytype::of_public_line(&text).is_some() {
        let dest = keys::config_dir()?.join("id_ed25519.pub");
        if dest.exists() {
            return Err(CliError::refused(format!(
                "{} already exists; not overwriting a key",
                dest.display()
            ))
            .hint("'signoff key show' prints it; move it away first to import another"));
        }
        std::fs::create_dir_all(keys::config_dir()?)?;
        std::fs::write(&dest, text)?;
        dest
    } else {
        let dest = keys::generated_key_path()?;
        keys::write_private_key(&dest, &text, &signer.key().openssh())?;
        dest
    };
    print_key(ctx, signer.key(), &dest.display().to_string(), None)?;
    ctx.out.note(&format!("Imported into {}", dest.display()));
    Ok(0)
}
