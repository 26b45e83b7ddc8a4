//! The one script a page runs: it rewrites each `<time datetime=…>` into
//! the viewer's own time zone, naming the zone, so that a client in Paris
//! reads a deadline in Paris time. Without script (or with this one
//! blocked) the server's UTC text stays, which says "UTC". The page's
//! Content-Security-Policy allows exactly this script by its hash and
//! nothing else; that is why it is a constant here (a page template cannot
//! change it) and a test checks the hash. It must not load anything, read
//! the form or send anything anywhere.

/// The script, inlined at the end of every page.
pub const SCRIPT: &str = "document.querySelectorAll('time[datetime]').forEach(function(t){var d=new Date(t.getAttribute('datetime'));if(isNaN(d.getTime()))return;var o=Intl.DateTimeFormat().resolvedOptions();var f=new Intl.DateTimeFormat(undefined,{year:'numeric',month:'short',day:'numeric',hour:'2-digit',minute:'2-digit',timeZoneName:'short'});t.title=t.textContent;var x=f.format(d);t.textContent=x+(o.timeZone&&x.slice(-o.timeZone.length)!==o.timeZone?' ('+o.timeZone+')':'');});";

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use sha2::Digest as _;

    /// `'sha256-…'` of the script, as `PAGE_CSP` names it.
    const SCRIPT_HASH: &str = "'sha256-885eKAq1/tEY6DAEslML/3Qo4Dsmmo1Ba0y+B2oYzhc='";

    #[test]
    fn the_policy_allows_exactly_this_script() {
        let digest = sha2::Sha256::digest(super::SCRIPT.as_bytes());
        let b64 = base64::engine::general_purpose::STANDARD.encode(digest);
        assert_eq!(SCRIPT_HASH, format!("'sha256-{b64}'"));
        assert!(super::super::PAGE_CSP.contains(&format!("script-src {SCRIPT_HASH}")));
    }
}
