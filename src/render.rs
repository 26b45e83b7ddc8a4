//! The template environment: emails, reports and certificates.
//!
//! Every template ships in `templates/` and is compiled into the binary. A
//! repository overrides any of them by name: a file with the same relative
//! name under the directory `git config signoff.templates` names (relative
//! to the working tree's root), else under `.signoff/templates/` of the
//! working tree. For example `.signoff/templates/email/request.html` replaces
//! the HTML part of request emails. Templates whose name ends in `.html` are
//! HTML-escaped automatically, so a comment containing `<script>` renders as
//! text; templates whose name ends in `.md` are Markdown-escaped the same
//! way (every `{{ value }}` through [`crate::text::markdown`]; `| code` for
//! text between backticks, `| safe` for text we wrote). This module knows nothing of git, mail or the terminal: callers hand
//! it a directory and a serialisable context.

use std::path::{Component, Path, PathBuf};

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use crate::text;

/// The templates compiled into the binary, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "email/request.subject",
        include_str!("../templates/email/request.subject"),
    ),
    (
        "email/request.txt",
        include_str!("../templates/email/request.txt"),
    ),
    (
        "email/request.html",
        include_str!("../templates/email/request.html"),
    ),
    (
        "email/decision.subject",
        include_str!("../templates/email/decision.subject"),
    ),
    (
        "email/decision.txt",
        include_str!("../templates/email/decision.txt"),
    ),
    (
        "email/decision.html",
        include_str!("../templates/email/decision.html"),
    ),
    (
        "email/comment.subject",
        include_str!("../templates/email/comment.subject"),
    ),
    (
        "email/comment.txt",
        include_str!("../templates/email/comment.txt"),
    ),
    (
        "email/comment.html",
        include_str!("../templates/email/comment.html"),
    ),
    (
        "email/header.html",
        include_str!("../templates/email/header.html"),
    ),
    (
        "email/footer.html",
        include_str!("../templates/email/footer.html"),
    ),
    (
        "email/reminder.subject",
        include_str!("../templates/email/reminder.subject"),
    ),
    (
        "email/reminder.txt",
        include_str!("../templates/email/reminder.txt"),
    ),
    (
        "email/reminder.html",
        include_str!("../templates/email/reminder.html"),
    ),
    (
        "email/stage-complete.subject",
        include_str!("../templates/email/stage-complete.subject"),
    ),
    (
        "email/stage-complete.txt",
        include_str!("../templates/email/stage-complete.txt"),
    ),
    (
        "email/stage-complete.html",
        include_str!("../templates/email/stage-complete.html"),
    ),
    (
        "email/receipt.subject",
        include_str!("../templates/email/receipt.subject"),
    ),
    (
        "email/receipt.txt",
        include_str!("../templates/email/receipt.txt"),
    ),
    (
        "email/receipt.html",
        include_str!("../templates/email/receipt.html"),
    ),
    (
        "serve/header.html",
        include_str!("../templates/serve/header.html"),
    ),
    (
        "serve/footer.html",
        include_str!("../templates/serve/footer.html"),
    ),
    (
        "serve/message.html",
        include_str!("../templates/serve/message.html"),
    ),
    (
        "serve/page.html",
        include_str!("../templates/serve/page.html"),
    ),
    (
        "serve/confirm.html",
        include_str!("../templates/serve/confirm.html"),
    ),
    (
        "serve/inbox.html",
        include_str!("../templates/serve/inbox.html"),
    ),
    (
        "serve/style.css",
        include_str!("../templates/serve/style.css"),
    ),
    ("report.md", include_str!("../templates/report.md")),
    ("report.html", include_str!("../templates/report.html")),
    (
        "certificate.md",
        include_str!("../templates/certificate.md"),
    ),
    (
        "certificate.html",
        include_str!("../templates/certificate.html"),
    ),
];

/// The auto-escape mode of `.md` templates.
const MARKDOWN: &str = "markdown";

/// Default override directory, relative to the working tree's root.
pub const OVERRIDE_DIR: &str = ".signoff/templates";

/// A template failed to load or render.
#[derive(Debug, thiserror::Error)]
#[error("template {name}: {message}")]
pub struct RenderError {
    pub name: String,
    pub message: String,
}

/// Renders named templates, preferring a repository's overrides.
pub struct Renderer {
    env: Environment<'static>,
    /// The override directory, to name a broken override's file.
    overrides: Option<PathBuf>,
    /// The built-in templates alone, for a renderer that falls back to them
    /// when an override fails (see [`Renderer::falling_back`]).
    builtin: Option<Environment<'static>>,
    /// What fell back, in words, until taken.
    fell_back: std::sync::Mutex<Vec<String>>,
    /// The globals given, for the built-in environment.
    globals: Vec<(&'static str, Value)>,
}

/// One template override, checked: its name, its file, and what is wrong
/// with it (`None` when it compiles and renders).
#[derive(Debug, Clone, Serialize)]
pub struct OverrideCheck {
    pub name: String,
    pub file: PathBuf,
    /// Whether signoff has a template by this name (else it is used only
    /// when another template includes it).
    pub builtin: bool,
    pub problem: Option<String>,
}

impl Renderer {
    /// A renderer that looks in `overrides` (when given) before the built-in set.
    #[must_use]
    pub fn new(overrides: Option<PathBuf>) -> Renderer {
        Renderer {
            env: environment(overrides.clone()),
            overrides,
            builtin: None,
            fell_back: std::sync::Mutex::new(Vec::new()),
            globals: Vec::new(),
        }
    }

    /// The same renderer, but one whose failing override (a syntax error, a
    /// filter that fails) is replaced by the built-in template instead of
    /// failing: for mail, which must never be lost to a template. Each
    /// fallback is kept, naming the override's file and line, until
    /// [`Renderer::take_fallbacks`].
    #[must_use]
    pub fn falling_back(mut self) -> Renderer {
        let mut builtin = environment(None);
        for (name, value) in &self.globals {
            builtin.add_global(*name, value.clone());
        }
        self.builtin = Some(builtin);
        self
    }

    /// What fell back to the built-in templates since the last call, one
    /// sentence each.
    pub fn take_fallbacks(&self) -> Vec<String> {
        std::mem::take(
            &mut *self
                .fell_back
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }

    /// Checks every file in the override directory: it must compile and,
    /// where the built-in template of that name renders with no data, render
    /// with no data too. Sorted by name.
    #[must_use]
    pub fn check_overrides(&self) -> Vec<OverrideCheck> {
        let Some(dir) = &self.overrides else {
            return Vec::new();
        };
        let mut files = Vec::new();
        list_files(dir, dir, &mut files);
        files.sort();
        let builtin = environment(None);
        let empty = minijinja::context! {};
        files
            .into_iter()
            .map(|name| {
                let file = dir.join(&name);
                let known = BUILTIN.iter().any(|(n, _)| *n == name);
                let problem = match self.env.get_template(&name) {
                    Err(e) => Some(self.describe(&e)),
                    Ok(t) => {
                        let base_renders = builtin
                            .get_template(&name)
                            .is_ok_and(|b| b.render(empty.clone()).is_ok());
                        match t.render(empty.clone()) {
                            Err(e) if base_renders => Some(self.describe(&e)),
                            _ => None,
                        }
                    }
                };
                OverrideCheck {
                    name,
                    file,
                    builtin: known,
                    problem,
                }
            })
            .collect()
    }

    /// A template error in words: the override's file and line when the
    /// error is in one.
    fn describe(&self, e: &minijinja::Error) -> String {
        let name = e.name().unwrap_or_default();
        let file = self
            .overrides
            .as_ref()
            .map(|d| d.join(name))
            .filter(|p| !name.is_empty() && p.is_file());
        let at = match (file, e.line()) {
            (Some(f), Some(l)) => format!("{} line {l}", f.display()),
            (Some(f), None) => f.display().to_string(),
            (None, Some(l)) => format!("template {name} line {l}"),
            (None, None) => format!("template {name}"),
        };
        let what = e
            .detail()
            .map_or_else(|| e.kind().to_string(), |d| format!("{}: {d}", e.kind()));
        one_line(&format!("{at}: {what}"))
    }
}

/// The relative names of the files under `dir`, depth first.
fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            list_files(root, &path, out);
        } else if let Some(rel) = path.strip_prefix(root).ok().and_then(|r| r.to_str()) {
            out.push(rel.replace(std::path::MAIN_SEPARATOR, "/"));
        }
    }
}

/// The template environment: the built-in set, after `overrides` when given.
fn environment(overrides: Option<PathBuf>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("the default delimiters are valid"),
    );
    env.set_undefined_behavior(UndefinedBehavior::Chainable);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".md") {
            AutoEscape::Custom(MARKDOWN.into())
        } else {
            minijinja::default_auto_escape_callback(name)
        }
    });
    env.set_formatter(|out, state, value| {
        if matches!(state.auto_escape(), AutoEscape::Custom(n) if n == MARKDOWN) && !value.is_safe()
        {
            if !value.is_undefined() {
                out.write_str(&text::markdown(&value.to_string()))?;
            }
            Ok(())
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.add_filter("md", |s: &str| Value::from_safe_string(text::markdown(s)));
    // `2026-11-25 00:00` for people: times as the store holds them
    // (RFC 3339) are for machines.
    env.add_filter("human_time", |s: &str| crate::clock::human_time(s));
    env.add_filter("code", |v: Value| {
        Value::from_safe_string(text::markdown_code(&v.to_string()))
    });
    env.set_loader(move |name| {
        if !safe_name(name) {
            return Ok(None);
        }
        if let Some(dir) = &overrides {
            let path = dir.join(name);
            if path.is_file() {
                return std::fs::read_to_string(&path).map(Some).map_err(|e| {
                    minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("cannot read {}: {e}", path.display()),
                    )
                });
            }
        }
        Ok(BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, body)| (*body).to_string()))
    });
    env
}

impl Renderer {
    /// Makes `value` visible to every template as `name`.
    #[must_use]
    pub fn with_global(mut self, name: &'static str, value: impl Serialize) -> Renderer {
        let value = Value::from(minijinja::value::Serde(value));
        if let Some(b) = self.builtin.as_mut() {
            b.add_global(name, value.clone());
        }
        self.env.add_global(name, value.clone());
        self.globals.push((name, value));
        self
    }

    /// The override directory for a working tree: `configured` (relative to
    /// the working tree, or absolute), else `.signoff/templates`.
    #[must_use]
    pub fn override_dir(workdir: Option<&Path>, configured: Option<&str>) -> Option<PathBuf> {
        match (configured, workdir) {
            (Some(c), _) if Path::new(c).is_absolute() => Some(PathBuf::from(c)),
            (Some(c), Some(w)) => Some(w.join(c)),
            (None, Some(w)) => Some(w.join(OVERRIDE_DIR)),
            (_, None) => None,
        }
    }

    /// Renders template `name` with `ctx`.
    pub fn render<S: Serialize>(&self, name: &str, ctx: &S) -> Result<String, RenderError> {
        let err = |e: minijinja::Error| RenderError {
            name: name.to_string(),
            message: one_line(&e.to_string()),
        };
        let rendered = self
            .env
            .get_template(name)
            .and_then(|t| t.render(minijinja::value::Serde(ctx)));
        match (rendered, &self.builtin) {
            (Ok(text), _) => Ok(text),
            (Err(e), None) => Err(err(e)),
            (Err(e), Some(builtin)) => {
                let text = builtin
                    .get_template(name)
                    .and_then(|t| t.render(minijinja::value::Serde(ctx)))
                    .map_err(err)?;
                self.fell_back
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(format!(
                        "{}; used the built-in {name} instead",
                        self.describe(&e)
                    ));
                Ok(text)
            }
        }
    }
}

/// Template names are relative paths without `..`: an `{% include %}` in an
/// override must not read files outside the override directory.
fn safe_name(name: &str) -> bool {
    let p = Path::new(name);
    !name.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped_and_text_is_not() {
        let r = Renderer::new(None);
        let ctx = serde_json::json!({
            "recipient": {"name": "Bob"}, "actor": {"name": "Ann", "id": "ann"},
            "comment": "<script>alert(1)</script>", "deliverable": "x", "version": 1,
            "state": "pending", "summary": "s", "request": {"id": "r"}, "store_id": "s"
        });
        let html = r.render("email/comment.html", &ctx).unwrap();
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
            "{html}"
        );
        assert!(!html.contains("<script>"));
        let text = r.render("email/comment.txt", &ctx).unwrap();
        assert!(text.contains("<script>alert(1)</script>"));
    }

    #[test]
    fn every_builtin_parses() {
        let r = environment(None);
        for (name, _) in BUILTIN {
            r.get_template(name).unwrap();
        }
    }

    #[test]
    fn overrides_win_and_cannot_escape() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("email")).unwrap();
        std::fs::write(dir.path().join("email/request.subject"), "Custom {{ x }}").unwrap();
        std::fs::write(dir.path().join("evil.html"), "{% include '../secret' %}").unwrap();
        let r = Renderer::new(Some(dir.path().to_path_buf()));
        let out = r
            .render("email/request.subject", &serde_json::json!({"x": 1}))
            .unwrap();
        assert_eq!(out, "Custom 1");
        assert!(r.render("evil.html", &serde_json::json!({})).is_err());
        assert!(!safe_name("../x"));
        assert!(!safe_name("/etc/passwd"));
    }
}

#[cfg(test)]
mod fallback_tests {
    use super::*;

    #[test]
    fn a_broken_override_falls_back_naming_its_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("email")).unwrap();
        std::fs::write(dir.path().join("email/request.subject"), "ok\n{{ x ").unwrap();
        let strict = Renderer::new(Some(dir.path().to_path_buf()));
        assert!(
            strict
                .render("email/request.subject", &serde_json::json!({}))
                .is_err()
        );
        let r = Renderer::new(Some(dir.path().to_path_buf())).falling_back();
        let out = r
            .render(
                "email/request.subject",
                &serde_json::json!({"deliverable": "d"}),
            )
            .unwrap();
        assert!(!out.is_empty());
        let said = r.take_fallbacks();
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].contains("request.subject line 2"), "{said:?}");
        let checks = r.check_overrides();
        assert_eq!(checks.len(), 1);
        assert!(
            checks[0]
                .problem
                .as_deref()
                .is_some_and(|p| p.contains("line 2"))
        );
    }
}
