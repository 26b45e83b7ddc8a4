//! Attacks on who may decide (issue 10, parts 3, 8 and 9): entries made
//! for someone else, times in decision records, and the link portal's
//! refusals. Refusals are mounted through the command line and the portal;
//! counting attacks write records as an attacker does, with stock
//! `ssh-keygen -Y sign` and git plumbing.

use signoff::policy::{OnBehalf, Requirement, Rule};

use crate::common::{TestEnv, dir_of, fingerprint, sh_with};
use crate::serve::{Server, csrf_of, http, link, path_of, portal};

/// alice (admin) requests `rel/app` from bob and cat; dan is listed and
/// in no group. Returns the request's `status --json`.
fn setup() -> (TestEnv, serde_json::Value) {
    let env = TestEnv::with_people();
    env.add_person("dan");
    let st = env.request_app();
    (env, st)
}

fn status(env: &TestEnv) -> serde_json::Value {
    env.status_json("rel/app")
}

fn make_admin(env: &TestEnv, person: &str) {
    env.apply_policy("alice", |p| {
        p.groups.get_mut("admins").unwrap().push(person.into());
    })
    .ok();
}

fn decisions(env: &TestEnv) -> usize {
    env.record_paths("/decisions/").len()
}

/// A decision record on `rel/app` v1 signed by `signer` with stock
/// ssh-keygen, committed with git plumbing (commit time `commit_date`, or
/// now). `fields` are extra TOML lines (`on_behalf_of`, `supersedes`, ...);
/// `at` is the record's time. Returns the record id.
fn forge(
    env: &TestEnv,
    signer: &str,
    verdict: &str,
    at: &str,
    fields: &str,
    commit_date: Option<&str>,
) -> String {
    let st = status(env);
    let request = st["request"].as_str().unwrap();
    let show = env.run("alice", &["show", request, "--json"]).ok().json();
    let content = show["request"]["content"].as_str().unwrap();
    let store_id = env.policy().store_id;
    let id = uuid::Uuid::now_v7().to_string();
    let fp = fingerprint(env, signer);
    let body = format!(
        "schema = \"signoff/decision-v1\"\nstore_id = \"{store_id}\"\nid = \"{id}\"\nrequest = \"{request}\"\ndeliverable = \"rel/app\"\ncontent = \"{content}\"\ndecision = \"{verdict}\"\nby = \"{signer}\"\nkey = \"{fp}\"\nat = \"{at}\"\n{fields}"
    );
    let sig = env.sign_bytes(signer, "signoff", body.as_bytes());
    let path = format!("{}/{request}/decisions/{id}.toml", dir_of("rel/app"));
    let index = env.tmp.path().join("attack-index");
    let _ = std::fs::remove_file(&index);
    let date = commit_date.map(str::to_string).unwrap_or_default();
    let mut vars = vec![
        ("GIT_INDEX_FILE", index.to_str().unwrap()),
        ("GIT_AUTHOR_NAME", "Mallory"),
        ("GIT_AUTHOR_EMAIL", "mallory@example.com"),
        ("GIT_COMMITTER_NAME", "Mallory"),
        ("GIT_COMMITTER_EMAIL", "mallory@example.com"),
    ];
    if commit_date.is_some() {
        vars.push(("GIT_AUTHOR_DATE", &date));
        vars.push(("GIT_COMMITTER_DATE", &date));
    }
    let git = |args: &[&str], stdin: &[u8]| sh_with(&env.repo, "git", &vars, stdin, args);
    git(&["read-tree", "signoff"], b"");
    for (p, bytes) in [
        (path.clone(), body.into_bytes()),
        (format!("{path}.sig"), sig),
    ] {
        let blob = git(&["hash-object", "-w", "--stdin"], &bytes);
        let info = format!("100644,{},{p}", blob.trim());
        git(&["update-index", "--add", "--cacheinfo", &info], b"");
    }
    let tree = git(&["write-tree"], b"");
    let commit = git(
        &["commit-tree", tree.trim(), "-p", "signoff", "-m", "forged"],
        b"",
    );
    git(&["update-ref", "refs/heads/signoff", commit.trim()], b"");
    id
}

/// The request's time, for records that must not predate it.
fn requested_at(env: &TestEnv) -> String {
    let st = status(env);
    let show = env
        .run(
            "alice",
            &["show", st["request"].as_str().unwrap(), "--json"],
        )
        .ok()
        .json();
    show["request"]["at"].as_str().unwrap().to_string()
}

fn ignored_reasons(st: &serde_json::Value) -> Vec<String> {
    st["evaluation"]["ignored"]
        .as_array()
        .or_else(|| st["ignored"].as_array())
        .map(|a| {
            a.iter()
                .map(|i| {
                    format!(
                        "{}: {} / {}",
                        i["person"].as_str().unwrap_or(""),
                        i["reason"].as_str().unwrap_or(""),
                        i["entered_by"].as_str().unwrap_or("-")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn behalf(person: &str) -> String {
    format!("on_behalf_of = \"{person}\"\nevidence = \"phone call\"\n")
}

// ---- Part 3: on behalf of whom, by whom (command line) ----

/// An entry for someone else that the command line refuses (exit 4,
/// with a hint), writing nothing.
struct Refused {
    case: &'static str,
    /// Steps on top of [`setup`] before the attempt.
    before: fn(&TestEnv),
    /// Who enters the decision, for whom, with what evidence.
    by: &'static str,
    on_behalf_of: &'static str,
    evidence: &'static str,
    says: &'static str,
    /// Decision records and state afterwards.
    decisions: usize,
    state: &'static str,
}

#[test]
fn cli_refuses_entries_for_others() {
    let cases = [
        Refused {
            case: "the author for reviewer bob",
            before: |_| {},
            by: "alice",
            on_behalf_of: "bob",
            evidence: "phone call",
            says: "alice requested rel/app v1 and may not enter decisions on it for others",
            decisions: 0,
            state: "pending",
        },
        Refused {
            case: "the author for reviewer cat",
            before: |_| {},
            by: "alice",
            on_behalf_of: "cat",
            evidence: "phone call",
            says: "alice requested rel/app v1 and may not enter decisions on it for others",
            decisions: 0,
            state: "pending",
        },
        // Even an admin may not, while a reviewer of the same request.
        Refused {
            case: "a reviewer (and admin) for another reviewer",
            before: |env| {
                make_admin(env, "bob");
                env.run("cat", &["changes", "rel/app", "-m", "typo"]).ok();
            },
            by: "bob",
            on_behalf_of: "cat",
            evidence: "chat",
            says: "bob is a reviewer of rel/app v1 and may not enter decisions on it for another reviewer",
            decisions: 1,
            state: "changes-requested",
        },
        Refused {
            case: "an admin for someone who decided themselves",
            before: |env| {
                make_admin(env, "dan");
                env.run("cat", &["changes", "rel/app", "-m", "typo"]).ok();
            },
            by: "dan",
            on_behalf_of: "cat",
            evidence: "phone call",
            says: "cat has decided on rel/app v1 themselves; an entry on their behalf would not count",
            decisions: 1,
            state: "changes-requested",
        },
    ];
    for c in cases {
        let (env, _) = setup();
        (c.before)(&env);
        let r = env.run(
            c.by,
            &[
                "approve",
                "rel/app",
                "--on-behalf-of",
                c.on_behalf_of,
                "--evidence",
                c.evidence,
            ],
        );
        let case = c.case;
        assert_eq!(r.code, 4, "{case}: expected exit 4\nstderr:\n{}", r.stderr);
        assert!(r.stderr.contains(c.says), "{case}:\n{}", r.stderr);
        assert!(r.stderr.contains("hint: "), "{case}:\n{}", r.stderr);
        assert_eq!(decisions(&env), c.decisions, "{case}: nothing written");
        assert_eq!(status(&env)["state"], c.state, "{case}");
    }
}

#[test]
fn cli_lets_only_the_rules_delegates_enter_for_a_lead() {
    let env = TestEnv::with_people();
    for p in ["dan", "eve", "fay"] {
        env.add_person(p);
    }
    env.apply_policy("alice", |p| {
        p.groups.insert(
            "leads".into(),
            vec!["bob".into(), "cat".into(), "dan".into()],
        );
        p.groups.insert("managers".into(), vec!["fay".into()]);
        let mut r = Rule::fallback();
        r.require = vec![Requirement {
            group: "leads".into(),
            count: 2,
        }];
        p.rules.insert(0, r.with_pattern("rel/**"));
    })
    .ok();
    env.write("app.txt", "v1\n");
    env.run("alice", &["request", "rel/app", "app.txt"]).ok();
    env.run("bob", &["approve", "rel/app"]).ok();
    // eve is listed but neither an admin nor a delegate: refused.
    let enter = |who: &str| {
        env.run(
            who,
            &[
                "approve",
                "rel/app",
                "--on-behalf-of",
                "cat",
                "--evidence",
                "phone call",
            ],
        )
    };
    let r = enter("eve").code(4);
    assert!(
        r.stderr
            .contains("eve may not enter decisions for others on rel/app v1: the policy lets only admins do that"),
        "{}",
        r.stderr
    );
    assert_eq!(status(&env)["state"], "pending");
    // With `on_behalf = { by = "managers" }`, fay may; admins no longer.
    env.apply_policy("alice", |p| {
        p.rules[0].on_behalf = OnBehalf::Group("managers".into());
    })
    .ok();
    let policy = env.run("alice", &["policy", "show"]).ok().stdout;
    assert!(policy.contains("by = \"managers\""), "{policy}");
    enter("eve").code(4);
    let r = enter("fay").ok();
    assert!(
        r.stdout
            .starts_with("cat (entered by fay) approved rel/app v1"),
        "{}",
        r.stdout
    );
    let st = status(&env);
    assert_eq!(st["state"], "approved", "{st}");
    assert!(
        st["summary"]
            .as_str()
            .unwrap()
            .contains("approved by bob, cat (entered by fay)"),
        "{st}"
    );
    let text = env.run("alice", &["status", "rel/app"]).ok().stdout;
    assert!(text.contains("cat: approved (entered by fay)"), "{text}");
    let gate = env.run("alice", &["gate", "rel/app"]).ok();
    assert!(
        gate.stdout.contains("cat (entered by fay)")
            || gate.stderr.contains("cat (entered by fay)"),
        "{}{}",
        gate.stdout,
        gate.stderr
    );
    let cert = env
        .run("alice", &["certificate", "rel/app", "--format", "md"])
        .ok()
        .stdout;
    assert!(cert.contains("entered by fay"), "{cert}");
}

// ---- Part 3: counting ignores hostile entries (stock ssh-keygen + git) ----

#[test]
fn forged_entries_by_the_author_do_not_count() {
    let (env, _) = setup();
    let at = requested_at(&env);
    forge(&env, "alice", "approve", &at, &behalf("bob"), None);
    forge(&env, "alice", "approve", &at, &behalf("cat"), None);
    let st = env.run("alice", &["show", "rel/app", "--json"]).ok().json();
    assert_eq!(st["evaluation"]["state"], "pending", "{st}");
    let reasons = ignored_reasons(&st);
    for p in ["bob", "cat"] {
        assert!(
            reasons.contains(&format!(
                "{p}: entered on their behalf by the request's author / alice"
            )),
            "{reasons:?}"
        );
    }
    env.run("alice", &["gate", "rel/app"]).code(10);
}

#[test]
fn a_forged_entry_by_a_fellow_reviewer_does_not_overturn_changes() {
    let (env, _) = setup();
    env.run("bob", &["approve", "rel/app"]).ok();
    env.run("cat", &["changes", "rel/app", "-m", "wrong logo"])
        .ok();
    let st = env.run("alice", &["show", "rel/app", "--json"]).ok().json();
    let cats = st["evaluation"]["latest"]["cat"]
        .as_str()
        .unwrap()
        .to_string();
    // bob approves "for" cat, superseding cat's own signed decision.
    let at = requested_at(&env);
    forge(
        &env,
        "bob",
        "approve",
        &at,
        &format!("supersedes = \"{cats}\"\n{}", behalf("cat")),
        None,
    );
    let st = status(&env);
    assert_eq!(st["state"], "changes-requested", "{st}");
    let show = env.run("alice", &["show", "rel/app", "--json"]).ok().json();
    assert!(
        ignored_reasons(&show).contains(
            &"cat: entered on their behalf by a fellow reviewer of the request / bob".into()
        ),
        "{show}"
    );
    let gate = env.run("alice", &["gate", "rel/app"]);
    assert_ne!(gate.code, 0, "{}", gate.stdout);
    assert!(
        gate.stdout.contains("entered by bob") || gate.stderr.contains("entered by bob"),
        "{}{}",
        gate.stdout,
        gate.stderr
    );
}

#[test]
fn a_persons_own_decision_outranks_an_entry_whatever_the_order() {
    let (env, _) = setup();
    make_admin(&env, "dan");
    env.run("bob", &["approve", "rel/app"]).ok();
    env.run("cat", &["changes", "rel/app", "-m", "typo"]).ok();
    let show = env.run("alice", &["show", "rel/app", "--json"]).ok().json();
    let cats = show["evaluation"]["latest"]["cat"]
        .as_str()
        .unwrap()
        .to_string();
    // dan may enter for cat, but not over cat's own signed decision, even
    // when the entry claims to supersede it and comes later.
    let at = requested_at(&env);
    forge(
        &env,
        "dan",
        "approve",
        &at,
        &format!("supersedes = \"{cats}\"\n{}", behalf("cat")),
        None,
    );
    let st = status(&env);
    assert_eq!(st["state"], "changes-requested", "{st}");
    let show = env.run("alice", &["show", "rel/app", "--json"]).ok().json();
    assert!(
        ignored_reasons(&show).contains(&"cat: outranked by their own decision / dan".into()),
        "{show}"
    );
    // cat's own approval (made later, superseding nothing) is what counts.
    env.run("cat", &["approve", "rel/app"]).ok();
    assert_eq!(status(&env)["state"], "approved");
}

#[test]
fn an_entry_by_a_listed_non_delegate_does_not_fill_a_rule() {
    let (env, _) = setup();
    env.run("bob", &["approve", "rel/app"]).ok();
    // dan is listed, not an admin, not a reviewer: the default rule
    // (admins) does not let him enter for cat.
    let at = requested_at(&env);
    forge(&env, "dan", "approve", &at, &behalf("cat"), None);
    let show = env.run("alice", &["show", "rel/app", "--json"]).ok().json();
    assert_eq!(show["evaluation"]["state"], "pending", "{show}");
    assert!(
        ignored_reasons(&show).contains(
            &"cat: entered on their behalf by someone the policy does not allow (only admins may) / dan"
                .into()
        ),
        "{show}"
    );
    // The same entry counts once dan is an admin.
    make_admin(&env, "dan");
    assert_eq!(status(&env)["state"], "approved");
}

// ---- Part 9: one place decides, for the web page too ----

#[test]
fn portal_refuses_own_work_and_repeat_decisions() {
    let env = portal();
    env.apply_policy("alice", |p| {
        p.groups
            .insert("leads".into(), vec!["alice".into(), "bob".into()]);
        let mut r = Rule::fallback();
        r.require = vec![Requirement {
            group: "leads".into(),
            count: 1,
        }];
        p.rules.insert(0, r.with_pattern("rel/**"));
    })
    .ok();
    env.write("app.txt", "v1\n");
    env.run("alice", &["request", "rel/app", "app.txt"]).ok();
    let server = Server::start(&env);
    let post = |person: &str, decision: &str, comment: &str| {
        let path = path_of(&link(&env, "rel/app", person, &[]));
        let page = http(&server.addr, "GET", &path, None);
        assert_eq!(page.status, 200, "{}", page.body);
        http(
            &server.addr,
            "POST",
            &path,
            Some(&format!(
                "decision={decision}&comment={comment}&csrf={}",
                csrf_of(&page.body)
            )),
        )
    };
    // The author, a lead, approves their own request through a link.
    let r = post("alice", "approve", "");
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(
        r.body.contains("You cannot approve your own request"),
        "{}",
        r.body
    );
    assert_eq!(decisions(&env), 0);
    // bob asks for changes, then repeats it through a second link.
    let r = post("bob", "changes", "fix");
    assert_eq!(r.status, 200, "{}", r.body);
    let r = post("bob", "changes", "fix");
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(
        r.body.contains("Your decision is already recorded"),
        "{}",
        r.body
    );
    assert_eq!(decisions(&env), 1);
}

#[test]
fn a_person_removed_from_the_policy_loses_file_downloads() {
    let env = portal();
    env.request("acme/a", "a.txt", "secret plans", "bob,cat");
    let path = path_of(&link(&env, "acme/a", "cat", &[]));
    let server = Server::start(&env);
    let f = http(&server.addr, "GET", &format!("{path}/f/0"), None);
    assert_eq!(f.status, 200, "{}", f.body);
    assert!(f.body.contains("secret plans"));
    env.run("alice", &["person", "remove", "cat"]).ok();
    for sub in ["", "/f/0", "/f/0?download=1"] {
        let r = http(&server.addr, "GET", &format!("{path}{sub}"), None);
        assert_eq!(r.status, 403, "{sub}: {}", r.body);
        assert!(!r.body.contains("secret plans"), "{sub}: {}", r.body);
    }
}

// ---- Part 8: times in records are checked ----

/// `signoff verify` fails (exit 5) naming `needle` for a decision.
#[track_caller]
fn verify_reports(env: &TestEnv, needle: &str) {
    let r = env.run("alice", &["verify"]).code(5);
    assert!(
        r.stdout.contains(needle) || r.stderr.contains(needle),
        "{}{}",
        r.stdout,
        r.stderr
    );
}

#[test]
fn decisions_with_bad_times_are_reported_and_not_counted() {
    // Cases: (label, the records' `at`, what verify says).
    for (case, at, says) in [
        (
            "dated before its request",
            "2020-01-01T00:00:00Z",
            "before its request",
        ),
        ("not a time", "whenever suits", "is not an RFC 3339 time"),
    ] {
        let (env, _) = setup();
        for p in ["bob", "cat"] {
            forge(&env, p, "approve", at, "", None);
        }
        assert_eq!(status(&env)["state"], "pending", "{case}");
        let r = env.run("alice", &["verify"]);
        assert_eq!(r.code, 5, "{case}: verify\n{}{}", r.stdout, r.stderr);
        assert!(
            r.stdout.contains(says) || r.stderr.contains(says),
            "{case}: {}{}",
            r.stdout,
            r.stderr
        );
        // The gate fails closed on a deliverable with a bad record.
        let gate = env.run("alice", &["gate", "rel/app"]);
        assert_eq!(gate.code, 5, "{case}: gate\n{}{}", gate.stdout, gate.stderr);
    }
}

#[test]
fn a_decision_dated_in_the_future_or_after_its_commit_is_reported() {
    let (env, _) = setup();
    forge(&env, "bob", "approve", "2099-01-01T00:00:00Z", "", None);
    assert_eq!(status(&env)["state"], "pending");
    verify_reports(&env, "in the future");
    // Dated when requested, but committed an hour before that: the record
    // claims a time its commit did not have yet.
    let at = requested_at(&env);
    let early =
        (at.parse::<jiff::Timestamp>().unwrap() - jiff::SignedDuration::from_hours(1)).to_string();
    forge(&env, "cat", "approve", &at, "", Some(&early));
    verify_reports(&env, "later than the commit that added it");
    let show = env.run("alice", &["show", "rel/app", "--json"]).ok().json();
    assert_eq!(show["evaluation"]["state"], "pending", "{show}");
    assert_eq!(show["evaluation"]["approvals"], serde_json::json!([]));
}

#[test]
fn expiry_is_judged_on_the_commit_time_too() {
    let env = TestEnv::with_people();
    env.write("app.txt", "v1\n");
    env.run_env(
        "alice",
        &[("SIGNOFF_NOW", "2026-01-01T00:00:00Z")],
        &[
            "request",
            "rel/app",
            "app.txt",
            "--to",
            "bob,cat",
            "--expires",
            "2026-01-02",
        ],
    )
    .ok();
    assert_eq!(status(&env)["state"], "expired");
    // Long after the expiry, both reviewers backdate approvals to before
    // it; the commits that add them carry today's date.
    for p in ["bob", "cat"] {
        forge(&env, p, "approve", "2026-01-01T12:00:00Z", "", None);
    }
    let st = status(&env);
    assert_eq!(st["state"], "expired", "{st}");
    let show = env.run("alice", &["show", "rel/app", "--json"]).ok().json();
    assert!(
        ignored_reasons(&show).contains(&"bob: made after the request expired / -".into()),
        "{show}"
    );
    // Also in a load of the whole store (the cache behind `list`).
    let list = env.run("alice", &["list", "--json"]).ok().stdout;
    assert!(!list.contains("\"approved\""), "{list}");
}

/// Older stores carry `on_behalf = "allowed"` in every rule because the
/// tool wrote it by default. It once let any listed person fill a rule for
/// its reviewers; it now means the admins, for entries made through the
/// command line and for records written with stock tools alike.
#[test]
fn the_old_allowed_word_lets_only_admins_enter_for_others() {
    let (env, _) = setup();
    env.apply_policy("alice", |p| {
        let mut r = Rule::fallback();
        r.on_behalf = OnBehalf::Allowed;
        p.rules.insert(0, r.with_pattern("rel/**"));
    })
    .ok();
    let policy = env.run("alice", &["policy", "show"]).ok().stdout;
    assert!(policy.contains("on_behalf = \"allowed\""), "{policy}");
    env.run("bob", &["approve", "rel/app"]).ok();
    // dan is listed, neither admin nor reviewer nor author.
    let r = env
        .run(
            "dan",
            &[
                "approve",
                "rel/app",
                "--on-behalf-of",
                "cat",
                "--evidence",
                "phone call",
            ],
        )
        .code(4);
    assert!(r.stderr.contains("only admins"), "{}", r.stderr);
    let at = requested_at(&env);
    forge(&env, "dan", "approve", &at, &behalf("cat"), None);
    assert_eq!(status(&env)["state"], "pending");
}
