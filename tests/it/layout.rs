//! The store's layouts: new stores fan deliverables out by a hash prefix
//! (format 2), stores made before keep their flat layout (format 1) and
//! work as before, and a record filed where its layout does not put it is
//! never counted.

use crate::common::{Edit, TestEnv, dir_of, has_line, verify_fails};

/// A complete round (request, two approvals, gate, verify, log) on a store
/// of `format`; returns the env and the request's id.
fn round(format: Option<&str>) -> (TestEnv, String) {
    let mut env = TestEnv::new();
    if let Some(f) = format {
        env.extra_env
            .push(("SIGNOFF_STORE_FORMAT".into(), f.to_string()));
    }
    env.init();
    env.add_person("bob");
    env.add_person("cat");
    env.request("acme/logo", "logo.svg", "<svg/>", "bob,cat");
    env.approve_by(&["bob", "cat"], "acme/logo");
    env.run("alice", &["gate", "acme/logo"]).code(0);
    let v = env.run("alice", &["verify"]).ok();
    assert!(v.stderr.contains("0 problem(s)"), "{}", v.stderr);
    let log = env.run("alice", &["log"]).ok().stdout;
    assert!(log.contains("approved acme/logo v1"), "{log}");
    let id = env
        .run("alice", &["show", "acme/logo", "--json"])
        .ok()
        .json()["request"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    (env, id)
}

fn format_of(env: &TestEnv) -> String {
    let text = String::from_utf8(env.store_file("signoff.toml")).unwrap();
    text.lines()
        .find(|l| l.starts_with("format"))
        .unwrap()
        .to_string()
}

#[test]
fn new_stores_fan_deliverables_out_by_hash_prefix() {
    let (env, id) = round(None);
    assert_eq!(format_of(&env), "format = 2");
    let dir = dir_of("acme/logo");
    let parts: Vec<&str> = dir.split('/').collect();
    assert_eq!(parts[0], "deliverables");
    assert!(
        parts[1].len() == 2 && parts[1].bytes().all(|b| b.is_ascii_hexdigit()),
        "{dir}"
    );
    assert_eq!(&parts[2..], ["acme", "logo"]);
    let paths = env.record_paths("deliverables/");
    assert!(
        paths.iter().all(|p| p.starts_with(&format!("{dir}/{id}/"))),
        "{paths:?}"
    );
    // The top folder holds fan-out folders only, whatever the names.
    let top = env.git(&["ls-tree", "--name-only", "signoff:deliverables"]);
    assert!(top.lines().all(|n| n.len() == 2), "{top}");
}

#[test]
fn stores_made_flat_keep_their_layout_and_work() {
    let (env, id) = round(Some("1"));
    assert_eq!(format_of(&env), "format = 1");
    let paths = env.record_paths("deliverables/");
    assert!(
        paths
            .iter()
            .all(|p| p.starts_with(&format!("deliverables/acme/logo/{id}/"))),
        "{paths:?}"
    );
    // Writing on without the knob keeps the store's own layout.
    let mut env = env;
    env.extra_env.clear();
    env.request("acme/logo", "logo.svg", "<svg>2</svg>", "bob");
    env.run("bob", &["approve", "acme/logo"]).ok();
    env.run("alice", &["gate", "acme/logo"]).code(0);
    let paths = env.record_paths("deliverables/");
    assert!(
        paths
            .iter()
            .all(|p| p.starts_with("deliverables/acme/logo/")),
        "{paths:?}"
    );
    let v = env.run("alice", &["verify"]).ok();
    assert!(v.stderr.contains("0 problem(s)"), "{}", v.stderr);
}

/// A genuine, signed record moved to where the other layout would file it
/// is not counted: a record's path must be the one its store's layout gives.
#[test]
fn a_record_at_the_other_layouts_path_is_not_counted() {
    let (env, id) = round(None);
    let dir = dir_of("acme/logo");
    let decision = env
        .record_paths(&format!("{dir}/{id}/decisions/"))
        .into_iter()
        .find(|p| p.ends_with(".toml"))
        .unwrap();
    let bytes = env.store_file(&decision);
    let sig = env.store_file(&format!("{decision}.sig"));
    let flat = decision.replacen(&dir, "deliverables/acme/logo", 1);
    env.tamper(
        &[
            Edit::Remove(decision.clone()),
            Edit::Remove(format!("{decision}.sig")),
            Edit::Put(flat.clone(), bytes),
            Edit::Put(format!("{flat}.sig"), sig),
        ],
        false,
    );
    let r = verify_fails(&env);
    has_line(&r, &flat, "");
    // The moved approval no longer counts: the gate waits for it again.
    assert_eq!(env.run("alice", &["gate", "acme/logo"]).code, 10);
}

#[test]
fn an_unknown_store_format_is_refused_with_what_to_do() {
    let (env, _) = round(None);
    let text = String::from_utf8(env.store_file("signoff.toml"))
        .unwrap()
        .replace("format = 2", "format = 3");
    env.tamper(
        &[Edit::Put("signoff.toml".into(), text.into_bytes())],
        false,
    );
    let r = env.run("alice", &["status"]);
    assert_eq!(r.code, 5, "{r:?}");
    assert!(
        r.stderr.contains("format 3") && r.stderr.contains("hint: upgrade signoff"),
        "{}",
        r.stderr
    );
}

/// An attacker with push access flips an old store's format to 2 and copies
/// the request and its two approvals to the fan-out paths, leaving bob's
/// later decline at the flat path: under the flipped format only the copies
/// would be in place. The store file's signature no longer verifies, and the
/// gate fails closed instead of passing.
#[test]
fn a_flipped_store_format_cannot_hide_a_decline() {
    let (env, id) = round(Some("1"));
    env.run("bob", &["decline", "acme/logo", "-m", "no"]).ok();
    assert_eq!(env.run("alice", &["gate", "acme/logo"]).code, 11);
    let flat = format!("deliverables/acme/logo/{id}");
    let fanned = format!("{}/{id}", dir_of("acme/logo"));
    let decisions: Vec<String> = env.record_paths(&format!("{flat}/decisions/"));
    let mut edits = Vec::new();
    // The request and the two oldest decisions (the approvals), with their
    // signatures and the snapshot.
    let mut keep: Vec<String> = env
        .record_paths(&format!("{flat}/"))
        .into_iter()
        .filter(|p| !p.contains("/decisions/"))
        .collect();
    let mut approvals: Vec<&String> = decisions.iter().filter(|p| p.ends_with(".toml")).collect();
    approvals.sort();
    for a in approvals.iter().take(2) {
        keep.push((*a).clone());
        keep.push(format!("{a}.sig"));
    }
    for p in keep {
        let bytes = env.store_file(&p);
        edits.push(Edit::Put(p.replacen(&flat, &fanned, 1), bytes));
    }
    let text = String::from_utf8(env.store_file("signoff.toml"))
        .unwrap()
        .replace("format = 1", "format = 2");
    edits.push(Edit::Put("signoff.toml".into(), text.into_bytes()));
    env.tamper(&edits, false);
    let gate = env.run("alice", &["gate", "acme/logo"]);
    assert_eq!(gate.code, 5, "the gate must fail closed: {gate:?}");
    assert!(
        gate.stderr.contains("the store file failed verification"),
        "{}",
        gate.stderr
    );
}
