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
