//! The content hash that binds decisions to exact bytes, the names a
//! snapshot may never hold, and the per-file comparison of two manifests.
//!
//! `content = "sha256:<hex>"` is the SHA-256 of a documented, length-prefixed
//! serialisation of the manifest, independent of git's object format so that
//! SHA-1 repositories and non-git verifiers compute the same value:
//!
//! ```text
//! "signoff-content-v1\n"
//! for each file, sorted by path (bytewise):
//!     u64 big-endian length of the path, the path bytes (UTF-8, '/'-separated)
//!     u64 big-endian size in bytes
//!     the 32 raw bytes of the file's SHA-256
//! ```

use sha2::{Digest, Sha256};

use serde::{Deserialize, Serialize};

/// One file of a request's manifest: its path in the deliverable, its git
/// blob id, SHA-256 and size.
#[derive(schemars::JsonSchema, Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    pub path: String,
    pub blob: String,
    pub sha256: String,
    pub size: u64,
}

const DOMAIN: &[u8] = b"signoff-content-v1\n";

/// Computes the content hash of a manifest (order of `files` is irrelevant).
#[must_use]
pub fn content_hash(files: &[ManifestEntry]) -> String {
    let mut sorted: Vec<&ManifestEntry> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    let mut h = Sha256::new();
    h.update(DOMAIN);
    for f in sorted {
        h.update((f.path.len() as u64).to_be_bytes());
        h.update(f.path.as_bytes());
        h.update(f.size.to_be_bytes());
        let raw = hex::decode(&f.sha256).unwrap_or_default();
        h.update(raw);
    }
    format!("sha256:{}", hex::encode(h.finalize()))
}

/// SHA-256 of arbitrary bytes as `sha256:<hex>`.
#[must_use]
pub fn sha256_tagged(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

/// The first 12 hex digits of a tagged hash, for humans.
#[must_use]
pub fn short(hash: &str) -> &str {
    let hex = hash.split_once(':').map_or(hash, |(_, h)| h);
    // Cut at a character boundary: the text comes from records.
    let end = hex.char_indices().nth(12).map_or(hex.len(), |(i, _)| i);
    &hex[..end]
}

/// Whether one `/`-separated part of a snapshot path names git's own
/// folder or file (`.git`, `.gitmodules`) in any form that some file system
/// folds to it: any letter case, trailing dots and spaces (Windows), an NTFS
/// alternate data stream (`.git::$INDEX_ALLOCATION`), the NTFS short names
/// (`GIT~1`, `GITMOD~1`), and the code points HFS+ ignores (zero-width and
/// direction marks). Written out anywhere, such a part turns a folder into a
/// repository whose configuration runs commands.
#[must_use]
pub fn is_git_name(part: &str) -> bool {
    let base = folded(part);
    if is_dot_git_folded(&base) || base == ".gitmodules" {
        return true;
    }
    // Short names of `.gitmodules`: GITMOD~1, GITMOD~2, …
    base.strip_prefix("gitmod~")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a name is git's folder, `.git`, in any of the forms
/// [`is_git_name`] folds (a nested repository or submodule holds one).
#[must_use]
pub fn is_dot_git(part: &str) -> bool {
    is_dot_git_folded(&folded(part))
}

fn is_dot_git_folded(base: &str) -> bool {
    base == ".git" || base == "git~1"
}

/// A name as case-insensitive, HFS+ and NTFS file systems compare it.
fn folded(part: &str) -> String {
    // HFS+ drops these when it compares names (git's list, utf8.c).
    let ignorable = |c: char| matches!(c, '\u{200C}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{206A}'..='\u{206F}' | '\u{FEFF}');
    let lower = part
        .chars()
        .filter(|c| !ignorable(*c))
        .collect::<String>()
        .to_lowercase();
    // NTFS: `name:stream` opens `name`; trailing dots and spaces are dropped.
    let base = lower.split(':').next().unwrap_or("");
    base.trim_end_matches(['.', ' ']).to_string()
}

/// How one file differs between two manifests.
#[derive(schemars::JsonSchema, Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileChange {
    pub path: String,
    /// `added`, `removed` or `modified` (the JSON field is `change`).
    #[serde(rename = "change")]
    pub kind: &'static str,
    pub from_size: Option<u64>,
    pub to_size: Option<u64>,
}

/// The files that differ from `from` to `to` (by path and SHA-256), sorted
/// by path.
#[must_use]
pub fn changes(from: &[ManifestEntry], to: &[ManifestEntry]) -> Vec<FileChange> {
    use std::collections::BTreeMap;
    let old: BTreeMap<&str, &ManifestEntry> = from.iter().map(|f| (f.path.as_str(), f)).collect();
    let new: BTreeMap<&str, &ManifestEntry> = to.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut out = Vec::new();
    for (path, f) in &old {
        match new.get(path) {
            None => out.push(FileChange {
                path: (*path).to_string(),
                kind: "removed",
                from_size: Some(f.size),
                to_size: None,
            }),
            Some(g) if g.sha256 != f.sha256 || g.size != f.size => out.push(FileChange {
                path: (*path).to_string(),
                kind: "modified",
                from_size: Some(f.size),
                to_size: Some(g.size),
            }),
            Some(_) => {}
        }
    }
    for (path, g) in &new {
        if !old.contains_key(path) {
            out.push(FileChange {
                path: (*path).to_string(),
                kind: "added",
                from_size: None,
                to_size: Some(g.size),
            });
        }
    }
    out.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    out
}

/// How the text at `path` changed from `old` to `new`, as a unified diff
/// (`git diff`'s form, three lines of context).
#[must_use]
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, body: &[u8]) -> ManifestEntry {
        ManifestEntry {
            path: path.into(),
            blob: String::new(),
            sha256: hex::encode(Sha256::digest(body)),
            size: body.len() as u64,
        }
    }

    #[test]
    fn order_independent_and_sensitive_to_everything() {
        let a = entry("a.txt", b"one");
        let b = entry("b.txt", b"two");
        let h = content_hash(&[a.clone(), b.clone()]);
        assert_eq!(h, content_hash(&[b.clone(), a.clone()]));
        assert_ne!(h, content_hash(&[a.clone(), entry("b.txt", b"tw0")]));
        assert_ne!(h, content_hash(&[a.clone(), entry("c.txt", b"two")]));
        assert_ne!(h, content_hash(&[a]));
        // Length prefixes keep path boundaries unambiguous.
        assert_ne!(
            content_hash(&[entry("ab", b"x")]),
            content_hash(&[entry("a", b"x")])
        );
    }

    #[test]
    fn short_cuts_at_characters() {
        assert_eq!(short("sha256:0123456789abcdef"), "0123456789ab");
        assert_eq!(short("abc"), "abc");
        assert_eq!(short("sha256:ééééééééééééééé"), "éééééééééééé");
    }

    #[test]
    fn git_names_in_every_folded_form() {
        for bad in [
            ".git",
            ".GIT",
            ".Git",
            ".git.",
            ".git ",
            ".git. . ",
            "GIT~1",
            "git~1",
            ".git::$INDEX_ALLOCATION",
            ".g\u{200C}it",
            "\u{200D}.git",
            ".gi\u{200E}t",
            ".git\u{200F}",
            ".g\u{202A}it",
            ".g\u{202E}it",
            ".g\u{206A}it",
            ".g\u{206F}it",
            "\u{FEFF}.git",
            ".gitmodules",
            ".GitModules ",
            "GITMOD~1",
            "gitmod~12",
        ] {
            assert!(is_git_name(bad), "{bad:?} should be refused");
        }
        for good in [
            "git",
            ".gitignore",
            ".gitattributes",
            ".github",
            "a.git",
            ".git-hooks",
            "git~2",
            "gitmod~",
            ".g\u{200B}it",
        ] {
            assert!(!is_git_name(good), "{good:?} should be allowed");
        }
    }

    #[test]
    fn changes_name_added_removed_and_modified() {
        let from = [entry("a", b"1"), entry("b", b"2"), entry("c", b"3")];
        let to = [entry("a", b"1"), entry("b", b"two"), entry("d", b"4")];
        let got: Vec<(String, &str)> = changes(&from, &to)
            .into_iter()
            .map(|c| (c.path, c.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("b".to_string(), "modified"),
                ("c".to_string(), "removed"),
                ("d".to_string(), "added")
            ]
        );
        assert!(changes(&from, &from).is_empty());
    }

    #[test]
    fn known_value_is_stable() {
        // Pinned so that a change to the serialisation cannot slip through.
        assert_eq!(content_hash(&[]), sha256_tagged(b"signoff-content-v1\n"));
    }
}
