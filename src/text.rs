//! Text from records is untrusted: this module makes it safe to show.
//!
//! Comments, messages, names, deliverable file paths and anything else read
//! from the store (or typed into the web page) may hold terminal escapes,
//! carriage returns or bidirectional overrides. Every path that shows such
//! text goes through one of these functions:
//!
//! - [`terminal`]: control characters (C0, DEL, C1), line and paragraph
//!   separators, zero-width and bidirectional formatting characters become
//!   visible escapes such as `\x1b` or `\u{202e}`; [`Output`](crate::output::Output)
//!   applies it to everything it prints, so new code is safe by default.
//! - [`csv_cell`]: a quoted CSV field whose first character can never start a
//!   spreadsheet formula (OWASP: a leading `'` before `=`, `+`, `-`, `@`,
//!   tab or carriage return).
//! - [`markdown`]: inline Markdown with every markup character escaped, on
//!   one line, safe inside a table cell.
//! - [`check_name`] and [`check_email`]: the door for display names and
//!   addresses, which must not carry control or formatting characters at all.

use std::borrow::Cow;
use std::fmt::Write as _;

/// How [`terminal`] treats line breaks and our own colour codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mode {
    /// Keep `\n` and `\t` as they are (multi-line bodies); otherwise they
    /// become `\n` and `\t` too (table cells, one-line fields).
    pub lines: bool,
    /// Keep the exact colour sequences [`Output::paint`](crate::output::Output::paint)
    /// writes (`ESC [ <code> m` for a fixed set of codes). Colour can change
    /// how text looks but never moves the cursor, hides text or talks to the
    /// terminal.
    pub colour: bool,
}

impl Mode {
    /// Multi-line text without colour.
    pub const LINES: Mode = Mode {
        lines: true,
        colour: false,
    };
    /// One line without colour.
    pub const ONE_LINE: Mode = Mode {
        lines: false,
        colour: false,
    };
}

/// The SGR codes our own output uses; nothing else survives [`terminal`].
pub const COLOUR_CODES: &[&str] = &["0", "1", "2", "31", "32", "33", "36"];

/// Whether a character must not reach a terminal as it is.
#[must_use]
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_format(c)
}

/// Invisible characters that reorder or hide text: bidirectional controls,
/// zero-width characters, line and paragraph separators, the byte-order mark
/// and interlinear annotation marks.
#[must_use]
pub fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

/// Text made safe for a terminal: unsafe characters become visible escapes.
/// Text without any comes back borrowed. Escaping twice changes nothing.
#[must_use]
pub fn terminal(s: &str, mode: Mode) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| is_unsafe(c) && !(mode.lines && (c == '\n' || c == '\t')))
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if mode.colour
            && c == '\u{1b}'
            && let Some(len) = our_colour(rest)
        {
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        push_escaped(&mut out, c, mode.lines);
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// One line of text, safe for a terminal: [`terminal`] with [`Mode::ONE_LINE`].
#[must_use]
pub fn one_line(s: &str) -> Cow<'_, str> {
    terminal(s, Mode::ONE_LINE)
}

/// Length of an `ESC [ <code> m` sequence at the start of `s` when `code`
/// is one of ours.
fn our_colour(s: &str) -> Option<usize> {
    let body = s.strip_prefix("\u{1b}[")?;
    let end = body.find('m')?;
    COLOUR_CODES.contains(&&body[..end]).then_some(2 + end + 1)
}

fn push_escaped(out: &mut String, c: char, lines: bool) {
    match c {
        '\n' if lines => out.push('\n'),
        '\t' if lines => out.push('\t'),
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        c if u32::from(c) < 0x80 && is_unsafe(c) => {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        }
        c if is_unsafe(c) => {
            let _ = write!(out, "\\u{{{:04x}}}", u32::from(c));
        }
        c => out.push(c),
    }
}

/// One CSV field (RFC 4180 quoting) that a spreadsheet shows as text: a
/// field starting with `=`, `+`, `-`, `@`, tab or carriage return gets a
/// leading `'`, so it never runs as a formula.
#[must_use]
pub fn csv_cell(s: &str) -> String {
    let guarded: Cow<'_, str> = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    };
    if guarded.contains([',', '"', '\n', '\r']) || guarded.starts_with('\'') {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded.into_owned()
    }
}

/// Inline Markdown for untrusted text: every character with a meaning in
/// Markdown (or HTML) is escaped and line breaks become spaces, so the text
/// stays one paragraph or one table cell and renders as itself. Control and
/// formatting characters are shown as escapes.
#[must_use]
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // Digits only so far: "1." or "1)" would start an ordered list.
    let mut digits = true;
    for (i, c) in s.chars().enumerate() {
        let list_number = digits && i > 0 && matches!(c, '.' | ')');
        digits = digits && c.is_ascii_digit();
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // A list item or setext heading starts a line.
            '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            _ if list_number => {
                out.push('\\');
                out.push(c);
            }
            c if is_unsafe(c) => push_escaped(&mut out, c, false),
            c => out.push(c),
        }
    }
    out
}

/// Text for a Markdown code span (between backticks): one line, without
/// backticks, control or formatting characters.
#[must_use]
pub fn markdown_code(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '`' => out.push('\''),
            c => push_escaped(&mut out, c, false),
        }
    }
    out
}

/// Text for one mail header (a display name, a subject): control and
/// formatting characters become spaces and runs of whitespace one space, so
/// a name from an old or planted policy can neither break the header nor
/// add one.
#[must_use]
pub fn header(s: &str) -> String {
    s.chars()
        .map(|c| if is_unsafe(c) { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A display name is free text but one line of visible characters.
///
/// # Errors
/// The message names the first offending character.
pub fn check_name(what: &str, s: &str) -> Result<(), String> {
    match s.chars().find(|c| is_unsafe(*c)) {
        Some(c) => Err(format!(
            "{what} {s:?} holds the control or formatting character {}",
            one_line(&c.to_string())
        )),
        None => Ok(()),
    }
}

/// An email address: one `@`, no whitespace, control or formatting
/// characters, and nothing a mail header would read as a second address.
///
/// # Errors
/// The message says what is wrong.
pub fn check_email(s: &str) -> Result<(), String> {
    check_name("email address", s)?;
    let bad = s.matches('@').count() != 1
        || s.starts_with('@')
        || s.ends_with('@')
        || s.chars()
            .any(|c| c.is_whitespace() || "<>,;\"()[]\\".contains(c));
    if bad {
        return Err(format!("invalid email address {s:?}"));
    }
    Ok(())
}

/// Refuses a policy change that brings in a display name or email address
/// with control or formatting characters: any person who is new or whose
/// name or address changed. Names already in force are left alone (they
/// were accepted before this rule and are shown escaped).
///
/// # Errors
/// The message names the person and what is wrong.
pub fn check_new_people(
    current: &crate::policy::Policy,
    next: &crate::policy::Policy,
) -> Result<(), String> {
    for p in &next.people {
        let old = current.person(&p.id);
        if old.is_none_or(|o| o.name != p.name) {
            check_name(&format!("the name of {}", p.id), &p.name)?;
        }
        if !p.email.is_empty() && old.is_none_or(|o| o.email != p.email) {
            check_email(&p.email).map_err(|e| format!("{}: {e}", p.id))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi() {
        let s = "a\u{1b}]0;pwned\u{7}b\rc\u{202e}d\u{85}e\u{7f}";
        let t = one_line(s);
        assert_eq!(t, "a\\x1b]0;pwned\\x07b\\rc\\u{202e}d\\u{0085}e\\x7f");
        assert!(!t.chars().any(is_unsafe));
        assert_eq!(one_line(&t), t, "idempotent");
        assert!(matches!(one_line("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn lines_keep_newlines_but_not_cr() {
        assert_eq!(terminal("a\nb\tc\rd", Mode::LINES), "a\nb\tc\\rd");
        assert_eq!(one_line("a\nb"), "a\\nb");
    }

    #[test]
    fn only_our_colours_survive() {
        let mode = Mode {
            lines: true,
            colour: true,
        };
        assert_eq!(
            terminal("\u{1b}[32mok\u{1b}[0m", mode),
            "\u{1b}[32mok\u{1b}[0m"
        );
        assert_eq!(terminal("\u{1b}[8mx", mode), "\\x1b[8mx");
        assert_eq!(terminal("\u{1b}[2J", mode), "\\x1b[2J");
        assert_eq!(
            terminal("\u{1b}[32mok", Mode::LINES),
            "\\x1b[32mok",
            "no colour, no exceptions"
        );
    }

    #[test]
    fn csv_neutralises_formulas() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "\"'+1\"");
        assert_eq!(csv_cell("-1"), "\"'-1\"");
        assert_eq!(csv_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_cell("\tx"), "\"'\tx\"");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn markdown_is_inert() {
        assert_eq!(
            markdown("[x](javascript:alert(1)) | *b*\n# h"),
            "\\[x\\](javascript:alert(1)) \\| \\*b\\* \\# h"
        );
        assert_eq!(markdown("<img src=x>"), "&lt;img src=x&gt;");
        assert_eq!(markdown("- a-b"), "\\- a-b");
        assert_eq!(markdown("12. x. 3."), "12\\. x. 3.");
        assert_eq!(markdown_code("a`b\nc"), "a'b\\nc");
    }

    #[test]
    fn headers_are_one_line() {
        assert_eq!(
            header("Bob\nBcc: eve@x\u{1b}]0;t\u{7}"),
            "Bob Bcc: eve@x ]0;t"
        );
        assert_eq!(header("  Ana   Lima "), "Ana Lima");
    }

    #[test]
    fn names_and_emails_at_the_door() {
        assert!(check_name("name", "Ana Lima").is_ok());
        assert!(check_name("name", "Zoë Ångström").is_ok());
        assert!(check_name("name", "Ana\nBcc: x@y").is_err());
        assert!(check_name("name", "Ana\u{202e}").is_err());
        assert!(check_email("ana@example.com").is_ok());
        assert!(check_email("ana@example.com\r\nBcc: x@y").is_err());
        assert!(check_email("a@b@c").is_err());
        assert!(check_email("ana@example.com, eve@example.com").is_err());
        assert!(check_email("anaexample.com").is_err());
    }
}
