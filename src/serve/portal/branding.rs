//! Portal branding from git config: title, accent, support address, logo,
//! and the stylesheet rendered from them. It is read once when the server
//! starts, so a bad value stops `signoff serve` with a usage error rather
//! than showing a broken page to a reviewer later; that is why it checks
//! instead of guessing. It must not read the store per request or know
//! anything about links or decisions: a page only asks it for
//! [`Brand::view`].

use serde_json::{Value, json};

use super::media::image_mime;
use crate::error::{CliError, Result};
use crate::events;
use crate::render::Renderer;
use crate::store::Store;

/// Largest logo read at startup.
const MAX_LOGO: usize = 1024 * 1024;

/// Portal branding from git config, and the renderer for its pages.
pub struct Brand {
    pub title: String,
    pub accent: String,
    pub support: String,
    pub logo: Option<(Vec<u8>, &'static str)>,
    pub css: String,
    pub renderer: Renderer,
}

impl Default for Brand {
    fn default() -> Brand {
        let renderer = Renderer::new(None);
        let css = renderer
            .render("serve/style.css", &json!({"accent": "#2f5d8a"}))
            .unwrap_or_default();
        Brand {
            title: "Approvals".into(),
            accent: "#2f5d8a".into(),
            support: String::new(),
            logo: None,
            css,
            renderer,
        }
    }
}

impl Brand {
    /// Reads `signoff.portalTitle`, `signoff.portalAccent`,
    /// `signoff.portalSupport` and `signoff.portalLogo`.
    pub fn from_store(store: &Store) -> Result<Brand> {
        let get = |k: &str| store.config_string(k).filter(|v| !v.trim().is_empty());
        let mut b = Brand {
            renderer: events::renderer_for(store),
            ..Brand::default()
        };
        if let Some(t) = get("signoff.portalTitle") {
            b.title = t.trim().chars().take(100).collect();
        }
        if let Some(a) = get("signoff.portalAccent") {
            let a = a.trim().to_string();
            let hex = a.strip_prefix('#').unwrap_or("");
            if !(matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit())) {
                return Err(CliError::usage(format!(
                    "git config signoff.portalAccent {a:?} is not a colour"
                ))
                .hint("use #rrggbb, e.g. #c0392b"));
            }
            b.accent = a;
        }
        if let Some(s) = get("signoff.portalSupport") {
            let s = s.trim().to_string();
            if !s.contains('@') || s.chars().any(char::is_whitespace) {
                return Err(CliError::usage(format!(
                    "git config signoff.portalSupport {s:?} is not an email address"
                ))
                .hint("use an address like support@example.com"));
            }
            b.support = s;
        }
        if let Some(l) = get("signoff.portalLogo") {
            let path = store.workdir().unwrap_or(store.git_dir()).join(l.trim());
            let mime = image_mime(&l).ok_or_else(|| {
                CliError::usage(format!(
                    "git config signoff.portalLogo {l:?} is not an image"
                ))
                .hint("use a .png, .jpg, .gif, .webp or .svg file")
            })?;
            let bytes = std::fs::read(&path).map_err(|e| {
                CliError::not_found(format!("cannot read the logo {}: {e}", path.display()))
                    .hint("git config signoff.portalLogo is relative to the working tree")
            })?;
            if bytes.len() > MAX_LOGO {
                return Err(CliError::usage(format!(
                    "the logo {} is larger than 1 MiB",
                    path.display()
                )));
            }
            b.logo = Some((bytes, mime));
        }
        b.css = b
            .renderer
            .render("serve/style.css", &json!({"accent": b.accent}))?;
        Ok(b)
    }

    pub(super) fn view(&self) -> Value {
        json!({
            "title": self.title,
            "accent": self.accent,
            "support": self.support,
            "logo": self.logo.is_some(),
        })
    }
}
