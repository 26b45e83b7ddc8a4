//! The raw signature-verification baseline for `scripts/bench`.
//!
//! ```text
//! cargo run --release --example bench_verify -- REPO [THREADS]
//! ```
//!
//! Reads every record and its signature under `deliverables/` of the store
//! branch into memory first, then times only SSHSIG verification
//! (`Key::verify`: parse, SHA-512, Ed25519) of all of them on THREADS threads
//! (default: every core), with no git access, TOML parsing or field checks.
//! Prints `records seconds records_per_second` on one line. This is the
//! ceiling `signoff verify` is measured against.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use signoff::ledger::{Ledger, Trust};
use signoff::sign::{self, Key};
use signoff::store::Store;

fn main() {
    if let Err(e) = run() {
        eprintln!("bench_verify: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let repo = Path::new(args.first().ok_or("usage: bench_verify REPO [THREADS]")?);
    let threads = match args.get(1) {
        Some(t) => t.parse().map_err(|e| format!("THREADS: {e}"))?,
        None => std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
    };
    let store = Store::open(Some(repo), "signoff").map_err(|e| e.to_string())?;
    let ledger = Ledger::new(
        store,
        Trust {
            pin: None,
            source: "bench",
        },
    );
    let tip = ledger.tip().map_err(|e| e.to_string())?;
    let (info, _) = ledger.store_info(&tip).map_err(|e| e.to_string())?;
    let (versions, _) = ledger.policy_versions(&tip).map_err(|e| e.to_string())?;
    let chain = signoff::policy::verify_chain(&info.store_id, &versions, None)
        .map_err(|e| e.to_string())?;
    let mut keys: HashMap<String, Key> = HashMap::new();
    for p in &chain.effective {
        for person in &p.people {
            for k in &person.keys {
                if let Ok(key) = Key::parse(k) {
                    keys.insert(key.fingerprint().to_string(), key);
                }
            }
        }
    }
    let entries = ledger
        .store
        .walk(&tip, "deliverables")
        .map_err(|e| e.to_string())?;
    let blobs: HashMap<&str, &str> = entries
        .iter()
        .map(|e| (e.path.as_str(), e.blob.as_str()))
        .collect();
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    for e in &entries {
        if !e.path.ends_with(".toml") || e.path.contains("/content/") {
            continue;
        }
        let Some(sig) = blobs.get(format!("{}.sig", e.path).as_str()) else {
            continue;
        };
        let read = |b: &str| ledger.store.read_blob(b).map_err(|e| e.to_string());
        pairs.push((read(&e.blob)?, read(sig)?));
    }
    let started = Instant::now();
    let chunk = pairs.len().div_ceil(threads.max(1)).max(1);
    let ok: usize = std::thread::scope(|s| {
        let handles: Vec<_> = pairs
            .chunks(chunk)
            .map(|part| {
                let keys = &keys;
                s.spawn(move || {
                    part.iter()
                        .filter(|(bytes, sig)| {
                            sign::signature_key_fingerprint(sig)
                                .ok()
                                .and_then(|fp| keys.get(&fp))
                                .is_some_and(|k| k.verify(bytes, sig).is_ok())
                        })
                        .count()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("verify thread"))
            .sum()
    });
    let secs = started.elapsed().as_secs_f64();
    if ok != pairs.len() {
        return Err(format!(
            "{} of {} signatures failed",
            pairs.len() - ok,
            pairs.len()
        ));
    }
    #[allow(clippy::cast_precision_loss)]
    let rate = pairs.len() as f64 / secs;
    println!("{} {secs:.4} {rate:.0}", pairs.len());
    Ok(())
}
