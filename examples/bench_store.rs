//! Fills a store with realistic, really signed records, for `scripts/bench`.
//!
//! ```text
//! cargo run --release --example bench_store -- REPO RECORDS [--shape S] PERSON=KEY...
//! ```
//!
//! REPO must hold a store (`signoff init`) whose policy lists every PERSON
//! with the public half of KEY (a private key file). The first person
//! requests; the others review. Each deliverable gets ten records: v1 (request, changes requested, two comments) and v2
//! (request superseding v1, approvals or a pending single approval, comments),
//! with a one-file snapshot each. Records are signed on every core and written
//! through the store layer, a thousand records per commit, so the history
//! reads like batches of real work without taking hours to build.
//!
//! `--shape` names the deliverables: `nested` (default,
//! `client-NN/project-NNNNN`: 50 folders), `folder` (`item/iNNNNN`: one
//! folder of every name) or `flat` (`pr-N`: every name at the top), the
//! shapes real stores have; [`name`] gives the name of deliverable `i`.

use std::path::Path;
use std::time::Instant;

use signoff::ledger::{Ledger, Trust};
use signoff::record::{
    self, Comment, Decision, ManifestEntry, Record, Request, SCHEMA_COMMENT, SCHEMA_DECISION,
    SCHEMA_REQUEST, Source, Verdict,
};
use signoff::sign::Signer;
use signoff::store::{NewFile, Store, Write};

const PER_DELIVERABLE: usize = 10;
const DELIVERABLES_PER_COMMIT: usize = 100;

fn main() {
    if let Err(e) = run() {
        eprintln!("bench_store: {e}");
        std::process::exit(1);
    }
}

struct Person {
    id: String,
    signer: Signer,
}

/// Time-ordered record ids from a clock of our own: versions sort as written.
struct Clock {
    secs: u64,
    nanos: u32,
}

impl Clock {
    fn tick(&mut self) -> (String, String) {
        self.nanos += 1_000_000;
        if self.nanos >= 1_000_000_000 {
            self.nanos = 0;
            self.secs += 1;
        }
        let ts = uuid::Timestamp::from_unix(uuid::NoContext, self.secs, self.nanos);
        let id = uuid::Uuid::new_v7(ts).to_string();
        let at = jiff::Timestamp::from_second(i64::try_from(self.secs).expect("small"))
            .expect("valid time")
            .to_string();
        (id, at)
    }
}

fn run() -> Result<(), String> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let shape = match args.iter().position(|a| a == "--shape") {
        Some(i) => {
            let s = args.get(i + 1).cloned().ok_or("--shape needs a value")?;
            args.drain(i..=i + 1);
            s
        }
        None => "nested".into(),
    };
    if !["nested", "folder", "flat"].contains(&shape.as_str()) {
        return Err(format!("unknown --shape {shape:?}: nested, folder or flat"));
    }
    if args.len() < 4 {
        return Err("usage: bench_store REPO RECORDS [--shape S] PERSON=KEY PERSON=KEY...".into());
    }
    let repo = Path::new(&args[0]);
    let records: usize = args[1].parse().map_err(|e| format!("RECORDS: {e}"))?;
    let people: Vec<Person> = args[2..]
        .iter()
        .map(|a| {
            let (id, key) = a.split_once('=').ok_or("PERSON=KEY expected")?;
            let signer = Signer::load(Path::new(key)).map_err(|e| e.to_string())?;
            Ok(Person {
                id: id.to_string(),
                signer,
            })
        })
        .collect::<Result<_, String>>()?;
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
    let layout = signoff::layout::Format::from_number(info.format).ok_or("unknown store format")?;
    let store_id = info.store_id;
    let started = Instant::now();
    let deliverables = records / PER_DELIVERABLE;
    let mut clock = Clock {
        // From now: the store's first commit (made by `signoff init` just
        // before) is dated now, and time never runs backwards along the
        // history, so records dated earlier would be reported by `verify`.
        secs: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|e| e.to_string())?
            .as_secs(),
        nanos: 0,
    };
    let mut done = 0;
    while done < deliverables {
        let batch = (done..deliverables.min(done + DELIVERABLES_PER_COMMIT)).collect::<Vec<_>>();
        let mut unsigned: Vec<(usize, String, Vec<u8>)> = Vec::new();
        let mut files: Vec<(String, NewFile)> = Vec::new();
        for &i in &batch {
            for (path, person, bytes) in deliverable(
                &ledger,
                &store_id,
                layout,
                &people,
                &mut clock,
                &name(&shape, i),
                &mut files,
            )? {
                unsigned.push((person, path, bytes));
            }
        }
        let signed = sign_all(&people, unsigned)?;
        let count = signed.len() / 2;
        files.extend(signed);
        let write = Write {
            files,
            message: format!(
                "Benchmark data: {count} records for deliverables {}..{}\n\nSignoff-Kind: bench\n",
                batch[0],
                batch[batch.len() - 1]
            ),
            author_name: "bench".into(),
            author_email: "bench@signoff.invalid".into(),
            time: i64::try_from(clock.secs).expect("small"),
            // Bulk batches are not one person's commits: what is measured is
            // reading, and git ignores a commit's signature when reading it.
            sign: None,
        };
        ledger
            .store
            .write(|_| Ok::<_, signoff::store::StoreError>((write.clone(), ())))
            .map_err(|e| e.to_string())?;
        done += batch.len();
        eprint!(
            "\rbench_store: {done}/{deliverables} deliverables, {:.0}s",
            started.elapsed().as_secs_f64()
        );
    }
    eprintln!();
    println!(
        "{} records in {deliverables} deliverables, {:.1}s",
        deliverables * PER_DELIVERABLE,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The ten records of deliverable `i` (unsigned), as `(path, signer index,
/// bytes)`; its snapshot files are added to `files`.
fn deliverable(
    ledger: &Ledger,
    store_id: &str,
    layout: signoff::layout::Format,
    people: &[Person],
    clock: &mut Clock,
    name: &str,
    files: &mut Vec<(String, NewFile)>,
) -> Result<Vec<(String, usize, Vec<u8>)>, String> {
    let name = name.to_string();
    let i = name
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    let reviewers: Vec<usize> = (1..people.len()).collect();
    let pick = |k: usize| reviewers[k % reviewers.len()];
    let mut out = Vec::new();
    let mut previous = None;
    for version in 1..=2 {
        let body = format!("{name} version {version}\n{}\n", "x".repeat(200 + i % 700));
        let stored = ledger
            .store
            .store_bytes(body.as_bytes())
            .map_err(|e| e.to_string())?;
        let manifest = vec![ManifestEntry {
            path: "deck.pdf".into(),
            blob: stored.blob.clone(),
            sha256: stored.sha256,
            size: stored.size,
        }];
        let content = signoff::content::content_hash(&manifest);
        let (rid, at) = clock.tick();
        files.push((
            layout.content_path(&name, &rid, "deck.pdf"),
            NewFile::Blob(stored.blob),
        ));
        let req = Request {
            schema: SCHEMA_REQUEST.into(),
            store_id: store_id.into(),
            id: rid.clone(),
            deliverable: name.clone(),
            by: people[0].id.clone(),
            key: people[0].signer.key().fingerprint().to_string(),
            at,
            message: format!("{name}, version {version} for review"),
            title: String::new(),
            reviewers: reviewers.iter().map(|&r| people[r].id.clone()).collect(),
            quorum: Some(2),
            due: None,
            expires: None,
            draft: false,
            supersedes: previous.clone(),
            source: Source {
                kind: "files".into(),
                ..Source::default()
            },
            content: content.clone(),
            groups: Vec::new(),
            files: manifest,
        };
        previous = Some(rid.clone());
        out.push(Record::Request(req));
        // v1: changes requested and discussed; v2: approved (two of three),
        // or, for every third deliverable, still pending on one approval.
        let plan: Vec<(usize, Option<Verdict>)> = match (version, i % 3) {
            (1, _) => vec![
                (pick(i), Some(Verdict::Changes)),
                (pick(i + 1), None),
                (0, None),
            ],
            (_, 0) => vec![
                (pick(i), Some(Verdict::Approve)),
                (pick(i + 1), None),
                (pick(i), None),
                (pick(i + 2), None),
                (0, None),
            ],
            _ => vec![
                (pick(i), Some(Verdict::Approve)),
                (pick(i + 1), Some(Verdict::Approve)),
                (pick(i), None),
                (pick(i + 2), None),
            ],
        };
        for (who, verdict) in plan {
            let (id, at) = clock.tick();
            let p = &people[who];
            out.push(match verdict {
                Some(decision) => Record::Decision(Decision {
                    schema: SCHEMA_DECISION.into(),
                    store_id: store_id.into(),
                    id,
                    request: rid.clone(),
                    deliverable: name.clone(),
                    content: content.clone(),
                    decision,
                    comment: format!("{} after looking at page {}", decision.past(), i % 17),
                    by: p.id.clone(),
                    key: p.signer.key().fingerprint().to_string(),
                    at,
                    supersedes: None,
                    on_behalf_of: None,
                    evidence: None,
                    via: "key".into(),
                    link: None,
                    policy_version: None,
                    policy_hash: None,
                }),
                None => Record::Comment(Comment {
                    schema: SCHEMA_COMMENT.into(),
                    store_id: store_id.into(),
                    id,
                    request: rid.clone(),
                    deliverable: name.clone(),
                    by: p.id.clone(),
                    key: p.signer.key().fingerprint().to_string(),
                    at,
                    comment: format!("Note {} from {} on the layout", i % 97, p.id),
                    internal: false,
                    via: "key".into(),
                    link: None,
                }),
            });
        }
    }
    // Pad or trim to exactly ten records per deliverable.
    while out.len() < PER_DELIVERABLE {
        let (id, at) = clock.tick();
        let rid = previous.clone().expect("two requests written");
        let p = &people[0];
        out.push(Record::Comment(Comment {
            schema: SCHEMA_COMMENT.into(),
            store_id: store_id.into(),
            id,
            request: rid,
            deliverable: name.clone(),
            by: p.id.clone(),
            key: p.signer.key().fingerprint().to_string(),
            at,
            comment: "Thanks, all".into(),
            internal: false,
            via: "key".into(),
            link: None,
        }));
    }
    out.truncate(PER_DELIVERABLE);
    Ok(out
        .into_iter()
        .map(|r| {
            let by = r.by().to_string();
            let who = people.iter().position(|p| p.id == by).expect("known");
            let bytes = match &r {
                Record::Request(x) => record::to_bytes(x),
                Record::Decision(x) => record::to_bytes(x),
                Record::Notified(x) => record::to_bytes(x),
                Record::Comment(x) => record::to_bytes(x),
            };
            (r.expected_path(layout), who, bytes)
        })
        .collect())
}

/// Signs every record on every core; returns record and signature files.
fn sign_all(
    people: &[Person],
    unsigned: Vec<(usize, String, Vec<u8>)>,
) -> Result<Vec<(String, NewFile)>, String> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let chunk = unsigned.len().div_ceil(cores).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = unsigned
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut files = Vec::new();
                    for (who, path, bytes) in part {
                        let sig = people[*who].signer.sign(bytes).map_err(|e| e.to_string())?;
                        files.push((
                            signoff::layout::sig_path(path),
                            NewFile::Bytes(sig.into_bytes()),
                        ));
                        files.push((path.clone(), NewFile::Bytes(bytes.clone())));
                    }
                    Ok::<_, String>(files)
                })
            })
            .collect();
        let mut out = Vec::new();
        for h in handles {
            out.extend(h.join().map_err(|_| "a signing thread panicked")??);
        }
        Ok(out)
    })
}

/// The name of deliverable `i` in `shape` (see the module comment).
fn name(shape: &str, i: usize) -> String {
    match shape {
        "folder" => format!("item/i{i:05}"),
        "flat" => format!("pr-{i}"),
        _ => format!("client-{:02}/project-{i:05}", i % 50),
    }
}
