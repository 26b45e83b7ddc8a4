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
//! The rooms: `branding` (git config, read once at startup), `pages`
//! (every page a person sees, including refusals and the decision page),
//! `decide` (what a link may do, and writing the decision), `files`
//! (the bytes of a deliverable, under their own headers), `remark` (a
//! comment left on the page without deciding), `localtime` (the one
//! script a page runs: times in the viewer's zone) and `inbox` (what waits
//! on one person, and what they decided).

mod branding;
pub(crate) mod decide;
mod files;
mod inbox;
mod localtime;
mod pages;
mod remark;

pub use branding::Brand;
pub use decide::{DecideInput, MAX_COMMENT, decide_post};
pub use files::file;
pub use inbox::inbox_page;
pub use pages::{PAGE_CSP, Page, decide_page};
