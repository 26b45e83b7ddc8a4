//! Small courtesies of a command-line tool, as git users expect them:
//! durations in `--since`, `signoff man DIR`, a clear refusal of `--json`
//! where the output is a file format, and completion of `--on-behalf-of`.

use crate::common::TestEnv;

#[test]
fn since_takes_a_duration_as_git_log_does() {
    let env = TestEnv::with_request("rel/app", "app.txt", "v1\n", "bob");
    env.run("bob", &["approve", "rel/app"]).ok();
    let all = env.run("alice", &["log", "--json"]).ok().stdout;
    let recent = env
        .run("alice", &["log", "--since", "48h", "--json"])
        .ok()
        .stdout;
    assert_eq!(all, recent, "everything happened within 48 hours");
    assert!(!recent.is_empty());
    // In the future: nothing.
    let later = env
        .run_env(
            "alice",
            &[("SIGNOFF_NOW", "2099-01-01T00:00:00Z")],
            &["log", "--since", "48h", "--json"],
        )
        .ok()
        .stdout;
    assert_eq!(later, "", "nothing within 48 hours of 2099");
    env.run("alice", &["report", "--since", "2d"]).ok();
    let r = env.run("alice", &["log", "--since", "soonish"]).code(2);
    assert!(r.stderr.contains("48h"), "{}", r.stderr);
}

#[test]
fn man_takes_its_folder_as_an_argument() {
    let env = TestEnv::new();
    let dir = env.tmp.path().join("pages");
    env.run("alice", &["man", dir.to_str().unwrap()]).ok();
    assert!(dir.join("signoff.1").exists());
    assert!(dir.join("signoff-sync.1").exists());
}

#[test]
fn allowed_signers_refuses_json_in_words() {
    let env = TestEnv::with_people();
    let r = env
        .run("alice", &["policy", "allowed-signers", "--json"])
        .code(2);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains("not JSON"), "{}", r.stderr);
}

#[test]
fn on_behalf_of_completes_people() {
    let env = TestEnv::with_request("rel/app", "app.txt", "v1\n", "bob");
    let got = crate::completion::complete(
        &env,
        &["signoff", "approve", "rel/app", "--on-behalf-of", ""],
    );
    assert_eq!(got, ["alice", "bob", "cat"]);
}
