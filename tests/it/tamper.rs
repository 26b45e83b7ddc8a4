//! Tampering with the store branch is detected by `signoff verify`: exit 5,
//! each problem printed with the path it concerns. Tampered commits are made
//! with git plumbing only, never through signoff's library.

use crate::common::{Edit, TestEnv, dir_of, has_line, verify_fails};

/// A store with one request (two files) and decisions from bob and cat,
/// plus a second deliverable with its own request.
fn setup() -> TestEnv {
    let env = TestEnv::with_people();
    env.write("logo.svg", "<svg>v1</svg>");
    env.write("notes.txt", "colours: blue");
    env.run(
        "alice",
        &[
            "request",
            "acme/logo",
            "logo.svg",
            "notes.txt",
            "--to",
            "bob,cat",
        ],
    )
    .ok();
    env.run("bob", &["approve", "acme/logo"]).ok();
    env.run("cat", &["changes", "acme/logo", "-m", "darker"])
        .ok();
    env.request("acme/deck", "deck.pdf", "%PDF-1.4 deck", "bob");
    // The untampered store verifies clean, so every failure below is caused
    // by the tampering.
    let r = env.run("alice", &["verify"]).ok();
    assert!(r.stderr.contains("0 problem(s)"), "{}", r.stderr);
    env
}

/// The decision paths of `acme/logo`, oldest first (bob's, then cat's).
fn logo_decisions(env: &TestEnv) -> Vec<String> {
    let mut d: Vec<String> = env
        .record_paths("/decisions/")
        .into_iter()
        .filter(|p| p.starts_with(&format!("{}/", dir_of("acme/logo"))))
        .collect();
    d.sort();
    assert_eq!(d.len(), 2);
    d
}

#[test]
fn edited_record_bytes_are_detected() {
    let env = setup();
    let path = &logo_decisions(&env)[1];
    let text = String::from_utf8(env.store_file(path)).unwrap();
    assert!(text.contains("decision = \"changes\""), "{text}");
    let forged = text.replace("decision = \"changes\"", "decision = \"approve\"");
    env.tamper(&[Edit::Put(path.clone(), forged.into_bytes())], false);
    let r = verify_fails(&env);
    has_line(&r, path, "bad signature");
    has_line(&r, path, "modified by commit");
    // The forged approval does not count.
    let st = env.status_json("acme/logo");
    assert_eq!(st["state"], "pending", "{st}");
}

#[test]
fn edited_record_in_rewritten_history_is_detected_by_its_signature() {
    let env = setup();
    // Amend the tip instead of adding a commit: history shows no
    // modification, so only the signature check can catch this.
    let path = env.record_paths(&format!("{}/", dir_of("acme/deck")))[0].clone();
    let text = String::from_utf8(env.store_file(&path)).unwrap();
    let forged = text.replace("reviewers = [\"bob\"]", "reviewers = [\"cat\"]");
    assert_ne!(forged, text);
    env.tamper(&[Edit::Put(path.clone(), forged.into_bytes())], true);
    let r = verify_fails(&env);
    has_line(&r, &path, "bad signature");
    assert!(!r.stdout.contains("modified by commit"), "{}", r.stdout);
}

#[test]
fn deleted_record_is_detected() {
    let env = setup();
    let path = logo_decisions(&env)[1].clone();
    env.tamper(
        &[
            Edit::Remove(path.clone()),
            Edit::Remove(format!("{path}.sig")),
        ],
        false,
    );
    let r = verify_fails(&env);
    has_line(&r, &path, "deleted by commit");
    has_line(&r, &format!("{path}.sig"), "deleted by commit");
}

#[test]
fn swapped_signature_is_detected() {
    let env = setup();
    let d = logo_decisions(&env);
    let other_sig = env.store_file(&format!("{}.sig", d[0]));
    env.tamper(&[Edit::Put(format!("{}.sig", d[1]), other_sig)], false);
    let r = verify_fails(&env);
    // Bob's signature over bob's record does not cover cat's record.
    has_line(&r, &d[1], "bad signature");
    // Cat's "changes" no longer counts.
    let st = env.status_json("acme/logo");
    assert_eq!(st["state"], "pending", "{st}");
}

#[test]
fn decision_copied_into_another_request_is_detected() {
    let env = setup();
    let bobs = &logo_decisions(&env)[0];
    let deck_req = env.record_paths(&format!("{}/", dir_of("acme/deck")))[0].clone();
    let deck_dir = deck_req.trim_end_matches("/request.toml");
    let file = bobs.rsplit('/').next().unwrap();
    let copy = format!("{deck_dir}/decisions/{file}");
    env.tamper(
        &[
            Edit::Put(copy.clone(), env.store_file(bobs)),
            Edit::Put(
                format!("{copy}.sig"),
                env.store_file(&format!("{bobs}.sig")),
            ),
        ],
        false,
    );
    let r = verify_fails(&env);
    has_line(&r, &copy, "copied or moved");
    // The copy is an addition, not a modification: the signature check is
    // what catches it, and the original stays valid.
    assert!(!r.stdout.contains("modified by commit"), "{}", r.stdout);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    let st = env.status_json("acme/deck");
    assert_eq!(st["state"], "pending", "{st}");
}

#[test]
fn changed_snapshot_content_is_detected() {
    let env = setup();
    let req = env
        .record_paths(&format!("{}/", dir_of("acme/logo")))
        .into_iter()
        .find(|p| p.ends_with("/request.toml"))
        .unwrap();
    let content = req.replace("/request.toml", "/content/logo.svg");
    assert_eq!(env.store_file(&content), b"<svg>v1</svg>");
    env.tamper(
        &[Edit::Put(content.clone(), b"<svg>evil</svg>".to_vec())],
        false,
    );
    let r = verify_fails(&env);
    has_line(&r, &content, "differs from the manifest");
    has_line(&r, &content, "modified by commit");
}

#[test]
fn changed_snapshot_content_in_rewritten_history_is_detected() {
    let env = setup();
    let req = env.record_paths(&format!("{}/", dir_of("acme/deck")))[0].clone();
    let content = req.replace("/request.toml", "/content/deck.pdf");
    env.tamper(
        &[Edit::Put(content.clone(), b"%PDF-1.4 other".to_vec())],
        true,
    );
    let r = verify_fails(&env);
    has_line(&r, &content, "differs from the manifest");
    // This clone verified the tip that the amend replaced: it says so too.
    has_line(&r, "signoff.toml", "no longer contains commit");
    assert_eq!(r.stdout.lines().count(), 2, "{}", r.stdout);
}

#[test]
fn signed_decision_filed_under_the_wrong_deliverable_is_detected() {
    let env = setup();
    // Bob signs a genuine-looking decision with his own key, but files it
    // (consistently with its own fields) under acme/deck while it names the
    // acme/logo request. The signature is good; the record is not.
    let bobs = &logo_decisions(&env)[0];
    let text = String::from_utf8(env.store_file(bobs)).unwrap();
    let old_id = bobs.rsplit('/').next().unwrap().trim_end_matches(".toml");
    // Another id: the same one with its last hex digit changed.
    let last = if old_id.ends_with('0') { '1' } else { '0' };
    let new_id = format!("{}{last}", &old_id[..35]);
    assert_ne!(new_id, old_id);
    let forged = text
        .replace("deliverable = \"acme/logo\"", "deliverable = \"acme/deck\"")
        .replace(old_id, &new_id);
    let dir = bobs
        .trim_start_matches(&format!("{}/", dir_of("acme/logo")))
        .split('/')
        .next()
        .unwrap();
    let path = format!("{}/{dir}/decisions/{new_id}.toml", dir_of("acme/deck"));
    let sig = env.sign_bytes("bob", "signoff", forged.as_bytes());
    env.tamper(
        &[
            Edit::Put(path.clone(), forged.into_bytes()),
            Edit::Put(format!("{path}.sig"), sig),
        ],
        false,
    );
    let r = verify_fails(&env);
    has_line(&r, &path, "acme/logo");
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
}

#[test]
fn changed_policy_is_detected() {
    let env = setup();
    let text = String::from_utf8(env.store_file("policy/000001.toml")).unwrap();
    let forged = text.replace("threshold = 1", "threshold = 2");
    assert_ne!(forged, text);
    env.tamper(
        &[Edit::Put("policy/000001.toml".into(), forged.into_bytes())],
        false,
    );
    let r = verify_fails(&env);
    has_line(&r, "policy/000001.toml", "modified by commit");
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("policy/") && l.contains("untrusted policy")),
        "{}",
        r.stdout
    );
    // Every reading command refuses to work from an untrusted policy.
    let st = env.run("alice", &["status"]).code(5);
    assert!(st.stderr.contains("hint: "), "{}", st.stderr);
}

#[test]
fn changed_store_file_is_detected() {
    let env = setup();
    let text = String::from_utf8(env.store_file("signoff.toml")).unwrap();
    let forged = text.replace("created_by = \"alice\"", "created_by = \"bob\"");
    assert_ne!(forged, text);
    env.tamper(
        &[Edit::Put("signoff.toml".into(), forged.into_bytes())],
        true,
    );
    let r = verify_fails(&env);
    has_line(&r, "signoff.toml", "not signed by its creator");
    env.tamper(
        &[Edit::Put("signoff.toml".into(), b"garbage = [".to_vec())],
        true,
    );
    let r = verify_fails(&env);
    has_line(&r, "signoff.toml", "not a valid store file");
}

#[test]
fn verify_since_last_checks_only_what_changed_and_still_catches_tampering() {
    let env = setup();
    // No full verify yet: it says so and checks everything.
    for e in std::fs::read_dir(env.repo.join(".git/signoff/verified")).unwrap() {
        let p = e.unwrap().path();
        if p.to_string_lossy().ends_with(".audited") {
            std::fs::remove_file(p).unwrap();
        }
    }
    let first = env.run("alice", &["verify", "--since-last"]).ok();
    assert!(
        first.stderr.contains("checking everything"),
        "{}",
        first.stderr
    );
    let full = env.run("alice", &["verify", "--json"]).ok().json();
    let checked = env.tip();
    // One new request folder since: only it is read again.
    env.request("acme/brief", "brief.md", "the brief", "bob");
    let inc = env
        .run("alice", &["verify", "--since-last", "--json"])
        .ok()
        .json();
    assert_eq!(inc["ok"], true);
    assert_eq!(inc["since"], checked.as_str());
    assert!(inc["unchanged_folders"].as_u64().unwrap() >= 1, "{inc}");
    assert_eq!(inc["records_verified"], 1, "only the new request: {inc}");
    assert!(full["records_verified"].as_u64().unwrap() > 1);
    // A later commit that edits a record checked before is still found:
    // its folder changed, and the new commit rewrote a file.
    let bobs = &logo_decisions(&env)[0];
    let text = String::from_utf8(env.store_file(bobs)).unwrap();
    env.tamper(
        &[Edit::Put(
            bobs.clone(),
            text.replace("approve", "decline").into_bytes(),
        )],
        false,
    );
    let r = env.run("alice", &["verify", "--since-last"]).code(5);
    has_line(&r, bobs, "");
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with(bobs.as_str()) && l.contains("append-only")),
        "{}",
        r.stdout
    );
}

/// `verify` spreads a large store over every core: request folders read,
/// signatures checked and snapshot files hashed in chunks, one per thread,
/// and the history walked on a thread of its own. Tampering that lands in
/// any chunk, and a commit dated before its parent, are each still named:
/// a record edited in the middle, a snapshot near the end, a planted time.
#[test]
fn tampering_anywhere_in_a_large_store_is_named_whichever_thread_checks_it() {
    let env = TestEnv::with_people();
    // 140 records: above two threads' minimum for every parallel step.
    let n = 140;
    for i in 0..n {
        env.request(
            &format!("batch/d{i:03}"),
            "f.txt",
            &format!("file {i}"),
            "bob",
        );
    }
    let r = env.run("alice", &["verify"]).ok();
    assert!(r.stderr.contains("0 problem(s)"), "{}", r.stderr);
    let request_of = |i: usize| {
        env.record_paths(&format!("{}/", dir_of(&format!("batch/d{i:03}"))))
            .into_iter()
            .find(|p| p.ends_with("/request.toml"))
            .unwrap()
    };
    let middle = request_of(n / 2);
    let text = String::from_utf8(env.store_file(&middle)).unwrap();
    let edited = text.replace("file ", "fiLe ").replace("\"bob\"", "\"cat\"");
    assert_ne!(edited, text);
    let content = request_of(n - 3).replace("/request.toml", "/content/f.txt");
    assert_eq!(
        env.store_file(&content),
        format!("file {}", n - 3).as_bytes()
    );
    env.tamper(
        &[
            Edit::Put(middle.clone(), edited.into_bytes()),
            Edit::Put(content.clone(), b"evil".to_vec()),
        ],
        false,
    );
    let planted = crate::attack_time::plant(&env, &[], Some("2001-01-01T00:00:00Z"));
    let r = verify_fails(&env);
    has_line(&r, &middle, "bad signature");
    has_line(&r, &middle, "modified by commit");
    has_line(&r, &content, "differs from the manifest");
    has_line(&r, &content, "modified by commit");
    has_line(
        &r,
        &format!("commit {}", &planted[..12]),
        "before its parent",
    );
    // The edited request's snapshot now belongs to no valid request.
    let folder = middle.replace("/request.toml", "/content");
    has_line(&r, &folder, "without a valid request");
    // Nothing else: every untouched record still verifies.
    assert_eq!(r.stdout.lines().count(), 6, "{}", r.stdout);
}
