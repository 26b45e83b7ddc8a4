//! What a link may do, and the pages that say so. No HTTP here beyond the
//! status code of a page: the checks run against a verified snapshot, and
//! the decision is written through the ledger inside its compare-and-swap,
//! so "already used", "superseded" and "withdrawn" are decided on the state
//! the write lands on.
//!
//! This file is only the door: it names the rooms and re-exports what
//! `serve` calls, so the HTTP side keeps one path (`portal::X`) however the
//! rooms are arranged. It must not grow logic of its own; a check that lives
//! here instead of in `decide` would be one the write path might not run.
//! The rooms, by layer (each uses only those above it, so no two import
//! each other): `media` (what kind of file a name is), `branding` (git
//! config, read once at startup), `localtime` (the one script a page runs:
//! times in the viewer's zone), `kit` (a page, a refusal, the page for a
//! store that cannot be read), `guard` (what a link may do: the shared
//! checks, the page's words for the rule owner's refusals, the consent);
//! then the faces: `pages` (the decision page), `files` (the bytes of a
//! deliverable, under their own headers), `remark` (a comment left on the
//! page without deciding), `decide` (the POST that writes a decision) and
//! `inbox` (what waits on one person, and what they decided).

mod branding;
pub(crate) mod decide;
mod files;
mod guard;
mod inbox;
mod kit;
mod localtime;
mod media;
mod pages;
mod remark;

pub use branding::Brand;
pub use decide::decide_post;
pub use files::file;
pub use guard::{DecideInput, MAX_COMMENT};
pub use inbox::inbox_page;
pub use kit::{PAGE_CSP, Page};
pub use pages::decide_page;
