//! The current time, the one clock every command reads.
//!
//! Debug builds (the test suite) may pin it with `SIGNOFF_NOW` (RFC 3339);
//! a release build has no test clock at all, so nobody can date a decision
//! before a request's expiry by setting a variable.

/// Current time, whole seconds.
#[must_use]
pub fn now() -> jiff::Timestamp {
    #[cfg(debug_assertions)]
    if let Some(t) = pinned() {
        return t;
    }
    let t = jiff::Timestamp::now();
    jiff::Timestamp::from_second(t.as_second()).unwrap_or(t)
}

/// `now()` as the RFC 3339 string records store.
#[must_use]
pub fn now_string() -> String {
    now().to_string()
}

/// The test clock: `SIGNOFF_NOW`, in debug builds only.
#[cfg(debug_assertions)]
fn pinned() -> Option<jiff::Timestamp> {
    std::env::var("SIGNOFF_NOW").ok()?.parse().ok()
}
