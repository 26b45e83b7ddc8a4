//! Checking one record: its signature over its exact bytes, then its fields
//! against its path, its store and its key; and a request's snapshot
//! against its manifest.

use std::collections::{BTreeMap, HashMap};

use crate::layout::Format;
use crate::record::{self, Record, Request};
use crate::sign::{self, Key};

/// Verifies a record's signature over its exact bytes, then parses it and
/// checks that its fields match its path, store and key.
pub(super) fn check_record(
    store_id: &str,
    layout: Format,
    path: &str,
    bytes: &[u8],
    sig: &[u8],
    keys: &HashMap<String, (String, Key)>,
    attesters: &std::collections::BTreeSet<String>,
) -> std::result::Result<Record, String> {
    let parsed = sign::ParsedSignature::parse(sig).map_err(|e| e.to_string())?;
    let fp = parsed.key_fingerprint();
    let Some((person, key)) = keys.get(&fp) else {
        return Err(format!("signed by key {fp}, which no policy version lists"));
    };
    key.verify_parsed(bytes, &parsed)
        .map_err(|e| format!("bad signature: {e}"))?;
    let rec = record::parse(bytes).map_err(|e| e.to_string())?;
    if rec.store_id() != store_id {
        return Err("record belongs to another store".into());
    }
    if rec.expected_path(layout) != path {
        return Err(format!(
            "record's fields place it at {}, not here (copied or moved)",
            rec.expected_path(layout)
        ));
    }
    if rec.key() != fp {
        return Err(format!(
            "record names key {} but was signed by {fp}",
            rec.key()
        ));
    }
    // A link decision (or a comment left on the link page) is by the
    // reviewer but signed by the server that attested it; an attester's key
    // signs nothing else.
    match &rec {
        Record::Decision(d) if d.via == crate::link::VIA_LINK => {
            crate::link::check_decision(d, person, key, attesters)?;
            return record::check_name(rec.deliverable()).map(|()| rec);
        }
        Record::Comment(c) if c.via == crate::link::VIA_LINK => {
            crate::link::check_comment(c, person, key, attesters)?;
            return record::check_name(rec.deliverable()).map(|()| rec);
        }
        Record::Comment(c) if c.via != "key" => {
            return Err(format!("comment says it came via {:?}", c.via));
        }
        // That the server mailed the link-deciders: only an attester's key
        // signs it, and only for itself.
        Record::Notified(_) if !attesters.contains(person) => {
            return Err(format!(
                "a notified record signed by {person}, who is not a link attester"
            ));
        }
        Record::Notified(_) => {}
        _ if attesters.contains(person) => {
            return Err(format!(
                "signed by attester {person}, whose key may only sign link decisions, link comments and notified records"
            ));
        }
        _ => {}
    }
    if rec.by() != person {
        return Err(format!(
            "record says it is by {}, but was signed by {person}'s key",
            rec.by()
        ));
    }
    record::check_name(rec.deliverable())?;
    Ok(rec)
}

/// Checks that the stored snapshot matches the request's manifest (by blob
/// id) and that the manifest hashes to the request's content hash. A problem
/// names the snapshot file it concerns when there is one, so that `verify`
/// can print its exact path.
pub(super) fn check_manifest(
    req: &Request,
    stored: &BTreeMap<String, String>,
) -> Option<(Option<String>, String)> {
    if req.source.kind == "range" {
        return None;
    }
    for f in &req.files {
        if let Err(e) = record::check_snapshot_path(&f.path) {
            return Some((None, e));
        }
        // The content hash reads these as raw SHA-256 bytes; anything else
        // would hash ambiguously.
        if f.sha256.len() != 64
            || !f
                .sha256
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            return Some((
                Some(f.path.clone()),
                "manifest entry has a malformed SHA-256".to_string(),
            ));
        }
        match stored.get(&f.path) {
            None => {
                return Some((Some(f.path.clone()), "snapshot file is missing".to_string()));
            }
            Some(b) if *b != f.blob => {
                return Some((
                    Some(f.path.clone()),
                    "snapshot file differs from the manifest".to_string(),
                ));
            }
            Some(_) => {}
        }
    }
    if let Some(extra) = stored
        .keys()
        .find(|k| !req.files.iter().any(|f| &f.path == *k))
    {
        return Some((
            Some(extra.clone()),
            "snapshot holds a file that the manifest does not list".into(),
        ));
    }
    if stored.len() != req.files.len() {
        return Some((None, "manifest lists a file more than once".into()));
    }
    if crate::content::content_hash(&req.files) != req.content {
        return Some((
            None,
            "manifest does not hash to the request's content hash".into(),
        ));
    }
    None
}
