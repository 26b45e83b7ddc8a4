//! `certificate --bundle FILE`: one tar archive that proves a request's
//! decisions with nothing but OpenSSH and coreutils.
//!
//! ```text
//! certificate-<deliverable>-v<N>/
//!   README.txt            what this is and how to check it
//!   verify.sh             the check: `sh verify.sh` (its fixed parts are
//!                         verify_*.sh beside this file)
//!   allowed_signers       every key of every policy version in effect (a
//!                         convenience for checking by hand)
//!   certificate.md        the certificate, for people
//!   certificate.json      the same, for programs
//!   policy/…              each policy version in effect and its signatures,
//!                         at their paths on the store branch
//!   records/…             the request, every decision and comment, each
//!                         with its `.sig`, exact bytes from the store
//!   content/…             the approved files themselves
//!   SHA256SUMS            `sha256sum -c` lines for content/ (a convenience)
//! ```
//!
//! `verify.sh` proves what it says from the pinned trust root alone
//! (DESIGN §13 "The portable proof proves"): policy version 1 must hash to
//! the root; each later version must name its predecessor's hash and be
//! signed by a threshold of the admins of the version before it, with keys
//! the script takes from that version's file; every record's signature is
//! checked with its signer's keys from the chain (the policy version the
//! record names, or any in effect when it names none) and the record's
//! `key` must be one of them; every decision must name the request's id
//! and content hash; every content file is hashed by the script itself and
//! its SHA-256 must be in the signed request. The shipped `allowed_signers`
//! and `SHA256SUMS` are conveniences for people checking by hand, never
//! evidence (the script only checks that `allowed_signers` holds nothing
//! but the chain's keys). A file that cannot be read is a failure. It needs
//! `sh`, `ssh-keygen`, `sha256sum`, `cat` and `dirname`, and writes the
//! keys it derives to `signers.*` beside itself. The archive is written to
//! a temporary file beside `FILE` and renamed into place, so `FILE` is
//! either the whole bundle or untouched.

use std::io::Write;
use std::path::Path;

use crate::error::{CliError, Result};
use crate::ledger::{Ledger, Snapshot};
use crate::state::RequestRecords;

use crate::ops::report::signer_of;

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

/// The script's fixed parts (shell functions, then the checks of the
/// records' part, then the verdict); the lines between them name this
/// bundle's files.
const SCRIPT_HEAD: &str = include_str!("verify_head.sh");
/// The records part's opening: the request must be readable before
/// anything is compared with it.
const SCRIPT_RECORDS: &str = include_str!("verify_records.sh");
const SCRIPT_TAIL: &str = include_str!("verify_tail.sh");

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
                          signer: &str,
                          policy: Option<u32>|
     -> Result<()> {
        let bytes = store.read(tip, store_path)?.unwrap_or_default();
        let sig = store
            .read(tip, &crate::layout::sig_path(store_path))?
            .unwrap_or_default();
        entries.push((format!("records/{name}"), bytes, 0o644));
        entries.push((format!("records/{name}.sig"), sig, 0o644));
        script.push_str(&format!(
            "record {} {} {}\n",
            q(&format!("records/{name}")),
            q(signer),
            policy.map_or_else(|| "all".to_string(), |v| v.to_string()),
        ));
        signatures += 1;
        Ok(())
    };
    let principal = |key: &str, by: &str| signer_of(snap, key).unwrap_or_else(|| by.to_string());

    policy_signatures += chain_part(ledger, snap, &mut entries, &mut script)?;

    script.push_str("\n# The request, its decisions and comments.\n");
    script.push_str(SCRIPT_RECORDS);
    add_record(
        &mut entries,
        &mut script,
        &layout.request_path(&req.deliverable, &req.id),
        "request.toml",
        &principal(&req.key, &req.by),
        None,
    )?;
    for (i, d) in c.rr.decisions.iter().enumerate() {
        let name = format!("decision-{:02}-{}.toml", i + 1, d.decision.as_str());
        add_record(
            &mut entries,
            &mut script,
            &d.path(layout),
            &name,
            &principal(&d.key, &d.by),
            d.policy_version,
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
            None,
        )?;
    }

    let sums = files_part(store, req, &mut entries, &mut script)?;
    script.push_str(SCRIPT_TAIL);

    entries.extend(loose_entries(c, script, sums));
    write_tar(out, &top, &entries)?;
    Ok(Written {
        signatures: signatures + policy_signatures,
        files: req.files.len(),
    })
}

/// The approved files, into the bundle and its script (each hashed by the
/// script against the signed request); returns `SHA256SUMS`.
fn files_part(
    store: &crate::store::Store,
    req: &crate::record::Request,
    entries: &mut Vec<(String, Vec<u8>, u32)>,
    script: &mut String,
) -> Result<String> {
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
        script.push_str(&format!("file {} {}\n", q(&f.sha256), q(&name)));
        entries.push((name, bytes, 0o644));
    }
    Ok(sums)
}

/// The bundle's files beside the records: the readme, the script, the
/// conveniences (`allowed_signers`, `SHA256SUMS`) and the certificate.
fn loose_entries(c: &Contents<'_>, script: String, sums: String) -> Vec<(String, Vec<u8>, u32)> {
    let req = &c.rr.request;
    let snap = c.snap;
    let mut entries = Vec::new();
    let readme = format!(
        "Certificate of decisions: {} v{}\n\n\
         This archive holds every signed record of this request, the policy\n\
         that says whose keys count, and the approved files themselves.\n\n\
         Check it anywhere with OpenSSH and coreutils:\n\n    sh verify.sh\n\n\
         Read certificate.md for who decided what and when. verify.sh takes\n\
         every key from the policy files under policy/, starting from the\n\
         trust root it prints: compare that with the one your team pinned.\n\
         allowed_signers and SHA256SUMS are conveniences for checking by\n\
         hand; verify.sh never trusts them. It needs sh, ssh-keygen,\n\
         sha256sum, cat and dirname.\n",
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

    entries
}

/// The policy chain from the pinned root, into the bundle and its script:
/// each version in effect with its signatures, checked with keys the
/// script takes from the chain. Returns how many signatures it holds.
fn chain_part(
    ledger: &Ledger,
    snap: &Snapshot,
    entries: &mut Vec<(String, Vec<u8>, u32)>,
    script: &mut String,
) -> Result<usize> {
    let store = &ledger.store;
    let tip = &snap.tip;
    let mut signatures = 0;
    // The policy chain from the pinned root: each version in effect with
    // its signatures, checked with keys the script takes from the chain.
    script.push_str("\n# The trust root, then each policy version in effect.\n");
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
    let mut previous: Option<&str> = None;
    for (n, path) in snap.chain.paths.iter().enumerate() {
        let bytes = store.read(tip, path)?.unwrap_or_default();
        entries.push((path.clone(), bytes, 0o644));
        let mut line = format!(
            "version {} {} {}",
            n + 1,
            q(path),
            q(previous.unwrap_or(""))
        );
        for e in store.walk(tip, &crate::layout::policy_sig_dir_of(path))? {
            if !e.path.ends_with(".sig") {
                continue;
            }
            let sig = store.read_small(&e.blob.clone())?;
            entries.push((e.path.clone(), sig, 0o644));
            line.push(' ');
            line.push_str(&q(&e.path));
            signatures += 1;
        }
        script.push_str(&line);
        script.push('\n');
        previous = Some(path);
    }
    Ok(signatures)
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
