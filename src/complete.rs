//! Dynamic shell completion: deliverable names (and `name@vN` versions),
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
    if let Some((name, _)) = current.split_once('@') {
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
