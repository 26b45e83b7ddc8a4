//! The security suite (docs/SECURITY.md): one test per attack, each named
//! after it, each showing the attack is refused — `verify` exits 5 naming the
//! path, `status` and `gate` do not count it, `sync` refuses to merge it, or
//! the command refuses with its documented exit code and the branch tip
//! unchanged.
//!
//! Forged records are committed with git plumbing and, where the attack
//! needs a *valid* signature, signed by a policy key with stock `ssh-keygen
//! -Y sign`, so that only signoff's own checks can stop them.

use std::path::Path;

use sha2::Digest as _;

use crate::common::{Edit, Run, TestEnv, dir_of, has_line, sh, two_machines, verify_fails};

/// A request as the store holds it.
struct Req {
    deliverable: String,
    id: String,
    content: String,
    /// `deliverables/<name>/<id>`.
    dir: String,
}

/// The newest request of `deliverable` (or its `--version N`).
fn request_of(env: &TestEnv, deliverable: &str, version: Option<usize>) -> Req {
    let mut args = vec!["show", deliverable, "--json"];
    let v = version.map(|v| v.to_string());
    if let Some(v) = &v {
        args.extend(["--version", v]);
    }
    let j = env.run("alice", &args).ok().json();
    let id = j["request"]["id"].as_str().unwrap().to_string();
    Req {
        deliverable: deliverable.to_string(),
        dir: format!("{}/{id}", dir_of(deliverable)),
        id,
        content: j["request"]["content"].as_str().unwrap().to_string(),
    }
}

fn store_id(env: &TestEnv) -> String {
    env.policy().store_id
}

fn fingerprint(env: &TestEnv, person: &str) -> String {
    env.run(person, &["key", "show", "--json"]).ok().json()["fingerprint"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The bytes of a decision record by `person` on `req`, with `extra` TOML
/// lines appended.
fn decision(
    env: &TestEnv,
    req: &Req,
    id: &str,
    person: &str,
    verdict: &str,
    extra: &str,
) -> String {
    format!(
        "schema = \"signoff/decision-v1\"\nstore_id = \"{}\"\nid = \"{id}\"\nrequest = \"{}\"\ndeliverable = \"{}\"\ncontent = \"{}\"\ndecision = \"{verdict}\"\nby = \"{person}\"\nkey = \"{}\"\nat = \"{}\"\n{extra}",
        store_id(env),
        req.id,
        req.deliverable,
        req.content,
        fingerprint(env, person),
        // Dated now: a decision may not predate its request (issue 10).
        jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Commits a record and its signature at `path` with git plumbing.
fn plant(env: &TestEnv, path: &str, bytes: Vec<u8>, sig: Vec<u8>) {
    env.tamper(
        &[
            Edit::Put(path.to_string(), bytes),
            Edit::Put(format!("{path}.sig"), sig),
        ],
        false,
    );
}

/// Asserts that `person`'s approval does not count towards `deliverable`.
#[track_caller]
fn not_counted(env: &TestEnv, deliverable: &str, person: &str) {
    let st = env.status_json(deliverable);
    let approvals = st["approvals"].as_array().unwrap();
    assert!(
        !approvals.iter().any(|a| a == person),
        "{person}'s approval counted: {st}"
    );
    assert_ne!(st["state"], "approved", "{st}");
}

/// Plants a decision by bob on `rel/app` that passes every check but the
/// one under test, signed over its exact bytes by `sign`.
fn plant_bobs_approval(env: &TestEnv, sign: impl FnOnce(&[u8]) -> Vec<u8>) -> String {
    let req = request_of(env, "rel/app", None);
    let id = new_id();
    let body = decision(env, &req, &id, "bob", "approve", "");
    let path = format!("{}/decisions/{id}.toml", req.dir);
    let sig = sign(body.as_bytes());
    plant(env, &path, body.into_bytes(), sig);
    path
}

#[test]
fn forged_signature() {
    let (env, _) = TestEnv::app_round();
    env.keygen("mallory");
    // Mallory signs the record, then rewrites the signature so that it
    // claims bob's public key: the SSHSIG names bob, the maths does not.
    let path = plant_bobs_approval(&env, |bytes| {
        let text = std::fs::read_to_string(env.key_path("mallory")).unwrap();
        let mallory = ssh_key::PrivateKey::from_openssh(text).unwrap();
        let real = mallory
            .sign("signoff", ssh_key::HashAlg::Sha512, bytes)
            .unwrap();
        let bob_line = env.policy().person("bob").unwrap().keys[0].clone();
        let bob = ssh_key::PublicKey::from_openssh(&bob_line).unwrap();
        let forged = ssh_key::SshSig::new(
            bob.key_data().clone(),
            "signoff",
            ssh_key::HashAlg::Sha512,
            real.signature().clone(),
        )
        .unwrap();
        forged.to_pem(ssh_key::LineEnding::LF).unwrap().into_bytes()
    });
    let r = verify_fails(&env);
    has_line(
        &r,
        &path,
        "bad signature: signature does not match the signed bytes",
    );
    not_counted(&env, "rel/app", "bob");
}

#[test]
fn wrong_namespace() {
    let (env, _) = TestEnv::app_round();
    // The right key, but a git commit signature, not a signoff one.
    let path = plant_bobs_approval(&env, |b| env.sign_bytes("bob", "git", b));
    let r = verify_fails(&env);
    has_line(
        &r,
        &path,
        "signature namespace is \"git\", expected \"signoff\"",
    );
    not_counted(&env, "rel/app", "bob");
}

#[test]
fn key_not_in_policy() {
    let (env, _) = TestEnv::app_round();
    env.keygen("mallory");
    let mallory = fingerprint(&env, "mallory");
    let path = plant_bobs_approval(&env, |b| env.sign_bytes("mallory", "signoff", b));
    let r = verify_fails(&env);
    has_line(
        &r,
        &path,
        &format!("signed by key {mallory}, which no policy version lists"),
    );
    not_counted(&env, "rel/app", "bob");
}

#[test]
fn revoked_key_claiming_an_email_link() {
    let (env, _) = TestEnv::app_round();
    // bob's key is compromised; the admins replace it with a new one.
    let old_key = env.policy().person("bob").unwrap().keys[0].clone();
    let old_home = env.home("bob").join(".config/signoff/id_ed25519");
    let stolen = env.tmp.path().join("stolen_ed25519");
    std::fs::copy(&old_home, &stolen).unwrap();
    std::fs::remove_file(&old_home).unwrap();
    std::fs::remove_file(old_home.with_extension("pub")).ok();
    let new_key = env.keygen("bob");
    assert_ne!(new_key, old_key);
    env.apply_policy("alice", |p| {
        let bob = p.people.iter_mut().find(|x| x.id == "bob").unwrap();
        bob.keys = vec![new_key.clone()];
    })
    .ok();
    // The thief signs an approval with the old key and says it came
    // through an email link, hoping the key check is skipped for links.
    let req = request_of(&env, "rel/app", None);
    let id = new_id();
    let old_fp = sh(
        env.tmp.path(),
        "ssh-keygen",
        &["-l", "-E", "sha256", "-f", stolen.to_str().unwrap()],
    )
    .split_whitespace()
    .nth(1)
    .unwrap()
    .to_string();
    let body = decision(&env, &req, &id, "bob", "approve", "via = \"link\"\n")
        .replace(&fingerprint(&env, "bob"), &old_fp);
    let sig = env.sign_bytes_with(&stolen, "signoff", body.as_bytes());
    let path = format!("{}/decisions/{id}.toml", req.dir);
    plant(&env, &path, body.into_bytes(), sig);
    // A link decision must be signed by a listed attester's key (the
    // server that checked the link), so the record is refused outright:
    // verify reports it...
    let v = env.run("alice", &["verify"]).code(5);
    assert!(
        format!("{}{}", v.stdout, v.stderr).contains("not an attester"),
        "{v:?}"
    );
    // ...it does not count...
    env.run("cat", &["approve", "rel/app"]).ok();
    not_counted(&env, "rel/app", "bob");
    // ...and the gate stops on the integrity failure.
    env.run("alice", &["gate", "rel/app"]).code(5);
}

/// bob's genuine approval of the current `rel/app` request.
fn bobs_approval(env: &TestEnv) -> String {
    env.run("bob", &["approve", "rel/app"]).ok();
    let d = env.record_paths("/decisions/");
    assert_eq!(d.len(), 1);
    d[0].clone()
}

/// Copies a record and its signature to `to`, bytes unchanged.
fn copy_record(env: &TestEnv, from: &str, to: &str) {
    plant(
        env,
        to,
        env.store_file(from),
        env.store_file(&format!("{from}.sig")),
    );
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap()
}

#[test]
fn record_copied_to_another_deliverable() {
    let (env, _) = TestEnv::app_round();
    env.request("rel/other", "other.txt", "other\n", "bob");
    let bobs = bobs_approval(&env);
    let other = request_of(&env, "rel/other", None);
    let copy = format!("{}/decisions/{}", other.dir, file_name(&bobs));
    copy_record(&env, &bobs, &copy);
    let r = verify_fails(&env);
    has_line(&r, &copy, "copied or moved");
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    not_counted(&env, "rel/other", "bob");
    // The gate fails closed on a bad record of the deliverable it gates.
    let g = env.run("alice", &["gate", "rel/other"]).code(5);
    assert!(g.stderr.contains("copied or moved"), "{}", g.stderr);
}

#[test]
fn record_copied_to_another_request() {
    let (env, _) = TestEnv::app_round();
    let bobs = bobs_approval(&env);
    // A second version of the same deliverable, with the same content (so
    // only the request id tells them apart).
    env.run(
        "alice",
        &[
            "request", "rel/app", "app.txt", "--to", "bob", "-m", "again",
        ],
    )
    .ok();
    let v2 = request_of(&env, "rel/app", None);
    assert!(!bobs.contains(&v2.id));
    let copy = format!("{}/decisions/{}", v2.dir, file_name(&bobs));
    copy_record(&env, &bobs, &copy);
    let r = verify_fails(&env);
    has_line(&r, &copy, "copied or moved");
    not_counted(&env, "rel/app", "bob");
    env.run("alice", &["gate", "rel/app"]).code(5);
}

#[test]
fn record_copied_to_another_store() {
    let (env, _) = TestEnv::app_round();
    let bobs = bobs_approval(&env);
    let req = request_of(&env, "rel/app", None);
    // A second repository whose store has the same people and keys.
    let other = TestEnv::new();
    for who in ["alice", "bob", "cat"] {
        let from = env.home(who).join(".config");
        let to = other.home(who);
        sh(
            env.tmp.path(),
            "cp",
            &["-r", from.to_str().unwrap(), to.to_str().unwrap()],
        );
    }
    other.run("alice", &["init", "--id", "alice"]).ok();
    for who in ["bob", "cat"] {
        let key = env.policy().person(who).unwrap().keys[0].clone();
        other
            .run(
                "alice",
                &[
                    "person",
                    "add",
                    who,
                    "--email",
                    "x@example.com",
                    "--key",
                    &key,
                ],
            )
            .ok();
    }
    // The whole request folder moves: request, snapshot, bob's approval.
    let mut edits = Vec::new();
    for path in env.store_paths() {
        if path.starts_with(&format!("{}/", req.dir)) {
            edits.push(Edit::Put(path.clone(), env.store_file(&path)));
        }
    }
    assert!(edits.len() >= 5, "request, decision, sigs and content");
    other.tamper(&edits, false);
    let r = verify_fails(&other);
    has_line(&r, &format!("{}/request.toml", req.dir), "another store");
    has_line(&r, &bobs, "another store");
    other.write("app.txt", "v1\n");
    let g = other.run("alice", &["gate", "rel/app"]);
    assert_ne!(g.code, 0, "{g:?}");
}

#[test]
fn decision_on_a_superseded_request() {
    let env = TestEnv::with_request("rel/app", "app.txt", "v1\n", "bob");
    env.request("rel/app", "app.txt", "v2\n", "bob");
    // bob cannot approve v1 through signoff...
    env.run("bob", &["approve", "rel/app@v1"]).code(4);
    // ...so his approval of v1 is forged onto the branch, validly signed.
    let v1 = request_of(&env, "rel/app", Some(1));
    let id = new_id();
    let body = decision(&env, &v1, &id, "bob", "approve", "");
    let sig = env.sign_bytes("bob", "signoff", body.as_bytes());
    plant(
        &env,
        &format!("{}/decisions/{id}.toml", v1.dir),
        body.into_bytes(),
        sig,
    );
    // A genuine record: only the state logic can stop it.
    env.run("alice", &["verify"]).ok();
    let show = env
        .run("alice", &["show", "rel/app", "--version", "1", "--json"])
        .ok()
        .json();
    assert_eq!(show["evaluation"]["state"], "superseded", "{show}");
    not_counted(&env, "rel/app", "bob");
    env.run("alice", &["gate", "rel/app"]).code(10);
    // Shipping v1's content does not pass either: the newest request decides.
    env.write("app.txt", "v1\n");
    env.run("alice", &["gate", "rel/app"]).code(12);
}

#[test]
fn decision_on_a_withdrawn_request() {
    let (env, _) = TestEnv::app_round();
    env.run("alice", &["withdraw", "rel/app", "-m", "wrong file"])
        .ok();
    env.run("bob", &["approve", "rel/app"]).code(4);
    let req = request_of(&env, "rel/app", None);
    for who in ["bob", "cat"] {
        let id = new_id();
        let body = decision(&env, &req, &id, who, "approve", "");
        let sig = env.sign_bytes(who, "signoff", body.as_bytes());
        plant(
            &env,
            &format!("{}/decisions/{id}.toml", req.dir),
            body.into_bytes(),
            sig,
        );
    }
    env.run("alice", &["verify"]).ok();
    let st = env.status_json("rel/app");
    assert_eq!(st["state"], "withdrawn", "{st}");
    env.run("alice", &["gate", "rel/app"]).code(11);
}

#[test]
fn replayed_decision_under_a_new_record_id() {
    let (env, _) = TestEnv::app_round();
    let bobs = bobs_approval(&env);
    let dir = bobs.rsplit_once('/').unwrap().0;
    let copy = format!("{dir}/{}.toml", new_id());
    copy_record(&env, &bobs, &copy);
    let r = verify_fails(&env);
    has_line(&r, &copy, "copied or moved");
    // bob still counts once: 1 of the 2 approvals needed.
    let st = env.status_json("rel/app");
    assert_eq!(st["approvals"], serde_json::json!(["bob"]), "{st}");
    assert_eq!(st["state"], "pending", "{st}");
}

#[test]
fn replayed_decision_into_another_request() {
    let (env, _) = TestEnv::app_round();
    let bobs = bobs_approval(&env);
    env.request("rel/app", "app.txt", "v2\n", "bob,cat");
    let v2 = request_of(&env, "rel/app", None);
    // Same bytes, placed under the new request with a fresh id.
    let copy = format!("{}/decisions/{}.toml", v2.dir, new_id());
    copy_record(&env, &bobs, &copy);
    let r = verify_fails(&env);
    has_line(&r, &copy, "copied or moved");
    not_counted(&env, "rel/app", "bob");
    env.run("cat", &["approve", "rel/app"]).ok();
    not_counted(&env, "rel/app", "bob");
    env.run("alice", &["gate", "rel/app"]).code(5);
}

/// Rewrites the remote's store branch: a new commit replaces the tip,
/// built from the tip's tree with `edits` applied (in the clone at `dir`,
/// then force-pushed).
fn force_push_rewrite(env: &TestEnv, dir: &Path, bare: &Path, edits: &[Edit]) {
    let commit = env.tamper_in(dir, edits, true);
    sh(
        dir,
        "git",
        &[
            "push",
            "-q",
            "--force",
            bare.to_str().unwrap(),
            &format!("{commit}:refs/heads/signoff"),
        ],
    );
}

/// Two machines where bob's approval (and then cat's comment) has been
/// synced everywhere; returns the path of bob's approval.
fn synced_approval(env: &TestEnv, bob_repo: &Path) -> String {
    env.run_in(bob_repo, "bob", &["approve", "acme/brief", "-m", "ok"])
        .ok();
    env.run_in(bob_repo, "bob", &["sync"]).ok();
    env.run("alice", &["sync"]).ok();
    env.run("cat", &["comment", "acme/brief", "-m", "noted"])
        .ok();
    env.run("alice", &["sync"]).ok();
    env.run_in(bob_repo, "bob", &["sync"]).ok();
    let path = env.record_paths("/decisions/")[0].clone();
    assert_eq!(
        env.status_json("acme/brief")["approvals"],
        serde_json::json!(["bob"])
    );
    path
}

#[test]
fn history_rewrite_removing_a_record_is_refused_by_sync() {
    let (env, bare, bob_repo) = two_machines();
    let path = synced_approval(&env, &bob_repo);
    force_push_rewrite(
        &env,
        &bob_repo,
        &bare,
        &[
            Edit::Remove(path.clone()),
            Edit::Remove(format!("{path}.sig")),
        ],
    );
    let before = env.tip();
    let r = env.run("alice", &["sync"]).code(5);
    assert!(
        r.stderr
            .contains("error: the remote's store history was rewritten"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint: "), "{}", r.stderr);
    assert_eq!(env.tip(), before);
    assert_eq!(
        env.status_json("acme/brief")["approvals"],
        serde_json::json!(["bob"])
    );
    // The refusal is remembered: a second attempt is refused too.
    env.run("alice", &["sync"]).code(5);
}

#[test]
fn history_rewrite_dropping_a_pushed_record_is_refused_by_sync() {
    let (env, bare, _bob_repo) = two_machines();
    let fetched = env.tip();
    // alice pushes an approval; the remote is then forced back to the tip
    // she last fetched, as if the approval had never been pushed.
    env.run("bob", &["approve", "acme/brief"]).ok();
    let r = env.run("alice", &["sync", "--json"]).ok().json();
    assert_eq!(r["pushed"], true, "{r}");
    let pushed = env.tip();
    sh(
        env.tmp.path(),
        "git",
        &[
            "-C",
            bare.to_str().unwrap(),
            "update-ref",
            "refs/heads/signoff",
            &fetched,
        ],
    );
    let r = env.run("alice", &["sync"]).code(5);
    assert!(
        r.stderr
            .contains("error: the remote's store history was rewritten"),
        "{}",
        r.stderr
    );
    assert_eq!(env.tip(), pushed);
}

#[test]
fn history_rewrite_editing_a_record_is_refused_by_gate_fetch() {
    let (env, bare, bob_repo) = two_machines();
    let path = synced_approval(&env, &bob_repo);
    let text = String::from_utf8(env.store_file(&path)).unwrap();
    let edited = text.replace("comment = \"ok\"", "comment = \"ok, and no invoice\"");
    assert_ne!(edited, text);
    force_push_rewrite(
        &env,
        &bob_repo,
        &bare,
        &[Edit::Put(path, edited.into_bytes())],
    );
    let before = env.tip();
    let r = env
        .run("alice", &["gate", "acme/brief", "--fetch", "origin"])
        .code(5);
    assert!(
        r.stderr
            .contains("error: the remote's store history was rewritten"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint: "), "{}", r.stderr);
    assert_eq!(env.tip(), before);
}

#[test]
fn policy_rollback() {
    let (env, _) = TestEnv::app_round();
    env.run("bob", &["approve", "rel/app"]).ok();
    env.run("cat", &["approve", "rel/app"]).ok();
    env.run("alice", &["gate", "rel/app"]).code(0);
    let before_removal = env.tip();
    env.run("alice", &["person", "remove", "bob"]).ok();
    env.run("alice", &["gate", "rel/app"]).code(10);
    // The branch is put back to a state from before bob's removal.
    env.git(&["update-ref", "refs/heads/signoff", &before_removal]);
    let r = env.run("alice", &["gate", "rel/app"]).code(5);
    assert!(r.stderr.contains("policy rollback"), "{}", r.stderr);
    let v = env.run("alice", &["verify"]).code(5);
    assert!(
        v.stdout
            .contains("policy/: untrusted policy: policy rollback"),
        "{}",
        v.stdout
    );
    env.run("alice", &["status"]).code(5);
    env.run("cat", &["comment", "rel/app", "-m", "hi"]).code(5);
    assert_eq!(env.tip(), before_removal);
}

#[test]
fn threshold_inflation_by_duplicate_keys() {
    let env = TestEnv::with_people();
    let tip = env.tip();
    // One key listed twice for one person, or for two people: refused.
    let r = env.apply_policy("alice", |p| {
        let bob = p.people.iter_mut().find(|x| x.id == "bob").unwrap();
        let k = bob.keys[0].clone();
        bob.keys.push(k);
    });
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("is listed for both bob and bob"),
        "{}",
        r.stderr
    );
    assert_eq!(env.tip(), tip);
    // A person with two genuine keys who approves with each still counts once.
    let second = env.tmp.path().join("bob_second");
    sh(
        env.tmp.path(),
        "ssh-keygen",
        &[
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "bob2",
            "-f",
            second.to_str().unwrap(),
        ],
    );
    let second_line = std::fs::read_to_string(second.with_extension("pub")).unwrap();
    env.apply_policy("alice", |p| {
        let bob = p.people.iter_mut().find(|x| x.id == "bob").unwrap();
        bob.keys.push(second_line.trim().to_string());
    })
    .ok();
    env.write("app.txt", "v1\n");
    env.run(
        "alice",
        &[
            "request", "rel/app", "app.txt", "--to", "bob,cat", "--quorum", "2",
        ],
    )
    .ok();
    env.run("bob", &["approve", "rel/app"]).ok();
    env.run(
        "bob",
        &[
            "approve",
            "rel/app",
            "--signing-key",
            second.to_str().unwrap(),
        ],
    )
    .code(4);
    // Forged past the duplicate check: the second key's approval, no `supersedes`.
    let req = request_of(&env, "rel/app", None);
    let id = new_id();
    let fp2 = sh(
        env.tmp.path(),
        "ssh-keygen",
        &["-l", "-E", "sha256", "-f", second.to_str().unwrap()],
    )
    .split_whitespace()
    .nth(1)
    .unwrap()
    .to_string();
    let body =
        decision(&env, &req, &id, "bob", "approve", "").replace(&fingerprint(&env, "bob"), &fp2);
    let sig_file = env.tmp.path().join("second.toml");
    std::fs::write(&sig_file, &body).unwrap();
    sh(
        env.tmp.path(),
        "ssh-keygen",
        &[
            "-q",
            "-Y",
            "sign",
            "-n",
            "signoff",
            "-f",
            second.to_str().unwrap(),
            "second.toml",
        ],
    );
    plant(
        &env,
        &format!("{}/decisions/{id}.toml", req.dir),
        body.into_bytes(),
        std::fs::read(env.tmp.path().join("second.toml.sig")).unwrap(),
    );
    env.run("alice", &["verify"]).ok();
    let st = env.status_json("rel/app");
    assert_eq!(st["state"], "pending", "{st}");
    assert_eq!(st["approvals"], serde_json::json!(["bob"]), "{st}");
    env.run("alice", &["gate", "rel/app"]).code(10);
}

#[test]
fn threshold_inflation_by_duplicate_people() {
    let env = TestEnv::with_people();
    let tip = env.tip();
    let r = env.apply_policy("alice", |p| {
        p.groups
            .insert("legal".into(), vec!["bob".into(), "bob".into()]);
    });
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("group legal lists bob twice"),
        "{}",
        r.stderr
    );
    assert_eq!(env.tip(), tip);
    // A request that names bob twice among two needed reviewers, signed
    // by its requester but written past `signoff request` (which removes
    // duplicates): bob alone must not make up the quorum.
    env.write("app.txt", "v1\n");
    env.run(
        "alice",
        &[
            "request", "rel/app", "app.txt", "--to", "bob,cat", "--quorum", "2",
        ],
    )
    .ok();
    let genuine = request_of(&env, "rel/app", None);
    let path = format!("{}/request.toml", genuine.dir);
    let text = String::from_utf8(env.store_file(&path)).unwrap();
    let id = new_id();
    let forged = text.replace(&genuine.id, &id).replace(
        "reviewers = [\"bob\", \"cat\"]",
        "reviewers = [\"bob\", \"bob\", \"cat\"]",
    );
    assert!(forged.contains("\"bob\", \"bob\""), "{forged}");
    let dir = format!("{}/{id}", dir_of("rel/app"));
    let sig = env.sign_bytes("alice", "signoff", forged.as_bytes());
    let mut edits = vec![
        Edit::Put(format!("{dir}/request.toml"), forged.into_bytes()),
        Edit::Put(format!("{dir}/request.toml.sig"), sig),
    ];
    edits.push(Edit::Put(
        format!("{dir}/content/app.txt"),
        env.store_file(&format!("{}/content/app.txt", genuine.dir)),
    ));
    env.tamper(&edits, false);
    env.run("alice", &["verify"]).ok();
    env.run("bob", &["approve", "rel/app"]).ok();
    let st = env.status_json("rel/app");
    assert_eq!(st["request"], id.as_str(), "{st}");
    assert_eq!(st["approvals"], serde_json::json!(["bob"]), "{st}");
    assert_eq!(st["state"], "pending", "{st}");
    env.run("alice", &["gate", "rel/app"]).code(10);
}

/// An OpenSSH line for a small-order Ed25519 point (the identity element,
/// which "verifies" forged signatures under lax checks).
fn small_order_key() -> String {
    let mut point = [0u8; 32];
    point[0] = 1;
    let data = ssh_key::public::KeyData::Ed25519(ssh_key::public::Ed25519PublicKey(point));
    ssh_key::PublicKey::from(data).to_openssh().unwrap()
}

#[test]
fn weak_key_added_as_a_person() {
    let env = TestEnv::with_people();
    let tip = env.tip();
    let r = env
        .run(
            "alice",
            &[
                "person",
                "add",
                "eve",
                "--email",
                "e@example.com",
                "--key",
                &small_order_key(),
            ],
        )
        .code(2);
    assert!(
        r.stderr
            .contains("weak Ed25519 public key (small-order point)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint: "), "{}", r.stderr);
    assert_eq!(env.tip(), tip);
}

#[test]
fn weak_key_in_a_policy_file() {
    let (env, _) = TestEnv::app_round();
    // The next policy version, validly chained and signed by the admin,
    // gives bob a small-order key: the chain must not load.
    let mut p = env.policy();
    let prev = env.store_file(&env.policy_file(p.version));
    p.version += 1;
    p.previous = Some(format!(
        "sha256:{}",
        hex::encode(sha2::Sha256::digest(&prev))
    ));
    p.people
        .iter_mut()
        .find(|x| x.id == "bob")
        .unwrap()
        .keys
        .push(small_order_key());
    let bytes = toml::to_string(&p).unwrap().into_bytes();
    let sig = env.sign_bytes("alice", "signoff", &bytes);
    let path = format!("policy/{:06}.toml", p.version);
    env.tamper(
        &[
            Edit::Put(path.clone(), bytes),
            Edit::Put(format!("policy/{:06}.sig.d/alice.sig", p.version), sig),
        ],
        false,
    );
    let r = verify_fails(&env);
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("policy/") && l.contains("weak Ed25519 public key")),
        "{}",
        r.stdout
    );
    env.run("alice", &["gate", "rel/app"]).code(5);
    env.run("alice", &["status"]).code(5);
}

/// Plants a decision by bob with the given bytes, validly signed, and
/// returns verify's output.
fn bobs_signed_bytes(env: &TestEnv, body: Vec<u8>) -> (String, Run) {
    let req = request_of(env, "rel/app", None);
    let path = format!("{}/decisions/{}.toml", req.dir, new_id());
    let sig = env.sign_bytes("bob", "signoff", &body);
    plant(env, &path, body, sig);
    let r = verify_fails(env);
    not_counted(env, "rel/app", "bob");
    (path, r)
}

#[test]
fn oversized_record() {
    let (env, _) = TestEnv::app_round();
    let req = request_of(&env, "rel/app", None);
    let comment = format!("comment = \"{}\"\n", "x".repeat(300 * 1024));
    let body = decision(&env, &req, &new_id(), "bob", "approve", &comment);
    let (path, r) = bobs_signed_bytes(&env, body.into_bytes());
    has_line(&r, &path, "larger than the 262144-byte limit");
}

#[test]
fn deeply_nested_toml() {
    for (open, close) in [("[", "]"), ("{a=", "}")] {
        let (env, _) = TestEnv::app_round();
        let req = request_of(&env, "rel/app", None);
        let depth = 60_000;
        let nested = format!("evil = {}1{}\n", open.repeat(depth), close.repeat(depth));
        let body = decision(&env, &req, &new_id(), "bob", "approve", &nested);
        assert!(body.len() < 256 * 1024);
        let (path, r) = bobs_signed_bytes(&env, body.into_bytes());
        has_line(&r, &path, "not valid TOML");
    }
}

#[test]
fn invalid_utf8_record() {
    let (env, _) = TestEnv::app_round();
    let req = request_of(&env, "rel/app", None);
    let mut body = decision(&env, &req, &new_id(), "bob", "approve", "comment = \"").into_bytes();
    body.extend_from_slice(&[0xff, 0xfe, b'"', b'\n']);
    let (path, r) = bobs_signed_bytes(&env, body);
    has_line(&r, &path, "record is not valid UTF-8");
}

#[test]
fn path_traversal_in_deliverable_names() {
    let (env, _) = TestEnv::app_round();
    let tip = env.tip();
    for name in [
        "../evil",
        "rel/../../evil",
        "/etc/evil",
        "rel/./app",
        "rel\\..\\x",
    ] {
        // Writing or gating under such a name is a usage error; looking it
        // up finds nothing.
        for (args, code) in [
            (vec!["request", name, "app.txt", "--to", "bob"], 2),
            (vec!["gate", name], 2),
            (vec!["status", name], 3),
        ] {
            let r = env.run("alice", &args).code(code);
            assert!(r.stderr.contains("hint: "), "{args:?}: {}", r.stderr);
        }
    }
    assert_eq!(env.tip(), tip);
    // A validly signed request whose name climbs out of `deliverables/`.
    let genuine = request_of(&env, "rel/app", None);
    let text = String::from_utf8(env.store_file(&format!("{}/request.toml", genuine.dir))).unwrap();
    let id = new_id();
    let forged = text.replace(&genuine.id, &id).replace(
        "deliverable = \"rel/app\"",
        "deliverable = \"rel/../../evil\"",
    );
    let sig = env.sign_bytes("alice", "signoff", forged.as_bytes());
    let path = format!("deliverables/evil/{id}/request.toml");
    plant(&env, &path, forged.into_bytes(), sig);
    let r = verify_fails(&env);
    has_line(&r, &path, "deliverable");
    let list = env.run("alice", &["status", "--json"]).ok().stdout;
    assert!(!list.contains("evil"), "{list}");
}

#[test]
fn path_traversal_in_snapshot_paths() {
    let (env, _) = TestEnv::app_round();
    let genuine = request_of(&env, "rel/app", None);
    let show = env.run("alice", &["show", "rel/app", "--json"]).ok().json();
    let entry = &show["request"]["files"][0];
    let blob = entry["blob"].as_str().unwrap();
    let sha = entry["sha256"].as_str().unwrap();
    // The manifest lists a harmless file, then one that climbs out.
    let id = new_id();
    let files = format!(
        "[[files]]\npath = \"app.txt\"\nblob = \"{blob}\"\nsha256 = \"{sha}\"\nsize = 3\n\n[[files]]\npath = \"../../escape.txt\"\nblob = \"{blob}\"\nsha256 = \"{sha}\"\nsize = 3\n"
    );
    let text = String::from_utf8(env.store_file(&format!("{}/request.toml", genuine.dir))).unwrap();
    let head = text.split("[[files]]").next().unwrap();
    let forged = format!("{head}{files}")
        .replace(&genuine.id, &id)
        .replace("deliverable = \"rel/app\"", "deliverable = \"rel/evil\"");
    let dir = format!("{}/{id}", dir_of("rel/evil"));
    let sig = env.sign_bytes("alice", "signoff", forged.as_bytes());
    env.tamper(
        &[
            Edit::Put(format!("{dir}/request.toml"), forged.into_bytes()),
            Edit::Put(format!("{dir}/request.toml.sig"), sig),
            Edit::Put(format!("{dir}/content/app.txt"), b"v1\n".to_vec()),
        ],
        false,
    );
    let r = verify_fails(&env);
    has_line(
        &r,
        &format!("{dir}/content"),
        "invalid file path in deliverable: \"../../escape.txt\"",
    );
    // Extracting writes nothing, inside or outside the target.
    let target = env.tmp.path().join("out").join("deep");
    let r = env.run(
        "alice",
        &["show", "rel/evil", "--extract", target.to_str().unwrap()],
    );
    assert_eq!(r.code, 5, "{r:?}");
    assert!(r.stderr.contains("../../escape.txt"), "{}", r.stderr);
    assert!(!env.tmp.path().join("escape.txt").exists());
    assert!(!env.tmp.path().join("out").join("escape.txt").exists());
    assert!(
        !target.exists() || std::fs::read_dir(&target).unwrap().next().is_none(),
        "files were extracted"
    );
}

#[test]
fn symlinks_in_the_working_tree() {
    let (env, _) = TestEnv::app_round();
    let tip = env.tip();
    std::os::unix::fs::symlink("/etc/passwd", env.repo.join("link.txt")).unwrap();
    std::fs::create_dir_all(env.repo.join("dir")).unwrap();
    env.write("dir/real.txt", "real\n");
    std::os::unix::fs::symlink("../app.txt", env.repo.join("dir/alias.txt")).unwrap();
    for args in [
        vec!["request", "rel/link", "link.txt", "--to", "bob"],
        vec!["request", "rel/dir", "dir", "--to", "bob"],
        vec!["request", "rel/file", "--file", "link.txt", "--to", "bob"],
    ] {
        let r = env.run("alice", &args);
        assert_ne!(r.code, 0, "{args:?}: {r:?}");
        assert!(r.stderr.contains("symbolic link"), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("hint: "), "{args:?}: {}", r.stderr);
    }
    assert_eq!(env.tip(), tip);
}

#[test]
fn symlinks_committed_at_a_revision() {
    let (env, _) = TestEnv::app_round();
    std::os::unix::fs::symlink("/etc/passwd", env.repo.join("link.txt")).unwrap();
    env.git(&["add", "app.txt", "link.txt"]);
    env.git(&["commit", "-q", "-m", "with a symlink"]);
    let tip = env.tip();
    for args in [
        vec![
            "request", "rel/link", "link.txt", "--rev", "HEAD", "--to", "bob",
        ],
        vec!["request", "rel/all", ".", "--rev", "HEAD", "--to", "bob"],
    ] {
        let r = env.run("alice", &args);
        assert_ne!(r.code, 0, "{args:?}: {r:?}");
        assert!(r.stderr.contains("symbolic link"), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("hint: "), "{args:?}: {}", r.stderr);
    }
    assert_eq!(env.tip(), tip);
}

/// Runs `signoff ARGS` as alice and returns its peak resident set size in
/// KiB: from GNU time when installed, else by polling `VmHWM` while it runs.
fn peak_rss_kib(env: &TestEnv, args: &[&str]) -> u64 {
    if Path::new("/usr/bin/time").exists() {
        let c = env.cmd("alice");
        let mut timed = crate::common::base_command("/usr/bin/time", &env.repo);
        timed.envs(c.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))));
        timed
            .arg("-f")
            .arg("peak=%M")
            .arg(c.get_program())
            .args(args);
        let out = timed.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {err}");
        return err
            .lines()
            .find_map(|l| l.strip_prefix("peak="))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
    }
    let mut child = env.cmd("alice").args(args).spawn().unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    while child.try_wait().unwrap().is_none() {
        if let Ok(s) = std::fs::read_to_string(&status) {
            if let Some(kb) = s.lines().find_map(|l| l.strip_prefix("VmHWM:")) {
                peak = kb
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse()
                    .unwrap_or(peak);
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(peak > 0, "{args:?} ended before it could be measured");
    peak
}

#[test]
fn huge_files_are_streamed() {
    const SIZE: u64 = 512 * 1024 * 1024;
    let env = TestEnv::with_people();
    let big = env.tmp.path().join("huge.bin");
    // Sparse: costs no disk, reads as zeros.
    std::fs::File::create(&big).unwrap().set_len(SIZE).unwrap();
    let big = big.to_str().unwrap();
    let out = env.tmp.path().join("out");
    let out = out.to_str().unwrap().to_string();
    for args in [
        vec!["request", "rel/huge", "--file", big, "--to", "bob"],
        // verify re-hashes every snapshot blob against the manifest.
        vec!["verify"],
        vec!["show", "rel/huge", "--extract", &out],
    ] {
        let peak = peak_rss_kib(&env, &args);
        eprintln!(
            "signoff {}: peak RSS {peak} KiB for a {SIZE}-byte file",
            args[0]
        );
        // Far below the file size: a tenth of it leaves room for the binary,
        // libgit2 and buffers, and fails if the file is read into memory.
        assert!(
            peak * 1024 < SIZE / 10,
            "{args:?}: peak memory {peak} KiB for a {SIZE}-byte file"
        );
    }
    let show = env
        .run("alice", &["show", "rel/huge", "--json"])
        .ok()
        .json();
    assert_eq!(show["request"]["files"][0]["size"], SIZE);
    assert_eq!(
        show["request"]["files"][0]["sha256"],
        // sha256 of 512 MiB of zero bytes.
        "9acca8e8c22201155389f65abbf6bc9723edc7384ead80503839f49dcc56d767"
    );
    let extracted = std::fs::metadata(env.tmp.path().join("out/huge.bin")).unwrap();
    assert_eq!(extracted.len(), SIZE);
}

#[test]
fn link_comment_rewritten_or_claimed_by_a_key() {
    use crate::serve::{Server, csrf_of, http, link, path_of, portal};
    let env = portal();
    env.request("acme/a", "a.txt", "draft", "bob,cat");
    let server = Server::start(&env);
    let path = path_of(&link(&env, "acme/a", "bob", &[]));
    let page = http(&server.addr, "GET", &path, None);
    let r = http(
        &server.addr,
        "POST",
        &path,
        Some(&format!(
            "decision=comment&comment=Hello&csrf={}",
            csrf_of(&page.body)
        )),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    drop(server);
    env.run("alice", &["verify"]).ok();
    let real = env.record_paths("/comments/")[0].clone();
    let bytes = String::from_utf8(env.store_file(&real)).unwrap();
    let old_id = file_name(&real).trim_end_matches(".toml").to_string();
    let attest_key = env.repo.join(".git/signoff/attest_ed25519");
    let forge = |key: &Path, edit: &dyn Fn(&str) -> String| -> String {
        let id = new_id();
        let body = edit(&bytes).replace(&old_id, &id);
        let path = real.replace(&old_id, &id);
        let sig = env.sign_bytes_with(key, "signoff", body.as_bytes());
        plant(&env, &path, body.into_bytes(), sig);
        path
    };
    // The attestation key puts bob's link under cat's name…
    let as_cat = forge(&attest_key, &|b| b.replace("by = \"bob\"", "by = \"cat\""));
    // …or marks a client's comment internal…
    let internal = forge(&attest_key, &|b| {
        b.replace(
            "comment = \"Hello\"\n",
            "comment = \"Hello\"\ninternal = true\n",
        )
    });
    // …and bob's own key claims to be the page.
    let bobs_fp = fingerprint(&env, "bob");
    let by_key = forge(&env.key_path("bob"), &|b| {
        let key_line = b.lines().find(|l| l.starts_with("key = ")).unwrap();
        b.replace(key_line, &format!("key = \"{bobs_fp}\""))
    });
    let r = verify_fails(&env);
    has_line(&r, &as_cat, "embedded token names another reviewer");
    has_line(
        &r,
        &internal,
        "embedded token cannot mark a comment internal",
    );
    has_line(&r, &by_key, "who is not an attester");
    assert_eq!(r.stdout.lines().count(), 3, "{}", r.stdout);
}

/// A teammate with a key of their own plants a `notified` record (the
/// server's note that it mailed the client), signed by stock `ssh-keygen`
/// with their real key, to keep the server from mailing the client their
/// link. Only an attester's key signs one: it is refused, and the client
/// is still owed their mail.
#[test]
fn teammate_forges_a_notified_record_to_silence_a_clients_mail() {
    let env = TestEnv::with_people();
    env.run("alice", &["serve", "init"]).ok();
    env.run(
        "alice",
        &["person", "add", "client", "--email", "client@example.com"],
    )
    .ok();
    env.request("acme/brief", "brief.md", "the brief", "client");
    let req = request_of(&env, "acme/brief", None);
    let id = new_id();
    let body = format!(
        "schema = \"signoff/notified-v1\"\nstore_id = \"{}\"\nid = \"{id}\"\nrequest = \"{}\"\ndeliverable = \"{}\"\nby = \"bob\"\nkey = \"{}\"\nat = \"{}\"\nevent = \"request\"\nstage = \"default\"\n\n[[mail]]\nperson = \"client\"\nmessage_id = \"<forged@example.com>\"\n",
        store_id(&env),
        req.id,
        req.deliverable,
        fingerprint(&env, "bob"),
        jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ"),
    );
    let path = format!("{}/notified/{id}.toml", req.dir);
    let sig = env.sign_bytes("bob", "signoff", body.as_bytes());
    plant(&env, &path, body.into_bytes(), sig);
    let r = verify_fails(&env);
    has_line(&r, &path, "not a link attester");
}
