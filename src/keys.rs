//! Finding the user's signing key, and the keys signoff keeps for them.
//!
//! Order: `--key` / `SIGNOFF_KEY`, then `git config signoff.key`, then the key
//! `signoff key generate` made in the XDG config directory, then git's own
//! SSH signing key (`user.signingKey` with `gpg.format = ssh`: a path, or a
//! literal `key::ssh-ed25519 …` whose private half is in ssh-agent), then
//! `~/.ssh/id_ed25519`. A path may name a private key, or a `.pub` file whose
//! private half is in ssh-agent.

use std::path::{Path, PathBuf};

use crate::fault::Fault;
use crate::sign::{SignError, Signer};

/// Why no signing key could be found, loaded or written.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// Neither `HOME` nor `XDG_CONFIG_HOME` says where the config lives.
    #[error("cannot find your config directory: {0}")]
    NoConfigDir(#[source] etcetera::HomeDirError),
    /// The one key path given (`from` says where) names no file.
    #[error("signing key {} does not exist", .path.display())]
    Missing { path: PathBuf, from: KeySource },
    /// The key file exists but is not a usable Ed25519 key.
    #[error("{0}")]
    Unusable(#[source] SignError),
    /// None of the places a key is looked for holds one.
    #[error("no signing key found")]
    NotFound,
    /// A new key would overwrite an existing file.
    #[error("{} already exists; not overwriting a key", .path.display())]
    Exists { path: PathBuf },
    /// The new key file could not be created.
    #[error("cannot write {}: {source}", .path.display())]
    CannotWrite {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A full disk, an unwritable folder or another I/O error.
    #[error(transparent)]
    Fault(#[from] Fault),
}

impl From<std::io::Error> for KeyError {
    fn from(e: std::io::Error) -> Self {
        KeyError::Fault(e.into())
    }
}

type Result<T, E = KeyError> = std::result::Result<T, E>;

/// Where a candidate key path came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    /// The signing-key flag or its environment variable.
    Flag,
    /// `git config signoff.key`.
    GitConfig,
    /// The key signoff generated in its config directory.
    Generated,
    /// A public key imported from ssh-agent into the config directory.
    Imported,
    /// git's `user.signingKey` (with `gpg.format = ssh`).
    GitSigning,
    /// `~/.ssh/id_ed25519`.
    HomeSsh,
}

/// The directory signoff keeps its keys in (`$XDG_CONFIG_HOME/signoff`).
pub fn config_dir() -> Result<PathBuf> {
    use etcetera::BaseStrategy;
    let base = etcetera::choose_base_strategy().map_err(KeyError::NoConfigDir)?;
    Ok(base.config_dir().join("signoff"))
}

/// Path of the key `signoff key generate` writes.
pub fn generated_key_path() -> Result<PathBuf> {
    Ok(config_dir()?.join("id_ed25519"))
}

fn home_ssh_key() -> Option<PathBuf> {
    std::env::var_os("HOME").map(|h| Path::new(&h).join(".ssh").join("id_ed25519"))
}

/// Where signoff's and git's configuration say the key is: `signoff.key`,
/// and git's `user.signingKey` when `gpg.format` is `ssh`.
#[derive(Debug, Clone, Default)]
pub struct Configured {
    pub signoff: Option<String>,
    pub git_signing: Option<String>,
    /// git's `gpg.ssh.defaultKeyCommand`, asked when `user.signingKey` is
    /// unset (it prints `key::ssh-ed25519 …`, e.g. the agent's first key).
    pub default_key_command: Option<String>,
    /// git's `gpg.ssh.program`: what signs instead of `ssh-keygen` (the
    /// 1Password or Secretive signer).
    pub ssh_program: Option<String>,
}

impl Configured {
    /// Reads both from a git configuration lookup.
    pub fn from_config(get: impl Fn(&str) -> Option<String>) -> Configured {
        let ssh = get("gpg.format").is_some_and(|f| f.eq_ignore_ascii_case("ssh"));
        Configured {
            signoff: get("signoff.key"),
            git_signing: ssh.then(|| get("user.signingKey")).flatten(),
            default_key_command: ssh.then(|| get("gpg.ssh.defaultKeyCommand")).flatten(),
            ssh_program: get("gpg.ssh.program").filter(|p| !p.trim().is_empty()),
        }
    }
}

/// git's `user.signingKey` as a path: a literal key (`key::ssh-ed25519 …`,
/// or a bare key line) is written beside signoff's keys as a `.pub` file,
/// whose private half ssh-agent holds.
fn git_signing_path(value: &str) -> Result<PathBuf> {
    let literal = value.strip_prefix("key::").unwrap_or(value).trim();
    if literal.starts_with("ssh-") || literal.starts_with("sk-ssh-") {
        let dir = config_dir()?;
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("git-signing-key.pub");
        let line = format!("{literal}\n");
        if std::fs::read_to_string(&path).ok().as_deref() != Some(line.as_str()) {
            let tmp = dir.join(format!(".git-signing-key.{}.tmp", std::process::id()));
            std::fs::write(&tmp, &line)?;
            std::fs::rename(&tmp, &path)?;
        }
        return Ok(path);
    }
    Ok(expand_home(value))
}

/// Candidate key paths in the order they are tried, with where each came from.
pub fn candidates(
    explicit: Option<&Path>,
    configured: Configured,
) -> Result<Vec<(PathBuf, KeySource)>> {
    let mut out = Vec::new();
    if let Some(p) = explicit {
        out.push((p.to_path_buf(), KeySource::Flag));
        return Ok(out);
    }
    if let Some(c) = configured.signoff {
        out.push((expand_home(&c), KeySource::GitConfig));
        return Ok(out);
    }
    out.push((generated_key_path()?, KeySource::Generated));
    out.push((config_dir()?.join("id_ed25519.pub"), KeySource::Imported));
    let git_signing = configured.git_signing.or_else(|| {
        // As git does when user.signingKey is unset: ask the command.
        let cmd = configured.default_key_command?;
        let out = std::process::Command::new("sh")
            .args(["-c", &cmd])
            .stdin(std::process::Stdio::null())
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&out.stdout);
        out.status
            .success()
            .then(|| text.lines().next().map(|l| l.trim().to_string()))
            .flatten()
            .filter(|l| !l.is_empty())
    });
    if let Some(g) = git_signing {
        out.push((git_signing_path(&g)?, KeySource::GitSigning));
    }
    if let Some(h) = home_ssh_key() {
        out.push((h, KeySource::HomeSsh));
    }
    Ok(out)
}

fn expand_home(p: &str) -> PathBuf {
    if let (Some(rest), Some(home)) = (p.strip_prefix("~/"), std::env::var_os("HOME")) {
        return Path::new(&home).join(rest);
    }
    PathBuf::from(p)
}

/// Loads the signing key.
pub fn signer(explicit: Option<&Path>, configured: Configured) -> Result<Signer> {
    let program = configured.ssh_program.clone();
    let cands = candidates(explicit, configured)?;
    let only_one = cands.len() == 1;
    for (path, from) in &cands {
        if !path.exists() {
            if only_one {
                return Err(KeyError::Missing {
                    path: path.clone(),
                    from: *from,
                });
            }
            continue;
        }
        return Signer::load(path)
            .map(|s| s.with_program(program))
            .map_err(KeyError::Unusable);
    }
    Err(KeyError::NotFound)
}

/// Writes a new private key file with mode 0600 (and its `.pub` beside it),
/// refusing to overwrite.
pub fn write_private_key(path: &Path, private_openssh: &str, public_line: &str) -> Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        }
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            KeyError::Exists {
                path: path.to_path_buf(),
            }
        } else {
            KeyError::CannotWrite {
                path: path.to_path_buf(),
                source,
            }
        }
    })?;
    f.write_all(private_openssh.as_bytes())?;
    f.sync_all()?;
    let mut pub_path = path.as_os_str().to_owned();
    pub_path.push(".pub");
    std::fs::write(PathBuf::from(pub_path), format!("{public_line}\n"))?;
    Ok(())
}
