//! The hermetic test environment: a temporary git repository, one HOME per
//! person (each with its own generated key), a cleared environment, a pinned
//! clock, and helpers to run the real `signoff` binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary world with a repository and people in it.
pub struct TestEnv {
    pub tmp: tempfile::TempDir,
    pub repo: PathBuf,
    /// Environment variables added to every run.
    pub extra_env: Vec<(String, String)>,
}

/// The outcome of one run.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Run {
    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
    #[track_caller]
    pub fn code(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

/// The binary under test; `SIGNOFF_TEST_BIN` names another build (an older
/// commit's, to see a new test fail before its fix).
pub fn bin() -> PathBuf {
    std::env::var_os("SIGNOFF_TEST_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_signoff")),
        PathBuf::from,
    )
}

/// A test that cannot run on this machine (it needs root, a tmpfs, a
/// program): it skips with the reason on a developer's machine, and fails
/// under `CI=1`, where `.ci/run` provides what every test needs.
pub fn cannot_run(why: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "this test cannot run here, and CI must run it: {why}"
    );
    eprintln!("skipped: {why}");
}

/// Runs `cmd` to its end and returns its exit status and the peak memory
/// (`VmHWM`, in KiB) of that process alone, sampled from /proc while it
/// runs (the high-water mark only grows, so the last sample is the peak up
/// to a few milliseconds before exit).
pub fn peak_memory(cmd: &mut Command) -> (std::process::ExitStatus, u64) {
    let mut child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            if let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak = peak.max(kib);
            }
        }
        if let Some(status) = child.try_wait().expect("wait") {
            return (status, peak);
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

/// Runs a plain command in `dir` with a cleared environment; panics on failure.
pub fn sh(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = base_command(program, dir)
        .args(args)
        .output()
        .expect("spawn");
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs a plain command in `dir` with extra environment variables and bytes
/// on stdin; panics on failure.
pub fn sh_with(
    dir: &Path,
    program: &str,
    env: &[(&str, &str)],
    stdin: &[u8],
    args: &[&str],
) -> String {
    use std::io::Write as _;
    let mut c = base_command(program, dir);
    c.args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        c.env(k, v);
    }
    let mut child = c.spawn().expect("spawn");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(stdin)
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A change to make to the store branch with git plumbing (never through
/// signoff's library), for tampering tests.
pub enum Edit {
    /// Write these bytes at this path (adding or replacing).
    Put(String, Vec<u8>),
    /// Remove this path.
    Remove(String),
}

pub(crate) fn base_command(program: &str, dir: &Path) -> Command {
    let mut c = Command::new(program);
    c.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("LANG", "C")
        .env("TZ", "UTC");
    c
}

impl TestEnv {
    /// A fresh repository (no commits) with `alice` as the git user.
    pub fn new() -> TestEnv {
        let tmp = tempfile::tempdir().expect("tempdir");
        let repo = tmp.path().join("repo");
        std::fs::create_dir_all(&repo).unwrap();
        sh(&repo, "git", &["init", "-q", "-b", "main"]);
        sh(&repo, "git", &["config", "user.name", "Alice Example"]);
        sh(&repo, "git", &["config", "user.email", "alice@example.com"]);
        TestEnv {
            tmp,
            repo,
            extra_env: Vec::new(),
        }
    }

    /// The HOME directory of a person (created on first use).
    pub fn home(&self, person: &str) -> PathBuf {
        let h = self.tmp.path().join("homes").join(person);
        std::fs::create_dir_all(&h).unwrap();
        h
    }

    /// A `signoff` command run as `person` in the repository.
    pub fn cmd(&self, person: &str) -> Command {
        let mut c = base_command(bin().to_str().unwrap(), &self.repo);
        c.env("HOME", self.home(person))
            .env("XDG_CONFIG_HOME", self.home(person).join(".config"))
            .env("SIGNOFF_NO_TOFU_WARNING", "1")
            .env("COLUMNS", "120");
        for (k, v) in &self.extra_env {
            c.env(k, v);
        }
        c
    }

    /// Runs `signoff ARGS` as `person`.
    pub fn run(&self, person: &str, args: &[&str]) -> Run {
        self.run_env(person, &[], args)
    }

    /// Runs `signoff ARGS` as `person` with extra environment variables.
    pub fn run_env(&self, person: &str, env: &[(&str, &str)], args: &[&str]) -> Run {
        let mut c = self.cmd(person);
        for (k, v) in env {
            c.env(k, v);
        }
        let out: Output = c.args(args).output().expect("spawn signoff");
        Run::from(out)
    }

    /// Generates `person`'s key and returns the public key line.
    pub fn keygen(&self, person: &str) -> String {
        self.run(person, &["key", "generate", "--comment", person])
            .ok()
            .stdout
            .trim()
            .to_string()
    }

    /// `alice` generates a key and initialises the store.
    pub fn init(&self) {
        self.keygen("alice");
        self.run("alice", &["init", "--id", "alice"]).ok();
    }

    /// Generates a key for `id` and has alice add them to the policy.
    pub fn add_person(&self, id: &str) {
        let key = self.keygen(id);
        self.run(
            "alice",
            &[
                "person",
                "add",
                id,
                "--email",
                &format!("{id}@example.com"),
                "--key",
                &key,
            ],
        )
        .ok();
    }

    /// Writes a file in the repository's working tree.
    pub fn write(&self, rel: &str, body: &str) {
        let p = self.repo.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    }

    /// Runs git in the repository.
    pub fn git(&self, args: &[&str]) -> String {
        sh(&self.repo, "git", args)
    }

    /// The tip of the store branch.
    pub fn tip(&self) -> String {
        self.git(&["rev-parse", "signoff"]).trim().to_string()
    }

    /// Whether the store branch exists.
    pub fn has_store(&self) -> bool {
        base_command("git", &self.repo)
            .args(["rev-parse", "--verify", "--quiet", "refs/heads/signoff"])
            .output()
            .expect("spawn git")
            .status
            .success()
    }

    /// Bytes of a file on the store branch (`git show signoff:PATH`).
    pub fn store_file(&self, path: &str) -> Vec<u8> {
        let out = base_command("git", &self.repo)
            .args(["show", &format!("signoff:{path}")])
            .output()
            .expect("spawn git");
        assert!(out.status.success(), "git show signoff:{path} failed");
        out.stdout
    }

    /// Every file path on the store branch.
    pub fn store_paths(&self) -> Vec<String> {
        self.git(&["ls-tree", "-r", "--name-only", "signoff"])
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Store paths that are records of one kind (`request.toml`,
    /// `/decisions/`, `/comments/`), sorted.
    pub fn record_paths(&self, part: &str) -> Vec<String> {
        self.store_paths()
            .into_iter()
            .filter(|p| {
                p.starts_with("deliverables/")
                    && Path::new(p).extension().is_some_and(|e| e == "toml")
                    && p.contains(part)
            })
            .collect()
    }

    /// Commits `edits` on top of the store branch with git plumbing and a
    /// temporary index (the repository's own index is never touched), then
    /// moves the branch. With `amend`, the new commit replaces the tip
    /// (history rewritten) instead of following it. Returns the new commit.
    pub fn tamper(&self, edits: &[Edit], amend: bool) -> String {
        self.tamper_in(&self.repo, edits, amend)
    }

    /// [`TestEnv::tamper`] on the store branch of another repository (a
    /// clone, or a bare remote).
    pub fn tamper_in(&self, repo: &Path, edits: &[Edit], amend: bool) -> String {
        let index = self.tmp.path().join("tamper-index");
        let _ = std::fs::remove_file(&index);
        let index = index.to_str().expect("utf-8 temp path").to_string();
        let env = [
            ("GIT_INDEX_FILE", index.as_str()),
            ("GIT_AUTHOR_NAME", "Mallory"),
            ("GIT_AUTHOR_EMAIL", "mallory@example.com"),
            ("GIT_COMMITTER_NAME", "Mallory"),
            ("GIT_COMMITTER_EMAIL", "mallory@example.com"),
        ];
        let git = |args: &[&str], stdin: &[u8]| sh_with(repo, "git", &env, stdin, args);
        git(&["read-tree", "signoff"], b"");
        for edit in edits {
            match edit {
                Edit::Put(path, bytes) => {
                    let blob = git(&["hash-object", "-w", "--stdin"], bytes);
                    let info = format!("100644,{},{path}", blob.trim());
                    git(&["update-index", "--add", "--cacheinfo", &info], b"");
                }
                Edit::Remove(path) => {
                    git(&["update-index", "--force-remove", path], b"");
                }
            }
        }
        let tree = git(&["write-tree"], b"");
        let parent = if amend { "signoff^" } else { "signoff" };
        let mut args = vec!["commit-tree", tree.trim(), "-m", "tampered"];
        let parent_id = sh(repo, "git", &["rev-parse", "--verify", "--quiet", parent]);
        if !parent_id.trim().is_empty() {
            args.extend(["-p", parent_id.trim()]);
        }
        let commit = git(&args, b"").trim().to_string();
        sh(repo, "git", &["update-ref", "refs/heads/signoff", &commit]);
        commit
    }
}

// ---- Fixtures: the setups many tests share (each a `TestEnv` constructor
// whose doc says what the store holds), then the steps they are made of ----

impl TestEnv {
    /// Fixture: a store with alice (admin), bob and cat, each with a key.
    /// [`TestEnv::with_people`] with the clock pinned at `now` from the
    /// first command on (a clock pinned after the store exists would run
    /// backwards, which the store refuses).
    pub fn with_people_at(now: &str) -> TestEnv {
        let mut env = TestEnv::new();
        env.extra_env.push(("SIGNOFF_NOW".into(), now.into()));
        env.init();
        env.add_person("bob");
        env.add_person("cat");
        env
    }

    pub fn with_people() -> TestEnv {
        let env = TestEnv::new();
        env.init();
        env.add_person("bob");
        env.add_person("cat");
        env
    }

    /// Fixture: alice (admin), bob and cat; `acme/logo` v1 pending on bob
    /// and cat ([`TestEnv::request_logo`]).
    pub fn logo_round() -> TestEnv {
        let env = TestEnv::with_people();
        env.request_logo();
        env
    }

    /// Fixture: alice (admin), bob and cat; `rel/app` v1 pending on bob and
    /// cat ([`TestEnv::request_app`]). Returns the request's `status --json`
    /// too.
    pub fn app_round() -> (TestEnv, serde_json::Value) {
        let env = TestEnv::with_people();
        let st = env.request_app();
        (env, st)
    }

    /// Fixture: [`TestEnv::app_round`] approved by bob and cat; the gate
    /// passes (checked).
    pub fn approved_app_round() -> TestEnv {
        let (env, _) = TestEnv::app_round();
        env.approve_by(&["bob", "cat"], "rel/app");
        env.run("alice", &["gate", "rel/app"]).code(0);
        env
    }

    /// Fixture: [`TestEnv::with_people`] plus one request
    /// ([`TestEnv::request`]), for tests whose round differs from the ones
    /// above.
    pub fn with_request(deliverable: &str, file: &str, body: &str, to: &str) -> TestEnv {
        let env = TestEnv::with_people();
        env.request(deliverable, file, body, to);
        env
    }

    /// Writes `file` with `body` in the working tree and has alice request
    /// `deliverable` on it from `to` (ids joined by commas).
    pub fn request(&self, deliverable: &str, file: &str, body: &str, to: &str) {
        self.write(file, body);
        self.run("alice", &["request", deliverable, file, "--to", to])
            .ok();
    }

    /// `logo.svg` (`<svg>v1</svg>`) requested as `acme/logo` v1 from bob
    /// and cat.
    pub fn request_logo(&self) {
        self.request("acme/logo", "logo.svg", "<svg>v1</svg>", "bob,cat");
    }

    /// `app.txt` (`v1\n`) requested as `rel/app` v1 from bob and cat;
    /// returns the request's `status --json`.
    pub fn request_app(&self) -> serde_json::Value {
        self.request("rel/app", "app.txt", "v1\n", "bob,cat");
        self.status_json("rel/app")
    }

    /// Writes `file` with `body` and commits it on `main`.
    pub fn commit_file(&self, file: &str, body: &str) {
        self.write(file, body);
        self.git(&["add", file]);
        self.git(&["commit", "-q", "-m", file]);
    }

    /// Each of `people` approves `target`.
    pub fn approve_by(&self, people: &[&str], target: &str) {
        for person in people {
            self.run(person, &["approve", target]).ok();
        }
    }

    /// `signoff status TARGET --json` as alice.
    pub fn status_json(&self, target: &str) -> serde_json::Value {
        self.run("alice", &["status", target, "--json"]).ok().json()
    }
}

impl TestEnv {
    /// Path of the private key `signoff key generate` made for `person`.
    pub fn key_path(&self, person: &str) -> PathBuf {
        self.home(person)
            .join(".config")
            .join("signoff")
            .join("id_ed25519")
    }

    /// The policy in force, parsed from `signoff policy show`.
    pub fn policy(&self) -> signoff::policy::Policy {
        let text = self.run("alice", &["policy", "show"]).ok().stdout;
        toml::from_str(&text).expect("policy show prints a policy")
    }

    /// Writes a policy changed by `change` to a file and applies it as `person`.
    pub fn apply_policy(
        &self,
        person: &str,
        change: impl FnOnce(&mut signoff::policy::Policy),
    ) -> Run {
        let mut p = self.policy();
        change(&mut p);
        let path = self.tmp.path().join(format!("policy-{}.toml", p.version));
        std::fs::write(&path, toml::to_string(&p).unwrap()).unwrap();
        self.run(person, &["policy", "apply", path.to_str().unwrap()])
    }

    /// Commits files straight onto the store branch, bypassing signoff (an
    /// attacker with push access, or a buggy tool). `change` gets a checkout
    /// of the branch to modify.
    pub fn forge(&self, message: &str, change: impl FnOnce(&Path)) {
        let dir = self
            .tmp
            .path()
            .join(format!("forge-{}", uuid::Uuid::new_v4()));
        let repo = self.repo.to_str().unwrap();
        sh(
            self.tmp.path(),
            "git",
            &[
                "clone",
                "-q",
                "--branch",
                "signoff",
                repo,
                dir.to_str().unwrap(),
            ],
        );
        change(&dir);
        sh(&dir, "git", &["add", "-A"]);
        sh(
            &dir,
            "git",
            &[
                "-c",
                "user.name=Mallory",
                "-c",
                "user.email=mallory@example.com",
                "commit",
                "-q",
                "-m",
                message,
            ],
        );
        sh(&dir, "git", &["push", "-q", "origin", "HEAD:signoff"]);
    }

    /// Signs `file` with `person`'s key using stock `ssh-keygen`, writing `file.sig`.
    pub fn ssh_sign(&self, person: &str, file: &Path) {
        let key = self.key_path(person);
        sh(
            file.parent().unwrap(),
            "ssh-keygen",
            &[
                "-q",
                "-Y",
                "sign",
                "-f",
                key.to_str().unwrap(),
                "-n",
                "signoff",
                file.to_str().unwrap(),
            ],
        );
    }

    /// Writes a decision record signed with stock ssh-keygen by `person`,
    /// bypassing signoff.
    pub fn forge_decision(
        &self,
        person: &str,
        status: &serde_json::Value,
        verdict: &str,
        extra: &str,
    ) {
        let env = self;
        let fp = sh_fingerprint(&env.key_path(person));
        let store_id = env.policy().store_id;
        let id = uuid::Uuid::now_v7().to_string();
        let deliverable = status["deliverable"].as_str().unwrap().to_string();
        let request = status["request"].as_str().unwrap().to_string();
        let shown = env.run("alice", &["show", &request, "--json"]).ok().json();
        let content = shown["request"]["content"].as_str().unwrap().to_string();
        // Dated as early as a decision may be: when its request was made.
        let at = shown["request"]["at"].as_str().unwrap().to_string();
        let body = format!(
            "schema = \"signoff/decision-v1\"\nstore_id = \"{store_id}\"\nid = \"{id}\"\nrequest = \"{request}\"\ndeliverable = \"{deliverable}\"\ncontent = \"{content}\"\ndecision = \"{verdict}\"\nby = \"{person}\"\nkey = \"{fp}\"\nat = \"{at}\"\n{extra}"
        );
        env.forge("forged decision", |dir| {
            let d = dir
                .join(dir_of(&deliverable))
                .join(&request)
                .join("decisions");
            std::fs::create_dir_all(&d).unwrap();
            let f = d.join(format!("{id}.toml"));
            std::fs::write(&f, body).unwrap();
            env.ssh_sign(person, &f);
        });
    }
}

/// The SHA-256 fingerprint of `person`'s key, as `ssh-keygen -l` prints it.
pub fn fingerprint(env: &TestEnv, person: &str) -> String {
    sh_fingerprint(&env.key_path(person))
}

fn sh_fingerprint(key: &Path) -> String {
    let out = sh(
        key.parent().unwrap(),
        "ssh-keygen",
        &["-l", "-E", "sha256", "-f", key.to_str().unwrap()],
    );
    out.split_whitespace().nth(1).unwrap().to_string()
}

/// Runs `signoff verify` as alice, requires exit 5 with the same problems in
/// the human and JSON forms, and returns the human run (one problem a line).
#[track_caller]
pub fn verify_fails(env: &TestEnv) -> Run {
    let r = env.run("alice", &["verify"]).code(5);
    assert!(
        r.stderr.contains("error: verification failed"),
        "{}",
        r.stderr
    );
    let j = env.run("alice", &["verify", "--json"]).code(5).json();
    assert_eq!(j["ok"], false);
    assert_eq!(j["schema_version"], 2);
    assert_eq!(
        j["problems"].as_array().unwrap().len(),
        r.stdout.lines().count(),
        "{}",
        r.stdout
    );
    r
}

/// Asserts that a `verify` run printed a problem line for `prefix` (a store
/// path) that contains `needle`.
#[track_caller]
pub fn has_line(r: &Run, prefix: &str, needle: &str) {
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with(&format!("{prefix}: ")) && l.contains(needle)),
        "no problem line for {prefix} containing {needle:?} in:\n{}",
        r.stdout
    );
}

impl TestEnv {
    /// Signs `bytes` as `person` with stock `ssh-keygen -Y sign` in the given
    /// namespace and returns the armored signature.
    pub fn sign_bytes(&self, person: &str, namespace: &str, bytes: &[u8]) -> Vec<u8> {
        self.sign_bytes_with(&self.key_path(person), namespace, bytes)
    }

    /// [`TestEnv::sign_bytes`] with a private key file.
    pub fn sign_bytes_with(&self, key: &Path, namespace: &str, bytes: &[u8]) -> Vec<u8> {
        let file = self.tmp.path().join("forged.toml");
        std::fs::write(&file, bytes).unwrap();
        let _ = std::fs::remove_file(self.tmp.path().join("forged.toml.sig"));
        sh(
            self.tmp.path(),
            "ssh-keygen",
            &[
                "-q",
                "-Y",
                "sign",
                "-n",
                namespace,
                "-f",
                key.to_str().unwrap(),
                "forged.toml",
            ],
        );
        std::fs::read(self.tmp.path().join("forged.toml.sig")).unwrap()
    }

    /// Runs `signoff ARGS` as `person` in another directory (a second clone).
    pub fn run_in(&self, dir: &Path, person: &str, args: &[&str]) -> Run {
        let out = self
            .cmd(person)
            .current_dir(dir)
            .args(args)
            .output()
            .expect("spawn signoff");
        Run::from(out)
    }

    /// The tip of the store branch in another repository.
    pub fn tip_in(dir: &Path) -> String {
        sh(dir, "git", &["rev-parse", "signoff"]).trim().to_string()
    }
}

/// alice's store with a request for `acme/brief` asking `to`, pushed by
/// `sync` to a bare remote `origin`; returns the remote's path.
pub fn pushed(to: &str) -> (TestEnv, PathBuf) {
    let env = TestEnv::with_people();
    env.write("brief.md", "the brief");
    env.run("alice", &["request", "acme/brief", "brief.md", "--to", to])
        .ok();
    let bare = env.tmp.path().join("remote.git");
    sh(
        env.tmp.path(),
        "git",
        &["init", "-q", "--bare", bare.to_str().unwrap()],
    );
    env.git(&["remote", "add", "origin", bare.to_str().unwrap()]);
    let r = env.run("alice", &["sync", "--json"]).ok().json();
    assert_eq!(r["pushed"], true);
    (env, bare)
}

/// alice's repository with a store and a request for `acme/brief`, pushed to
/// a bare remote, and bob's clone of it (synced, so it has the store branch).
pub fn two_machines() -> (TestEnv, PathBuf, PathBuf) {
    let (env, bare) = pushed("bob,cat");
    let bob_repo = env.tmp.path().join("bob-repo");
    sh(
        env.tmp.path(),
        "git",
        &[
            "clone",
            "-q",
            bare.to_str().unwrap(),
            bob_repo.to_str().unwrap(),
        ],
    );
    let r = env
        .run_in(&bob_repo, "bob", &["sync", "--json"])
        .ok()
        .json();
    assert_eq!(r["merge"], "cloned");
    (env, bare, bob_repo)
}

/// Where the store files the requests of `deliverable` (new stores use the
/// fan-out layout, `deliverables/<2 hex>/<name>`).
pub fn dir_of(deliverable: &str) -> String {
    signoff::layout::Format::NEWEST.deliverable_dir(deliverable)
}

impl TestEnv {
    /// The root tree of the store branch's tip with the tree `tree` put at
    /// `path` (every folder on the way made or rebuilt with `git mktree`).
    pub fn root_with(&self, path: &str, tree: &str) -> String {
        fn entries(env: &TestEnv, id: Option<&str>) -> Vec<(String, String, String, String)> {
            let Some(id) = id else {
                return Vec::new();
            };
            env.git(&["ls-tree", id])
                .lines()
                .map(|l| {
                    let (meta, name) = l.split_once('\t').unwrap();
                    let m: Vec<&str> = meta.split_whitespace().collect();
                    (m[0].into(), m[1].into(), m[2].into(), name.into())
                })
                .collect()
        }
        fn put(env: &TestEnv, base: Option<&str>, parts: &[&str], tree: &str) -> String {
            let mut list = entries(env, base);
            let child = list.iter().find(|e| e.3 == parts[0]).map(|e| e.2.clone());
            let id = if parts.len() == 1 {
                tree.to_string()
            } else {
                put(env, child.as_deref(), &parts[1..], tree)
            };
            list.retain(|e| e.3 != parts[0]);
            list.push(("040000".into(), "tree".into(), id, parts[0].to_string()));
            let mut text = String::new();
            for (mode, kind, id, name) in &list {
                text.push_str(&format!("{mode} {kind} {id}\t{name}\n"));
            }
            sh_with(&env.repo, "git", &[], text.as_bytes(), &["mktree"])
                .trim()
                .to_string()
        }
        let parts: Vec<&str> = path.split('/').collect();
        let root = self.git(&["rev-parse", "signoff^{tree}"]);
        put(self, Some(root.trim()), &parts, tree)
    }
}

impl TestEnv {
    /// The store path of policy version `version` (written as
    /// `policy/NNNNNN-<hash>.toml` since version 2; version 1 at the plain
    /// name); the branch must hold exactly one file of that version.
    pub fn policy_file(&self, version: u32) -> String {
        let prefix = format!("policy/{version:06}");
        let found: Vec<String> = self
            .store_paths()
            .into_iter()
            .filter(|p| {
                p.starts_with(&prefix)
                    && p.ends_with(".toml")
                    && !p.contains(".sig.d/")
                    && (p.len() == prefix.len() + 5 || p[prefix.len()..].starts_with('-'))
            })
            .collect();
        assert_eq!(found.len(), 1, "policy version {version}: {found:?}");
        found[0].clone()
    }

    /// The signature folder of the policy file at `path`.
    pub fn policy_sig_dir(path: &str) -> String {
        signoff::layout::policy_sig_dir_of(path)
    }
}
