//! Where a git configuration value comes from: its scope, the file that
//! sets it and the line in that file, as `git config --show-origin` tells.
//!
//! The value is the one libgit2 reads (the one every other part of signoff
//! acts on); the file is the one libgit2 took it from, by its level, and the
//! line is found by reading that file the way git parses it (sections,
//! subsections, case-insensitive names, the last assignment wins). A value
//! that came in through an `[include]` names the including level's file
//! with no line.

use std::path::{Path, PathBuf};

use git2::{Config, ConfigLevel};

use super::Store;

/// One git configuration value and where it was set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigOrigin {
    pub value: String,
    /// `local`, `worktree`, `global`, `xdg`, `system`, `programdata` or `app`.
    pub scope: &'static str,
    /// The file the value was read from, when known.
    pub file: Option<PathBuf>,
    /// The 1-based line of that file which sets it, when found.
    pub line: Option<usize>,
}

/// The name of a configuration level, as `git config --show-scope` says it.
fn scope(level: ConfigLevel) -> &'static str {
    match level {
        ConfigLevel::ProgramData => "programdata",
        ConfigLevel::System => "system",
        ConfigLevel::XDG => "xdg",
        ConfigLevel::Global => "global",
        ConfigLevel::Local => "local",
        ConfigLevel::Worktree => "worktree",
        ConfigLevel::App | ConfigLevel::Highest => "app",
    }
}

impl Store {
    /// `key`'s value in this repository's configuration (as
    /// [`Store::config_string`] reads it) and where it was set.
    #[must_use]
    pub fn config_origin(&self, key: &str) -> Option<ConfigOrigin> {
        let config = self.repo.config().ok()?;
        let local = self.common_dir().join("config");
        let worktree = self.git_dir().join("config.worktree");
        origin(&config, key, Some((&local, &worktree)))
    }
}

/// `key`'s value outside any repository (global, XDG and system files) and
/// where it was set.
#[must_use]
pub fn config_origin_outside(key: &str) -> Option<ConfigOrigin> {
    let config = Config::open_default().ok()?;
    origin(&config, key, None)
}

fn origin(config: &Config, key: &str, repo: Option<(&Path, &Path)>) -> Option<ConfigOrigin> {
    let entry = config.get_entry(key).ok()?;
    let value = entry.value().ok()?.to_string();
    let level = entry.level();
    let included = entry.include_depth() > 0;
    let file = match level {
        ConfigLevel::Local => repo.map(|(l, _)| l.to_path_buf()),
        ConfigLevel::Worktree => repo.map(|(_, w)| w.to_path_buf()),
        ConfigLevel::Global => Config::find_global().ok(),
        ConfigLevel::XDG => Config::find_xdg().ok(),
        ConfigLevel::System => Config::find_system().ok(),
        ConfigLevel::ProgramData | ConfigLevel::App | ConfigLevel::Highest => None,
    };
    let line = match (&file, included) {
        (Some(f), false) => std::fs::read_to_string(f)
            .ok()
            .and_then(|text| line_of(&text, key)),
        _ => None,
    };
    Some(ConfigOrigin {
        value,
        scope: scope(level),
        file,
        line,
    })
}

/// The 1-based line of `text` (a git config file) that last assigns `key`
/// (`section.name` or `section.subsection.name`).
fn line_of(text: &str, key: &str) -> Option<usize> {
    let (section, name) = key.rsplit_once('.')?;
    let mut current = String::new();
    let mut found = None;
    for (i, raw) in text.lines().enumerate() {
        let mut line = raw.trim();
        if let Some(rest) = line.strip_prefix('[') {
            let Some((header, after)) = rest.split_once(']') else {
                continue;
            };
            current = section_name(header);
            line = after.trim();
        }
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        let var = line
            .split(|c: char| c == '=' || c.is_whitespace())
            .next()
            .unwrap_or_default();
        if var.eq_ignore_ascii_case(name) && same_section(&current, section) {
            found = Some(i + 1);
        }
    }
    found
}

/// `[section "Sub"]` → `section.Sub`; `[Section.sub]` → `section.sub`.
fn section_name(header: &str) -> String {
    match header.split_once(char::is_whitespace) {
        Some((s, sub)) => {
            let sub = sub.trim().trim_matches('"').replace("\\\"", "\"");
            format!("{}.{sub}", s.to_ascii_lowercase())
        }
        None => header.trim().to_ascii_lowercase(),
    }
}

/// Section names compare without case, subsections with it.
fn same_section(have: &str, want: &str) -> bool {
    match (have.split_once('.'), want.split_once('.')) {
        (Some((s1, sub1)), Some((s2, sub2))) => s1.eq_ignore_ascii_case(s2) && sub1 == sub2,
        (None, None) => have.eq_ignore_ascii_case(want),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::line_of;

    #[test]
    fn finds_the_last_assignment_in_its_section() {
        let text = "[core]\n\tpager = less\n[signoff]\n\tsmtp = a\n# smtp = b\n[Signoff]\n\tSMTP=c\n[gpg \"ssh\"]\n\tprogram = op-ssh-sign\n[remote \"origin\"]\n\turl = x\n";
        assert_eq!(line_of(text, "signoff.smtp"), Some(7));
        assert_eq!(line_of(text, "core.pager"), Some(2));
        assert_eq!(line_of(text, "gpg.ssh.program"), Some(9));
        assert_eq!(line_of(text, "gpg.ssh.url"), None);
        assert_eq!(line_of(text, "signoff.from"), None);
    }
}
