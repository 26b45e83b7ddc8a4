//! The checked-in completions and man pages must match what the binary
//! generates now.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{TestEnv, bin};

fn read_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn check(kind: &str, args: &[&str]) {
    let env = TestEnv::new();
    let out = env.tmp.path().join(kind);
    let status = std::process::Command::new(bin())
        .args(args)
        .arg("--out")
        .arg(&out)
        .env_remove("RUST_BACKTRACE")
        .status()
        .unwrap();
    assert!(status.success());
    let checked_in = Path::new(env!("CARGO_MANIFEST_DIR")).join(kind);
    let want = read_dir(&out);
    let have = read_dir(&checked_in);
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&have),
        names(&want),
        "{kind}/ is out of date: run `cargo run -q -- {} --out {kind}` and commit",
        args[0]
    );
    for (name, bytes) in &want {
        assert!(
            have[name] == *bytes,
            "{kind}/{name} is out of date: run `cargo run -q -- {} --out {kind}` and commit",
            args[0]
        );
    }
}

#[test]
fn completions_are_in_sync() {
    check("completions", &["completions"]);
}

#[test]
fn man_pages_are_in_sync() {
    check("man", &["man"]);
}

#[test]
fn man_pages_name_the_command_and_carry_exit_status_options_and_examples() {
    let man = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let page = |name: &str| std::fs::read_to_string(man.join(name)).unwrap();
    let gate = page("signoff-gate.1");
    assert!(gate.contains("\\fBsignoff gate\\fR"), "synopsis: {gate}");
    assert!(!gate.contains("\\fBsignoff\\-gate\\fR"), "{gate}");
    assert!(gate.contains(".SH \"EXIT STATUS\""), "{gate}");
    assert!(gate.contains("10  pending"), "the gate's own codes: {gate}");
    assert!(gate.contains(".SH EXAMPLES"), "{gate}");
    // Global options appear on every page.
    let status = page("signoff-status.1");
    for global in ["\\-\\-json", "\\-\\-color", "\\-\\-quiet"] {
        assert!(status.contains(global), "{global}: {status}");
    }
    assert!(status.contains(".SH \"EXIT STATUS\""), "{status}");
    assert!(status.contains("not found"), "{status}");
    let nested = page("signoff-policy-show.1");
    assert!(nested.contains("\\fBsignoff policy show\\fR"), "{nested}");
    // The page renders without warnings in man(1) where it is installed.
    if std::process::Command::new("man")
        .arg("--version")
        .output()
        .is_ok()
    {
        let out = std::process::Command::new("man")
            .arg("-l")
            .arg(man.join("signoff-gate.1"))
            .env("MANWIDTH", "80")
            .env("MANPAGER", "cat")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("EXIT STATUS"), "{text}");
    }
}

#[test]
fn json_schemas_are_in_sync() {
    check("schemas", &["schemas"]);
}

/// The keys a schema object allows and requires, following one `$ref`.
fn keys<'a>(
    schema: &'a serde_json::Value,
    root: &'a serde_json::Value,
) -> (Vec<String>, Vec<String>) {
    let node = match schema["$ref"].as_str() {
        Some(r) => &root["$defs"][r.trim_start_matches("#/$defs/")],
        None => schema,
    };
    let props = node["properties"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let required = node["required"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    (props, required)
}

/// `doc` has every required key of `schema` and no key it does not list.
fn conforms(
    name: &str,
    doc: &serde_json::Value,
    schema: &serde_json::Value,
    root: &serde_json::Value,
) {
    let (props, required) = keys(schema, root);
    let obj = doc
        .as_object()
        .unwrap_or_else(|| panic!("{name}: not an object: {doc}"));
    for k in obj.keys() {
        assert!(props.contains(k), "{name}: key {k:?} is not in the schema");
    }
    for k in &required {
        assert!(
            obj.contains_key(k),
            "{name}: required key {k:?} missing in {doc}"
        );
    }
}

#[test]
fn real_outputs_match_their_schemas() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let schema = |n: &str| -> serde_json::Value {
        serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{n}.schema.json"))).unwrap(),
        )
        .unwrap()
    };
    let env = TestEnv::logo_round();
    env.run("bob", &["approve", "acme/logo", "-m", "ok"]).ok();
    env.run("cat", &["comment", "acme/logo", "-m", "nice"]).ok();
    let run = |args: &[&str]| env.run("alice", args).json();
    for (name, doc) in [
        (
            "gate",
            env.run("alice", &["gate", "acme/logo", "--json"]).json(),
        ),
        ("status-one", run(&["status", "acme/logo", "--json"])),
        ("status", run(&["status", "--json"])),
        ("list", run(&["list", "--json"])),
        ("show", run(&["show", "acme/logo", "--json"])),
        ("certificate", run(&["certificate", "acme/logo", "--json"])),
    ] {
        let s = schema(name);
        conforms(name, &doc, &s, &s);
    }
    let s = schema("log-line");
    for line in env.run("alice", &["log", "--json"]).ok().stdout.lines() {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        conforms("log-line", &doc, &s, &s);
    }
    // One level down: the rows of status and the decisions of show.
    let status = schema("status");
    let row = &status["properties"]["deliverables"]["items"];
    for r in run(&["status", "--json"])["deliverables"]
        .as_array()
        .unwrap()
    {
        conforms("status row", r, row, &status);
    }
    let show = schema("show");
    for d in run(&["show", "acme/logo", "--json"])["decisions"]
        .as_array()
        .unwrap()
    {
        conforms(
            "show decision",
            d,
            &show["properties"]["decisions"]["items"],
            &show,
        );
    }
}
