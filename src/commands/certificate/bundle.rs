//! `certificate --bundle FILE`: one tar archive that proves a request's
//! decisions with nothing but OpenSSH and coreutils.
//!
//! ```text
//! certificate-<deliverable>-v<N>/
//!   README.txt            what this is and how to check it
//!   verify.sh             the check: `sh verify.sh`
//!   allowed_signers       every key of every policy version in effect
//!   certificate.md        the certificate, for people
//!   certificate.json      the same, for programs
//!   policy/…              each policy version in effect and its signatures,
//!                         at their paths on the store branch
//!   records/…             the request, every decision and comment, each
//!                         with its `.sig`, exact bytes from the store
//!   content/…             the approved files themselves
//!   SHA256SUMS            `sha256sum -c` lines for content/
//! ```
//!
//! `verify.sh` checks every signature with `ssh-keygen -Y verify`, every
//! file with `sha256sum`, that every file's hash is listed in the signed
//! request, that every decision names the request's id and content hash,
//! and that policy version 1 hashes to the trust root. It uses POSIX `sh`
//! and its builtins, `ssh-keygen`, `sha256sum` and `dirname`. The archive
//! is written to a temporary file beside `FILE` and renamed into place, so
//! `FILE` is either the whole bundle or untouched.

use std::io::Write;
use std::path::Path;

use crate::error::{CliError, Result};
use crate::ledger::{Ledger, Snapshot};
use crate::state::RequestRecords;

use super::super::report::signer_of;

/// What goes into a bundle besides the records themselves.
pub struct Contents<'a> {
    pub snap: &'a Snapshot,
    pub rr: &'a RequestRecords,
    pub version: usize,
    pub markdown: String,
    pub json: String,
}

/// What a written bundle holds, for the command's summary.
pub struct Written {
    pub signatures: usize,
    pub files: usize,
}

/// Single-quotes `s` for sh. Paths in a bundle come from checked records
/// (no NUL, no `..`), so quoting is all they need.
fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

const SCRIPT_HEAD: &str = r#"#!/bin/sh
# Checks this certificate bundle with nothing but OpenSSH and coreutils:
# every signature, every file's SHA-256 against the signed request, and the
# trust root. Exit status 0 when everything checks, 1 otherwise.
set -u
cd "$(dirname "$0")" || exit 1
ok=0
bad=0
pass() { echo "ok    $1"; ok=$((ok + 1)); }
fail() { echo "FAIL  $1"; bad=$((bad + 1)); }
sig() {
  if ssh-keygen -Y verify -f allowed_signers -I "$1" -n signoff -s "$2.sig" < "$2" > /dev/null 2>&1; then
    pass "$2: signature by $1"
  else
    fail "$2: signature by $1 does not verify"
  fi
}
field() {
  while IFS= read -r line; do
    case $line in
      "$2 = \""*) v=${line#"$2 = \""}; printf '%s\n' "${v%\"}"; return 0 ;;
    esac
  done < "$1"
  return 1
}
request=$(cat records/request.toml)
request_id=$(field records/request.toml id)
content=$(field records/request.toml content)
same() {
  if [ "$(field "$1" "$2")" = "$3" ]; then
    pass "$1: $2 is the request's"
  else
    fail "$1: $2 is not the request's ($3)"
  fi
}
listed() {
  case $request in
    *"sha256 = \"$1\""*) pass "$2: SHA-256 listed in the signed request" ;;
    *) fail "$2: SHA-256 $1 is not in the signed request" ;;
  esac
}
"#;

const SCRIPT_TAIL: &str = r#"if sha256sum -c --quiet SHA256SUMS; then
  pass "every file in content/ matches SHA256SUMS"
else
  fail "some file in content/ does not match SHA256SUMS"
fi
echo
if [ "$bad" -eq 0 ]; then
  echo "All $ok checks passed."
  exit 0
fi
echo "$bad of $((ok + bad)) checks FAILED."
exit 1
"#;

/// Writes the bundle for `c` to `out`.
pub fn write(ledger: &Ledger, c: &Contents<'_>, out: &Path) -> Result<Written> {
    let store = &ledger.store;
    let snap = c.snap;
    let tip = &snap.tip;
    let layout = snap.layout();
    let req = &c.rr.request;
    let top = format!(
        "certificate-{}-v{}",
        req.deliverable.replace('/', "-"),
        c.version
    );
    let mut entries: Vec<(String, Vec<u8>, u32)> = Vec::new();
    let mut script = String::from(SCRIPT_HEAD);
    let mut signatures = 0usize;
    let mut policy_signatures = 0usize;
    let mut add_record = |entries: &mut Vec<(String, Vec<u8>, u32)>,
                          script: &mut String,
                          store_path: &str,
                          name: &str,
                          signer: &str|
     -> Result<()> {
        let bytes = store.read(tip, store_path)?.unwrap_or_default();
        let sig = store
            .read(tip, &crate::layout::sig_path(store_path))?
            .unwrap_or_default();
        entries.push((format!("records/{name}"), bytes, 0o644));
        entries.push((format!("records/{name}.sig"), sig, 0o644));
        script.push_str(&format!(
            "sig {} {}\n",
            q(signer),
            q(&format!("records/{name}"))
        ));
        signatures += 1;
        Ok(())
    };
    let principal = |key: &str, by: &str| signer_of(snap, key).unwrap_or_else(|| by.to_string());

    // The policy chain: each version in effect with its signatures.
    script.push_str("\n# The policy versions in effect, each signed by admins.\n");
    for path in &snap.chain.paths {
        let bytes = store.read(tip, path)?.unwrap_or_default();
        entries.push((path.clone(), bytes, 0o644));
        for e in store.walk(tip, &crate::layout::policy_sig_dir_of(path))? {
            let Some(person) = e
                .path
                .rsplit('/')
                .next()
                .and_then(|f| f.strip_suffix(".sig"))
            else {
                continue;
            };
            let sig = store.read_small(&e.blob.clone())?;
            entries.push((e.path.clone(), sig, 0o644));
            script.push_str(&format!(
                "if ssh-keygen -Y verify -f allowed_signers -I {p} -n signoff -s {s} < {f} > /dev/null 2>&1; then pass {ok}; else fail {no}; fi\n",
                p = q(person),
                s = q(&e.path),
                f = q(path),
                ok = q(&format!("{path}: signed by {person}")),
                no = q(&format!("{path}: signature by {person} does not verify")),
            ));
            policy_signatures += 1;
        }
    }
    if let Some(first) = snap.chain.paths.first() {
        let root = snap.chain.root_hash.trim_start_matches("sha256:");
        script.push_str(&format!(
            "root=$(sha256sum < {f})\ncase $root in {root}*) pass {ok} ;; *) fail {no} ;; esac\n",
            f = q(first),
            ok = q(&format!("{first}: hashes to the trust root sha256:{root}")),
            no = q(&format!(
                "{first}: does not hash to the trust root sha256:{root}"
            )),
        ));
    }

    script.push_str("\n# The request, its decisions and comments.\n");
    add_record(
        &mut entries,
        &mut script,
        &layout.request_path(&req.deliverable, &req.id),
        "request.toml",
        &principal(&req.key, &req.by),
    )?;
    for (i, d) in c.rr.decisions.iter().enumerate() {
        let name = format!("decision-{:02}-{}.toml", i + 1, d.decision.as_str());
        add_record(
            &mut entries,
            &mut script,
            &d.path(layout),
            &name,
            &principal(&d.key, &d.by),
        )?;
        script.push_str(&format!(
            "same {f} request \"$request_id\"\nsame {f} content \"$content\"\n",
            f = q(&format!("records/{name}"))
        ));
    }
    for (i, cm) in c.rr.comments.iter().enumerate() {
        add_record(
            &mut entries,
            &mut script,
            &layout.comment_path(&cm.deliverable, &cm.request, &cm.id),
            &format!("comment-{:02}.toml", i + 1),
            &principal(&cm.key, &cm.by),
        )?;
    }

    script.push_str("\n# The files, against the signed request.\n");
    let mut sums = String::new();
    for f in &req.files {
        // Record text becomes file names and script words: a manifest entry
        // that verification would refuse never reaches the archive (a name
        // with `..`, a hash that is not hex).
        let hex = f.sha256.len() == 64 && f.sha256.bytes().all(|b| b.is_ascii_hexdigit());
        if let Err(e) = crate::record::check_snapshot_path(&f.path).and_then(|()| {
            if hex {
                Ok(())
            } else {
                Err(format!(
                    "manifest entry {:?} has a malformed SHA-256",
                    f.path
                ))
            }
        }) {
            return Err(
                CliError::integrity(format!("cannot bundle this request: {e}"))
                    .hint("run 'signoff verify' for details; the request's own record is damaged"),
            );
        }
        let bytes = store.read_blob(&f.blob)?;
        let name = format!("content/{}", f.path);
        sums.push_str(&format!("{}  {name}\n", f.sha256));
        script.push_str(&format!("listed {} {}\n", q(&f.sha256), q(&name)));
        entries.push((name, bytes, 0o644));
    }
    script.push_str(SCRIPT_TAIL);

    let readme = format!(
        "Certificate of decisions: {} v{}\n\n\
         This archive holds every signed record of this request, the policy\n\
         that says whose keys count, and the approved files themselves.\n\n\
         Check it anywhere with OpenSSH and coreutils:\n\n    sh verify.sh\n\n\
         Read certificate.md for who decided what and when. The keys in\n\
         allowed_signers come from the policy files under policy/; compare\n\
         the trust root verify.sh prints with the one your team pinned.\n",
        req.deliverable, c.version
    );
    entries.push(("README.txt".into(), readme.into_bytes(), 0o644));
    entries.push(("verify.sh".into(), script.into_bytes(), 0o755));
    entries.push((
        "allowed_signers".into(),
        snap.chain.allowed_signers().into_bytes(),
        0o644,
    ));
    entries.push((
        "certificate.md".into(),
        c.markdown.clone().into_bytes(),
        0o644,
    ));
    entries.push((
        "certificate.json".into(),
        c.json.clone().into_bytes(),
        0o644,
    ));
    entries.push(("SHA256SUMS".into(), sums.into_bytes(), 0o644));

    write_tar(out, &top, &entries)?;
    Ok(Written {
        signatures: signatures + policy_signatures,
        files: req.files.len(),
    })
}

/// Writes `entries` under `top/` as a tar archive at `out`, through a
/// temporary file in the same folder and a rename.
fn write_tar(out: &Path, top: &str, entries: &[(String, Vec<u8>, u32)]) -> Result<()> {
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let cant = |e: &std::io::Error| {
        CliError::env(format!("cannot write the bundle {}: {e}", out.display()))
            .hint("choose a file in a folder you can write to")
    };
    let name = out
        .file_name()
        .map_or_else(|| "bundle".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let file = std::fs::File::create(&tmp)?;
        let mut tar = tar::Builder::new(std::io::BufWriter::new(file));
        let mtime = jiff::Timestamp::now().as_second().try_into().unwrap_or(0);
        for (path, bytes, mode) in entries {
            let mut h = tar::Header::new_gnu();
            h.set_size(bytes.len() as u64);
            h.set_mode(*mode);
            h.set_mtime(mtime);
            h.set_entry_type(tar::EntryType::Regular);
            tar.append_data(&mut h, format!("{top}/{path}"), bytes.as_slice())?;
        }
        let mut w = tar.into_inner()?;
        w.flush()?;
        w.into_inner()
            .map_err(std::io::IntoInnerError::into_error)?
            .sync_all()?;
        std::fs::rename(&tmp, out)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        cant(&e)
    })
}
