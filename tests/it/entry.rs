//! What is entered, by any face: the rules the command line and the page
//! share (`state::rules`): changes and declines say why, a comment is at
//! most 4,000 characters, one email link records one decision, and under
//! `links = "ignore"` a decision through a link is refused at entry.

use signoff::policy::Links;

use crate::common::TestEnv;
use crate::serve::{Server, http, link, path_of, portal};

#[test]
fn changes_and_decline_on_the_command_line_say_why() {
    let env = TestEnv::with_people();
    env.request("acme/a", "a.txt", "draft\n", "bob,cat");
    let before = env.tip();
    for verdict in ["changes", "decline"] {
        let r = env.run("bob", &[verdict, "acme/a"]).code(2);
        assert!(r.stderr.contains("needs a reason"), "{}", r.stderr);
        assert!(r.stderr.contains("hint: add -m"), "{}", r.stderr);
        env.run("bob", &[verdict, "acme/a", "-m", "   "]).code(2);
    }
    assert_eq!(env.tip(), before, "nothing written");
    env.run("bob", &["changes", "acme/a", "-m", "too dark"])
        .ok();
}

#[test]
fn a_comment_over_4000_characters_is_refused_everywhere() {
    let env = TestEnv::with_people();
    env.request("acme/a", "a.txt", "draft\n", "bob");
    let before = env.tip();
    let long = "x".repeat(4001);
    let r = env.run("bob", &["approve", "acme/a", "-m", &long]).code(2);
    assert!(r.stderr.contains("the limit is 4000"), "{}", r.stderr);
    let r = env.run("bob", &["comment", "acme/a", "-m", &long]).code(2);
    assert!(r.stderr.contains("the limit is 4000"), "{}", r.stderr);
    assert_eq!(env.tip(), before, "nothing written");
    env.run("bob", &["approve", "acme/a", "-m", &"x".repeat(4000)])
        .ok();
}

#[test]
fn under_links_ignore_the_page_refuses_before_thanking_anyone() {
    let env = portal();
    env.apply_policy("alice", |p| {
        let mut r = signoff::policy::Rule::fallback().with_pattern("acme/**");
        r.links = Links::Ignore;
        p.rules.insert(0, r);
    })
    .ok();
    env.request("acme/a", "a.txt", "draft\n", "bob");
    let server = Server::start(&env);
    let path = path_of(&link(&env, "acme/a", "bob", &[]));
    let page = http(&server.addr, "GET", &path, None);
    assert_eq!(page.status, 403, "{}", page.body);
    assert!(
        page.body
            .contains("do not count decisions made through email links"),
        "{}",
        page.body
    );
    let before = env.tip();
    // A POST made anyway (an old form, a script) records nothing.
    let r = http(
        &server.addr,
        "POST",
        &path,
        Some("decision=approve&csrf=any"),
    );
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(r.body.contains("Nothing was recorded"), "{}", r.body);
    assert_eq!(env.tip(), before, "nothing written");
}
