//! Rules: who must approve what, by deliverable name. A rule names the
//! reviewers' groups (in stages, or one requirement), whether authors may
//! approve their own work, what a decline does, whether email-link
//! decisions count, and who may enter decisions on someone's behalf.

use serde::{Deserialize, Serialize};

use super::Policy;

/// `{ group, count }`: that many distinct members of the group must approve.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub group: String,
    pub count: u32,
}

/// One sequential stage of a rule.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub name: String,
    pub require: Vec<Requirement>,
}

/// Who may enter a decision for someone else under a rule. Whoever it is,
/// never the request's author and never a fellow reviewer of the request
/// (see `decide_rules`).
///
/// Written as `on_behalf = "nobody"`, `"admins"` or `{ by = "group" }`;
/// `"forbidden"` and `"allowed"` are the words of older policies.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(try_from = "OnBehalfRepr", into = "OnBehalfRepr")]
pub enum OnBehalf {
    /// Nobody (`"nobody"`, or `"forbidden"`).
    Forbidden,
    /// Members of the policy's admin group (`"admins"`): the default.
    #[default]
    Admins,
    /// Members of the named group (`{ by = "account-managers" }`).
    Group(String),
    /// `"allowed"`: the word every older policy carried because the tool
    /// wrote it by default, not because an admin chose it. It once meant "any
    /// listed person", which let anyone fill a rule for its reviewers; it is
    /// read as the safe default, the admins (a rule that wants delegates
    /// names them with `{ by = "group" }`).
    Allowed,
}

/// How [`OnBehalf`] is written in TOML: a word or `{ by = "..." }`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
enum OnBehalfRepr {
    Word(String),
    By(OnBehalfBy),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OnBehalfBy {
    by: String,
}

impl TryFrom<OnBehalfRepr> for OnBehalf {
    type Error = String;
    fn try_from(r: OnBehalfRepr) -> Result<OnBehalf, String> {
        match r {
            OnBehalfRepr::Word(w) => match w.as_str() {
                "nobody" | "forbidden" => Ok(OnBehalf::Forbidden),
                "admins" => Ok(OnBehalf::Admins),
                "allowed" => Ok(OnBehalf::Allowed),
                other => Err(format!(
                    "on_behalf = {other:?}: use \"nobody\", \"admins\" or {{ by = \"<group>\" }}"
                )),
            },
            OnBehalfRepr::By(b) => match b.by.as_str() {
                "nobody" => Ok(OnBehalf::Forbidden),
                "admins" => Ok(OnBehalf::Admins),
                "" => Err("on_behalf = { by = \"\" } names no group".into()),
                g => Ok(OnBehalf::Group(g.to_string())),
            },
        }
    }
}

impl From<OnBehalf> for OnBehalfRepr {
    fn from(o: OnBehalf) -> OnBehalfRepr {
        match o {
            OnBehalf::Forbidden => OnBehalfRepr::Word("nobody".into()),
            OnBehalf::Admins => OnBehalfRepr::Word("admins".into()),
            OnBehalf::Allowed => OnBehalfRepr::Word("allowed".into()),
            OnBehalf::Group(g) => OnBehalfRepr::By(OnBehalfBy { by: g }),
        }
    }
}

impl OnBehalf {
    /// Whether `person` may enter decisions for others under this setting
    /// (before the author and fellow-reviewer exclusions).
    #[must_use]
    pub fn permits(&self, policy: &Policy, person: &str) -> bool {
        match self {
            OnBehalf::Forbidden => false,
            OnBehalf::Admins | OnBehalf::Allowed => policy.is_admin(person),
            OnBehalf::Group(g) => policy.members(g).iter().any(|m| m == person),
        }
    }

    /// Who may enter decisions for others, for messages.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            OnBehalf::Forbidden => "nobody".into(),
            OnBehalf::Admins | OnBehalf::Allowed => "admins".into(),
            OnBehalf::Group(g) => format!("members of {g}"),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Links {
    #[default]
    Count,
    Ignore,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum DeclineMode {
    #[default]
    Blocks,
    CountsAsNo,
}

/// A rule applying to deliverables whose name matches a glob.
///
/// With neither `stages` nor `require`, the request's own reviewers and quorum
/// decide (every named reviewer unless `--quorum` says fewer).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    #[serde(rename = "match")]
    pub pattern: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<Stage>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub require: Vec<Requirement>,
    #[serde(default)]
    pub author_can_approve: bool,
    #[serde(default)]
    pub on_behalf: OnBehalf,
    #[serde(default)]
    pub links: Links,
    #[serde(default)]
    pub decline: DeclineMode,
}

impl Rule {
    /// The rule used when no rule matches.
    #[must_use]
    pub fn fallback() -> Rule {
        Rule {
            pattern: "**".into(),
            stages: Vec::new(),
            require: Vec::new(),
            author_can_approve: false,
            on_behalf: OnBehalf::Admins,
            links: Links::Count,
            decline: DeclineMode::Blocks,
        }
    }

    /// This rule for deliverables matching `pattern`.
    #[must_use]
    pub fn with_pattern(mut self, pattern: &str) -> Rule {
        pattern.clone_into(&mut self.pattern);
        self
    }

    /// The stages to satisfy, in order (a plain `require` is one stage).
    #[must_use]
    pub fn effective_stages(&self) -> Vec<Stage> {
        if !self.stages.is_empty() {
            self.stages.clone()
        } else if !self.require.is_empty() {
            vec![Stage {
                name: "review".into(),
                require: self.require.clone(),
            }]
        } else {
            Vec::new()
        }
    }
}
