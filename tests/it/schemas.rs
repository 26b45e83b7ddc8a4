//! The published JSON Schemas (`schemas/`) are valid schemas, checked by a
//! real validator (Python's `jsonschema`, against the metaschema each one
//! names), and what the commands print validates against them.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::TestEnv;

/// Checks `schema` against its metaschema and, when `instance` is given,
/// `instance` against `schema`; returns the validator's complaint.
const CHECK: &str = r#"
import json, sys
from jsonschema import validators
schema = json.load(open(sys.argv[1]))
cls = validators.validator_for(schema)
cls.check_schema(schema)
data = sys.stdin.read()
if data.strip():
    for line in data.splitlines() if sys.argv[2] == "lines" else [data]:
        cls(schema).validate(json.loads(line))
"#;

fn validator_ready() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but Python's jsonschema is missing: pip install jsonschema"
        );
        eprintln!("skipping schema validation: pip install jsonschema");
    }
    ok
}

fn check(schema: &Path, instance: &str, lines: bool) {
    let mut child = Command::new("python3")
        .args(["-c", CHECK])
        .arg(schema)
        .arg(if lines { "lines" } else { "one" })
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run python3");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(instance.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        schema.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn schema(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("schemas/{name}.schema.json"))
}

#[test]
fn every_published_schema_is_a_valid_schema() {
    if !validator_ready() {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        check(&e.unwrap().path(), "", false);
        n += 1;
    }
    assert!(n >= 12, "{n} schemas");
}

#[test]
fn what_the_commands_print_matches_the_schemas() {
    if !validator_ready() {
        return;
    }
    let env = TestEnv::with_request("rel/app", "app.txt", "v1\n", "bob,cat");
    env.run("bob", &["approve", "rel/app", "-m", "fine"]).ok();
    let out = |args: &[&str]| {
        let o = env.cmd("alice").args(args).output().unwrap();
        String::from_utf8(o.stdout).unwrap()
    };
    check(&schema("gate"), &out(&["gate", "rel/app", "--json"]), false);
    check(&schema("status"), &out(&["status", "--json"]), false);
    check(
        &schema("status-one"),
        &out(&["status", "rel/app", "--json"]),
        false,
    );
    check(&schema("list"), &out(&["list", "--json"]), false);
    check(&schema("show"), &out(&["show", "rel/app", "--json"]), false);
    check(&schema("log-line"), &out(&["log", "--json"]), true);
    check(
        &schema("certificate"),
        &out(&["certificate", "rel/app", "--json"]),
        false,
    );
    check(&schema("report"), &out(&["report", "--json"]), false);
    check(
        &schema("report"),
        &out(&["report", "--format", "json", "--latest"]),
        false,
    );
    check(&schema("verify"), &out(&["verify", "--json"]), false);
    check(&schema("config"), &out(&["config", "--json"]), false);
    // A second version, so that diff has something to say.
    env.write("app.txt", "v2\n");
    env.write("notes.txt", "new\n");
    env.run(
        "alice",
        &["request", "rel/app", "app.txt", "notes.txt", "--to", "bob"],
    )
    .ok();
    check(
        &schema("diff"),
        &out(&["diff", "rel/app", "v1", "v2", "--json"]),
        false,
    );
    check(
        &schema("diff"),
        &out(&["diff", "rel/app", "v1", "v2", "--patch", "--json"]),
        false,
    );
    // Errors, on stderr, of several kinds.
    for args in [
        &["show", "no/such", "--json"][..],
        &["approve", "rel/app", "--json", "--bogus"][..],
        &["verify", "--json", "--trust", "sha256:00"][..],
    ] {
        let o = env.cmd("alice").args(args).output().unwrap();
        assert!(!o.status.success(), "{args:?}");
        let err = String::from_utf8(o.stderr).unwrap();
        let line = err.lines().last().unwrap_or_default();
        if args.contains(&"--bogus") {
            // clap's own usage errors are words, before any --json is known.
            continue;
        }
        check(&schema("error"), line, false);
    }
}

#[test]
fn verify_problems_match_the_schema() {
    if !validator_ready() {
        return;
    }
    let env = TestEnv::with_request("rel/app", "app.txt", "v1\n", "bob");
    let path = env.record_paths("request").remove(0);
    env.tamper(
        &[crate::common::Edit::Put(path, b"id = \"x\"\n".to_vec())],
        false,
    );
    let o = env
        .cmd("alice")
        .args(["verify", "--json"])
        .output()
        .unwrap();
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("\"ok\": false"), "{text}");
    check(&schema("verify"), &text, false);
}
