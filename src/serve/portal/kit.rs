//! The page kit: a rendered page and its status, the refusal a link
//! meets, and the page for a store that cannot be read. Every room of the
//! portal shows through it; it decides nothing and reads no store.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde_json::{Value, json};

use super::branding::Brand;
use crate::error::CliError;
use crate::ledger::Snapshot;
use crate::serve::App;

/// Content-Security-Policy of every page: nothing from elsewhere, and no
/// script but [`super::localtime::SCRIPT`] (allowed by its hash, which a
/// test checks).
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'sha256-885eKAq1/tEY6DAEslML/3Qo4Dsmmo1Ba0y+B2oYzhc='; style-src 'self'; img-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// A rendered page with its status.
pub struct Page {
    pub status: StatusCode,
    pub html: String,
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        (self.status, Html(self.html)).into_response()
    }
}

impl Page {
    /// A page with one message: errors, refusals and confirmations.
    #[must_use]
    pub fn message(brand: &Brand, status: StatusCode, title: &str, message: &str) -> Page {
        let ctx = json!({
            "brand": brand.view(),
            "heading": title,
            "message": message,
            "ok": status.is_success(),
            "time_script": super::localtime::SCRIPT,
        });
        Page {
            status,
            html: brand
                .renderer
                .render("serve/message.html", &ctx)
                .unwrap_or_else(|e| format!("{title}. {message} ({e})")),
        }
    }

    pub(super) fn render(brand: &Brand, name: &str, mut ctx: Value) -> Page {
        ctx["brand"] = brand.view();
        ctx["time_script"] = json!(super::localtime::SCRIPT);
        match brand.renderer.render(name, &ctx) {
            Ok(html) => Page {
                status: StatusCode::OK,
                html,
            },
            Err(e) => Page::message(
                brand,
                StatusCode::INTERNAL_SERVER_ERROR,
                "This page could not be shown",
                &format!("A page template is broken ({e}). Nothing was recorded."),
            ),
        }
    }
}

/// Why a link cannot be used now.
#[derive(Debug, Clone)]
pub(super) struct Refusal {
    pub(super) status: StatusCode,
    pub(super) title: &'static str,
    pub(super) message: String,
    /// The person whose inbox the page should link to (a harmless case,
    /// such as a link already used).
    pub(super) inbox_for: Option<String>,
    /// That inbox's address, once minted (`with_inbox`).
    pub(super) inbox: Option<String>,
    /// Whom to write to (`{name, email}` each), where the refusal names
    /// someone.
    pub(super) contact: Vec<Value>,
}

impl Refusal {
    pub(super) fn new(
        status: StatusCode,
        title: &'static str,
        message: impl Into<String>,
    ) -> Refusal {
        Refusal {
            status,
            title,
            message: message.into(),
            inbox_for: None,
            inbox: None,
            contact: Vec::new(),
        }
    }
    pub(super) fn page(&self, brand: &Brand) -> Page {
        let ctx = json!({
            "heading": self.title,
            "message": self.message,
            "ok": self.status.is_success(),
            "inbox": self.inbox,
            "contact": self.contact,
        });
        let mut page = Page::render(brand, "serve/message.html", ctx);
        page.status = self.status;
        page
    }
    /// Adds a link to the person's inbox (minted with the page's key, for
    /// the usual link lifetime) where the refusal asks for one.
    pub(super) fn with_inbox(mut self, app: &App, snap: &Snapshot) -> Refusal {
        let Some(person) = &self.inbox_for else {
            return self;
        };
        let Some(email) = snap.policy().person(person).map(|p| p.email.clone()) else {
            return self;
        };
        let expires = crate::clock::now().as_second() + crate::serve::DEFAULT_LINK_DAYS * 86_400;
        let claims = crate::link::Claims::inbox(&snap.info.store_id, person, &email, expires);
        self.inbox = Some(format!(
            "/i/{}",
            crate::link::mint(&app.key.signing, &claims)
        ));
        self
    }
}

pub(super) fn trouble(brand: &Brand, e: &CliError) -> Page {
    trouble_with(brand, &e.message)
}

/// [`trouble`], from the error's words alone.
pub(super) fn trouble_with(brand: &Brand, message: &str) -> Page {
    Page::message(
        brand,
        StatusCode::SERVICE_UNAVAILABLE,
        "The approvals store cannot be read right now",
        &format!("Nothing was recorded ({message}). Please try again later."),
    )
}
