//! The policies in `examples/` are valid, and mean what their comments say.

use signoff::policy::{DeclineMode, Links, OnBehalf, Policy};

fn example(name: &str) -> Policy {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    Policy::parse(&std::fs::read(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn agency_policy_has_an_internal_stage_then_two_client_contacts() {
    let p = example("policy-agency.toml");
    let rule = p.rule_for("acme/homepage");
    let stages = rule.effective_stages();
    assert_eq!(stages.len(), 2);
    assert_eq!(stages[0].name, "internal");
    assert_eq!(stages[0].require[0].group, "art-directors");
    assert_eq!(stages[1].require[0].group, "acme-contacts");
    assert_eq!(stages[1].require[0].count, 2);
    assert!(p.rule_for("other/thing").effective_stages().is_empty());
}

#[test]
fn release_policy_is_two_of_three_leads() {
    let p = example("policy-release.toml");
    let rule = p.rule_for("release/v1.2");
    assert_eq!(rule.require[0].group, "leads");
    assert_eq!(rule.require[0].count, 2);
    assert_eq!(p.members("leads").len(), 3);
    assert!(!rule.author_can_approve);
    assert_eq!(rule.on_behalf, OnBehalf::Forbidden);
    assert_eq!(rule.links, Links::Ignore);
    assert_eq!(rule.decline, DeclineMode::CountsAsNo);
    assert_eq!(p.admins.threshold, 2);
}
