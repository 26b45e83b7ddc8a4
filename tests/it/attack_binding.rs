//! Attacks on what a decision is bound to (docs/SECURITY.md, "Bindings"):
//! a diff forged to share the approved diff's `git patch-id`, a store still
//! holding patch-id bindings from before, two admins who change the policy
//! offline, and a decision link that outlives the address it was sent to.

use crate::common::{TestEnv, dir_of, sh, sh_with};

/// The collision `tests/data/patchid-collision/make.py` found once (the test
/// never searches): a base `app/auth.py`, the comment-only change a lead
/// approved, and the change to `return True` plus 1,024 filler files whose
/// numbers make the two diffs' patch ids equal.
struct Collision {
    patch_id: String,
    auth_path: String,
    base: String,
    approved: String,
    evil: String,
    fillers: Vec<u64>,
}

fn collision() -> Collision {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/patchid-collision/collision.json"
    );
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let s = |k: &str| j[k].as_str().unwrap().to_string();
    Collision {
        patch_id: s("patch_id"),
        auth_path: s("auth_path"),
        base: s("base"),
        approved: s("approved"),
        evil: s("evil"),
        fillers: j["fillers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect(),
    }
}

/// `git patch-id --verbatim` of `git diff A B` (what signoff bound ranges
/// to before), with stock git.
fn patch_id(env: &TestEnv, a: &str, b: &str) -> String {
    let diff = sh(
        &env.repo,
        "git",
        &["diff", "--no-color", "--binary", "--full-index", a, b],
    );
    let out = sh_with(
        &env.repo,
        "git",
        &[],
        diff.as_bytes(),
        &["patch-id", "--verbatim"],
    );
    out.split_whitespace().next().unwrap().to_string()
}

fn commit_all(env: &TestEnv, message: &str) {
    env.git(&["add", "-A"]);
    env.git(&["commit", "-q", "-m", message]);
}

/// A lead approves a comment-only pull request; the branch is then pushed
/// to a diff that makes the admin check `return True` and adds 1,024 filler
/// files chosen so that `git patch-id` cannot tell the two diffs apart. The
/// gate must call it stale and name the changed files.
#[test]
fn forged_patch_id_collision_is_stale_and_names_the_files() {
    let c = collision();
    let env = TestEnv::with_people();
    env.write(&c.auth_path, &c.base);
    commit_all(&env, "base");
    env.git(&["checkout", "-q", "-b", "feature"]);
    env.write(&c.auth_path, &c.approved);
    commit_all(&env, "Clarify the admin check's comment");
    env.git(&["checkout", "-q", "main"]);
    let req = env
        .run(
            "alice",
            &[
                "request",
                "pr/9",
                "--range",
                "main..feature",
                "--to",
                "bob",
                "--json",
            ],
        )
        .ok()
        .json();
    env.run("bob", &["approve", "pr/9"]).ok();
    env.run("alice", &["gate", "pr/9"]).code(0);
    let approved_id = patch_id(&env, "main", "feature");
    assert_eq!(
        approved_id, c.patch_id,
        "the approved diff is the one searched against"
    );

    // The attacker (push access to the code branch, nothing else) moves the
    // pull request's branch to the forged diff with plain git.
    env.git(&["checkout", "-q", "-b", "forged", "main"]);
    env.write(&c.auth_path, &c.evil);
    for (i, n) in c.fillers.iter().enumerate() {
        env.write(&format!("filler/{i:04}.txt"), &format!("{n}\n"));
    }
    commit_all(&env, "Add fixtures");
    env.git(&["checkout", "-q", "main"]);
    env.git(&["branch", "-f", "feature", "forged"]);
    // The collision is real: stock git gives both diffs one patch id.
    assert_eq!(patch_id(&env, "main", "feature"), approved_id);
    assert!(
        env.git(&["diff", "main", "feature"])
            .contains("+    return True")
    );

    let r = env.run("alice", &["gate", "pr/9"]).code(12);
    assert!(r.stdout.contains("stale"), "{}", r.stdout);
    assert!(r.stdout.contains("modified app/auth.py"), "{}", r.stdout);
    assert!(r.stdout.contains("added filler/0000.txt"), "{}", r.stdout);
    assert!(r.stdout.contains("git patch id did not"), "{}", r.stdout);
    let j = env
        .run("alice", &["gate", "pr/9", "--json"])
        .code(12)
        .json();
    assert_eq!(j["outcome"], "stale");
    assert_eq!(j["content"]["matches"], false);
    assert_eq!(j["content"]["patch_id_collides"], true);
    assert_eq!(j["content"]["requested"], req["content"]);
    let changes = j["content"]["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1 + c.fillers.len());
    assert!(
        changes
            .iter()
            .any(|f| f["path"] == "app/auth.py" && f["change"] == "modified"),
        "{changes:?}"
    );
    // The same with --range, as a CI job names the pull request's range.
    env.run("alice", &["gate", "pr/9", "--range", "main..forged"])
        .code(12);
    assert_eq!(env.status_json("pr/9")["stale"], true);
}

/// A range request written before the binding changed (`content =
/// "patch-id:…"`, signed by its requester, approved) never passes a gate
/// again, even on the very diff it was approved for: it is stale, and the
/// gate says to request the range again. Requested again, it binds anew.
#[test]
fn a_patch_id_binding_from_before_is_stale_until_requested_again() {
    let env = TestEnv::with_people();
    env.write("src/lib.rs", "fn a() {}\n");
    commit_all(&env, "base");
    env.git(&["checkout", "-q", "-b", "feature"]);
    env.write("src/lib.rs", "fn a() { 1 }\n");
    commit_all(&env, "change a");
    env.git(&["checkout", "-q", "main"]);
    let old = patch_id(&env, "main", "feature");
    // The request as the previous version wrote it: a new request folder
    // whose record says `content = "patch-id:…"`, signed with stock
    // ssh-keygen by alice, next to the diff it stored.
    let fresh = env
        .run(
            "alice",
            &[
                "request",
                "pr/3",
                "--range",
                "main..feature",
                "--to",
                "bob",
                "--json",
            ],
        )
        .ok()
        .json();
    let fresh_id = fresh["request"].as_str().unwrap().to_string();
    let legacy_id = uuid::Uuid::now_v7().to_string();
    let dir = dir_of("pr/3");
    env.forge("request pr/3 as an older signoff wrote it", |root| {
        let from = root.join(&dir).join(&fresh_id);
        let to = root.join(&dir).join(&legacy_id);
        std::fs::create_dir_all(to.join("content")).unwrap();
        std::fs::copy(
            from.join("content/changes.diff"),
            to.join("content/changes.diff"),
        )
        .unwrap();
        let text = std::fs::read_to_string(from.join("request.toml")).unwrap();
        let text: String = text
            .lines()
            .filter(|l| !l.starts_with("patch_id = "))
            .map(|l| {
                if l.starts_with("content = ") {
                    format!("content = \"patch-id:{old}\"\n")
                } else if l.starts_with("supersedes = ") {
                    String::new()
                } else {
                    format!("{l}\n")
                }
            })
            .collect::<String>()
            .replace(&fresh_id, &legacy_id);
        let at = text.find("\nat = ").unwrap() + 1;
        let at = at + text[at..].find('\n').unwrap() + 1;
        let text = format!(
            "{}supersedes = \"{fresh_id}\"\n{}",
            &text[..at],
            &text[at..]
        );
        std::fs::write(to.join("request.toml"), text).unwrap();
        env.ssh_sign("alice", &to.join("request.toml"));
    });
    env.run("alice", &["verify"]).ok();
    let st = env.status_json("pr/3");
    assert_eq!(st["request"], legacy_id.as_str());
    env.forge_decision("bob", &st, "approve", "");
    assert_eq!(env.status_json("pr/3")["state"], "approved");

    // Same diff, approved, and still no pass: the binding is a patch id.
    let r = env.run("alice", &["gate", "pr/3"]).code(12);
    assert!(r.stdout.contains("bound to a git patch id"), "{}", r.stdout);
    assert!(
        r.stdout.contains("request this range again"),
        "{}",
        r.stdout
    );
    let j = env
        .run("alice", &["gate", "pr/3", "--json"])
        .code(12)
        .json();
    assert_eq!(j["content"]["legacy_binding"], true);
    assert_eq!(j["content"]["matches"], false);

    // Requested again, the range binds to its diff and can pass.
    env.run(
        "alice",
        &["request", "pr/3", "--range", "main..feature", "--to", "bob"],
    )
    .ok();
    env.run("bob", &["approve", "pr/3"]).ok();
    env.run("alice", &["gate", "pr/3"]).code(0);
}

/// Two admins change the policy offline (alice removes cat, whose key
/// leaked; bob adds a group), each on their own clone, then both sync
/// through one bare remote. Neither sync may wedge: both versions reach
/// the remote and every clone, the store stays usable, and the two meet as
/// competing versions that an admin settles by signing one.
#[test]
fn two_admins_who_change_the_policy_offline_meet_as_competing_versions() {
    let (env, _bare, bob_repo) = crate::common::two_machines();
    env.run("alice", &["group", "add", "admins", "bob"]).ok();
    env.run("alice", &["sync"]).ok();
    env.run_in(&bob_repo, "bob", &["sync"]).ok();
    let next = env.policy().version + 1;
    // Offline, each writes policy version `next`.
    env.run("alice", &["person", "remove", "cat"]).ok();
    env.run_in(&bob_repo, "bob", &["group", "add", "legal", "bob"])
        .ok();
    env.run("alice", &["sync"]).ok();
    let r = env.run_in(&bob_repo, "bob", &["sync"]);
    assert_eq!(r.code, 0, "bob's sync wedged: {}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains(&format!("policy version {next} was changed apart"))
            && r.stderr.contains("signoff policy sign"),
        "sync says what met and what to run: {}",
        r.stderr
    );
    env.run("alice", &["sync"]).ok();
    // Both versions are on every clone and the remote; the store is usable.
    for dir in [&env.repo, &bob_repo] {
        let v = env.run_in(dir, "alice", &["verify"]);
        assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
        let files = sh(
            dir,
            "git",
            &["ls-tree", "-r", "--name-only", "signoff", "policy/"],
        );
        assert_eq!(
            files
                .lines()
                .filter(|l| l.starts_with(&format!("policy/{next:06}-")) && l.ends_with(".toml"))
                .count(),
            2,
            "{files}"
        );
    }
    let show = env.run("alice", &["policy", "show", "--json"]).ok().json();
    let competing = show["competing"]
        .as_array()
        .expect("competing versions listed");
    assert_eq!(competing.len(), 1, "{show}");
    let other = competing[0]["id"].as_str().unwrap().to_string();
    env.run("alice", &["status"]).ok();
    // An admin settles it by signing the other one, which then is in effect
    // on every clone.
    let has_cat = |dir: &std::path::Path| {
        let p = env
            .run_in(dir, "alice", &["policy", "show", "--json"])
            .ok()
            .json();
        p["policy"]["people"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == "cat")
    };
    let cat_before = has_cat(&env.repo);
    assert_eq!(
        has_cat(&bob_repo),
        cat_before,
        "one version in effect everywhere"
    );
    // The other version is alice's when cat is still in, else bob's: the
    // admin who has not signed it signs it.
    if cat_before {
        env.run_in(&bob_repo, "bob", &["policy", "sign", &other, "--yes"])
            .ok();
        env.run_in(&bob_repo, "bob", &["sync"]).ok();
        env.run("alice", &["sync"]).ok();
    } else {
        env.run("alice", &["policy", "sign", &other, "--yes"]).ok();
        env.run("alice", &["sync"]).ok();
        env.run_in(&bob_repo, "bob", &["sync"]).ok();
    }
    assert_eq!(has_cat(&env.repo), !cat_before);
    assert_eq!(has_cat(&bob_repo), !cat_before);
    // Whichever was kept, the revocation can land on top of it.
    if !cat_before {
        env.run("alice", &["person", "remove", "cat"]).ok();
        env.run("alice", &["sync"]).ok();
        env.run_in(&bob_repo, "bob", &["sync"]).ok();
    }
    assert!(!has_cat(&env.repo));
    assert!(!has_cat(&bob_repo));
    env.run("alice", &["verify"]).ok();
    env.run_in(&bob_repo, "bob", &["verify"]).ok();
}

/// A client's decision link was mailed to their old address; the policy
/// then gives them a new one (the old mailbox was handed over, or taken).
/// Whoever reads the old mailbox can no longer decide: the page refuses the
/// link before and on POST, and nothing is recorded. A link sent to the new
/// address decides, and the consent it records names that address.
#[test]
fn a_decision_link_dies_with_the_address_it_was_sent_to() {
    use crate::serve::{Server, csrf_of, http, link, path_of, portal};
    let env = portal();
    env.run(
        "alice",
        &[
            "person",
            "add",
            "client",
            "--email",
            "old@client.example",
            "--name",
            "The Client",
        ],
    )
    .ok();
    env.write("logo.svg", "<svg/>");
    env.run(
        "alice",
        &["request", "acme/logo", "logo.svg", "--to", "client"],
    )
    .ok();
    let server = Server::start(&env);
    let old = path_of(&link(&env, "acme/logo", "client", &[]));
    let page = http(&server.addr, "GET", &old, None);
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = csrf_of(&page.body);
    env.apply_policy("alice", |p| {
        let c = p.people.iter_mut().find(|x| x.id == "client").unwrap();
        c.email = "new@client.example".into();
    })
    .ok();
    let tip = env.tip();
    let again = http(&server.addr, "GET", &old, None);
    assert_eq!(again.status, 403, "{}", again.body);
    assert!(again.body.contains("no longer valid"), "{}", again.body);
    let r = http(
        &server.addr,
        "POST",
        &old,
        Some(&format!("decision=approve&csrf={csrf}")),
    );
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(env.tip(), tip, "nothing was recorded");
    assert_eq!(env.status_json("acme/logo")["state"], "pending");

    // The link mailed to the new address decides, and its consent names it.
    let new = path_of(&link(&env, "acme/logo", "client", &[]));
    let page = http(&server.addr, "GET", &new, None);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("new@client.example"), "{}", page.body);
    let r = http(
        &server.addr,
        "POST",
        &new,
        Some(&format!("decision=approve&csrf={}", csrf_of(&page.body))),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(env.status_json("acme/logo")["state"], "approved");
    let rec = env
        .record_paths("/decisions/")
        .into_iter()
        .map(|p| String::from_utf8(env.store_file(&p)).unwrap())
        .collect::<String>();
    assert!(rec.contains("new@client.example"), "{rec}");
    assert!(!rec.contains("old@client.example"), "{rec}");
    env.run("alice", &["verify"]).ok();
}
