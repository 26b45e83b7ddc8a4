//! Every setting signoff reads: git config keys and environment variables,
//! with what each does and its default, in one table.
//!
//! `signoff config` shows each with its effective value and origin, the man
//! pages' CONFIGURATION and ENVIRONMENT sections are written from it, shell
//! completion offers its names, and a test (`tests/it/config.rs`) fails when
//! the source reads a git config key or an environment variable that is not
//! here. It holds words only: each setting is read where it is used.

use serde::Serialize;

/// Where a setting is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A git configuration key (repository, then global, then system).
    Git,
    /// An environment variable.
    Env,
}

/// One setting signoff reads.
#[derive(Debug)]
pub struct Setting {
    pub name: &'static str,
    pub kind: Kind,
    /// What signoff does without it, in words (`None`: nothing).
    pub default: Option<&'static str>,
    /// Shown as set or unset only.
    pub secret: bool,
    pub about: &'static str,
}

const fn git(name: &'static str, default: Option<&'static str>, about: &'static str) -> Setting {
    Setting {
        name,
        kind: Kind::Git,
        default,
        secret: false,
        about,
    }
}

const fn env(name: &'static str, default: Option<&'static str>, about: &'static str) -> Setting {
    Setting {
        name,
        kind: Kind::Env,
        default,
        secret: false,
        about,
    }
}

/// Every git config key and environment variable signoff reads.
pub const SETTINGS: &[Setting] = &[
    git(
        "signoff.person",
        None,
        "Your person id in the policy, when your key alone does not say which person you are.",
    ),
    git(
        "signoff.key",
        None,
        "Your signing key: a private key, or a .pub file whose key is in ssh-agent. --signing-key and SIGNOFF_KEY come first; after it, the key 'key generate' made, user.signingKey, then ~/.ssh/id_ed25519.",
    ),
    git(
        "signoff.ref",
        Some("signoff"),
        "The store branch. --ref and SIGNOFF_REF come first.",
    ),
    git(
        "signoff.trust",
        None,
        "The pinned trust root (sha256:<hash of policy v1>, or admin key fingerprints). --trust and SIGNOFF_TRUST come first; unset, policy version 1 is trusted on first use, with a warning.",
    ),
    git(
        "signoff.remote",
        Some("origin"),
        "The remote sync exchanges the store with, and whose remote-tracking branch is read when there is no local store branch.",
    ),
    git(
        "signoff.pushHook",
        None,
        "A shell command run after records were pushed, with SIGNOFF_REMOTE, SIGNOFF_BRANCH and SIGNOFF_TIP set (e.g. to dispatch a CI re-run).",
    ),
    git(
        "signoff.smtp",
        None,
        "The SMTP server mail goes through: smtp://user@host:587 (STARTTLS), smtps://host:465, ?tls=opportunistic|none. The password comes from SIGNOFF_SMTP_PASSWORD.",
    ),
    git(
        "signoff.sendmail",
        None,
        "A sendmail-compatible command mail is handed to, instead of SMTP.",
    ),
    git(
        "signoff.from",
        None,
        "The From address of the mail signoff sends (unset: \"<who acted> via signoff\" at user.email).",
    ),
    git(
        "signoff.replyTo",
        None,
        "The Reply-To address of the mail signoff sends.",
    ),
    git(
        "signoff.notify",
        Some("true"),
        "false, no, off or 0: send no mail at all (nothing is queued either).",
    ),
    git(
        "signoff.templates",
        Some(".signoff/templates"),
        "The folder of template overrides (emails, reports, certificates, the page), relative to the working tree.",
    ),
    git(
        "signoff.serveUrl",
        None,
        "The address reviewers open (https://approvals.example.com): request emails carry signed links to it.",
    ),
    git(
        "signoff.serveKey",
        Some(".git/signoff/attest_ed25519"),
        "The attestation key that signs email-link decisions, relative to the working tree.",
    ),
    git(
        "signoff.serveRemote",
        None,
        "The remote serve fetches before showing a page and pushes decisions to.",
    ),
    git(
        "signoff.serveTrustedProxy",
        None,
        "Comma-separated proxy addresses or networks whose X-Forwarded-For serve believes.",
    ),
    git(
        "signoff.linkDays",
        Some("30"),
        "How many days an email link stays valid.",
    ),
    git(
        "signoff.remindWithin",
        Some("2d"),
        "remind: remind of requests due within this long (or overdue).",
    ),
    git(
        "signoff.remindInterval",
        Some("1d"),
        "remind: remind one person of one request at most this often.",
    ),
    git(
        "signoff.portalTitle",
        None,
        "The page's and the emails' title.",
    ),
    git(
        "signoff.portalAccent",
        None,
        "The page's and the emails' accent colour (#rrggbb).",
    ),
    git(
        "signoff.portalLogo",
        None,
        "A logo file (PNG, JPEG or GIF; at most 100 KiB in emails), relative to the working tree.",
    ),
    git(
        "signoff.portalSupport",
        None,
        "Whom the page tells reviewers to contact (an address or a URL).",
    ),
    git(
        "user.name",
        None,
        "git's name: the name init proposes for you, and the committer of rebased store commits.",
    ),
    git(
        "user.email",
        None,
        "git's address: your address at init, the comment of a generated key, and the mail sender when signoff.from is unset.",
    ),
    git(
        "user.signingKey",
        None,
        "git's SSH signing key (with gpg.format = ssh): a path or key::<public key>, used when signoff.key is unset.",
    ),
    git(
        "gpg.format",
        None,
        "ssh: signoff may use git's SSH signing settings (user.signingKey, gpg.ssh.defaultKeyCommand).",
    ),
    git(
        "gpg.ssh.program",
        Some("ssh-keygen"),
        "What signs instead of ssh-keygen (1Password's op-ssh-sign, Secretive); it is called as ssh-keygen would be.",
    ),
    git(
        "gpg.ssh.defaultKeyCommand",
        None,
        "A command printing the key to sign with (key::<public key>), asked when user.signingKey is unset.",
    ),
    git(
        "gc.auto",
        Some("6700"),
        "Loose objects after which a write starts git gc --auto in the background (0: never), as in git.",
    ),
    git(
        "gc.autoPackLimit",
        Some("50"),
        "Packs after which a write starts git gc --auto in the background (0: never), as in git.",
    ),
    git(
        "core.pager",
        None,
        "The pager for log, show, report and diff --patch, after SIGNOFF_PAGER.",
    ),
    env("SIGNOFF_KEY", None, "Your signing key, as --signing-key."),
    env("SIGNOFF_REF", None, "The store branch, as --ref."),
    env("SIGNOFF_TRUST", None, "The pinned trust root, as --trust."),
    Setting {
        name: "SIGNOFF_SMTP_PASSWORD",
        kind: Kind::Env,
        default: None,
        secret: true,
        about: "The password for the user named in signoff.smtp.",
    },
    env(
        "SIGNOFF_PAGER",
        None,
        "The pager, before core.pager and PAGER; cat or empty: no pager.",
    ),
    env(
        "PAGER",
        Some("less -FRX"),
        "The pager when neither SIGNOFF_PAGER nor core.pager is set.",
    ),
    env(
        "LESS",
        Some("FRX"),
        "Options for less; set for the pager when unset.",
    ),
    env(
        "LV",
        Some("-c"),
        "Options for lv; set for the pager when unset.",
    ),
    env(
        "NO_COLOR",
        None,
        "Set and not empty: no colour (--color always still colours).",
    ),
    env(
        "CLICOLOR_FORCE",
        None,
        "Set and not 0: colour even when not writing to a terminal.",
    ),
    env("TERM", None, "dumb: no colour."),
    env(
        "TZ",
        Some("the system's zone"),
        "The time zone times are shown in on the command line (UTC, UTC0 and Etc/UTC read as UTC).",
    ),
    env(
        "COLUMNS",
        None,
        "The width tables are fitted to (default: the terminal's; into a pipe, tables never wrap).",
    ),
    env("VISUAL", None, "The editor of policy edit, before EDITOR."),
    env("EDITOR", None, "The editor of policy edit."),
    env(
        "HOME",
        None,
        "Where ~/.ssh/id_ed25519 and the config directory are.",
    ),
    env(
        "XDG_CONFIG_HOME",
        Some("~/.config"),
        "The config directory: keys made by 'key generate' live in its signoff/ folder.",
    ),
    env(
        "PATH",
        None,
        "Where git, ssh-keygen and the pager are found.",
    ),
    env(
        "SIGNOFF_NO_TOFU_WARNING",
        None,
        "Set: no warning that the trust root is not pinned.",
    ),
    env(
        "SIGNOFF_STORE_FORMAT",
        None,
        "init: make a store in an older layout (1: flat), for tests and benchmarks.",
    ),
    env(
        "SIGNOFF_NOW",
        None,
        "Debug builds only (tests): the clock, as an RFC 3339 time. A release build ignores it.",
    ),
    env(
        "SIGNOFF_TEST_CRASH_AFTER_PUSH",
        None,
        "Debug builds only (fault tests): serve exits right after pushing a notified record, before it mails. A release build ignores it.",
    ),
    env(
        "GITHUB_ACTIONS",
        None,
        "true: gate also writes GitHub Actions annotations.",
    ),
    env(
        "GITHUB_STEP_SUMMARY",
        None,
        "gate appends its result to this file (GitHub Actions' job summary).",
    ),
    env(
        "COMPLETE",
        None,
        "Set by the shell's completion script (COMPLETE=bash signoff prints it): signoff answers with completions.",
    ),
    env(
        "_CLAP_COMPLETE_INDEX",
        None,
        "Set by the bash completion script: which word is being completed.",
    ),
    env(
        "_CLAP_IFS",
        None,
        "Set by the bash completion script: what separates the completions.",
    ),
    env(
        "_SIGNOFF_COMP_LINE",
        None,
        "Set by the bash completion script: the line up to the cursor (bash splits words at @).",
    ),
];

#[cfg(test)]
mod tests {
    use super::SETTINGS;

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = SETTINGS.iter().map(|s| s.name).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(n, names.len());
    }
}
