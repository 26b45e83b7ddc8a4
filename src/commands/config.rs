//! `signoff config`: every setting signoff reads, its effective value and
//! where that value came from (a git config file and line, the environment,
//! or signoff's default).
//!
//! It prints [`crate::settings::SETTINGS`], the one list of them, from which
//! the man pages' CONFIGURATION and ENVIRONMENT sections are written too
//! ([`man_sections`]). Secrets are shown as set or unset, never printed.

use std::path::Path;

use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, Result};
use crate::settings::{Kind, SETTINGS, Setting};
use crate::store::{ConfigOrigin, DEFAULT_BRANCH, Store};

/// Show every setting signoff reads, its value and where it came from.
///
/// Git config keys (`git config signoff.smtp …`) and environment variables,
/// as `git config --show-origin` shows them: the file and line that set a
/// key, `env` for the environment, `default` for signoff's own default.
/// Passwords are shown as set or unset, never printed.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  signoff config\n  signoff config signoff.smtp SIGNOFF_PAGER\n  signoff config --json"
)]
pub struct Args {
    /// Only these settings (git config keys or environment variables).
    #[arg(value_name = "NAME", add = crate::complete::setting())]
    pub names: Vec<String>,
}

/// One setting as `config` shows it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SettingOut {
    /// The git config key or environment variable.
    pub name: String,
    pub kind: Kind,
    /// Whether it is set (in a config file or the environment).
    pub set: bool,
    /// The effective value: what is set, else the default; `null` for a
    /// secret, and for an unset setting without a default.
    pub value: Option<String>,
    /// Where the value came from; `null` when unset without a default.
    pub origin: Option<Origin>,
    /// Whether the value is a secret (never printed).
    pub secret: bool,
    /// The default, in words.
    pub default: Option<String>,
    pub description: String,
}

/// Where a value came from.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Origin {
    /// `local`, `worktree`, `global`, `xdg`, `system` (git config files),
    /// `env`, or `default`.
    pub scope: String,
    /// The git config file that sets it.
    pub file: Option<String>,
    /// The line of that file (1-based).
    pub line: Option<usize>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct Out {
    settings: Vec<SettingOut>,
}

/// The JSON Schema of `signoff config --json`.
pub(crate) fn json_schema() -> schemars::Schema {
    schemars::schema_for!(Out)
}

/// A URL's password, hidden: `smtp://u:secret@h` → `smtp://u:***@h`.
fn hide_password(value: &str) -> String {
    let Some((scheme, rest)) = value.split_once("://") else {
        return value.to_string();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else {
        return value.to_string();
    };
    match rest[..at].split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***{}", &rest[at..]),
        None => value.to_string(),
    }
}

/// What `setting` is, read from `store` (or outside a repository).
fn resolve(setting: &Setting, store: Option<&Store>) -> SettingOut {
    let (set, value, origin) = match setting.kind {
        Kind::Git => {
            let found: Option<ConfigOrigin> = match store {
                Some(s) => s.config_origin(setting.name),
                None => crate::store::config_origin_outside(setting.name),
            };
            match found {
                Some(o) => (
                    true,
                    Some(o.value),
                    Some(Origin {
                        scope: o.scope.to_string(),
                        file: o.file.map(|f| f.display().to_string()),
                        line: o.line,
                    }),
                ),
                None => (false, None, None),
            }
        }
        Kind::Env => match std::env::var_os(setting.name) {
            Some(v) => (
                true,
                Some(v.to_string_lossy().into_owned()),
                Some(Origin {
                    scope: "env".into(),
                    file: None,
                    line: None,
                }),
            ),
            None => (false, None, None),
        },
    };
    let (value, origin) = if set {
        (value, origin)
    } else {
        let o = setting.default.map(|_| Origin {
            scope: "default".into(),
            file: None,
            line: None,
        });
        (setting.default.map(str::to_string), o)
    };
    let value = if setting.secret && set {
        None
    } else {
        value.map(|v| hide_password(&v))
    };
    SettingOut {
        name: setting.name.to_string(),
        kind: setting.kind,
        set,
        value,
        origin,
        secret: setting.secret,
        default: setting.default.map(str::to_string),
        description: setting.about.to_string(),
    }
}

/// `origin` as `git config --show-origin` writes it: `file:PATH:LINE`
/// (the path relative to the current directory when inside it), `env`,
/// `default`, or nothing.
fn origin_text(o: Option<&Origin>) -> String {
    let Some(o) = o else {
        return String::new();
    };
    match &o.file {
        Some(f) => {
            let cwd = std::env::current_dir().ok();
            let shown = cwd
                .as_deref()
                .and_then(|c| Path::new(f).strip_prefix(c).ok())
                .map_or_else(|| f.clone(), |p| p.display().to_string());
            match o.line {
                Some(l) => format!("file:{shown}:{l}"),
                None => format!("file:{shown}"),
            }
        }
        None => o.scope.clone(),
    }
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    for n in &args.names {
        if !SETTINGS.iter().any(|s| s.name.eq_ignore_ascii_case(n)) {
            let mut e = CliError::not_found(format!("signoff reads no setting named {n:?}"));
            if let Some(near) = super::did_you_mean(n, SETTINGS.iter().map(|s| s.name)) {
                e = e.hint(format!("did you mean {near}?"));
            }
            return Err(e.hint("'signoff config' lists every setting signoff reads"));
        }
    }
    // Outside a repository, git config is the global and system files.
    let store = Store::open(None, DEFAULT_BRANCH).ok();
    let rows: Vec<SettingOut> = SETTINGS
        .iter()
        .filter(|s| {
            args.names.is_empty() || args.names.iter().any(|n| n.eq_ignore_ascii_case(s.name))
        })
        .map(|s| resolve(s, store.as_ref()))
        .collect();
    if ctx.out.json {
        return ctx.out.json(&Out { settings: rows }).map(|()| 0);
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let value = match (&r.value, r.secret, r.set) {
                (_, true, true) => "(set)".to_string(),
                (Some(v), _, _) => v.clone(),
                (None, _, _) => "(unset)".to_string(),
            };
            vec![r.name.clone(), value, origin_text(r.origin.as_ref())]
        })
        .collect();
    ctx.out
        .print(&ctx.out.table(&["name", "value", "origin"], table))?;
    Ok(0)
}

/// The man page sections written from [`SETTINGS`]: CONFIGURATION (git
/// config keys) and ENVIRONMENT, as roff.
#[must_use]
pub fn man_sections(escape: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    for (kind, title, intro) in [
        (
            Kind::Git,
            "CONFIGURATION",
            "signoff reads these git config keys (the repository's, then the global and system ones; 'signoff config' shows each with the file and line that sets it):",
        ),
        (
            Kind::Env,
            "ENVIRONMENT",
            "signoff reads these environment variables:",
        ),
    ] {
        out.push_str(&format!(".SH {title}\n.PP\n{}\n", escape(intro)));
        for s in SETTINGS.iter().filter(|s| s.kind == kind) {
            let mut text = s.about.to_string();
            if let Some(d) = s.default {
                text.push_str(&format!(" Default: {d}."));
            }
            if s.secret {
                text.push_str(" A secret: 'signoff config' shows only whether it is set.");
            }
            out.push_str(&format!(
                ".TP\n\\fB{}\\fR\n{}\n",
                escape(s.name),
                escape(&text)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::hide_password;

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            hide_password("smtp://me:hunter2@mail.example.com:587"),
            "smtp://me:***@mail.example.com:587"
        );
        assert_eq!(hide_password("smtp://me@h"), "smtp://me@h");
        assert_eq!(hide_password("less -R"), "less -R");
    }
}
