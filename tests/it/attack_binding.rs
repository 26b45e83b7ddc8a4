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
