//! Dynamic shell completion: deliverable names (and `name@vN` versions,
//! and `diff`'s versions of the name before them), setting names,
//! person ids, groups and git remotes, read from the store of the current
//! repository while the shell completes.
//!
//! The shell calls signoff back with `COMPLETE=<shell>` (clap's completion
//! engine, see `main.rs`); each candidate list below opens the store in the
//! current directory, reads it through the index (the same verified answer
//! `status` gives), and returns nothing on any failure: completion never
//! prints an error and never writes anything but the index.

use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter, CompletionCandidate};

use crate::ledger::{Ledger, Overview, Trust};
use crate::policy::TrustPin;
use crate::store::Store;

/// The store's overview in the current directory, if there is one.
fn overview() -> Option<Overview> {
    let store = Store::open(None, crate::store::DEFAULT_BRANCH).ok()?;
    let branch = store.config_string("signoff.ref");
    let store = match branch {
        Some(b) => Store::open(None, &b).ok()?,
        None => store,
    };
    let pin = store
        .config_string("signoff.trust")
        .and_then(|t| TrustPin::parse(&t).ok());
    let ledger = Ledger::new(
        store,
        Trust {
            pin,
            source: "git config signoff.trust",
        },
    );
    ledger.overview(false, true).ok()
}

/// Deliverable names, and `name@vN` once the word has an `@`.
fn deliverables(current: &std::ffi::OsStr) -> Vec<CompletionCandidate> {
    let Some(o) = overview() else {
        return Vec::new();
    };
    let current = current.to_string_lossy();
    // `name@` and `name@v…` are versions of that name, never anything else
    // (a shell would otherwise offer host names after an `@`).
    if let Some((name, _)) = current.rsplit_once('@') {
        return o
            .deliverables
            .iter()
            .filter(|(n, _)| n == name)
            .flat_map(|(n, versions)| {
                versions.iter().map(move |v| {
                    CompletionCandidate::new(format!("{n}@v{}", v.version))
                        .help(Some(v.evaluation.state.as_str().to_string().into()))
                })
            })
            .filter(|c| {
                c.get_value()
                    .to_string_lossy()
                    .starts_with(current.as_ref())
            })
            .collect();
    }
    o.deliverables
        .iter()
        .filter(|(n, _)| n.starts_with(current.as_ref()))
        .map(|(n, versions)| {
            let state = versions
                .last()
                .map(|v| format!("v{} {}", v.version, v.evaluation.state.as_str()));
            CompletionCandidate::new(n.clone()).help(state.map(Into::into))
        })
        .collect()
}

/// Versions (`v1`, `v2`, …) of the deliverable named earlier on the
/// command line (`signoff diff NAME FROM TO`): the completion engine hands
/// a completer only the word under the cursor, so the name is the first
/// word of the line that is a deliverable of this store.
fn versions(current: &std::ffi::OsStr) -> Vec<CompletionCandidate> {
    let Some(o) = overview() else {
        return Vec::new();
    };
    let current = current.to_string_lossy();
    let words: Vec<String> = std::env::args_os()
        .skip_while(|w| w != "--")
        .map(|w| w.to_string_lossy().into_owned())
        .collect();
    let Some(versions) = words
        .iter()
        .find_map(|w| o.deliverables.iter().find(|(n, _)| n == w))
        .map(|(_, v)| v)
    else {
        return Vec::new();
    };
    versions
        .iter()
        .map(|v| {
            CompletionCandidate::new(format!("v{}", v.version))
                .help(Some(v.evaluation.state.as_str().to_string().into()))
        })
        .filter(|c| {
            c.get_value()
                .to_string_lossy()
                .starts_with(current.as_ref())
        })
        .collect()
}

/// Person ids of `policy`, with their names.
fn people_of(policy: &crate::policy::Policy) -> Vec<CompletionCandidate> {
    policy
        .people
        .iter()
        .map(|p| {
            CompletionCandidate::new(p.id.clone())
                .help((!p.name.is_empty()).then(|| p.name.clone().into()))
        })
        .collect()
}

/// Person ids of the policy in force.
fn people() -> Vec<CompletionCandidate> {
    overview()
        .map(|o| people_of(o.head.policy()))
        .unwrap_or_default()
}

/// Person ids and group names (for `--to`), from one read of the store.
fn people_and_groups() -> Vec<CompletionCandidate> {
    let Some(o) = overview() else {
        return Vec::new();
    };
    let policy = o.head.policy();
    let mut out = people_of(policy);
    for (g, members) in &policy.groups {
        out.push(
            CompletionCandidate::new(g.clone())
                .help(Some(format!("group: {}", members.join(", ")).into())),
        );
    }
    out
}

/// Group names of the policy in force.
fn groups() -> Vec<CompletionCandidate> {
    overview()
        .map(|o| {
            o.head
                .policy()
                .groups
                .keys()
                .map(|g| CompletionCandidate::new(g.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// The repository's git remotes.
fn remotes() -> Vec<CompletionCandidate> {
    git2::Repository::discover(".")
        .ok()
        .and_then(|r| {
            r.remotes().ok().map(|names| {
                (0..names.len())
                    .filter_map(|i| names.get(i).ok().flatten())
                    .map(CompletionCandidate::new)
                    .collect()
            })
        })
        .unwrap_or_default()
}

/// Completes a deliverable name or `name@vN`.
#[must_use]
pub fn deliverable() -> ArgValueCompleter {
    ArgValueCompleter::new(deliverables)
}

/// Completes a version of the deliverable named before it (`v2`).
#[must_use]
pub fn version() -> ArgValueCompleter {
    ArgValueCompleter::new(versions)
}

/// Completes a person id.
#[must_use]
pub fn person() -> ArgValueCandidates {
    ArgValueCandidates::new(people)
}

/// Completes a person id or a group name.
#[must_use]
pub fn person_or_group() -> ArgValueCandidates {
    ArgValueCandidates::new(people_and_groups)
}

/// Completes a group name.
#[must_use]
pub fn group() -> ArgValueCandidates {
    ArgValueCandidates::new(groups)
}

/// The names of the settings signoff reads, with what each does.
fn settings() -> Vec<CompletionCandidate> {
    crate::settings::SETTINGS
        .iter()
        .map(|s| {
            let about = s.about.split(". ").next().unwrap_or_default().to_string();
            CompletionCandidate::new(s.name).help(Some(about.into()))
        })
        .collect()
}

/// Completes the name of a setting (`signoff config NAME`).
#[must_use]
pub fn setting() -> ArgValueCandidates {
    ArgValueCandidates::new(settings)
}

/// Completes a git remote.
#[must_use]
pub fn remote() -> ArgValueCandidates {
    ArgValueCandidates::new(remotes)
}

/// Bash, with `name@v…` kept whole. Bash breaks words at `@` (it is in
/// `COMP_WORDBREAKS`, for host names): `show acme/logo@v` reaches the
/// completer as `acme/logo`, `@`, `@v`, and bash replaces only `@v`. So the
/// words are joined again before clap reads them, and each answer is cut
/// back to the part bash replaces. Whether the `@` follows the name with no
/// space between is read from the line itself (`COMP_LINE`, handed over by
/// the registration script).
pub struct Bash;

/// The line up to the cursor, as the registration script passes it.
const LINE_VAR: &str = "_SIGNOFF_COMP_LINE";

impl clap_complete::env::EnvCompleter for Bash {
    fn name(&self) -> &'static str {
        "bash"
    }
    fn is(&self, name: &str) -> bool {
        name == "bash"
    }
    fn write_registration(
        &self,
        var: &str,
        name: &str,
        bin: &str,
        completer: &str,
        buf: &mut dyn std::io::Write,
    ) -> Result<(), std::io::Error> {
        let mut script = Vec::new();
        clap_complete::env::Bash.write_registration(var, name, bin, completer, &mut script)?;
        let script = String::from_utf8_lossy(&script).replace(
            "        _CLAP_IFS=\"$IFS\" \\\n",
            &format!(
                "        _CLAP_IFS=\"$IFS\" \\\n        {LINE_VAR}=\"${{COMP_LINE:0:COMP_POINT}}\" \\\n"
            ),
        );
        buf.write_all(script.as_bytes())
    }
    fn write_complete(
        &self,
        cmd: &mut clap::Command,
        args: Vec<std::ffi::OsString>,
        current_dir: Option<&std::path::Path>,
        buf: &mut dyn std::io::Write,
    ) -> Result<(), std::io::Error> {
        let index: usize = std::env::var("_CLAP_COMPLETE_INDEX")
            .ok()
            .and_then(|i| i.parse().ok())
            .unwrap_or_default();
        let line = std::env::var(LINE_VAR).ok();
        let (args, index, cut) = join_at_words(args, index, line.as_deref());
        let ifs = std::env::var("_CLAP_IFS").ok();
        let found = clap_complete::engine::complete(cmd, args, index, current_dir)?;
        let values: Vec<String> = found
            .iter()
            .map(|c| c.get_value().to_string_lossy().into_owned())
            .filter_map(|v| match &cut {
                Some(prefix) => v.strip_prefix(prefix.as_str()).map(str::to_string),
                None => Some(v),
            })
            .collect();
        buf.write_all(values.join(ifs.as_deref().unwrap_or("\n")).as_bytes())
    }
}

/// The words as typed, with bash's `@` breaks undone: returns the words,
/// the cursor's index among them, and the text before the part bash will
/// replace (`acme/logo` when completing `acme/logo@v`), if any.
fn join_at_words(
    mut words: Vec<std::ffi::OsString>,
    mut index: usize,
    line: Option<&str>,
) -> (Vec<std::ffi::OsString>, usize, Option<String>) {
    let text = |w: &std::ffi::OsString| w.to_string_lossy().into_owned();
    let mut cut = None;
    if index > 0 && index < words.len() {
        let current = text(&words[index]);
        // Bash hands the word under the cursor with its `@` and also keeps
        // the `@` as a word of its own before it.
        if index > 1 && current.starts_with('@') && current != "@" && words[index - 1] == "@" {
            words.remove(index - 1);
            index -= 1;
        }
        let glued = line.is_some_and(|l| {
            l.strip_suffix(current.as_str())
                .is_some_and(|before| !before.is_empty() && !before.ends_with(char::is_whitespace))
        });
        if current.starts_with('@') && glued && index > 1 {
            let name = text(&words[index - 1]);
            words[index - 1] = format!("{name}{current}").into();
            words.remove(index);
            index -= 1;
            cut = Some(name);
        }
    }
    // Earlier words: `name`, `@`, `v2` was `name@v2`.
    let mut i = 1;
    while i + 1 < index {
        if words[i] == "@" && i > 0 {
            let joined = format!("{}@{}", text(&words[i - 1]), text(&words[i + 1]));
            words[i - 1] = joined.into();
            words.drain(i..=i + 1);
            index -= 2;
        } else {
            i += 1;
        }
    }
    (words, index, cut)
}

#[cfg(test)]
mod tests {
    use super::join_at_words;

    fn run(words: &[&str], index: usize, line: &str) -> (Vec<String>, usize, Option<String>) {
        let (w, i, c) = join_at_words(words.iter().map(Into::into).collect(), index, Some(line));
        (
            w.iter().map(|w| w.to_string_lossy().into_owned()).collect(),
            i,
            c,
        )
    }

    #[test]
    fn bash_at_breaks_are_undone() {
        assert_eq!(
            run(
                &["signoff", "show", "a/b", "@", "@v"],
                4,
                "signoff show a/b@v"
            ),
            (
                vec!["signoff".into(), "show".into(), "a/b@v".into()],
                2,
                Some("a/b".into())
            )
        );
        assert_eq!(
            run(&["signoff", "show", "a/b", "@"], 3, "signoff show a/b@"),
            (
                vec!["signoff".into(), "show".into(), "a/b@".into()],
                2,
                Some("a/b".into())
            )
        );
        assert_eq!(
            run(
                &["signoff", "show", "a/b", "@", "v1", "--to", "b"],
                6,
                "signoff show a/b@v1 --to b"
            ),
            (
                vec![
                    "signoff".into(),
                    "show".into(),
                    "a/b@v1".into(),
                    "--to".into(),
                    "b".into()
                ],
                4,
                None
            )
        );
        // An `@` after a space starts a word of its own.
        assert_eq!(
            run(&["signoff", "show", "@"], 2, "signoff show @"),
            (vec!["signoff".into(), "show".into(), "@".into()], 2, None)
        );
    }
}
